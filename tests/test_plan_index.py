"""The plans in memory: whose tasks, due when, overdue or not (domain/plan_index.py)."""

from __future__ import annotations

import itertools
from datetime import date
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import plan_index
from domain.agencies import AgencyDirectory
from domain.periods import WHOLE
from domain.plan_index import Link, PlanIndex, StatusBook
from domain.tasks import Status, TaskView, combined_status, lead_status
from domain.timeframes import Kind, parse_timeframe

TODAY = date(2026, 11, 24)

# agencies
HEALTH, FINANCE, HOME_AFFAIRS, DISTRICT_A, DISTRICT_B = 1, 2, 3, 4, 5
# groups: "Các sở, ngành" (the departments) and "UBND cấp huyện" (the districts)
DEPARTMENTS, DISTRICTS = 10, 11
NAMES = {
    HEALTH: "Sở Y tế",
    FINANCE: "Sở Tài chính",
    HOME_AFFAIRS: "Sở Nội vụ",
    DISTRICT_A: "UBND huyện A",
    DISTRICT_B: "UBND huyện B",
    DEPARTMENTS: "Các sở, ngành",
    DISTRICTS: "UBND cấp huyện",
}
GROUPS_OF = {
    HEALTH: [DEPARTMENTS],
    FINANCE: [DEPARTMENTS],
    HOME_AFFAIRS: [DEPARTMENTS],
    DISTRICT_A: [DISTRICTS],
    DISTRICT_B: [DISTRICTS],
}


def task(task_id: int, code: str, timeframe: str, plan: str = "NQ20") -> TaskView:
    section, number = code.split(".", 1)
    return TaskView(
        id=task_id,
        plan=plan,
        code=code,
        section=section,
        section_title=f"Mục {section}",
        number=number,
        content=f"Nhiệm vụ {code}",
        leads=(),
        coordinators=(),
        timeframe=parse_timeframe(timeframe),
        funding_raw="",
        funding_sources=(),
    )


TASKS = [  # in plan order
    task(101, "I.1", "Năm 2025"),  # past its deadline
    task(102, "I.2", "Hàng năm"),
    task(103, "II.1", "Trước ngày 30/6/2026"),  # past its deadline
    task(104, "II.2", "Thường xuyên"),
    task(105, "III.1", "Hàng quý"),
    task(106, "III.2", "2018 - 2025"),  # past its deadline
    task(107, "III.3", ""),
    task(108, "III.4", "Quý IV/2027"),
    task(201, "I.1", "Trước ngày 31/12/2026", plan="QD5"),
]
LINKS = [  # not in plan order, on purpose
    Link(106, DEPARTMENTS, "lead"),
    Link(105, HOME_AFFAIRS, "lead"),
    Link(105, HEALTH, "coordinator"),
    Link(101, HEALTH, "lead"),
    Link(101, FINANCE, "coordinator"),
    Link(102, DEPARTMENTS, "lead"),
    Link(103, FINANCE, "lead"),
    Link(104, HEALTH, "lead"),
    Link(107, DISTRICTS, "lead"),
    Link(107, DISTRICT_A, "coordinator"),
    Link(108, DISTRICT_B, "lead"),
    Link(201, HOME_AFFAIRS, "lead"),
    Link(999, HEALTH, "lead"),  # a task no longer in the plans: ignored
]


def make_index(tasks: list[TaskView] = TASKS, links: list[Link] = LINKS) -> PlanIndex:
    return PlanIndex(tasks, links, GROUPS_OF, AgencyDirectory([]), NAMES)


@pytest.fixture
def index() -> PlanIndex:
    return make_index()


def book(*changes: tuple[int, int, str, Status]) -> StatusBook:
    statuses = StatusBook()
    for change_id, (task_id, agency, period, status) in enumerate(changes, start=1):
        statuses.apply(change_id, task_id, agency, period, status)
    return statuses


# -- who -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "role", "expected"),
    [
        # directly named, or through the group "Các sở, ngành"; in plan order
        ((HEALTH,), None, [101, 102, 104, 105, 106]),
        ((HEALTH,), "lead", [101, 102, 104, 106]),
        ((HEALTH,), "coordinator", [105]),
        ((FINANCE,), None, [101, 102, 103, 106]),
        ((FINANCE,), "coordinator", [101]),
        ((HOME_AFFAIRS,), None, [102, 105, 106, 201]),
        ((HEALTH, FINANCE), None, [101, 102, 103, 104, 105, 106]),
        ((FINANCE, HEALTH), None, [101, 102, 103, 104, 105, 106]),
        ((DISTRICT_A,), None, [107]),
        ((DISTRICT_B,), None, [107, 108]),
        ((DISTRICT_B,), "coordinator", []),
        ((DEPARTMENTS,), None, [102, 106]),  # the group itself
        ((42,), None, []),  # an agency named nowhere
        (None, None, [101, 102, 103, 104, 105, 106, 107, 108, 201]),
    ],
)
def test_scope_tasks(index: PlanIndex, scope: tuple[int, ...] | None, role: str | None, expected: list[int]) -> None:
    assert list(index.scope_tasks(scope, role)) == expected
    assert list(index.scope_tasks(scope, role)) == expected  # cached: the same answer again


@pytest.mark.parametrize(
    ("task_id", "agencies"),
    [
        (101, {HEALTH, FINANCE}),
        (102, {DEPARTMENTS, HEALTH, FINANCE, HOME_AFFAIRS}),  # the group and its members
        (107, {DISTRICTS, DISTRICT_A, DISTRICT_B}),
        (108, {DISTRICT_B}),
        (999, set()),
        (12345, set()),
    ],
)
def test_agencies_of_task(index: PlanIndex, task_id: int, agencies: set[int]) -> None:
    assert index.agencies_of_task(task_id) == agencies


def test_by_code(index: PlanIndex) -> None:
    assert [t.id for t in index.by_code("I.1")] == [101, 201]
    assert [t.id for t in index.by_code("I.1", "NQ20")] == [101]
    assert [t.id for t in index.by_code("I.1", "QD5")] == [201]
    assert index.by_code("I.1", "KH9") == []
    assert index.by_code("IX.9") == []
    assert index.plans == ["NQ20", "QD5"]
    assert index.ongoing == frozenset({104})


# -- when ----------------------------------------------------------------------------------


def test_due_in(index: PlanIndex) -> None:
    assert sorted(index.due_in(2025)) == [101, 102, 105, 106]
    assert sorted(index.due_in(2026)) == [102, 103, 105, 201]
    assert sorted(index.due_in(2027)) == [102, 105, 108]


@pytest.mark.parametrize(
    ("scope", "year", "today", "tasks", "due", "past", "ongoing"),
    [
        # an agency's own tasks are those it leads: 105 (Sở Y tế) and 101 (Sở Tài chính) it only coordinates
        ((HEALTH,), 2026, TODAY, [101, 102, 104, 106], [102], [101, 106], 1),
        ((HEALTH,), 2025, date(2025, 6, 1), [101, 102, 104, 106], [101, 102, 106], [], 1),
        ((FINANCE,), 2026, TODAY, [102, 103, 106], [102, 103], [103, 106], 0),
        ((FINANCE,), 2026, date(2026, 6, 30), [102, 103, 106], [102, 103], [106], 0),  # due today
        ((DISTRICT_B,), 2027, TODAY, [107, 108], [108], [], 0),
        (None, 2026, TODAY, [101, 102, 103, 104, 105, 106, 107, 108, 201], [102, 103, 105, 201], [101, 103, 106], 1),
        (None, 2028, date(2028, 1, 1), None, [102, 105], [101, 103, 106, 108, 201], 1),
    ],
)
def test_view(
    index: PlanIndex,
    scope: tuple[int, ...] | None,
    year: int,
    today: date,
    tasks: list[int] | None,
    due: list[int],
    past: list[int],
    ongoing: int,
) -> None:
    view = index.view(scope, year, today)
    assert list(view.tasks) == (tasks if tasks is not None else index.order)
    assert (list(view.due), list(view.past_deadline), view.ongoing) == (due, past, ongoing)


# -- overdue and statuses ------------------------------------------------------------------


def test_overdue_without_statuses(index: PlanIndex) -> None:
    assert index.overdue((HEALTH,), TODAY, StatusBook()) == [101, 106]
    assert index.overdue((FINANCE,), TODAY, StatusBook()) == [103, 106]  # 101: it only coordinates
    assert index.overdue((DISTRICT_A,), TODAY, StatusBook()) == []
    assert index.overdue(None, TODAY, StatusBook()) == [101, 103, 106]
    assert index.overdue(None, date(2026, 6, 30), StatusBook()) == [101, 106]
    assert index.overdue(None, date(2026, 7, 1), StatusBook()) == [101, 103, 106]


def test_overdue_leaves_out_what_the_scope_marked_done(index: PlanIndex) -> None:
    statuses = book((101, HEALTH, WHOLE, Status.DONE))
    assert index.overdue((HEALTH,), TODAY, statuses) == [106]
    assert index.overdue((HEALTH, FINANCE), TODAY, statuses) == [103, 106]
    # Sở Tài chính coordinates 101: never its overdue task, done or not
    assert index.overdue((FINANCE,), TODAY, statuses) == [103, 106]
    assert index.overdue(None, TODAY, statuses) == [103, 106]


def test_overdue_keeps_what_another_agency_marked_done(index: PlanIndex) -> None:
    # 106 is a task of the group: Sở Tài chính's "done" is not Sở Y tế's
    statuses = book((106, FINANCE, WHOLE, Status.DONE))
    assert index.overdue((HEALTH,), TODAY, statuses) == [101, 106]
    assert index.overdue((FINANCE,), TODAY, statuses) == [103]
    assert index.overdue((HEALTH, FINANCE), TODAY, statuses) == [101, 103]
    # for the whole plan it is done when every member of the leading group is
    assert index.overdue(None, TODAY, statuses) == [101, 103, 106]


def test_overdue_counts_only_done_for_the_whole_period(index: PlanIndex) -> None:
    statuses = book(
        (101, HEALTH, "2025", Status.DONE),  # not the period of a time-bound task
        (106, HEALTH, WHOLE, Status.IN_PROGRESS),
        (103, FINANCE, WHOLE, Status.BLOCKED),
    )
    assert index.overdue((HEALTH,), TODAY, statuses) == [101, 106]
    assert index.overdue(None, TODAY, statuses) == [101, 103, 106]


@pytest.mark.parametrize("back_to", [Status.IN_PROGRESS, Status.BLOCKED, Status.OPEN])
def test_done_then_not_done_is_overdue_again(index: PlanIndex, back_to: Status) -> None:
    statuses = StatusBook()
    statuses.apply(1, 101, HEALTH, WHOLE, Status.DONE)
    assert index.overdue((HEALTH,), TODAY, statuses) == [106]
    assert index.overdue(None, TODAY, statuses) == [103, 106]
    statuses.apply(2, 101, HEALTH, WHOLE, Status.DONE)  # done twice is done once
    statuses.apply(3, 101, HEALTH, WHOLE, back_to)
    assert index.overdue((HEALTH,), TODAY, statuses) == [101, 106]
    assert index.overdue(None, TODAY, statuses) == [101, 103, 106]
    assert statuses.last_change == 3
    assert statuses.combined(101, WHOLE, (HEALTH,)) is back_to


def test_done_by_every_lead_is_undone_by_one(index: PlanIndex) -> None:
    # 106 is led by the group "Các sở, ngành": its three members
    statuses = book(*((106, agency, WHOLE, Status.DONE) for agency in (HEALTH, FINANCE, HOME_AFFAIRS)))
    assert index.overdue(None, TODAY, statuses) == [101, 103]
    statuses.apply(4, 106, FINANCE, WHOLE, Status.IN_PROGRESS)
    assert index.overdue(None, TODAY, statuses) == [101, 103, 106]  # one lead is not done
    assert index.status(106, TODAY, statuses, None) is Status.IN_PROGRESS
    assert index.overdue((FINANCE,), TODAY, statuses) == [103, 106]
    assert index.overdue((HEALTH,), TODAY, statuses) == [101]  # Sở Y tế still says done
    statuses.apply(5, 106, HEALTH, WHOLE, Status.BLOCKED)
    statuses.apply(6, 106, HOME_AFFAIRS, WHOLE, Status.OPEN)
    assert index.overdue((HEALTH,), TODAY, statuses) == [101, 106]
    assert statuses.done(None) == set()  # nothing left behind
    assert statuses.done((HEALTH, FINANCE)) == set()


@pytest.mark.parametrize(
    ("statuses", "combined"),
    [
        ([], Status.OPEN),
        ([Status.OPEN], Status.OPEN),
        ([Status.OPEN, Status.OPEN], Status.OPEN),
        ([Status.DONE], Status.DONE),
        ([Status.DONE, Status.DONE], Status.DONE),
        ([Status.DONE, Status.OPEN], Status.IN_PROGRESS),
        ([Status.IN_PROGRESS, Status.OPEN], Status.IN_PROGRESS),
        ([Status.DONE, Status.IN_PROGRESS], Status.IN_PROGRESS),
        ([Status.DONE, Status.BLOCKED], Status.BLOCKED),
        ([Status.OPEN, Status.BLOCKED, Status.IN_PROGRESS], Status.BLOCKED),
    ],
)
def test_combined_status(statuses: list[Status], combined: Status) -> None:
    assert combined_status(statuses) is combined


def test_status_of_a_task_combines_the_agencies_of_the_scope(index: PlanIndex) -> None:
    # 102 is annual: statuses of 2026 belong to the period "2026"
    statuses = book(
        (102, HEALTH, "2026", Status.DONE),
        (102, FINANCE, "2026", Status.IN_PROGRESS),
        (102, HOME_AFFAIRS, "2026", Status.BLOCKED),
        (102, FINANCE, "2025", Status.DONE),
    )
    in_2026 = date(2026, 5, 1)
    assert index.status(102, in_2026, statuses, (HEALTH,)) is Status.DONE
    assert index.status(102, in_2026, statuses, (HEALTH, FINANCE)) is Status.IN_PROGRESS
    assert index.status(102, in_2026, statuses, None) is Status.BLOCKED
    assert index.status(102, in_2026, statuses, (DISTRICT_A,)) is Status.OPEN
    assert index.status(102, date(2025, 12, 31), statuses, (FINANCE,)) is Status.DONE
    assert index.status(102, date(2025, 12, 31), statuses, (HEALTH,)) is Status.OPEN
    assert index.status(102, date(2027, 1, 1), statuses, None) is Status.OPEN  # a new year starts open
    assert sorted(statuses.of(102, "2026", None)) == sorted([Status.DONE, Status.IN_PROGRESS, Status.BLOCKED])
    assert statuses.of(102, "2026", (FINANCE, DISTRICT_A)) == [Status.IN_PROGRESS]
    assert statuses.of(102, "2024", None) == []
    # a done annual period is not "done" for the overdue list of time-bound tasks
    assert statuses.done(None) == set()


def test_status_of_a_time_bound_task_uses_the_whole_period(index: PlanIndex) -> None:
    statuses = book((103, FINANCE, WHOLE, Status.DONE))
    assert index.status(103, date(2026, 1, 15), statuses, (FINANCE,)) is Status.DONE
    assert index.status(103, date(2027, 1, 15), statuses, None) is Status.DONE
    assert list(statuses.done((FINANCE,))) == [103]


# -- the task's own status: its leads decide ---------------------------------------------

OPEN, DOING, DONE, BLOCKED = Status.OPEN, Status.IN_PROGRESS, Status.DONE, Status.BLOCKED


@pytest.mark.parametrize(
    ("said", "leads", "expected"),
    [
        ({}, {1, 2}, OPEN),
        ({1: DONE}, {1}, DONE),
        ({1: DONE}, {1, 2}, DOING),  # one lead of two: under way, not done
        ({1: DONE, 2: DONE}, {1, 2}, DONE),
        ({1: DONE, 2: DONE, 3: DONE}, {1, 2}, DONE),  # 3 coordinates: its part is its own
        ({3: DONE}, {1, 2}, OPEN),  # a coordinator alone closes nothing
        ({3: BLOCKED}, {1, 2}, OPEN),
        ({1: BLOCKED, 2: DONE}, {1, 2}, BLOCKED),
        ({2: DOING}, {1, 2}, DOING),
        ({1: OPEN, 2: OPEN}, {1, 2}, OPEN),
        ({1: DONE}, set(), OPEN),  # nobody leads: nothing can be done
    ],
)
def test_lead_status(said: dict[int, Status], leads: set[int], expected: Status) -> None:
    assert lead_status(said, leads) is expected


@pytest.mark.parametrize(
    ("task_id", "leads"),
    [
        (101, {HEALTH}),  # Sở Tài chính coordinates
        (102, {HEALTH, FINANCE, HOME_AFFAIRS}),  # led by the group: its members
        (105, {HOME_AFFAIRS}),
        (107, {DISTRICT_A, DISTRICT_B}),  # UBND huyện A coordinates and is a member of the lead
        (108, {DISTRICT_B}),
    ],
)
def test_leads_of(index: PlanIndex, task_id: int, leads: set[int]) -> None:
    assert index.leads_of(task_id) == leads


def test_leads_of_a_memberless_group_and_of_a_task_without_a_lead() -> None:
    front = 12  # "Mặt trận Tổ quốc và các đoàn thể": no known members
    index = make_index(TASKS, [Link(101, front, "lead"), Link(102, FINANCE, "coordinator")])
    assert index.leads_of(101) == {front}
    assert index.leads_of(102) == {FINANCE}  # nobody else could ever close it
    assert index.leads_of(103) == set()


def test_a_coordinating_agency_does_not_close_the_task_for_everyone(index: PlanIndex) -> None:
    # Sở Tài chính coordinates 101 (past its deadline) and marks it done
    statuses = book((101, FINANCE, WHOLE, DONE))
    assert index.status(101, TODAY, statuses, None) is OPEN
    assert index.overdue(None, TODAY, statuses) == [101, 103, 106]
    # its own view shows its own part
    assert index.status(101, TODAY, statuses, (FINANCE,)) is DONE
    assert index.overdue((FINANCE,), TODAY, statuses) == [103, 106]
    statuses.apply(2, 101, HEALTH, WHOLE, DONE)  # the lead: now it is done
    assert index.status(101, TODAY, statuses, None) is DONE
    assert index.overdue(None, TODAY, statuses) == [103, 106]
    # a recurring task, per period: Sở Y tế coordinates 105 (quarterly), led by Sở Nội vụ
    quarter = book((105, HEALTH, "2026-Q4", DONE))
    assert index.status(105, TODAY, quarter, None) is OPEN
    assert index.status(105, TODAY, quarter, (HEALTH,)) is DONE


# -- overdue against a reference -----------------------------------------------------------

TIMEFRAMES = ["Năm 2025", "2024 - 2026", "Trước ngày 30/6/2026", "Quý I/2027", "Hàng năm", "Thường xuyên", ""]
AGENCIES = [1, 2, 3, 4]
GROUPS = [10, 11]
STATUSES = list(Status)


@st.composite
def plans(draw: st.DrawFn) -> dict:
    count = draw(st.integers(min_value=1, max_value=8))
    tasks = [task(n, f"I.{n}", draw(st.sampled_from(TIMEFRAMES))) for n in range(1, count + 1)]
    draw(st.randoms(use_true_random=False)).shuffle(tasks)  # plan order is not id order
    ids = [t.id for t in tasks]
    links = draw(
        st.lists(
            st.builds(
                Link,
                st.sampled_from([*ids, 99]),
                st.sampled_from(AGENCIES + GROUPS),
                st.sampled_from(["lead", "coordinator"]),
            ),
            max_size=12,
        )
    )
    groups_of = draw(st.dictionaries(st.sampled_from(AGENCIES), st.lists(st.sampled_from(GROUPS), unique=True)))
    changes = draw(
        st.lists(
            st.tuples(
                st.sampled_from(ids),
                st.sampled_from(AGENCIES),
                st.sampled_from([WHOLE, WHOLE, "2026"]),
                st.sampled_from(STATUSES),
            ),
            max_size=15,
        )
    )
    return {"tasks": tasks, "links": links, "groups_of": groups_of, "changes": changes}


def naive_leads(plan: dict, task_id: int) -> set[int]:
    """The lead agencies of a task, groups replaced by their members; without a lead, every
    agency named on it."""
    links = [link for link in plan["links"] if link.task_id == task_id]
    named = {link.agency_id for link in links if link.role == "lead"} or {link.agency_id for link in links}
    found = set()
    for agency in named:
        members = {member for member, groups in plan["groups_of"].items() if agency in groups}
        found |= members or {agency}
    return found


def naive_overdue(plan: dict, changes: list, scope: tuple[int, ...] | None, today: date) -> list[int]:
    """Straight from the definition: a time-bound task the scope leads (named as lead, or
    through a group, or named at all when the task names no lead), past its deadline, that
    no agency of the scope has as done for its whole period; for no scope, that not every
    lead agency has as done."""
    latest = {}
    for task_id, agency, period, status in changes:
        latest[task_id, agency, period] = status
    found = []
    for view in plan["tasks"]:
        timeframe = view.timeframe
        if timeframe.kind not in (Kind.ONCE, Kind.RANGE) or not timeframe.deadline or timeframe.deadline >= today:
            continue
        done_by = {a for (t, a, p), s in latest.items() if t == view.id and p == WHOLE and s is Status.DONE}
        if scope is None:
            leads = naive_leads(plan, view.id)
            if leads and leads <= done_by:
                continue
        else:
            links = [link for link in plan["links"] if link.task_id == view.id]
            named = {link.agency_id for link in links if link.role == "lead"} or {link.agency_id for link in links}
            reach = set(scope) | {g for agency in scope for g in plan["groups_of"].get(agency, [])}
            if not named & reach or done_by & set(scope):
                continue
        found.append(view.id)
    return found


SCOPES = [None, *((a,) for a in AGENCIES), *itertools.combinations(AGENCIES, 2), tuple(AGENCIES)]


@given(plans(), st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 1, 1)))
def test_overdue_matches_a_naive_reference(plan: dict, today: date) -> None:
    index = PlanIndex(plan["tasks"], plan["links"], plan["groups_of"], AgencyDirectory([]), {})
    statuses = StatusBook()
    for step, change in enumerate([None, *plan["changes"]]):
        if change is not None:
            statuses.apply(step, *change)
        applied = plan["changes"][:step]
        for scope in SCOPES:
            assert index.overdue(scope, today, statuses) == naive_overdue(plan, applied, scope, today), (scope, step)
    assert statuses.last_change == len(plan["changes"])


# -- an agency's tasks against a reference ---------------------------------------------------


@st.composite
def larger_plans(draw: st.DrawFn) -> dict:
    """Up to 40 tasks and 60 links: enough for a group's long list with an agency's own few
    placed in it, and for many to merge."""
    count = draw(st.integers(min_value=1, max_value=40))
    tasks = [task(n, f"I.{n}", "Năm 2026") for n in range(1, count + 1)]
    draw(st.randoms(use_true_random=False)).shuffle(tasks)  # plan order is not id order
    ids = [t.id for t in tasks]
    agency = st.sampled_from(AGENCIES + GROUPS + GROUPS)  # groups named more: their lists are long
    links = draw(st.lists(st.builds(Link, st.sampled_from(ids), agency, st.sampled_from(["lead", "coordinator"]))))
    groups_of = draw(st.dictionaries(st.sampled_from(AGENCIES), st.lists(st.sampled_from(GROUPS), unique=True)))
    return {"tasks": tasks, "links": links[:60], "groups_of": groups_of}


def naive_scope_tasks(plan: dict, scope: tuple[int, ...], role: str | None) -> list[int]:
    """Straight from the definition: tasks naming an agency of the scope or a group of
    one, in that role (a task that names no lead is led by all it names), in plan order;
    those led are not also coordinated."""
    reach = set(scope) | {g for agency in scope for g in plan["groups_of"].get(agency, [])}
    found = set()
    for link in plan["links"]:
        has_lead = any(other.task_id == link.task_id and other.role == "lead" for other in plan["links"])
        if link.agency_id in reach and role in (None, link.role if has_lead else "lead"):
            found.add(link.task_id)
    if role == "coordinator":
        found -= set(naive_scope_tasks(plan, scope, "lead"))
    return [t.id for t in plan["tasks"] if t.id in found]


@given(larger_plans(), st.sampled_from([1, 4, 256]))
def test_scope_tasks_match_a_naive_reference(plan: dict, long: int) -> None:
    with patch.object(plan_index, "_LONG", long):  # long lists kept as sets too, or not
        index = PlanIndex(plan["tasks"], plan["links"], plan["groups_of"], AgencyDirectory([]), {})
    for scope in SCOPES[1:]:
        for role in ("lead", "coordinator", None):
            found, expected = index.scope_tasks(scope, role), naive_scope_tasks(plan, scope, role)
            assert len(found) == len(expected), (scope, role)  # counted before being made
            assert list(found) == expected, (scope, role)
