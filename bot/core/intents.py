"""What a message asks for: commands and free text, Vietnamese (with or without
diacritics) and English. Pure: text in, intent out.

Hand-written rules rather than a language model: the questions are few and fixed,
the answers must be exact, and the phrasing of civil servants is predictable.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from domain.tasks import Status
from domain.text import fold, nfc


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
    pass


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


@dataclass(frozen=True)
class Plans:
    pass


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
    pass


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
class Progress:  # /progress, "tiến độ", "biểu đồ": charts (bot/core/progress_answers.py)
    plan: str | None = None


@dataclass(frozen=True)
class Export:  # /export xlsx|csv|ics, "xuất excel"
    argument: str = ""


@dataclass(frozen=True)
class Report:  # /report [year]: the year's Word report (coordinators)
    argument: str = ""


@dataclass(frozen=True)
class Result:  # /result III.9 text: a lead agency's one-line result of the year
    argument: str = ""


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
    | Merge
    | Alias
    | SetTimeframe
    | Fixes
    | WebLogin
    | Progress
    | Export
    | Report
    | Result
    | Unknown
)

# Questions that a plan's short name in the text limits to that plan (`/due NQ20`).
PLAN_LIMITED = (ListTasks, ShowTask, Search, Summary, SetStatus, Progress)

_ROMAN = (
    "",
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
)
_SECTION = r"(?P<section>[ivxlc]+|\d{1,2})"
_NUMBER = r"(?P<number>\d+(?:\.\d+)*)"
_TASK_WORD = r"(?:nhiem vu|nv|task|viec)\s*(?:so\s*)?"
_SECTION_WORD = r"(?:muc|in section|section|phan|of section)\s*"
_CODE_PATTERNS = [
    # "III.9": only Roman numerals before the dot, so that "3.5 tỷ đồng" is not a task
    re.compile(rf"(?:(?P<plan>[a-z0-9][a-z0-9_-]*)\s+)?\b(?P<section>[ivxlc]+)\s*\.\s*{_NUMBER}\b"),
    re.compile(rf"\b{_TASK_WORD}{_NUMBER}\s*,?\s*{_SECTION_WORD}{_SECTION}\b"),
    re.compile(rf"\b{_SECTION_WORD}{_SECTION}\s*,?\s*{_TASK_WORD}{_NUMBER}\b"),
]


def _section_numeral(text: str) -> str | None:
    if text.isdigit():
        number = int(text)
        return _ROMAN[number] if 0 < number < len(_ROMAN) else None
    return text.upper()


@dataclass(frozen=True)
class CodeMatch:
    code: str
    plan: str | None
    end: int  # where the code ends in the text searched


def find_code(folded: str) -> CodeMatch | None:
    """A task code written in any of the usual ways, normalised to "III.9"."""
    for pattern in _CODE_PATTERNS:
        for match in pattern.finditer(folded):
            section = _section_numeral(match["section"])
            if section is None:
                continue
            plan = match.groupdict().get("plan")
            return CodeMatch(f"{section}.{match['number']}", plan.upper() if plan else None, match.end())
    return None


_COMMANDS: dict[str, str] = {
    "start": "start",
    "help": "help",
    "menu": "help",
    "my": "my",
    "mytasks": "my",
    "mine": "my",
    "due": "due",
    "overdue": "overdue",
    "upcoming": "upcoming",
    "soon": "upcoming",
    "ongoing": "ongoing",
    "coordinating": "coordinating",
    "coordinate": "coordinating",
    "phoihop": "coordinating",
    "task": "task",
    "search": "search",
    "find": "search",
    "agency": "agency",
    "summary": "summary",
    "link": "link",
    "unlink": "unlink",
    "connect": "connect",
    "ketnoi": "connect",
    "notify": "notify",
    "me": "me",
    "whois": "whois",
    "promote": "promote",
    "invite": "invite",
    "lang": "lang",
    "language": "lang",
    "done": "done",
    "doing": "doing",
    "progress": "doing",
    "inprogress": "doing",
    "blocked": "blocked",
    "reminders": "reminders",
    "quiet": "quiet",
    "mute": "quiet",
    "remind_at": "remind_at",
    "reminders_on": "reminders_on",
    "policy": "policy",
    "broadcast": "broadcast",
    "broadcasts": "broadcasts",
    "broadcast_status": "broadcast_status",
    "cancel": "cancel",
    "huy": "cancel",
    "plans": "plans",
    "kehoach": "plans",
    "merge": "merge",
    "gop": "merge",
    "alias": "alias",
    "timeframe": "timeframe",
    "thoigian": "timeframe",
    "fixes": "fixes",
    "web": "web",
    "dashboard": "web",
    **{"export": "export", "xuat": "export", "report": "report", "baocao": "report", "result": "result"},
    **{"ketqua": "result", "chart": "chart", "tiendo": "chart", "bieudo": "chart"},
}
_STATUS_COMMANDS = {"done": Status.DONE, "doing": Status.IN_PROGRESS, "blocked": Status.BLOCKED}
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z_]+)(?:@\w+)?(?:\s+(?P<args>.*))?$", re.S)


@lru_cache(maxsize=4096)  # people ask the same few questions all day; intents are immutable
def parse(text: str | None) -> Intent:
    text = nfc(text or "").strip()
    if not text:
        return Help()
    if match := _COMMAND.match(text):
        return _command(match["name"].lower(), (match["args"] or "").strip())
    return _free_text(text)


def _status(status: Status, args: str) -> SetStatus:
    found = find_code(fold(args))
    if found is None:
        return SetStatus(None, status)
    # The note is what follows the code, in the user's own spelling (fold keeps positions).
    return SetStatus(found.code, status, args[found.end :].strip(" :-–,"), found.plan)


def _command(name: str, args: str) -> Intent:
    command = _COMMANDS.get(name)
    if command is None:
        return Unknown(f"/{name}")
    simple: dict[str, Intent] = {
        "help": Help(),
        "my": ListTasks(ListKind.MINE),
        "overdue": ListTasks(ListKind.OVERDUE),
        "ongoing": ListTasks(ListKind.ONGOING),
        "coordinating": ListTasks(ListKind.COORDINATING),
        "summary": Summary(),
        "me": Me(),
    }
    if command == "start":
        return Start(args or None)
    if command == "reminders":
        return Reminders()
    if command == "web":
        return WebLogin()
    if command == "chart" or (name == "progress" and not args):  # `/progress III.9` still says in progress
        return Progress()
    if command in ("export", "report", "result"):
        return {"export": Export, "report": Report, "result": Result}[command](args)
    if command in ("plans", "fixes"):
        return Plans() if command == "plans" else Fixes()
    if command in ("broadcast", "broadcasts", "cancel"):
        return {"broadcast": BroadcastStart(), "broadcasts": BroadcastList(), "cancel": Cancel()}[command]
    if command in simple and not args:
        return simple[command]
    if command in ("my", "overdue", "ongoing", "coordinating"):
        return ListTasks(ListKind(command if command != "my" else "mine"), agency=args)
    if command == "due":
        year = re.search(r"(?:\b(?:năm|nam|in)\s+)?\b((?:19|20|21)\d\d)\b", args, re.IGNORECASE)
        rest = (args[: year.start()] + args[year.end() :]).strip() if year else args
        return ListTasks(ListKind.DUE, year=int(year[1]) if year else None, agency=rest or None)
    if command == "upcoming":
        days = re.search(r"\d{1,6}", args)
        return ListTasks(ListKind.UPCOMING, days=min(int(days[0]), 366) if days else 30)
    if command == "task":
        found = find_code(fold(args))
        return ShowTask(found.code, found.plan) if found else ShowTask("")
    if command in _STATUS_COMMANDS:
        return _status(_STATUS_COMMANDS[command], args)
    factories = {
        "search": Search,
        "agency": lambda a: ListTasks(ListKind.AGENCY, agency=a),
        "link": Link,
        "unlink": Unlink,
        "connect": Connect,
        "notify": Notify,
        "whois": Whois,
        "promote": Promote,
        "invite": Invite,
        "lang": Language,
        "summary": lambda _a: Summary(),
        "me": lambda _a: Me(),
        "help": lambda _a: Help(),
        "quiet": Quiet,
        "remind_at": RemindAt,
        "reminders_on": RemindersOn,
        "policy": PolicyCommand,
        "broadcast_status": BroadcastStatus,
        "merge": Merge,
        "alias": Alias,
        "timeframe": SetTimeframe,
    }
    return factories[command](args)


def _has(folded: str, *phrases: str) -> bool:
    return any(re.search(rf"\b{phrase}\b", folded) for phrase in phrases)


_MINE = (r"cua toi", r"cua minh", r"cua chung toi", r"cua em", r"my", r"mine", r"toi", r"our")
# Folding merges words that mean different things: "trễ" (late) and "trẻ" (children),
# "chậm" (slow) and "chăm" (care), "hạn" (deadline) and "Hàn" (Korea), "sắp" (soon) and
# "sắp xếp" (arrange). Bare words count only with their marks, as typed (_MARKED);
# without marks only whole phrases do, so that topic words search instead.
_OVERDUE = (r"qua han", r"tre han", r"cham tien do", r"overdue", r"late")
# "chậm phát triển" is a developmental delay (a plan's topic), not a late task.
_OVERDUE_MARKED = (r"trễ", r"chậm(?! phát triển)")
_UPCOMING = (
    r"sap den han",
    r"sap toi han",
    r"sap het han",
    r"sap toi",
    r"upcoming",
    r"coming up",
    r"soon",
    r"next \d+ days?",
    r"\d+ ngay toi",
    r"trong \d+ ngay",
)
_ONGOING = (r"thuong xuyen", r"ongoing", r"khong co han", r"no deadline")
_COORDINATING = (r"phoi hop", r"coordinat\w*")
_DUE = (
    r"den han",
    r"toi han",
    r"due",
    r"nam nay",
    r"this year",
    r"nam sau",
    r"next year",
    r"(?<!viet )nam \d{4}",  # "Việt Nam 2030" names a strategy, not the year
    r"in \d{4}",
)
_YEAR = re.compile(r"(?<!viet nam )\b((?:19|20|21)\d\d)\b")
_SUMMARY = (r"tong hop", r"thong ke", r"tinh hinh", r"bao cao tong hop", r"summary", r"overview", r"report")
_HELP = (r"help", r"giup", r"huong dan", r"xin chao", r"chao", r"hello", r"hi", r"menu", r"start", r"bat dau")
_ME = (r"toi la ai", r"who am i", r"thong tin cua toi")
_SEARCH = re.compile(r"^(?:tim kiem|tim|search|find|tra cuu)\s+(.+)$", re.S)
_STATUS_WORDS = [
    (re.compile(r"^(?:da |)(?:xong|hoan thanh|done|finished|completed?)\b"), Status.DONE),
    (re.compile(r"^(?:dang lam|dang thuc hien|dang trien khai|in progress|doing|started)\b"), Status.IN_PROGRESS),
    (re.compile(r"^(?:bi |)(?:vuong mac|vuong|blocked|stuck|kho khan)\b"), Status.BLOCKED),
]
_AGENCY_AFTER = re.compile(r"\b(?:cua|of|for|thuoc)\s+(?P<name>.+)$")
# Words of the question itself that can follow an agency's name: cut there.
_QUESTION_TAIL = re.compile(
    r"(?:^|\s+)(?:den han|toi han|qua han|tre han|cham tien do|sap (?:den han|toi han|het han|toi)|"
    r"thuong xuyen|nam nay|nam sau|(?:trong )?(?<!viet )nam \d{4}|due|"
    r"overdue|this year|next year|in \d{4}|(?:trong )?\d+ ngay|(?:in )?(?:the )?next \d+ days?|upcoming|"
    r"ongoing|la gi|nhu the nao)\b.*$"
)
_LIST_WORDS = (r"nhiem vu", r"cong viec", r"viec", r"tasks?", r"danh sach", r"list")


def _agency_in(text: str, folded: str) -> str | None:
    match = _AGENCY_AFTER.search(folded)
    if match is None:
        return None
    name = _QUESTION_TAIL.sub("", match["name"])
    start = match.start("name") + len(name) - len(name.lstrip(" ?.!,"))
    name_folded = name.strip(" ?.!,")
    if not name_folded or re.fullmatch(r"(?:toi|minh|chung toi|em|me|mine|us|my agency)", name_folded):
        return None
    return text[start : start + len(name_folded)]


def _free_text(text: str) -> Intent:
    folded = re.sub(r"\s+", " ", fold(text)).strip(" ?!.")
    text = re.sub(r"\s+", " ", text).strip(" ?!.")
    for pattern, status in _STATUS_WORDS:
        if (match := pattern.match(folded)) and find_code(folded):
            return _status(status, text[match.end() :])
    if match := _SEARCH.match(folded):
        return Search(text[match.start(1) :])
    if found := find_code(folded):
        return ShowTask(found.code, found.plan)
    agency = _agency_in(text, folded)
    if _has(folded, *_ME):
        return Me()
    if _has(folded, r"nhac viec", r"lich nhac", r"reminders?"):
        return Reminders()
    if _has(folded, *_OVERDUE) or _has(text.lower(), *_OVERDUE_MARKED):
        return ListTasks(ListKind.OVERDUE, agency=agency)
    if _has(folded, *_UPCOMING):
        days = re.search(r"\b(\d{1,6})\s*(?:ngay|days?)\b", folded)
        return ListTasks(ListKind.UPCOMING, days=min(int(days[1]), 366) if days else 30, agency=agency)
    if _has(folded, *_ONGOING):
        return ListTasks(ListKind.ONGOING, agency=agency)
    if _has(folded, *_COORDINATING):
        return ListTasks(ListKind.COORDINATING, agency=agency)
    if _has(folded, r"bao cao(?: nam)?(?: (?:19|20|21)\d\d)?") and not _has(folded, r"bao cao tong hop"):
        return Report(_YEAR.search(folded)[1] if _YEAR.search(folded) else "")
    if _has(folded, *_DUE):
        year = _YEAR.search(folded)
        offset = 1 if _has(folded, r"nam sau", r"next year") else 0
        return ListTasks(ListKind.DUE, year=int(year[1]) if year else None, year_offset=offset, agency=agency)
    if _has(folded, r"tien do", r"bieu do(?: tien do)?", r"progress", r"chart"):
        return Progress()
    if _has(folded, r"xuat (?:excel|csv|ics|file|tep|lich)", r"export", r"tai (?:excel|file excel)"):
        return Export(next((k for k in ("csv", "ics", "lich") if _has(folded, k)), "xlsx").replace("lich", "ics"))
    if _has(folded, *_SUMMARY):
        return Summary()
    if agency is not None and _has(folded, *_LIST_WORDS):
        return ListTasks(ListKind.AGENCY, agency=agency)
    if _has(folded, *_MINE) and _has(folded, *_LIST_WORDS):
        return ListTasks(ListKind.MINE)
    if _has(folded, *_HELP) and len(folded.split()) <= 4:
        return Help()
    return Unknown(text)


def split_plan(text: str, plans: Collection[str]) -> tuple[str | None, str]:
    """A word of ``text`` that is a plan's short name (any case), and the text without it."""
    names = {plan.upper(): plan for plan in plans}
    for match in re.finditer(r"[^\s,;:?!]+", text):
        plan = names.get(match[0].upper().rstrip("."))
        if plan is not None:
            rest = f"{text[: match.start()]} {text[match.end() :]}"
            return plan, re.sub(r"\s+", " ", rest).strip()
    return None, text
