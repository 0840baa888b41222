"""yearly_results: each lead agency's one-line result of a task for a year

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-12 10:00:00

Before the plan's report day the bot asks each lead agency without a result for the year;
the answer (or `/result III.9 ...`) is stored here and goes into the year's report.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "yearly_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_yearly_results_agency_id_agencies"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["accounts.id"], name=op.f("fk_yearly_results_recorded_by_accounts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_yearly_results_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yearly_results")),
        sa.UniqueConstraint("task_id", "agency_id", "year", name=op.f("uq_yearly_results_task_id_agency_id_year")),
    )
    op.create_index(op.f("ix_yearly_results_agency_id"), "yearly_results", ["agency_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_yearly_results_agency_id"), table_name="yearly_results")
    op.drop_table("yearly_results")
