"""What users type, and the intent the bot reads from it (bot/core/intents.py)."""

from __future__ import annotations

import re
import typing
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import intents
from bot.core.commands import BY_NAME
from bot.core.intents import (
    Alias,
    CodeMatch,
    Fixes,
    Help,
    Invite,
    Language,
    Link,
    ListKind,
    ListTasks,
    Me,
    Merge,
    Plans,
    Promote,
    Search,
    SetStatus,
    SetTimeframe,
    ShowTask,
    Start,
    Summary,
    Unknown,
    Unlink,
    Whois,
    find_code,
    parse,
    plan_by_title,
    split_plan,
)
from domain.tasks import Status
from domain.text import fold, nfc

DUE = ListTasks(ListKind.DUE)
OVERDUE = ListTasks(ListKind.OVERDUE)
ONGOING = ListTasks(ListKind.ONGOING)
MINE = ListTasks(ListKind.MINE)


def upcoming(days: int, agency: str | None = None) -> ListTasks:
    return ListTasks(ListKind.UPCOMING, days=days, agency=agency)


# -- lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # due this year: Vietnamese with and without diacritics, upper case, English
        ("nhiệm vụ của tôi đến hạn năm nay", DUE),
        ("nhiem vu cua toi den han nam nay", DUE),
        ("NHIỆM VỤ CỦA TÔI ĐẾN HẠN NĂM NAY", DUE),
        ("Nhiệm Vụ Của Tôi Đến Hạn Năm Nay?", DUE),
        ("my tasks due this year", DUE),
        ("My Tasks Due This Year", DUE),
        ("/due", DUE),
        # a year written out
        ("nhiệm vụ năm 2027", ListTasks(ListKind.DUE, year=2027)),
        ("nhiem vu nam 2027", ListTasks(ListKind.DUE, year=2027)),
        ("/due 2027", ListTasks(ListKind.DUE, year=2027)),
        ("/DUE 2027", ListTasks(ListKind.DUE, year=2027)),
        ("due in 2025", ListTasks(ListKind.DUE, year=2025)),
        ("tasks due in 2025", ListTasks(ListKind.DUE, year=2025)),
        # next year
        ("nhiệm vụ đến hạn năm sau", ListTasks(ListKind.DUE, year_offset=1)),
        ("nhiem vu den han nam sau", ListTasks(ListKind.DUE, year_offset=1)),
        ("nhiệm vụ năm sau", ListTasks(ListKind.DUE, year_offset=1)),
        ("tasks due next year", ListTasks(ListKind.DUE, year_offset=1)),
        ("Next Year", ListTasks(ListKind.DUE, year_offset=1)),
        # overdue
        ("nhiệm vụ quá hạn", OVERDUE),
        ("nhiem vu qua han", OVERDUE),
        ("nhiệm vụ trễ hạn", OVERDUE),
        ("nhiem vu tre han", OVERDUE),
        ("việc chậm", OVERDUE),
        ("overdue tasks", OVERDUE),
        ("Overdue", OVERDUE),
        ("late tasks", OVERDUE),
        ("/overdue", OVERDUE),
        # coming up, with a number of days, 30 by default, at most 366
        ("nhiệm vụ sắp đến hạn 60 ngày", upcoming(60)),
        ("nhiem vu sap den han 60 ngay", upcoming(60)),
        ("nhiệm vụ sắp đến hạn trong 45 ngày", upcoming(45)),
        ("45 ngày tới", upcoming(45)),
        ("next 10 days", upcoming(10)),
        ("tasks due in the next 10 days", upcoming(10)),
        ("upcoming 20 days", upcoming(20)),
        ("coming up in 7 days", upcoming(7)),
        ("sắp đến hạn", upcoming(30)),
        ("upcoming", upcoming(30)),
        ("sắp đến hạn 500 ngày", upcoming(366)),
        ("sap den han 999 ngay", upcoming(366)),
        ("/upcoming 45", upcoming(45)),
        ("/soon 12", upcoming(12)),
        ("/upcoming", upcoming(30)),
        ("/upcoming 1000", upcoming(366)),
        ("/upcoming 366", upcoming(366)),
        ("/upcoming 367", upcoming(366)),
        # ongoing
        ("nhiệm vụ thường xuyên", ONGOING),
        ("nhiem vu thuong xuyen", ONGOING),
        ("nhiệm vụ không có hạn", ONGOING),
        ("ongoing tasks", ONGOING),
        ("tasks with no deadline", ONGOING),
        ("/ongoing", ONGOING),
        # mine
        ("nhiệm vụ của tôi", MINE),
        ("nhiem vu cua minh", MINE),
        ("danh sách nhiệm vụ của tôi", MINE),
        ("my tasks", MINE),
        ("/my", MINE),
        ("/mine", MINE),
        ("/mytasks", MINE),
        # the bare words "trễ" and "chậm" count with their marks; without, only whole phrases
        ("chậm tiến độ", OVERDUE),
        ("nhiem vu cham tien do", OVERDUE),
        ("NHIỆM VỤ TRỄ", OVERDUE),
        ("việc trễ", OVERDUE),
        ("qua han", OVERDUE),
        ("sap den han", upcoming(30)),
        ("nhiệm vụ sắp tới", upcoming(30)),
        ("coming up", upcoming(30)),
        ("đến hạn năm nay", DUE),
        ("den han nam nay", DUE),
        ("han nam nay", DUE),
        ("due this year", DUE),
    ],
)
def test_list_questions(text: str, expected: ListTasks) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nhiệm vụ của Sở Y tế", ListTasks(ListKind.AGENCY, agency="Sở Y tế")),
        ("Nhiệm vụ của SỞ Y TẾ", ListTasks(ListKind.AGENCY, agency="SỞ Y TẾ")),
        ("tasks of so y te", ListTasks(ListKind.AGENCY, agency="so y te")),
        ("tasks for Sở Y tế", ListTasks(ListKind.AGENCY, agency="Sở Y tế")),
        ("nhiệm vụ thuộc Sở Tài chính", ListTasks(ListKind.AGENCY, agency="Sở Tài chính")),
        ("/agency Sở Y tế", ListTasks(ListKind.AGENCY, agency="Sở Y tế")),
        # the name is cut where the question goes on, and kept in the user's own spelling
        ("nhiem vu cua so y te den han nam nay", ListTasks(ListKind.DUE, agency="so y te")),
        ("nhiệm vụ của Sở Y tế đến hạn năm nay", ListTasks(ListKind.DUE, agency="Sở Y tế")),
        ("nhiệm vụ của Sở Y tế năm 2027", ListTasks(ListKind.DUE, year=2027, agency="Sở Y tế")),
        ("nhiệm vụ của Sở Y tế chậm tiến độ", ListTasks(ListKind.OVERDUE, agency="Sở Y tế")),
        # a year named after "Việt Nam 2030" is still the one asked about
        ("nhiệm vụ đến hạn năm 2027 chiến lược Việt Nam 2030", ListTasks(ListKind.DUE, year=2027)),
        ("nhiệm vụ đến hạn năm 2027 của Sở Y tế", ListTasks(ListKind.DUE, year=2027, agency="Sở Y tế")),
        ("nhiệm vụ của Sở Y tế năm sau", ListTasks(ListKind.DUE, year_offset=1, agency="Sở Y tế")),
        (
            "tasks of Department of Health due in 2027",
            ListTasks(ListKind.DUE, year=2027, agency="Department of Health"),
        ),
        ("nhiệm vụ quá hạn của Sở Y tế", ListTasks(ListKind.OVERDUE, agency="Sở Y tế")),
        ("nhiệm vụ của Sở Y tế quá hạn", ListTasks(ListKind.OVERDUE, agency="Sở Y tế")),
        ("nhiệm vụ của Sở Y tế trễ hạn", ListTasks(ListKind.OVERDUE, agency="Sở Y tế")),
        ("overdue of Sở Y tế", ListTasks(ListKind.OVERDUE, agency="Sở Y tế")),
        ("nhiệm vụ của Sở Y tế sắp đến hạn 60 ngày", upcoming(60, agency="Sở Y tế")),
        ("nhiệm vụ thường xuyên của Sở Nội vụ", ListTasks(ListKind.ONGOING, agency="Sở Nội vụ")),
        # "tôi", "mình", "my agency" are the user, not an agency
        ("nhiệm vụ của tôi quá hạn", OVERDUE),
        ("nhiệm vụ của tôi trong 30 ngày tới", upcoming(30)),
        ("overdue tasks of my agency", OVERDUE),
        # commands take the agency as their argument
        ("/overdue Sở Y tế", ListTasks(ListKind.OVERDUE, agency="Sở Y tế")),
        ("/ongoing Sở Nội vụ", ListTasks(ListKind.ONGOING, agency="Sở Nội vụ")),
        ("/my Sở Y tế", ListTasks(ListKind.MINE, agency="Sở Y tế")),
        ("/due Sở Y tế 2027", ListTasks(ListKind.DUE, year=2027, agency="Sở Y tế")),
        ("/due 2027 Sở Y tế", ListTasks(ListKind.DUE, year=2027, agency="Sở Y tế")),
        ("/due Sở Y tế", ListTasks(ListKind.DUE, agency="Sở Y tế")),
    ],
)
def test_agency_lists(text: str, expected: ListTasks) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "trẻ" (children) and "chăm" (care) fold to "tre" and "cham", like "trễ" (late) and
        # "chậm" (slow); "sắp xếp" (arrange) starts like "sắp đến hạn"; "Hàn" (Korea) folds to "han"
        "chăm sóc sức khỏe người cao tuổi",
        "cham soc suc khoe nguoi cao tuoi",
        "trẻ em",
        "tre em",
        "sức khỏe bà mẹ và trẻ em",
        "suc khoe ba me va tre em",
        "sắp xếp bộ máy",
        "sap xep bo may",
        "hợp tác Hàn Quốc",
        "hop tac han quoc",
        "nhiem vu tre",  # without marks a bare word could be either: only phrases count
        # "chậm phát triển" (developmental delay) is a topic, not a late task
        "trẻ chậm phát triển",
        "hỗ trợ trẻ em chậm phát triển trí tuệ",
        # "Việt Nam 2030" names a strategy: "Nam 2030" is not "năm 2030" (the year)
        "chiến lược Việt Nam 2030",
        "chien luoc viet nam 2030",
    ],
)
def test_topic_words_are_not_list_questions(text: str) -> None:
    assert parse(text) == Unknown(text)  # the conversation searches the plan for them


# -- task codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("III.9", ShowTask("III.9")),
        ("iii.9", ShowTask("III.9")),
        ("III. 9", ShowTask("III.9")),
        ("III.9.2", ShowTask("III.9.2")),
        ("NQ20 III.9", ShowTask("III.9", plan="NQ20")),
        ("nq20 iii.9", ShowTask("III.9", plan="NQ20")),
        ("NQ-20 III.9", ShowTask("III.9", plan="NQ-20")),
        ("nhiệm vụ 9 mục III", ShowTask("III.9")),
        ("nhiem vu 9 muc III", ShowTask("III.9")),
        ("nhiệm vụ số 9 mục III", ShowTask("III.9")),
        ("nhiệm vụ 9, mục III", ShowTask("III.9")),
        ("nv 9 muc 3", ShowTask("III.9")),
        ("nv 9 muc 20", ShowTask("XX.9")),
        ("task 9 in section III", ShowTask("III.9")),
        ("task 12 of section IV", ShowTask("IV.12")),
        ("mục III nhiệm vụ 9", ShowTask("III.9")),
        ("muc iii nhiem vu 9", ShowTask("III.9")),
        ("mục 3, nhiệm vụ 9", ShowTask("III.9")),
        ("/task III.9", ShowTask("III.9")),
        ("/task iii.9", ShowTask("III.9")),
        ("/task NQ20 III.9", ShowTask("III.9", plan="NQ20")),
        ("/task nhiệm vụ 9 mục III", ShowTask("III.9")),
        ("/task@agency_test_bot nv 2 muc 4", ShowTask("IV.2")),
        # as people write them: a hyphen, an Arabic section (the plan's II.3 is found by code_forms)
        ("II-3", ShowTask("II.3")),
        ("IV-13 details", ShowTask("IV.13")),
        ("details on task II-3", ShowTask("II.3")),
        ("nhiem vu I-7 gom nhung co quan nao phoi hop", ShowTask("I.7")),
        ("task 3.7?", ShowTask("3.7")),
        ("task 2-9", ShowTask("2.9")),
        ("What does task 1 under section VII involve?", ShowTask("VII.1")),
        ("nhiệm vụ 4 thuộc mục II", ShowTask("II.4")),
        # a lettered section after a word for a section
        ("nhiệm vụ 2 mục A", ShowTask("A.2")),
        ("mục B nhiệm vụ 2", ShowTask("B.2")),
        ("task 3 in section d", ShowTask("D.3")),
        ("Can A.2 be marked done?", ShowTask("A.2")),  # "can" is no room ("căn")
        # /task without a code: an empty code, the conversation asks for one
        ("/task", ShowTask("")),
        ("/task abc", ShowTask("")),
    ],
)
def test_task_codes(text: str, expected: ShowTask) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3.5 tỷ đồng",
        "kinh phí 3.5 tỷ đồng",
        "v.v.",
        "các sở, ngành v.v.",
        "nv 9 muc 0",  # no section 0
        "nv 9 muc 21",  # sections go up to XX
        "covid-19",
        "c-1",  # a hyphen only after a section a plan has
        "q.1 có việc gì",  # quận 1: sections are lettered A to H at most
        "8h.30",
    ],
)
def test_not_a_task_code(text: str) -> None:
    assert find_code(fold(text)) is None
    assert not isinstance(parse(text), ShowTask | SetStatus)


@pytest.mark.parametrize(
    "text",
    [
        "Cho em hỏi ạ. 2 việc quá hạn của sở y tế là gì",  # "ạ", "à", "đ" fold to a section's letter
        "dạ em cảm ơn ạ. 2026 sở em còn việc gì",
        "sở y tế có mấy việc à. 2 việc hả",
        "kinh phí 50 tr đ. 3 việc",
        "lúc 8 h. 30 họp",  # an hour
        "họp ở phòng b.2 lúc 8.30",  # a room
        "task 3 under a new plan",
    ],
)
def test_a_word_folded_to_a_letter_is_no_lettered_section(text: str) -> None:
    assert find_code(fold(text), nfc(text)) is None
    assert not isinstance(parse(text), ShowTask | SetStatus)


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        ("iii.9", CodeMatch("III.9", None, 5)),
        ("nq20 iii.9 da gui", CodeMatch("III.9", "NQ20", 10)),
        ("nhiem vu 9 muc iii roi", CodeMatch("III.9", None, 18)),
        ("muc 4 nv 12", CodeMatch("IV.12", None, 11)),
        ("3.5 ty dong", None),
        # plans whose sections are lettered: "A.3", "b. 2"
        ("pctt a.2", CodeMatch("A.2", "PCTT", 8)),
        ("b. 2 da xong", CodeMatch("B.2", None, 4)),
    ],
)
def test_find_code_reports_where_the_code_ends(folded: str, expected: CodeMatch | None) -> None:
    assert find_code(folded) == expected


# -- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tìm bệnh án điện tử", "bệnh án điện tử"),
        ("tim benh an dien tu", "benh an dien tu"),
        ("Tìm Bệnh Án Điện Tử", "Bệnh Án Điện Tử"),
        ("TÌM KIẾM   bệnh   án", "bệnh án"),
        ("tra cứu bệnh án", "bệnh án"),
        ("search electronic records", "electronic records"),
        ("Search X", "X"),
        ("find Bệnh án", "Bệnh án"),
        ("tìm III.9", "III.9"),  # searching, even for a code
        ("/search bệnh án điện tử", "bệnh án điện tử"),
        ("/find X", "X"),
    ],
)
def test_search_keeps_the_users_spelling(text: str, words: str) -> None:
    assert parse(text) == Search(words)


# -- status changes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/done III.9 đã gửi báo cáo", SetStatus("III.9", Status.DONE, "đã gửi báo cáo")),
        ("/done III.9: đã gửi báo cáo", SetStatus("III.9", Status.DONE, "đã gửi báo cáo")),
        ("/done III.9 – đã gửi", SetStatus("III.9", Status.DONE, "đã gửi")),
        ("/done   III.9   xong rồi", SetStatus("III.9", Status.DONE, "xong rồi")),
        ("/done NQ20 III.9 đã gửi", SetStatus("III.9", Status.DONE, "đã gửi", plan="NQ20")),
        ("/done@agency_test_bot III.9 ok", SetStatus("III.9", Status.DONE, "ok")),
        ("/done nhiệm vụ 9 mục III Đã Xong", SetStatus("III.9", Status.DONE, "Đã Xong")),
        ("/done", SetStatus(None, Status.DONE)),
        ("/doing IV.2", SetStatus("IV.2", Status.IN_PROGRESS)),
        ("/progress IV.2", SetStatus("IV.2", Status.IN_PROGRESS)),
        ("/inprogress IV.2", SetStatus("IV.2", Status.IN_PROGRESS)),
        ("/blocked II.3 thiếu kinh phí", SetStatus("II.3", Status.BLOCKED, "thiếu kinh phí")),
        ("/blocked", SetStatus(None, Status.BLOCKED)),
        ("/blocked thiếu kinh phí", SetStatus(None, Status.BLOCKED)),
        # free text: the status word first, then the code
        ("xong III.9", SetStatus("III.9", Status.DONE)),
        ("đã xong III.9", SetStatus("III.9", Status.DONE)),
        ("da xong iii.9", SetStatus("III.9", Status.DONE)),
        ("hoàn thành III.9 đã gửi báo cáo", SetStatus("III.9", Status.DONE, "đã gửi báo cáo")),
        ("hoàn thành nhiệm vụ 9 mục III", SetStatus("III.9", Status.DONE)),
        ("done III.9", SetStatus("III.9", Status.DONE)),
        ("đang làm IV.2", SetStatus("IV.2", Status.IN_PROGRESS)),
        ("dang lam IV.2", SetStatus("IV.2", Status.IN_PROGRESS)),
        ("đang thực hiện IV.2", SetStatus("IV.2", Status.IN_PROGRESS)),
        ("in progress IV.2", SetStatus("IV.2", Status.IN_PROGRESS)),
        ("vướng II.3 thiếu kinh phí", SetStatus("II.3", Status.BLOCKED, "thiếu kinh phí")),
        ("vuong II.3 thieu kinh phi", SetStatus("II.3", Status.BLOCKED, "thieu kinh phi")),
        ("bị vướng mắc II.3 thiếu kinh phí", SetStatus("II.3", Status.BLOCKED, "thiếu kinh phí")),
        ("blocked II.3", SetStatus("II.3", Status.BLOCKED)),
        # a code without a task word, where a status is reported on it
        ("danh dau hoan thanh 3.2", SetStatus("3.2", Status.DONE)),
        (
            "cap nhat 2.14 dang lam, da khao sat xong 5 xa",
            SetStatus("2.14", Status.IN_PROGRESS, "da khao sat xong 5 xa"),
        ),
        ("Task II-3 is complete.", SetStatus("II.3", Status.DONE)),
        ("nv 4.5 xong roi nha", SetStatus("4.5", Status.DONE)),
        ("V.3 đang làm, đã hoàn thành 60%", SetStatus("V.3", Status.IN_PROGRESS, "đã hoàn thành 60%")),
        # work going on, said without a status word
        ("IV.3 đang xây dựng dự thảo đề án", SetStatus("IV.3", Status.IN_PROGRESS, "đang xây dựng dự thảo đề án")),
        ("Cập nhật tiến độ nhiệm vụ 5 mục II: đang khảo sát", SetStatus("II.5", Status.IN_PROGRESS, "đang khảo sát")),
        ("nv II.2 khong lam duoc vi thieu nhan luc", SetStatus("II.2", Status.BLOCKED, "thieu nhan luc")),
        # the note is the reason or the result: no courtesy, no "bên em", no "do"
        (
            "nv II.14 bên mình đang bị vướng do chưa có mặt bằng, nhờ bạn ghi nhận giúp mình nhé",
            SetStatus("II.14", Status.BLOCKED, "chưa có mặt bằng"),
        ),
        (
            "Nhiệm vụ 2.2 bên em đang làm, dự kiến xong tháng 9",
            SetStatus("2.2", Status.IN_PROGRESS, "dự kiến xong tháng 9"),
        ),
        ("Sở mình làm xong nhiệm vụ VIII.3 rồi nhé", SetStatus("VIII.3", Status.DONE)),
        (
            "II.9 đã hoàn thành, đã kiểm tra 40 cơ sở. Trân trọng.",
            SetStatus("II.9", Status.DONE, "đã kiểm tra 40 cơ sở"),
        ),
        ("Đánh dấu hoàn thành nhiệm vụ 2.10 giúp em", SetStatus("2.10", Status.DONE)),
        # what was done, posted under the code; other ways of saying a status
        (
            "III.3: Sở đã tổ chức tập huấn cho 200 cán bộ",
            SetStatus("III.3", Status.IN_PROGRESS, "Sở đã tổ chức tập huấn cho 200 cán bộ"),
        ),
        ("IV.6 tạm hoãn do chờ phê duyệt kinh phí", SetStatus("IV.6", Status.BLOCKED, "chờ phê duyệt kinh phí")),
        ("chuyển trạng thái II.9 sang hoàn thành", SetStatus("II.9", Status.DONE)),
        (
            "mark III.8 blocked, reason: waiting for the decree",
            SetStatus("III.8", Status.BLOCKED, "waiting for the decree"),
        ),
    ],
)
def test_status_changes(text: str, expected: SetStatus) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "II.3 đang do ai phụ trách",
        "IV.3 đang ở bước nào?",
        "is II.8 done yet",
        "has task 2.4 been finished",
        "kinh phí 3.5 tỷ đồng đã hoàn thành",
        "2.5 tỷ xong chưa",
        "nhiệm vụ II.3 đang quá hạn",
        "II.5: nội dung và cơ quan phối hợp",
        "II.4: đã quá hạn chưa",
    ],
)
def test_a_question_or_a_sum_is_no_status_report(text: str) -> None:
    assert not isinstance(parse(text), SetStatus)


@pytest.mark.parametrize("text", ["xong", "done", "đang làm", "vướng"])
def test_a_status_word_without_a_code_is_not_a_status_change(text: str) -> None:
    assert parse(text) == Unknown(text)


# -- other commands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/due@agency_test_bot 2027", ListTasks(ListKind.DUE, year=2027)),
        ("/due@agency_test_bot", DUE),
        ("/Due@Bot 2026", ListTasks(ListKind.DUE, year=2026)),
        ("/start", Start(None)),
        ("/start abc123", Start("abc123")),
        ("/start@agency_test_bot xyz", Start("xyz")),
        ("/lang en", Language("en")),
        ("/language vi", Language("vi")),
        ("/lang", Language("")),
        ("/link Sở Y tế", Link("Sở Y tế")),
        ("/link ABC-123", Link("ABC-123")),
        ("/link", Link("")),
        ("/unlink", Unlink("")),
        ("/invite Sở Y tế", Invite("Sở Y tế")),
        ("/whois @someone", Whois("@someone")),
        ("/promote 12345", Promote("12345")),
        ("/me", Me()),
        ("/me x", Me()),
        ("/summary", Summary()),
        ("/summary x", Summary()),
        ("/help", Help()),
        ("/help x", Help()),
        ("/menu", Help()),
        ("/foo", Unknown("/foo")),
        ("/foo bar", Unknown("/foo")),
        ("/FOO@agency_test_bot bar", Unknown("/foo")),
    ],
)
def test_commands(text: str, expected: intents.Intent) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Help()),
        ("   ", Help()),
        (None, Help()),
        ("xin chào", Help()),
        ("hello", Help()),
        ("chào bạn", Help()),
        ("tổng hợp", Summary()),
        ("tình hình", Summary()),
        ("overview", Summary()),
        ("tôi là ai", Me()),
        ("who am i", Me()),
        ("blah blah", Unknown("blah blah")),
        ("thời tiết hôm nay", Unknown("thời tiết hôm nay")),
    ],
)
def test_other_free_text(text: str | None, expected: intents.Intent) -> None:
    assert parse(text) == expected


# -- edge cases found by testing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["next 1000 days", "sắp đến hạn 1000 ngày"])
def test_large_free_text_day_count_is_capped(text: str) -> None:
    assert parse(text) == upcoming(366)


def test_for_the_next_days_is_not_an_agency() -> None:
    assert parse("my tasks for the next 30 days") == upcoming(30)


def test_agency_name_before_trong_nam() -> None:
    assert parse("nhiệm vụ của Sở Y tế trong năm 2027") == ListTasks(ListKind.DUE, year=2027, agency="Sở Y tế")


def test_due_command_with_nam_before_the_year() -> None:
    assert parse("/due Sở Y tế năm 2027") == ListTasks(ListKind.DUE, year=2027, agency="Sở Y tế")


def test_agency_slice_with_leading_punctuation() -> None:
    assert parse("tasks of .Sở Y tế").agency in ("Sở Y tế", ".Sở Y tế")


def test_upcoming_with_a_huge_number_does_not_raise() -> None:
    assert parse("/upcoming " + "9" * 5000) == upcoming(366)


# -- properties ----------------------------------------------------------------------------

INTENT_CLASSES = typing.get_args(intents.Intent)  # every kind of intent there is
FREE_WORDS = [
    *("nhiệm vụ", "của", "Sở Y tế", "III.9", "mục", "3", "năm", "2027", "đến hạn", "quá hạn", "tìm", "xong"),
    *("sắp", "ngày", "next", "days", "of", ".", "?", "  ", "đ", "\n", "vướng", "9", "1000", "@"),
]
COMMAND_NAMES = [*sorted(BY_NAME), "foo", "START"]


@given(
    st.one_of(
        st.text(),
        st.tuples(st.sampled_from(COMMAND_NAMES), st.sampled_from(["", "@agency_test_bot"]), st.text()).map(
            lambda t: f"/{t[0]}{t[1]} {t[2]}"
        ),
        st.lists(
            st.sampled_from(FREE_WORDS),
            max_size=12,
        ).map(" ".join),
    )
)
def test_parse_never_raises(text: str) -> None:
    intent = parse(text)
    assert isinstance(intent, INTENT_CLASSES)
    # free text and arguments are never invented: what is kept comes from the input
    if isinstance(intent, Search):
        assert _spaced(intent.words) in _spaced(nfc(text))
    if isinstance(intent, ListTasks) and intent.days is not None:
        assert 0 <= intent.days <= 366


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


SAMPLE_QUESTIONS = [
    "nhiệm vụ của tôi đến hạn năm nay",
    "nhiệm vụ năm 2027",
    "nhiệm vụ đến hạn năm sau",
    "nhiệm vụ quá hạn",
    "nhiệm vụ trễ hạn của Sở Y tế",
    "nhiệm vụ sắp đến hạn 60 ngày",
    "nhiệm vụ thường xuyên",
    "nhiệm vụ của Sở Y tế",
    "nhiệm vụ của Sở Y tế đến hạn năm nay",
    "nhiệm vụ 9 mục III",
    "mục III nhiệm vụ 9",
    "tìm bệnh án điện tử",
    "tra cứu hồ sơ",
    "xong III.9 đã gửi báo cáo",
    "đang làm IV.2",
    "vướng II.3 thiếu kinh phí",
    "tổng hợp",
    "tình hình",
    "tôi là ai",
    "xin chào",
    "hướng dẫn",
    "danh sách nhiệm vụ của tôi",
    "/done III.9 đã gửi báo cáo",
    "/due 2027",
]


def _shape(intent: intents.Intent) -> tuple[object, ...]:
    """The kind of an intent and its non-text fields: what folding must not change."""
    if isinstance(intent, ListTasks):
        return (ListTasks, intent.kind, intent.year, intent.year_offset, intent.days, intent.agency is None)
    if isinstance(intent, ShowTask):
        return (ShowTask, intent.code, intent.plan)
    if isinstance(intent, SetStatus):
        return (SetStatus, intent.code, intent.status, intent.plan)
    return (type(intent),)


@pytest.mark.parametrize("question", SAMPLE_QUESTIONS)
def test_folding_diacritics_keeps_the_intent(question: str) -> None:
    plain = fold(question)
    assert plain != question or question.isascii()
    assert _shape(parse(plain)) == _shape(parse(question))
    assert _shape(parse(plain.upper())) == _shape(parse(question))


@given(st.sampled_from(SAMPLE_QUESTIONS), st.lists(st.booleans(), min_size=60, max_size=60))
def test_folding_some_letters_keeps_the_intent(question: str, which: list[bool]) -> None:
    """People drop some diacritics and keep others: any mix reads the same."""
    flags = which[: len(question)] + [False] * (len(question) - len(which))
    mixed = "".join(fold(char) if flag else char for char, flag in zip(question, flags, strict=True))
    assert _shape(parse(mixed)) == _shape(parse(question))


@pytest.mark.parametrize(
    ("text", "plan", "rest"),
    [
        ("/due NQ20", "NQ20", "/due"),
        ("nhiem vu qua han kh-cds", "KH-CDS", "nhiem vu qua han"),
        ("NQ20 III.9", "NQ20", "III.9"),
        ("/search nq20 bệnh án", "NQ20", "/search bệnh án"),
        ("nhiem vu qua han", None, "nhiem vu qua han"),
        ("/due NQ2", None, "/due NQ2"),  # only whole names
        # the words tying the plan to the question go with it: "trong" is no word searched
        ("tìm hồ sơ trong KH-CDS", "KH-CDS", "tìm hồ sơ"),
        ("tìm hồ sơ trong kế hoạch NQ20", "NQ20", "tìm hồ sơ"),
        ("việc quá hạn của NQ20", "NQ20", "việc quá hạn"),
    ],
)
def test_a_plan_named_in_a_question_is_taken_out(text: str, plan: str | None, rest: str):
    assert split_plan(text, ["NQ20", "KH-CDS"]) == (plan, rest)


def test_data_fixing_commands():
    assert parse("/merge A => B") == Merge("A => B")
    assert parse("/alias Sở Y tế = SYT") == Alias("Sở Y tế = SYT")
    assert parse("/timeframe III.9 Năm 2026") == SetTimeframe("III.9 Năm 2026")
    assert parse("/plans") == Plans() and parse("/fixes") == Fixes()


TITLES = {
    "DL": "Kế hoạch phát triển du lịch năm 2026",
    "NN": "Kế hoạch phát triển nông nghiệp năm 2026",
    "NQ20": "Kế hoạch thực hiện Nghị quyết số 20-NQ/TW về chăm sóc sức khỏe Nhân dân",
    "YT": "Kế hoạch củng cố mạng lưới y tế cơ sở năm 2026",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kế hoạch du lịch việc quá hạn", ("DL", "việc quá hạn")),
        ("việc của tôi trong KH phát triển nông nghiệp", ("NN", "việc của tôi")),
        ("ke hoach thuc hien nghi quyet 20 viec qua han", ("NQ20", "viec qua han")),  # "số" or not
        ("kế hoạch phát triển, việc quá hạn", (None, "kế hoạch phát triển, việc quá hạn")),  # two plans alike
        ("kế hoạch năm 2026", (None, "kế hoạch năm 2026")),  # nothing that tells a plan
        ("việc du lịch quá hạn", (None, "việc du lịch quá hạn")),  # no word for a plan: a topic
        ("việc của tôi trong kế hoạch mạng lưới y tế cơ sở", ("YT", "việc của tôi")),
        ("tìm hồ sơ trong kế hoạch du lịch", ("DL", "tìm hồ sơ")),  # "trong" goes with the plan
        # an agency's plan: its name is no title's words ("y tế" of the YT plan), and stays asked
        ("kế hoạch của sở y tế có bao nhiêu việc quá hạn", (None, "kế hoạch của sở y tế có bao nhiêu việc quá hạn")),
        ("ke hoach cua so y te co bao nhieu viec", (None, "ke hoach cua so y te co bao nhieu viec")),
        # a plan that a task makes is the work searched, not a plan loaded
        ("tìm xây dựng kế hoạch phát triển du lịch", (None, "tìm xây dựng kế hoạch phát triển du lịch")),
        ("lập kế hoạch chăm sóc sức khỏe", (None, "lập kế hoạch chăm sóc sức khỏe")),
        # typed in decomposed form (some phones): the rest is cut where the words are
        (unicodedata.normalize("NFD", "kế hoạch du lịch việc quá hạn"), ("DL", "việc quá hạn")),
    ],
)
def test_a_plan_named_by_words_of_its_title(text: str, expected: tuple[str | None, str]) -> None:
    assert plan_by_title(text, TITLES) == expected
