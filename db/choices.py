"""What the numbers offered in a chat without buttons stand for (see bot/core/choices.py)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Account, ChatRoom


async def keep(session: AsyncSession, channel: str, external_id: str, actions: list[str]) -> str | None:
    """Replace the chat's choices; returns the language chosen (/lang) by the chat's person."""
    chat_id = await session.scalar(
        update(ChatRoom)
        .where(ChatRoom.channel == channel, ChatRoom.external_id == external_id)
        .values(choices=actions)
        .returning(ChatRoom.id)
        .execution_options(synchronize_session=False)
    )
    if chat_id is None:
        return None
    return await session.scalar(select(Account.language).where(Account.private_chat_id == chat_id).limit(1))


async def recall(session: AsyncSession, channel: str, external_id: str) -> list[str]:
    found = await session.scalar(
        select(ChatRoom.choices).where(ChatRoom.channel == channel, ChatRoom.external_id == external_id)
    )
    return list(found or [])
