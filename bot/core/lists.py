"""Lists of tasks: mine, due in a year, overdue, coming up, ongoing, an agency's, search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from bot.core.context import Context
from bot.core.events import Button, Reply
from bot.core.intents import ListKind
from bot.core.markup import Html, join
from bot.core.views import PAGE_SIZE, ListItem, Section, list_page, page_slices
from db.queries import TaskFilter, agency_id_by_name, agency_name, count_tasks, find_tasks
from db.statuses import statuses
from domain.agencies import Ambiguous, Found
from domain.people import AgencyRef
from domain.periods import period_at, periods_between
from domain.tasks import TaskView, combined_status
from domain.text import fold, words
from domain.timeframes import RECURRING, TIME_BOUND, Kind

_KIND_CODES = {
    ListKind.MINE: "m",
    ListKind.DUE: "d",
    ListKind.OVERDUE: "o",
    ListKind.UPCOMING: "u",
    ListKind.ONGOING: "g",
    ListKind.AGENCY: "a",
}
_CODE_KINDS = {code: kind for kind, code in _KIND_CODES.items()}
_SEARCH_CANDIDATES = 500


@dataclass(frozen=True)
class ListSpec:
    kind: ListKind
    year: int = 0  # DUE
    days: int = 0  # UPCOMING
    agency_id: int = 0  # an agency asked about; 0: the asker's own agencies

    def action(self) -> str:
        """The page buttons' action; "{page}" is filled in per button."""
        param = self.year or self.days
        return f"L:{_KIND_CODES[self.kind]}:{param}:{self.agency_id}:{{page}}"

    @classmethod
    def parse(cls, action: str) -> tuple[ListSpec, int]:
        _, kind, param, agency, page = action.split(":")
        list_kind = _CODE_KINDS[kind]
        number = int(param)
        spec = cls(
            list_kind,
            year=number if list_kind is ListKind.DUE else 0,
            days=number if list_kind is ListKind.UPCOMING else 0,
            agency_id=int(agency),
        )
        return spec, max(int(page), 1)


async def resolve_agency(ctx: Context, name: str, choice_action: str) -> AgencyRef | Reply:
    """The agency a user named, or a reply asking which one (buttons) or saying none fits."""
    texts = ctx.texts
    match = ctx.directory.resolve(name)
    if isinstance(match, Found):
        agency_id = await agency_id_by_name(ctx.session, match.name)
        if agency_id is not None:
            return AgencyRef(agency_id, match.name)
    if isinstance(match, Ambiguous):
        buttons = []
        for candidate in match.candidates:
            agency_id = await agency_id_by_name(ctx.session, candidate)
            if agency_id is not None:
                buttons.append((Button(candidate[:60], choice_action.format(agency=agency_id)),))
        return Reply(texts("agency.which", name=name), tuple(buttons))
    lines = [texts("agency.not_found", name=name)]
    if getattr(match, "suggestions", ()):
        lines.append(texts("agency.suggest", names="; ".join(match.suggestions)))
    lines.append(texts("agency.usage"))
    return Reply(join(lines))


def _scope(ctx: Context, spec: ListSpec, explicit: AgencyRef | None) -> tuple[tuple[int, ...] | None, Html, list[Html]]:
    """Agency ids to list for (None: the whole plan), their title, and a hint if any."""
    if explicit is not None:
        return (explicit.id,), Html(explicit.name), []
    scope = ctx.actor.scope
    if scope:
        return tuple(a.id for a in scope), join([a.name for a in scope], ", "), []
    hint = [] if ctx.actor.is_staff else [ctx.texts("scope.unlinked_hint")]
    return None, ctx.texts("scope.all"), hint


async def _with_status(
    ctx: Context, tasks: list[TaskView], agency_ids: tuple[int, ...] | None, on: date
) -> list[ListItem]:
    periods = {task.id: period_at(task.timeframe, on).key for task in tasks}
    found = await statuses(ctx.session, periods, agency_ids)
    return [ListItem(task, combined_status(s.status for s in found.get(task.id, []))) for task in tasks]


async def _page(ctx: Context, filters: list[TaskFilter], page: int, on: date) -> tuple[list[list[ListItem]], int]:
    sizes = [await count_tasks(ctx.session, f) for f in filters]
    slices = page_slices(page, sizes)
    pages: list[list[ListItem]] = []
    for where, (offset, limit) in zip(filters, slices, strict=True):
        tasks = await find_tasks(ctx.session, where, limit=limit, offset=offset) if limit else []
        pages.append(await _with_status(ctx, tasks, where.agency_ids, on))
    return pages, sum(sizes)


async def answer_list(ctx: Context, spec: ListSpec, page: int = 1, replace: bool = False) -> Reply:
    texts, today = ctx.texts, ctx.today
    explicit = None
    if spec.agency_id:
        explicit = AgencyRef(spec.agency_id, await agency_name(ctx.session, spec.agency_id) or "?")
    agency_ids, scope, notes = _scope(ctx, spec, explicit)
    base = TaskFilter(agency_ids=agency_ids)
    headings: list[Html | None] = [None]
    if spec.kind is ListKind.DUE:
        year = spec.year or today.year
        title = texts("list.due", year=year, scope=scope)
        on = today if year == today.year else date(year, 12, 31)
        if year == today.year:
            filters = [
                TaskFilter(agency_ids=agency_ids, due_year=year, not_overdue_on=today),
                TaskFilter(agency_ids=agency_ids, overdue_on=today),
            ]
            headings = [texts("list.due_heading"), texts("list.overdue_heading")]
        else:
            filters = [TaskFilter(agency_ids=agency_ids, due_year=year)]
        ongoing = await count_tasks(ctx.session, TaskFilter(agency_ids=agency_ids, kinds=(Kind.ONGOING.value,)))
        if ongoing:
            notes = [*notes, texts("list.ongoing_note", count=ongoing)]
    elif spec.kind is ListKind.UPCOMING:
        return await _upcoming(ctx, spec, page, replace, agency_ids, scope, notes)
    else:
        on = today
        title = texts(f"list.{spec.kind.value}", scope=scope)
        filters = [
            {
                ListKind.OVERDUE: TaskFilter(agency_ids=agency_ids, overdue_on=today),
                ListKind.ONGOING: TaskFilter(agency_ids=agency_ids, kinds=(Kind.ONGOING.value,)),
            }.get(spec.kind, base)
        ]
    pages, total = await _page(ctx, filters, page, on)
    sections = [Section(heading, items) for heading, items in zip(headings, pages, strict=True)]
    return list_page(
        texts,
        title,
        sections,
        page=page,
        total=total,
        action=spec.action(),
        today=today,
        several_plans=ctx.several_plans,
        notes=notes,
        replace=replace,
    )


async def _upcoming(
    ctx: Context,
    spec: ListSpec,
    page: int,
    replace: bool,
    agency_ids: tuple[int, ...] | None,
    scope: Html,
    notes: list[Html],
) -> Reply:
    """Every period due within the window, soonest first, leaving out what is done."""
    texts, today = ctx.texts, ctx.today
    days = spec.days or 30
    last = today + timedelta(days=days)
    kinds = tuple(k.value for k in (*RECURRING, *TIME_BOUND))
    candidates = await find_tasks(ctx.session, TaskFilter(agency_ids=agency_ids, kinds=kinds))
    coming: list[tuple[date, TaskView, str]] = []
    for task in candidates:
        for period in periods_between(task.timeframe, today, last):
            assert period.due is not None
            coming.append((period.due, task, period.key))
    found = await statuses(ctx.session, {task.id: key for _, task, key in coming}, agency_ids)
    items = [
        ListItem(task, status, due)
        for due, task, _key in sorted(coming, key=lambda c: (c[0], c[1].plan, c[1].code))
        if (status := combined_status(s.status for s in found.get(task.id, []))).value != "done"
    ]
    start = (page - 1) * PAGE_SIZE
    return list_page(
        texts,
        texts("list.upcoming", days=days, scope=scope),
        [Section(None, items[start : start + PAGE_SIZE])],
        page=page,
        total=len(items),
        action=spec.action(),
        today=today,
        several_plans=ctx.several_plans,
        notes=notes,
        replace=replace,
    )


async def answer_search(ctx: Context, text: str, page: int = 1, replace: bool = False) -> Reply:
    texts = ctx.texts
    query = [w for w in words(text) if len(w) > 1] or words(text)
    if not query:
        return Reply(texts("search.usage"))
    found = await find_tasks(ctx.session, TaskFilter(words=tuple(query)), limit=_SEARCH_CANDIDATES)
    if not found:
        return Reply(texts("search.none", words=text))
    folded = " ".join(query)
    # Best first: where the words stand together, in the content rather than the agencies.
    found.sort(key=lambda t: -fuzz.partial_ratio(folded, fold(t.content)))
    start = (page - 1) * PAGE_SIZE
    items = await _with_status(ctx, found[start : start + PAGE_SIZE], None, ctx.today)
    action = f"Q:{{page}}:{folded}"[:60]
    return list_page(
        texts,
        texts("list.search", words=text),
        [Section(None, items)],
        page=page,
        total=len(found),
        action=action,
        today=ctx.today,
        several_plans=ctx.several_plans,
        replace=replace,
    )
