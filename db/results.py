"""Yearly results: a lead agency's one line per task and year ("Kết quả thực hiện năm 2026")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Plan, Reminder, Task, TaskStatus, YearlyResult
from db.reminders import tasks_to_remind
from domain.periods import occurs_in_year
from domain.reminders import ReminderState

_CHUNK = 2000


@dataclass(frozen=True)
class Owed:
    """A task a lead agency has no result for in the year."""

    agency_id: int
    plan_id: int
    plan: str
    task_id: int
    code: str
    content: str


async def set_result(
    session: AsyncSession, task_id: int, agency_id: int, year: int, text: str, by: int | None, now: datetime
) -> None:
    """Record (or replace) the agency's result of the task for the year."""
    row = await session.scalar(
        select(YearlyResult).where(
            YearlyResult.task_id == task_id, YearlyResult.agency_id == agency_id, YearlyResult.year == year
        )
    )
    if row is None:
        session.add(
            YearlyResult(task_id=task_id, agency_id=agency_id, year=year, text=text, recorded_at=now, recorded_by=by)
        )
    else:
        row.text, row.recorded_at, row.recorded_by = text, now, by
    await session.flush()


async def of_year(
    session: AsyncSession, year: int, task_ids: Collection[int] | None = None
) -> dict[int, dict[int, str]]:
    """The year's results: task -> agency -> text."""
    found: dict[int, dict[int, str]] = defaultdict(dict)
    query = select(YearlyResult.task_id, YearlyResult.agency_id, YearlyResult.text).where(YearlyResult.year == year)
    if task_ids is None:
        chunks = [query]
    else:
        ids = list(task_ids)
        chunks = [query.where(YearlyResult.task_id.in_(ids[n : n + _CHUNK])) for n in range(0, len(ids), _CHUNK)]
    for chunk in chunks:
        for task_id, agency_id, text in await session.execute(chunk):
            found[task_id][agency_id] = text
    return found


async def owed(session: AsyncSession, year: int) -> list[Owed]:
    """Every (lead agency, task due in the year) without a result for the year: the leads
    as reminders see them (members of a leading group, successors of an abolished body)."""
    tasks, _plans = await tasks_to_remind(session)
    due = {task.task_id: task for task in tasks if occurs_in_year(task.timeframe, year)}
    if not due:
        return []
    given = await of_year(session, year, due)
    rows = await session.execute(
        select(Task.id, Task.code, Task.content, Plan.id, Plan.short_name).join(Plan, Plan.id == Task.plan_id)
    )
    found = []
    for task_id, code, content, plan_id, plan in rows:
        task = due.get(task_id)
        if task is None:
            continue
        for agency_id in task.leads:
            if agency_id not in given.get(task_id, {}):
                found.append(Owed(agency_id, plan_id, plan, task_id, code, content))
    return found


async def silent_agencies(session: AsyncSession, today: date) -> dict[int, int]:
    """Agencies that were reminded (a reminder sent, its day passed) of a task's period and
    have said nothing on it since: agency -> how many such reminders."""
    answered = (
        select(TaskStatus.task_id)
        .where(
            TaskStatus.task_id == Reminder.task_id,
            TaskStatus.agency_id == Reminder.agency_id,
            TaskStatus.period == Reminder.period,
        )
        .exists()
    )
    rows = await session.execute(
        select(Reminder.agency_id, func.count())
        .where(Reminder.status == ReminderState.DELIVERED, Reminder.fire_on <= today, ~answered)
        .group_by(Reminder.agency_id)
    )
    return {agency_id: count for agency_id, count in rows}
