"""Reading the plan table from a Word document (.docx), with python-docx.

Plans are issued as Word documents whose task table is an appendix, often after other
tables (signatures, a summary). The task table is the first one whose header names the
task columns; its rows become the same RawRow values the text format gives. A long table
edited in Word often ends up in pieces (a paragraph typed between rows splits it): the
tables that follow it with the same columns, repeating its header or starting with a
section or task number, are read as the rest of it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.table import Table

from domain.plan_table import Role
from seed.columns import header_index
from seed.plan_reader import starts_a_row
from seed.table import PlanFormatError, RawRow

_UNREADABLE = "this is not a readable Word document (.docx); open it in Word and save again"


def table_rows(table: Table) -> list[RawRow]:
    """Rows of cell texts, one string per column of the table's grid.

    python-docx repeats a merged cell at every grid position it covers. A horizontal merge
    (a section title spread over the columns) keeps its text in its first column only, so
    that the row still reads as a numeral and a title. A vertical merge (one lead agency
    written once for several tasks) means the same value on every row, so it is repeated.
    Several paragraphs in a cell become lines of one cell, as in the text format.
    """
    rows: list[RawRow] = []
    above: list[object] = []  # the <w:tc> of each grid column in the row before
    for number, row in enumerate(table.rows, 1):
        cells: list[str] = [""] * row.grid_cols_before
        tcs: list[object] = [None] * row.grid_cols_before
        merged: set[int] = set()
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:  # the same <w:tc>: a horizontal merge
                cells.append("")
                tcs.append(cell._tc)
                continue
            previous = cell._tc
            if len(cells) < len(above) and cell._tc is above[len(cells)]:
                merged.add(len(cells))  # the same <w:tc> as above: a vertical merge
            tcs.append(cell._tc)
            cells.append("\n".join(paragraph.text for paragraph in cell.paragraphs))
        rows.append(RawRow(tuple(cells), number, frozenset(merged)))
        above = tcs
    return rows


def _continuation(rows: list[RawRow], width: int, number_column: int) -> list[RawRow] | None:
    """The task rows of a later table if it goes on with the task table, else None."""
    if not rows or max(len(row.cells) for row in rows) != width:
        return None
    if (found := header_index(rows)) is not None:
        return rows[found[0] + 1 :]
    first = next((row for row in rows if any(cell.strip() for cell in row.cells)), None)
    opens = first is not None and number_column < len(first.cells) and starts_a_row(first.cells[number_column])
    return rows if opens else None


# The first paragraphs of a document: its letterhead ("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG")
# and title, which tell whose plan it is when its cells say only "Thành phố" or "tỉnh".
_TITLE_PARAGRAPHS = 6


def _title_rows(paragraphs: list[str], before: list[Table]) -> list[RawRow]:
    """The document's first paragraphs and the cells of the tables before the task table
    (letterheads are often borderless tables), as rows of one cell above the table's rows:
    numbered 0, they shift no row's number in reports."""
    texts = [text for text in paragraphs[:_TITLE_PARAGRAPHS] if text.strip()]
    texts += [cell for table in before for row in table_rows(table) for cell in row.cells if cell.strip()]
    return [RawRow((text,), 0) for text in dict.fromkeys(texts)]


def _task_table(tables: list[Table], paragraphs: Sequence[str] = ()) -> list[RawRow] | None:
    for position, table in enumerate(tables):
        rows = table_rows(table)
        if (found := header_index(rows)) is None:
            continue
        width = len(rows[found[0]].cells)
        number_column = next((c.index for c in found[1] if c.role is Role.NUMBER), 0)
        for later in tables[position + 1 :]:
            more = _continuation(table_rows(later), width, number_column)
            if more is None:
                break
            # Rows are numbered on through the pieces, as one table, for the report.
            rows += [RawRow(row.cells, len(rows) + index) for index, row in enumerate(more, 1)]
        return _title_rows(list(paragraphs), tables[:position]) + rows
    return None


def read_docx_rows(data: bytes, source: str) -> list[RawRow]:
    try:
        document = Document(io.BytesIO(data))
        tables = document.tables
        paragraphs = [p.text for p in document.paragraphs[:_TITLE_PARAGRAPHS]]
        if (rows := _task_table(tables, paragraphs)) is not None:
            return rows
    # A damaged or foreign archive makes python-docx fail in many ways (BadZipFile, KeyError,
    # AttributeError on an unexpected XML element...); for an upload each means the same.
    except Exception as error:
        raise PlanFormatError(source, _UNREADABLE, kind="unreadable") from error
    found = f"{len(tables)} tables, none of them" if tables else "no table at all; it"
    raise PlanFormatError(
        source,
        f"the document has {found} starts with a task table header "
        "(STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kinh phí)",
        kind="no_header",
    )
