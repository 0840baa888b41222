"""Timeframe cells (`Thời gian`) read as a small grammar.

Hand-written because no library reads Vietnamese administrative time expressions. A cell is
cut into clauses (at `,` `;` `+`, parentheses and `và`), each clause into folded tokens (no
case, no diacritics: words, numbers, `/ - . :`), and each clause is read as a sequence of
parts:

    part      := ongoing | rhythm | span | due | onward | filler      (then maybe a condition)
    ongoing   := thường xuyên | liên tục
    rhythm    := [đầu|giữa|cuối] each unit [K lần]     hằng năm, định kỳ hằng quý, cuối mỗi năm
               | each N unit | N unit (/|một) lần | K lần/unit           định kỳ 6 tháng, 2 lần/năm
    span      := lead* [từ] point [(-|đến|tới) point] [trở đi]
    point     := date | day/month | part-of-year [(/|-|năm) year] | month/year | [năm] year
    part-of-year := [đầu|giữa|cuối] quý I..IV | [đầu|giữa|cuối] tháng 1..12
               | 6 tháng đầu/cuối năm | nửa đầu/cuối năm | đầu/giữa/cuối năm|quý|tháng
    due       := lead* ngày D [của] [tháng cuối quý | tháng đầu quý | tháng sau | tháng cuối kỳ...]
    lead      := trước | đến (hết) | hết | chậm nhất | hạn chót | trong | vào | dự kiến | từ | giai đoạn...
    condition := opener anything...           (CONDITION_OPENERS: sau khi, khi, theo, tùy, căn cứ...)

The parts of every clause are then put together (`_combine`): a part of the year with a
rhythm is a recurring task due at the end of that part (`Quý II hằng năm`: 30/6 each year),
a due clause gives the day within each period (`Hằng quý, trước ngày 25 tháng cuối quý`), a
part of the year with its year is a deadline (`6 tháng cuối năm 2027`), a span with a rhythm
bounds it (`Hằng năm, giai đoạn 2026-2030`). A clause that is none of this makes the whole
cell ``unparsed`` with the text kept verbatim, so nothing is ever guessed; a cell that only
states a condition (`Sau khi Trung ương hướng dẫn`) is ``conditional``: no date to remind on.

Choices where the words alone leave room (each tested):
- `đầu năm` is the first quarter (due 31/3), `giữa năm` June (30/6), `cuối năm` the last
  quarter (31/12); `đầu/giữa tháng` the 10th/20th; `đầu/giữa quý` its first/second month.
  `cuối quý II/2026`, `cuối tháng 6/2026` are the whole quarter or month (due at its end).
- Without a year, `đầu/giữa/cuối năm` (`quý`, `tháng`) is a part of every year (quarter,
  month): `Cuối năm` is an annual task due 31/12. `Quý II` or `15/12` alone stays unreadable
  (which year?), unless a rhythm or `Thường xuyên` says every year.
- `Trước` a day is that day (`Trước ngày 30/6/2026`: 30/6); `trước` a month, quarter or year
  is the day before it starts (`Trước quý III/2026`: 30/6/2026); `đến`, `hết`, `chậm nhất`:
  by its end.
- A due day without a month is in the period's last month (`Hằng tháng, trước ngày 5`: the
  5th; `Hằng quý (trước ngày 20)`: the 20th of March, June...); `tháng sau` (the month after
  the period) is the first month of each period, which gives the same due dates.
- `Từ năm 2026`, `2026 trở đi`, `2026 và các năm tiếp theo`: every year from 2026 (annual,
  no end), the work recurs and an annual report is what can be reminded.
- A school year (`Năm học 2025 - 2026`) runs from 1/9 to 31/5: due 31/5/2026; its start (`đầu`)
  is September, its end (`cuối`) May. `Từ năm học
  2025 - 2026` and `Hằng năm học` recur every school year, due at its end (31/5); the school
  year opens (`khai giảng`) on 5/9.
- Several rhythms (`Hằng quý, 6 tháng, hằng năm`): the shortest, whose periods end where the
  longer ones do.
- Periods named side by side without `hằng` (`Báo cáo quý, 6 tháng, năm`, `Sơ kết 6 tháng,
  tổng kết năm`) are a rhythm too, the shortest; one alone (`6 tháng`) still is not.
- A list goes on with its unit: `Quý 3, 4/2026` is quarters 3 and 4 (not April), `Tháng 3, 9
  hằng năm` months 3 and 9; the year of the last part is theirs. Parts one after another are
  one span (`Quý I, II/2026`: 1/1-30/6/2026); with a gap (`Quý I/2026, Quý III/2026`) they are
  two deadlines, unread.
- A day inside a part of the year given with it is its due day (`Quý IV hằng năm (trước
  15/12)`: 15/12; `Năm 2026, trước 15/12/2026` and `Tháng 9/2026 (khai giảng)`: that day of
  that year); a day without its month is in the part's last month (`Tháng 12 hằng năm, trước
  ngày 15`). A period named before its day (`Báo cáo 6 tháng trước 15/6, báo cáo năm trước
  15/12`) counts as in a list; one period with its day in each is that rhythm (`Báo cáo tháng
  trước ngày 25`: monthly, the 25th).
- `Từ nay đến năm 2030`: by the end of 2030. `Lâu dài`, `Hằng ngày`, `(trong suốt) giai đoạn`
  or `thời gian thực hiện Kế hoạch` with no years: ongoing. `Tầm nhìn 2045`, `định hướng đến
  năm 2030`: where the plan looks, no deadline of the task; a vision alone is unread.
- What says nothing of when: `(dự kiến)`, a bracketed note without a digit or a word of time
  (`Quý II/2026 (trình UBND tỉnh)`), footnote marks (`(2)`, `(*)`, `¹`), a list's bullet at the
  start of a line (`- Hằng năm`), a `:` or a `-` that makes no range between clauses. All of it
  stays in ``raw``.
- Typed forms: `30/6/26` (the year's last two digits, 2015-2060), `Quý lV` (an l for an I), `Q.II`,
  a date with its seconds (`2026-06-30 00:00:00`), quotes or an ellipsis around a clause.
- `Giai đoạn I (2021-2023)`: a phase's number says nothing of when, its years do. A day or part
  of `năm sau` (`Trước ngày 15/01 năm sau`) is each year's report, due on it every year.
- `Từ ngày ký`, `Kể từ ngày ban hành` (from the day the plan is signed) are conditions; with a
  date (`Từ ngày 01/7/2026`) the date is read. `hoặc` (or) separates clauses as `và` does.
- A report's addressee (`Báo cáo kết quả về Sở Nội vụ trước ngày 30/11 hằng năm`, `Trình UBND
  tỉnh trước 30/6/2026`) is passed over up to the word that says when after it.
- Words of the work (`Tổ chức`, `Kiểm tra`, `Rà soát`, `Ban hành`, `Xây dựng`, `Tổng hợp`, `Cập
  nhật`) and of an occasion (`vào dịp`) say nothing of when; a window of days in each period
  (`Từ ngày 20 đến ngày 25 hằng tháng`) is due on its last; `01 lần` after a rhythm is once in
  each period. Tết moves every year (lunar): `Trước Tết Nguyên đán` is a condition, not a date.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import TypeVar

from domain.text import clean, fold, nfc


class Kind(StrEnum):
    ONCE = "once"
    RANGE = "range"
    ANNUAL = "annual"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    ONGOING = "ongoing"
    CONDITIONAL = "conditional"  # a condition instead of a date: `Sau khi Trung ương hướng dẫn`
    BLANK = "blank"
    UNPARSED = "unparsed"


RECURRING = frozenset({Kind.ANNUAL, Kind.SEMIANNUAL, Kind.QUARTERLY, Kind.MONTHLY})
TIME_BOUND = frozenset({Kind.ONCE, Kind.RANGE})
PERIOD_MONTHS = {Kind.ANNUAL: 12, Kind.SEMIANNUAL: 6, Kind.QUARTERLY: 3, Kind.MONTHLY: 1}


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


@dataclass(frozen=True, order=True)
class PeriodDay:
    """The day each period of a semiannual, quarterly or monthly task is due: ``month``
    counted from the period's first month (3 in a quarter: its last month), ``day`` moved
    back to that month's last day when it has fewer (31: the month's end)."""

    month: int
    day: int

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12 and 1 <= self.day <= 31):
            raise ValueError(f"not a day of a period: {self.month}-{self.day}")

    def in_period(self, first: date, months: int) -> date:
        """The due date in the period of ``months`` months starting on ``first``."""
        month = first.month + min(self.month, months) - 1
        last = calendar.monthrange(first.year, month)[1]
        return date(first.year, month, min(self.day, last))

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> PeriodDay:
        month, day = text.split("-")
        return cls(int(month), int(day))


@dataclass(frozen=True)
class Timeframe:
    raw: str
    kind: Kind
    start: date | None = None
    deadline: date | None = None
    # An annual task's own day of the year (None: the reporting day of the reminder policy).
    recurring_due: MonthDay | None = None
    # The day in each period of a semiannual, quarterly or monthly task (None: its last day).
    period_due: PeriodDay | None = None
    # The condition as written: all there is of a conditional timeframe, or next to a date
    # (`Hằng năm, theo hướng dẫn của Bộ Y tế`).
    condition: str | None = None
    # Why an unparsed cell could not be read, when the words are understood but a task
    # cannot hold what they say (`Quý I và Quý II hằng năm`: two uneven days a year).
    why: str | None = None

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


# -- vocabulary (folded words) ----------------------------------------------------------------

# A clause that is not a timeframe and starts with one of these is a condition: kept as
# written, shown with the task, never read as a date.
CONDITION_OPENERS = (
    "sau khi",
    "ngay sau khi",
    "ke tu khi",
    "khi",
    "theo",
    "tuy",  # tùy theo, tùy thuộc, tùy tình hình
    "phu thuoc",
    "can cu",
    "tren co so",
    "neu",
    "truong hop",
    "trong truong hop",
    "cho",  # chờ hướng dẫn
    "dot xuat",
    "ngay khi",  # ngay khi có thông tin
    "ngay sau",  # ngay sau thiên tai
    # From the day the plan is signed or issued: `Từ ngày ký`, `Kể từ ngày ban hành`; with a
    # date after it (`Từ ngày 01/7/2026`) the date is read first.
    "tu ngay",
    "ke tu ngay",
    "phat sinh",  # (khi) phát sinh
    # After or before an event or a season, not a date: `Sau thiên tai`, `Sau mỗi đợt lũ`,
    # `Trước mùa mưa bão`. `Sau` alone is no opener: `Sau năm 2025` names a date, unread.
    # Tết moves every year (lunar): `Trước Tết Nguyên đán`, `Dịp Tết Nguyên đán hằng năm`
    "tet",
    "truoc tet",
    "sau tet",
    "trong tet",
    "sau thien tai",
    "sau moi",
    "sau bao",
    "sau lu",
    "sau dot",
    "sau su co",
    "sau dich",
    "sau mua",
    "truoc mua",
    "trong mua",
    "vao mua",
    "dau mua",
    "cuoi mua",
    "mua",  # mùa mưa bão, mùa khô
    "when",
    "upon",
    "after",
    "if",
    "subject to",
    "depending on",
    "as required",
    "as needed",
    "as directed",
    "on request",
    "pending",
)

_BEFORE, _BY, _IN, _FROM = "before", "by", "in", "from"
_LEADS = {
    "truoc": _BEFORE,
    "before": _BEFORE,
    "prior to": _BEFORE,
    "den": _BY,
    "het": _BY,
    "cham nhat": _BY,
    "cham nhat la": _BY,
    "han chot": _BY,
    "han chot la": _BY,
    "han": _BY,
    "cho den": _BY,
    "cho toi": _BY,
    "tu nay": _BY,  # `Từ nay đến năm 2030`: from now, by its end
    "tu nay den": _BY,
    "tu nay toi": _BY,
    "toi": _BY,
    "by": _BY,
    "until": _BY,
    "no later than": _BY,
    "by the end of": _BY,
    "trong": _IN,
    "vao": _IN,
    "khoang": _IN,
    "vao khoang": _IN,
    "du kien": _IN,
    "ngay trong": _IN,  # `Ngay trong quý I/2026`: at once, within it
    "ngay tu": _FROM,
    "giai doan": _IN,
    "gd": _IN,
    "thoi ky": _IN,
    "in": _IN,
    "during": _IN,
    "within": _IN,
    "tu": _FROM,
    "ke tu": _FROM,
    "bat dau tu": _FROM,
    "bat dau": _FROM,
    "from": _FROM,
    "since": _FROM,
    "starting": _FROM,
    "starting from": _FROM,
}
# Words that say nothing about when: `Hoàn thành trước 30/9/2026`, `Báo cáo hằng năm`.
_FILLERS = (
    "hoan thanh",
    "thuc hien",
    "trien khai",
    "xong",
    "ket thuc",
    "bao cao",
    "gui",
    "nop",
    "thoi gian",
    "thoi han",
    "ket qua",
    "so ket",  # `Sơ kết 6 tháng, tổng kết năm`: the reviews of each period
    "tong ket",
    "du kien",  # `Năm 2026 (dự kiến)`: tentative, still the date to work to
    "vao dip",  # `Vào dịp 2/9 hằng năm`
    "dip",
    # what is done, not when: `Tổ chức hằng năm`, `Rà soát hằng năm`, `Ban hành trong quý I/2026`
    "to chuc",
    "kiem tra",
    "danh gia",
    "tong hop",
    "cap nhat",
    "ra soat",
    "xay dung",
    "ban hanh",
    "trinh",
    # the document whose time it is: `Trong giai đoạn thực hiện Kế hoạch`, `Đề án năm 2026`
    "ke hoach",
    "de an",
    "chuong trinh",
    "du an",
    "complete",
    "completed",
)
# "24/7": round the clock, not 24 July. `Lâu dài` (long-term) and `hằng ngày` (daily work) have
# no deadline either; `trong (suốt) giai đoạn` without its years is the plan's whole period.
_ONGOING = (
    "thuong xuyen",
    "lien tuc",
    "lau dai",
    "hang ngay",
    "moi ngay",
    "trong giai doan",
    "trong suot giai doan",
    "suot giai doan",
    "ca giai doan",
    "trong ca giai doan",
    "trong thoi gian thuc hien",  # `Trong (suốt) thời gian thực hiện Kế hoạch`
    "trong suot thoi gian thuc hien",
    "suot thoi gian thuc hien",
    "ca thoi gian thuc hien",
    "ongoing",
    "continuous",
    "continuously",
    "regularly",
    "regular",
    "daily",
    "24 / 7",
)
# A vision or orientation beyond the plan (`2021-2030, tầm nhìn đến năm 2045`, `và định hướng
# đến năm 2030`) is no deadline of the task: the rest of its clause is passed over.
_VISION = ("tam nhin", "dinh huong", "vision")
_ONWARD = (
    "tro di",
    "tro ve sau",
    "ve sau",
    "cac nam tiep theo",
    "nhung nam tiep theo",
    "cac nam ke tiep",
    "nhung nam ke tiep",
    "cac nam sau",
    "nhung nam sau",
    "onward",
    "onwards",
)
_TO = ("-", "den", "den het", "toi", "cho den", "to", "through", "until")
_EACH = (
    "hang",
    "moi",
    "tung",
    "cac",
    "theo",
    "theo tung",
    "dinh ky",
    "dinh ky hang",
    "dinh ky moi",
    "vao moi",
    "vao hang",
    "every",
    "each",
    "per",
)
_UNITS = {
    "nam": 12,
    "quy": 3,
    "thang": 1,
    "year": 12,
    "years": 12,
    "quarter": 3,
    "quarters": 3,
    "month": 1,
    "months": 1,
}
_NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "sau": 6,
    "muoi hai": 12,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
    "twelve": 12,
}
_ENGLISH_RHYTHMS = {
    "annual": 12,
    "annually": 12,
    "yearly": 12,
    "once a year": 12,
    "semiannual": 6,
    "semiannually": 6,
    "semi - annual": 6,
    "semi - annually": 6,
    "half - yearly": 6,
    "twice a year": 6,
    "twice yearly": 6,
    "quarterly": 3,
    "once a quarter": 3,
    "monthly": 1,
    "once a month": 1,
}
_KIND_OF_MONTHS = {12: Kind.ANNUAL, 6: Kind.SEMIANNUAL, 3: Kind.QUARTERLY, 1: Kind.MONTHLY}
_LAST, _NEXT = -1, 0  # a due day's month: the period's last one, the one after the period
# The month of each period a due day is in: `trước ngày 25 tháng cuối quý`.
_PERIOD_MONTHS = {
    "thang cuoi quy": (Kind.QUARTERLY, _LAST),
    "thang cuoi cua quy": (Kind.QUARTERLY, _LAST),
    "thang cuoi moi quy": (Kind.QUARTERLY, _LAST),
    "thang cuoi cua moi quy": (Kind.QUARTERLY, _LAST),
    "thang thu ba cua quy": (Kind.QUARTERLY, 3),
    "thang giua quy": (Kind.QUARTERLY, 2),
    "thang giua cua quy": (Kind.QUARTERLY, 2),
    "thang thu hai cua quy": (Kind.QUARTERLY, 2),
    "thang dau quy": (Kind.QUARTERLY, 1),
    "thang dau cua quy": (Kind.QUARTERLY, 1),
    "thang dau tien cua quy": (Kind.QUARTERLY, 1),
    "thang dau quy sau": (Kind.QUARTERLY, _NEXT),
    "thang dau cua quy sau": (Kind.QUARTERLY, _NEXT),
    "thang dau quy tiep theo": (Kind.QUARTERLY, _NEXT),
    "thang dau cua quy tiep theo": (Kind.QUARTERLY, _NEXT),
    "thang cuoi nam": (Kind.ANNUAL, _LAST),
    "thang cuoi cua nam": (Kind.ANNUAL, _LAST),
    "thang cuoi ky": (None, _LAST),
    "thang cuoi cua ky": (None, _LAST),
    "thang cuoi ky bao cao": (None, _LAST),
    "thang cuoi cua ky bao cao": (None, _LAST),
    "thang sau": (None, _NEXT),
    "thang tiep theo": (None, _NEXT),
    "thang ke tiep": (None, _NEXT),
}
# A clause of one bare unit counts only next to a rhythm: `Hằng quý, 6 tháng, năm`.
_BARE = {
    ("nam",): Kind.ANNUAL,
    ("quy",): Kind.QUARTERLY,
    ("thang",): Kind.MONTHLY,
    ("6", "thang"): Kind.SEMIANNUAL,
    ("06", "thang"): Kind.SEMIANNUAL,
    ("sau", "thang"): Kind.SEMIANNUAL,
    ("nua", "nam"): Kind.SEMIANNUAL,
    ("3", "thang"): Kind.QUARTERLY,
    ("03", "thang"): Kind.QUARTERLY,
    ("dinh", "ky"): None,  # `Thường xuyên, định kỳ`: says how often only with something else
    ("ca", "nam"): Kind.ANNUAL,  # `Báo cáo 6 tháng, cả năm`
    ("1", "nam"): Kind.ANNUAL,  # `Định kỳ 6 tháng, 01 năm`
    ("01", "nam"): Kind.ANNUAL,
    ("mot", "nam"): Kind.ANNUAL,
    ("12", "thang"): Kind.ANNUAL,
}
_ONCE_EACH = frozenset({("1", "lan"), ("01", "lan"), ("mot", "lan")})
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
}
_Q_TOKENS = {"qi": 1, "qii": 2, "qiii": 3, "qiv": 4}
_MODIFIERS = ("dau", "giua", "cuoi")
# Parts of a year, quarter and month as (first month, first day, last month, last day),
# months counted within the unit; day 31 is the month's last day.
_YEAR_PARTS = {"dau": (1, 1, 3, 31), "giua": (6, 1, 6, 31), "cuoi": (10, 1, 12, 31)}
_QUARTER_PARTS = {"dau": 1, "giua": 2, "cuoi": 3}
_MONTH_PARTS = {"dau": (1, 10), "giua": (11, 20), "cuoi": (21, 31)}

V = TypeVar("V")
_Index = dict[str, list[tuple[tuple[str, ...], V]]]


def _index(phrases: dict[str, V] | Iterable[str]) -> _Index:
    """Phrases by their first word, longest first, for matching at a token."""
    table = phrases if isinstance(phrases, dict) else dict.fromkeys(phrases, True)
    found: dict[str, list[tuple[tuple[str, ...], V]]] = defaultdict(list)
    for text, value in table.items():
        words = tuple(text.split())
        found[words[0]].append((words, value))
    for options in found.values():
        options.sort(key=lambda option: -len(option[0]))
    return dict(found)


_OPENER_INDEX = _index(CONDITION_OPENERS)
_LEAD_INDEX = _index(_LEADS)
_FILLER_INDEX = _index(_FILLERS)
_ONGOING_INDEX = _index(_ONGOING)
_ONWARD_INDEX = _index(_ONWARD)
_TO_INDEX = _index(_TO)
_EACH_INDEX = _index(_EACH)
_NUMBER_INDEX = _index(_NUMBER_WORDS)
_ENGLISH_INDEX = _index(_ENGLISH_RHYTHMS)
_PERIOD_MONTH_INDEX = _index(_PERIOD_MONTHS)
_VISION_INDEX = _index(_VISION)
# The year after each one: `Trước ngày 15/01 năm sau` is every year's report, due the January after.
_NEXT_YEAR = ("nam sau", "cua nam sau", "nam ke tiep", "cua nam ke tiep", "the following year")
_NEXT_YEAR_INDEX = _index(_NEXT_YEAR)


def _match(index: _Index, toks: list[str], i: int) -> tuple[object, int] | None:
    if i < len(toks):
        for words, value in index.get(toks[i], ()):
            end = i + len(words)
            if len(words) == 1 or tuple(toks[i:end]) == words:
                return value, end
    return None


# -- parts of a clause ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    """A day, or a part of a year (or of every quarter or month), with or without its year."""

    first: tuple[int, int]  # (month, day), months counted within the unit
    last: tuple[int, int]  # day 31: the month's last day
    year: int | None = None
    unit: int = 12  # months: 12 for a part of a year, 3 `cuối quý`, 1 `đầu tháng`
    is_day: bool = False
    generic: bool = False  # `cuối năm`, `đầu quý`: a part of every year, quarter, month
    label: str = ""  # "quy" or "thang": `Quý II - IV/2026` goes on with bare numerals

    @property
    def whole_year(self) -> bool:
        return self.first == (1, 1) and self.last == (12, 31) and not self.is_day

    def start(self, year: int) -> date:
        if self.is_day:
            return date(year, *self.first)
        return date(year, self.first[0], min(self.first[1], calendar.monthrange(year, self.first[0])[1]))

    def end(self, year: int) -> date:
        if self.is_day:  # 29/2 in 2027 is no day: ValueError, not understood
            return date(year, *self.last)
        return date(year, self.last[0], min(self.last[1], calendar.monthrange(year, self.last[0])[1]))


@dataclass(frozen=True)
class _Ongoing:
    pass


@dataclass(frozen=True)
class _Rhythm:
    kind: Kind


@dataclass(frozen=True)
class _Bare:
    kind: Kind | None


@dataclass(frozen=True)
class _Bound:
    start: date | None
    end: date | None
    exact: bool = False  # ends on a given day, not a year, quarter or month
    single_year: bool = False  # one whole year: `Năm 2026`
    each_year: bool = False  # `các năm 2021-2025`
    open: bool = False  # from start on, no end: `Từ năm 2026`
    school: bool = False  # a school year, September to May: `Năm học 2025 - 2026`
    point: _Point | None = None  # the one day or part it was read from, with its lead
    mode: str | None = None


@dataclass(frozen=True)
class _Yearly:
    """A day or part without a year: due on its last day (or the day before it, `trước`)."""

    point: _Point
    mode: str | None


@dataclass(frozen=True)
class _Due:
    day: int
    month: int = _LAST
    unit: Kind | None = None  # the rhythm the month implies: `tháng cuối quý`


@dataclass(frozen=True)
class _Onward:
    pass


_Part = _Ongoing | _Rhythm | _Bare | _Bound | _Yearly | _Due | _Onward
_TIME_PARTS = (_Ongoing, _Rhythm, _Bound, _Yearly, _Due)


def _digits(token: str) -> bool:
    return token.isascii() and token.isdigit()  # not `²` or other digits int() reads differently


def _is_year(token: str) -> bool:
    return len(token) == 4 and _digits(token) and 1900 <= int(token) <= 2199


def _number(toks: list[str], i: int, low: int, high: int) -> tuple[int, int] | None:
    if i < len(toks) and _digits(toks[i]) and len(toks[i]) <= 2 and low <= int(toks[i]) <= high:
        return int(toks[i]), i + 1
    return None


def _count(toks: list[str], i: int) -> tuple[int, int] | None:
    """A small count: `6`, `06`, `sáu`, `một`."""
    if i < len(toks) and _digits(toks[i]) and len(toks[i]) <= 2:
        return int(toks[i]), i + 1
    found = _match(_NUMBER_INDEX, toks, i)
    return (int(found[0]), found[1]) if found else None  # type: ignore[call-overload]


def _year(toks: list[str], i: int) -> tuple[int, int] | None:
    """`2026`, `năm 2026`."""
    if i < len(toks) and toks[i] == "nam":
        i += 1
    return (int(toks[i]), i + 1) if i < len(toks) and _is_year(toks[i]) else None


def _year_after(toks: list[str], i: int) -> tuple[int, int] | None:
    """The year after a part: `/2026`, `-2026`, ` năm 2026`, ` 2026`."""
    if i < len(toks) and toks[i] in ("/", "-", "."):
        i += 1
    return _year(toks, i)


def _date(toks: list[str], i: int) -> tuple[_Point, int] | None:
    """`30/6/2026`, `30-6-2026`, `30.6.2026`, `ngày 15 tháng 7 năm 2026`, `2026-06-30`."""
    n = len(toks)
    if i < n and toks[i] == "ngay":
        i += 1
    if i + 4 < n and _is_year(toks[i]) and toks[i + 1] == "-" and toks[i + 3] == "-":  # ISO
        year, month, day = toks[i], toks[i + 2], toks[i + 4]
        if _digits(month) and _digits(day) and len(month) <= 2 and len(day) <= 2:
            return _day(int(day), int(month), int(year)), i + 5
        return None
    found = _number(toks, i, 1, 31)
    if found is None:
        return None
    day, j = found
    if j + 3 < n and toks[j] in ("/", "-", ".") and toks[j + 2] in ("/", "-", ".") and _is_year(toks[j + 3]):
        month = _number(toks, j + 1, 1, 12)
        return (_day(day, month[0], int(toks[j + 3])), j + 4) if month else None
    # `30/6/26` as a spreadsheet shows a date: the year's last two digits, this century's
    if j + 4 == n and toks[j] == toks[j + 2] and toks[j] in ("/", "-", ".") and _short_year(toks[j + 3]):
        month = _number(toks, j + 1, 1, 12)
        return (_day(day, month[0], 2000 + int(toks[j + 3])), j + 4) if month else None
    if j + 1 < n and toks[j] == "thang" and (month := _number(toks, j + 1, 1, 12)):
        year = _year(toks, month[1])
        return (_day(day, month[0], year[0]), year[1]) if year else None
    return None


def _short_year(token: str) -> bool:
    return len(token) == 2 and _digits(token) and 15 <= int(token) <= 60


def _day(day: int, month: int, year: int | None) -> _Point:
    date(year or 2000, month, day)  # raises ValueError for 31/2: not a day, not understood
    return _Point((month, day), (month, day), year, is_day=True)


def _day_month(toks: list[str], i: int) -> tuple[_Point, int] | None:
    """A day of every year: `15/12`, `ngày 15 tháng 12`, `ngày 15-12`."""
    named = i < len(toks) and toks[i] == "ngay"
    found = _number(toks, i + named, 1, 31)
    if found is None:
        return None
    day, j = found
    if j < len(toks) and (toks[j] in ("/", "thang") or (named and toks[j] in ("-", "."))):
        month = _number(toks, j + 1, 1, 12)
        if month is not None:
            return _day(day, month[0], None), month[1]
    return None


def _part(toks: list[str], i: int) -> tuple[_Point, int] | None:
    """A part of a year without its year: `quý II`, `tháng 6`, `6 tháng đầu năm`, `cuối năm`,
    `đầu quý` (of every quarter), `cuối tháng` (of every month)."""
    n = len(toks)
    if i >= n:
        return None
    token = toks[i]
    # halves: `6 tháng đầu năm`, `sáu tháng cuối năm`, `nửa đầu năm`, `nửa năm cuối`
    half = None
    if token in ("6", "06", "sau") and i + 2 < n and toks[i + 1] == "thang" and toks[i + 2] in ("dau", "cuoi"):
        half, j = toks[i + 2], i + 3
        j += j < n and toks[j] == "nam"
    elif token == "nua" and i + 2 < n and toks[i + 1] in ("dau", "cuoi") and toks[i + 2] == "nam":
        half, j = toks[i + 1], i + 3
    elif token == "nua" and i + 2 < n and toks[i + 1] == "nam" and toks[i + 2] in ("dau", "cuoi"):
        half, j = toks[i + 2], i + 3
    if half is not None:
        return (_Point((1, 1), (6, 31)) if half == "dau" else _Point((7, 1), (12, 31))), j
    modifier = token if token in _MODIFIERS else None
    j = i + (modifier is not None)
    if j >= n:
        return None
    word = toks[j]
    if word in ("quy", "q") or word in _Q_TOKENS:
        quarter = _Q_TOKENS.get(word)
        k = j + 1 + (word == "q" and j + 2 < n and toks[j + 1] == ".")  # `Q.II/2026`
        if quarter is None and k < n and (toks[k] in _ROMAN or _digits(toks[k])):
            value = _ROMAN[toks[k]] if toks[k] in _ROMAN else int(toks[k])
            quarter, k = (value, k + 1) if 1 <= value <= 4 else (None, k)
        if quarter is None:  # `cuối quý`: of every quarter
            if modifier is None or word != "quy":
                return None
            month = _QUARTER_PARTS[modifier]
            return _Point((month, 1), (month, 31), unit=3, generic=True), k
        first = 3 * quarter - 2
        if modifier in ("dau", "giua"):
            month = first + _QUARTER_PARTS[modifier] - 1
            return _Point((month, 1), (month, 31), label="quy"), k
        return _Point((first, 1), (first + 2, 31), label="quy"), k
    if word in ("thang", "t"):
        k = j + 1
        month = None
        if k < n and toks[k] in _ROMAN and word == "thang":
            month, k = _ROMAN[toks[k]], k + 1
        elif found := _number(toks, k, 1, 12):
            month, k = found
        if month is None:  # `cuối tháng`: of every month
            if modifier is None or word != "thang" or (k < n and toks[k] in ("sau", "tiep", "ke")):
                return None
            first_day, last_day = _MONTH_PARTS[modifier]
            return _Point((1, first_day), (1, last_day), unit=1, generic=True), k
        if modifier in ("dau", "giua"):
            first_day, last_day = _MONTH_PARTS[modifier]
            return _Point((month, first_day), (month, last_day), label="thang"), k
        return _Point((month, 1), (month, 31), label="thang"), k
    if modifier is not None and word == "nam":
        first_month, first_day, last_month, last_day = _YEAR_PARTS[modifier]
        return _Point((first_month, first_day), (last_month, last_day), generic=True), j + 1
    return None


def _point(toks: list[str], i: int, after: _Point | None = None) -> tuple[_Point, int] | None:
    """A day or a part of a year, with its year if one follows. ``after``: the first point of
    a range, whose unit a bare numeral goes on with (`Quý II - IV/2026`, `Tháng 3 - 6/2026`)."""
    try:
        if toks[i : i + 2] == ["khai", "giang"]:  # `trước khai giảng năm học (2026 - 2027)`
            j = i + 2
            if school := _school_year(toks, j):
                return _day(*reversed(_SCHOOL_OPENING), school[0]), school[1]
            j += 2 * (toks[j : j + 2] == ["nam", "hoc"])
            return _day(*reversed(_SCHOOL_OPENING), None), j
        if found := _date(toks, i):
            return found
        if found := _part(toks, i):
            point, j = found
            if year := _year_after(toks, j):
                return _Point(point.first, point.last, year[0], label=point.label), year[1]
            return found
        n = len(toks)
        # month/year as Excel writes it, `6/2026`
        month = _number(toks, i, 1, 12)
        if month and month[1] + 1 < n and toks[month[1]] in ("/", "-", ".") and _is_year(toks[month[1] + 1]):
            return _Point((month[0], 1), (month[0], 31), int(toks[month[1] + 1]), label="thang"), month[1] + 2
        if found := _day_month(toks, i):
            return found
        if found := _year(toks, i):
            return _Point((1, 1), (12, 31), found[0]), found[1]
        if after is not None and after.label and i < n:  # `Quý II - IV/2026`, `Tháng 3 - 6`
            found = _part([after.label, toks[i]], 0)
            if found is not None and found[1] == 2:
                point = found[0]
                if year := _year_after(toks, i + 1):
                    return _Point(point.first, point.last, year[0], label=point.label), year[1]
                return point, i + 1
    except ValueError:
        return None
    return None


# A school year runs from September to the end of May: `Năm học 2025 - 2026` is due 31/5/2026,
# `Từ năm học 2025 - 2026` recurs each school year from 1/9/2025, `Hằng năm học` each year
# by 31/5; the school year opens (`khai giảng`) on 5 September everywhere.
_SCHOOL_START, _SCHOOL_END, _SCHOOL_OPENING = (9, 1), (5, 31), (9, 5)


def _school_year(toks: list[str], i: int) -> tuple[int, int] | None:
    """`năm học 2025 - 2026`, `năm học 2025/2026`, `năm học 2025-2026`: its first year."""
    if toks[i : i + 2] != ["nam", "hoc"]:
        return None
    first = _year(toks, i + 2)
    if first is None:
        return None
    j = first[1]
    if j < len(toks) and toks[j] == "/":
        j += 1
    elif to := _match(_TO_INDEX, toks, j):
        j = to[1]
    last = _year(toks, j)
    if last is None or last[0] != first[0] + 1:
        return None  # `năm học 2025` alone: which school year?
    return first[0], last[1]


# `Đầu năm học` is its first month (September), `cuối năm học` its last (May).
_SCHOOL_PARTS = {"dau": ((9, 1), (9, 30)), "cuoi": ((5, 1), (5, 31))}


def _school_year_parts(toks: list[str], i: int, mode: str | None) -> tuple[list[_Part], int] | None:
    modifier = toks[i] if i < len(toks) and toks[i] in _SCHOOL_PARTS else None
    i += modifier is not None
    found = _school_year(toks, i)
    if found is None and modifier is None and mode == _BEFORE and toks[i : i + 3] == ["nam", "hoc", "moi"]:
        return [_Yearly(_day(31, 8, None), None)], i + 3  # `Trước năm học mới`: by the end of August
    if found is None:
        if modifier is None or toks[i : i + 2] != ["nam", "hoc"]:
            return None
        first, last = _SCHOOL_PARTS[modifier]  # `Cuối năm học`: that part of every school year
        return [_Yearly(_Point(first, last, generic=True), mode)], i + 2
    year, j = found
    start, end = date(year, *_SCHOOL_START), date(year + 1, *_SCHOOL_END)
    if modifier is not None:  # `Cuối năm học 2025 - 2026`: May 2026
        first, last = _SCHOOL_PARTS[modifier]
        in_year = year if first[0] >= _SCHOOL_START[0] else year + 1
        start, end = date(in_year, *first), date(in_year, *last)
        if mode == _BEFORE:
            return [_Bound(None, start - timedelta(days=1))], j
        return ([_Bound(start, end)], j) if mode not in (_FROM,) else None
    onward = _match(_ONWARD_INDEX, toks, j)
    if mode == _FROM or onward:  # every school year from that one on, each due at its end
        if mode in (_BEFORE, _BY):
            return None
        end_of_each = _Point(_SCHOOL_END, _SCHOOL_END, is_day=True)
        return [_Bound(start, None, open=True), _Yearly(end_of_each, None)], onward[1] if onward else j
    if mode == _BEFORE:
        return [_Bound(None, start - timedelta(days=1))], j
    if mode == _BY:
        return [_Bound(None, end)], j
    return [_Bound(start, end, school=True)], j


def _span(toks: list[str], i: int, mode: str | None) -> tuple[_Part, int] | None:
    """A point or a range of them, as a deadline (with its year) or a day of every year."""
    each_year = False
    if i + 2 < len(toks) and toks[i] in ("cac", "nhung") and toks[i + 1] == "nam" and _is_year(toks[i + 2]):
        each_year, i = True, i + 1
    found = _point(toks, i)
    if found is None:
        return None
    first, j = found
    last = None
    if (to := _match(_TO_INDEX, toks, j)) and (after := _point(toks, to[1], first)):
        last, j = after
    onward = _match(_ONWARD_INDEX, toks, j)
    if onward:
        j = onward[1]
    try:
        part = _as_part(first, last, mode, each_year, onward is not None)
    except ValueError:
        return None
    return (part, j) if part else None


def _as_part(first: _Point, last: _Point | None, mode: str | None, each_year: bool, onward: bool) -> _Part | None:
    if last is not None:
        if mode in (_BEFORE, _BY) or onward or first.generic or last.generic:
            return None
        if first.year is None and last.year is None:  # `từ tháng 3 đến tháng 6 hằng năm`
            if first.first > last.last:
                return None
            return _Yearly(_Point(first.first, last.last), None)
        if last.year is None:  # `Năm 2026 - tháng 6`: the year goes with the end, not the start
            return None
        start, end = first.start(first.year or last.year), last.end(last.year)
        if start > end:
            return None
        return _Bound(None if first.is_day and first.year is None else start, end, last.is_day, each_year=each_year)
    if first.year is None:
        return None if mode == _FROM or onward or each_year else _Yearly(first, mode)
    year = first.year
    if mode == _FROM or onward:  # `Từ năm 2026`, `Từ quý III/2026 trở đi`: from its start on
        return None if mode in (_BEFORE, _BY) else _Bound(first.start(year), None, open=True)
    if first.is_day:
        return _Bound(None, first.end(year), exact=True, point=first, mode=mode)
    if mode == _BEFORE:
        return _Bound(None, first.start(year) - timedelta(days=1), point=first, mode=mode)
    if mode == _BY:
        return _Bound(None, first.end(year), point=first, mode=mode)
    single = first.whole_year
    return _Bound(first.start(year), first.end(year), single_year=single, each_year=each_year, point=first, mode=mode)


_TIMES = frozenset({"lan", "dot"})  # `2 lần/năm`, `2 đợt/năm`


def _rhythm(toks: list[str], i: int) -> tuple[list[_Part], int] | None:
    """How often: `hằng năm`, `định kỳ 6 tháng`, `6 tháng/lần`, `2 lần/năm`, `cuối mỗi năm`."""
    n = len(toks)
    modifier = toks[i] if i < n and toks[i] in _MODIFIERS else None
    j = i + (modifier is not None)
    if modifier is None and (english := _match(_ENGLISH_INDEX, toks, j)):
        return [_Rhythm(_KIND_OF_MONTHS[english[0]])], english[1]  # type: ignore[index]
    each = _match(_EACH_INDEX, toks, j)
    k = each[1] if each else j
    count = _count(toks, k) if not modifier else None
    if count and count[1] < n and toks[count[1]] in _UNITS:
        months, k = count[0] * _UNITS[toks[count[1]]], count[1] + 1
    elif k + 1 < n and toks[k] == "nua" and toks[k + 1] == "nam" and not modifier:
        months, k = 6, k + 2
    elif k < n and toks[k] in _UNITS:
        months, k = _UNITS[toks[k]], k + 1
        count = None
    else:
        return _times_a_unit(toks, i) if not modifier else None
    if k < n and _is_year(toks[k]):  # `năm 2026` is a year, not a rhythm
        return None
    if months == 12 and toks[k - 1] == "nam" and k < n and toks[k] == "hoc":
        if modifier is not None or count is not None or not each:
            return None
        return [_Rhythm(Kind.ANNUAL), _Yearly(_Point(_SCHOOL_END, _SCHOOL_END, is_day=True), None)], k + 1
    # `/lần`, `một lần`, `1 lần`; `2 lần` (so many times in each unit)
    if k + 1 < n and toks[k] == "/" and toks[k + 1] in _TIMES:
        k += 2
    elif k + 1 < n and toks[k + 1] in _TIMES and (times := _count(toks, k)) and times[0] > 0:
        months, k = months / times[0], k + 2  # type: ignore[assignment]
    elif not each:
        return None  # `6 tháng` alone: within six months, or every six?
    kind = _KIND_OF_MONTHS.get(months)  # type: ignore[call-overload]
    if kind is None:
        return None
    parts: list[_Part] = [_Rhythm(kind)]
    if modifier is not None:  # `cuối mỗi năm`: a part of every year
        if count is not None or not each:
            return None
        part = _part([modifier, toks[k - 1]], 0)
        if part is None:
            return None
        parts.append(_Yearly(part[0], None))
    return parts, k


def _times_a_unit(toks: list[str], i: int) -> tuple[list[_Part], int] | None:
    """`2 lần/năm`, `1 lần mỗi quý`, `hai lần một năm`."""
    times = _count(toks, i)
    if times is None or times[0] == 0 or times[1] >= len(toks) or toks[times[1]] not in _TIMES:
        return None
    j = times[1] + 1
    if j < len(toks) and toks[j] in ("/", "mot", "moi", "trong", "1", "a", "per"):
        j += 1
    if j < len(toks) and toks[j] in _UNITS:
        kind = _KIND_OF_MONTHS.get(_UNITS[toks[j]] / times[0])  # type: ignore[call-overload]
        return ([_Rhythm(kind)], j + 1) if kind else None
    return None


def _due(toks: list[str], i: int, unnamed: bool = False) -> tuple[_Due, int] | None:
    """A day within each period: `ngày 5`, `ngày 25 tháng cuối quý`, `25 của tháng sau`; a bare
    number too where ``unnamed`` (the end of `từ ngày 01 - 05`)."""
    named = unnamed or (i < len(toks) and toks[i] == "ngay")
    i += i < len(toks) and toks[i] == "ngay"
    found = _number(toks, i, 1, 31)
    if found is None:
        return None
    day, j = found
    k = j + (j < len(toks) and toks[j] in ("cua", "trong"))
    if which := _match(_PERIOD_MONTH_INDEX, toks, k):
        unit, month = which[0]  # type: ignore[misc]
        return _Due(day, month, unit), which[1]
    return (_Due(day), j) if named else None


_SENDING = (("bao", "cao"), ("ket", "qua"), ("gui",), ("nop",), ("trinh",))
_SENT_LAST = frozenset(verb[-1] for verb in _SENDING)
_TO_WHOM = frozenset({"ve", "len", "cho", "toi", "den"})
_RECIPIENT_ENDS = frozenset({"truoc", "cham", "han", "trong", "vao", "hang", "moi", "dinh"})


def _recipient(toks: list[str], i: int) -> int | None:
    """Where a report's addressee ends: `Báo cáo (kết quả) về Sở Nội vụ trước ngày 30/11 hằng năm`,
    `Trình UBND tỉnh trước 30/6/2026`. Words without digits or words of time right after a word
    of sending, up to a word that says when (`trước`, `chậm nhất`, `hằng`...); None where no
    such word follows."""
    if i == 0 or toks[i - 1] not in _SENT_LAST or not any(tuple(toks[max(0, i - len(v)) : i]) == v for v in _SENDING):
        return None
    start = i + (i < len(toks) and toks[i] in _TO_WHOM)
    end = start
    while end < len(toks) and end - start < 8 and toks[end].isalpha() and toks[end] not in _TIME_WORDS:
        end += 1
    return end if start < end < len(toks) and toks[end] in _RECIPIENT_ENDS else None


def _leads(toks: list[str], i: int) -> tuple[str | None, int]:
    mode = None
    while True:
        if found := _match(_LEAD_INDEX, toks, i):
            mode, i = found  # type: ignore[assignment]
        elif found := _match(_FILLER_INDEX, toks, i):
            i = found[1]
        elif (end := _time_of_day(toks, i)) is not None:  # `trước 17h00 ngày 30/6/2026`
            i = end
        else:
            return mode, i


def _time_of_day(toks: list[str], i: int) -> int | None:
    """`17h`, `17h00`, `17 giờ`, `14:30`: said of a deadline's day, nothing more."""
    hour = _number(toks, i, 0, 24)
    if hour is None or hour[1] >= len(toks) or toks[hour[1]] not in ("h", "gio", ":"):
        return None
    j = hour[1] + 1
    if j < len(toks) and _digits(toks[j]) and len(toks[j]) == 2:
        j += 1
        if j + 1 < len(toks) and toks[j] == ":" and _digits(toks[j + 1]) and len(toks[j + 1]) == 2:
            j += 2  # seconds, as a spreadsheet writes a date: `2026-06-30 00:00:00`
    return j


def _a_date_goes_on(toks: list[str], end: int) -> bool:
    """ "24/7/2026" is 24 July 2026: "24/7" means round the clock only when no year follows."""
    return end + 1 < len(toks) and toks[end] == "/" and _digits(toks[end + 1])


def _parts(toks: list[str], i: int) -> tuple[list[_Part], int] | None:
    """The parts starting at token ``i``, and where they end; None if none starts there."""
    if found := _match(_FILLER_INDEX, toks, i):
        return [], found[1]
    if toks[i] in ("/", "-") and i > 0:  # `Tháng 12/hằng năm`, `Hằng năm - trước ngày 15/12`
        return [], i + 1
    if (end := _time_of_day(toks, i)) is not None:
        return [], end
    if _match(_VISION_INDEX, toks, i):
        return [], len(toks)
    if (found := _match(_ONGOING_INDEX, toks, i)) and not _a_date_goes_on(toks, found[1]):
        return [_Ongoing()], found[1]
    if found := _match(_ONWARD_INDEX, toks, i):
        return [_Onward()], found[1]
    if found := _rhythm(toks, i):
        return found
    if (end := _recipient(toks, i)) is not None:
        return [], end
    if toks[i : i + 2] == ["dinh", "ky"]:  # `Báo cáo định kỳ trước ngày 15/12 hằng năm`
        return [_Bare(None)], i + 2
    if toks[i : i + 2] == ["giai", "doan"] and i + 2 < len(toks) and _numeral(toks[i + 2]):
        return [], i + 3  # `Giai đoạn I (2021-2023)`, `Giai đoạn 2: 2024-2025`: the phase's number
    mode, j = _leads(toks, i)
    if school := _school_year_parts(toks, j, mode):
        return school
    if span := _span(toks, j, mode):
        if isinstance(span[0], _Yearly) and (later := _match(_NEXT_YEAR_INDEX, toks, span[1])):
            return [span[0], _Rhythm(Kind.ANNUAL)], later[1]  # `Trước ngày 15/01 năm sau`: each year's
        return [span[0]], span[1]
    if due := _due(toks, j):
        first, end = due  # `Từ ngày 20 đến ngày 25 hằng tháng`: a window of days, due on its last
        if (to := _match(_TO_INDEX, toks, end)) and (later := _due(toks, to[1], unnamed=True)):
            last = later[0]
            if last.day <= first.day or (first.month, first.unit) not in ((last.month, last.unit), (_LAST, None)):
                return None
            return [last], later[1]
        return [first], end
    if j > i and mode in (_IN, None) and (found := _rhythm(toks, j)):  # `vào mỗi quý`
        return found
    for size in (2, 1):  # `Báo cáo 6 tháng trước 15/6`: a period named before its day
        bare = tuple(toks[i : i + size])
        ends = _match(_LEAD_INDEX, toks, i + size) or (i > 0 and i + size == len(toks))  # `định kỳ báo cáo 6 tháng`
        if _BARE.get(bare) is not None and len(bare) == size and ends:
            return [_Bare(_BARE[bare])], i + size
    if i > 0 and tuple(toks[i : i + 2]) in _ONCE_EACH:  # `Mỗi năm tổ chức 01 lần`: once in each
        return [], i + 2
    return None


_TOKEN = re.compile(r"[0-9]+|[a-z]+|\S")
_SPELLINGS = {"qui": "quy"}  # `Quí IV/2025`, the older spelling


_MISTYPED_ROMAN = re.compile(r"[ilvx]*l[ilvx]*")  # `Quý lV`, `Quý Il`: an l typed for an I


def _tokens(folded: str, start: int, end: int) -> tuple[list[re.Match[str]], list[str]]:
    matches = list(_TOKEN.finditer(folded, start, end))
    toks = [_SPELLINGS.get(m.group(), m.group()) for m in matches]
    if "l" in folded[start:end]:
        for at in range(1, len(toks)):
            if toks[at - 1] in ("quy", "thang") and _MISTYPED_ROMAN.fullmatch(toks[at]):
                toks[at] = toks[at].replace("l", "i")
    return matches, toks


def _numeral(token: str) -> bool:
    return token in _ROMAN or (_digits(token) and len(token) <= 2)


def _label(toks: list[str]) -> str | None:
    """The word a list goes on with: `quý` in `Quý I, II/2026`, `tháng` in `Tháng 3, 9 hằng năm`."""
    for at in range(len(toks) - 2, -1, -1):
        if toks[at] in ("quy", "thang") and _numeral(toks[at + 1]):
            return toks[at]
    return None


def _clause(
    matches: list[re.Match[str]], toks: list[str], label: str | None = None
) -> tuple[list[_Part], int | None] | None:
    """The parts of one clause and where a condition starts in it (None: no condition);
    None when it is not understood. ``label``: the unit of the clause before, which a clause
    starting with a bare numeral goes on with (`Tháng 3, 9 hằng năm`: `9` is `tháng 9`)."""
    first = 0
    while found := _match(_FILLER_INDEX, toks, first):  # `Báo cáo 6 tháng và năm`
        first = found[1]
    if tuple(toks[first:]) in _BARE:
        return [_Bare(_BARE[tuple(toks[first:])])], None
    if label is not None and toks and _numeral(toks[0]) and (listed := _read([label, *toks], 0)) is not None:
        parts, condition = listed  # `Quý 3, 4/2026`: `4/2026` is quarter 4, not April
        return parts, None if condition is None else matches[condition - 1].start()
    found = _read(toks, 0)
    if found is None:
        return None
    parts, condition = found
    return parts, None if condition is None else matches[condition].start()


def _read(toks: list[str], i: int) -> tuple[list[_Part], int | None] | None:
    """The parts from token ``i`` to the end, and the token a condition starts at. Where the
    parts that follow cannot be read, an opener starts a condition instead: in `Hằng năm
    theo quy định`, `theo quy` is not `theo quý` but the start of a condition."""
    if i == len(toks):
        return [], None
    found = _parts(toks, i)
    if found is not None and (rest := _read(toks, found[1])) is not None:
        return found[0] + rest[0], rest[1]
    opener = _match(_OPENER_INDEX, toks, i)
    if opener is None or (toks[opener[1] - 1] == "ngay" and opener[1] < len(toks) and _digits(toks[opener[1]])):
        return None  # `Từ ngày 25 đến ngày 5 hằng tháng` names days: unread, not a condition
    return [], i


# -- the cell -----------------------------------------------------------------------------------

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SEPARATORS = re.compile(r"[,;+()\[\]{}]|:(?!\d)|\bva\b|\band\b|\bhoac\b|\bor\b")  # `Hằng năm: trước 15/12`, not 14:30
_EDGES = " .:\"'\u201c\u201d\u2018\u2019\u2026"  # and quotes, `“Hằng năm”`, and an ellipsis
# A footnote's mark after a timeframe, "Hằng năm (2)", "Quý II/2026 (*)", "Thường xuyên*":
# a number of one or two digits or stars in brackets, or stars at the end, no time of its own.
# Superscript digits are footnote marks wherever they stand: "Hằng năm¹".
_FOOTNOTE = re.compile(r"[(\[]\s*(?:\d{1,2}|\*{1,3})\s*[)\]]|\*+\s*$|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
# A list's bullet at the start of a line, "- Hằng năm", "• Thường xuyên": a dash or a star only
# with a space after it (`-2026` is no bullet). Each line so marked is a clause of its own.
_BULLET_SIGNS = "\u2022\u00b7\u25aa\u25cf\u25e6\u25cb\u25a0\u25a1\u25ba\u27a2\u2713"  # • · ▪ ● ◦ ○ ■ □ ► ➢ ✓
_BULLET = re.compile(rf"(?m)^([ \t]*)(?:[{_BULLET_SIGNS}]|[-\u2010-\u2015\u2212*+](?=[ \t]))")
_BULLET_MARK = "\x00"  # not white space: clean() keeps it, and with it every position


def _clause_spans(folded: str) -> list[tuple[int, int]]:
    spans, begin = [], 0
    for separator in (*_SEPARATORS.finditer(folded), None):
        end = separator.start() if separator else len(folded)
        left, right = begin, end
        while left < right and folded[left] in _EDGES:
            left += 1
        while right > left and folded[right - 1] in _EDGES:
            right -= 1
        if left < right:
            spans.append((left, right))
        begin = separator.end() if separator else end
    return spans


# Words that can say when: a bracketed clause holding none of them, and no digit, is a note.
_TIME_WORDS = frozenset(
    (
        *_UNITS,
        *_ROMAN,
        *_Q_TOKENS,
        *_MODIFIERS,
        *("ngay", "tuan", "hang", "moi", "dinh", "ky", "lan", "dot", "hoc"),
        *(word for phrase in (*_LEADS, *_ONGOING, *_ONWARD) for word in phrase.split()),
    )
)


def _is_note(folded: str, start: int, end: int) -> bool:
    """`Quý II/2026 (trình UBND tỉnh)`, `Năm 2026 (ưu tiên)`: a note in brackets after a time,
    with no digit and no word of time in it, says nothing of when. It stays in the raw text."""
    if not folded[:start].rstrip(" .:").endswith(("(", "[")) or not folded[:start].strip(" .:([").strip():
        return False
    _, toks = _tokens(folded, start, end)
    return not any(_digits(t) or t in _TIME_WORDS or not t.isalpha() for t in toks)


def _condition_text(raw: str, start: int, end: int) -> str:
    # A condition that runs on into a parenthesis keeps its closing bracket.
    while end < len(raw) and raw[end] in ")]}" and raw[start:end].count("(") > raw[start:end].count(")"):
        end += 1
    return raw[start:end].strip(" .,;:+")


@lru_cache(maxsize=4096)  # plans repeat the same few dozen timeframes thousands of times
def parse_timeframe(raw: str | None) -> Timeframe:
    """Read a `Thời gian` cell. Never raises; the original text is kept as ``raw``."""
    text = nfc(raw or "").replace(_BULLET_MARK, "")
    raw = clean(text)
    marked = clean(_BULLET.sub(lambda m: m.group(1) + _BULLET_MARK, text))  # as long as raw
    # as long as raw: a span of one is a span of the other
    folded = _DASHES.sub("-", fold(marked)).replace(_BULLET_MARK, ";")
    if "(" in folded or "[" in folded or "*" in folded or not folded.isascii():  # blanked, spans stay as long
        folded = _FOOTNOTE.sub(lambda m: " " * len(m.group()), folded)
    spans = _clause_spans(folded)
    if not spans:
        return Timeframe(raw, Kind.BLANK)
    parts: list[_Part] = []
    conditions: list[list[int]] = []  # [start, end] in raw
    absorbing = False  # a condition goes on over the clauses that are not timeframes
    label = None
    for start, end in spans:
        matches, toks = _tokens(folded, start, end)
        found = _clause(matches, toks, label)
        label = _label(toks) or (label if found is not None else None)
        if absorbing and (found is None or not any(isinstance(p, _TIME_PARTS) for p in found[0])):
            conditions[-1][1] = end
            continue
        if found is None and _is_note(folded, start, end):
            continue
        if found is None:
            return Timeframe(raw, Kind.UNPARSED)
        more, condition = found
        parts += more
        absorbing = condition is not None
        if condition is not None:
            conditions.append([condition, end])
    text = "; ".join(_condition_text(raw, start, end) for start, end in conditions) or None
    return _combine(raw, parts, text)


def _combine(raw: str, parts: list[_Part], condition: str | None) -> Timeframe:
    unparsed = Timeframe(raw, Kind.UNPARSED)
    listed = {p.kind for p in parts if isinstance(p, _Bare) and p.kind is not None}
    if not any(isinstance(p, _TIME_PARTS) for p in parts) and len(listed) < 2:
        return Timeframe(raw, Kind.CONDITIONAL, condition=condition) if condition else unparsed
    ongoing = any(isinstance(p, _Ongoing) for p in parts)
    rhythms = {p.kind for p in parts if isinstance(p, _Rhythm)}
    bare = [p.kind for p in parts if isinstance(p, _Bare)]
    bounds = [p for p in parts if isinstance(p, _Bound)]
    yearly = [p for p in parts if isinstance(p, _Yearly)]
    dues = [p for p in parts if isinstance(p, _Due)]
    # `Báo cáo quý, 6 tháng, năm`: periods listed side by side are how often it is reported, and
    # so is one with its day in each (`Báo cáo tháng trước ngày 25`, `Báo cáo năm trước 15/12`)
    days = dues or any(p.point.is_day for p in yearly)
    if any(kind is not None for kind in bare) and not rhythms and len(listed) < 2 and not days:
        return unparsed  # `6 tháng` alone: how long, or how often?
    rhythms |= {kind for kind in bare if kind is not None}

    yearly, dues = _within(yearly, dues)
    if any(isinstance(p, _Onward) for p in parts):  # `Năm 2026 và các năm tiếp theo`
        point, mode = (bounds[0].point, bounds[0].mode) if len(bounds) == 1 else (None, None)
        if len(bounds) == 1 and bounds[0].open:
            pass  # `Từ năm 2026 và các năm tiếp theo`: said twice
        elif len(bounds) == 1 and bounds[0].school and not yearly:  # `Năm học 2025 - 2026 và các năm sau`
            bounds = [_Bound(bounds[0].start, None, open=True)]
            yearly.append(_Yearly(_Point(_SCHOOL_END, _SCHOOL_END, is_day=True), None))
        elif len(bounds) == 1 and point is None and bounds[0].start is not None and bounds[0].end is not None:
            bounds = [_Bound(bounds[0].start, None, open=True)]  # `2018 - 2020 và những năm tiếp theo`
        elif point is None or point.year is None:
            return unparsed
        else:
            bounds = [_Bound(date(point.year, 1, 1), None, open=True)]
        if point is not None and not point.whole_year:  # `Quý IV/2025 và các năm tiếp theo`: that part of every year
            yearly.append(_Yearly(_Point(point.first, point.last, is_day=point.is_day), mode))
    if bounds and len(bounds) + len(yearly) > 1 and not rhythms and not ongoing and not dues:
        bounds, yearly = _listed(bounds, yearly)
    if len(bounds) > 1:
        return unparsed  # two deadlines: a person has to decide
    bound = bounds[0] if bounds else None
    point = bound.point if bound is not None else None
    if len(dues) == 1 and not yearly and not rhythms and point is not None and point.year and not point.is_day:
        due = dues[0]  # `Tháng 6/2026 (trước ngày 15)`: that day of its last month
        if due.month == _LAST and due.unit is None and bound is not None and bound.mode in (None, _IN):
            with suppress(ValueError):
                yearly, dues = [_Yearly(_day(due.day, point.last[0], None), None)], []

    # `Quý II, năm 2026`, `ngày 15 tháng 7, năm 2026`: a part of that one year
    if yearly and not rhythms and not ongoing and bound is not None and (bound.single_year or _holds(bound, yearly)):
        if len(yearly) > 1 or yearly[0].point.generic or dues:
            return unparsed
        assert bound.start is not None
        point, mode = yearly[0].point, yearly[0].mode
        merged: _Part | None = None
        with suppress(ValueError):  # 29/2 with a year that has none stays unread
            in_year = _Point(point.first, point.last, bound.start.year, is_day=point.is_day)
            merged = _as_part(in_year, None, mode, each_year=False, onward=False)
        if not isinstance(merged, _Bound):
            return unparsed
        bound, yearly = merged, []

    # `Quý I/2026 và hằng năm`: that part of every year from 2026, not only of 2026
    if rhythms == {Kind.ANNUAL} and not yearly and not dues and bound is not None and bound.point is not None:
        point = bound.point
        if point.year is not None and not point.whole_year and not point.is_day and bound.mode in (None, _IN):
            bound = _Bound(date(point.year, 1, 1), None, open=True)
            yearly = [_Yearly(_Point(point.first, point.last), None)]

    implied = {_KIND_OF_MONTHS[p.point.unit] for p in yearly if p.point.generic}
    implied |= {d.unit for d in dues if d.unit is not None}
    if rhythms == {Kind.ANNUAL} and len(implied) == 1 and PERIOD_MONTHS[next(iter(implied))] < 12:
        rhythms = set(implied)  # `Cuối quý hằng năm`: the end of each quarter, year after year
    if rhythms:
        kind = min(rhythms, key=PERIOD_MONTHS.__getitem__)
        # `Định kỳ 6 tháng (trước 15/6) và hằng năm (trước 15/12)`: days of the year fit the
        # shortest rhythm or nothing; a day within "each period" is ambiguous between two.
        if len(rhythms) > 1 and dues:
            return unparsed
        if implied - {kind}:
            return unparsed
    elif len(implied) == 1:
        kind = implied.pop()
    elif implied:
        return unparsed
    elif (bound is not None and (bound.open or (bound.each_year and yearly))) or (ongoing and (yearly or dues)):
        kind = Kind.ANNUAL  # every year from 2026; `Thường xuyên, trước 15/12`: reported by that day
    else:
        if yearly or dues:
            return unparsed  # `Trước ngày 15/12`, `Quý II`: which year?
        if bound is not None:  # `Thường xuyên, 2018 - 2025` still has a deadline
            first, last = bound.start, bound.end
            assert last is not None
            kind = Kind.RANGE if first is not None and first.year != last.year else Kind.ONCE
            return Timeframe(raw, kind, first, last, condition=condition)
        return Timeframe(raw, Kind.ONGOING, condition=condition)

    if bound is not None and bound.exact:  # `Hàng năm, trước ngày 30/6/2026`: every year, or once?
        return unparsed
    if yearly and dues:
        return unparsed
    start, deadline = (bound.start, bound.end) if bound is not None else (None, None)
    due: tuple[Kind, tuple[int, int]] | None = None
    if yearly:
        due = _fit(kind, [_yearly_due(p) for p in yearly])
    elif dues:
        due = _due_in_period(kind, dues)
    else:
        return Timeframe(raw, kind, start, deadline, condition=condition)
    if due is None:
        if len(yearly) > 1 and all(not p.point.generic for p in yearly):
            days = [f"{min(d, _days_in(m))}/{m}" for _, (m, d) in filter(None, map(_yearly_due, yearly))]
            why = (
                f"due {', '.join(days[:-1])} and {days[-1]} each year, which no single rhythm gives: a task "
                "holds one due day per period (year, half, quarter or month); split it into one task per day"
            )
            return Timeframe(raw, Kind.UNPARSED, why=why)
        return unparsed
    kind, (month, day) = due
    if kind is Kind.ANNUAL:
        return Timeframe(raw, kind, start, deadline, MonthDay(month, min(day, _days_in(month))), condition=condition)
    period_due = None if (month, day) == (PERIOD_MONTHS[kind], 31) else PeriodDay(month, day)
    return Timeframe(raw, kind, start, deadline, None, period_due, condition)


def _holds(bound: _Bound, yearly: list[_Yearly]) -> bool:
    """One day or part of a year inside a part with its year: `Tháng 9/2026 (khai giảng)`."""
    point = bound.point
    if len(yearly) != 1 or point is None or point.year is None or point.is_day or bound.mode not in (None, _IN):
        return False
    inner = yearly[0].point
    return not inner.generic and inner.unit == 12 and point.first <= inner.first and inner.last <= point.last


def _within(yearly: list[_Yearly], dues: list[_Due]) -> tuple[list[_Yearly], list[_Due]]:
    """A day given inside a part of the year given with it is the part's due day: `Quý IV
    hằng năm (trước 15/12)` is due 15/12; a day without its month is in the part's last month
    (`Tháng 12 hằng năm, trước ngày 15`: 15/12), as in any period."""
    parts = [p for p in yearly if not p.point.is_day and not p.point.generic and p.point.unit == 12]
    if len(parts) != 1 or parts[0].mode not in (None, _IN):
        return yearly, dues
    part = parts[0].point
    days = [p for p in yearly if p.point.is_day]
    if len(days) == 1 and len(yearly) == 2 and not dues and part.first <= days[0].point.last <= part.last:
        return days, dues
    if len(yearly) == 1 and len(dues) == 1 and dues[0].month == _LAST and dues[0].unit is None:
        month = part.last[0]
        with suppress(ValueError):
            return [_Yearly(_day(dues[0].day, month, None), None)], []
    return yearly, dues


def _listed(bounds: list[_Bound], yearly: list[_Yearly]) -> tuple[list[_Bound], list[_Yearly]]:
    """Parts of a year listed one after another are one span: `Quý I, II/2026` (the year of
    the last one is theirs), `Tháng 3/2026, tháng 4/2026`. Parts with a gap between them
    (`Quý I/2026, Quý III/2026`) stay two deadlines."""
    if len(bounds) == 2 and not yearly and bounds[0].exact != bounds[1].exact:
        day, span = sorted(bounds, key=lambda b: not b.exact)  # `Năm 2026; báo cáo trước 15/12/2026`
        if span.start is not None and span.end is not None and day.end is not None and not span.open:
            return ([day], yearly) if span.start <= day.end <= span.end else (bounds, yearly)
    last = bounds[-1]
    if yearly:
        point = last.point
        if len(bounds) > 1 or point is None or point.year is None or point.whole_year or point.is_day:
            return bounds, yearly
        if _holds(last, yearly) or any(p.point.is_day for p in yearly):
            return bounds, yearly  # a day or part inside it: read as that part of its year
        if last.mode not in (None, _IN) or any(p.mode not in (None, _IN) or p.point.generic for p in yearly):
            return bounds, yearly
        try:
            given = [
                _as_part(_Point(p.point.first, p.point.last, point.year), None, None, False, False) for p in yearly
            ]
        except ValueError:
            return bounds, yearly
        if not all(isinstance(p, _Bound) for p in given):
            return bounds, yearly
        bounds = [p for p in given if isinstance(p, _Bound)] + bounds
    if any(b.start is None or b.end is None or b.open or b.exact or b.school for b in bounds):
        return bounds, yearly
    ordered = sorted(bounds, key=lambda b: b.start or date.min)
    for before, after in pairwise(ordered):
        assert before.end is not None
        if after.start != before.end + timedelta(days=1):
            return bounds, yearly
    return [_Bound(ordered[0].start, ordered[-1].end)], []


def _days_in(month: int) -> int:
    return calendar.monthrange(2000, month)[1]  # a leap year: 29/2 stays, in_year() moves it


def _yearly_due(part: _Yearly) -> tuple[int, tuple[int, int]] | None:
    """(months of its unit, (month, day) due), the day 31 meaning the month's end."""
    point = part.point
    month, day = point.last
    if part.mode == _BEFORE and not point.is_day:
        month, day = point.first
        if day > 1:
            day -= 1
        elif month > 1:
            month, day = month - 1, 31
        else:
            return None  # the day before the year starts
    if point.unit == 12 and day >= _days_in(month):
        day = 31
    return point.unit, (month, day)


def _fit(kind: Kind, dues: list[tuple[int, tuple[int, int]] | None]) -> tuple[Kind, tuple[int, int]] | None:
    """The one day in each period that the days given name, one for every period of the year:
    `15/6 và 15/12` in the halves of a semiannual task is the 15th of each half's sixth month.
    Several days of the year under `hằng năm` make shorter periods when they fit them
    (`Tháng 6 và tháng 12 hằng năm`); `cuối quý` is already a day of every quarter."""
    if any(due is None for due in dues):
        return None
    given = [due for due in dues if due is not None]
    own = {day for unit, day in given if unit != 12}
    if own:
        if len(own) != 1 or len(own) != len(given) or any(unit != PERIOD_MONTHS[kind] for unit, _ in given):
            return None
        return kind, own.pop()
    days = [day for _, day in given]
    kinds = (
        [kind] if kind is not Kind.ANNUAL else [k for k, months in PERIOD_MONTHS.items() if 12 // months == len(days)]
    )
    for candidate in kinds:
        months = PERIOD_MONTHS[candidate]
        periods = {(month - 1) // months for month, _ in days}
        offsets = {((month - 1) % months + 1, day) for month, day in days}
        if len(periods) == len(days) == 12 // months and len(offsets) == 1:
            return candidate, offsets.pop()
    return None


def _due_in_period(kind: Kind, dues: list[_Due]) -> tuple[Kind, tuple[int, int]] | None:
    months = PERIOD_MONTHS[kind]
    found = set()
    for due in dues:
        month = months if due.month == _LAST else 1 if due.month == _NEXT else due.month
        if month > months:
            return None
        found.add((month, due.day))
    if len(found) != 1:
        return None
    month, day = found.pop()
    if kind is Kind.ANNUAL and day > _days_in(month):
        return None
    return kind, (month, day)
