"""The one sender: takes messages from the outbox and hands them to their channel.

Every claim is a lease: a sender that crashes mid-way leaves its messages to be taken up
again when the lease runs out, so nothing is lost. A message sent just before a crash
and not yet marked may go out a second time, never more than that for one crash.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.core.events import Button, Reply
from bot.core.markup import Html
from bot.delivery import Blocked, Deliverer, Rejected, RetryLater, Unavailable
from db import outbox
from db.engine import unit_of_work
from db.people import mark_unreachable

log = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retrying: int = 0


def reply_of(item: outbox.Claimed) -> Reply:
    buttons = tuple(tuple(Button(label, action) for label, action in row) for row in item.buttons)
    return Reply(Html(item.text), buttons)


class Sender:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        channels: Mapping[str, Deliverer],
        worker: str,
        *,
        batch: int = 50,
        lease: timedelta = timedelta(minutes=2),
        max_attempts: int = 6,
    ):
        self.sessions, self.clock, self.channels, self.worker = sessions, clock, channels, worker
        self.batch, self.lease, self.max_attempts = batch, lease, max_attempts

    async def send_pending(self) -> SendReport:
        """Send everything due now, batch after batch, until the outbox has nothing ready."""
        report = SendReport()
        while self.channels:
            async with unit_of_work(self.sessions) as session:
                claimed = await outbox.claim(session, self.worker, self.channels, self.clock(), self.lease, self.batch)
            if not claimed:
                return report
            for item in claimed:
                await self._send(item, report)
        return report

    async def _send(self, item: outbox.Claimed, report: SendReport) -> None:
        error: str | None = None
        try:
            await self.channels[item.channel].send_message(item.chat_external_id, reply_of(item))
        except Blocked as blocked:
            report.blocked += 1
            async with unit_of_work(self.sessions) as session:
                await outbox.finish(session, [item.id], outbox.BLOCKED, self.clock(), str(blocked))
                await mark_unreachable(session, item.channel, item.chat_external_id)
            return
        except Rejected as rejected:
            report.failed += 1
            await self._finish(item, outbox.FAILED, str(rejected))
            return
        except RetryLater as wait:
            report.retrying += 1
            await self._finish(item, outbox.PENDING, str(wait), retry_in=timedelta(seconds=wait.seconds))
            return
        except Unavailable as problem:
            error = str(problem)
        except Exception as problem:  # a bug in a channel: keep the message, say why
            log.exception("sending outbox message %s failed", item.id)
            error = f"{type(problem).__name__}: {problem}"
        if error is not None:
            if item.attempts >= self.max_attempts:
                report.failed += 1
                await self._finish(item, outbox.FAILED, error)
            else:
                report.retrying += 1
                await self._finish(item, outbox.PENDING, error, retry_in=timedelta(seconds=30 * 2**item.attempts))
            return
        report.sent += 1
        await self._finish(item, outbox.SENT)

    async def _finish(
        self, item: outbox.Claimed, status: str, error: str | None = None, retry_in: timedelta | None = None
    ) -> None:
        now = self.clock()
        async with unit_of_work(self.sessions) as session:
            await outbox.finish(session, [item.id], status, now, error, now + retry_in if retry_in else None)
