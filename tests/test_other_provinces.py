"""Plans of other provinces and fields, written in the administrative language of their time
(.txt, .docx, .xlsx), read right: every task's leads as the bodies of today, its kind and the
first day its lead must deliver. Each file comes with the reading a careful civil servant
gives it (tests/data/plans/*.expected.json); the importer was not tuned to them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import NOW

from db.agencies import load_directory
from db.queries import TaskFilter, agency_id_by_name, find_tasks
from domain.agencies import MERGED_PROVINCES, AgencyKind
from domain.periods import periods_between
from domain.plan_table import ProblemKind
from domain.text import key
from domain.timeframes import Timeframe
from seed.formats import read_table
from seed.importer import PlanFile, import_plan
from seed.plan_reader import read_plan
from seed.relink import relink_tasks
from seed.table import write_rows

PLANS = Path(__file__).parent / "data" / "plans"
FROM = date(2026, 1, 1)  # "due" is the first day to deliver from then on
HOME = "Đồng Nai"  # the province of the bundled alias table


def first_due(timeframe: Timeframe) -> str | None:
    if timeframe.is_time_bound:
        return timeframe.deadline.isoformat() if timeframe.deadline else None
    periods = periods_between(timeframe, FROM, date(2030, 12, 31))
    return periods[0].due.isoformat() if periods and periods[0].due else None


@pytest.mark.parametrize("expected", sorted(PLANS.glob("*.expected.json")), ids=lambda p: p.name.split(".")[0])
def test_a_plan_of_another_province_is_read_right(directory, expected: Path):
    plan_file = next(p for p in PLANS.glob(expected.name.replace(".expected.json", ".*")) if p.suffix != ".json")
    plan = read_plan(read_table(plan_file.read_bytes(), plan_file.name), directory, plan_file.name)
    tasks = {task.code: task for task in plan.tasks}

    document = json.loads(expected.read_text(encoding="utf-8"))
    province = document["province"]

    def today(name: str) -> str:
        # "tỉnh" in the expected reading is the plan's province: compared with the plan's
        # province and the alias table's own (Đồng Nai) read as "tỉnh" alike
        current = directory.current(directory.lookup(name) or name)
        return key(re.sub(rf"(tỉnh )?({re.escape(province)}|{HOME})", "tỉnh", current))

    # the bodies of another province are never the alias table's own province's, but those
    # of a province it absorbed in 2025 (Bình Phước) are succeeded by its own today
    named = {a.name for task in tasks.values() for a in (*task.leads, *task.coordinators)}
    absorbed = province in MERGED_PROVINCES[HOME]
    assert not {name for name in named if HOME in name or (HOME in directory.current(name) and not absorbed)}

    wrong = []
    reading = document["tasks"]
    assert sorted(tasks) == sorted(e["code"] for e in reading)
    for want in reading:
        task = tasks[want["code"]]
        got = (
            list(dict.fromkeys(today(a.name) for a in task.leads)),
            task.timeframe.kind.value,
            first_due(task.timeframe),
        )
        if got != (list(dict.fromkeys(map(today, want["leads"]))), want["kind"], want["due"]):
            wrong.append((want["code"], task.lead_text, task.timeframe.raw, got))
    assert wrong == []


HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]
ANOTHER_PROVINCE = [
    HEADER,
    ["I", "Truyền thông"],
    ["1", "Chuyên mục", "Báo và Phát thanh, Truyền hình Tuyên Quang", "Sở Y tế", "Thường xuyên", ""],
    [
        "2",
        "Tuyên truyền",
        "Báo Quảng Ngãi, Đài PT-TH Quảng Ngãi",
        "Viettel Quảng Ngãi, Công an tỉnh Quảng Ngãi",
        "2020",
        "",
    ],
    ["3", "Tin bài", "Báo Đồng Nai", "Báo và Phát thanh, Truyền hình tỉnh", "2026", ""],
]


async def test_the_bodies_of_another_province_keep_its_name_and_reach_its_bodies_of_today(
    sessions, alias_table, tmp_path: Path
):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(write_rows(ANOTHER_PROVINCE), encoding="utf-8")
    report = await import_plan(sessions, PlanFile(path, "KH"), alias_table=alias_table, now=NOW)
    async with sessions() as session:
        tasks = {t.code: t for t in await find_tasks(session, TaskFilter(plan="KH"))}
        directory = await load_directory(session, alias_table.abbreviations, alias_table.successions)
        # twice, as a reload of the alias table does: the bodies of today stay
        await relink_tasks(session, alias_table.abbreviations, NOW)
        await session.commit()
    with_names = {code: (task.leads, task.coordinators) for code, task in tasks.items()}
    assert with_names["I.1"] == (("Báo và Phát thanh, Truyền hình Tuyên Quang",), ("Sở Y tế",))
    assert with_names["I.2"] == (
        ("Báo Quảng Ngãi", "Đài Phát thanh - Truyền hình Quảng Ngãi"),
        ("Viettel Quảng Ngãi", "Công an tỉnh"),  # a body every province has is the table's
    )
    # the old newspaper and station of Quảng Ngãi are Quảng Ngãi's merged body today
    for old in with_names["I.2"][0]:
        assert directory.current(old) == "Báo và Phát thanh, Truyền hình Quảng Ngãi"
    assert directory.kind_of("Báo Quảng Ngãi") is AgencyKind.MEDIA
    assert "Báo và Phát thanh, Truyền hình Quảng Ngãi" in report.new_agencies
    # the table's own province's bodies are still its own
    assert with_names["I.3"] == (("Báo Đồng Nai",), ("Báo và Phát thanh, Truyền hình Đồng Nai",))
    async with sessions() as session:
        assert await agency_id_by_name(session, "Báo và Phát thanh, Truyền hình Quảng Ngãi") is not None


FORMER_PROVINCES_MEDIA = [
    ["KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH LÀO CAI NĂM 2026"],
    HEADER,
    ["I", "Truyền thông"],
    ["1", "Chuyên mục", "Báo Lào Cai", "Đài PT-TH Yên Bái, Báo Yên Bái", "Thường xuyên", ""],
]


async def test_the_media_of_a_province_merged_in_2025_are_the_absorbing_provinces_merged_body(
    sessions, alias_table, tmp_path: Path
):
    # Yên Bái became part of Lào Cai: its newspaper and station are Lào Cai's merged media
    # body today, not a "Báo và Phát thanh, Truyền hình Yên Bái" that never existed
    path = tmp_path / "ke-hoach.txt"
    path.write_text(write_rows(FORMER_PROVINCES_MEDIA), encoding="utf-8")
    await import_plan(sessions, PlanFile(path, "KH"), alias_table=alias_table, now=NOW)
    async with sessions() as session:
        task = (await find_tasks(session, TaskFilter(plan="KH")))[0]
        directory = await load_directory(session, alias_table.abbreviations, alias_table.successions)
    assert task.coordinators == ("Đài Phát thanh - Truyền hình Yên Bái", "Báo Yên Bái")
    today = "Báo và Phát thanh, Truyền hình Lào Cai"
    assert [directory.current(name) for name in (*task.leads, *task.coordinators)] == [today] * 3
    # a plan of the former province itself, written before the merger, reaches the same body
    leads, _ = directory.split_task("Báo Kon Tum", "", "Kon Tum")
    assert directory.current(leads[0].name) == "Báo và Phát thanh, Truyền hình Quảng Ngãi"


FORMER_PROVINCES_MERGED_MEDIA = [
    ["KẾ HOẠCH CHUYỂN ĐỔI SỐ TỈNH LÀO CAI NĂM 2025"],
    HEADER,
    ["I", "Truyền thông"],
    ["1", "Chuyên mục", "Báo và Phát thanh, Truyền hình Yên Bái", "", "Thường xuyên", ""],
]


async def test_a_former_provinces_merged_media_body_is_the_absorbing_provinces_today(
    sessions, alias_table, tmp_path: Path
):
    # a plan written as Yên Bái's media merged, just before Yên Bái became part of Lào Cai:
    # the body it names is Lào Cai's merged media body today (it stayed a body of its own,
    # reminded and counted apart from Lào Cai's)
    path = tmp_path / "ke-hoach.txt"
    path.write_text(write_rows(FORMER_PROVINCES_MERGED_MEDIA), encoding="utf-8")
    await import_plan(sessions, PlanFile(path, "KH"), alias_table=alias_table, now=NOW)
    async with sessions() as session:
        task = (await find_tasks(session, TaskFilter(plan="KH")))[0]
        directory = await load_directory(session, alias_table.abbreviations, alias_table.successions)
        assert await agency_id_by_name(session, "Báo và Phát thanh, Truyền hình Lào Cai") is not None
    assert task.leads == ("Báo và Phát thanh, Truyền hình Yên Bái",)
    assert directory.current(task.leads[0]) == "Báo và Phát thanh, Truyền hình Lào Cai"
    # the province's own, and another province's that merged nothing, stay themselves
    assert directory.current("Báo và Phát thanh, Truyền hình Đồng Nai") == "Báo và Phát thanh, Truyền hình Đồng Nai"
    leads, _ = directory.split_task("Báo và Phát thanh, Truyền hình Quảng Ngãi", "", "Quảng Ngãi")
    assert directory.current(leads[0].name) == "Báo và Phát thanh, Truyền hình Quảng Ngãi"


THANH_HOA = [
    ["KẾ HOẠCH BẢO ĐẢM AN TOÀN THỰC PHẨM TRÊN ĐỊA BÀN TỈNH THANH HÓA NĂM 2025"],
    HEADER,
    ["I", "Truyền thông"],
    ["1", "Chuyên mục", "Đài PT-TH tỉnh", "Sở Y tế tỉnh, Công an tỉnh", "Thường xuyên", ""],
    ["2", "Tin bài", "Sở Y tế", "Đài PT-TH", "2026", ""],
]


def test_the_plan_of_another_province_names_its_bodies_by_the_word_tinh(directory):
    plan = read_plan(read_table(write_rows(THANH_HOA).encode(), "plan.txt"), directory, "plan.txt")
    assert plan.province == "Thanh Hóa"
    tasks = {t.code: t for t in plan.tasks}
    assert [a.name for a in tasks["I.1"].leads] == ["Đài Phát thanh - Truyền hình Thanh Hóa"]
    assert [a.name for a in tasks["I.1"].coordinators] == ["Sở Y tế", "Công an tỉnh"]
    assert [a.name for a in tasks["I.2"].coordinators] == ["Đài Phát thanh - Truyền hình Thanh Hóa"]
    assert directory.current("Đài Phát thanh - Truyền hình Thanh Hóa") == "Báo và Phát thanh, Truyền hình Thanh Hóa"
    # without a title, a body named for the province tells it too
    rows = [HEADER, ["1", "Tin bài", "Đài PT-TH tỉnh, Báo Thanh Hóa", "", "2026", ""]]
    plan = read_plan(read_table(write_rows(rows).encode(), "plan.txt"), directory, "plan.txt")
    assert [a.name for a in plan.tasks[0].leads] == ["Đài Phát thanh - Truyền hình Thanh Hóa", "Báo Thanh Hóa"]


def test_a_plan_naming_the_tables_province_and_another_keeps_tinh_and_says_so(directory):
    rows = [*ANOTHER_PROVINCE, ["4", "Phóng sự", "Đài PT-TH tỉnh", "", "2026", ""]]
    plan = read_plan(read_table(write_rows(rows).encode(), "plan.txt"), directory, "plan.txt")
    assert plan.province is None
    (task,) = [t for t in plan.tasks if t.code == "I.4"]
    assert [a.name for a in task.leads] == ["Đài Phát thanh - Truyền hình Đồng Nai"]
    unsure = [(p.code, p.detail) for p in plan.problems if p.kind is ProblemKind.PROVINCE_UNSURE]
    assert unsure == [("I.3", "Báo và Phát thanh, Truyền hình tỉnh"), ("I.4", "Đài PT-TH tỉnh")]


async def test_a_reload_of_the_alias_table_keeps_the_plans_province(sessions, alias_table, tmp_path: Path):
    path = tmp_path / "thanh-hoa.txt"
    path.write_text(write_rows(THANH_HOA), encoding="utf-8")
    await import_plan(sessions, PlanFile(path, "TH"), alias_table=alias_table, now=NOW)
    async with sessions() as session:
        result = await relink_tasks(session, alias_table.abbreviations, NOW)
        await session.commit()
        tasks = {t.code: t for t in await find_tasks(session, TaskFilter(plan="TH"))}
    assert result.changed == 0
    assert tasks["I.1"].leads == ("Đài Phát thanh - Truyền hình Thanh Hóa",)
