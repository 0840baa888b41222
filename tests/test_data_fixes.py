"""Coordinators fix data from the chat: merge, alias, timeframe; each recorded with who and when."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from test_conversation import ADMIN, START, ZONE, invite_code, text_of
from test_plan_upload import button, press, said

from base.clock import ManualClock
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.memory import ReadModel
from db.models import Account, Agency, DataFix, Task, TaskAgency
from db.queries import TaskFilter, agency_id_by_name, find_tasks
from seed.importer import PlanFile, bundled_plan, import_plan
from seed.table import write_rows

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
PLAN = [
    HEADER,
    ["I", "Ứng phó thiên tai"],
    # a province's name after a body reads as "tỉnh": the new agency is "BCH PCTT tỉnh"
    ["1", "Diễn tập ứng phó bão", "BCH PCTT tỉnh Đồng Nai", "Năm 2026"],
    ["2", "Rà soát khu dân cư ven sông", "Sở Y tế", "Khi có chỉ đạo"],
]


@pytest.fixture
async def setup(sessions, alias_table, tmp_path: Path):
    clock = ManualClock(START)
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    path = tmp_path / "pctt.txt"
    path.write_text(write_rows(PLAN), encoding="utf-8")
    await import_plan(sessions, PlanFile(path, "PCTT"), alias_table=alias_table, now=clock())
    settings = CoreSettings(ZONE, frozenset({ADMIN}), alias_table=alias_table)
    conversation = Conversation(sessions, settings, clock, ReadModel(alias_table[1]))
    await conversation.handle(said("admin", "/start"))
    return conversation, path


async def fixes(sessions) -> list[tuple[str, str, str]]:
    async with sessions() as session:
        rows = await session.execute(select(DataFix, Account.display_name).join(Account).order_by(DataFix.id))
        return [(fix.kind, fix.target, name) for fix, name in rows]


async def test_a_spelling_first_met_in_a_plan_is_merged_after_confirming(setup, sessions):
    conversation, _ = setup
    async with sessions() as session:
        assert not (await session.scalar(select(Agency).where(Agency.name == "BCH PCTT tỉnh"))).verified
    asked = await conversation.handle(said("admin", "/merge BCH PCTT tỉnh Đồng Nai => Sở Nội vụ"))
    assert text_of(asked) == "Gộp “BCH PCTT tỉnh” vào “Sở Nội vụ”? 1 nhiệm vụ sẽ chuyển sang “Sở Nội vụ”."
    forged = await conversation.handle(press("someone", button(asked, "Gộp")))
    assert text_of(forged).startswith("Xin lỗi, chức năng này dành cho điều phối viên")
    done = text_of(await conversation.handle(press("admin", button(asked, "Gộp"))))
    assert done.startswith("Đã gộp “BCH PCTT tỉnh” vào “Sở Nội vụ” (1 nhiệm vụ)")
    card = text_of(await conversation.handle(said("admin", "PCTT I.1")))
    assert "Chủ trì: Sở Nội vụ" in card
    assert await fixes(sessions) == [("merge", "Sở Nội vụ", "Người admin")]
    async with sessions() as session:
        assert await agency_id_by_name(session, "BCH PCTT tỉnh") is None


async def test_merging_two_agencies_of_the_table_moves_focal_points_and_survives_a_reload(setup, sessions, alias_table):
    conversation, _ = setup

    async def codes_of(*names: str) -> set[str]:
        """Tasks naming the agencies themselves (not through a group such as "các sở")."""
        async with sessions() as session:
            rows = await session.scalars(
                select(Task.code).join(TaskAgency).join(Agency).where(Agency.name.in_(names), Task.removed_at.is_(None))
            )
            return set(rows)

    # A province folds its foreign affairs department into the People's Committee's office.
    both = await codes_of("Sở Ngoại vụ", "Văn phòng UBND tỉnh")
    assert both == await codes_of("Sở Ngoại vụ") != set()
    code = await invite_code(conversation, "Sở Ngoại vụ")
    await conversation.handle(said("foreign", f"/link {code}"))
    asked = await conversation.handle(said("admin", "/merge so ngoai vu => VP UBND tỉnh"))
    await conversation.handle(press("admin", button(asked, "Gộp")))
    me = text_of(await conversation.handle(said("foreign", "/me")))
    assert "Văn phòng UBND tỉnh" in me  # the focal point follows the merged agency
    assert await codes_of("Văn phòng UBND tỉnh") == both
    # The alias table still lists the old department: importing again must not bring it back.
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=START)
    async with sessions() as session:
        assert await agency_id_by_name(session, "Sở Ngoại vụ") is None
    assert await codes_of("Văn phòng UBND tỉnh") == both
    conversation.model.written()  # the import above ran outside the conversation
    listed = text_of(await conversation.handle(said("admin", "nhiem vu cua so ngoai vu")))
    assert listed.startswith("Nhiệm vụ của Văn phòng UBND tỉnh")


async def test_an_alias_links_tasks_and_is_recorded(setup, sessions, alias_table, tmp_path):
    conversation, _ = setup
    done = text_of(await conversation.handle(said("admin", "/alias Sở Nội vụ = BCH PCTT tỉnh Đồng Nai")))
    assert done == "Đã thêm tên gọi “BCH PCTT tỉnh Đồng Nai” cho Sở Nội vụ; 1 nhiệm vụ được liên kết lại."
    added = text_of(await conversation.handle(said("admin", "/alias Sở Y tế = Sở Sức khỏe")))
    assert "Đã thêm tên gọi “Sở Sức khỏe” cho Sở Y tế" in added
    taken = text_of(await conversation.handle(said("admin", "/alias Sở Nội vụ = SYT")))
    assert taken == "“SYT” đã là tên gọi của Sở Y tế."
    path = tmp_path / "moi.txt"
    path.write_text(
        write_rows([HEADER, ["I", "Y tế"], ["1", "Khám sàng lọc", "Sở Sức khỏe", "2027"]]), encoding="utf-8"
    )
    report = await import_plan(sessions, PlanFile(path, "SK"), alias_table=alias_table, now=START)
    assert report.new_agencies == [] and report.parsed.tasks[0].leads[0].name == "Sở Y tế"
    assert [kind for kind, _, _ in await fixes(sessions)] == ["merge", "alias"]
    listed = text_of(await conversation.handle(said("admin", "/fixes")))
    assert "thêm tên gọi “Sở Sức khỏe” cho Sở Y tế" in listed and "24/11/2026 09:00 · Người admin" in listed


async def test_a_timeframe_set_in_the_chat_survives_a_reimport(setup, sessions, alias_table):
    conversation, path = setup
    unreadable = text_of(await conversation.handle(said("admin", "/timeframe PCTT I.2 chua ro bao gio")))
    assert unreadable.startswith("Vẫn chưa đọc được “chua ro bao gio”")
    done = text_of(await conversation.handle(said("admin", "/timeframe PCTT I.2 Quý I/2027")))
    assert done == "Đã đặt thời gian của PCTT I.2: Hạn 31/03/2027 (trước đây: “Khi có chỉ đạo”)."
    card = text_of(await conversation.handle(said("admin", "PCTT I.2")))
    assert "Thời gian: Hạn 31/03/2027" in card
    await import_plan(sessions, PlanFile(path, "PCTT"), alias_table=alias_table, now=START)  # the file unchanged
    async with sessions() as session:
        task = (await find_tasks(session, TaskFilter(plan="PCTT", codes=("I.2",))))[0]
    assert (task.timeframe.raw, task.timeframe.deadline.isoformat()) == ("Quý I/2027", "2027-03-31")
    assert await fixes(sessions) == [("timeframe", "PCTT I.2", "Người admin")]


async def test_focal_points_cannot_fix_data(setup, sessions):
    conversation, _ = setup
    for command in ("/merge Sở Y tế => Sở Nội vụ", "/alias Sở Y tế = X", "/timeframe NQ20 III.9 2027", "/fixes"):
        answer = text_of(await conversation.handle(said("focal", command)))
        assert answer.startswith("Xin lỗi, chức năng này dành cho điều phối viên"), command
    assert await fixes(sessions) == []
