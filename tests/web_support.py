"""The bot with its dashboard, for the dashboard's tests: the seeded plan, the Telegram
stand-in, and the dashboard served by the same Service on a free port of 127.0.0.1."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from chatbot import RunningBot, running_bot

from db.snapshot import load_index, load_statuses
from domain.plan_index import PlanIndex, StatusBook

LINK = re.compile(r"https?://\S+/login/([A-Za-z0-9_-]+)")


@dataclass
class DashboardBot:
    bot: RunningBot
    url: str

    async def link(self, chat: int) -> str:
        """The one-time link the bot answers /web with, in the user's private chat."""
        answer = await self.bot.ask(chat, "/web")
        found = LINK.search(answer.plain_text or "")
        assert found, answer.plain_text
        return f"{self.url}/login/{found[1]}"

    async def fresh_plans(self) -> tuple[PlanIndex, StatusBook]:
        """The plans and statuses read from the database now, not from any copy in memory."""
        async with self.bot.runtime.sessions() as session:
            index = await load_index(session, self.bot.runtime.alias_table[1])
            return index, await load_statuses(session)


@contextlib.asynccontextmanager
async def dashboard_bot(database_url: str, **settings: object) -> AsyncIterator[DashboardBot]:
    async with (
        running_bot(database_url, web_port=0, **settings) as bot,
        bot.service.dashboard(tell=lambda _url: None) as url,
    ):
        assert url is not None and bot.service.web is not None
        # Where it listens, whatever address WEB_PUBLIC_URL gives the links: tests stay on 127.0.0.1.
        yield DashboardBot(bot, f"http://127.0.0.1:{bot.service.web.port}")


def browser_session() -> aiohttp.ClientSession:
    """An HTTP client keeping cookies for 127.0.0.1 (aiohttp drops cookies of bare IPs unless told)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def log_in(http: aiohttp.ClientSession, dash: DashboardBot, chat: int) -> None:
    link = await dash.link(chat)
    token = link.rsplit("/", 1)[1]
    async with http.post(f"{dash.url}/login", data={"token": token}, allow_redirects=False) as response:
        assert response.status == 303, await response.text()


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert found, "no CSRF token on the page"
    return found[1]


def counts_on(page: str) -> dict[str, int]:
    """The count cards of a page, by name (data-count="overdue" ...)."""
    return {name: int(value) for name, value in re.findall(r'data-count="(\w+)">(\d+)<', page)}
