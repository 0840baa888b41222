"""Rules of the recognizer found by hand-written questions (tests/understanding/handwritten.tsv),
each read through the agency directory as the evaluation set reads them: name and slots."""

from __future__ import annotations

import pytest
from understanding.evaluate import describe, directory

from bot.core.intents import Link, Plans, Progress, Search, SetStatus, Whois
from bot.core.understanding import Recognizer
from domain.tasks import Status

AGENCIES = directory()
READER = Recognizer(AGENCIES)


def read(text: str) -> tuple[str, dict[str, str]]:
    return describe(READER._read(text).intent, AGENCIES)


@pytest.mark.parametrize(
    "text",
    ["ok em cảm ơn nhiều ạ", "tks ad", "thank u", "bye bot", "cảm ơn, tạm biệt", "hẹn gặp lại nhé", "thanks nhé"],
)
def test_thanks_or_a_goodbye_alone_gets_a_short_reply(text: str) -> None:
    assert read(text) == ("thanks", {})


@pytest.mark.parametrize("text", ["xin chào", "chào bot", "alo", "hello"])
def test_a_greeting_alone_still_gets_the_help(text: str) -> None:
    assert read(text) == ("help", {})


def test_thanks_around_a_question_is_courtesy() -> None:
    assert read("cảm ơn, cho em xem việc quá hạn của sở y tế") == ("list.overdue", {"agency": "Sở Y tế"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "ko" is "không": "không có thời hạn" is ongoing, not "có thời hạn"
        ("nv ko có thời hạn của stc", ("list.ongoing", {"agency": "Sở Tài chính"})),
        ("nhiem vu k co thoi han", ("list.ongoing", {})),
        # "dc" is "được": "chưa được triển khai" is not started
        ("việc nào bên mình chưa dc triển khai", ("list.mine", {"status": "open", "mine": "1"})),
    ],
)
def test_teen_code_negation_and_duoc_read_as_the_words(text: str, expected: tuple) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("ai là đầu mối của sở tài chính", "Sở Tài chính"),
        ("cho em hỏi ai là đầu mối sở nội vụ ạ", "Sở Nội vụ"),
        ("đầu mối của sở xây dựng là ai vậy ạ", "Sở Xây dựng"),
        ("dau moi so y te la ai", "Sở Y tế"),
        ("who is the focal point of the finance department", "Sở Tài chính"),
        # after a greeting, or with the agency put first: they were requests to link the asker
        ("anh ơi ai là đầu mối sở y tế ạ", "Sở Y tế"),
        ("Xin chào, ai là đầu mối của sở tài chính vậy", "Sở Tài chính"),
        ("bên sở tài chính ai là đầu mối vậy", "Sở Tài chính"),
        ("hi, who is the focal point of DOF", "Sở Tài chính"),
        # the agency's name before "focal point", a vocative after "là ai", the focal point's details
        ("who is DOF's focal point", "Sở Tài chính"),
        ("who's the contact person for DOF", "Sở Tài chính"),
        ("đầu mối sở tài chính là ai vậy anh", "Sở Tài chính"),
        ("cho xin thông tin đầu mối sở tài chính", "Sở Tài chính"),
        # who the asker is first, then the agency asked about
        ("em là đầu mối sở y tế, ai là đầu mối sở tài chính ạ", "Sở Tài chính"),
        ("ai là đầu mối sở tài chính, em bên sở y tế", "Sở Tài chính"),
    ],
)
def test_who_an_agencys_focal_point_is_asked_is_no_request_to_be_linked(text: str, agency: str) -> None:
    intent = READER._read(text).intent
    assert isinstance(intent, Whois) and AGENCIES.lookup(intent.argument) == agency


@pytest.mark.parametrize("text", ["em là đầu mối sở y tế", "I'm the focal point for DOH"])
def test_saying_whose_focal_point_one_is_still_asks_to_be_linked(text: str) -> None:
    assert isinstance(READER._read(text).intent, Link)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("đã hoàn thành 50% nhiệm vụ III.1", "hoàn thành 50%"),  # the share was lost
        ("em đã làm được 70% việc III.2 rồi ạ", "làm được 70%"),
        ("III.1 đạt 70%", "đạt 70%"),
    ],
)
def test_a_share_of_the_work_done_is_in_progress_with_the_share_as_its_note(text: str, note: str) -> None:
    intent = READER._read(text).intent
    assert isinstance(intent, SetStatus) and (intent.status, intent.note) == (Status.IN_PROGRESS, note)


def test_a_documents_number_is_a_plan_not_an_agency() -> None:
    assert READER._read("kế hoạch 123/KH-UBND có những nhiệm vụ gì").intent == Plans(number="123/KH-UBND")
    assert READER._read("kh số 45/KH-UBND đã có trên bot chưa").intent == Plans(number="45/KH-UBND")
    # narrowed by a state: the list, and UBND in the number is no agency
    assert read("nhiệm vụ quá hạn của kế hoạch 123/KH-UBND") == ("list.overdue", {})
    assert read("nhiệm vụ của sở y tế theo 20-NQ/TW") == ("list.agency", {"agency": "Sở Y tế"})
    # another document's number is no plan asked (nor an agency)
    assert read("công văn 45/SYT-KHTC yêu cầu gì")[0] != "plans"
    # dates are not document numbers
    assert read("việc đến hạn trước 30/6") == ("list.upcoming", {"period": "u0630"})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("nhiệm vụ ba chấm chín", "3.9"),
        ("nhiem vu hai cham muoi mot", "2.11"),
        ("task three point nine", "3.9"),
        ("nhiệm vụ số hai mục ba", "III.2"),
        ("task nine in section three", "III.9"),
        ("task 9 of section three", "III.9"),  # one number in digits, the other in words
        ("mục hai nhiệm vụ bốn", "II.4"),  # the section first
        ("nhiệm vụ hai mươi mốt mục ba", "III.21"),
    ],
)
def test_a_task_code_said_in_words(text: str, code: str) -> None:
    assert read(text) == ("task", {"code": code})


def test_number_words_without_a_code_shape_stay_words() -> None:
    assert read("nhiệm vụ năm nay của sở y tế") == ("list.due", {"agency": "Sở Y tế"})
    assert read("việc ba tháng tới") == ("list.upcoming", {"period": "m3"})


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("sở y tế hay sở gd&đt trễ nhiều hơn", "Sở Y tế"),
        ("sở nội vụ vs sở tư pháp bên nào nhanh hơn", "Sở Nội vụ"),
    ],
)
def test_two_agencies_compared_are_side_by_side(text: str, agency: str) -> None:
    assert read(text) == ("progress", {"agency": agency})


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("so sánh tiến độ sở y tế với sở giáo dục", "sở y tế", "sở giáo dục"),
        ("so sanh so y te va so tu phap", "so y te", "so tu phap"),
        ("sở nội vụ vs sở tư pháp", "sở nội vụ", "sở tư pháp"),
        ("compare the health department with the education department", "health department", "education department"),
    ],
)
def test_the_second_agency_compared_is_kept_for_the_answer(text: str, first: str, second: str) -> None:
    intent = READER.read(text).intent
    assert isinstance(intent, Progress) and (intent.agency, intent.versus) == (first, second)


def test_one_agency_is_against_the_average() -> None:
    intent = READER.read("tiến độ sở y tế").intent
    assert isinstance(intent, Progress) and (intent.agency, intent.versus) == ("sở y tế", None)


def test_two_agencies_not_compared_stay_a_list() -> None:
    assert read("nhiệm vụ sở y tế phối hợp với sở tư pháp") == ("list.coordinating", {"agency": "Sở Y tế"})


def test_pm_right_after_the_hour_is_the_afternoon() -> None:
    assert read("send reminders at 5pm") == ("remindat", {"hour": "17:00"})
    assert read("nhắc em lúc 8h30p sáng") == ("remindat", {"hour": "08:30"})


def test_vni_typed_unconverted() -> None:
    assert read("nhie6m vu5 cu3a so73 tu7 pha1p") == ("list.agency", {"agency": "Sở Tư pháp"})
    # one word with digits is no VNI typing: kept as typed
    assert READER._read("tìm covid19").intent == Search("covid19")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sở y tế được cấp bao nhiêu kinh phí", ("funding", {"agency": "Sở Y tế"})),
        ("nguon kinh phi cua so tu phap", ("funding", {"agency": "Sở Tư pháp"})),
        ("những nhiệm vụ nào dùng ngân sách nhà nước", ("funding", {})),
        ("how much funding does the plan have", ("funding", {})),
        ("ngân sách cho sở mình năm nay", ("funding", {"mine": "1"})),
        # a task's funding is on its card
        ("kinh phí của nhiệm vụ III.9 lấy từ đâu", ("task", {"code": "III.9"})),
        # tasks in a state, whatever the reason: the list
        ("việc nào vướng do thiếu kinh phí", ("list.mine", {"status": "blocked"})),
        # a typo of the finance department is no funding question
        ("tasks of the finanse department", ("list.agency", {"agency": "Sở Tài chính"})),
    ],
)
def test_funding_questions(text: str, expected: tuple) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 tuần tới bên mình có gì gấp ko", ("list.upcoming", {"days": "14", "mine": "1"})),
        ("việc nào bên mình chưa đụng tới", ("list.mine", {"status": "open", "mine": "1"})),
        ("hdsd", ("help", {})),
        ("cho em số đt sở y tế", ("unknown", {})),
    ],
)
def test_words_added(text: str, expected: tuple) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "em đã nhận được thông báo rồi ạ",
        "đã nhận thông báo, cảm ơn ad",
        "noted the announcement",
        "received, thanks",
        "dạ e nhận đc thông báo r ạ",  # "rồi" after it says it is done
    ],
)
def test_a_message_said_to_be_received(text: str) -> None:
    assert read(text) == ("received", {})


@pytest.mark.parametrize(
    "text",
    ["sở nào chưa đọc thông báo", "danh sách đơn vị đã nhận thông báo", "ai đã đọc thông báo hôm qua"],
)
def test_who_received_a_message_asked(text: str) -> None:
    assert read(text) == ("broadcastlist", {})


def test_a_message_not_received_is_no_receipt() -> None:
    assert read("em chưa nhận được thông báo") != ("received", {})
    # wished, not done: where reminders go
    assert read("em muốn nhận được thông báo qua zalo") == ("notify", {})
    # a task received is no message received, asked or said
    assert read("em đã nhận nhiệm vụ mới")[0] != "received"
    assert read("đã nhận nhiệm vụ mới chưa")[0] not in ("received", "broadcastlist")


def test_an_agency_in_the_subject_of_a_task_asked_who_leads_is_searched() -> None:
    assert read("đơn vị nào chủ trì việc xây dựng bệnh viện")[0] == "search"
    # the agency asked about, with nothing after a task word: its list
    assert read("ai phụ trách nhiệm vụ quá hạn của sở y tế") == ("list.overdue", {"agency": "Sở Y tế"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nhắc e trước hạn 10 ngày", ("reminders", {})),  # "e" is "em"
        ("cảm ơn em, cho anh hỏi thêm việc sắp đến hạn", ("list.upcoming", {"days": "30"})),
        ("oki cảm ơn nha", ("thanks", {})),
        ("what can u do", ("help", {})),  # "u" is "you"
    ],
)
def test_short_forms_and_courtesy(text: str, expected: tuple) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # regional words typed with their marks: "mô" nào, "mần" làm, "hổng" không, "ni" nay
        ("bên em còn việc mô chưa mần", ("list.mine", {"status": "open", "mine": "1"})),
        ("tháng ni có chi phải nộp không", ("list.upcoming", {"period": "m+0"})),
        ("em hổng biết việc nào sắp tới hạn nè", ("list.upcoming", {"days": "30", "mine": "1"})),
        # "w" for "qu", "đag" for "đang"
        ("nv wá hạn của sở y tế", ("list.overdue", {"agency": "Sở Y tế"})),
        ("sở mình có bn nv đag làm", ("list.mine", {"count": "1", "status": "in_progress", "mine": "1"})),
    ],
)
def test_regional_and_teen_words(text: str, expected: tuple) -> None:
    assert read(text) == expected


def test_unmarked_words_like_regional_ones_stay_what_they_are() -> None:
    # "mo" is "mở" (open) as often as "mô": only "mô" typed with its marks is "nào"
    assert read("mo lai nhac viec") == ("resume", {})
    assert read("what's the weekly report")[0] == "summary"  # English "w" words stay


def test_the_end_of_a_month_or_quarter_is_that_one() -> None:
    assert read("whats due by end of month") == ("list.upcoming", {"period": "m+0"})
    assert read("due by the end of next month") == ("list.upcoming", {"period": "m+1"})
    # the end of the year stays until the year's end
    assert read("what is due by the end of the year") == ("list.upcoming", {"period": "y0"})


def test_counts_of_what_an_agency_leads_and_supports_are_the_summary() -> None:
    assert read("sở y tế chủ trì bao nhiêu, phối hợp bao nhiêu") == ("summary", {"agency": "Sở Y tế"})
    assert read("sở y tế phối hợp bao nhiêu việc") == ("list.coordinating", {"agency": "Sở Y tế", "count": "1"})


@pytest.mark.parametrize("text", ["em cảm ơn, chúc anh chị một ngày tốt lành", "thanks, have a nice day"])
def test_wishes_with_thanks_are_thanks(text: str) -> None:
    assert read(text) == ("thanks", {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("từ nay đến cuối tháng có việc gì đến hạn không", ("list.upcoming", {"period": "m+0"})),
        ("tu nay den cuoi thang ben em phai xong gi", ("list.upcoming", {"period": "m+0", "mine": "1"})),
        ("việc phải nộp trước cuối quý này", ("list.upcoming", {"period": "q+0"})),
        ("đến hết tuần có gì phải nộp", ("list.upcoming", {"period": "w+0"})),
        # the end of the next one is left to "sau": that month
        ("việc đến hạn cuối tháng sau", ("list.upcoming", {"period": "m+1"})),
        # the end of the year stays until the year's end
        ("từ nay đến cuối năm còn việc gì", ("list.upcoming", {"period": "y0"})),
    ],
)
def test_to_the_end_of_a_week_month_or_quarter_in_vietnamese_is_this_one(text: str, expected: tuple) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 tháng cuối năm có những nhiệm vụ nào đến hạn", ("list.upcoming", {"period": "r0701-1231"})),
        ("sáu tháng đầu năm bên em phải làm gì", ("list.upcoming", {"period": "r0101-0630", "mine": "1"})),
        ("nv đến hạn 6 tháng đầu năm 2027", ("list.upcoming", {"period": "r0101-0630/2027"})),
        ("tasks due in the second half of the year", ("list.upcoming", {"period": "r0701-1231"})),
    ],
)
def test_half_a_year_is_its_six_months(text: str, expected: tuple) -> None:
    assert read(text) == expected


def test_by_the_end_of_a_named_quarter_is_the_next_one_to_end() -> None:
    assert read("tasks due by the end of Q4") == ("list.upcoming", {"period": "q#4"})
    assert read("by end of Q3 what do we have to finish") == ("list.upcoming", {"period": "q#3", "mine": "1"})
    # this year's, said, stays this year's
    assert read("tasks due in Q3 this year")[1]["period"] == "q#3+0"


def test_by_the_end_of_this_year_is_until_the_years_end() -> None:
    expected = ("list.upcoming", {"period": "y0", "mine": "1"})
    assert read("what do we still have to deliver by the end of this year") == expected


@pytest.mark.parametrize("text", ["what must our department finish this year", "what do we need to complete this year"])
def test_a_done_after_must_is_work_due(text: str) -> None:
    assert read(text) == ("list.due", {"mine": "1"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nhiệmvụ quáhạn", ("list.overdue", {})),
        ("nhiemvu sapden han", ("list.upcoming", {"days": "30"})),
        # an agency's name or a word nobody splits stays as typed
        ("việc của bhxh tỉnh", ("list.agency", {"agency": "Bảo hiểm xã hội tỉnh"})),
    ],
)
def test_two_words_typed_without_the_space_are_read_apart(text: str, expected: tuple) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nv của sở mk", ("list.mine", {"mine": "1"})),  # "mk" is "mình"
        ("t có bn việc đến hạn năm nay", ("list.due", {"count": "1", "mine": "1"})),  # "t" is "tôi"
        ("nv 3.3 đg lm", ("status.in_progress", {"code": "3.3"})),  # "lm" is "làm"
        ("e nhận r nha ad", ("received", {})),  # "r" is "rồi"
        ("quý ni bên em có chi không", ("list.upcoming", {"period": "q+0", "mine": "1"})),  # "có chi": "có gì"
    ],
)
def test_more_short_and_regional_words(text: str, expected: tuple) -> None:
    assert read(text) == expected


def test_by_theo_names_no_agency() -> None:
    # "theo" (by, according to) is no typo of "Thuế"
    assert read("xếp hạng các sở theo tiến độ") == ("progress", {})


def test_a_greeting_to_the_admin_and_a_wish_get_the_help() -> None:
    assert read("chào ad, chúc ngày mới") == ("help", {})


def test_the_years_closing_report_is_the_report() -> None:
    assert read("bc tổng kết năm của sở y tế") == ("report", {"agency": "Sở Y tế"})


def test_which_task_is_about_a_subject_is_a_search() -> None:
    assert read("which task is about school health")[0] == "search"


@pytest.mark.parametrize(
    "text",
    ["remind all departments to update their tasks", "nhắc các sở cập nhật tiến độ", "notify all the departments"],
)
def test_a_message_to_all_departments_is_a_broadcast_not_their_tasks(text: str) -> None:
    assert read(text) == ("broadcaststart", {})


def test_a_message_about_a_report_is_a_broadcast() -> None:
    assert read("thông báo cho các sở nộp báo cáo trước 15/12") == ("broadcaststart", {})
    assert read("gửi báo cáo năm 2025") == ("report", {"year": "2025"})


@pytest.mark.parametrize("text", ["đã nhận được thông báo của sở y tế, cảm ơn", "em đã nhận thông báo từ sở tài chính"])
def test_the_agency_a_message_came_from_is_no_subject_of_a_receipt(text: str) -> None:
    assert read(text) == ("received", {})


@pytest.mark.parametrize("text", ["tổng hợp tình hình nhiệm vụ của sở mình", "thống kê nhiệm vụ của sở mình"])
def test_the_summary_said_first_of_tasks_nothing_narrows(text: str) -> None:
    assert read(text) == ("summary", {"mine": "1"})


def test_the_summary_said_first_yields_to_a_narrower_ask() -> None:
    assert read("report tiến độ sở y tế") == ("progress", {"agency": "Sở Y tế"})
    # a state asked: the list, as before
    assert read("tổng hợp việc quá hạn của sở mình") == ("list.overdue", {"mine": "1"})


@pytest.mark.parametrize("text", ["so ke hoach dau tu co viec nao tre khong", "co viec nao tre ko"])
def test_tre_before_the_word_that_asks_is_late(text: str) -> None:
    assert read(text)[0] == "list.overdue"
    assert read("nhiem vu tre") == ("unknown", {})  # alone, still the topic (trẻ)


@pytest.mark.parametrize("text", ["hế lô bot", "hi ad", "hello admin"])
def test_a_greeting_and_who_is_greeted_get_the_help(text: str) -> None:
    assert read(text) == ("help", {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what percentage of the plan is done", ("progress", {})),
        ("reminders on again please", ("resume", {})),
        ("nghỉ nhắc 1 tuần nhé", ("quiet", {})),
    ],
)
def test_more_words_for_the_charts_and_the_reminders(text: str, expected: tuple) -> None:
    assert read(text) == expected


def test_how_many_agencies_read_a_message_is_the_list_of_messages() -> None:
    assert read("thông báo hôm qua có bao nhiêu sở đã đọc") == ("broadcastlist", {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mình nên hỏi bot thế nào", ("help", {})),
        ("cách báo nhiệm vụ bị vướng", ("help", {"topic": "blocked"})),
        # "báo cáo" is no "báo" said of a task: how the report is, not how to report
        ("báo cáo tiến độ thế nào", ("progress", {})),
    ],
)
def test_how_to_ask_and_how_to_report_a_task(text: str, expected: tuple) -> None:
    assert read(text) == expected


def test_the_whole_plans_possessive_is_the_whole_plan() -> None:
    assert read("show the whole plan's upcoming deadlines") == ("list.upcoming", {"days": "30", "whole": "1"})


def test_a_count_then_which_they_are_asks_for_the_tasks() -> None:
    assert read("mấy việc trễ của bên mình là việc gì vậy") == ("list.overdue", {"mine": "1"})
    assert read("bên mình có mấy việc trễ") == ("list.overdue", {"count": "1", "mine": "1"})


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("việc phải nộp trước ngày 15/1 năm sau", "u0115+1"),
        ("tasks due by 30 June next year", "u0630+1"),
        ("từ 1/7 đến 30/9 năm sau", "r0701-0930+1"),
        ("6 tháng đầu năm sau sở y tế có việc gì đến hạn", "r0101-0630+1"),
        ("trước 31/12 năm sau", "u1231+1"),
        # the year said in numbers stays that year
        ("trước 30/6/2027", "u0630/2027"),
        ("6 tháng cuối năm 2027", "r0701-1231/2027"),
    ],
)
def test_a_date_or_span_said_with_next_year_is_next_years(text: str, period: str) -> None:
    assert read(text)[1]["period"] == period


def test_an_of_word_typed_with_other_marks_is_not_it() -> None:
    # "tài" is no "tại" (at): "sở tài chín" is the finance department typed short
    assert read("sở tài chín có việc gì trễ") == ("list.overdue", {"agency": "Sở Tài chính"})
    assert read("việc quá hạn tai so y te") == ("list.overdue", {"agency": "Sở Y tế"})


def test_q_without_u_is_qu() -> None:
    assert read("nhiệm vụ qá hạn của sở y tế") == ("list.overdue", {"agency": "Sở Y tế"})


def test_should_have_finished_is_late() -> None:
    assert read("anything we should have finished already") == ("list.overdue", {"mine": "1"})
    assert read("what should we finish this year") == ("list.due", {"mine": "1"})


@pytest.mark.parametrize("text", ["cảm ơn anh chị đã hỗ trợ", "thanks for your help"])
def test_thanks_for_the_help_given(text: str) -> None:
    assert read(text) == ("thanks", {})


def test_who_heads_an_agency_is_not_understood() -> None:
    assert read("ai là giám đốc sở y tế") == ("unknown", {})


def test_how_to_turn_reminders_on_again_is_the_help_on_pausing() -> None:
    assert read("how do I turn on reminders again") == ("help", {"topic": "quiet"})


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("tháng sau nữa có việc gì đến hạn không", "m+2"),
        ("anything due the week after next", "w+2"),
        # the end of a month or quarter named is that one, not this one
        ("hết tháng 6 bên em phải xong gì", "m#6"),
        ("cuối quý 3 có việc gì đến hạn", "q#3"),
    ],
)
def test_the_one_after_next_and_the_end_of_one_named(text: str, period: str) -> None:
    assert read(text)[1]["period"] == period


def test_a_day_named_before_a_deadline_asked_is_that_day() -> None:
    assert read("ngày 31/12 có việc nào đến hạn không") == ("list.upcoming", {"period": "r1231-1231"})
    # a date of a document is no day asked
    assert "period" not in read("kế hoạch 45/KH-UBND ngày 10/2/2026 có những nhiệm vụ gì")[1]


@pytest.mark.parametrize(
    "text", ["I need the list of overdue tasks for the whole province", "tôi cần danh sách việc quá hạn toàn tỉnh"]
)
def test_who_asks_for_the_whole_plan_does_not_make_it_theirs(text: str) -> None:
    assert read(text) == ("list.overdue", {"whole": "1"})


def test_cannot_do_a_task_reports_it_blocked() -> None:
    assert read("we can't do III.2 because there is no budget") == ("status.blocked", {"code": "III.2"})


def test_that_was_helpful_is_thanks() -> None:
    assert read("thanks, that's helpful") == ("thanks", {})


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("việc phải nộp trước thứ 6", "w+0"),
        ("what's due by Friday", "w+0"),
        # a day of next week; "thứ 6 tuần sau" is no "6 tuần" (six weeks)
        ("trước thứ 6 tuần sau bên em phải nộp gì", "w+1"),
        ("anything due next Monday", "w+1"),
    ],
)
def test_a_day_of_the_week_is_that_week(text: str, period: str) -> None:
    assert read(text)[1]["period"] == period


def test_a_pause_to_a_day_of_the_week_is_no_number_of_days() -> None:
    # like a date: the settings, where /quiet is told
    assert read("tắt nhắc việc tới thứ hai") == ("reminders", {})


def test_a_message_said_to_whom_outweighs_the_times_it_speaks_of() -> None:
    expected = ("broadcaststart", {"status": "overdue"})
    assert read("nhắn các sở còn việc trễ hạn nộp báo cáo trước thứ 6") == expected


@pytest.mark.parametrize(
    "text", ["việc nào của bên em sắp trễ", "đơn vị em đang có những việc gì cần ưu tiên", "our most urgent tasks"]
)
def test_about_to_be_late_or_a_priority_is_what_comes_due_first(text: str) -> None:
    assert read(text) == ("list.upcoming", {"days": "30", "mine": "1"})


def test_a_chart_asked_for_is_the_charts_whatever_it_shows() -> None:
    assert read("biểu đồ việc quá hạn các sở") == ("progress", {})
