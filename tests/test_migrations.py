"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import fresh_postgres
from sqlalchemy import text

from db.engine import make_engine
from db.models import Base


async def test_models_and_migrations_agree(database_url: str):
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()
    assert differences == []


@pytest.mark.postgres
async def test_rate_slots_are_unlogged_on_postgresql(pg_template: str):
    """Every send updates the bot's slot: it must not wait for the disk (see migration 0009)."""
    url, drop = await fresh_postgres(pg_template)
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            persistence = await connection.scalar(
                text("SELECT relpersistence FROM pg_class WHERE relname = 'rate_slots'")
            )
    finally:
        await engine.dispose()
        await drop()
    assert persistence in ("u", b"u")  # asyncpg reads the "char" type as bytes
