"""Inserting many rows at once through the driver, in the session's transaction.

SQLAlchemy's executemany costs more per row than the database does (a parameter dict per
row, and on PostgreSQL INSERTs batched a page at a time); sqlite3's executemany and
PostgreSQL's COPY take plain tuples. The values still go through each column type's own
bind processor, so what is stored is exactly what the ORM would have stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

_NONE = object()
_MEMO_LIMIT = 10_000  # distinct values remembered per column; more are processed each time


def _memo_key(value: Any) -> Any:
    """A key that only values the processor turns into the same thing share, or None when
    the value has none. The type is in the key: 1 and True are equal, yet JSON writes them
    apart; a datetime's zone and fold too: equal instants, written as different wall times."""
    kind = type(value)
    if kind is str or kind is int or kind is date:
        return (kind, value)
    if kind is datetime:
        return (kind, value, value.tzinfo, value.fold)
    if (kind is list or kind is tuple) and all(type(item) is str for item in value):
        return (kind, *value)
    if kind is dict and all(type(k) is str and type(v) is str for k, v in value.items()):
        return (kind, *value.items())
    return None


def _memoized(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``process`` done once per distinct value: the rows of a plan repeat the same import
    time, dates, funding sources and empty extras tens of thousands of times, and turning
    each into JSON or text again was a tenth of saving them on SQLite."""
    done: dict[Any, Any] = {}

    def memoized(value: Any) -> Any:
        if value is None:
            return process(value)
        key = _memo_key(value)
        if key is None:
            return process(value)
        found = done.get(key, _NONE)
        if found is _NONE:
            found = process(value)
            if len(done) < _MEMO_LIMIT:
                done[key] = found
        return found

    return memoized


async def insert_many(
    session: AsyncSession, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in the order of ``columns``); the number inserted. A unique key
    already stored fails the insert, as a plain INSERT does."""
    connection = await session.connection()
    dialect = connection.dialect
    processors = [
        (i, _memoized(process))
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
