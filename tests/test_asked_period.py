"""The days a named month or quarter stands for, asked on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from domain.asked import AskedPeriod, Unit


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
