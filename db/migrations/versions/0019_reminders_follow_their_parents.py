"""reminders (and what they were planned from) deleted with their task or agency by
triggers, not foreign keys

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 01:00:00

A first planning of 100,000 tasks stores about 900,000 reminders. With foreign keys,
PostgreSQL looked up and locked each reminder's task and agency: 9 of the 14 s the server
spent storing them. Reminders are written only by the planner, from tasks and agencies it
has just read; what the keys still did was delete a task's or an agency's reminders with
it, and a trigger on each of those tables does that (through the unique key's index for a
task, the agency index for an agency). The same for what each task's reminders were
planned from (reminder_inputs), written 100,000 rows at a time by the same run.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# child table, its column, parent table, the foreign key it had
LINKS = (
    ("reminders", "task_id", "tasks", "fk_reminders_task_id_tasks"),
    ("reminders", "agency_id", "agencies", "fk_reminders_agency_id_agencies"),
    ("reminder_inputs", "task_id", "tasks", "fk_reminder_inputs_task_id_tasks"),
)


def _trigger(child: str, parent: str) -> str:
    return f"{child}_follow_{parent}"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for child in dict.fromkeys(child for child, *_ in LINKS):
        with op.batch_alter_table(child) as batch:
            for _child, _column, _parent, key in (link for link in LINKS if link[0] == child):
                batch.drop_constraint(key, type_="foreignkey")
    for child, column, parent, _key in LINKS:
        name = _trigger(child, parent)
        if postgresql:
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN DELETE FROM {child} WHERE {column} = OLD.id; RETURN NULL; END $$"
            )
            op.execute(f"CREATE TRIGGER {name} AFTER DELETE ON {parent} FOR EACH ROW EXECUTE FUNCTION {name}()")
        else:
            op.execute(
                f"CREATE TRIGGER {name} AFTER DELETE ON {parent} FOR EACH ROW "
                f"BEGIN DELETE FROM {child} WHERE {column} = OLD.id; END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for child, column, parent, _key in LINKS:
        name = _trigger(child, parent)
        op.execute(f"DROP TRIGGER {name} ON {parent}" if postgresql else f"DROP TRIGGER {name}")
        if postgresql:
            op.execute(f"DROP FUNCTION {name}()")
        # rows of parents gone meanwhile would fail the keys: they go first
        op.execute(sa.text(f"DELETE FROM {child} WHERE {column} NOT IN (SELECT id FROM {parent})"))
    for child in dict.fromkeys(child for child, *_ in LINKS):
        with op.batch_alter_table(child) as batch:
            for _child, column, parent, key in (link for link in LINKS if link[0] == child):
                batch.create_foreign_key(key, parent, [column], ["id"], ondelete="CASCADE")
