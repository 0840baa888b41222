"""Lists of tasks: mine, due in a year, overdue, coming up, ongoing, an agency's, search."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rapidfuzz import fuzz

from base.events import Button, Reply
from base.markup import Html, join, quote
from bot.core.context import Context
from bot.core.intents import ListKind
from bot.core.views import PAGE_SIZE, ListItem, Section, list_page, page_slices
from db.queries import TaskFilter, find_tasks, search_terms
from domain.actions import Action, ActionError, AgencyView, ListOfAgency, ListPage, SearchPage, fit_text
from domain.agencies import Ambiguous, Found
from domain.asked import AskedPeriod
from domain.people import AgencyRef
from domain.periods import periods_between
from domain.plan_index import Scope
from domain.tasks import Status, TaskView
from domain.text import fold, words
from domain.timeframes import RECURRING, TIME_BOUND

_KIND_CODES = {
    ListKind.MINE: "m",
    ListKind.DUE: "d",
    ListKind.OVERDUE: "o",
    ListKind.UPCOMING: "u",
    ListKind.ONGOING: "g",
    ListKind.AGENCY: "a",
    ListKind.COORDINATING: "c",
}
_CODE_KINDS = {code: kind for kind, code in _KIND_CODES.items()}
_TASK_KINDS = {"annual": "a", "time_bound": "t", "ongoing": "g"}
_STATUSES = {Status.DONE: "d", Status.IN_PROGRESS: "i", Status.BLOCKED: "b", Status.OPEN: "o"}
_SEARCH_CANDIDATES = 500
# What a search's page buttons keep of its words: the rest of the 64 bytes holds the page and plan.
SEARCH_WORDS_BYTES = 40


@dataclass(frozen=True)
class ListSpec:
    kind: ListKind
    year: int = 0  # DUE
    days: int = 0  # UPCOMING
    agency_id: int = 0  # an agency asked about; 0: the asker's own agencies
    plan_id: int = 0  # the one plan asked about; 0: every plan
    count: bool = False  # "bao nhiêu": the number first
    task_kind: str = ""  # "annual", "time_bound", "ongoing": only tasks of that kind
    status: Status | None = None  # only tasks in that state
    period: AskedPeriod | None = None  # UPCOMING, COORDINATING: the window asked about, instead of days
    overdue: bool = False  # COORDINATING: only what is past its deadline and not done
    unfinished: bool = False  # only tasks not done: not started, in progress or blocked
    everyone: bool = False  # the whole plan, though the asker has agencies of its own

    def of_agency(self, agency_id: int) -> ListSpec:
        """The same list about one agency (its own tasks where the asker's were meant)."""
        kind = ListKind.AGENCY if self.kind is ListKind.MINE else self.kind
        return replace(self, kind=kind, agency_id=agency_id, everyone=False)

    def agency_choice(self, agency_id: int) -> ListOfAgency:
        """The button's action when ``agency_id`` is one of the agencies a name could be."""
        page = self.of_agency(agency_id).action()
        return ListOfAgency(agency_id, page.kind, page.param, page.plan_id, page.filters)

    def action(self, page: int = 1) -> ListPage:
        """The action of a button showing this list, at ``page``."""
        filters = "".join(
            (
                f"k{_TASK_KINDS[self.task_kind]}" if self.task_kind else "",
                f"s{_STATUSES[self.status]}" if self.status else "",
                f"p{self.period.label()}" if self.period else "",
                "l" if self.overdue else "",
                "n" if self.unfinished else "",
                "A" if self.everyone else "",  # upper case: the other filters' letters are lower
                "c" if self.count else "",
            )
        )
        return ListPage(_KIND_CODES[self.kind], self.year or self.days, self.agency_id, self.plan_id, filters, page)

    @classmethod
    def from_action(cls, action: ListPage) -> tuple[ListSpec, int]:
        list_kind = _CODE_KINDS.get(action.kind)
        if list_kind is None:
            raise ActionError(f"no such list: {action.kind!r}")
        filters = action.filters
        period = re.search(r"p([a-z][#+]?\d+(?:/\d{4}|\+\d+)?)", filters)
        task_kind = re.search(r"k([a-z])", filters)
        status = re.search(r"s([a-z])", filters)
        try:
            spec = cls(
                list_kind,
                year=action.param if list_kind in (ListKind.DUE, ListKind.OVERDUE) else 0,
                days=action.param if list_kind in (ListKind.UPCOMING, ListKind.COORDINATING) else 0,
                agency_id=action.agency_id,
                plan_id=action.plan_id,
                count=filters.endswith("c"),
                task_kind=next(k for k, c in _TASK_KINDS.items() if c == task_kind[1]) if task_kind else "",
                status=next(k for k, c in _STATUSES.items() if c == status[1]) if status else None,
                period=AskedPeriod.from_label(period[1]) if period else None,
                overdue="l" in filters,
                unfinished="n" in filters,
                everyone="A" in filters,
            )
        except (StopIteration, ValueError) as error:
            raise ActionError(f"no such list filter: {filters!r}") from error
        return spec, max(action.page, 1)


def candidates(ctx: Context, match: Ambiguous) -> list[AgencyRef]:
    """The agencies an ambiguous name could be, that the plans know."""
    return [AgencyRef(i, name) for name in match.candidates if (i := ctx.index.agency_ids.get(name)) is not None]


def ask_which(
    ctx: Context,
    name: str,
    choices: Sequence[AgencyRef],
    action: Callable[[int], Action],
    more: tuple[Button, ...] = (),
    replace: bool = False,
) -> Reply:
    """Which agency ``name`` meant: one button each, whose action ``action`` makes of its id."""
    buttons = tuple((Button.of(agency.name[:60], action(agency.id)),) for agency in choices)
    return Reply(ctx.texts("agency.which", name=quote(name)), (*buttons, *((more,) if more else ())), replace=replace)


def succession_note(ctx: Context, name: str) -> Html | None:
    """ "Sở TN&MT nay là Sở NN&MT." when ``name`` is a body that no longer exists."""
    match = ctx.directory.resolve(name)
    if not isinstance(match, Found) or match.via is None:
        return None
    succession = ctx.directory.succession(match.via)
    if succession is not None and succession.partial and succession.note:
        return ctx.texts("agency.succeeded_partial", old=match.via, new=match.name, note=succession.note)
    return ctx.texts("agency.succeeded", old=match.via, new=match.name)


async def resolve_agency(
    ctx: Context, name: str, choice_action: Callable[[int], Action], current: bool = True
) -> AgencyRef | Reply:
    """The agency a user named, or a reply asking which one (buttons) or saying none fits.
    With ``current``, a body abolished in 2025 gives the one that carries its duties today."""
    texts = ctx.texts
    match = ctx.directory.resolve(name, current=current)
    if isinstance(match, Found) and (agency_id := ctx.index.agency_ids.get(match.name)) is not None:
        return AgencyRef(agency_id, match.name)
    if isinstance(match, Ambiguous):
        return ask_which(ctx, name, candidates(ctx, match), choice_action)
    lines = [texts("agency.not_found", name=quote(name))]
    if getattr(match, "suggestions", ()):
        lines.append(texts("agency.suggest", names="; ".join(match.suggestions)))
    lines.append(texts("agency.usage"))
    return Reply(join(lines))


async def agency_asked(
    ctx: Context, name: str | None, mine: bool, view: str, plan: str | None
) -> AgencyRef | Reply | None:
    """The agency a question for the summary, the charts or a file names ("tình hình của Sở
    Y tế", "progress chart for DOF"): None for the asker's own (or the whole plan), or a
    reply asking which one it is, or to link first for "sở mình" from nobody's focal point."""
    if name:
        plan_id = ctx.index.plan_ids.get(plan, 0) if plan else 0
        return await resolve_agency(ctx, name, lambda agency_id: AgencyView(agency_id, plan_id, view))
    if mine and not ctx.actor.scope and not ctx.actor.is_staff:
        return Reply(ctx.texts("scope.link_first"))
    return None


def with_succession(ctx: Context, name: str | None, reply: Reply) -> Reply:
    """The answer about an agency, after "Sở TN&MT nay là Sở NN&MT." when it was named so."""
    note = succession_note(ctx, name) if name else None
    return reply if note is None else replace(reply, text=Html(f"{note}\n\n{reply.text}"))


def _scope(ctx: Context, explicit: AgencyRef | None) -> tuple[Scope, Html, list[Html]]:
    """Agency ids to list for (None: the whole plan), their title, and a hint if any."""
    if explicit is not None:
        return (explicit.id,), Html(explicit.name), []
    scope = ctx.actor.scope
    if scope:
        return tuple(a.id for a in scope), join([a.name for a in scope], ", "), []
    hint = [] if ctx.actor.is_staff else [ctx.texts("scope.unlinked_hint")]
    return None, ctx.texts("scope.all"), hint


def _in_plan(ctx: Context, spec: ListSpec, ids: Sequence[int]) -> Sequence[int]:
    """The ids of the one plan asked about, in order; all of them when none was."""
    plan = ctx.index.plan_names.get(spec.plan_id) if spec.plan_id else None
    if plan is None:
        return ids
    keep = ctx.index.in_plan(plan)
    return [i for i in ids if i in keep]


def _items(ctx: Context, task_ids: Sequence[int], scope: Scope, on: date) -> list[ListItem]:
    index = ctx.index
    return [ListItem(index.tasks[i], index.status(i, on, ctx.model.statuses, scope)) for i in task_ids]


def _sections(
    ctx: Context, spec: ListSpec, scope: Scope, scope_title: Html
) -> tuple[Html, list[tuple[Html | None, Sequence[int]]], date]:
    """The title and the (heading, task ids) sections of a list, and the day statuses are read on."""
    name = "list.overdue_in" if spec.kind is ListKind.OVERDUE and spec.year else f"list.{spec.kind.value}"
    title = ctx.texts(name, year=spec.year or ctx.today.year, scope=scope_title)
    title, sections, on = _all_sections(ctx, spec, scope, title)
    # the state asked about, in the title: "Nhiệm vụ của Sở Y tế · chưa hoàn thành"
    if spec.status is not None:
        title = Html(f"{title} · {ctx.texts(f'asked.status.{spec.status.value}')}")
    elif spec.unfinished:
        title = Html(f"{title} · {ctx.texts('asked.status.unfinished')}")
    return title, [(heading, _kept(ctx, spec, _in_plan(ctx, spec, ids), scope, on)) for heading, ids in sections], on


def _kept(ctx: Context, spec: ListSpec, ids: Sequence[int], scope: Scope, on: date) -> Sequence[int]:
    """The tasks of the kind and in the state asked about ("việc hàng năm", "đã hoàn thành")."""
    index = ctx.index
    if spec.task_kind:
        kinds = {"annual": RECURRING, "time_bound": TIME_BOUND}.get(spec.task_kind)
        if kinds is None:
            ids = [i for i in ids if i in index.ongoing]
        else:
            ids = [i for i in ids if index.tasks[i].timeframe.kind in kinds]
    if spec.status is not None:
        ids = [i for i in ids if index.status(i, on, ctx.model.statuses, scope) is spec.status]
    if spec.unfinished:
        ids = [i for i in ids if index.status(i, on, ctx.model.statuses, scope) is not Status.DONE]
    return ids


def what_asked(ctx: Context, spec: ListSpec, start: date | None = None, end: date | None = None) -> Html:
    """The words after "nhiệm vụ" that say which tasks: " quá hạn", " đến hạn năm 2031"."""
    texts = ctx.texts
    parts: list[str] = []
    if spec.task_kind:
        parts.append(texts(f"asked.kind.{spec.task_kind}"))
    if spec.status is not None:
        parts.append(texts(f"asked.status.{spec.status.value}"))
    if spec.unfinished:
        parts.append(texts("asked.status.unfinished"))
    if spec.overdue:
        parts.append(texts("asked.overdue"))
    if spec.kind is ListKind.COORDINATING and (window := _window(ctx, spec)) is not None:
        parts.append(_window_words(ctx, "asked", spec, *window))
    if spec.kind is ListKind.DUE:
        parts.append(texts("asked.due", year=spec.year or ctx.today.year))
    elif spec.kind is ListKind.UPCOMING and start and end:
        parts.append(_window_words(ctx, "asked", spec, start, end))
    elif spec.kind is ListKind.UPCOMING:
        parts.append(texts("asked.days", days=spec.days or 30))
    elif spec.kind is ListKind.OVERDUE and spec.year:
        parts.append(texts("asked.overdue_in", year=spec.year))
    elif spec.kind in (ListKind.OVERDUE, ListKind.ONGOING, ListKind.COORDINATING):
        parts.append(texts(f"asked.{spec.kind.value}"))
    return Html("".join(f" {p}" for p in parts if p))


def _window_words(ctx: Context, prefix: str, spec: ListSpec, start: date, end: date, **more: object) -> Html:
    """ "đến hạn từ 01/06/2026 đến 30/06/2026"; a date asked to be due by ("trước 30/6") from
    today, as it was asked: "đến hạn từ nay đến hết 30/06/2026"."""
    if spec.period is not None and spec.period.until and not spec.period.since:
        return ctx.texts(f"{prefix}.until", end=f"{end:%d/%m/%Y}", **more)
    if start == end:  # "hôm nay", "due on 15 December"
        return ctx.texts(f"{prefix}.day", end=f"{end:%d/%m/%Y}", **more)
    return ctx.texts(f"{prefix}.window", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}", **more)


def _sentence(ctx: Context, key: str, scope_title: Html, what: Html, count: int = 0) -> Html:
    text = ctx.texts(key, scope=scope_title, what=what, count=count)
    return Html(text[:1].upper() + text[1:])


def _all_sections(
    ctx: Context, spec: ListSpec, scope: Scope, title: Html
) -> tuple[Html, list[tuple[Html | None, Sequence[int]]], date]:
    texts, today, index, statuses = ctx.texts, ctx.today, ctx.index, ctx.model.statuses
    if spec.kind is ListKind.DUE and spec.year and spec.year != today.year:
        return title, [(None, index.view(scope, spec.year, today).due)], date(spec.year, 12, 31)
    view = index.view(scope, today.year, today)
    if spec.kind is ListKind.DUE:
        overdue = index.overdue(scope, today, statuses)
        late = set(overdue)
        coming = [i for i in view.due if i not in late]
        return title, [(texts("list.due_heading"), coming), (texts("list.overdue_heading"), overdue)], today
    if spec.kind is ListKind.OVERDUE:
        overdue = index.overdue(scope, today, statuses)
        if spec.year:  # "quá hạn năm 2025": what was due that year and is still not done
            overdue = [i for i in overdue if (end := index.tasks[i].timeframe.deadline) and end.year == spec.year]
        return title, [(None, overdue)], today
    if spec.kind is ListKind.ONGOING:
        return title, [(None, [i for i in view.tasks if i in index.ongoing])], today
    if spec.kind is ListKind.COORDINATING:
        return _coordinating(ctx, spec, scope, title, view.coordinating)
    return title, [(None, view.tasks)], today


def _window(ctx: Context, spec: ListSpec) -> tuple[date, date] | None:
    """The days a list other than the upcoming one is narrowed to ("phối hợp quý này")."""
    if spec.period:
        return spec.period.window(ctx.today)
    return (ctx.today, ctx.today + timedelta(days=spec.days)) if spec.days else None


def _coordinating(
    ctx: Context, spec: ListSpec, scope: Scope, title: Html, ids: Sequence[int]
) -> tuple[Html, list[tuple[Html | None, Sequence[int]]], date]:
    """What the agency helps with: past its deadline and not done by it, or due in a window,
    when the question says so ("nv phối hợp bị quá hạn", "supporting tasks this quarter")."""
    index, today = ctx.index, ctx.today
    if spec.overdue:
        past = index.past_deadline(today)
        ids = [i for i in ids if i in past and index.status(i, today, ctx.model.statuses, scope) is not Status.DONE]
    if (window := _window(ctx, spec)) is not None:
        first, last = window
        timed = (*RECURRING, *TIME_BOUND)
        ids = [
            i
            for i in ids
            if index.tasks[i].timeframe.kind in timed
            and any(p.due for p in periods_between(index.tasks[i].timeframe, first, last))
        ]
    said = [ctx.texts("asked.overdue")] if spec.overdue else []
    if window is not None:
        said.append(_window_words(ctx, "asked", spec, *window))
    if said:
        title = Html(f"{title} · {', '.join(said)}")
    return title, [(None, ids)], today


async def answer_list(ctx: Context, spec: ListSpec, page: int = 1, replace: bool = False) -> Reply:
    scope = (spec.agency_id,) if spec.agency_id else tuple(a.id for a in ctx.actor.scope) or None
    key = (
        "list",
        spec,
        page,
        replace,
        scope,
        ctx.actor.is_staff,
        ctx.texts.language,
        ctx.today,
        tuple(a.name for a in ctx.actor.scope),
    )
    return ctx.model.page(key, lambda: _answer_list(ctx, spec, page, replace))  # type: ignore[return-value]


def _answer_list(ctx: Context, spec: ListSpec, page: int, replace: bool) -> Reply:
    explicit = None
    if spec.agency_id:
        explicit = AgencyRef(spec.agency_id, ctx.index.agency_names.get(spec.agency_id, "?"))
    elif spec.kind in (ListKind.MINE, ListKind.COORDINATING) and not ctx.actor.scope and not ctx.actor.is_staff:
        return Reply(ctx.texts("scope.link_first"))  # "my tasks" from nobody's focal point
    scope, scope_title, notes = _scope(ctx, explicit)
    if spec.everyone and explicit is None:  # "toàn tỉnh": the whole plan, whoever asks
        scope, scope_title, notes = None, ctx.texts("scope.all"), []
    if spec.plan_id and (plan := ctx.index.plan_names.get(spec.plan_id)):
        scope_title = ctx.texts("scope.plan", scope=scope_title, plan=plan)
    if spec.kind is ListKind.UPCOMING:
        return _upcoming(ctx, spec, page, replace, scope, scope_title, notes)
    title, sections, on = _sections(ctx, spec, scope, scope_title)
    if spec.kind is ListKind.DUE:
        ongoing = ctx.index.view(scope, ctx.today.year, ctx.today).ongoing
        if ongoing:
            notes = [*notes, ctx.texts("list.ongoing_note", count=ongoing)]
    more: tuple[Button, ...] = ()
    if scope is not None and spec.kind in (ListKind.MINE, ListKind.AGENCY, ListKind.DUE):
        # What the agency only helps with: one line under its own list, and a button to it.
        helping = len(_in_plan(ctx, spec, ctx.index.view(scope, ctx.today.year, ctx.today).coordinating))
        if helping:
            notes = [*notes, ctx.texts("list.coordinating_note", scope=scope_title, count=helping)]
            other = ListSpec(ListKind.COORDINATING, agency_id=spec.agency_id, plan_id=spec.plan_id)
            more = (Button.of(ctx.texts("list.coordinating_button", count=helping), other.action()),)
    slices = page_slices(page, [len(ids) for _, ids in sections])
    shown = [
        Section(heading, _items(ctx, ids[offset : offset + limit], scope, on))
        for (heading, ids), (offset, limit) in zip(sections, slices, strict=True)
    ]
    total = sum(len(ids) for _, ids in sections)
    what = what_asked(ctx, spec)
    return list_page(
        ctx.texts,
        title,
        shown,
        page=page,
        total=total,
        action=spec.action(),
        today=on,  # another year's list shows that year's deadlines, as it reads its statuses
        several_plans=ctx.several_plans,
        notes=notes,
        replace=replace,
        more=more,
        first=_sentence(ctx, "asked.count", scope_title, what, total) if spec.count and total else None,
        empty=_sentence(ctx, "asked.none", scope_title, what),
    )


def _upcoming(
    ctx: Context, spec: ListSpec, page: int, replace: bool, scope: Scope, scope_title: Html, notes: list[Html]
) -> Reply:
    """Every period due within the window, soonest first, leaving out what is done."""
    texts, today, index = ctx.texts, ctx.today, ctx.index
    days = spec.days or 30
    first, last = spec.period.window(today) if spec.period else (today, today + timedelta(days=days))
    coming: list[tuple[date, TaskView, str]] = []
    for task_id in _kept(ctx, spec, _in_plan(ctx, spec, index.scope_tasks(scope)), scope, today):
        task = index.tasks[task_id]
        if task.timeframe.kind in (*RECURRING, *TIME_BOUND):
            coming.extend((p.due, task, p.key) for p in periods_between(task.timeframe, first, last) if p.due)
    coming.sort(key=lambda c: (c[0], c[1].plan, c[1].code))
    items = [
        ListItem(task, status, due)
        for due, task, key in coming
        if (status := index.status_of(task.id, key, ctx.model.statuses, scope)) is not Status.DONE
    ]
    start = (page - 1) * PAGE_SIZE
    if spec.period:
        title = _window_words(ctx, "list", spec, first, last, scope=scope_title)
    else:
        title = texts("list.upcoming", days=days, scope=scope_title)
    what = what_asked(ctx, spec, first, last) if spec.period else what_asked(ctx, spec)
    return list_page(
        texts,
        title,
        [Section(None, items[start : start + PAGE_SIZE])],
        page=page,
        total=len(items),
        action=spec.action(),
        today=today,
        several_plans=ctx.several_plans,
        notes=notes,
        replace=replace,
        first=_sentence(ctx, "asked.count", scope_title, what, len(items)) if spec.count and items else None,
        empty=_sentence(ctx, "asked.none", scope_title, what),
    )


async def answer_search(ctx: Context, text: str, page: int = 1, replace: bool = False, plan: int = 0) -> Reply:
    """Tasks whose content or agencies hold the words: in one plan when asked, else in the
    plans the asker follows."""
    texts = ctx.texts
    query = search_terms([w for w in words(text) if len(w) > 1] or words(text))
    if not query:
        return Reply(texts("search.usage"))
    plan_name = ctx.index.plan_names.get(plan) if plan else None
    found = await find_tasks(ctx.session, TaskFilter(plan=plan_name, words=tuple(query)), limit=_SEARCH_CANDIDATES)
    followed = ctx.followed_plans
    found = [t for t in found if t.plan in followed] or found
    if not found:
        return Reply(texts("search.none", words=quote(text)))
    folded = " ".join(query)
    # Best first: where the words stand together, in the content rather than the agencies.
    found.sort(key=lambda t: -fuzz.partial_ratio(folded, fold(t.content)))
    start = (page - 1) * PAGE_SIZE
    items = _items(ctx, [t.id for t in found[start : start + PAGE_SIZE] if t.id in ctx.index.tasks], None, ctx.today)
    action = SearchPage(page, plan if plan_name else 0, fit_text(folded, SEARCH_WORDS_BYTES))
    return list_page(
        texts,
        texts("list.search", words=quote(text)),
        [Section(None, items)],
        page=page,
        total=len(found),
        action=action,
        today=ctx.today,
        several_plans=ctx.several_plans,
        replace=replace,
    )
