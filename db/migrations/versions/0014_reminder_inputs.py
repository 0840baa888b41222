"""reminder_inputs and reminder_planning: planning follows what changed

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 02:00:00

Per task, a fingerprint of what its reminders were planned from and how far ahead; one row
for the last complete run. A nightly run with nothing changed reads little and writes
nothing. (Re-chained after 0013 at merge.)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_inputs",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("planned_until", sa.Date(), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_reminder_inputs_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_reminder_inputs")),
    )
    op.create_table(
        "reminder_planning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plans_version", sa.Integer(), nullable=False),
        sa.Column("statuses_version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.String(length=32), nullable=False),
        sa.Column("planned_until", sa.Date(), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_planning")),
    )


def downgrade() -> None:
    op.drop_table("reminder_planning")
    op.drop_table("reminder_inputs")
