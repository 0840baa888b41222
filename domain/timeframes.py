"""Timeframe cells (`Thời gian`) turned into structured schedules.

Hand-written because no library reads Vietnamese administrative time expressions. The
parser splits a cell into clauses, recognises each clause on its own and then combines
them; a clause it does not recognise makes the whole cell ``unparsed`` with the text kept
verbatim, so nothing is ever guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from domain.text import clean, fold


class Kind(StrEnum):
    ONCE = "once"
    RANGE = "range"
    ANNUAL = "annual"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    ONGOING = "ongoing"
    BLANK = "blank"
    UNPARSED = "unparsed"


RECURRING = frozenset({Kind.ANNUAL, Kind.SEMIANNUAL, Kind.QUARTERLY, Kind.MONTHLY})
TIME_BOUND = frozenset({Kind.ONCE, Kind.RANGE})


@dataclass(frozen=True, order=True)
class MonthDay:
    """A day that comes back every year, such as 15/12 in `Trước ngày 15/12 hằng năm`."""

    month: int
    day: int

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29/2 is accepted; in_year() moves it to 28/2 when needed.
        date(2000, self.month, self.day)

    def in_year(self, year: int) -> date:
        last = calendar.monthrange(year, self.month)[1]
        return date(year, self.month, min(self.day, last))

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        month, day = text.split("-")
        return cls(int(month), int(day))


@dataclass(frozen=True)
class Timeframe:
    raw: str
    kind: Kind
    start: date | None = None
    deadline: date | None = None
    recurring_due: MonthDay | None = None

    @property
    def is_recurring(self) -> bool:
        return self.kind in RECURRING

    @property
    def is_time_bound(self) -> bool:
        return self.kind in TIME_BOUND

    @property
    def needs_attention(self) -> bool:
        """Blank and unparsed cells are data-quality problems for coordinators."""
        return self.kind in (Kind.BLANK, Kind.UNPARSED)


# -- clauses -------------------------------------------------------------------------

_YEAR = r"((?:19|20|21)\d\d)"
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_EACH = r"(?:hang|moi|dinh ky hang|dinh ky)"

_ONGOING = re.compile(r"(?:thuong xuyen|lien tuc|thuong xuyen lien tuc|thuong xuyen hang nam lien tuc)")
_ANNUAL = re.compile(rf"(?:{_EACH} nam|dinh ky nam|annual|annually|every year|yearly)")
_SEMIANNUAL = re.compile(
    r"(?:(?:dinh ky |hang |moi )?(?:6|sau) thang(?: ?/ ?| mot | 1 )lan"
    r"|(?:dinh ky|hang|moi) (?:6|sau) thang(?: mot lan| 1 lan)?|nua nam mot lan|semiannual|semi-annually)"
)
_QUARTERLY = re.compile(rf"(?:{_EACH} quy|theo quy|quarterly)")
_MONTHLY = re.compile(rf"(?:{_EACH} thang|monthly)")
_BY = r"(?:(?:truoc|den|han chot|cham nhat|hoan thanh truoc|xong truoc|trong)(?: ngay)? |ngay |by |before )?"
_RECURRING_DAY = re.compile(
    rf"{_BY}(\d{{1,2}})(?:/| thang )(\d{{1,2}})(?: {_EACH} nam| moi nam| hang nam| every year)?"
)
_EVERY_YEAR_SUFFIX = re.compile(rf".*(?: {_EACH} nam| every year)$")
_YEAR_ONLY = re.compile(rf"(?:nam |trong nam |in )?{_YEAR}")
_BY_YEAR = re.compile(rf"(?:den|truoc het|het|by)(?: nam)? {_YEAR}")
_YEAR_RANGE = re.compile(
    rf"(?:giai doan |trong giai doan |tu nam |tu |nam |cac nam )?{_YEAR}(?: nam)? ?(?:-|den|toi) ?(?:nam )?{_YEAR}"
)
_QUARTER = re.compile(rf"(?:trong |het |cuoi )?quy (iv|iii|ii|i|[1-4])(?: nam | ?/ ?| ?- ?| ){_YEAR}")
_MONTH = re.compile(rf"(?:trong |het |cuoi )?thang (\d{{1,2}})(?: nam | ?/ ?| ?- ?| ){_YEAR}")
_DATE = re.compile(rf"{_BY}(\d{{1,2}})[/.-](\d{{1,2}})[/.-]{_YEAR}")
_HALF_YEAR = re.compile(rf"(6|sau) thang (dau|cuoi) nam {_YEAR}")


@dataclass(frozen=True)
class _Clause:
    kind: Kind | None  # None for a due day that only makes sense next to `hằng năm`
    start: date | None = None
    deadline: date | None = None
    due: MonthDay | None = None
    exact: bool = False  # a deadline given as a day, not a year, quarter or month


def _year_bounds(first: int, last: int) -> tuple[date, date]:
    return date(first, 1, 1), date(last, 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _clause(text: str) -> _Clause | None:
    """One clause, already folded; None when it is not understood."""
    if _ONGOING.fullmatch(text):
        return _Clause(Kind.ONGOING)
    if _ANNUAL.fullmatch(text):
        return _Clause(Kind.ANNUAL)
    if _SEMIANNUAL.fullmatch(text):
        return _Clause(Kind.SEMIANNUAL)
    if _QUARTERLY.fullmatch(text):
        return _Clause(Kind.QUARTERLY)
    if _MONTHLY.fullmatch(text):
        return _Clause(Kind.MONTHLY)
    if m := _YEAR_ONLY.fullmatch(text):
        return _Clause(Kind.ONCE, *_year_bounds(int(m[1]), int(m[1])))
    if m := _BY_YEAR.fullmatch(text):
        return _Clause(Kind.ONCE, None, date(int(m[1]), 12, 31))
    if m := _YEAR_RANGE.fullmatch(text):
        first, last = int(m[1]), int(m[2])
        if first > last:
            return None
        kind = Kind.ONCE if first == last else Kind.RANGE
        return _Clause(kind, *_year_bounds(first, last))
    if m := _QUARTER.fullmatch(text):
        quarter, year = _ROMAN_QUARTERS[m[1]], int(m[2])
        return _Clause(Kind.ONCE, date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    if m := _HALF_YEAR.fullmatch(text):
        year = int(m[3])
        if m[2] == "dau":
            return _Clause(Kind.ONCE, date(year, 1, 1), date(year, 6, 30))
        return _Clause(Kind.ONCE, date(year, 7, 1), date(year, 12, 31))
    try:
        if m := _MONTH.fullmatch(text):
            month, year = int(m[1]), int(m[2])
            return _Clause(Kind.ONCE, date(year, month, 1), _month_end(year, month))
        if m := _DATE.fullmatch(text):
            return _Clause(Kind.ONCE, None, date(int(m[3]), int(m[2]), int(m[1])), exact=True)
        if m := _RECURRING_DAY.fullmatch(text):
            due = MonthDay(int(m[2]), int(m[1]))
            yearly = _EVERY_YEAR_SUFFIX.fullmatch(text) is not None
            return _Clause(Kind.ANNUAL if yearly else None, due=due)
    except ValueError:  # 31/2, month 13: not a date, so not understood
        return None
    return None


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;+\n]|\bva\b|\band\b)\s*")
_SPACE_AROUND_SLASH = re.compile(r"\s*/\s*")


def _clauses(raw: str) -> list[str]:
    text = fold(clean(_DASHES.sub("-", raw)))
    text = _SPACE_AROUND_SLASH.sub("/", text)
    text = re.sub(r"[()\[\]]", ",", text)
    parts = (part.strip(" .:") for part in _CLAUSE_SPLIT.split(text))
    return [re.sub(r"\s+", " ", part) for part in parts if part.strip(" .:")]


@lru_cache(maxsize=4096)  # plans repeat the same few dozen timeframes thousands of times
def parse_timeframe(raw: str | None) -> Timeframe:
    """Read a `Thời gian` cell. Never raises; the original text is kept as ``raw``."""
    raw = clean(raw or "")
    texts = _clauses(raw)
    if not texts:
        return Timeframe(raw, Kind.BLANK)
    clauses = [_clause(text) for text in texts]
    if any(clause is None for clause in clauses):
        return Timeframe(raw, Kind.UNPARSED)
    return _combine(raw, [c for c in clauses if c is not None])


def _combine(raw: str, clauses: list[_Clause]) -> Timeframe:
    recurring = {c.kind for c in clauses if c.kind in RECURRING}
    bounds = [c for c in clauses if c.kind in TIME_BOUND]
    dues = {c.due for c in clauses if c.due is not None}
    unparsed = Timeframe(raw, Kind.UNPARSED)

    # Two deadlines, two rhythms or two due days in one cell: a person has to decide.
    if len(recurring) > 1 or len(bounds) > 1 or len(dues) > 1:
        return unparsed
    bound = bounds[0] if bounds else None
    due = next(iter(dues), None)
    if recurring:
        kind = recurring.pop()
        if due is not None and kind is not Kind.ANNUAL:
            return unparsed
        if bound is not None and bound.exact:  # `Hàng năm, trước ngày 30/6/2026`: every year, or once?
            return unparsed
        start, deadline = (bound.start, bound.deadline) if bound else (None, None)
        return Timeframe(raw, kind, start, deadline, due)
    if due is not None:  # `Trước ngày 15/12` with no year and no `hằng năm`
        return unparsed
    if bound is not None:  # `Thường xuyên, 2018 - 2025` still has a deadline
        return Timeframe(raw, bound.kind, bound.start, bound.deadline)
    return Timeframe(raw, Kind.ONGOING)
