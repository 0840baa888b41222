"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

The bot runs against the Telegram stand-in with its dashboard in the same process; a user
writes /web in the stand-in chat, and the browser opens the link the bot sent. One browser
for the whole session, a fresh context (cookies) per user, several pages per test.

Set SCREENSHOTS_DIR to keep the overview's and an agency's screenshots (docs/screenshots
in the README were made so: SCREENSHOTS_DIR=docs/screenshots).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from chatbot import ADMIN
from conftest import fresh_postgres
from sqlalchemy import select
from web_support import DashboardBot, dashboard_bot

from db.models import DataFix
from domain.timeframes import Kind

playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is a dev dependency: make install")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own calls home are refused on this network: none is made.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HEALTH = 2001  # Sở Y tế's focal point
TRADE = 2003  # Sở Công Thương's
SUMMARY = re.compile(
    r"Chủ trì (?P<leads>\d+) nhiệm vụ · đến hạn năm nay (?P<due>\d+)\n"
    r"✅ (?P<done>\d+) · 🔄 (?P<in_progress>\d+) · ⛔ (?P<blocked>\d+) · ⚠️ quá hạn (?P<overdue>\d+) · "
    r"thường xuyên (?P<ongoing>\d+)"
)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `make browser` installs Debian's chromium")
    async with playwright_api.async_playwright() as playwright:
        found = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield found
        await found.close()


async def _page(browser, language: str = "vi-VN"):
    context = await browser.new_context(viewport={"width": 1280, "height": 1000}, locale=language)
    context.set_default_timeout(10_000)
    return context, await context.new_page()


async def _log_in(dash: DashboardBot, page, chat: int) -> None:
    """Open the link the bot sent for /web and press Continue: the overview opens."""
    await page.goto(await dash.link(chat))
    await page.get_by_role("button", name="Tiếp tục").click()
    await page.wait_for_url(f"{dash.url}/")


async def _cards(page) -> dict[str, int]:
    found = {}
    for card in await page.locator("dl.cards [data-count]").all():
        found[await card.get_attribute("data-count")] = int(await card.inner_text())
    return found


async def _column(page, table: str, index: int) -> list[str]:
    return [await row.locator("td").nth(index).inner_text() for row in await page.locator(f"{table} tbody tr").all()]


async def _activity(dash: DashboardBot) -> None:
    """Focal points report progress and a coordinator broadcasts, all through the chat."""
    bot = dash.bot
    await bot.link(HEALTH, "Sở Y tế")
    await bot.link(TRADE, "Sở Công Thương")
    for chat, text in (
        (HEALTH, "/done II.5 đã gửi báo cáo năm"),
        (HEALTH, "/blocked II.11 thiếu kinh phí <2026>"),
        (HEALTH, "/doing IV.13"),
        (HEALTH, "/doing I.4 đã trình dự thảo quy chế"),
        (HEALTH, "/blocked II.6 chờ bố trí kinh phí"),
        (TRADE, "/doing V.2"),
    ):
        answer = await bot.ask(chat, text)
        assert "Đã cập nhật" in answer.plain_text, answer.plain_text
    menu = await bot.ask(ADMIN, "/broadcast")
    await bot.press(menu, "Tất cả")
    await bot.tg.next_callback_answer()
    await bot.tg.next_edit(ADMIN)
    await bot.ask(ADMIN, "Họp giao ban quý IV: 8 giờ thứ Hai")
    await bot.tg.wait_until(lambda: bot.tg.sent(ADMIN)[-1].buttons, what="the preview")
    await bot.press(bot.tg.sent(ADMIN)[-1], "Gửi")
    await bot.tg.next_callback_answer()

    def received() -> list:
        return [m for m in bot.tg.sent(HEALTH) if any("Đã nhận" in label for row in m.buttons for label, _ in row)]

    await bot.tg.wait_until(received, what="the broadcast")
    await bot.press(received()[-1], "Đã nhận")
    await bot.tg.next_callback_answer()


async def test_a_coordinator_reads_every_page_from_the_link_the_bot_sent(browser, tmp_path: Path):
    async with dashboard_bot(f"sqlite:///{tmp_path / 'web.db'}") as dash:
        await _activity(dash)
        context, page = await _page(browser)
        await _log_in(dash, page, ADMIN)
        index, statuses = await dash.fresh_plans()
        today = dash.bot.clock().date()

        # The overview: the numbers of the database, and of /summary in the chat.
        counts = index.counts(None, today, statuses)
        cards = await _cards(page)
        assert cards == {name: getattr(counts, name) for name in cards} and len(cards) == 8
        summary = SUMMARY.search((await dash.bot.ask(ADMIN, "/summary")).plain_text)
        assert summary, "the chat's /summary"
        assert {name: int(value) for name, value in summary.groupdict().items()} == {
            name: cards[name] for name in summary.groupdict()
        }
        assert cards["done"] == 1 and cards["blocked"] == 1 and cards["in_progress"] >= 1
        sections = await _column(page, "table.sections", 2)  # tasks led, by section
        assert sum(int(n) for n in sections) == counts.leads
        assert await page.locator("table.sections svg.bar").count() == len(sections)
        await _shoot(page, "overview.png")

        # Agencies: the summary by agency; the table sorts in the browser, and opens a row.
        await page.get_by_role("link", name="Cơ quan", exact=True).click()
        await page.wait_for_url(f"{dash.url}/agencies")
        expected = index.by_agency(statuses, today)
        names = await _column(page, "#agencies", 0)
        assert names == [name for name, _ in expected]
        overdue = [int(n) for n in await _column(page, "#agencies", 8)]
        assert overdue == [c.overdue for _, c in expected]
        await page.locator("#agencies th[data-key=blocked]").click()  # sorted by the script, no reload
        blocked = [int(n) for n in await _column(page, "#agencies", 6)]
        assert blocked == sorted(blocked, reverse=True) and blocked[0] == 1
        assert await page.locator("#agencies th[data-key=blocked]").get_attribute("aria-sort") == "descending"
        await page.locator("#agencies th[data-key=open]").click()
        not_reported = [int(n) for n in await _column(page, "#agencies", 7)]
        assert not_reported == sorted(not_reported, reverse=True)
        await page.get_by_label("Lọc theo tên").fill("y te")  # filtered as typed, without diacritics
        visible = [
            await r.locator("td").first.inner_text() for r in await page.locator("#agencies tbody tr:visible").all()
        ]
        assert visible == [name for name, _ in expected if "y tế" in name.lower()] != []
        await page.get_by_label("Lọc theo tên").fill("")
        await page.locator("#agencies tbody tr", has_text="Sở Y tế").locator("td").nth(3).click()
        health = index.agency_ids["Sở Y tế"]
        await page.wait_for_url(f"{dash.url}/agencies/{health}")

        # An agency: its own counts, its tasks with statuses and notes, who follows it.
        cards = await _cards(page)
        own = index.counts((health,), today, statuses)
        assert cards == {name: getattr(own, name) for name in cards} and len(cards) == 9
        row = page.locator("table.tasks tr", has=page.locator("td.code", has_text=re.compile(r"^II\.11$")))
        await row.get_by_text("⛔ Vướng mắc").first.wait_for()
        assert "thiếu kinh phí <2026>" in await row.inner_text()
        assert "Test" in await page.locator("ul.followers").inner_text()
        await _shoot(page, "agency.png")

        # A task: content, leads, every agency's status by period, history.
        await row.locator("td.code a").click()
        task = index.by_code("II.11")[0]
        await page.wait_for_url(f"{dash.url}/tasks/{task.id}")
        assert task.content[:60] in await page.locator("p.content").inner_text()
        matrix = await page.locator("table.matrix").inner_text()
        assert "Sở Y tế" in matrix and "⛔ Vướng mắc" in matrix and "thiếu kinh phí <2026>" in matrix
        assert "thiếu kinh phí" in await page.locator("ul.history").inner_text()

        # Broadcasts: receipts and acknowledgements per agency.
        await page.get_by_role("link", name="Thông báo", exact=True).click()
        await page.locator("table.broadcasts a", has_text="1").click()
        await page.wait_for_url(f"{dash.url}/broadcasts/1")
        receipts = page.locator("table.sortable tr", has_text="Sở Y tế").locator("td")
        assert [await receipts.nth(n).inner_text() for n in range(1, 4)] == ["1", "1", "1"]  # chats, delivered, ack
        assert "Họp giao ban quý IV" in await page.locator("blockquote.message").inner_text()

        # Data quality: a coordinator sets an unread timeframe, recorded like /timeframe.
        await page.get_by_role("link", name="Chất lượng dữ liệu").click()
        blank = next(index.tasks[i] for i in index.order if index.tasks[i].timeframe.kind is Kind.BLANK)
        form = page.locator("form.fix", has=page.locator(f'input[name=task][value="{blank.id}"]'))
        await form.locator("input[name=timeframe]").fill("Quý I/2027")
        await form.get_by_role("button").click()
        await page.get_by_role("status").wait_for()
        assert f"NQ20 {blank.code}: “” → “Quý I/2027”" in await page.get_by_role("status").inner_text()
        async with dash.bot.runtime.sessions() as session:
            fix = (await session.scalars(select(DataFix))).one()
        assert fix.kind == "timeframe" and fix.detail["after"] == "Quý I/2027"

        # English, for the whole session.
        await page.get_by_role("link", name="English").click()
        await page.get_by_role("heading", name="Data quality").wait_for()
        await page.get_by_role("link", name="Overview").click()
        assert "Tasks led" in await page.locator("dl.cards").inner_text()
        await context.close()


async def test_links_roles_and_forms_are_refused_in_the_browser(browser, pg_template: str):
    url, drop = await fresh_postgres(pg_template)
    try:
        async with dashboard_bot(url) as dash:
            bot = dash.bot
            # A link works once: a second browser opening it is refused.
            link = await dash.link(ADMIN)
            context, page = await _page(browser)
            await page.goto(link)
            await page.get_by_role("button", name="Tiếp tục").click()
            await page.wait_for_url(f"{dash.url}/")
            other, intruder = await _page(browser)
            response = await intruder.goto(link)
            assert response.status == 410
            assert "đã được dùng" in await intruder.locator("main").inner_text()
            response = await intruder.goto(f"{dash.url}/")
            assert response.status == 401 and "/web" in await intruder.locator("main").inner_text()

            # A link past its ten minutes is refused, even before anyone used it.
            late = await dash.link(ADMIN)
            bot.clock.advance(timedelta(minutes=11))
            response = await intruder.goto(late)
            assert response.status == 410 and "hết hạn" in await intruder.locator("main").inner_text()

            # A focal point opening another agency's page.
            await bot.link(HEALTH, "Sở Y tế")
            await other.close()
            other, focal = await _page(browser)
            await _log_in(dash, focal, HEALTH)
            index, _ = await dash.fresh_plans()
            response = await focal.goto(f"{dash.url}/agencies/{index.agency_ids['Sở Công Thương']}")
            assert response.status == 403 and "Không có quyền" in await focal.locator("main").inner_text()
            response = await focal.goto(f"{dash.url}/quality")
            assert response.status == 403
            nav = await focal.locator("header nav").inner_text()
            assert "Cơ quan" in nav and "Chất lượng" not in nav and "Thông báo" not in nav
            await focal.goto(f"{dash.url}/agencies/{index.agency_ids['Sở Y tế']}")
            assert "Sở Y tế" in await focal.locator("h1").inner_text()

            # A form whose CSRF token was taken out is refused, and changes nothing.
            await page.goto(f"{dash.url}/quality")
            await page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
            form = page.locator("form.fix").first
            await form.locator("input[name=timeframe]").fill("Năm 2027")
            async with page.expect_navigation() as navigation:
                await form.get_by_role("button").click()
            assert (await navigation.value).status == 403
            assert "Biểu mẫu đã cũ" in await page.locator("main").inner_text()
            async with bot.runtime.sessions() as session:
                assert (await session.scalars(select(DataFix))).all() == []
            await context.close()
            await other.close()
    finally:
        await drop()


async def _shoot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(folder) / name))
