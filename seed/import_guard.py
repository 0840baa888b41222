"""What an import must not do without a person saying so: lose a plan's leads, tasks or
timeframes to a file with a missing or shifted column.

Pure: the parsed file (and, for a new version, what the stored plan holds) in, the risks
out. An import with risks is refused unless forced; a dry run lists them with the codes
that would be affected, so `--force` is a decision made knowing what it costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.plan_table import ParsedPlan, ProblemKind, Role
from domain.timeframes import Kind

# "Most": more than this share of the stored plan's tasks, leads or timeframes lost.
MOST = 0.5
# Rows with cells beyond the header, or without cells it needs (not a row merely ending
# early): more than this share (and at least _FEW rows) means the header and the cells do not
# line up.
_SHIFTED = 0.3
_FEW = 3
_UNREADABLE = frozenset({Kind.BLANK, Kind.UNPARSED})


class RiskKind(StrEnum):
    NO_LEAD_COLUMN = "no_lead_column"  # no column of the header reads as the lead agency
    MISALIGNED = "misaligned"  # cells do not line up with the header's columns
    REMOVES_TASKS = "removes_tasks"  # a new version without most of the stored tasks
    REMOVES_LEADS = "removes_leads"  # ... whose tasks mostly lose their lead agency
    REMOVES_TIMEFRAMES = "removes_timeframes"  # ... or their readable timeframe


@dataclass(frozen=True)
class Risk:
    kind: RiskKind
    count: int  # tasks (or rows) affected
    total: int  # out of
    codes: tuple[str, ...] = ()  # the tasks affected
    detail: str = ""  # the columns of the header, for a missing or shifted one


@dataclass(frozen=True)
class StoredTask:
    """What a stored task has that a new version could take away."""

    has_lead: bool
    readable_timeframe: bool


def table_risks(parsed: ParsedPlan) -> list[Risk]:
    """Risks the file carries whatever is stored: no lead column, shifted cells."""
    risks: list[Risk] = []
    header = " | ".join(column.header for column in parsed.columns)
    total = len(parsed.tasks)
    if not any(column.role is Role.LEAD for column in parsed.columns):
        risks.append(Risk(RiskKind.NO_LEAD_COLUMN, total, total, (), header))
    # A row that merely ends early (no Kinh phí, Sản phẩm or Ghi chú cell) is not shifted; a
    # row with a cell too many, or without a cell the columns need, is.
    shifted = {
        problem.code or f"#{problem.line}"
        for problem in parsed.problems
        if problem.kind is ProblemKind.EXTRA_CELLS
        or (problem.kind is ProblemKind.MISSING_CELLS and problem.code not in parsed.ended_early)
    }
    if len(shifted) >= _FEW and len(shifted) > _SHIFTED * total:
        codes = tuple(task.code for task in parsed.tasks if task.code in shifted)
        risks.append(Risk(RiskKind.MISALIGNED, len(shifted), total, codes, header))
    return risks


def version_risks(stored: Mapping[str, StoredTask], parsed: ParsedPlan) -> list[Risk]:
    """Risks of replacing the stored plan (its live tasks by code) with this version."""
    if not stored:
        return []
    new = {task.code: task for task in parsed.tasks}
    risks: list[Risk] = []
    removed = tuple(code for code in stored if code not in new)
    if len(removed) > MOST * len(stored):
        risks.append(Risk(RiskKind.REMOVES_TASKS, len(removed), len(stored), removed))
    led = [code for code, task in stored.items() if task.has_lead]
    lost = tuple(code for code in led if code in new and not new[code].leads)
    if led and len(lost) > MOST * len(led):
        risks.append(Risk(RiskKind.REMOVES_LEADS, len(lost), len(led), lost))
    dated = [code for code, task in stored.items() if task.readable_timeframe]
    unread = tuple(code for code in dated if code in new and new[code].timeframe.kind in _UNREADABLE)
    if dated and len(unread) > MOST * len(dated):
        risks.append(Risk(RiskKind.REMOVES_TIMEFRAMES, len(unread), len(dated), unread))
    return risks


def readable(kind: str) -> bool:
    return Kind(kind) not in _UNREADABLE
