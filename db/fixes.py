"""Coordinators' corrections of plan data from the chat, each recorded with who and when:
merging two agencies, adding an alias, setting a task's timeframe."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from db.agencies import merge_agency, refresh_memberships
from db.models import (
    Account,
    Agency,
    AgencyAlias,
    AgencyLink,
    AgencyMerge,
    BroadcastRecipient,
    DataFix,
    Invite,
    LinkRequest,
    Reminder,
    StatusChange,
    Task,
    TaskStatus,
)
from db.versions import Data, bump
from domain.timeframes import Timeframe


@dataclass(frozen=True)
class FixEntry:
    created_at: datetime
    by: str | None
    kind: str
    target: str
    detail: dict[str, Any]


async def record(
    session: AsyncSession, kind: str, target: str, detail: dict[str, Any], account_id: int | None, now: datetime
) -> None:
    session.add(DataFix(kind=kind, target=target, detail=detail, account_id=account_id, created_at=now))
    await session.flush()


async def recent(session: AsyncSession, limit: int = 15) -> list[FixEntry]:
    rows = await session.execute(
        select(DataFix, Account.display_name)
        .outerjoin(Account, Account.id == DataFix.account_id)
        .order_by(DataFix.created_at.desc(), DataFix.id.desc())
        .limit(limit)
    )
    return [FixEntry(fix.created_at, name, fix.kind, fix.target, dict(fix.detail)) for fix, name in rows]


async def agency(session: AsyncSession, agency_id: int) -> Agency | None:
    return await session.scalar(select(Agency).options(selectinload(Agency.aliases)).where(Agency.id == agency_id))


async def _move_follow_up(session: AsyncSession, source_id: int, target_id: int) -> None:
    """What people attached to the merged agency goes to the one it is merged into; where
    the target already has the same row (a focal point following both), the target's stays."""
    for model, columns in (
        (AgencyLink, ("account_id",)),
        (AgencyLink, ("chat_id",)),
        (TaskStatus, ("task_id", "period")),
    ):
        theirs = aliased(model)
        same = and_(theirs.agency_id == target_id, *(getattr(theirs, c) == getattr(model, c) for c in columns))
        await session.execute(
            delete(model).where(model.agency_id == source_id, exists(select(theirs.agency_id).where(same)))
        )
    for model in (AgencyLink, TaskStatus, StatusChange, Invite, LinkRequest, BroadcastRecipient):
        await session.execute(update(model).where(model.agency_id == source_id).values(agency_id=target_id))
    # Planned reminders are made again for the target by the next planning run.
    await session.execute(delete(Reminder).where(Reminder.agency_id == source_id))


async def merge(
    session: AsyncSession,
    source: Agency,
    target: Agency,
    abbreviations: Mapping[str, Sequence[str]],
    by: int | None,
    now: datetime,
) -> None:
    """Merge ``source`` into ``target``: tasks, aliases, focal points, statuses. A source
    from the alias table is remembered, so that reloading the table keeps it merged."""
    source_name = source.name
    if source.verified:
        session.add(AgencyMerge(source_name=source_name, target_id=target.id, merged_at=now, merged_by=by))
    await _move_follow_up(session, source.id, target.id)
    await merge_agency(session, source, target)
    await refresh_memberships(session, abbreviations)
    await record(session, "merge", target.name, {"source": source_name, "target": target.name}, by, now)
    await bump(session, Data.PLANS)
    await bump(session, Data.PEOPLE)


async def add_alias(
    session: AsyncSession, target: Agency, alias: str, alias_key: str, by: int | None, now: datetime
) -> None:
    target.aliases.append(AgencyAlias(alias=alias, alias_key=alias_key, origin="admin"))
    await record(session, "alias", target.name, {"alias": alias, "agency": target.name}, by, now)
    await bump(session, Data.PLANS)


async def alias_owner(session: AsyncSession, alias_key: str) -> Agency | None:
    return await session.scalar(
        select(Agency)
        .options(selectinload(Agency.aliases))
        .join(AgencyAlias, AgencyAlias.agency_id == Agency.id)
        .where(AgencyAlias.alias_key == alias_key)
    )


async def set_timeframe(
    session: AsyncSession, task_id: int, code: str, timeframe: Timeframe, by: int | None, now: datetime
) -> str:
    """Give a task the timeframe a coordinator typed; returns the text it replaces. The
    first unreadable text is kept, so that a re-import with it keeps the fix."""
    task = await session.get(Task, task_id)
    assert task is not None
    before = task.timeframe_raw
    task.timeframe_fixed_from = task.timeframe_fixed_from if task.timeframe_fixed_from is not None else before
    task.timeframe_raw, task.timeframe_kind = timeframe.raw, timeframe.kind.value
    task.start_date, task.deadline = timeframe.start, timeframe.deadline
    task.recurring_due = str(timeframe.recurring_due) if timeframe.recurring_due else None
    task.period_due = str(timeframe.period_due) if timeframe.period_due else None
    task.timeframe_condition = timeframe.condition
    task.updated_at = now
    await record(session, "timeframe", code, {"code": code, "before": before, "after": timeframe.raw}, by, now)
    await bump(session, Data.PLANS)
    return before
