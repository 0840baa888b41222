"""Reading the plan table from an Excel 97-2003 workbook (.xls), with xlrd.

Plans from before about 2018 and the sheets of older office software still circulate as
.xls. The cells are read as seed/xlsx_table.py reads an .xlsx (dates as offices write them,
whole numbers without ".0", merged ranges as a person sees them), and the table is on the
first sheet whose header names the task columns.
"""

from __future__ import annotations

from typing import Any

import xlrd
from xlrd.sheet import Sheet

from seed.table import PlanFormatError, RawRow
from seed.xlsx_table import cell_text, merged_down, read_xlsx_rows, table_sheet

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file every .xls is
_ZIP = b"PK\x03\x04"
_UNREADABLE = "this is not a readable Excel workbook (.xls); open it in Excel and save it as .xlsx"


def read_xls_rows(data: bytes, source: str) -> list[RawRow]:
    if data.startswith(_ZIP):
        return read_xlsx_rows(data, source)  # an .xlsx named .xls, as people rename files
    if not data.startswith(_OLE2):
        raise PlanFormatError(source, _UNREADABLE, kind="unreadable")
    try:
        # formatting_info: the merged ranges and each date cell's number format
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    # xlrd fails on a damaged file in many ways (XLRDError, CompDocError, struct.error,
    # IndexError...); for an upload each means the same.
    except Exception as error:
        raise PlanFormatError(source, _UNREADABLE, kind="unreadable") from error
    sheets = ((sheet.name, lambda sheet=sheet: _sheet_rows(book, sheet)) for sheet in book.sheets())
    return table_sheet(sheets, source)


def _sheet_rows(book: xlrd.Book, sheet: Sheet) -> list[RawRow]:
    grid: dict[int, list[str]] = {}
    for r in range(sheet.nrows):
        texts = [_text(book, sheet, r, c) for c in range(sheet.ncols)]
        if any(texts):  # every row as wide as the sheet, as openpyxl gives them
            grid[r + 1] = texts
    # xlrd's ranges: first row, row after the last, first column, column after the last
    ranges = ((first + 1, after, column + 1) for first, after, column, _ in sheet.merged_cells)
    return merged_down(grid, ranges)


def _text(book: xlrd.Book, sheet: Sheet, r: int, c: int) -> str:
    kind = sheet.cell_type(r, c)
    value: Any = sheet.cell_value(r, c)
    if kind == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError):
            return str(value)  # a number formatted as a date that is none: shown as stored
        number_format = book.format_map[book.xf_list[sheet.cell_xf_index(r, c)].format_key].format_str
        return cell_text(when, number_format)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:  # "#REF!", "#N/A": shown as Excel shows it, as an .xlsx gives it
        return xlrd.error_text_from_code.get(value, "")
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return cell_text(value)
