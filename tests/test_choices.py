"""Numbered choices and plain texts for channels without buttons or markup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from base.events import Attachment, Button, Reply
from base.markup import Html, esc, join
from bot.channels.zalo import pieces
from bot.core.catalogue import Texts
from bot.core.choices import DatabaseChoices, MemoryChoices, NumberedChoices, choice_lines
from bot.service import channel_limits
from bot.settings import SettingsError, load_settings
from db.engine import make_engine, session_factory, unit_of_work
from db.people import Who, identify, set_language

CARD = Reply(
    Html("<b>Nhiệm vụ III.9</b>\nA &amp; B"),
    (
        (Button("✅ Hoàn thành", "S:9:done:all"), Button("🔄 Đang làm", "S:9:in_progress:all")),
        (Button("Sau ▶", "L:n"),),
    ),
)


def test_buttons_become_one_line_of_numbers_per_row():
    assert choice_lines(Texts("vi"), CARD.buttons) == "Trả lời 1 = ✅ Hoàn thành, 2 = 🔄 Đang làm\n3 = Sau ▶"
    rows = (tuple(Button(f"<{n}>", f"T:{n}") for n in range(2)),)
    assert choice_lines(Texts("en"), rows) == "Reply 1 = &lt;0&gt;, 2 = &lt;1&gt;"  # labels are data: escaped


async def test_a_number_typed_back_is_the_action_offered_and_nothing_else():
    choices = NumberedChoices("zalo", MemoryChoices())
    text = await choices.flatten("c1", CARD)
    assert await choices.pressed("c1", "1") is None  # not offered before it is shown
    await choices.shown("c1", CARD)
    assert text == "<b>Nhiệm vụ III.9</b>\nA &amp; B\n\nTrả lời 1 = ✅ Hoàn thành, 2 = 🔄 Đang làm\n3 = Sau ▶"
    assert [await choices.pressed("c1", typed) for typed in ("1", " 2. ", "3)", "4", "0", "1 2", "١", None)] == [
        "S:9:done:all",
        "S:9:in_progress:all",
        "L:n",
        None,
        None,
        None,
        None,
        None,
    ]
    assert await choices.pressed("c2", "1") is None  # another chat was offered nothing
    await choices.shown("c1", Reply(Html("Trang 2"), ((Button("◀ Trước", "L:p"),),)))
    assert await choices.pressed("c1", "1") == "L:p" and await choices.pressed("c1", "2") is None
    await choices.shown("c1", Reply(Html("Không có nút")))  # a message without choices keeps the last ones
    assert await choices.pressed("c1", "1") == "L:p"


async def test_toasts_and_files_are_said_in_the_text():
    choices = NumberedChoices("zalo", MemoryChoices())
    only = Reply(Html("Đã ghi nhận"), toast="Đã ghi nhận", only_toast=True)
    assert await choices.flatten("c", only) == "Đã ghi nhận"
    replaced = Reply(Html("Nhiệm vụ III.9"), replace=True, toast="Đã cập nhật III.9")
    assert await choices.flatten("c", replaced) == "Đã cập nhật III.9\n\nNhiệm vụ III.9"
    filed = Reply(Html("Biên nhận"), document=Attachment("bien-nhan.xlsx", content=b"x" * 1234))
    assert await choices.flatten("c", filed) == "Biên nhận\n📎 bien-nhan.xlsx, 1,234 bytes"


def test_long_texts_are_cut_at_line_breaks_into_plain_pieces_of_at_most_2000():
    lines = [esc(f"{n:03d} · Tuyên truyền & vận động <Nhân dân>") for n in range(150)]  # about 6,300 characters
    text = join([Html("<b>Nhiệm vụ đến hạn</b>"), *lines])
    found = pieces(text)
    assert len(found) == 4 and all(len(piece) <= 2000 for piece in found)
    assert "\n".join(found).splitlines() == [
        "Nhiệm vụ đến hạn",
        *(f"{n:03d} · Tuyên truyền & vận động <Nhân dân>" for n in range(150)),
    ]
    assert pieces(Html("\n\n")) == []  # Zalo refuses empty texts


async def test_choices_kept_in_the_database_outlive_the_process(database_url: str):
    now = datetime(2026, 11, 24, 2, tzinfo=UTC)
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    async with unit_of_work(sessions) as session:
        actor = await identify(session, Who("zalo", "u1", "Lan", None, "u1", False, None), (), now)
        await set_language(session, actor.account_id, "en")
    first = NumberedChoices("zalo", DatabaseChoices(sessions))
    assert (await first.flatten("u1", CARD)).endswith("Reply 1 = ✅ Hoàn thành, 2 = 🔄 Đang làm\n3 = Sau ▶")
    await first.shown("u1", CARD)
    await first.settle()  # written in the background, before the process stops
    await engine.dispose()
    engine = make_engine(database_url)  # a restart: nothing in memory
    restarted = NumberedChoices("zalo", DatabaseChoices(session_factory(engine)))
    assert await restarted.pressed("u1", "3") == "L:n"
    assert await restarted.pressed("unknown-chat", "1") is None
    await engine.dispose()


def test_each_channel_has_its_own_limits():
    settings = load_settings(_env_file=None, zalo_rate_per_second=5, zalo_chat_interval_seconds=2)
    limits = channel_limits(settings)
    assert (limits["telegram"].per_second, limits["telegram"].chat_interval) == (30.0, 1.0)
    assert (limits["zalo"].per_second, limits["zalo"].chat_interval) == (5.0, 2.0)
    off = load_settings(_env_file=None, zalo_rate_per_second=0, zalo_chat_interval_seconds=0, zalo_group_per_minute=0)
    assert set(channel_limits(off)) == {"telegram"}  # Zalo unlimited, Telegram as before


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("ZALO_WEBHOOK_SECRET", "short", "invalid setting ZALO_WEBHOOK_SECRET: use 8 to 256 characters"),
        ("ZALO_WEBHOOK_URL", "http://bot.example.vn/zalo", "invalid setting ZALO_WEBHOOK_URL: must be an https:// URL"),
        ("ZALO_API_BASE_URL", "bot-api.zaloplatforms.com", "invalid setting ZALO_API_BASE_URL: must start with"),
        ("ADMIN_ZALO_IDS", "123, x y", "invalid setting ADMIN_ZALO_IDS: expected Zalo user ids"),
        ("ZALO_BOT_TOKEN", "123/../abc", "invalid setting ZALO_BOT_TOKEN: a Zalo bot token has only"),
        ("ZALO_RATE_PER_SECOND", "-1", "invalid setting ZALO_RATE_PER_SECOND:"),
    ],
)
def test_a_bad_zalo_setting_is_one_line_naming_it(monkeypatch, setting: str, value: str, message: str):
    monkeypatch.setenv(setting, value)
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None)
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_zalo_webhook_rules_between_settings(monkeypatch):
    monkeypatch.setenv("ZALO_WEBHOOK_URL", "https://bot.example.vn/zalo")
    with pytest.raises(SettingsError, match="ZALO_WEBHOOK_SECRET is required"):
        load_settings(_env_file=None)
    monkeypatch.setenv("ZALO_WEBHOOK_SECRET", "a-long-enough-secret")
    with pytest.raises(SettingsError, match="ZALO_BOT_TOKEN is required"):
        load_settings(_env_file=None)
    monkeypatch.setenv("ZALO_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:x")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.vn/telegram")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "s")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_PORT", "8444")
    with pytest.raises(SettingsError, match="must differ"):
        load_settings(_env_file=None)
    monkeypatch.setenv("ZALO_WEBHOOK_PORT", "8445")
    assert load_settings(_env_file=None).zalo_webhook_port == 8445
