"""What an export holds, read from the database through db/: plain values, no file format."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from db.reminders import Window, compute
from db.snapshot import load_index, load_statuses
from db.statuses import StatusEntry, statuses
from domain.calendar import OfficeCalendar
from domain.periods import period_at, periods_between
from domain.plan_index import Counts, PlanIndex
from domain.reminders import Planner, Policy, ReminderKind
from domain.tasks import Status, TaskView
from domain.timeframes import MonthDay


class UnknownPlan(LookupError):
    pass


@dataclass(frozen=True)
class TaskRow:
    task: TaskView
    period: str  # the period today falls in ("all" for a time-bound task)
    due: date | None  # of that period
    status: Status  # of every agency together
    parts: tuple[StatusEntry, ...]  # each agency's own


@dataclass(frozen=True)
class CalendarEvent:
    day: date
    uid: str
    task: TaskView
    kind: str  # "due", or a reminder kind
    due: date


@dataclass(frozen=True)
class PlanData:
    plan: str
    title: str
    index: PlanIndex
    task_ids: list[int]  # of the plan, in plan order


async def load_plan(
    session: AsyncSession, plan: str, abbreviations: Mapping[str, Sequence[str]], report_due: MonthDay
) -> PlanData:
    index = await load_index(session, abbreviations, report_due)
    names = {name.upper(): name for name in index.plans}
    if plan.upper() not in names:
        raise UnknownPlan(plan)
    plan = names[plan.upper()]
    ids = [i for i in index.order if i in index.in_plan(plan)]
    return PlanData(plan, index.plan_titles.get(plan, plan), index, ids)


async def task_rows(session: AsyncSession, data: PlanData, today: date) -> list[TaskRow]:
    """Every live task of the plan with where it stands in the current period."""
    book = await load_statuses(session)
    tasks = [data.index.tasks[i] for i in data.task_ids]
    periods = {t.id: period_at(t.timeframe, today) for t in tasks}
    found = await statuses(session, {task_id: period.key for task_id, period in periods.items()})
    return [
        TaskRow(
            task,
            periods[task.id].key,
            periods[task.id].due,
            data.index.status_of(task.id, periods[task.id].key, book, None),
            tuple(found.get(task.id, [])),
        )
        for task in tasks
    ]


async def agency_counts(session: AsyncSession, data: PlanData, today: date) -> list[tuple[str, Counts]]:
    """Each agency's counts in the plan, as its /summary gives them."""
    return data.index.by_agency(await load_statuses(session), today, data.plan)


def agencies_of(data: PlanData) -> list[tuple[int, str]]:
    """The agencies with tasks in the plan, themselves or through a group; groups left out,
    since their members get the group's tasks in their own calendars."""
    index = data.index
    named = {agency for task_id in data.task_ids for agency in index.agencies_of_task(task_id)}
    found = []
    for agency_id in named:
        name = index.agency_names[agency_id]
        entry = index.directory.get(name)
        if entry is None or not entry.is_group:
            found.append((agency_id, name))
    return sorted(found, key=lambda pair: pair[1])


async def calendar_events(
    session: AsyncSession, data: PlanData, policy: Policy, window: Window
) -> dict[int, list[CalendarEvent]]:
    """Per agency: each task's due dates in the window, and the days reminders go out."""
    index, plan_tasks = data.index, set(data.task_ids)
    events: dict[int, list[CalendarEvent]] = defaultdict(list)
    for agency_id, _name in agencies_of(data):
        for task_id in index.scope_tasks((agency_id,)):
            if task_id not in plan_tasks:
                continue
            task = index.tasks[task_id]
            # The index gives annual tasks their report day, overrides included.
            for period in periods_between(task.timeframe, window.first, window.last):
                assert period.due is not None
                uid = f"due-{task.id}-{period.key}-{agency_id}@agencybot"
                events[agency_id].append(CalendarEvent(period.due, uid, task, "due", period.due))
    for reminder in await compute(session, Planner(OfficeCalendar()), policy, window):
        if reminder.task_id not in plan_tasks or reminder.kind is ReminderKind.SNOOZED:
            continue
        task = index.tasks[reminder.task_id]
        uid = f"reminder-{'-'.join(map(str, reminder.key))}@agencybot"
        events[reminder.agency_id].append(CalendarEvent(reminder.fire_on, uid, task, reminder.kind.value, reminder.due))
    for found in events.values():
        found.sort(key=lambda e: (e.day, e.task.code, e.kind))
    return events
