"""the reminders' unique key as an index

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 00:00:00

A first planning of 100,000 tasks stores about 900,000 reminders. On SQLite, keeping their
unique key up to date row by row took more time than storing the rows; built once at the
end, from sorted rows, it takes a fraction of it. SQLite cannot drop the index of a table
constraint, so the key becomes a unique index of the same name and columns: the same
guarantee, and ON CONFLICT finds it as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "uq_reminders_task_id_agency_id_period_kind_offset"
COLUMNS = ["task_id", "agency_id", "period", "kind", "offset"]


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.drop_constraint(NAME, type_="unique")
    op.create_index(NAME, "reminders", COLUMNS, unique=True)


def downgrade() -> None:
    op.drop_index(NAME, table_name="reminders")
    with op.batch_alter_table("reminders") as batch:
        batch.create_unique_constraint(NAME, COLUMNS)
