"""Running AgencyBot against the Telegram stand-in, for end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.clock import ManualClock
from bot.runtime import Runtime, open_runtime
from bot.service import Service
from bot.settings import load_settings
from seed.importer import bundled_plan, import_plan
from standins.telegram import SentMessage, TelegramStandIn

# Tuesday 24 November 2026, 09:00 in Hồ Chí Minh City
START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
ADMIN = 1000


@dataclass
class RunningBot:
    tg: TelegramStandIn
    runtime: Runtime
    clock: ManualClock
    service: Service

    async def ask(self, chat: int, text: str, **options) -> SentMessage:
        """Send a message as a user and wait for the bot's first answer."""
        self.tg.push_text(chat, text, **options)
        return await self.tg.next_message(chat)

    async def press(self, message: SentMessage, label: str, *, user_id: int | None = None) -> None:
        data = next(data for row in message.buttons for text, data in row if label in text)
        self.tg.press(message, data, user_id=user_id)

    async def link(self, chat: int, agency: str, **options) -> None:
        """Link a user to an agency the way a coordinator would: an invitation code."""
        invite = await self.ask(ADMIN, f"/invite {agency}")
        code = invite.plain_text.split("/link ")[-1].split()[0]
        answer = await self.ask(chat, f"/start {code}", **options)
        assert "liên kết" in answer.plain_text.lower() or "linked" in answer.plain_text.lower(), answer.plain_text


@contextlib.asynccontextmanager
async def running_bot(
    database_url: str, *, webhook: tuple[str, str] | None = None, **settings: object
) -> AsyncIterator[RunningBot]:
    """The seeded plan, the stand-in and the bot polling it (or on a webhook: (url, secret)).
    Sending limits are off unless ``settings`` sets them: tests do not wait for real seconds."""
    async with TelegramStandIn() as tg:
        overrides: dict[str, object] = {
            "database_url": database_url,
            "telegram_bot_token": tg.token,
            "telegram_api_base_url": tg.base_url,
            "admin_telegram_ids": str(ADMIN),
            "telegram_rate_per_second": 0,
            "telegram_chat_interval_seconds": 0,
            "telegram_group_per_minute": 0,
            **settings,
        }
        if webhook:
            url, secret = webhook
            port = int(url.split(":")[2].split("/")[0])
            overrides |= {
                "telegram_webhook_url": url.replace("http://", "https://"),
                "telegram_webhook_secret": secret,
                "telegram_webhook_listen": "127.0.0.1",
                "telegram_webhook_port": port,
            }
        settings = load_settings(_env_file=None, **overrides)
        clock = ManualClock(START)
        async with open_runtime(settings, clock) as runtime:
            await import_plan(runtime.sessions, bundled_plan(), alias_table=runtime.alias_table, now=clock())
            service = Service(runtime)
            channel = service.telegram()
            stop = asyncio.Event()
            web = service.webhook()
            if web is not None:  # the stand-in only posts to plain http on this machine
                web.url = web.url.replace("https://", "http://")
            task = asyncio.create_task(channel.run(stop, web))
            try:
                if web is None:
                    await tg.wait_until(lambda: tg.is_polling, what="the bot polling")
                else:
                    await tg.wait_until(lambda: "setWebhook" in {c[0] for c in tg.calls}, what="the webhook")
                yield RunningBot(tg, runtime, clock, service)
            finally:
                stop.set()
                await asyncio.wait_for(task, 10)
