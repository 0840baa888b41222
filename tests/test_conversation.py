"""The conversation core without any chat app, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from base.clock import ManualClock
from base.events import ChatKind, Incoming, Outcome
from base.markup import to_plain
from bot.core.catalogue import CATALOGUE
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.intents import ListKind
from bot.core.memory import ReadModel
from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.models import Account
from domain.timeframes import MonthDay
from seed.importer import bundled_plan, import_plan

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 11, 24, 2, tzinfo=UTC)
ADMIN = ("test", "admin")


def event(user: str, text: str | None = None, button: str | None = None, language: str = "vi") -> Incoming:
    return Incoming("test", user, ChatKind.PRIVATE, user, f"Người {user}", None, language, text, button)


async def make_conversation(sessions, alias_table) -> tuple[Conversation, ManualClock]:
    clock = ManualClock(START)
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    settings_ = CoreSettings(ZONE, frozenset({ADMIN}))
    return Conversation(sessions, settings_, clock, ReadModel(alias_table[1])), clock


@pytest.fixture
async def conversation(sessions, alias_table) -> Conversation:
    return (await make_conversation(sessions, alias_table))[0]


def text_of(outcome: Outcome) -> str:
    return "\n".join(to_plain(reply.text) for reply in outcome.replies)


async def invite_code(conversation: Conversation, agency: str) -> str:
    answer = text_of(await conversation.handle(event("admin", f"/invite {agency}")))
    return answer.split("/link ")[-1].split()[0]


async def test_every_language_has_every_text():
    assert CATALOGUE["vi"].keys() == CATALOGUE["en"].keys()
    for kind in ListKind:
        if kind is not ListKind.AGENCY:
            assert f"list.{kind.value}" in CATALOGUE["vi"]


async def test_a_code_links_exactly_once_even_when_redeemed_at_the_same_time(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    answers = await asyncio.gather(*(conversation.handle(event(f"u{n}", f"/link {code}")) for n in range(4)))
    texts = [text_of(a) for a in answers]
    assert sum("Đã liên kết" in t for t in texts) == 1, texts
    assert sum("đã được dùng" in t for t in texts) == 3


async def test_thirty_first_messages_at_once_from_a_new_user_are_all_answered(conversation: Conversation, sessions):
    """Someone the bot has never seen taps a command many times, or a client retries: the
    updates arrive together, each creating the chat and the account; all are answered."""
    from sqlalchemy import func, select

    from db.models import Account, ChatRoom

    answers = await asyncio.gather(*(conversation.handle(event("newcomer", "/help")) for _ in range(30)))
    texts = [text_of(answer) for answer in answers]
    assert [t for t in texts if t.startswith("Xin lỗi, đã có lỗi")] == []
    assert all(t.startswith("AgencyBot nhắc việc") for t in texts), texts[:3]
    async with sessions() as session:
        chats = select(func.count()).select_from(ChatRoom).where(ChatRoom.external_id == "newcomer")
        assert await session.scalar(chats) == 1
        account = await session.scalar(select(Account).where(Account.external_id == "newcomer"))
        assert account.private_chat_id is not None


async def test_a_pasted_passage_of_five_thousand_characters_is_searched(conversation: Conversation):
    """A focal point pastes a long passage of the plan (or anything long): it is answered,
    never with an error, and the task it comes from is found."""
    task = "Xây dựng hệ thống quản lý bệnh án điện tử tập trung và triển khai sổ sức khỏe điện tử đến từng người dân. "
    passage = (task * 60)[:5000]
    for text in (passage, f"tìm {passage}"):
        answer = text_of(await conversation.handle(event("reader", text)))
        assert not answer.startswith("Xin lỗi, đã có lỗi"), answer[:200]
        assert "III.9" in answer, answer[:300]
    # Thousands of different words, none of them in the plan: no task, and no error.
    words = " ".join(f"từ{n}" for n in range(1200))[:5000]
    answer = text_of(await conversation.handle(event("reader", f"tìm {words}")))
    assert answer.startswith("Không tìm thấy nhiệm vụ nào có"), answer[:200]


async def test_a_code_typed_by_hand_in_small_letters_and_with_spaces_still_links(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    assert len(code) == 12 and code == code.upper() and not set(code) & set("01IO")  # nothing to misread
    typed = f"{code[:4].lower()} {code[4:8]} {code[8:].lower()}"
    assert "Đã liên kết" in text_of(await conversation.handle(event("typist", f"/link {typed}")))


async def test_status_is_per_agency_and_per_period(conversation: Conversation):
    for user, agency in (("health", "Sở Y tế"), ("radio", "Đài PT-TH Đồng Nai")):
        code = await invite_code(conversation, agency)
        await conversation.handle(event(user, f"/link {code}"))
    await conversation.handle(event("health", "/done II.11"))  # annual, led by both
    card = text_of(await conversation.handle(event("radio", "II.11")))
    assert "Sở Y tế: ✅ Hoàn thành" in card
    assert "Đài Phát thanh - Truyền hình Đồng Nai" not in card.split("Tiến độ")[1]  # nothing said yet
    due = text_of(await conversation.handle(event("radio", "/due")))
    assert "II.11 · Hằng năm, hạn 15/12/2026 · ⬜ Chưa làm" in due  # the radio's own part is still open


async def test_a_coordinating_agency_does_not_close_a_task_for_everyone(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    # Sở Y tế coordinates I.5 (annual) and II.1 (past its deadline) through "các sở, ban, ngành"
    for task in ("I.5", "II.1"):
        saved = text_of(await conversation.handle(event("health", f"/done {task}")))
        assert saved.startswith(f"Đã cập nhật {task}") and "cho Sở Y tế: ✅ Hoàn thành" in saved
    assert "I.5 · Hằng năm, hạn 15/12/2026 · ⬜ Chưa làm" in text_of(await conversation.handle(event("admin", "/due")))
    assert "✅ 0 · 🔄 0 · ⛔ 0 · ⚠️ quá hạn 31" in text_of(await conversation.handle(event("admin", "/summary")))
    assert "31 nhiệm vụ" in text_of(await conversation.handle(event("admin", "/overdue")))
    # they are not its own tasks: its list of what it coordinates shows its part
    assert "\nI.5 ·" not in text_of(await conversation.handle(event("health", "/due")))
    own = text_of(await conversation.handle(event("health", "/coordinating")))
    assert own.startswith("Nhiệm vụ Sở Y tế phối hợp")
    assert "I.5 · Hằng năm, hạn 15/12/2026 · ✅ Hoàn thành" in own
    # the lead of II.1 closes it
    code = await invite_code(conversation, "Sở Giáo dục và Đào tạo")
    await conversation.handle(event("education", f"/link {code}"))
    await conversation.handle(event("education", "/done II.1"))
    overdue = text_of(await conversation.handle(event("admin", "/overdue")))
    assert "30 nhiệm vụ" in overdue and "II.1 ·" not in overdue


def labels(outcome: Outcome) -> dict[str, str]:
    """The buttons of the last reply: label -> action."""
    return {button.label: button.action for row in outcome.replies[-1].buttons for button in row}


async def test_a_name_that_fits_several_agencies_is_asked_about(conversation: Conversation):
    asked = await conversation.handle(event("reader", "/agency ubnd"))
    assert text_of(asked) == "“ubnd” có thể là nhiều cơ quan. Anh/chị chọn giúp:"
    choices = labels(asked)
    # the bodies that exist today: the districts, Long Khánh and Biên Hòa are the communes and wards
    assert "UBND các xã, phường" in choices and "UBND các huyện" not in choices
    chosen = text_of(await conversation.handle(event("reader", button=choices["UBND các xã, phường"])))
    assert chosen.startswith("Nhiệm vụ của UBND các xã, phường")
    assert "I.1 ·" in chosen  # led by the districts, Long Khánh and Biên Hòa in the plan
    found = text_of(await conversation.handle(event("reader", "/agency so vh")))
    assert found.startswith("Nhiệm vụ của Sở Văn hóa, Thể thao và Du lịch")


async def test_broadcast_names_that_fit_several_agencies_are_asked_about(conversation: Conversation):
    for user, agency in (("foreign", "Sở Ngoại vụ"), ("health", "Sở Y tế"), ("home", "Sở Nội vụ")):
        code = await invite_code(conversation, agency)
        await conversation.handle(event(user, f"/link {code}"))
    await conversation.handle(event("admin", "/broadcast"))
    await conversation.handle(event("admin", button="1Ba:agencies"))
    asked = await conversation.handle(event("admin", "so ngaoi vu; so y te"))
    assert text_of(asked) == "“so ngaoi vu” có thể là nhiều cơ quan. Anh/chị chọn giúp:"
    choices = labels(asked)
    assert list(choices) == ["Sở Ngoại vụ", "Sở Nội vụ", "✖ Hủy"]
    # a button proves nothing: an agency that was not offered is refused
    forged = choices["Sở Ngoại vụ"].rsplit(":", 1)[0] + ":999999"
    assert "Nút này đã cũ" in text_of(await conversation.handle(event("admin", button=forged)))
    picked = await conversation.handle(event("admin", button=choices["Sở Ngoại vụ"]))
    assert text_of(picked).startswith("Gõ nội dung thông báo") and picked.replies[0].replace
    preview = text_of(await conversation.handle(event("admin", "Họp giao ban")))
    assert "Sẽ gửi tới 2 cuộc trò chuyện của 2 cơ quan (2 cơ quan được chọn)" in preview  # not Sở Nội vụ's


@pytest.mark.parametrize(
    "action",
    [
        "1L:x:1:0:0::1",  # no such list
        "1L:u:0:0:0:kz:1",  # no such kind of task
        "1L:d",
        "1S:1:finished:all",
        "1S:abc:done:all",
        "1T:999999",
        "1R:1",
        "1Z:1",
        "1A:1:nope:0",
        "1Q:x:y",
        "1S:1:done:2026-Q9",
        "1U:999",
        "1K:999999",
        "1W:1",
        "1I:1",
        "1V:1:5",  # a delay the buttons never offer
        "T:1",  # a button of the version before
        "9T:1",
    ],
)
async def test_forged_or_stale_buttons_get_a_polite_answer(conversation: Conversation, action: str):
    outcome = await conversation.handle(event("someone", button=action))
    assert outcome.replies and "đã có lỗi" not in text_of(outcome)  # an answer, not an apology for a crash


async def test_unlinked_user_reads_the_whole_plan(conversation: Conversation):
    answer = text_of(await conversation.handle(event("reader", "nhiem vu qua han")))
    assert answer.startswith("Nhiệm vụ quá hạn · toàn bộ kế hoạch")
    assert "chưa liên kết" in answer


async def test_coordinator_summary_across_agencies(conversation: Conversation):
    answer = text_of(await conversation.handle(event("admin", "/summary")))
    assert answer.startswith("Tổng hợp năm 2026 · toàn bộ kế hoạch")
    assert "Theo cơ quan" in answer and "Sở Y tế: chủ trì 50 · đến hạn" in answer
    assert "3 nhiệm vụ chưa có thời gian" in answer


async def test_upcoming_lists_the_coming_periods_soonest_first(conversation: Conversation):
    answer = text_of(await conversation.handle(event("reader", "/upcoming 30")))
    assert answer.startswith("Sắp đến hạn trong 30 ngày tới")
    assert "Hạn 15/12/2026" in answer  # the annual reporting date
    assert "12 nhiệm vụ" in answer


async def test_a_report_day_set_with_policy_is_the_one_lists_and_cards_show(conversation: Conversation):
    answer = text_of(await conversation.handle(event("admin", "/policy NQ20 report_due=31/12")))
    assert "report_due = 31/12 *" in answer and "planning_day = 08/01\n" in answer, answer
    due = text_of(await conversation.handle(event("admin", "/due")))
    assert "I.5 · Hằng năm, hạn 31/12/2026 · ⬜ Chưa làm" in due
    assert "15/12/2026" not in due
    # one task of the plan keeps its own day, the rest follow the plan
    await conversation.handle(event("admin", "/policy I.5 report_due=10/12"))
    card = text_of(await conversation.handle(event("admin", "I.5")))
    assert "10/12/2026" in card and "31/12/2026" not in card, card
    coming = text_of(await conversation.handle(event("admin", "/upcoming 20")))
    assert "Hạn 10/12/2026" in coming and "Hạn 15/12/2026" not in coming, coming
    await conversation.handle(event("admin", "/policy NQ20 reset"))
    await conversation.handle(event("admin", "/policy I.5 reset"))
    assert "I.5 · Hằng năm, hạn 15/12/2026" in text_of(await conversation.handle(event("admin", "/due")))


async def test_the_report_day_setting_is_the_default(sessions, alias_table):
    clock = ManualClock(START)
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    model = ReadModel(alias_table[1], report_due=MonthDay(12, 20))
    conversation = Conversation(sessions, CoreSettings(ZONE, frozenset({ADMIN})), clock, model)
    assert "I.5 · Hằng năm, hạn 20/12/2026" in text_of(await conversation.handle(event("admin", "/due")))


@pytest.mark.parametrize(
    ("text", "language", "line"),
    [
        ("/due 2030", "vi", "I.5 · Hằng năm, hạn 15/12/2030 · ⬜ Chưa làm"),
        ("/due 2030", "en", "I.5 · Every year, due 15/12/2030 · ⬜ Open"),
        ("due in 2025", "en", "I.5 · Every year, due 15/12/2025 · ⬜ Open"),
        ("nhiệm vụ năm sau", "vi", "I.5 · Hằng năm, hạn 15/12/2027 · ⬜ Chưa làm"),
    ],
)
async def test_a_list_for_another_year_shows_that_years_deadlines(
    conversation: Conversation, text: str, language: str, line: str
):
    answer = text_of(await conversation.handle(event("reader", text, language=language)))
    assert line in answer
    assert "15/12/2026" not in answer  # today's year is 2026


@pytest.mark.parametrize(
    ("text", "language", "title", "line"),
    [
        ("nhiệm vụ hạn chót 15/12", "vi", "Đến hạn từ nay đến hết 15/12/2026", "Hạn 15/12/2026"),
        ("việc phải xong trước ngày 20/12/2026", "vi", "Đến hạn từ nay đến hết 20/12/2026", "Hạn 15/12/2026"),
        ("tasks due by 15 December", "en", "Due from today to 15/12/2026", "Due 15/12/2026"),
        # 30/6 has gone on 24/11/2026: the next one
        ("deadline by 30/6", "en", "Due from today to 30/06/2027", "Due 15/12/2026"),
        # a span of days, and one day: those days, next year's once gone
        ("nhiệm vụ đến hạn từ 1/7 đến 30/9", "vi", "Đến hạn từ 01/07/2027 đến 30/09/2027", ""),
        ("tasks due between 1 July and 30 September", "en", "Due from 01/07/2027 to 30/09/2027", ""),
        ("nhiệm vụ đến hạn từ 1/12 đến 31/12", "vi", "Đến hạn từ 01/12/2026 đến 31/12/2026", "Hạn 15/12/2026"),
        ("due on 15/12", "en", "Due on 15/12/2026", "Due 15/12/2026"),
    ],
)
async def test_a_date_to_be_due_by_lists_from_today_to_it(
    conversation: Conversation, text: str, language: str, title: str, line: str
):
    answer = text_of(await conversation.handle(event("reader", text, language=language)))
    assert answer.startswith(title), answer
    assert line in answer


@pytest.mark.parametrize(
    ("text", "code", "content"),
    [
        ("chăm sóc sức khỏe người cao tuổi", "III.6", "công tác chăm sóc sức khỏe người cao tuổi"),
        ("cham soc suc khoe nguoi cao tuoi", "III.6", "công tác chăm sóc sức khỏe người cao tuổi"),
        ("sức khỏe bà mẹ và trẻ em", "III.5", "công tác chăm sóc sức khỏe bà mẹ và trẻ em"),
        ("sắp xếp bộ máy", "VII.1", "Xây dựng đề án sắp xếp bộ máy ngành y tế"),
    ],
)
async def test_topic_words_search_the_plan(conversation: Conversation, text: str, code: str, content: str):
    answer = text_of(await conversation.handle(event("reader", text)))
    assert answer.startswith(f"Kết quả tìm “{text}”")
    assert f"\n{code} · " in answer and content in answer  # the task's line, then its content


# -- any text at all ------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def fuzz_target(tmp_path_factory, alias_table) -> AsyncIterator[Conversation]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    engine = make_engine(url)
    await upgrade(engine)
    conversation, _ = await make_conversation(session_factory(engine), alias_table)
    yield conversation
    await engine.dispose()


vietnamese_words = st.sampled_from(
    [
        "nhiệm vụ",
        "của",
        "tôi",
        "đến hạn",
        "năm nay",
        "quá hạn",
        "Sở Y tế",
        "so y te",
        "III.9",
        "mục",
        "tìm",
        "/done",
        "/link",
        "/task",
        "/agency",
        "xong",
        "2027",
        "<b>",
        "&",
        "'",
        "\\",
        "\n",
        "/",
        "@",
        "😀",
        "Ủy ban",
    ]
)
texts = st.one_of(
    st.text(max_size=200),
    st.lists(vietnamese_words, max_size=8).map(" ".join),
    st.from_regex(r"/[a-z]{1,10}( .{0,40})?", fullmatch=True),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
async def test_every_text_gets_a_reply_and_nothing_raises(fuzz_target: Conversation, text: str):
    outcome = await fuzz_target.handle(event("fuzzer", text))
    assert outcome.replies
    for reply in outcome.replies:
        plain = to_plain(reply.text).strip()
        assert plain and "đã có lỗi" not in plain
        for row in reply.buttons:
            for button in row:
                assert 0 < len(button.action.encode()) <= 64


async def test_random_buttons_never_crash(fuzz_target: Conversation):
    for action in ["1L:d:2026:0:0::999", "1L:u:0:0:0::1", "1Q:1:0:", "1T:-1", "1S:1:done:", "1R:1:1", "1L:o:0:0:-5::0"]:
        outcome = await fuzz_target.handle(event("fuzzer", button=action))
        assert outcome.replies and "đã có lỗi" not in text_of(outcome)


async def test_terminal_chat_with_numbered_buttons(tmp_path: Path, alias_table):
    from bot.channels.terminal import TerminalChannel

    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    await upgrade(engine)
    conversation, _ = await make_conversation(session_factory(engine), alias_table)
    shown: list[str] = []
    lines = iter(["nhiem vu qua han", "9", "1"])

    async def read() -> str | None:
        return next(lines, None)

    async def no_notices(_notices) -> None:
        return None

    channel = TerminalChannel(conversation.handle, "admin", "Quản trị", read=read, write=shown.append)
    await channel.run(no_notices)
    await engine.dispose()
    assert "Nhiệm vụ quá hạn" in shown[1] and "9 = Sau ▶" in shown[1]
    assert "trang 2/4" in shown[2]  # "9" pressed the next-page button
    assert shown[3].startswith("Nhiệm vụ")  # "1" opened the first task of that page


async def test_changes_by_another_process_show_within_the_freshness_window(sessions, alias_table):
    from db.queries import TaskFilter, find_tasks
    from db.statuses import set_status
    from domain.tasks import Status

    now = [0.0]
    clock = ManualClock(START)
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    model = ReadModel(alias_table[1], freshness=1.0, monotonic=lambda: now[0])
    conversation = Conversation(sessions, CoreSettings(ZONE, frozenset({ADMIN})), clock, model)
    await conversation.handle(event("reader", "/start"))  # first contact writes the account
    assert "31 nhiệm vụ" in text_of(await conversation.handle(event("reader", "/overdue")))
    async with sessions() as session, session.begin():  # another process marks III.9 done
        task = (await find_tasks(session, TaskFilter(codes=("III.9",))))[0]
        agency = next(iter(model.index.leads_of(task.id)))  # Sở Y tế, its one lead
        await set_status(session, task.id, agency, "all", Status.DONE, "", None, clock())
    assert "31 nhiệm vụ" in text_of(await conversation.handle(event("reader", "/overdue")))  # within the second
    now[0] += 1.5
    assert "30 nhiệm vụ" in text_of(await conversation.handle(event("reader", "/overdue")))


async def test_the_terminal_saves_a_file_it_is_handed_next_to_the_user(tmp_path: Path):
    from base.events import Attachment, Reply
    from base.markup import Html
    from bot.channels.terminal import TerminalChannel

    async def export(_event: Incoming) -> Outcome:
        return Outcome([Reply(Html("Biên nhận"), document=Attachment("bien-nhan-12.xlsx", b"PK\x03\x04"))])

    shown: list[str] = []
    channel = TerminalChannel(export, "admin", "Quản trị", write=shown.append, files=tmp_path)
    (tmp_path / "bien-nhan-12.xlsx").write_bytes(b"an older export")
    await channel.step("/broadcast_status 12")
    saved = tmp_path / "bien-nhan-12 (2).xlsx"
    assert saved.read_bytes() == b"PK\x03\x04"
    assert (tmp_path / "bien-nhan-12.xlsx").read_bytes() == b"an older export"  # nothing overwritten
    assert f"Đã lưu tệp: {saved}" in shown[-1]


async def test_a_crafted_received_press_from_a_chat_the_broadcast_did_not_reach_writes_nothing(
    conversation: Conversation, sessions
):
    """The "✅ Đã nhận" button carries the broadcast's id: a press is checked like any other
    button. From a chat that was not among that broadcast's recipients it is refused, and
    broadcast_recipients is left exactly as it was."""
    from sqlalchemy import select

    from db import broadcasts
    from db.engine import unit_of_work
    from db.models import BroadcastRecipient
    from db.queries import agency_id_by_name

    for user, agency in (("health", "Sở Y tế"), ("home", "Sở Nội vụ")):
        code = await invite_code(conversation, agency)
        assert "Đã liên kết" in text_of(await conversation.handle(event(user, f"/link {code}")))
    async with unit_of_work(sessions) as session:
        health = await agency_id_by_name(session, "Sở Y tế")
        broadcast_id, chats = await broadcasts.create(
            session, 1, {"kind": "agencies", "agency_ids": [health]}, "Họp giao ban", None, START
        )
    assert chats == 1

    async def receipts() -> list[tuple]:
        async with sessions() as session:
            rows = await session.scalars(select(BroadcastRecipient).order_by(BroadcastRecipient.chat_id))
            return [(r.broadcast_id, r.chat_id, r.acknowledged_at, r.acknowledged_by) for r in rows]

    before = await receipts()
    for forged in (
        f"1Y:{broadcast_id}",
        f"1Y:{broadcast_id + 1}",
        "1Y:-1",
        "1Y:abc",
        f"1Y:{broadcast_id}:x",
        "1Y:99999999999",
        f"Y:{broadcast_id}",  # the version before
    ):
        for user in ("home", "stranger", "admin"):
            outcome = await conversation.handle(event(user, button=forged))
            [reply] = outcome.replies
            assert reply.only_toast and reply.toast.startswith("Nút này đã cũ"), (user, forged, reply.toast)
    assert await receipts() == before
    # The recipient's own press is recorded, once.
    assert (
        text_of(await conversation.handle(event("health", button=f"1Y:{broadcast_id}")))
        == "Đã ghi nhận, cảm ơn anh/chị."
    )
    [(_, _, acknowledged_at, acknowledged_by)] = await receipts()
    assert acknowledged_at is not None and acknowledged_by is not None


async def test_overdue_in_a_year_lists_what_was_due_that_year(conversation: Conversation):
    """ "quá hạn năm 2025": tasks whose deadline fell in 2025 and are still not done; a page
    button keeps the year."""
    every = await conversation.handle(event("reader", "nhiem vu qua han"))
    in_2025 = await conversation.handle(event("reader", "các việc đã quá hạn năm 2025"))
    answer = text_of(in_2025)
    assert answer.startswith("Nhiệm vụ quá hạn, hạn trong năm 2025 · toàn bộ kế hoạch"), answer
    assert "III.9 · 2018 - 2025, hạn 31/12/2025" in answer
    deadlines = re.findall(r"hạn (\d\d/\d\d/\d{4})", answer.split("\n", 1)[1])
    assert deadlines and all(day.endswith("/2025") for day in deadlines), deadlines
    total = lambda text: int(re.search(r"(\d+) nhiệm vụ · trang", text)[1])  # noqa: E731
    assert total(answer) < total(text_of(every))
    english = text_of(await conversation.handle(event("reader", "overdue tasks from 2025")))
    assert english.startswith("Overdue tasks due in 2025"), english


async def test_someone_back_after_hours_under_a_new_name_is_recorded_so_once_answered(sessions, alias_table):
    """ "Last seen" and the name the app shows are written after the answer, in a unit of work
    of their own, and are in the database once the writes under way are drained."""
    conversation, clock = await make_conversation(sessions, alias_table)
    await conversation.handle(event("u7", "/help"))
    clock.advance(timedelta(hours=3))
    later = Conversation(sessions, conversation.settings, clock, ReadModel(alias_table[1]))  # after a restart
    back = Incoming("test", "u7", ChatKind.PRIVATE, "u7", "Trần Thị Lan", "lan_tt", "vi", "/me")
    assert "Trần Thị Lan" in text_of(await later.handle(back))
    await later.drain()
    async with sessions() as session:
        account = await session.scalar(select(Account).where(Account.external_id == "u7"))
    assert (account.display_name, account.username) == ("Trần Thị Lan", "lan_tt")
    assert account.last_seen_at.replace(tzinfo=UTC) == START + timedelta(hours=3)


@pytest.mark.parametrize(
    ("text", "language", "said"),
    [
        ("nhắc tôi lúc 9 giờ sáng", "vi", "Nhắc việc sẽ gửi lúc 09:00"),
        ("đổi giờ nhắc sang 8h30", "vi", "Nhắc việc sẽ gửi lúc 08:30"),
        ("cho em nhận nhắc việc lúc 7 giờ 30", "vi", "Nhắc việc sẽ gửi lúc 07:30"),
        ("remind me at 9am", "en", "Reminders will come at 09:00"),
        ("bật lại nhắc việc", "vi", "Đã bật lại nhắc việc."),
        ("turn reminders back on", "en", "Reminders are on again."),
        ("resume reminders", "en", "Reminders are on again."),
    ],
)
async def test_a_reminder_hour_or_a_resume_said_in_words_is_the_command(
    conversation: Conversation, text: str, language: str, said: str
):
    answer = text_of(await conversation.handle(event("reader", text, language=language)))
    assert answer.startswith(said), answer
