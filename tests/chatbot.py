"""Running AgencyBot against the Telegram stand-in (and the Zalo one), for end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace

from base.clock import ManualClock
from bot.channels.zalo import ZaloChannel
from bot.runtime import Runtime, open_runtime
from bot.service import Service
from bot.settings import load_settings
from domain.actions import decode, encode
from seed.importer import bundled_plan, import_plan
from standins.telegram import SentMessage, TelegramStandIn
from standins.zalo import ZaloStandIn

# Tuesday 24 November 2026, 09:00 in Hồ Chí Minh City
START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
ADMIN = 1000
ZALO_ADMIN = "7000000000000000001"
ZALO_SECRET = "zalo-webhook-s3cret"
_CHOICE = re.compile(r"(\d+) = (.+?)(?=, \d+ = |\n|$)")


def choice_number(text: str, label: str) -> str:
    """The number a text offers for the choice whose label contains ``label``."""
    for number, offered in _CHOICE.findall(text):
        if label in offered:
            return number
    raise AssertionError(f"no choice {label!r} in {text!r}")


def every_button_round_trips(sent: list[str]) -> None:
    """Every button the bot sent in a test is one of its typed actions, written exactly as
    the codec writes it: nothing reaches a chat around the encoder."""
    for data in sent:
        assert encode(decode(data)) == data, data


@dataclass
class RunningBot:
    tg: TelegramStandIn
    runtime: Runtime
    clock: ManualClock
    service: Service
    zl: ZaloStandIn | None = None
    zalo: ZaloChannel | None = None
    pauses: list[float] = field(default_factory=list)  # what the Zalo channel would have slept

    def send_by_hand(self) -> None:
        """Queued messages wait for the test's own sender.send_pending(), as they would wait
        for the sending job, instead of going out after each answer."""
        self.service.scheduler = SimpleNamespace(get_job=lambda _id: None)  # type: ignore[assignment]

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

    async def zalo_ask(self, chat: str, text: str, **options) -> str:
        """Write on Zalo as a user and wait for the bot's first message in answer."""
        assert self.zl is not None
        self.zl.skip_unread(chat)
        self.zl.push_text(chat, text, **options)
        return (await self.zl.next_message(chat)).text

    async def zalo_choose(self, chat: str, label: str, **options) -> str:
        """Type the number last offered in the chat for ``label``; the bot's next message."""
        assert self.zl is not None
        await self.zl.wait_until(lambda: self._offer(chat, label), what=f"a choice {label!r}")
        return await self.zalo_ask(chat, choice_number(self._offer(chat, label) or "", label), **options)

    def _offer(self, chat: str, label: str) -> str | None:
        assert self.zl is not None
        return next((t for t in reversed(self.zl.texts(chat)) if "Trả lời " in t and label in t), None)

    async def zalo_link(self, chat: str, agency: str) -> None:
        invite = await self.zalo_ask(ZALO_ADMIN, f"/invite {agency}")
        code = re.search(r"/link (\S{12})", invite)[1]
        answer = await self.zalo_ask(chat, f"/link {code}")
        assert "Đã liên kết" in answer, answer


def _zalo_settings(zl: ZaloStandIn, webhook_port: int | None) -> dict[str, object]:
    settings: dict[str, object] = {
        "zalo_bot_token": zl.token,
        "zalo_api_base_url": zl.base_url,
        "admin_zalo_ids": ZALO_ADMIN,
        "zalo_rate_per_second": 0,
        "zalo_chat_interval_seconds": 0,
        "zalo_group_per_minute": 0,
    }
    if webhook_port is not None:
        settings |= {
            "zalo_webhook_url": f"https://127.0.0.1:{webhook_port}/zalo/hook",
            "zalo_webhook_secret": ZALO_SECRET,
            "zalo_webhook_listen": "127.0.0.1",
            "zalo_webhook_port": webhook_port,
        }
    return settings


@contextlib.asynccontextmanager
async def running_bot(
    database_url: str,
    *,
    webhook: tuple[str, str] | None = None,
    zalo: bool = False,
    zalo_webhook_port: int | None = None,
    **settings: object,
) -> AsyncIterator[RunningBot]:
    """The seeded plan, the stand-in and the bot polling it (or on a webhook: (url, secret));
    with ``zalo``, the Zalo stand-in and channel too, polling or on a webhook at that port.
    Sending limits are off unless ``settings`` sets them: tests do not wait for real seconds."""
    async with TelegramStandIn() as tg, contextlib.AsyncExitStack() as stack:
        zl = await stack.enter_async_context(ZaloStandIn()) if zalo else None
        overrides: dict[str, object] = {
            "database_url": database_url,
            "telegram_bot_token": tg.token,
            "telegram_api_base_url": tg.base_url,
            "admin_telegram_ids": str(ADMIN),
            "telegram_rate_per_second": 0,
            "telegram_chat_interval_seconds": 0,
            "telegram_group_per_minute": 0,
            **(_zalo_settings(zl, zalo_webhook_port) if zl else {}),
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
            tasks = [asyncio.create_task(channel.run(stop, web))]
            running = RunningBot(tg, runtime, clock, service, zl)
            if zl is not None:
                running.zalo = service.zalo()
                await stack.enter_async_context(running.zalo.client)

                async def no_wait(seconds: float) -> None:  # tests never wait for real seconds
                    running.pauses.append(seconds)
                    await asyncio.sleep(0)

                running.zalo.sleep = no_wait
                tasks.append(asyncio.create_task(running.zalo.run(stop, service.zalo_webhook())))
            try:
                if web is None:
                    await tg.wait_until(lambda: tg.is_polling, what="the bot polling")
                else:
                    await tg.wait_until(lambda: "setWebhook" in {c[0] for c in tg.calls}, what="the webhook")
                if zl is not None:
                    hooked = zalo_webhook_port is not None
                    await zl.wait_until(lambda: zl.webhook if hooked else zl.is_polling, what="the Zalo channel")
                yield running
            finally:
                stop.set()
                await asyncio.wait_for(asyncio.gather(*tasks), 10)
            every_button_round_trips(tg.callback_data)
