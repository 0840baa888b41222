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
from typing import TYPE_CHECKING, Any, Protocol

from base.events import Outcome, Reply
from base.markup import Html, join
from bot.core import broadcast_answers as broadcasts
from bot.core import channel_answers as channels
from bot.core import data_fixes, progress_answers, web_answers
from bot.core import intents as i
from bot.core import people_answers as who
from bot.core import reminder_answers as reminders
from bot.core.funding_answers import funding_asked
from bot.core.plan_answers import list_agencies, list_plans
from bot.core.summary import summary_asked
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


Handler = Callable[["Router", "Context", Any], Awaitable[Outcome]]


@dataclass(frozen=True)
class Command:
    name: str  # the Telegram command, and the key of its texts: cmd.<name>
    build: Callable[[str], i.Intent]  # the argument grammar: what follows the command -> intent
    handle: Handler  # what answers the intent it builds (the same intent asked in words too)
    aliases: tuple[str, ...] = ()  # other names, Vietnamese ones without diacritics
    role: Role = Role.MEMBER  # the least role that may use it
    menu: bool = False  # shown in Telegram's command menu and the help's list


# -- handlers: how an intent is answered -------------------------------------------------------


def _year(argument: str) -> int | None:
    """ "/summary 2025": the year typed, if that is all the argument is."""
    found = re.fullmatch(r"\s*(?:năm|nam|year)?\s*((?:19|20|21)\d\d)\s*", argument, re.IGNORECASE)
    return int(found[1]) if found else None


def _one(reply: Reply) -> Outcome:
    return Outcome([reply])


def answer(fn: Callable[[Context, Any], Awaitable[Reply]]) -> Handler:
    """A handler from an answer of the context and the intent, giving one reply."""

    async def handle(_router: Router, ctx: Context, intent: Any) -> Outcome:
        return _one(await fn(ctx, intent))

    return handle


def answer_now(fn: Callable[[Context, Any], Reply]) -> Handler:
    """The same, for an answer that needs no database."""

    async def handle(_router: Router, ctx: Context, intent: Any) -> Outcome:
        return _one(fn(ctx, intent))

    return handle


async def _start(router: Router, ctx: Context, intent: i.Start | i.Help) -> Outcome:
    if isinstance(intent, i.Start) and intent.payload:
        return _one(await who.redeem(ctx, intent.payload))
    if isinstance(intent, i.Help) and (topic := help_topic(ctx.texts, intent.topic)) is not None:
        return _one(Reply(topic))
    return _one(router.help_answer(ctx, greet=isinstance(intent, i.Start)))


async def _lists(router: Router, ctx: Context, intent: i.ListTasks) -> Outcome:
    return _one(await router.list_answer(ctx, intent))


async def _search(router: Router, ctx: Context, intent: i.Search) -> Outcome:
    return _one(await router.search_answer(ctx, intent.words, intent.plan))


async def _clarify(router: Router, ctx: Context, intent: i.Clarify) -> Outcome:
    return _one(await router.clarify_answer(ctx, intent))


async def _unknown(router: Router, ctx: Context, intent: i.Unknown) -> Outcome:
    return _one(await router.unknown_answer(ctx, intent.text))


async def _charts(_router: Router, ctx: Context, intent: i.Intent) -> Outcome:
    return Outcome(await progress_answers.answer(ctx, intent))


async def _link(_router: Router, ctx: Context, intent: i.Link) -> Outcome:
    return await who.link(ctx, intent.argument)


async def _promote(_router: Router, ctx: Context, intent: i.Promote) -> Outcome:
    return await who.promote(ctx, intent.argument)


_set_status = answer(lambda ctx, it: status_by_code(ctx, it.code, it.plan, it.status, it.note))
_task = answer(lambda ctx, it: show_task(ctx, it.code, it.plan))


def _list(kind: i.ListKind) -> Callable[[str], i.Intent]:
    return lambda args: i.ListTasks(kind, agency=args or None)


def _due(args: str) -> i.Intent:
    year = re.search(r"(?:\b(?:năm|nam|in)\s+)?\b((?:19|20|21)\d\d)\b", args, re.IGNORECASE)
    rest = (args[: year.start()] + args[year.end() :]).strip() if year else args
    return i.ListTasks(i.ListKind.DUE, year=int(year[1]) if year else None, agency=rest or None)


def _upcoming(args: str) -> i.Intent:
    days = re.search(r"\d{1,6}", args)
    return i.ListTasks(i.ListKind.UPCOMING, days=min(int(days[0]), 366) if days else 30)


def _task_code(args: str) -> i.Intent:
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
    Command("start", lambda a: i.Start(a or None), _start),
    Command(
        "my", lambda a: i.ListTasks(i.ListKind.MINE, agency=a or None), _lists, ("mytasks", "mine", "cuatoi"), menu=True
    ),
    Command("due", _due, _lists, ("denhan",), menu=True),
    Command("overdue", _list(i.ListKind.OVERDUE), _lists, ("quahan", "late"), menu=True),
    Command("upcoming", _upcoming, _lists, ("soon", "sapden"), menu=True),
    Command("ongoing", _list(i.ListKind.ONGOING), _lists, ("thuongxuyen",), menu=True),
    Command("coordinating", _list(i.ListKind.COORDINATING), _lists, ("coordinate", "phoihop")),
    Command("task", _task_code, _task, ("nhiemvu",), menu=True),
    Command("search", i.Search, _search, ("find", "tim"), menu=True),
    Command("agency", lambda a: i.ListTasks(i.ListKind.AGENCY, agency=a), _lists, ("coquan",), menu=True),
    Command("summary", lambda a: i.Summary(year=_year(a)), answer(summary_asked), ("tonghop",), menu=True),
    Command("progress", _progress, _charts, ("tiendo", "bieudo", "chart"), menu=True),
    Command("export", i.Export, _charts, ("xuat", "excel"), menu=True),
    Command("result", i.Result, _charts, ("ketqua",), menu=True),
    Command("done", _status(Status.DONE), _set_status, ("xong", "hoanthanh"), menu=True),
    Command("doing", _status(Status.IN_PROGRESS), _set_status, ("inprogress", "danglam"), menu=True),
    Command("blocked", _status(Status.BLOCKED), _set_status, ("vuong", "vuongmac"), menu=True),
    Command(
        "reminders",
        lambda _a: i.Reminders(),
        answer(lambda ctx, _it: reminders.show_reminders(ctx)),
        ("nhacviec",),
        menu=True,
    ),
    Command("quiet", i.Quiet, answer(lambda ctx, it: reminders.quiet(ctx, it.argument)), ("mute",), menu=True),
    Command("remind_at", i.RemindAt, answer(lambda ctx, it: reminders.remind_at(ctx, it.argument)), menu=True),
    Command(
        "plans",
        lambda a: i.Plans(_year(a)),
        answer_now(lambda ctx, it: list_plans(ctx, it.year, it.number)),
        ("kehoach",),
        menu=True,
    ),
    Command(
        "agencies",
        lambda _a: i.Agencies(),
        answer_now(lambda ctx, _it: list_agencies(ctx)),
        ("coquanlist", "donvi", "cacsocquan"),
        menu=True,
    ),
    Command("link", i.Link, _link, ("lienket",), menu=True),
    Command("unlink", i.Unlink, answer(lambda ctx, it: who.unlink(ctx, it.argument)), menu=True),
    Command("connect", i.Connect, answer(lambda ctx, it: channels.connect(ctx, it.code)), ("ketnoi",), menu=True),
    Command("notify", i.Notify, answer(lambda ctx, it: channels.notify(ctx, it.argument)), menu=True),
    Command("me", lambda _a: i.Me(), answer_now(lambda ctx, _it: who.me(ctx)), menu=True),
    Command("lang", i.Language, answer(lambda ctx, it: who.language(ctx, it.code)), ("language", "ngonngu"), menu=True),
    Command(
        "web", lambda _a: i.WebLogin(), answer(lambda ctx, _it: web_answers.web_link(ctx)), ("dashboard",), menu=True
    ),
    Command("help", lambda _a: i.Help(), _start, ("menu", "trogiup", "huongdan"), menu=True),
    Command("cancel", lambda _a: i.Cancel(), answer(lambda ctx, _it: broadcasts.cancel(ctx)), ("huy",)),
    # coordinators
    Command("invite", i.Invite, answer(lambda ctx, it: who.invite(ctx, it.argument)), role=Role.COORDINATOR),
    Command("whois", i.Whois, answer(lambda ctx, it: who.whois(ctx, it.argument)), role=Role.COORDINATOR),
    Command(
        "reminders_on",
        i.RemindersOn,
        answer(lambda ctx, it: reminders.reminders_on(ctx, it.argument)),
        role=Role.COORDINATOR,
    ),
    Command(
        "policy", i.PolicyCommand, answer(lambda ctx, it: reminders.policy(ctx, it.argument)), role=Role.COORDINATOR
    ),
    Command(
        "broadcast",
        lambda _a: i.BroadcastStart(),
        answer(lambda ctx, it: broadcasts.start(ctx, it.status)),
        role=Role.COORDINATOR,
    ),
    Command(
        "broadcasts",
        lambda _a: i.BroadcastList(),
        answer(lambda ctx, _it: broadcasts.list_recent(ctx)),
        role=Role.COORDINATOR,
    ),
    Command(
        "broadcast_status",
        i.BroadcastStatus,
        answer(lambda ctx, it: broadcasts.status(ctx, it.argument)),
        role=Role.COORDINATOR,
    ),
    Command(
        "merge", i.Merge, answer(lambda ctx, it: data_fixes.merge_command(ctx, it.argument)), ("gop",), Role.COORDINATOR
    ),
    Command(
        "alias", i.Alias, answer(lambda ctx, it: data_fixes.alias_command(ctx, it.argument)), role=Role.COORDINATOR
    ),
    Command(
        "timeframe",
        i.SetTimeframe,
        answer(lambda ctx, it: data_fixes.timeframe_command(ctx, it.argument)),
        ("thoigian",),
        Role.COORDINATOR,
    ),
    Command("fixes", lambda _a: i.Fixes(), answer(lambda ctx, _it: data_fixes.list_fixes(ctx)), role=Role.COORDINATOR),
    Command("report", i.Report, _charts, ("baocao",), Role.COORDINATOR),
    Command("promote", i.Promote, _promote, role=Role.ADMIN),
)

# Intents no command makes: a question read two ways, and a message not understood.
# Asked only in words: thanks alone (a short reply), funding (what the plan writes of it), a
# message said to be received (the last broadcast to the chat, as its button).
ANSWERS_WITHOUT_COMMAND: dict[type, Handler] = {
    i.Clarify: _clarify,
    i.Unknown: _unknown,
    i.Thanks: answer_now(lambda ctx, _it: Reply(ctx.texts("thanks"))),
    i.Funding: answer(funding_asked),
    i.Received: answer(lambda ctx, _it: broadcasts.acknowledge_latest(ctx)),
}

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
    """The help's list of commands, one a line ("/due — Đến hạn năm nay"): those of the menu,
    and for staff, under their heading, the commands only they may use."""
    lines = [Html(f"/{c.name} — {texts(f'cmd.{c.name}')}") for c in COMMANDS if c.menu]
    if staff:
        lines.append(texts("help.staff"))
        lines += [Html(f"/{c.name} — {texts(f'cmd.{c.name}')}") for c in COMMANDS if c.role is not Role.MEMBER]
    return lines


# How each command is typed, for the help on it ("How do I mark a task as done?")
_USAGE = {
    "done": "status.usage",
    "doing": "status.usage",
    "blocked": "status.usage",
    "export": "export.chat.usage",
    "report": "report.usage",
    "lang": "language.usage",
    "quiet": "quiet.usage",
    "remind_at": "remind_at.usage",
    "link": "link.usage",
    "search": "search.usage",
    "task": "task.usage",
    "agency": "agency.usage",
    "broadcast_status": "bc.status.usage",
    "notify": "notify.usage",
}
# What the same is in words, where people say it rather than type the command
_SAID = {
    "done": "help.say.status",
    "doing": "help.say.status",
    "blocked": "help.say.status",
    "export": "help.say.export",
    "quiet": "help.say.reminders",
    "reminders": "help.say.reminders",
    "report": "help.say.report",
    "broadcast": "help.say.broadcast",
}


def help_topic(texts: Callable[..., Html], topic: str) -> Html | None:
    """The help on one command: what it does, how it is typed and said; None for another topic."""
    command = BY_NAME.get(topic) if topic else None
    if command is None:
        return None
    lines = [texts("help.topic", command=command.name, what=texts(f"cmd.{command.name}"))]
    lines += [texts(key) for key in (_USAGE.get(command.name), _SAID.get(command.name)) if key]
    lines.append(texts("help.topic.more"))
    return join(lines)


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


# -- routing: which answer each intent gets, read from the declarations ------------------------


def _handlers() -> dict[type, Handler]:
    """The handler of each intent type: that of the commands that build it (commands that
    build the same intent share one handler), and those of intents no command builds."""
    found: dict[type, Handler] = dict(ANSWERS_WITHOUT_COMMAND)
    for command in COMMANDS:
        made = type(command.build(""))
        if found.setdefault(made, command.handle) is not command.handle:
            raise AssertionError(f"/{command.name} builds {made.__name__}, which another command answers otherwise")
    return found


HANDLERS = _handlers()


async def route(router: Router, ctx: Context, intent: i.Intent) -> Outcome:
    if (refusal := allowed(ctx, intent)) is not None:
        return _one(refusal)
    handler = HANDLERS.get(type(intent))
    if handler is None:
        raise AssertionError(f"unhandled intent {intent!r}")
    return await handler(router, ctx, intent)
