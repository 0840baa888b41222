"""Plan files sent in the chat, on the conversation core, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from plan_files import docx_bytes, xlsx_bytes
from sqlalchemy import func, select
from test_conversation import ADMIN, START, ZONE, invite_code, text_of
from test_import_db import snapshot
from test_plan_formats import HEADER, seed_rows

from base.clock import ManualClock
from base.events import ChatKind, Incoming, IncomingFile, Outcome
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.memory import ReadModel
from bot.service import core_settings
from bot.settings import SettingsError, load_settings
from db.models import ImportRun, Plan, PlanUpload, Task
from domain.calendar import OfficeCalendar
from seed.importer import bundled_plan, import_plan
from seed.table import write_rows

COORDINATOR = ("test", "admin")
NEW_PLAN = [
    HEADER,
    ["I", "Hạ tầng số"],
    ["1", "Số hóa hồ sơ <bệnh án> & đơn thuốc", "Sở Y tế", "Sở Nội vụ", "Năm 2026", "Ngân sách"],
    ["2", "Kết nối dữ liệu dân cư", "Trung tâm Dữ liệu số tỉnh", "", "Chưa xác định", ""],
    ["3", "Đào tạo kỹ năng số", "Sở Nội vụ", "", "", "Ngân sách"],
]


class Sent:
    """A file as a channel hands it over, counting the downloads."""

    def __init__(self, name: str, content: bytes, size: int | None = None):
        self.name, self.content, self.fetched = name, content, 0
        self.size = len(content) if size is None else size

    async def fetch(self) -> bytes:
        self.fetched += 1
        return self.content

    def file(self) -> IncomingFile:
        return IncomingFile(f"id-{self.name}", self.name, self.size, None, self.fetch)


def sent(user: str, file: Sent, caption: str | None = None) -> Incoming:
    return Incoming("test", user, ChatKind.PRIVATE, user, f"Người {user}", text=caption, document=file.file())


def press(user: str, action: str) -> Incoming:
    return Incoming("test", user, ChatKind.PRIVATE, user, f"Người {user}", button=action)


def said(user: str, text: str) -> Incoming:
    return Incoming("test", user, ChatKind.PRIVATE, user, f"Người {user}", text=text)


def button(outcome: Outcome, label: str) -> str:
    return next(b.action for r in outcome.replies for row in r.buttons for b in row if label in b.label)


@pytest.fixture
async def conversation(sessions, alias_table) -> Conversation:
    clock = ManualClock(START)
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    settings = CoreSettings(ZONE, frozenset({ADMIN}), alias_table=alias_table, upload_limit=200_000)
    conversation = Conversation(sessions, settings, clock, ReadModel(alias_table[1]))
    for user in ("admin", "health"):
        await conversation.handle(said(user, "/start"))  # people exist before the snapshots
    return conversation


async def test_a_new_plan_is_checked_imported_and_answered(conversation: Conversation, sessions):
    before = await snapshot(sessions)
    report = await conversation.handle(
        sent("admin", Sent("cds.docx", docx_bytes(NEW_PLAN)), "KH-CDS Chuyển đổi số 2026")
    )
    text = text_of(report)
    assert text.startswith("📄 Kiểm tra tệp “cds.docx” (chưa lưu gì)")
    assert "Kế hoạch mới KH-CDS: Chuyển đổi số 2026" in text
    assert "3 nhiệm vụ trong 1 mục" in text
    assert "Cơ quan mới (sẽ thêm, chưa xác minh): Trung tâm Dữ liệu số tỉnh" in text
    assert "Thời gian chưa đọc được (1): I.2 “Chưa xác định”" in text
    assert "Chưa có thời gian (1): I.3" in text
    after = await snapshot(sessions)
    assert {name for name in after if after[name] != before[name]} == {"plan_uploads"}  # only the file waits

    done = await conversation.handle(press("admin", button(report, "Nhập")))
    assert text_of(done).startswith("Đã nhập kế hoạch KH-CDS: 3 nhiệm vụ (thêm 3, sửa 0, bỏ 0)")
    async with sessions() as session:
        plan = await session.scalar(select(Plan).where(Plan.short_name == "KH-CDS"))
        assert plan.title == "Chuyển đổi số 2026"
        run = await session.scalar(select(ImportRun).where(ImportRun.plan_id == plan.id))
        assert run.imported_by is not None and run.source_name == "cds.docx"
        assert (await session.scalar(select(PlanUpload))).status == "imported"
    card = text_of(await conversation.handle(said("health", "KH-CDS I.1")))
    assert card.startswith("Nhiệm vụ KH-CDS I.1") and "Số hóa hồ sơ <bệnh án> & đơn thuốc" in card
    again = await conversation.handle(press("admin", button(report, "Nhập")))
    assert "đã hết hạn hoặc đã được xử lý" in text_of(again)


async def test_an_old_excel_plan_is_checked_and_imported(conversation: Conversation, sessions):
    from test_plan_formats import XLS

    data = (XLS / "pctt_2016.xls").read_bytes()
    report = await conversation.handle(sent("admin", Sent("pctt.xls", data), "PCTT Phòng chống thiên tai 2016"))
    assert text_of(report).startswith("📄 Kiểm tra tệp “pctt.xls” (chưa lưu gì)"), text_of(report)
    assert "4 nhiệm vụ trong 1 mục" in text_of(report)
    done = await conversation.handle(press("admin", button(report, "Nhập")))
    assert text_of(done).startswith("Đã nhập kế hoạch PCTT: 4 nhiệm vụ (thêm 4, sửa 0, bỏ 0)")
    card = text_of(await conversation.handle(said("health", "PCTT A.2")))
    assert "Rà soát khu dân cư ven sông" in card and "Bộ Chỉ huy Quân sự tỉnh" in card  # merged down from A.1


@pytest.mark.parametrize("encoding", ["Windows-1258", "UTF-16 LE without BOM"])
async def test_a_text_plan_saved_in_an_older_encoding_is_read(conversation: Conversation, encoding: str):
    from test_plan_formats import ENCODINGS

    data = ENCODINGS[encoding](write_rows(NEW_PLAN))
    report = text_of(await conversation.handle(sent("admin", Sent("cds.txt", data), "KH-CDS Chuyển đổi số")))
    assert report.startswith("📄 Kiểm tra tệp “cds.txt” (chưa lưu gì)"), report
    assert "3 nhiệm vụ trong 1 mục" in report
    assert "Cơ quan mới (sẽ thêm, chưa xác minh): Trung tâm Dữ liệu số tỉnh" in report
    # A picture sent as .txt is still refused, saying what was tried.
    refused = text_of(await conversation.handle(sent("admin", Sent("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00"))))
    assert "không đọc được" in refused and "tried UTF-8, UTF-16, Windows-1258" in refused


async def test_an_edited_version_shows_its_changes_before_applying(conversation: Conversation, sessions):
    rows = [list(row) for row in seed_rows()]
    edited = [row for row in rows if not row[1].startswith("Đẩy mạnh hợp tác lao động y tế")]  # IX.2 goes
    for row in edited:
        if row[1].startswith("Xây dựng hệ thống quản lý bệnh án điện tử"):
            row[1] += " (bổ sung)"  # III.9 is edited
    edited.append(["3", "Nhiệm vụ mới", "Sở Y tế", "", "Năm 2027", "Ngân sách"])  # IX.3 comes
    report = await conversation.handle(sent("admin", Sent("nq20-2027.xlsx", xlsx_bytes(edited))))
    text = text_of(report)
    assert "Bản mới của kế hoạch NQ20" in text  # recognised by its tasks, whatever the file's name
    assert "thêm 1 · sửa 1 · bỏ 1 · giữ nguyên 63" in text, text
    assert "Thêm: IX.3" in text and "Sửa: III.9" in text and "Bỏ (giữ lại, đánh dấu đã bỏ): IX.2" in text
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Task).where(Task.code == "IX.3")) == 0
    await conversation.handle(press("admin", button(report, "Nhập")))
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Task).where(Task.code == "IX.3")) == 1
    same = text_of(await conversation.handle(sent("admin", Sent("again.xlsx", xlsx_bytes(edited)))))
    assert "Không có gì thay đổi" in same


@pytest.mark.parametrize(
    ("name", "content", "size", "answer"),
    [
        ("big.docx", b"x", 300_000, "tệp nặng 0.3 MB, quá giới hạn 0.190735 MB"),
        ("plan.doc", b"\xd0\xcf\x11\xe0", None, "đây là định dạng cũ (.doc)"),
        ("scan.pdf", b"%PDF-1.4", None, "chưa biết dùng vào việc gì. Để nhập kế hoạch, gửi tệp .docx"),
        ("broken.docx", b"PK\x03\x04 broken", None, "tệp bị hỏng hoặc không đúng định dạng .docx"),
        ("contacts.xlsx", xlsx_bytes([["Họ tên", "Điện thoại", "Email"]]), None, "không tìm thấy bảng nhiệm vụ"),
        ("header.txt", f"\t{chr(10).join(chr(9) + h for h in HEADER)}\n".encode(), None, "không có nhiệm vụ nào"),
    ],
)
async def test_bad_files_are_refused_with_a_reason_and_change_nothing(
    conversation: Conversation, sessions, name, content, size, answer
):
    before = await snapshot(sessions)
    file = Sent(name, content, size)
    outcome = await conversation.handle(sent("admin", file))
    assert answer in text_of(outcome), text_of(outcome)
    assert not any(r.buttons for r in outcome.replies)
    assert file.fetched == (0 if name in ("big.docx", "plan.doc", "scan.pdf") else 1)  # never fetched when refused
    assert await snapshot(sessions) == before


async def test_only_coordinators_import_and_every_press_is_checked(conversation: Conversation, sessions):
    before = await snapshot(sessions)
    refused = text_of(await conversation.handle(sent("health", Sent("cds.docx", docx_bytes(NEW_PLAN)))))
    assert refused.startswith("Tôi đã nhận tệp “cds.docx” nhưng chưa dùng: chỉ điều phối viên mới nhập được kế hoạch")
    assert await snapshot(sessions) == before
    report = await conversation.handle(sent("admin", Sent("cds.docx", docx_bytes(NEW_PLAN)), "KH-CDS"))
    forged = text_of(await conversation.handle(press("health", button(report, "Nhập"))))
    assert forged.startswith("Xin lỗi, chức năng này dành cho điều phối viên")
    cancelled = text_of(await conversation.handle(press("admin", button(report, "Hủy"))))
    assert cancelled == "Đã hủy, không nhập gì từ “cds.docx”."
    late = text_of(await conversation.handle(press("admin", button(report, "Nhập"))))
    assert "đã hết hạn" in late
    async with sessions() as session:
        assert await session.scalar(select(Plan).where(Plan.short_name == "KH-CDS")) is None
        upload = await session.scalar(select(PlanUpload))
        assert (upload.status, upload.content) == ("cancelled", b"")


async def test_a_file_left_waiting_expires_and_is_dropped_by_the_next_upload(conversation: Conversation, sessions):
    first = await conversation.handle(sent("admin", Sent("cds.docx", docx_bytes(NEW_PLAN)), "KH-CDS"))
    conversation.clock.advance(timedelta(hours=13))  # past the 12 hours a button lives
    late = text_of(await conversation.handle(press("admin", button(first, "Nhập"))))
    assert "đã hết hạn" in late
    second = await conversation.handle(sent("admin", Sent("cds-2.docx", docx_bytes(NEW_PLAN)), "KH-CDS"))
    async with sessions() as session:
        rows = (await session.scalars(select(PlanUpload).order_by(PlanUpload.id))).all()
        assert [(row.file_name, row.status, len(row.content) > 0) for row in rows] == [
            ("cds.docx", "expired", False),
            ("cds-2.docx", "pending", True),
        ]
    done = text_of(await conversation.handle(press("admin", button(second, "Nhập"))))
    assert done.startswith("Đã nhập kế hoạch KH-CDS: 3 nhiệm vụ")


async def test_a_forged_upload_id_is_an_expired_button(conversation: Conversation):
    for action in ("1P:y:999", "1P:q:1", "1P:y:x", "P:y:1"):
        outcome = await conversation.handle(press("admin", action))
        assert "đã có lỗi" not in text_of(outcome), action


async def test_several_plans_codes_defaults_and_limits(conversation: Conversation, sessions):
    report = await conversation.handle(sent("admin", Sent("cds.txt", _text(NEW_PLAN)), "KH-CDS Chuyển đổi số"))
    await conversation.handle(press("admin", button(report, "Nhập")))
    plans = text_of(await conversation.handle(said("admin", "/plans")))
    assert "KH-CDS · Chuyển đổi số · 3 nhiệm vụ" in plans and "NQ20 · Kế hoạch thực hiện Nghị quyết" in plans
    # Both plans have an I.1: someone who follows both is asked, with the plans' names.
    asked = text_of(await conversation.handle(said("admin", "I.1")))
    assert asked.startswith("Mã I.1 có trong nhiều kế hoạch")
    # Limited to one plan by naming it, in any case.
    due = text_of(await conversation.handle(said("admin", "/due kh-cds")))
    assert due.startswith("Nhiệm vụ đến hạn năm 2026 · toàn bộ kế hoạch · KH-CDS")
    assert "KH-CDS I.1" in due and "NQ20" not in due.split("\n", 1)[1]
    summary = text_of(await conversation.handle(said("admin", "/summary NQ20")))
    assert summary.startswith("Tổng hợp năm 2026 · toàn bộ kế hoạch · NQ20")
    found = text_of(await conversation.handle(said("admin", "/search kh-cds dữ liệu")))
    assert "KH-CDS I.2" in found and "NQ20" not in found.split("\n", 1)[1]
    found = text_of(await conversation.handle(said("admin", "tìm dữ liệu dân cư trong KH-CDS")))
    assert "KH-CDS I.2" in found and "NQ20" not in found.split("\n", 1)[1], found
    # A focal point whose agency has tasks in NQ20 only: that plan is the default, codes go bare.
    code = await invite_code(conversation, "Báo Đồng Nai")
    await conversation.handle(said("press", f"/link {code}"))
    card = text_of(await conversation.handle(said("press", "I.1")))
    assert card.startswith("Nhiệm vụ I.1\n") and "Gắn các mục tiêu y tế" in card


async def test_a_plan_named_by_words_of_its_title(conversation: Conversation, sessions):
    report = await conversation.handle(
        sent("admin", Sent("cds.txt", _text(NEW_PLAN)), "KH-CDS Kế hoạch chuyển đổi số năm 2026")
    )
    await conversation.handle(press("admin", button(report, "Nhập")))
    due = text_of(await conversation.handle(said("admin", "việc đến hạn năm nay của kế hoạch chuyển đổi số")))
    assert due.startswith("Nhiệm vụ đến hạn năm 2026 · toàn bộ kế hoạch · KH-CDS"), due
    assert "NQ20" not in due.split("\n", 1)[1]
    # without diacritics, "KH" for the plan, words of the title that are not its first ones
    late = text_of(await conversation.handle(said("admin", "KH ve chuyen doi so co viec nao qua han khong")))
    assert late.startswith("Nhiệm vụ quá hạn · toàn bộ kế hoạch · KH-CDS"), late
    health = text_of(await conversation.handle(said("admin", "kế hoạch sức khỏe nhân dân, việc quá hạn")))
    assert health.startswith("Nhiệm vụ quá hạn · toàn bộ kế hoạch · NQ20"), health
    # words that name no plan ("thực hiện" is in every title): every plan, as before
    both = text_of(await conversation.handle(said("admin", "kế hoạch thực hiện, việc quá hạn")))
    assert both.startswith("Nhiệm vụ quá hạn · toàn bộ kế hoạch\n"), both
    # a search in a plan named by its title: the words searched are those before "trong"
    found = text_of(await conversation.handle(said("admin", "tìm hồ sơ bệnh án trong kế hoạch chuyển đổi số")))
    assert "KH-CDS I.1" in found and "NQ20" not in found.split("\n", 1)[1], found
    # a report's note that mentions a plan's title is the note: the task is the one coded
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(said("health", f"/link {code}"))
    done = text_of(await conversation.handle(said("health", "III.9 đã xong, đã gửi kế hoạch chuyển đổi số cho sở")))
    assert done.startswith("Đã cập nhật NQ20 III.9 (toàn bộ nhiệm vụ) cho Sở Y tế: ✅ Hoàn thành"), done


def _text(rows) -> bytes:
    return write_rows([list(r) for r in rows]).encode()


def test_the_upload_limit_comes_from_the_settings(alias_table):
    settings = load_settings(_env_file=None, plan_upload_max_mb="0.5")
    core = core_settings(settings, OfficeCalendar(), alias_table)
    assert core.upload_limit == 512 * 1024 and core.alias_table is alias_table
    with pytest.raises(SettingsError, match="PLAN_UPLOAD_MAX_MB"):
        load_settings(_env_file=None, plan_upload_max_mb="25")
