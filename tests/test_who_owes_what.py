"""Who owes what: an agency's own tasks are those it leads; what it only coordinates is a
list apart; every view counts the same way; a body abolished in 2025 reaches its successor."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select
from test_conversation import event, invite_code, make_conversation, text_of

from base.clock import ManualClock
from bot.cli.export import export_files
from bot.runtime import open_runtime
from bot.service import reminder_settings
from bot.settings import load_settings
from db.models import Reminder
from db.queries import agency_id_by_name
from domain.calendar import OfficeCalendar
from scheduler.jobs import ReminderService
from scheduler.sender import Sender
from seed.importer import PlanFile, import_plan

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]


def write_plan(tmp_path: Path, rows: list[list[str]], name: str = "ke-hoach.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n\n".join("\n".join(f"\t{cell}" for cell in row) for row in rows) + "\n", encoding="utf-8")
    return path


def numbers(text: str, pattern: str) -> tuple[int, ...]:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return tuple(int(n) for n in found.groups())


async def test_the_agency_summary_the_coordinators_summary_the_lists_and_the_sheet_agree(
    sessions, alias_table, database_url: str, tmp_path: Path
):
    conversation, clock = await make_conversation(sessions, alias_table)
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    for command in ("/done II.5", "/blocked II.11 thiếu kinh phí", "/done III.9", "/done I.5", "/doing II.1"):
        await conversation.handle(event("health", command))  # I.5, II.1: it only coordinates them

    own = text_of(await conversation.handle(event("health", "/summary")))
    leads, due = numbers(own, r"Chủ trì (\d+) nhiệm vụ · đến hạn năm nay (\d+)")
    done, doing, blocked, overdue = numbers(own, r"✅ (\d+) · 🔄 (\d+) · ⛔ (\d+) · ⚠️ quá hạn (\d+)")
    (coordinating,) = numbers(own, r"Phối hợp \(cơ quan khác chủ trì\): (\d+)")
    assert (leads, done, doing, blocked) == (50, 1, 0, 1)  # the coordinated tasks count nowhere here
    assert coordinating == 15

    across = text_of(await conversation.handle(event("admin", "/summary")))
    assert numbers(across, r"Sở Y tế: chủ trì (\d+) · đến hạn (\d+) · ✅ (\d+) · ⚠️ (\d+)") == (
        leads,
        due,
        done,
        overdue,
    )

    def total(answer: str) -> int:
        found = re.search(r"(\d+) nhiệm vụ · trang", answer)
        return int(found[1]) if found else 0

    assert total(text_of(await conversation.handle(event("health", "/my")))) == leads
    assert total(text_of(await conversation.handle(event("health", "/overdue")))) == overdue
    assert total(text_of(await conversation.handle(event("health", "/coordinating")))) == coordinating
    assert total(text_of(await conversation.handle(event("admin", "/overdue Sở Y tế")))) == overdue
    whole = numbers(across, r"⚠️ quá hạn (\d+)")[0]
    assert total(text_of(await conversation.handle(event("admin", "/overdue")))) == whole

    settings = load_settings(_env_file=None, database_url=database_url)
    async with open_runtime(settings, ManualClock(clock())) as runtime:
        await export_files(runtime, "NQ20", "xlsx", tmp_path / "nq20.xlsx", None, "vi")
    sheet = load_workbook(tmp_path / "nq20.xlsx")["Theo cơ quan"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    health = dict(zip(header, next(row for row in rows if row[0] == "Sở Y tế"), strict=True))
    assert (health["Chủ trì"], health["Đến hạn năm nay"], health["Hoàn thành"], health["Quá hạn"]) == (
        leads,
        due,
        done,
        overdue,
    )
    assert (health["Vướng mắc"], health["Phối hợp"]) == (blocked, coordinating)
    assert "Sở Thông tin và Truyền thông" not in [row[0] for row in rows]  # its tasks are its successor's


async def test_a_card_of_a_task_only_coordinated_says_the_lead_has_not_reported(sessions, alias_table):
    conversation, _ = await make_conversation(sessions, alias_table)
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    card = text_of(await conversation.handle(event("health", "/done I.5 đã góp ý")))
    assert "• Sở Y tế (phối hợp): ✅ Hoàn thành — đã góp ý" in card
    assert "Cơ quan chủ trì chưa báo cáo tiến độ." in card


OLD_PLAN = [
    HEADER,
    ["I", "Chuyển đổi số"],
    ["1", "Xây dựng cơ sở dữ liệu đất đai", "Sở Tài nguyên và Môi trường", "Sở TT&TT", "Năm 2026", "Ngân sách"],
    ["2", "Triển khai nền tảng số", "Sở Thông tin và Truyền thông", "Sở KH&ĐT", "Hàng năm", "Ngân sách"],
    ["3", "Khen thưởng điển hình", "Ban Thi đua - Khen thưởng tỉnh", "Sở Nội vụ", "Thường xuyên", ""],
    ["4", "Tuyên truyền ở cơ sở", "UBND huyện Xuân Lộc", "Đài Phát thanh - Truyền hình Đồng Nai", "Năm 2026", ""],
]


async def test_an_old_plan_reaches_the_bodies_of_today(sessions, alias_table, tmp_path: Path):
    conversation, clock = await make_conversation(sessions, alias_table)
    await import_plan(sessions, PlanFile(write_plan(tmp_path, OLD_PLAN), "CDS"), alias_table=alias_table, now=clock())
    conversation.model.written()
    # the successor's own list holds what the plan gave its predecessors
    science = text_of(await conversation.handle(event("admin", "/agency Sở Khoa học và Công nghệ")))
    assert "CDS I.2 ·" in science and "CDS I.1 ·" not in science
    agri = text_of(await conversation.handle(event("admin", "/agency so nn&mt")))
    assert "CDS I.1 ·" in agri
    home = text_of(await conversation.handle(event("admin", "/agency Sở Nội vụ")))
    assert "CDS I.3 ·" in home
    communes = text_of(await conversation.handle(event("admin", "/agency UBND các xã, phường")))
    assert "CDS I.4 ·" in communes  # a district a plan names is the communes' and wards' today
    # asked by the old name: the body of today, and said so
    old = text_of(await conversation.handle(event("admin", "nhiệm vụ của Sở TN&MT")))
    assert old.startswith("Sở Tài nguyên và Môi trường nay là Sở Nông nghiệp và Môi trường.")
    assert "Nhiệm vụ của Sở Nông nghiệp và Môi trường" in old
    # the card keeps the name as written, with today's body
    card = text_of(await conversation.handle(event("admin", "CDS I.2")))
    assert "Chủ trì: Sở Thông tin và Truyền thông (nay: Sở Khoa học và Công nghệ)" in card
    assert "Phối hợp: Sở Kế hoạch và Đầu tư (nay: Sở Tài chính)" in card
    # linking with the old name links to the successor and says so; the focal point can close the task
    invited = text_of(await conversation.handle(event("admin", "/invite Sở TT&TT")))
    assert invited.startswith("Sở Thông tin và Truyền thông nay là Sở Khoa học và Công nghệ")
    assert "Mã mời cho Sở Khoa học và Công nghệ" in invited
    code = invited.split("/link ")[-1].split()[0]
    await conversation.handle(event("science", f"/link {code}"))
    mine = text_of(await conversation.handle(event("science", "/my")))
    assert "CDS I.2 ·" in mine
    assert "Đã cập nhật CDS I.2" in text_of(await conversation.handle(event("science", "/done CDS I.2")))


async def test_reminders_of_an_old_plan_go_to_the_successors(sessions, alias_table, tmp_path: Path):
    _, clock = await make_conversation(sessions, alias_table)
    await import_plan(sessions, PlanFile(write_plan(tmp_path, OLD_PLAN), "CDS"), alias_table=alias_table, now=clock())
    settings = reminder_settings(load_settings(_env_file=None), OfficeCalendar())
    service = ReminderService(sessions, clock, settings, Sender(sessions, clock, {}, "test"))
    await service.plan()
    async with sessions() as session:
        ids = {name: await agency_id_by_name(session, name) for name in _NAMES}
        reminded = set(await session.scalars(select(Reminder.agency_id).distinct()))
    assert {ids["Sở Khoa học và Công nghệ"], ids["Sở Nông nghiệp và Môi trường"], ids["Sở Nội vụ"]} <= reminded
    assert ids["UBND các xã, phường"] in reminded
    gone = {ids[name] for name in _NAMES if name not in _TODAY}
    assert not gone & reminded  # no reminder for a body that no longer exists


_TODAY = {"Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Sở Nội vụ", "UBND các xã, phường"}
_NAMES = [*_TODAY, "Sở Thông tin và Truyền thông", "Sở Tài nguyên và Môi trường", "Ban Thi đua - Khen thưởng tỉnh"]


async def test_the_bundled_plan_gives_every_department_only_its_own_tasks(sessions, alias_table):
    conversation, _ = await make_conversation(sessions, alias_table)
    lists = {}
    for name in ("Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Công Thương"):
        answer = text_of(await conversation.handle(event("admin", f"/agency {name}")))
        found = re.search(r"(\d+) nhiệm vụ · trang", answer)
        lists[name] = int(found[1]) if found else 0
    # Sở Y tế leads 49 tasks by name and one through "các sở, ban, ngành"; the others a few
    assert lists == {"Sở Y tế": 50, "Sở Giáo dục và Đào tạo": 5, "Sở Tài chính": 1, "Sở Công Thương": 3}


async def test_a_split_succession_is_listed_for_a_coordinator_to_confirm(sessions, alias_table):
    conversation, _ = await make_conversation(sessions, alias_table)
    listed = text_of(await conversation.handle(event("admin", "/fixes")))
    assert listed.startswith("Kế thừa cần xác nhận")
    assert "Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ: 5 nhiệm vụ" in listed
    assert "/merge Sở Thông tin và Truyền thông => Sở Khoa học và Công nghệ" in listed
    asked = await conversation.handle(event("admin", "/merge Sở Thông tin và Truyền thông => Sở Khoa học và Công nghệ"))
    action = next(b.action for r in asked.replies for row in r.buttons for b in row if "Gộp" in b.label)
    await conversation.handle(event("admin", button=action))
    assert "Kế thừa cần xác nhận" not in text_of(await conversation.handle(event("admin", "/fixes")))
