"""One process at a time for the steps that must not run twice at once."""

from __future__ import annotations

import zlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def exclusive(session: AsyncSession, name: str) -> bool:
    """Take a lock for the rest of the transaction; False if another process holds it.

    PostgreSQL: a transaction-level advisory lock. SQLite: its single writer already
    serialises the steps, so the lock is always granted.
    """
    if session.bind.dialect.name != "postgresql":
        return True
    key = zlib.crc32(f"agencybot:{name}".encode())
    return bool(await session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}))
