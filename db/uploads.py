"""Plan files sent in the chat, waiting for the coordinator's Import or Cancel."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PlanUpload

PENDING, IMPORTED, CANCELLED, EXPIRED = "pending", "imported", "cancelled", "expired"


@dataclass(frozen=True)
class Upload:
    id: int
    chat_id: int
    account_id: int
    file_name: str
    content: bytes
    short_name: str
    title: str | None
    status: str
    created_at: datetime


async def create(
    session: AsyncSession,
    *,
    chat_id: int,
    account_id: int,
    file_name: str,
    content: bytes,
    short_name: str,
    title: str | None,
    now: datetime,
) -> int:
    row = PlanUpload(
        chat_id=chat_id,
        account_id=account_id,
        file_name=file_name,
        content=content,
        content_hash=hashlib.sha256(content).hexdigest(),
        short_name=short_name,
        title=title,
        status=PENDING,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row.id


async def get(session: AsyncSession, upload_id: int) -> Upload | None:
    row = await session.scalar(select(PlanUpload).where(PlanUpload.id == upload_id))
    if row is None:
        return None
    return Upload(
        row.id,
        row.chat_id,
        row.account_id,
        row.file_name,
        row.content,
        row.short_name,
        row.title,
        row.status,
        row.created_at,
    )


async def decide(session: AsyncSession, upload_id: int, status: str, now: datetime) -> None:
    """Imported or cancelled. The file itself is dropped: once imported the plan lives in
    its tasks, and the import run keeps the file's name and hash."""
    row = await session.get(PlanUpload, upload_id)
    assert row is not None
    row.status, row.decided_at, row.content = status, now, b""
    await session.flush()


async def drop_expired(session: AsyncSession, created_before: datetime, now: datetime) -> int:
    """Files nobody imported or cancelled before their buttons expired: their content goes
    (a plan file can weigh megabytes), the row stays as a record that it was sent."""
    result = await session.execute(
        update(PlanUpload)
        .where(PlanUpload.status == PENDING, PlanUpload.created_at < created_before)
        .values(status=EXPIRED, decided_at=now, content=b"")
    )
    return result.rowcount or 0
