"""What a message asks for, as values: the intents, task codes, and `parse`.

Commands are read by the registry (bot/core/commands.py), free text by the recognizer
(bot/core/understanding.py, phrases kept as data). This module keeps the intent types and
the small shared readers (task codes, a plan's name) that other answers import. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from domain.asked import AskedPeriod
from domain.tasks import ROMAN_NUMERALS, Status
from domain.text import fold, nfc

if TYPE_CHECKING:
    from domain.agencies import AgencyDirectory


class ListKind(StrEnum):
    MINE = "mine"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"
    ONGOING = "ongoing"
    AGENCY = "agency"
    COORDINATING = "coordinating"  # tasks the agency helps with, another leads


@dataclass(frozen=True)
class Help:
    topic: str = ""  # "How do I mark a task as done?": the command asked about ("done")


@dataclass(frozen=True)
class Start:
    payload: str | None


@dataclass(frozen=True)
class ListTasks:
    kind: ListKind
    year: int | None = None  # DUE: None is this year (plus year_offset)
    year_offset: int = 0
    days: int | None = None  # UPCOMING
    agency: str | None = None  # an agency named in the question, as typed
    plan: str | None = None  # a plan's short name the question is limited to
    count: bool = False  # "bao nhiêu", "how many": the number first
    task_kind: str | None = None  # "annual", "time_bound" ("ongoing" is its own list)
    status: Status | None = None  # "đã hoàn thành", "vướng mắc": only tasks in that state
    period: AskedPeriod | None = None  # UPCOMING, COORDINATING: "3 tháng tới", "quý này" (else ``days``)
    overdue: bool = False  # COORDINATING: only what is past its deadline and not done
    unfinished: bool = False  # "chưa xong", "not done": not started, in progress or blocked
    # "của tôi", "bên em", "my": said in words, which an unlinked asker is told how to link for;
    # the same list either way, so not part of what makes two intents equal
    mine: bool = field(default=False, compare=False)
    everyone: bool = False  # "toàn tỉnh", "across the province": the whole plan, whoever asks


@dataclass(frozen=True)
class ShowTask:
    code: str  # normalised: "III.9"
    plan: str | None = None  # a word written before the code, maybe a plan's short name


@dataclass(frozen=True)
class Search:
    words: str
    plan: str | None = None


@dataclass(frozen=True)
class Summary:
    plan: str | None = None
    agency: str | None = None  # an agency named in the question, as typed: its summary
    mine: bool = field(default=False, compare=False)  # "sở mình": the asker's own, said in words
    year: int | None = None  # "tổng hợp năm 2025": that year's (None: this year)
    everyone: bool = False  # "toàn tỉnh": the whole plan's, whoever asks


@dataclass(frozen=True)
class Plans:
    year: int | None = None  # "is the 2026 health plan in the system?": the plans of that year first
    number: str | None = None  # "kế hoạch 123/KH-UBND": the plans whose name or title has that number first


@dataclass(frozen=True)
class Agencies:
    """/agencies, "danh sách cơ quan": the agencies the plans name, with their tasks."""


@dataclass(frozen=True)
class Merge:
    argument: str


@dataclass(frozen=True)
class Alias:
    argument: str


@dataclass(frozen=True)
class SetTimeframe:
    argument: str


@dataclass(frozen=True)
class Fixes:
    pass


@dataclass(frozen=True)
class SetStatus:
    code: str | None
    status: Status
    note: str = ""
    plan: str | None = None


@dataclass(frozen=True)
class Link:
    argument: str


@dataclass(frozen=True)
class Unlink:
    argument: str


@dataclass(frozen=True)
class Me:
    pass


@dataclass(frozen=True)
class Connect:
    code: str  # empty: make a code to type on the other channel


@dataclass(frozen=True)
class Notify:
    argument: str


@dataclass(frozen=True)
class Whois:
    argument: str


@dataclass(frozen=True)
class Promote:
    argument: str


@dataclass(frozen=True)
class Invite:
    argument: str


@dataclass(frozen=True)
class Language:
    code: str


@dataclass(frozen=True)
class Reminders:
    pass


@dataclass(frozen=True)
class Quiet:
    argument: str


@dataclass(frozen=True)
class RemindAt:
    argument: str


@dataclass(frozen=True)
class RemindersOn:
    argument: str


@dataclass(frozen=True)
class PolicyCommand:
    argument: str


@dataclass(frozen=True)
class BroadcastStart:
    status: str | None = None  # "overdue": to the agencies with overdue tasks ("thông báo tới các sở còn việc quá hạn")


@dataclass(frozen=True)
class BroadcastList:
    pass


@dataclass(frozen=True)
class BroadcastStatus:
    argument: str


@dataclass(frozen=True)
class Cancel:
    pass


@dataclass(frozen=True)
class WebLogin:
    """/web: a one-time link to the dashboard."""


@dataclass(frozen=True)
class Unknown:
    text: str


@dataclass(frozen=True)
class Received:
    """ "em đã nhận được thông báo", "noted, thanks": the latest broadcast to this chat received,
    as its button says."""


@dataclass(frozen=True)
class Thanks:
    """ "cảm ơn bot", "ok thanks, bye": thanks or leave-taking alone, a short polite reply."""


@dataclass(frozen=True)
class Funding:
    """ "kinh phí của sở y tế", "which tasks use the state budget": the funding sources the plan
    writes for the tasks (it writes no amounts); a task's own is on its card."""

    plan: str | None = None
    agency: str | None = None  # an agency named in the question, as typed: the tasks it leads
    mine: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Export:
    """/export [xlsx|csv|ics], "xuất excel": the tasks as a file (bot/core/export_answers.py)."""

    argument: str = ""  # the format asked for; the spreadsheet when none
    plan: str | None = None
    agency: str | None = None  # an agency named in the question, as typed: its tasks
    status: str | None = None  # "overdue" or a Status value: only those tasks (xlsx, csv)
    mine: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Progress:
    """/progress, "tiến độ", "biểu đồ": charts (bot/core/progress_answers.py)."""

    plan: str | None = None
    agency: str | None = None  # an agency named in the question, as typed: it against the average
    mine: bool = field(default=False, compare=False)
    versus: str | None = None  # a second agency it is compared with, as typed: the two side by side
    everyone: bool = False  # "toàn tỉnh": the whole plan's, whoever asks


@dataclass(frozen=True)
class Report:
    """/report [year]: the year's Word report (coordinators); of one agency's tasks when
    one is named ("báo cáo năm của Sở Y tế") or said to be the asker's ("cho sở mình")."""

    argument: str = ""
    agency: str | None = None  # an agency named in the question, as typed: the tasks it leads
    mine: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Result:
    """/result III.9 text: a lead agency's one-line result of the year."""

    argument: str = ""


@dataclass(frozen=True)
class Clarify:
    """Two readings scored alike: the conversation asks which, with buttons."""

    options: tuple[Intent, ...]
    text: str


Intent = (
    Help
    | Start
    | ListTasks
    | ShowTask
    | Search
    | Summary
    | SetStatus
    | Link
    | Unlink
    | Me
    | Connect
    | Notify
    | Whois
    | Promote
    | Invite
    | Language
    | Reminders
    | Quiet
    | RemindAt
    | RemindersOn
    | PolicyCommand
    | BroadcastStart
    | BroadcastList
    | BroadcastStatus
    | Cancel
    | Plans
    | Agencies
    | Merge
    | Alias
    | SetTimeframe
    | Fixes
    | WebLogin
    | Export
    | Progress
    | Report
    | Result
    | Clarify
    | Unknown
    | Thanks
    | Funding
    | Received
)

# Questions that a plan's short name in the text limits to that plan (`/due NQ20`).
PLAN_LIMITED = (ListTasks, ShowTask, Search, Summary, SetStatus, Export, Progress, Funding)

_SECTION = r"(?P<section>[ivxlc]+|\d{1,2})"
_NUMBER = r"(?P<number>\d+(?:\.\d+)*)"
_TASK_WORD = r"(?:nhiem vu|nv|task|viec|item)\s*(?:(?:so|thu|number|no\.?|#)\s*)?"
_SECTION_WORD = (
    r"(?:muc|under section|in section|section|phan|of section|under|thuoc muc|trong muc|cua muc"
    r"|of part|in part|part|under part)\s*"
)
_LETTER_WORD = r"(?:muc|phan|section|in section|of section|thuoc muc|trong muc|cua muc|part|of part|in part)\s+"
# Words before a letter and a number that make them a room, a block or a time, not a task of a
# lettered section: "phòng B.2", "khu A.3", "8 h.30"
_PLACE_WORDS = frozenset({"phong", "tang", "khu", "lo", "toa", "nha", "day", "block", "room", "floor"})
_CODE_PATTERNS = [
    # "III.9", "II-3": only Roman numerals before the dot, so that "3.5 tỷ đồng" is not a task;
    # or a section lettered A to H, as plans also number them ("A.3"), with the dot only
    re.compile(
        rf"(?:(?P<plan>[a-z0-9][a-z0-9_-]*)\s+)?\b(?P<section>[ivxlc]+|[a-h](?=\s*\.))(?:\s*\.\s*|-){_NUMBER}\b"
    ),
    re.compile(rf"\b{_TASK_WORD}{_NUMBER}\s*,?\s*{_SECTION_WORD}{_SECTION}\b"),
    re.compile(rf"\b{_SECTION_WORD}{_SECTION}\s*,?\s*{_TASK_WORD}{_NUMBER}\b"),
    # "nhiệm vụ 2 mục B", "mục A nhiệm vụ 2": a lettered section after a word for a section
    # ("under" alone is no such word: "task 3 under a new plan")
    re.compile(rf"\b{_TASK_WORD}{_NUMBER}\s*,?\s*{_LETTER_WORD}(?P<section>[a-h])\b(?!\s*[.-]\s*\d)"),
    re.compile(rf"\b{_LETTER_WORD}(?P<section>[a-h])\s*,?\s*{_TASK_WORD}{_NUMBER}\b"),
    # "nhiệm vụ IV 9", "task II 3": a Roman section and the number apart, after a task word
    re.compile(rf"\b{_TASK_WORD}(?P<section>[ivxlc]+)\s+(?P<number>\d{{1,3}})\b(?![.,]\d)(?!\s*%)"),
]
# "nhiệm vụ 2.3", "nv số 5", "task 4.12", "task 2-9": kept as typed ("2.9"), a plan numbered
# in Roman finds it as II.9 (code_forms); not a count of days ("nv 1 tuần") nor a year
_ARABIC_CODE = re.compile(
    r"\b(?:nhiem vu|nv|nvu|task|viec|cong viec)\s*(?:(?:so|number|no\.?|#)\s*)?"
    r"(?P<number>\d{1,2}(?:[.-]\d{1,3}){0,2})\b"
    r"(?!\s*%)(?!\s*(?:ngay|hom|tuan|thang|quy|nam|days?|weeks?|months?|quarters?|years?)\b)(?![.,-]\d)"
    r"(?!\s*,?\s*(?:muc|phan|section|in section|of section|under|thuoc muc|trong muc|cua muc)\b)"
)
# A code without a task word before it ("cập nhật 2.14 đang làm", "3.2 xong"): read only
# where a status is reported on it (the recognizer decides), never a sum ("3.5 tỷ").
BARE_CODE = re.compile(
    r"(?<![\d.,/-])\b(?P<number>\d{1,2}[.-]\d{1,3})\b(?![.,/-]?\d)(?!\s*%)"
    r"(?!\s*(?:ty|trieu|nghin|ngan|dong|vnd|usd|km|m2|ha|tan|kg|ngay|tuan|thang|nam|lan|gio|h|am|pm)\b)"
)


def _section_numeral(text: str, roman_only: bool = False) -> str | None:
    if text.isdigit():
        number = int(text)
        return ROMAN_NUMERALS[number] if 0 < number < len(ROMAN_NUMERALS) else None
    if roman_only and text.upper() not in ROMAN_NUMERALS:
        return None
    return text.upper()


@dataclass(frozen=True)
class CodeMatch:
    code: str
    plan: str | None
    end: int  # where the code ends in the text searched
    start: int = field(default=0, compare=False)  # where it starts, its plan's name included


def find_code(folded: str, text: str | None = None) -> CodeMatch | None:
    """A task code written in any of the usual ways, normalised to "III.9". ``text``, the
    message ``folded`` was folded from, tells a section's letter from a word folded to one."""
    for pattern in _CODE_PATTERNS:
        for match in pattern.finditer(folded):
            # "II-3" only with a numeral a plan has: "c-1" or "ld-2" are something else
            hyphen = "-" in folded[match.start("section") : match.start("number")]
            section = _section_numeral(match["section"], roman_only=hyphen)
            if section is None or not _lettered_section(folded, text, match):
                continue
            plan = match.groupdict().get("plan")
            return CodeMatch(f"{section}.{match['number']}", plan.upper() if plan else None, match.end(), match.start())
    if (match := _ARABIC_CODE.search(folded)) is not None:
        return CodeMatch(match["number"].replace("-", "."), None, match.end(), match.start())
    return None


def _lettered_section(folded: str, text: str | None, match: re.Match[str]) -> bool:
    """Whether a section's letter ("A.2", "b. 2") is one: not a word that folds to a letter
    ("hỏi ạ. 2 việc quá hạn", "50 tr đ. 3 việc"), nor a room or an hour ("phòng B.2", "8 h.30")."""
    at = match.start("section")
    if match["section"] not in "abdefgh" or len(match["section"]) != 1:
        return True  # a Roman numeral
    if text is not None and not nfc(text)[at : at + 1].isascii():
        return False
    before = folded[:at].split()
    return not before or (before[-1] not in _PLACE_WORDS and not before[-1].isdigit())


# A task's numbers said in words ("nhiệm vụ ba chấm chín", "task three point nine", "nhiệm vụ số
# hai mục ba"): after a task word, number words joined by "chấm"/"point", or a number then a section
_UNITS = {
    **{w: n for n, w in enumerate(("mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin"), 1)},
    **{"tu": 4, "lam": 5},
    **{w: n for n, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), 1)},
    **{"ten": 10, "eleven": 11, "twelve": 12},
}
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_SPELLED = rf"(?:(?:{_UNIT})\s+muoi(?:\s+(?:{_UNIT}))?|muoi(?:\s+(?:{_UNIT}))?|(?:{_UNIT}))"
_SPELLED_TASK = r"(?:nhiem vu|nv|task|viec|cong viec|item)\s+(?:(?:so|thu|number|no)\s+)?"
_SPELLED_SECTION = r"(?:muc|phan|section|in section|of section|part|of part|in part)\s+"
_SPELLED_OR_DIGITS = rf"(?:{_SPELLED}|\d{{1,2}})"  # one of the two in words: "task 9 of section three"
_SPELLED_CODES = (
    # "nhiệm vụ ba chấm chín", "task three point nine", "nhiệm vụ số hai mục ba"
    re.compile(
        rf"\b{_SPELLED_TASK}(?P<a>{_SPELLED_OR_DIGITS})(?:\s+(?:cham|phay|point|dot)\s+(?P<b>{_SPELLED})"
        rf"|\s*,?\s+{_SPELLED_SECTION}(?P<s>{_SPELLED_OR_DIGITS}))\b"
    ),
    # "mục hai nhiệm vụ bốn", "section three task nine"
    re.compile(rf"\b{_SPELLED_SECTION}(?P<s>{_SPELLED_OR_DIGITS})\s*,?\s+{_SPELLED_TASK}(?P<a>{_SPELLED_OR_DIGITS})\b"),
)


def _spelled_number(words: str) -> int:
    """ "ba" 3, "mười một" 11, "hai mươi" 20, "nine" 9, "9" 9 (folded)."""
    if words.isdigit():
        return int(words)
    parts = words.split()
    if "muoi" not in parts:
        return _UNITS[parts[0]]
    at = parts.index("muoi")
    tens = _UNITS[parts[0]] if at else 1
    return tens * 10 + (_UNITS[parts[at + 1]] if at + 1 < len(parts) else 0)


def spelled_code(folded: str) -> str | None:
    """``folded`` with a task's numbers said in words written in digits, each right-aligned in
    the place of its words (every other position unchanged); None when none is said."""
    match = next((m for p in _SPELLED_CODES if (m := p.search(folded)) is not None), None)
    if match is None:
        return None
    text = folded
    if match.groupdict().get("b"):  # "ba chấm chín": one code in the place of the three words
        start, end = match.start("a"), match.end("b")
        written = f"{_spelled_number(match['a'])}.{_spelled_number(match['b'])}"
        return text[:start] + written.rjust(end - start) + text[end:]
    for group in sorted(("s", "a"), key=match.start, reverse=True):  # from the end: the positions before stay
        start, end = match.start(group), match.end(group)
        text = text[:start] + str(_spelled_number(match[group])).rjust(end - start) + text[end:]
    return text


def parse(text: str | None, directory: AgencyDirectory | None = None) -> Intent:
    """The intent of a message: a command through the registry, free text through the
    recognizer (with the agency directory when there is one)."""
    from bot.core.understanding import recognizer  # the recognizer builds on these types

    return recognizer(directory).parse(text)


def split_plan(text: str, plans: Collection[str]) -> tuple[str | None, str]:
    """A word of ``text`` that is a plan's short name (any case), and the text without it."""
    names = {plan.upper(): plan for plan in plans}
    text = nfc(text)  # the folded text's positions are the NFC text's
    for match in re.finditer(r"[^\s,;:?!]+", text):
        plan = names.get(match[0].upper().rstrip("."))
        if plan is not None:
            # "tìm hồ sơ trong (kế hoạch) KH-CDS": the words tying the plan to the question go with it
            begin = match.start()
            if (said := _PLAN_NAMED.search(fold(text), 0, begin)) is not None:
                begin = said.start()
            rest = f"{text[:begin]} {text[match.end() :]}"
            return plan, re.sub(r"\s+", " ", rest).strip()
    return None, text


# "kế hoạch chuyển đổi số", "KH phòng chống thiên tai", "the digital plan": a plan named by words
# of its title, after the word for a plan; words that say nothing of which plan it is are
# skipped before them ("kế hoạch về ...", "kế hoạch thực hiện ...") and never enough alone.
_PLAN_WORD = re.compile(r"\b(?:ke hoach|kh|plan|chuong trinh|de an)\b")
_TITLE_WORD = re.compile(r"[0-9a-z]+")
_FILLER = frozenset({"ve", "cua", "thuc", "hien", "trien", "khai", "nam", "tinh", "the", "of", "on", "for"})
# Words that make "kế hoạch" the plan a task makes, not one loaded: "xây dựng kế hoạch ...".
_MAKING = re.compile(
    r"\b(?:xay dung|lap|ban hanh|soan|soan thao|trinh|phe duyet|tham muu|dieu chinh|sua doi"
    r"|develop|draft|prepare|issue|make)\s+(?:(?:cac|mot|the|a)\s+)?$"
)
# Words that tie a plan to what is asked, before its name: "việc quá hạn trong/của/thuộc kế hoạch ...".
_TIE = re.compile(r"(?:^|\s)(?:trong|cua|thuoc|theo|o|in|of|from|under|for)\s+(?:the\s+)?$")
_PLAN_NAMED = re.compile(
    r"(?:\b(?:trong|cua|thuoc|theo|o|in|of|from|under|for)\s+(?:the\s+)?)?\b(?:ke hoach|kh|plan)\s+$"
    r"|\b(?:trong|cua|thuoc|theo|o|in|of|from|under|for)\s+(?:the\s+)?$"
)
_NUMBER_WORD = "so"  # "số": in a title or not ("Nghị quyết số 20", "nghị quyết 20"), it names nothing


def plan_by_title(text: str, titles: Mapping[str, str]) -> tuple[str | None, str]:
    """The plan (short name) whose title holds the most words said after "kế hoạch" or
    "plan", in their order, and the text without them; (None, text) when no plan's title
    holds a telling run of them or two plans' alike (the question stays on every plan)."""
    text = nfc(text)  # the folded text's positions are the NFC text's
    folded = fold(text)
    found: dict[str, tuple[int, int, int]] = {}  # plan: words matched, from, to (characters)
    spelled: dict[str, str] = {}  # each title's words, folded once
    for keyword in _PLAN_WORD.finditer(folded):
        if not spelled:
            spelled = {
                plan: f" {' '.join(w for w in _TITLE_WORD.findall(fold(title)) if w != _NUMBER_WORD)} "
                for plan, title in titles.items()
            }
        if _MAKING.search(folded, 0, keyword.start()):
            continue  # "xây dựng kế hoạch phát triển du lịch": a plan to be made, the work searched
        said = []
        for w in _TITLE_WORD.finditer(folded, keyword.end()):
            if w[0] == _NUMBER_WORD and (
                # "sở", not "số" nor "cơ sở" ("y tế cơ sở": words of a title)
                (text[w.start() : w.end()].lower() == "sở" and not (said and said[-1][0] == "co"))
                or (said and said[-1][0] in ("cua", "of"))
            ):
                break  # "kế hoạch của sở y tế": an agency's, its name no title's words
            if w[0] != _NUMBER_WORD:
                said.append(w)
        said = said[:12]
        start = next((n for n, w in enumerate(said[:3]) if w[0] not in _FILLER), None)
        if start is None:
            continue
        for plan, written in spelled.items():
            run = 0
            while start + run < len(said) and f" {' '.join(w[0] for w in said[start : start + run + 1])} " in written:
                run += 1
            telling = run >= 2 or (run == 1 and len(said[start][0]) >= 5)
            if telling and run > found.get(plan, (0, 0, 0))[0]:
                end = said[start + run - 1].end()
                while (after := _TITLE_WORD.match(folded, end + 1)) is not None and after[0] == _NUMBER_WORD:
                    end = after.end()  # "chuyển đổi số": its "số" too
                found[plan] = (run, keyword.start(), end)
    if not found:
        return None, text
    best = max(run for run, _, _ in found.values())
    plans = [plan for plan, (run, _, _) in found.items() if run == best]
    if len(plans) > 1:
        return None, text
    _, begin, end = found[plans[0]]
    if (tie := _TIE.search(folded, 0, begin)) is not None:
        begin = tie.start()  # "hồ sơ bệnh án trong kế hoạch ...": "trong" goes with the plan
    return plans[0], re.sub(r"\s+", " ", f"{text[:begin]} {text[end:]}").strip(" ,;:-")
