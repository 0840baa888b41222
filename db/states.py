"""Conversation states of guided flows, one per person and chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ConversationState

EXPIRES = timedelta(hours=12)  # a flow left half-way is forgotten after this


@dataclass(frozen=True)
class State:
    flow: str
    step: str
    data: dict[str, Any]


async def get(session: AsyncSession, chat_id: int, account_id: int, now: datetime) -> State | None:
    row = await session.get(ConversationState, (chat_id, account_id))
    if row is None or now - row.updated_at > EXPIRES:
        return None
    return State(row.flow, row.step, dict(row.data))


async def put(session: AsyncSession, chat_id: int, account_id: int, state: State, now: datetime) -> None:
    row = await session.get(ConversationState, (chat_id, account_id))
    if row is None:
        session.add(
            ConversationState(
                chat_id=chat_id,
                account_id=account_id,
                flow=state.flow,
                step=state.step,
                data=state.data,
                updated_at=now,
            )
        )
    else:
        row.flow, row.step, row.data, row.updated_at = state.flow, state.step, state.data, now
    await session.flush()


async def clear(session: AsyncSession, chat_id: int, account_id: int) -> None:
    await session.execute(
        delete(ConversationState).where(
            ConversationState.chat_id == chat_id, ConversationState.account_id == account_id
        )
    )
