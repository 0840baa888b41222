import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.agencies import (
    AgencyDirectory,
    AgencyEntry,
    AgencyKind,
    AliasConflict,
    Ambiguous,
    Found,
    NotFound,
    infer_kind,
)
from domain.text import fold
from seed.aliases import AliasFileError, bundled_alias_file, load_alias_table, parse_alias_table

HEALTH = "Sở Y tế"
EDUCATION = "Sở Giáo dục và Đào tạo"
INFO = "Sở Thông tin và Truyền thông"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
RADIO = "Đài Phát thanh - Truyền hình Đồng Nai"
PAPER = "Báo Đồng Nai"
LABOUR_PAPER = "Báo Lao động Đồng Nai"
DISTRICTS = "UBND các huyện"
LONG_KHANH = "UBND thị xã Long Khánh"
BIEN_HOA = "UBND thành phố Biên Hòa"
DEPARTMENTS = "Các sở, ban, ngành"
UNITS = "Các đơn vị liên quan"
LOCALITIES = "Các địa phương"
COMMUNES = "UBND các xã, phường"
SCIENCE = "Sở Khoa học và Công nghệ"
AGRI_ENV = "Sở Nông nghiệp và Môi trường"
MEDIA = "Báo và Phát thanh, Truyền hình Đồng Nai"
FRONT = "Mặt trận Tổ quốc và các đoàn thể"
LOCAL_THREE = [DISTRICTS, LONG_KHANH, BIEN_HOA]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # every kind of lead and coordinating cell in the seed plan
        ("Các sở, ban, ngành và UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa", [DEPARTMENTS, *LOCAL_THREE]),
        ("Sở Y tế, UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa ", [HEALTH, *LOCAL_THREE]),
        (
            "Sở Thông tin và Truyền thông, Sở Y tế, Đài PT-TH Đồng Nai, Báo Đồng Nai, Báo Lao động, ĐN "
            "UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa ",
            [INFO, HEALTH, RADIO, PAPER, LABOUR_PAPER, *LOCAL_THREE],
        ),
        (
            "Sở Thông tin và Truyền thông, Sở Y tế, Đài Phát thanh - Truyền hình Đồng Nai, Báo Đồng Nai, "
            "Báo Lao động Đồng Nai, UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa",
            [INFO, HEALTH, RADIO, PAPER, LABOUR_PAPER, *LOCAL_THREE],
        ),
        (
            "Sở Nội vụ, Ban Thi đua - Khen thưởng tỉnh, UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa ",
            ["Sở Nội vụ", "Ban Thi đua - Khen thưởng tỉnh", *LOCAL_THREE],
        ),
        (
            "Sở Văn hóa, thể dục thể thao và Du lịch, UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa ",
            [CULTURE, *LOCAL_THREE],
        ),
        ("Sở Văn hóa, Thể dục và Du lịch", [CULTURE]),
        ("Sở Văn hóa, Thể thao và Du lịch", [CULTURE]),
        ("Bảo hiểm xã hội tỉnh", ["Bảo hiểm xã hội tỉnh"]),
        ("Sở Nông nghiệp và Phát triển nông thôn", ["Sở Nông nghiệp và Phát triển nông thôn"]),
        ("Các sở, ban, ngành, mặt trận đoàn thể", [DEPARTMENTS, FRONT]),
        ("Các sở, ban, ngành và các đơn vị liên quan", [DEPARTMENTS, UNITS]),
        ("Sở Nội vụ, các sở, ban, ngành đơn vị liên quan", ["Sở Nội vụ", DEPARTMENTS, UNITS]),
        ("Các sở, ban, ngành đơn vị liên quan", [DEPARTMENTS, UNITS]),
        ("Các sở, ban, ngành và địa phương liên quan", [DEPARTMENTS, LOCALITIES]),
        ("Các sở, ban, ngành và UBND các huyện liên quan.", [DEPARTMENTS, DISTRICTS]),
        ("Các sở, ban, ngành và UBND các huyện, thị xã Long Khánh và thành phố Biên Hòa", [DEPARTMENTS, *LOCAL_THREE]),
        ("Các sở, ban, ngành và đơn vị liên quan.", [DEPARTMENTS, UNITS]),
        ("Các sở, ban, ngành liên quan", [DEPARTMENTS]),
        ("Các sở, ngành liên quan", [DEPARTMENTS]),
        # other plans: abbreviations, semicolons, the full People's Committee title
        ("Sở GD&ĐT; Sở TT&TT", [EDUCATION, INFO]),
        ("SYT, Sở VHTTDL", [HEALTH, CULTURE]),
        ("Ủy ban nhân dân thành phố Biên Hòa", [BIEN_HOA]),
        ("UBND TP. Biên Hòa, TX. Long Khánh", [BIEN_HOA, LONG_KHANH]),
        ("so y te va so giao duc va dao tao", [HEALTH, EDUCATION]),
        ("", []),
    ],
)
def test_splits_cells_into_agencies(directory, cell, names):
    found = directory.split_cell(cell)
    assert [a.name for a in found] == names
    assert all(a.known for a in found)


def test_unknown_agency_is_kept_with_its_text(directory):
    found = directory.split_cell("Sở Du lịch và Thể thao, Sở Y tế và Trung tâm Giám định y khoa tỉnh")
    assert [(a.name, a.known) for a in found] == [
        ("Sở Du lịch và Thể thao", False),
        (HEALTH, True),
        ("Trung tâm Giám định y khoa tỉnh", False),
    ]


def test_unknown_name_with_va_inside_stays_whole(directory):
    found = directory.split_cell("Sở Tư pháp và Hộ tịch, Sở Y tế")
    assert [(a.name, a.known) for a in found] == [("Sở Tư pháp và Hộ tịch", False), (HEALTH, True)]


def test_line_breaks_separate_agencies(directory):
    found = directory.split_cell("Hội Nông dân tỉnh\nHội Cựu chiến binh tỉnh\nSở Y tế")
    assert [a.name for a in found] == ["Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh", HEALTH]


def test_local_units_after_ubnd_are_peoples_committees(directory):
    found = directory.split_cell("UBND các huyện, thị xã Xuân Lộc, thành phố Biên Hòa")
    assert [(a.name, a.known) for a in found] == [
        (DISTRICTS, True),
        ("UBND thị xã Xuân Lộc", False),
        (BIEN_HOA, True),
    ]


def test_a_lead_is_not_also_its_own_coordinator(directory):
    leads, coordinators = directory.split_task("Sở Y tế", "Sở Y tế, Sở Nội vụ")
    assert [a.name for a in leads] == [HEALTH]
    assert [a.name for a in coordinators] == ["Sở Nội vụ"]


def test_groups_expand_to_known_members(directory):
    # the district level is gone: localities are today the communes and wards
    assert directory.expand(LOCALITIES) == [COMMUNES]
    assert directory.expand(DISTRICTS) == [COMMUNES]
    departments = directory.expand(DEPARTMENTS)
    assert HEALTH in departments and CULTURE in departments and "Bảo hiểm xã hội tỉnh" in departments
    assert RADIO not in departments and MEDIA not in departments  # media are not departments
    # no department abolished in 2025 is still a member
    assert INFO not in departments and "Sở Kế hoạch và Đầu tư" not in departments and SCIENCE in departments
    assert "Sở Du lịch" not in departments  # only some provinces have one
    assert "Hội Nông dân tỉnh" in directory.expand(FRONT)
    assert directory.expand(UNITS) == [UNITS]  # no known members: named as the group
    assert directory.expand(HEALTH) == [HEALTH]
    assert DEPARTMENTS in directory.groups_of(HEALTH)
    assert INFO in directory.groups_of(SCIENCE)  # its old tasks are the successor's


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("so y te", HEALTH),
        ("SỞ Y TẾ", HEALTH),
        ("SYT", HEALTH),
        ("syt", HEALTH),
        ("so y tee", HEALTH),  # typo
        ("y te", HEALTH),
        ("Sở GD", EDUCATION),
        ("so gd&dt", EDUCATION),
        ("SGDĐT", EDUCATION),
        ("giao duc dao tao", EDUCATION),
        ("van hoa", CULTURE),
        ("Sở VHTTDL", CULTURE),
        ("so van hao", CULTURE),
        ("so noi vuu", "Sở Nội vụ"),
        ("so ngoai vu", "Sở Ngoại vụ"),
        ("bhxh", "Bảo hiểm xã hội tỉnh"),
        ("so nn&mt", AGRI_ENV),
        ("stc", "Sở Tài chính"),
        ("Department of Finance", "Sở Tài chính"),
        ("the education department", EDUCATION),
        ("provincial police", "Công an tỉnh"),
        ("ubnd cac xa phuong", COMMUNES),
    ],
)
def test_resolves_names_as_people_type_them(directory, typed, name):
    assert directory.resolve(typed) == Found(name)


@pytest.mark.parametrize(
    ("typed", "old", "today"),
    [
        ("Sở TT&TT", INFO, SCIENCE),
        ("so tai nguyen", "Sở Tài nguyên và Môi trường", AGRI_ENV),
        ("so tnmt", "Sở Tài nguyên và Môi trường", AGRI_ENV),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", AGRI_ENV),
        ("so ke hoach dau tu", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
        ("bien hoa", BIEN_HOA, COMMUNES),
        ("long khan", LONG_KHANH, COMMUNES),
        ("dai pt-th", RADIO, MEDIA),
        # initials apart, joined by "&" or "và", beside words written in full
        ("so tt tt", INFO, SCIENCE),
        ("so tn mt", "Sở Tài nguyên và Môi trường", AGRI_ENV),
        ("Sở TN & MT", "Sở Tài nguyên và Môi trường", AGRI_ENV),
        ("Sở NN và PTNT", "Sở Nông nghiệp và Phát triển nông thôn", AGRI_ENV),
        ("so kh dt", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
        ("so ld tb xh", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
        # words of the name left out: the radio-television station by "truyền hình" alone
        ("Đài truyền hình Đồng Nai", RADIO, MEDIA),
        ("đài truyền hình tỉnh", RADIO, MEDIA),
        # the culture and the tourism departments merged into one in most provinces
        ("Sở Văn hóa và Thể thao", "Sở Văn hóa và Thể thao", CULTURE),
        ("Sở VH&TT", "Sở Văn hóa và Thể thao", CULTURE),
        ("Sở Du lịch", "Sở Du lịch", CULTURE),
    ],
)
def test_an_abolished_body_resolves_to_the_one_that_exists_today(directory, typed, old, today):
    assert directory.resolve(typed) == Found(today, via=old)
    assert directory.resolve(typed, current=False) == Found(old)


def test_asks_when_two_agencies_fit():
    directory = AgencyDirectory(
        [
            AgencyEntry("Sở Nội vụ", AgencyKind.DEPARTMENT),
            AgencyEntry("Sở Ngoại vụ", AgencyKind.DEPARTMENT),
        ]
    )
    assert directory.resolve("SNV") == Ambiguous(("Sở Ngoại vụ", "Sở Nội vụ"))
    assert directory.resolve("so noi vu") == Found("Sở Nội vụ")


def test_asks_between_close_fuzzy_matches(directory):
    result = directory.resolve("so noi ngoai vu")
    assert isinstance(result, Ambiguous)
    assert {"Sở Nội vụ", "Sở Ngoại vụ"} <= set(result.candidates)


@pytest.mark.parametrize("typed", ["ubnd", "UBND", "Ủy ban nhân dân", "uy ban nhan dan"])
def test_a_name_of_common_words_asks_among_the_names_it_starts(directory, typed):
    # "ubnd" is a word every People's Committee has: it fits several, it is not "not found"
    result = directory.resolve(typed)
    assert isinstance(result, Ambiguous)
    assert result.candidates[:2] == ("UBND tỉnh", COMMUNES)  # shortest names first, as they are today


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("ubnd thi", LONG_KHANH),  # the start of "thị xã", which the table abbreviates TX
        ("ubnd thanh pho bien", BIEN_HOA),
        ("uy ban nhan dan thanh pho bien", BIEN_HOA),
        ("bao hiem", "Bảo hiểm xã hội tỉnh"),
        ("dai phat", RADIO),
    ],
)
def test_the_start_of_a_name_finds_it(directory, typed, name):
    assert directory.resolve(typed, current=False) == Found(name)


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("so ngaoi vu", ("Sở Ngoại vụ", "Sở Nội vụ")),  # a typo between two departments
        ("bao l", (LABOUR_PAPER,)),
        ("so no", ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường", "Sở Nội vụ")),
        ("ubnd thanh", (BIEN_HOA, LONG_KHANH)),  # the table also calls Long Khánh a thành phố
        # initials typed apart read as today's body before the start of an old acronym (VH&TT)
        ("so vh", (CULTURE,)),
        ("Sở VH", (CULTURE,)),
        ("so v", (CULTURE, "Sở Văn hóa và Thể thao")),
    ],
)
def test_the_start_of_several_names_asks(directory, typed, names):
    result = directory.resolve(typed, current=False)
    found = result.candidates if isinstance(result, Ambiguous) else (result.name,)
    assert set(found) == set(names)


@pytest.mark.parametrize("typed", ["so vh", "Sở VH", "so v"])
def test_the_start_of_names_of_one_body_of_today_finds_it(directory, typed):
    assert directory.resolve(typed) == Found(CULTURE)


def test_a_very_short_name_offers_a_few_choices(directory):
    result = directory.resolve("so")
    assert isinstance(result, Ambiguous)
    assert all(name.startswith("Sở ") for name in result.candidates)
    assert len(result.candidates) == 10  # a screen of buttons, not the whole table (12 departments)


def test_nothing_found_for_nonsense(directory):
    assert directory.resolve("xyz") == NotFound()
    assert directory.resolve("   ") == NotFound()


def test_alias_conflict_is_refused():
    with pytest.raises(AliasConflict, match="both"):
        AgencyDirectory([AgencyEntry("A", aliases=("X",)), AgencyEntry("B", aliases=("x",))])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[agency]]\nkind = "department"', "needs a name"),
        ('[[agency]]\nname = "Sở A"\nkind = "ministry"', "unknown kind 'ministry'"),
        ('[[agency]]\nname = "Sở A"\nalias = ["x"]', "unknown field"),
        ("[[agency]\nname=", "agencies.toml"),
    ],
)
def test_alias_file_errors_name_the_entry(text, message):
    with pytest.raises(AliasFileError, match=message):
        parse_alias_table(text)


def test_bundled_alias_file_is_package_data():
    assert bundled_alias_file().is_file()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Sở Xây dựng", AgencyKind.DEPARTMENT),
        ("UBND huyện Xuân Lộc", AgencyKind.DISTRICT),
        ("UBND thành phố Long Khánh", AgencyKind.DISTRICT),  # a district-level city
        ("UBND phường Trấn Biên", AgencyKind.LOCAL),
        ("Báo Nhân dân", AgencyKind.MEDIA),
        ("Ban Dân tộc tỉnh", AgencyKind.PROVINCIAL_BODY),
        ("Hội Chữ thập đỏ", AgencyKind.MASS_ORG),
        ("Trung tâm Y tế huyện", AgencyKind.OTHER),
    ],
)
def test_infers_kind_of_new_agencies(name, kind):
    assert infer_kind(name) is kind


# -- properties ---------------------------------------------------------------------------

SINGLE_AGENCIES = [
    HEALTH,
    EDUCATION,
    INFO,
    CULTURE,
    RADIO,
    PAPER,
    LABOUR_PAPER,
    LONG_KHANH,
    BIEN_HOA,
    "Sở Nội vụ",
    "Sở Ngoại vụ",
    "Sở Công Thương",
    "Bảo hiểm xã hội tỉnh",
    "Ban Thi đua - Khen thưởng tỉnh",
]
separators = st.sampled_from([", ", "; ", " và ", ",", " , ", "\n"])
spellings = st.sampled_from([str, str.upper, str.lower, fold])


@settings(max_examples=300)
@given(st.lists(st.sampled_from(SINGLE_AGENCIES), min_size=1, max_size=6, unique=True), st.data())
def test_any_list_of_known_agencies_splits_back(directory, names, data):
    parts = [data.draw(spellings)(name) for name in names]
    cell = parts[0]
    for part in parts[1:]:
        cell += data.draw(separators) + part
    assert [a.name for a in directory.split_cell(cell)] == names


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_splitting_never_fails_and_never_invents_text(directory, cell):
    for agency in directory.split_cell(cell):
        assert agency.name
        assert agency.known or fold(agency.text) in fold(" ".join(cell.split()))


ALL_NAMES = [entry.name for entry in AgencyDirectory(*load_alias_table()).entries]


@settings(max_examples=300)
@given(st.sampled_from(ALL_NAMES), st.integers(min_value=1, max_value=8), st.integers(min_value=1, max_value=5))
def test_the_start_of_any_name_is_found_or_asked_never_missing(directory, name, words, letters):
    typed = " ".join(word[:letters] for word in fold(name).replace(",", " ").split()[:words])
    result = directory.resolve(typed, current=False)
    assert not isinstance(result, NotFound), typed
    if isinstance(result, Found):  # this one, or another whose whole name it is ("Sở Văn hóa và Thể thao")
        assert result.name == name or directory.lookup(typed) == result.name, typed
    else:  # asked among the names it starts: this one, unless the choice is full
        assert name in result.candidates or len(result.candidates) == 10, (typed, result)


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_resolving_never_fails(directory, text):
    assert isinstance(directory.resolve(text), Found | Ambiguous | NotFound)


def test_a_plan_naming_the_culture_and_the_tourism_departments_reaches_the_merged_one(directory):
    leads, _ = directory.split_task("Sở Văn hóa và Thể thao, Sở Du lịch", "")
    assert [a.name for a in leads] == ["Sở Văn hóa và Thể thao", "Sở Du lịch"] and all(a.known for a in leads)
    assert {directory.current(a.name) for a in leads} == {CULTURE}


def test_a_province_that_kept_a_body_most_merged_lists_it_and_keeps_it(tmp_path):
    own = tmp_path / "ha-noi.toml"
    own.write_text(
        '[[agency]]\nname = "Sở Du lịch"\nkind = "department"\n\n'
        '[[agency]]\nname = "Sở Văn hóa và Thể thao"\nkind = "department"\n',
        encoding="utf-8",
    )
    directory = AgencyDirectory(*load_alias_table(own))
    assert directory.current("Sở Du lịch") == "Sở Du lịch"
    assert directory.resolve("Sở VH&TT") == Found("Sở Văn hóa và Thể thao")
    assert "Sở Du lịch" in directory.expand(DEPARTMENTS)
    # what it does not list is succeeded as everywhere
    assert directory.current("Sở Kế hoạch và Đầu tư") == "Sở Tài chính"


@pytest.mark.parametrize("cell", ["Trung tâm Xyz và", "0:VA", "Sở Y tế, Trung tâm Xyz và"])
def test_an_unknown_name_ending_with_va_is_kept(directory, cell):
    # was: IndexError reading past the cell for a name after "và" (found by the property above)
    found = directory.split_cell(cell)
    assert found and all(a.name for a in found)
