"""The days a named month or quarter stands for, asked on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from domain.asked import AskedPeriod, Unit, between, until_date


@pytest.mark.parametrize(
    ("unit", "index", "today", "window"),
    [
        (Unit.MONTH, 6, date(2026, 3, 10), (date(2026, 6, 1), date(2026, 6, 30))),
        (Unit.MONTH, 6, date(2026, 6, 30), (date(2026, 6, 1), date(2026, 6, 30))),  # still June
        (Unit.MONTH, 6, date(2026, 12, 6), (date(2027, 6, 1), date(2027, 6, 30))),  # June has gone: next June
        (Unit.QUARTER, 3, date(2026, 8, 1), (date(2026, 7, 1), date(2026, 9, 30))),
        (Unit.QUARTER, 1, date(2026, 11, 24), (date(2027, 1, 1), date(2027, 3, 31))),
        (Unit.MONTH, 2, date(2027, 3, 1), (date(2028, 2, 1), date(2028, 2, 29))),
    ],
)
def test_a_named_month_or_quarter_is_the_next_one_to_end(unit, index, today, window):
    assert AskedPeriod(unit, calendar=True, index=index).window(today) == window


@pytest.mark.parametrize(
    ("unit", "index", "year", "today", "window"),
    [
        (Unit.MONTH, 6, 2027, date(2026, 3, 10), (date(2027, 6, 1), date(2027, 6, 30))),  # not this June
        (Unit.MONTH, 6, 2026, date(2026, 12, 6), (date(2026, 6, 1), date(2026, 6, 30))),  # the June said, gone
        (Unit.QUARTER, 4, 2026, date(2026, 2, 1), (date(2026, 10, 1), date(2026, 12, 31))),
    ],
)
def test_a_month_or_quarter_said_with_its_year_is_that_one(unit, index, year, today, window):
    assert AskedPeriod(unit, calendar=True, index=index, year=year).window(today) == window


@pytest.mark.parametrize(
    "period",
    [
        AskedPeriod(Unit.MONTH, calendar=True, index=6, year=2027),
        AskedPeriod(Unit.QUARTER, calendar=True, index=3),
        AskedPeriod(Unit.MONTH, amount=3),
        AskedPeriod(Unit.QUARTER, calendar=True, offset=1),
        between((7, 1), (9, 30)),
        between((6, 30), (6, 30), 2027),
    ],
)
def test_a_period_is_read_back_from_its_label(period):
    assert AskedPeriod.from_label(period.label()) == period


def test_a_list_button_keeps_the_year_of_the_month_asked() -> None:
    from bot.core.intents import ListKind
    from bot.core.lists import ListSpec

    june = AskedPeriod(Unit.MONTH, calendar=True, index=6, year=2027)
    spec = ListSpec(ListKind.UPCOMING, period=june, count=True, unfinished=True)
    assert ListSpec.from_action(spec.action(2)) == (spec, 2)


def test_a_month_of_next_year_is_next_years_even_before_this_years_ended() -> None:
    june = AskedPeriod(Unit.MONTH, calendar=True, index=6, offset=1)  # "tháng 6 năm sau"
    assert june.window(date(2026, 3, 10)) == (date(2027, 6, 1), date(2027, 6, 30))
    assert AskedPeriod.from_label(june.label()) == june
    assert june.label() == "m#6+1"


@pytest.mark.parametrize(
    ("month", "day", "year", "today", "window"),
    [
        (6, 30, 0, date(2026, 3, 10), (date(2026, 3, 10), date(2026, 6, 30))),  # "trước 30/6"
        (6, 30, 0, date(2026, 6, 30), (date(2026, 6, 30), date(2026, 6, 30))),  # today is the day
        (6, 30, 0, date(2026, 7, 1), (date(2026, 7, 1), date(2027, 6, 30))),  # gone: next year's
        (7, 15, 2026, date(2026, 3, 10), (date(2026, 3, 10), date(2026, 7, 15))),  # "15/7/2026"
        (7, 15, 2027, date(2026, 11, 24), (date(2026, 11, 24), date(2027, 7, 15))),
        (7, 15, 2025, date(2026, 3, 10), (date(2026, 3, 10), date(2026, 3, 10))),  # a day gone: never before today
        (2, 29, 0, date(2026, 3, 1), (date(2026, 3, 1), date(2027, 2, 28))),  # no 29/2 in 2027
    ],
)
def test_a_date_to_be_due_by_runs_from_today_to_the_next_such_date(month, day, year, today, window):
    assert until_date(month, day, year).window(today) == window


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (until_date(6, 30), "u0630"),
        (until_date(7, 15, 2026), "u0715/2026"),
        (until_date(12, 31), "y0"),  # "trước 31/12": the year's end
        (AskedPeriod(Unit.MONTH, calendar=True, index=6, this_year=True), "m#6+0"),
    ],
)
def test_a_date_or_a_month_of_this_year_has_a_label_read_back(period, label):
    assert period.label() == label
    assert AskedPeriod.from_label(label) == period


def test_a_month_said_with_this_year_is_this_years_even_once_it_has_ended() -> None:
    june = AskedPeriod(Unit.MONTH, calendar=True, index=6, this_year=True)  # "tháng 6 năm nay"
    assert june.window(date(2026, 12, 6)) == (date(2026, 6, 1), date(2026, 6, 30))
    assert june.window(date(2026, 3, 10)) == (date(2026, 6, 1), date(2026, 6, 30))


def test_a_list_button_keeps_the_date_asked() -> None:
    from bot.core.intents import ListKind
    from bot.core.lists import ListSpec

    spec = ListSpec(ListKind.UPCOMING, period=until_date(7, 15, 2026), count=True)
    assert ListSpec.from_action(spec.action(2)) == (spec, 2)


@pytest.mark.parametrize(
    ("since", "until", "year", "today", "window"),
    [
        ((7, 1), (9, 30), 0, date(2026, 11, 24), (date(2027, 7, 1), date(2027, 9, 30))),  # gone this year: next
        ((7, 1), (9, 30), 0, date(2026, 3, 1), (date(2026, 7, 1), date(2026, 9, 30))),
        ((11, 1), (1, 31), 0, date(2026, 11, 24), (date(2026, 11, 1), date(2027, 1, 31))),  # over the new year
        ((7, 1), (9, 30), 2026, date(2026, 11, 24), (date(2026, 7, 1), date(2026, 9, 30))),  # the year said
        ((6, 30), (6, 30), 0, date(2026, 11, 24), (date(2027, 6, 30), date(2027, 6, 30))),  # one day
    ],
)
def test_a_span_between_two_dates_is_those_days(since, until, year, today, window):
    assert between(since, until, year).window(today) == window


def test_a_date_or_span_of_next_year_is_next_years_even_before_this_years_ended() -> None:
    by_june = AskedPeriod(Unit.DAY, until=630, offset=1)  # "trước 30/6 năm sau"
    assert by_june.window(date(2026, 3, 10)) == (date(2026, 3, 10), date(2027, 6, 30))
    assert by_june.label() == "u0630+1"
    first_half = AskedPeriod(Unit.DAY, since=101, until=630, offset=1)  # "6 tháng đầu năm sau"
    assert first_half.window(date(2026, 3, 10)) == (date(2027, 1, 1), date(2027, 6, 30))
    assert first_half.label() == "r0101-0630+1"
    for period in (by_june, first_half):
        assert AskedPeriod.from_label(period.label()) == period


def test_a_list_button_keeps_next_years_date() -> None:
    from bot.core.intents import ListKind
    from bot.core.lists import ListSpec

    spec = ListSpec(ListKind.UPCOMING, period=AskedPeriod(Unit.DAY, until=630, offset=1))
    assert ListSpec.from_action(spec.action(2)) == (spec, 2)
