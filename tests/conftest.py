"""Shared fixtures: real databases (SQLite and PostgreSQL), the alias table, a fixed clock.

PostgreSQL tests never skip: when the server at TEST_POSTGRES_URL cannot be reached the
suite fails, because CI must not pass without them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from domain.agencies import AgencyDirectory
from seed.aliases import load_alias_table

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
_names = itertools.count()


@pytest.fixture(scope="session")
def alias_table():
    return load_alias_table()


@pytest.fixture(scope="session")
def directory(alias_table) -> AgencyDirectory:
    return AgencyDirectory(*alias_table)


async def _pg_admin() -> asyncpg.Connection:
    url = make_url(POSTGRES_URL)
    try:
        return await asyncpg.connect(
            host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
        )
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"PostgreSQL is required for the test suite and was not reachable at {POSTGRES_URL}: {error}")


def _in_own_loop(coroutine):
    """Run a coroutine to the end on a loop of its own (fixtures that set up once)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database that each test copies (CREATE DATABASE ... TEMPLATE)."""
    name = f"agencybot_tpl_{os.getpid()}"

    async def create() -> None:
        admin = await _pg_admin()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        engine = make_engine(make_url(POSTGRES_URL).set(database=name))
        await upgrade(engine)
        await engine.dispose()

    async def drop() -> None:
        admin = await _pg_admin()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

    _in_own_loop(create())
    yield name
    _in_own_loop(drop())


async def fresh_postgres(template: str | None) -> tuple[str, callable]:
    """A new, empty PostgreSQL database (a copy of ``template`` when given)."""
    admin = await _pg_admin()
    name = f"agencybot_t{os.getpid()}_{next(_names)}"
    clause = f' TEMPLATE "{template}"' if template else ""
    await admin.execute(f'CREATE DATABASE "{name}"{clause}')
    await admin.close()

    async def drop() -> None:
        admin = await _pg_admin()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies: migrating takes half a second, a copy
    a millisecond, and the suite makes hundreds of databases."""
    path = tmp_path_factory.mktemp("template") / "agencybot.db"

    async def create() -> None:
        engine = make_engine(f"sqlite:///{path}")
        await upgrade(engine)
        await engine.dispose()

    _in_own_loop(create())
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request, tmp_path: Path) -> AsyncIterator[str]:
    """An empty, migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "agencybot.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    url, drop = await fresh_postgres(template)
    yield url
    await drop()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
