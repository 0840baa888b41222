"""`agencybot export`: the files open with openpyxl and icalendar and hold what the database holds."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from pathlib import Path

from chatbot import START
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from base.clock import ManualClock
from bot.cli.export import export_files
from bot.runtime import open_runtime
from bot.settings import load_settings
from db.engine import unit_of_work
from db.models import Plan
from db.queries import TaskFilter, agency_id_by_name, find_tasks
from db.reminders import Window, compute, save_policy
from db.statuses import set_status
from domain.calendar import OfficeCalendar
from domain.reminders import Planner
from domain.tasks import Status
from seed.importer import bundled_plan, import_plan


async def _runtime(database_url: str):
    settings = load_settings(_env_file=None, database_url=database_url)
    return open_runtime(settings, ManualClock(START))


async def _seeded(runtime) -> int:
    await import_plan(runtime.sessions, bundled_plan(), alias_table=runtime.alias_table, now=START)
    async with unit_of_work(runtime.sessions) as session:
        health = await agency_id_by_name(session, "Sở Y tế")
        task = (await find_tasks(session, TaskFilter(codes=("III.9",))))[0]
        await set_status(session, task.id, health, "all", Status.DONE, "đã nghiệm thu", None, START)
    return health


async def test_the_sheet_holds_every_task_with_its_status(database_url: str, tmp_path: Path):
    async with await _runtime(database_url) as runtime:
        await _seeded(runtime)
        written = await export_files(runtime, "nq20", "xlsx", tmp_path / "nq20.xlsx", None, "vi")
        assert written == [(tmp_path / "nq20.xlsx", "65 tasks")]
        await export_files(runtime, "NQ20", "csv", tmp_path / "nq20.csv", None, "vi")
        async with runtime.sessions() as session:
            stored = await find_tasks(session, TaskFilter(plan="NQ20"))
    sheet = load_workbook(tmp_path / "nq20.xlsx").active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:4] == ["Kế hoạch", "Mã", "Mục", "Nội dung nhiệm vụ"] and len(rows) == 66
    by_code = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert list(by_code) == [t.code for t in stored]
    for task in stored:
        assert by_code[task.code]["Nội dung nhiệm vụ"] == task.content
        assert by_code[task.code]["Cơ quan chủ trì"] == "; ".join(task.leads)
    done = by_code["III.9"]
    assert (done["Tiến độ"], done["Tiến độ từng cơ quan"]) == ("Hoàn thành", "Sở Y tế: Hoàn thành — đã nghiệm thu")
    assert done["Hạn kỳ này"] == datetime(2025, 12, 31)
    annual = by_code["II.5"]
    assert (annual["Kỳ"], annual["Tiến độ"], annual["Hạn kỳ này"]) == ("2026", "Chưa làm", datetime(2026, 12, 15))

    raw = (tmp_path / "nq20.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == header and len(table) == 66
    as_text = [
        ["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, datetime) else str(v) for v in r] for r in rows
    ]
    assert table[1:] == as_text[1:]


async def test_each_agency_calendar_holds_its_deadlines_and_reminders(database_url: str, tmp_path: Path):
    async with await _runtime(database_url) as runtime:
        health = await _seeded(runtime)
        path = tmp_path / "syt.ics"
        written = await export_files(runtime, "NQ20", "ics", path, "so y te", "vi")
        assert written[0][0] == path
        folder = await export_files(runtime, "NQ20", "ics", tmp_path / "all", None, "en")
        window = Window(date(2026, 1, 1), date(2026, 11, 24) + timedelta(days=runtime.settings.reminder_horizon_days))
        async with runtime.sessions() as session:
            planned = [
                r
                for r in await compute(session, Planner(OfficeCalendar()), runtime.settings.policy, window)
                if r.agency_id == health and r.kind.value != "snoozed"
            ]
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["x-wr-calname"]) == "NQ20 · Sở Y tế"
    events = list(calendar.walk("VEVENT"))
    reminders = {(e.decoded("dtstart"), str(e["uid"])) for e in events if str(e["uid"]).startswith("reminder-")}
    assert reminders == {(r.fire_on, f"reminder-{'-'.join(map(str, r.key))}@agencybot") for r in planned}
    dues = {(str(e["summary"]).split(":")[0], e.decoded("dtstart")) for e in events if str(e["uid"]).startswith("due-")}
    # An annual task led by Sở Y tế, every year of the window; III.9 was due in 2025, before it.
    assert {day for what, day in dues if what == "Hạn NQ20 II.5"} == {date(2026, 12, 15), date(2027, 12, 15)}
    assert not any(what == "Hạn NQ20 III.9" for what, _ in dues)
    names = {p.name for p, _ in folder}
    assert "so-y-te.ics" in names and "cac-so-ban-nganh.ics" not in names  # groups: in their members' calendars
    english = Calendar.from_ical((tmp_path / "all" / "so-y-te.ics").read_bytes())
    assert any(str(e["summary"]).startswith("Due NQ20 II.5") for e in english.walk("VEVENT"))


async def test_exports_give_the_report_day_the_reminders_use(database_url: str, tmp_path: Path):
    settings = load_settings(_env_file=None, database_url=database_url, reminder_report_due="20/12")
    async with open_runtime(settings, ManualClock(START)) as runtime:
        await _seeded(runtime)
        async with unit_of_work(runtime.sessions) as session:
            plan_id = await session.scalar(select(Plan.id).where(Plan.short_name == "NQ20"))
            task = (await find_tasks(session, TaskFilter(codes=("II.5",))))[0]
            await save_policy(session, {"report_due": "12-31"}, None, START, task_id=task.id)
            await save_policy(session, {"report_due": "12-25"}, None, START, plan_id=plan_id)
        await export_files(runtime, "NQ20", "ics", tmp_path / "syt.ics", "so y te", "vi")
        await export_files(runtime, "NQ20", "xlsx", tmp_path / "nq20.xlsx", None, "vi")
    events = list(Calendar.from_ical((tmp_path / "syt.ics").read_bytes()).walk("VEVENT"))
    dues = {(str(e["summary"]).split(":")[0], e.decoded("dtstart")) for e in events if str(e["uid"]).startswith("due-")}
    # the task's own day, the plan's day, never the setting's (20/12)
    assert min(day for what, day in dues if what == "Hạn NQ20 II.5") == date(2026, 12, 31)
    assert {day for what, day in dues if what == "Hạn NQ20 II.11"} == {date(2026, 12, 25), date(2027, 12, 25)}
    sheet = load_workbook(tmp_path / "nq20.xlsx").active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    by_code = {row[header.index("Mã")]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_code["II.5"]["Hạn kỳ này"] == datetime(2026, 12, 31)
    assert by_code["I.5"]["Hạn kỳ này"] == datetime(2026, 12, 25)


async def test_an_unknown_plan_or_agency_says_so(database_url: str, tmp_path: Path):
    async with await _runtime(database_url) as runtime:
        await _seeded(runtime)
        assert "no plan 'KH9'" in await export_files(runtime, "KH9", "xlsx", tmp_path / "x.xlsx", None, "vi")
        assert "no agency of plan NQ20" in await export_files(runtime, "NQ20", "ics", None, "so vu tru", "vi")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("agencybot.db")] == []
