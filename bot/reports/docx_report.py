"""The year's report as a Word document (python-docx), in the layout of Vietnamese
administrative documents (Nghị định 30/2020/NĐ-CP): the issuing office and the national
heading side by side, number and date, the title, numbered sections, tables with STT,
recipients and signature. Times New Roman 13 pt, A4, margins 2 / 2 / 3 / 2 cm.

Pure rendering: plain values in (ReportData), bytes out; the words come from the catalogue.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from domain.progress import BUCKETS, Progress

Words = Callable[..., str]  # the catalogue as plain text: words("report.title", year=2026)
FONT = "Times New Roman"


@dataclass(frozen=True)
class TaskLine:
    code: str
    content: str
    leads: str  # as the plan names them
    timeframe: str
    statuses: tuple[str, ...]  # "Sở Y tế: Hoàn thành", one per lead agency
    notes: tuple[str, ...]  # notes written with the statuses, and the year's results


@dataclass(frozen=True)
class LateLine:
    code: str
    content: str
    leads: str
    status: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ReportData:
    plan: str
    plan_title: str
    year: int
    today: date
    office: str
    tasks: int  # every task of the plan
    progress: Progress  # of the year, as /progress counts it
    sections: Sequence[tuple[str, Sequence[TaskLine]]]  # ("I. Tăng cường ...", its tasks)
    late: Sequence[LateLine]
    results: int  # yearly results recorded
    bucket_names: dict[str, str] = field(default_factory=dict)


def _font(run, size: float = 13, bold: bool = False, italic: bool = False, underline: bool = False):
    run.font.name, run.font.size = FONT, Pt(size)
    run.font.bold, run.font.italic, run.font.underline = bold, italic, underline
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _paragraph(
    container,
    text: str = "",
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: float | None = None,
    after: float = 3,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = Cm(indent)
    if text:
        _font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


def _cell(cell, text: str, *, bold: bool = False, size: float = 11, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    lines = text.split("\n")
    for n, line in enumerate(lines):
        run = _font(paragraph.add_run(line), size, bold)
        if n < len(lines) - 1:
            run.add_break()


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RUN = (
    '<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>'
    '<w:sz w:val="22"/></w:rPr>{text}</w:r>'
).replace("{font}", FONT)


def _cell_xml(value: str, width: int, center: bool) -> str:
    lines = [escape(_NOT_XML.sub("", line)) for line in value.split("\n")]
    text = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    align = '<w:jc w:val="center"/>' if center else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{align}</w:pPr>{_RUN.replace("{text}", text)}</w:p></w:tc>'
    )


class _Rows:
    """Rows written as WordprocessingML text and put into the saved document in place of one
    marker row per table: python-docx's objects (or even an lxml tree) for 100,000 tasks take
    gigabytes, their text a few dozen megabytes."""

    def __init__(self) -> None:
        self.pending: dict[str, str] = {}

    def add(self, table, rows: Iterable[Sequence[str]], widths: Sequence[int]) -> None:
        twips = [int(width / 635) for width in widths]  # EMU to twentieths of a point
        marker = f"@@rows-{len(self.pending)}@@"
        self.pending[marker] = "".join(
            "<w:tr>"
            + "".join(_cell_xml(v, w, n == 0) for n, (v, w) in enumerate(zip(values, twips, strict=True)))
            + "</w:tr>"
            for values in rows
        )
        table.add_row().cells[0].paragraphs[0].add_run(marker)

    def save(self, document) -> bytes:
        out = io.BytesIO()
        document.save(out)
        if not self.pending:
            return out.getvalue()
        source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
        body = source.read("word/document.xml").decode("utf-8")
        for marker, rows in self.pending.items():
            at = body.index(marker)
            start = max(body.rfind("<w:tr>", 0, at), body.rfind("<w:tr ", 0, at))
            end = body.index("</w:tr>", at) + len("</w:tr>")
            body = body[:start] + rows + body[end:]
        result = io.BytesIO()
        with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = body.encode("utf-8") if item.filename == "word/document.xml" else source.read(item.filename)
                target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
        return result.getvalue()


def _repeat_header(row) -> None:
    """The table's header row repeats at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _heading_block(document, data: ReportData, words: Words) -> None:
    """Office and national heading side by side, then number and place/date."""
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, (Cm(6.0), Cm(10.0)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    left, right = table.rows[0].cells
    office = left.paragraphs[0]
    office.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(office.add_run(data.office.upper()), 12, bold=True)
    national = right.paragraphs[0]
    national.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(national.add_run(words("report.national")), 12, bold=True)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(motto.add_run(words("report.motto")), 13, bold=True, underline=True)
    number_cell, date_cell = table.rows[1].cells
    number = number_cell.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(number.add_run(words("report.number", plan=data.plan)), 13)
    when = date_cell.paragraphs[0]
    when.alignment = WD_ALIGN_PARAGRAPH.CENTER
    day = data.today
    text = words("report.place_date", place="……", day=f"{day.day:02d}", month=f"{day.month:02d}", year=day.year)
    _font(when.add_run(text), 13, italic=True)


def _task_table(document, lines: Sequence[TaskLine], words: Words, rows_out: _Rows) -> None:
    columns = ("report.col.stt", "report.col.task", "report.col.leads", "report.col.status", "report.col.notes")
    widths = (Cm(1.3), Cm(5.5), Cm(3.0), Cm(3.2), Cm(3.0))  # 16 cm: A4 less the margins
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    _repeat_header(header)
    for cell, key, width in zip(header.cells, columns, widths, strict=True):
        cell.width = width
        _cell(cell, words(key), bold=True, center=True)
    rows = (
        (
            str(n),
            f"{line.code}. {line.content}" + (f"\n({line.timeframe})" if line.timeframe else ""),
            line.leads,
            "\n".join(line.statuses),
            "\n".join(line.notes),
        )
        for n, line in enumerate(lines, 1)
    )
    rows_out.add(table, rows, widths)


def _late_table(document, lines: Sequence[LateLine], words: Words, rows_out: _Rows) -> None:
    columns = ("report.col.stt", "report.col.task", "report.col.leads", "report.col.status", "report.col.reason")
    widths = (Cm(1.3), Cm(5.5), Cm(3.0), Cm(2.2), Cm(4.0))
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    _repeat_header(table.rows[0])
    for cell, key, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        _cell(cell, words(key), bold=True, center=True)
    rows = (
        (str(n), f"{line.code}. {line.content}", line.leads, line.status, "\n".join(line.reasons))
        for n, line in enumerate(lines, 1)
    )
    rows_out.add(table, rows, widths)


def render_report(data: ReportData, words: Words) -> bytes:
    document = Document()
    rows_out = _Rows()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    _heading_block(document, data, words)
    _paragraph(document, after=6)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, words("report.kind"), size=14, bold=True, align=center, after=0)
    _paragraph(
        document, words("report.title", plan_title=data.plan_title, year=data.year), bold=True, align=center, after=0
    )
    _paragraph(document, "—————", align=center, after=6)
    _paragraph(
        document, words("report.period", year=data.year, today=data.today.strftime("%d/%m/%Y")), italic=True, indent=1.0
    )

    _paragraph(document, words("report.section.overview"), bold=True, after=3)
    values = dict(zip(BUCKETS, data.progress.values(), strict=True))
    overview = words("report.overview", tasks=data.tasks, year=data.year, total=data.progress.total, **values)
    _paragraph(document, overview, indent=1.0)

    _paragraph(document, words("report.section.tasks"), bold=True, after=3)
    for n, (title, lines) in enumerate(data.sections, 1):
        _paragraph(document, f"{n}. {title}", bold=True, italic=True, after=3)
        _task_table(document, lines, words, rows_out)
        _paragraph(document, after=3)

    _paragraph(document, words("report.section.late"), bold=True, after=3)
    if data.late:
        _late_table(document, data.late, words, rows_out)
    else:
        _paragraph(document, words("report.no_late"), indent=1.0)
    _paragraph(document, after=3)
    _paragraph(document, words("report.section.next"), bold=True, after=3)
    _paragraph(document, words("report.next"), italic=True, indent=1.0)

    closing = document.add_table(rows=1, cols=2)
    _no_borders(closing)
    recipients, signature = closing.rows[0].cells
    lines = words("report.recipients").split("\n")
    first = recipients.paragraphs[0]
    _font(first.add_run(lines[0]), 12, bold=True, italic=True)
    for line in lines[1:]:
        _font(recipients.add_paragraph().add_run(line), 11)
    sign = signature.paragraphs[0]
    sign.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(sign.add_run(words("report.signature")), 13, bold=True)

    return rows_out.save(document)
