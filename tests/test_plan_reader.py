"""Reading plan tables: the text format, other plans' columns, and bad input."""

import codecs
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.plan_table import ProblemKind
from domain.timeframes import Kind
from seed.plan_reader import read_plan
from seed.table import PlanFormatError, decode, read_rows, write_rows

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]


def parse(text: str, directory):
    return read_plan(read_rows(text), directory, "plan.txt")


def test_reads_sections_and_tasks(directory):
    plan = parse(
        write_rows(
            [
                HEADER,
                ["I", "Phần một"],
                ["1", "Việc một", "Sở Y tế", "Sở Nội vụ", "Hàng năm", "Ngân sách"],
                ["2.", "Việc hai", "Sở Y tế", "", "2026", ""],
                ["II", "Phần hai"],
                ["1", "Việc ba", "Sở Nội vụ", "", "Quý I/2026", ""],
            ]
        ),
        directory,
    )
    assert [(s.numeral, s.title) for s in plan.sections] == [("I", "Phần một"), ("II", "Phần hai")]
    assert [t.code for t in plan.tasks] == ["I.1", "I.2", "II.1"]
    assert plan.tasks[1].number == "2"  # trailing dot dropped
    assert plan.tasks[0].timeframe.kind is Kind.ANNUAL
    assert plan.problems == []


def test_the_column_of_when_work_is_due_is_the_timeframe_not_when_it_starts(directory):
    header = ["STT", "Hoạt động", "Đơn vị thực hiện chính", "Đơn vị phối hợp", "Thời gian triển khai"]
    plan = parse(
        write_rows(
            [
                [*header, "Thời gian hoàn thành", "Kết quả/sản phẩm"],
                ["1", "Khảo sát", "Sở Y tế", "Sở Nội vụ", "Quý I/2026", "Quý IV/2026", "Báo cáo"],
            ]
        ),
        directory,
    )
    task = plan.tasks[0]
    assert (task.content, task.timeframe.raw, task.timeframe.deadline.isoformat()) == (
        "Khảo sát",
        "Quý IV/2026",
        "2026-12-31",
    )
    assert task.extra == {"Thời gian triển khai": "Quý I/2026", "Kết quả/sản phẩm": "Báo cáo"}
    # alone, when the work is carried out is the timeframe there is
    alone = parse(write_rows([header, ["1", "Khảo sát", "Sở Y tế", "", "Quý I/2026"]]), directory)
    assert alone.tasks[0].timeframe.raw == "Quý I/2026"


def test_a_second_header_row_splitting_funding_or_time_is_no_task(directory):
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí (triệu đồng)", "", ""]
    plan = parse(
        write_rows(
            [
                header,
                ["", "", "", "", "", "Tổng", "NSTW", "NSĐP"],
                ["I", "Nhóm 1"],
                ["1", "Khảo sát", "Sở Y tế", "Sở Nội vụ", "Năm 2026", "500", "200", "300"],
            ]
        ),
        directory,
    )
    assert [t.code for t in plan.tasks] == ["I.1"]  # the second row was read as a task "x1"
    assert plan.tasks[0].extra == {"Kinh phí (triệu đồng) NSTW": "200", "Kinh phí (triệu đồng) NSĐP": "300"}
    assert not [p for p in plan.problems if p.kind is ProblemKind.EXTRA_CELLS]
    # split in two, with the cells merged down copied into the second row as Excel's are read:
    # the end is the deadline
    plan = parse(
        write_rows(
            [
                ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện", "", "Kinh phí"],
                ["STT", "Nội dung", "Cơ quan chủ trì", "Bắt đầu", "Kết thúc", "Kinh phí"],
                ["1", "Khảo sát", "Sở Y tế", "2026", "2027", "Ngân sách"],
            ]
        ),
        directory,
    )
    task = plan.tasks[0]
    assert (task.timeframe.raw, task.extra) == ("2027", {"Thời gian thực hiện Bắt đầu": "2026"})
    # a row under the header naming an agency is no header, even without number or content
    plan = parse(
        write_rows([header[:6], ["", "", "Sở Y tế", "", "Năm 2026", ""], ["1", "Khảo sát", "Sở Y tế", "", "2026", ""]]),
        directory,
    )
    assert len(plan.tasks) == 2


def test_items_of_a_task_that_name_no_agency_are_owed_by_its_lead(directory):
    rows = [
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
        ["I", "Truyền thông"],
        ["1", "Tuyên truyền về chuyển đổi số", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Thường xuyên"],
        ["a)", "Trên báo chí", "", "", ""],
        ["b)", "Trên mạng xã hội", "Công an tỉnh", "", ""],  # its own lead, the task's time
        ["2", "Đào tạo", "Sở Nội vụ", "", "Năm 2026"],
        ["-", "Mở lớp", "", "", "Quý II/2026"],  # its own time
        ["2.1", "Bồi dưỡng", "", "", ""],
        ["3", "Rà soát", "", "", "Năm 2026"],  # no lead: nothing to give its items
        ["3.1", "Rà soát văn bản", "", "", ""],
    ]
    plan = parse(write_rows(rows), directory)
    read = {t.code: ([a.name for a in t.leads], [a.name for a in t.coordinators], t.timeframe.raw) for t in plan.tasks}
    assert read == {
        "I.1": (["Sở Khoa học và Công nghệ"], ["Sở Nội vụ"], "Thường xuyên"),
        "I.1.a": (["Sở Khoa học và Công nghệ"], ["Sở Nội vụ"], "Thường xuyên"),
        "I.1.b": (["Công an tỉnh"], [], "Thường xuyên"),
        "I.2": (["Sở Nội vụ"], [], "Năm 2026"),
        "I.x1": (["Sở Nội vụ"], [], "Quý II/2026"),
        "I.2.1": (["Sở Nội vụ"], [], "Năm 2026"),
        "I.3": ([], [], "Năm 2026"),
        "I.3.1": ([], [], ""),
    }
    assert {p.code for p in plan.problems if p.kind is ProblemKind.NO_LEAD} == {"I.3", "I.3.1"}


def test_a_section_row_that_gives_a_lead_and_a_time(directory):
    header = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]
    # with tasks under it: a section, its lead and time theirs unless they give their own
    plan = parse(
        write_rows(
            [
                header,
                ["I", "Công tác tuyên truyền", "Sở Văn hóa, Thể thao và Du lịch", "", "Thường xuyên"],
                ["1", "Trên báo chí", "", "", ""],
                ["2", "Trên mạng xã hội", "Công an tỉnh", "", ""],
                ["II", "Đào tạo"],
                ["1", "Mở lớp", "Sở Nội vụ", "", "2026"],
            ]
        ),
        directory,
    )
    assert [(s.numeral, s.title) for s in plan.sections] == [("I", "Công tác tuyên truyền"), ("II", "Đào tạo")]
    read = [(t.code, [a.name for a in t.leads], t.timeframe.raw) for t in plan.tasks]
    assert read == [
        ("I.1", ["Sở Văn hóa, Thể thao và Du lịch"], "Thường xuyên"),  # was "1", no section and no lead
        ("I.2", ["Công an tỉnh"], "Thường xuyên"),
        ("II.1", ["Sở Nội vụ"], "2026"),
    ]
    assert plan.problems == []
    # without: a task, its numeral its code (it was an unnumbered "x1")
    plan = parse(
        write_rows([header, ["I", "Tuyên truyền", "Sở Y tế", "", "2026"], ["II", "Đào tạo", "Sở Nội vụ", "", "2026"]]),
        directory,
    )
    assert [(t.code, t.content, [a.name for a in t.leads]) for t in plan.tasks] == [
        ("I", "Tuyên truyền", ["Sở Y tế"]),
        ("II", "Đào tạo", ["Sở Nội vụ"]),
    ]


def test_a_header_in_english(directory):
    header = ["No.", "Task", "Lead agency", "Coordinating agencies", "Timeline", "Budget"]
    plan = parse(write_rows([header, ["1", "Survey", "Sở Y tế", "Sở Nội vụ", "Năm 2026", "Ngân sách"]]), directory)
    task = plan.tasks[0]
    assert ([a.name for a in task.leads], task.timeframe.deadline.isoformat()) == (["Sở Y tế"], "2026-12-31")


def test_other_plans_columns_are_recognised_by_header_and_unknown_ones_kept(directory):
    plan = parse(
        write_rows(
            [
                [
                    "TT",
                    "Nội dung công việc",
                    "Sản phẩm",
                    "Đơn vị chủ trì",
                    "Đơn vị phối hợp",
                    "Thời gian hoàn thành",
                    "Nguồn kinh phí",
                    "Ghi chú",
                ],
                ["I", "Chuyển đổi số"],
                [
                    "1.",
                    "Số hóa hồ sơ",
                    "Cơ sở dữ liệu",
                    "Sở Y tế; Sở Nội vụ",
                    "Sở TT&TT",
                    "Quý IV/2026",
                    "Ngân sách tỉnh",
                    "Ưu tiên",
                ],
            ]
        ),
        directory,
    )
    task = plan.tasks[0]
    assert task.code == "I.1"
    assert task.content == "Số hóa hồ sơ"
    assert [a.name for a in task.leads] == ["Sở Y tế", "Sở Nội vụ"]
    assert [a.name for a in task.coordinators] == ["Sở Thông tin và Truyền thông"]
    assert task.extra == {"Sản phẩm": "Cơ sở dữ liệu", "Ghi chú": "Ưu tiên"}
    assert task.timeframe.deadline.isoformat() == "2026-12-31"


def test_tolerates_missing_and_extra_trailing_cells(directory):
    plan = parse(
        write_rows(
            [
                HEADER,
                ["I", "Phần"],
                ["1", "Thiếu kinh phí", "Sở Y tế", "", "2026"],
                ["2", "Thừa ô trống", "Sở Y tế", "", "2026", "", ""],
                ["3", "Thừa ô có chữ", "Sở Y tế", "", "2026", "", "ghi thêm"],
            ]
        ),
        directory,
    )
    assert [t.code for t in plan.tasks] == ["I.1", "I.2", "I.3"]
    kinds = [(p.kind, p.code, p.detail) for p in plan.problems]
    assert (ProblemKind.MISSING_CELLS, "I.1", "Kinh phí") in kinds
    assert (ProblemKind.EXTRA_CELLS, "I.3", "ghi thêm") in kinds
    assert not any(p.code == "I.2" for p in plan.problems)
    assert plan.tasks[2].extra == {"#7": "ghi thêm"}


def test_reports_every_data_quality_problem_with_its_code(directory):
    plan = parse(
        write_rows(
            [
                HEADER,
                ["I", "Phần"],
                ["1", "Không thời gian", "Sở Y tế", "", "", ""],
                ["2", "Thời gian lạ", "Sở Y tế", "", "Chưa xác định", "Quỹ riêng"],
                ["3", "Không chủ trì", "", "Sở Y tế", "2026", ""],
                ["4", "Cơ quan lạ", "Trung tâm Dịch vụ việc làm tỉnh", "", "2026", ""],
                ["4", "Trùng số", "Sở Y tế", "", "2026", ""],
                ["", "Không số", "Sở Y tế", "", "2026", ""],
            ]
        ),
        directory,
    )
    problems = {(p.kind, p.code) for p in plan.problems}
    assert problems == {
        (ProblemKind.BLANK_TIMEFRAME, "I.1"),
        (ProblemKind.UNPARSED_TIMEFRAME, "I.2"),
        (ProblemKind.UNRECOGNISED_FUNDING, "I.2"),
        (ProblemKind.NO_LEAD, "I.3"),
        (ProblemKind.UNKNOWN_AGENCY, "I.4"),
        (ProblemKind.DUPLICATE_CODE, "I.4-2"),
        (ProblemKind.UNNUMBERED_ROW, "I.x1"),
    }
    assert len(plan.tasks) == 6  # nothing dropped
    assert plan.tasks[1].timeframe.raw == "Chưa xác định"


def test_skips_title_lines_repeated_headers_and_column_numbers(directory):
    text = "KẾ HOẠCH THỰC HIỆN\n\n" + write_rows(
        [
            HEADER,
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["I", "Phần"],
            ["1", "Việc", "Sở Y tế", "", "2026", ""],
            HEADER,
            ["2", "Việc", "Sở Y tế", "", "2027", ""],
        ]
    )
    plan = parse(text, directory)
    assert [t.code for t in plan.tasks] == ["I.1", "I.2"]


def test_section_written_in_one_cell(directory):
    plan = parse(write_rows([HEADER, ["II. Nâng cao sức khỏe"], ["1", "Việc", "Sở Y tế", "", "2026", ""]]), directory)
    assert plan.tasks[0].code == "II.1"
    assert plan.sections[0].title == "Nâng cao sức khỏe"


def test_tasks_before_any_section_are_numbered_alone(directory):
    plan = parse(write_rows([HEADER, ["1", "Việc", "Sở Y tế", "", "2026", ""]]), directory)
    assert plan.tasks[0].code == "1"


def test_cells_with_several_paragraphs_and_mixed_unicode(directory):
    nfd = unicodedata.normalize("NFD", "Sở Y tế")
    header = "\tSTT\n\tNội dung nhiệm vụ\n\tCơ quan chủ trì\n\tThời gian\n"
    text = f"{header}\n\t1\n\tDòng một\nDòng hai\n\t{nfd}\n\tHằng năm\n"
    task = parse(text, directory).tasks[0]
    assert task.content == "Dòng một\nDòng hai"
    assert task.lead_text == "Sở Y tế"
    assert [a.name for a in task.leads] == ["Sở Y tế"]


def test_leading_space_before_tab_and_trailing_space_line_as_in_the_seed(directory):
    text = " \tSTT\n\tNội dung nhiệm vụ\n\tCơ quan chủ trì\n\tThời gian\n\n\t1\n\tViệc\n\tSở Y tế\n\t2026\n \n"
    assert [t.code for t in parse(text, directory).tasks] == ["1"]


def test_crlf_line_endings(directory):
    text = write_rows([HEADER, ["I", "Phần"], ["1", "Việc", "Sở Y tế", "", "2026", ""]]).replace("\n", "\r\n")
    assert parse(text, directory).tasks[0].code == "I.1"


# -- bad input -------------------------------------------------------------------------


def test_empty_file():
    with pytest.raises(PlanFormatError, match=r"plan\.txt: the file is empty"):
        decode(b"  \n\n", "plan.txt")


def test_binary_file():
    with pytest.raises(PlanFormatError, match=r"plan.docx:1: this is a binary file"):
        decode(b"PK\x03\x04\x00\x00binary", "plan.docx")


def test_wrong_encoding_names_the_line():
    data = "\tSTT\n\tNội dung (bản cũ, mã Windows)\n".encode().replace("ộ".encode(), b"\xf4")
    with pytest.raises(PlanFormatError, match=r"plan.txt:2: the text is not UTF-8"):
        decode(data, "plan.txt")


def test_utf8_bom_and_utf16_are_read():
    assert decode(codecs.BOM_UTF8 + b"\tSTT", "p") == "\tSTT"
    assert decode("\tSTT\n".encode("utf-16"), "p") == "\tSTT\n"


def test_no_header(directory):
    with pytest.raises(PlanFormatError, match=r"plan.txt:1: no task table header found"):
        parse(write_rows([["1", "Việc", "Sở Y tế"], ["2", "Việc", "Sở Y tế"]]), directory)


def test_prose_is_not_a_plan(directory):
    with pytest.raises(PlanFormatError, match="no task table header"):
        parse("Kính gửi các sở, ban, ngành.\nĐề nghị báo cáo.\n", directory)


def test_header_without_tasks(directory):
    with pytest.raises(PlanFormatError, match=r"plan.txt:1: the table has a header but no task rows"):
        parse(write_rows([HEADER, ["I", "Phần"]]), directory)


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(str.strip)


@given(st.lists(st.lists(cells.filter(bool), min_size=1, max_size=6), min_size=1, max_size=8))
def test_rows_round_trip_through_the_text_format(rows):
    read = read_rows(write_rows(rows))
    assert [list(r.cells) for r in read] == rows


def test_a_timeframe_understood_but_not_storable_says_why_in_the_report(directory):
    from bot.cli.render import problem_line

    rows = [HEADER, ["I", "Phần"], ["1", "Việc", "Sở Y tế", "", "Quý I và Quý II hằng năm", ""]]
    plan = parse(write_rows(rows), directory)
    (problem,) = [p for p in plan.problems if p.kind is ProblemKind.UNPARSED_TIMEFRAME]
    line = problem_line(problem)
    assert "'Quý I và Quý II hằng năm'" in line and "31/3 and 30/6" in line and "one due day per period" in line


def test_a_numbered_row_heading_the_rows_numbered_under_it_is_no_task(directory):
    plan = parse(
        write_rows(
            [
                HEADER,
                ["A.", "Nâng cao nhận thức"],
                ["1.", "Quán triệt, tuyên truyền", "", "", "", ""],
                ["1.1", "Tổ chức hội nghị", "Sở Y tế", "", "Quý I/2026", ""],
                ["1.2", "Tuyên truyền trên báo", "Sở Nội vụ", "", "Hằng năm", ""],
                ["2.", "Hoàn thiện thể chế"],
                ["2.1", "Ban hành quy chế", "Sở Tư pháp", "", "2026", ""],
                ["3.", "Xây dựng kho dữ liệu", "Sở Y tế", "", "2026-2027", ""],
                ["4.", "Việc chưa giao", "", "", "", ""],
                ["B.", "Phát triển"],
                ["1", "Chuyển đổi số y tế", "", "", ""],
                ["1.1", "Bệnh án điện tử", "Sở Y tế", "", "2026", ""],
                ["2", "Việc có chủ trì", "Sở Y tế", "", "", ""],
                ["2.1", "Việc con", "Sở Y tế", "", "2026", ""],
            ]
        ),
        directory,
    )
    codes = [t.code for t in plan.tasks]
    assert codes == ["A.1.1", "A.1.2", "A.2.1", "A.3", "A.4", "B.1.1", "B.2", "B.2.1"]
    assert [t.position for t in plan.tasks] == list(range(1, 9))
    headings = [p for p in plan.problems if p.kind is ProblemKind.HEADING_ROW]
    details = ["1. Quán triệt, tuyên truyền", "2. Hoàn thiện thể chế", "1. Chuyển đổi số y tế"]
    assert [p.detail for p in headings] == details
    # nothing is reported of the headings as tasks; a task left without lead or timeframe still is
    assert {p.code for p in plan.problems if p.kind is not ProblemKind.HEADING_ROW} == {"A.4", "B.2"}
