"""The chat end to end: the real python-telegram-bot client against the strict Telegram stand-in."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from chatbot import ADMIN, RunningBot, running_bot
from sqlalchemy import select

from db.models import StatusChange, TaskStatus
from seed.importer import PlanFile, import_plan
from seed.table import write_rows

HEALTH_USER = 2001  # focal point of Sở Y tế
HOME_USER = 2002  # focal point of Sở Nội vụ
STRANGER = 2003  # not linked to anything
ENGLISH = 2004
GROUP = -5001


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'chat.db'}"


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(sqlite_url) as running:
        await running.ask(ADMIN, "/start")
        yield running
        assert running.tg.errors == [], running.tg.errors  # Telegram refused nothing we sent


def page_of(text: str) -> tuple[int, int]:
    match = re.search(r"(?:trang|page) (\d+)/(\d+)", text)
    assert match, text
    return int(match[1]), int(match[2])


async def test_command_menu_in_both_languages(bot: RunningBot):
    commands = bot.tg.commands
    assert {c["command"] for c in commands["vi"]} >= {"my", "due", "overdue", "task", "link", "done", "lang"}
    assert next(c for c in commands["en"] if c["command"] == "due")["description"].startswith("Due this year")
    assert next(c for c in commands[None] if c["command"] == "due")["description"].startswith("Đến hạn")


async def test_start_greets_in_the_users_language(bot: RunningBot):
    vi = await bot.ask(STRANGER, "/start", first_name="Lan")
    assert vi.plain_text.startswith("Xin chào Lan")
    en = await bot.ask(ENGLISH, "/start", language_code="en", first_name="Minh")
    assert en.plain_text.startswith("Hello Minh") and "my tasks due this year" in en.plain_text


async def test_invitation_link_links_once_and_never_twice(bot: RunningBot):
    invite = await bot.ask(ADMIN, "/invite so y te")
    code = re.search(r"/link (\S{12})", invite.plain_text)[1]
    assert f"https://t.me/agency_test_bot?start={code}" in invite.plain_text
    linked = await bot.ask(HEALTH_USER, f"/start {code}")
    assert "Đã liên kết anh/chị với Sở Y tế" in linked.plain_text
    reused = await bot.ask(STRANGER, f"/link {code}")
    assert "đã được dùng" in reused.plain_text
    me = await bot.ask(HEALTH_USER, "/me")
    assert "Sở Y tế" in me.plain_text and "đầu mối" in me.plain_text


async def test_expired_code_is_refused(bot: RunningBot):
    invite = await bot.ask(ADMIN, "/invite Sở Nội vụ")
    code = re.search(r"/link (\S{12})", invite.plain_text)[1]
    bot.clock.advance(timedelta(days=8))
    assert "hết hạn" in (await bot.ask(HOME_USER, f"/link {code}")).plain_text
    assert "chưa liên kết" in (await bot.ask(HOME_USER, "/me")).plain_text


async def test_wrong_codes_are_throttled(bot: RunningBot):
    for n in range(5):
        answer = await bot.ask(STRANGER, f"/link AAAAAAAAAAA{n}")
        assert "không đúng" in answer.plain_text
    invite = await bot.ask(ADMIN, "/invite SYT")
    code = re.search(r"/link (\S{12})", invite.plain_text)[1]
    throttled = await bot.ask(STRANGER, f"/link {code}")
    assert "sai mã nhiều lần" in throttled.plain_text  # even the right code waits
    bot.clock.advance(timedelta(minutes=16))
    assert "Đã liên kết" in (await bot.ask(STRANGER, f"/link {code}")).plain_text


async def test_link_request_is_approved_by_a_coordinator(bot: RunningBot):
    asked = await bot.ask(HOME_USER, "/link so noi vu", username="lan_noivu")
    assert "Đã gửi yêu cầu liên kết với Sở Nội vụ" in asked.plain_text
    notice = await bot.tg.next_message(ADMIN)
    assert "@lan_noivu" in notice.plain_text and "Sở Nội vụ" in notice.plain_text
    # A focal point who forges the coordinator's button is refused.
    await bot.press(notice, "Duyệt", user_id=STRANGER)
    assert "dành cho điều phối viên" in (await bot.tg.next_message(ADMIN)).plain_text
    await bot.press(notice, "Duyệt")
    decided = await bot.tg.next_edit(ADMIN)
    assert "Đã duyệt yêu cầu" in decided.plain_text and decided.buttons == []
    told = await bot.tg.next_message(HOME_USER)
    assert "đã được duyệt" in told.plain_text
    assert "Sở Nội vụ" in (await bot.ask(HOME_USER, "/me")).plain_text


async def test_staff_commands_are_refused_to_focal_points(bot: RunningBot):
    await bot.link(HEALTH_USER, "SYT")
    for command in ("/invite Sở Y tế", "/whois Sở Y tế", "/promote @someone"):
        answer = await bot.ask(HEALTH_USER, command)
        assert answer.plain_text.startswith("Xin lỗi, chức năng này dành cho"), command


async def test_admin_promotes_a_coordinator_who_can_then_invite(bot: RunningBot):
    await bot.ask(STRANGER, "/start", username="hoa_syt")
    assert "điều phối viên" in (await bot.ask(ADMIN, "/promote @hoa_syt")).plain_text
    invite = await bot.ask(STRANGER, "/invite Sở Công Thương")
    assert "Mã mời cho Sở Công Thương" in invite.plain_text
    whois = await bot.ask(STRANGER, "/whois Sở Công Thương")
    assert "Chưa có ai" in whois.plain_text


async def test_due_this_year_without_diacritics_with_overdue_after(bot: RunningBot):
    await bot.link(HEALTH_USER, "so y te")
    answer = await bot.ask(HEALTH_USER, "nhiem vu cua toi den han nam nay")
    text = answer.plain_text
    assert text.startswith("Nhiệm vụ đến hạn năm 2026 · Sở Y tế")
    assert text.index("Đến hạn trong năm") < text.index("II.5 · Hằng năm, hạn 15/12/2026 · ⬜ Chưa làm")
    assert "\nI.5 ·" not in text  # Sở Y tế only coordinates it
    assert "thường xuyên" in text and "/ongoing" in text
    assert "phối hợp 15 nhiệm vụ" in text and "/coordinating" in text
    assert page_of(text) == (1, 5)
    # page on to the overdue heading
    for _ in range(2):
        await bot.press(answer, "Sau")
        answer = await bot.tg.next_edit(HEALTH_USER)
    assert page_of(answer.plain_text) == (3, 5)
    assert "Quá hạn, chưa hoàn thành" in answer.plain_text
    await bot.press(answer, "Trước")
    assert page_of((await bot.tg.next_edit(HEALTH_USER)).plain_text) == (2, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my tasks due this year", "Tasks due in 2026 · Sở Y tế"),
        ("overdue tasks", "Overdue tasks · Sở Y tế"),
        ("coming up in the next 30 days", "Coming up in the next 30 days · Sở Y tế"),
        ("ongoing", "Ongoing tasks · Sở Y tế"),
        ("due in 2025", "Tasks due in 2025 · Sở Y tế"),
        ("task 9 in section III", "Task III.9"),
        ("search electronic medical records", "No task mentions"),
        ("summary", "Summary for 2026 · Sở Y tế"),
        ("tasks of so gd", "Tasks of Sở Giáo dục và Đào tạo"),
    ],
)
async def test_english_questions(bot: RunningBot, text: str, expected: str):
    await bot.link(ENGLISH, "SYT", language_code="en")
    answer = await bot.ask(ENGLISH, text, language_code="en")
    assert answer.plain_text.startswith(expected), answer.plain_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nhiệm vụ của tôi đến hạn năm nay", "Nhiệm vụ đến hạn năm 2026 · Sở Y tế"),
        ("nhiem vu qua han", "Nhiệm vụ quá hạn · Sở Y tế"),
        ("sap den han 60 ngay", "Sắp đến hạn trong 60 ngày tới · Sở Y tế"),
        ("nhiem vu thuong xuyen", "Nhiệm vụ thường xuyên · Sở Y tế"),
        ("nhiem vu nam 2025", "Nhiệm vụ đến hạn năm 2025 · Sở Y tế"),
        ("III.9", "Nhiệm vụ III.9"),
        ("nhiệm vụ 9 mục III", "Nhiệm vụ III.9"),
        ("nv 9 muc 3", "Nhiệm vụ III.9"),
        ("/task iii.9", "Nhiệm vụ III.9"),
        ("tim benh an dien tu", "Kết quả tìm “benh an dien tu”"),
        ("nhiem vu cua so giao duc", "Nhiệm vụ của Sở Giáo dục và Đào tạo"),
        ("Sở Văn hóa", "Nhiệm vụ của Sở Văn hóa, Thể thao và Du lịch"),
        ("tong hop", "Tổng hợp năm 2026 · Sở Y tế"),
        ("/my", "Nhiệm vụ của Sở Y tế"),
    ],
)
async def test_vietnamese_questions(bot: RunningBot, text: str, expected: str):
    await bot.link(HEALTH_USER, "SYT")
    answer = await bot.ask(HEALTH_USER, text)
    assert answer.plain_text.startswith(expected), answer.plain_text


async def test_task_card_shows_everything(bot: RunningBot):
    card = (await bot.ask(STRANGER, "III.9")).plain_text
    assert "Xây dựng hệ thống quản lý bệnh án điện tử tập trung" in card
    assert "Chủ trì: Sở Y tế" in card
    assert (
        "Phối hợp: Các sở, ban, ngành; UBND các huyện (nay: UBND các xã, phường); "
        "UBND thị xã Long Khánh (nay: UBND các xã, phường); UBND thành phố Biên Hòa (nay: UBND các xã, phường)"
    ) in card
    assert "Thời gian: 2018 - 2025, hạn 31/12/2025" in card
    assert "Kinh phí: Ngân sách" in card
    assert "Tiến độ (toàn bộ nhiệm vụ)" in card


async def test_list_items_open_their_task(bot: RunningBot):
    answer = await bot.ask(STRANGER, "nhiem vu qua han")
    await bot.press(answer, "I.4")
    card = await bot.tg.next_message(STRANGER)
    assert card.plain_text.startswith("Nhiệm vụ I.4")


async def test_ambiguous_agency_is_asked_with_buttons(bot: RunningBot):
    question = await bot.ask(STRANGER, "nhiem vu cua ubnd")
    assert question.plain_text.startswith("“ubnd” có thể là nhiều cơ quan")
    await bot.press(question, "UBND các xã, phường")
    answer = await bot.tg.next_message(STRANGER)
    assert answer.plain_text.startswith("Nhiệm vụ của UBND các xã, phường")


async def test_unknown_agency_and_unknown_text_get_help(bot: RunningBot):
    assert "Không tìm thấy cơ quan “Sở Vũ trụ”" in (await bot.ask(STRANGER, "/agency Sở Vũ trụ")).plain_text
    answer = await bot.ask(STRANGER, "xyzzy plugh")
    assert answer.plain_text.startswith("Xin lỗi, tôi chưa hiểu") and "/help" in answer.plain_text
    assert "/help" in (await bot.ask(STRANGER, "/khonglenhnay")).plain_text


async def test_a_sticker_or_a_photo_gets_an_answer_and_a_caption_is_read(bot: RunningBot):
    bot.tg.push_media(STRANGER, "sticker")
    assert (await bot.tg.next_message(STRANGER)).plain_text.startswith("Xin lỗi, tôi chỉ đọc được tin nhắn chữ")
    bot.tg.push_media(STRANGER, "photo", caption="III.9")
    assert "III.9" in (await bot.tg.next_message(STRANGER)).plain_text.splitlines()[0]


async def test_status_by_button_is_recorded_with_who_and_when(bot: RunningBot):
    await bot.link(HEALTH_USER, "SYT")
    card = await bot.ask(HEALTH_USER, "III.9", first_name="Thu")
    await bot.press(card, "Hoàn thành")
    edited = await bot.tg.next_edit(HEALTH_USER)
    answer = await bot.tg.next_callback_answer()
    assert "Đã cập nhật III.9" in answer["text"]
    assert "Sở Y tế: ✅ Hoàn thành" in edited.plain_text
    assert "24/11/2026 09:00 · Sở Y tế: ✅ Hoàn thành (Thu" in edited.plain_text
    overdue = await bot.ask(HEALTH_USER, "/overdue")
    assert "III.9" not in overdue.plain_text


async def test_status_by_command_with_note_and_per_period_for_annual_tasks(bot: RunningBot):
    await bot.link(HEALTH_USER, "SYT")
    answer = await bot.ask(HEALTH_USER, "/blocked II.5 thiếu kinh phí")
    assert "Đã cập nhật II.5 (2026)" in answer.plain_text and "⛔ Vướng mắc — thiếu kinh phí" in answer.plain_text
    async with bot.runtime.sessions() as session:
        row = await session.scalar(select(TaskStatus))
        assert (row.period, row.status, row.note) == ("2026", "blocked", "thiếu kinh phí")
    bot.clock.advance(timedelta(days=60))  # a new year: a new period, open again
    card = await bot.ask(HEALTH_USER, "II.5")
    assert "Tiến độ (năm 2027)" in card.plain_text and "⬜ Chưa làm" in card.plain_text


async def test_only_linked_agencies_may_change_a_status(bot: RunningBot):
    await bot.link(HOME_USER, "Báo Đồng Nai")
    card = await bot.ask(STRANGER, "VIII.3")
    assert card.buttons == []  # nothing to press for someone not linked
    # VIII.3: social insurance leads, the departments coordinate; a newspaper is neither
    refused = await bot.ask(HOME_USER, "/done VIII.3")
    assert "Chỉ cơ quan chủ trì hoặc phối hợp nhiệm vụ VIII.3" in refused.plain_text
    # a button forged by an unlinked user is refused on the server too
    home_card = await bot.ask(HOME_USER, "I.3")
    await bot.press(home_card, "Hoàn thành", user_id=STRANGER)
    answer = await bot.tg.next_callback_answer()
    assert "liên kết với một cơ quan" in answer["text"]
    async with bot.runtime.sessions() as session:
        assert (await session.scalars(select(StatusChange))).all() == []


async def test_language_switch(bot: RunningBot):
    assert (await bot.ask(STRANGER, "/lang en")).plain_text == "Switched to English."
    assert (await bot.ask(STRANGER, "overdue")).plain_text.startswith("Overdue tasks · the whole plan")
    assert (await bot.ask(STRANGER, "/lang vi")).plain_text == "Đã chuyển sang tiếng Việt."


async def test_a_group_linked_to_an_agency_asks_for_its_tasks(bot: RunningBot):
    invite = await bot.ask(ADMIN, "/invite Sở Công Thương")
    code = re.search(r"/link (\S{12})", invite.plain_text)[1]
    linked = await bot.ask(
        GROUP,
        f"/link@agency_test_bot {code}",
        user_id=STRANGER,
        chat_type="group",
        chat_title="Phòng KH Sở Công Thương",
    )
    assert "Đã liên kết nhóm này với Sở Công Thương" in linked.plain_text
    answer = await bot.ask(GROUP, "/my", user_id=STRANGER, chat_type="group", chat_title="Phòng KH Sở Công Thương")
    assert answer.plain_text.startswith("Nhiệm vụ của Sở Công Thương")
    whois = await bot.ask(ADMIN, "/whois Sở Công Thương")
    assert "nhóm Phòng KH Sở Công Thương" in whois.plain_text
    asked = await bot.ask(ADMIN, "ai là đầu mối của sở công thương")  # in words: the same answer
    assert "nhóm Phòng KH Sở Công Thương" in asked.plain_text
    # a member of the group who is not of its agency sees its reminders, and is not told to
    # type /quiet or /remind_at, which the group's settings refuse them
    group = {"user_id": 2099, "chat_type": "group", "chat_title": "Phòng KH Sở Công Thương"}
    shown = (await bot.ask(GROUP, "/reminders", **group)).plain_text
    assert shown.startswith("Nhắc việc sắp tới · Sở Công Thương") and "Giờ nhận nhắc việc" in shown, shown
    assert "/quiet" not in shown and "/remind_at" not in shown, shown
    assert "dành cho" in (await bot.ask(GROUP, "/quiet 14d", **group)).plain_text


async def test_plan_text_is_escaped_and_long_answers_split(bot: RunningBot, tmp_path: Path):
    long_content = "Nội dung <rất> dài & phức tạp. " * 200  # about 6,000 characters
    path = tmp_path / "kh.txt"
    path.write_text(
        write_rows(
            [
                ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
                ["I", "Mục <một> & hai"],
                ["1", long_content, "Sở Y tế", "Năm 2026"],
            ]
        ),
        encoding="utf-8",
    )
    await import_plan(bot.runtime.sessions, PlanFile(path, "KH"), alias_table=bot.runtime.alias_table, now=bot.clock())
    bot.service.conversation.model.written()  # as if imported here; from elsewhere it shows within a second
    # The plans load again in the background; a question waits for them up to the bot's own
    # bound (10 s), which a loaded machine can use: the test waits longer than that bound.
    bot.tg.push_text(STRANGER, "KH I.1")
    first = await bot.tg.next_message(STRANGER, timeout=15)
    pieces = [first]
    while sum(m.plain_text.count("phức tạp.") for m in pieces) < 200:  # 8,600 characters escaped: three pieces
        pieces.append(await bot.tg.next_message(STRANGER))
    assert len(pieces) == 3
    assert all(len(m.text) <= 4096 for m in pieces)  # as sent, escaped
    assert "<rất>" not in first.text  # escaped on the wire
    several = await bot.ask(STRANGER, "I.1")  # two plans have a task I.1 now
    assert several.plain_text.startswith("Mã I.1 có trong nhiều kế hoạch")
    assert {text for row in several.buttons for text, _ in row} == {"KH I.1", "NQ20 I.1"}


async def test_webhook_mode_checks_the_secret(sqlite_url: str, unused_port: int):
    url = f"http://127.0.0.1:{unused_port}/telegram/hook"
    async with running_bot(sqlite_url, webhook=(url, "s3cret-token")) as running:
        answer = await running.ask(STRANGER, "III.9")
        assert answer.plain_text.startswith("Nhiệm vụ III.9")
        forged = {
            "update_id": 999,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 1, "type": "private"},
                "from": {"id": 1, "is_bot": False, "first_name": "X"},
                "text": "/my",
            },
        }
        assert await running.tg.post_update_raw(forged, "wrong-secret") == 403
        assert running.tg.sent(1) == []


async def test_unlink_asks_which_agency_when_there_are_several(bot: RunningBot):
    await bot.link(HEALTH_USER, "SYT")
    await bot.link(HEALTH_USER, "Sở Nội vụ")
    question = await bot.ask(HEALTH_USER, "/unlink")
    assert question.plain_text.startswith("Anh/chị muốn hủy liên kết với cơ quan nào?")
    await bot.press(question, "Sở Nội vụ")
    done = await bot.tg.next_message(HEALTH_USER)
    assert "Đã hủy liên kết anh/chị với Sở Nội vụ" in done.plain_text
    me = await bot.ask(HEALTH_USER, "/me")
    assert "Sở Y tế" in me.plain_text and "Sở Nội vụ" not in me.plain_text
    await bot.ask(HEALTH_USER, "/unlink so y te")
    assert "chưa liên kết" in (await bot.ask(HEALTH_USER, "/me")).plain_text


async def test_a_reminder_arrives_on_its_day_and_done_stops_the_next(bot: RunningBot, tmp_path: Path):
    path = tmp_path / "kh.txt"
    path.write_text(
        write_rows(
            [
                ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
                ["I", "Báo cáo"],
                ["1", "Nộp báo cáo tổng kết năm", "Sở Công Thương", "31/12/2026"],
            ]
        ),
        encoding="utf-8",
    )
    await import_plan(bot.runtime.sessions, PlanFile(path, "BC"), alias_table=bot.runtime.alias_table, now=bot.clock())
    await bot.link(HOME_USER, "Sở Công Thương")
    reminders = bot.service.reminders

    bot.clock.moment = datetime(2026, 12, 1, 1, 59, tzinfo=UTC)  # 08:59 in Hồ Chí Minh City, a Tuesday
    await reminders.tick()
    digest = await bot.tg.next_message(HOME_USER)
    assert digest.plain_text.startswith("🔔 Nhắc việc ngày 01/12/2026")
    assert "BC I.1 · hạn 31/12/2026 (còn 30 ngày)" in digest.plain_text
    await bot.press(digest, "✅ BC I.1")
    answer = await bot.tg.next_callback_answer()
    assert "Đã cập nhật BC I.1" in answer["text"]

    bot.clock.moment = datetime(2026, 12, 24, 2, tzinfo=UTC)  # the day of the 7-day reminder
    await reminders.tick()
    later = [m.plain_text for m in bot.tg.sent(HOME_USER) if "24/12/2026" in m.plain_text]
    assert all("BC I.1" not in text for text in later)


async def test_digest_buttons_keep_the_digest_and_snooze_checks_who_presses(bot: RunningBot):
    await bot.link(HEALTH_USER, "SYT")
    bot.clock.moment = datetime(2026, 12, 8, 2, tzinfo=UTC)
    await bot.service.reminders.tick()
    digest = await bot.tg.next_message(HEALTH_USER)
    await bot.press(digest, "🔄 II.5")
    assert "Đã cập nhật II.5 (2026)" in (await bot.tg.next_callback_answer())["text"]
    assert bot.tg.sent(HEALTH_USER)[-1].edits == 0  # the digest is left as it was
    snooze = next(data for row in digest.buttons for text, data in row if data and data.startswith("1Z:"))
    bot.tg.press(digest, snooze, user_id=STRANGER)  # someone else's button
    assert "liên kết với một cơ quan" in (await bot.tg.next_callback_answer())["text"]
    bot.tg.press(digest, snooze)
    assert "Sẽ nhắc lại" in (await bot.tg.next_callback_answer())["text"]
    reminders = (await bot.ask(HEALTH_USER, "/reminders")).plain_text
    assert reminders.startswith("Nhắc việc sắp tới · Sở Y tế") and "15/12/2026" in reminders


async def test_quiet_and_reminder_hour_commands(bot: RunningBot):
    assert "Tạm dừng nhắc việc ở đây đến hết" in (await bot.ask(STRANGER, "/quiet 14d")).plain_text
    assert (await bot.ask(STRANGER, "/quiet off")).plain_text == "Đã bật lại nhắc việc."
    assert "07:30" in (await bot.ask(STRANGER, "/remind_at 7:30")).plain_text
    assert "Dùng: /remind_at" in (await bot.ask(STRANGER, "/remind_at 3:00")).plain_text
    preview = (await bot.ask(ADMIN, "/reminders_on 2026-12-08")).plain_text
    assert preview.startswith("Ngày 08/12/2026:") and "Sở Y tế:" in preview
    assert "ngày nghỉ" in (await bot.ask(ADMIN, "/reminders_on 2026-09-02")).plain_text
    assert "dành cho điều phối viên" in (await bot.ask(STRANGER, "/reminders_on 2026-12-08")).plain_text


async def test_a_coordinator_changes_the_policy_of_a_task(bot: RunningBot):
    shown = (await bot.ask(ADMIN, "/policy III.9 days_before=60,14")).plain_text
    assert "Đã lưu chính sách nhắc việc cho III.9" in shown and "days_before = 60,14 *" in shown
    assert "không hiểu" in (await bot.ask(ADMIN, "/policy III.9 days_before=abc")).plain_text.lower()
    assert "mặc định" in (await bot.ask(ADMIN, "/policy III.9 reset")).plain_text
    assert "dành cho điều phối viên" in (await bot.ask(STRANGER, "/policy NQ20")).plain_text


@pytest.mark.parametrize("typed", ["/agency ", "/whois ", "/link ", "/timeframe NQ20 II.13 ", "/policy "])
async def test_a_long_text_of_angle_brackets_is_echoed_short_and_fits_as_sent(bot: RunningBot, typed: str):
    """4,000 characters of "</" become 10,000 once escaped: the answer quotes the start of
    what was typed, and every message, as sent, is within Telegram's 4,096 characters."""
    asker = ADMIN if typed.startswith(("/whois", "/timeframe", "/policy")) else STRANGER
    answer = await bot.ask(asker, typed + ("</" * 2000)[: 4000 - len(typed)])
    assert len(answer.text) <= 4096, len(answer.text)
    assert "</</</" in answer.plain_text and "…" in answer.plain_text
    assert len(answer.plain_text) < 1000
    assert bot.tg.errors == []


async def test_free_text_questions_about_another_agency_in_either_language(bot: RunningBot):
    await bot.link(HEALTH_USER, "Sở Y tế")
    vi = await bot.ask(HEALTH_USER, "cho em hỏi Sở Tài chính có bao nhiêu nhiệm vụ quá hạn ạ")
    assert vi.plain_text.startswith("Sở Tài chính có ") or "Sở Tài chính không có nhiệm vụ nào quá hạn" in vi.plain_text
    en = await bot.ask(HEALTH_USER, "how many tasks does the Department of Health have due in 2031")
    first_line = en.plain_text.splitlines()[0]  # the number first, in English, about that agency
    assert re.fullmatch(r"Sở Y tế has \d+ tasks due in 2031\.", first_line), first_line
    unlinked = await bot.ask(STRANGER, "việc của bên em")
    assert "/link" in unlinked.plain_text


async def test_questions_in_words_as_focal_points_type_them(bot: RunningBot):
    """Free text through the real bot: informal, without diacritics, another agency's list,
    an empty answer said in words, the agencies, a report on a task with its note, a pause."""
    await bot.link(HEALTH_USER, "Sở Y tế")
    count = await bot.ask(HEALTH_USER, "bên em còn mấy việc trễ hạn vậy ạ")
    assert re.match(r"Sở Y tế có \d+ nhiệm vụ quá hạn\.", count.plain_text), count.plain_text  # the number first
    plain = await bot.ask(HEALTH_USER, "bao nhieu viec qua han cua so tai chinh")
    assert "Sở Tài chính không có nhiệm vụ nào quá hạn." in plain.plain_text  # nothing to show, said in words
    other = await bot.ask(HEALTH_USER, "nhiệm vụ đến hạn năm nay của Sở Giáo dục")
    assert other.plain_text.startswith("Nhiệm vụ đến hạn năm 2026 · Sở Giáo dục và Đào tạo"), other.plain_text
    old_name = await bot.ask(HEALTH_USER, "việc của Sở Tài nguyên và Môi trường")
    assert "Sở Nông nghiệp và Môi trường" in old_name.plain_text.splitlines()[0], old_name.plain_text
    agencies = await bot.ask(HEALTH_USER, "danh sach cac co quan")
    assert re.match(r"\d+ cơ quan có nhiệm vụ", agencies.plain_text) and "• Sở Y tế: chủ trì" in agencies.plain_text
    done = await bot.ask(HEALTH_USER, "nhiệm vụ II.5 đã xong, đã gửi báo cáo lên tỉnh")
    assert done.plain_text.startswith("Đã cập nhật II.5 (2026) cho Sở Y tế: ✅ Hoàn thành"), done.plain_text
    quiet = await bot.ask(HEALTH_USER, "tắt nhắc 2 tuần giúp em")
    assert quiet.plain_text.startswith("Tạm dừng nhắc việc ở đây đến hết"), quiet.plain_text
    help_ = await bot.ask(HEALTH_USER, "/help")
    assert "/agencies — Các cơ quan có nhiệm vụ" in help_.plain_text and "/due — Đến hạn năm nay" in help_.plain_text
    assert "/invite" not in help_.plain_text  # a focal point sees no coordinators' commands
    assert "/invite — Mã mời cho một cơ quan" in (await bot.ask(ADMIN, "/help")).plain_text


async def test_an_english_question_gets_an_english_answer_whatever_the_language_set(bot: RunningBot):
    await bot.link(HEALTH_USER, "Sở Y tế")  # Vietnamese by default
    count = await bot.ask(HEALTH_USER, "how many overdue tasks do we have?")
    assert re.match(r"Sở Y tế has \d+ tasks overdue\.", count.plain_text), count.plain_text
    empty = await bot.ask(HEALTH_USER, "what is overdue for the Department of Finance?")
    assert "Sở Tài chính has no tasks overdue." in empty.plain_text, empty.plain_text
    agencies = await bot.ask(HEALTH_USER, "which agencies are in the plan?")
    assert re.match(r"\d+ agencies with tasks", agencies.plain_text), agencies.plain_text
    vietnamese = await bot.ask(HEALTH_USER, "nhiệm vụ quá hạn của tôi")
    assert vietnamese.plain_text.startswith("Nhiệm vụ quá hạn · Sở Y tế"), vietnamese.plain_text
