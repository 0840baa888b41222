"""The conversation core: one event in, replies and notices out, one unit of work each.

Channel adapters call Conversation.handle(); nothing here knows which channel it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from base.clock import Clock
from base.events import Button, ChatKind, Incoming, Outcome, Reply
from base.markup import Html, quote
from bot.core import broadcast_answers as broadcasts
from bot.core import commands, intents, plan_uploads
from bot.core.buttons import press
from bot.core.catalogue import Texts, choose_language
from bot.core.context import Context, CoreSettings
from bot.core.intents import Intent, ListKind, ListTasks
from bot.core.lists import SEARCH_WORDS_BYTES, ListSpec, answer_list, answer_search, resolve_agency, succession_note
from bot.core.memory import ReadModel
from bot.core.understanding import recognizer
from db import states
from db.engine import LazyUnit, lazy_unit_of_work, unit_of_work
from db.people import Seen, Who, record_seen
from domain.actions import SearchPage, ShowSummary, fit_text
from domain.agencies import Found
from domain.people import Actor
from domain.text import nfc

log = logging.getLogger(__name__)
SEEN_EVERY = 1.0  # seconds: "last seen" is written this long after the first answer that needs it


def _about_own_tasks(intent: Intent) -> bool:
    """A question whose answer reads the asker's own agencies' tasks only: a list of them
    (no other agency named) or their summary (a focal point's)."""
    if isinstance(intent, ListTasks):
        return intent.agency is None and intent.kind is not ListKind.AGENCY
    return isinstance(intent, intents.Summary)


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
        self._seen: dict[int, Seen] = {}  # "last seen" to write, by account (_record_seen)
        self._writer: asyncio.Task[None] | None = None
        self._hurry = asyncio.Event()  # write them now: a new name, or drain()
        self._draining = False

    async def warm_up(self) -> None:
        """Load the plan index before the first question, not during it, what every list of
        the year is made of (the year's tasks, those past their deadline), and the reader of
        questions: the first question of the day would otherwise pay for them, 100 ms at
        100,000 tasks."""
        async with self.sessions() as session:
            await self.model.refresh(session)
        today = self.clock().astimezone(self.settings.zone).date()
        self.model.index.view(None, today.year, today)
        # The reader of questions knows every agency's name: made here, not by the first
        # question (60 ms at 2,000 agencies).
        recognizer(self.model.index.directory)

    async def keep_fresh(self) -> None:
        """Until cancelled: other processes' changes loaded in the background (ReadModel.keep_fresh)."""
        await self.model.keep_fresh(self.sessions)

    async def handle(self, event: Incoming) -> Outcome:
        """Never raises: a failure rolls the unit of work back and gets an apology."""
        try:
            seen: list[Seen] = []
            async with lazy_unit_of_work(self.sessions) as unit:
                ctx, fresh, early = await self._context(unit, event, seen)
                if isinstance(early, Reply):
                    outcome = Outcome([early])
                elif early is not None:
                    outcome = await self._intent(ctx, early)
                elif event.button:
                    outcome = await press(ctx, event.button)
                else:
                    outcome = await self._message(ctx)
            if unit.wrote:
                self.model.written()
            if fresh is not None:  # committed: safe to reuse
                self.model.remember(ctx.actor, fresh)
            if seen:
                self._record_seen(seen)
            outcome.replies = [replace(r, language=ctx.texts.language) for r in outcome.replies]
            return outcome
        except Exception:
            log.exception("could not answer an event from %s", event.channel)
            texts = Texts(choose_language(None, event.language))
            failed = Reply(texts("error"), toast=texts("error"), only_toast=bool(event.button), language=texts.language)
            return Outcome([failed])

    def _record_seen(self, seen: list[Seen]) -> None:
        """When people were last seen, written once the answer is made, in a unit of work of
        its own: the answer does not wait for the write, nor does the next event look for
        changes because of it (nothing in memory reads it). Those seen within a second are
        written together, in one statement: a busy morning's first questions each cost a
        transaction otherwise, in the time of the answers. A new name goes at once: what the
        person does next (a status set) shows it."""
        for one in seen:
            self._seen[one.account_id] = one
        if any(one.renamed for one in seen):
            self._hurry.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write_seen())

    async def _write_seen(self) -> None:
        while self._seen:  # and those seen while writing
            if not self._draining:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._hurry.wait(), SEEN_EVERY)
            self._hurry.clear()
            batch = list(self._seen.values())
            self._seen.clear()
            try:
                async with unit_of_work(self.sessions) as session:
                    await record_seen(session, batch)
            except Exception:
                log.exception("could not record when %d accounts were last seen", len(batch))

    async def drain(self) -> None:
        """Until the "last seen" writes waiting or under way are done (before the service
        stops): they are written now."""
        self._draining = True
        self._hurry.set()
        try:
            while self._writer is not None and not self._writer.done():
                await asyncio.gather(self._writer, return_exceptions=True)
        finally:
            self._draining = False

    async def _context(
        self, unit: LazyUnit, event: Incoming, seen: list[Seen]
    ) -> tuple[Context, int | None, Intent | Reply | None]:
        """The event's context, and when every task is still loading, what to answer early:
        an intent about the asker's own tasks (the context holds those), or a reply."""
        now = self.clock()
        if self.model.loading:
            actor, fresh = await self._actor(unit, event, now, seen)
            found = await self._while_loading(unit, event, actor, now)
            if found is not None:
                return found[0], fresh, found[1]
            await self.model.refresh(lambda: unit.session)
        else:
            await self.model.refresh(lambda: unit.session)
            actor, fresh = await self._actor(unit, event, now, seen)
        texts = Texts(choose_language(actor.language, event.language))
        return Context(unit, actor, texts, event, now, self.settings, self.model), fresh, None

    async def _actor(
        self, unit: LazyUnit, event: Incoming, now: datetime, seen: list[Seen]
    ) -> tuple[Actor, int | None]:
        who_ = Who(
            event.channel,
            event.user_id,
            event.user_name,
            event.username,
            event.chat_id,
            event.chat_kind is ChatKind.GROUP,
            event.chat_title,
        )
        return await self.model.actor(lambda: unit.session, who_, self.settings.admins, now, seen)

    async def _while_loading(
        self, unit: LazyUnit, event: Incoming, actor: Actor, now: datetime
    ) -> tuple[Context, Intent | Reply] | None:
        """Every task is loading (at start, or after a plan changed; 100,000 tasks take
        seconds). A focal point's question about its own agencies' tasks (their lists, their
        summary) is answered from those tasks alone, read at once; anything else waits for
        every task, up to ``load_wait`` seconds after the load began (None: it may go on),
        and is then asked to come back."""
        texts = Texts(choose_language(actor.language, event.language))
        scope = tuple(agency.id for agency in actor.scope)
        left = self.settings.load_wait - self.model.loading_for()
        if scope and not actor.is_staff and event.text and not event.button and not event.document:
            known = await self.model.agencies_and_plans(left)
            if known is not None:
                ctx = Context(unit, actor, texts, event, now, self.settings, known)
                intent = self._parse(ctx, event.text)
                if _about_own_tasks(intent):
                    ctx.model = await self.model.own_tasks(unit.session, known, scope)
                    return ctx, intent
        if await self.model.settled(self.settings.load_wait - self.model.loading_for()):
            return None
        ctx = Context(unit, actor, texts, event, now, self.settings, self.model)
        return ctx, Reply(texts("loading"), toast=texts("loading"), only_toast=bool(event.button))

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
        """The intent, limited to a plan when the question names one (`/due NQ20`). A
        question in words answers in its own language, whatever /lang chose."""
        reader = recognizer(ctx.directory)
        intent = reader.parse(text)
        if text and not text.lstrip().startswith("/"):
            language = reader.read(nfc(text).strip()).language
            if language is not None and language != ctx.texts.language:
                ctx.texts = Texts(language)
        # a question not understood may be one once the plan it names is taken out of it
        if not isinstance(intent, (*intents.PLAN_LIMITED, intents.Unknown)) or not text:
            return intent
        plan, rest = intents.split_plan(text, ctx.plans)
        if plan is None:  # "kế hoạch chuyển đổi số": named by its title
            plan, rest = intents.plan_by_title(text, ctx.index.plan_titles)
            # "III.9 đã xong, đã gửi kế hoạch chuyển đổi số cho sở": a report's note names no plan
            note = getattr(intent, "note", "")
            if plan is not None and note and intents.plan_by_title(note, ctx.index.plan_titles)[0] == plan:
                return intent
        limited = reader.parse(rest) if plan else None
        if not isinstance(limited, intents.PLAN_LIMITED):
            return intent
        return dataclasses.replace(limited, plan=plan)

    async def _intent(self, ctx: Context, intent: Intent) -> Outcome:
        return await commands.route(self, ctx, intent)

    # -- the answers the registry routes to (commands.Router) ------------------------------

    async def list_answer(self, ctx: Context, intent: ListTasks) -> Reply:
        return await self._list(ctx, intent)

    def help_answer(self, ctx: Context, greet: bool = False) -> Reply:
        return self._help(ctx, greet)

    async def unknown_answer(self, ctx: Context, text: str) -> Reply:
        return await self._unknown(ctx, text)

    async def search_answer(self, ctx: Context, words: str, plan: str | None) -> Reply:
        return await answer_search(ctx, words, plan=self._plan_id(ctx, plan))

    async def clarify_answer(self, ctx: Context, intent: intents.Clarify) -> Reply:
        """Two readings alike: one button each (a list, the summary, a search)."""
        buttons: list[tuple[Button, ...]] = []
        for option in intent.options:
            if isinstance(option, ListTasks):
                spec = await self._spec(ctx, option)
                if isinstance(spec, ListSpec):
                    buttons.append((Button.of(ctx.texts("clarify.list"), spec.action()),))
            elif isinstance(option, intents.Summary):
                buttons.append((Button.of(ctx.texts("clarify.summary"), ShowSummary()),))
            elif isinstance(option, intents.Search):
                action = SearchPage(1, 0, fit_text(option.words, SEARCH_WORDS_BYTES))
                buttons.append((Button.of(ctx.texts("clarify.search", words=option.words[:30]), action),))
        if len(buttons) < 2:
            return (await self._intent(ctx, intent.options[0])).replies[0]
        return Reply(ctx.texts("clarify.which"), tuple(buttons))

    def _help(self, ctx: Context, greet: bool = False) -> Reply:
        listed = commands.help_lines(ctx.texts, staff=ctx.actor.is_staff)
        text = Html(f"{ctx.texts('help')}\n\n{ctx.texts('help.commands')}\n" + "\n".join(listed))
        if greet:
            text = Html(f"{ctx.texts('welcome', name=ctx.actor.name)}\n\n{text}")
        return Reply(text)

    async def _spec(self, ctx: Context, intent: ListTasks) -> ListSpec | Reply:
        """What to list: the agency named resolved (or a question which one), the year."""
        kind = intent.kind if intent.kind is not ListKind.AGENCY else ListKind.MINE
        year = (intent.year or ctx.today.year) + intent.year_offset if kind is ListKind.DUE else 0
        if kind is ListKind.OVERDUE:
            year = intent.year or 0
        spec = ListSpec(
            kind,
            year=year,
            days=intent.days or 0,
            plan_id=self._plan_id(ctx, intent.plan),
            count=intent.count,
            task_kind=intent.task_kind or "",
            status=intent.status,
            period=intent.period,
            overdue=intent.overdue,
            unfinished=intent.unfinished,
            everyone=intent.everyone,
        )
        if intent.agency:
            found = await resolve_agency(ctx, intent.agency, spec.agency_choice)
            return found if isinstance(found, Reply) else spec.of_agency(found.id)
        if intent.kind is ListKind.AGENCY:
            return Reply(ctx.texts("agency.usage"))
        if intent.mine and not ctx.actor.scope and not ctx.actor.is_staff:
            return Reply(ctx.texts("scope.link_first"))  # "việc của tôi" from nobody's focal point
        return spec

    async def _list(self, ctx: Context, intent: ListTasks) -> Reply:
        spec = await self._spec(ctx, intent)
        if isinstance(spec, Reply):
            return spec
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
