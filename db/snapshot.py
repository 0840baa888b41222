"""Loading what the conversation core keeps in memory: the plan index and statuses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.agencies import load_directory
from db.models import Agency, AgencyGroupMember, Plan, StatusChange, Task, TaskAgency, TaskStatus
from db.queries import TaskFilter, every_task, find_tasks, task_ids_of
from db.reminders import policy_overrides
from domain.agencies import AgencyDirectory
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


@dataclass(frozen=True)
class Shared:
    """What every copy of the plans holds whole, small whatever the number of tasks: the
    agencies (directory, names, groups) and the plans."""

    directory: AgencyDirectory
    names: dict[int, str]
    groups_of: dict[int, list[int]]  # agency -> the groups it belongs to (and bodies it succeeded)
    titles: dict[str, str]
    plan_ids: dict[str, int]
    live: tuple[str, ...]  # the plans with live tasks


async def load_shared(session: AsyncSession, abbreviations: Mapping[str, Sequence[str]]) -> Shared:
    directory = await load_directory(session, abbreviations)
    connection = await session.connection()
    groups_of: dict[int, list[int]] = defaultdict(list)
    for group_id, member_id in await connection.execute(
        select(AgencyGroupMember.group_id, AgencyGroupMember.member_id)
    ):
        groups_of[member_id].append(group_id)
    names = dict((await connection.execute(select(Agency.id, Agency.name))).all())
    plans = (await connection.execute(select(Plan.id, Plan.short_name, Plan.title))).all()
    live = select(Task.id).where(Task.plan_id == Plan.id, Task.removed_at.is_(None))
    return Shared(
        directory,
        names,
        dict(groups_of),
        {name: title for _, name, title in plans},
        {name: id_ for id_, name, _ in plans},
        tuple(await connection.scalars(select(Plan.short_name).where(live.exists()))),
    )


async def load_index(
    session: AsyncSession,
    abbreviations: Mapping[str, Sequence[str]],
    report_due: MonthDay = DEFAULT_ANNUAL_DUE,
    shared: Shared | None = None,
) -> PlanIndex:
    """Every live task of every plan."""
    shared = shared or await load_shared(session, abbreviations)
    tasks, links = await every_task(session)
    await _with_report_days(session, tasks, shared.plan_ids, report_due)
    return PlanIndex(
        tasks,
        map(Link._make, links),
        shared.groups_of,
        shared.directory,
        shared.names,
        shared.titles,
        shared.plan_ids,
    )


async def load_own_tasks(
    session: AsyncSession, shared: Shared, agency_ids: Sequence[int], report_due: MonthDay = DEFAULT_ANNUAL_DUE
) -> tuple[PlanIndex, StatusBook]:
    """The tasks naming these agencies, or a group they belong to or a body they succeeded,
    in any role, with every link and status of those tasks: what answers about the
    agencies' own tasks read, whole, in a fraction of the time of every task. Plans and
    agencies are whole (``shared``). Questions about other tasks are not answered from it."""
    tasks = await find_tasks(session, TaskFilter(agency_ids=tuple(agency_ids)))
    ids = task_ids_of(agency_ids)
    connection = await session.connection()
    links = await connection.execute(
        select(TaskAgency.task_id, TaskAgency.agency_id, TaskAgency.role).where(TaskAgency.task_id.in_(ids))
    )
    await _with_report_days(session, tasks, shared.plan_ids, report_due)
    index = PlanIndex(
        tasks,
        [Link(*link) for link in links],
        shared.groups_of,
        shared.directory,
        shared.names,
        shared.titles,
        shared.plan_ids,
        plans=shared.live,
    )
    book = StatusBook()
    last = await connection.scalar(select(StatusChange.id).order_by(StatusChange.id.desc()).limit(1)) or 0
    for task_id, agency_id, period, status in await connection.execute(
        select(TaskStatus.task_id, TaskStatus.agency_id, TaskStatus.period, TaskStatus.status).where(
            TaskStatus.task_id.in_(ids)
        )
    ):
        book.apply(0, task_id, agency_id, period, Status(status))
    book.last_change = last
    return index, book


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
