"""The office calendar: Vietnamese working days (domain/calendar.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar import OfficeCalendar

CALENDAR = OfficeCalendar()

# -- is_working_day --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 2, 16),  # Tết: Lunar New Year's Eve (Monday)
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),  # fourth day of Tết (Friday)
        date(2026, 2, 21),  # Saturday after Tết
        date(2026, 2, 22),  # Sunday after Tết
        date(2026, 4, 26),  # Hùng Kings' day, a Sunday
        date(2026, 4, 27),  # ... observed on Monday
        date(2026, 4, 30),  # Reunification Day (Thursday)
        date(2026, 5, 1),  # Labour Day (Friday)
        date(2026, 8, 31),  # day off given in exchange for Saturday 22/8
        date(2026, 9, 1),
        date(2026, 9, 2),  # National Day
        date(2026, 3, 7),  # an ordinary Saturday
        date(2026, 3, 8),  # an ordinary Sunday
    ],
)
def test_days_off(day: date) -> None:
    assert CALENDAR.is_working_day(day) is False


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 2),  # Friday after New Year's Day
        date(2026, 2, 13),  # Friday before Tết
        date(2026, 2, 23),  # Monday: back to work after Tết
        date(2026, 4, 28),  # Tuesday after Hùng Kings' day (observed)
        date(2026, 4, 29),  # Wednesday between Hùng Kings' day and 30/4
        date(2026, 5, 4),  # Monday after 30/4, 1/5 and the weekend
        date(2026, 8, 22),  # a Saturday that is a working day in exchange for 31/8
        date(2026, 9, 3),  # Thursday after National Day
        date(2026, 12, 31),  # an ordinary Thursday
    ],
)
def test_working_days(day: date) -> None:
    assert CALENDAR.is_working_day(day) is True


def test_working_saturday_is_the_only_weekend_working_day_of_2026() -> None:
    weekend_working_days = [
        day
        for n in range(365)
        if (day := date(2026, 1, 1) + timedelta(days=n)).weekday() >= 5 and CALENDAR.is_working_day(day)
    ]
    assert weekend_working_days == [date(2026, 8, 22)]


# -- holiday() -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 2, 16), "Lunar New Year's Eve"),
        (date(2026, 2, 17), "Lunar New Year"),
        (date(2026, 2, 20), "Fourth Day of Lunar New Year"),
        (date(2026, 4, 26), "Hung Kings' Commemoration Day"),
        (date(2026, 4, 27), "Hung Kings' Commemoration Day (observed)"),
        (date(2026, 4, 30), "Liberation Day/Reunification Day"),
        (date(2026, 5, 1), "International Labor Day"),
        (date(2026, 9, 2), "National Day"),
        (date(2026, 8, 31), "Day off (substituted from 08/22/2026)"),
    ],
)
def test_holiday_names_the_holiday(day: date, name: str) -> None:
    assert CALENDAR.holiday(day) == name


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 2, 21),  # a weekend day is off, but not a holiday
        date(2026, 2, 23),
        date(2026, 8, 22),  # the working Saturday
        date(2026, 6, 15),
    ],
)
def test_holiday_is_none_on_other_days(day: date) -> None:
    assert CALENDAR.holiday(day) is None


# -- on_or_before / on_or_after --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 23), date(2026, 2, 23)),  # a working day is itself
        (date(2026, 2, 18), date(2026, 2, 13)),  # inside Tết: back to the Friday before it
        (date(2026, 2, 22), date(2026, 2, 13)),  # weekend right after Tết
        (date(2026, 4, 27), date(2026, 4, 24)),  # Hùng Kings' day observed, weekend before
        (date(2026, 5, 3), date(2026, 4, 29)),  # 30/4, 1/5 and the weekend
        (date(2026, 9, 2), date(2026, 8, 28)),  # 2/9, 1/9, exchanged 31/8, weekend
        (date(2026, 8, 23), date(2026, 8, 22)),  # Sunday: the working Saturday before it
        (date(2027, 1, 1), date(2026, 12, 31)),  # across the new year
    ],
)
def test_on_or_before(day: date, expected: date) -> None:
    assert CALENDAR.on_or_before(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 13), date(2026, 2, 13)),  # a working day is itself
        (date(2026, 2, 14), date(2026, 2, 23)),  # weekend before Tết: after the whole of Tết
        (date(2026, 2, 18), date(2026, 2, 23)),
        (date(2026, 4, 25), date(2026, 4, 28)),  # Saturday, Hùng Kings' day, observed Monday
        (date(2026, 4, 30), date(2026, 5, 4)),  # 30/4, 1/5 and the weekend
        (date(2026, 8, 22), date(2026, 8, 22)),  # the working Saturday is itself
        (date(2026, 8, 29), date(2026, 9, 3)),  # weekend, exchanged 31/8, 1/9, 2/9
        (date(2025, 12, 31), date(2025, 12, 31)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day 2027 (Friday) and the weekend
    ],
)
def test_on_or_after(day: date, expected: date) -> None:
    assert CALENDAR.on_or_after(day) == expected


# -- properties ------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


def _days_between(low: date, high: date) -> list[date]:
    """Days strictly between low and high."""
    return [low + timedelta(days=n) for n in range(1, (high - low).days)]


@settings(max_examples=300)
@given(DAYS)
def test_on_or_before_is_the_last_working_day_not_after(day: date) -> None:
    found = CALENDAR.on_or_before(day)
    assert found <= day
    assert CALENDAR.is_working_day(found)
    assert not any(CALENDAR.is_working_day(between) for between in _days_between(found, day))
    if found == day:
        assert CALENDAR.is_working_day(day)


@settings(max_examples=300)
@given(DAYS)
def test_on_or_after_is_the_first_working_day_not_before(day: date) -> None:
    found = CALENDAR.on_or_after(day)
    assert found >= day
    assert CALENDAR.is_working_day(found)
    assert not any(CALENDAR.is_working_day(between) for between in _days_between(day, found))
    if found == day:
        assert CALENDAR.is_working_day(day)


@settings(max_examples=300)
@given(DAYS)
def test_a_day_is_its_own_working_day_exactly_when_it_is_one(day: date) -> None:
    working = CALENDAR.is_working_day(day)
    assert (CALENDAR.on_or_before(day) == day) is working
    assert (CALENDAR.on_or_after(day) == day) is working
    if CALENDAR.holiday(day) is not None and day.weekday() < 5:
        # A holiday falling on a weekday is never worked.
        assert not working


def test_working_days_before_skip_weekends_and_tet():
    calendar = OfficeCalendar()
    assert calendar.working_days_before(date(2026, 11, 30), 0) == date(2026, 11, 30)
    assert calendar.working_days_before(date(2026, 11, 30), 3) == date(2026, 11, 25)  # Mon: Fri, Thu, Wed
    assert calendar.working_days_before(date(2026, 11, 28), 3) == date(2026, 11, 25)  # from a Saturday, the same
    # Tết 2027 (Thursday 4/2 to Wednesday 10/2): from Thursday 11/2 back to Monday 1/2.
    assert calendar.working_days_before(date(2027, 2, 11), 3) == date(2027, 2, 1)
