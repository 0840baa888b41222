"""Lead and coordinating cells as plans written after the 2025 reorganisation write them:
merged names with commas, collective phrases, a province's name after a body, units in
brackets. A cell is split only where each piece can be an agency."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.text import fold

AGRI_ENV = "Sở Nông nghiệp và Môi trường"
MEDIA = "Báo và Phát thanh, Truyền hình Đồng Nai"
COMMUNES = "UBND các xã, phường"
HOME = "Sở Nội vụ"
FINANCE = "Sở Tài chính"
HEALTH = "Sở Y tế"
EDUCATION = "Sở Giáo dục và Đào tạo"
POLICE = "Công an tỉnh"
DEPARTMENTS = "Các sở, ban, ngành"


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Sở NN&MT", [AGRI_ENV]),
        ("Sở Nông nghiệp và Môi trường, Sở Tài chính", [AGRI_ENV, FINANCE]),
        ("Báo và Phát thanh, Truyền hình tỉnh", [MEDIA]),
        ("Báo và Phát thanh, Truyền hình Đồng Nai, Sở Y tế", [MEDIA, HEALTH]),
        ("UBND các xã, phường", [COMMUNES]),
        ("UBND các xã, phường, đặc khu", [COMMUNES]),
        ("Sở Y tế, UBND các xã, phường liên quan", [HEALTH, COMMUNES]),
        ("Công an tỉnh Nghệ An", [POLICE]),
        ("Sở Nội vụ (Ban Thi đua - Khen thưởng)", [HOME]),
        ("Sở Nội vụ (Ban Thi đua - Khen thưởng), Sở Tài chính", [HOME, FINANCE]),
        ("Sở Y tế (Trung tâm Kiểm soát bệnh tật tỉnh)", [HEALTH]),
        ("Sở Y tế, Giáo dục và Đào tạo, Tài chính", [HEALTH, EDUCATION, FINANCE]),  # one head word for three
        ("Sở Giáo dục và Đạo tạo", [EDUCATION]),  # a typo of a known name
        ("S. Y tế", [HEALTH]),
        ("Sở GD-ĐT\nSở Y tế\nCông an tỉnh", [EDUCATION, HEALTH, POLICE]),
        ("Các sở, ban, ngành có liên quan", [DEPARTMENTS]),
        (
            "Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội",
            ["Ủy ban MTTQ Việt Nam tỉnh", "Mặt trận Tổ quốc và các đoàn thể"],
        ),
        (
            "Tỉnh đoàn, Hội LHPN tỉnh, Hội Nông dân tỉnh",
            ["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh"],
        ),
        ("Văn phòng UBND tỉnh, Thanh tra tỉnh", ["Văn phòng UBND tỉnh", "Thanh tra tỉnh"]),
        # "BHXH, Tỉnh" is not read as "BHXH tỉnh" when it cuts the name after the comma in two
        ("BHXH, Tỉnh ủy", ["Bảo hiểm xã hội tỉnh", "Tỉnh ủy"]),
        ("Hội Cựu chiến binh, Tỉnh Đoàn", ["Hội Cựu chiến binh tỉnh", "Tỉnh đoàn"]),
        ("BHXH, Tỉnh", ["Bảo hiểm xã hội tỉnh"]),
        # a comma ends a name when a known one starts after it: "tỉnh, Ủy ban MTTQ" is not "Tỉnh ủy"
        (
            "Trung tâm Kiểm soát bệnh tật (CDC) tỉnh, Ủy ban MTTQ Việt Nam tỉnh, Sở Tài chính",
            ["Trung tâm Kiểm soát bệnh tật tỉnh", "Ủy ban MTTQ Việt Nam tỉnh", FINANCE],
        ),
        ("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", HEALTH]),
    ],
)
def test_cells_of_plans_written_after_2025(directory, cell, names):
    found = directory.split_cell(cell)
    assert [a.name for a in found] == names
    assert all(a.known for a in found)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # a piece that cannot be an agency is the rest of the name before it
        ("Sở Nông nghiệp, Môi trường và Thủy lợi", ["Sở Nông nghiệp, Môi trường và Thủy lợi"]),
        ("Đài Truyền thanh, Truyền hình huyện", ["Đài Truyền thanh, Truyền hình huyện"]),
        # the table's own province's name reads as "tỉnh", another province's is kept
        ("Trung tâm Giám định y khoa tỉnh Đồng Nai", ["Trung tâm Giám định y khoa tỉnh"]),
        ("Trung tâm Giám định y khoa tỉnh Hà Tĩnh", ["Trung tâm Giám định y khoa tỉnh Hà Tĩnh"]),
        ("Bệnh viện Y học cổ truyền Nghệ An, Sở Y tế", ["Bệnh viện Y học cổ truyền Nghệ An", HEALTH]),
        # but not after a commune: xã Long An is not the old province
        ("UBND xã Long An", ["UBND xã Long An"]),
        ("Điện lực Đồng Nai, Sở Công Thương", ["Điện lực tỉnh", "Sở Công Thương"]),
        ("Công ty TNHH Môi trường Xanh; Sở NN&MT", ["Công ty TNHH Môi trường Xanh", AGRI_ENV]),
    ],
)
def test_unknown_names_are_kept_whole(directory, cell, names):
    assert [a.name for a in directory.split_cell(cell)] == names


@pytest.mark.parametrize(
    ("lead", "coordinators", "expected"),
    [
        # how they coordinate names no body: Sở Tài chính was lost and Sở Y tế made a coordinator
        ("Sở Y tế phối hợp chặt chẽ với Sở Tài chính", "", ([HEALTH], [FINANCE])),
        ("Sở Y tế chủ trì, phối hợp chặt chẽ với các sở, ngành liên quan", "", ([HEALTH], [DEPARTMENTS])),
        ("Sở Y tế", "Sở Nội vụ phối hợp thường xuyên", ([HEALTH], [HOME])),
        # a kind of body without a name is the relevant ones of that kind (was an unknown "Cơ quan")
        ("Sở Y tế", "Cơ quan, đơn vị, địa phương liên quan", ([HEALTH], ["Các đơn vị liên quan", "Các địa phương"])),
    ],
)
def test_words_around_the_duties_name_no_body(directory, lead, coordinators, expected):
    leads, helping = directory.split_task(lead, coordinators)
    assert ([a.name for a in leads], [a.name for a in helping]) == expected
    assert all(a.known for a in (*leads, *helping))


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Ban Tổ chức Tỉnh ủy", ["Ban Tổ chức Tỉnh ủy"]),
        ("UBKT Tỉnh ủy; Thanh tra tỉnh", ["Ủy ban Kiểm tra Tỉnh ủy", "Thanh tra tỉnh"]),
        ("Văn phòng Tỉnh ủy, Văn phòng UBND tỉnh", ["Văn phòng Tỉnh ủy", "Văn phòng UBND tỉnh"]),
        ("Trường Chính trị tỉnh, Ban Nội chính Tỉnh ủy", ["Trường Chính trị tỉnh", "Ban Nội chính Tỉnh ủy"]),
    ],
)
def test_the_party_committees_bodies_every_province_has_are_known(directory, cell, names):
    found = directory.split_cell(cell)
    assert [a.name for a in found] == names and all(a.known for a in found)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("HĐND và UBND tỉnh", ["HĐND tỉnh", "UBND tỉnh"]),  # was an unknown "HĐND"
        ("Tỉnh ủy, HĐND, UBND tỉnh", ["Tỉnh ủy", "HĐND tỉnh", "UBND tỉnh"]),
        ("Thường trực HĐND, UBND tỉnh", ["HĐND tỉnh", "UBND tỉnh"]),
    ],
)
def test_the_level_written_once_after_the_last_body_is_each_ones(directory, cell, names):
    found = directory.split_cell(cell)
    assert [a.name for a in found] == names and all(a.known for a in found)
    assert [a.name for a in directory.split_cell("HĐND các xã, phường")] != ["HĐND tỉnh"]


@pytest.mark.parametrize("fragment", ["Môi trường", "Tỉnh", "UBND phường", "Truyền hình tỉnh", "phường"])
def test_a_fragment_is_never_an_agency(directory, fragment):
    cells = [
        "Sở Nông nghiệp và Môi trường",
        "Báo và Phát thanh, Truyền hình tỉnh",
        "UBND các xã, phường",
        "Đài Phát thanh - Truyền hình tỉnh",
        "Sở Y tế, Sở Nông nghiệp, Môi trường",
    ]
    for cell in cells:
        assert fold(fragment) not in [fold(a.name) for a in directory.split_cell(cell)], cell


KNOWN_TODAY = [AGRI_ENV, MEDIA, COMMUNES, HOME, FINANCE, HEALTH, EDUCATION, POLICE, "Sở Xây dựng", "Tỉnh đoàn"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(KNOWN_TODAY), min_size=1, max_size=5, unique=True), st.data())
def test_any_list_of_todays_bodies_splits_back(directory, names, data):
    separator = data.draw(st.sampled_from([", ", "; ", "\n", " và "]))
    spelling = data.draw(st.sampled_from([str, str.lower, fold]))
    cell = separator.join(spelling(name) for name in names)
    assert [a.name for a in directory.split_cell(cell)] == names
