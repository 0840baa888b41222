"""Statuses and kinds are the domain's enums in the database too: read back as members,
and a value no member has is refused by the code and, below it, by the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.script import ScriptDirectory
from conftest import fresh_postgres
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from db.engine import make_engine, session_factory, unit_of_work
from db.migrate import alembic_config, upgrade
from db.models import Account, TaskAgency
from domain.people import Role
from domain.tasks import TaskRole

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


async def test_a_role_is_read_back_as_the_domain_member(database_url: str):
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    try:
        async with unit_of_work(sessions) as session:
            session.add(
                Account(
                    channel="telegram",
                    external_id="1",
                    display_name="Lan",
                    role="coordinator",
                    created_at=NOW,
                    last_seen_at=NOW,
                )
            )
        async with sessions() as session:
            role = await session.scalar(select(Account.role))
        assert role is Role.COORDINATOR
    finally:
        await engine.dispose()


async def test_a_value_no_member_has_is_refused_before_it_is_sent(database_url: str):
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    try:
        with pytest.raises(StatementError, match="'chief' is not among the defined enum values"):
            async with unit_of_work(sessions) as session:
                session.add(
                    Account(
                        channel="telegram",
                        external_id="1",
                        display_name="Lan",
                        role="chief",
                        created_at=NOW,
                        last_seen_at=NOW,
                    )
                )
    finally:
        await engine.dispose()


async def test_the_database_itself_refuses_an_unknown_role(database_url: str):
    """Written around the models (a script, another tool): the CHECK constraint holds."""
    engine = make_engine(database_url)
    try:
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO accounts (channel, external_id, display_name, role, created_at, last_seen_at) "
                        "VALUES ('telegram', '1', 'Lan', 'chief', :now, :now)"
                    ),
                    {"now": NOW},
                )
    finally:
        await engine.dispose()
    assert TaskRole("lead") is TaskRole.LEAD


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def test_the_migration_keeps_rows_and_names_values_it_does_not_know(kind: str, tmp_path):
    if kind == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'old.db'}", None
    else:
        url, drop = await fresh_postgres(None)
    engine = make_engine(url)
    insert = text(
        "INSERT INTO accounts (channel, external_id, display_name, role, created_at, last_seen_at) "
        "VALUES ('telegram', :id, 'Lan', :role, :now, :now)"
    )
    try:
        # Just before the migration that adds the checks (a failed one is not undone on SQLite,
        # whose schema changes pysqlite commits as they run).
        await upgrade(engine, ScriptDirectory.from_config(alembic_config()).get_revision("0015").down_revision)
        async with engine.begin() as connection:
            await connection.execute(insert, {"id": "1", "role": "admin", "now": NOW})
            await connection.execute(insert, {"id": "2", "role": "chief", "now": NOW})
        with pytest.raises(RuntimeError, match=r"accounts\.role = 'chief' \(1 rows\)"):
            await upgrade(engine)
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE accounts SET role = 'member' WHERE role = 'chief'"))
        await upgrade(engine)
        async with session_factory(engine)() as session:
            roles = list(await session.scalars(select(Account.role).order_by(Account.external_id)))
            assert await session.scalar(select(TaskAgency.role)) is None
        assert roles == [Role.ADMIN, Role.MEMBER]
    finally:
        await engine.dispose()
        if drop is not None:
            await drop()
