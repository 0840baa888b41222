"""Sending as fast as a channel allows, and never faster.

A message waits for the next free slot of the whole bot and of its chat (slots spaced by
the limits). Hand-written because the limits (per bot, per chat, per group) and Telegram's
429 "retry after" belong to one bot token, and so must be shared by every process sending
for it: the PostgreSQL limiter reserves slots with one atomic statement per key, which no
in-process rate-limiting library does.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """A channel's limits. Telegram: about 30 messages a second in all, one a second in a
    chat, 20 a minute in a group."""

    per_second: float | None = 30.0  # None: no overall limit
    chat_interval: float = 1.0  # seconds between two messages to one chat
    group_per_minute: float | None = 20.0
    # Send a little under the limit: a message that leaves late must not make the next
    # second look too full to the channel.
    margin: float = 0.97

    @property
    def overall_interval(self) -> float:
        return 1.0 / (self.per_second * self.margin) if self.per_second else 0.0

    def chat_spacing(self, is_group: bool) -> float:
        spacing = self.chat_interval
        if is_group and self.group_per_minute:
            spacing = max(spacing, 60.0 / (self.group_per_minute * self.margin))
        return spacing


class Limiter(Protocol):
    def wait_turn(self, channel: str, chat: str, is_group: bool) -> Awaitable[None]:
        """Return when a message to ``chat`` may go."""

    def hold(self, channel: str, chat: str | None, seconds: float) -> Awaitable[None]:
        """The channel said "retry after": nothing more to the chat (None: to anyone) for a while."""

    def note(self, channel: str, chat: str) -> Awaitable[None]:
        """A direct answer is leaving now, without waiting: it takes the bot's next slot, so
        queued messages make room for it."""


class NoLimiter:
    async def wait_turn(self, channel: str, chat: str, is_group: bool) -> None:
        return None

    async def note(self, channel: str, chat: str) -> None:
        return None

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        return None


# A message that wakes this much after its slot (a pause of the process: garbage
# collection, a busy moment) takes a new slot instead: going late, it would bunch with the
# messages after it, and a second holding more than the limit earns a 429 for the whole bot.
LATE = 0.010
_ATTEMPTS = 4


class _Slots:
    """Waiting for a reserved slot; the subclasses say where slots are kept.

    A message first takes its chat's next slot, and only at that moment the bot's next
    slot: one bot slot is one message, so the bot's spacing holds whatever the chats do.
    """

    limits: Mapping[str, Limits]
    _now: Callable[[], float]
    _sleep: Callable[[float], Awaitable[None]]

    async def _reserve(
        self, channel: str, chat: str, chat_spacing: float, bot_spacing: float
    ) -> tuple[float, float | None]:
        """Reserve the chat's next slot: (seconds until it, and when that is now, seconds
        until the bot's slot also reserved; else None)."""
        raise NotImplementedError

    async def _reserve_bot(self, channel: str, bot_spacing: float) -> float:
        """Reserve the bot's next slot: seconds until it."""
        raise NotImplementedError

    async def wait_turn(self, channel: str, chat: str, is_group: bool) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        chat_wait, bot_wait = await self._reserve(channel, chat, limits.chat_spacing(is_group), limits.overall_interval)
        if bot_wait is None:
            await self._sleep(chat_wait)
            bot_wait = await self._reserve_bot(channel, limits.overall_interval)
        for _ in range(_ATTEMPTS):
            wait = max(bot_wait, 0.0)
            woke = self._now() + wait
            if wait:
                await self._sleep(wait)
            if self._now() - woke <= LATE:
                return
            bot_wait = await self._reserve_bot(channel, limits.overall_interval)

    async def note(self, channel: str, chat: str) -> None:
        limits = self.limits.get(channel)
        if limits is not None:
            await self._reserve_bot(channel, limits.overall_interval)


class MemoryLimiter(_Slots):
    """For one process (SQLite installations): slots kept in a dictionary."""

    def __init__(
        self,
        limits: Mapping[str, Limits],
        now: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ):
        self.limits = limits
        self._now = now or (lambda: asyncio.get_running_loop().time())
        self._sleep = sleep
        self._next: dict[str, float] = {}

    def _take(self, key: str, spacing: float) -> float:
        now = self._now()
        slot = max(self._next.get(key, now), now)
        self._next[key] = slot + spacing
        return slot - now

    async def _reserve(
        self, channel: str, chat: str, chat_spacing: float, bot_spacing: float
    ) -> tuple[float, float | None]:
        chat_wait = self._take(f"{channel}:{chat}", chat_spacing)
        return chat_wait, (self._take(f"{channel}:*", bot_spacing) if chat_wait <= 0 else None)

    async def _reserve_bot(self, channel: str, bot_spacing: float) -> float:
        return self._take(f"{channel}:*", bot_spacing)

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        until = self._now() + seconds
        for key in (f"{channel}:*", *([f"{channel}:{chat}"] if chat else [])):
            self._next[key] = max(self._next.get(key, until), until)


# One round trip: the chat's next slot and, when that is now, the bot's. Rows are locked
# only for the statement (autocommit), so processes queue for microseconds.
_RESERVE = text(
    """
    WITH chat AS (
        INSERT INTO rate_slots (key, next_at) VALUES (:chat, clock_timestamp() + :chat_spacing)
        ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp()) + :chat_spacing
        RETURNING next_at - :chat_spacing AS slot
    ), bot AS (
        INSERT INTO rate_slots (key, next_at)
        SELECT :bot, clock_timestamp() + :bot_spacing FROM chat WHERE chat.slot <= clock_timestamp()
        ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp()) + :bot_spacing
        RETURNING next_at - :bot_spacing AS slot
    )
    SELECT chat.slot, (SELECT slot FROM bot), clock_timestamp() FROM chat
    """
)
_TAKE = text(
    """
    INSERT INTO rate_slots (key, next_at) VALUES (:key, clock_timestamp() + :spacing)
    ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp()) + :spacing
    RETURNING next_at - :spacing - clock_timestamp()
    """
)
_HOLD = text(
    """
    INSERT INTO rate_slots (key, next_at) VALUES (:key, clock_timestamp() + :pause)
    ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp() + :pause)
    """
)


class PostgresLimiter(_Slots):
    """For several processes on one PostgreSQL database: each message reserves the next
    slot of its chat and of the bot in `rate_slots`, on the database's clock, so together
    the processes stay under the limits."""

    def __init__(
        self,
        engine: AsyncEngine,
        limits: Mapping[str, Limits],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        now: Callable[[], float] | None = None,
    ):
        self.engine, self.limits, self._sleep = engine.execution_options(isolation_level="AUTOCOMMIT"), limits, sleep
        self._now = now or (lambda: asyncio.get_running_loop().time())
        self._notes: set[asyncio.Task[float]] = set()

    async def _reserve(
        self, channel: str, chat: str, chat_spacing: float, bot_spacing: float
    ) -> tuple[float, float | None]:
        async with self.engine.connect() as connection:
            chat_slot, bot_slot, now = (
                await connection.execute(
                    _RESERVE,
                    {
                        "chat": f"{channel}:{chat}",
                        "chat_spacing": timedelta(seconds=chat_spacing),
                        "bot": f"{channel}:*",
                        "bot_spacing": timedelta(seconds=bot_spacing),
                    },
                )
            ).one()
        return (chat_slot - now).total_seconds(), (bot_slot - now).total_seconds() if bot_slot else None

    async def _reserve_bot(self, channel: str, bot_spacing: float) -> float:
        async with self.engine.connect() as connection:
            wait = await connection.scalar(_TAKE, {"key": f"{channel}:*", "spacing": timedelta(seconds=bot_spacing)})
        return wait.total_seconds()

    async def note(self, channel: str, chat: str) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        # In the background: the answer must not wait for the database.
        task = asyncio.create_task(self._noted(channel, limits.overall_interval))
        self._notes.add(task)
        task.add_done_callback(self._notes.discard)

    async def _noted(self, channel: str, spacing: float) -> float:
        try:
            return await self._reserve_bot(channel, spacing)
        except Exception:  # only the pacing of queued messages suffers
            log.warning("could not count a direct answer in the rate limits", exc_info=True)
            return 0.0

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        async with self.engine.connect() as connection:
            for key in (f"{channel}:*", *([f"{channel}:{chat}"] if chat else [])):
                await connection.execute(_HOLD, {"key": key, "pause": timedelta(seconds=seconds)})
