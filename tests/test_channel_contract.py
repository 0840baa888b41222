"""The same conversations through the three adapters (Telegram, Zalo, terminal) give the
same outcomes: what the user reads, and what the database holds afterwards."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from drivers import Driver, driver_for
from sqlalchemy import select

from db.models import BroadcastRecipient, TaskStatus

CHANNELS = ("telegram", "zalo", "terminal")


@pytest.fixture(params=CHANNELS)
async def driver(request, database_url: str) -> AsyncIterator[Driver]:
    async with driver_for(request.param, database_url) as found:
        await found.say("admin", "/start", expect="Xin chào")
        yield found


async def link(driver: Driver, user: str = "health", agency: str = "Sở Y tế") -> str:
    invite = await driver.say("admin", f"/invite {agency}", expect=f"Mã mời cho {agency}")
    code = re.search(r"/link (\S{12})", invite)[1]
    return await driver.say(user, f"/link {code}", expect="Đã liên kết")


async def status_rows(driver: Driver) -> list[tuple[str, str]]:
    async with driver.runtime.sessions() as session:
        return [(row.period, row.status) for row in await session.scalars(select(TaskStatus))]


async def test_linking_with_an_invitation_code(driver: Driver):
    assert "Đã liên kết anh/chị với Sở Y tế" in await link(driver)
    me = await driver.say("health", "/me", expect="Vai trò")
    assert "Cơ quan theo dõi: Sở Y tế" in me and "đầu mối" in me
    refused = await driver.say("health", "/invite Sở Nội vụ", expect="Xin lỗi")
    assert refused.startswith("Xin lỗi, chức năng này dành cho điều phối viên")


async def test_due_this_year_typed_without_diacritics(driver: Driver):
    await link(driver)
    answer = await driver.say("health", "nhiem vu cua toi den han nam nay", expect="Nhiệm vụ đến hạn năm 2026")
    assert answer.startswith("Nhiệm vụ đến hạn năm 2026 · Sở Y tế")
    assert "I.5 · Hằng năm, hạn 15/12/2026 · ⬜ Chưa làm" in answer


async def test_a_task_by_its_code(driver: Driver):
    card = await driver.say("other", "nhiệm vụ 9 mục III", expect="Nhiệm vụ III.9")
    assert "Chủ trì: Sở Y tế" in card and "Thời gian: 2018 - 2025, hạn 31/12/2025" in card
    assert "Hoàn thành" not in card  # not linked: nothing to press


async def test_marking_a_task_done(driver: Driver):
    await link(driver)
    await driver.say("health", "III.9", expect="Nhiệm vụ III.9")
    updated = await driver.choose("health", "Hoàn thành", expect="• Sở Y tế (chủ trì): ✅ Hoàn thành")
    assert "Nhiệm vụ III.9" in updated
    assert await status_rows(driver) == [("all", "done")]
    overdue = await driver.say("health", "/overdue", expect="Nhiệm vụ quá hạn")
    assert "III.9" not in overdue


async def test_a_reminder_and_its_button(driver: Driver):
    await link(driver)
    driver.clock.moment = datetime(2026, 12, 8, 2, tzinfo=UTC)  # 09:00 on a Tuesday in Hồ Chí Minh City
    digest = await driver.new_text("health", driver.service.reminders.tick(), "🔔 Nhắc việc ngày 08/12/2026")
    assert "II.5 · báo cáo năm 2026: hạn 15/12/2026 (còn 7 ngày)" in digest
    saved = await driver.choose("health", "🔄 II.5", expect="Đã cập nhật II.5 (2026)")
    assert "🔄 Đang làm" in saved
    assert ("2026", "in_progress") in await status_rows(driver)


async def test_a_broadcast_and_its_acknowledgement(driver: Driver):
    await link(driver)
    await driver.say("admin", "/broadcast", expect="Gửi thông báo tới ai?")
    await driver.choose("admin", "Tất cả", expect="Gõ nội dung thông báo")
    preview = await driver.say("admin", "Họp giao ban ngày 15/12 & nộp báo cáo", expect="Xem trước thông báo")
    assert "Sẽ gửi tới 1 cuộc trò chuyện của 1 cơ quan" in preview
    received = await driver.new_text(
        "health", driver.choose("admin", "Gửi", expect="Đang gửi thông báo #1"), "Họp giao ban ngày 15/12 & nộp báo cáo"
    )
    assert received.startswith("Họp giao ban ngày 15/12 & nộp báo cáo")  # as written, unescaped
    assert await driver.choose("health", "Đã nhận", expect="Đã ghi nhận") == "Đã ghi nhận, cảm ơn anh/chị."
    status = await driver.say("admin", "/broadcast_status 1", expect="Thông báo #1")
    assert "Tổng: 1 nơi · đã gửi 1 · đã nhận 1" in status
    async with driver.runtime.sessions() as session:
        assert [r.acknowledged_at is not None for r in await session.scalars(select(BroadcastRecipient))] == [True]
