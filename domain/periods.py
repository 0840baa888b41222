"""Periods of a task: the year of an annual task, the quarter of a quarterly one...

A status (done, in progress) belongs to one period, and reminders and "coming up" lists
are built from each period's due date. Time-bound and ongoing tasks have a single period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from domain.timeframes import PERIOD_MONTHS, Kind, MonthDay, Timeframe

WHOLE = "all"  # the key of the single period of a time-bound or ongoing task
DEFAULT_ANNUAL_DUE = MonthDay(12, 15)  # provincial reports are commonly due mid-December


@dataclass(frozen=True, order=True)
class Period:
    due: date | None  # first, so periods sort by due date
    key: str
    start: date | None
    end: date | None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _periods_of_year(timeframe: Timeframe, year: int, annual_due: MonthDay) -> list[Period]:
    kind = timeframe.kind
    if kind is Kind.ANNUAL:
        due = (timeframe.recurring_due or annual_due).in_year(year)
        return [Period(due, str(year), date(year, 1, 1), date(year, 12, 31))]
    months = PERIOD_MONTHS.get(kind)
    if months is None:
        return []
    periods = []
    for first_month in range(1, 13, months):
        start, end = date(year, first_month, 1), _month_end(year, first_month + months - 1)
        # the timeframe's own day in each period (`trước ngày 25 tháng cuối quý`), or its last day
        due = timeframe.period_due.in_period(start, months) if timeframe.period_due else end
        periods.append(Period(due, _key(kind, year, first_month, months), start, end))
    return periods


def _key(kind: Kind, year: int, first_month: int, months: int) -> str:
    number = (first_month - 1) // months + 1
    if kind is Kind.SEMIANNUAL:
        return f"{year}-H{number}"
    if kind is Kind.QUARTERLY:
        return f"{year}-Q{number}"
    return f"{year}-{first_month:02d}"


def _within_bounds(timeframe: Timeframe, period: Period) -> bool:
    """A recurring task bounded by `giai đoạn 2021-2025` has no periods outside it."""
    assert period.start and period.end
    return (timeframe.start is None or period.end >= timeframe.start) and (
        timeframe.deadline is None or period.start <= timeframe.deadline
    )


def whole_period(timeframe: Timeframe) -> Period:
    return Period(timeframe.deadline, WHOLE, timeframe.start, timeframe.deadline)


def periods_between(
    timeframe: Timeframe, first: date, last: date, annual_due: MonthDay = DEFAULT_ANNUAL_DUE
) -> list[Period]:
    """Periods whose due date falls in [first, last], in order. Time-bound tasks have one,
    due on their deadline; ongoing, conditional, blank and unparsed ones have none."""
    if timeframe.is_time_bound:
        deadline = timeframe.deadline
        return [whole_period(timeframe)] if deadline and first <= deadline <= last else []
    found: list[Period] = []
    for year in range(first.year, last.year + 1):
        for period in _periods_of_year(timeframe, year, annual_due):
            if period.due and first <= period.due <= last and _within_bounds(timeframe, period):
                found.append(period)
    return found


def period_at(timeframe: Timeframe, day: date, annual_due: MonthDay = DEFAULT_ANNUAL_DUE) -> Period:
    """The period a status given on ``day`` belongs to."""
    if timeframe.kind not in (Kind.ANNUAL, Kind.SEMIANNUAL, Kind.QUARTERLY, Kind.MONTHLY):
        return whole_period(timeframe)
    for period in _periods_of_year(timeframe, day.year, annual_due):
        assert period.start and period.end
        if period.start <= day <= period.end:
            return period
    raise AssertionError("every day of a year is in one of its periods")


def occurs_in_year(timeframe: Timeframe, year: int) -> bool:
    """Recurring tasks with a period in ``year``; time-bound tasks due in it."""
    if timeframe.is_time_bound:
        return timeframe.deadline is not None and timeframe.deadline.year == year
    return any(_within_bounds(timeframe, p) for p in _periods_of_year(timeframe, year, DEFAULT_ANNUAL_DUE))
