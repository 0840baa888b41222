"""Reminder planning: timeframes, office calendar and policy in, dated reminders out (domain/reminders.py).

Dates are checked against the Vietnamese calendar of 2026 (holidays library): Tết 16-20/2,
Hùng Kings' day 26/4 (Sunday, observed 27/4), 30/4 and 1/5, 2/9 with 31/8 given in exchange
for the working Saturday 22/8, and Vietnam Cultural Day 24/11.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from domain.calendar import OfficeCalendar
from domain.reminders import (
    POLICY_FIELDS,
    PlannedReminder,
    Planner,
    Policy,
    ReminderKind,
    TaskToRemind,
    plan_all,
)
from domain.timeframes import Kind, MonthDay, parse_timeframe

CALENDAR = OfficeCalendar()
PLANNER = Planner(CALENDAR)
JAN_1 = date(2026, 1, 1)
DEC_31 = date(2026, 12, 31)

BEFORE = ReminderKind.BEFORE
OVERDUE = ReminderKind.OVERDUE
PLANNING = ReminderKind.PLANNING
REPORT = ReminderKind.REPORT
PERIOD_END = ReminderKind.PERIOD_END
HEADS_UP = ReminderKind.HEADS_UP


# Coordinating agencies hear of a task only where a plan's or task's policy opts them in;
# the tests of that notice plan with it on.
OPTED_IN = Policy(notify_coordinators=True)


def task(raw: str, leads: tuple[int, ...] = (1,), coordinators: tuple[int, ...] = (), task_id: int = 7) -> TaskToRemind:
    return TaskToRemind(task_id, parse_timeframe(raw), leads, coordinators)


def plan(
    raw: str,
    policy: Policy | None = None,
    first: date = JAN_1,
    last: date = DEC_31,
    leads: tuple[int, ...] = (1,),
    coordinators: tuple[int, ...] = (),
    closed=lambda _agency, _period: False,
) -> list[PlannedReminder]:
    return PLANNER.plan(task(raw, leads, coordinators), policy or OPTED_IN, first, last, closed)


def summary(reminders: list[PlannedReminder]) -> list[tuple[date, int, str, str, int]]:
    """What a reader checks: when, to whom, which period, what kind, how many days before."""
    return [(r.fire_on, r.agency_id, r.period, r.kind.value, r.offset) for r in reminders]


# -- time-bound tasks (once, range) -----------------------------------------------------------


def test_once_year_gets_90_30_7_days_before_its_deadline() -> None:
    reminders = plan("Năm 2026")
    assert summary(reminders) == [
        (date(2026, 10, 2), 1, "all", "before", 90),  # 90 days before 31/12 is Friday 2/10
        (date(2026, 12, 1), 1, "all", "before", 30),
        (date(2026, 12, 24), 1, "all", "before", 7),
    ]
    assert {r.due for r in reminders} == {date(2026, 12, 31)}
    assert {r.task_id for r in reminders} == {7}


def test_range_past_its_deadline_is_overdue_every_30_days() -> None:
    assert summary(plan("2018 - 2025")) == [
        (date(2026, 1, 30), 1, "all", "overdue", -30),
        (date(2026, 3, 2), 1, "all", "overdue", -60),  # 1/3 is a Sunday: next working day
        (date(2026, 3, 31), 1, "all", "overdue", -90),
        (date(2026, 5, 4), 1, "all", "overdue", -120),  # 30/4, 1/5 and the weekend
        (date(2026, 6, 1), 1, "all", "overdue", -150),  # 30/5 is a Saturday
        (date(2026, 6, 29), 1, "all", "overdue", -180),
        (date(2026, 7, 29), 1, "all", "overdue", -210),
        (date(2026, 8, 28), 1, "all", "overdue", -240),
        (date(2026, 9, 28), 1, "all", "overdue", -270),  # 27/9 is a Sunday
        (date(2026, 10, 27), 1, "all", "overdue", -300),
        (date(2026, 11, 26), 1, "all", "overdue", -330),
        (date(2026, 12, 28), 1, "all", "overdue", -360),  # 26/12 is a Saturday
    ]


def test_deadline_in_the_year_gets_before_and_then_overdue_reminders() -> None:
    # 90 days before 25/2 is in 2025; 7 days before is 18/2, in Tết: Friday 13/2 before it.
    assert summary(plan("Trước ngày 25/02/2026")) == [
        (date(2026, 1, 26), 1, "all", "before", 30),
        (date(2026, 2, 13), 1, "all", "before", 7),
        (date(2026, 3, 27), 1, "all", "overdue", -30),
        (date(2026, 4, 28), 1, "all", "overdue", -60),  # 26/4 Hùng Kings' day, 27/4 observed
        (date(2026, 5, 26), 1, "all", "overdue", -90),
        (date(2026, 6, 25), 1, "all", "overdue", -120),
        (date(2026, 7, 27), 1, "all", "overdue", -150),  # 25/7 is a Saturday
        (date(2026, 8, 24), 1, "all", "overdue", -180),  # 24/8 is a Monday
        (date(2026, 9, 23), 1, "all", "overdue", -210),
        (date(2026, 10, 23), 1, "all", "overdue", -240),
        (date(2026, 11, 23), 1, "all", "overdue", -270),  # 22/11 is a Sunday
        (date(2026, 12, 22), 1, "all", "overdue", -300),
    ]


def test_quarter_of_next_year_gets_only_its_90_day_reminder_this_year() -> None:
    reminders = plan("Quý I/2027")
    assert summary(reminders) == [(date(2026, 12, 31), 1, "all", "before", 90)]
    assert reminders[0].due == date(2027, 3, 31)


def test_month_deadline_reminders_move_before_the_weekend() -> None:
    # Deadline 30/9: 90 days before is 2/7 (Thu), 30 before is 31/8 (exchanged day off, weekend
    # before it) and 7 before is 23/9.
    assert summary(plan("Tháng 9/2026")) == [
        (date(2026, 7, 2), 1, "all", "before", 90),
        (date(2026, 8, 28), 1, "all", "before", 30),
        (date(2026, 9, 23), 1, "all", "before", 7),
        (date(2026, 10, 30), 1, "all", "overdue", -30),
        (date(2026, 11, 30), 1, "all", "overdue", -60),  # 29/11 is a Sunday
        (date(2026, 12, 29), 1, "all", "overdue", -90),
    ]


def test_deadline_after_the_window_has_nothing_yet() -> None:
    assert plan("Giai đoạn 2026-2030") == []
    assert plan("Đến năm 2030") == []


# -- annual tasks -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["Hàng năm", "Hằng năm", "Định kỳ hằng năm"])
def test_annual_task_gets_planning_and_two_report_reminders(raw: str) -> None:
    reminders = plan(raw)
    assert summary(reminders) == [
        (date(2026, 1, 8), 1, "2026", "planning", 0),  # Thursday of the second week
        (date(2026, 11, 13), 1, "2026", "report", 30),  # 15/11 is a Sunday: Friday before it
        (date(2026, 12, 8), 1, "2026", "report", 7),
    ]
    assert {r.due for r in reminders} == {date(2026, 12, 15)}


def test_recurring_due_day_replaces_the_reporting_date() -> None:
    reminders = plan("Trước ngày 31/3 hằng năm")
    assert summary(reminders) == [
        (date(2026, 1, 8), 1, "2026", "planning", 0),
        (date(2026, 2, 27), 1, "2026", "report", 30),  # 1/3 is a Sunday
        (date(2026, 3, 24), 1, "2026", "report", 7),
    ]
    assert {r.due for r in reminders} == {date(2026, 3, 31)}


def test_bounded_annual_task_has_nothing_after_its_last_year() -> None:
    assert plan("Hàng năm, giai đoạn 2021-2025") == []
    assert [r.fire_on for r in plan("Hàng năm, giai đoạn 2021-2025", first=date(2025, 1, 1))] == [
        date(2025, 1, 8),
        date(2025, 11, 14),  # 15/11/2025 is a Saturday
        date(2025, 12, 8),
    ]


# -- semiannual, quarterly, monthly ---------------------------------------------------------------


@pytest.mark.parametrize("raw", ["6 tháng một lần", "Định kỳ 6 tháng"])
def test_semiannual_task_is_reminded_7_days_before_each_half_ends(raw: str) -> None:
    assert summary(plan(raw)) == [
        (date(2026, 6, 23), 1, "2026-H1", "period_end", 7),
        (date(2026, 12, 24), 1, "2026-H2", "period_end", 7),
    ]


def test_quarterly_task_is_reminded_7_days_before_each_quarter_ends() -> None:
    reminders = plan("Hàng quý")
    assert summary(reminders) == [
        (date(2026, 3, 24), 1, "2026-Q1", "period_end", 7),
        (date(2026, 6, 23), 1, "2026-Q2", "period_end", 7),
        (date(2026, 9, 23), 1, "2026-Q3", "period_end", 7),
        (date(2026, 12, 24), 1, "2026-Q4", "period_end", 7),
    ]
    assert [r.due for r in reminders] == [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]


def test_monthly_task_is_reminded_7_days_before_each_month_ends() -> None:
    assert summary(plan("Hàng tháng")) == [
        (date(2026, 1, 23), 1, "2026-01", "period_end", 7),  # 24/1 is a Saturday
        (date(2026, 2, 13), 1, "2026-02", "period_end", 7),  # 21/2 Saturday, 16-20/2 Tết
        (date(2026, 3, 24), 1, "2026-03", "period_end", 7),
        (date(2026, 4, 23), 1, "2026-04", "period_end", 7),
        (date(2026, 5, 22), 1, "2026-05", "period_end", 7),  # 24/5 is a Sunday
        (date(2026, 6, 23), 1, "2026-06", "period_end", 7),
        (date(2026, 7, 24), 1, "2026-07", "period_end", 7),
        (date(2026, 8, 24), 1, "2026-08", "period_end", 7),
        (date(2026, 9, 23), 1, "2026-09", "period_end", 7),
        (date(2026, 10, 23), 1, "2026-10", "period_end", 7),  # 24/10 is a Saturday
        (date(2026, 11, 23), 1, "2026-11", "period_end", 7),
        (date(2026, 12, 24), 1, "2026-12", "period_end", 7),
    ]


def test_bounded_quarterly_task_starts_with_its_first_year() -> None:
    assert [r.period for r in plan("Hàng quý, giai đoạn 2026-2030", first=date(2025, 1, 1))] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]


# -- ongoing, blank, unparsed -------------------------------------------------------------------


def test_ongoing_task_gets_only_the_annual_report_reminders() -> None:
    reminders = plan("Thường xuyên")
    assert summary(reminders) == [
        (date(2026, 11, 13), 1, "2026", "report", 30),
        (date(2026, 12, 8), 1, "2026", "report", 7),
    ]
    assert {r.due for r in reminders} == {date(2026, 12, 15)}


def test_ongoing_report_in_december_for_a_january_reporting_date() -> None:
    policy = Policy().with_settings({"report_due": "01-10"})
    # Reporting date 10/1/2027: 30 days before is Friday 11/12/2026; 7 days before is Sunday
    # 3/1/2027, after a weekend and New Year's Day: Thursday 31/12/2026.
    assert summary(plan("Thường xuyên", policy)) == [
        (date(2026, 1, 2), 1, "2026", "report", 7),  # 3/1/2026 is a Saturday
        (date(2026, 12, 11), 1, "2027", "report", 30),
        (date(2026, 12, 31), 1, "2027", "report", 7),
    ]


@pytest.mark.parametrize("raw", ["", "   ", "Chưa xác định", "Trước ngày 15/12"])
def test_blank_and_unparsed_timeframes_get_no_reminders(raw: str) -> None:
    assert parse_timeframe(raw).kind in (Kind.BLANK, Kind.UNPARSED)
    assert plan(raw, leads=(1, 2), coordinators=(3,)) == []


# -- coordinators ---------------------------------------------------------------------------------


def test_coordinators_hear_once_a_week_before_the_leads_first_reminder() -> None:
    reminders = plan("Năm 2026", leads=(1,), coordinators=(2, 3, 1))
    heads_up = [r for r in reminders if r.kind is HEADS_UP]
    # The leads first hear on Friday 2/10 (90 days before 31/12); the coordinators on Friday
    # 25/9. Agency 1 leads the task, so it gets no heads-up of its own.
    assert summary(heads_up) == [
        (date(2026, 9, 25), 2, "all", "heads_up", 0),
        (date(2026, 9, 25), 3, "all", "heads_up", 0),
    ]
    assert {r.due for r in heads_up} == {date(2026, 12, 31)}
    assert [r for r in reminders if r.kind is not HEADS_UP] == plan("Năm 2026")


def test_how_long_ahead_coordinators_hear_is_a_setting() -> None:
    same_day = OPTED_IN.with_settings({"heads_up_days_before": 0})
    assert [r.fire_on for r in plan("Năm 2026", same_day, coordinators=(2,)) if r.kind is HEADS_UP] == [
        date(2026, 10, 2)
    ]
    fortnight = OPTED_IN.with_settings({"heads_up_days_before": 14})
    assert [r.fire_on for r in plan("Năm 2026", fortnight, coordinators=(2,)) if r.kind is HEADS_UP] == [
        date(2026, 9, 18)
    ]


def test_coordinators_hear_once_per_period() -> None:
    reminders = plan("Hàng quý", leads=(1, 4), coordinators=(1, 2))
    assert summary([r for r in reminders if r.kind is HEADS_UP]) == [
        (date(2026, 3, 17), 2, "2026-Q1", "heads_up", 0),
        (date(2026, 6, 16), 2, "2026-Q2", "heads_up", 0),
        (date(2026, 9, 16), 2, "2026-Q3", "heads_up", 0),
        (date(2026, 12, 17), 2, "2026-Q4", "heads_up", 0),
    ]
    assert len([r for r in reminders if r.kind is PERIOD_END]) == 8  # 4 quarters, 2 leads


def test_coordinators_of_an_annual_task_hear_before_planning_day() -> None:
    # Planning day is 8/1/2026; a week before is New Year's Eve, a working day.
    assert summary([r for r in plan("Hàng năm", first=date(2025, 12, 1), coordinators=(5,)) if r.kind is HEADS_UP])[
        :1
    ] == [(date(2025, 12, 31), 5, "2026", "heads_up", 0)]


def test_coordinators_of_an_ongoing_task_hear_before_the_first_report_reminder() -> None:
    assert summary([r for r in plan("Thường xuyên", coordinators=(5,)) if r.kind is HEADS_UP]) == [
        (date(2026, 11, 6), 5, "2026", "heads_up", 0)
    ]


def test_no_heads_up_when_the_leads_first_reminder_is_outside_the_window() -> None:
    # The leads of an overdue task first heard 90 days before 31/12/2025.
    assert [r for r in plan("2018 - 2025", coordinators=(5,)) if r.kind is HEADS_UP] == []


def test_no_heads_up_when_coordinators_are_not_notified() -> None:
    policy = OPTED_IN.with_settings({"notify_coordinators": False})
    reminders = plan("Hàng quý", policy, coordinators=(2, 3))
    assert [r for r in reminders if r.kind is HEADS_UP] == []
    assert reminders == plan("Hàng quý")


def test_coordinating_agencies_are_not_reminded_by_default() -> None:
    reminders = PLANNER.plan(task("Hàng quý", leads=(1,), coordinators=(2, 3)), Policy(), JAN_1, DEC_31)
    assert {r.agency_id for r in reminders} == {1}
    assert Policy().with_settings({"notify_coordinators": True}).notify_coordinators


def test_heads_up_goes_a_week_before_a_planning_reminder_moved_by_a_weekend() -> None:
    # Planning day 10/1/2026 is a Saturday: the leads' planning reminder moves to Monday 12/1,
    # the coordinators' heads-up a week before that, Monday 5/1.
    policy = OPTED_IN.with_settings({"planning_day": "01-10"})
    reminders = plan("Hàng năm", policy, coordinators=(5,))
    [planning] = [r for r in reminders if r.kind is PLANNING]
    [heads_up] = [r for r in reminders if r.kind is HEADS_UP]
    assert planning.fire_on == date(2026, 1, 12)
    assert heads_up.fire_on == date(2026, 1, 5)


def test_heads_up_before_the_first_lead_reminder_when_a_report_precedes_planning_day() -> None:
    # Due 31/1/2026: the 30-day report reminder (1/1 is New Year's Day) goes out on 31/12/2025,
    # before planning day 8/1/2026: the heads-up goes a week before that first reminder.
    reminders = plan("Trước ngày 31/1 hằng năm", first=date(2025, 12, 1), last=date(2026, 1, 31), coordinators=(5,))
    first_lead_day = min(r.fire_on for r in reminders if r.agency_id == 1 and r.period == "2026")
    assert first_lead_day == date(2025, 12, 31)
    assert [r.fire_on for r in reminders if r.kind is HEADS_UP and r.period == "2026"] == [date(2025, 12, 24)]


# -- closed periods --------------------------------------------------------------------------------


def test_closed_skips_exactly_the_closed_agency_and_period() -> None:
    everything = plan("Hàng tháng", leads=(1, 2), coordinators=(3, 4))
    closed_pairs = {(1, "2026-03"), (4, "2026-07")}
    remaining = plan("Hàng tháng", leads=(1, 2), coordinators=(3, 4), closed=lambda a, p: (a, p) in closed_pairs)
    assert remaining == [r for r in everything if (r.agency_id, r.period) not in closed_pairs]
    assert len(everything) - len(remaining) == 2  # one period_end for 1 in March, one heads-up for 4 in July
    assert (date(2026, 3, 24), 2, "2026-03", "period_end", 7) in summary(remaining)
    assert (date(2026, 3, 17), 3, "2026-03", "heads_up", 0) in summary(remaining)


def test_closed_time_bound_task_stops_overdue_reminders() -> None:
    reminders = plan("2018 - 2025", leads=(1, 2), closed=lambda agency, period: agency == 1 and period == "all")
    assert {r.agency_id for r in reminders} == {2}
    assert len(reminders) == 12


def test_plan_all_passes_the_task_to_closed_and_uses_each_tasks_policy() -> None:
    tasks = [task("Năm 2026", task_id=1), task("Năm 2026", task_id=2), task("Hàng quý", task_id=3)]
    policies = {1: Policy(), 2: Policy().with_settings({"days_before": [14]}), 3: Policy()}
    reminders = plan_all(
        PLANNER, tasks, policies.__getitem__, JAN_1, DEC_31, lambda t, _agency, period: t == 3 and period == "2026-Q2"
    )
    assert sorted((r.task_id, r.fire_on, r.kind.value, r.offset) for r in reminders) == [
        (1, date(2026, 10, 2), "before", 90),
        (1, date(2026, 12, 1), "before", 30),
        (1, date(2026, 12, 24), "before", 7),
        (2, date(2026, 12, 17), "before", 14),
        (3, date(2026, 3, 24), "period_end", 7),
        (3, date(2026, 9, 23), "period_end", 7),
        (3, date(2026, 12, 24), "period_end", 7),
    ]


# -- policy -------------------------------------------------------------------------------------------


def test_default_policy_settings() -> None:
    assert Policy().settings() == {
        "days_before": [90, 30, 7],
        "overdue_every": 30,
        "planning_day": "01-08",
        "report_due": "12-15",
        "report_days_before": [30, 7],
        "period_end_days_before": [7],
        "notify_coordinators": False,
        "heads_up_days_before": 7,
    }
    assert set(Policy().settings()) == set(POLICY_FIELDS)


def test_settings_round_trip_through_with_settings() -> None:
    assert Policy().with_settings(Policy().settings()) == Policy()
    custom = Policy(
        days_before=(60, 14),
        overdue_every=14,
        planning_day=MonthDay(1, 12),
        report_due=MonthDay(12, 31),
        report_days_before=(20,),
        period_end_days_before=(10, 3),
        notify_coordinators=True,
    )
    assert Policy().with_settings(custom.settings()) == custom


def test_with_settings_sorts_days_drops_unknown_names_and_keeps_the_rest() -> None:
    policy = Policy().with_settings({"days_before": [14, 60, 14], "gone_in_v2": 3})
    assert policy == Policy(days_before=(60, 14))
    assert Policy().with_settings({}) == Policy()


def test_days_before_override() -> None:
    policy = OPTED_IN.with_settings({"days_before": [60, 14]})
    assert summary(plan("Năm 2026", policy, coordinators=(5,))) == [
        (date(2026, 10, 23), 5, "all", "heads_up", 0),  # a week before the leads' first reminder
        (date(2026, 10, 30), 1, "all", "before", 60),  # 1/11 is a Sunday
        (date(2026, 12, 17), 1, "all", "before", 14),
    ]


def test_overdue_every_override() -> None:
    policy = Policy().with_settings({"overdue_every": 14})
    reminders = plan("2018 - 2025", policy)
    # 31/12/2025 is a Wednesday, and none of the 26 following Wednesdays of 2026 is a holiday.
    assert [r.fire_on for r in reminders] == [date(2026, 1, 14) + timedelta(weeks=2 * n) for n in range(26)]
    assert [r.offset for r in reminders] == [-14 * k for k in range(1, 27)]
    assert {r.kind for r in reminders} == {OVERDUE}


def test_no_overdue_reminders_when_overdue_every_is_zero() -> None:
    assert plan("2018 - 2025", Policy().with_settings({"overdue_every": 0})) == []


def test_report_due_override() -> None:
    policy = Policy().with_settings({"report_due": "12-31"})
    assert summary(plan("Hàng năm", policy)) == [
        (date(2026, 1, 8), 1, "2026", "planning", 0),
        (date(2026, 12, 1), 1, "2026", "report", 30),
        (date(2026, 12, 24), 1, "2026", "report", 7),
    ]
    assert summary(plan("Thường xuyên", policy)) == [
        (date(2026, 12, 1), 1, "2026", "report", 30),
        (date(2026, 12, 24), 1, "2026", "report", 7),
    ]
    # A due day written in the timeframe wins over the policy's reporting date.
    assert [r.due for r in plan("Trước ngày 31/3 hằng năm", policy)] == [date(2026, 3, 31)] * 3


def test_planning_day_override_moves_to_the_next_working_day() -> None:
    policy = Policy().with_settings({"planning_day": "01-10"})  # a Saturday in 2026
    assert [r.fire_on for r in plan("Hàng năm", policy) if r.kind is PLANNING] == [date(2026, 1, 12)]


# -- windows and keys ---------------------------------------------------------------------------------

EXPRESSIONS = [
    "Năm 2026",
    "2018 - 2025",
    "Thường xuyên, 2018 - 2025",
    "Giai đoạn 2026-2030",
    "Quý I/2027",
    "Quý II/2026",
    "Tháng 9/2026",
    "Trước ngày 25/02/2026",
    "Trước ngày 30/6/2026",
    "6 tháng cuối năm 2026",
    "Đến năm 2030",
    "Hàng quý",
    "Hàng tháng",
    "6 tháng một lần",
    "Định kỳ 6 tháng",
    "Thường xuyên",
    "Hàng quý, giai đoạn 2026-2030",
    "Hàng tháng, giai đoạn 2021-2025",
    "Hàng năm, giai đoạn 2021-2025",
    "",
    "Chưa xác định",
    "Hàng năm",
    "Trước ngày 31/3 hằng năm",
    "Trước ngày 15/12 hằng năm",
    "Trước ngày 31/1 hằng năm",
    "Hàng năm, giai đoạn 2026-2030",
]
# Annual tasks lose their planning reminder in a window that ends long before the report: see
# test_annual_planning_reminder_in_a_window_ending_before_its_report below.
NOT_ANNUAL = [raw for raw in EXPRESSIONS if parse_timeframe(raw).kind is not Kind.ANNUAL]
POLICIES = [
    Policy(),
    Policy().with_settings({"days_before": [60, 14]}),
    Policy().with_settings({"overdue_every": 14}),
    Policy().with_settings({"report_due": "12-31"}),
    Policy().with_settings({"planning_day": "01-10"}),
    Policy().with_settings({"report_due": "01-10", "period_end_days_before": [10, 3]}),
    Policy().with_settings({"notify_coordinators": False}),
]
SPLITS = st.dates(min_value=date(2026, 1, 2), max_value=DEC_31)


def _split_plan(raw: str, policy: Policy, split: date) -> tuple[list[PlannedReminder], list[PlannedReminder]]:
    whole = plan(raw, policy, leads=(1, 2), coordinators=(2, 3))
    halves = plan(raw, policy, last=split - timedelta(days=1), leads=(1, 2), coordinators=(2, 3)) + plan(
        raw, policy, first=split, leads=(1, 2), coordinators=(2, 3)
    )
    return whole, halves


def test_planning_twice_gives_the_same_keys() -> None:
    for raw in EXPRESSIONS:
        first = plan(raw, leads=(1, 2), coordinators=(3,))
        again = plan(raw, leads=(1, 2), coordinators=(3,))
        assert first == again
        assert [r.key for r in first] == [r.key for r in again]
        assert len({r.key for r in first}) == len(first), raw


def test_key_identifies_a_reminder() -> None:
    [reminder, *_] = plan("Hàng quý")
    assert reminder.key == (7, 1, "2026-Q1", "period_end", 7)


def test_january_to_june_and_july_to_december_make_the_whole_year() -> None:
    for raw in NOT_ANNUAL:
        whole, halves = _split_plan(raw, Policy(), date(2026, 7, 1))
        assert sorted(halves) == whole, raw


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NOT_ANNUAL), st.sampled_from(POLICIES), SPLITS)
def test_adjacent_windows_make_the_whole_window(raw: str, policy: Policy, split: date) -> None:
    whole, halves = _split_plan(raw, policy, split)
    assert sorted(halves) == whole
    assert len({r.key for r in halves}) == len(halves)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(EXPRESSIONS), st.sampled_from(POLICIES), SPLITS)
@example("Hàng năm", Policy(), date(2026, 7, 1))
def test_adjacent_windows_make_the_whole_window_for_annual_tasks_too(raw: str, policy: Policy, split: date) -> None:
    whole, halves = _split_plan(raw, policy, split)
    assert sorted(halves) == whole


@pytest.mark.parametrize("last", [date(2026, 1, 31), date(2026, 6, 30)])
def test_annual_planning_reminder_in_a_window_ending_before_its_report(last: date) -> None:
    # Whatever the window's end, the planning reminder of 8/1/2026 is in it.
    assert summary(plan("Hàng năm", last=last)) == [(date(2026, 1, 8), 1, "2026", "planning", 0)]


WINDOW_STARTS = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(EXPRESSIONS), st.sampled_from(POLICIES), WINDOW_STARTS, st.integers(0, 800))
def test_reminders_go_out_on_working_days_inside_the_window(raw: str, policy: Policy, first: date, length: int) -> None:
    last = first + timedelta(days=length)
    reminders = plan(raw, policy, first, last, leads=(1, 2), coordinators=(3,))
    assert reminders == sorted(reminders)
    for r in reminders:
        assert first <= r.fire_on <= last
        assert CALENDAR.is_working_day(r.fire_on)
        if r.kind in (BEFORE, REPORT, PERIOD_END):
            # On or before the day it stands for, and no later than the last working day before it.
            assert r.fire_on == CALENDAR.on_or_before(r.due - timedelta(days=r.offset))
            assert r.fire_on <= r.due
        elif r.kind is HEADS_UP:
            assert r.fire_on <= r.due
        elif r.kind is OVERDUE:
            assert r.offset < 0
            assert r.fire_on == CALENDAR.on_or_after(r.due - timedelta(days=r.offset))
            assert r.fire_on > r.due
        else:
            assert r.kind is PLANNING
            assert r.fire_on == CALENDAR.on_or_after(policy.planning_day.in_year(r.due.year))


# -- work in proportion to the reminders -------------------------------------------------------------


class CountingCalendar(OfficeCalendar):
    """Counts the days the planner looks at, so the work is computed rather than timed."""

    def __init__(self) -> None:
        super().__init__()
        self.lookups = 0

    def is_working_day(self, day: date) -> bool:
        self.lookups += 1
        return super().is_working_day(day)


def _overdue_repeats(deadline: date, every: int, first: date, last: date) -> list[int]:
    """How many days after the deadline each overdue reminder of the window stands for."""
    return [
        -every * k
        for k in range(1, (last - deadline).days // every + 2)
        if first <= CALENDAR.on_or_after(deadline + timedelta(days=every * k)) <= last
    ]


@pytest.mark.parametrize("every", [30, 60])
def test_ten_years_overdue_costs_in_proportion_to_the_repeats(every: int) -> None:
    counting = CountingCalendar()
    first, last = date(2016, 1, 1), date(2025, 12, 31)
    reminders = Planner(counting).plan(task("Năm 2015"), Policy(overdue_every=every), first, last)
    repeats = _overdue_repeats(date(2015, 12, 31), every, first, last)
    assert len(repeats) == {30: 121, 60: 60}[every]
    assert [r.offset for r in reminders] == repeats
    assert {r.kind for r in reminders} == {OVERDUE}
    # Each computed day costs one lookup plus one per day off it skips (never 10 in a row);
    # the 3 before-deadline days and one repeat on each side of the window are computed too.
    assert counting.lookups <= 10 * (len(repeats) + 3 + 2)
    assert counting.lookups < (last - first).days / 10


def test_a_window_long_after_the_deadline_costs_as_much_as_any_other_year() -> None:
    near, far = CountingCalendar(), CountingCalendar()
    near_reminders = Planner(near).plan(task("Năm 2015"), Policy(), date(2016, 1, 1), date(2016, 12, 31))
    far_reminders = Planner(far).plan(task("Năm 2015"), Policy(), date(2045, 1, 1), date(2045, 12, 31))
    assert len(near_reminders) == len(_overdue_repeats(date(2015, 12, 31), 30, date(2016, 1, 1), date(2016, 12, 31)))
    assert len(far_reminders) == len(_overdue_repeats(date(2015, 12, 31), 30, date(2045, 1, 1), date(2045, 12, 31)))
    assert len(near_reminders) in (12, 13) and len(far_reminders) in (12, 13)
    # 30 years of repeats before 2045 are not computed: the work is that of one year's repeats.
    assert far.lookups <= 10 * (len(far_reminders) + 3 + 2)
    assert far.lookups <= 3 * near.lookups


# -- cells read by the newer rules of the grammar: reminded as the forms they mean --------------


@pytest.mark.parametrize(
    ("raw", "same_as"),
    [
        ("Báo cáo quý, 6 tháng, năm", "Hàng quý"),
        ("Cuối quý hằng năm", "Hàng quý"),
        ("Sơ kết 6 tháng, tổng kết năm", "Định kỳ 6 tháng"),
        ("Tháng 6, tháng 12 hàng năm", "Định kỳ 6 tháng"),
        ("Lâu dài", "Thường xuyên"),
        ("Hằng ngày", "Thường xuyên"),
        ("Thực hiện trong giai đoạn", "Thường xuyên"),
        ("- Hàng năm", "Hàng năm"),
        ("Hằng năm - trước ngày 15/12", "Hàng năm"),
        ("Năm 2026 (dự kiến)", "Năm 2026"),
        ("Quý II/2026 (trình UBND tỉnh)", "Quý II/2026"),
        ("Quý I, II/2026", "6 tháng đầu năm 2026"),
        ("Quý 3, 4/2026", "6 tháng cuối năm 2026"),
        ("Từ nay đến năm 2026", "Đến năm 2026"),
        ("2021-2026, tầm nhìn 2045", "2021 - 2026"),
        ("30/6/26", "Trước ngày 30/6/2026"),
        ("Trước ngày 10/7 và 10/01 năm sau", "Định kỳ 6 tháng, trước ngày 10 tháng sau"),
        ("Trước ngày 15/01 năm sau", "Trước ngày 15/01 hằng năm"),
        ("Từ ngày 20 đến ngày 25 hằng tháng", "Hằng tháng, trước ngày 25"),
        ("Báo cáo kết quả về Sở Nội vụ trước ngày 30/11 hằng năm", "Trước ngày 30/11 hằng năm"),
        ("Tháng 9/2026 (khai giảng)", "Trước ngày 05/9/2026"),
    ],
)
def test_newer_readings_are_reminded_as_the_forms_they_mean(raw: str, same_as: str) -> None:
    reminders = plan(raw, leads=(1, 2), coordinators=(3,))
    assert reminders
    assert summary(reminders) == summary(plan(same_as, leads=(1, 2), coordinators=(3,)))


def test_a_day_inside_the_month_of_an_annual_task_is_its_report_date() -> None:
    reminders = plan("Tháng 12 hằng năm, trước ngày 10")
    assert summary(reminders) == [
        (date(2026, 1, 8), 1, "2026", "planning", 0),
        (date(2026, 11, 10), 1, "2026", "report", 30),
        (date(2026, 12, 3), 1, "2026", "report", 7),
    ]
    assert {r.due for r in reminders} == {date(2026, 12, 10)}


@pytest.mark.parametrize("raw", ["Tầm nhìn đến năm 2045", "Quý I, III/2026", "Hàng tuần", "Sơ kết 6 tháng"])
def test_what_the_newer_rules_leave_unread_gets_no_reminders(raw: str) -> None:
    assert parse_timeframe(raw).kind is Kind.UNPARSED
    assert plan(raw, leads=(1, 2), coordinators=(3,)) == []
