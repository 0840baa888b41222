"""The conversation core: one event in, replies and notices out, one unit of work each.

Channel adapters call Conversation.handle(); nothing here knows which channel it is.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from base.clock import Clock
from base.events import ChatKind, Incoming, Outcome, Reply
from base.markup import Html, quote
from bot.core import broadcast_answers as broadcasts
from bot.core import channel_answers as channels
from bot.core import data_fixes, intents, plan_uploads, web_answers
from bot.core import people_answers as who
from bot.core import reminder_answers as reminders
from bot.core.catalogue import Texts, choose_language
from bot.core.context import Context, CoreSettings
from bot.core.intents import Intent, ListKind, ListTasks
from bot.core.lists import ListSpec, answer_list, answer_search, resolve_agency, succession_note
from bot.core.memory import ReadModel
from bot.core.plan_answers import list_plans
from bot.core.summary import summary
from bot.core.task_answers import change_status, show_task, show_task_by_id, status_by_code
from db import states
from db.engine import LazyUnit, lazy_unit_of_work
from db.people import Who
from db.queries import agency_name
from domain.agencies import Found
from domain.people import AgencyRef
from domain.tasks import Status

log = logging.getLogger(__name__)


class Conversation:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: CoreSettings,
        clock: Clock,
        model: ReadModel,
    ):
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.model = model

    async def warm_up(self) -> None:
        """Load the plan index before the first question, not during it, and what every
        list of the year is made of (the year's tasks, those past their deadline): the
        first question of the day would otherwise pay for it, 100 ms at 100,000 tasks."""
        async with self.sessions() as session:
            await self.model.refresh(session)
        today = self.clock().astimezone(self.settings.zone).date()
        self.model.index.view(None, today.year, today)

    async def handle(self, event: Incoming) -> Outcome:
        """Never raises: a failure rolls the unit of work back and gets an apology."""
        try:
            async with lazy_unit_of_work(self.sessions) as unit:
                ctx, fresh = await self._context(unit, event)
                if event.button:
                    outcome = await self._button(ctx, event.button)
                else:
                    outcome = await self._message(ctx)
            if unit.wrote:
                self.model.written()
            if fresh:  # committed: safe to reuse
                self.model.remember(ctx.actor)
            outcome.replies = [replace(r, language=ctx.texts.language) for r in outcome.replies]
            return outcome
        except Exception:
            log.exception("could not answer an event from %s", event.channel)
            texts = Texts(choose_language(None, event.language))
            failed = Reply(texts("error"), toast=texts("error"), only_toast=bool(event.button), language=texts.language)
            return Outcome([failed])

    async def _context(self, unit: LazyUnit, event: Incoming) -> tuple[Context, bool]:
        now = self.clock()
        await self.model.refresh(lambda: unit.session)
        who_ = Who(
            event.channel,
            event.user_id,
            event.user_name,
            event.username,
            event.chat_id,
            event.chat_kind is ChatKind.GROUP,
            event.chat_title,
        )
        actor, fresh = await self.model.actor(lambda: unit.session, who_, self.settings.admins, now)
        texts = Texts(choose_language(actor.language, event.language))
        return Context(unit, actor, texts, event, now, self.settings, self.model), fresh

    # -- messages ------------------------------------------------------------------------

    async def _message(self, ctx: Context) -> Outcome:
        """A guided flow half-way takes the message, unless it is a command; then intents."""
        event = ctx.event
        if event.text is None and event.document is None:  # a sticker, a photo: nothing to read
            return Outcome([Reply(ctx.texts("message.unsupported"))])
        is_command = (event.text or "").lstrip().startswith("/")
        # Only staff can be in a flow: focal points' messages skip the extra read.
        if ctx.actor.is_staff and not is_command:
            state = await states.get(ctx.session, ctx.actor.chat_id, ctx.actor.account_id, ctx.now)
            if state is not None and state.flow == broadcasts.FLOW:
                return await broadcasts.continue_flow(ctx, state)
        if event.document is not None and not is_command:
            return await plan_uploads.receive(ctx, event.document)
        return await self._intent(ctx, self._parse(ctx, event.text))

    @staticmethod
    def _parse(ctx: Context, text: str | None) -> Intent:
        """The intent, limited to a plan when the question names one (`/due NQ20`)."""
        intent = intents.parse(text)
        if not isinstance(intent, intents.PLAN_LIMITED) or not text:
            return intent
        plan, rest = intents.split_plan(text, ctx.plans)
        limited = intents.parse(rest) if plan else None
        if not isinstance(limited, intents.PLAN_LIMITED):
            return intent
        return dataclasses.replace(limited, plan=plan)

    async def _intent(self, ctx: Context, intent: Intent) -> Outcome:
        match intent:
            case intents.Start(payload=payload) if payload:
                return Outcome([await who.redeem(ctx, payload)])
            case intents.Start() | intents.Help():
                return Outcome([self._help(ctx, greet=isinstance(intent, intents.Start))])
            case ListTasks():
                return Outcome([await self._list(ctx, intent)])
            case intents.ShowTask(code=code, plan=plan):
                return Outcome([await show_task(ctx, code, plan)])
            case intents.Search(words=words, plan=plan):
                return Outcome([await answer_search(ctx, words, plan=self._plan_id(ctx, plan))])
            case intents.Summary(plan=plan):
                return Outcome([await summary(ctx, plan)])
            case intents.SetStatus(code=code, status=status, note=note, plan=plan):
                return Outcome([await status_by_code(ctx, code, plan, status, note)])
            case intents.Link(argument=argument):
                return await who.link(ctx, argument)
            case intents.Unlink(argument=argument):
                return Outcome([await who.unlink(ctx, argument)])
            case intents.Me():
                return Outcome([who.me(ctx)])
            case intents.Connect(code=code):
                return Outcome([await channels.connect(ctx, code)])
            case intents.Notify(argument=argument):
                return Outcome([await channels.notify(ctx, argument)])
            case intents.Whois(argument=argument):
                return Outcome([await who.whois(ctx, argument)])
            case intents.Promote(argument=argument):
                return await who.promote(ctx, argument)
            case intents.Invite(argument=argument):
                return Outcome([await who.invite(ctx, argument)])
            case intents.Language(code=code):
                return Outcome([await who.language(ctx, code)])
            case intents.Reminders():
                return Outcome([await reminders.show_reminders(ctx)])
            case intents.Quiet(argument=argument):
                return Outcome([await reminders.quiet(ctx, argument)])
            case intents.RemindAt(argument=argument):
                return Outcome([await reminders.remind_at(ctx, argument)])
            case intents.RemindersOn(argument=argument):
                return Outcome([await reminders.reminders_on(ctx, argument)])
            case intents.PolicyCommand(argument=argument):
                return Outcome([await reminders.policy(ctx, argument)])
            case intents.BroadcastStart():
                return Outcome([await broadcasts.start(ctx)])
            case intents.BroadcastList():
                return Outcome([await broadcasts.list_recent(ctx)])
            case intents.BroadcastStatus(argument=argument):
                return Outcome([await broadcasts.status(ctx, argument)])
            case intents.Cancel():
                return Outcome([await broadcasts.cancel(ctx)])
            case intents.Plans():
                return Outcome([list_plans(ctx)])
            case intents.Merge(argument=argument):
                return Outcome([await data_fixes.merge_command(ctx, argument)])
            case intents.Alias(argument=argument):
                return Outcome([await data_fixes.alias_command(ctx, argument)])
            case intents.SetTimeframe(argument=argument):
                return Outcome([await data_fixes.timeframe_command(ctx, argument)])
            case intents.Fixes():
                return Outcome([await data_fixes.list_fixes(ctx)])
            case intents.WebLogin():
                return Outcome([await web_answers.web_link(ctx)])
            case intents.Unknown(text=text):
                return Outcome([await self._unknown(ctx, text)])
        raise AssertionError(f"unhandled intent {intent!r}")

    def _help(self, ctx: Context, greet: bool = False) -> Reply:
        text = ctx.texts("help")
        if ctx.actor.is_staff:
            text = Html(text + ctx.texts("help.staff"))
        if greet:
            text = Html(f"{ctx.texts('welcome', name=ctx.actor.name)}\n\n{text}")
        return Reply(text)

    async def _list(self, ctx: Context, intent: ListTasks) -> Reply:
        agency_id = 0
        if intent.agency:
            found = await resolve_agency(ctx, intent.agency, _choice_action(intent))
            if isinstance(found, Reply):
                return found
            agency_id = found.id
        elif intent.kind is ListKind.AGENCY:
            return Reply(ctx.texts("agency.usage"))
        kind = intent.kind if intent.kind is not ListKind.AGENCY else ListKind.MINE
        year = (intent.year or ctx.today.year) + intent.year_offset if kind is ListKind.DUE else 0
        spec = ListSpec(
            kind if not (agency_id and kind is ListKind.MINE) else ListKind.AGENCY,
            year=year,
            days=intent.days or 0,
            agency_id=agency_id,
            plan_id=self._plan_id(ctx, intent.plan),
        )
        answer = await answer_list(ctx, spec)
        if intent.agency and (note := succession_note(ctx, intent.agency)) is not None:
            return replace(answer, text=Html(f"{note}\n\n{answer.text}"))  # "Sở TN&MT nay là Sở NN&MT."
        return answer

    @staticmethod
    def _plan_id(ctx: Context, plan: str | None) -> int:
        return ctx.index.plan_ids.get(plan, 0) if plan else 0

    async def _unknown(self, ctx: Context, text: str) -> Reply:
        """Free text we could not classify: an agency's name lists its tasks, a few words
        search the plan, and anything else gets examples of what to ask."""
        match = ctx.directory.resolve(text) if len(text) <= 80 else None
        if isinstance(match, Found) and ctx.directory.lookup(text):
            return await self._list(ctx, ListTasks(ListKind.AGENCY, agency=text))
        if len(text.split()) >= 2 and not text.startswith("/"):
            found = await answer_search(ctx, text)
            if found.buttons:  # something matched
                return found
        return Reply(ctx.texts("unknown", text=quote(text)))

    # -- buttons -------------------------------------------------------------------------

    async def _button(self, ctx: Context, action: str) -> Outcome:
        try:
            handler = self._buttons[action[:2]]
        except KeyError:
            return Outcome([Reply(ctx.texts("expired_button"), toast=ctx.texts("expired_button"), only_toast=True)])
        try:
            parts = action[2:].split(":")
            numbers = parts[:2] if action.startswith("Q:") else parts  # a search's words may be digits
            if any(_beyond_ids(part) for part in numbers):  # no row has such an id: forged
                raise ValueError(action)
            return await handler(self, ctx, parts)
        except (ValueError, IndexError, KeyError):  # a malformed or forged action
            return Outcome([Reply(ctx.texts("expired_button"), toast=ctx.texts("expired_button"), only_toast=True)])

    async def _page(self, ctx: Context, parts: list[str]) -> Outcome:
        spec, page = ListSpec.parse("L:" + ":".join(parts))
        return Outcome([await answer_list(ctx, spec, page, replace=True)])

    async def _search_page(self, ctx: Context, parts: list[str]) -> Outcome:
        page, plan_id, words = int(parts[0]), int(parts[1]), ":".join(parts[2:])
        return Outcome([await answer_search(ctx, words, max(page, 1), replace=True, plan=plan_id)])

    async def _task(self, ctx: Context, parts: list[str]) -> Outcome:
        return Outcome([await show_task_by_id(ctx, int(parts[0]))])

    async def _status(self, ctx: Context, parts: list[str], keep_message: bool = False) -> Outcome:
        task_id, status, period = int(parts[0]), Status(parts[1]), parts[2]
        task = ctx.index.tasks.get(task_id)
        if task is None:
            return Outcome([Reply(ctx.texts("expired_button"), toast=ctx.texts("expired_button"), only_toast=True)])
        return Outcome(
            [await change_status(ctx, task, status, period=period, from_button=True, keep_message=keep_message)]
        )

    async def _digest_status(self, ctx: Context, parts: list[str]) -> Outcome:
        return await self._status(ctx, parts, keep_message=True)

    async def _agency_choice(self, ctx: Context, parts: list[str]) -> Outcome:
        agency_id, kind, param = int(parts[0]), ListKind(parts[1]), int(parts[2])
        spec = ListSpec(
            ListKind.AGENCY if kind is ListKind.MINE else kind,
            year=param if kind is ListKind.DUE else 0,
            days=param if kind is ListKind.UPCOMING else 0,
            agency_id=agency_id,
        )
        return Outcome([await answer_list(ctx, spec)])

    async def _agency(self, ctx: Context, agency_id: str) -> AgencyRef | None:
        name = await agency_name(ctx.session, int(agency_id))
        return AgencyRef(int(agency_id), name) if name else None

    async def _link_choice(self, ctx: Context, parts: list[str]) -> Outcome:
        agency = await self._agency(ctx, parts[0])
        return await who.request_link(ctx, agency) if agency else Outcome([Reply(ctx.texts("expired_button"))])

    async def _decide(self, ctx: Context, parts: list[str]) -> Outcome:
        return await who.decide(ctx, int(parts[0]), parts[1] == "y")

    async def _unlink(self, ctx: Context, parts: list[str]) -> Outcome:
        return Outcome([await who.unlink_agency(ctx, int(parts[0]))])

    async def _invite(self, ctx: Context, parts: list[str]) -> Outcome:
        agency = await self._agency(ctx, parts[0])
        return Outcome([await who.invite_agency(ctx, agency) if agency else Reply(ctx.texts("expired_button"))])

    async def _snooze(self, ctx: Context, parts: list[str]) -> Outcome:
        return await reminders.snooze(ctx, int(parts[0]))

    async def _whois(self, ctx: Context, parts: list[str]) -> Outcome:
        agency = await self._agency(ctx, parts[0])
        return Outcome([await who.whois_agency(ctx, agency) if agency else Reply(ctx.texts("expired_button"))])

    async def _broadcast_step(self, ctx: Context, parts: list[str]) -> Outcome:
        match parts:
            case ["a", kind]:
                return Outcome([await broadcasts.choose_audience(ctx, kind)])
            case ["p", agency_id]:
                return Outcome([await broadcasts.pick(ctx, int(agency_id))])
            case ["go"]:
                return await broadcasts.send(ctx)
            case ["x"]:
                return Outcome([await broadcasts.cancel(ctx, replace=True)])
        raise ValueError(parts)

    async def _acknowledge(self, ctx: Context, parts: list[str]) -> Outcome:
        return await broadcasts.acknowledge(ctx, int(parts[0]))

    async def _resend(self, ctx: Context, parts: list[str]) -> Outcome:
        hours = int(parts[1])
        if hours not in broadcasts.RESEND_AFTER_HOURS:
            raise ValueError(hours)
        return await broadcasts.resend(ctx, int(parts[0]), hours)

    async def _export(self, ctx: Context, parts: list[str]) -> Outcome:
        return Outcome([await broadcasts.export(ctx, int(parts[0]))])

    async def _upload(self, ctx: Context, parts: list[str]) -> Outcome:
        choice, upload_id = parts[0], int(parts[1])
        if choice not in ("y", "n", "f"):
            raise ValueError(choice)
        return await plan_uploads.decide(ctx, upload_id, choice != "n", force=choice == "f")

    async def _fix(self, ctx: Context, parts: list[str]) -> Outcome:
        match parts:
            case ["m", source, target]:
                return Outcome([await data_fixes.merge_pressed(ctx, int(source), int(target))])
            case ["x"]:
                return Outcome([Reply(ctx.texts("fix.cancelled"), replace=True)])
        raise ValueError(parts)

    # Button actions: "<letter>:<fields>", at most 64 bytes. Each handler checks again
    # everything a command would check: a button proves nothing about who pressed it.
    _buttons: ClassVar[dict[str, Callable[[Conversation, Context, list[str]], Awaitable[Outcome]]]] = {
        "L:": _page,
        "Q:": _search_page,
        "T:": _task,
        "S:": _status,
        "D:": _digest_status,
        "A:": _agency_choice,
        "K:": _link_choice,
        "R:": _decide,
        "U:": _unlink,
        "I:": _invite,
        "W:": _whois,
        "Z:": _snooze,
        "B:": _broadcast_step,
        "Y:": _acknowledge,
        "V:": _resend,
        "X:": _export,
        "P:": _upload,
        "F:": _fix,
    }


_LARGEST_ID = 2**31 - 1  # ids are 32-bit integers: PostgreSQL refuses to compare with larger


def _beyond_ids(part: str) -> bool:
    return part.lstrip("-").isdigit() and abs(int(part)) > _LARGEST_ID


def _choice_action(intent: ListTasks) -> str:
    """The action of the buttons offered when the agency named is ambiguous."""
    param = intent.year or intent.days or 0
    return f"A:{{agency}}:{intent.kind.value}:{param}"
