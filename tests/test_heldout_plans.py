"""Plans written as offices write them, of provinces merged in 2025 and of others, from 2017
to 2026 (tests/data/plans/2*.expected.json, 3*, 4*): every task's leads and coordinators stored as
the bodies of today, and a 2026 plan that still names an abolished body tells the succession.
test_other_provinces.py checks their leads and timeframes; here the coordinators too, through
a real import. Then the forms these plans were first misread in, one by one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import NOW

from db.agencies import load_directory
from db.queries import TaskFilter, find_tasks
from domain.text import key
from seed.formats import read_table
from seed.importer import PlanFile, import_plan
from seed.plan_reader import read_plan

PLANS = Path(__file__).parent / "data" / "plans"
HELD_OUT = sorted(p for p in PLANS.glob("*.expected.json") if p.name[0] in "2345")


@pytest.mark.parametrize("expected", HELD_OUT, ids=lambda p: p.name.split(".")[0])
async def test_a_held_out_plan_is_stored_with_its_leads_and_coordinators(sessions, alias_table, expected: Path):
    plan_file = next(p for p in PLANS.glob(expected.name.replace(".expected.json", ".*")) if p.suffix != ".json")
    document = json.loads(expected.read_text(encoding="utf-8"))
    province = document["province"]
    report = await import_plan(sessions, PlanFile(plan_file, "HELD"), alias_table=alias_table, now=NOW)
    assert report.risks == []
    async with sessions() as session:
        tasks = {t.code: t for t in await find_tasks(session, TaskFilter(plan="HELD"))}
        directory = await load_directory(session, alias_table.abbreviations, alias_table.successions)

    def today(names) -> list[str]:
        found = (directory.current(directory.lookup(n) or n) for n in names)
        return list(dict.fromkeys(key(re.sub(rf"(tỉnh )?({re.escape(province)}|Đồng Nai)", "tỉnh", n)) for n in found))

    assert sorted(tasks) == sorted(t["code"] for t in document["tasks"])
    wrong = [
        (want["code"], tasks[want["code"]].leads, tasks[want["code"]].coordinators)
        for want in document["tasks"]
        if (today(tasks[want["code"]].leads), today(tasks[want["code"]].coordinators))
        != (today(want["leads"]), today(want["coordinators"]))
    ]
    assert wrong == []
    # A task marked "as_stored" names bodies a lookup would fold into one ("Bệnh viện Đa khoa
    # tỉnh Vĩnh Phúc" looks up as the province's "Bệnh viện Đa khoa tỉnh"): its names are
    # compared as stored, only the plan's own province read as "tỉnh".
    own = re.compile(rf"\b(tỉnh )?{re.escape(province)}\b")
    stored = [
        (want["code"], tasks[want["code"]].leads, tasks[want["code"]].coordinators)
        for want in document["tasks"]
        if want.get("as_stored")
        and ([own.sub("tỉnh", n) for n in tasks[want["code"]].leads + tasks[want["code"]].coordinators])
        != [own.sub("tỉnh", n) for n in want["leads"] + want["coordinators"]]
    ]
    assert stored == []
    if document["written"] >= 2026:  # an abolished body named in a plan of today: its successor owns the task
        for task in tasks.values():
            for lead in task.leads:
                if directory.current(lead) != lead:
                    assert directory.succession(lead) is not None, (task.code, lead)


def test_a_2026_plan_naming_abolished_departments_gives_their_tasks_to_the_successors(directory):
    path = PLANS / "23_tuyenquang_giam_ngheo_2026.docx"
    plan = read_plan(read_table(path.read_bytes(), path.name), directory, path.name)
    tasks = {t.code: t for t in plan.tasks}
    told = {
        code: [(a.name, s.new, s.partial) for a in tasks[code].leads if (s := directory.succession(a.name))]
        for code in ("1.3", "3.5", "4.3")
    }
    assert told == {
        "1.3": [("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", True)],
        "3.5": [("Ban Dân tộc", "Sở Dân tộc và Tôn giáo", False)],
        "4.3": [("Sở Kế hoạch và Đầu tư", "Sở Tài chính", False)],
    }


def names(directory, cell: str, coordinators: str = "") -> tuple[list[str], list[str]]:
    leads, others = directory.split_task(cell, coordinators)
    return [a.name for a in leads], [a.name for a in others]


@pytest.mark.parametrize(
    "cell",
    [
        "UBND các huyện, thị xã",
        "UBND các huyện, thị xã và thành phố",
        "UBND các quận, huyện, thị xã",
        "UBND các quận, huyện",
        "UBND các huyện/thị xã/thành phố",
        "UBND các huyện, thị, thành phố",
    ],
)
def test_the_district_committees_are_one_group_however_their_units_are_listed(directory, cell: str):
    # was: an unknown body "UBND các huyện, thị xã", or "UBND các huyện" and "UBND thị xã và thành phố"
    assert names(directory, cell) == (["UBND các huyện"], [])
    assert directory.current("UBND các huyện") == "UBND các xã, phường"


def test_a_district_unit_followed_by_its_name_is_still_its_own_body(directory):
    leads, _ = names(directory, "UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa")
    assert leads == ["UBND các huyện", "UBND thị xã Long Khánh", "UBND thành phố Biên Hòa"]


def test_names_listed_under_a_plural_head_are_each_that_head_s(directory):
    # was: unknown "Các Sở: Tài chính" and "Kế hoạch và Đầu tư"
    assert names(directory, "Các Sở: Tài chính, Kế hoạch và Đầu tư", "các Sở: Y tế, Giáo dục và Đào tạo") == (
        ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
        ["Sở Y tế", "Sở Giáo dục và Đào tạo"],
    )


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("Sở TN & MT", "Sở Tài nguyên và Môi trường"),
        ("Sở KH và ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở LĐ - TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐ-TB và XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở NN & PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở TT & TT", "Sở Thông tin và Truyền thông"),
        ("Sở NN & MT", "Sở Nông nghiệp và Môi trường"),
        ("Sở DT và TG", "Sở Dân tộc và Tôn giáo"),
        ("Sở KH & CN", "Sở Khoa học và Công nghệ"),
    ],
)
def test_a_department_s_initials_written_apart_are_its_name(directory, cell: str, name: str):
    assert names(directory, cell) == ([name], [])


def test_capitals_joined_by_va_are_two_bodies_unless_a_department_s_initials(directory):
    assert names(directory, "BHXH và LĐLĐ") == (["Bảo hiểm xã hội tỉnh", "Liên đoàn Lao động tỉnh"], [])
    assert names(directory, "Sở GTVT và BCH QS tỉnh") == (["Sở Giao thông vận tải", "Bộ Chỉ huy Quân sự tỉnh"], [])


def test_a_group_narrowed_by_its_duties_is_still_the_group(directory):
    # was: unknown "Các sở, ban, ngành theo chức năng, nhiệm vụ": no department led the task
    assert names(directory, "Các sở, ban, ngành theo chức năng, nhiệm vụ được giao") == (["Các sở, ban, ngành"], [])


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("Ngân hàng Chính sách xã hội chi nhánh tỉnh", "Ngân hàng Chính sách xã hội chi nhánh tỉnh"),
        ("NHCSXH tỉnh", "Ngân hàng Chính sách xã hội chi nhánh tỉnh"),
        ("Thường trực UBND tỉnh", "UBND tỉnh"),
        ("BCH QS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("Sở Kế hoạch - Đầu tư", "Sở Kế hoạch và Đầu tư"),
    ],
)
def test_bodies_every_province_has_are_known(directory, cell: str, name: str):
    leads, _ = names(directory, cell)
    assert leads == [name]
    assert directory.get(name) is not None and directory.get(name).verified


def read(directory, text: str, name: str = "plan.csv"):
    return read_plan(read_table(text.encode(), name), directory, name)


def test_a_two_row_header_in_a_text_file_keeps_both_duties(directory):
    # was: "Phối hợp" lost (no column), and the second header row read as a task with no lead
    plan = read(
        directory,
        "STT,Nội dung,Cơ quan thực hiện,,Thời gian\n,,Chủ trì,Phối hợp,\n"
        "I,Chung,,,\n1,Việc A,Sở Y tế,Sở Tài chính,2026\n",
    )
    assert [(t.code, [a.name for a in t.leads], [a.name for a in t.coordinators]) for t in plan.tasks] == [
        ("I.1", ["Sở Y tế"], ["Sở Tài chính"])
    ]


def test_one_column_for_both_duties_reads_the_lead_first(directory):
    # was: the column read as coordinators only: no task had a lead
    plan = read(
        directory,
        "STT,Nội dung,Cơ quan chủ trì/phối hợp,Thời gian\n"
        '1,Việc A,"Sở Y tế; Sở Tài chính, các sở, ban, ngành",2026\n'
        '2,Việc B,"Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp",2026\n'
        "3,Việc C,Sở Tư pháp,2026\n",
    )
    assert [([a.name for a in t.leads], [a.name for a in t.coordinators]) for t in plan.tasks] == [
        (["Sở Y tế"], ["Sở Tài chính", "Các sở, ban, ngành"]),
        (["Sở Nội vụ"], ["Sở Tư pháp"]),
        (["Sở Tư pháp"], []),
    ]


@pytest.mark.parametrize(
    "header", ["Phân công thực hiện", "Trách nhiệm thực hiện", "Cơ quan tham mưu", "Cơ quan được giao"]
)
def test_lead_columns_are_known_by_more_names(directory, header: str):
    plan = read(directory, f"STT,Nội dung nhiệm vụ,{header},Thời gian\n1,Việc A,Sở Y tế,2026\n")
    assert [a.name for a in plan.tasks[0].leads] == ["Sở Y tế"]


def test_lettered_items_are_tasks_of_the_number_above_them(directory):
    # was: "1." read as a task without a lead, "a)", "b)" as unnumbered rows x1, x2
    plan = read(
        directory,
        "STT,Nội dung,Cơ quan chủ trì,Thời gian\nI,Tuyên truyền,,\n1,Tuyên truyền pháp luật,,\n"
        "a),Trên báo chí,Sở Tư pháp,2026\nb),Trong trường học,Sở Giáo dục và Đào tạo,2026\n"
        "2),Tổng kết,Sở Nội vụ,2026\n",
    )
    assert [t.code for t in plan.tasks] == ["I.1.a", "I.1.b", "I.2"]
    assert not [p for p in plan.problems if p.kind.value in ("no_lead", "unnumbered_row")]


def city_plan(directory, cell: str, province: str) -> list[str]:
    leads, _ = directory.split_task(cell, "", province)
    return [a.name for a in leads]


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("Công an Thành phố", "Công an tỉnh"),
        ("Ủy ban MTTQ Thành phố", "Ủy ban MTTQ Việt Nam tỉnh"),
        ("Thường trực UBND Thành phố", "UBND tỉnh"),
        ("UBND Thành phố", "UBND tỉnh"),
        ("HĐND Thành phố", "HĐND tỉnh"),
        ("Sở Y tế Thành phố", "Sở Y tế"),
        ("Bộ Chỉ huy Quân sự Thành phố", "Bộ Chỉ huy Quân sự tỉnh"),
        ("Thành ủy", "Tỉnh ủy"),
        ("Thành đoàn", "Tỉnh đoàn"),
    ],
)
@pytest.mark.parametrize("province", ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "TP.HCM"])
def test_thanh_pho_after_a_body_is_the_province_in_a_city_s_plan(directory, cell: str, name: str, province: str):
    # was: new unknown agencies "Công an Thành phố", "UBND Thành phố"...; "Sở Y tế Thành phố"
    # read as Sở Y tế and Sở Tư pháp ("Sở" + "TP")
    assert city_plan(directory, cell, province) == [name]


def test_a_city_of_a_province_stays_a_city_committee(directory):
    assert city_plan(directory, "UBND thành phố Thủ Đức", "Hồ Chí Minh") == ["UBND thành phố Thủ Đức"]
    assert city_plan(directory, "UBND các quận, huyện và thành phố Thủ Đức", "Hồ Chí Minh") == [
        "UBND các huyện",
        "UBND thành phố Thủ Đức",
    ]
    # in a province's plan "Thành phố" is no province, nor "Sở" + "TP" Sở Tư pháp
    assert city_plan(directory, "UBND thành phố Biên Hòa", "Hà Tĩnh") == ["UBND thành phố Biên Hòa"]
    assert city_plan(directory, "Công an Thành phố", "Hà Tĩnh") == ["Công an Thành phố"]
    assert names(directory, "Sở Y tế Thành phố") == (["Sở Y tế Thành phố"], [])


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("Cục Hải quan tỉnh", "Cục Hải quan tỉnh"),
        ("Cục Hải quan Hà Tĩnh", "Cục Hải quan tỉnh"),  # "quan" is no "quận" here
        ("Cục Quản lý thị trường", "Cục Quản lý thị trường tỉnh"),
        ("Cục QLTT tỉnh Hà Tĩnh", "Cục Quản lý thị trường tỉnh"),
        ("Ban Quản lý Khu kinh tế tỉnh", "Ban Quản lý Khu kinh tế tỉnh"),
        ("Ban Quản lý các Khu công nghiệp", "Ban Quản lý các khu công nghiệp"),
        ("Cục Thuế tỉnh", "Thuế tỉnh"),
        ("Cục Thống kê tỉnh", "Thống kê tỉnh"),
        ("Kho bạc Nhà nước tỉnh", "Kho bạc Nhà nước tỉnh"),
    ],
)
def test_provincial_offices_of_ministries_are_known(directory, cell: str, name: str):
    leads, _ = names(directory, cell)
    assert leads == [name]
    assert directory.get(name).verified


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        ("Cơ quan Thường trực Ban Chỉ đạo 389 tỉnh (Công an tỉnh)", ["Công an tỉnh"]),
        ("Thường trực Ban Chỉ đạo 138 tỉnh (Công an tỉnh)", ["Công an tỉnh"]),
        ("Tổ giúp việc Ban Chỉ đạo (Sở Y tế, Sở Nội vụ)", ["Sở Y tế", "Sở Nội vụ"]),
        ("Sở Y tế, Cơ quan thường trực BCĐ (Sở Tài chính)", ["Sở Y tế", "Sở Tài chính"]),
        # not a standing body, or a bracket the table does not know: kept as written
        ("Ban Chỉ đạo 389 tỉnh (Công an tỉnh)", ["Ban Chỉ đạo 389 tỉnh (Công an tỉnh)"]),
        ("Thường trực Hội đồng (Hội Xyz)", ["Thường trực Hội đồng (Hội Xyz)"]),
    ],
)
def test_a_standing_body_is_the_agency_in_its_bracket(directory, cell: str, leads: list[str]):
    assert names(directory, cell)[0] == leads


def test_a_lettered_item_opens_a_row_of_a_table_split_in_pieces():
    from seed.plan_reader import starts_a_row

    assert all(starts_a_row(n) for n in ("a)", "b.", "(c)", "đ)", "1)", "(2)", "II", "3.1"))
    assert not any(starts_a_row(n) for n in ("", "Ghi chú", "ab)"))


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 36_quangngai_van_hoa_2017: older plans write "Sở" and "tỉnh" as a dotted letter
        ("S.KHĐT", ["Sở Kế hoạch và Đầu tư"]),
        ("S. KHĐT, S.TC", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]),
        ("S.GD&ĐT", ["Sở Giáo dục và Đào tạo"]),
        ("Sở Y tế, S.NN&PTNT", ["Sở Y tế", "Sở Nông nghiệp và Phát triển nông thôn"]),
        ("UBND.T", ["UBND tỉnh"]),
        ("VP UBND.T", ["Văn phòng UBND tỉnh"]),
    ],
)
def test_dotted_initials_of_older_plans_are_the_department(directory, cell: str, leads: list[str]):
    assert names(directory, cell)[0] == leads


def test_a_dotted_t_u_is_the_centre_never_the_provincial_party_committee(directory):
    assert "Tỉnh ủy" not in names(directory, "Ban Tuyên giáo T.Ư")[0]


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 33_phutho_khoa_hoc_cong_nghe_2026: read as two leads, "Chi nhánh Khu vực 4" apart
        ("Ngân hàng Nhà nước chi nhánh Khu vực 4", ["Ngân hàng Nhà nước chi nhánh tỉnh"]),
        ("Ngân hàng Nhà nước Khu vực 5; Sở Tài chính", ["Ngân hàng Nhà nước chi nhánh tỉnh", "Sở Tài chính"]),
        # 34_ninhbinh_moi_truong_2026: unknown before
        ("Đoàn Thanh niên", ["Tỉnh đoàn"]),
        ("Hội Liên hiệp Phụ nữ tỉnh, Đoàn Thanh niên", ["Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn"]),
    ],
)
def test_bodies_renamed_or_shortened_in_recent_plans_are_known(directory, cell: str, leads: list[str]):
    assert names(directory, cell)[0] == leads


def test_a_workbook_with_a_summary_sheet_first_reads_the_task_sheet():
    path = PLANS / "34_ninhbinh_moi_truong_2026.xlsx"
    rows = read_table(path.read_bytes(), path.name)
    # the summary sheet ("Tổng hợp") counts tasks by group; the second holds the table
    assert any(cell == "Phân loại chất thải rắn sinh hoạt tại nguồn" for row in rows for cell in row.cells)
    assert not any(cell == "Nhóm nhiệm vụ" for row in rows for cell in row.cells)


def test_a_docx_split_in_tables_with_repeated_headers_keeps_every_section(directory):
    path = PLANS / "33_phutho_khoa_hoc_cong_nghe_2026.docx"
    plan = read_plan(read_table(path.read_bytes(), path.name), directory, path.name)
    counts = {s: sum(t.code.startswith(f"{s}.") for t in plan.tasks) for s in ("I", "II", "III")}
    assert counts == {"I": 8, "II": 9, "III": 11}


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 35_thanhhoa_ma_tuy_2024 IV.3: unknown names, the group's task lost
        ("Thủ trưởng các sở, ban, ngành", ["Các sở, ban, ngành"]),
        ("Chủ tịch UBND các xã, phường", ["UBND các xã, phường"]),
        ("Sở Y tế; Giám đốc Sở Tài chính, Công an tỉnh", ["Sở Y tế", "Sở Tài chính", "Công an tỉnh"]),
        # 36_quangngai_van_hoa_2017 III.8: a unit, then its parent after a dash
        ("Phòng Cảnh sát PC45 - Công an tỉnh", ["Công an tỉnh"]),
        ("Chi cục Thủy lợi - Sở Nông nghiệp và Môi trường, Sở Tư pháp", ["Sở Nông nghiệp và Môi trường", "Sở Tư pháp"]),
        # a dash inside a name, or a head of an unknown body: kept as written
        ("Phòng Văn hóa - Thông tin", ["Phòng Văn hóa - Thông tin"]),
        ("Trung tâm Văn hóa - Thể thao tỉnh", ["Trung tâm Văn hóa - Thể thao tỉnh"]),
        ("Giám đốc Trung tâm Xyz", ["Giám đốc Trung tâm Xyz"]),
    ],
)
def test_a_head_or_a_unit_named_for_a_known_body_is_that_body(directory, cell: str, leads: list[str]):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "province", "leads"),
    [
        # 33_phutho_khoa_hoc_cong_nghe_2026 II.4: the three hospitals read as one
        (
            "Bệnh viện Đa khoa tỉnh Phú Thọ, Bệnh viện Đa khoa tỉnh Vĩnh Phúc, Bệnh viện Đa khoa tỉnh Hòa Bình",
            "Phú Thọ",
            ["Bệnh viện Đa khoa tỉnh", "Bệnh viện Đa khoa tỉnh Vĩnh Phúc", "Bệnh viện Đa khoa tỉnh Hòa Bình"],
        ),
        ("BVĐK tỉnh Vĩnh Phúc", "Phú Thọ", ["Bệnh viện Đa khoa tỉnh Vĩnh Phúc"]),
        # in a plan of the table's own province (Đồng Nai absorbed Bình Phước)
        ("Bệnh viện Đa khoa tỉnh Bình Phước", None, ["Bệnh viện Đa khoa tỉnh Bình Phước"]),
        # the plan's own province reads as "tỉnh"
        ("Công an tỉnh Phú Thọ", "Phú Thọ", ["Công an tỉnh"]),
        ("Bệnh viện Đa khoa tỉnh Phú Thọ", "Phú Thọ", ["Bệnh viện Đa khoa tỉnh"]),
        # bodies merged province-wide: a former province's is the merged province's
        ("Công an tỉnh Vĩnh Phúc", "Phú Thọ", ["Công an tỉnh"]),
        ("Sở Y tế tỉnh Hòa Bình", "Phú Thọ", ["Sở Y tế"]),
        ("UBND tỉnh Vĩnh Phúc, Sở Tài chính tỉnh Hòa Bình", "Phú Thọ", ["UBND tỉnh", "Sở Tài chính"]),
        # a province never merged into the plan's: as before, the body every province has
        ("Bệnh viện Đa khoa tỉnh Nghệ An", "Phú Thọ", ["Bệnh viện Đa khoa tỉnh"]),
    ],
)
def test_a_body_of_a_former_province_merged_into_the_plans_keeps_its_own_name(
    directory, cell: str, province: str | None, leads: list[str]
):
    assert [a.name for a in directory.split_task(cell, "", province)[0]] == leads


def test_the_former_provinces_hospitals_lead_apart_in_the_phu_tho_plan(directory):
    path = PLANS / "33_phutho_khoa_hoc_cong_nghe_2026.docx"
    plan = read_plan(read_table(path.read_bytes(), path.name), directory, path.name)
    task = next(t for t in plan.tasks if t.code == "II.4")
    assert [a.name for a in task.coordinators] == [
        "Bệnh viện Đa khoa tỉnh",
        "Bệnh viện Đa khoa tỉnh Vĩnh Phúc",
        "Bệnh viện Đa khoa tỉnh Hòa Bình",
    ]


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # a body's own youth union is a unit of that body: the body stands for it, as
        # "Phòng Cảnh sát PC45 - Công an tỉnh" is the police's
        ("Đoàn Thanh niên Công an tỉnh", ["Công an tỉnh"]),
        ("Đoàn Thanh niên Công an tỉnh, Sở Y tế", ["Công an tỉnh", "Sở Y tế"]),
        # the youth union alone, or listed apart, is still the province's (Tỉnh đoàn)
        ("Đoàn Thanh niên", ["Tỉnh đoàn"]),
        ("Đoàn Thanh niên tỉnh", ["Tỉnh đoàn"]),
        ("Đoàn Thanh niên, Công an tỉnh", ["Tỉnh đoàn", "Công an tỉnh"]),
        ("Đoàn Thanh niên và Công an tỉnh", ["Tỉnh đoàn", "Công an tỉnh"]),
    ],
)
def test_the_youth_union_of_a_body_is_that_bodys(directory, cell: str, leads: list[str]):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "province", "leads"),
    [
        # 40_dongthap_phong_chong_dich_2023: one centre read as three unknown bodies
        ("Trung tâm Kiểm soát bệnh tật tỉnh", "Đồng Tháp", ["Trung tâm Kiểm soát bệnh tật tỉnh"]),
        ("CDC Đồng Tháp", "Đồng Tháp", ["Trung tâm Kiểm soát bệnh tật tỉnh"]),
        ("Trung tâm Kiểm soát bệnh tật (CDC) tỉnh", "Đồng Tháp", ["Trung tâm Kiểm soát bệnh tật tỉnh"]),
        # the centre of a former province merged into the plan's stays its own, as its hospital does
        ("CDC tỉnh Vĩnh Phúc", "Phú Thọ", ["Trung tâm Kiểm soát bệnh tật tỉnh Vĩnh Phúc"]),
        # the preventive-health centre of before is a body of its own, not the CDC
        ("Trung tâm Y tế dự phòng tỉnh", "Sơn La", ["Trung tâm Y tế dự phòng tỉnh"]),
        # 39_binhdinh_kinh_te_tap_the_2021: two unknown bodies for one alliance
        ("Liên minh Hợp tác xã tỉnh", "Bình Định", ["Liên minh Hợp tác xã tỉnh"]),
        ("Liên minh HTX tỉnh", "Bình Định", ["Liên minh Hợp tác xã tỉnh"]),
    ],
)
def test_centres_and_alliances_every_province_has_are_known(directory, cell: str, province: str, leads: list[str]):
    found = directory.split_task(cell, "", province)[0]
    assert [a.name for a in found] == leads
    # known to the table, but the former province's centre and the centre of before
    assert [a.known for a in found] == [not any(w in cell for w in ("Vĩnh Phúc", "dự phòng"))]


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 39_binhdinh_kinh_te_tap_the_2021: "Quỹ Hỗ trợ phát triển HTX tỉnh (**)" was its name
        ("Quỹ Hỗ trợ phát triển HTX tỉnh (**)", ["Quỹ Hỗ trợ phát triển HTX tỉnh"]),
        ("Trung tâm Xúc tiến đầu tư (1), Sở Y tế", ["Trung tâm Xúc tiến đầu tư", "Sở Y tế"]),
        ("Trường Cao đẳng Y tế [2]", ["Trường Cao đẳng Y tế"]),
        # a bracket that says something is kept
        ("Ban Chỉ đạo 389 tỉnh (Công an tỉnh)", ["Ban Chỉ đạo 389 tỉnh (Công an tỉnh)"]),
        ("Trường THCS số 1", ["Trường THCS số 1"]),
    ],
)
def test_a_footnote_mark_after_an_unknown_name_is_no_part_of_it(directory, cell: str, leads: list[str]):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "province", "leads"),
    [
        # 41_cantho_cai_cach_hanh_chinh_2025: was "Đài Phát thanh - Truyền hình thành phố Cần Thơ",
        # "Thành đoàn Cần Thơ" (unknown) and the alias table's own station (Đồng Nai's)
        ("Đài Phát thanh và Truyền hình thành phố Cần Thơ", "Cần Thơ", ["Đài Phát thanh - Truyền hình Cần Thơ"]),
        ("Đài PT-TH TP. Cần Thơ", "Cần Thơ", ["Đài Phát thanh - Truyền hình Cần Thơ"]),
        ("Thành đoàn Cần Thơ", "Cần Thơ", ["Tỉnh đoàn"]),
        ("Thành ủy Cần Thơ, Sở Y tế", "Cần Thơ", ["Tỉnh ủy", "Sở Y tế"]),
        ("Đài PT-TH Thành phố", "Cần Thơ", ["Đài Phát thanh - Truyền hình Cần Thơ"]),
        ("Đài Phát thanh - Truyền hình Thành phố", "Hồ Chí Minh", ["Đài Phát thanh - Truyền hình Hồ Chí Minh"]),
        # a city written without a space stays as written
        ("Đài PT-TH TP.HCM", "Hồ Chí Minh", ["Đài Phát thanh - Truyền hình TP.HCM"]),
    ],
)
def test_the_bodies_of_a_city_plan_named_with_the_city_are_the_city_s(directory, cell, province, leads):
    found = directory.split_task(cell, "", province)[0]
    assert [a.name for a in found] == leads
    assert not any("Đồng Nai" in directory.current(a.name) for a in found)


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 45_laocai_chuyen_doi_so_2025: the plan says who the abolished body is today
        ("Sở Ngoại vụ (nay là Văn phòng UBND tỉnh)", ["Văn phòng UBND tỉnh"]),
        ("Sở LĐ-TB&XH (nay thuộc Sở Nội vụ), Sở Y tế", ["Sở Nội vụ", "Sở Y tế"]),
        (
            "Trung tâm Y tế dự phòng tỉnh (nay là Trung tâm Kiểm soát bệnh tật tỉnh)",
            ["Trung tâm Kiểm soát bệnh tật tỉnh"],
        ),
        # a body the table does not know after "nay là": kept as written
        ("Ban Xyz (nay là Ban Abc)", ["Ban Xyz (nay là Ban Abc)"]),
    ],
)
def test_a_bracket_saying_what_a_body_is_now_names_the_body_of_today(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 45_laocai_chuyen_doi_so_2025: was "Văn phòng Đoàn ĐBQH" (unknown) and HĐND tỉnh
        ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", ["Văn phòng Đoàn ĐBQH và HĐND tỉnh"]),
        ("Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh", ["Văn phòng Đoàn ĐBQH và HĐND tỉnh"]),
        ("HĐND tỉnh, UBND tỉnh", ["HĐND tỉnh", "UBND tỉnh"]),
        # was an unknown "Ủy ban MTTQ" beside the mass organisations
        (
            "Ủy ban MTTQ và các tổ chức chính trị - xã hội tỉnh",
            ["Ủy ban MTTQ Việt Nam tỉnh", "Mặt trận Tổ quốc và các đoàn thể"],
        ),
        ("MTTQ, các đoàn thể", ["Ủy ban MTTQ Việt Nam tỉnh", "Mặt trận Tổ quốc và các đoàn thể"]),
        ("MTTQ và các đoàn thể", ["Mặt trận Tổ quốc và các đoàn thể"]),
    ],
)
def test_the_front_and_the_assembly_office_are_known_however_short(directory, cell, leads):
    found = names(directory, cell)[0]
    assert found == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 46_hue_di_san_van_hoa_2026 II.1: was Sở Tài chính and an unknown "Cơ quan thường trực"
        ("Sở Tài chính - cơ quan thường trực", ["Sở Tài chính"]),
        ("Sở Tài chính – Cơ quan thường trực, Sở Y tế", ["Sở Tài chính", "Sở Y tế"]),
        ("Sở Y tế, đầu mối", ["Sở Y tế"]),
        # alone, or a body's name, it is kept
        ("Cơ quan thường trực", ["Cơ quan thường trực"]),
        ("Sở Y tế, Thường trực Ban Chỉ đạo", ["Sở Y tế", "Thường trực Ban Chỉ đạo"]),
    ],
)
def test_what_a_body_is_in_the_plan_written_after_it_is_no_body(directory, cell, leads):
    assert names(directory, cell)[0] == leads


def test_a_markdown_plan_s_letterhead_tells_the_city_whose_bodies_its_cells_name(directory):
    # 52_hcm_moi_truong_2026: the title above the pipe table was not read, so "Công an Thành
    # phố", "Thành đoàn" were unknown bodies of no province
    text = (
        "**ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH**\n\n# Phụ lục nhiệm vụ năm 2026\n\n"
        "| TT | Nội dung | Chủ trì | Phối hợp | Thời gian |\n|---|---|---|---|---|\n"
        "| 1 | Việc A | Công an Thành phố | Thành đoàn | 2026 |\n"
    )
    plan = read(directory, text, "plan.md")
    assert plan.province == "Hồ Chí Minh"
    assert [(t.code, [a.name for a in t.leads], [a.name for a in t.coordinators]) for t in plan.tasks] == [
        ("1", ["Công an tỉnh"], ["Tỉnh đoàn"])
    ]


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 51_angiang_chong_buon_lau_2026, 52_hcm_moi_truong_2026: unknown bodies before
        ("Bộ Chỉ huy BĐBP tỉnh", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]),
        ("Ủy ban MTTQ VN tỉnh, Hội LHPN tỉnh", ["Ủy ban MTTQ Việt Nam tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"]),
        # the wards listed before the communes: one group, not "UBND các phường, xã" and "UBND đặc khu"
        ("UBND các phường, xã, đặc khu", ["UBND các xã, phường"]),
        ("UBND các phường, xã; Sở Y tế", ["UBND các xã, phường", "Sở Y tế"]),
    ],
)
def test_abbreviated_or_reordered_names_of_known_bodies_are_those_bodies(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 53_thainguyen_binh_dang_gioi_2019 I.3: was Sở LĐ-TB&XH and an unknown "VH,TT&DL"
        ("Các Sở: LĐ-TB&XH, VH,TT&DL", ["Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Y tế, VH, TT&DL", ["Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch"]),
        ("Các Sở: VH,TT&DL, Y tế; Sở Tư pháp", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế", "Sở Tư pháp"]),
    ],
)
def test_initials_with_a_comma_of_their_own_listed_under_a_head_are_one_department(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 49_gialai_nong_nghiep_cong_nghe_cao_2026 1.3: was "Trung tâm Xúc tiến Đầu tư" and
        # "Thương mại và Du lịch tỉnh", two unknown bodies
        (
            "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh",
            ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"],
        ),
        (
            "Ban Quản lý Khu kinh tế tỉnh, Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh, Sở Y tế",
            ["Ban Quản lý Khu kinh tế tỉnh", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", "Sở Y tế"],
        ),
        # bodies, not fields: initials, a head word, a known name, or no "và"
        ("Viettel Hà Tĩnh, VNPT và MobiFone", ["Viettel Hà Tĩnh", "VNPT và MobiFone"]),
        ("Trung tâm Xyz, Sở Tư pháp và Sở Y tế", ["Trung tâm Xyz", "Sở Tư pháp", "Sở Y tế"]),
        ("Viettel Hà Tĩnh, VNPT Hà Tĩnh", ["Viettel Hà Tĩnh", "VNPT Hà Tĩnh"]),
    ],
)
def test_an_unknown_name_listing_its_fields_with_a_comma_is_one_body(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 54_kontum_dan_toc_thieu_so_2022: was the bank and an unknown "Chi nhánh tỉnh"
        ("NHCSXH chi nhánh tỉnh", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh"]),
        ("Ngân hàng CSXH chi nhánh tỉnh, Sở Y tế", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh", "Sở Y tế"]),
        # 54 IV.1: was an unknown "Các sở, ban, ngành là thành viên Ban Chỉ đạo"
        ("Các sở, ban, ngành là thành viên Ban Chỉ đạo", ["Các sở, ban, ngành"]),
        ("Các sở, ban, ngành thành viên Ban Chỉ đạo; Sở Y tế", ["Các sở, ban, ngành", "Sở Y tế"]),
    ],
)
def test_a_branch_or_a_membership_after_a_known_name_is_still_that_name(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 47_hatinh_nong_thon_moi_2016: unknown bodies before
        ("Hội Phụ nữ, Hội Nông dân", ["Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh"]),
        ("UBND các xã, thị trấn", ["UBND các xã, phường"]),
        # was the group and an unknown "UBND thị trấn trên địa bàn"
        ("UBND các xã, thị trấn trên địa bàn", ["UBND các xã, phường"]),
        ("Thường trực HĐND tỉnh", ["HĐND tỉnh"]),
        # the office some provinces piloted for the delegation, the Council and the Committee:
        # was an unknown "Văn phòng Đoàn ĐBQH", an unknown "HĐND" and UBND tỉnh
        ("Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh, Sở Nội vụ", ["Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh", "Sở Nội vụ"]),
        # a council of communes is no provincial council
        ("HĐND các xã, phường", ["HĐND các xã, phường"]),
    ],
)
def test_short_and_older_names_of_bodies_every_province_has_are_known(directory, cell, leads):
    assert names(directory, cell)[0] == leads


def test_the_piloted_office_of_before_is_today_the_committee_s_office_which_a_person_confirms(directory):
    succession = directory.succession("Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh")
    assert (succession.new, succession.partial) == ("Văn phòng UBND tỉnh", True)


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 48_vinhlong_an_sinh_xa_hoi_2026, 51_angiang_chong_buon_lau_2026: regional offices
        # since 2025, read as unknown bodies
        ("Bảo hiểm xã hội khu vực XXXIII", ["Bảo hiểm xã hội tỉnh"]),
        ("BHXH khu vực 25 và Sở Tài chính", ["Bảo hiểm xã hội tỉnh", "Sở Tài chính"]),
        ("Kho bạc Nhà nước khu vực XIX, Sở Y tế", ["Kho bạc Nhà nước tỉnh", "Sở Y tế"]),
        ("Ngân hàng Nhà nước chi nhánh Khu vực 4", ["Ngân hàng Nhà nước chi nhánh tỉnh"]),
        # "khu vực" then a place is another body
        ("Bệnh viện Đa khoa khu vực Bảo Lộc", ["Bệnh viện Đa khoa khu vực Bảo Lộc"]),
    ],
)
def test_a_regional_office_serving_the_province_is_the_province_s(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # 47_hatinh_nong_thon_moi_2016 III.5: was an unknown "Chi cục Kiểm lâm (Sở NN&PTNT)"
        ("Chi cục Kiểm lâm (Sở NN&PTNT)", ["Sở Nông nghiệp và Phát triển nông thôn"]),
        ("Chi cục Văn thư - Lưu trữ (Sở Nội vụ), Công an tỉnh", ["Sở Nội vụ", "Công an tỉnh"]),
        ("Phòng Cảnh sát PC45 (Công an tỉnh)", ["Công an tỉnh"]),
        # no unit, or a parent the table does not know: kept as written
        ("Ban Chỉ đạo 389 tỉnh (Công an tỉnh)", ["Ban Chỉ đạo 389 tỉnh (Công an tỉnh)"]),
        ("Trung tâm Xyz (Hội Abc)", ["Trung tâm Xyz (Hội Abc)"]),
    ],
)
def test_a_unit_followed_by_its_parent_in_brackets_is_the_parent(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # a place after a known name that only folds to a head word was read as another body:
        # "Vân Phong" as "Văn phòng", "Bảo Lộc" as "Báo", "Quy Nhơn" as "Quỹ"
        ("Ban Quản lý Khu kinh tế Vân Phong, Sở Y tế", ["Ban Quản lý Khu kinh tế Vân Phong", "Sở Y tế"]),
        ("Sở Y tế Bảo Lộc", ["Sở Y tế Bảo Lộc"]),
        ("Bệnh viện Đa khoa tỉnh Quy Nhơn", ["Bệnh viện Đa khoa tỉnh Quy Nhơn"]),
        # the head as written, its tone placed either way, or a cell typed without marks
        ("Sở Y tế Văn phòng UBND tỉnh", ["Sở Y tế", "Văn phòng UBND tỉnh"]),
        ("Sở Nội vụ Toà án nhân dân tỉnh", ["Sở Nội vụ", "Tòa án nhân dân tỉnh"]),
        ("So Y te Van phong UBND tinh", ["Sở Y tế", "Văn phòng UBND tỉnh"]),
    ],
)
def test_a_place_named_after_a_body_is_no_other_body_that_folds_like_it(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("lead", "coordinators", "leads", "others"),
    [
        # was one unknown body "Sở Y tế tham mưu UBND tỉnh": the department does the work
        ("Sở Y tế tham mưu UBND tỉnh", "", ["Sở Y tế"], []),
        ("Sở Tài chính tham mưu UBND tỉnh, phối hợp Sở Tư pháp", "", ["Sở Tài chính"], ["Sở Tư pháp"]),
        (
            "Sở Tài chính tham mưu cho UBND tỉnh ban hành kế hoạch; Sở Y tế, Công an tỉnh phối hợp",
            "",
            ["Sở Tài chính"],
            ["Sở Y tế", "Công an tỉnh"],
        ),
        # in the coordinating column it says no lead
        ("Sở Y tế", "Sở Tư pháp tham mưu HĐND tỉnh", ["Sở Y tế"], ["Sở Tư pháp"]),
        # the words of a name
        ("Phòng Tham mưu - Bộ Chỉ huy Quân sự tỉnh", "", ["Bộ Chỉ huy Quân sự tỉnh"], []),
        # "cũ" after a name: the body of before
        ("Sở KH&ĐT cũ, Sở GTVT (cũ)", "", ["Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải"], []),
        ("UBND huyện Cư Jút", "", ["UBND huyện Cư Jút"], []),
    ],
)
def test_a_body_advising_the_committee_does_the_work_and_the_committee_owes_nothing(
    directory, lead, coordinators, leads, others
):
    assert names(directory, lead, coordinators) == (leads, others)


def test_an_agency_cell_saying_as_above_names_the_agencies_of_the_task_above(directory):
    # 50_daklak_kinh_te_bien_2026 III.2, III.5: was an unknown lead "Như trên", an unknown
    # coordinator "Không"
    plan = read(
        directory,
        "STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian\nI,Chung\n"
        '1,Việc A,Sở Y tế,"Các sở: Tài chính, Tư pháp",2026\n2,Việc B,Như trên,Như trên,2026\n'
        'II,Khác\n1,Việc C,Sở Nội vụ,- nt -,2026\n2,Việc D,"""",Không,2026\n3,Việc E,Sở Tư pháp,Nt,2026\n',
    )
    assert [(t.code, [a.name for a in t.leads], [a.name for a in t.coordinators]) for t in plan.tasks] == [
        ("I.1", ["Sở Y tế"], ["Sở Tài chính", "Sở Tư pháp"]),
        ("I.2", ["Sở Y tế"], ["Sở Tài chính", "Sở Tư pháp"]),
        ("II.1", ["Sở Nội vụ"], ["Sở Tài chính", "Sở Tư pháp"]),
        ("II.2", ["Sở Nội vụ"], []),
        ("II.3", ["Sở Tư pháp"], []),  # the cell above said no one
    ]
    assert plan.problems == []


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # the departments listed after the group's name and a colon: were unknown bodies
        # "Các Sở, ngành: Y tế", "Tài chính", "Nội vụ"
        ("Các Sở, ngành: Y tế, Tài chính, Nội vụ", ["Sở Y tế", "Sở Tài chính", "Sở Nội vụ"]),
        ("Các Sở, ban, ngành: Y tế, KH&ĐT", ["Sở Y tế", "Sở Kế hoạch và Đầu tư"]),
        ("Các sở, ban, ngành, UBND các xã", ["Các sở, ban, ngành", "UBND các xã, phường"]),
        # the departments by their name in law, the branches alone: were unknown
        (
            "Các cơ quan chuyên môn thuộc UBND tỉnh, UBND các xã, phường",
            ["Các sở, ban, ngành", "UBND các xã, phường"],
        ),
        ("Các ban, ngành, đoàn thể tỉnh", ["Các sở, ban, ngành", "Mặt trận Tổ quốc và các đoàn thể"]),
        # a body and its own units: the body (was also an unknown "Các đơn vị trực thuộc")
        ("Sở Y tế và các đơn vị trực thuộc, Sở Tài chính", ["Sở Y tế", "Sở Tài chính"]),
        ("Sở Y tế và các đơn vị thuộc Sở; Công an tỉnh", ["Sở Y tế", "Công an tỉnh"]),
    ],
)
def test_groups_and_lists_under_a_group_s_name_are_read_as_an_official_reads_them(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads", "others"),
    [
        # "(cơ quan chủ trì)" was read as an unknown lead "Cơ quan" and Sở Y tế a coordinator
        ("Sở Y tế (cơ quan chủ trì); Sở Tài chính (cơ quan phối hợp)", ["Sở Y tế"], ["Sở Tài chính"]),
        ("Sở Y tế là cơ quan chủ trì, các sở, ngành phối hợp", ["Sở Y tế"], ["Các sở, ban, ngành"]),
        ("Sở Y tế (đơn vị chủ trì), Công an tỉnh", ["Sở Y tế"], ["Công an tỉnh"]),
        # "phối hợp thực hiện": was a lead and an unknown coordinator "Thực hiện"
        ("Sở Y tế; các đơn vị liên quan phối hợp thực hiện", ["Sở Y tế"], ["Các đơn vị liên quan"]),
        (
            "Sở Y tế chủ trì; Công an tỉnh, Sở Tài chính phối hợp kiểm tra",
            ["Sở Y tế"],
            ["Công an tỉnh", "Sở Tài chính"],
        ),
        # a body after "phối hợp (với)" is whom, as before; "thực hiện" after it no part of it
        ("Sở Y tế phối hợp với Sở Tài chính thực hiện", ["Sở Y tế"], ["Sở Tài chính"]),
        ("Sở Y tế phối hợp Sở Tài chính", ["Sở Y tế"], ["Sở Tài chính"]),
        # "chịu trách nhiệm (chính)": was an unknown coordinator and no lead
        ("Sở Y tế chịu trách nhiệm chính, Sở Tài chính phối hợp", ["Sở Y tế"], ["Sở Tài chính"]),
        ("Sở Y tế chịu trách nhiệm", ["Sở Y tế"], []),
        # the committee assigns, the body it names does the work: was an unknown "Giao Sở Y tế"
        # leading and UBND tỉnh coordinating
        ("UBND tỉnh (giao Sở Y tế chủ trì)", ["Sở Y tế"], []),
        ("UBND tỉnh giao Sở Y tế chủ trì, Sở Tài chính phối hợp", ["Sở Y tế"], ["Sở Tài chính"]),
        ("UBND tỉnh, Sở Y tế", ["UBND tỉnh", "Sở Y tế"], []),
    ],
)
def test_the_words_around_a_duty_say_the_duty_and_name_no_body(directory, cell, leads, others):
    assert names(directory, cell) == (leads, others)


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # one unknown body before: the communes' group lost the task
        ("UBND các xã, phường, đặc khu Phú Quốc, Sở Y tế", ["UBND các xã, phường", "UBND đặc khu Phú Quốc", "Sở Y tế"]),
        ("UBND các đặc khu", ["UBND các xã, phường"]),
        ("UBND các xã, phường mới", ["UBND các xã, phường"]),
        # as before: the group alone, or a commune of its own
        ("UBND các xã, phường, đặc khu", ["UBND các xã, phường"]),
        ("UBND xã Tân Phú", ["UBND xã Tân Phú"]),
    ],
)
def test_a_special_zone_named_after_the_communes_group_is_its_own_committee(directory, cell, leads):
    assert names(directory, cell)[0] == leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        # agencies listed one numbered line each: was one unknown body "1. Sở Y tế 2. Sở Tài chính"
        ("1. Sở Y tế\n2. Sở Tài chính", ["Sở Y tế", "Sở Tài chính"]),
        ("1) Sở Y tế; 2) Công an tỉnh", ["Sở Y tế", "Công an tỉnh"]),
        # a head's title before a list under its head word: was Sở Y tế and an unknown "Tài chính"
        ("Giám đốc các Sở: Y tế, Tài chính", ["Sở Y tế", "Sở Tài chính"]),
        ("Công an tỉnh; Giám đốc các Sở: Y tế, Tài chính", ["Công an tỉnh", "Sở Y tế", "Sở Tài chính"]),
        # "v.v." (etc.) and "khác" (other) name no body: were unknown "V.v", "Các cơ quan liên quan khác"
        ("Sở Y tế, Sở Tài chính, v.v.", ["Sở Y tế", "Sở Tài chính"]),
        ("Sở Y tế và các cơ quan liên quan khác", ["Sở Y tế", "Các đơn vị liên quan"]),
        # a number inside a name stays
        ("Trường THCS số 1", ["Trường THCS số 1"]),
    ],
)
def test_the_marks_of_a_list_inside_a_cell_name_no_body(directory, cell, leads):
    assert names(directory, cell)[0] == leads
