"""The reminder service and its APScheduler jobs.

Jobs have stable ids and replace_existing, and keep nothing of their own: each run reads
what to do from the database, so a restart, a missed run or a second process changes
nothing that matters.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from base.clock import Clock
from db.engine import unit_of_work
from db.reminders import StoredPlan, Window
from db.versions import current
from domain.reminders import Planner, Policy
from scheduler.digests import DigestSettings, QueueReport, queue_due
from scheduler.planning import plan_reminders
from scheduler.results import ask_results
from scheduler.sender import Sender, SendReport

log = logging.getLogger(__name__)
PLAN_JOB, QUEUE_JOB, SEND_JOB = "reminders-plan", "reminders-queue", "outbox-send"


@dataclass(frozen=True)
class ReminderSettings:
    policy: Policy
    digests: DigestSettings
    horizon_days: int = 400


class ReminderService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, settings: ReminderSettings, sender: Sender
    ):
        self.sessions, self.clock, self.settings, self.sender = sessions, clock, settings, sender
        self.planner = Planner(settings.digests.calendar)
        self._planned_version: int | None = None
        # Set by schedule(): planning runs as a job of its own, in the background, and the
        # queue job only asks for it; without it (a one-off pass) queue() plans first.
        self.plan_soon: Callable[[], None] | None = None
        self.queue_soon: Callable[[], None] | None = None
        self.planning = False

    def window(self) -> Window:
        """From the catch-up window to the end of the month ``horizon_days`` ahead: the end
        moves once a month, so that tasks whose inputs stay the same are planned further
        ahead once a month, not every night."""
        today = self.clock().astimezone(self.settings.digests.zone).date()
        ahead = today + timedelta(days=self.settings.horizon_days)
        month_end = (ahead.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return Window(self.settings.digests.catch_up_since(today), month_end)

    async def plan(self) -> StoredPlan | None:
        self.planning = True
        try:
            async with self.sessions() as session:  # not one unit of work: planning commits as it goes on SQLite
                version = (await current(session)).plans
                stored = await plan_reminders(session, self.planner, self.settings.policy, self.window(), self.clock())
                await session.commit()
        finally:
            self.planning = False
        if stored is not None:
            self._planned_version = version
            log.info(
                "reminders planned: %d added, %d moved, %d cancelled", stored.added, stored.moved, stored.cancelled
            )
        return stored

    async def queue(self) -> QueueReport | None:
        """Queue the day's digests; plan again first when a plan changed (an import)."""
        async with self.sessions() as session:
            version = (await current(session)).plans
        if version != self._planned_version:
            if self.plan_soon is None:
                await self.plan()
            elif not self.planning:
                self.plan_soon()  # queue what is planned now; planning queues again when done
        async with unit_of_work(self.sessions) as session:
            report = await queue_due(session, self.settings.digests, self.clock())
            if report is not None:  # this process holds the queueing lock: the yearly results' questions too
                report.results_asked = await ask_results(
                    session, self.settings.digests, self.settings.policy, self.clock()
                )
            return report

    async def plan_in_background(self) -> StoredPlan | None:
        """The planning job: plan, then have what it planned for today queued at once."""
        stored = await self.plan()
        if stored is not None and (stored.added or stored.moved or stored.cancelled) and self.queue_soon is not None:
            self.queue_soon()
        return stored

    async def send(self) -> SendReport:
        return await self.sender.send_pending()

    async def tick(self) -> tuple[QueueReport | None, SendReport]:
        """One pass: what `agencybot reminders send-due` runs, and what the jobs run."""
        return await self.queue(), await self.send()


def _stoppable(job: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[object]]:
    """A job cut short because the service stops is no error: what it did is in the
    database, and the next start takes up the rest."""

    @functools.wraps(job)
    async def run() -> object:
        try:
            return await job()
        except asyncio.CancelledError:
            log.info("%s stopped with the service; the next start takes it up", job.__name__)
            return None

    return run


def schedule(service: ReminderService, now: datetime) -> AsyncIOScheduler:
    """Planning at night and whenever a plan changes; queueing and sending every minute,
    each starting at once so that what was missed while down goes out now."""
    zone = service.settings.digests.zone
    scheduler = AsyncIOScheduler(timezone=zone)
    common = {"replace_existing": True, "coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
    # Planning is a job of its own: at start, every night, and when the queue job sees that a
    # plan changed. It gives the event loop a turn between slices, so the bot answers
    # meanwhile, and the queue job (every minute) never waits for it.
    scheduler.add_job(
        _stoppable(service.plan_in_background),
        CronTrigger(hour=0, minute=30, timezone=zone),
        id=PLAN_JOB,
        next_run_time=now + timedelta(seconds=2),
        **common,
    )
    scheduler.add_job(
        _stoppable(service.queue),
        IntervalTrigger(minutes=1, timezone=zone),
        id=QUEUE_JOB,
        next_run_time=now + timedelta(seconds=5),
        **common,
    )
    scheduler.add_job(
        _stoppable(service.send),
        IntervalTrigger(minutes=1, timezone=zone),
        id=SEND_JOB,
        next_run_time=now + timedelta(seconds=10),
        **common,
    )

    def run_soon(job_id: str) -> Callable[[], None]:
        def soon() -> None:
            job = scheduler.get_job(job_id)
            if job is not None:
                job.modify(next_run_time=service.clock())

        return soon

    service.plan_soon, service.queue_soon = run_soon(PLAN_JOB), run_soon(QUEUE_JOB)
    return scheduler


def send_soon(scheduler: AsyncIOScheduler, now: datetime) -> None:
    """Something was queued (a notice): send it now rather than within the minute."""
    job = scheduler.get_job(SEND_JOB)
    if job is not None:
        job.modify(next_run_time=now)
