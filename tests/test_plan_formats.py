"""The same plan from text, .docx, .xlsx and .xls; files that are not plan tables are refused."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import NOW
from docx import Document
from openpyxl import Workbook
from plan_files import docx_bytes, xlsx_bytes
from test_import_db import snapshot

from db.queries import TaskFilter, find_tasks
from domain.timeframes import Kind
from seed.formats import read_table
from seed.importer import PlanFile, bundled_plan, import_plan
from seed.plan_reader import read_plan
from seed.table import PlanFormatError, read_rows, write_rows

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]


def seed_rows() -> list[list[str]]:
    text = bundled_plan().path.read_text(encoding="utf-8")
    return [[unicodedata.normalize("NFC", cell) for cell in row.cells] for row in read_rows(text)]


def files_of(tmp_path: Path, rows) -> dict[str, Path]:
    paths = {"txt": tmp_path / "plan.txt", "docx": tmp_path / "plan.docx", "xlsx": tmp_path / "plan.xlsx"}
    paths["txt"].write_text(write_rows(rows), encoding="utf-8")
    paths["docx"].write_bytes(docx_bytes(rows))
    paths["xlsx"].write_bytes(xlsx_bytes(rows))
    return paths


# Excel 97-2003 workbooks, written once by another program (no writer is a dependency):
# the seed plan as xlsx_bytes lays it out, and a sheet of dates, numbers and merged cells.
XLS = Path(__file__).parent / "data" / "xls"


def without_lines(plan) -> list:
    return [dataclasses.replace(task, line=0) for task in plan.tasks]


def test_the_seed_plan_parses_the_same_from_every_format(tmp_path: Path, directory):
    paths = files_of(tmp_path, seed_rows())
    parsed = {kind: read_plan(read_table(p.read_bytes(), str(p)), directory, str(p)) for kind, p in paths.items()}
    assert len(parsed["docx"].tasks) == 65 and len(parsed["docx"].sections) == 9
    assert without_lines(parsed["docx"]) == without_lines(parsed["txt"])
    assert without_lines(parsed["xlsx"]) == without_lines(parsed["txt"])
    assert [s.title for s in parsed["xlsx"].sections] == [s.title for s in parsed["txt"].sections]
    # Excel numbers its rows: the first task sits under the title row, the header and section I.
    assert parsed["xlsx"].tasks[0].line == 4
    old_excel = read_plan(read_table((XLS / "nq20_seed.xls").read_bytes(), "nq20.xls"), directory, "nq20.xls")
    assert without_lines(old_excel) == without_lines(parsed["txt"])
    assert old_excel.tasks[0].line == 4


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Text as Word saves it in "Vietnamese (Windows)": letters the code page has, and the
    others as a letter followed by its tone mark (Windows-1258 has no "ộ", only "ô" and a dot)."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONE_MARKS))
            out += (base + "".join(p for p in parts if p in _TONE_MARKS)).encode("cp1258")
    return bytes(out)


ENCODINGS = {
    "Windows-1258": windows_1258,
    "UTF-16 LE without BOM": lambda text: text.encode("utf-16-le"),
    "UTF-16 BE without BOM": lambda text: text.encode("utf-16-be"),
    "UTF-16 with BOM": lambda text: text.encode("utf-16"),
    "UTF-8 with BOM": lambda text: text.encode("utf-8-sig"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_seed_plan_saved_in_an_offices_encoding_reads_the_same(directory, encoding):
    text = write_rows(seed_rows())
    utf8 = read_plan(read_table(text.encode(), "plan.txt"), directory, "plan.txt")
    data = ENCODINGS[encoding](text)
    plan = read_plan(read_table(data, "plan.txt", strict=True), directory, "plan.txt")
    assert len(plan.tasks) == 65
    assert plan.tasks == utf8.tasks
    assert [s.title for s in plan.sections] == [s.title for s in utf8.sections]


def test_a_short_plan_in_windows_1258_reads_right(directory):
    text = write_rows(
        [HEADER, ["I", "Phòng bệnh"], ["1", "Nâng cao chất lượng khám, chữa bệnh", "Sở Y tế", "", "2026", ""]]
    )
    plan = read_plan(read_table(windows_1258(text), "kh.txt"), directory, "kh.txt")
    [task] = plan.tasks
    assert task.content == "Nâng cao chất lượng khám, chữa bệnh" and plan.sections[0].title == "Phòng bệnh"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00IHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "this is a binary file"),
        # UTF-8 with one byte of another encoding in it: read as anything else, it would be garbled
        ("\tSTT\n\tNội dung (bản cũ)\n".encode().replace("ộ".encode(), b"\xf4"), "plan.txt:2: the text is not UTF-8"),
    ],
)
def test_what_no_encoding_reads_is_refused_naming_the_encodings_tried(content, reason):
    with pytest.raises(PlanFormatError) as refused:
        read_table(content, "plan.txt")
    assert reason in str(refused.value)
    assert "tried UTF-8, UTF-16, Windows-1258" in str(refused.value)


def test_a_task_table_split_into_pieces_in_word_reads_as_one(tmp_path: Path, directory):
    rows = seed_rows()
    whole = read_plan(read_table(write_rows(rows).encode(), "plan.txt"), directory, "plan.txt")
    sections = [i for i, row in enumerate(rows) if len(row) == 2]
    # pieces that repeat the header, one that starts with a task row and one with a section;
    # after them a summary table with as many columns that is not part of the plan
    summary = [["Tổng cộng", "65 nhiệm vụ", "", "", "", "3.5 tỷ đồng"], ["Ghi chú", "", "", "", "", ""]]
    for split_at, header_again in (([20, 40], True), ([sections[3] + 1, sections[6]], False)):
        data = docx_bytes(rows, split_at=split_at, header_again=header_again, after=summary)
        pieces = read_plan(read_table(data, "plan.docx"), directory, "plan.docx")
        assert len(pieces.tasks) == 65 and len(pieces.sections) == 9
        assert without_lines(pieces) == without_lines(whole)
        assert not [p for p in pieces.problems if p.kind not in {p.kind for p in whole.problems}]


def test_a_later_table_with_other_columns_is_not_read_as_tasks(directory):
    rows = [HEADER, ["I", "Hạ tầng số"], ["1", "Số hóa hồ sơ", "Sở Y tế", "", "Năm 2026", ""]]
    contacts = [["Họ tên", "Điện thoại", "Email"], ["1", "0251 3822 222", "syt@dongnai.gov.vn"]]
    plan = read_plan(read_table(docx_bytes(rows, after=contacts), "kh.docx"), directory, "kh.docx")
    assert [task.code for task in plan.tasks] == ["I.1"]


async def test_importing_each_format_stores_identical_tasks(sessions, alias_table, tmp_path: Path):
    paths = files_of(tmp_path, seed_rows())
    for kind, path in paths.items():
        await import_plan(sessions, PlanFile(path, kind.upper()), alias_table=alias_table, now=NOW)
    async with sessions() as session:
        stored = {
            kind: [
                dataclasses.replace(t, id=0, plan="") for t in await find_tasks(session, TaskFilter(plan=kind.upper()))
            ]
            for kind in paths
        }
    assert len(stored["txt"]) == 65
    assert stored["docx"] == stored["txt"]
    assert stored["xlsx"] == stored["txt"]
    await import_plan(sessions, PlanFile(XLS / "nq20_seed.xls", "XLS"), alias_table=alias_table, now=NOW)
    async with sessions() as session:
        old_excel = [dataclasses.replace(t, id=0, plan="") for t in await find_tasks(session, TaskFilter(plan="XLS"))]
    assert old_excel == stored["txt"]


def test_docx_cells_merged_down_paragraphs_and_a_two_row_header(directory, tmp_path: Path):
    document = Document()
    table = document.add_table(rows=6, cols=6)
    top = ["STT", "Nội dung công việc", "Cơ quan thực hiện", "", "Thời gian hoàn thành", "Sản phẩm"]
    for c, text in enumerate(top):
        table.cell(0, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    for c in (0, 1, 4, 5):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(1, 2).text, table.cell(1, 3).text = "Chủ trì", "Phối hợp"
    table.cell(2, 0).text = "I"
    table.cell(2, 1).merge(table.cell(2, 5)).text = "Chuyển đổi số"
    rows = [
        ["1", "Số hóa hồ sơ", "Sở Y tế", "Sở Nội vụ\nSở Tài chính", "Quý I/2027", "Kho dữ liệu"],
        ["2.", "Cập nhật phần mềm", "", "", "Hằng năm", ""],
        ["3", "Đào tạo cán bộ", "", "Sở Nội vụ", "31/12/2026", "Báo cáo"],
    ]
    for r, row in enumerate(rows, 3):
        for c, text in enumerate(row):
            first, *more = text.split("\n")
            table.cell(r, c).text = first
            for line in more:
                table.cell(r, c).add_paragraph(line)
    table.cell(3, 2).merge(table.cell(5, 2))  # one lead written once for three tasks
    buffer = io.BytesIO()
    document.save(buffer)

    plan = read_plan(read_table(buffer.getvalue(), "kh.docx"), directory, "kh.docx")
    assert [t.code for t in plan.tasks] == ["I.1", "I.2", "I.3"]
    assert all(t.lead_text == "Sở Y tế" for t in plan.tasks)
    assert plan.tasks[0].coordinators_text == "Sở Nội vụ\nSở Tài chính"
    assert [a.name for a in plan.tasks[0].coordinators] == ["Sở Nội vụ", "Sở Tài chính"]
    assert plan.tasks[0].extra == {"Sản phẩm": "Kho dữ liệu"}
    assert plan.tasks[2].timeframe.deadline.isoformat() == "2026-12-31"


def test_a_task_whose_number_is_merged_over_several_rows_is_one_task(directory):
    """Offices list a task's activities on rows of their own under one number, lead and time
    merged down: one task with each activity a line, not the same code twice."""
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"]
    rows = [
        ["1", "Tuyên truyền trên báo, đài", "Sở Văn hóa, Thể thao và Du lịch", "Thường xuyên"],
        ["", "Tổ chức hội thi tìm hiểu", "", ""],
        ["2", "Sơ kết", "Sở Y tế", "Năm 2026"],
        ["", "Khen thưởng", "Sở Nội vụ", "Năm 2026"],  # its own lead: a task of its own
    ]
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([cell or None for cell in row])
    for column in "ACD":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("A4:A5")
    buffer = io.BytesIO()
    book.save(buffer)
    document = Document()
    table = document.add_table(rows=5, cols=4)
    for r, row in enumerate([header, *rows]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for c in (0, 2, 3):
        table.cell(1, c).merge(table.cell(2, c))
    table.cell(3, 0).merge(table.cell(4, 0))
    word = io.BytesIO()
    document.save(word)

    for name, data in (("kh.xlsx", buffer.getvalue()), ("kh.docx", word.getvalue())):
        plan = read_plan(read_table(data, name), directory, name)
        read = [(t.code, t.content, t.lead_text) for t in plan.tasks]
        assert read == [
            ("1", "Tuyên truyền trên báo, đài\nTổ chức hội thi tìm hiểu", "Sở Văn hóa, Thể thao và Du lịch"),
            ("2", "Sơ kết", "Sở Y tế"),
            ("2-2", "Khen thưởng", "Sở Nội vụ"),
        ], name
    # typed twice in a text file, the number is no merge: two tasks, the second one reported
    text = read_plan(
        read_table(write_rows([header, rows[0], ["1", *rows[1][1:3], "Thường xuyên"]]).encode(), "kh.txt"),
        directory,
        "kh.txt",
    )
    assert [t.code for t in text.tasks] == ["1", "1-2"]


def test_xlsx_dates_numbers_and_cells_merged_down(directory):
    book = Workbook()
    sheet = book.active
    sheet.append(["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian", "Ghi chú"])
    sheet.append(["A", "Phòng chống thiên tai"])
    sheet.merge_cells("B2:E2")
    sheet.append([1, "Diễn tập ứng phó bão", "BCH Quân sự tỉnh", NOW.replace(tzinfo=None, hour=0), "Có kịch bản"])
    sheet.append([2.0, "Rà soát khu dân cư ven sông", None, "Hằng năm", None])
    sheet.merge_cells("C3:C4")
    buffer = io.BytesIO()
    book.save(buffer)

    plan = read_plan(read_table(buffer.getvalue(), "pctt.xlsx"), directory, "pctt.xlsx")
    first, second = plan.tasks
    assert (first.code, second.code) == ("A.1", "A.2")
    assert first.timeframe.raw == "24/11/2026" and first.timeframe.deadline.isoformat() == "2026-11-24"
    assert second.lead_text == "BCH Quân sự tỉnh"
    assert first.extra == {"Ghi chú": "Có kịch bản"}


def test_an_old_excel_workbook_reads_dates_numbers_and_cells_merged_down(directory):
    plan = read_plan(read_table((XLS / "pctt_2016.xls").read_bytes(), "pctt.xls"), directory, "pctt.xls")
    read = [(t.code, t.lead_text, t.timeframe.raw, t.timeframe.deadline) for t in plan.tasks]
    assert read == [
        ("A.1", "BCH Quân sự tỉnh", "24/11/2016", date(2016, 11, 24)),  # a date cell, as typed
        ("A.2", "BCH Quân sự tỉnh", "Hằng năm", None),  # 2.0, and the lead merged down two rows
        ("A.3", "Sở Nông nghiệp và PTNT", "2020", date(2020, 12, 31)),  # a bare year as a number
        ("A.4", "Sở NN&PTNT", "06/2018", date(2018, 6, 30)),  # a date shown as a month
    ]
    assert [s.title for s in plan.sections] == ["Phòng chống thiên tai"]
    assert plan.tasks[0].extra == {"Ghi chú": "Có kịch bản"}
    assert plan.tasks[2].content == "Tổng kết\ngiai đoạn"
    assert plan.problems == []  # rows whose last cells are empty are as wide as the sheet, as in .xlsx


def test_an_old_excel_workbooks_error_cells_read_as_excel_shows_them_and_as_in_xlsx(directory):
    """error_cells.xls: an empty sheet and a cover of merged cells only before the plan, a
    header on two rows ("Cơ quan thực hiện" over "Chủ trì" and "Phối hợp"), a timeframe that is
    #REF! and a funding #N/A. They were read as empty cells: "no timeframe", "funding missing"
    for cells the coordinator sees an error in, where the same .xlsx keeps the error's text."""
    old = read_plan(read_table((XLS / "error_cells.xls").read_bytes(), "kh.xls"), directory, "kh.xls")
    assert [(t.code, t.lead_text, t.timeframe.raw, t.funding.raw) for t in old.tasks] == [
        ("I.1", "Sở Y tế", "#REF!", "Ngân sách"),
        ("I.2", "Sở Y tế", "2026", "#N/A"),
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"])
    sheet.append(["I", "Truyền thông"])
    sheet.append([1, "Tuyên truyền", "Sở Y tế", "Sở Nội vụ", "#REF!", "Ngân sách"])
    sheet.append([2, "Tập huấn", "Sở Y tế", None, 2026, "#N/A"])
    buffer = io.BytesIO()
    book.save(buffer)
    new = read_plan(read_table(buffer.getvalue(), "kh.xlsx"), directory, "kh.xlsx")

    def cells(plan):
        return [(t.timeframe.raw, t.funding.raw) for t in plan.tasks]

    assert cells(new) == cells(old)
    assert [p.kind for p in new.problems] == [p.kind for p in old.problems]


def test_an_xlsx_workbook_named_xls_is_read_as_what_it_is(directory):
    rows = read_table(xlsx_bytes([HEADER, ["1", "Tập huấn", "Sở Y tế", "", "Năm 2026", ""]]), "ke-hoach.xls")
    plan = read_plan(rows, directory, "ke-hoach.xls")
    assert [(t.code, t.lead_text) for t in plan.tasks] == [("1", "Sở Y tế")]


def test_xlsx_timeframe_cells_holding_dates_and_years_read_as_written(directory):
    """A timeframe typed into Excel becomes a date, a date shown as a month or a year, or a
    number: each reads as the person typed it, never as a guess."""
    book = Workbook()
    sheet = book.active
    sheet.append(["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"])
    cells = [
        (datetime(2026, 12, 31), None),  # typed 31/12/2026
        (date(2027, 3, 15), "dd/mm/yyyy"),
        (datetime(2026, 6, 30, 17, 0), "dd/mm/yyyy hh:mm"),  # a deadline with its hour
        (datetime(2026, 6, 1), "mm/yyyy"),  # typed 6/2026: a month
        (datetime(2026, 6, 1), '[$-vi-VN]mmmm" năm "yyyy'),
        (datetime(2026, 1, 1), "yyyy"),  # a year shown as a year
        (2026, None),  # a bare year as a number
        (2027.0, "0"),
        ("Quý II hằng năm", None),
    ]
    for n, (value, number_format) in enumerate(cells, start=1):
        sheet.append([n, f"Nhiệm vụ {n}", "Sở Y tế", value])
        if number_format:
            sheet.cell(row=sheet.max_row, column=4).number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)

    plan = read_plan(read_table(buffer.getvalue(), "moc.xlsx"), directory, "moc.xlsx")
    read = [(t.timeframe.raw, t.timeframe.kind, t.timeframe.start, t.timeframe.deadline) for t in plan.tasks]
    assert read == [
        ("31/12/2026", Kind.ONCE, None, date(2026, 12, 31)),
        ("15/03/2027", Kind.ONCE, None, date(2027, 3, 15)),
        ("30/06/2026 17:00", Kind.ONCE, None, date(2026, 6, 30)),
        ("06/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30)),
        ("06/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30)),
        ("2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31)),
        ("2027", Kind.ONCE, date(2027, 1, 1), date(2027, 12, 31)),
        ("Quý II hằng năm", Kind.ANNUAL, None, None),
    ]
    assert plan.problems == []


def _zip_with(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _docx_without_task_table() -> bytes:
    document = Document()
    document.add_paragraph("Kế hoạch không có bảng nhiệm vụ")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "Nơi nhận"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx_without_header() -> bytes:
    book = Workbook()
    book.active.append(["Họ tên", "Điện thoại"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MALFORMED = [
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word document"),
    ("sheet.docx", _zip_with("[Content_Types].xml", b"<Types/>"), "not a readable Word document"),
    ("notable.docx", _docx_without_task_table(), "none of them starts with a task table header"),
    ("header-only.docx", docx_bytes([HEADER], before_table=False), "a header but no task rows"),
    ("broken.xlsx", b"\x00\x01 garbage", "not a readable Excel workbook"),
    ("contacts.xlsx", _xlsx_without_header(), "no sheet of the workbook (“Sheet”) starts with a task table header"),
    ("header-only.xlsx", xlsx_bytes([HEADER]), "a header but no task rows"),
    ("bomb.xlsx", _zip_with("xl/a.xml", b"0" * (3 * 2**20)), "unpacks to 3 MB, more than"),
    ("old.doc", b"\xd0\xcf\x11\xe0 old word", "save it as .docx"),
    ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 damaged", "not a readable Excel workbook (.xls)"),
    ("page.xls", b"<html><table><tr><td>STT</td></tr></table></html>", "not a readable Excel workbook (.xls)"),
    ("photo.txt", b"\x89PNG\r\n\x00\x00", "binary file"),
    ("empty.txt", b"", "the file is empty"),
]


@pytest.mark.parametrize(("name", "content", "reason"), MALFORMED, ids=[m[0] for m in MALFORMED])
async def test_malformed_files_are_refused_and_change_nothing(
    sessions, alias_table, tmp_path, monkeypatch, name, content, reason
):
    monkeypatch.setattr("seed.formats.MAX_UNPACKED_BYTES", 2 * 2**20)  # a small bomb stands for a big one
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=NOW)
    before = await snapshot(sessions)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlanFormatError) as refused:
        await import_plan(sessions, PlanFile(path, "BAD"), alias_table=alias_table, now=NOW)
    assert reason in str(refused.value) and name in str(refused.value)
    assert await snapshot(sessions) == before


def pipe_table(rows: list[list[str]], outer: bool = True) -> str:
    """A plan table as Markdown writes it: a title, the header, a separator line, the rows."""

    def line(cells) -> str:
        text = " | ".join(cell.replace("|", "\\|").replace("\n", "<br>") for cell in cells)
        return f"| {text} |" if outer else text

    width = len(rows[0])
    body = [line(rows[0]), line(["---"] * width)]
    body += [line([*row, *[""] * (width - len(row))]) for row in rows[1:]]
    return "# Phụ lục\n\n(Kèm theo Kế hoạch)\n\n" + "\n".join(body) + "\n\nGhi chú: cuối bảng.\n"


@pytest.mark.parametrize("name", ["plan.md", "plan.txt", "plan.markdown"])
def test_a_markdown_pipe_table_reads_like_the_text_table(directory, name):
    rows = seed_rows()
    from_text = read_plan(read_table(write_rows(rows).encode(), "plan.txt"), directory, "plan.txt")
    from_pipes = read_plan(read_table(pipe_table(rows).encode(), name), directory, name)
    assert len(from_pipes.tasks) == 65
    assert without_lines(from_pipes) == without_lines(from_text)


def test_markdown_cells_bold_sections_line_breaks_pipes_and_no_outer_pipes(directory):
    rows = [
        HEADER,
        ["**I**", "**Công tác chỉ đạo**"],
        ["1", "Việc một | việc hai", "Sở Y tế\nSở Tài chính", "Sở Nội vụ", "Quý I/2026", ""],
    ]
    for outer in (True, False):
        plan = read_plan(read_table(pipe_table(rows, outer).encode(), "plan.md"), directory, "plan.md")
        assert [(s.numeral, s.title) for s in plan.sections] == [("I", "Công tác chỉ đạo")]
        (task,) = plan.tasks
        assert task.content == "Việc một | việc hai"
        assert [a.name for a in task.leads] == ["Sở Y tế", "Sở Tài chính"]


@pytest.mark.parametrize("name", ["plan.md", "plan.txt"])
def test_a_pipe_table_with_no_separator_line_reads_like_the_text_table(directory, name):
    """Typed by hand or written by a tool that puts no |---| under the header."""
    rows = seed_rows()
    from_text = read_plan(read_table(write_rows(rows).encode(), "plan.txt"), directory, "plan.txt")
    no_separator = "\n".join(line for line in pipe_table(rows).split("\n") if not line.startswith("| ---"))
    from_pipes = read_plan(read_table(no_separator.encode(), name), directory, name)
    assert len(from_pipes.tasks) == 65
    assert without_lines(from_pipes) == without_lines(from_text)


def test_a_later_markdown_table_with_other_columns_is_not_read(directory):
    text = pipe_table([HEADER, ["I", "Mục"], ["1", "Việc", "Sở Y tế", "", "2026", ""]])
    text += "\n| Họ tên | Điện thoại |\n|---|---|\n| Nguyễn Văn A | 0912 |\n"
    plan = read_plan(read_table(text.encode(), "plan.md"), directory, "plan.md")
    assert [t.code for t in plan.tasks] == ["I.1"]


def test_a_markdown_file_is_a_plan_file_in_the_chat_too():
    from seed.formats import refusal

    assert refusal("ke-hoach.md") is None


def delimited(rows: list[list[str]], delimiter: str, title: str = "Phụ lục: các nhiệm vụ") -> str:
    """A plan table as a sheet saved as text writes it: a row a line, cells quoted when they
    hold the delimiter, a line break or a quote."""

    def cell(text: str) -> str:
        if any(c in text for c in (delimiter, "\n", '"')):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [title] if title else []
    lines += [delimiter.join(cell(c) for c in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("name", "delimiter"), [("plan.txt", "\t"), ("plan.tsv", "\t"), ("plan.csv", ","), ("plan.csv", ";")]
)
def test_a_sheet_saved_as_text_one_row_per_line_reads_like_the_text_table(directory, name, delimiter):
    rows = seed_rows()
    from_text = read_plan(read_table(write_rows(rows).encode(), "plan.txt"), directory, "plan.txt")
    data = delimited(rows, delimiter).encode("utf-8-sig")
    from_lines = read_plan(read_table(data, name, strict=True), directory, name)
    assert len(from_lines.tasks) == 65 and len(from_lines.sections) == 9
    assert without_lines(from_lines) == without_lines(from_text)


def test_tab_separated_rows_with_a_title_short_rows_and_quotes(directory):
    text = (
        "KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH NĂM 2020\n"
        "TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tKinh phí\n"
        "I\tHoàn thiện thể chế\n"
        "1.\tBan hành quy chế\tSở Nội vụ\tSở Tư pháp\tQuý IV/2020\tNgân sách\n"
        '2.\t"Triển khai ""Chính quyền số""\nở cấp xã"\tSở Tài chính\t\tNăm 2020\n'
        '3.\t"Tuyên truyền" trên báo\tSở Y tế\n'
        "\n"
        "II\tHạ tầng\n"
        "1.\tNâng cấp mạng\tSở Xây dựng\tSở Y tế, Sở Nội vụ\tThường xuyên\n"
    )
    plan = read_plan(read_table(text.encode(), "plan.txt"), directory, "plan.txt")
    assert [s.numeral for s in plan.sections] == ["I", "II"]
    assert [t.code for t in plan.tasks] == ["I.1", "I.2", "I.3", "II.1"]
    assert plan.tasks[1].content == 'Triển khai "Chính quyền số"\nở cấp xã'
    assert plan.tasks[2].content == '"Tuyên truyền" trên báo'  # a quote that opens no quoted cell
    assert [a.name for a in plan.tasks[3].coordinators] == ["Sở Y tế", "Sở Nội vụ"]
    assert plan.tasks[0].line == 4 and plan.tasks[3].line == 10


def test_a_sheet_whose_first_column_is_empty_saved_as_text(directory):
    rows = [["", *HEADER], ["", "I", "Mục"], ["", "1", "Việc một", "Sở Y tế", "", "2026", ""]]
    rows += [["", "2", "Việc hai", "Sở Nội vụ", "Sở Y tế", "Hằng năm", ""]]
    text = "\n".join("\t".join(row) for row in rows) + "\n"
    plan = read_plan(read_table(text.encode(), "plan.tsv"), directory, "plan.tsv")
    assert [t.code for t in plan.tasks] == ["I.1", "I.2"]
    assert [a.name for a in plan.tasks[1].leads] == ["Sở Nội vụ"]


def test_a_word_table_split_before_a_lettered_item_reads_as_one(directory):
    # was: the piece starting "a)" was not read as the rest of the table: its tasks were lost
    rows = [
        HEADER,
        ["I", "Tuyên truyền"],
        ["1", "Tuyên truyền pháp luật", "", "", "", ""],
        ["a)", "Trên báo chí", "Sở Tư pháp", "", "Năm 2026", ""],
        ["b)", "Trong trường học", "Sở Giáo dục và Đào tạo", "", "Năm 2026", ""],
    ]
    data = docx_bytes(rows, split_at=[3], header_again=False)
    plan = read_plan(read_table(data, "plan.docx"), directory, "plan.docx")
    assert [(t.code, [a.name for a in t.leads]) for t in plan.tasks] == [
        ("I.1.a", ["Sở Tư pháp"]),
        ("I.1.b", ["Sở Giáo dục và Đào tạo"]),
    ]


def test_a_word_plan_s_letterhead_tells_a_city_s_plan(directory):
    # was: a .docx was read from its table only: "Công an Thành phố" stayed an unknown body
    rows = [HEADER, ["I", "An ninh"], ["1", "Giữ trật tự", "Công an Thành phố", "UBND Thành phố", "Năm 2026", ""]]
    data = docx_bytes(rows, title="ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG")
    plan = read_plan(read_table(data, "plan.docx"), directory, "plan.docx")
    task = plan.tasks[0]
    assert ([a.name for a in task.leads], [a.name for a in task.coordinators]) == (["Công an tỉnh"], ["UBND tỉnh"])
