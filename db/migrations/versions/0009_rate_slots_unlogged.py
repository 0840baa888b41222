"""rate_slots unlogged on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 21:50:00

Every message sent updates the bot's row in rate_slots, and the row stays locked until
the commit: logged, each commit waited for the write-ahead log to reach the disk, so every
sending process queued behind the disk's slowest flush (up to a second seen). The slots
are worth nothing after a crash (they are moments a few seconds ahead), which is what an
unlogged table gives up: it is emptied by crash recovery.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE rate_slots SET UNLOGGED")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE rate_slots SET LOGGED")
