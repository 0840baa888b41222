"""plan uploads, agency merges and data fixes from the chat; who imported, fixed timeframes

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency_merges",
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["merged_by"], ["accounts.id"], name=op.f("fk_agency_merges_merged_by_accounts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["agencies.id"], name=op.f("fk_agency_merges_target_id_agencies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("source_name", name=op.f("pk_agency_merges")),
    )
    with op.batch_alter_table("agency_merges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_merges_target_id"), ["target_id"], unique=False)

    op.create_table(
        "data_fixes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_data_fixes_account_id_accounts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_fixes")),
    )
    with op.batch_alter_table("data_fixes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_fixes_created_at"), ["created_at"], unique=False)

    op.create_table(
        "plan_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("short_name", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_plan_uploads_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_plan_uploads_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_uploads")),
    )
    with op.batch_alter_table("plan_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_uploads_account_id"), ["account_id"], unique=False)

    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("imported_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_import_runs_imported_by_accounts"), "accounts", ["imported_by"], ["id"], ondelete="SET NULL"
        )

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timeframe_fixed_from", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("timeframe_fixed_from")

    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_import_runs_imported_by_accounts"), type_="foreignkey")
        batch_op.drop_column("imported_by")

    with op.batch_alter_table("plan_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_uploads_account_id"))

    op.drop_table("plan_uploads")
    with op.batch_alter_table("data_fixes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_fixes_created_at"))

    op.drop_table("data_fixes")
    with op.batch_alter_table("agency_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_merges_target_id"))

    op.drop_table("agency_merges")
