"""The bundled seed plan (Đồng Nai, Resolution 20-NQ/TW), checked cell by cell where it matters."""

from collections import Counter
from datetime import date

import pytest

from domain.funding import Source
from domain.plan_table import ProblemKind
from domain.timeframes import Kind
from seed.importer import bundled_plan
from seed.plan_reader import read_plan
from seed.table import decode, read_rows

HEALTH = "Sở Y tế"
EDUCATION = "Sở Giáo dục và Đào tạo"
INFO = "Sở Thông tin và Truyền thông"
AGRICULTURE = "Sở Nông nghiệp và Phát triển nông thôn"
TRADE = "Sở Công Thương"
HOME = "Sở Nội vụ"
ENVIRONMENT = "Sở Tài nguyên và Môi trường"
FOREIGN = "Sở Ngoại vụ"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
INSURANCE = "Bảo hiểm xã hội tỉnh"
EMULATION = "Ban Thi đua - Khen thưởng tỉnh"
LOCAL = ["UBND các huyện", "UBND thị xã Long Khánh", "UBND thành phố Biên Hòa"]
MEDIA = [INFO, HEALTH, "Đài Phát thanh - Truyền hình Đồng Nai", "Báo Đồng Nai", "Báo Lao động Đồng Nai", *LOCAL]

EXPECTED_LEADS = {
    "I.1": ["Các sở, ban, ngành", *LOCAL],
    "I.2": [HEALTH, *LOCAL],
    "I.3": MEDIA,
    "I.4": [HEALTH],
    "I.5": [HOME, EMULATION, *LOCAL],
    "I.6": MEDIA,
    "I.7": [HEALTH, *LOCAL],
    **{f"II.{n}": [EDUCATION] for n in (1, 2, 3, 4)},
    "II.5": [HEALTH],
    "II.6": [HEALTH],
    "II.7": [CULTURE, *LOCAL],
    "II.8": [AGRICULTURE],
    "II.9": [TRADE],
    "II.10": [TRADE],
    "II.11": MEDIA,
    "II.12": MEDIA,
    "II.13": [AGRICULTURE],
    "II.14": [AGRICULTURE],
    "II.15": [HEALTH],
    "II.16": [ENVIRONMENT],
    "II.17": MEDIA,
    "II.18": [CULTURE],
    **{f"III.{n}": [HEALTH] for n in range(1, 10)},
    **{f"IV.{n}": [HEALTH] for n in range(1, 14)},
    **{f"V.{n}": [HEALTH] for n in range(1, 8)},
    "VI.1": [HEALTH],
    "VI.2": [HEALTH],
    "VI.3": [FOREIGN],
    **{f"VII.{n}": [HEALTH] for n in range(1, 4)},
    "VIII.1": [HEALTH],
    "VIII.2": [HEALTH],
    "VIII.3": [INSURANCE],
    "IX.1": [HEALTH],
    "IX.2": [HEALTH],
}


@pytest.fixture(scope="module")
def seed(directory):
    plan_file = bundled_plan()
    data = plan_file.path.read_bytes()
    return read_plan(read_rows(decode(data, "seed")), directory, "seed")


def test_sixty_five_tasks_in_nine_sections(seed):
    assert len(seed.tasks) == 65
    assert [s.numeral for s in seed.sections] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert Counter(t.section for t in seed.tasks) == {
        "I": 7,
        "II": 18,
        "III": 9,
        "IV": 13,
        "V": 7,
        "VI": 3,
        "VII": 3,
        "VIII": 3,
        "IX": 2,
    }


def test_every_task_has_its_correct_leads(seed):
    assert {t.code: [a.name for a in t.leads] for t in seed.tasks} == EXPECTED_LEADS
    assert all(a.known for t in seed.tasks for a in (*t.leads, *t.coordinators))


def test_the_three_tasks_without_timeframe_are_reported(seed):
    blank = [p.code for p in seed.problems if p.kind is ProblemKind.BLANK_TIMEFRAME]
    assert blank == ["II.13", "II.14", "II.15"]
    assert [t.code for t in seed.tasks if t.timeframe.kind is Kind.BLANK] == blank


def test_the_last_row_misses_its_funding_cell(seed):
    assert [(p.kind, p.code, p.detail) for p in seed.problems if p.kind is ProblemKind.MISSING_CELLS] == [
        (ProblemKind.MISSING_CELLS, "IX.2", "Kinh phí")
    ]
    assert len(seed.problems) == 4  # three blank timeframes and that cell


def test_timeframes(seed):
    by_code = {t.code: t.timeframe for t in seed.tasks}
    assert Counter(tf.kind for tf in by_code.values()) == {
        Kind.RANGE: 21,
        Kind.ONGOING: 17,
        Kind.ANNUAL: 12,
        Kind.ONCE: 12,
        Kind.BLANK: 3,
    }
    assert (by_code["III.9"].kind, by_code["III.9"].deadline) == (Kind.RANGE, date(2025, 12, 31))
    assert (by_code["II.1"].kind, by_code["II.1"].deadline) == (Kind.ONCE, date(2021, 12, 31))
    assert (by_code["IV.3"].start, by_code["IV.3"].deadline) == (date(2018, 1, 1), date(2030, 12, 31))
    assert by_code["I.5"].kind is Kind.ANNUAL
    assert by_code["I.1"].kind is Kind.ONGOING


def test_coordinators(seed):
    by_code = {t.code: [a.name for a in t.coordinators] for t in seed.tasks}
    assert by_code["I.1"] == [HEALTH]
    assert by_code["I.2"] == ["Các sở, ban, ngành", "Mặt trận Tổ quốc và các đoàn thể"]
    assert by_code["I.4"] == [HOME, "Các sở, ban, ngành", "Các đơn vị liên quan"]
    assert by_code["II.3"] == ["Các sở, ban, ngành", "Các địa phương"]
    assert by_code["III.9"] == ["Các sở, ban, ngành", *LOCAL]
    assert by_code["VI.3"] == ["Các sở, ban, ngành"]


def test_funding(seed):
    by_code = {t.code: t.funding for t in seed.tasks}
    assert by_code["II.2"].sources == (Source.STATE_BUDGET, Source.SOCIALISED)
    assert by_code["III.1"].sources == (Source.STATE_BUDGET, Source.OTHER_MOBILISED)
    assert by_code["VI.3"].sources == (Source.STATE_BUDGET, Source.SPONSORSHIP)
    assert by_code["I.1"].sources == ()


def test_text_is_normalised_to_nfc(seed):
    import unicodedata

    for task in seed.tasks:
        for text in (task.content, task.lead_text, task.coordinators_text, task.timeframe.raw):
            assert unicodedata.is_normalized("NFC", text)
    first = seed.tasks[0]
    assert first.content.startswith("Gắn các mục tiêu y tế")
