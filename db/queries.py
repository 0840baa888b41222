"""Read-only questions about tasks and agencies, answered with plain values."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import ColumnElement, Row, Select, String, and_, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from db.models import TIMEFRAME_COLUMNS, Agency, AgencyGroupMember, Plan, Section, Task, TaskAgency, TaskStatus
from domain.periods import WHOLE
from domain.tasks import Status, TaskRole, TaskView, timeframe_from_columns
from domain.timeframes import RECURRING, TIME_BOUND, Timeframe

_CHUNK = 2000
T = TypeVar("T")
# A search keeps at most this many words, the longest (the most telling): a pasted page
# finds its task by a few of its words, and the query stays small whatever the text (one
# condition a word; SQLite refuses a query nested more than 1,000 deep).
MAX_SEARCH_WORDS = 8
MAX_SEARCH_WORD = 64  # characters: no word of a plan is longer


def search_terms(words: Sequence[str]) -> tuple[str, ...]:
    """The words a search looks for: each once, at most MAX_SEARCH_WORDS of the longest,
    in the order typed."""
    distinct = list(dict.fromkeys(word[:MAX_SEARCH_WORD] for word in words if word))
    kept = set(sorted(distinct, key=len, reverse=True)[:MAX_SEARCH_WORDS])
    return tuple(word for word in distinct if word in kept)


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
    """SQL twin of domain.periods.occurs_in_year (a test keeps the two in agreement)."""
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


def _done(agency_ids: Sequence[int] | None) -> ColumnElement[bool]:
    """A time-bound task marked done: by one of the agencies when given, else by its leads."""
    if agency_ids is None:
        return _done_by_leads()
    return exists(
        select(TaskStatus.task_id).where(
            TaskStatus.task_id == Task.id,
            TaskStatus.period == WHOLE,
            TaskStatus.status == Status.DONE.value,
            TaskStatus.agency_id.in_(agency_ids),
        )
    )


def _done_by_leads() -> ColumnElement[bool]:
    """SQL twin of PlanIndex.leads_of and domain.tasks.lead_status for the whole period:
    every lead agency (a leading group by its members; without a lead, every agency named)
    marked the task done. A coordinating agency's "done" is its own part."""
    link, lead, member, group = (
        aliased(TaskAgency),
        aliased(TaskAgency),
        aliased(AgencyGroupMember),
        aliased(AgencyGroupMember),
    )
    # Two levels down SQLAlchemy would give a subquery its own `tasks`: it must be the outer one.
    no_lead = ~exists(select(lead.task_id).where(lead.task_id == Task.id, lead.role == "lead").correlate_except(lead))
    leading = and_(link.task_id == Task.id, or_(link.role == "lead", no_lead))

    def leaf(agency: ColumnElement[int]) -> ColumnElement[bool]:  # an agency, or a group without members
        return ~exists().where(group.group_id == agency)

    def done(agency: ColumnElement[int]) -> ColumnElement[bool]:
        return exists(
            select(TaskStatus.task_id)
            .where(
                TaskStatus.task_id == Task.id,
                TaskStatus.agency_id == agency,
                TaskStatus.period == WHOLE,
                TaskStatus.status == Status.DONE.value,
            )
            .correlate_except(TaskStatus)
        )

    named = select(link.agency_id).where(leading, leaf(link.agency_id))
    members = (
        select(member.member_id).join(link, link.agency_id == member.group_id).where(leading, leaf(member.member_id))
    )
    return and_(
        or_(exists(named), exists(members)),
        ~exists(named.where(~done(link.agency_id))),
        ~exists(members.where(~done(member.member_id))),
    )


def _agency_clause(agency_ids: Sequence[int], role: str | None) -> ColumnElement[bool]:
    """Tasks naming one of the agencies, or a group one belongs to, in the given role.

    Written as `id IN (links of these agencies)` so that both databases start from the
    index on task_agencies(agency_id, role) instead of scanning every task.
    """
    groups = select(AgencyGroupMember.group_id).where(AgencyGroupMember.member_id.in_(agency_ids))
    links = select(TaskAgency.task_id).where(
        or_(TaskAgency.agency_id.in_(agency_ids), TaskAgency.agency_id.in_(groups))
    )
    led = select(TaskAgency.task_id).where(TaskAgency.role == "lead")
    if role == "lead":  # a task that names no lead is led by every agency it names (PlanIndex)
        links = links.where(or_(TaskAgency.role == "lead", TaskAgency.task_id.not_in(led)))
    elif role is not None:
        links = links.where(TaskAgency.role == role, TaskAgency.task_id.in_(led))
    return Task.id.in_(links)


def task_ids_of(agency_ids: Sequence[int]) -> Select:
    """The ids of live tasks naming one of the agencies, or a group one belongs to, in any
    role: what TaskFilter(agency_ids=...) finds."""
    return select(Task.id).where(Task.removed_at.is_(None), _agency_clause(agency_ids, None))


@dataclass(frozen=True)
class TaskFilter:
    plan: str | None = None
    agency_ids: tuple[int, ...] | None = None  # None: every agency
    role: str | None = None  # lead | coordinator; None: both
    due_year: int | None = None
    overdue_on: date | None = None  # time-bound, deadline passed, not done by the agencies
    not_overdue_on: date | None = None  # everything but those
    kinds: tuple[str, ...] | None = None
    codes: tuple[str, ...] | None = None
    ids: tuple[int, ...] | None = None
    words: tuple[str, ...] = ()  # folded words that must all appear


def _where(stmt: Select, where: TaskFilter) -> Select:
    stmt = stmt.where(Task.removed_at.is_(None))
    if where.plan is not None:
        stmt = stmt.where(Plan.short_name == where.plan)
    if where.agency_ids is not None:
        stmt = stmt.where(_agency_clause(where.agency_ids, where.role))
    if where.due_year is not None:
        stmt = stmt.where(due_in_year_clause(where.due_year))
    if where.overdue_on is not None:
        stmt = stmt.where(overdue_clause(where.overdue_on), ~_done(where.agency_ids))
    if where.not_overdue_on is not None:
        stmt = stmt.where(~and_(overdue_clause(where.not_overdue_on), ~_done(where.agency_ids)))
    if where.kinds is not None:
        stmt = stmt.where(Task.timeframe_kind.in_(where.kinds))
    if where.codes is not None:
        stmt = stmt.where(Task.code.in_(where.codes))
    if where.ids is not None:
        stmt = stmt.where(Task.id.in_(where.ids))
    if terms := search_terms(where.words):
        stmt = stmt.where(and_(*(Task.search_key.contains(word, autoescape=True) for word in terms)))
    return stmt


async def count_tasks(session: AsyncSession, where: TaskFilter) -> int:
    stmt = _where(select(func.count()).select_from(Task).join(Plan, Plan.id == Task.plan_id), where)
    return await session.scalar(stmt) or 0


def _task_columns(where: TaskFilter) -> Select:
    return _where(
        select(
            Task.id,
            Plan.short_name,
            Task.code,
            Section.numeral,
            Section.title,
            Task.number,
            Task.content,
            *TIMEFRAME_COLUMNS,
            Task.funding_raw,
            cast(Task.funding_sources, String),
            cast(Task.extra, String),
        )
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(Section, Section.id == Task.section_id),
        where,
    ).order_by(Plan.short_name, Task.position)


class _Reader:
    """Rows of tasks into TaskViews. Columns, not Task entities: building 100,000 ORM objects
    (identity map, instance state) cost more than the query itself. The JSON columns come as
    text and are decoded once per distinct value; equal values (a plan's names, sections,
    timeframes, funding, the agencies' names) are kept once, not once per task: at a million
    tasks the copies were most of the read model's memory."""

    def __init__(self) -> None:
        self._shared: dict[object, object] = {}
        self._timeframes: dict[tuple, Timeframe] = {}
        self._decoded: dict[tuple[str, str | None], object] = {}

    def one(self, value: T) -> T:
        return self._shared.setdefault(value, value)  # type: ignore[return-value]

    def _from_json(self, kind: str, text: str | None) -> object:
        found = self._decoded.get((kind, text))
        if found is None:
            value = json.loads(text) if text else None
            one = self.one
            if kind == "sources":
                found = tuple(one(source) for source in value or ())
            else:
                found = {one(key): one(item) for key, item in (value or {}).items()}
            self._decoded[(kind, text)] = found
        return found

    def view(self, row: Row, links: tuple[tuple[str, ...], tuple[str, ...]]) -> TaskView:
        task_id, plan_name, code, numeral, section_title, number, content, *timeframe = row[:14]
        funding_raw, funding_sources, extra = row[14:]
        key = tuple(timeframe)
        read = self._timeframes.get(key)
        if read is None:
            read = self._timeframes[key] = timeframe_from_columns(*timeframe)
        one = self.one
        return TaskView(  # by position: twice as fast as by keyword, for every task at each load
            task_id,
            one(plan_name),
            code,
            one(numeral),
            one(section_title),
            one(number),
            content,
            links[0],
            links[1],
            read,
            one(funding_raw),
            self._from_json("sources", funding_sources),  # type: ignore[arg-type]
            self._from_json("extra", extra),  # type: ignore[arg-type]
        )


async def find_tasks(
    session: AsyncSession, where: TaskFilter = TaskFilter(), *, limit: int | None = None, offset: int = 0
) -> list[TaskView]:
    if limit is None and where == TaskFilter():
        return (await every_task(session))[0]
    stmt = _task_columns(where)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    reader = _Reader()
    rows = list(await session.execute(stmt))
    links = await _links(session, [row[0] for row in rows], reader.one)
    return [reader.view(row, links.get(row[0], _NO_LINKS)) for row in rows]


async def every_task(session: AsyncSession) -> tuple[list[TaskView], list[tuple[int, int, TaskRole]]]:
    """Every live task in plan order, and every (task, agency, role) link of them: what the
    read model loads at start. Read through the connection (rows, not the ORM's results)
    as the rows come, links first and once, so that the rows are never all held at once
    beside what is made of them."""
    connection = await session.connection()
    names = dict((await connection.execute(select(Agency.id, Agency.name))).all())
    reader = _Reader()
    one = reader.one
    named: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    links: list[tuple[int, int, TaskRole]] = []
    stmt = (
        select(TaskAgency.task_id, TaskAgency.agency_id, TaskAgency.role)
        .join(Task, Task.id == TaskAgency.task_id)
        .where(Task.removed_at.is_(None))
        .order_by(TaskAgency.task_id, TaskAgency.role, TaskAgency.position)
        .execution_options(yield_per=_STREAM)
    )
    current, leads, coordinators = None, [], []
    async for rows in (await connection.stream(stmt)).partitions():
        for task_id, agency_id, role in rows:  # a task's rows come together
            if task_id != current:
                if current is not None:
                    named[current] = (one(tuple(leads)), one(tuple(coordinators)))
                current, leads, coordinators = task_id, [], []
            (leads if role is TaskRole.LEAD else coordinators).append(one(names[agency_id]))
            links.append((task_id, agency_id, role))
    if current is not None:
        named[current] = (one(tuple(leads)), one(tuple(coordinators)))
    found: list[TaskView] = []
    view = reader.view
    tasks = _task_columns(TaskFilter()).execution_options(yield_per=_STREAM)
    async for rows in (await connection.stream(tasks)).partitions():
        found += [view(row, named.get(row[0], _NO_LINKS)) for row in rows]
    return found, links


async def task_by_id(session: AsyncSession, task_id: int) -> TaskView | None:
    found = await find_tasks(session, TaskFilter(ids=(task_id,)))
    return found[0] if found else None


async def agencies_of_task(session: AsyncSession, task_id: int) -> set[int]:
    """Agencies named on the task, lead or coordinating, with the members of named groups."""
    named = select(TaskAgency.agency_id).where(TaskAgency.task_id == task_id)
    members = select(AgencyGroupMember.member_id).where(AgencyGroupMember.group_id.in_(named))
    return set(await session.scalars(named.union(members)))


async def plan_names(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(Plan.short_name).order_by(Plan.short_name)))


_NO_LINKS: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
_STREAM = 5000  # rows fetched at a time when every task is read


async def _links(
    session: AsyncSession, task_ids: list[int], one: Callable[[object], object]
) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The names of each task's lead and coordinating agencies, in order; equal tuples are
    kept once (``one``)."""
    columns = select(TaskAgency.task_id, TaskAgency.role, Agency.name).join(Agency, Agency.id == TaskAgency.agency_id)
    order = (TaskAgency.task_id, TaskAgency.role, TaskAgency.position)
    links: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for start in range(0, len(task_ids), _CHUNK):
        query = columns.where(TaskAgency.task_id.in_(task_ids[start : start + _CHUNK])).order_by(*order)
        current, found = None, {"lead": [], "coordinator": []}
        for task_id, role, name in await session.execute(query):  # a task's rows come together
            if task_id != current:
                if current is not None:
                    links[current] = (one(tuple(found["lead"])), one(tuple(found["coordinator"])))
                current, found = task_id, {"lead": [], "coordinator": []}
            found[role].append(one(name))
        if current is not None:
            links[current] = (one(tuple(found["lead"])), one(tuple(found["coordinator"])))
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

    def found(agency_id: int, role: str) -> set[int]:
        found = set(tasks[(agency_id, role)])
        for group_id in groups_of[agency_id]:
            found |= tasks[(group_id, role)]
        return found

    def count(agency_id: int, role: str) -> int:
        if role == "lead":
            return len(found(agency_id, role))
        return len(found(agency_id, role) - found(agency_id, "lead"))  # leading a task is not coordinating it

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


async def agency_name(session: AsyncSession, agency_id: int) -> str | None:
    return await session.scalar(select(Agency.name).where(Agency.id == agency_id))


async def timeframes(session: AsyncSession, where: TaskFilter) -> list[tuple[int, Timeframe]]:
    """Just the ids and timeframes of matching tasks: enough for counting statuses."""
    stmt = _where(
        select(
            Task.id,
            *TIMEFRAME_COLUMNS,
        ).join(Plan, Plan.id == Task.plan_id),
        where,
    )
    return [(id_, timeframe_from_columns(*columns)) for id_, *columns in await session.execute(stmt)]
