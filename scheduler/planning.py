"""Planning reminders: from the plans in the database to dated reminders in it.

Planning follows what changed. Each task's reminders are recorded with a fingerprint of
what they were planned from (db.reminders.stored_inputs) and how far ahead; one row holds
what the last run saw as a whole (the plans' version, the last status change, the calendar
and the settings). A run where all of that is the same reads that row and stops; otherwise
only the tasks whose fingerprint differs are planned again, and tasks planned less far
ahead than the window are planned for the days added (once a month: the window's end is
the end of a month).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.reminders import (
    PlanInputs,
    PlanningState,
    StoredPlan,
    Window,
    build_indexes,
    defer_indexes,
    forget_removed_inputs,
    insert_reminders,
    nothing_stored,
    plan_inputs,
    planning_state,
    save_inputs,
    save_planning_state,
    store_plan,
    stored_inputs,
    tasks_with_status_changes,
)
from db.versions import current
from domain.reminders import Planner, Policy, ReminderRow, TaskToRemind
from scheduler.locks import exclusive

# Tasks planned and stored together: bounds memory whatever the size of the plans.
SLICE = 1000
# A first planning of this many tasks or more builds the reminders' indexes at its
# end (db.reminders.defer_indexes): below it the time saved is not worth the step.
DEFER_INDEXES_FROM = 10_000


def settings_key(planner: Planner, policy: Policy, window: Window) -> str:
    """The calendar of the window's years and the reminder settings, short."""
    calendar = planner.calendar.fingerprint(range(window.last.year - 2, window.last.year + 1))
    return hashlib.blake2b(f"{calendar}:{policy!r}".encode(), digest_size=16).hexdigest()


async def plan_reminders(
    session: AsyncSession, planner: Planner, policy: Policy, window: Window, now: datetime
) -> StoredPlan | None:
    """Store the window's reminders; None when another process is planning right now.

    The caller commits at the end. On SQLite each slice is committed as it is stored: its
    single writer would otherwise keep every answer that writes (a user's last_seen, a
    status) waiting for the whole run, past the busy timeout. On PostgreSQL the run stays
    one transaction: the advisory lock lasts as long as it, and the rows it locks block no
    answer. Between slices the event loop gets a turn, so that the bot answers meanwhile.
    """
    if not await exclusive(session, "plan-reminders"):
        return None
    versions = await current(session)
    settings = settings_key(planner, policy, window)
    state = await planning_state(session)
    same = state is not None and state.settings == settings and state.planned_until >= window.last
    if same and (state.plans_version, state.statuses_version) == (versions.plans, versions.statuses):
        return StoredPlan()  # nothing changed: nothing to read, nothing to write
    # Only statuses changed: the tasks they belong to are the only ones to look at.
    candidates = (
        await tasks_with_status_changes(session, state.statuses_version)
        if same and state.plans_version == versions.plans
        else None
    )
    inputs = await plan_inputs(session, candidates)
    fingerprints: dict[int, str] = {}
    for start in range(0, len(inputs.tasks), 5 * SLICE):
        fingerprints.update(inputs.fingerprints(policy, settings, inputs.tasks[start : start + 5 * SLICE]))
        await asyncio.sleep(0)
    stored = await stored_inputs(session, candidates)
    changed: list[TaskToRemind] = []
    extend: dict[date, list[TaskToRemind]] = defaultdict(list)
    for task in inputs.tasks:
        before = stored.get(task.task_id)
        if before is None or before[0] != fingerprints[task.task_id]:
            changed.append(task)
        elif before[1] < window.last:
            extend[before[1]].append(task)
    await build_indexes(session)  # a run that stopped before its end may have left them out
    # A first planning: no stored reminder to compare with, every planned row is new.
    first = await nothing_stored(session)
    deferred = first and len(changed) >= DEFER_INDEXES_FROM and await defer_indexes(session)
    run = _Slices(session, inputs, planner, policy, now, fingerprints, stored, window.last, first)
    try:
        await run.plan(changed, window)
        for until, tasks in sorted(extend.items()):
            # Same inputs, planned less far ahead: only the days added.
            await run.plan(tasks, Window(until + timedelta(days=1), window.last))
        await run.written()
    finally:
        await run.abandon()
    if run.overlap:
        await run.save_inputs([*changed, *(t for tasks in extend.values() for t in tasks)])
    if deferred:
        await build_indexes(session)
    if candidates is None:
        await forget_removed_inputs(session)
    await save_planning_state(session, PlanningState(versions.plans, versions.statuses, settings, window.last), now)
    return run.total


class _Slices:
    """A run's tasks planned and stored a slice at a time.

    On SQLite each slice is committed before the next. On PostgreSQL a first planning's
    rows (``first``: none stored, every planned row is new) go in while the next slice is
    worked out: the server, in a process of its own, stores a slice (about two thirds of
    such a run) while this one plans the next; SQLite's writes need this interpreter."""

    def __init__(
        self,
        session: AsyncSession,
        inputs: PlanInputs,
        planner: Planner,
        policy: Policy,
        now: datetime,
        fingerprints: dict[int, str],
        stored: dict[int, tuple[str, date]],
        until: date,
        first: bool,
    ):
        self.session, self.inputs, self.planner, self.policy, self.now = session, inputs, planner, policy, now
        self.fingerprints, self.stored, self.until = fingerprints, stored, until
        self.sqlite = session.bind.dialect.name == "sqlite"
        self.overlap = first and not self.sqlite
        self.total = StoredPlan()
        self.slices = 0
        self.writing: asyncio.Task[None] | None = None

    async def plan(self, tasks: Sequence[TaskToRemind], window: Window) -> None:
        session = self.session
        for start in range(0, len(tasks), SLICE):
            if self.slices:
                if self.sqlite:
                    await session.commit()
                await asyncio.sleep(0)
            self.slices += 1
            chunk = tasks[start : start + SLICE]
            planned = await _slice_rows(self.inputs, self.planner, self.policy, window, chunk)
            if self.overlap:
                await self.written()
                self.writing = asyncio.create_task(insert_reminders(session, planned, self.now, fresh=True))
                self.total.added += len(planned)
                continue  # the inputs are saved once every row is in
            stored = await store_plan(session, planned, window.first, window.last, self.now, [t.task_id for t in chunk])
            await self.save_inputs(chunk)
            self.total.added += stored.added
            self.total.moved += stored.moved
            self.total.cancelled += stored.cancelled

    async def save_inputs(self, tasks: Sequence[TaskToRemind]) -> None:
        await save_inputs(
            self.session,
            {t.task_id: self.fingerprints[t.task_id] for t in tasks},
            self.until,
            self.now,
            stored=[t.task_id for t in tasks if t.task_id in self.stored],
        )

    async def written(self) -> None:
        """The slice being written, once it is in: nothing else may use the connection meanwhile."""
        if self.writing is not None:
            pending, self.writing = self.writing, None
            await pending

    async def abandon(self) -> None:
        """After a failure: the slice being written stopped (the transaction is rolled back)."""
        if self.writing is not None:
            self.writing.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.writing
            self.writing = None


async def _slice_rows(
    inputs: PlanInputs, planner: Planner, policy: Policy, window: Window, tasks: Sequence[TaskToRemind]
) -> list[ReminderRow]:
    """The reminders of a slice of tasks, as rows to store, giving the event loop a turn now
    and then: the bot answers meanwhile, and the slice before may be on its way to the
    server (only the loop sends it)."""
    rows: list[ReminderRow] = []
    for start in range(0, len(tasks), _TURN):
        if start:
            await asyncio.sleep(0)
        rows += inputs.rows(planner, policy, window, tasks[start : start + _TURN])
    return rows


_TURN = 100  # tasks planned between two turns of the event loop
