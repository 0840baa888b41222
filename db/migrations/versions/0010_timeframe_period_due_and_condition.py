"""tasks: period_due and timeframe_condition; every stored timeframe read again

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 10:00:00

Timeframes are read as a grammar: a semiannual, quarterly or monthly task can be due on a
day of its own in each period (`Hằng quý, trước ngày 25 tháng cuối quý`: period_due 03-25),
and a condition instead of a date (`Sau khi Trung ương hướng dẫn`) is the kind `conditional`,
kept in timeframe_condition. Texts stored as unparsed (`Quý II hằng năm`) are now understood,
so every task's timeframe_raw is read again by this version's parser and the row updated
where the reading changed; the others keep their values, and NULL in the new columns means
what it meant before (the period's last day, no condition).

Unlike the other revisions this one imports application code, on purpose: reading a
timeframe is domain.timeframes.parse_timeframe (pure, no database), and a copy of it here
would read the texts differently from the importer.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from domain.timeframes import parse_timeframe

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TASKS = sa.table(
    "tasks",
    sa.column("id", sa.Integer),
    sa.column("timeframe_raw", sa.Text),
    sa.column("timeframe_kind", sa.String),
    sa.column("start_date", sa.Date),
    sa.column("deadline", sa.Date),
    sa.column("recurring_due", sa.String),
    sa.column("period_due", sa.String),
    sa.column("timeframe_condition", sa.Text),
)
_READ = ("timeframe_kind", "start_date", "deadline", "recurring_due", "period_due", "timeframe_condition")


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("period_due", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("timeframe_condition", sa.Text(), nullable=True))
    bind = op.get_bind()
    changed = []
    for row in bind.execute(sa.select(_TASKS.c.id, _TASKS.c.timeframe_raw, *(_TASKS.c[name] for name in _READ))):
        timeframe = parse_timeframe(row.timeframe_raw)
        values = {
            "timeframe_kind": timeframe.kind.value,
            "start_date": timeframe.start,
            "deadline": timeframe.deadline,
            "recurring_due": str(timeframe.recurring_due) if timeframe.recurring_due else None,
            "period_due": str(timeframe.period_due) if timeframe.period_due else None,
            "timeframe_condition": timeframe.condition,
        }
        if any(getattr(row, name) != value for name, value in values.items()):
            changed.append({"task_id": row.id, **values})
    if changed:
        bind.execute(
            _TASKS.update()
            .where(_TASKS.c.id == sa.bindparam("task_id"))
            .values({name: sa.bindparam(name) for name in _READ}),
            changed,
        )


def downgrade() -> None:
    # The kind `conditional` did not exist: those tasks are unparsed again, as they were read.
    op.execute(
        _TASKS.update()
        .where(_TASKS.c.timeframe_kind == "conditional")
        .values(timeframe_kind="unparsed", start_date=None, deadline=None, recurring_due=None)
    )
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("timeframe_condition")
        batch.drop_column("period_due")
