"""Sending limits: the limiters' slots (in memory and shared through PostgreSQL), and the sender
through the real Telegram client against the stand-in with its flood limits on: no 429 at the
channel's own limits, retry_after obeyed, blocked chats, rejected messages, dead workers' leases."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import os
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Coroutine
from datetime import timedelta
from typing import Any

import pytest
from chatbot import RunningBot, running_bot
from conftest import fresh_postgres
from sqlalchemy import select, text, update

from base.delivery import RetryLater
from db import outbox, people
from db.engine import make_engine, unit_of_work
from db.models import ChatRoom, OutboxMessage
from scheduler.limits import Limits, MemoryLimiter, NoLimiter, PostgresLimiter
from scheduler.sender import SendReport

# Rates and spacings in real seconds: on a machine shared with other tests they would measure the load.
pytestmark = pytest.mark.realtime

TG = "telegram"
TELEGRAM = Limits()  # Telegram's: 30 a second, 1 a second in a chat, 20 a minute in a group
MARGIN = TELEGRAM.margin  # a little under the limits
EPS = 1e-9


class SimTime:
    """Simulated time for the limiter, no real waiting: every sleep it asks for is recorded, sleeping
    turns wake in order of their wake times, and the clock jumps to each wake time."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.waits: list[float] = []
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        woken = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.t + seconds, next(self._order), woken))
        await woken

    async def run(self, *turns: Coroutine[Any, Any, float]) -> list[float]:
        """Run turns together (started in the order given) to the end; their results."""
        tasks = [asyncio.ensure_future(turn) for turn in turns]
        while True:
            for _ in range(5):  # let every turn that can run reach its next sleep (or its end)
                await asyncio.sleep(0)
            if all(task.done() for task in tasks):
                return [task.result() for task in tasks]
            assert self._sleepers, "turns neither finished nor asleep"
            when, _, woken = heapq.heappop(self._sleepers)
            self.t = max(self.t, when)
            woken.set_result(None)


def memory_limiter(sim: SimTime, limits: Limits = TELEGRAM) -> MemoryLimiter:
    return MemoryLimiter({TG: limits}, now=sim.now, sleep=sim.sleep)


async def goes_at(limiter: MemoryLimiter, sim: SimTime, chat: str, is_group: bool = False) -> float:
    """When a message to ``chat`` leaves: the moment its turn comes."""
    await limiter.wait_turn(TG, chat, is_group)
    return sim.t


async def goes_at_channel(limiter: MemoryLimiter, sim: SimTime, channel: str, chat: str) -> float:
    await limiter.wait_turn(channel, chat, False)
    return sim.t


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


def most_in_a_window(times: list[float], span: float) -> int:
    """The most messages in any window [s, s + span) that starts at a message."""
    return max(sum(1 for t in times if s <= t < s + span) for s in times)


# --- the in-memory limiter ----------------------------------------------------------------------


async def test_messages_to_many_chats_are_spaced_by_the_overall_rate_and_no_more():
    sim = SimTime()
    limiter = memory_limiter(sim)
    start = sim.t
    times = sorted(await sim.run(*(goes_at(limiter, sim, str(chat)) for chat in range(90))))
    assert 0.9 <= MARGIN < 1
    interval = 1 / (30 * MARGIN)
    assert TELEGRAM.overall_interval == pytest.approx(interval)
    assert times[0] == start  # the first goes at once
    assert min(gaps(times)) >= interval - EPS
    assert most_in_a_window(times, 1.0) <= 30
    # As fast as allowed: 90 messages in 89 intervals, a little over 3 seconds at 30 a second.
    assert times[-1] - start == pytest.approx(89 * interval)
    # One after the other (each waiting for the one before), the same.
    sim = SimTime()
    limiter = memory_limiter(sim)
    times = [(await sim.run(goes_at(limiter, sim, str(chat))))[0] for chat in range(90)]
    assert min(gaps(times)) >= interval - EPS
    assert times[-1] - times[0] == pytest.approx(89 * interval)


async def test_two_messages_to_one_chat_are_a_second_apart_and_other_chats_do_not_wait_for_them():
    sim = SimTime()
    limiter = memory_limiter(sim)
    start = sim.t
    first, second, other = await sim.run(
        goes_at(limiter, sim, "A"), goes_at(limiter, sim, "A"), goes_at(limiter, sim, "B")
    )
    assert first == start
    assert second - first >= 1.0 - EPS
    assert other - start == pytest.approx(TELEGRAM.overall_interval)  # the bot's next slot, not A's


async def test_two_messages_to_one_chat_are_a_second_apart_behind_a_queue():
    sim = SimTime()
    limiter = memory_limiter(sim)
    turns = [goes_at(limiter, sim, str(chat)) for chat in range(15)]  # the bot's queue: half a second
    *_, first, second = await sim.run(*turns, goes_at(limiter, sim, "A"), goes_at(limiter, sim, "A"))
    assert second - first >= 1.0 - EPS


async def test_a_group_gets_twenty_messages_a_minute_at_most():
    sim = SimTime()
    limiter = memory_limiter(sim)
    times = await sim.run(*(goes_at(limiter, sim, "-100", is_group=True) for _ in range(21)))
    spacing = 60 / (20 * MARGIN)
    assert TELEGRAM.chat_spacing(is_group=True) == pytest.approx(spacing)
    assert TELEGRAM.chat_spacing(is_group=False) == pytest.approx(1.0 / MARGIN)
    assert min(gaps(sorted(times))) >= spacing - EPS
    assert most_in_a_window(times, 60.0) <= 20
    # A private chat with the same number is not a group: a second apart only.
    sim = SimTime()
    limiter = memory_limiter(sim)
    times = await sim.run(*(goes_at(limiter, sim, "-100", is_group=False) for _ in range(3)))
    assert gaps(sorted(times)) == pytest.approx([1.0 / MARGIN, 1.0 / MARGIN])


async def test_hold_for_the_whole_bot_pushes_every_next_slot():
    sim = SimTime()
    limiter = memory_limiter(sim)
    await sim.run(goes_at(limiter, sim, "1"))
    start = sim.t
    await limiter.hold(TG, None, 5)
    times = sorted(await sim.run(*(goes_at(limiter, sim, chat) for chat in ("2", "3", "1"))))
    assert times[0] >= start + 5 - EPS
    assert min(gaps(times)) >= TELEGRAM.overall_interval - EPS


async def test_hold_for_a_chat_delays_that_chat_and_the_whole_bot():
    """Telegram's 429: its retry_after is for the chat and for the bot, so the sender holds both."""
    sim = SimTime()
    limiter = memory_limiter(sim)
    start = sim.t
    await limiter.hold(TG, "7", 5)
    held, other = await sim.run(goes_at(limiter, sim, "7"), goes_at(limiter, sim, "8"))
    assert held >= start + 5 - EPS
    assert other >= start + 5 - EPS
    sim.t += 10  # the hold is long past: messages go at once again, the bot's spacing as ever
    now = sim.t
    nine, seven = await sim.run(goes_at(limiter, sim, "9"), goes_at(limiter, sim, "7"))
    assert nine == now
    assert seven == pytest.approx(now + TELEGRAM.overall_interval)
    # A hold never brings a chat's later slot forward.
    sim = SimTime()
    limiter = memory_limiter(sim)
    start = sim.t
    await sim.run(*(goes_at(limiter, sim, "5") for _ in range(3)))  # at +0, +1, +2: the next at +3
    await limiter.hold(TG, "5", 0.5)
    [fourth] = await sim.run(goes_at(limiter, sim, "5"))
    assert fourth >= start + 3 - EPS


async def test_a_direct_answer_goes_at_once_and_queued_messages_make_room():
    sim = SimTime()
    limiter = memory_limiter(sim)
    start = sim.t
    await limiter.note(TG, "1")
    await limiter.note(TG, "1")  # a second answer in the same chat: never waits, not even for the chat
    assert sim.waits == []
    [queued] = await sim.run(goes_at(limiter, sim, "2"))
    assert queued == pytest.approx(start + 2 * TELEGRAM.overall_interval)
    # An answer while messages are waiting takes the bot's next slot; the messages after it make room.
    interval = TELEGRAM.overall_interval

    async def answer() -> float:
        await limiter.note(TG, "5")
        return sim.t

    before, answered, after = await sim.run(goes_at(limiter, sim, "3"), answer(), goes_at(limiter, sim, "4"))
    assert answered == queued  # at once
    assert before == pytest.approx(queued + interval)
    assert after == pytest.approx(queued + 3 * interval)  # not + 2: that slot went to the answer


async def test_a_message_answered_late_holds_the_chats_next_one_a_full_spacing_after_the_answer():
    """The channel counts arrivals: a message that took long on its way must not arrive just
    before the next one to the same chat."""
    sim = SimTime()
    limiter = memory_limiter(sim)
    [first] = await sim.run(goes_at(limiter, sim, "1"))
    assert first == 1000.0
    sim.t += 0.8  # on its way (a slow network): answered 0.8 s after it left
    answered = sim.t
    limiter.delivered(TG, "1", False)
    second, other = await sim.run(goes_at(limiter, sim, "1"), goes_at(limiter, sim, "2"))
    assert second == pytest.approx(answered + TELEGRAM.chat_spacing(False))  # not first + the spacing
    assert other == answered  # another chat does not wait for it
    # Thousands of chats answered: only the recent ones are remembered, and still honoured.
    for chat in range(20_000):
        sim.t += 0.01
        limiter.delivered(TG, f"many{chat}", False)
    assert len(limiter._delivered_at) < 11_000
    last = sim.t
    [again] = await sim.run(goes_at(limiter, sim, "many19999"))
    assert again == pytest.approx(last + TELEGRAM.chat_spacing(False))


async def test_channels_without_limits_never_wait():
    sim = SimTime()
    limiter = memory_limiter(sim)
    start = sim.t
    await limiter.hold("email", None, 30)
    times = await sim.run(*(goes_at_channel(limiter, sim, "email", "someone") for _ in range(50)))
    assert times == [start] * 50
    none = NoLimiter()
    for _ in range(5):
        await none.wait_turn(TG, "1", False)
        await none.note(TG, "1")
        await none.hold(TG, "1", 30)
    # No overall rate: many chats at once; each chat still a second apart.
    limiter = memory_limiter(sim, Limits(per_second=None, group_per_minute=None))
    times = await sim.run(*(goes_at(limiter, sim, str(chat)) for chat in range(50)))
    assert times == [start] * 50
    assert await sim.run(goes_at(limiter, sim, "0")) == [pytest.approx(start + 1.0 / MARGIN)]


# --- the PostgreSQL limiter: two processes, one bot token ---------------------------------------


@pytest.fixture
async def pg_url(pg_template: str) -> AsyncIterator[str]:
    url, drop = await fresh_postgres(pg_template)
    yield url
    await drop()


async def next_at(engine, key: str):
    async with engine.connect() as connection:
        return await connection.scalar(text("SELECT next_at FROM rate_slots WHERE key = :key"), {"key": key})


@pytest.mark.postgres
async def test_two_processes_share_the_bots_rate(pg_url: str):
    """Real (short) waits: two limiters on two engines, like two processes, one bot token."""
    limits = Limits(per_second=100)
    interval = limits.overall_interval
    engines = [make_engine(pg_url), make_engine(pg_url)]
    first, second = (PostgresLimiter(e, {TG: limits}) for e in engines)
    went: list[float] = []
    try:
        # The first process is told to wait (a 429): the other one sees it too.
        await first.hold(TG, None, 0.3)
        held = await next_at(engines[1], f"{TG}:*")
        n = 40

        async def send(limiter: PostgresLimiter, chat: str) -> None:
            await limiter.wait_turn(TG, chat, False)
            went.append(time.time())

        await asyncio.gather(
            *(send(first, str(i)) for i in range(n // 2)), *(send(second, str(1000 + i)) for i in range(n // 2))
        )
        went.sort()
        assert went[0] >= held.timestamp() - 0.002  # nobody went before the hold ended
        # Together at the bot's rate, not twice it (twice would take half the time). Within
        # 20%: on this machine 40 messages through two processes took 0.37-0.39 s where 39
        # intervals are 0.40 s: up to 8% fast (each process reserves its slots in batches).
        assert went[-1] - went[0] >= 0.8 * (n - 1) * interval
        # At least n slots were taken after the hold: none lost in the race (a message that
        # woke late takes another, so more is fine).
        after = await next_at(engines[0], f"{TG}:*")
        assert (after - held).total_seconds() >= n * interval - 1e-6
    finally:
        for engine in engines:
            await engine.dispose()


@pytest.mark.postgres
async def test_direct_answers_take_the_bots_next_slots_in_the_shared_limits(pg_url: str):
    limits = Limits(per_second=10)
    engine = make_engine(pg_url)
    limiter = PostgresLimiter(engine, {TG: limits})
    try:
        await limiter.hold(TG, None, 5)
        held = await next_at(engine, f"{TG}:*")
        for chat in ("1", "2", "2"):
            await limiter.note(TG, chat)  # never waits, even while the bot is held
        await limiter.settle()
        after = await next_at(engine, f"{TG}:*")
        assert (after - held).total_seconds() == pytest.approx(3 * limits.overall_interval, abs=1e-6)
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_two_processes_share_a_chats_interval(pg_url: str):
    """Real (short) waits: a chat's interval is kept between two processes sending to it."""
    limits = Limits(per_second=200, chat_interval=0.1)
    engines = [make_engine(pg_url), make_engine(pg_url)]
    first, second = (PostgresLimiter(e, {TG: limits}) for e in engines)
    went: list[float] = []

    async def send(limiter: PostgresLimiter) -> None:
        await limiter.wait_turn(TG, "42", False)
        went.append(time.monotonic())

    try:
        await asyncio.gather(*(send(limiter) for limiter in (first, second) for _ in range(3)))
        went.sort()
        # Each leaves when its reservation comes back plus the wait: a few milliseconds of give.
        assert min(gaps(went)) >= 0.1 - 0.02, gaps(went)
        assert went[-1] - went[0] >= 5 * 0.1 - 0.02
    finally:
        for engine in engines:
            await engine.dispose()


@pytest.mark.postgres
async def test_a_chats_hold_given_by_one_process_is_kept_by_the_other(pg_url: str):
    """Real (short) waits: a "retry after" one process was given holds the other back."""
    limits = Limits(per_second=30, chat_interval=0.2)
    engines = [make_engine(pg_url), make_engine(pg_url)]
    first, second = (PostgresLimiter(e, {TG: limits}) for e in engines)

    async def goes(chat: str) -> float:
        await first.wait_turn(TG, chat, False)
        return time.time()

    try:
        before = time.time()
        await second.hold(TG, "43", 0.3)
        assert await goes("43") >= before + 0.3 - 0.002  # the chat waits
        assert await goes("44") >= before + 0.3 - 0.002  # and so does the whole bot
        held = await next_at(engines[0], f"{TG}:43")
        assert held.timestamp() >= before + 0.3 + 0.2 - 0.002  # after the hold, one more chat interval
    finally:
        for engine in engines:
            await engine.dispose()


class HeldBack(Exception):
    """The limiter asked to wait out the other process's pause: what the test wanted to see."""


@pytest.mark.postgres
async def test_a_pause_given_to_one_process_stops_the_others_next_send(pg_url: str):
    """One process gets a 429 while the other waits for a slot it reserved before: at that
    slot the other process must see the pause and wait it out, not send once more."""
    limits = Limits(per_second=1)  # one a second: the second process's slot is a second away
    engines = [make_engine(pg_url), make_engine(pg_url)]
    waits: list[float] = []

    async def told_to_wait(seconds: float) -> None:
        if not waits:  # waiting for its slot: meanwhile the first process is told "retry after 30"
            await first.hold(TG, "1", 30)
        waits.append(seconds)
        if seconds > 25:
            raise HeldBack  # it waits out the pause: the test has seen enough

    first = PostgresLimiter(engines[0], {TG: limits})
    second = PostgresLimiter(engines[1], {TG: limits}, sleep=told_to_wait)
    try:
        await first.wait_turn(TG, "1", False)  # the first process sends now; the bot's next slot is in a second
        with pytest.raises(HeldBack):
            await second.wait_turn(TG, "2", False)  # before the fix: returned, and the message went out
        assert 0.5 < waits[0] <= 1.1  # its own slot, reserved before the pause
        assert waits[-1] == pytest.approx(30, abs=1)  # then the pause, seen in the shared limits
    finally:
        for engine in engines:
            await engine.dispose()


# --- the sender, the real client, the stand-in with its flood limits ----------------------------

RATE = 80  # a second: a hundred messages need more than a second, so the limit is reached
CHAT_INTERVAL = 0.05


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    """The bot with its limits at the stand-in's: RATE a second, CHAT_INTERVAL in a chat."""
    async with running_bot(
        database_url, telegram_rate_per_second=RATE, telegram_chat_interval_seconds=CHAT_INTERVAL
    ) as running:
        running.tg.set_limits(rate_per_second=RATE, per_chat_interval=CHAT_INTERVAL)
        yield running


async def known_chats(bot: RunningBot, chats: list[int]) -> dict[int, int]:
    """Chats the stand-in and the database both know (as if each user had written): their rows."""
    bot.tg.add_chats(chats)
    rows = {}
    async with unit_of_work(bot.runtime.sessions) as session:
        for chat in chats:
            who = people.Who(TG, str(chat), f"Người {chat}", None, str(chat), False, None)
            await people.identify(session, who, frozenset(), bot.clock())
            rows[chat] = await outbox.chat_row(session, TG, str(chat))
    return rows


async def queue(bot: RunningBot, row: int, message: str, kind: str = "notice") -> int:
    async with unit_of_work(bot.runtime.sessions) as session:
        queued = await outbox.enqueue(session, row, kind, message, [], bot.clock())
    assert queued is not None
    return queued


async def messages(bot: RunningBot, ids: list[int]) -> list[OutboxMessage]:
    async with bot.runtime.sessions() as session:
        return list(await session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))))


async def outbox_counts(bot: RunningBot) -> dict[str, int]:
    async with bot.runtime.sessions() as session:
        return await outbox.counts(session)


def sends_to(bot: RunningBot, chat: int) -> int:
    """sendMessage calls that reached the stand-in for the chat (accepted or not)."""
    return sum(1 for name, params in bot.tg.calls if name == "sendMessage" and str(params.get("chat_id")) == str(chat))


async def send(bot: RunningBot) -> SendReport:
    return await bot.service.sender.send_pending()


async def test_a_hundred_messages_at_the_channels_own_limit_get_no_429(bot: RunningBot):
    chats = list(range(5000, 5100))
    rows = await known_chats(bot, chats)
    ids = [await queue(bot, rows[chat], f"Nhắc việc số {chat}", "broadcast") for chat in chats]
    report = await send(bot)
    assert report == SendReport(sent=100)
    assert bot.tg.too_many == 0, bot.tg.errors[:5]
    assert bot.tg.errors == []
    assert all([m.plain_text for m in bot.tg.sent(chat)] == [f"Nhắc việc số {chat}"] for chat in chats)
    assert {m.status for m in await messages(bot, ids)} == {outbox.SENT}
    # The limit was reached (more than a second of messages) and kept: a little under RATE a second.
    stats = bot.tg.stats()
    interval = 1 / (RATE * MARGIN)
    assert 99 * interval - 0.05 <= stats["last"] - stats["first"] <= 99 * interval + 1.0
    assert await send(bot) == SendReport()  # nothing left


async def test_messages_to_one_chat_keep_the_chat_interval(bot: RunningBot):
    # Half the bot's interval at the stand-in: how late a message leaves after its slot varies a little (on
    # PostgreSQL by the time the reservation takes to come back), and this test is not about that margin.
    bot.tg.set_limits(per_chat_interval=CHAT_INTERVAL / 2)
    rows = await known_chats(bot, [5200, 5201])
    for n in range(6):
        await queue(bot, rows[5200], f"Phần {n}")
    await queue(bot, rows[5201], "Khác")
    assert await send(bot) == SendReport(sent=7)
    assert bot.tg.too_many == 0
    assert sorted(m.plain_text for m in bot.tg.sent(5200)) == [f"Phần {n}" for n in range(6)]
    times = [m.sent_at for m in bot.tg.sent(5200)]
    assert min(gaps(times)) >= CHAT_INTERVAL / 2
    assert times[-1] - times[0] >= 5 * CHAT_INTERVAL * 0.8  # the first may leave late (a new connection)
    # The other chat's message, queued last, did not wait for the first chat's interval.
    assert bot.tg.sent(5201)[0].sent_at < times[-2]


async def test_messages_to_one_chat_arrive_in_the_order_they_were_queued(bot: RunningBot):
    bot.tg.set_limits(per_chat_interval=None)
    rows = await known_chats(bot, [5250])
    for n in range(12):
        await queue(bot, rows[5250], f"Phần {n}")
    assert await send(bot) == SendReport(sent=12)
    assert [m.plain_text for m in bot.tg.sent(5250)] == [f"Phần {n}" for n in range(12)]


async def test_messages_to_one_chat_never_arrive_closer_than_the_channels_own_interval(bot: RunningBot):
    # A chat interval long enough that the test takes the measure of the spacing, not of the machine.
    interval = 0.15
    bot.service.sender.limiter.limits = {TG: Limits(per_second=RATE, chat_interval=interval)}
    bot.tg.set_limits(per_chat_interval=None)  # a 429 would hold everything for a second: see the gaps instead
    rows = await known_chats(bot, [5260])
    for n in range(10):
        await queue(bot, rows[5260], f"Phần {n}")
    assert await send(bot) == SendReport(sent=10)
    arrived = bot.tg.stats()["accepted_times"]
    # Each message leaves a full spacing after the channel answered the one before, so however
    # late one arrived (a loaded machine), the next cannot arrive closer than the interval.
    early = [round(gap, 4) for gap in gaps(arrived) if gap < interval]
    assert early == [], f"{len(early)} of 9 arrived less than {interval} s after the one before: {early}"


async def test_over_the_channels_limit_the_429_is_obeyed_and_nothing_is_lost_or_sent_twice(bot: RunningBot):
    """The bot's own limit (RATE a second) is above the stand-in's (10): Telegram answers 429
    with retry_after; those messages wait that long and go on a later pass."""
    bot.tg.set_limits(rate_per_second=10)
    chats = list(range(5300, 5314))
    rows = await known_chats(bot, chats)
    ids = [await queue(bot, rows[chat], f"Thông báo {chat}") for chat in chats]
    start = bot.clock()

    first = await send(bot)
    assert bot.tg.too_many >= 1
    retry_after = {int(d.rsplit(" ", 1)[1]) for name, d in bot.tg.errors if d.startswith("Too Many Requests")}
    assert retry_after == {1}  # the stand-in's: whole seconds, at least one
    waiting = [m for m in await messages(bot, ids) if m.status != outbox.SENT]
    assert first.sent == len(bot.tg.accepted_times) >= 10
    assert first.retrying == len(waiting) == bot.tg.too_many  # each 429 is one message waiting
    assert first.sent + first.retrying == 14
    for message in waiting:
        assert message.status == outbox.PENDING
        assert message.next_attempt_at == start + timedelta(seconds=1)
        assert message.last_error == "retry after 1.0 s"
        assert message.claimed_until is None

    # Not due yet on the bot's clock: nothing goes.
    assert await send(bot) == SendReport()
    bot.clock.advance(timedelta(seconds=1))
    too_many = bot.tg.too_many
    second = await send(bot)
    assert second == SendReport(sent=len(waiting))
    assert bot.tg.too_many == too_many  # the bot waited for retry_after: no 429 again
    assert {m.status for m in await messages(bot, ids)} == {outbox.SENT}
    assert all(len(bot.tg.sent(chat)) == 1 for chat in chats)  # every one once
    assert [m.attempts for m in await messages(bot, ids) if m.id in {w.id for w in waiting}] == [2] * len(waiting)


class Timed:
    """The real channel, noting when each message was let go by the limiter and when a 429 came."""

    def __init__(self, channel) -> None:
        self.channel, self.turns, self.retry_later = channel, [], []

    async def send_message(self, chat_id, reply, turn=None):
        async def timed_turn():
            await turn()
            self.turns.append(time.monotonic())

        try:
            await self.channel.send_message(chat_id, reply, timed_turn)
        except RetryLater as error:
            self.retry_later.append((time.monotonic(), error.seconds))
            raise


async def test_after_a_429_nothing_more_goes_out_until_retry_after_has_passed(bot: RunningBot):
    bot.tg.set_limits(rate_per_second=5)
    bot.service.sender.limiter.limits = {TG: Limits(per_second=50, chat_interval=CHAT_INTERVAL)}  # 20 ms apart
    timed = Timed(bot.service.channels[TG])
    bot.service.sender.channels = {TG: timed}
    chats = list(range(5400, 5415))
    rows = await known_chats(bot, chats)
    for chat in chats:
        await queue(bot, rows[chat], f"Thông báo {chat}")
    await send(bot)
    told, seconds = timed.retry_later[0]
    too_early = [t for t in timed.turns if told < t < told + seconds]
    assert too_early == [], f"{len(too_early)} messages let go within retry_after; 429s: {bot.tg.too_many}"


async def test_a_chat_that_blocked_the_bot_is_marked_and_not_sent_to_again(bot: RunningBot):
    rows = await known_chats(bot, [5500, 5501])
    bot.tg.block(5500)
    blocked = await queue(bot, rows[5500], "Nhắc việc")
    fine = await queue(bot, rows[5501], "Nhắc việc")
    assert await send(bot) == SendReport(sent=1, blocked=1)
    by_id = {m.id: m for m in await messages(bot, [blocked, fine])}
    assert by_id[blocked].status == outbox.BLOCKED
    assert by_id[blocked].last_error == "Forbidden: bot was blocked by the user"
    assert by_id[fine].status == outbox.SENT
    async with bot.runtime.sessions() as session:
        active = dict((await session.execute(select(ChatRoom.external_id, ChatRoom.active))).all())
    assert active["5500"] is False and active["5501"] is True
    assert sends_to(bot, 5500) == 1 and bot.tg.sent(5500) == []
    # Later passes leave it alone.
    bot.clock.advance(timedelta(hours=1))
    assert await send(bot) == SendReport()
    assert sends_to(bot, 5500) == 1
    assert await outbox_counts(bot) == {outbox.SENT: 1, outbox.BLOCKED: 1}


async def test_a_chat_that_blocks_the_bot_gets_none_of_the_messages_already_queued_for_it(bot: RunningBot):
    """Two broadcasts queued for 50 chats, 5 of which blocked the bot: each of those is tried
    once (the 403 that says so); its other messages are recorded blocked, never sent."""
    chats = list(range(5800, 5850))
    blocked = chats[::10]
    rows = await known_chats(bot, chats)
    for chat in blocked:
        bot.tg.block(chat)
    ids = [await queue(bot, rows[chat], f"Thông báo {n} cho {chat}", "broadcast") for n in (1, 2) for chat in chats]
    assert await send(bot) == SendReport(sent=90, blocked=10)
    assert {chat: sends_to(bot, chat) for chat in blocked} == dict.fromkeys(blocked, 1)
    by_chat = {(m.chat_id, m.text): m for m in await messages(bot, ids)}
    for chat in blocked:
        assert by_chat[(rows[chat], f"Thông báo 1 cho {chat}")].status == outbox.BLOCKED
        assert by_chat[(rows[chat], f"Thông báo 2 cho {chat}")].status == outbox.BLOCKED
    assert all(len(bot.tg.sent(chat)) == 2 for chat in chats if chat not in blocked)
    # Later: a digest, a notice and a broadcast sent again, queued for a chat known to be
    # inactive, are recorded blocked and never reach the channel.
    bot.clock.advance(timedelta(days=1))
    later = [await queue(bot, rows[blocked[0]], text, kind) for kind, text in LATER]
    assert await send(bot) == SendReport(blocked=3)
    assert sends_to(bot, blocked[0]) == 1
    assert {(m.status, m.last_error) for m in await messages(bot, later)} == {(outbox.BLOCKED, outbox.INACTIVE)}


LATER = [("digest", "🔔 Nhắc việc ngày 25/11/2026"), ("notice", "Yêu cầu liên kết"), ("broadcast", "Gửi lại")]


async def test_a_message_the_channel_rejects_fails_with_the_channels_reason(bot: RunningBot):
    rows = await known_chats(bot, [5600])
    broken = await queue(bot, rows[5600], "<b>Hạn chót: thứ Sáu")  # no end tag: Telegram answers 400
    good = await queue(bot, rows[5600], "<b>Hạn chót:</b> thứ Sáu")
    assert await send(bot) == SendReport(sent=1, failed=1)
    [(method, description)] = bot.tg.errors
    assert method == "sendMessage" and description.startswith("Bad Request: can't parse entities")
    by_id = {m.id: m for m in await messages(bot, [broken, good])}
    assert by_id[broken].status == outbox.FAILED
    assert by_id[broken].attempts == 1
    # PTB drops Telegram's "Bad Request: " and capitalises what is left (str.capitalize: the rest in lower case).
    assert by_id[broken].last_error == description.removeprefix("Bad Request: ").capitalize()
    assert by_id[good].status == outbox.SENT
    assert [m.plain_text for m in bot.tg.sent(5600)] == ["Hạn chót: thứ Sáu"]
    # Not tried again; the chat is not given up on.
    bot.clock.advance(timedelta(hours=1))
    assert await send(bot) == SendReport()
    assert sends_to(bot, 5600) == 2
    async with bot.runtime.sessions() as session:
        assert await session.scalar(select(ChatRoom.active).where(ChatRoom.external_id == "5600")) is True


def exited_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()  # reaped: the pid is free
    return process.pid


async def claimed_by(bot: RunningBot, message: int, worker: str, lease: timedelta) -> None:
    """The message as a sender left it: being sent, its lease running ``lease`` more."""
    async with unit_of_work(bot.runtime.sessions) as session:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message)
            .values(status=outbox.SENDING, claimed_by=worker, claimed_until=bot.clock() + lease, attempts=1)
        )


async def test_messages_of_a_dead_local_worker_are_taken_up_at_once(bot: RunningBot):
    rows = await known_chats(bot, [5700, 5701, 5702])
    host = socket.gethostname()
    dead = await queue(bot, rows[5700], "Của tiến trình đã chết")
    alive = await queue(bot, rows[5701], "Của tiến trình còn sống")
    remote = await queue(bot, rows[5702], "Của máy khác")
    living = subprocess.Popen(["sleep", "60"])
    try:
        await claimed_by(bot, dead, f"{host}:{exited_pid()}", timedelta(minutes=2))
        await claimed_by(bot, alive, f"{host}:{living.pid}", timedelta(minutes=2))
        await claimed_by(bot, remote, f"elsewhere-{host}:{os.getpid()}", timedelta(minutes=2))
        assert await send(bot) == SendReport(sent=1)
        assert [m.plain_text for m in bot.tg.sent(5700)] == ["Của tiến trình đã chết"]
        assert bot.tg.sent(5701) == bot.tg.sent(5702) == []
        by_id = {m.id: m for m in await messages(bot, [dead, alive, remote])}
        assert (by_id[dead].status, by_id[dead].attempts) == (outbox.SENT, 2)
        assert by_id[dead].claimed_by == bot.service.sender.worker
        assert by_id[alive].status == by_id[remote].status == outbox.SENDING
        # The others' leases run out: then they are taken up too, each once.
        bot.clock.advance(timedelta(minutes=2, seconds=1))
        assert await send(bot) == SendReport(sent=2)
        assert [len(bot.tg.sent(chat)) for chat in (5700, 5701, 5702)] == [1, 1, 1]
    finally:
        living.kill()
        living.wait()
