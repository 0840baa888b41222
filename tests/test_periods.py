"""The periods of a task and their due dates (domain/periods.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.periods import DEFAULT_ANNUAL_DUE, WHOLE, Period, occurs_in_year, period_at, periods_between
from domain.timeframes import Kind, MonthDay, parse_timeframe


def keys_and_dues(
    raw: str, first: date, last: date, annual_due: MonthDay = DEFAULT_ANNUAL_DUE
) -> list[tuple[str, date]]:
    periods = periods_between(parse_timeframe(raw), first, last, annual_due)
    return [(period.key, period.due) for period in periods]


def test_default_annual_due_is_mid_december() -> None:
    assert MonthDay(12, 15) == DEFAULT_ANNUAL_DUE
    assert WHOLE == "all"


# -- recurring -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["Hàng năm", "Hằng năm", "hang nam", "Định kỳ hằng năm", "annually"])
def test_annual_task_has_one_period_a_year_due_mid_december(raw: str) -> None:
    assert parse_timeframe(raw).kind is Kind.ANNUAL
    assert keys_and_dues(raw, date(2025, 1, 1), date(2027, 12, 31)) == [
        ("2025", date(2025, 12, 15)),
        ("2026", date(2026, 12, 15)),
        ("2027", date(2027, 12, 15)),
    ]


def test_annual_period_covers_the_whole_year() -> None:
    [period] = periods_between(parse_timeframe("Hàng năm"), date(2026, 1, 1), date(2026, 12, 31))
    assert period == Period(date(2026, 12, 15), "2026", date(2026, 1, 1), date(2026, 12, 31))


def test_annual_due_can_be_configured() -> None:
    assert keys_and_dues("Hàng năm", date(2026, 1, 1), date(2027, 12, 31), MonthDay(11, 30)) == [
        ("2026", date(2026, 11, 30)),
        ("2027", date(2027, 11, 30)),
    ]


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("Trước ngày 31/3 hằng năm", date(2026, 3, 31)),
        ("Trước ngày 31/3 hàng năm", date(2026, 3, 31)),
        ("truoc ngay 15/12 hang nam", date(2026, 12, 15)),
        ("Trước ngày 30/6 hằng năm", date(2026, 6, 30)),
    ],
)
def test_annual_task_with_its_own_due_day(raw: str, due: date) -> None:
    assert keys_and_dues(raw, date(2026, 1, 1), date(2026, 12, 31)) == [("2026", due)]
    # the task's own day wins over the configured one
    assert keys_and_dues(raw, date(2026, 1, 1), date(2026, 12, 31), MonthDay(1, 10)) == [("2026", due)]


def test_annual_due_on_29_february_moves_to_28_in_common_years() -> None:
    assert keys_and_dues("Trước ngày 29/2 hằng năm", date(2027, 1, 1), date(2028, 12, 31)) == [
        ("2027", date(2027, 2, 28)),
        ("2028", date(2028, 2, 29)),
    ]


def test_quarterly_task_is_due_on_quarter_ends() -> None:
    periods = periods_between(parse_timeframe("Hàng quý"), date(2026, 1, 1), date(2026, 12, 31))
    assert [(p.key, p.start, p.end, p.due) for p in periods] == [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 31)),
    ]


def test_monthly_task_is_due_on_month_ends() -> None:
    dues = keys_and_dues("Hàng tháng", date(2026, 1, 1), date(2026, 12, 31))
    assert [key for key, _ in dues] == [f"2026-{month:02d}" for month in range(1, 13)]
    assert dues[0] == ("2026-01", date(2026, 1, 31))
    assert dues[1] == ("2026-02", date(2026, 2, 28))
    assert dues[3] == ("2026-04", date(2026, 4, 30))
    assert dues[11] == ("2026-12", date(2026, 12, 31))
    assert keys_and_dues("Hàng tháng", date(2028, 2, 1), date(2028, 3, 1)) == [("2028-02", date(2028, 2, 29))]


@pytest.mark.parametrize("raw", ["6 tháng/lần", "Định kỳ 6 tháng", "6 tháng một lần"])
def test_semiannual_task_has_two_halves(raw: str) -> None:
    periods = periods_between(parse_timeframe(raw), date(2026, 1, 1), date(2026, 12, 31))
    assert [(p.key, p.start, p.due) for p in periods] == [
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
    ]


# -- a due day within each period ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("Quý II hằng năm", date(2026, 6, 30)),
        ("Quý I hàng năm", date(2026, 3, 31)),
        ("Tháng 6 hàng năm", date(2026, 6, 30)),
        ("Tháng 12 hằng năm", date(2026, 12, 31)),
        ("6 tháng đầu năm hằng năm", date(2026, 6, 30)),
        ("Giữa năm hằng năm", date(2026, 6, 30)),
        ("Cuối năm", date(2026, 12, 31)),
        ("Cuối mỗi năm", date(2026, 12, 31)),
        ("Đầu năm", date(2026, 3, 31)),
        ("Đầu mỗi năm", date(2026, 3, 31)),
        ("Hàng năm (trước 15/12)", date(2026, 12, 15)),
    ],
)
def test_a_part_of_every_year_is_due_at_its_end(raw: str, due: date) -> None:
    assert keys_and_dues(raw, date(2026, 1, 1), date(2026, 12, 31)) == [("2026", due)]
    # its own day, not the configured report day
    assert keys_and_dues(raw, date(2026, 1, 1), date(2026, 12, 31), MonthDay(11, 30)) == [("2026", due)]


def test_quarterly_task_due_the_25th_of_each_quarters_last_month() -> None:
    for raw in ("Hằng quý, trước ngày 25 tháng cuối quý", "Hang quy (truoc ngay 25 cua thang cuoi quy)"):
        periods = periods_between(parse_timeframe(raw), date(2026, 1, 1), date(2026, 12, 31))
        assert [(p.key, p.start, p.end, p.due) for p in periods] == [
            ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 25)),
            ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), date(2026, 6, 25)),
            ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), date(2026, 9, 25)),
            ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 25)),
        ]
    # the window cuts by the due day: the 25th of June is in, the 30th would be too
    assert keys_and_dues("Hằng quý, trước ngày 25 tháng cuối quý", date(2026, 6, 26), date(2026, 9, 25)) == [
        ("2026-Q3", date(2026, 9, 25))
    ]


def test_monthly_task_due_the_5th_of_each_month() -> None:
    dues = keys_and_dues("Định kỳ hằng tháng (trước ngày 5)", date(2026, 1, 1), date(2026, 12, 31))
    assert dues == [(f"2026-{month:02d}", date(2026, month, 5)) for month in range(1, 13)]
    assert keys_and_dues("Hàng tháng, trước ngày 20", date(2026, 2, 1), date(2026, 3, 31)) == [
        ("2026-02", date(2026, 2, 20)),
        ("2026-03", date(2026, 3, 20)),
    ]


def test_a_due_day_past_a_months_end_is_its_last_day() -> None:
    assert keys_and_dues("Hằng tháng, trước ngày 30", date(2026, 1, 1), date(2026, 3, 31)) == [
        ("2026-01", date(2026, 1, 30)),
        ("2026-02", date(2026, 2, 28)),
        ("2026-03", date(2026, 3, 30)),
    ]
    assert keys_and_dues("Hằng tháng, trước ngày 30", date(2028, 2, 1), date(2028, 2, 29)) == [
        ("2028-02", date(2028, 2, 29))
    ]


def test_semiannual_task_with_its_days() -> None:
    assert keys_and_dues("6 tháng một lần (trước 15/6 và 15/12)", date(2026, 1, 1), date(2026, 12, 31)) == [
        ("2026-H1", date(2026, 6, 15)),
        ("2026-H2", date(2026, 12, 15)),
    ]
    assert keys_and_dues("Tháng 6 và tháng 12 hằng năm", date(2026, 1, 1), date(2026, 12, 31)) == [
        ("2026-H1", date(2026, 6, 30)),
        ("2026-H2", date(2026, 12, 31)),
    ]


def test_quarterly_task_due_in_the_month_after_each_quarter() -> None:
    # the report of a quarter due the 10th of the next quarter's first month: the same days
    assert [
        due
        for _, due in keys_and_dues("Hằng quý, trước ngày 10 tháng đầu quý sau", date(2026, 1, 1), date(2026, 12, 31))
    ] == [
        date(2026, 1, 10),
        date(2026, 4, 10),
        date(2026, 7, 10),
        date(2026, 10, 10),
    ]


def test_every_year_from_a_year_on() -> None:
    for raw in ("Từ năm 2026", "Từ 2026 trở đi", "2026 và các năm tiếp theo"):
        assert keys_and_dues(raw, date(2024, 1, 1), date(2028, 12, 31)) == [
            ("2026", date(2026, 12, 15)),
            ("2027", date(2027, 12, 15)),
            ("2028", date(2028, 12, 15)),
        ]
        timeframe = parse_timeframe(raw)
        assert [occurs_in_year(timeframe, year) for year in (2025, 2026, 2040)] == [False, True, True]


def test_window_cuts_periods_by_due_date() -> None:
    # Q1 is due on 31/3, before the window; Q3 on 30/9, the window's last day
    assert keys_and_dues("Hàng quý", date(2026, 4, 1), date(2026, 9, 30)) == [
        ("2026-Q2", date(2026, 6, 30)),
        ("2026-Q3", date(2026, 9, 30)),
    ]
    assert keys_and_dues("Hàng năm", date(2026, 12, 16), date(2027, 12, 14)) == []
    assert keys_and_dues("Hàng năm", date(2026, 12, 15), date(2026, 12, 15)) == [("2026", date(2026, 12, 15))]


def test_bounded_recurring_task_has_no_periods_outside_its_years() -> None:
    raw = "Hàng năm, giai đoạn 2021-2025"
    timeframe = parse_timeframe(raw)
    assert (timeframe.kind, timeframe.start, timeframe.deadline) == (Kind.ANNUAL, date(2021, 1, 1), date(2025, 12, 31))
    assert [key for key, _ in keys_and_dues(raw, date(2015, 1, 1), date(2035, 12, 31))] == [
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
    ]
    quarterly = keys_and_dues("Hàng quý, 2021-2025", date(2015, 1, 1), date(2035, 12, 31))
    assert (quarterly[0], quarterly[-1], len(quarterly)) == (
        ("2021-Q1", date(2021, 3, 31)),
        ("2025-Q4", date(2025, 12, 31)),
        20,
    )
    assert [occurs_in_year(timeframe, year) for year in (2020, 2021, 2025, 2026)] == [False, True, True, False]


# -- time-bound, ongoing, blank ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "start", "deadline"),
    [
        ("Năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("Trước ngày 30/6/2026", None, date(2026, 6, 30)),
        ("Quý I/2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("2018 - 2026", date(2018, 1, 1), date(2026, 12, 31)),
        ("Thường xuyên, 2018 - 2026", date(2018, 1, 1), date(2026, 12, 31)),
    ],
)
def test_time_bound_task_has_one_whole_period_due_on_its_deadline(raw: str, start: date | None, deadline: date) -> None:
    timeframe = parse_timeframe(raw)
    whole = Period(deadline, WHOLE, start, deadline)
    assert periods_between(timeframe, date(2010, 1, 1), date(2030, 12, 31)) == [whole]
    assert periods_between(timeframe, deadline, deadline) == [whole]
    assert periods_between(timeframe, deadline + timedelta(days=1), date(2030, 12, 31)) == []
    assert periods_between(timeframe, date(2010, 1, 1), deadline - timedelta(days=1)) == []
    assert period_at(timeframe, date(2026, 2, 1)) == whole
    assert period_at(timeframe, date(2031, 2, 1)) == whole  # after the deadline too
    assert occurs_in_year(timeframe, 2026)
    assert not occurs_in_year(timeframe, 2025)  # only the year of the deadline counts
    assert not occurs_in_year(timeframe, 2027)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Thường xuyên", Kind.ONGOING),
        ("", Kind.BLANK),
        ("Trung ương hướng dẫn", Kind.UNPARSED),
        ("khi có yêu cầu", Kind.CONDITIONAL),
        ("Sau khi Trung ương hướng dẫn", Kind.CONDITIONAL),
    ],
)
def test_ongoing_conditional_blank_and_unparsed_tasks_have_no_periods(raw: str, kind: Kind) -> None:
    timeframe = parse_timeframe(raw)
    assert timeframe.kind is kind
    assert periods_between(timeframe, date(2000, 1, 1), date(2100, 12, 31)) == []
    assert period_at(timeframe, date(2026, 5, 5)) == Period(None, WHOLE, None, None)
    assert not occurs_in_year(timeframe, 2026)


@pytest.mark.parametrize(
    ("raw", "day", "key"),
    [
        ("Hàng năm", date(2026, 1, 1), "2026"),
        ("Trước ngày 31/3 hằng năm", date(2026, 11, 30), "2026"),  # the period, not the due date, holds the day
        ("Hàng quý", date(2026, 3, 31), "2026-Q1"),
        ("Hàng quý", date(2026, 4, 1), "2026-Q2"),
        ("Hàng quý", date(2026, 12, 31), "2026-Q4"),
        ("Hàng tháng", date(2028, 2, 29), "2028-02"),
        ("6 tháng/lần", date(2026, 6, 30), "2026-H1"),
        ("6 tháng/lần", date(2026, 7, 1), "2026-H2"),
        ("Hằng quý, trước ngày 25 tháng cuối quý", date(2026, 6, 28), "2026-Q2"),  # after its due day, same quarter
        ("Định kỳ hằng tháng (trước ngày 5)", date(2026, 2, 20), "2026-02"),
    ],
)
def test_period_at(raw: str, day: date, key: str) -> None:
    assert period_at(parse_timeframe(raw), day).key == key


# -- properties ----------------------------------------------------------------------------

RECURRING = [
    "Hàng năm",
    "Trước ngày 31/3 hằng năm",
    "Trước ngày 29/2 hằng năm",
    "Hàng quý",
    "Hàng tháng",
    "6 tháng/lần",
    "Hàng năm, giai đoạn 2021-2025",
    "Hàng quý, 2024 - 2027",
    "Hàng tháng, đến năm 2026",
    "Quý II hằng năm",
    "Cuối năm",
    "Hằng quý, trước ngày 25 tháng cuối quý",
    "Định kỳ hằng tháng (trước ngày 5)",
    "Hằng tháng, trước ngày 31",
    "6 tháng một lần (trước 15/6 và 15/12)",
    "Đầu mỗi quý",
    "Từ năm 2026",
    "Quý IV/2025 và các năm tiếp theo",
]
TIMEFRAMES = [
    *RECURRING,
    "Năm 2026",
    "Trước ngày 30/6/2026",
    "2018 - 2025",
    "Quý IV/2025",
    "6 tháng cuối năm 2027",
    "Thường xuyên",
    "Sau khi Trung ương hướng dẫn",
    "",
]
DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@given(st.sampled_from(TIMEFRAMES), DAYS, DAYS, st.sampled_from([DEFAULT_ANNUAL_DUE, MonthDay(2, 29), MonthDay(1, 1)]))
def test_periods_fall_in_the_window_in_order(raw: str, one: date, other: date, annual_due: MonthDay) -> None:
    first, last = min(one, other), max(one, other)
    timeframe = parse_timeframe(raw)
    periods = periods_between(timeframe, first, last, annual_due)

    for period in periods:
        assert period.due is not None
        assert first <= period.due <= last
        if timeframe.is_recurring:
            assert period.start is not None and period.end is not None
            assert period.start <= period.due <= period.end
            assert period == period_at(timeframe, period.due, annual_due)
            assert timeframe.start is None or period.end >= timeframe.start
            assert timeframe.deadline is None or period.start <= timeframe.deadline
    assert [p.due for p in periods] == sorted(p.due for p in periods if p.due)
    assert len({p.key for p in periods}) == len(periods)
    # a window split in two finds the same periods
    middle = first + (last - first) // 2
    halves = periods_between(timeframe, first, middle, annual_due)
    halves += periods_between(timeframe, middle + timedelta(days=1), last, annual_due)
    assert halves == periods


@given(st.sampled_from(RECURRING), DAYS)
def test_period_at_contains_the_day(raw: str, day: date) -> None:
    timeframe = parse_timeframe(raw)
    period = period_at(timeframe, day)
    assert period.start is not None and period.end is not None
    assert period.start <= day <= period.end
    assert period.key.startswith(str(day.year))
    # the period the day belongs to is the one listed with its due date
    if timeframe.start is None and timeframe.deadline is None:
        assert period in periods_between(timeframe, period.start, period.end)


@given(st.sampled_from(TIMEFRAMES), st.integers(min_value=2015, max_value=2035))
def test_occurs_in_year_agrees_with_periods(raw: str, year: int) -> None:
    timeframe = parse_timeframe(raw)
    in_year = periods_between(timeframe, date(year, 1, 1), date(year, 12, 31))
    assert occurs_in_year(timeframe, year) == bool(in_year)
