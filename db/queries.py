"""Read-only questions about tasks and agencies, answered with plain values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Agency, AgencyGroupMember, Plan, Section, Task, TaskAgency
from domain.tasks import TaskView, timeframe_from_columns
from domain.timeframes import RECURRING, TIME_BOUND

_CHUNK = 2000


@dataclass(frozen=True)
class AgencyView:
    id: int
    name: str
    short_name: str | None
    kind: str
    is_group: bool
    verified: bool
    aliases: tuple[str, ...]
    members: tuple[str, ...]  # groups: every member, transitively
    lead_tasks: int  # live tasks it leads, itself or through a group
    coordinated_tasks: int


def due_in_year_clause(year: int) -> ColumnElement[bool]:
    """SQL twin of domain.tasks.due_in_year (a test keeps the two in agreement)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return or_(
        and_(
            Task.timeframe_kind.in_([k.value for k in RECURRING]),
            or_(Task.start_date.is_(None), Task.start_date <= last),
            or_(Task.deadline.is_(None), Task.deadline >= first),
        ),
        and_(Task.timeframe_kind.in_([k.value for k in TIME_BOUND]), Task.deadline.between(first, last)),
    )


def overdue_clause(today: date) -> ColumnElement[bool]:
    """SQL twin of domain.tasks.overdue_on."""
    return and_(Task.timeframe_kind.in_([k.value for k in TIME_BOUND]), Task.deadline < today)


def _agency_clause(agency_id: int, role: str | None) -> ColumnElement[bool]:
    """Tasks naming the agency, or a group it belongs to, in the given role."""
    groups = select(AgencyGroupMember.group_id).where(AgencyGroupMember.member_id == agency_id)
    link = select(TaskAgency.task_id).where(
        TaskAgency.task_id == Task.id,
        or_(TaskAgency.agency_id == agency_id, TaskAgency.agency_id.in_(groups)),
    )
    if role is not None:
        link = link.where(TaskAgency.role == role)
    return exists(link)


async def find_tasks(
    session: AsyncSession,
    *,
    plan: str | None = None,
    agency_id: int | None = None,
    role: str | None = None,
    due_year: int | None = None,
    overdue_on: date | None = None,
    codes: list[str] | None = None,
) -> list[TaskView]:
    stmt = (
        select(Task, Plan.short_name, Section.numeral, Section.title)
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(Section, Section.id == Task.section_id)
        .where(Task.removed_at.is_(None))
        .order_by(Plan.short_name, Task.position)
    )
    if plan is not None:
        stmt = stmt.where(Plan.short_name == plan)
    if agency_id is not None:
        stmt = stmt.where(_agency_clause(agency_id, role))
    if due_year is not None:
        stmt = stmt.where(due_in_year_clause(due_year))
    if overdue_on is not None:
        stmt = stmt.where(overdue_clause(overdue_on))
    if codes is not None:
        stmt = stmt.where(Task.code.in_(codes))
    rows = list(await session.execute(stmt))
    links = await _links(session, [task.id for task, *_ in rows])
    return [
        TaskView(
            id=task.id,
            plan=plan_name,
            code=task.code,
            section=numeral,
            section_title=section_title,
            number=task.number,
            content=task.content,
            leads=tuple(links[task.id]["lead"]),
            coordinators=tuple(links[task.id]["coordinator"]),
            timeframe=timeframe_from_columns(
                task.timeframe_raw, task.timeframe_kind, task.start_date, task.deadline, task.recurring_due
            ),
            funding_raw=task.funding_raw,
            funding_sources=tuple(task.funding_sources),
            extra=dict(task.extra),
        )
        for task, plan_name, numeral, section_title in rows
    ]


async def _links(session: AsyncSession, task_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    links: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"lead": [], "coordinator": []})
    for start in range(0, len(task_ids), _CHUNK):
        rows = await session.execute(
            select(TaskAgency.task_id, TaskAgency.role, Agency.name)
            .join(Agency, Agency.id == TaskAgency.agency_id)
            .where(TaskAgency.task_id.in_(task_ids[start : start + _CHUNK]))
            .order_by(TaskAgency.task_id, TaskAgency.role, TaskAgency.position)
        )
        for task_id, role, name in rows:
            links[task_id][role].append(name)
    return links


async def list_agencies(session: AsyncSession) -> list[AgencyView]:
    agencies = list(await session.scalars(select(Agency).options(selectinload(Agency.aliases)).order_by(Agency.name)))
    names = {a.id: a.name for a in agencies}
    members: dict[int, list[int]] = defaultdict(list)
    groups_of: dict[int, list[int]] = defaultdict(list)
    for group_id, member_id in await session.execute(select(AgencyGroupMember.group_id, AgencyGroupMember.member_id)):
        members[group_id].append(member_id)
        groups_of[member_id].append(group_id)
    tasks: dict[tuple[int, str], set[int]] = defaultdict(set)
    live = select(TaskAgency.task_id, TaskAgency.agency_id, TaskAgency.role).join(Task).where(Task.removed_at.is_(None))
    for task_id, agency_id, role in await session.execute(live):
        tasks[(agency_id, role)].add(task_id)

    def count(agency_id: int, role: str) -> int:
        found = set(tasks[(agency_id, role)])
        for group_id in groups_of[agency_id]:
            found |= tasks[(group_id, role)]
        return len(found)

    return [
        AgencyView(
            id=a.id,
            name=a.name,
            short_name=a.short_name,
            kind=a.kind,
            is_group=a.is_group,
            verified=a.verified,
            aliases=tuple(sorted(alias.alias for alias in a.aliases if alias.alias != a.name)),
            members=tuple(sorted(names[m] for m in members[a.id])),
            lead_tasks=count(a.id, "lead"),
            coordinated_tasks=count(a.id, "coordinator"),
        )
        for a in agencies
    ]


async def agency_id_by_name(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(Agency.id).where(Agency.name == name))
