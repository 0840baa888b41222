"""Reading the plan table from an Excel workbook (.xlsx), with openpyxl.

Offices keep follow-up sheets in Excel, often with an instructions or summary sheet in
front: the table is on the first sheet whose header names the task columns. Its rows
become the same RawRow values the text format gives, numbered as Excel numbers rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from seed.columns import header_index
from seed.table import PlanFormatError, RawRow


def cell_text(value: object, number_format: str | None = None) -> str:
    """What a person sees in the cell, as the text format would hold it.

    Excel turns a typed `31/12/2026` into a date, `6/2026` into the first of June shown as a
    month, and `3` or `2026` into a number; written back the way Vietnamese offices write
    them (`31/12/2026`, `06/2026`, `2026`), the same timeframe and task number parsers read them.
    """
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return _date_text(value, _DATE_CODES.sub("", (number_format or "").lower()))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value).replace("\r\n", "\n").replace("_x000D_", "")


# What a number format shows of a date: its codes, without the quoted text, colours and
# locale in brackets, or escaped characters.
_DATE_CODES = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _date_text(value: date, codes: str) -> str:
    shows_day = "d" in codes
    if not shows_day and "m" in codes and "y" in codes:  # `mm/yyyy`, `mmm-yy`: a month
        return value.strftime("%m/%Y")
    if not shows_day and "m" not in codes and "y" in codes:  # `yyyy`: a year
        return value.strftime("%Y")
    if isinstance(value, datetime) and value.time() != time(0):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def sheet_rows(sheet: Worksheet) -> list[RawRow]:
    """Rows of cell texts, merged ranges read as in merged_down."""
    grid: dict[int, list[str]] = {}
    for row in sheet.iter_rows():
        texts = [cell_text(cell.value, getattr(cell, "number_format", None)) for cell in row]
        if any(texts):
            grid[row[0].row] = texts
    ranges = ((m.min_row, m.max_row, m.min_col) for m in sheet.merged_cells.ranges)
    return merged_down(grid, ranges)


def merged_down(grid: dict[int, list[str]], ranges: Iterable[tuple[int, int, int]]) -> list[RawRow]:
    """The rows of ``grid`` (cell texts by row number, from 1) in order, with each merged
    range (first row, last row, first column, from 1) read as a person sees it. A merged
    range keeps its value in its top-left cell (the others are empty), which suits a section
    title spread over the columns; a range merged down several rows (one lead agency for
    several tasks) means that value on each of those rows, so it is copied down its first
    column."""
    merged: dict[int, set[int]] = {}
    for first, last, column in ranges:
        if first == last:
            continue
        value = grid.get(first, [])
        top = value[column - 1] if column - 1 < len(value) else ""
        for number in range(first + 1, last + 1):
            cells = grid.setdefault(number, [])
            cells.extend([""] * (column - len(cells)))
            cells[column - 1] = top
            merged.setdefault(number, set()).add(column - 1)
    return [RawRow(tuple(cells), number, frozenset(merged.get(number, ()))) for number, cells in sorted(grid.items())]


def read_xlsx_rows(data: bytes, source: str) -> list[RawRow]:
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
        sheets = ((sheet.title, lambda sheet=sheet: sheet_rows(sheet)) for sheet in book.worksheets)
        return table_sheet(sheets, source)
    except PlanFormatError:
        raise
    # A damaged or foreign archive makes openpyxl fail in many ways (BadZipFile, KeyError,
    # InvalidFileException, TypeError on unexpected XML...); for an upload each means the same.
    except Exception as error:
        raise PlanFormatError(
            source, "this is not a readable Excel workbook (.xlsx); open it in Excel and save again", kind="unreadable"
        ) from error


def table_sheet(sheets: Iterable[tuple[str, Callable[[], list[RawRow]]]], source: str) -> list[RawRow]:
    """The rows of the first sheet (title, its rows when asked) whose header names the task
    columns: offices put an instructions or summary sheet in front."""
    names = []
    for title, read in sheets:
        rows = read()
        if header_index(rows) is not None:
            return rows
        names.append(f"“{title}”")
    raise PlanFormatError(
        source,
        f"no sheet of the workbook ({', '.join(names)}) starts with a task table header "
        "(STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kinh phí)",
        kind="no_header",
    )
