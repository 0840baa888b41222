"""The time a question asks about ("3 tháng tới", "quý này", "trước cuối năm"), as a value
read from the words and turned into dates only once the day is known. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Unit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class AskedPeriod:
    """``amount`` units from today (``calendar`` False: "3 tháng tới", "next 10 days"), or
    the calendar unit ``offset`` units from the current one (``calendar`` True: "quý này" is
    offset 0, "quý sau" offset 1); ``until_year_end``: from today to 31/12; ``until``: from
    today to a date ("trước 30/6", "due by 15 July 2026")."""

    unit: Unit
    amount: int = 1
    calendar: bool = False
    offset: int = 0  # with ``index``, ``until``: years from this one ("tháng 6 năm sau": index 6, offset 1)
    index: int = 0  # a named quarter or month, this year's or next if ended: "quý 3" -> QUARTER, index 3
    year: int = 0  # the year said with a named quarter, month or date ("June 2027", "quý 3/2026"), else 0
    this_year: bool = False  # "tháng 6 năm nay": this year's, even once it has ended
    until: int = 0  # the date to be due by, month * 100 + day ("trước 30/6": 630); with ``year`` when said
    since: int = 0  # with ``until``: the first day, "từ 1/7 đến 30/9" (701 to 930); equal for one day ("due on 30/6")

    def label(self) -> str:
        """A short stable form, used in tests and button actions: "m3", "q+0", "q#3", "m#6/2027",
        "m#6+1" (next year's June), "m#6+0" (this year's, said), "u0630", "u0715/2026", "u0630+1"
        (next year's 30/6), "r0701-0930", "r0101-0630+1"."""
        said = f"/{self.year}" if self.year else f"+{self.offset}" if self.offset else ""
        if self.since:
            return f"r{self.since:04d}-{self.until:04d}" + said
        if self.until:
            return f"u{self.until:04d}" + said
        if self.index:
            said = f"/{self.year}" if self.year else f"+{self.offset}" if self.offset or self.this_year else ""
            return f"{self.unit.value[0]}#{self.index}{said}"
        if self.calendar:
            return f"{self.unit.value[0]}+{self.offset}"
        return f"{self.unit.value[0]}{self.amount}"

    @classmethod
    def from_label(cls, label: str) -> AskedPeriod:
        if label[0] in "ru":
            span, _, year = label[1:].partition("/")
            span, _, offset = span.partition("+")
            since, _, until = span.rpartition("-")
            if label[0] == "u" and not offset:
                return until_date(int(until) // 100, int(until) % 100, int(year or 0))
            return cls(Unit.DAY, until=int(until), since=int(since or 0), year=int(year or 0), offset=int(offset or 0))
        unit = next(u for u in Unit if u.value[0] == label[0])
        if label[1] == "#":
            index, _, year = label[2:].partition("/")
            index, _, offset = index.partition("+")
            said = {"year": int(year or 0), "offset": int(offset or 0), "this_year": offset == "0"}
            return cls(unit, calendar=True, index=int(index), **said)
        if label[1] == "+":
            return cls(unit, calendar=True, offset=int(label[2:]))
        return cls(unit, amount=int(label[1:]))

    def window(self, today: date) -> tuple[date, date]:
        """The first and last day asked about; never ends before today, unless a year was
        said with the month or quarter: "June 2025", "tháng 6 năm nay" is that June, whenever
        it is asked. A date to be due by ("trước 30/6") is the next such date from today, or
        the one of the year said; one of a year gone ends today: nothing is due from today to
        a day gone."""
        if self.since:
            return self._between(today)
        if self.until:
            return today, self._until(today)
        if self.unit is Unit.YEAR and not self.calendar and self.amount == 0:  # "trước cuối năm"
            return today, date(today.year, 12, 31)
        if not self.calendar:
            return today, _add(today, self.unit, self.amount)
        if self.unit is Unit.DAY:
            day = today + timedelta(days=self.offset)
            return day, day
        if self.unit is Unit.WEEK:
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=self.offset)
            return monday, monday + timedelta(days=6)
        if self.unit is Unit.YEAR:
            year = today.year + self.offset
            return date(year, 1, 1), date(year, 12, 31)
        months = 3 if self.unit is Unit.QUARTER else 1
        if self.index:
            # "quý 3", "due in June": this year's, unless it has ended (then next year's)
            first_month = (self.index - 1) * months + 1
            start = date(self.year or today.year + self.offset, first_month, 1)
            if not (self.year or self.offset or self.this_year) and _add(start, Unit.MONTH, months) <= today:
                start = date(today.year + 1, first_month, 1)
        else:
            current = (today.month - 1) // months * months + 1
            start = _add(date(today.year, current, 1), Unit.MONTH, self.offset * months)
        end = _add(start, Unit.MONTH, months) - timedelta(days=1)
        return start, end

    def _between(self, today: date) -> tuple[date, date]:
        """ "từ 1/7 đến 30/9": of the year said, else this year's, or next year's once it has
        ended; a span over the new year ("từ 1/11 đến 31/1") ends in the year after its start."""
        said = self.year or (today.year + self.offset if self.offset else 0)
        year = said or today.year
        for start_year in (year, year + 1):
            start = _date(start_year, *divmod(self.since, 100))
            end = _date(start_year + (self.until < self.since), *divmod(self.until, 100))
            if said or end >= today:
                break
        return start, end

    def _until(self, today: date) -> date:
        month, day = divmod(self.until, 100)
        if self.year or self.offset:
            return max(today, _date(self.year or today.year + self.offset, month, day))
        found = _date(today.year, month, day)
        return found if found >= today else _date(today.year + 1, month, day)


UNTIL_YEAR_END = AskedPeriod(Unit.YEAR, amount=0)  # label "y0"


def until_date(month: int, day: int, year: int = 0) -> AskedPeriod:
    """From today to ``day``/``month`` (of ``year`` when said); "trước 31/12" of no year
    said is the year's end, read the way "trước cuối năm" is."""
    if (month, day, year) == (12, 31, 0):
        return UNTIL_YEAR_END
    return AskedPeriod(Unit.DAY, until=month * 100 + day, year=year)


def between(since: tuple[int, int], until: tuple[int, int], year: int = 0) -> AskedPeriod:
    """From the day ``since`` to the day ``until`` (month, day pairs), of ``year`` when said."""
    return AskedPeriod(Unit.DAY, until=until[0] * 100 + until[1], since=since[0] * 100 + since[1], year=year)


def is_date(month: int, day: int) -> bool:
    """Whether ``day``/``month`` is a day of some year (29/2 is one)."""
    return 1 <= month <= 12 and 1 <= day <= _last_day(2024, month)


def _date(year: int, month: int, day: int) -> date:
    """That day, or the last of the month in a year it lacks (29/2 in 2027 is 28/2)."""
    return date(year, month, min(day, _last_day(year, month)))


def _last_day(year: int, month: int) -> int:
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day


def _add(day: date, unit: Unit, amount: int) -> date:
    if unit is Unit.DAY:
        return day + timedelta(days=amount)
    if unit is Unit.WEEK:
        return day + timedelta(weeks=amount)
    months = amount * {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}[unit]
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))
