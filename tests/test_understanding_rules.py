"""Rules of the recognizer found by hand-written questions (tests/understanding/handwritten.tsv),
each read through the agency directory as the evaluation set reads them: name and slots."""

from __future__ import annotations

import pytest
from understanding.evaluate import describe, directory

from bot.core.intents import Link, Plans, Progress, Search, Whois
from bot.core.understanding import Recognizer

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
