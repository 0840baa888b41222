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


# A header naming both duties over one column: its cells name the lead first.
BOTH_DUTIES = re.compile(r".*\bchu tri\b.*\bphoi hop\b.*")
# Checked in order on the folded header text; the first that matches wins.
_RULES: list[tuple[Role, re.Pattern[str]]] = [
    (Role.NUMBER, re.compile(r"(so )?(stt|tt|so thu tu|thu tu)|no|#")),
    # "Cơ quan chủ trì, phối hợp": one column for both duties (see seed/plan_reader.py)
    (Role.LEAD, BOTH_DUTIES),
    (Role.COORDINATORS, re.compile(r".*\bphoi hop\b.*|coordinat.*")),
    (
        Role.TIMEFRAME,
        re.compile(
            r".*\b(thoi gian|thoi han|tien do|han hoan thanh)\b.*|time ?frame|time ?line|deadline|due( date)?|time"
        ),
    ),
    (Role.FUNDING, re.compile(r".*\b(kinh phi|nguon von|von)\b.*|funding|budget")),
    (
        Role.LEAD,
        re.compile(
            r".*\b(chu tri|dau moi|(co quan|don vi) thuc hien|phan cong|trach nhiem"
            r"|(co quan|don vi) (tham muu|duoc giao))\b.*|lead.*|responsib.*"
        ),
    ),
    (
        Role.CONTENT,
        re.compile(r".*\b(noi dung|nhiem vu|cong viec|ten|hoat dong|giai phap)\b.*|tasks?|content|activit.*"),
    ),
]
# "Thời gian triển khai | Thời gian hoàn thành": when the work starts and when it is due; the
# second is the deadline reminders go by, wherever it stands.
_STARTS = re.compile(r".*\b(trien khai|bat dau|khoi cong|start)\b.*")


def _role(header: str) -> Role:
    folded = key(header) if header != "#" else "#"
    return next((r for r, pattern in _RULES if pattern.fullmatch(folded)), Role.EXTRA)


def recognise(header_cells: tuple[str, ...]) -> list[Column] | None:
    """The columns of a header row, or None when the row is not a task table header.

    A header must name the content and at least two of number, lead and timeframe;
    each role is taken by its first column, later look-alikes are kept as extra.
    """
    columns: list[Column] = []
    taken: set[Role] = set()
    for index, cell in enumerate(header_cells):
        header = clean(cell)
        role = _role(header)
        if role in taken:
            role = Role.EXTRA
        if role is not Role.EXTRA:
            taken.add(role)
        if header or role is not Role.EXTRA:
            columns.append(Column(index, header, role))
    core = {Role.NUMBER, Role.LEAD, Role.TIMEFRAME}
    if Role.CONTENT not in taken or len(core & taken) < 2:
        return None
    return _due_over_start(columns)


def _due_over_start(columns: list[Column]) -> list[Column]:
    """The timeframe column is the one saying when the work is due, not when it starts."""
    timed = [n for n, c in enumerate(columns) if _role(c.header) is Role.TIMEFRAME]
    first = next((n for n in timed if columns[n].role is Role.TIMEFRAME), None)
    if first is None or not _STARTS.fullmatch(key(columns[first].header)):
        return columns
    due = next((n for n in timed if n != first and not _STARTS.fullmatch(key(columns[n].header))), None)
    if due is None:
        return columns
    columns = list(columns)
    columns[first] = Column(columns[first].index, columns[first].header, Role.EXTRA)
    columns[due] = Column(columns[due].index, columns[due].header, Role.TIMEFRAME)
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


def _under(above: tuple[str, ...], cells: Sequence[str]) -> tuple[str, ...]:
    """The second row of a two-row header with the first row's text where it has none:
    `STT | Nội dung | Cơ quan thực hiện | | Thời gian` above `| | Chủ trì | Phối hợp |` is
    `STT | Nội dung | Chủ trì | Phối hợp | Thời gian`, as Word and Excel merge the cells
    (their readers repeat a vertically merged cell; text formats leave it empty)."""
    below = [cell_text(c) for c in cells]
    # only a row of column names is a header's second row: not a section or task under it
    if not any(below) or not all(_role(cell) is not Role.EXTRA for cell in below if cell):
        return tuple(below)
    below += [""] * (len(above) - len(below))
    return tuple(cell or (above[i] if i < len(above) else "") for i, cell in enumerate(below))


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
            above = tuple(cell_text(c) for c in row.cells)
            roles = {c.role for c in columns}
            # the second row, if it is one, names the columns more precisely, losing none
            for below in (
                recognise(_under(above, rows[index + 1].cells)),
                _sub_columns(above, columns, rows[index + 1].cells),
            ):
                if below is not None and len(below) >= len(columns) and roles <= {c.role for c in below}:
                    return index + 1, below
        return index, columns
    return None


def _sub_columns(above: tuple[str, ...], columns: list[Column], cells: Sequence[str]) -> list[Column] | None:
    """A second header row that splits some columns (`Kinh phí (triệu đồng)` above `Tổng |
    NSTW | NSĐP`, `Thời gian` above `Bắt đầu | Kết thúc`): each split column named by both
    rows, those the first row leaves empty by the one its text spreads over from the left.
    None when the row is no such thing: a row whose number, content or agency cells hold
    anything of their own is a section or a task (the agencies' columns are split only as
    `Cơ quan thực hiện` above `Chủ trì | Phối hợp`, which _under reads)."""
    below = [cell_text(c) for c in cells]
    below += [""] * (len(above) - len(below))
    own = [i for i, cell in enumerate(below) if cell and (i >= len(above) or cell != above[i])]
    firsts = {c.index for c in columns if c.role in (Role.NUMBER, Role.CONTENT, Role.LEAD, Role.COORDINATORS)}
    if not own or firsts & set(own) or any(len(below[i]) > 60 for i in own):
        return None
    named, spread = [], ""
    for i, cell in enumerate(below):
        top = above[i] if i < len(above) else ""
        spread = top or spread
        named.append(f"{top or spread} {cell}".strip() if i in own else top)
    return recognise(tuple(named))
