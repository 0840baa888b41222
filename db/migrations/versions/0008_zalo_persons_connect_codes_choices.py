"""persons across channels, connect codes, numbered choices of chats without buttons

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notify", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    op.create_table(
        "connect_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_connect_codes_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connect_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_connect_codes_code_hash")),
    )
    op.create_index(op.f("ix_connect_codes_account_id"), "connect_codes", ["account_id"], unique=False)
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_accounts_person_id"), ["person_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_accounts_person_id_persons"), "persons", ["person_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("choices", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("choices")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint(batch.f("fk_accounts_person_id_persons"), type_="foreignkey")
        batch.drop_index(batch.f("ix_accounts_person_id"))
        batch.drop_column("person_id")
    op.drop_index(op.f("ix_connect_codes_account_id"), table_name="connect_codes")
    op.drop_table("connect_codes")
    op.drop_table("persons")
