"""What a question asked in words is answered with, through the conversation: the slots the
recognizer reads (tests/test_understanding.py) reach the answers that use them."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from test_conversation import event, invite_code, make_conversation, text_of

from base.events import ChatKind, Incoming, Outcome
from base.markup import to_plain
from bot.core.conversation import Conversation


@pytest.fixture
async def conversation(sessions, alias_table) -> Conversation:
    return (await make_conversation(sessions, alias_table))[0]


async def test_a_code_typed_with_an_arabic_section_opens_the_plans_task(conversation: Conversation):
    # the bundled plan numbers its sections I, II, III...: "nhiệm vụ 1.5" is I.5
    roman = text_of(await conversation.handle(event("reader", "I.5")))
    for typed in ("chi tiết nhiệm vụ 1.5", "task 1.5?", "I-5", "nhiệm vụ 5 mục 1"):
        assert text_of(await conversation.handle(event("reader", typed))) == roman, typed


async def test_a_status_reported_on_an_arabic_code_is_saved_on_the_task(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    saved = text_of(await conversation.handle(event("health", "cập nhật 2.11 đang làm, đã khảo sát 5 xã")))
    assert saved.startswith("Đã cập nhật II.11") and "🔄" in saved
    assert "đã khảo sát 5 xã" in saved


def labels(outcome: Outcome) -> dict[str, str]:
    return {button.label: button.action for row in outcome.replies[-1].buttons for button in row}


async def test_the_summary_of_an_agency_named_in_words(conversation: Conversation):
    named = text_of(await conversation.handle(event("reader", "Tình hình chung của Sở Y tế thế nào rồi?")))
    assert named.startswith("Tổng hợp năm 2026 · Sở Y tế")
    # a coordinator asking about one agency gets that agency's, not the whole plan by agency
    asked = text_of(await conversation.handle(event("admin", "Summary for the Department of Health", language="en")))
    assert asked.startswith("Summary for 2026 · Sở Y tế") and "By agency" not in asked
    # "sở mình" from nobody's focal point: link first; from Sở Y tế's, its own
    assert "chưa liên kết" in text_of(await conversation.handle(event("reader", "tóm tắt tình hình sở mình")))
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    own = text_of(await conversation.handle(event("health", "tom tat tinh hinh so minh")))
    assert own.startswith("Tổng hợp năm 2026 · Sở Y tế")


async def test_the_charts_of_an_agency_named_in_words(conversation: Conversation):
    answer = text_of(await conversation.handle(event("admin", "biểu đồ tiến độ của Sở Y tế so với các sở khác")))
    assert answer.startswith("Tiến độ năm 2026 · Sở Y tế")
    assert "Sở Y tế so với trung bình kế hoạch" in answer
    whole = text_of(await conversation.handle(event("admin", "tiến độ các đơn vị")))
    assert whole.startswith("Tiến độ năm 2026 · toàn bộ kế hoạch")


async def test_a_file_of_an_agency_named_in_words(conversation: Conversation):
    outcome = await conversation.handle(
        Incoming("terminal", "reader", ChatKind.PRIVATE, "reader", "Người đọc", None, "vi", "xuất csv nv stc")
    )
    files = [reply.document.name for reply in outcome.replies if reply.document is not None]
    assert files and all(name.endswith("-so-tai-chinh.csv") for name in files), files


async def test_a_name_that_fits_several_agencies_is_asked_about_then_answered(conversation: Conversation):
    asked = await conversation.handle(event("reader", "tình hình chung của ubnd"))
    assert text_of(asked).startswith("“ubnd” có thể là nhiều cơ quan")
    chosen = await conversation.handle(event("reader", button=labels(asked)["UBND tỉnh"]))
    assert text_of(chosen).startswith("Tổng hợp năm 2026 · UBND tỉnh")


async def test_a_file_of_the_tasks_in_the_state_asked_about(conversation: Conversation):
    def terminal(text: str) -> Incoming:
        return Incoming("terminal", "reader", ChatKind.PRIVATE, "reader", "Người đọc", None, "vi", text)

    counted = text_of(await conversation.handle(event("reader", "Sở Y tế có bao nhiêu nhiệm vụ quá hạn")))
    overdue = int(re.search(r"có (\d+) nhiệm vụ quá hạn", counted)[1])
    outcome = await conversation.handle(terminal("gửi file csv các nhiệm vụ quá hạn của Sở Y tế"))
    sent = [reply for reply in outcome.replies if reply.document is not None]
    assert sent and "quá hạn" in to_plain(sent[0].text)
    rows = [row for row in csv.reader(io.StringIO(sent[0].document.content.decode("utf-8-sig")))][1:]
    assert len(rows) == overdue > 0


async def test_what_an_agency_helps_with_late_or_in_a_window(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    everything = text_of(await conversation.handle(event("health", "/coordinating")))
    late = text_of(await conversation.handle(event("health", "nv phối hợp nào của sở mình bị quá hạn")))
    assert late.startswith("Nhiệm vụ Sở Y tế phối hợp (cơ quan khác chủ trì) · quá hạn")
    assert "\nII.1 ·" in late and "\nII.1 ·" in everything  # past its deadline (see test_conversation)
    assert "\nI.5 ·" not in late and "\nI.5 ·" in everything  # annual, not late
    soon = text_of(await conversation.handle(event("health", "việc phối hợp trong 3 tháng tới")))
    assert soon.startswith("Nhiệm vụ Sở Y tế phối hợp (cơ quan khác chủ trì) · đến hạn từ 24/11/2026")
    assert "\nI.5 ·" in soon  # due on 15/12


async def test_the_agency_chosen_for_a_file_keeps_the_state_asked_for(conversation: Conversation):
    def terminal(text: str | None = None, button: str | None = None) -> Incoming:
        return Incoming("terminal", "reader", ChatKind.PRIVATE, "reader", "Người đọc", None, "vi", text, button)

    asked = await conversation.handle(terminal("xuất csv các việc quá hạn của ubnd"))
    assert text_of(asked).startswith("“ubnd” có thể là nhiều cơ quan")
    chosen = await conversation.handle(terminal(button=labels(asked)["UBND tỉnh"]))
    sent = [reply for reply in chosen.replies if reply.document is not None]
    assert sent and sent[0].document.name.endswith(".csv")
    assert "UBND tỉnh · quá hạn" in to_plain(sent[0].text)


async def test_a_question_on_how_to_do_something_gets_the_help_on_it(conversation: Conversation):
    marking = text_of(await conversation.handle(event("reader", "How do I mark a task as done?", language="en")))
    assert marking.startswith("How: /done") and "/done III.9" in marking
    export = text_of(await conversation.handle(event("reader", "làm sao để xuất file excel vậy")))
    assert export.startswith("Cách làm: /export") and "/export xlsx" in export
    # nothing of the task list itself
    assert "Nhiệm vụ" not in export.split("\n")[0]


async def test_the_summary_of_a_year_named_in_words(conversation: Conversation):
    past = text_of(await conversation.handle(event("reader", "tổng hợp nhanh năm 2025 của Sở Y tế")))
    assert past.startswith("Tổng hợp năm 2025 · Sở Y tế")
    this = text_of(await conversation.handle(event("reader", "số liệu tổng hợp nhiệm vụ năm nay của Sở Y tế thế nào")))
    assert this.startswith("Tổng hợp năm 2026 · Sở Y tế")
    typed = text_of(await conversation.handle(event("admin", "/summary 2025")))
    assert typed.startswith("Tổng hợp năm 2025")


async def test_whether_a_plan_is_in_the_bot(conversation: Conversation):
    asked = text_of(await conversation.handle(event("reader", "kế hoạch năm 2030 đã có trên bot chưa")))
    assert asked.startswith("Chưa có kế hoạch nào của năm 2030 trên bot.") and "NQ20 · " in asked
    plain = text_of(await conversation.handle(event("reader", "ke hoach thuc hien nghi quyet 20 da co tren bot chua")))
    assert plain.startswith("Các kế hoạch") and "NQ20 · " in plain


async def test_where_reminders_go_and_the_other_channel_asked_in_words(conversation: Conversation):
    # one channel so far: the answer says how to add the other
    single = text_of(await conversation.handle(event("reader", "nhắc em qua zalo thôi")))
    assert single == text_of(await conversation.handle(event("reader", "/notify zalo")))
    code = text_of(await conversation.handle(event("reader", "kết nối zalo với telegram")))
    assert code.startswith("Mã kết nối:")


async def test_tasks_not_done_are_those_not_started_under_way_or_stuck(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    everything = text_of(await conversation.handle(event("health", "nhiệm vụ của sở mình")))
    codes = re.findall(r"^([IVX]+\.\d+) ·", everything, re.MULTILINE)
    assert len(codes) >= 3, everything
    finished, started, untouched = codes[:3]
    assert "Đã cập nhật" in text_of(await conversation.handle(event("health", f"{finished} đã hoàn thành")))
    # said of one task, "chưa xong" reports work under way
    assert "🔄" in text_of(await conversation.handle(event("health", f"{started} chưa xong, đang chờ kinh phí")))
    left = text_of(await conversation.handle(event("health", "việc chưa xong của sở mình")))
    assert "chưa hoàn thành" in left.split("\n")[0]
    assert f"\n{started} ·" in left and f"\n{untouched} ·" in left
    assert f"\n{finished} ·" not in left
    # the same in English, and not only what is under way
    english = text_of(await conversation.handle(event("health", "which of our tasks are not done yet", language="en")))
    assert f"\n{untouched} ·" in english and f"\n{finished} ·" not in english
    under_way = text_of(await conversation.handle(event("health", "việc đang làm của sở mình")))
    assert f"\n{started} ·" in under_way and f"\n{untouched} ·" not in under_way


async def test_funding_asked_in_words_gets_the_sources_the_plan_writes(conversation: Conversation):
    named = text_of(await conversation.handle(event("reader", "sở y tế được cấp bao nhiêu kinh phí")))
    head, *lines = named.split("\n")
    led = int(re.search(r"· (\d+) nhiệm vụ chủ trì", head)[1])
    assert head.startswith("Nguồn kinh phí · Sở Y tế") and led > 0
    # every task led is counted once per source it names, or once as written without any
    counted = {line.split(":")[0]: int(re.search(r": (\d+)", line)[1]) for line in lines if line.startswith("• ")}
    assert counted["• Ngân sách"] > 0 and led <= sum(counted.values())
    assert "không ghi số tiền" in named  # what the plan does not say is said, not guessed
    # an old name: its successor's, said so
    old = text_of(await conversation.handle(event("reader", "nguồn kinh phí của sở tài nguyên và môi trường")))
    assert old.startswith("Sở Tài nguyên và Môi trường nay là Sở Nông nghiệp và Môi trường")
    # a name that fits several: asked, then answered for the one chosen
    asked = await conversation.handle(event("reader", "kinh phí của ubnd"))
    chosen = await conversation.handle(event("reader", button=labels(asked)["UBND tỉnh"]))
    assert text_of(chosen).startswith("Nguồn kinh phí · UBND tỉnh")
    # a task's own funding is on its card
    card = text_of(await conversation.handle(event("reader", "kinh phí của nhiệm vụ III.9 lấy từ đâu")))
    assert card.startswith("Nhiệm vụ III.9") and "Kinh phí: Ngân sách" in card


async def test_thanks_alone_gets_a_short_reply_not_the_help(conversation: Conversation):
    help_text = text_of(await conversation.handle(event("reader", "/help")))
    for said in ("ok em cảm ơn nhiều ạ", "thanks, bye"):
        reply = text_of(await conversation.handle(event("reader", said)))
        assert reply == "Dạ, không có gì ạ. Anh/chị cần gì cứ nhắn nhé." and reply != help_text
    assert text_of(await conversation.handle(event("reader", "xin chào"))) == help_text


async def test_a_plan_asked_by_its_number(conversation: Conversation):
    found = text_of(await conversation.handle(event("reader", "kế hoạch thực hiện 20-NQ/TW")))
    assert found.startswith("Có 1 kế hoạch số 20-NQ/TW") and "NQ20 · " in found
    missing = text_of(await conversation.handle(event("reader", "kế hoạch 123/KH-UBND có những nhiệm vụ gì")))
    assert missing.startswith("Chưa có kế hoạch nào số 123/KH-UBND trên bot.") and "NQ20 · " in missing


async def test_a_day_asked_is_that_days_deadlines(conversation: Conversation):
    on_day = text_of(await conversation.handle(event("reader", "what's due on 15 December")))
    assert on_day.startswith("Due on 15/12/2026") and "II.5" in on_day  # an annual task due 15/12
    today = text_of(await conversation.handle(event("reader", "việc đến hạn hôm nay")))
    tomorrow = text_of(await conversation.handle(event("reader", "ngày mai có việc gì phải nộp")))
    days = [re.match(r"Đến hạn ngày (\d\d/\d\d/\d{4})", answer) for answer in (today, tomorrow)]
    assert all(days), (today, tomorrow)
    first, second = (datetime.strptime(found[1], "%d/%m/%Y").date() for found in days)
    assert second - first == timedelta(days=1)
    # said as a time of speaking, with no deadline asked, "hôm nay" narrows nothing
    late = text_of(await conversation.handle(event("reader", "hôm nay có việc gì quá hạn không")))
    assert late == text_of(await conversation.handle(event("reader", "có việc gì quá hạn không")))


async def test_a_focal_point_asking_about_the_whole_province_gets_the_whole_plan(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    own = text_of(await conversation.handle(event("health", "có bao nhiêu nhiệm vụ quá hạn")))
    whole = await conversation.handle(event("health", "có bao nhiêu nhiệm vụ quá hạn toàn tỉnh"))
    coordinator = text_of(await conversation.handle(event("admin", "có bao nhiêu nhiệm vụ quá hạn")))
    mine, everyone = (int(re.search(r"có (\d+) nhiệm vụ quá hạn", text)[1]) for text in (own, text_of(whole)))
    assert own.startswith("Sở Y tế có") and text_of(whole).startswith("Toàn bộ kế hoạch có")
    assert everyone > mine and f"có {everyone} nhiệm vụ quá hạn" in coordinator  # what a coordinator sees
    # the next page is still the whole plan's
    page_two = await conversation.handle(event("health", button=labels(whole)["Sau ▶"]))
    assert "toàn bộ kế hoạch" in text_of(page_two) and "trang 2/" in text_of(page_two)


async def test_the_whole_provinces_summary_and_charts_from_a_focal_point(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    own = text_of(await conversation.handle(event("health", "tình hình chung")))
    whole = text_of(await conversation.handle(event("health", "tình hình chung toàn tỉnh")))
    assert "Sở Y tế" in own.splitlines()[0] and "toàn bộ kế hoạch" in whole.splitlines()[0]
    charts = text_of(await conversation.handle(event("health", "tiến độ toàn tỉnh")))
    assert "toàn bộ kế hoạch" in charts.splitlines()[0] and "Theo cơ quan chủ trì" in charts
