"""Real .docx and .xlsx plan files, built the way offices make them, from rows of cells."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from openpyxl import Workbook

from seed.plan_reader import _SECTION_MARK  # the importer's own test of a section numeral

Rows = Sequence[Sequence[str]]


def _is_section(row: Sequence[str]) -> bool:
    return len(row) == 2 and bool(_SECTION_MARK.fullmatch(row[0]))


def docx_bytes(
    rows: Rows,
    *,
    title: str = "KẾ HOẠCH",
    before_table: bool = True,
    split_at: Sequence[int] = (),
    header_again: bool = True,
    after: Rows = (),
) -> bytes:
    """A Word document: a title, a small table that is not the plan (signatures), then the
    task table with section titles merged across the columns and multi-line cells written
    as paragraphs.

    ``split_at`` breaks the task table into several tables before those row indexes, as
    editing a long document in Word does; each piece repeats the header unless
    ``header_again`` is false. ``after`` is one more table, not of tasks, at the end."""
    document = Document()
    document.add_paragraph(title)
    if before_table:
        signatures = document.add_table(rows=1, cols=2)
        signatures.cell(0, 0).text, signatures.cell(0, 1).text = "Nơi nhận:", "CHỦ TỊCH"
    bounds = [0, *split_at, len(rows)]
    for number, (start, end) in enumerate(itertools.pairwise(bounds)):
        piece = list(rows[start:end])
        if number and header_again:
            piece.insert(0, rows[0])
        if number:
            document.add_paragraph("(tiếp theo)")
        _add_table(document, piece)
    if after:
        _add_table(document, after)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_table(document, rows: Rows) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        if _is_section(row):
            merged = table.cell(r, 1).merge(table.cell(r, width - 1))
            table.cell(r, 0).text = row[0]
            _write(merged, row[1])
            continue
        for c in range(width):
            _write(table.cell(r, c), row[c] if c < len(row) else "")


def _write(cell, text: str) -> None:
    first, *more = text.split("\n")
    cell.text = first
    for line in more:
        cell.add_paragraph(line)


def xlsx_bytes(rows: Rows, *, typed: bool = True) -> bytes:
    """A workbook: an instructions sheet first, then the plan with section titles merged
    across the columns, task numbers as numbers and exact dates as dates (as Excel turns
    what people type)."""
    book = Workbook()
    notes = book.active
    notes.title = "Hướng dẫn"
    notes.append(["Bảng theo dõi nhiệm vụ; cập nhật tiến độ hằng tháng."])
    sheet = book.create_sheet("Nhiệm vụ")
    sheet.append(["KẾ HOẠCH THỰC HIỆN"])
    width = max(len(row) for row in rows)
    for row in rows:
        values: list[object] = [*row, *[""] * (width - len(row))] if not _is_section(row) else list(row)
        if typed:
            values = [_typed(v) for v in values]
        sheet.append([v if v != "" else None for v in values])
        if _is_section(row):
            sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=width)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _typed(value: object) -> object:
    text = str(value)
    if text.isdigit():
        return int(text)
    try:
        return datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        return value
