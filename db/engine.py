"""Engines and sessions: one unit of work per command, event or job."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}


def async_url(url: str | URL) -> URL:
    """Accept the URLs people write (sqlite:///x.db, postgresql://...) and pick async drivers."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def safe_url(url: str | URL) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the bot answer while the scheduler writes; busy_timeout waits for a
    # writer instead of failing at once when two processes share the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # In WAL mode NORMAL is as safe against corruption and syncs at checkpoints only, not at
    # every commit (SQLite's documentation recommends it for WAL).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | URL, **options: Any) -> AsyncEngine:
    engine = create_async_engine(async_url(url), **options)
    if is_sqlite(engine):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose work is committed at the end, or rolled back on any error."""
    async with sessions() as session, session.begin():
        yield session


# Every session notes in its `info` whether it wrote anything, so that in-memory copies
# know when to look again. Listening once on the Session class costs nothing per event.
@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info["wrote"] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["wrote"] = True


def wrote(session: AsyncSession) -> bool:
    return bool(session.info.get("wrote"))


class LazyUnit:
    """A unit of work that costs nothing when the work needs no database: the session is
    made on first use, and committed at the end only if it began a transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]):
        self._sessions = sessions
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessions()
        return self._session

    @property
    def wrote(self) -> bool:
        return self._session is not None and wrote(self._session)

    async def finish(self, failed: bool) -> None:
        session = self._session
        if session is None:
            return
        try:
            if session.in_transaction():
                await (session.rollback() if failed else session.commit())
        finally:
            await session.close()


@asynccontextmanager
async def lazy_unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[LazyUnit]:
    unit = LazyUnit(sessions)
    try:
        yield unit
    except BaseException:
        await unit.finish(failed=True)
        raise
    await unit.finish(failed=False)
