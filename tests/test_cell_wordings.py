"""How plans of other provinces word their agency cells: who leads and who coordinates when
the lead cell says both, groups narrowed to some of their members, collective phrases that
list kinds of bodies. What a focal point sees: the task's leads and its coordinators."""

import pytest

from domain.agencies import AgencyKind, infer_kind
from domain.text import fold
from seed.plan_reader import read_plan
from seed.table import read_rows, write_rows

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]
COMMUNES = "UBND các xã, phường"


def task(directory, lead: str, coordinators: str = ""):
    rows = [HEADER, ["I", "Phần một"], ["1", "Việc một", lead, coordinators, "Hằng năm", ""]]
    plan = read_plan(read_rows(write_rows(rows)), directory, "plan.txt")
    (only,) = plan.tasks
    return [a.name for a in only.leads], [a.name for a in only.coordinators]


@pytest.mark.parametrize(
    ("lead", "coordinators", "leads", "coordinating"),
    [
        ("Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tài chính", "", ["Sở Khoa học và Công nghệ"], ["Sở Tài chính"]),
        ("Sở Tài chính chủ trì, phối hợp với Sở Y tế", "", ["Sở Tài chính"], ["Sở Y tế"]),
        (
            "Sở Y tế chủ trì, phối hợp Công an tỉnh, Sở KH&CN",
            "",
            ["Sở Y tế"],
            ["Công an tỉnh", "Sở Khoa học và Công nghệ"],
        ),
        (
            "Sở Xây dựng chủ trì, phối hợp Sở NN&MT và UBND các xã, phường liên quan",
            "Sở Tài chính",
            ["Sở Xây dựng"],
            ["Sở Nông nghiệp và Môi trường", COMMUNES, "Sở Tài chính"],
        ),
        ("Chủ trì: Sở Y tế; phối hợp: Sở Tài chính, Công an tỉnh", "", ["Sở Y tế"], ["Sở Tài chính", "Công an tỉnh"]),
        ("Sở Y tế (chủ trì), Sở Tài chính (phối hợp)", "", ["Sở Y tế"], ["Sở Tài chính"]),
        ("Sở Y tế chủ trì; Sở Tài chính, Công an tỉnh phối hợp", "", ["Sở Y tế"], ["Sở Tài chính", "Công an tỉnh"]),
        ("Sở Y tế chủ trì phối hợp với Sở Tài chính", "", ["Sở Y tế"], ["Sở Tài chính"]),
        ("Sở Y tế phối hợp Sở Tài chính", "", ["Sở Y tế"], ["Sở Tài chính"]),
        ("Sở GD&ĐT chủ trì", "Sở Y tế", ["Sở Giáo dục và Đào tạo"], ["Sở Y tế"]),
        # a coordinator the lead cell names once more in the coordinating cell is listed once
        (
            "Sở Nội vụ chủ trì, phối hợp Sở Tài chính",
            "Sở Tài chính, Sở Tư pháp",
            ["Sở Nội vụ"],
            ["Sở Tài chính", "Sở Tư pháp"],
        ),
    ],
)
def test_a_lead_cell_that_names_coordinators_gives_them_to_the_coordinators(
    directory, lead, coordinators, leads, coordinating
):
    assert task(directory, lead, coordinators) == (leads, coordinating)


def test_no_agency_is_called_after_the_words_that_give_duties(directory):
    for cell in ("Sở Nội vụ chủ trì, phối hợp Sở Tài chính", "Sở Tài chính chủ trì, phối hợp với Sở Y tế"):
        leads, coordinating = task(directory, cell)
        assert not [name for name in leads + coordinating if "phối hợp" in name.lower() or "chủ trì" in name.lower()]


def test_the_same_words_inside_a_name_are_the_name(directory):
    assert task(directory, "Trung tâm Phối hợp tìm kiếm cứu nạn") == (["Trung tâm Phối hợp tìm kiếm cứu nạn"], [])


@pytest.mark.parametrize(
    "cell",
    [
        "UBND các xã, phường ven sông, ven biển",
        "UBND các xã ven biển",
        "UBND các xã vùng Bảy Núi",
        "UBND các xã khu vực biên giới",
        "UBND các xã có đồng bào dân tộc thiểu số",
        "UBND các xã, phường bị ảnh hưởng",
        "UBND các xã miền núi",
        "UBND các xã, phường trên địa bàn tỉnh",
        "UBND các xã vùng sâu, vùng xa, vùng đặc biệt khó khăn",
        "UBND các xã có nguy cơ sạt lở, lũ quét",
        "UBND các phường nội thành",
        "Các xã biên giới",
    ],
)
def test_some_of_the_communes_are_the_communes_group(directory, cell):
    assert task(directory, cell) == ([COMMUNES], [])


def test_the_districts_of_a_kind_are_the_districts_and_so_the_communes_today(directory):
    (leads, _) = task(directory, "UBND các huyện miền núi")
    assert leads == ["UBND các huyện"]
    assert directory.current("UBND các huyện") == COMMUNES


def test_narrowing_words_stop_at_the_next_agency(directory):
    assert task(directory, "UBND các xã ven biển và Sở Y tế") == ([COMMUNES, "Sở Y tế"], [])
    assert task(directory, "UBND các xã ven biển, Sở Y tế") == ([COMMUNES, "Sở Y tế"], [])
    assert task(directory, "UBND các xã có nguy cơ sạt lở, lũ quét, Công an tỉnh") == ([COMMUNES, "Công an tỉnh"], [])


@pytest.mark.parametrize(
    "cell", ["Các cơ quan, đơn vị", "Các cơ quan, đơn vị liên quan", "các cơ quan, đơn vị có liên quan"]
)
def test_bodies_concerned_are_one_group(directory, cell):
    assert task(directory, "Sở Y tế", cell) == (["Sở Y tế"], ["Các đơn vị liên quan"])


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Các sở, ban, ngành, đoàn thể", ["Các sở, ban, ngành", "Mặt trận Tổ quốc và các đoàn thể"]),
        ("Các sở, ngành, địa phương", ["Các sở, ban, ngành", "Các địa phương"]),
        ("Sở Y tế, đơn vị liên quan", ["Sở Y tế", "Các đơn vị liên quan"]),
    ],
)
def test_a_kind_of_body_after_a_list_is_its_group(directory, cell, names):
    assert task(directory, cell)[0] == names


def test_a_list_of_kinds_of_bodies_is_one_collective(directory):
    _, coordinating = task(directory, "Sở GD&ĐT", "Tỉnh Đoàn, các trường cao đẳng, đại học trên địa bàn tỉnh")
    assert coordinating == ["Tỉnh đoàn", "Các trường cao đẳng, đại học trên địa bàn tỉnh"]
    assert infer_kind(coordinating[1]) is not AgencyKind.MEDIA
    assert task(directory, "Các trường Cao đẳng, Đại học")[0] == ["Các trường Cao đẳng, Đại học"]
    # a body with a name of its own is still one
    assert task(directory, "Các trường cao đẳng, Đại học Đà Lạt")[0] == ["Các trường cao đẳng", "Đại học Đà Lạt"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Đài Khí tượng thủy văn tỉnh", AgencyKind.OTHER),
        ("Đại học Đà Lạt", AgencyKind.OTHER),
        ("Bảo tàng tỉnh", AgencyKind.OTHER),
        ("Đài PT-TH Quảng Ngãi", AgencyKind.MEDIA),
        ("Đài Truyền thanh xã Tân Phú", AgencyKind.MEDIA),
        ("Báo Quảng Ngãi", AgencyKind.MEDIA),
    ],
)
def test_only_newspapers_and_broadcasters_are_media(name, kind):
    assert infer_kind(name) is kind


def test_hospitals_written_short_are_named_in_full(directory):
    _, coordinating = task(directory, "Sở Y tế", "BVĐK tỉnh, BVĐK khu vực Bảo Lộc")
    assert coordinating == ["Bệnh viện Đa khoa tỉnh", "Bệnh viện Đa khoa khu vực Bảo Lộc"]


@pytest.mark.parametrize(
    ("lead", "leads", "coordinating"),
    [
        # after a name marked as the lead, the names given no duty help it
        (
            "Sở Tài chính (chủ trì), Sở KH&CN, Sở Công Thương",
            ["Sở Tài chính"],
            ["Sở Khoa học và Công nghệ", "Sở Công Thương"],
        ),
        ("Sở Y tế chủ trì, Sở Tài chính", ["Sở Y tế"], ["Sở Tài chính"]),
        # `phối hợp` at the end of the last piece is that piece's duty only
        ("Sở GD&ĐT; Sở Y tế phối hợp", ["Sở Giáo dục và Đào tạo"], ["Sở Y tế"]),
        ("Sở GD&ĐT; Trường Cao đẳng Lào Cai phối hợp", ["Sở Giáo dục và Đào tạo"], ["Trường Cao đẳng Lào Cai"]),
        # two leads sharing the duty
        (
            "Sở KH&CN và Văn phòng UBND tỉnh đồng chủ trì; các sở, ban, ngành phối hợp",
            ["Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh"],
            ["Các sở, ban, ngành"],
        ),
        (
            "Sở NN&MT chủ trì; BCH Bộ đội Biên phòng tỉnh đồng chủ trì",
            ["Sở Nông nghiệp và Môi trường", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
            [],
        ),
        ("Đồng chủ trì: Sở Y tế, Sở Tài chính", ["Sở Y tế", "Sở Tài chính"], []),
        # follow-up duties: the body helps when the cell names a lead, leads when it is alone
        (
            "Các sở, ban, ngành, UBND các xã, phường chủ trì; Văn phòng UBND tỉnh theo dõi, đôn đốc",
            ["Các sở, ban, ngành", COMMUNES],
            ["Văn phòng UBND tỉnh"],
        ),
        ("Sở Y tế chủ trì; Sở Tư pháp thẩm định", ["Sở Y tế"], ["Sở Tư pháp"]),
        ("Sở Y tế; Sở TT&TT tổng hợp", ["Sở Y tế"], ["Sở Thông tin và Truyền thông"]),
        ("Sở TT&TT tổng hợp", ["Sở Thông tin và Truyền thông"], []),
        ("Sở Y tế hướng dẫn", ["Sở Y tế"], []),
        ("Trường Cao đẳng Lào Cai tổng hợp", ["Trường Cao đẳng Lào Cai"], []),
        # the lead written in a bracket after a body
        ("Đoàn kiểm tra liên ngành (Sở Y tế chủ trì)", ["Sở Y tế"], ["Đoàn kiểm tra liên ngành"]),
        # the same words as words of a name
        ("Đoàn kiểm tra liên ngành", ["Đoàn kiểm tra liên ngành"], []),
        ("Phòng Tổng hợp, Sở Y tế", ["Phòng Tổng hợp", "Sở Y tế"], []),
    ],
)
def test_the_duty_words_of_a_lead_cell_give_each_name_its_duty(directory, lead, leads, coordinating):
    assert task(directory, lead) == (leads, coordinating)


@pytest.mark.parametrize(
    "cell",
    [
        "Sở KH&CN và Văn phòng UBND tỉnh đồng chủ trì",
        "Văn phòng UBND tỉnh theo dõi, đôn đốc",
        "Sở TT&TT tổng hợp; Sở Tư pháp thẩm định, Sở Y tế hướng dẫn",
        "Đoàn kiểm tra liên ngành (Sở Y tế chủ trì)",
        "Đoàn kiểm tra liên ngành (Sở Y tế",
        "Trung tâm Y tế) tỉnh",
    ],
)
def test_no_name_ends_with_a_duty_or_an_unpaired_bracket(directory, cell):
    names = [name for side in task(directory, cell) for name in side]
    assert names
    for name in names:
        folded = fold(name)
        assert not folded.endswith(("dong", "chu tri", "phoi hop", "theo doi", "don doc", "tong hop", "huong dan"))
        assert not folded.endswith(("tham dinh",)) and name.count("(") == name.count(")")


def test_individuals_listed_with_bodies_are_one_collective(directory):
    assert task(directory, "Các doanh nghiệp, tổ chức, cá nhân")[0] == ["Các doanh nghiệp, tổ chức, cá nhân"]
    assert task(directory, "Sở Y tế", "tổ chức, cá nhân liên quan")[1] == ["Tổ chức, cá nhân liên quan"]


def test_bodies_first_met_in_a_plan_join_the_departments_only_as_departments(alias_table):
    from domain.agencies import AgencyDirectory, AgencyEntry

    made_up = [
        AgencyEntry("Ban Chỉ đạo chuyển đổi số tỉnh", AgencyKind.PROVINCIAL_BODY, verified=False),
        AgencyEntry("Đoàn kiểm tra liên ngành", AgencyKind.OTHER, verified=False),
        AgencyEntry("Sở Quy hoạch tỉnh", AgencyKind.DEPARTMENT, verified=False),
    ]
    entries, *rest = alias_table
    directory = AgencyDirectory([*entries, *made_up], *rest)
    members = directory.members("Các sở, ban, ngành")
    assert "Sở Quy hoạch tỉnh" in members and "Sở Y tế" in members and "Công an tỉnh" in members
    assert "Ban Chỉ đạo chuyển đổi số tỉnh" not in members and "Đoàn kiểm tra liên ngành" not in members


@pytest.mark.parametrize(
    ("lead", "coordinators", "leads", "coordinating"),
    [
        # 44_bentre_cong_nghiep_ho_tro_2024 I.1: the co-lead named among the coordinators
        (
            "Sở Công Thương",
            "Sở Tài chính (đồng chủ trì), Sở Kế hoạch và Đầu tư",
            ["Sở Công Thương", "Sở Tài chính"],
            ["Sở Kế hoạch và Đầu tư"],
        ),
        # 38_bacninh_viec_lam_2026 I.4: the lead cell left empty, the lead written in the next one
        (
            "",
            "Sở Nội vụ chủ trì, phối hợp với Bảo hiểm xã hội tỉnh, Liên đoàn Lao động tỉnh",
            ["Sở Nội vụ"],
            ["Bảo hiểm xã hội tỉnh", "Liên đoàn Lao động tỉnh"],
        ),
        # words that give no lead leave the coordinators as they are
        (
            "Sở Y tế",
            "Sở Tài chính, Văn phòng UBND tỉnh theo dõi, đôn đốc",
            ["Sở Y tế"],
            ["Sở Tài chính", "Văn phòng UBND tỉnh"],
        ),
        ("Sở Y tế", "Trung tâm Phối hợp tìm kiếm cứu nạn", ["Sở Y tế"], ["Trung tâm Phối hợp tìm kiếm cứu nạn"]),
    ],
)
def test_a_coordinating_cell_that_says_who_leads_gives_them_the_lead(
    directory, lead, coordinators, leads, coordinating
):
    # was: every name of the coordinating cell a coordinator, "chủ trì" or not
    assert task(directory, lead, coordinators) == (leads, coordinating)


@pytest.mark.parametrize(
    ("cell", "leads", "coordinating"),
    [
        # 43_laichau_giam_ngheo_2020 B.5: was one unknown body, the words after "chủ trì" in its name
        ('Ủy ban MTTQ Việt Nam tỉnh chủ trì vận động Quỹ "Vì người nghèo"', ["Ủy ban MTTQ Việt Nam tỉnh"], []),
        ("Sở Y tế chủ trì tổ chức thực hiện; Sở Tài chính", ["Sở Y tế"], ["Sở Tài chính"]),
        ("Sở Y tế chủ trì thẩm định; Sở Tư pháp phối hợp", ["Sở Y tế"], ["Sở Tư pháp"]),
        ("Sở Y tế chủ trì tham mưu UBND tỉnh, Sở Tài chính", ["Sở Y tế"], ["Sở Tài chính"]),
        # an unknown name before the words: they may be its own (kept whole, as before)
        ("Ban Chỉ đạo tỉnh chủ trì họp", ["Ban Chỉ đạo tỉnh chủ trì họp"], []),
        # known bodies after the words: who leads with it, read as before
        ("Sở Y tế chủ trì cùng Sở Tài chính", ["Sở Y tế", "Sở Tài chính"], []),
    ],
)
def test_the_words_after_a_lead_say_what_it_leads_and_name_no_body(directory, cell, leads, coordinating):
    assert task(directory, cell) == (leads, coordinating)
