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
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


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


class MemoryLimiter:
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

    def _reserve(self, key: str, earliest: float, spacing: float) -> float:
        slot = max(self._next.get(key, earliest), earliest)
        self._next[key] = slot + spacing
        return slot

    async def wait_turn(self, channel: str, chat: str, is_group: bool) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        now = self._now()
        slot = self._reserve(f"{channel}:*", now, limits.overall_interval)
        slot = self._reserve(f"{channel}:{chat}", slot, limits.chat_spacing(is_group))
        if slot > now:
            await self._sleep(slot - now)

    async def note(self, channel: str, chat: str) -> None:
        limits = self.limits.get(channel)
        if limits is not None:
            self._reserve(f"{channel}:*", self._now(), limits.overall_interval)

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        until = self._now() + seconds
        for key in (f"{channel}:*", *([f"{channel}:{chat}"] if chat else [])):
            self._next[key] = max(self._next.get(key, until), until)


log = logging.getLogger(__name__)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # "no earlier than": any time long past
_RESERVE = text(
    """
    INSERT INTO rate_slots (key, next_at) VALUES (:key, GREATEST(clock_timestamp(), :earliest) + :spacing)
    ON CONFLICT (key) DO UPDATE
        SET next_at = GREATEST(rate_slots.next_at, clock_timestamp(), :earliest) + :spacing
    RETURNING next_at - :spacing AS slot, clock_timestamp() AS now
    """
)
_HOLD = text(
    """
    INSERT INTO rate_slots (key, next_at) VALUES (:key, clock_timestamp() + :pause)
    ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp() + :pause)
    """
)


class PostgresLimiter:
    """For several processes on one PostgreSQL database: each message reserves the next
    slot of the bot and of its chat in `rate_slots`, on the database's clock, so together
    the processes stay under the limits."""

    def __init__(
        self,
        engine: AsyncEngine,
        limits: Mapping[str, Limits],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ):
        self.engine, self.limits, self._sleep = engine, limits, sleep
        self._notes: set[asyncio.Task[None]] = set()

    async def note(self, channel: str, chat: str) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        # In the background: the answer must not wait for the database.
        task = asyncio.create_task(self._take(f"{channel}:*", limits.overall_interval))
        self._notes.add(task)
        task.add_done_callback(self._notes.discard)

    async def _take(self, key: str, spacing: float) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(_RESERVE, {"key": key, "earliest": _EPOCH, "spacing": timedelta(seconds=spacing)})

    async def wait_turn(self, channel: str, chat: str, is_group: bool) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        async with self.engine.begin() as connection:
            slot, now = (
                await connection.execute(
                    _RESERVE,
                    {
                        "key": f"{channel}:*",
                        "earliest": _EPOCH,
                        "spacing": timedelta(seconds=limits.overall_interval),
                    },
                )
            ).one()
        async with self.engine.begin() as connection:
            slot, now = (
                await connection.execute(
                    _RESERVE,
                    {
                        "key": f"{channel}:{chat}",
                        "earliest": slot,
                        "spacing": timedelta(seconds=limits.chat_spacing(is_group)),
                    },
                )
            ).one()
        wait = (slot - now).total_seconds()
        if wait > 0:
            await self._sleep(wait)

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        async with self.engine.begin() as connection:
            for key in (f"{channel}:*", *([f"{channel}:{chat}"] if chat else [])):
                await connection.execute(_HOLD, {"key": key, "pause": timedelta(seconds=seconds)})
