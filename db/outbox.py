"""The outbox: durable messages waiting to be sent, claimed by one sender at a time."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ChatRoom, OutboxMessage, OutboxState

PENDING, SENDING, SENT, FAILED, BLOCKED = OutboxState
# Why a message was recorded blocked without being sent: its chat is known to be unreachable.
INACTIVE = "not sent: the chat is inactive (the bot was blocked or removed there)"


async def enqueue(
    session: AsyncSession,
    chat_id: int,
    kind: str,
    text: str,
    buttons: list[list[tuple[str, str]]],
    now: datetime,
    dedupe_key: str | None = None,
    document: dict[str, Any] | None = None,
) -> int | None:
    """Queue a message; None when a message with the same dedupe key exists already."""
    values = {
        "chat_id": chat_id,
        "channel": select(ChatRoom.channel).where(ChatRoom.id == chat_id).scalar_subquery(),
        "kind": kind,
        "text": text,
        "buttons": [[list(b) for b in row] for row in buttons],
        "dedupe_key": dedupe_key,
        "document": document,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    result = await session.execute(
        insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    return result.scalar_one_or_none()


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    chat_external_id: str
    chat_id: int
    kind: str
    text: str
    buttons: list[list[Any]]
    attempts: int
    chat_is_group: bool = False
    document: dict[str, Any] | None = None


async def claimers(session: AsyncSession) -> set[str]:
    """The senders holding leases now."""
    return set(
        await session.scalars(select(OutboxMessage.claimed_by).where(OutboxMessage.status == SENDING).distinct())
    )


def _ready(worker: str, now: datetime, dead: Collection[str]) -> ColumnElement[bool]:
    """Due now: waiting ones, and ones whose sender's lease ran out (it crashed)."""
    return or_(
        (OutboxMessage.status == PENDING) & (OutboxMessage.next_attempt_at <= now),
        # Not our own: this process is alive and may still be sending them.
        (OutboxMessage.status == SENDING) & (OutboxMessage.claimed_until < now) & (OutboxMessage.claimed_by != worker),
        (OutboxMessage.status == SENDING) & OutboxMessage.claimed_by.in_(list(dead)),
    )


# Queued at once, this many messages make PostgreSQL's statistics of the table wrong enough
# for a claim to be planned as if a few dozen waited (a scan of all of them, 70 ms a claim
# with 50,000): they are read again at once rather than at autovacuum's next turn.
MANY = 1000


async def queued_many(session: AsyncSession, count: int) -> None:
    """Tell the database that ``count`` messages were just queued in this transaction."""
    if count >= MANY and session.bind.dialect.name == "postgresql":
        await session.execute(text("ANALYZE outbox"))


def _inactive_chat() -> ColumnElement[bool]:
    return exists().where(ChatRoom.id == OutboxMessage.chat_id, ChatRoom.active.is_(False))


def _for_inactive_chats() -> ColumnElement[bool]:
    """The same as _inactive_chat(), said from the chats' side: the few unreachable chats are
    found first and their messages through the chat_id index, not every message waiting
    read to look at its chat."""
    return OutboxMessage.chat_id.in_(select(ChatRoom.id).where(ChatRoom.active.is_(False)))


async def block_inactive(
    session: AsyncSession, worker: str, channels: Collection[str], now: datetime, dead: Collection[str] = ()
) -> list[int]:
    """Messages due now for chats known to be unreachable (a 403 said so, for this message
    or another): recorded blocked, never sent. Their ids, for the person's other channel."""
    result = await session.execute(
        update(OutboxMessage)
        .where(_for_inactive_chats(), _ready(worker, now, dead), OutboxMessage.channel.in_(list(channels)))
        .values(status=BLOCKED, last_error=INACTIVE, claimed_until=None)
        .returning(OutboxMessage.id)
    )
    return list(result.scalars())


async def inactive_chats(session: AsyncSession, chat_ids: Collection[int]) -> set[int]:
    """Those of the chats that are known to be unreachable now."""
    if not chat_ids:
        return set()
    return set(await session.scalars(select(ChatRoom.id).where(ChatRoom.id.in_(list(chat_ids)), ~ChatRoom.active)))


async def claim(
    session: AsyncSession,
    worker: str,
    channels: Collection[str],
    now: datetime,
    lease: timedelta,
    limit: int,
    dead: Collection[str] = (),
) -> list[Claimed]:
    """Take up to ``limit`` messages due now: waiting ones, and ones whose sender's lease ran
    out (it crashed); never one for a chat known to be unreachable (see block_inactive).
    On PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED, so two processes never take
    the same message."""
    ready = _ready(worker, now, dead)
    usable = (OutboxMessage.channel.in_(list(channels)), ~_inactive_chat())
    # Three picks, each of which the (status, kind, id) index serves in order, so a claim costs
    # what it takes, not what waits (one query ordering every ready row read them all: 0.5 s a
    # claim with 50,000 broadcast messages waiting). Leases run out first, then notices and
    # digests, broadcasts last: a reminder does not wait for thousands of them.
    picks = (
        (OutboxMessage.status == SENDING) & ready,
        # every kind but broadcast, said as two ranges an index can serve ("!=" it cannot)
        (OutboxMessage.status == PENDING)
        & ((OutboxMessage.kind < "broadcast") | (OutboxMessage.kind > "broadcast"))
        & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == PENDING)
        & (OutboxMessage.kind == "broadcast")
        & (OutboxMessage.next_attempt_at <= now),
    )
    ids: list[int] = []
    for pick in picks:
        if len(ids) >= limit:
            break
        ids += await session.scalars(
            select(OutboxMessage.id)
            .where(pick, *usable)
            .order_by(OutboxMessage.id)
            .limit(limit - len(ids))
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
    if not ids:
        return []
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), ready)
        .values(status=SENDING, claimed_by=worker, claimed_until=now + lease, attempts=OutboxMessage.attempts + 1)
    )
    rows = await session.execute(
        select(OutboxMessage, ChatRoom.channel, ChatRoom.external_id, ChatRoom.kind)
        .join(ChatRoom, ChatRoom.id == OutboxMessage.chat_id)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == worker, OutboxMessage.status == SENDING)
        .order_by(OutboxMessage.id)
    )
    return [
        Claimed(m.id, channel, external, m.chat_id, m.kind, m.text, m.buttons, m.attempts, kind == "group", m.document)
        for m, channel, external, kind in rows
    ]


async def renew(session: AsyncSession, worker: str, until: datetime) -> None:
    """Extend ``worker``'s claims: it is alive and still sending them."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == SENDING, OutboxMessage.claimed_by == worker)
        .values(claimed_until=until)
    )


async def finish(
    session: AsyncSession,
    ids: Sequence[int],
    status: str,
    now: datetime,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    values: dict[str, Any] = {"status": status, "last_error": error, "claimed_until": None}
    if status == SENT:
        values["sent_at"] = now
    if retry_at is not None:
        values |= {"status": PENDING, "next_attempt_at": retry_at}
    await session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(list(ids))).values(**values))


async def release(session: AsyncSession, ids: Sequence[int], worker: str) -> None:
    """Give back claimed messages that were never handed to their channel (a clean stop):
    waiting again, as if never claimed, and the claim not counted as an attempt."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(ids)), OutboxMessage.status == SENDING, OutboxMessage.claimed_by == worker)
        .values(status=PENDING, claimed_by=None, claimed_until=None, attempts=OutboxMessage.attempts - 1)
    )


async def chat_row(session: AsyncSession, channel: str, external_id: str) -> int | None:
    return await session.scalar(
        select(ChatRoom.id).where(ChatRoom.channel == channel, ChatRoom.external_id == external_id)
    )


async def counts(session: AsyncSession) -> dict[str, int]:
    return dict(
        (await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))).all()
    )
