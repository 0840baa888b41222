"""Coordinators' broadcasts end to end: the real python-telegram-bot client, the strict stand-in."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from chatbot import ADMIN, RunningBot, running_bot
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import ChatRoom

HEALTH = 2001  # focal point of Sở Y tế
HEALTH_DEPUTY = 2002  # a second focal point of Sở Y tế
TRADE = 2003  # focal point of Sở Công Thương
HOME = 2004  # focal point of Sở Nội vụ
STRANGER = 2005  # linked to nothing
TRADE_GROUP = -6001


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(database_url) as running:
        await running.ask(ADMIN, "/start")
        await running.link(HEALTH, "Sở Y tế")
        await running.link(HEALTH_DEPUTY, "Sở Y tế")
        await running.link(TRADE, "Sở Công Thương")
        await running.link(HOME, "Sở Nội vụ")
        yield running


async def compose(bot: RunningBot, audience: str, *steps: str) -> str:
    """/broadcast, the audience button, the typed steps; returns the preview's text."""
    menu = await bot.ask(ADMIN, "/broadcast")
    await bot.press(menu, audience)
    await bot.tg.next_callback_answer()
    await bot.tg.next_edit(ADMIN)
    for step in steps:
        await bot.ask(ADMIN, step)
    # A long text comes in parts: the buttons are on the last.
    await bot.tg.wait_until(lambda: bot.tg.sent(ADMIN)[-1].buttons, what="the preview's buttons")
    return bot.tg.sent(ADMIN)[-1].plain_text


async def confirm(bot: RunningBot, back: int = 1) -> str:
    """Press "Send" on the preview, ``back`` messages from the last."""
    preview = bot.tg.sent(ADMIN)[-back]
    await bot.press(preview, "Gửi")
    await bot.tg.next_callback_answer()
    return (await bot.tg.next_edit(ADMIN)).plain_text


def broadcasts_in(bot: RunningBot, chat: int) -> list[str]:
    return [m.plain_text for m in bot.tg.sent(chat) if any("Đã nhận" in label for row in m.buttons for label, _ in row)]


async def test_a_broadcast_to_all_agencies_reaches_every_chat_once(bot: RunningBot):
    preview = await compose(bot, "Tất cả", "Hạn nộp báo cáo 6 tháng: 15/6. Mẫu <mới> & bảng tính kèm theo.")
    assert preview.startswith("Xem trước thông báo:")
    assert "Hạn nộp báo cáo 6 tháng: 15/6. Mẫu <mới> & bảng tính kèm theo." in preview
    assert "Sẽ gửi tới 4 cuộc trò chuyện của 3 cơ quan (tất cả cơ quan)" in preview
    queued = await confirm(bot)
    assert queued.startswith("Đang gửi thông báo #1 tới 4 cuộc trò chuyện")
    for chat in (HEALTH, HEALTH_DEPUTY, TRADE, HOME):
        await bot.tg.wait_until(lambda chat=chat: broadcasts_in(bot, chat), what=f"the broadcast in {chat}")
        assert broadcasts_in(bot, chat) == ["Hạn nộp báo cáo 6 tháng: 15/6. Mẫu <mới> & bảng tính kèm theo."]
    assert broadcasts_in(bot, STRANGER) == [] and broadcasts_in(bot, ADMIN) == []
    assert bot.tg.errors == []


async def test_section_task_and_named_audiences(bot: RunningBot):
    # Section III's lead agencies in the seed plan include Sở Y tế but not Sở Nội vụ.
    preview = await compose(bot, "một mục", "XIV", "III", "Họp giao ban mục III")
    assert "Không có mục “XIV”" not in preview and "chủ trì mục III" in preview
    await confirm(bot)
    await bot.tg.wait_until(lambda: broadcasts_in(bot, HEALTH), what="Sở Y tế's copy")
    assert broadcasts_in(bot, HOME) == []

    unknown = await compose(bot, "Chọn cơ quan", "Sở Y tế; Sở Không Tồn Tại", "Sở Nội vụ; so cong thuong", "Họp")
    assert "2 cơ quan được chọn" in unknown and "Sẽ gửi tới 2 cuộc trò chuyện của 2 cơ quan" in unknown
    assert "Không tìm thấy: Sở Không Tồn Tại" in bot.tg.sent(ADMIN)[-3].plain_text


async def test_bad_steps_are_asked_again_and_nothing_is_lost(bot: RunningBot):
    menu = await bot.ask(ADMIN, "/broadcast")
    await bot.press(menu, "một nhiệm vụ")
    await bot.tg.next_edit(ADMIN)
    assert "Không có nhiệm vụ IX.99" in (await bot.ask(ADMIN, "IX.99")).plain_text
    assert "Gõ nội dung thông báo" in (await bot.ask(ADMIN, "III.9")).plain_text
    preview = (await bot.ask(ADMIN, "Nhắc việc III.9")).plain_text
    assert "nhiệm vụ III.9" in preview
    # A question in the middle is answered as a command, and the draft waits.
    assert (await bot.ask(ADMIN, "/help")).plain_text.startswith("AgencyBot nhắc việc")
    await confirm(bot, back=2)
    await bot.tg.wait_until(lambda: broadcasts_in(bot, HEALTH), what="the task's agency")


async def test_cancel_sends_nothing(bot: RunningBot):
    await compose(bot, "Tất cả", "Sẽ hủy")
    assert (await bot.ask(ADMIN, "/cancel")).plain_text == "Đã hủy, không gửi gì."
    assert (await bot.ask(ADMIN, "/cancel")).plain_text == "Không có việc gì đang dở để hủy."
    preview = bot.tg.sent(ADMIN)[-3]
    await bot.press(preview, "Gửi")
    assert "hết hạn" in (await bot.tg.next_edit(ADMIN)).plain_text
    assert broadcasts_in(bot, HEALTH) == []


async def test_focal_points_are_refused_and_forged_buttons_do_nothing(bot: RunningBot):
    for command in ("/broadcast", "/broadcasts", "/broadcast_status 1"):
        assert (await bot.ask(HEALTH, command)).plain_text.startswith("Xin lỗi, chức năng này dành cho"), command
    # The coordinator's preview, pressed by a focal point of the same chat kind: refused.
    await compose(bot, "Tất cả", "Chỉ điều phối viên gửi được")
    preview = bot.tg.sent(ADMIN)[-1]
    await bot.press(preview, "Gửi", user_id=HEALTH)
    refused = await bot.tg.next_message(ADMIN)
    assert refused.plain_text.startswith("Xin lỗi, chức năng này dành cho")
    assert broadcasts_in(bot, HEALTH) == []


async def test_long_text_is_split_and_the_button_is_on_the_last_part(bot: RunningBot):
    long_text = "Nội dung <dài> & chi tiết của thông báo. " * 150  # about 6,200 characters
    await compose(bot, "Chọn cơ quan", "Sở Nội vụ", long_text)
    await confirm(bot)
    await bot.tg.wait_until(lambda: len(bot.tg.sent(HOME)) >= 2 + 1, what="both parts")  # + the link answer
    first, second = bot.tg.sent(HOME)[-2:]
    assert first.buttons == [] and "Đã nhận" in second.buttons[0][0][0]
    assert (first.plain_text + " " + second.plain_text).split() == long_text.split()
    assert bot.tg.errors == []


async def test_a_text_that_escaping_makes_too_long_is_split_as_sent(bot: RunningBot):
    """3,900 characters typed, full of "<" and "&": twice as long once escaped. Each
    message, as sent, is within Telegram's 4,096 characters, and the whole text arrives."""
    typed = ("Mẫu <01> & <02> " * 300)[:3900]
    await compose(bot, "Chọn cơ quan", "Sở Nội vụ", typed)
    preview_parts = [m for m in bot.tg.sent(ADMIN) if "Mẫu <01>" in m.plain_text]
    assert all(len(m.text) <= 4096 for m in preview_parts)
    await confirm(bot)
    await bot.tg.wait_until(lambda: broadcasts_in(bot, HOME), what="the last part, with its button")
    parts = [m for m in bot.tg.sent(HOME) if "Mẫu <01>" in m.plain_text or "<02>" in m.plain_text]
    assert len(parts) == 2  # 7,800 characters escaped; 3,900 read
    assert all(len(m.text) <= 4096 for m in parts), [len(m.text) for m in parts]
    assert " ".join(m.plain_text for m in parts).split() == typed.split()
    assert bot.tg.errors == []


async def test_acknowledgements_and_the_status_per_agency(bot: RunningBot):
    await compose(bot, "Tất cả", "Họp sơ kết quý IV")
    await confirm(bot)
    await bot.tg.wait_until(
        lambda: all(broadcasts_in(bot, chat) for chat in (HEALTH, TRADE, HOME)), what="the broadcast"
    )
    message = bot.tg.sent(HEALTH)[-1]
    await bot.press(message, "Đã nhận")
    assert (await bot.tg.next_callback_answer())["text"] == "Đã ghi nhận, cảm ơn anh/chị."
    await bot.press(message, "Đã nhận")
    assert (await bot.tg.next_callback_answer())["text"] == "Anh/chị đã xác nhận thông báo này rồi."
    await bot.press(bot.tg.sent(TRADE)[-1], "Đã nhận")
    await bot.tg.next_callback_answer()

    status = (await bot.ask(ADMIN, "/broadcast_status 1")).plain_text
    assert "4 nơi · đã gửi 4 · đã nhận 2" in status.replace("\n", " ") or "đã nhận 2" in status
    lines = status.splitlines()
    assert "• Sở Nội vụ: 1 nơi · đã gửi 1 · đã nhận 0" in lines
    assert "• Sở Y tế: 2 nơi · đã gửi 2 · đã nhận 1" in lines
    assert "• Sở Công Thương: 1 nơi · đã gửi 1 · đã nhận 1" in lines
    # Agencies still missing come first.
    assert lines.index("• Sở Nội vụ: 1 nơi · đã gửi 1 · đã nhận 0") < lines.index(
        "• Sở Công Thương: 1 nơi · đã gửi 1 · đã nhận 1"
    )
    listed = (await bot.ask(ADMIN, "/broadcasts")).plain_text
    assert "#1 ·" in listed and "4 nơi · đã gửi 4 · đã nhận 2" in listed
    assert "Không có thông báo #9" in (await bot.ask(ADMIN, "/broadcast_status 9")).plain_text
    assert "Dùng: /broadcast_status" in (await bot.ask(ADMIN, "/broadcast_status abc")).plain_text


async def test_resend_goes_only_where_nobody_acknowledged_after_the_chosen_time(bot: RunningBot):
    await compose(bot, "Tất cả", "Nộp số liệu trước thứ Sáu")
    await confirm(bot)
    await bot.tg.wait_until(
        lambda: all(broadcasts_in(bot, chat) for chat in (HEALTH, TRADE, HOME)), what="the broadcast"
    )
    await bot.press(bot.tg.sent(HEALTH)[-1], "Đã nhận")
    await bot.tg.next_callback_answer()

    status = await bot.ask(ADMIN, "/broadcast_status 1")
    await bot.press(status, "sau 1 giờ")
    assert "Không có nơi nào cần gửi lại" in (await bot.tg.next_message(ADMIN)).plain_text
    bot.clock.advance(timedelta(hours=2))
    await bot.press(status, "sau 1 giờ")
    assert (await bot.tg.next_message(ADMIN)).plain_text == "Đã gửi lại thông báo #1 tới 3 nơi chưa xác nhận."
    for chat in (HEALTH_DEPUTY, TRADE, HOME):
        await bot.tg.wait_until(lambda chat=chat: len(broadcasts_in(bot, chat)) == 2, what=f"a second copy in {chat}")
    assert len(broadcasts_in(bot, HEALTH)) == 1
    # A forged re-send button from a focal point changes nothing.
    bot.tg.push_text(HOME, "hello")
    await bot.tg.next_message(HOME)
    before = len(broadcasts_in(bot, TRADE))
    await bot.press(status, "sau 1 giờ", user_id=HOME)
    await bot.tg.next_message(ADMIN)
    assert len(broadcasts_in(bot, TRADE)) == before


async def test_the_receipts_export_as_an_excel_file(bot: RunningBot):
    await compose(bot, "Tất cả", "Báo cáo tháng")
    await confirm(bot)
    await bot.tg.wait_until(
        lambda: all(broadcasts_in(bot, chat) for chat in (HEALTH, TRADE, HOME)), what="the broadcast"
    )
    await bot.press(bot.tg.sent(TRADE)[-1], "Đã nhận")
    await bot.tg.next_callback_answer()
    status = await bot.ask(ADMIN, "/broadcast_status 1")
    await bot.press(status, "Excel")
    sent = await bot.tg.next_message(ADMIN)
    assert sent.document is not None and sent.document.file_name == "thong-bao-1.xlsx"
    assert sent.plain_text == "Biên nhận thông báo #1"
    sheet = load_workbook(io.BytesIO(sent.document.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Cơ quan",
        "Nơi nhận",
        "Kênh",
        "Trạng thái",
        "Gửi lúc",
        "Xác nhận lúc",
        "Người xác nhận",
        "Số lần gửi lại",
    )
    by_agency = {}
    for row in rows[1:]:
        by_agency.setdefault(row[0], []).append(row)
    assert sorted(by_agency) == ["Sở Công Thương", "Sở Nội vụ", "Sở Y tế"]
    assert len(by_agency["Sở Y tế"]) == 2
    (trade,) = by_agency["Sở Công Thương"]
    assert trade[2] == "telegram" and trade[3] == "Đã gửi" and trade[5] is not None and trade[7] == 0
    # Local office time, as people read it: 09:00 in Hồ Chí Minh City.
    assert trade[4].hour == 9
    (home,) = by_agency["Sở Nội vụ"]
    assert home[5] is None and home[6] in (None, "")


async def test_a_document_is_broadcast_by_its_file_id(bot: RunningBot):
    menu = await bot.ask(ADMIN, "/broadcast")
    await bot.press(menu, "Chọn cơ quan")
    await bot.tg.next_edit(ADMIN)
    await bot.ask(ADMIN, "Sở Công Thương")
    bot.tg.push_document(ADMIN, "mau-bao-cao.xlsx", b"PK\x03\x04 template", caption="Mẫu báo cáo mới")
    preview = await bot.tg.next_message(ADMIN)
    assert "Mẫu báo cáo mới" in preview.plain_text
    await confirm(bot)
    await bot.tg.wait_until(lambda: broadcasts_in(bot, TRADE), what="the document")
    received = bot.tg.sent(TRADE)[-1]
    assert received.document is not None and received.document.file_name == "mau-bao-cao.xlsx"
    assert received.document.content == b"PK\x03\x04 template"
    assert received.plain_text == "Mẫu báo cáo mới"


async def test_a_file_outside_a_flow_gets_a_polite_answer(bot: RunningBot):
    bot.tg.push_document(HEALTH, "ke-hoach.docx", b"not really a docx")
    answer = await bot.tg.next_message(HEALTH)
    assert "ke-hoach.docx" in answer.plain_text and "/broadcast" in answer.plain_text


async def test_a_blocked_chat_is_marked_inactive_and_left_out_next_time(bot: RunningBot):
    bot.tg.block(HOME)
    await compose(bot, "Tất cả", "Thông báo thứ nhất")
    await confirm(bot)
    # Updates are handled one after the other: the status comes after the sending pass.
    status = (await bot.ask(ADMIN, "/broadcast_status 1")).plain_text
    async with bot.runtime.sessions() as session:
        active = await session.scalar(select(ChatRoom.active).where(ChatRoom.external_id == str(HOME)))
    assert active is False
    assert "• Sở Nội vụ: 1 nơi · đã gửi 0 · đã nhận 0 · chặn 1 · lỗi 0 · chờ 0" in status.splitlines()
    preview = await compose(bot, "Tất cả", "Thông báo thứ hai")
    assert "Sẽ gửi tới 3 cuộc trò chuyện của 2 cơ quan" in preview


async def test_a_broadcast_to_the_agencies_with_overdue_tasks(bot: RunningBot):
    asked = (await bot.ask(ADMIN, "thông báo tới các sở còn việc quá hạn")).plain_text
    assert "cơ quan còn nhiệm vụ quá hạn" in asked and "Gõ nội dung thông báo" in asked, asked
    late = asked.split(": ", 1)[1].split(".\n", 1)[0]
    preview = (await bot.ask(ADMIN, "Đề nghị cập nhật tiến độ các nhiệm vụ quá hạn trước thứ Sáu")).plain_text
    assert preview.startswith("Xem trước thông báo:") and "cơ quan được chọn" in preview
    await confirm(bot)
    for chat, agency in ((HEALTH, "Sở Y tế"), (TRADE, "Sở Công Thương"), (HOME, "Sở Nội vụ")):
        if agency in late:
            await bot.tg.wait_until(lambda chat=chat: broadcasts_in(bot, chat), what=f"{agency}'s copy")
    assert any(agency in late for agency in ("Sở Y tế", "Sở Công Thương", "Sở Nội vụ")), late
    for chat, agency in ((HEALTH, "Sở Y tế"), (TRADE, "Sở Công Thương"), (HOME, "Sở Nội vụ")):
        if agency not in late:
            assert broadcasts_in(bot, chat) == [], agency


async def test_a_broadcast_said_to_be_received_in_words_is_acknowledged(bot: RunningBot):
    await compose(bot, "Tất cả", "Họp sơ kết quý IV")
    await confirm(bot)
    await bot.tg.wait_until(lambda: all(broadcasts_in(bot, chat) for chat in (HEALTH, HOME)), what="the broadcast")
    assert "Họp sơ kết quý IV" in (await bot.tg.next_message(HOME)).plain_text
    assert (await bot.ask(HOME, "em đã nhận được thông báo rồi ạ")).plain_text == "Đã ghi nhận, cảm ơn anh/chị."
    assert (await bot.ask(HOME, "dạ đã nhận")).plain_text == "Anh/chị đã xác nhận thông báo này rồi."
    assert (await bot.ask(STRANGER, "đã nhận thông báo")).plain_text.startswith("Chưa có thông báo nào")
    status = (await bot.ask(ADMIN, "/broadcast_status 1")).plain_text.splitlines()
    assert "• Sở Nội vụ: 1 nơi · đã gửi 1 · đã nhận 1" in status
    assert "• Sở Y tế: 2 nơi · đã gửi 2 · đã nhận 0" in status
