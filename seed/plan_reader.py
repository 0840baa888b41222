"""From table rows to a parsed plan: sections, tasks and every data-quality problem.

Pure: takes rows and an agency directory, returns values. Nothing here knows where the
rows came from (text, .docx, .xlsx) or where the plan will be stored.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Sequence

from domain.agencies import AgencyDirectory, CellAgency
from domain.funding import parse_funding
from domain.plan_table import Column, ParsedPlan, ParsedSection, ParsedTask, Problem, ProblemKind, Role
from domain.text import key
from domain.timeframes import Kind, parse_timeframe
from seed.columns import BOTH_DUTIES, header_index, row_cells
from seed.table import PlanFormatError, RawRow

_ROMAN = r"(?=[IVXLC])(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
_SECTION_MARK = re.compile(rf"{_ROMAN}|[A-Z]")
_TASK_NUMBER = re.compile(r"\d+(?:\.\d+)*")
# "1)", "(2)": a task number in brackets, as plans also write them.
_BRACKETED_NUMBER = re.compile(r"\(?(\d+(?:\.\d+)*)\)")
# "a)", "b.", "(c)": the items of the task numbered before them ("1." then "a)", "b)"), or
# of the section when none is: numbered "1.a", "1.b" (tasks "I.1.a", "I.1.b").
_LETTER = re.compile(r"\(?([a-zđ])[).]")
# Cells a row can end without ("the last row has no funding cell"): no column after them is
# missing the cells it names.
_OPTIONAL = frozenset({Role.FUNDING, Role.EXTRA, Role.COORDINATORS})
# An agency cell that says "the same as the row above" ("Như trên", "nt", a ditto mark): the
# agencies of the task above, as an official reads it; one that says "none" ("Không").
_AS_ABOVE = frozenset({"nhu tren", "nt", "nhu tren nt"})
_DITTO_MARKS = frozenset({'"', "''", "\u201c\u201d", "\u3003", '""'})
_NONE = frozenset({"khong", "khong co"})
_SHORTEST_NAME = 16  # longer than any of those written out ("Như trên (nt)"), shorter than bodies' names
_SECTION_IN_ONE_CELL = re.compile(rf"(?P<numeral>{_ROMAN}|[A-Z])\s*[.:)\-–]\s*(?P<title>.+)", re.S)


def _find_header(rows: Sequence[RawRow], source: str) -> tuple[int, list[Column]]:
    found = header_index(rows)
    if found is not None:
        return found
    line = rows[0].line if rows else None
    raise PlanFormatError(
        source,
        "no task table header found: the table should start with a row naming its columns, "
        "such as STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kinh phí",
        line,
        kind="no_header",
    )


def starts_a_row(number: str) -> bool:
    """Whether a number cell opens a section (I, II... A, B...), a task (1, 2.3..., "1)") or
    a task's lettered item ("a)", "b.", "(c)": a table split after "1." goes on with them)."""
    number = number.strip()
    if _LETTER.fullmatch(number) or _BRACKETED_NUMBER.fullmatch(number):
        return True
    number = number.rstrip(".").upper()
    return bool(_SECTION_MARK.fullmatch(number) or _TASK_NUMBER.fullmatch(number))


def _is_column_numbering(cells: list[str]) -> bool:
    """Rows such as `(1) (2) (3) ...` under a header number the columns, not tasks."""
    if next((c for c in cells if c), "").strip("()") != "1":
        return False  # task rows: known from their first cell, without listing them all
    numbers = [c.strip("()") for c in cells if c]
    return len(numbers) >= 3 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


class _Reader:
    def __init__(self, source: str, columns: list[Column], directory: AgencyDirectory, province: str | None = None):
        self.plan = ParsedPlan(source, columns, province=province)
        self.directory = directory
        self.province = province
        self.by_role = {c.role: c for c in columns if c.role is not Role.EXTRA}
        self.width = max(c.index for c in columns) + 1
        self.section: str | None = None
        self.last_number: str | None = None  # the section's last task numbered with digits
        self.last_row: list[str] | None = None  # the cells of the task row just read
        self.merged: frozenset[int] = frozenset()  # the row's cells merged with those above
        self.parent: ParsedTask | None = None  # the section's last task numbered with digits
        # a section row that gives a lead or a time ("I | Công tác tuyên truyền | Sở VHTTDL"):
        # waiting to see whether tasks follow (its duties are theirs) or not (a task itself)
        self.pending: tuple[list[str], str, int] | None = None
        self.section_parent: ParsedTask | None = None
        self.codes: Counter[str] = Counter()
        self.unnumbered: Counter[str | None] = Counter()
        self.header_texts = [c.header for c in columns]
        self.above: dict[Role, str] = {}  # the agency cells of the task above
        self.extra_columns = [c for c in columns if c.role is Role.EXTRA]
        # "Cơ quan chủ trì, phối hợp" and no column of coordinators: a cell that gives no
        # duties names the lead first, then those who coordinate ("Sở Y tế; Sở Tài chính")
        lead = self.by_role.get(Role.LEAD)
        self.lead_first = (
            lead is not None and Role.COORDINATORS not in self.by_role and bool(BOTH_DUTIES.fullmatch(key(lead.header)))
        )

    def problem(self, kind: ProblemKind, line: int, code: str | None = None, detail: str = "", why: str = "") -> None:
        self.plan.problems.append(Problem(kind, line, code, detail, why))

    def get(self, cells: list[str], role: Role) -> str:
        column = self.by_role.get(role)
        return cells[column.index] if column and column.index < len(cells) else ""

    def row(self, raw: RawRow) -> None:
        self.merged = raw.merged
        cells = row_cells(raw.cells)
        while len(cells) > self.width and not cells[-1]:
            cells.pop()  # an extra empty trailing cell is common and harmless
        filled = [c for c in cells if c]
        if not filled or _is_column_numbering(cells) or cells[: len(self.header_texts)] == self.header_texts:
            return
        number = self.get(cells, Role.NUMBER)
        if number[-1:] == ")" and (bracketed := _BRACKETED_NUMBER.fullmatch(number)):
            number = bracketed[1]
        number = number.rstrip(".")
        if self._section(cells, filled, number, raw.line):
            return
        content = self.get(cells, Role.CONTENT)
        if not content and len(filled) == 1:
            self.problem(ProblemKind.IGNORED_ROW, raw.line, detail=filled[0][:120])
            return
        self._task(cells, number, raw.line)

    def _section(self, cells: list[str], filled: list[str], number: str, line: int) -> bool:
        """Section rows hold a numeral (I, II... or A, B...) and a title, nothing else.
        ``filled``: the row's cells that are not empty."""
        if number and _SECTION_MARK.fullmatch(number.upper()):
            number_column = self.by_role.get(Role.NUMBER)
            others = [c for i, c in enumerate(cells) if c and (number_column is None or i != number_column.index)]
            if len(others) <= 1:
                self._add_section(number.upper(), others[0] if others else "", line)
                return True
            if self.get(cells, Role.CONTENT) and any(
                self.get(cells, role) for role in (Role.LEAD, Role.COORDINATORS, Role.TIMEFRAME)
            ):
                self._add_section(number.upper(), self.get(cells, Role.CONTENT), line)
                self.pending = (cells, number.upper(), line)
                return True
        if len(filled) == 1 and (m := _SECTION_IN_ONE_CELL.fullmatch(filled[0])):
            self._add_section(m["numeral"], m["title"].strip(), line)
            return True
        return False

    def finish(self) -> None:
        """A section row with duties and no task under it is a task: its code its numeral."""
        if self.pending is not None:
            cells, numeral, line = self.pending
            self.pending = None
            self._add_task(cells, numeral, numeral, numeral, line)

    def _add_section(self, numeral: str, title: str, line: int) -> None:
        self.finish()
        self.section_parent = None
        self.section = numeral
        self.last_number = None
        self.last_row = None
        self.parent = None
        self.plan.sections.append(ParsedSection(numeral, title, len(self.plan.sections) + 1, line))

    def _continues(self, cells: list[str], number: str) -> bool:
        """Whether a row goes on with the task just read: its number, agencies and time
        merged down over both rows (Word and Excel give the merged cells on each), its own
        content under them ("1 | Tuyên truyền ..." then "1 | Tổ chức hội thi ..."): one task
        whose content has both lines, not the same code twice."""
        last, number_column = self.last_row, self.by_role.get(Role.NUMBER)
        if last is None or not number or number_column is None or number_column.index not in self.merged:
            return False
        if not self.get(cells, Role.CONTENT):
            return False
        same = (Role.NUMBER, Role.LEAD, Role.COORDINATORS, Role.TIMEFRAME)
        return self.get(cells, Role.CONTENT) != self.get(last, Role.CONTENT) and all(
            self.get(cells, role) == self.get(last, role) for role in same
        )

    def _task(self, cells: list[str], number: str, line: int) -> None:
        if self.pending is not None:
            # tasks under a section row with duties: they have its lead and time unless they
            # give their own, and it is no task itself
            pending, numeral, at = self.pending
            self.pending = None
            self.section_parent = self._add_task(pending, numeral, numeral, numeral, at, keep=False)
        if self._continues(cells, number):
            task = self.plan.tasks[-1]
            content = f"{task.content}\n{self.get(cells, Role.CONTENT)}"
            self.plan.tasks[-1] = dataclasses.replace(task, content=content)
            return
        self.last_row = cells
        given = number
        if _TASK_NUMBER.fullmatch(number):
            self.last_number = number
        elif letter := _LETTER.fullmatch(f"{number}." if len(number) == 1 else number):
            number = f"{self.last_number}.{letter[1]}" if self.last_number else letter[1]
            given = number
        else:
            self.unnumbered[self.section] += 1
            number = f"x{self.unnumbered[self.section]}"
        code = f"{self.section}.{number}" if self.section else number
        if number != given:
            self.problem(ProblemKind.UNNUMBERED_ROW, line, code, given)
        self._add_task(cells, code, number, given, line)

    def _count(self, code: str, line: int) -> str:
        """The code, made unique when the plan has it already (reported)."""
        self.codes[code] += 1
        if self.codes[code] > 1:
            first, code = code, f"{code}-{self.codes[code]}"
            self.problem(ProblemKind.DUPLICATE_CODE, line, code, first)
        return code

    def _add_task(
        self, cells: list[str], code: str, number: str, given: str, line: int, keep: bool = True
    ) -> ParsedTask:
        """The task of a row; ``keep``: added to the plan with its problems, else only read
        (a section row whose lead and time its tasks have)."""
        problems: list[tuple] = []

        def problem(*args: object) -> None:
            problems.append(args)

        if keep:
            code = self._count(code, line)
        # most rows have every cell: the columns are then not looked through at all
        missing = [c for c in self.plan.columns if c.index >= len(cells)] if len(cells) < self.width else []
        if missing:
            problem(ProblemKind.MISSING_CELLS, line, code, ", ".join(c.header for c in missing))
        if len(cells) > self.width:
            problem(ProblemKind.EXTRA_CELLS, line, code, " | ".join(cells[self.width :]))

        lead_text = self._agency_cell(cells, Role.LEAD)
        coordinators_text = self._agency_cell(cells, Role.COORDINATORS)
        parent = self._parent_of(given) if keep else None
        if parent is not None and not (lead_text or coordinators_text):
            # "1. Tuyên truyền | Sở VHTTDL" then "a) Trên báo chí" with no agency: an item of
            # the task above, owed by its lead and helped by its coordinators
            lead_text, coordinators_text = parent.lead_text, parent.coordinators_text
            leads, coordinators = list(parent.leads), list(parent.coordinators)
        else:
            leads, coordinators = self.directory.split_task(lead_text, coordinators_text, self.province)
        if self.lead_first and not coordinators and len(leads) > 1:
            leads, coordinators = leads[:1], leads[1:]
        if not leads:
            problem(ProblemKind.NO_LEAD, line, code)
        for agency in (*leads, *coordinators):
            if not agency.known:
                problem(ProblemKind.UNKNOWN_AGENCY, line, code, agency.name)

        timeframe = parse_timeframe(self.get(cells, Role.TIMEFRAME))
        if parent is not None and timeframe.kind is Kind.BLANK:
            timeframe = parent.timeframe  # and when, unless it says its own
        if keep and missing and all(c.role in _OPTIONAL for c in missing) and not timeframe.needs_attention:
            self.plan.ended_early.add(code)
        if timeframe.kind is Kind.BLANK:
            problem(ProblemKind.BLANK_TIMEFRAME, line, code)
        elif timeframe.kind is Kind.UNPARSED:
            problem(ProblemKind.UNPARSED_TIMEFRAME, line, code, timeframe.raw, timeframe.why or "")
        funding = parse_funding(self.get(cells, Role.FUNDING))
        for piece in funding.unrecognised:
            problem(ProblemKind.UNRECOGNISED_FUNDING, line, code, piece)

        extra = {
            column.header or f"#{column.index + 1}": cells[column.index]
            for column in self.extra_columns
            if column.index < len(cells) and cells[column.index]
        }
        if len(cells) > self.width:
            extra.update({f"#{i + 1}": cell for i, cell in enumerate(cells) if i >= self.width and cell})
        task = ParsedTask(
            code=code,
            section=self.section,
            number=number,
            position=len(self.plan.tasks) + 1,
            content=self.get(cells, Role.CONTENT),
            lead_text=lead_text,
            coordinators_text=coordinators_text,
            leads=tuple(leads),
            coordinators=tuple(coordinators),
            timeframe=timeframe,
            funding=funding,
            extra=extra,
            line=line,
        )
        if not keep:
            return task
        for args in problems:
            self.problem(*args)
        self.plan.tasks.append(task)
        if _TASK_NUMBER.fullmatch(given) and (self.parent is None or not self._child_number(given)):
            self.parent = task
        return task

    def _child_number(self, given: str) -> bool:
        return self.parent is not None and given.startswith(f"{self.parent.number}.")

    def _parent_of(self, given: str) -> ParsedTask | None:
        """The task a row is an item of, whose agencies and time it has when it gives none:
        after a task numbered with digits, a lettered item ("a)"), a bullet ("-", "+") or a
        row without a number, or a number under its own ("1.2" under "1"); else a task of a
        section whose row gives a lead or a time."""
        section = self.section_parent if self.section_parent is not None and self.section_parent.leads else None
        if self.parent is None or not self.parent.leads:
            return section
        if _TASK_NUMBER.fullmatch(given):
            return self.parent if self._child_number(given) else section
        return self.parent

    def _agency_cell(self, cells: list[str], role: Role) -> str:
        """An agency cell as it is meant: "Như trên" (or "nt", a ditto mark) is the cell of
        the task above, "Không" in the coordinating column no one."""
        text = self.get(cells, role)
        # every word it looks for is short: a longer cell, as nearly all are, is not folded
        folded = key(text) if len(text) <= _SHORTEST_NAME else ""
        if folded in _AS_ABOVE or (text.strip() in _DITTO_MARKS):
            text = self.above.get(role, "")
        elif role is Role.COORDINATORS and folded in _NONE:
            text = ""
        self.above[role] = text
        return text

    def unsure_province(self, other: str) -> None:
        """The plan names the table's province and another: its bodies read from "tỉnh"
        alone ("Đài PT-TH tỉnh") are the table's province's, which a person should check."""
        own: dict[CellAgency, bool] = {}  # the same agencies, written the same, recur
        for task in self.plan.tasks:
            for agency in (*task.leads, *task.coordinators):
                if agency not in own:
                    own[agency] = self.directory.own_by_default(agency)
                if own[agency]:
                    why = f"the plan also names {other}: check which province's body it is"
                    self.problem(ProblemKind.PROVINCE_UNSURE, task.line, task.code, agency.text, why)

    def headings(self) -> None:
        """Rows numbered like a task that head the tasks numbered under them: "1." followed
        by "1.1", "1.2" (a sub-section) when it gives no lead and no timeframe. They are no
        tasks: nobody owes them, the tasks under them are what is done."""
        tasks = self.plan.tasks
        headings = {
            task.code: task
            for task, after in itertools.pairwise(tasks)
            if after.section == task.section
            and _TASK_NUMBER.fullmatch(task.number)
            and after.number.startswith(f"{task.number}.")
            and not task.lead_text
            and task.timeframe.kind is Kind.BLANK
        }
        if not headings:
            return
        self.plan.tasks = [
            dataclasses.replace(task, position=position)
            for position, task in enumerate((t for t in tasks if t.code not in headings), 1)
        ]
        self.plan.problems = [p for p in self.plan.problems if p.code not in headings]
        for code, task in headings.items():
            self.plan.ended_early.discard(code)
            self.problem(ProblemKind.HEADING_ROW, task.line, detail=f"{task.number}. {task.content}"[:120])
        self.plan.problems.sort(key=lambda p: p.line)


def _province_texts(rows: Sequence[RawRow], header_index: int, columns: list[Column]) -> list[str]:
    """What tells which province a plan is of: its title lines, section titles (rows of two
    cells at most) and agency cells, each once (as seed/relink.py finds them in a stored plan)."""
    agency_columns = [c.index for c in columns if c.role in (Role.LEAD, Role.COORDINATORS)]
    texts: dict[str, None] = dict.fromkeys(cell for row in rows[:header_index] for cell in row.cells)
    for row in rows[header_index + 1 :]:
        filled = [cell for cell in row.cells if cell.strip()]
        texts.update(
            dict.fromkeys(filled if len(filled) <= 2 else (row.cells[i] for i in agency_columns if i < len(row.cells)))
        )
    return list(texts)


def read_plan(rows: Sequence[RawRow], directory: AgencyDirectory, source: str) -> ParsedPlan:
    """Parse the rows of a plan table. Raises PlanFormatError when it is not one."""
    header_index, columns = _find_header(rows, source)
    texts = _province_texts(rows, header_index, columns)
    # a plan of another province than the alias table's is read as that province's
    province, other = directory.provinces_of(texts)
    reader = _Reader(source, columns, directory, province)
    for raw in rows[header_index + 1 :]:
        reader.row(raw)
    if reader.province is None and other:
        reader.unsure_province(other)
    reader.finish()
    reader.headings()
    if not reader.plan.tasks:
        raise PlanFormatError(
            source, "the table has a header but no task rows", rows[header_index].line, kind="no_rows"
        )
    return reader.plan
