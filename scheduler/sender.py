"""The one sender: takes messages from the outbox and hands them to their channel.

Every claim is a lease: a sender that crashes mid-way leaves its messages to be taken up
again when the lease runs out (at once when the dead process was on this machine), so
nothing is lost. Outcomes are written within moments of sending, a few at a time: a
message sent just before a crash, and not yet written as sent, goes out a second time;
never more than that for one crash.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections import Counter, defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from base.clock import Clock
from base.delivery import Blocked, Deliverer, Rejected, RetryLater, Unavailable
from base.events import Attachment, Button, Reply
from base.markup import Html
from db import outbox
from db.engine import unit_of_work
from db.fallback import fall_back
from db.people import mark_unreachable
from scheduler.limits import Limiter, NoLimiter

log = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retrying: int = 0


@dataclass
class _Outcome:
    status: str
    error: str | None = None
    retry_in: timedelta | None = None


_RELEASED = "released"  # not an outbox status: the message goes back untouched
_RELEASE = _Outcome(_RELEASED)


class _Stopped(BaseException):
    """Raised at a message's first turn once the sender stops: nothing of it was sent.
    A BaseException, like a cancellation, so that no channel takes it for its own error."""


class _Inactive(BaseException):
    """Raised at a message's first turn when its chat became unreachable meanwhile (a 403
    to another message, here or in another process): nothing of it is sent."""


_BLOCKED_UNSENT = _Outcome(outbox.BLOCKED, outbox.INACTIVE)


@dataclass
class _Run:
    """What one sending run knows of its chats: the messages it holds for each (claimed,
    not yet written down) and the chats found unreachable since they were claimed."""

    in_hand: Counter[int] = field(default_factory=Counter)  # chat row id -> messages held
    names: dict[int, tuple[str, str]] = field(default_factory=dict)  # chat row id -> (channel, external id)
    inactive: set[tuple[str, str]] = field(default_factory=set)
    checked_at: float = float("-inf")  # when the chats held were last looked up (loop time)
    checking: asyncio.Lock = field(default_factory=asyncio.Lock)

    def hold(self, items: list[outbox.Claimed]) -> None:
        for item in items:
            self.in_hand[item.chat_id] += 1
            self.names[item.chat_id] = (item.channel, item.chat_external_id)

    def written(self, items: list[outbox.Claimed]) -> None:
        for item in items:
            self.in_hand[item.chat_id] -= 1
            if self.in_hand[item.chat_id] <= 0:
                del self.in_hand[item.chat_id]


def reply_of(item: outbox.Claimed) -> Reply:
    buttons = tuple(tuple(Button(label, action) for label, action in row) for row in item.buttons)
    document = (
        Attachment(name=item.document.get("name", "file"), file_id=item.document.get("file_id"))
        if (item.document)
        else None
    )
    return Reply(Html(item.text), buttons, document=document)


def claimed_chats(claimed: list[outbox.Claimed]) -> dict[str, set[str]]:
    chats: dict[str, set[str]] = defaultdict(set)
    for item in claimed:
        chats[item.channel].add(item.chat_external_id)
    return chats


# The process's name in claims: host, pid, and a token for this run of the process, so
# that a restart given the same pid (a container's pid 1) does not take old claims as its own.
_RUN = secrets.token_hex(4)


def _host() -> str:
    return socket.gethostname()[:40]  # the claim column holds 64 characters


def worker_name() -> str:
    return f"{_host()}:{os.getpid()}:{_RUN}"


def dead_local_workers(workers: set[str]) -> set[str]:
    """Claimers that were processes of this machine and are gone: their leases are void."""
    host, me = _host(), worker_name()
    dead = set()
    for worker in workers:
        name, _, rest = worker.partition(":")
        pid = rest.partition(":")[0]
        if name != host or not pid.isdigit() or worker == me:
            continue
        if int(pid) == os.getpid():  # our pid, another run: an earlier life of this container
            dead.add(worker)
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.add(worker)
        except PermissionError:
            pass
    return dead


class Sender:
    """Workers take claimed messages one by one, each waiting for its slot in the limits;
    a recorder writes what happened in small batches while sending goes on; and the next
    batch is claimed before the workers run dry, so the channel never waits for the
    database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        channels: Mapping[str, Deliverer],
        worker: str,
        *,
        limiter: Limiter | None = None,
        concurrency: int = 16,
        batch: int = 200,
        lease: timedelta = timedelta(minutes=2),
        max_attempts: int = 6,
        record_every: float = 0.05,
        check_every: float = 0.2,
    ):
        self.sessions, self.clock, self.channels, self.worker = sessions, clock, channels, worker
        self.record_every, self.check_every = record_every, check_every
        self._refill_at = max(concurrency, batch // 2)
        self.limiter = limiter or NoLimiter()
        self.concurrency, self.batch, self.lease, self.max_attempts = concurrency, batch, lease, max_attempts
        self._stopping = asyncio.Event()
        self._runs: set[asyncio.Task[SendReport]] = set()
        self._waiting: set[asyncio.Task[None]] = set()  # workers waiting for a message's first turn

    async def stop(self, grace: float = 10.0) -> None:
        """A clean stop: no more claims; messages not yet handed to their channel go back to
        the outbox as they were, and those being sent finish and are written down, so a
        stop repeats nothing. Sends still running after ``grace`` seconds are cut, as by a crash."""
        self._stopping.set()
        for worker in list(self._waiting):
            worker.cancel()
        if self._runs:
            _, late = await asyncio.wait(set(self._runs), timeout=grace)
            for run in late:
                run.cancel()

    async def send_pending(self) -> SendReport:
        """Send everything due now, batch after batch, until the outbox has nothing ready."""
        report = SendReport()
        if not self.channels or self._stopping.is_set():
            return report
        run = asyncio.current_task()
        assert run is not None
        self._runs.add(run)
        try:
            return await self._send_batches(report)
        finally:
            self._runs.discard(run)

    async def _send_batches(self, report: SendReport) -> SendReport:
        work: asyncio.Queue[outbox.Claimed | None] = asyncio.Queue()
        done: asyncio.Queue[tuple[outbox.Claimed, _Outcome] | None] = asyncio.Queue()
        running_low = asyncio.Event()
        chats: dict[tuple[str, str], deque[outbox.Claimed]] = {}
        run = _Run()
        workers = [
            asyncio.create_task(self._work(work, done, running_low, chats, run)) for _ in range(self.concurrency)
        ]
        recorder = asyncio.create_task(self._recorder(done, report, run))
        renewer = asyncio.create_task(self._renew_leases())
        try:
            while not self._stopping.is_set() and (claimed := await self._claim(report)):
                run.hold(claimed)
                await self.limiter.expect(claimed_chats(claimed))
                for item in claimed:
                    work.put_nowait(item)
                # Claim again while the workers still have half a batch to send: a claim takes
                # tens of milliseconds, and a worker waiting for one is a turn lost for good.
                running_low.clear()
                if work.qsize() > self._refill_at:
                    await running_low.wait()
            for _ in workers:
                work.put_nowait(None)
            await asyncio.gather(*workers)
        finally:
            for task in (*workers, renewer):
                task.cancel()
            done.put_nowait(None)
            await recorder
        return report

    async def _renew_leases(self) -> None:
        """While messages wait their turn (a slow limit, a long "retry after"), keep the
        claim on them, so that no other process takes them as abandoned."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            async with unit_of_work(self.sessions) as session:
                await outbox.renew(session, self.worker, self.clock() + self.lease)

    async def _claim(self, report: SendReport) -> list[outbox.Claimed]:
        """The next batch. Messages for chats known to be unreachable are not claimed but
        recorded blocked, and go to the person's other channel, as a 403 would send them."""
        now = self.clock()
        async with unit_of_work(self.sessions) as session:
            dead = dead_local_workers(await outbox.claimers(session))
            if unsent := await outbox.block_inactive(session, self.worker, self.channels, now, dead):
                report.blocked += len(unsent)
                await fall_back(session, unsent, now)
            return await outbox.claim(session, self.worker, self.channels, now, self.lease, self.batch, dead)

    async def _work(
        self,
        work: asyncio.Queue[outbox.Claimed | None],
        done: asyncio.Queue[tuple[outbox.Claimed, _Outcome] | None],
        running_low: asyncio.Event,
        chats: dict[tuple[str, str], deque[outbox.Claimed]],
        run: _Run,
    ) -> None:
        """One worker per chat at a time: its messages leave in the outbox's order, each
        spaced from the one before, and the other workers go on with other chats. Once a
        chat answers that the bot is blocked, its other messages are not sent."""
        while (item := await work.get()) is not None:
            if work.qsize() <= self._refill_at:
                running_low.set()
            chat = (item.channel, item.chat_external_id)
            if chat in chats:  # the worker on this chat sends it after the one it is on
                chats[chat].append(item)
                continue
            chats[chat] = deque()
            current: outbox.Claimed | None = item
            while current is not None:
                if self._stopping.is_set():
                    outcome = _RELEASE
                elif chat in run.inactive:
                    outcome = _BLOCKED_UNSENT
                else:
                    outcome = await self._send(current, run)
                if outcome.status == outbox.BLOCKED:
                    run.inactive.add(chat)
                done.put_nowait((current, outcome))
                if outcome.retry_in is not None and outcome.status == outbox.PENDING and chats[chat]:
                    # Told to wait: the chat's other messages wait as long, unsent.
                    for later in chats[chat]:
                        done.put_nowait((later, _Outcome(outbox.PENDING, outcome.error, outcome.retry_in)))
                    chats[chat].clear()
                current = chats[chat].popleft() if chats[chat] else None
            del chats[chat]

    async def _recorder(
        self, done: asyncio.Queue[tuple[outbox.Claimed, _Outcome] | None], report: SendReport, run: _Run
    ) -> None:
        """Write outcomes a moment after they come (``record_every``), all that arrived
        meanwhile in one transaction: at hundreds a second, one transaction per message
        would cost the sender more than sending. The moment bounds what a crash can repeat."""
        finished = False
        while not finished:
            first = await done.get()
            results = [first] if first is not None else []
            finished = first is None
            if not finished and self.record_every:
                await asyncio.sleep(self.record_every)
            while not done.empty():
                item = done.get_nowait()
                if item is None:
                    finished = True
                else:
                    results.append(item)
            if results:
                await self._record(results, report, run)

    async def _send(self, item: outbox.Claimed, run: _Run) -> _Outcome:
        channel = self.channels[item.channel]
        wait = partial(self.limiter.wait_turn, item.channel, item.chat_external_id, item.chat_is_group)
        first = True

        async def turn() -> None:
            """The first turn is where a stop takes the message back: nothing has gone yet."""
            nonlocal first
            if not first:
                return await wait()
            worker = asyncio.current_task()
            assert worker is not None
            self._waiting.add(worker)
            try:
                await wait()
            finally:
                self._waiting.discard(worker)
            if self._stopping.is_set():
                raise _Stopped
            await self._look_up_chats(run)
            if (item.channel, item.chat_external_id) in run.inactive:
                raise _Inactive
            first = False

        try:
            await channel.send_message(item.chat_external_id, reply_of(item), turn)
        except _Inactive:
            return _BLOCKED_UNSENT
        except (_Stopped, asyncio.CancelledError) as stop:
            if first and self._stopping.is_set():
                if isinstance(stop, asyncio.CancelledError):
                    asyncio.current_task().uncancel()  # type: ignore[union-attr]  # the stop's own cancel
                return _RELEASE
            raise
        except Blocked as blocked:
            return _Outcome(outbox.BLOCKED, str(blocked))
        except Rejected as rejected:
            return _Outcome(outbox.FAILED, str(rejected))
        except RetryLater as wait:
            # Telegram's rule: the wait is for the chat and for the whole bot.
            await self.limiter.hold(item.channel, item.chat_external_id, wait.seconds)
            return _Outcome(outbox.PENDING, str(wait), timedelta(seconds=wait.seconds))
        except Unavailable as problem:
            return self._again(item, str(problem))
        except Exception as problem:  # a bug in a channel: keep the message, say why
            log.exception("sending outbox message %s failed", item.id)
            return self._again(item, f"{type(problem).__name__}: {problem}")
        self.limiter.delivered(item.channel, item.chat_external_id, item.chat_is_group)
        return _Outcome(outbox.SENT)

    def _again(self, item: outbox.Claimed, error: str) -> _Outcome:
        if item.attempts >= self.max_attempts:
            return _Outcome(outbox.FAILED, error)
        return _Outcome(outbox.PENDING, error, timedelta(seconds=30 * 2**item.attempts))

    async def _look_up_chats(self, run: _Run) -> None:
        """Which chats of the messages held became unreachable since they were claimed (a
        403 to another process, while these waited): asked at a message's turn, at most
        once every ``check_every`` seconds for all workers together. The same chat's
        messages are a second apart at least, so a 403 is known before the next one goes."""
        loop = asyncio.get_running_loop()
        if loop.time() - run.checked_at < self.check_every:
            return
        async with run.checking:
            if loop.time() - run.checked_at < self.check_every:
                return
            started = loop.time()
            async with self.sessions() as session:
                found = await outbox.inactive_chats(session, list(run.in_hand))
            run.inactive.update(run.names[chat_id] for chat_id in found)
            run.checked_at = started

    async def _record(self, results: list[tuple[outbox.Claimed, _Outcome]], report: SendReport, run: _Run) -> None:
        now: datetime = self.clock()
        run.written([item for item, _ in results])
        async with unit_of_work(self.sessions) as session:
            grouped: dict[tuple, list[outbox.Claimed]] = defaultdict(list)
            for item, outcome in results:
                grouped[(outcome.status, outcome.error, outcome.retry_in)].append(item)
            for (status, error, retry_in), items in grouped.items():
                if status == _RELEASED:
                    await outbox.release(session, [i.id for i in items], self.worker)
                    continue
                await outbox.finish(
                    session, [i.id for i in items], status, now, error, now + retry_in if retry_in else None
                )
                if status == outbox.BLOCKED:
                    for item in items:
                        await mark_unreachable(session, item.channel, item.chat_external_id)
                if status in (outbox.BLOCKED, outbox.FAILED):  # failed for good: the person's other channel
                    await fall_back(session, [i.id for i in items], now)
                if status == outbox.SENT:
                    report.sent += len(items)
                elif status == outbox.BLOCKED:
                    report.blocked += len(items)
                elif status == outbox.FAILED:
                    report.failed += len(items)
                else:
                    report.retrying += len(items)
