"""Timeframes read by the grammar, through the database: stored and read back as parsed, the
due day of each period in reminders, task cards and the exported sheet, and conditional tasks
shown with their condition and never reminded."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from chatbot import START
from openpyxl import load_workbook

from base.clock import ManualClock
from base.events import ChatKind, Incoming
from base.markup import to_plain
from bot.cli.export import export_files
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.memory import ReadModel
from bot.runtime import open_runtime
from bot.settings import load_settings
from db.queries import TaskFilter, find_tasks
from db.reminders import Window, compute
from domain.calendar import OfficeCalendar
from domain.reminders import Planner, Policy, ReminderKind
from domain.timeframes import Kind, parse_timeframe
from seed.importer import PlanFile, import_plan
from seed.table import write_rows

ADMIN = ("test", "admin")
TIMEFRAMES = {
    "1": "Hằng quý, trước ngày 25 tháng cuối quý",
    "2": "Sau khi Trung ương hướng dẫn",
    "3": "Quý II hằng năm",
    "4": "Định kỳ hằng tháng (trước ngày 5)",
    "5": "Hằng năm, theo hướng dẫn của Bộ Y tế",
    "6": "Từ năm 2026",
    "7": "6 tháng một lần (trước 15/6 và 15/12)",
    "8": "Cuối năm 2026",
}
ROWS = [
    ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
    ["I", "Giám sát dịch bệnh"],
    *([number, f"Nhiệm vụ {number}", "Sở Y tế", text] for number, text in TIMEFRAMES.items()),
]


async def _imported(runtime, tmp_path: Path):
    path = tmp_path / "gsdb.txt"
    path.write_text(write_rows(ROWS), encoding="utf-8")
    return await import_plan(runtime.sessions, PlanFile(path, "GSDB"), alias_table=runtime.alias_table, now=START)


def _runtime(database_url: str):
    return open_runtime(load_settings(_env_file=None, database_url=database_url), ManualClock(START))


async def test_stored_timeframes_read_back_as_parsed_and_are_reminded_on_their_days(database_url, tmp_path):
    async with _runtime(database_url) as runtime:
        report = await _imported(runtime, tmp_path)
        assert report.parsed.problems == []  # a condition is not a data-quality problem
        async with runtime.sessions() as session:
            tasks = {t.number: t for t in await find_tasks(session, TaskFilter(plan="GSDB"))}
            assert {n: t.timeframe for n, t in tasks.items()} == {n: parse_timeframe(t) for n, t in TIMEFRAMES.items()}
            assert tasks["2"].timeframe.kind is Kind.CONDITIONAL
            window = Window(date(2026, 1, 1), date(2026, 12, 31))
            planned = await compute(session, Planner(OfficeCalendar()), Policy(), window)
        again = await _imported(runtime, tmp_path)
        assert again.outcome.updated == [] and again.outcome.unchanged == len(TIMEFRAMES)

    number_of = {t.id: n for n, t in tasks.items()}
    dues: dict[str, set[date]] = {}
    for reminder in planned:
        dues.setdefault(number_of[reminder.task_id], set()).add(reminder.due)
    assert "2" not in dues  # conditional: no date, no reminder
    assert dues["1"] == {date(2026, m, 25) for m in (3, 6, 9, 12)}
    # reminders go out in the window, 7 days before: 5/1/2026 is reminded in 2025, 5/1/2027 in it
    assert dues["4"] == {date(2026, m, 5) for m in range(2, 13)} | {date(2027, 1, 5)}
    assert dues["3"] == {date(2026, 6, 30)}
    assert dues["5"] == {date(2026, 12, 15)}
    assert dues["7"] == {date(2026, 6, 15), date(2026, 12, 15)}
    assert dues["8"] == {date(2026, 12, 31)}
    quarterly = sorted((r.fire_on, r.due) for r in planned if number_of[r.task_id] == "1")
    assert all(r.kind is ReminderKind.PERIOD_END for r in planned if number_of[r.task_id] == "1")
    assert quarterly[1] == (date(2026, 6, 18), date(2026, 6, 25))  # 7 days before, a Thursday


async def test_cards_and_the_sheet_show_due_days_and_conditions(database_url, tmp_path):
    async with _runtime(database_url) as runtime:
        await _imported(runtime, tmp_path)
        conversation = Conversation(
            runtime.sessions, CoreSettings(runtime.settings.zone, frozenset({ADMIN})), ManualClock(START), ReadModel({})
        )

        async def card(number: str, language: str = "vi") -> str:
            event = Incoming("test", "admin", ChatKind.PRIVATE, "admin", "Người", None, language, f"GSDB I.{number}")
            return "\n".join(to_plain(reply.text) for reply in (await conversation.handle(event)).replies)

        assert "Thời gian: Theo điều kiện: Sau khi Trung ương hướng dẫn" in await card("2")
        assert "Timeframe: On condition: Sau khi Trung ương hướng dẫn" in await card("2", "en")
        assert "Thời gian: Hằng quý, kỳ này hạn 25/12/2026" in await card("1")  # today is 24/11/2026
        assert "Thời gian: Hằng tháng, kỳ này hạn 05/11/2026" in await card("4")
        assert "Thời gian: Hằng năm, hạn 30/06/2026" in await card("3")
        assert "Hằng năm, hạn 15/12/2026 · Theo điều kiện: theo hướng dẫn của Bộ Y tế" in await card("5")
        await export_files(runtime, "GSDB", "xlsx", tmp_path / "gsdb.xlsx", None, "vi")
    header, *rows = [list(r) for r in load_workbook(tmp_path / "gsdb.xlsx").active.iter_rows(values_only=True)]
    due = {row[header.index("Mã")]: row[header.index("Hạn kỳ này")] for row in rows}
    assert due["I.2"] == "Theo điều kiện: Sau khi Trung ương hướng dẫn"
    assert due["I.1"] == datetime(2026, 12, 25)
    assert due["I.7"] == datetime(2026, 12, 15)
