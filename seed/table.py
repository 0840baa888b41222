"""Reading the plan table exported from Word as text.

The format: each table cell is a line that starts with a TAB (an empty cell is a line
holding only a TAB) and rows are separated by an empty line. Hand-written because it is
not CSV: a line without a TAB continues the cell above it (a paragraph break inside a
cell), and a line may hold several TAB-separated cells.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes


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
    # the columns whose cell is merged with the one above (Word and Excel give its text again)
    merged: frozenset[int] = frozenset()


# What text plans are read in: UTF-8 (with or without a BOM), UTF-16 (the "Unicode" of
# Word's and Notepad's save dialogs, with or without a BOM) and Windows-1258 ("Vietnamese
# (Windows)", still the default of older office machines).
TRIED = "UTF-8, UTF-16, Windows-1258"
_DETECTED = ["utf_16_le", "utf_16_be", "cp1258"]


def decode(data: bytes, source: str) -> str:
    """The text of a plan file, in whichever of the encodings offices use it was saved;
    refused, naming the encodings tried, only when none of them reads it."""
    if not data.strip():
        raise PlanFormatError(source, "the file is empty", kind="empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise PlanFormatError(source, f"broken UTF-16 text ({error.reason})", kind="text") from None
    binary = b"\x00" in data  # no text has NUL characters; UTF-16 has NUL bytes
    not_utf8 = None
    if not binary:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            not_utf8 = error
    if (text := _detected(data, utf16_only=binary)) is not None:
        return text
    if not_utf8 is None:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PlanFormatError(
            source, f"this is a binary file, not a text plan table (tried {TRIED})", line, kind="text"
        )
    line = data[: not_utf8.start].count(b"\n") + 1
    raise PlanFormatError(
        source,
        f"the text is not UTF-8 (byte 0x{data[not_utf8.start]:02x}), nor any other encoding tried "
        f"(tried {TRIED}); save the file as UTF-8 and try again",
        line,
        kind="text",
    )


def _detected(data: bytes, utf16_only: bool) -> str | None:
    """The text in UTF-16 without a BOM or in Windows-1258, as charset-normalizer finds it
    (it weighs how plausible each reading is); None when none reads as text."""
    best = from_bytes(data, cp_isolation=_DETECTED[:2] if utf16_only else _DETECTED).best()
    if best is None:
        return None
    if best.encoding == "cp1258" and _damaged_utf8(data):
        return None  # read as Windows-1258, its Vietnamese would be garbled: "báº£n" for "bản"
    return str(best)


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 with a few bytes of something else in it: more of its letters read as UTF-8
    than not. A Windows-1258 file has hardly any byte pair that UTF-8 would read."""
    lossy = data.decode("utf-8", errors="replace")
    broken = lossy.count("\ufffd")
    read = sum(1 for char in lossy if ord(char) > 127) - broken
    return read > broken


def _lines(text: str) -> Iterator[str]:
    """text.split("\n") one line at a time: a list of every line of a large plan would
    weigh several times the text."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def read_rows(text: str) -> list[RawRow]:
    rows: list[RawRow] = []
    cells: list[str] = []
    start = 0
    for number, line in enumerate(_lines(text.replace("\r\n", "\n").replace("\r", "\n")), 1):
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
