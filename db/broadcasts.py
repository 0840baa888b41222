"""Broadcasts: who they reach, queueing them in the outbox, receipts and re-sends."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import (
    Account,
    Agency,
    AgencyLink,
    Broadcast,
    BroadcastRecipient,
    ChatRoom,
    OutboxMessage,
    Plan,
    Section,
    Task,
    TaskAgency,
)
from db.outbox import PENDING, queued_many
from db.persons import private_routes
from db.reminders import leaf_agencies
from domain.actions import Acknowledge, encode
from domain.people import Role

ACK_LABEL = "✅ Đã nhận / Received"
_CHUNK = 2000


@dataclass(frozen=True)
class Target:
    chat_id: int
    agency_id: int | None  # None: a coordinator, reached as such


async def _agencies_of(session: AsyncSession, audience: dict[str, Any]) -> list[int]:
    kind = audience["kind"]
    leaves = await leaf_agencies(session)
    if kind == "all":
        return list(dict.fromkeys(await session.scalars(select(AgencyLink.agency_id).order_by(AgencyLink.agency_id))))
    if kind == "section":
        named = (
            select(TaskAgency.agency_id)
            .join(Task, Task.id == TaskAgency.task_id)
            .join(Section, Section.id == Task.section_id)
            .join(Plan, Plan.id == Task.plan_id)
            .where(
                Plan.short_name == audience["plan"],
                Section.numeral == audience["section"],
                TaskAgency.role == "lead",
                Task.removed_at.is_(None),
            )
            .order_by(Task.position, TaskAgency.position)
        )
    elif kind == "task":
        named = (
            select(TaskAgency.agency_id)
            .where(TaskAgency.task_id == audience["task_id"])
            .order_by(TaskAgency.role.desc(), TaskAgency.position)
        )
    elif kind == "agencies":
        named = audience["agency_ids"]
    else:
        return []
    found: list[int] = []
    for agency in await session.scalars(named) if not isinstance(named, list) else named:
        found.extend(leaves.get(agency, (agency,)))
    return list(dict.fromkeys(found))


async def targets(session: AsyncSession, audience: dict[str, Any]) -> list[Target]:
    """The reachable chats of an audience, each once: focal points' private chats (on the
    channel each chose with /notify) and the groups linked to the agencies, or the
    coordinators' private chats."""
    if audience["kind"] == "coordinators":
        staff = list(
            await session.scalars(
                select(Account.id)
                .where(Account.role.in_([Role.COORDINATOR.value, Role.ADMIN.value]))
                .order_by(Account.id)
            )
        )
        reach = await private_routes(session, staff)
        chats = [route.chat.id for account in staff for route in reach[account]]
        return [Target(chat_id, None) for chat_id in dict.fromkeys(chats)]
    agencies = await _agencies_of(session, audience)
    order = {agency: n for n, agency in enumerate(agencies)}
    found: dict[int, int] = {}
    for start in range(0, len(agencies), _CHUNK):
        chunk = agencies[start : start + _CHUNK]
        links = list(
            await session.execute(
                select(AgencyLink.agency_id, AgencyLink.account_id).where(
                    AgencyLink.agency_id.in_(chunk), AgencyLink.account_id.is_not(None)
                )
            )
        )
        reach = await private_routes(session, {account for _agency, account in links})
        people = [(agency, route.chat.id) for agency, account in links for route in reach[account]]
        groups = (
            select(AgencyLink.agency_id, AgencyLink.chat_id)
            .join(ChatRoom, ChatRoom.id == AgencyLink.chat_id)
            .where(AgencyLink.agency_id.in_(chunk), ChatRoom.active)
        )
        for agency, chat in [*people, *await session.execute(groups)]:
            if chat not in found or order[agency] < order[found[chat]]:
                found[chat] = agency
    return [Target(chat, agency) for chat, agency in sorted(found.items(), key=lambda item: order[item[1]])]


async def create(
    session: AsyncSession,
    by: int,
    audience: dict[str, Any],
    text: str,
    document: dict[str, Any] | None,
    now: datetime,
) -> tuple[int, int]:
    """Store the broadcast and queue one message per chat: (broadcast id, chats)."""
    broadcast = Broadcast(created_by=by, created_at=now, audience=audience, text=text, document=document)
    session.add(broadcast)
    await session.flush()
    found = await targets(session, audience)
    await _queue(session, broadcast, [(t.chat_id, t.agency_id) for t in found], now)
    return broadcast.id, len(found)


async def _queue(
    session: AsyncSession, broadcast: Broadcast, chats: list[tuple[int, int | None]], now: datetime
) -> dict[int, int]:
    """One outbox message per chat, in bulk; returns chat -> outbox id."""
    if not chats:
        return {}
    channels: dict[int, str] = {}
    for start in range(0, len(chats), _CHUNK):
        chunk = [chat for chat, _agency in chats[start : start + _CHUNK]]
        channels.update(
            (await session.execute(select(ChatRoom.id, ChatRoom.channel).where(ChatRoom.id.in_(chunk)))).all()
        )
    rows = [
        {
            "chat_id": chat,
            "channel": channels[chat],
            "kind": "broadcast",
            "text": broadcast.text,
            "buttons": [[[ACK_LABEL, encode(Acknowledge(broadcast.id))]]],
            "document": broadcast.document,
            "dedupe_key": None,
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for chat, _agency in chats
    ]
    # render_nulls keeps the rows in few batches: RETURNING in order stays cheap.
    ids = list(
        await session.scalars(
            insert(OutboxMessage)
            .execution_options(render_nulls=True)
            .returning(OutboxMessage.id, sort_by_parameter_order=True),
            rows,
        )
    )
    await queued_many(session, len(ids))
    outbox = {chat: outbox_id for (chat, _agency), outbox_id in zip(chats, ids, strict=True)}
    existing = set(
        await session.scalars(select(BroadcastRecipient.chat_id).where(BroadcastRecipient.broadcast_id == broadcast.id))
    )
    new = [
        {"broadcast_id": broadcast.id, "chat_id": chat, "agency_id": agency, "outbox_id": outbox[chat], "resent": 0}
        for chat, agency in chats
        if chat not in existing
    ]
    if new:
        await session.execute(insert(BroadcastRecipient), new)
    return outbox


async def acknowledge(
    session: AsyncSession, broadcast_id: int, chat_id: int, account_id: int, now: datetime
) -> bool | None:
    """Record "received"; False if it was already, None if this chat never got the broadcast."""
    recipient = await session.get(BroadcastRecipient, (broadcast_id, chat_id))
    if recipient is None:
        return None
    if recipient.acknowledged_at is not None:
        return False
    recipient.acknowledged_at, recipient.acknowledged_by = now, account_id
    await session.flush()
    return True


async def latest_to(session: AsyncSession, chat_id: int) -> int | None:
    """The last broadcast that went to this chat, None if none did."""
    return await session.scalar(
        select(func.max(BroadcastRecipient.broadcast_id)).where(BroadcastRecipient.chat_id == chat_id)
    )


@dataclass
class AgencyReceipt:
    agency: str
    chats: int = 0
    delivered: int = 0
    acknowledged: int = 0
    blocked: int = 0
    failed: int = 0
    pending: int = 0


@dataclass(frozen=True)
class Summary:
    id: int
    created_at: datetime
    audience: dict[str, Any]
    text: str
    agencies: list[AgencyReceipt]

    @property
    def totals(self) -> AgencyReceipt:
        total = AgencyReceipt("")
        for row in self.agencies:
            for name in ("chats", "delivered", "acknowledged", "blocked", "failed", "pending"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def _state(status: str | None) -> str:
    return {"sent": "delivered", "blocked": "blocked", "failed": "failed"}.get(status or "", "pending")


async def summary(session: AsyncSession, broadcast_id: int, coordinators_label: str = "—") -> Summary | None:
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        return None
    rows = await session.execute(
        select(Agency.name, BroadcastRecipient.acknowledged_at, OutboxMessage.status)
        .select_from(BroadcastRecipient)
        .outerjoin(Agency, Agency.id == BroadcastRecipient.agency_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == BroadcastRecipient.outbox_id)
        .where(BroadcastRecipient.broadcast_id == broadcast_id)
    )
    by_agency: dict[str, AgencyReceipt] = {}
    for name, acknowledged_at, status in rows:
        receipt = by_agency.setdefault(name or coordinators_label, AgencyReceipt(name or coordinators_label))
        receipt.chats += 1
        state = _state(status)
        setattr(receipt, state, getattr(receipt, state) + 1)
        if acknowledged_at is not None:
            receipt.acknowledged += 1
    ordered = sorted(by_agency.values(), key=lambda r: (r.acknowledged == r.chats, r.agency))
    return Summary(broadcast.id, broadcast.created_at, broadcast.audience, broadcast.text, ordered)


async def recent(session: AsyncSession, limit: int = 10) -> list[Summary]:
    ids = list(await session.scalars(select(Broadcast.id).order_by(Broadcast.id.desc()).limit(limit)))
    return [s for i in ids if (s := await summary(session, i)) is not None]


async def resend(session: AsyncSession, broadcast_id: int, older_than: timedelta, now: datetime) -> int:
    """Send again to the chats that have not acknowledged, delivered at least ``older_than``
    ago (or never delivered at all). Returns how many."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        return 0
    rows = await session.execute(
        select(BroadcastRecipient.chat_id, BroadcastRecipient.agency_id, OutboxMessage.status, OutboxMessage.sent_at)
        .join(OutboxMessage, OutboxMessage.id == BroadcastRecipient.outbox_id, isouter=True)
        .join(ChatRoom, ChatRoom.id == BroadcastRecipient.chat_id)
        .where(
            BroadcastRecipient.broadcast_id == broadcast_id,
            BroadcastRecipient.acknowledged_at.is_(None),
            ChatRoom.active,
        )
    )
    due = [
        (chat, agency)
        for chat, agency, status, sent_at in rows
        if (status == "sent" and sent_at is not None and sent_at <= now - older_than) or status == "failed"
    ]
    if not due:
        return 0
    outbox = await _queue(session, broadcast, due, now)
    for chat, _agency in due:
        await session.execute(
            update(BroadcastRecipient)
            .where(BroadcastRecipient.broadcast_id == broadcast_id, BroadcastRecipient.chat_id == chat)
            .values(outbox_id=outbox[chat], resent=BroadcastRecipient.resent + 1)
        )
    return len(due)


@dataclass(frozen=True)
class ReceiptRow:
    agency: str
    chat: str
    channel: str
    state: str
    sent_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resent: int


async def receipts(session: AsyncSession, broadcast_id: int) -> list[ReceiptRow]:
    who = aliased(Account)
    person = aliased(Account)
    rows = await session.execute(
        select(
            Agency.name,
            ChatRoom.title,
            person.display_name,
            ChatRoom.channel,
            ChatRoom.external_id,
            OutboxMessage.status,
            OutboxMessage.sent_at,
            BroadcastRecipient.acknowledged_at,
            who.display_name,
            BroadcastRecipient.resent,
        )
        .select_from(BroadcastRecipient)
        .join(ChatRoom, ChatRoom.id == BroadcastRecipient.chat_id)
        .outerjoin(person, person.private_chat_id == ChatRoom.id)
        .outerjoin(Agency, Agency.id == BroadcastRecipient.agency_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == BroadcastRecipient.outbox_id)
        .outerjoin(who, who.id == BroadcastRecipient.acknowledged_by)
        .where(BroadcastRecipient.broadcast_id == broadcast_id)
        .order_by(Agency.name, ChatRoom.id)
    )
    seen: dict[tuple, ReceiptRow] = {}
    for agency, title, person_name, channel, external, status, sent_at, acked_at, acked_by, resent in rows:
        key = (agency, channel, external)
        seen.setdefault(
            key,
            ReceiptRow(
                agency or "—",
                title or person_name or external,
                channel,
                _state(status),
                sent_at,
                acked_at,
                acked_by,
                resent,
            ),
        )
    return list(seen.values())


async def counts_by_state(session: AsyncSession, broadcast_id: int) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for (status,) in await session.execute(
        select(OutboxMessage.status)
        .join(BroadcastRecipient, BroadcastRecipient.outbox_id == OutboxMessage.id)
        .where(BroadcastRecipient.broadcast_id == broadcast_id)
    ):
        found[_state(status)] += 1
    return dict(found)
