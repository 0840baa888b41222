"""What the numbers offered in a chat without buttons stand for (see bot/core/choices.py)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Account, ChatRoom


async def keep(session: AsyncSession, channel: str, external_id: str, actions: list[str]) -> None:
    """Replace the chat's choices."""
    await session.execute(
        update(ChatRoom)
        .where(ChatRoom.channel == channel, ChatRoom.external_id == external_id)
        .values(choices=actions)
        .execution_options(synchronize_session=False)
    )


async def language(session: AsyncSession, channel: str, external_id: str) -> str | None:
    """The language chosen (/lang) by the person whose private chat this is."""
    return await session.scalar(
        select(Account.language)
        .join(ChatRoom, ChatRoom.id == Account.private_chat_id)
        .where(ChatRoom.channel == channel, ChatRoom.external_id == external_id)
        .limit(1)
    )


async def recall(session: AsyncSession, channel: str, external_id: str) -> list[str]:
    found = await session.scalar(
        select(ChatRoom.choices).where(ChatRoom.channel == channel, ChatRoom.external_id == external_id)
    )
    return list(found or [])
