"""Which stored plan a file is a version of, when nobody said: the same tasks, mostly.

Pure: the stored tasks come in as (plan, code, content) values. People save an edited plan
under a new file name, so the name alone cannot tell; and a plan imported again under a
name made from its file name would stand beside the first, every task and reminder twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from domain.plan_table import ParsedPlan

SAME_PLAN = 0.5  # share of a file's tasks (same code and content) that makes it a version of a plan


def version_of(parsed: ParsedPlan, stored: Iterable[tuple[str, str, str]]) -> str | None:
    """The plan holding at least half of the file's tasks unchanged (the one with most), or None."""
    tasks = {(task.code, task.content) for task in parsed.tasks}
    overlap = Counter(plan for plan, code, content in stored if (code, content) in tasks)
    if not overlap:
        return None
    plan, same = overlap.most_common(1)[0]
    return plan if same >= SAME_PLAN * len(tasks) else None
