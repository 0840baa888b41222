"""Inserting many rows at once through the driver, in the session's transaction.

SQLAlchemy's executemany costs more per row than the database does (a parameter dict per
row, and on PostgreSQL INSERTs batched a page at a time); sqlite3's executemany and
PostgreSQL's COPY take plain tuples. The values still go through each column type's own
bind processor, so what is stored is exactly what the ORM would have stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_many(
    session: AsyncSession, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in the order of ``columns``); the number inserted. A unique key
    already stored fails the insert, as a plain INSERT does."""
    connection = await session.connection()
    dialect = connection.dialect
    processors = [
        (i, process)
        for i, name in enumerate(columns)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    records = []
    for row in rows:
        if processors:
            row = list(row)
            for i, process in processors:
                row[i] = process(row[i])
        records.append(tuple(row))
    if not records:
        return 0
    driver = (await connection.get_raw_connection()).driver_connection
    session.info["wrote"] = True  # as db/engine.py notes for the ORM's writes
    if dialect.name == "sqlite":
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in columns)
        marks = ", ".join("?" * len(columns))
        await driver.executemany(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", records)
    else:
        await driver.copy_records_to_table(table.name, records=records, columns=list(columns))
    return len(records)
