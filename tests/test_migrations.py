"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import fresh_postgres
from sqlalchemy import select, text

from db.engine import make_engine
from db.models import Base, Task

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


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


# Texts as an earlier version stored them: (raw, kind it was read as).
_STORED = [
    ("Quý II hằng năm", "unparsed"),
    ("Hằng quý, trước ngày 25 tháng cuối quý", "unparsed"),
    ("Khi có yêu cầu", "unparsed"),
    ("Thường xuyên hằng năm liên tục", "ongoing"),
    ("Hàng năm", "annual"),
    ("2018 - 2025", "range"),
    ("Trung ương hướng dẫn", "unparsed"),
]


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def test_migration_0010_reads_stored_timeframes_again(kind: str, tmp_path):
    """Tasks stored before the timeframe grammar get the reading of this version: the new
    columns filled, texts once unreadable understood, the others left as they were."""
    from alembic import command

    from db.migrate import alembic_config, upgrade
    from domain.tasks import timeframe_from_columns
    from domain.timeframes import parse_timeframe

    if kind == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'old.db'}", None
    else:
        url, drop = await fresh_postgres(None)
    engine = make_engine(url)
    try:
        await upgrade(engine, "0009")
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO plans (id, short_name, title, source_name, content_hash, columns, created_at, "
                    "updated_at) VALUES (1, 'OLD', 'Kế hoạch cũ', 'old.txt', 'x', '[]', :now, :now)"
                ),
                {"now": NOW},
            )
            for n, (raw, stored_kind) in enumerate(_STORED, start=1):
                old = parse_timeframe(raw)  # start and deadline as they were (none changed)
                await connection.execute(
                    text(
                        "INSERT INTO tasks (id, plan_id, code, number, position, content, lead_text, "
                        "coordinators_text, timeframe_raw, timeframe_kind, start_date, deadline, funding_raw, "
                        "funding_sources, extra, source_line, search_key, created_at, updated_at) VALUES "
                        "(:id, 1, :code, :code, :id, 'Việc', 'Sở Y tế', '', :raw, :kind, :start, :deadline, '', "
                        "'[]', '{}', :id, '', :now, :now)"
                    ),
                    {
                        "id": n,
                        "code": f"I.{n}",
                        "raw": raw,
                        "kind": stored_kind,
                        "start": old.start if stored_kind != "unparsed" else None,
                        "deadline": old.deadline if stored_kind != "unparsed" else None,
                        "now": NOW,
                    },
                )
        await upgrade(engine)
        columns = (Task.timeframe_raw, Task.timeframe_kind, Task.start_date, Task.deadline, Task.recurring_due)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(select(*columns, Task.period_due, Task.timeframe_condition).order_by(Task.id))
            ).all()
        read = [timeframe_from_columns(*row) for row in rows]
        assert read == [parse_timeframe(raw) for raw, _ in _STORED]
        assert [(t.kind.value, t.recurring_due, t.period_due, t.condition) for t in read] == [
            ("annual", parse_timeframe("Quý II hằng năm").recurring_due, None, None),
            ("quarterly", None, parse_timeframe("Hằng quý, trước ngày 25 tháng cuối quý").period_due, None),
            ("conditional", None, None, "Khi có yêu cầu"),
            ("annual", None, None, None),
            ("annual", None, None, None),
            ("range", None, None, None),
            ("unparsed", None, None, None),
        ]

        # and back: a conditional task is unparsed again for the version before
        async with engine.begin() as connection:
            await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "0009"))
        async with engine.connect() as connection:
            kinds = (await connection.execute(text("SELECT timeframe_kind FROM tasks ORDER BY id"))).scalars().all()
        assert kinds == ["annual", "quarterly", "unparsed", "annual", "annual", "range", "unparsed"]
    finally:
        await engine.dispose()
        if drop is not None:
            await drop()


async def test_an_sqlite_upgrade_keeps_every_link_to_a_table_it_rebuilds(tmp_path):
    """SQLite changes a table by copying it and dropping the old one; migration 0015 does so
    to tasks and reminders. The tasks' agencies, statuses and reminders, which point at them,
    must all be there after the upgrade, and foreign keys checked again after it."""
    from alembic import command
    from sqlalchemy.ext.asyncio import create_async_engine

    from base.clock import ManualClock
    from bot.runtime import open_runtime
    from bot.settings import load_settings
    from db.migrate import alembic_config, upgrade
    from seed.importer import bundled_plan, import_plan

    url = f"sqlite:///{tmp_path / 'old.db'}"
    async with open_runtime(load_settings(_env_file=None, database_url=url), ManualClock(NOW)) as runtime:
        await import_plan(runtime.sessions, bundled_plan(), alias_table=runtime.alias_table, now=NOW)
    tables = ("tasks", "task_agencies", "agency_aliases", "task_statuses")

    async def counts(engine) -> dict[str, int]:
        async with engine.connect() as connection:
            return {t: await connection.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables}

    # Back to the schema before 0015, as a database of that version was (links checked by
    # nothing: a plain connection, foreign keys off).
    plain = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    async with plain.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO task_statuses (task_id, agency_id, period, status, note, updated_at) "
                "SELECT task_id, agency_id, '', 'in_progress', '', :now FROM task_agencies WHERE role = 'lead'"
            ),
            {"now": NOW},
        )
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "0014"))
    before = await counts(plain)
    await plain.dispose()
    assert before["task_agencies"] > 200 and before["task_statuses"] > 60 and before["agency_aliases"] > 0

    engine = make_engine(url)
    try:
        await upgrade(engine)
        assert await counts(engine) == before
        async with engine.connect() as connection:
            assert await connection.scalar(text("PRAGMA foreign_keys")) == 1
    finally:
        await engine.dispose()
