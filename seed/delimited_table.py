"""Reading a plan table saved one row per line, its cells separated by a delimiter: a sheet
saved as "Text (Tab delimited)" or .tsv, or as .csv with commas or semicolons.

    Phụ lục: nhiệm vụ chuyển đổi số năm 2020
    TT	Nội dung nhiệm vụ	Cơ quan chủ trì	Cơ quan phối hợp	Thời gian	Kinh phí
    I	Hoàn thiện môi trường pháp lý
    1.	Xây dựng đề án	Sở TT&TT	Các sở, ban, ngành	Quý IV/2020	Ngân sách tỉnh

The layout is told from the file itself, not its name: a line that, split at the delimiter,
names the task columns (seed/columns.py) is the header, and then every line under it is a
row. Lines above the header (a title, a date) are kept as one-cell rows, as in the other
formats. A cell in double quotes may hold the delimiter, line breaks and doubled quotes
(`"Sở A, Sở B"`, as Excel and LibreOffice write them); a quote that does not close such a
cell is an ordinary character.

The bundled format (seed/table.py: one cell per line, each starting with a TAB, a blank line
between rows) is not this one: its header cells are on lines of their own. A sheet whose
first column is empty writes every line with a leading TAB too; it is told apart by its rows
not being separated by blank lines.
"""

from __future__ import annotations

import re

from seed.columns import HEADER_SEARCH_ROWS, header_index
from seed.table import RawRow

DELIMITERS = ("\t", ";", ",")
_UNQUOTED = {d: re.compile(f"[^{d}\\n]*") for d in DELIMITERS}


def _records(text: str, delimiter: str, limit: int | None = None) -> list[RawRow]:
    """Every line of the text as a row of cells (blank lines included, as empty rows), quoted
    cells read as CSV reads them; at most ``limit`` rows."""
    rows: list[RawRow] = []
    pos, line, end = 0, 1, len(text)
    while pos < end and (limit is None or len(rows) < limit):
        start, cells = line, []
        while True:
            cell, pos, line = _cell(text, pos, line, delimiter)
            cells.append(cell)
            if pos < end and text[pos] == delimiter:
                pos += 1
                continue
            pos, line = pos + 1, line + 1  # past the end of the line
            break
        rows.append(RawRow(tuple(cells), start))
    return rows


def _cell(text: str, pos: int, line: int, delimiter: str) -> tuple[str, int, int]:
    """The cell starting at ``pos``: its text, where it ends and the line it ends on."""
    if text.startswith('"', pos):
        parts, j = [], pos + 1
        while (quote := text.find('"', j)) >= 0:
            parts.append(text[j:quote])
            if text.startswith('"', quote + 1):
                parts.append('"')
                j = quote + 2
                continue
            after = text[quote + 1 : quote + 2]
            if after in ("", delimiter, "\n"):
                return "".join(parts), quote + 1, line + text.count("\n", pos, quote)
            break  # a quote inside the text: the cell was not quoted after all
    stop = _UNQUOTED[delimiter].match(text, pos).end()
    return text[pos:stop], stop, line


def _blank(row: RawRow) -> bool:
    return not any(cell.strip() for cell in row.cells)


def row_delimiter(text: str) -> str | None:
    """The delimiter when the text is a table of one row per line, else None."""
    text = _normalised(text)
    starts_with_tab = any(line.lstrip(" ").startswith("\t") for line in text.split("\n"))
    for delimiter in DELIMITERS:
        if delimiter != "\t" and starts_with_tab:
            break  # the bundled format: commas and semicolons in it are the cells' own
        rows = _records(text, delimiter, limit=HEADER_SEARCH_ROWS * 4)
        lines = [row for row in rows if not _blank(row)][:HEADER_SEARCH_ROWS]
        found = header_index([RawRow(tuple(c.strip() for c in row.cells), row.line) for row in lines])
        if found is None:
            continue
        header = lines[found[0]]
        if header.cells[0].strip() or _rows_not_spaced(rows, header.line):
            return delimiter
    return None


def _rows_not_spaced(rows: list[RawRow], header_line: int) -> bool:
    """Whether the rows under the header follow one another without blank lines between
    them, as a sheet saved as text writes them (the bundled format separates its rows)."""
    below = [row for row in rows if row.line > header_line]
    blank = sum(1 for row in below if _blank(row))
    return len(below) - blank >= 1 and blank <= max(1, (len(below) - blank) // 20)


def read_delimited_rows(text: str, delimiter: str) -> list[RawRow]:
    """The rows of a table of one row per line (see the module's docstring)."""
    rows = _records(_normalised(text), delimiter)
    return [row for row in rows if not _blank(row)]


def _normalised(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
