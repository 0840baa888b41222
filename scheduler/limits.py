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
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

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
        spacing = self.chat_interval / self.margin
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

    def expect(self, chats: Mapping[str, Collection[str]]) -> Awaitable[None]:
        """Messages to these chats (per channel) are about to wait for their turns."""

    def delivered(self, channel: str, chat: str, is_group: bool) -> None:
        """The channel answered for a message to ``chat``: its next one waits a full spacing
        from now, whatever the slot said."""

    def close(self) -> Awaitable[None]:
        """Release what the limiter holds (connections)."""


class NoLimiter:
    async def wait_turn(self, channel: str, chat: str, is_group: bool) -> None:
        return None

    async def note(self, channel: str, chat: str) -> None:
        return None

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        return None

    async def expect(self, chats: Mapping[str, Collection[str]]) -> None:
        return None

    def delivered(self, channel: str, chat: str, is_group: bool) -> None:
        return None

    async def close(self) -> None:
        return None


# A message that wakes this much after its slot (a pause of the process: garbage
# collection, a busy moment) takes a new slot instead: going late, it would bunch with the
# messages after it, and a second holding more than the limit earns a 429 for the whole bot.
LATE = 0.010
_LATE_RETAKES = 4
_NOTE_EVERY = 0.05  # seconds: how often direct answers are written to the shared limits
_DELIVERED_KEPT = 10_000  # chats whose last delivery is remembered before the old ones are dropped


class _Slots:
    """Waiting for a turn; the subclasses say where the next free moments are kept.

    A message waits until its chat may receive, then takes the bot's next slot (one slot,
    one message, so the bot's spacing holds whatever the chats do) and, in the same step,
    the chat's next free moment after that slot. At the slot it goes, with nothing more to
    ask: the time between a slot and the channel's door is what bunches messages. A message
    that wakes late, or finds a "retry after" given meanwhile, takes a new slot (and moves
    its chat's next moment with it).
    """

    limits: Mapping[str, Limits]
    _now: Callable[[], float]
    _sleep: Callable[[float], Awaitable[None]]
    _held_until: dict[str, float]
    _delivered_at: dict[str, float]

    async def _reserve(
        self, channel: str, chat: str, chat_spacing: float, bot_spacing: float
    ) -> tuple[float, float | None]:
        """Seconds until the chat may receive; when it may now, the bot's slot is reserved
        and the chat's next moment set after it: seconds until the slot (else None)."""
        raise NotImplementedError

    async def _retake(self, channel: str, chat: str | None, chat_spacing: float, bot_spacing: float) -> float:
        """A new bot slot (and the chat's next moment after it): seconds until the slot."""
        raise NotImplementedError

    async def _store_hold(self, keys: list[str], seconds: float) -> None:
        raise NotImplementedError

    async def _held_elsewhere(self, channel: str, chat: str) -> float:
        """Seconds left of a "retry after" that another process was given (0: none)."""
        return 0.0

    def _held(self, channel: str, chat: str) -> float:
        until = max(self._held_until.get(f"{channel}:*", 0.0), self._held_until.get(f"{channel}:{chat}", 0.0))
        return until - self._now()

    async def wait_turn(self, channel: str, chat: str, is_group: bool) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        chat_spacing, bot_spacing = limits.chat_spacing(is_group), limits.overall_interval
        # Slots space the moments messages leave; the channel counts when they arrive. A
        # message held up on its way (a busy machine, a slow network) would arrive right
        # before the next one, so the next waits a full spacing after the channel's answer.
        key = f"{channel}:{chat}"
        if (since := self._delivered_at.get(key)) is not None and (wait := since + chat_spacing - self._now()) > 0:
            await self._sleep(wait)
        while True:
            chat_wait, slot_wait = await self._reserve(channel, chat, chat_spacing, bot_spacing)
            if slot_wait is not None:
                break
            await self._sleep(max(chat_wait, 0.001))
        late_retakes = 0
        while True:
            if (held := self._held(channel, chat)) > 0:
                await self._sleep(held)
                slot_wait = await self._retake(channel, chat, chat_spacing, bot_spacing)
                continue
            slot_at = self._now() + slot_wait  # in the past when the reservation itself came late
            if slot_wait > 0:
                await self._sleep(slot_wait)
            if self._held(channel, chat) > 0:
                continue
            if self._now() - slot_at > LATE and late_retakes < _LATE_RETAKES:
                late_retakes += 1
                slot_wait = await self._retake(channel, chat, chat_spacing, bot_spacing)
                continue
            # The slot was reserved before: a "retry after" another process was given since
            # is for this one too. Asked at the slot, so that no send follows a 429 anywhere.
            if (elsewhere := await self._held_elsewhere(channel, chat)) > 0:
                self._remember_hold([f"{channel}:*", f"{channel}:{chat}"], elsewhere)
                continue
            return

    async def note(self, channel: str, chat: str) -> None:
        limits = self.limits.get(channel)
        if limits is not None:
            await self._retake(channel, None, 0.0, limits.overall_interval)

    async def expect(self, chats: Mapping[str, Collection[str]]) -> None:
        return None

    def delivered(self, channel: str, chat: str, is_group: bool) -> None:
        now = self._now()
        if len(self._delivered_at) >= _DELIVERED_KEPT:
            # Only a delivery less than a group's spacing ago can still hold a message back.
            horizon = now - max(limits.chat_spacing(True) for limits in self.limits.values())
            self._delivered_at = {key: at for key, at in self._delivered_at.items() if at > horizon}
        self._delivered_at[f"{channel}:{chat}"] = now

    async def close(self) -> None:
        return None

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        keys = [f"{channel}:*", *([f"{channel}:{chat}"] if chat else [])]
        self._remember_hold(keys, seconds)
        await self._store_hold(keys, seconds)

    def _remember_hold(self, keys: list[str], seconds: float) -> None:
        until = self._now() + seconds
        for key in keys:
            self._held_until[key] = max(self._held_until.get(key, until), until)


class MemoryLimiter(_Slots):
    """For one process (SQLite installations): the next free moments in a dictionary."""

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
        self._held_until = {}
        self._delivered_at = {}

    def _slot(self, key: str, spacing: float) -> float:
        now = self._now()
        slot = max(self._next.get(key, now), now)
        self._next[key] = slot + spacing
        return slot

    async def _reserve(
        self, channel: str, chat: str, chat_spacing: float, bot_spacing: float
    ) -> tuple[float, float | None]:
        chat_wait = self._next.get(f"{channel}:{chat}", 0.0) - self._now()
        if chat_wait > 0:
            return chat_wait, None
        return 0.0, await self._retake(channel, chat, chat_spacing, bot_spacing)

    async def _retake(self, channel: str, chat: str | None, chat_spacing: float, bot_spacing: float) -> float:
        slot = self._slot(f"{channel}:*", bot_spacing)
        if chat is not None and chat_spacing:
            key = f"{channel}:{chat}"
            self._next[key] = max(self._next.get(key, 0.0), slot + chat_spacing)
        return slot - self._now()

    async def _store_hold(self, keys: list[str], seconds: float) -> None:
        until = self._now() + seconds
        for key in keys:
            self._next[key] = max(self._next.get(key, until), until)


# One round trip: how long until the chat may receive and, when it may now, the bot's next
# slot and the chat's next moment after it. Rows are locked only for the statement
# (autocommit), so processes queue for microseconds. The chat's row must exist first (_KNOWN):
# a row that is not there cannot be locked, and two processes would both pass.
_RESERVE = text(
    """
    WITH chat AS (SELECT next_at FROM rate_slots WHERE key = :chat FOR UPDATE), bot AS (
        INSERT INTO rate_slots (key, next_at)
        SELECT :bot, clock_timestamp() + :bot_spacing
        WHERE COALESCE((SELECT next_at FROM chat), '-infinity') <= clock_timestamp()
        ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp()) + :bot_spacing
        RETURNING next_at - :bot_spacing AS slot
    ), used AS (
        INSERT INTO rate_slots (key, next_at) SELECT :chat, slot + :chat_spacing FROM bot
        ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, EXCLUDED.next_at)
    )
    SELECT EXTRACT(EPOCH FROM COALESCE((SELECT next_at FROM chat), clock_timestamp())), EXTRACT(EPOCH FROM slot)
    FROM (SELECT (SELECT slot FROM bot) AS slot) AS reserved
    """
)
_KNOWN = text(
    "INSERT INTO rate_slots (key, next_at) SELECT unnest(CAST(:chats AS VARCHAR[])), clock_timestamp() "
    "ON CONFLICT (key) DO NOTHING"
)
_RETAKE = text(
    """
    WITH bot AS (
        INSERT INTO rate_slots (key, next_at) VALUES (:bot, clock_timestamp() + :bot_spacing)
        ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp()) + :bot_spacing
        RETURNING next_at - :bot_spacing AS slot
    ), used AS (
        INSERT INTO rate_slots (key, next_at)
        SELECT CAST(:chat AS VARCHAR), slot + :chat_spacing FROM bot WHERE CAST(:chat AS VARCHAR) IS NOT NULL
        ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, EXCLUDED.next_at)
    )
    SELECT EXTRACT(EPOCH FROM (SELECT slot FROM bot))
    """
)
_HOLD = text(
    """
    INSERT INTO rate_slots (key, next_at) VALUES (:key, clock_timestamp() + :pause)
    ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(rate_slots.next_at, clock_timestamp() + :pause)
    """
)
# Until when the bot, or a chat, was told to wait: kept apart from the slots (whose next
# moment is ahead of now whenever messages are queued), so that a message whose slot was
# reserved before the pause can tell that the pause came since.
_HELD = text("SELECT EXTRACT(EPOCH FROM MAX(next_at)) FROM rate_slots WHERE key IN (:bot, :chat)")


def held_key(key: str) -> str:
    """The key of the pause of a slot's key: `telegram:*` -> `telegram:*held`,
    `telegram:42` -> `telegram:*held:42` (no chat id starts with `*`)."""
    channel, _, who = key.partition(":")
    return f"{channel}:*held" if who == "*" else f"{channel}:*held:{who}"


_CLOCK = text("SELECT EXTRACT(EPOCH FROM clock_timestamp())")
_CALIBRATE_EVERY = 60.0  # seconds: clocks drift far slower than that
_CALIBRATION_SAMPLES = 8
_KEEP_A_GOOD_MEASURE = 900.0  # seconds


class PostgresLimiter(_Slots):
    """For several processes on one PostgreSQL database: the next free moments of the bot
    and of each chat in `rate_slots`, on the database's clock, so that together the
    processes stay under the limits.

    Statements return moments on the database's clock, which this process maps to its own
    through an offset measured on the quickest of a few round trips: a wait computed by the
    database would be stale by the time its answer arrives, by however long that took, and
    a message late by that much would not know it."""

    def __init__(
        self,
        engine: AsyncEngine,
        limits: Mapping[str, Limits],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        now: Callable[[], float] | None = None,
        owns_engine: bool = False,
    ):
        self.engine, self.limits, self._sleep = engine.execution_options(isolation_level="AUTOCOMMIT"), limits, sleep
        self._engine, self._owns_engine = engine, owns_engine
        self._now = now or (lambda: asyncio.get_running_loop().time())
        self._held_until = {}
        self._delivered_at = {}
        self._offset: float | None = None  # the database's clock minus ours
        self._round_trip = 0.0  # of the sample that gave the offset
        self._measured_at = self._calibrated_at = 0.0
        self._calibrating = asyncio.Lock()
        self._noted: dict[str, int] = {}
        self._known: set[str] = set()  # chats whose row exists
        self._flush: asyncio.Task[None] | None = None

    async def _reserve(
        self, channel: str, chat: str, chat_spacing: float, bot_spacing: float
    ) -> tuple[float, float | None]:
        if not chat_spacing:
            return 0.0, await self._retake(channel, None, 0.0, bot_spacing)
        key = f"{channel}:{chat}"
        async with self.engine.connect() as connection:
            offset = await self._clock_offset(connection)
            if key not in self._known:
                await self._make_known(connection, [key])
            chat_free, slot = (
                await connection.execute(
                    _RESERVE,
                    {
                        "chat": key,
                        "chat_spacing": timedelta(seconds=chat_spacing),
                        "bot": f"{channel}:*",
                        "bot_spacing": timedelta(seconds=bot_spacing),
                    },
                )
            ).one()
        now = self._now()
        return float(chat_free) - offset - now, (float(slot) - offset - now if slot is not None else None)

    async def _clock_offset(self, connection: AsyncConnection) -> float:
        """The offset of the quickest round trip: the less time a sample took, the less its
        middle can be off. A busy minute's worse measure does not replace a recent good one."""
        if self._offset is not None and self._now() - self._calibrated_at <= _CALIBRATE_EVERY:
            return self._offset
        async with self._calibrating:  # one measure at a time: a crowd of them would slow each other
            if self._offset is not None and self._now() - self._calibrated_at <= _CALIBRATE_EVERY:
                return self._offset
            samples = []
            for _ in range(_CALIBRATION_SAMPLES):
                sent = self._now()
                database = float(await connection.scalar(_CLOCK))
                back = self._now()
                samples.append((back - sent, database - (sent + back) / 2))
            round_trip, offset = min(samples)
            kept_for = self._now() - self._measured_at
            if self._offset is None or round_trip <= 2 * self._round_trip or kept_for > _KEEP_A_GOOD_MEASURE:
                self._offset, self._round_trip, self._measured_at = offset, round_trip, self._now()
            self._calibrated_at = self._now()
        return self._offset

    async def expect(self, chats: Mapping[str, Collection[str]]) -> None:
        """Make the rows of a claimed batch's chats in one statement, not one each."""
        keys = [f"{channel}:{chat}" for channel, ids in chats.items() if channel in self.limits for chat in ids]
        if keys := [key for key in keys if key not in self._known]:
            async with self.engine.connect() as connection:
                await self._make_known(connection, keys)

    async def _make_known(self, connection: AsyncConnection, keys: list[str]) -> None:
        await connection.execute(_KNOWN, {"chats": keys})
        self._known.update(keys)

    async def close(self) -> None:
        await self.settle()
        if self._owns_engine:
            await self._engine.dispose()

    async def _retake(self, channel: str, chat: str | None, chat_spacing: float, bot_spacing: float) -> float:
        async with self.engine.connect() as connection:
            offset = await self._clock_offset(connection)
            slot = await connection.scalar(
                _RETAKE,
                {
                    "bot": f"{channel}:*",
                    "bot_spacing": timedelta(seconds=bot_spacing),
                    "chat": f"{channel}:{chat}" if chat is not None and chat_spacing else None,
                    "chat_spacing": timedelta(seconds=chat_spacing),
                },
            )
        return float(slot) - offset - self._now()

    async def note(self, channel: str, chat: str) -> None:
        limits = self.limits.get(channel)
        if limits is None:
            return
        # Counted here, written in the background a few at a time: an answer must not wait
        # for the database, nor cost a statement of its own.
        self._noted[channel] = self._noted.get(channel, 0) + 1
        if self._flush is None or self._flush.done():
            self._flush = asyncio.create_task(self._write_notes())

    async def settle(self) -> None:
        """Wait until the answers noted so far are written (for a clean stop)."""
        if self._flush is not None:
            await self._flush

    async def _write_notes(self) -> None:
        await asyncio.sleep(_NOTE_EVERY)
        noted, self._noted = self._noted, {}
        for channel, count in noted.items():
            try:
                await self._retake(channel, None, 0.0, count * self.limits[channel].overall_interval)
            except Exception:  # only the pacing of queued messages suffers
                log.warning("could not count direct answers in the rate limits", exc_info=True)

    async def _store_hold(self, keys: list[str], seconds: float) -> None:
        # The pauses first: they are what the other processes ask about at their slots.
        # One statement a key, each committed at once: never two rows locked together.
        async with self.engine.connect() as connection:
            for key in [*map(held_key, keys), *keys]:
                await connection.execute(_HOLD, {"key": key, "pause": timedelta(seconds=seconds)})

    async def _held_elsewhere(self, channel: str, chat: str) -> float:
        keys = {"bot": held_key(f"{channel}:*"), "chat": held_key(f"{channel}:{chat}")}
        async with self.engine.connect() as connection:
            offset = await self._clock_offset(connection)
            until = await connection.scalar(_HELD, keys)
        return 0.0 if until is None else float(until) - offset - self._now()
