"""A plan as read from its table: columns, sections, tasks and the data-quality problems found.

Values only. Reading them from a file is `seed/`'s work, storing them is `db/`'s; both
depend on these types, so they live below both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from domain.agencies import CellAgency
from domain.funding import Funding
from domain.timeframes import Kind, Timeframe


class Role(StrEnum):
    NUMBER = "number"
    CONTENT = "content"
    LEAD = "lead"
    COORDINATORS = "coordinators"
    TIMEFRAME = "timeframe"
    FUNDING = "funding"
    EXTRA = "extra"  # a column we do not interpret (Sản phẩm, Ghi chú...): kept as is


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    role: Role


class ProblemKind(StrEnum):
    UNKNOWN_AGENCY = "unknown_agency"
    NO_LEAD = "no_lead"
    BLANK_TIMEFRAME = "blank_timeframe"
    UNPARSED_TIMEFRAME = "unparsed_timeframe"
    UNRECOGNISED_FUNDING = "unrecognised_funding"
    MISSING_CELLS = "missing_cells"
    EXTRA_CELLS = "extra_cells"
    UNNUMBERED_ROW = "unnumbered_row"
    DUPLICATE_CODE = "duplicate_code"
    IGNORED_ROW = "ignored_row"
    PROVINCE_UNSURE = "province_unsure"  # "Đài PT-TH tỉnh" in a plan naming two provinces
    HEADING_ROW = "heading_row"  # "1." above "1.1", "1.2", with no lead and no timeframe


# slots: a large plan holds tens of thousands of these at once
@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    line: int
    code: str | None = None  # the task it concerns, when there is one
    detail: str = ""
    why: str = ""  # what makes it a problem, when the detail alone does not say


@dataclass(frozen=True)
class ParsedSection:
    numeral: str
    title: str
    position: int
    line: int


@dataclass(frozen=True, slots=True)
class ParsedTask:
    code: str
    section: str | None
    number: str
    position: int
    content: str
    lead_text: str
    coordinators_text: str
    leads: tuple[CellAgency, ...]
    coordinators: tuple[CellAgency, ...]
    timeframe: Timeframe
    funding: Funding
    extra: dict[str, str]
    line: int


@dataclass
class ParsedPlan:
    source: str
    columns: list[Column]
    sections: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Tasks whose row merely ends early: only optional trailing cells (funding, extra columns,
    # coordinators) missing, and the rest reads as its columns say (its timeframe is readable:
    # a header with a cell too many puts another column's cells, or none, under `Thời gian`).
    ended_early: set[str] = field(default_factory=set)
    # The province the plan is of when it is another than the alias table's ("Thanh Hóa"):
    # "tỉnh" in its cells is that province, and its bodies are that province's.
    province: str | None = None

    @property
    def unknown_agencies(self) -> list[str]:
        seen: dict[str, None] = {}
        for task in self.tasks:
            for agency in (*task.leads, *task.coordinators):
                if not agency.known:
                    seen.setdefault(agency.name)
        return list(seen)

    def count(self, kind: Kind) -> int:
        return sum(1 for task in self.tasks if task.timeframe.kind is kind)
