"""Loading what the conversation core keeps in memory: the plan index and statuses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.agencies import load_directory
from db.models import Agency, AgencyGroupMember, Plan, StatusChange, TaskStatus
from db.queries import every_task
from db.reminders import policy_overrides
from domain.periods import DEFAULT_ANNUAL_DUE
from domain.plan_index import Link, PlanIndex, StatusBook
from domain.reminders import Policy
from domain.tasks import Status, TaskView
from domain.timeframes import Kind, MonthDay, Timeframe


async def _with_report_days(
    session: AsyncSession, tasks: list[TaskView], plan_ids: Mapping[str, int], due: MonthDay
) -> None:
    """Annual tasks carry the day their yearly report is due, as the reminders use it: the
    plan's own day if it gives one, else a /policy override of the task or its plan, else
    the setting. Lists, cards and exports then show the date the reminders speak of."""
    by_plan, by_task = await policy_overrides(session)
    base = Policy(report_due=due)
    plan_due = {plan_id: base.with_settings(settings).report_due for plan_id, settings in by_plan.items()}
    dated: dict[tuple[Timeframe, MonthDay], Timeframe] = {}  # one copy of each, as find_tasks keeps them
    for position, task in enumerate(tasks):
        timeframe = task.timeframe
        if timeframe.kind is not Kind.ANNUAL or timeframe.recurring_due is not None:
            continue
        day = plan_due.get(plan_ids.get(task.plan, -1), due)
        if task.id in by_task:
            day = Policy(report_due=day).with_settings(by_task[task.id]).report_due
        found = dated.get((timeframe, day))
        if found is None:
            found = dated[(timeframe, day)] = replace(timeframe, recurring_due=day)
        tasks[position] = replace(task, timeframe=found)


async def load_index(
    session: AsyncSession, abbreviations: Mapping[str, Sequence[str]], report_due: MonthDay = DEFAULT_ANNUAL_DUE
) -> PlanIndex:
    directory = await load_directory(session, abbreviations)
    tasks, links = await every_task(session)
    connection = await session.connection()
    groups_of: dict[int, list[int]] = defaultdict(list)
    for group_id, member_id in await connection.execute(
        select(AgencyGroupMember.group_id, AgencyGroupMember.member_id)
    ):
        groups_of[member_id].append(group_id)
    names = dict((await connection.execute(select(Agency.id, Agency.name))).all())
    plans = (await connection.execute(select(Plan.id, Plan.short_name, Plan.title))).all()
    titles = {name: title for _, name, title in plans}
    plan_ids = {name: id_ for id_, name, _ in plans}
    await _with_report_days(session, tasks, plan_ids, report_due)
    return PlanIndex(tasks, map(Link._make, links), groups_of, directory, names, titles, plan_ids)


async def load_statuses(session: AsyncSession) -> StatusBook:
    book = StatusBook()
    last = await session.scalar(select(StatusChange.id).order_by(StatusChange.id.desc()).limit(1)) or 0
    for task_id, agency_id, period, status in await session.execute(
        select(TaskStatus.task_id, TaskStatus.agency_id, TaskStatus.period, TaskStatus.status)
    ):
        book.apply(0, task_id, agency_id, period, Status(status))
    book.last_change = last
    return book


async def apply_status_changes(session: AsyncSession, book: StatusBook) -> None:
    """Statuses changed since the book was last brought up to date (by any process)."""
    for change_id, task_id, agency_id, period, status in await session.execute(
        select(StatusChange.id, StatusChange.task_id, StatusChange.agency_id, StatusChange.period, StatusChange.status)
        .where(StatusChange.id > book.last_change)
        .order_by(StatusChange.id)
    ):
        book.apply(change_id, task_id, agency_id, period, Status(status))
