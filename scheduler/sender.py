"""The one sender: takes messages from the outbox and hands them to their channel.

Every claim is a lease: a sender that crashes mid-way leaves its messages to be taken up
again when the lease runs out (at once when the dead process was on this machine), so
nothing is lost. Outcomes are written for each small group of messages sent together: a
message of the group sent just before a crash, and not yet written as sent, goes out a
second time; never more than that for one crash.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.core.events import Attachment, Button, Reply
from bot.core.markup import Html
from bot.delivery import Blocked, Deliverer, Rejected, RetryLater, Unavailable
from db import outbox
from db.engine import unit_of_work
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


def reply_of(item: outbox.Claimed) -> Reply:
    buttons = tuple(tuple(Button(label, action) for label, action in row) for row in item.buttons)
    document = (
        Attachment(name=item.document.get("name", "file"), file_id=item.document.get("file_id"))
        if (item.document)
        else None
    )
    return Reply(Html(item.text), buttons, document=document)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def dead_local_workers(workers: set[str]) -> set[str]:
    """Claimers that were processes of this machine and are gone: their leases are void."""
    host = socket.gethostname()
    dead = set()
    for worker in workers:
        name, _, pid = worker.rpartition(":")
        if name == host and pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                dead.add(worker)
            except PermissionError:
                pass
    return dead


class Sender:
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
    ):
        self.sessions, self.clock, self.channels, self.worker = sessions, clock, channels, worker
        self.limiter = limiter or NoLimiter()
        self.concurrency, self.batch, self.lease, self.max_attempts = concurrency, batch, lease, max_attempts

    async def send_pending(self) -> SendReport:
        """Send everything due now, batch after batch, until the outbox has nothing ready."""
        report = SendReport()
        while self.channels:
            async with unit_of_work(self.sessions) as session:
                dead = dead_local_workers(await outbox.claimers(session))
                claimed = await outbox.claim(
                    session, self.worker, self.channels, self.clock(), self.lease, self.batch, dead
                )
            if not claimed:
                return report
            for start in range(0, len(claimed), self.concurrency):
                group = claimed[start : start + self.concurrency]
                outcomes = await asyncio.gather(*(self._send(item) for item in group))
                await self._record(list(zip(group, outcomes, strict=True)), report)
        return report

    async def _send(self, item: outbox.Claimed) -> _Outcome:
        channel = self.channels[item.channel]
        turn = partial(self.limiter.wait_turn, item.channel, item.chat_external_id, item.chat_is_group)
        try:
            await channel.send_message(item.chat_external_id, reply_of(item), turn)
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
        return _Outcome(outbox.SENT)

    def _again(self, item: outbox.Claimed, error: str) -> _Outcome:
        if item.attempts >= self.max_attempts:
            return _Outcome(outbox.FAILED, error)
        return _Outcome(outbox.PENDING, error, timedelta(seconds=30 * 2**item.attempts))

    async def _record(self, results: list[tuple[outbox.Claimed, _Outcome]], report: SendReport) -> None:
        now: datetime = self.clock()
        async with unit_of_work(self.sessions) as session:
            grouped: dict[tuple, list[outbox.Claimed]] = defaultdict(list)
            for item, outcome in results:
                grouped[(outcome.status, outcome.error, outcome.retry_in)].append(item)
            for (status, error, retry_in), items in grouped.items():
                await outbox.finish(
                    session, [i.id for i in items], status, now, error, now + retry_in if retry_in else None
                )
                if status == outbox.BLOCKED:
                    for item in items:
                        await mark_unreachable(session, item.channel, item.chat_external_id)
                if status == outbox.SENT:
                    report.sent += len(items)
                elif status == outbox.BLOCKED:
                    report.blocked += len(items)
                elif status == outbox.FAILED:
                    report.failed += len(items)
                else:
                    report.retrying += len(items)
