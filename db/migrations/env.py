"""Alembic environment: runs on the connection the application hands over.

The application calls db.migrate.upgrade(), which passes an open connection in
``config.attributes["connection"]``; the alembic command line (for writing new
revisions) gets one from DATABASE_URL instead.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.models import Base, UTCDateTime

# Any fixed number: it names the lock that keeps two processes from migrating at once.
_MIGRATION_LOCK = 4_247_001


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations stay free of application imports: UTCDateTime is a plain aware
    # timestamp column in the schema.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        context.run_migrations()


async def _run_from_settings() -> None:
    from db.engine import make_engine
    from db.migrate import migrating
    from db.settings import DatabaseSettings

    engine = make_engine(DatabaseSettings().database_url)
    async with engine.connect() as connection, migrating(connection):
        await connection.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_from_settings())
