"""statuses and kinds checked by the database

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 02:00:00

The columns that hold a domain StrEnum's value (a task's status, a timeframe's kind, an
agency's kind, a role, a reminder's kind and state, an outbox message's state) get a CHECK
constraint listing the values. Rows already stored are kept as they are: a value no
member has would make the constraint fail, so the migration stops first and names them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration keeps the values of its day.
STATUS = ("open", "in_progress", "done", "blocked")
CHECKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "tasks",
        "timeframe_kind",
        (
            "once",
            "range",
            "annual",
            "semiannual",
            "quarterly",
            "monthly",
            "ongoing",
            "conditional",
            "blank",
            "unparsed",
        ),
    ),
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
    (
        "reminders",
        "kind",
        ("before", "overdue", "planning", "report", "period_end", "heads_up", "snoozed"),
    ),
    (
        "reminders",
        "status",
        ("planned", "delivered", "cancelled", "snoozed", "skipped", "unreachable"),
    ),
    ("outbox", "status", ("pending", "sending", "sent", "failed", "blocked")),
)


def _refuse_unknown_values() -> None:
    bind = op.get_bind()
    found = []
    for table, column, values in CHECKS:
        col = sa.column(column)
        query = sa.select(col, sa.func.count()).select_from(sa.table(table)).where(col.not_in(values)).group_by(col)
        found += [f"{table}.{column} = {value!r} ({count} rows)" for value, count in bind.execute(query)]
    if found:
        known = "; ".join(found)
        raise RuntimeError(f"values the application does not know; correct them, then upgrade again: {known}")


def upgrade() -> None:
    _refuse_unknown_values()
    for table, column, values in CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(column, sa.column(column).in_(values))


def downgrade() -> None:
    for table, column, _values in CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
