"""A task as the rest of the product sees it: plain values, no database objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.timeframes import RECURRING, Kind, MonthDay, Timeframe


@dataclass(frozen=True)
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
    raw: str, kind: str, start: date | None, deadline: date | None, recurring_due: str | None
) -> Timeframe:
    return Timeframe(raw, Kind(kind), start, deadline, MonthDay.parse(recurring_due) if recurring_due else None)


def due_in_year(timeframe: Timeframe, year: int) -> bool:
    """Recurring tasks with an occurrence in ``year``, time-bound tasks due in it."""
    if timeframe.kind in RECURRING:
        return (timeframe.start is None or timeframe.start.year <= year) and (
            timeframe.deadline is None or timeframe.deadline.year >= year
        )
    return timeframe.is_time_bound and timeframe.deadline is not None and timeframe.deadline.year == year


def overdue_on(timeframe: Timeframe, today: date) -> bool:
    """A time-bound task whose deadline has passed (status is checked by the caller)."""
    return timeframe.is_time_bound and timeframe.deadline is not None and timeframe.deadline < today
