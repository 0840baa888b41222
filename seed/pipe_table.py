"""Reading a plan table written as a Markdown pipe table, as people paste one from a chat or
a wiki:

    | STT | Nội dung nhiệm vụ | Cơ quan chủ trì | ... |
    |---|---|---|---|
    | **I** | **Công tác chỉ đạo** | | |
    | 1 | Kiện toàn Ban Chỉ huy | Sở NN&MT | ... |

A table is a line of cells between `|` followed by a separator line of dashes (`|---|:--:|`),
or with no separator a line of cells naming the task columns (a table typed by hand or
exported by a tool that writes none); its rows run until a line that is not one. Outer
pipes are optional, `\\|` is a pipe inside a cell, `<br>` a line break inside a cell
(agencies one per line), and emphasis around a whole cell (`**I**`) is dropped. The lines
before the plan's table (its letterhead and title: "**ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH**")
are kept as rows of one cell above it, as the other formats keep them: they tell whose plan it
is when its cells say only "Thành phố" or "tỉnh"; other text outside the tables (a note) is
not read. The first table whose header names the task
columns is the plan's; a later table with the same header continues it (a table cut in two
by a paragraph), any other is not read.
"""

from __future__ import annotations

import re

from seed.columns import header_index
from seed.table import RawRow

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<inner>.+)\1$", re.S)


def is_pipe_table(text: str) -> bool:
    """Whether the text holds a pipe table: a line of cells followed by a separator line, or
    a line of cells between pipes naming the task columns."""
    if "|" not in text:
        return False  # no line of cells: a large plan's lines are not listed to find none
    lines = text.splitlines()
    return any(_SEPARATOR.match(line) and i > 0 and "|" in lines[i - 1] for i, line in enumerate(lines)) or any(
        _names_columns(line) for line in lines if line.strip().startswith("|")
    )


def _names_columns(line: str) -> bool:
    return header_index([RawRow(_cells(line), 0)]) is not None


def _cells(line: str) -> tuple[str, ...]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return tuple(_cell(cell) for cell in _CELL_SPLIT.split(text))


def _cell(raw: str) -> str:
    text = _BREAK.sub("\n", raw.replace("\\|", "|")).strip()
    while (found := _EMPHASIS.match(text)) and found["inner"].strip():
        text = found["inner"].strip()
    return "\n".join(line.strip() for line in text.split("\n"))


def _tables(text: str) -> list[list[RawRow]]:
    """Every pipe table of the text, header row first, separator left out."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tables: list[list[RawRow]] = []
    i = 0
    while i < len(lines):
        separated = i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1])
        if "|" in lines[i] and not _SEPARATOR.match(lines[i]) and (separated or _names_columns(lines[i])):
            rows = [RawRow(_cells(lines[i]), i + 1)]
            j = i + 2 if separated else i + 1
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                if not _SEPARATOR.match(lines[j]):
                    rows.append(RawRow(_cells(lines[j]), j + 1))
                j += 1
            tables.append(rows)
            i = j
        else:
            i += 1
    return tables


# How many lines before the table are read as its letterhead and title (as seed/docx_table.py).
_TITLE_LINES = 6
_HEADING_MARK = re.compile(r"^\s*#+\s*")


def _title_rows(text: str, before: int) -> list[RawRow]:
    """The first lines of the text before the line ``before`` (1-based), headings' `#` and
    emphasis dropped, as rows of one cell numbered 0 (they shift no row's number)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[: before - 1]
    found = (_cell(_HEADING_MARK.sub("", line)) for line in lines if "|" not in line)
    return [RawRow((line,), 0) for line in dict.fromkeys(line for line in found if line)][:_TITLE_LINES]


def read_pipe_rows(text: str) -> list[RawRow]:
    """The rows of the plan's pipe table (see the module's docstring)."""
    text = text.lstrip("\ufeff")
    tables = _tables(text)
    for n, table in enumerate(tables):
        if header_index(table[:1]) is None:
            continue
        rows = _title_rows(text, table[0].line) + list(table)
        for later in tables[n + 1 :]:
            if later[0].cells == table[0].cells:
                rows += later[1:]
        return rows
    return [row for table in tables for row in table]  # no header: the reader says so
