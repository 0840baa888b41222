"""Data versions: what in-memory copies compare against to know they are stale."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import DataVersion, StatusChange


class Data(StrEnum):
    PLANS = "plans"  # plans, tasks, agencies, aliases, groups, links of tasks
    PEOPLE = "people"  # accounts' roles and languages, agency links, reachable chats


async def bump(session: AsyncSession, data: Data) -> None:
    """Call in the transaction that changes the data: the new version commits with it."""
    await session.execute(
        update(DataVersion).where(DataVersion.name == data.value).values(version=DataVersion.version + 1)
    )


@dataclass(frozen=True)
class Versions:
    plans: int
    people: int
    statuses: int  # the id of the last status change: statuses are only ever added


async def current(session: AsyncSession) -> Versions:
    plans = select(DataVersion.version).where(DataVersion.name == Data.PLANS.value).scalar_subquery()
    people = select(DataVersion.version).where(DataVersion.name == Data.PEOPLE.value).scalar_subquery()
    statuses = select(func.coalesce(func.max(StatusChange.id), 0)).scalar_subquery()
    row = (await session.execute(select(plans, people, statuses))).one()
    return Versions(row[0] or 0, row[1] or 0, row[2])
