"""The plan with its statuses as a sheet: .xlsx (openpyxl) or .csv, headers in the
offices' language."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from base.markup import to_plain
from bot.core.catalogue import Texts
from bot.export.data import TaskRow
from domain.plan_index import Counts
from domain.timeframes import Kind, Timeframe

COLUMNS = (
    "plan",
    "code",
    "section",
    "content",
    "leads",
    "coordinators",
    "timeframe",
    "due",
    "period",
    "status",
    "by_agency",
    "funding",
)
_WIDTHS = (10, 9, 30, 60, 30, 30, 18, 12, 10, 14, 45, 20)


def _status(texts: Texts, key: str) -> str:
    return to_plain(texts(f"status.{key}")).split(" ", 1)[-1]  # the label without its emoji


def _condition(texts: Texts, timeframe: Timeframe) -> str | None:
    """What a conditional task is due on, in place of a date."""
    if timeframe.kind is not Kind.CONDITIONAL:
        return None
    return to_plain(texts("tf.conditional", condition=timeframe.condition or timeframe.raw))


def table(texts: Texts, rows: Sequence[TaskRow]) -> list[list[object]]:
    """The header and one row per task; extra columns of the plan (Sản phẩm, Ghi chú) last."""
    extras = list(dict.fromkeys(header for row in rows for header in row.task.extra))
    out: list[list[object]] = [[to_plain(texts(f"export.{c}")) for c in COLUMNS] + extras]
    for row in rows:
        task = row.task
        section = f"{task.section}. {task.section_title}" if task.section else ""
        parts = "; ".join(
            f"{p.agency}: {_status(texts, p.status.value)}" + (f" — {p.note}" if p.note else "") for p in row.parts
        )
        out.append(
            [
                task.plan,
                task.code,
                section,
                task.content,
                "; ".join(task.leads),
                "; ".join(task.coordinators),
                task.timeframe.raw,
                row.due or _condition(texts, task.timeframe),
                row.period,
                _status(texts, row.status.value),
                parts,
                task.funding_raw,
                *(task.extra.get(header, "") for header in extras),
            ]
        )
    return out


AGENCY_COLUMNS = (
    "agency",
    "leads",
    "due",
    "done",
    "in_progress",
    "blocked",
    "open",
    "overdue",
    "ongoing",
    "coordinating",
)


def agency_table(texts: Texts, agencies: Sequence[tuple[str, Counts]]) -> list[list[object]]:
    """Each agency's counts as its /summary gives them (PlanIndex.counts): one definition."""
    out: list[list[object]] = [[to_plain(texts(f"export.by.{c}")) for c in AGENCY_COLUMNS]]
    for name, counts in agencies:
        out.append([name, *(getattr(counts, c) for c in AGENCY_COLUMNS[1:])])
    return out


def to_xlsx(texts: Texts, title: str, rows: Sequence[TaskRow], agencies: Sequence[tuple[str, Counts]] = ()) -> bytes:
    """The tasks, and on a second sheet each agency's counts when given."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    for values in table(texts, rows):
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[COLUMNS.index("due")].number_format = "DD/MM/YYYY"
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = width
    sheet.freeze_panes = "C2"
    if agencies:
        by_agency = book.create_sheet(to_plain(texts("export.by.sheet"))[:31])
        for values in agency_table(texts, agencies):
            by_agency.append(values)
        for cell in by_agency[1]:
            cell.font = Font(bold=True)
        by_agency.column_dimensions["A"].width = 45
        by_agency.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(texts: Texts, rows: Sequence[TaskRow]) -> bytes:
    """UTF-8 with a byte order mark: without it Excel reads Vietnamese as Windows-1252."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in table(texts, rows):
        writer.writerow([v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in values])
    return buffer.getvalue().encode("utf-8-sig")
