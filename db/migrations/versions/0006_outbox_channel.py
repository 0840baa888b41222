"""the chat's channel copied into the outbox

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=16), nullable=True))
    op.execute("UPDATE outbox SET channel = (SELECT chats.channel FROM chats WHERE chats.id = outbox.chat_id)")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("channel", existing_type=sa.String(length=16), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("channel")
