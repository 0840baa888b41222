"""Bringing any database to the current schema, the way every command starts."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


# Alembic keeps its running context in module globals: one migration at a time per process.
_ONE_AT_A_TIME = asyncio.Lock()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply every migration not yet applied; an existing database keeps its data."""
    async with _ONE_AT_A_TIME, engine.connect() as connection:
        if revision == "head" and await connection.run_sync(_current) == head_revision():
            return  # every start of every command comes here: nothing to do, nothing to check
        async with migrating(connection):
            await connection.run_sync(_upgrade, revision)


@asynccontextmanager
async def migrating(connection: AsyncConnection) -> AsyncIterator[None]:
    """One run of migrations on ``connection``, committed at the end.

    SQLite changes a table by copying it and dropping the old one; with foreign keys on,
    that drop deletes every row pointing at the table (ON DELETE CASCADE: a task's agencies,
    statuses and reminders). SQLite's documented way is to switch them off around the change
    (outside a transaction, where the switch takes effect) and to check the links after."""
    if connection.dialect.name != "sqlite":
        yield
        await connection.commit()
        return
    await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    await connection.commit()
    try:
        before = await _broken_links(connection)  # a file edited by hand may have some already
        yield
        after = await _broken_links(connection)
        await connection.commit()
    finally:
        await connection.exec_driver_sql("PRAGMA foreign_keys=ON")  # the pooled connection as it came
        await connection.commit()
    worse = sorted(table for table, rows in after.items() if rows > before.get(table, 0))
    if worse:
        raise RuntimeError(f"the migration left rows pointing at nothing in: {', '.join(worse)}")


async def _broken_links(connection: AsyncConnection) -> Counter[str]:
    return Counter(str(row[0]) for row in await connection.exec_driver_sql("PRAGMA foreign_key_check"))


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
