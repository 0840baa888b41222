"""A task as the rest of the product sees it: plain values, no database objects."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.timeframes import Kind, MonthDay, PeriodDay, Timeframe


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"


class TaskRole(StrEnum):
    """What an agency named on a task is to it: the lead owns it, a coordinator helps."""

    LEAD = "lead"
    COORDINATOR = "coordinator"


def combined_status(statuses: Iterable[Status]) -> Status:
    """One status for several agencies' statuses of a task: a blocked part blocks the task,
    it is done when every part is done, and in progress as soon as any part moved."""
    found = set(statuses)
    if not found:
        return Status.OPEN
    if Status.BLOCKED in found:
        return Status.BLOCKED
    if found == {Status.DONE}:
        return Status.DONE
    if found & {Status.DONE, Status.IN_PROGRESS}:
        return Status.IN_PROGRESS
    return Status.OPEN


ROMAN_NUMERALS = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                  "XVI", "XVII", "XVIII", "XIX", "XX")  # fmt: skip


def code_forms(code: str) -> tuple[str, ...]:
    """A task code as typed, then the same code with its section in the other numerals:
    plans number their sections in Roman numerals and people type Arabic ones ("nhiệm vụ
    2.3" is II.3), or the other way round. The first form a plan has is the task."""
    section, dot, rest = code.partition(".")
    if not dot or not rest:
        return (code,)
    if section.isdigit():
        number = int(section)
        other = ROMAN_NUMERALS[number] if 0 < number < len(ROMAN_NUMERALS) else ""
    else:
        other = str(ROMAN_NUMERALS.index(section.upper())) if section.upper() in ROMAN_NUMERALS[1:] else ""
    return (code, f"{other}.{rest}") if other else (code,)


def lead_status(by_agency: Mapping[int, Status], leads: Collection[int]) -> Status:
    """A task's own status for a period, from its lead agencies only: done when every lead
    is done, blocked or in progress as soon as one lead says so. A coordinating agency's
    status is its own part of the work and does not close the task for everyone."""
    said = [status for agency, status in by_agency.items() if agency in leads]
    if len(said) < len(leads):
        said.append(Status.OPEN)  # a lead that said nothing has not started
    return combined_status(said)


@dataclass(frozen=True, slots=True)
class TaskView:
    id: int
    plan: str
    code: str
    section: str | None
    section_title: str | None
    number: str
    content: str
    leads: tuple[str, ...]  # agency or group names as the plan links them
    coordinators: tuple[str, ...]
    timeframe: Timeframe
    funding_raw: str
    funding_sources: tuple[str, ...]
    extra: dict[str, str] = field(default_factory=dict)


def timeframe_from_columns(
    raw: str,
    kind: str,
    start: date | None,
    deadline: date | None,
    recurring_due: str | None,
    period_due: str | None = None,
    condition: str | None = None,
) -> Timeframe:
    return Timeframe(
        raw,
        Kind(kind),
        start,
        deadline,
        MonthDay.parse(recurring_due) if recurring_due else None,
        PeriodDay.parse(period_due) if period_due else None,
        condition,
    )


def overdue_on(timeframe: Timeframe, today: date) -> bool:
    """A time-bound task whose deadline has passed (status is checked by the caller)."""
    return timeframe.is_time_bound and timeframe.deadline is not None and timeframe.deadline < today
