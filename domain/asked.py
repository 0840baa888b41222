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
    offset 0, "quý sau" offset 1); ``until_year_end``: from today to 31/12."""

    unit: Unit
    amount: int = 1
    calendar: bool = False
    offset: int = 0  # with ``index``: years from this one ("tháng 6 năm sau": index 6, offset 1)
    index: int = 0  # a named quarter or month, this year's or next if ended: "quý 3" -> QUARTER, index 3
    year: int = 0  # the year said with a named quarter or month ("June 2027", "quý 3/2026"), else 0

    def label(self) -> str:
        """A short stable form, used in tests and button actions: "m3", "q+0", "q#3", "m#6/2027",
        "m#6+1" (next year's June)."""
        if self.index:
            said = f"/{self.year}" if self.year else f"+{self.offset}" if self.offset else ""
            return f"{self.unit.value[0]}#{self.index}{said}"
        if self.calendar:
            return f"{self.unit.value[0]}+{self.offset}"
        return f"{self.unit.value[0]}{self.amount}"

    @classmethod
    def from_label(cls, label: str) -> AskedPeriod:
        unit = next(u for u in Unit if u.value[0] == label[0])
        if label[1] == "#":
            index, _, year = label[2:].partition("/")
            index, _, offset = index.partition("+")
            return cls(unit, calendar=True, index=int(index), year=int(year or 0), offset=int(offset or 0))
        if label[1] == "+":
            return cls(unit, calendar=True, offset=int(label[2:]))
        return cls(unit, amount=int(label[1:]))

    def window(self, today: date) -> tuple[date, date]:
        """The first and last day asked about; never ends before today, unless a year was
        said with the month or quarter: "June 2025" is that June, whenever it is asked."""
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
            if not (self.year or self.offset) and _add(start, Unit.MONTH, months) <= today:
                start = date(today.year + 1, first_month, 1)
        else:
            current = (today.month - 1) // months * months + 1
            start = _add(date(today.year, current, 1), Unit.MONTH, self.offset * months)
        end = _add(start, Unit.MONTH, months) - timedelta(days=1)
        return start, end


UNTIL_YEAR_END = AskedPeriod(Unit.YEAR, amount=0)  # label "y0"


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
