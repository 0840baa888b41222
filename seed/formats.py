"""The one place that chooses how a plan file is read: by its type, into RawRow values.

Every format then goes through the same column recognition, agency resolution and
timeframe parsing (seed/plan_reader.py).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePath

from seed.delimited_table import read_delimited_rows, row_delimiter
from seed.docx_table import read_docx_rows
from seed.pipe_table import is_pipe_table, read_pipe_rows
from seed.table import PlanFormatError, RawRow, decode, read_rows
from seed.xls_table import read_xls_rows
from seed.xlsx_table import read_xlsx_rows

# .docx and .xlsx are zip archives of XML. A small upload can unpack to gigabytes (a "zip
# bomb"), and neither python-docx nor openpyxl limits that, so the archive's own listing
# is checked first: a real plan of 100,000 tasks unpacks to well under this.
MAX_UNPACKED_BYTES = 400 * 2**20

# Text: Word's export (a cell a line), a Markdown pipe table, or a sheet saved as text (a row a
# line, cells separated by TABs, commas or semicolons), recognised by its content.
TEXT_TYPES = frozenset({".txt", ".tsv", ".csv", ".text", ".md", ".markdown"})
READERS: dict[str, Callable[[bytes, str], list[RawRow]]] = {
    ".docx": read_docx_rows,
    ".xlsx": read_xlsx_rows,
    ".xlsm": read_xlsx_rows,
    ".xls": read_xls_rows,
}
# Types people send by mistake, with what to do instead.
_OLD_OR_OTHER = {
    ".doc": "this is an old Word document (.doc): open it in Word and save it as .docx",
    ".pdf": "a PDF cannot be read as a table: send the Word (.docx) or Excel (.xlsx) file of the plan",
    ".odt": "open the document and save it as Word (.docx)",
    ".ods": "open the spreadsheet and save it as Excel (.xlsx)",
}
ACCEPTED = (".docx", ".xlsx", ".txt")  # what to tell people


def file_type(name: str) -> str:
    return PurePath(name).suffix.lower()


def refusal(name: str) -> str | None:
    """Why a file of this name cannot be a plan table, or None when its type can be."""
    suffix = file_type(name)
    if suffix in READERS or suffix in TEXT_TYPES:
        return None
    return _OLD_OR_OTHER.get(suffix, f"files of type “{suffix or name}” are not plan tables; send .docx, .xlsx or .txt")


def _check_archive(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # the reader says what is wrong, in its own words
    if unpacked > MAX_UNPACKED_BYTES:
        raise PlanFormatError(
            source, f"the file unpacks to {unpacked // 2**20} MB, more than a plan table can hold", kind="too_big"
        )


def read_table(data: bytes, source: str, *, strict: bool = False) -> list[RawRow]:
    """The rows of the plan table in ``data``, read by the type ``source`` names.

    Without ``strict`` (the command line) any other name is read as the text format, which
    refuses binary files by itself; with it (uploads) only the known types are read.
    """
    suffix = file_type(source)
    reader = READERS.get(suffix)
    if reader is not None:
        _check_archive(data, source)
        return reader(data, source)
    if suffix not in TEXT_TYPES and (why := refusal(source)) and (strict or suffix in _OLD_OR_OTHER):
        raise PlanFormatError(source, why, kind="old_format" if suffix in _OLD_OR_OTHER else "wrong_type")
    text = decode(data, source)
    if is_pipe_table(text):
        return read_pipe_rows(text)
    if (delimiter := row_delimiter(text)) is not None:
        return read_delimited_rows(text, delimiter)
    return read_rows(text)
