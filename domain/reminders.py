"""Reminder planning: schedule, office calendar and policy in, dated reminders out.

Every reminder is computed from its due date, never by walking the days, so planning a
year costs time in proportion to the number of tasks, not tasks times days.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from domain.calendar import OfficeCalendar
from domain.periods import DEFAULT_ANNUAL_DUE, WHOLE, Period, periods_between
from domain.timeframes import Kind, MonthDay, Timeframe


class ReminderState(StrEnum):
    """What became of a planned reminder."""

    PLANNED = "planned"
    DELIVERED = "delivered"  # in at least one chat's digest
    CANCELLED = "cancelled"  # the agency marked the period done
    SNOOZED = "snoozed"  # replaced by a later reminder ("snooze 7 days")
    SKIPPED = "skipped"  # missed for longer than the catch-up window
    UNREACHABLE = "unreachable"  # nobody follows the agency


class ReminderKind(StrEnum):
    BEFORE = "before"  # a time-bound task, N days before its deadline
    OVERDUE = "overdue"  # a time-bound task past its deadline, every N days until done
    PLANNING = "planning"  # an annual task, when agencies plan their year (January)
    REPORT = "report"  # an annual or ongoing task, N days before the reporting date
    PERIOD_END = "period_end"  # a semiannual, quarterly or monthly task, N days before the period ends
    HEADS_UP = "heads_up"  # a coordinating agency, once, ahead of the lead's first reminder
    SNOOZED = "snoozed"  # brought back by "snooze 7 days"


# Reminders about a coming deadline move earlier to a working day; the others move later.
_BEFORE_A_DEADLINE = frozenset(
    {ReminderKind.BEFORE, ReminderKind.REPORT, ReminderKind.PERIOD_END, ReminderKind.HEADS_UP}
)


SECOND_WEEK_OF_JANUARY = MonthDay(1, 8)  # when agencies plan their year


@dataclass(frozen=True)
class Policy:
    """When to remind. Every number is a setting; plans and tasks can override them."""

    days_before: tuple[int, ...] = (90, 30, 7)
    overdue_every: int = 30
    planning_day: MonthDay = SECOND_WEEK_OF_JANUARY
    report_due: MonthDay = DEFAULT_ANNUAL_DUE
    report_days_before: tuple[int, ...] = (30, 7)
    period_end_days_before: tuple[int, ...] = (7,)
    # Coordinating agencies are not reminded of tasks they only help with, unless a plan's
    # or a task's /policy opts them in: then they hear of a task ahead of its leads.
    notify_coordinators: bool = False
    # How long before the leads' first reminder of a period the coordinating agencies hear
    # of it: time to prepare their part. 0: the same day.
    heads_up_days_before: int = 7

    def with_settings(self, settings: Mapping[str, object]) -> Policy:
        """This policy changed by settings as stored for a plan or task (JSON values):
        lists of days, "MM-DD" days of the year, numbers and booleans."""
        if not settings:
            return self
        values: dict[str, object] = {}
        for name, value in settings.items():
            if name not in POLICY_FIELDS:
                continue  # a setting a later version dropped: ignored, not fatal
            kind = POLICY_FIELDS[name]
            if kind == "days":
                values[name] = tuple(sorted({int(v) for v in value}, reverse=True))  # type: ignore[union-attr]
            elif kind == "day":
                values[name] = MonthDay.parse(str(value))
            elif kind == "int":
                values[name] = int(value)  # type: ignore[arg-type]
            else:
                values[name] = bool(value)
        return replace(self, **values)  # type: ignore[arg-type]

    def settings(self) -> dict[str, object]:
        """The JSON form with_settings() reads."""
        return {
            name: (list(value) if kind == "days" else str(value) if kind == "day" else value)
            for name, kind in POLICY_FIELDS.items()
            if (value := getattr(self, name)) is not None
        }


# How each setting is written in a stored override.
POLICY_FIELDS = {
    "days_before": "days",
    "overdue_every": "int",
    "planning_day": "day",
    "report_due": "day",
    "report_days_before": "days",
    "period_end_days_before": "days",
    "notify_coordinators": "bool",
    "heads_up_days_before": "int",
}


@dataclass(frozen=True)
class TaskToRemind:
    task_id: int
    timeframe: Timeframe
    leads: tuple[int, ...]  # agencies (groups already replaced by their members)
    coordinators: tuple[int, ...] = ()


@dataclass(frozen=True, order=True)
class PlannedReminder:
    fire_on: date  # the working day it goes out
    task_id: int
    agency_id: int
    period: str
    kind: ReminderKind
    offset: int  # days before the due date; negative: days after it
    due: date = field(compare=False)

    @property
    def key(self) -> tuple[int, int, str, str, int]:
        """What makes a reminder itself: planning it twice creates nothing new."""
        return (self.task_id, self.agency_id, self.period, self.kind.value, self.offset)


_HEADS_UP = ReminderKind.HEADS_UP.value


def _order(r: PlannedReminder) -> tuple:
    """The dataclass's own order, as one key: sorting by it compares tuples in C."""
    return (r.fire_on, r.task_id, r.agency_id, r.period, r.kind, r.offset)


# One row of a stored plan, as the database takes it: task, agency, period, kind, offset,
# due, fire_on. Planning a year of 100,000 tasks makes about a million of them; tuples cost
# a fraction of PlannedReminder objects to make and to write.
ReminderRow = tuple[int, int, str, str, int, date, date]


@dataclass(frozen=True)
class _Scheduled:
    """One period of a timeframe under a policy: the leads' reminders in the window and the
    coordinators' heads-up (None: outside the window or no lead reminder at all)."""

    period: str
    leads: tuple[tuple[ReminderKind, str, int, date, date], ...]  # kind, its value, offset, fire_on, due
    heads_up: tuple[date, date] | None  # fire_on, due


class Planner:
    # Distinct (timeframe, policy, window) schedules kept: plans repeat a few dozen
    # timeframes over thousands of tasks, so each is worked out once per run.
    _CACHE_SIZE = 20_000

    def __init__(self, calendar: OfficeCalendar):
        self.calendar = calendar
        self._schedules: dict[tuple[Timeframe, Policy, date, date], tuple[_Scheduled, ...]] = {}

    def _fire(self, kind: ReminderKind, day: date) -> date:
        return self.calendar.on_or_before(day) if kind in _BEFORE_A_DEADLINE else self.calendar.on_or_after(day)

    def plan(
        self,
        task: TaskToRemind,
        policy: Policy,
        first: date,
        last: date,
        closed: Callable[[int, str], bool] = lambda _agency, _period: False,
    ) -> list[PlannedReminder]:
        """Reminders of ``task`` going out between ``first`` and ``last``, both included.
        ``closed(agency, period)`` says an agency is done with a period: nothing for it."""
        found = [
            PlannedReminder(fire, task_id, agency, period, ReminderKind(kind), offset, due)
            for task_id, agency, period, kind, offset, due, fire in self.rows(task, policy, first, last, closed)
        ]
        found.sort(key=_order)
        return found

    def rows(
        self,
        task: TaskToRemind,
        policy: Policy,
        first: date,
        last: date,
        closed: Callable[[int, str], bool] | None = None,
    ) -> list[ReminderRow]:
        """The same reminders as plan(), as rows to store, in no particular order."""
        found: list[ReminderRow] = []
        task_id, leads = task.task_id, task.leads
        coordinators = task.coordinators if policy.notify_coordinators else ()
        for scheduled in self.schedule(task.timeframe, policy, first, last):
            period = scheduled.period
            for agency in leads:
                if closed is None or not closed(agency, period):
                    found += [
                        (task_id, agency, period, value, offset, due, fire)
                        for _kind, value, offset, fire, due in scheduled.leads
                    ]
            if scheduled.heads_up is not None and coordinators:
                fire, due = scheduled.heads_up
                found += [
                    (task_id, agency, period, _HEADS_UP, 0, due, fire)
                    for agency in coordinators
                    if agency not in leads and (closed is None or not closed(agency, period))
                ]
        return found

    def schedule(self, timeframe: Timeframe, policy: Policy, first: date, last: date) -> tuple[_Scheduled, ...]:
        """What every task of this timeframe and policy is reminded of in the window."""
        key = (timeframe, policy, first, last)
        found = self._schedules.get(key)
        if found is None:
            if len(self._schedules) >= self._CACHE_SIZE:
                self._schedules.clear()
            found = self._schedules[key] = tuple(self._work_out(timeframe, policy, first, last))
        return found

    def _work_out(self, timeframe: Timeframe, policy: Policy, first: date, last: date) -> Iterable[_Scheduled]:
        for period, schedule in self._lead_schedule(timeframe, policy, first, last):
            lead_dates = [(kind, offset, self._fire(kind, day)) for kind, offset, day in schedule]
            heads_up = None
            if lead_dates:
                leads_first = min(fire for _kind, _offset, fire in lead_dates)
                day = self.calendar.on_or_before(leads_first - timedelta(days=policy.heads_up_days_before))
                if first <= day <= last:
                    heads_up = (day, period.due or day)
            leads = tuple(
                (kind, kind.value, offset, fire, period.due or fire)
                for kind, offset, fire in lead_dates
                if first <= fire <= last
            )
            if leads or heads_up:
                yield _Scheduled(period.key, leads, heads_up)

    # A little beyond the window on each side: a day moved to a working day can cross it.
    _MARGIN = timedelta(days=14)

    def _lead_schedule(
        self, timeframe: Timeframe, policy: Policy, first: date, last: date
    ) -> Iterable[tuple[Period, list[tuple[ReminderKind, int, date]]]]:
        kind = timeframe.kind
        if timeframe.is_time_bound and timeframe.deadline is not None:
            yield (
                Period(timeframe.deadline, WHOLE, timeframe.start, timeframe.deadline),
                self._time_bound(timeframe.deadline, policy, first, last),
            )
            return
        if kind is Kind.ONGOING:
            # Ongoing work has no deadline of its own; it is reported with the annual report.
            for year in range(first.year, last.year + 2):
                due = policy.report_due.in_year(year)
                period = Period(due, str(year), date(year, 1, 1), date(year, 12, 31))
                yield period, [(ReminderKind.REPORT, n, due - timedelta(days=n)) for n in policy.report_days_before]
            return
        # How long before its due date a period's first reminder can come: the planning
        # reminder of an annual task comes up to a year before the reporting date.
        reach = max((*policy.report_days_before, *policy.period_end_days_before, 0))
        if kind is Kind.ANNUAL:
            reach = max(reach, 366)
        for period in periods_between(
            timeframe, first - self._MARGIN, last + timedelta(days=reach) + self._MARGIN, policy.report_due
        ):
            assert period.due is not None
            if kind is Kind.ANNUAL:
                schedule = [(ReminderKind.PLANNING, 0, policy.planning_day.in_year(period.due.year))]
                schedule += [
                    (ReminderKind.REPORT, n, period.due - timedelta(days=n)) for n in policy.report_days_before
                ]
            else:
                schedule = [
                    (ReminderKind.PERIOD_END, n, period.due - timedelta(days=n)) for n in policy.period_end_days_before
                ]
            yield period, schedule

    def _time_bound(
        self, deadline: date, policy: Policy, first: date, last: date
    ) -> list[tuple[ReminderKind, int, date]]:
        schedule = [(ReminderKind.BEFORE, n, deadline - timedelta(days=n)) for n in policy.days_before]
        every = policy.overdue_every
        if every > 0 and last > deadline:
            # Only the repeats that can land in the window: k from its start to its end.
            low = max(1, (first - self._MARGIN - deadline).days // every)
            high = (last - deadline).days // every + 1
            schedule += [
                (ReminderKind.OVERDUE, -k * every, deadline + timedelta(days=k * every)) for k in range(low, high + 1)
            ]
        return schedule


def plan_all(
    planner: Planner,
    tasks: Sequence[TaskToRemind],
    policy_of: Callable[[int], Policy],
    first: date,
    last: date,
    closed: Callable[[int, int, str], bool] = lambda _task, _agency, _period: False,
) -> list[PlannedReminder]:
    """Every task's reminders in the window; ``closed(task, agency, period)`` as in plan()."""
    found: list[PlannedReminder] = []
    for task in tasks:
        found += planner.plan(
            task, policy_of(task.task_id), first, last, lambda agency, period, t=task.task_id: closed(t, agency, period)
        )
    return found


def inputs_fingerprint(
    task: TaskToRemind, policy: str, done: Iterable[tuple[int, str]], calendar: str, timeframe: str | None = None
) -> str:
    """What a task's reminders are planned from, short: its timeframe (``timeframe``: its
    repr, when the caller already has it), leads and coordinators, the periods its agencies
    are done with, its policy (``repr`` of the Policy) and the calendar's fingerprint.
    Equal fingerprints plan equal reminders."""
    text = "|".join(
        (
            str(task.task_id),
            timeframe if timeframe is not None else repr(task.timeframe),
            repr(task.leads),
            repr(task.coordinators),
            policy,
            repr(sorted(done)),
            calendar,
        )
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
