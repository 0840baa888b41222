"""reminders deleted with their task or agency by triggers, not foreign keys

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 01:00:00

A first planning of 100,000 tasks stores about 900,000 reminders. With foreign keys,
PostgreSQL looked up and locked each reminder's task and agency: 9 of the 14 s the server
spent storing them. Reminders are written only by the planner, from tasks and agencies it
has just read; what the keys still did was delete a task's or an agency's reminders with
it, and a trigger on each of those tables does that (through the unique key's index for a
task, the agency index for an agency).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# parent table, reminders' column, foreign key name
PARENTS = (
    ("tasks", "task_id", "fk_reminders_task_id_tasks"),
    ("agencies", "agency_id", "fk_reminders_agency_id_agencies"),
)


def _trigger(table: str) -> str:
    return f"reminders_follow_{table}"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("reminders") as batch:
        for _table, _column, key in PARENTS:
            batch.drop_constraint(key, type_="foreignkey")
    for table, column, _key in PARENTS:
        name = _trigger(table)
        if postgresql:
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN DELETE FROM reminders WHERE {column} = OLD.id; RETURN NULL; END $$"
            )
            op.execute(f"CREATE TRIGGER {name} AFTER DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
        else:
            op.execute(
                f"CREATE TRIGGER {name} AFTER DELETE ON {table} FOR EACH ROW "
                f"BEGIN DELETE FROM reminders WHERE {column} = OLD.id; END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, column, _key in PARENTS:
        name = _trigger(table)
        op.execute(f"DROP TRIGGER {name} ON {table}" if postgresql else f"DROP TRIGGER {name}")
        if postgresql:
            op.execute(f"DROP FUNCTION {name}()")
        # reminders of parents gone meanwhile would fail the keys: they go first
        op.execute(sa.text(f"DELETE FROM reminders WHERE {column} NOT IN (SELECT id FROM {table})"))
    with op.batch_alter_table("reminders") as batch:
        for table, column, key in PARENTS:
            batch.create_foreign_key(key, table, [column], ["id"], ondelete="CASCADE")
