"""`agencybot run` and `agencybot chat`: wiring the core to its channels."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta

from bot.channels.telegram import TelegramChannel, WebhookSettings
from bot.channels.terminal import TerminalChannel
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.events import Notice
from bot.core.memory import ReadModel
from bot.runtime import Runtime
from bot.settings import Settings, telegram_file_url
from db import people
from db.engine import unit_of_work
from db.people import Who
from db.queries import agency_id_by_name

log = logging.getLogger(__name__)
TERMINAL_ADMIN = ("terminal", "admin")


def core_settings(settings: Settings) -> CoreSettings:
    admins = {("telegram", str(user_id)) for user_id in settings.admin_telegram_ids} | {TERMINAL_ADMIN}
    return CoreSettings(settings.zone, frozenset(admins), timedelta(days=settings.invite_ttl_days))


class Service:
    """The core and the channels it answers on; notices are routed to their channel."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.conversation = Conversation(
            runtime.sessions, core_settings(runtime.settings), runtime.clock, ReadModel(runtime.alias_table[1])
        )
        self.channels: dict[str, TelegramChannel | TerminalChannel] = {}

    async def deliver(self, notices: list[Notice]) -> None:
        for notice in notices:
            channel = self.channels.get(notice.channel)
            if channel is None:
                log.warning("no %s channel is running: a notice was not delivered", notice.channel)
                continue
            await channel.deliver(notice)

    async def unreachable(self, channel: str, chat_id: str) -> None:
        async with unit_of_work(self.runtime.sessions) as session:
            await people.mark_unreachable(session, channel, chat_id)

    def telegram(self) -> TelegramChannel:
        settings = self.runtime.settings
        assert settings.telegram_bot_token is not None
        channel = TelegramChannel(
            settings.telegram_bot_token.get_secret_value(),
            settings.telegram_api_base_url,
            telegram_file_url(settings.telegram_api_base_url),
            self.conversation.handle,
            self.deliver,
            self.unreachable,
        )
        self.channels["telegram"] = channel
        return channel

    def webhook(self) -> WebhookSettings | None:
        settings = self.runtime.settings
        if not settings.telegram_webhook_url or settings.telegram_webhook_secret is None:
            return None
        return WebhookSettings(
            settings.telegram_webhook_url,
            settings.telegram_webhook_secret.get_secret_value(),
            settings.telegram_webhook_listen,
            settings.telegram_webhook_port,
        )

    async def terminal(self, user_id: str, name: str) -> None:
        channel = TerminalChannel(self.conversation.handle, user_id, name)
        self.channels["terminal"] = channel
        await channel.run(self.deliver)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def serve(runtime: Runtime) -> None:
    """Telegram when a token is set; otherwise a terminal chat as an administrator."""
    service = Service(runtime)
    if runtime.settings.telegram_bot_token is None:
        log.info("no TELEGRAM_BOT_TOKEN: starting a terminal chat as an administrator")
        await service.terminal(TERMINAL_ADMIN[1], "Quản trị (terminal)")
        return
    stop = asyncio.Event()
    _stop_on_signals(stop)
    await service.conversation.warm_up()
    await service.telegram().run(stop, service.webhook())


async def chat_as(runtime: Runtime, agency: str) -> str | None:
    """A terminal chat as the focal point of ``agency``; returns an error message instead
    when no single agency matches."""
    service = Service(runtime)
    async with unit_of_work(runtime.sessions) as session:
        await service.conversation.model.refresh(session)
        match = service.conversation.model.index.directory.resolve(agency)
        name = getattr(match, "name", None)
        if name is None:
            options = getattr(match, "candidates", ()) or getattr(match, "suggestions", ())
            return f"no single agency matches {agency!r}" + (f": {'; '.join(options)}" if options else "")
        agency_id = await agency_id_by_name(session, name)
        assert agency_id is not None
        user_id = f"agency-{agency_id}"
        actor = await people.identify(
            session, Who("terminal", user_id, name, None, user_id, False, None), frozenset(), runtime.clock()
        )
        await people.link(session, agency_id, account_id=actor.account_id, by=None, now=runtime.clock())
    await service.terminal(user_id, f"Đầu mối {name}")
    return None
