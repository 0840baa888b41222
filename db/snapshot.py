"""Loading what the conversation core keeps in memory: the plan index and statuses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.agencies import load_directory
from db.models import Agency, AgencyGroupMember, Plan, StatusChange, Task, TaskAgency, TaskStatus
from db.queries import find_tasks
from domain.plan_index import Link, PlanIndex, StatusBook
from domain.tasks import Status


async def load_index(session: AsyncSession, abbreviations: Mapping[str, Sequence[str]]) -> PlanIndex:
    directory = await load_directory(session, abbreviations)
    tasks = await find_tasks(session)
    links = [
        Link(task_id, agency_id, role)
        for task_id, agency_id, role in await session.execute(
            select(TaskAgency.task_id, TaskAgency.agency_id, TaskAgency.role)
            .join(Task, Task.id == TaskAgency.task_id)
            .where(Task.removed_at.is_(None))
        )
    ]
    groups_of: dict[int, list[int]] = defaultdict(list)
    for group_id, member_id in await session.execute(select(AgencyGroupMember.group_id, AgencyGroupMember.member_id)):
        groups_of[member_id].append(group_id)
    names = dict((await session.execute(select(Agency.id, Agency.name))).all())
    plans = (await session.execute(select(Plan.id, Plan.short_name, Plan.title))).all()
    titles = {name: title for _, name, title in plans}
    return PlanIndex(tasks, links, groups_of, directory, names, titles, {name: id_ for id_, name, _ in plans})


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
