"""Recognising a plan table's columns by their header, whatever their order or wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.text import clean, key


class Role(StrEnum):
    NUMBER = "number"
    CONTENT = "content"
    LEAD = "lead"
    COORDINATORS = "coordinators"
    TIMEFRAME = "timeframe"
    FUNDING = "funding"
    EXTRA = "extra"  # a column we do not interpret (Sản phẩm, Ghi chú...): kept as is


# Checked in order on the folded header text; the first that matches wins.
_RULES: list[tuple[Role, re.Pattern[str]]] = [
    (Role.NUMBER, re.compile(r"(so )?(stt|tt|so thu tu|thu tu)|no|#")),
    (Role.COORDINATORS, re.compile(r".*\bphoi hop\b.*|coordinat.*")),
    (Role.TIMEFRAME, re.compile(r".*\b(thoi gian|thoi han|tien do|han hoan thanh)\b.*|timeframe|deadline|time")),
    (Role.FUNDING, re.compile(r".*\b(kinh phi|nguon von|von)\b.*|funding|budget")),
    (Role.LEAD, re.compile(r".*\b(chu tri|dau moi|(co quan|don vi) thuc hien)\b.*|lead.*|responsib.*")),
    (Role.CONTENT, re.compile(r".*\b(noi dung|nhiem vu|cong viec|ten)\b.*|tasks?|content")),
]


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    role: Role


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
