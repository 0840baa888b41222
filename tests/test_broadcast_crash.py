"""A `kill -9` of the sending process in the middle of a broadcast loses nothing.

The requirement: "A crash or `kill -9` in the middle of a broadcast loses nothing: on restart the sender resumes
with what is pending. A message in flight at the moment of the crash may arrive twice, never more."

The bot sends as a user runs it, `agencybot outbox send` in a process of its own, to the Telegram stand-in (in this
process, serving while the test waits). The bot's rate limit makes the broadcast take a couple of seconds; when about
a third of the chats (and, for two crashes, two thirds) have it, the process gets SIGKILL, and sending starts again.
Afterwards every chat has the broadcast, and a chat has another copy only if its message was in flight at a crash:
claimed by the killed process and not yet written as sent. A message written as sent before a crash never goes again.

Without a crash nothing repeats: not with a sender slower than its leases, nor across a clean stop.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from base.clock import ManualClock
from base.delivery import Turn
from base.events import Reply
from db import broadcasts, outbox
from db.engine import unit_of_work
from db.models import Account, Agency, AgencyLink, ChatRoom, OutboxMessage
from scheduler.limits import Limits, MemoryLimiter
from scheduler.sender import Sender
from standins.telegram import TelegramStandIn

AGENCYBOT = shutil.which("agencybot", path=str(Path(sys.executable).parent)) or "agencybot"
CHATS = 400
AGENCIES = 12
FIRST_CHAT = 70_000_000
RATE = 200  # the bot's TELEGRAM_RATE_PER_SECOND: the broadcast takes about 2 s of sending
# The stand-in's limit: a little above the bot's, so a send that the event loops delay, and that then leaves close
# to the next one, gets no 429 (a retry_after would leave the message for a later run of `outbox send`).
STANDIN_RATE = RATE * 4 // 3
TEXT = "Họp giao ban quý IV lúc 14:00 thứ Sáu, phòng họp số 2"
RUN_TIMEOUT = 30.0  # seconds one `outbox send` may take at most (a second to start, 2 s for the whole broadcast)


@pytest.fixture
async def tg() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn(rate_per_second=STANDIN_RATE) as standin:
        standin.add_chats(list(range(FIRST_CHAT, FIRST_CHAT + CHATS)), "private")
        yield standin


async def queue_broadcast(sessions: async_sessionmaker[AsyncSession]) -> None:
    """CHATS focal points, each in a private chat and linked to one of AGENCIES agencies; a broadcast to all."""
    now = datetime.now(UTC)  # the sender runs on the system clock: the messages are due at once
    async with unit_of_work(sessions) as session:
        agencies = [Agency(name=f"Sở thử nghiệm {n}", kind="department", created_at=now) for n in range(AGENCIES)]
        admin = Account(
            channel="telegram", external_id="1", display_name="Admin", role="admin", created_at=now, last_seen_at=now
        )
        session.add_all([*agencies, admin])
        await session.flush()
        chat_rows = [
            {"channel": "telegram", "external_id": str(FIRST_CHAT + n), "kind": "private", "created_at": now}
            for n in range(CHATS)
        ]
        chat_ids = list(
            await session.scalars(insert(ChatRoom).returning(ChatRoom.id, sort_by_parameter_order=True), chat_rows)
        )
        people = [
            {
                "channel": "telegram",
                "external_id": str(FIRST_CHAT + n),
                "display_name": f"Đầu mối {n}",
                "private_chat_id": chat_ids[n],
                "created_at": now,
                "last_seen_at": now,
            }
            for n in range(CHATS)
        ]
        account_ids = list(
            await session.scalars(insert(Account).returning(Account.id, sort_by_parameter_order=True), people)
        )
        links = [
            {"agency_id": agencies[n % AGENCIES].id, "account_id": account_ids[n], "created_at": now}
            for n in range(CHATS)
        ]
        await session.execute(insert(AgencyLink), links)
        _broadcast_id, queued = await broadcasts.create(session, admin.id, {"kind": "all"}, TEXT, None, now)
    assert queued == CHATS


@dataclass(frozen=True)
class Row:
    status: str
    claimed_by: str | None


async def outbox_by_chat(sessions: async_sessionmaker[AsyncSession]) -> dict[int, Row]:
    """The broadcast's outbox messages by Telegram chat id (no sender is running when this is read)."""
    async with sessions() as session:
        rows = await session.execute(
            select(ChatRoom.external_id, OutboxMessage.status, OutboxMessage.claimed_by).join(
                ChatRoom, ChatRoom.id == OutboxMessage.chat_id
            )
        )
        by_chat = {int(chat): Row(status, claimed_by) for chat, status, claimed_by in rows}
    assert len(by_chat) == CHATS
    return by_chat


def sender_environment(database_url: str, tg: TelegramStandIn) -> dict[str, str]:
    settings = ("DATABASE_", "TELEGRAM_", "SENDER_", "REMINDER_", "ADMIN_", "LOG_")
    # No proxy either: the bot must talk to 127.0.0.1 directly.
    env = {k: v for k, v in os.environ.items() if not k.startswith(settings) and not k.lower().endswith("_proxy")}
    return env | {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "TELEGRAM_RATE_PER_SECOND": str(RATE),
        "TELEGRAM_CHAT_INTERVAL_SECONDS": "0",
        "TELEGRAM_GROUP_PER_MINUTE": "0",
        "SENDER_CONCURRENCY": "16",
        "LOG_LEVEL": "WARNING",
    }


class SendingProcess:
    """One `agencybot outbox send`, its output in a file (a pipe nobody reads could stall it)."""

    def __init__(self, process: asyncio.subprocess.Process, output: Path):
        self.process, self.output = process, output

    @classmethod
    async def start(cls, env: dict[str, str], workdir: Path, number: int) -> SendingProcess:
        output = workdir / f"outbox-send-{number}.log"
        with output.open("wb") as sink:  # the child keeps its own descriptor
            process = await asyncio.create_subprocess_exec(
                AGENCYBOT, "outbox", "send", env=env, cwd=workdir, stdout=sink, stderr=subprocess.STDOUT
            )
        return cls(process, output)

    @property
    def pid(self) -> int:
        return self.process.pid

    def said(self) -> str:
        return self.output.read_text(errors="replace")

    async def finish(self) -> str:
        """Wait for a normal end; what it printed."""
        try:
            code = await asyncio.wait_for(self.process.wait(), RUN_TIMEOUT)
        except TimeoutError:
            raise AssertionError(f"`outbox send` still running after {RUN_TIMEOUT}s:\n{self.said()}") from None
        assert code == 0, f"`outbox send` ended with {code}:\n{self.said()}"
        return self.said()

    async def kill_when(self, tg: TelegramStandIn, chats_reached: int) -> None:
        """SIGKILL once at least this many chats got the broadcast (polling the stand-in), while it is sending."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RUN_TIMEOUT
        while len(tg.stats()["per_chat"]) < chats_reached:
            assert self.process.returncode is None, f"`outbox send` ended before the crash:\n{self.said()}"
            assert loop.time() < deadline, f"{chats_reached} chats not reached in {RUN_TIMEOUT}s:\n{self.said()}"
            await asyncio.sleep(0.005)
        assert self.process.returncode is None, f"`outbox send` ended before the crash:\n{self.said()}"
        os.kill(self.pid, signal.SIGKILL)
        assert await self.process.wait() == -signal.SIGKILL

    async def stop(self) -> None:
        """After a failed test: nothing keeps running."""
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@dataclass
class Crash:
    pid: int
    delivered: Counter[int]  # copies per chat the stand-in accepted up to the crash
    outbox: dict[int, Row]  # the outbox as the killed process left it


@pytest.mark.parametrize("crashes", [1, 2], ids=["one crash", "two crashes"])
async def test_a_killed_sender_loses_nothing_and_repeats_only_what_was_in_flight(
    crashes: int, database_url: str, sessions: async_sessionmaker[AsyncSession], tg: TelegramStandIn, tmp_path: Path
):
    await queue_broadcast(sessions)
    env = sender_environment(database_url, tg)
    seen: list[Crash] = []
    running: list[SendingProcess] = []
    try:
        for n in range(crashes):
            sending = await SendingProcess.start(env, tmp_path, n)
            running.append(sending)
            await sending.kill_when(tg, CHATS * (n + 1) // 3)  # a third, then two thirds
            by_chat = await outbox_by_chat(sessions)
            seen.append(Crash(sending.pid, Counter(tg.stats()["per_chat"]), by_chat))
        last = await SendingProcess.start(env, tmp_path, crashes)
        running.append(last)
        said = await last.finish()
    finally:
        for sending in running:
            await sending.stop()

    for crash in seen:
        statuses = Counter(row.status for row in crash.outbox.values())
        # Killed mid-broadcast: some chats have it, some do not yet.
        assert 0 < len(crash.delivered) < CHATS, crash.delivered
        assert set(statuses) <= {outbox.SENT, outbox.SENDING, outbox.PENDING}, statuses
        # It held leases when it died (claimed, not yet written as sent): the restart must take them over at once.
        in_flight = {chat for chat, row in crash.outbox.items() if row.status == outbox.SENDING}
        assert in_flight, statuses
        assert {crash.outbox[chat].claimed_by.split(":")[1] for chat in in_flight} == {str(crash.pid)}
        # An outcome is written after the send, never before.
        written = {chat for chat, row in crash.outbox.items() if row.status == outbox.SENT}
        assert all(crash.delivered[chat] >= 1 for chat in written)

    delivered = Counter(tg.stats()["per_chat"])
    final = await outbox_by_chat(sessions)
    # Nothing lost: every chat got the broadcast, and the outbox holds nothing pending or being sent.
    assert set(delivered) == set(range(FIRST_CHAT, FIRST_CHAT + CHATS))
    assert Counter(row.status for row in final.values()) == {outbox.SENT: CHATS}
    # The restart resumed with exactly what was not written as sent at the last crash.
    left = sum(row.status != outbox.SENT for row in seen[-1].outbox.values())
    assert f"Sent {left}, failed 0, blocked 0, retrying 0." in said, said
    assert "wait in the outbox" not in said, said
    assert all(m.plain_text == TEXT for chat in delivered for m in tg.sent(chat))
    assert tg.errors == [], tg.errors[:5]
    # Repeats: no chat had two copies before the first crash. After a crash, a chat that had a copy gets another
    # only if its message was in flight then (claimed by the killed process, not written as sent); one written as
    # sent never goes again. So one crash gives at most two copies, and each crash at most one more.
    assert max(seen[0].delivered.values()) == 1, seen[0].delivered.most_common(3)
    repeated = []
    for crash in seen:
        again = {chat for chat, copies in crash.delivered.items() if delivered[chat] > copies}
        in_flight = {chat for chat, row in crash.outbox.items() if row.status == outbox.SENDING}
        assert again <= in_flight, sorted(again - in_flight)[:10]
        repeated.append(len(again))
    assert max(delivered.values()) <= 1 + crashes, delivered.most_common(5)
    if crashes == 1:
        assert max(delivered.values()) <= 2, delivered.most_common(5)
    copies = Counter(delivered.values())
    in_flight_counts = [sum(row.status == outbox.SENDING for row in crash.outbox.values()) for crash in seen]
    print(f"\n{crashes} crash(es): in flight at each {in_flight_counts}, repeated after each {repeated}, ", end="")
    print(f"chats by copies {dict(sorted(copies.items()))}")


class OneASecond:
    """A channel through which each message takes one second of the sender's clock (as at TELEGRAM_RATE_PER_SECOND=1,
    or while a long retry_after from Telegram holds the bot), and a little real time, as a network round trip does."""

    def __init__(self, clock: ManualClock):
        self.clock, self.copies = clock, Counter[str]()

    async def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> None:
        if turn is not None:
            await turn()
        self.clock.advance(timedelta(seconds=1))
        await asyncio.sleep(0.02)
        self.copies[chat_id] += 1


async def test_without_a_crash_a_slow_sender_sends_each_message_once(sessions: async_sessionmaker[AsyncSession]):
    """Sending outlasts the lease: the process's own claims are still its own."""
    await queue_broadcast(sessions)
    clock = ManualClock(datetime.now(UTC) + timedelta(seconds=1))
    channel = OneASecond(clock)
    report = await Sender(sessions, clock, {"telegram": channel}, "test-host:1").send_pending()
    assert Counter(channel.copies.values()) == {1: CHATS}, "chats by copies"
    assert report.sent == CHATS


class Counting:
    """A channel that takes a little while to send, and says when it has sent ``enough``."""

    def __init__(self, enough: int):
        self.copies: Counter[str] = Counter()
        self.enough = enough
        self.reached = asyncio.Event()

    async def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> None:
        if turn is not None:
            await turn()
        await asyncio.sleep(0)  # the request on its way: a stop can come meanwhile
        self.copies[chat_id] += 1
        if self.copies.total() >= self.enough:
            self.reached.set()


async def test_a_clean_stop_repeats_nothing_and_the_next_start_sends_the_rest(
    sessions: async_sessionmaker[AsyncSession],
):
    await queue_broadcast(sessions)
    clock = ManualClock(datetime.now(UTC) + timedelta(seconds=1))
    limiter = MemoryLimiter({"telegram": Limits(per_second=400, chat_interval=0, group_per_minute=None)})
    channel = Counting(enough=CHATS // 4)
    sender = Sender(sessions, clock, {"telegram": channel}, "test-host:1", limiter=limiter)
    sending = asyncio.create_task(sender.send_pending())
    await channel.reached.wait()
    await sender.stop()
    report = await sending

    delivered = channel.copies.total()
    assert CHATS // 4 <= delivered < CHATS
    assert set(channel.copies.values()) == {1}
    # What was handed to the channel is written as sent; the rest waits, as if never claimed.
    async with sessions() as session:
        columns = (OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.claimed_by)
        rows = (await session.execute(select(*columns))).all()
    assert Counter(status for status, _, _ in rows) == {outbox.SENT: delivered, outbox.PENDING: CHATS - delivered}
    assert {(a, c) for status, a, c in rows if status == outbox.PENDING} == {(0, None)}
    assert report.sent == delivered
    assert await sender.send_pending() == type(report)()  # a stopped sender sends nothing more

    again = Sender(sessions, clock, {"telegram": channel}, "test-host:2", limiter=limiter)
    assert (await again.send_pending()).sent == CHATS - delivered
    assert Counter(channel.copies.values()) == {1: CHATS}, "chats by copies"
