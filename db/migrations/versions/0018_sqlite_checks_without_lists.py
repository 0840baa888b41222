"""SQLite: the value checks written without a list

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 00:30:00

SQLite evaluates ``column IN ('a', 'b', ...)`` in a CHECK by building a small temporary
table for each row it checks: storing 885,000 planned reminders spent 3.3 s of CPU in their
two checks, more than in storing the rows. The same condition written ``column = 'a' OR
column = 'b' ...`` costs next to nothing. PostgreSQL compares with its array as it is and
keeps the checks of 0015.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns and values of 0015, written out: a migration keeps the values of its day.
STATUS = ("open", "in_progress", "done", "blocked")
TIMEFRAME_KINDS = ("once", "range", "annual", "semiannual", "quarterly", "monthly", "ongoing")
CHECKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tasks", "timeframe_kind", (*TIMEFRAME_KINDS, "conditional", "blank", "unparsed")),
    (
        "agencies",
        "kind",
        (
            "department",
            "provincial_body",
            "leadership",
            "party",
            "mass_org",
            "media",
            "local",
            "district",
            "group",
            "other",
        ),
    ),
    ("task_agencies", "role", ("lead", "coordinator")),
    ("accounts", "role", ("member", "coordinator", "admin")),
    ("task_statuses", "status", STATUS),
    ("status_changes", "status", STATUS),
    ("reminders", "kind", ("before", "overdue", "planning", "report", "period_end", "heads_up", "snoozed")),
    ("reminders", "status", ("planned", "delivered", "cancelled", "snoozed", "skipped", "unreachable")),
    ("outbox", "status", ("pending", "sending", "sent", "failed", "blocked")),
)


def _rewrite(condition: Callable[[sa.ColumnClause, tuple[str, ...]], sa.ColumnElement[bool]]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    by_table: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for table, column, values in CHECKS:
        by_table[table].append((column, values))
    for table, checks in by_table.items():
        with op.batch_alter_table(table) as batch:  # one copy of the table for all its checks
            for column, values in checks:
                batch.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
                batch.create_check_constraint(column, condition(sa.column(column), values))


def upgrade() -> None:
    _rewrite(lambda column, values: sa.or_(*(column == value for value in values)))


def downgrade() -> None:
    _rewrite(lambda column, values: column.in_(values))
