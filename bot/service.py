"""`agencybot run` and `agencybot chat`: wiring the core, the channels, the reminders and
the one sender."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from base.delivery import Deliverer
from base.events import Notice, Outcome
from bot.channels.telegram import TelegramChannel, WebhookSettings
from bot.channels.terminal import TerminalChannel
from bot.channels.zalo import ZaloChannel, ZaloWebhook
from bot.channels.zalo_client import ZaloClient
from bot.core.choices import DatabaseChoices, NumberedChoices
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.memory import ReadModel
from bot.core.reminder_views import ChatDigestWriter
from bot.redaction import hide
from bot.runtime import Runtime
from bot.settings import Settings, hour_minute, telegram_file_url
from bot.web.app import DashboardUnavailable, WebServer
from db.engine import make_engine, unit_of_work
from db.outbox import chat_row, enqueue
from domain.agencies import AliasTable
from domain.calendar import OfficeCalendar
from scheduler.digests import DigestSettings, buttons_of
from scheduler.jobs import ReminderService, ReminderSettings, schedule, send_soon
from scheduler.limits import Limiter, Limits, MemoryLimiter, NoLimiter, PostgresLimiter
from scheduler.sender import Sender, worker_name

log = logging.getLogger(__name__)
TERMINAL_ADMIN = ("terminal", "admin")


def core_settings(settings: Settings, calendar: OfficeCalendar, alias_table: AliasTable | None = None) -> CoreSettings:
    admins = {("telegram", str(user_id)) for user_id in settings.admin_telegram_ids} | {TERMINAL_ADMIN}
    admins |= {("zalo", user_id) for user_id in settings.admin_zalo_ids}
    return CoreSettings(
        settings.zone,
        frozenset(admins),
        timedelta(days=settings.invite_ttl_days),
        calendar=calendar,
        snooze_days=settings.reminder_snooze_days,
        reminder_hour=hour_minute(settings.reminder_hour),
        policy=settings.policy,
        alias_table=alias_table or AliasTable((), {}),
        upload_limit=int(settings.plan_upload_max_mb * 2**20),
        web_url=settings.web_url() if settings.web_enabled else None,
        web_link_ttl=timedelta(minutes=settings.web_link_minutes),
        horizon_days=settings.reminder_horizon_days,
    )


__all__ = ["DashboardUnavailable"]  # raised by Service.dashboard() (bot.web.app)


def announce(url: str) -> None:
    """Where the dashboard is, for whoever started the service."""
    print(f"Dashboard: {url} (type /web in the chat for a login link)", flush=True)


def channel_limits(settings: Settings) -> dict[str, Limits]:
    """Each channel's limits for its bot token, apart from the others'; a channel whose
    limits are all 0 is not limited at all."""
    limits = {
        "telegram": Limits(
            per_second=settings.telegram_rate_per_second or None,
            chat_interval=settings.telegram_chat_interval_seconds,
            group_per_minute=settings.telegram_group_per_minute or None,
        ),
        "zalo": Limits(
            per_second=settings.zalo_rate_per_second or None,
            chat_interval=settings.zalo_chat_interval_seconds,
            group_per_minute=settings.zalo_group_per_minute or None,
        ),
    }
    return {
        channel: limit
        for channel, limit in limits.items()
        if limit.per_second is not None or limit.chat_interval or limit.group_per_minute is not None
    }


def limiter(runtime: Runtime) -> Limiter:
    """The limits belong to the bot tokens: on PostgreSQL, where several processes may send
    for them, they are kept in the database; on SQLite (one process) in memory."""
    limits = channel_limits(runtime.settings)
    if not limits:
        return NoLimiter()
    if runtime.engine.dialect.name == "postgresql":
        # A pool of its own, as large as the limiter ever needs: in the application's pool,
        # the sender's workers overflowed it and every statement paid for a new connection.
        # Its statements need not wait for the disk: a slot lost in a crash is worth nothing.
        off = {"server_settings": {"synchronous_commit": "off"}}
        engine = make_engine(runtime.engine.url, pool_size=4, max_overflow=0, connect_args=off)
        shared = PostgresLimiter(engine, limits, owns_engine=True)
        runtime.closers.append(shared.close)
        return shared
    return MemoryLimiter(limits)


def reminder_settings(settings: Settings, calendar: OfficeCalendar) -> ReminderSettings:
    digests = DigestSettings(
        settings.zone,
        calendar,
        ChatDigestWriter(),
        settings.reminder_catch_up_days,
        hour_minute(settings.reminder_hour),
        settings.reminder_snooze_days,
    )
    return ReminderSettings(settings.policy, digests, settings.reminder_horizon_days)


class Service:
    """The core, the channels it answers on, the reminders, and the sender they share."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        calendar = OfficeCalendar()
        self.conversation = Conversation(
            runtime.sessions,
            core_settings(runtime.settings, calendar, runtime.alias_table),
            runtime.clock,
            ReadModel(runtime.alias_table[1], report_due=runtime.settings.policy.report_due),
        )
        # The "last seen" writes after the last answers, before the database is let go.
        runtime.closers.append(self.conversation.drain)
        self.channels: dict[str, Deliverer] = {}
        self.limiter = limiter(runtime)
        self.sender = Sender(
            runtime.sessions,
            runtime.clock,
            self.channels,
            worker_name(),
            limiter=self.limiter,
            concurrency=runtime.settings.sender_concurrency,
        )
        self.reminders = ReminderService(
            runtime.sessions, runtime.clock, reminder_settings(runtime.settings, calendar), self.sender
        )
        self.scheduler: AsyncIOScheduler | None = None
        self.web: WebServer | None = None

    @contextlib.asynccontextmanager
    async def dashboard(self, tell: Callable[[str], None] = announce) -> AsyncIterator[str | None]:
        """The dashboard on WEB_LISTEN:WEB_PORT, in this process and on the same copy of the
        plans as the chat, for as long as the service runs; its address (None: turned off)."""
        settings = self.runtime.settings
        if not settings.web_enabled:
            yield None
            return
        self.web = WebServer(self.runtime, self.conversation.model, self.conversation.settings.admins)
        url = await self.web.start()
        # /web links name the address actually bound (WEB_PORT=0 takes a free port).
        self.conversation.settings = replace(self.conversation.settings, web_url=url)
        tell(url)
        try:
            yield url
        finally:
            await self.web.stop()
            self.web = None

    async def after(self, outcome: Outcome) -> None:
        """After an answer: notices for other chats go through the outbox like everything that
        is not a direct answer, and the sender runs now if anything was queued."""
        if outcome.notices:
            await self._queue_notices(outcome.notices)
        if not (outcome.notices or outcome.queued):
            return
        if self.scheduler is not None:
            send_soon(self.scheduler, self.runtime.clock())
        else:
            await self.sender.send_pending()

    async def _queue_notices(self, notices: list[Notice]) -> None:
        async with unit_of_work(self.runtime.sessions) as session:
            for notice in notices:
                chat_id = await chat_row(session, notice.channel, notice.chat_id)
                if chat_id is None:
                    log.warning("a notice for an unknown %s chat was dropped", notice.channel)
                    continue
                await enqueue(
                    session, chat_id, "notice", notice.reply.text, buttons_of(notice.reply), self.runtime.clock()
                )

    def telegram(self) -> TelegramChannel:
        settings = self.runtime.settings
        assert settings.telegram_bot_token is not None
        channel = TelegramChannel(
            settings.telegram_bot_token.get_secret_value(),
            settings.telegram_api_base_url,
            telegram_file_url(settings.telegram_api_base_url),
            self.conversation.handle,
            self.after,
        )
        channel.direct_turn = partial(self.limiter.note, "telegram")
        hide(settings.telegram_bot_token.get_secret_value())
        self.channels["telegram"] = channel
        return channel

    def zalo(self) -> ZaloChannel:
        settings = self.runtime.settings
        assert settings.zalo_bot_token is not None
        channel = ZaloChannel(
            ZaloClient(settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base_url),
            self.conversation.handle,
            self.after,
            NumberedChoices("zalo", DatabaseChoices(self.runtime.sessions)),
            retry_after=settings.zalo_retry_after_seconds,
        )
        channel.direct_turn = partial(self.limiter.note, "zalo")
        self.channels["zalo"] = channel
        return channel

    def zalo_webhook(self) -> ZaloWebhook | None:
        settings = self.runtime.settings
        if not settings.zalo_webhook_url or settings.zalo_webhook_secret is None:
            return None
        return ZaloWebhook(
            settings.zalo_webhook_url,
            settings.zalo_webhook_secret.get_secret_value(),
            settings.zalo_webhook_listen,
            settings.zalo_webhook_port,
        )

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

    @contextlib.asynccontextmanager
    async def scheduled(self) -> AsyncIterator[None]:
        """The reminder and sending jobs, for as long as the service runs."""
        self.scheduler = schedule(self.reminders, self.runtime.clock())
        self.scheduler.start()
        try:
            yield
        finally:
            await self.sender.stop()  # what is being sent finishes; the rest waits for the next start
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
            self.reminders.plan_soon = self.reminders.queue_soon = None

    async def terminal(self, user_id: str, name: str) -> None:
        channel = TerminalChannel(self.conversation.handle, user_id, name, files=Path.cwd())
        self.channels["terminal"] = channel
        await channel.run(self.after)


def settle_memory() -> None:
    """What a process keeps for its life (the plans in memory, the libraries) is set aside
    from the garbage collector once loaded: a full collection would otherwise walk all of
    it now and then, holding up answers and sends for a tenth of a second or more."""
    gc.collect()
    gc.freeze()


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_together(runs: list[Awaitable[None]], stop: asyncio.Event) -> None:
    """Channels side by side until ``stop``; when one fails, the others stop too and its
    error is raised."""
    tasks = [asyncio.ensure_future(run) for run in runs]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        if (error := task.exception()) is not None:
            raise error


async def serve(runtime: Runtime) -> None:
    """Telegram and Zalo, each when its token is set, in one process; with neither, a
    terminal chat as an administrator. The reminders run in every case."""
    service = Service(runtime)
    # The plans load while the channels start: a focal point asking about its own tasks is
    # answered at once, other questions wait for them (Conversation._while_loading).
    loading = asyncio.create_task(_load(service))
    try:
        await _serve(service)
    finally:
        loading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loading


async def _load(service: Service) -> None:
    started = time.monotonic()
    try:
        await service.conversation.warm_up()
    except Exception:  # the next question loads them again, and says so if it cannot
        log.exception("could not load the plans at start")
    else:
        settle_memory()
        log.info("plans loaded in %.1f s", time.monotonic() - started)
    await service.conversation.keep_fresh()  # until the service stops


async def _serve(service: Service) -> None:
    runtime = service.runtime
    settings = runtime.settings
    if settings.telegram_bot_token is None and settings.zalo_bot_token is None:
        log.info("no TELEGRAM_BOT_TOKEN nor ZALO_BOT_TOKEN: starting a terminal chat as an administrator")
        async with service.dashboard(), service.scheduled():
            await service.terminal(TERMINAL_ADMIN[1], "Quản trị (terminal)")
        return
    stop, channels_stop = asyncio.Event(), asyncio.Event()
    _stop_on_signals(stop)

    async def stop_sending_first() -> None:
        # The sender finishes what it is sending while the channels still work.
        await stop.wait()
        await service.sender.stop()
        channels_stop.set()

    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(service.dashboard())
        runs = []
        if settings.telegram_bot_token is not None:
            runs.append(service.telegram().run(channels_stop, service.webhook()))
        if settings.zalo_bot_token is not None:
            zalo = service.zalo()
            await stack.enter_async_context(zalo.client)
            runs.append(zalo.run(channels_stop, service.zalo_webhook()))
        async with service.scheduled():
            stopping = asyncio.create_task(stop_sending_first())
            try:
                await run_together(runs, channels_stop)
            finally:
                stop.set()
                await stopping
