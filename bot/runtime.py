"""What every entry point needs, wired once: settings, database, alias table, clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from base.clock import Clock, system_clock
from bot.settings import Settings
from db.agencies import load_directory
from db.engine import make_engine, session_factory
from db.migrate import upgrade
from domain.agencies import AgencyDirectory, AliasTable
from seed.aliases import load_alias_table


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    alias_table: AliasTable
    clock: Clock
    # Run when the runtime closes, before the engine is disposed (the last to come, first).
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def directory(self) -> AgencyDirectory:
        async with self.sessions() as session:
            return await load_directory(session, self.alias_table[1])


@asynccontextmanager
async def open_runtime(settings: Settings, clock: Clock = system_clock) -> AsyncIterator[Runtime]:
    """Load the alias table, bring the database to the current schema, and clean up after."""
    alias_table = load_alias_table(settings.agency_aliases_file)
    engine = make_engine(settings.database_url)
    runtime: Runtime | None = None
    try:
        await upgrade(engine)
        runtime = Runtime(settings, engine, session_factory(engine), alias_table, clock)
        yield runtime
    finally:
        try:
            for close in reversed(runtime.closers if runtime else []):
                await close()
        finally:
            await engine.dispose()
