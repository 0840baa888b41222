"""The office calendar: working days in Vietnam.

Public holidays (Tết, Hùng Kings' day, 30/4, 1/5, 2/9 and the days given in exchange) come
from the `holidays` library, which follows the government's yearly decisions, including
Saturdays that become working days; nothing here is a hand-written list.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import lru_cache

import holidays


class OfficeCalendar:
    def __init__(self, country: str = "VN"):
        self._country = country
        self._days: dict[date, bool] = {}

    @lru_cache(maxsize=64)  # noqa: B019 (one calendar per process, years are few)
    def _year(self, year: int) -> holidays.HolidayBase:
        return holidays.country_holidays(self._country, years=year)

    def is_working_day(self, day: date) -> bool:
        # Asked a million times when a year of 100,000 tasks is planned: kept per day.
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._year(day.year).is_working_day(day)
        return known

    def holiday(self, day: date) -> str | None:
        return self._year(day.year).get(day)

    def on_or_before(self, day: date) -> date:
        """The working day itself, or the last one before it (for reminders of a deadline)."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        """The working day itself, or the first one after it (for everything else)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def fingerprint(self, years: range) -> str:
        """What the calendar is in these years, short: the days off that are not weekends
        and the weekend days worked. Reminders planned from it are planned again when it
        changes (a new year in the window, another holidays release)."""
        exceptions = []
        for year in years:
            day = date(year, 1, 1)
            while day.year == year:
                if self.is_working_day(day) != (day.weekday() < 5):
                    exceptions.append(day.toordinal())
                day += timedelta(days=1)
        text = f"{self._country}:{years.start}-{years.stop}:{exceptions}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def working_days_before(self, day: date, count: int) -> date:
        """The ``count``-th working day before ``day`` (``day`` itself for 0): where a window
        of ``count`` working days back from ``day`` starts. Weekends and holidays inside it
        do not count, so a window reaching back over Tết is as long in working days."""
        while count > 0:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day
