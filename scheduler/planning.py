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
    """Store the window's reminders; None when another process is planning right now."""
    if not await exclusive(session, "plan-reminders"):
        return None
    inputs = await plan_inputs(session)
    total = StoredPlan()
    for start in range(0, len(inputs.tasks), SLICE):
        tasks = inputs.tasks[start : start + SLICE]
        planned = inputs.plan(planner, policy, window, tasks)
        stored = await store_plan(session, planned, window.first, window.last, now, [t.task_id for t in tasks])
        total.added, total.moved, total.cancelled = (
            total.added + stored.added,
            total.moved + stored.moved,
            total.cancelled + stored.cancelled,
        )
    return total
