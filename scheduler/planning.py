"""Planning reminders: from the plans in the database to dated reminders in it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.reminders import StoredPlan, Window, plan_inputs, store_plan
from domain.reminders import Planner, Policy
from scheduler.locks import exclusive

# Tasks planned and stored together: bounds memory whatever the size of the plans.
SLICE = 2000


async def plan_reminders(
    session: AsyncSession, planner: Planner, policy: Policy, window: Window, now: datetime
) -> StoredPlan | None:
    """Store the window's reminders; None when another process is planning right now.

    The caller commits at the end. On SQLite each slice is committed as it is stored: its
    single writer would otherwise keep every answer that writes (a user's last_seen, a
    status) waiting for the whole run, 40 s for 100,000 tasks, past the busy timeout. On
    PostgreSQL the run stays one transaction: the advisory lock lasts as long as it, and
    the rows it locks block no answer.
    """
    if not await exclusive(session, "plan-reminders"):
        return None
    commit_slices = session.bind.dialect.name == "sqlite"
    inputs = await plan_inputs(session)
    total = StoredPlan()
    for start in range(0, len(inputs.tasks), SLICE):
        if commit_slices and start:
            await session.commit()
        tasks = inputs.tasks[start : start + SLICE]
        planned = inputs.plan(planner, policy, window, tasks)
        stored = await store_plan(session, planned, window.first, window.last, now, [t.task_id for t in tasks])
        total.added, total.moved, total.cancelled = (
            total.added + stored.added,
            total.moved + stored.moved,
            total.cancelled + stored.cancelled,
        )
    return total
