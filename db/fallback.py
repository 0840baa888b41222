"""When a message to a person's chosen channel fails for good, their other channel gets it.

A person who chose one channel with /notify (say Zalo) and blocked the bot there, or whose
messages Zalo refuses, still gets the reminder or broadcast: a copy goes to their private
chat on another channel, once (its dedupe key names the original), with its digest and
broadcast receipts, so that its buttons work and /broadcast_status counts it. With
"/notify both" every channel had its own copy already, and nothing is copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Account, BroadcastRecipient, ChatRoom, OutboxMessage, Person, ReminderDelivery
from db.outbox import enqueue
from domain.people import BOTH


async def _stand_in(session: AsyncSession, message: OutboxMessage) -> int | None:
    """The person's reachable private chat on another channel, when they chose one channel."""
    owner = await session.scalar(
        select(Account).where(Account.private_chat_id == message.chat_id, Account.person_id.is_not(None)).limit(1)
    )
    if owner is None:
        return None
    notify = await session.scalar(select(Person.notify).where(Person.id == owner.person_id))
    if notify in (None, BOTH):
        return None
    return await session.scalar(
        select(ChatRoom.id)
        .join(Account, Account.private_chat_id == ChatRoom.id)
        .where(Account.person_id == owner.person_id, ChatRoom.active, ChatRoom.channel != message.channel)
        .order_by(Account.id)
        .limit(1)
    )


async def fall_back(session: AsyncSession, outbox_ids: Sequence[int], now: datetime) -> int:
    """Copy messages that failed for good to their person's other channel; how many were."""
    copied = 0
    for message in await session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(list(outbox_ids)))):
        chat_id = await _stand_in(session, message)
        if chat_id is None:
            continue
        buttons = [[tuple(button) for button in row] for row in message.buttons]
        copy = await enqueue(
            session,
            chat_id,
            message.kind,
            message.text,
            buttons,
            now,
            dedupe_key=f"fallback:{message.id}",
            document=message.document,
        )
        if copy is None:  # copied before (the outcome was written twice after a crash)
            continue
        copied += 1
        await _copy_receipts(session, message.id, copy, chat_id)
    return copied


async def _copy_receipts(session: AsyncSession, original: int, copy: int, chat_id: int) -> None:
    for recipient in await session.scalars(select(BroadcastRecipient).where(BroadcastRecipient.outbox_id == original)):
        if await session.get(BroadcastRecipient, (recipient.broadcast_id, chat_id)) is None:
            session.add(
                BroadcastRecipient(
                    broadcast_id=recipient.broadcast_id,
                    chat_id=chat_id,
                    agency_id=recipient.agency_id,
                    outbox_id=copy,
                    resent=0,
                )
            )
    for delivery in await session.scalars(select(ReminderDelivery).where(ReminderDelivery.outbox_id == original)):
        if await session.get(ReminderDelivery, (delivery.reminder_id, chat_id)) is None:
            session.add(ReminderDelivery(reminder_id=delivery.reminder_id, chat_id=chat_id, outbox_id=copy))
    await session.flush()
