"""an index a sender's claim walks in order

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:00:00

A claim took the oldest waiting messages by sorting every message waiting: with a
broadcast of 200,000 chats queued, each claim of 200 read all of them. With (status, kind,
id) it reads what it takes.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_claim", "outbox", ["status", "kind", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_claim", table_name="outbox")
