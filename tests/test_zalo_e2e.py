"""Zalo end to end: the real client and adapter against the strict Zalo stand-in, polling and
on a webhook."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from chatbot import ADMIN, ZALO_ADMIN, ZALO_SECRET, RunningBot, running_bot
from sqlalchemy import select

from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_client import ZaloClient, ZaloUnauthorized
from bot.core.choices import MemoryChoices, NumberedChoices
from db.models import ChatRoom, OutboxMessage, TaskStatus
from seed.importer import PlanFile, import_plan
from seed.table import write_rows
from standins.telegram import TelegramStandIn
from standins.zalo import ZaloStandIn

HEALTH = "8000000000000000002"  # focal point of Sở Y tế
STRANGER = "8000000000000000003"
GROUP = "9100000000000000001"
AGENCYBOT = str(Path(sys.executable).parent / "agencybot")


def no_markup(texts: list[str]) -> None:
    for text in texts:
        assert not re.search(r"</?(b|i|code)>|&(amp|lt|gt);", text), text
        assert 1 <= len(text) <= 2000


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(f"sqlite:///{tmp_path / 'zalo.db'}", zalo=True) as running:
        yield running
        assert running.zl is not None
        for chat in (HEALTH, STRANGER, GROUP):
            no_markup(running.zl.texts(chat))


async def test_polling_answers_after_empty_polls(bot: RunningBot):
    assert bot.zl is not None
    names = [name for name, _ in bot.zl.calls]
    assert names.index("deleteWebhook") < names.index("getUpdates")  # polling needs no webhook
    assert (await bot.zalo_ask(STRANGER, "III.9")).startswith("Nhiệm vụ III.9")
    bot.zl.fail_next("getUpdates", 408, times=2)  # the next two polls end empty
    assert (await bot.zalo_ask(STRANGER, "ii.5")).startswith("Nhiệm vụ II.5")
    assert [code for _, code, _ in bot.zl.errors] == [408, 408]


async def test_due_this_year_with_numbered_choices_to_page(bot: RunningBot):
    await bot.zalo_link(HEALTH, "so y te")
    answer = await bot.zalo_ask(HEALTH, "nhiem vu cua toi den han nam nay")
    assert answer.startswith("Nhiệm vụ đến hạn năm 2026 · Sở Y tế") and "trang 1/5" in answer
    assert re.search(r"\nTrả lời 1 = II\.5, .*\d+ = Sau ▶\n\d+ = 🤝 Phối hợp \(15\)$", answer, re.S), answer
    second = await bot.zalo_choose(HEALTH, "Sau ▶")
    assert "trang 2/5" in second
    first_task = re.search(r"Trả lời 1 = ([IVX]+\.\d+),", second)[1]
    assert (await bot.zalo_ask(HEALTH, "1")).startswith(f"Nhiệm vụ {first_task}\n")


async def test_numbers_are_checked_like_buttons(bot: RunningBot):
    await bot.zalo_link(HEALTH, "Sở Y tế")
    in_group = {"user_id": HEALTH, "chat_type": "GROUP"}
    card = await bot.zalo_ask(GROUP, "III.9", **in_group)
    assert card.endswith("Trả lời 1 = ✅ Hoàn thành, 2 = 🔄 Đang làm, 3 = ⛔ Vướng mắc")
    # Someone in the group who follows no agency types the number: refused on the server.
    refused = await bot.zalo_ask(GROUP, "1", user_id=STRANGER, chat_type="GROUP")
    assert refused == "Anh/chị cần liên kết với một cơ quan trước khi cập nhật tiến độ. Gõ /link."
    async with bot.runtime.sessions() as session:
        assert (await session.scalars(select(TaskStatus))).all() == []
    done = await bot.zalo_ask(GROUP, " 1. ", **in_group)
    assert done.startswith("Đã cập nhật III.9 (toàn bộ nhiệm vụ) cho Sở Y tế: ✅ Hoàn thành.")
    assert "• Sở Y tế (chủ trì): ✅ Hoàn thành" in done
    # A number nothing was offered for is just text.
    assert (await bot.zalo_ask(STRANGER, "7")).startswith("Xin lỗi, tôi chưa hiểu “7”")


async def test_long_answers_are_split_under_2000_characters(bot: RunningBot, tmp_path: Path):
    content = "Nội dung <rất> dài & phức tạp. " * 200  # about 6,000 characters on one line
    path = tmp_path / "kh.txt"
    rows = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"], ["I", "Mục <một> & hai"]]
    path.write_text(write_rows([*rows, ["1", content, "Sở Y tế", "Năm 2026"]]), encoding="utf-8")
    await import_plan(bot.runtime.sessions, PlanFile(path, "KH"), alias_table=bot.runtime.alias_table, now=bot.clock())
    bot.service.conversation.model.written()
    assert bot.zl is not None
    bot.zl.push_text(STRANGER, "KH I.1")
    await bot.zl.wait_until(lambda: any("Kinh phí" in t for t in bot.zl.texts(STRANGER)), what="the whole card")
    pieces = bot.zl.texts(STRANGER)
    assert len(pieces) >= 4 and all(len(piece) <= 2000 for piece in pieces)
    assert pieces[0].startswith("Nhiệm vụ KH I.1\nMục I. Mục <một> & hai\nNội dung <rất> dài & phức tạp.")
    words = " ".join(pieces).replace("\n", " ").split()  # no word was cut in two:
    assert all(words.count(word) == 200 for word in ("Nội", "dung", "<rất>", "dài", "phức", "tạp."))
    assert pieces[-1].startswith("Chủ trì: Sở Y tế") or "Chủ trì: Sở Y tế" in pieces[-1]


async def test_stickers_photos_and_the_bots_own_messages(bot: RunningBot):
    assert bot.zl is not None
    bot.zl.push_event(STRANGER, "message.sticker.received", sticker="s1")
    assert (await bot.zl.next_message(STRANGER)).text.startswith("Xin lỗi, tôi chỉ đọc được tin nhắn chữ.")
    bot.zl.push_event(STRANGER, "message.image.received", photo_url="https://example.invalid/p.jpg", caption="III.9")
    assert (await bot.zl.next_message(STRANGER)).text.startswith("Xin lỗi, tôi chỉ đọc được tin nhắn chữ.")
    bot.zl.push_text(GROUP, "/help", user_id="bot-itself", chat_type="GROUP", is_bot=True)
    assert (await bot.zalo_ask(STRANGER, "/help")).startswith("AgencyBot nhắc việc")
    assert bot.zl.texts(GROUP) == []


async def test_quota_exceeded_on_an_answer_waits_then_answers(bot: RunningBot):
    assert bot.zl is not None
    bot.zl.fail_next("sendMessage", 429)
    assert (await bot.zalo_ask(STRANGER, "III.9")).startswith("Nhiệm vụ III.9")
    assert bot.pauses == [60.0]  # ZALO_RETRY_AFTER_SECONDS, waited (in a test: counted, not slept)


async def test_quota_exceeded_on_a_reminder_sends_it_later(bot: RunningBot):
    assert bot.zl is not None
    await bot.zalo_link(HEALTH, "Sở Y tế")
    bot.clock.moment = datetime(2026, 12, 8, 2, tzinfo=UTC)
    bot.zl.fail_next("sendMessage", 429)
    _queued, sent = await bot.service.reminders.tick()  # the health digest, and the admin's escalations
    assert (sent.sent, sent.retrying) == (1, 1)
    async with bot.runtime.sessions() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.status == "pending"))
        assert row.kind == "digest" and row.next_attempt_at == bot.clock() + timedelta(seconds=60)
    await bot.service.sender.send_pending()
    assert (await bot.service.sender.send_pending()).sent == 0  # not before its time
    bot.clock.advance(timedelta(seconds=61))
    assert (await bot.service.sender.send_pending()).sent == 1
    for chat in (HEALTH, ZALO_ADMIN):
        assert sum(text.startswith("🔔 Nhắc việc ngày 08/12/2026") for text in bot.zl.texts(chat)) == 1
    assert "= ✅ II.5, " in "\n".join(bot.zl.texts(HEALTH))
    assert [code for _, code, _ in bot.zl.errors] == [429]


async def test_a_refused_token_while_running_never_shows_the_token(bot: RunningBot, caplog):
    assert bot.zl is not None
    caplog.set_level(logging.DEBUG)
    await bot.zalo_link(HEALTH, "Sở Y tế")
    bot.zl.fail_next("getUpdates", 401)
    assert (await bot.zalo_ask(STRANGER, "III.9")).startswith("Nhiệm vụ III.9")
    assert (await bot.zalo_ask(STRANGER, "II.5")).startswith("Nhiệm vụ II.5")  # polling went on
    assert "Zalo refused the bot token while polling" in caplog.text
    # A reminder that Zalo refuses with 401 waits for a retry; the chat stays reachable.
    bot.clock.moment = datetime(2026, 12, 8, 2, tzinfo=UTC)
    bot.zl.fail_next("sendMessage", 401)
    _queued, sent = await bot.service.reminders.tick()
    assert (sent.retrying, sent.blocked) == (1, 0)
    async with bot.runtime.sessions() as session:
        assert all(chat.active for chat in await session.scalars(select(ChatRoom)))
    assert "HTTP Request: POST http://127.0.0.1" in caplog.text and "/bot<redacted>/sendMessage" in caplog.text
    assert bot.zl.token not in caplog.text and bot.zl.token.split(":")[1] not in caplog.text


async def test_a_refused_token_stops_start_up_with_one_line(tmp_path: Path):
    async with ZaloStandIn() as zl:
        client = ZaloClient("123:wrong-token", zl.base_url)
        channel = ZaloChannel(client, None, None, NumberedChoices("zalo", MemoryChoices()))  # type: ignore[arg-type]
        with pytest.raises(ZaloUnauthorized):
            await channel.run(asyncio.Event())
        await client.aclose()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
        env |= {"ZALO_BOT_TOKEN": "123:wrong-token", "ZALO_API_BASE_URL": zl.base_url, "WEB_PORT": "0"}
        run = await asyncio.create_subprocess_exec(
            AGENCYBOT, "run", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
        _out, err = await asyncio.wait_for(run.communicate(), 60)
    assert run.returncode == 1
    assert err.decode().strip().splitlines()[-1] == (
        "agencybot: Zalo refused ZALO_BOT_TOKEN (401 Unauthorized): copy the token again from the Zalo Bot Platform"
    )
    assert "wrong-token" not in err.decode()


async def test_agencybot_run_answers_on_zalo_and_telegram_in_one_process(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}", "LOG_LEVEL": "WARNING", "WEB_PORT": "0"}
    seed = await asyncio.create_subprocess_exec(AGENCYBOT, "seed", cwd=tmp_path, env=env)
    assert await seed.wait() == 0
    async with ZaloStandIn() as zl, TelegramStandIn() as tg:
        env |= {"ZALO_BOT_TOKEN": zl.token, "ZALO_API_BASE_URL": zl.base_url}
        env |= {"TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_BASE_URL": tg.base_url}
        run = await asyncio.create_subprocess_exec(
            AGENCYBOT, "run", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL
        )
        try:
            await zl.wait_until(lambda: zl.is_polling, timeout=60, what="Zalo polled")
            await tg.wait_until(lambda: tg.is_polling, timeout=60, what="Telegram polled")
            zl.push_text(STRANGER, "nhiem vu 9 muc III")
            assert (await zl.next_message(STRANGER, timeout=30)).text.startswith("Nhiệm vụ III.9")
            tg.push_text(2001, "III.9")
            assert (await tg.next_message(2001, timeout=30)).plain_text.startswith("Nhiệm vụ III.9")
        finally:
            run.terminate()
            assert await asyncio.wait_for(run.wait(), 30) == 0  # SIGTERM: a clean stop
    assert zl.errors == [] and tg.errors == []


@pytest.fixture
async def hooked(tmp_path: Path, unused_port: int) -> AsyncIterator[RunningBot]:
    async with running_bot(f"sqlite:///{tmp_path / 'zalo.db'}", zalo=True, zalo_webhook_port=unused_port) as running:
        yield running


async def test_webhook_answers_wrapped_and_bare_updates(hooked: RunningBot, unused_port: int):
    zl = hooked.zl
    assert zl is not None and zl.webhook == {
        "url": f"https://127.0.0.1:{unused_port}/zalo/hook",
        "secret_token": ZALO_SECRET,
    }
    assert (await hooked.zalo_ask(STRANGER, "III.9")).startswith("Nhiệm vụ III.9")
    zl.wrap_webhook = False
    assert (await hooked.zalo_ask(STRANGER, "II.5")).startswith("Nhiệm vụ II.5")
    assert [("result" in d.body, d.status) for d in zl.webhook_deliveries] == [(True, 200), (False, 200)]
    assert "getUpdates" not in {name for name, _ in zl.calls}
    # Answered before the work is done: the 200 reaches Zalo before the reply does.
    first_reply = zl.sent(STRANGER)[0]
    assert zl.webhook_deliveries[0].answered_at <= first_reply.sent_at


async def test_webhook_refuses_a_wrong_or_missing_secret(hooked: RunningBot):
    zl = hooked.zl
    assert zl is not None
    forged = {"ok": True, "result": _update(STRANGER, "/me")}
    assert await zl.post_raw(forged, "wrong-secret-123") == 403
    assert await zl.post_raw(forged, None) == 403
    assert await zl.post_raw(forged, ZALO_SECRET + "x") == 403
    assert await zl.post_raw({"not": "an update"}, ZALO_SECRET) == 200  # nothing this bot reads: acknowledged
    assert (await hooked.zalo_ask(STRANGER, "III.9")).startswith("Nhiệm vụ III.9")
    assert len(zl.texts(STRANGER)) == 1  # only the real update was answered


async def test_webhook_drops_a_second_delivery_of_an_update(hooked: RunningBot):
    zl = hooked.zl
    assert zl is not None
    zl.deliver_twice = True
    assert (await hooked.zalo_ask(STRANGER, "III.9")).startswith("Nhiệm vụ III.9")
    await zl.wait_until(lambda: len(zl.webhook_deliveries) == 2, what="the second delivery")
    zl.deliver_twice = False
    assert (await hooked.zalo_ask(STRANGER, "II.5")).startswith("Nhiệm vụ II.5")
    assert [d.status for d in zl.webhook_deliveries] == [200, 200, 200]
    assert len(zl.texts(STRANGER)) == 2  # one answer per message, none for the repeat


def _update(chat: str, text: str) -> dict:
    return {
        "event_name": "message.text.received",
        "message": {
            "message_id": "forged-1",
            "date": 0,
            "chat": {"id": chat, "chat_type": "PRIVATE"},
            "from": {"id": chat, "display_name": "X", "is_bot": False},
            "text": text,
        },
    }


async def test_a_person_on_both_channels_chooses_zalo_and_falls_back_to_telegram(database_url: str):
    async with running_bot(database_url, zalo=True) as bot:
        assert bot.zl is not None
        await bot.ask(ADMIN, "/start")
        await bot.link(2001, "Sở Y tế")
        code = re.search(r"/connect (\w{10})", (await bot.ask(2001, "/connect")).plain_text)[1]
        joined = await bot.zalo_ask(HEALTH, f"/connect {code.lower()}")
        assert joined.startswith("Đã kết nối Zalo với Telegram của anh/chị")
        assert "Cơ quan theo dõi: Sở Y tế" in await bot.zalo_ask(HEALTH, "/me")
        assert (await bot.zalo_ask(HEALTH, "/notify zalo")).startswith("Từ nay nhắc việc và thông báo gửi đến: Zalo.")

        bot.clock.moment = datetime(2026, 12, 8, 2, tzinfo=UTC)
        bot.zl.skip_unread(HEALTH)
        await bot.service.reminders.tick()
        digest = (await bot.zl.next_message(HEALTH)).text
        assert digest.startswith("🔔 Nhắc việc ngày 08/12/2026")
        assert [m for m in bot.tg.sent(2001) if "Nhắc việc ngày" in (m.plain_text or "")] == []
        assert (await bot.zalo_choose(HEALTH, "✅ II.5")).startswith("Đã cập nhật II.5 (2026)")

        bot.zl.block(HEALTH)  # Zalo refuses from now on: the broadcast goes to Telegram instead
        bot.send_by_hand()
        menu = await bot.ask(ADMIN, "/broadcast")
        while not menu.plain_text.startswith("Gửi thông báo tới ai?"):  # after the day's escalations
            menu = await bot.tg.next_message(ADMIN)
        await bot.press(menu, "Tất cả")
        await bot.tg.next_callback_answer()
        await bot.tg.next_edit(ADMIN)
        preview = await bot.ask(ADMIN, "Họp giao ban thứ Sáu")
        await bot.press(preview, "Gửi")
        await bot.tg.next_callback_answer()
        await bot.tg.next_edit(ADMIN)
        assert (await bot.service.sender.send_pending()).blocked == 1
        assert (await bot.service.sender.send_pending()).sent == 1  # the copy queued when Zalo refused
        copy = await bot.tg.next_message(2001)
        assert copy.plain_text == "Họp giao ban thứ Sáu"
        await bot.press(copy, "Đã nhận", user_id=2001)
        assert (await bot.tg.next_callback_answer())["text"] == "Đã ghi nhận, cảm ơn anh/chị."
        status = (await bot.ask(ADMIN, "/broadcast_status 1")).plain_text
        assert "Tổng: 2 nơi · đã gửi 1 · đã nhận 1 · chặn bot 1" in status
        assert bot.tg.errors == []
