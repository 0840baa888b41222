"""Reading the plan table exported from Word as text.

The format: each table cell is a line that starts with a TAB (an empty cell is a line
holding only a TAB) and rows are separated by an empty line. Hand-written because it is
not CSV: a line without a TAB continues the cell above it (a paragraph break inside a
cell), and a line may hold several TAB-separated cells.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class PlanFormatError(ValueError):
    """The file is not a plan table; says which file, which line and why."""

    def __init__(self, source: str, message: str, line: int | None = None, *, kind: str = "other"):
        # kind: what went wrong, for answers in the user's language: empty, text, no_header,
        # no_rows, unreadable, too_big, old_format, wrong_type or other.
        self.source, self.line, self.message, self.kind = source, line, message, kind
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class RawRow:
    cells: tuple[str, ...]
    line: int  # where the row starts, counting from 1


def decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise PlanFormatError(source, "the file is empty", kind="empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise PlanFormatError(source, f"broken UTF-16 text ({error.reason})", kind="text") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PlanFormatError(source, "this is a binary file, not a text plan table", line, kind="text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PlanFormatError(
            source,
            f"the text is not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8 and try again",
            line,
            kind="text",
        ) from None


def read_rows(text: str) -> list[RawRow]:
    rows: list[RawRow] = []
    cells: list[str] = []
    start = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        stripped = line.lstrip(" \ufeff")
        if stripped.startswith("\t"):
            if not cells:
                start = number
            cells.extend(stripped.split("\t")[1:])
        elif not stripped.strip():
            if cells:
                rows.append(RawRow(tuple(cells), start))
            cells = []
        elif cells:
            cells[-1] = f"{cells[-1]}\n{stripped}"
        else:  # text outside the table, such as a title line before it
            cells, start = [stripped], number
    if cells:
        rows.append(RawRow(tuple(cells), start))
    return rows


def write_rows(rows: list[list[str]] | list[tuple[str, ...]]) -> str:
    """The inverse of read_rows: a plan table in the text format."""
    return "\n\n".join("\n".join(f"\t{cell}" for cell in row) for row in rows) + "\n"
