"""Task statuses per agency and period, and their history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import Account, Agency, StatusChange, TaskStatus
from db.reminders import on_status_change
from domain.tasks import Status

_CHUNK = 2000


@dataclass(frozen=True)
class StatusEntry:
    agency_id: int
    agency: str
    status: Status
    note: str


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime
    agency: str
    period: str
    status: Status
    note: str
    by: str | None


async def statuses(
    session: AsyncSession, periods: Mapping[int, str], agency_ids: Collection[int] | None = None
) -> dict[int, list[StatusEntry]]:
    """Statuses of the given tasks, each in its own period, optionally of some agencies only."""
    found: dict[int, list[StatusEntry]] = defaultdict(list)
    task_ids = list(periods)
    for start in range(0, len(task_ids), _CHUNK):
        query = (
            select(
                TaskStatus.task_id,
                TaskStatus.period,
                TaskStatus.agency_id,
                Agency.name,
                TaskStatus.status,
                TaskStatus.note,
            )
            .join(Agency, Agency.id == TaskStatus.agency_id)
            .where(TaskStatus.task_id.in_(task_ids[start : start + _CHUNK]))
        )
        if agency_ids is not None:
            query = query.where(TaskStatus.agency_id.in_(list(agency_ids)))
        for task_id, period, agency_id, name, status, note in await session.execute(query):
            if periods[task_id] == period:
                found[task_id].append(StatusEntry(agency_id, name, Status(status), note))
    return found


async def set_status(
    session: AsyncSession,
    task_id: int,
    agency_id: int,
    period: str,
    status: Status,
    note: str,
    by: int | None,
    now: datetime,
) -> None:
    row = await session.get(TaskStatus, (task_id, agency_id, period))
    if row is None:
        session.add(
            TaskStatus(
                task_id=task_id,
                agency_id=agency_id,
                period=period,
                status=status.value,
                note=note,
                updated_at=now,
                updated_by=by,
            )
        )
    else:
        row.status, row.note, row.updated_at, row.updated_by = status.value, note, now, by
    session.add(
        StatusChange(
            task_id=task_id,
            agency_id=agency_id,
            period=period,
            status=status.value,
            note=note,
            changed_at=now,
            changed_by=by,
        )
    )
    await session.flush()
    await on_status_change(session, task_id, agency_id, period, status, now.date(), now)


async def history(session: AsyncSession, task_id: int, limit: int = 8) -> list[HistoryEntry]:
    who = aliased(Account)
    rows = await session.execute(
        select(StatusChange, Agency.name, who.display_name)
        .join(Agency, Agency.id == StatusChange.agency_id)
        .outerjoin(who, who.id == StatusChange.changed_by)
        .where(StatusChange.task_id == task_id)
        .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())
        .limit(limit)
    )
    return [
        HistoryEntry(change.changed_at, agency, change.period, Status(change.status), change.note, by)
        for change, agency, by in rows
    ]
