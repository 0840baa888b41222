"""agency successions (the 2025 reorganisation) and optional agencies

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00

Bodies abolished in 2025 keep their names (plans written before still name them) and point
to the body that took their duties. `optional` marks departments only some provinces have.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("optional", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "agency_successions",
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["agencies.id"],
            name=op.f("fk_agency_successions_predecessor_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["agencies.id"],
            name=op.f("fk_agency_successions_successor_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("predecessor_id", name=op.f("pk_agency_successions")),
    )
    op.create_index(op.f("ix_agency_successions_successor_id"), "agency_successions", ["successor_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_agency_successions_successor_id"), table_name="agency_successions")
    op.drop_table("agency_successions")
    with op.batch_alter_table("agencies") as batch:
        batch.drop_column("optional")
