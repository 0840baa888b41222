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
    total = StoredPlan()
    if same and (state.plans_version, state.statuses_version) == (versions.plans, versions.statuses):
        return total  # nothing changed: nothing to read, nothing to write
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
    sqlite = session.bind.dialect.name == "sqlite"
    slices = 0
    await build_indexes(session)  # a run that stopped before its end may have left them out
    # A first planning: no stored reminder to compare with, every planned row is new.
    first = await nothing_stored(session)
    deferred = first and len(changed) >= DEFER_INDEXES_FROM and await defer_indexes(session)
    # On PostgreSQL a first planning's rows go in while the next slice is worked out: the
    # server, in a process of its own, stores a slice (about two thirds of such a run)
    # while this one plans the next. SQLite's writes need this process's interpreter.
    overlap = first and not sqlite
    writing: asyncio.Task[None] | None = None

    async def written() -> None:
        """The slice being written, once it is in: nothing else may use the connection meanwhile."""
        nonlocal writing
        if writing is not None:
            pending, writing = writing, None
            await pending

    async def plan_slices(tasks: Sequence[TaskToRemind], part: Window) -> None:
        nonlocal slices, writing
        for start in range(0, len(tasks), SLICE):
            if slices:
                if sqlite:
                    await session.commit()
                await asyncio.sleep(0)
            slices += 1
            chunk = tasks[start : start + SLICE]
            planned = await _slice_rows(inputs, planner, policy, part, chunk)
            if overlap:
                await written()
                writing = asyncio.create_task(insert_reminders(session, planned, now, fresh=True))
                total.added += len(planned)
                continue  # its inputs are saved once the rows are in (see below)
            stored_now = await store_plan(session, planned, part.first, part.last, now, [t.task_id for t in chunk])
            await _save_inputs(chunk)
            total.added += stored_now.added
            total.moved += stored_now.moved
            total.cancelled += stored_now.cancelled

    async def _save_inputs(chunk: Sequence[TaskToRemind]) -> None:
        await save_inputs(
            session,
            {t.task_id: fingerprints[t.task_id] for t in chunk},
            window.last,
            now,
            stored=[t.task_id for t in chunk if t.task_id in stored],
        )

    try:
        await plan_slices(changed, window)
        for until, tasks in sorted(extend.items()):
            # Same inputs, planned less far ahead: only the days added.
            await plan_slices(tasks, Window(until + timedelta(days=1), window.last))
        await written()
    finally:
        if writing is not None:  # planning failed meanwhile: the transaction is rolled back
            writing.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await writing
    if overlap:
        await _save_inputs([*changed, *(t for tasks in extend.values() for t in tasks)])
    if deferred:
        await build_indexes(session)
    if candidates is None:
        await forget_removed_inputs(session)
    await save_planning_state(session, PlanningState(versions.plans, versions.statuses, settings, window.last), now)
    return total


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
