"""Every command, declared once: its names in both languages, how its argument reads, who
may use it, what answers it, and its menu and help text (catalogue keys ``cmd.<name>``).

The parser (`parse_command`), the conversation's router (`route`), the help text
(`help_lines`), Telegram's command menu (`menu`) and the role check are all read from
`COMMANDS`: adding a command is one `Command(...)` here and its two texts in the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from base.events import Outcome, Reply
from base.markup import Html
from bot.core import broadcast_answers as broadcasts
from bot.core import channel_answers as channels
from bot.core import data_fixes, progress_answers, web_answers
from bot.core import intents as i
from bot.core import people_answers as who
from bot.core import reminder_answers as reminders
from bot.core.plan_answers import list_agencies, list_plans
from bot.core.summary import summary
from bot.core.task_answers import show_task, status_by_code
from domain.people import Role
from domain.tasks import Status
from domain.text import fold

if TYPE_CHECKING:
    from bot.core.context import Context


class Router(Protocol):
    """What handlers need from the conversation: its answers that span several modules."""

    async def list_answer(self, ctx: Context, intent: i.ListTasks) -> Reply: ...
    def help_answer(self, ctx: Context, greet: bool = False) -> Reply: ...
    async def unknown_answer(self, ctx: Context, text: str) -> Reply: ...
    async def search_answer(self, ctx: Context, words: str, plan: str | None) -> Reply: ...
    async def clarify_answer(self, ctx: Context, intent: i.Clarify) -> Reply: ...


Handler = Callable[["Router", "Context", object], Awaitable[Outcome]]


@dataclass(frozen=True)
class Command:
    name: str  # the Telegram command, and the key of its texts: cmd.<name>
    build: Callable[[str], i.Intent]  # the argument grammar: what follows the command -> intent
    aliases: tuple[str, ...] = ()  # other names, Vietnamese ones without diacritics
    role: Role = Role.MEMBER  # the least role that may use it
    menu: bool = False  # shown in Telegram's command menu and the help's list


def _list(kind: i.ListKind) -> Callable[[str], i.Intent]:
    return lambda args: i.ListTasks(kind, agency=args or None)


def _due(args: str) -> i.Intent:
    year = re.search(r"(?:\b(?:năm|nam|in)\s+)?\b((?:19|20|21)\d\d)\b", args, re.IGNORECASE)
    rest = (args[: year.start()] + args[year.end() :]).strip() if year else args
    return i.ListTasks(i.ListKind.DUE, year=int(year[1]) if year else None, agency=rest or None)


def _upcoming(args: str) -> i.Intent:
    days = re.search(r"\d{1,6}", args)
    return i.ListTasks(i.ListKind.UPCOMING, days=min(int(days[0]), 366) if days else 30)


def _task(args: str) -> i.Intent:
    found = i.find_code(fold(args))
    return i.ShowTask(found.code, found.plan) if found else i.ShowTask("")


def _status(status: Status) -> Callable[[str], i.Intent]:
    def build(args: str) -> i.Intent:
        found = i.find_code(fold(args))
        if found is None:
            return i.SetStatus(None, status)
        # The note is what follows the code, in the user's own spelling (fold keeps positions).
        return i.SetStatus(found.code, status, args[found.end :].strip(" :-–,"), found.plan)

    return build


def _progress(args: str) -> i.Intent:
    """The charts; with a task's code, as before the charts, that task is in progress."""
    found = i.find_code(fold(args))
    return _status(Status.IN_PROGRESS)(args) if found else i.Progress()


COMMANDS: tuple[Command, ...] = (
    Command("start", lambda a: i.Start(a or None)),
    Command("my", lambda a: i.ListTasks(i.ListKind.MINE, agency=a or None), ("mytasks", "mine", "cuatoi"), menu=True),
    Command("due", _due, ("denhan",), menu=True),
    Command("overdue", _list(i.ListKind.OVERDUE), ("quahan", "late"), menu=True),
    Command("upcoming", _upcoming, ("soon", "sapden"), menu=True),
    Command("ongoing", _list(i.ListKind.ONGOING), ("thuongxuyen",), menu=True),
    Command("coordinating", _list(i.ListKind.COORDINATING), ("coordinate", "phoihop")),
    Command("task", _task, ("nhiemvu",), menu=True),
    Command("search", i.Search, ("find", "tim"), menu=True),
    Command("agency", lambda a: i.ListTasks(i.ListKind.AGENCY, agency=a), ("coquan",), menu=True),
    Command("summary", lambda _a: i.Summary(), ("tonghop",), menu=True),
    Command("progress", _progress, ("tiendo", "bieudo", "chart"), menu=True),
    Command("export", i.Export, ("xuat", "excel"), menu=True),
    Command("result", i.Result, ("ketqua",), menu=True),
    Command("done", _status(Status.DONE), ("xong", "hoanthanh"), menu=True),
    Command("doing", _status(Status.IN_PROGRESS), ("inprogress", "danglam"), menu=True),
    Command("blocked", _status(Status.BLOCKED), ("vuong", "vuongmac"), menu=True),
    Command("reminders", lambda _a: i.Reminders(), ("nhacviec",), menu=True),
    Command("quiet", i.Quiet, ("mute",), menu=True),
    Command("remind_at", i.RemindAt, (), menu=True),
    Command("plans", lambda _a: i.Plans(), ("kehoach",), menu=True),
    Command("agencies", lambda _a: i.Agencies(), ("coquanlist", "donvi", "cacsocquan"), menu=True),
    Command("link", i.Link, ("lienket",), menu=True),
    Command("unlink", i.Unlink, (), menu=True),
    Command("connect", i.Connect, ("ketnoi",), menu=True),
    Command("notify", i.Notify, (), menu=True),
    Command("me", lambda _a: i.Me(), (), menu=True),
    Command("lang", i.Language, ("language", "ngonngu"), menu=True),
    Command("web", lambda _a: i.WebLogin(), ("dashboard",), menu=True),
    Command("help", lambda _a: i.Help(), ("menu", "trogiup", "huongdan"), menu=True),
    Command("cancel", lambda _a: i.Cancel(), ("huy",)),
    # coordinators
    Command("invite", i.Invite, (), Role.COORDINATOR),
    Command("whois", i.Whois, (), Role.COORDINATOR),
    Command("reminders_on", i.RemindersOn, (), Role.COORDINATOR),
    Command("policy", i.PolicyCommand, (), Role.COORDINATOR),
    Command("broadcast", lambda _a: i.BroadcastStart(), (), Role.COORDINATOR),
    Command("broadcasts", lambda _a: i.BroadcastList(), (), Role.COORDINATOR),
    Command("broadcast_status", i.BroadcastStatus, (), Role.COORDINATOR),
    Command("merge", i.Merge, ("gop",), Role.COORDINATOR),
    Command("alias", i.Alias, (), Role.COORDINATOR),
    Command("timeframe", i.SetTimeframe, ("thoigian",), Role.COORDINATOR),
    Command("fixes", lambda _a: i.Fixes(), (), Role.COORDINATOR),
    Command("report", i.Report, ("baocao",), Role.COORDINATOR),
    Command("promote", i.Promote, (), Role.ADMIN),
)

BY_NAME: dict[str, Command] = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z_]+)(?:@\w+)?(?:\s+(?P<args>.*))?$", re.S)


def parse_command(text: str) -> i.Intent | None:
    """The intent of a message starting with "/", or None for free text."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    command = BY_NAME.get(match["name"].lower())
    if command is None:
        return i.Unknown(f"/{match['name'].lower()}")
    return command.build((match["args"] or "").strip())


def menu() -> list[str]:
    """Telegram's command menu: the commands everyone may use, in order."""
    return [c.name for c in COMMANDS if c.menu]


def help_lines(texts: Callable[..., Html], staff: bool) -> list[Html]:
    """One line per command the reader may use: "/due — Đến hạn năm nay"."""
    shown = [c for c in COMMANDS if c.menu or (staff and c.role is not Role.MEMBER)]
    return [Html(f"/{c.name} — {texts(f'cmd.{c.name}')}") for c in shown]


def allowed(ctx: Context, intent: i.Intent) -> Reply | None:
    """None when the asker may do what ``intent`` does, else the refusal. Answers check
    again (buttons reach them without a command)."""
    role = _ROLES.get(type(intent), Role.MEMBER)
    if role is Role.COORDINATOR and not ctx.actor.is_staff:
        return Reply(ctx.texts("denied", role=ctx.texts(f"role.{role.value}")))
    return None


# The least role of each intent, from the commands that make it.
_ROLES: dict[type, Role] = {}
for _command in COMMANDS:
    _made = type(_command.build(""))
    if _command.role is not Role.MEMBER:
        _ROLES[_made] = _command.role


# -- routing: which answer each intent gets --------------------------------------------------


def _one(reply: Reply) -> Outcome:
    return Outcome([reply])


async def route(router: Router, ctx: Context, intent: i.Intent) -> Outcome:
    if (refusal := allowed(ctx, intent)) is not None:
        return _one(refusal)
    match intent:
        case i.Start(payload=payload) if payload:
            return _one(await who.redeem(ctx, payload))
        case i.Start() | i.Help():
            return _one(router.help_answer(ctx, greet=isinstance(intent, i.Start)))
        case i.ListTasks():
            return _one(await router.list_answer(ctx, intent))
        case i.ShowTask(code=code, plan=plan):
            return _one(await show_task(ctx, code, plan))
        case i.Search(words=words, plan=plan):
            return _one(await router.search_answer(ctx, words, plan))
        case i.Summary(plan=plan):
            return _one(await summary(ctx, plan))
        case i.Progress() | i.Export() | i.Report() | i.Result():
            return Outcome(await progress_answers.answer(ctx, intent))
        case i.SetStatus(code=code, status=status, note=note, plan=plan):
            return _one(await status_by_code(ctx, code, plan, status, note))
        case i.Link(argument=argument):
            return await who.link(ctx, argument)
        case i.Unlink(argument=argument):
            return _one(await who.unlink(ctx, argument))
        case i.Me():
            return _one(who.me(ctx))
        case i.Connect(code=code):
            return _one(await channels.connect(ctx, code))
        case i.Notify(argument=argument):
            return _one(await channels.notify(ctx, argument))
        case i.Whois(argument=argument):
            return _one(await who.whois(ctx, argument))
        case i.Promote(argument=argument):
            return await who.promote(ctx, argument)
        case i.Invite(argument=argument):
            return _one(await who.invite(ctx, argument))
        case i.Language(code=code):
            return _one(await who.language(ctx, code))
        case i.Reminders():
            return _one(await reminders.show_reminders(ctx))
        case i.Quiet(argument=argument):
            return _one(await reminders.quiet(ctx, argument))
        case i.RemindAt(argument=argument):
            return _one(await reminders.remind_at(ctx, argument))
        case i.RemindersOn(argument=argument):
            return _one(await reminders.reminders_on(ctx, argument))
        case i.PolicyCommand(argument=argument):
            return _one(await reminders.policy(ctx, argument))
        case i.BroadcastStart():
            return _one(await broadcasts.start(ctx))
        case i.BroadcastList():
            return _one(await broadcasts.list_recent(ctx))
        case i.BroadcastStatus(argument=argument):
            return _one(await broadcasts.status(ctx, argument))
        case i.Cancel():
            return _one(await broadcasts.cancel(ctx))
        case i.Plans():
            return _one(list_plans(ctx))
        case i.Agencies():
            return _one(list_agencies(ctx))
        case i.Merge(argument=argument):
            return _one(await data_fixes.merge_command(ctx, argument))
        case i.Alias(argument=argument):
            return _one(await data_fixes.alias_command(ctx, argument))
        case i.SetTimeframe(argument=argument):
            return _one(await data_fixes.timeframe_command(ctx, argument))
        case i.Fixes():
            return _one(await data_fixes.list_fixes(ctx))
        case i.WebLogin():
            return _one(await web_answers.web_link(ctx))
        case i.Clarify():
            return _one(await router.clarify_answer(ctx, intent))
        case i.Unknown(text=text):
            return _one(await router.unknown_answer(ctx, text))
    raise AssertionError(f"unhandled intent {intent!r}")
