"""Storing a parsed plan: tasks updated in place by code, nothing rewritten that did not change."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, any_, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.bulk import insert_many
from db.models import ImportRun, Plan, Section, Task, TaskAgency
from db.versions import Data, bump
from domain.agencies import CellAgency
from domain.plan_table import ParsedPlan, ParsedTask
from domain.text import fold

# Columns compared to decide whether a task changed; created_at and ids never are.
_COMPARED = (
    "section_id",
    "number",
    "position",
    "content",
    "lead_text",
    "coordinators_text",
    "timeframe_raw",
    "timeframe_kind",
    "start_date",
    "deadline",
    "recurring_due",
    "period_due",
    "timeframe_condition",
    "funding_raw",
    "funding_sources",
    "extra",
    "source_line",
    "search_key",
    "removed_at",
    "timeframe_fixed_from",
)
# Where a task stands in the file: a row added above, or the same plan as .xlsx instead of
# text, moves it without editing it, so these alone do not make a task "updated".
_PLACE = frozenset({"position", "source_line"})
_TIMEFRAME = (
    "timeframe_raw",
    "timeframe_kind",
    "start_date",
    "deadline",
    "recurring_due",
    "period_due",
    "timeframe_condition",
)
_CHUNK = 2000  # ids per IN (...) list, well under SQLite's and asyncpg's limits
_SLICE = 2000  # tasks compared and written at a time

Link = tuple[int, str, int]  # agency id, role, position


@dataclass
class SaveOutcome:
    plan_id: int
    created: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # only their place in the file changed
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.added or self.updated or self.removed or self.moved)


async def plan_by_name(session: AsyncSession, short_name: str) -> Plan | None:
    return await session.scalar(select(Plan).where(Plan.short_name == short_name))


async def plans_from_source(session: AsyncSession, source_name: str) -> list[str]:
    """The plans last imported from a file of this name."""
    return list(await session.scalars(select(Plan.short_name).where(Plan.source_name == source_name)))


async def stored_task_keys(session: AsyncSession) -> list[tuple[str, str, str]]:
    """(plan, code, content) of every task in the plans, for telling which one a file is."""
    rows = await session.execute(
        select(Plan.short_name, Task.code, Task.content)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Task.removed_at.is_(None))
    )
    return [tuple(row) for row in rows]


async def live_tasks(session: AsyncSession, short_name: str) -> dict[str, tuple[bool, str]]:
    """The stored plan's live tasks by code: whether each has a lead agency, and its
    timeframe's kind. Empty when no plan has this name."""
    leads = select(TaskAgency.task_id).where(TaskAgency.role == "lead")
    rows = await session.execute(
        select(Task.code, Task.id.in_(leads), Task.timeframe_kind)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.short_name == short_name, Task.removed_at.is_(None))
    )
    return {code: (bool(has_lead), kind) for code, has_lead, kind in rows}


async def count_plans(session: AsyncSession) -> int:
    return len((await session.scalars(select(Plan.id))).all())


def search_key(*texts: str) -> str:
    return " ".join(fold(text) for text in texts)


# Plans repeat their lead and coordinating cells: each folded once for the search keys.
_fold_cell = lru_cache(maxsize=8192)(fold)


def _task_values(task: ParsedTask, section_id: int | None) -> tuple[Any, ...]:
    """The task's columns in the order of _COMPARED: a plain tuple, which a new task is
    inserted as; only a stored one's are compared, by name."""
    timeframe = task.timeframe
    return (
        section_id,
        task.number,
        task.position,
        task.content,
        task.lead_text,
        task.coordinators_text,
        timeframe.raw,
        timeframe.kind.value,
        timeframe.start,
        timeframe.deadline,
        str(timeframe.recurring_due) if timeframe.recurring_due else None,
        str(timeframe.period_due) if timeframe.period_due else None,
        timeframe.condition,
        task.funding.raw,
        [str(s) for s in task.funding.sources],
        dict(task.extra),
        task.line,
        # search_key(...), the agency cells folded once each
        " ".join((fold(task.code), fold(task.content), _fold_cell(task.lead_text), _fold_cell(task.coordinators_text))),
        None,  # removed_at
        None,  # timeframe_fixed_from
    )


def _keep_fixed_timeframe(row: dict[str, Any], old: Any) -> None:
    """A timeframe a coordinator fixed stays while the file still has the text it replaced."""
    if old.timeframe_fixed_from is not None and row["timeframe_raw"] == old.timeframe_fixed_from:
        row.update({name: getattr(old, name) for name in (*_TIMEFRAME, "timeframe_fixed_from")})


def task_links(
    leads: Sequence[CellAgency], coordinators: Sequence[CellAgency], agency_ids: Mapping[str, int]
) -> list[Link]:
    return [
        *((agency_ids[a.name], "lead", n) for n, a in enumerate(leads)),
        *((agency_ids[a.name], "coordinator", n) for n, a in enumerate(coordinators)),
    ]


async def _sections(session: AsyncSession, plan_id: int, parsed: ParsedPlan) -> dict[str | None, int | None]:
    existing = {s.numeral: s for s in await session.scalars(select(Section).where(Section.plan_id == plan_id))}
    for section in parsed.sections:
        row = existing.get(section.numeral)
        if row is None:
            row = Section(plan_id=plan_id, numeral=section.numeral, title=section.title, position=section.position)
            session.add(row)
            existing[section.numeral] = row
        else:
            if row.title != section.title:
                row.title = section.title
            if row.position != section.position:
                row.position = section.position
    await session.flush()
    ids: dict[str | None, int | None] = {numeral: row.id for numeral, row in existing.items()}
    ids[None] = None
    return ids


async def _links_of(session: AsyncSession, task_ids: Sequence[int]) -> dict[int, list[Link]]:
    links: dict[int, list[Link]] = defaultdict(list)
    for start in range(0, len(task_ids), _CHUNK):
        rows = await session.execute(
            select(TaskAgency.task_id, TaskAgency.agency_id, TaskAgency.role, TaskAgency.position).where(
                _among(session, TaskAgency.task_id, task_ids[start : start + _CHUNK])
            )
        )
        for task_id, agency_id, role, position in rows:
            links[task_id].append((agency_id, role, position))
    return links


_LINK_COLUMNS = ("task_id", "agency_id", "role", "position")


async def replace_links(session: AsyncSession, links: Mapping[int, list[Link]], *, new: bool = False) -> None:
    """Give each task these links instead of its own; ``new``: tasks that have none yet."""
    task_ids = list(links)
    if not new:
        for start in range(0, len(task_ids), _CHUNK):
            chunk = task_ids[start : start + _CHUNK]
            await session.execute(delete(TaskAgency).where(_among(session, TaskAgency.task_id, chunk)))
    rows = ((task_id, *link) for task_id, task_links_ in links.items() for link in task_links_)
    await insert_many(session, TaskAgency.__table__, _LINK_COLUMNS, rows)


async def save_plan(
    session: AsyncSession,
    parsed: ParsedPlan,
    *,
    short_name: str,
    title: str | None,
    source_name: str,
    content_hash: str,
    agency_ids: Mapping[str, int],
    now: datetime,
    imported_by: int | None = None,
) -> SaveOutcome:
    plan = await plan_by_name(session, short_name)
    created = plan is None
    if plan is None:
        plan = Plan(
            short_name=short_name,
            title=title or short_name,
            source_name=source_name,
            content_hash=content_hash,
            columns=[c.header for c in parsed.columns],
            created_at=now,
            updated_at=now,
        )
        session.add(plan)
        await session.flush()
    outcome = SaveOutcome(plan.id, created=created)
    section_ids = await _sections(session, plan.id, parsed)
    tasks = parsed.tasks
    # A slice at a time: what is held for the comparison and the writes stays bounded
    # whatever the plan's size.
    for start in range(0, len(tasks), _SLICE):
        await _save_slice(session, plan.id, tasks[start : start + _SLICE], section_ids, agency_ids, now, outcome)

    seen = {task.code for task in tasks}
    live = await session.execute(select(Task.id, Task.code).where(Task.plan_id == plan.id, Task.removed_at.is_(None)))
    gone = [(id_, code) for id_, code in live if code not in seen]
    if gone:
        await session.execute(update(Task), [{"id": id_, "removed_at": now, "updated_at": now} for id_, _ in gone])
        outcome.removed.extend(code for _, code in gone)

    if outcome.changed:
        await bump(session, Data.PLANS)
        _set_plan(
            plan,
            title=title or plan.title,
            source_name=source_name,
            content_hash=content_hash,
            columns=[c.header for c in parsed.columns],
            updated_at=now,
        )
        session.add(
            ImportRun(
                plan_id=plan.id,
                source_name=source_name,
                content_hash=content_hash,
                imported_at=now,
                added=len(outcome.added),
                updated=len(outcome.updated),
                removed=len(outcome.removed),
                unchanged=outcome.unchanged,
                imported_by=imported_by,
                problems=[
                    {"kind": p.kind.value, "line": p.line, "code": p.code, "detail": p.detail} for p in parsed.problems
                ],
            )
        )
    await session.flush()
    return outcome


_TASK_COLUMNS = ("plan_id", "code", "created_at", "updated_at", *_COMPARED)


def _among(session: AsyncSession, column: Any, values: list[Any]) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL ``= ANY`` of one array: an IN list of thousands of
    parameters is compared item by item for each row the planner expects, and it expects
    many while the rows just copied in have no statistics (0.4 s a query instead of ms)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


async def _save_slice(
    session: AsyncSession,
    plan_id: int,
    tasks: Sequence[ParsedTask],
    section_ids: Mapping[str | None, int | None],
    agency_ids: Mapping[str, int],
    now: datetime,
    outcome: SaveOutcome,
) -> None:
    """Store these tasks of the plan: new ones added, changed ones updated in place."""
    columns = [getattr(Task, name) for name in _COMPARED]
    codes = [t.code for t in tasks]
    # a plan created by this import has no stored tasks to look for
    existing = (
        {}
        if outcome.created
        else {
            row.code: row
            for row in await session.execute(
                select(Task.id, Task.code, *columns).where(Task.plan_id == plan_id, _among(session, Task.code, codes))
            )
        }
    )
    old_links = await _links_of(session, [row.id for row in existing.values()])

    new_rows: list[tuple[Any, ...]] = []
    new_links: dict[str, list[Link]] = {}
    updates: list[dict[str, Any]] = []
    changed_links: dict[int, list[Link]] = {}
    for task in tasks:
        values = _task_values(task, section_ids[task.section])
        links = task_links(task.leads, task.coordinators, agency_ids)
        old = existing.get(task.code)
        if old is None:
            new_rows.append((plan_id, task.code, now, now, *values))
            new_links[task.code] = links
            outcome.added.append(task.code)
            continue
        row = dict(zip(_COMPARED, values, strict=True))
        _keep_fixed_timeframe(row, old)
        differs = {name: value for name, value in row.items() if getattr(old, name) != value}
        if differs:
            updates.append({"id": old.id, "updated_at": now, **differs})
            if old.removed_at is not None:
                outcome.restored.append(task.code)
        if sorted(links) != sorted(old_links.get(old.id, [])):
            changed_links[old.id] = links
        if old.id in changed_links or set(differs) - _PLACE:
            outcome.updated.append(task.code)
        else:
            outcome.unchanged += 1
            if differs:
                outcome.moved.append(task.code)

    if new_rows:
        await insert_many(session, Task.__table__, _TASK_COLUMNS, new_rows)
        ids = await session.execute(
            select(Task.code, Task.id).where(Task.plan_id == plan_id, _among(session, Task.code, list(new_links)))
        )
        await replace_links(session, {id_: new_links[code] for code, id_ in ids}, new=True)
    if updates:
        await session.execute(update(Task), updates)
    if changed_links:
        await replace_links(session, changed_links)


def _set_plan(plan: Plan, **values: object) -> None:
    for name, value in values.items():
        if getattr(plan, name) != value:
            setattr(plan, name, value)
