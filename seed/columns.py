"""Recognising a plan table's columns by their header, whatever their order or wording."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.plan_table import Column, Role
from domain.text import clean, key, nfc

if TYPE_CHECKING:
    from seed.table import RawRow

HEADER_SEARCH_ROWS = 30  # a title, a date, a signature block... come before the table
# What cell_text changes besides NFC: white space other than single spaces between words.
_UNCLEAN = re.compile(r"[^\S ]|  |\A | \Z")


# Checked in order on the folded header text; the first that matches wins.
_RULES: list[tuple[Role, re.Pattern[str]]] = [
    (Role.NUMBER, re.compile(r"(so )?(stt|tt|so thu tu|thu tu)|no|#")),
    (Role.COORDINATORS, re.compile(r".*\bphoi hop\b.*|coordinat.*")),
    (Role.TIMEFRAME, re.compile(r".*\b(thoi gian|thoi han|tien do|han hoan thanh)\b.*|timeframe|deadline|time")),
    (Role.FUNDING, re.compile(r".*\b(kinh phi|nguon von|von)\b.*|funding|budget")),
    (Role.LEAD, re.compile(r".*\b(chu tri|dau moi|(co quan|don vi) thuc hien)\b.*|lead.*|responsib.*")),
    (Role.CONTENT, re.compile(r".*\b(noi dung|nhiem vu|cong viec|ten)\b.*|tasks?|content")),
]


def recognise(header_cells: tuple[str, ...]) -> list[Column] | None:
    """The columns of a header row, or None when the row is not a task table header.

    A header must name the content and at least two of number, lead and timeframe;
    each role is taken by its first column, later look-alikes are kept as extra.
    """
    columns: list[Column] = []
    taken: set[Role] = set()
    for index, cell in enumerate(header_cells):
        header = clean(cell)
        folded = key(header) if header != "#" else "#"
        role = next((r for r, pattern in _RULES if pattern.fullmatch(folded)), Role.EXTRA)
        if role in taken:
            role = Role.EXTRA
        if role is not Role.EXTRA:
            taken.add(role)
        if header or role is not Role.EXTRA:
            columns.append(Column(index, header, role))
    core = {Role.NUMBER, Role.LEAD, Role.TIMEFRAME}
    if Role.CONTENT not in taken or len(core & taken) < 2:
        return None
    return columns


def cell_text(cell: str) -> str:
    """One cell: NFC, spaces folded inside each paragraph, paragraphs kept."""
    if unicodedata.is_normalized("NFC", cell) and not _UNCLEAN.search(cell):
        return cell  # most cells: nothing to do, and checking is much cheaper than doing
    lines = (clean(line) for line in nfc(cell).split("\n"))
    return "\n".join(line for line in lines if line)


# What a row's cells are checked as at once (row_cells): a NUL, which is no white space and
# joins with no letter in NFC, so the joined text is clean exactly when every cell is.
_JOIN = "\x00"
_UNCLEAN_JOINED = re.compile(r"[^\S ]|  |\A | \Z|\x00 | \x00")


def row_cells(cells: Sequence[str]) -> list[str]:
    """cell_text of each cell; a row whose cells are all clean, as most are, checked in
    two passes over its text instead of two for each cell."""
    joined = _JOIN.join(cells)
    if unicodedata.is_normalized("NFC", joined) and not _UNCLEAN_JOINED.search(joined):
        return list(cells)
    return [cell_text(cell) for cell in cells]


def header_index(rows: Sequence[RawRow]) -> tuple[int, list[Column]] | None:
    """Where the task table's header is among the first rows, and its columns.

    A header written on two rows (`Cơ quan thực hiện` above `Chủ trì | Phối hợp`) is
    recognised on both; the second names the columns more precisely, so it wins.
    """
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = recognise(tuple(cell_text(c) for c in row.cells))
        if columns is None:
            continue
        if index + 1 < len(rows):
            below = recognise(tuple(cell_text(c) for c in rows[index + 1].cells))
            if below is not None and len(below) >= len(columns):
                return index + 1, below
        return index, columns
    return None
