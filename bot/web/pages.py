"""What each dashboard page shows, as plain values: built from the plan index and statuses in
memory (and rows read through db/), tested without a browser. Every count comes from
PlanIndex.counts and PlanIndex.by_agency, the definitions the chat's /summary and lists
use, so the web and the chat cannot disagree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from weakref import WeakKeyDictionary

from markupsafe import Markup

from bot.core.catalogue import Texts
from bot.core.views import agency_label, describe_timeframe, period_label, shorten
from db.statuses import HistoryEntry
from db.web import Follower, PeriodStatus, TaskStatusRow
from domain.periods import period_at
from domain.plan_index import Counts, PlanIndex, Scope, StatusBook
from domain.tasks import Status, TaskView
from domain.timeframes import Kind

STATUSES = (Status.DONE, Status.IN_PROGRESS, Status.BLOCKED, Status.OPEN)
OVERDUE_SHOWN = 10  # overdue tasks listed on the overview, the longest overdue; the rest by agency
AGENCY_PAGE = 100  # tasks on one page of an agency
WORST_SHOWN = 10


@dataclass(frozen=True)
class TaskRow:
    id: int
    code: str  # with the plan's name when there are several plans
    content: str  # shortened
    timeframe: Markup
    status: Status  # as the page's scope sees it, in the period today falls in
    period: str
    due: date | None  # of that period
    leads: str


@dataclass(frozen=True)
class SectionRow:
    plan: str
    numeral: str
    title: str
    counts: Counts


@dataclass(frozen=True)
class AgencyRow:
    id: int
    name: str
    counts: Counts
    followers: int


@dataclass(frozen=True)
class Overview:
    plans: list[str]
    plan: str | None
    counts: Counts
    sections: list[SectionRow]
    overdue: list[TaskRow]
    overdue_total: int
    worst: list[AgencyRow]


def several_plans(index: PlanIndex) -> bool:
    return len(index.plans) > 1


def code_of(index: PlanIndex, task: TaskView) -> str:
    return f"{task.plan} {task.code}" if several_plans(index) else task.code


def task_row(index: PlanIndex, statuses: StatusBook, texts: Texts, today: date, task_id: int, scope: Scope) -> TaskRow:
    task = index.tasks[task_id]
    period = period_at(task.timeframe, today)
    return TaskRow(
        task.id,
        code_of(index, task),
        shorten(task.content, 160),
        Markup(describe_timeframe(texts, task.timeframe, today)),
        index.status_of(task.id, period.key, statuses, scope),
        period.key,
        period.due,
        ", ".join(task.leads),
    )


def counts_from(found: Counter[str]) -> Counts:
    return Counts(**{name: found[name] for name in Counts.__dataclass_fields__})


# The period each task is in today, by plan index: computed once a day, not at every change of
# a status (the overview reads the status of every task due this year).
_PERIODS: WeakKeyDictionary[PlanIndex, tuple[date, dict[int, str]]] = WeakKeyDictionary()


def period_keys(index: PlanIndex, today: date) -> dict[int, str]:
    found = _PERIODS.get(index)
    if found is None or found[0] != today:
        found = _PERIODS[index] = (today, {})
    return found[1]


def status_today(index: PlanIndex, statuses: StatusBook, keys: dict[int, str], today: date, task_id: int, scope: Scope):
    """PlanIndex.status, with the task's period looked up instead of worked out."""
    key = keys.get(task_id)
    if key is None:
        key = keys[task_id] = period_at(index.tasks[task_id].timeframe, today).key
    return index.status_of(task_id, key, statuses, scope)


# Where each task's section sits in a plan index's list of sections: built once per index.
_SECTIONS: WeakKeyDictionary[PlanIndex, tuple[dict[int, int], list[tuple[str, str, str]]]] = WeakKeyDictionary()


def _sections(index: PlanIndex) -> tuple[dict[int, int], list[tuple[str, str, str]]]:
    found = _SECTIONS.get(index)
    if found is None:
        slots: dict[tuple[str, str], int] = {}
        where: dict[int, int] = {}
        for task_id in index.order:
            task = index.tasks[task_id]
            where[task_id] = slots.setdefault((task.plan, task.section or ""), len(slots))
        titles = {}
        for task_id in reversed(index.order):
            task = index.tasks[task_id]
            titles[where[task_id]] = task.section_title or ""
        found = _SECTIONS[index] = (where, [(plan, numeral, titles[n]) for (plan, numeral), n in slots.items()])
    return found


def section_counts(
    index: PlanIndex, statuses: StatusBook, today: date, scope: Scope, plan: str | None = None
) -> list[SectionRow]:
    """The counts of each section, in plan order, by the same definitions as
    PlanIndex.counts: summed over the sections they give the scope's counts. One pass over
    the scope's tasks (100,000 for a coordinator), so written for speed."""
    view = index.view(scope, today.year, today)
    keep = index.in_plan(plan) if plan else None
    due = set(view.due)
    overdue = set(index.overdue(scope, today, statuses))
    ongoing = index.ongoing
    keys = period_keys(index, today)
    where, sections = _sections(index)
    size = len(sections)
    names = ("leads", "due", "overdue", "ongoing", "coordinating", *(s.value for s in Status))
    counts = {name: [0] * size for name in names}
    leads, due_n, late, steady = counts["leads"], counts["due"], counts["overdue"], counts["ongoing"]
    by_status = {status: counts[status.value] for status in Status}
    by_task, open_ = statuses.by_task, by_status[Status.OPEN]
    for task_id in view.tasks:
        if keep is not None and task_id not in keep:
            continue
        slot = where[task_id]
        leads[slot] += 1
        if task_id in ongoing:
            steady[slot] += 1
        if task_id in overdue:
            late[slot] += 1
        if task_id in due:
            due_n[slot] += 1
            key = keys.get(task_id)
            if key is None:
                key = keys[task_id] = period_at(index.tasks[task_id].timeframe, today).key
            if scope is None and (task_id, key) not in by_task:
                open_[slot] += 1  # nobody said anything: the common case, kept cheap
            else:
                by_status[index.status_of(task_id, key, statuses, scope)][slot] += 1
    for task_id in view.coordinating:
        if keep is None or task_id in keep:
            counts["coordinating"][where[task_id]] += 1
    used = [slot for slot in range(size) if counts["leads"][slot] or counts["coordinating"][slot]]
    return [
        SectionRow(
            sections[slot][0],
            sections[slot][1],
            sections[slot][2],
            Counts(**{name: counts[name][slot] for name in Counts.__dataclass_fields__}),
        )
        for slot in used
    ]


def overdue_ids(
    index: PlanIndex, statuses: StatusBook, today: date, scope: Scope, plan: str | None = None
) -> list[int]:
    """Overdue tasks, the longest overdue first."""
    keep = index.in_plan(plan) if plan else None
    ids = [i for i in index.overdue(scope, today, statuses) if keep is None or i in keep]
    ids.sort(key=lambda i: (index.tasks[i].timeframe.deadline or today, index.order_of(i)))
    return ids


def worst_agencies(
    index: PlanIndex, statuses: StatusBook, today: date, plan: str | None, followers: Mapping[int, int]
) -> list[AgencyRow]:
    """The bodies with the most overdue tasks, each count its own /summary's (as in
    PlanIndex.by_agency), found from the overdue tasks rather than by counting every
    agency: a task is overdue for each agency that owns it and has not marked it done."""
    keep = index.in_plan(plan) if plan else None
    late: Counter[int] = Counter()
    for task_id in index.view(None, today.year, today).past_deadline:
        if keep is not None and task_id not in keep:
            continue
        for agency in index.owners_of(task_id):
            if task_id not in statuses.done((agency,)):
                late[agency] += 1
    rows = []
    for agency, count in late.items():
        name = index.agency_names.get(agency)
        if name is None or index.stands_for_others(agency):  # a group, or a body that no longer exists
            continue
        rows.append((count, name, agency))
    rows.sort(key=lambda row: (-row[0], row[1]))
    return [
        AgencyRow(agency, name, index.counts((agency,), today, statuses, plan), followers.get(agency, 0))
        for _, name, agency in rows[:WORST_SHOWN]
    ]


def overview(
    index: PlanIndex,
    statuses: StatusBook,
    texts: Texts,
    today: date,
    scope: Scope,
    plan: str | None,
    followers: Mapping[int, int],
) -> Overview:
    late = overdue_ids(index, statuses, today, scope, plan)
    sections = section_counts(index, statuses, today, scope, plan)
    total: Counter[str] = Counter()
    for section in sections:  # the sections add up to PlanIndex.counts (the tests hold it)
        total.update({name: getattr(section.counts, name) for name in Counts.__dataclass_fields__})
    return Overview(
        plans=index.plans,
        plan=plan,
        counts=counts_from(total),
        sections=sections,
        overdue=[task_row(index, statuses, texts, today, i, scope) for i in late[:OVERDUE_SHOWN]],
        overdue_total=len(late),
        worst=worst_agencies(index, statuses, today, plan, followers) if scope is None else [],
    )


# -- agencies ---------------------------------------------------------------------------------

SORTS: dict[str, Callable[[AgencyRow], tuple]] = {
    "overdue": lambda r: (-r.counts.overdue, -r.counts.due, r.name),
    "blocked": lambda r: (-r.counts.blocked, -r.counts.overdue, r.name),
    "open": lambda r: (-r.counts.open, -r.counts.overdue, r.name),  # not reported
    "due": lambda r: (-r.counts.due, r.name),
    "done": lambda r: (-r.counts.done, r.name),
    "leads": lambda r: (-r.counts.leads, r.name),
    "followers": lambda r: (r.followers, -r.counts.due, r.name),  # nobody following first
    "name": lambda r: (r.name.casefold(),),
}


def agency_rows(
    index: PlanIndex,
    statuses: StatusBook,
    today: date,
    scope: Scope,
    plan: str | None,
    followers: Mapping[int, int],
    sort: str = "overdue",
) -> list[AgencyRow]:
    """The agencies the scope may see, with their counts as their own /summary gives them:
    for coordinators, every body that leads tasks (PlanIndex.by_agency)."""
    if scope is None:
        rows = [
            AgencyRow(index.agency_ids[name], name, counts, followers.get(index.agency_ids[name], 0))
            for name, counts in index.by_agency(statuses, today, plan)
        ]
    else:
        rows = [
            AgencyRow(agency_id, index.agency_names.get(agency_id, "?"), counts, followers.get(agency_id, 0))
            for agency_id in scope
            for counts in (index.counts((agency_id,), today, statuses, plan),)
        ]
    rows.sort(key=SORTS.get(sort, SORTS["overdue"]))
    return rows


# -- one agency -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyTask:
    row: TaskRow
    note: str  # the agency's note for the period today falls in
    periods: list[tuple[Markup, Status, str]]  # the agency's status in the other periods it reported
    history: list[HistoryEntry]


@dataclass(frozen=True)
class AgencyPage:
    id: int
    name: str
    succession: str | None  # "Sở TN&MT nay là Sở NN&MT."
    counts: Counts
    sections: list[tuple[str, list[AgencyTask]]]  # (key of its heading, tasks) on this page
    page: int
    pages: int
    coordinating: list[AgencyTask]  # on this page of them
    coordinating_total: int
    cpage: int
    cpages: int
    followers: list[Follower]
    plans: list[str] = field(default_factory=list)  # of its tasks: one calendar each


def agency_page(
    index: PlanIndex,
    statuses: StatusBook,
    texts: Texts,
    today: date,
    agency_id: int,
    reported: Mapping[int, Sequence[PeriodStatus]],
    history: Mapping[int, Sequence[HistoryEntry]],
    followers: list[Follower],
    page: int = 1,
    cpage: int = 1,
) -> AgencyPage:
    """An agency's own tasks (those it leads) in sections, overdue first, each with its
    status in every period, its notes and history; the tasks it coordinates apart."""
    scope = (agency_id,)
    name = index.agency_names.get(agency_id, "?")
    view = index.view(scope, today.year, today)
    overdue = index.overdue(scope, today, statuses)
    late, due = set(overdue), set(view.due)
    grouped = [
        ("overdue", overdue),
        ("due", [i for i in view.due if i not in late]),
        ("ongoing", [i for i in view.tasks if i in index.ongoing and i not in due]),
        ("other", [i for i in view.tasks if i not in due and i not in late and i not in index.ongoing]),
    ]
    total = sum(len(ids) for _, ids in grouped)
    pages = max(1, -(-total // AGENCY_PAGE))
    page = min(max(page, 1), pages)
    start, end = (page - 1) * AGENCY_PAGE, page * AGENCY_PAGE
    cpages = max(1, -(-len(view.coordinating) // AGENCY_PAGE))
    cpage = min(max(cpage, 1), cpages)

    def item(task_id: int) -> AgencyTask:
        row = task_row(index, statuses, texts, today, task_id, scope)
        mine = sorted(reported.get(task_id, ()), key=lambda p: p.period, reverse=True)
        note = next((p.note for p in mine if p.period == row.period), "")
        periods = [(Markup(period_label(texts, p.period)), p.status, p.note) for p in mine if p.period != row.period]
        return AgencyTask(row, note, periods, list(history.get(task_id, ())))

    sections, position = [], 0
    for key, ids in grouped:
        shown = [i for n, i in enumerate(ids, position) if start <= n < end]
        position += len(ids)
        if shown:
            sections.append((key, [item(i) for i in shown]))
    succession = None
    if index.directory.succession(name) is not None:
        succession = Markup(texts("agency.succeeded", old=name, new=index.directory.current(name)))
    return AgencyPage(
        agency_id,
        name,
        succession,
        index.counts(scope, today, statuses),
        sections,
        page,
        pages,
        [item(i) for i in view.coordinating[(cpage - 1) * AGENCY_PAGE : cpage * AGENCY_PAGE]],
        len(view.coordinating),
        cpage,
        cpages,
        followers,
        sorted({index.tasks[i].plan for i in (*view.tasks, *view.coordinating)}),
    )


# -- one task ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyStatuses:
    agency_id: int
    name: Markup  # with the body that carries it today
    role: str  # lead | coordinator
    by_period: dict[str, tuple[Status, str]]  # period -> (status, note)


@dataclass(frozen=True)
class TaskPage:
    task: TaskView
    code: str
    plan_title: str
    timeframe: Markup
    period: str
    period_label: Markup
    due: date | None
    status: Status  # the task's own, from its lead agencies
    leads: list[Markup]
    coordinators: list[Markup]
    lead_members: list[str]
    periods: list[tuple[str, Markup]]  # columns of the table, latest first
    agencies: list[AgencyStatuses]
    history: list[HistoryEntry]


def task_page(
    index: PlanIndex,
    statuses: StatusBook,
    texts: Texts,
    today: date,
    task_id: int,
    rows: Sequence[TaskStatusRow],
    history: list[HistoryEntry],
) -> TaskPage:
    task = index.tasks[task_id]
    period = period_at(task.timeframe, today)
    directory = index.directory

    def label(name: str) -> Markup:
        return Markup(agency_label(texts, directory, name))

    leads_of = index.leads_of(task_id)
    lead_ids = {index.agency_ids.get(n) for n in task.leads} | set(leads_of)
    by_agency: dict[int, AgencyStatuses] = {}
    for agency_id in sorted(leads_of, key=lambda a: index.agency_names.get(a, "")):
        name = index.agency_names.get(agency_id, "?")
        by_agency[agency_id] = AgencyStatuses(agency_id, label(name), "lead", {})
    for row in rows:
        if row.agency_id not in by_agency:
            role = "lead" if row.agency_id in lead_ids else "coordinator"
            by_agency[row.agency_id] = AgencyStatuses(row.agency_id, label(row.agency), role, {})
        by_agency[row.agency_id].by_period[row.period] = (row.status, row.note)
    periods = sorted({row.period for row in rows} | {period.key}, reverse=True)
    return TaskPage(
        task,
        code_of(index, task),
        index.plan_titles.get(task.plan, task.plan),
        Markup(describe_timeframe(texts, task.timeframe, today)),
        period.key,
        Markup(period_label(texts, period.key)),
        period.due,
        index.status_of(task_id, period.key, statuses, None),
        [label(n) for n in task.leads],
        [label(n) for n in task.coordinators],
        sorted(index.agency_names.get(a, "?") for a in leads_of),
        [(p, Markup(period_label(texts, p))) for p in periods],
        sorted(by_agency.values(), key=lambda a: (a.role != "lead", str(a.name))),
        history,
    )


def may_see_task(index: PlanIndex, scope: Scope, task_id: int) -> bool:
    """Coordinators see every task; a focal point the tasks its agencies lead or coordinate."""
    return scope is None or task_id in set(index.scope_tasks(scope, None))


# -- data quality -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnknownAgency:
    id: int
    name: str
    tasks: int


@dataclass(frozen=True)
class SuccessionRow:
    old_id: int
    old: str
    new_id: int
    new: str
    note: str
    tasks: int


@dataclass(frozen=True)
class Quality:
    unparsed: list[TaskView]  # unreadable or missing timeframes
    unknown: list[UnknownAgency]
    successions: list[SuccessionRow]


def quality(index: PlanIndex) -> Quality:
    """What the plans left unclear: timeframes not read, names not in the alias table, and
    successions whose duties were split (someone must say who took the tasks)."""
    unparsed = [index.tasks[i] for i in index.order if index.tasks[i].timeframe.kind in (Kind.UNPARSED, Kind.BLANK)]
    unknown, successions = [], []
    directory = index.directory
    for agency_id, name in sorted(index.agency_names.items(), key=lambda pair: pair[1]):
        tasks = len(index.named_tasks(agency_id))
        entry = directory.get(name)
        if entry is not None and not entry.verified and tasks:
            unknown.append(UnknownAgency(agency_id, name, tasks))
        found = directory.succession(name)
        if found is not None and found.partial and tasks and (new_id := index.agency_ids.get(found.new)):
            successions.append(SuccessionRow(agency_id, name, new_id, found.new, found.note, tasks))
    return Quality(unparsed, unknown, successions)
