"""Progress as a chart shows it: each task of a scope's year in exactly one bucket.

Built on PlanIndex's one definition of every count (``counts``, ``overdue``, ``status``):
a task past its deadline and not done is *overdue*; every other task due in the year is
done, in progress, blocked or not started by its status. So ``done`` equals
``Counts.done`` and ``overdue`` equals ``Counts.overdue``, and the chart, the summary and
the export never disagree. Lead tasks only, like every count. Pure: values in, values out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date

from domain.plan_index import PlanIndex, Scope, StatusBook
from domain.tasks import Status

BUCKETS = ("done", "in_progress", "blocked", "not_started", "overdue")
_BY_STATUS = {
    Status.DONE: "done",
    Status.IN_PROGRESS: "in_progress",
    Status.BLOCKED: "blocked",
    Status.OPEN: "not_started",
}


@dataclass(frozen=True)
class Progress:
    done: int = 0
    in_progress: int = 0
    blocked: int = 0
    not_started: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.blocked + self.not_started + self.overdue

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in BUCKETS)

    def shares(self) -> tuple[float, ...]:
        """Each bucket's part of the total, in percent (all zero for no task)."""
        total = self.total
        return tuple(100.0 * v / total if total else 0.0 for v in self.values())

    def __add__(self, other: Progress) -> Progress:
        return Progress(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))


@dataclass(frozen=True)
class Row:
    label: str
    progress: Progress
    grouped: int = 1  # how many agencies or sections the row stands for ("others")


def _bucketed(
    index: PlanIndex, tasks: Iterable[int], overdue: set[int], today: date, statuses: StatusBook, scope: Scope
) -> dict[int, str]:
    return {i: "overdue" if i in overdue else _BY_STATUS[index.status(i, today, statuses, scope)] for i in tasks}


def buckets(
    index: PlanIndex, scope: Scope, today: date, statuses: StatusBook, plan: str | None = None
) -> dict[int, str]:
    """Each task of the scope's year (due in it, or overdue) with its bucket."""
    view = index.view(scope, today.year, today)
    keep = index.in_plan(plan) if plan else None
    overdue = {i for i in index.overdue(scope, today, statuses) if keep is None or i in keep}
    due = [i for i in view.due if (keep is None or i in keep) and i not in overdue]
    return _bucketed(index, [*due, *sorted(overdue, key=index.order_of)], overdue, today, statuses, scope)


def progress(index: PlanIndex, scope: Scope, today: date, statuses: StatusBook, plan: str | None = None) -> Progress:
    return Progress(**Counter(buckets(index, scope, today, statuses, plan).values()))


def by_agency(index: PlanIndex, statuses: StatusBook, today: date, plan: str | None = None) -> list[Row]:
    """Each body that leads tasks (groups counted in their members, as PlanIndex.by_agency):
    the most overdue first, then the most tasks."""
    rows = []
    for agency_id, name in index.agency_names.items():
        if index.stands_for_others(agency_id):
            continue
        if not index.scope_tasks((agency_id,)):
            continue
        found = progress(index, (agency_id,), today, statuses, plan)
        if found.total:
            rows.append(Row(name, found))
    rows.sort(key=lambda row: (-row.progress.overdue, -row.progress.total, row.label))
    return rows


def by_section(
    index: PlanIndex, statuses: StatusBook, today: date, plan: str | None = None, scope: Scope = None
) -> list[Row]:
    """The scope's tasks (the whole plan for no scope) by section of the plan, in plan order."""
    found: dict[tuple[str, str | None], Counter[str]] = defaultdict(Counter)
    titles: dict[tuple[str, str | None], str] = {}
    for task_id, bucket in sorted(
        buckets(index, scope, today, statuses, plan).items(), key=lambda kv: index.order_of(kv[0])
    ):
        task = index.tasks[task_id]
        key = (task.plan, task.section)
        found[key][bucket] += 1
        if key not in titles:
            label = (
                f"{task.section}. {task.section_title}" if task.section and task.section_title else task.section or "—"
            )
            titles[key] = label if plan or len(index.plans) == 1 else f"{task.plan} {label}"
    return [Row(titles[key], Progress(**counts)) for key, counts in found.items()]


def top(rows: Sequence[Row], n: int, others: str) -> list[Row]:
    """The first ``n`` rows, and one row adding up all the others (a big plan stays readable)."""
    if len(rows) <= n:
        return list(rows)
    rest = rows[n - 1 :]
    total = Progress()
    for row in rest:
        total = total + row.progress
    return [*rows[: n - 1], Row(others, total, grouped=len(rest))]


def average_shares(rows: Sequence[Row]) -> tuple[float, ...]:
    """The plan's average agency, in percent of its tasks per bucket (each agency counts once)."""
    shares = [row.progress.shares() for row in rows if row.progress.total]
    if not shares:
        return tuple(0.0 for _ in BUCKETS)
    return tuple(sum(column) / len(shares) for column in zip(*shares, strict=True))


assert tuple(f.name for f in fields(Progress)) == BUCKETS
