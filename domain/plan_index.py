"""The plans in memory, shaped for the questions people ask: whose tasks, due when.

Answering from memory keeps a reply within a couple of milliseconds on a plan of
100,000 tasks; the database stays the source of truth and the index is rebuilt when a
plan changes. Pure: built from values, answers with values.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import NamedTuple, overload

from domain.agencies import AgencyDirectory
from domain.periods import WHOLE, occurs_in_year, period_at
from domain.tasks import Status, TaskRole, TaskView, code_forms, combined_status, lead_status
from domain.timeframes import TIME_BOUND, Kind, Timeframe

Scope = tuple[int, ...] | None  # agency ids; None: every agency
LEAD, COORDINATOR = TaskRole.LEAD, TaskRole.COORDINATOR
_LONG = 256  # tasks of one agency (a group) from which they are also kept as a set


class Link(NamedTuple):  # a tuple: hundreds of thousands are made at each load
    task_id: int
    agency_id: int
    role: TaskRole


@dataclass
class StatusBook:
    """The latest status of each (task, period) per agency, kept up to date incrementally."""

    by_task: dict[tuple[int, str], dict[int, Status]] = field(default_factory=dict)
    last_change: int = 0  # id of the last status change applied
    # Time-bound tasks marked done, by agency: what "overdue" leaves out, looked up fast.
    done_by: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    done_by_any: dict[int, int] = field(default_factory=dict)  # task -> agencies that marked it done

    def apply(self, change_id: int, task_id: int, agency_id: int, period: str, status: Status) -> None:
        statuses = self.by_task.setdefault((task_id, period), {})
        before = statuses.get(agency_id)
        statuses[agency_id] = status
        self.last_change = max(self.last_change, change_id)
        if period != WHOLE or (before is Status.DONE) == (status is Status.DONE):
            return
        if status is Status.DONE:
            self.done_by[agency_id].add(task_id)
            self.done_by_any[task_id] = self.done_by_any.get(task_id, 0) + 1
        else:
            self.done_by[agency_id].discard(task_id)
            self.done_by_any[task_id] -= 1
            if not self.done_by_any[task_id]:
                del self.done_by_any[task_id]

    def of(self, task_id: int, period: str, scope: Scope) -> list[Status]:
        found = self.by_task.get((task_id, period))
        if not found:
            return []
        if scope is None:
            return list(found.values())
        return [status for agency, status in found.items() if agency in scope]

    def combined(self, task_id: int, period: str, scope: Scope) -> Status:
        return combined_status(self.of(task_id, period, scope))

    def done(self, scope: Scope) -> Collection[int]:
        """Tasks (whole period) marked done by one of the agencies."""
        if scope is None:
            return self.done_by_any.keys()
        if len(scope) == 1:
            return self.done_by.get(scope[0], set())
        return set().union(*(self.done_by.get(agency, set()) for agency in scope))


@dataclass(frozen=True)
class ScopeView:
    """An agency's own tasks (those it leads), or every task of the plan for no scope."""

    tasks: Sequence[int]  # every task of the scope, in plan order
    due: Sequence[int]  # those with a period or deadline in the year
    past_deadline: Sequence[int]  # time-bound ones whose deadline has passed
    ongoing: int
    coordinating: Sequence[int]  # tasks the agencies only coordinate: a list apart, never counted above


@dataclass(frozen=True)
class Counts:
    """The one definition of every count: the agency's /summary, the coordinators' summary
    by agency, the lists and the exports all read these."""

    leads: int  # tasks the scope owns (for no scope: every task)
    due: int  # of those, with a period or deadline in the year
    done: int  # of the due ones, by status
    in_progress: int
    blocked: int
    open: int
    overdue: int  # time-bound, deadline passed, not done
    ongoing: int  # `Thường xuyên`: no deadline
    coordinating: int  # tasks the scope only coordinates


class Edited(Sequence[int]):
    """Tasks in plan order: a long list (shared) with a few placed in it and a few taken
    out. Counted without being made; made (and kept) when read."""

    __slots__ = ("_added", "_base", "_lost", "_rank", "_whole")

    def __init__(self, base: array[int], added: set[int], lost: set[int], rank: Callable[[int], int]):
        """Counted right when none of ``added`` is in ``base`` and all of ``lost`` is."""
        self._base, self._added, self._lost, self._rank = base, added, lost, rank
        self._whole: array[int] | None = None

    def __len__(self) -> int:
        return len(self._base) + len(self._added) - len(self._lost)

    @overload
    def __getitem__(self, at: int) -> int: ...
    @overload
    def __getitem__(self, at: slice) -> array[int]: ...
    def __getitem__(self, at: int | slice) -> int | array[int]:
        return self.whole()[at]

    def __iter__(self) -> Iterator[int]:
        return iter(self.whole())

    def whole(self) -> array[int]:
        """Each task added placed by bisection, the rest of the long list copied whole."""
        if self._whole is not None:
            return self._whole
        base, rank = self._base, self._rank
        added: dict[int, list[int]] = defaultdict(list)  # position in base -> tasks placed before it
        dropped: set[int] = set()  # positions in base left out
        for task_id in sorted(self._added | self._lost, key=rank):
            at = bisect_left(base, rank(task_id), key=rank)
            present = at < len(base) and base[at] == task_id
            if task_id in self._lost:
                if present:
                    dropped.add(at)
            elif not present:
                added[at].append(task_id)
        whole, start = array("l"), 0
        for at in sorted({*added, *dropped}):
            whole += base[start:at]
            whole.extend(added.get(at, ()))
            start = at + 1 if at in dropped else at
        whole += base[start:]
        self._whole = whole
        return whole


class PlanIndex:
    def __init__(
        self,
        tasks: Sequence[TaskView],
        links: Iterable[Link],
        groups_of: Mapping[int, Iterable[int]],
        directory: AgencyDirectory,
        agency_names: Mapping[int, str],
        plan_titles: Mapping[str, str] | None = None,
        plan_ids: Mapping[str, int] | None = None,
        plans: Iterable[str] | None = None,
    ):
        """``plans``: the plans with tasks, when ``tasks`` are not all of them (an agency's own)."""
        self.tasks = {task.id: task for task in tasks}
        self.order = [task.id for task in tasks]  # given in plan order
        self._rank = {task_id: n for n, task_id in enumerate(self.order)}
        self.plans = sorted({task.plan for task in tasks} if plans is None else set(plans))
        self.plan_titles = dict(plan_titles or {})
        self.plan_ids = dict(plan_ids or {})
        self.plan_names = {plan_id: name for name, plan_id in self.plan_ids.items()}
        self._in_plan: dict[str, set[int]] = defaultdict(set)
        for task in tasks:
            self._in_plan[task.plan].add(task.id)
        self._plans_of = lru_cache(maxsize=8192)(self._plans_of_scope)
        self.directory = directory
        self.agency_names = dict(agency_names)
        self.agency_ids = {name: agency_id for agency_id, name in agency_names.items()}
        self._groups_of = {agency: frozenset(groups) for agency, groups in groups_of.items()}
        direct: dict[tuple[int, str | None], list[int]] = defaultdict(list)
        # task -> agencies named on it, and its lead agencies (or groups) named: tuples, each
        # agency once (a set per task would hold four times the memory, at a million tasks
        # a good part of the read model's)
        named: dict[int, dict[int, None]] = defaultdict(dict)
        leading: dict[int, dict[int, None]] = defaultdict(dict)
        links = [link for link in links if link.task_id in self.tasks]
        for link in links:
            named[link.task_id][link.agency_id] = None
            if link.role == LEAD:
                leading[link.task_id][link.agency_id] = None
        self._named: dict[int, tuple[int, ...]] = {task: tuple(found) for task, found in named.items()}
        self._leading: dict[int, tuple[int, ...]] = {task: tuple(found) for task, found in leading.items()}
        del named, leading
        for link in links:
            # A task that names no lead is led by every agency named on it, or it would be
            # nobody's: its reminders and its status work the same way (leads_of).
            role = link.role if self._leading.get(link.task_id) else LEAD
            direct[(link.agency_id, role)].append(link.task_id)
            direct[(link.agency_id, None)].append(link.task_id)
        # Each agency's (and group's) task ids by role, in plan order, built once and shared
        # by every question: arrays, whose ids the garbage collector never walks (a tuple's
        # it walks once, a list's at every collection), in a quarter of the memory of a tuple
        # and its ints. An agency named alone answers from its own, making nothing.
        rank = self._rank.__getitem__
        self._direct: dict[tuple[int, str | None], array[int]] = {
            key: array("l", sorted(dict.fromkeys(ids), key=rank)) for key, ids in direct.items()
        }
        del direct
        # The long ones (a group's, coordinating thousands) also as sets: what an agency adds
        # to or takes from its group's tasks is found in them without a search.
        self._sets = {key: frozenset(ids) for key, ids in self._direct.items() if len(ids) >= _LONG}
        self._members: dict[int, set[int]] = defaultdict(set)
        for member, groups in self._groups_of.items():
            for group in groups:
                self._members[group].add(member)
        self._by_code: dict[str, list[int]] = defaultdict(list)
        for task in tasks:
            self._by_code[task.code].append(task.id)
        self.ongoing = frozenset(t.id for t in tasks if t.timeframe.kind is Kind.ONGOING)
        self._time_bound = [(t.id, t.timeframe.deadline) for t in tasks if t.timeframe.kind in TIME_BOUND]
        self._scopes = lru_cache(maxsize=8192)(self._scope_tasks)
        self._due = lru_cache(maxsize=64)(self._due_in)
        self._past = lru_cache(maxsize=8)(self._past_deadline)
        self._views = lru_cache(maxsize=8192)(self._view)
        self._leads = lru_cache(maxsize=65536)(self._leads_of)
        self._leaves = lru_cache(maxsize=4096)(self._leaves_of)

    # -- who -------------------------------------------------------------------------------

    def scope_tasks(self, scope: Scope, role: str | None = LEAD) -> Sequence[int]:
        """The agencies' tasks in plan order: those they lead (by default), coordinate, or
        either (role None), by name or through a group or a body they succeeded."""
        return self.order if scope is None else self._scopes(scope, role)

    # The id sequences kept per scope are arrays, never walked by the garbage collector
    # (an agency coordinating through a group has thousands; each int a collection visits
    # is a cache miss: milliseconds per young collection at 100,000 tasks).
    def _scope_tasks(self, scope: tuple[int, ...], role: str | None) -> Sequence[int]:
        agencies = dict.fromkeys(scope)
        for agency in scope:
            agencies.update(dict.fromkeys(self._groups_of.get(agency, ())))
        keys = [(agency, role) for agency in agencies if (agency, role) in self._direct]
        # A task led through a group is not also coordinated.
        led = set(self._scope_tasks(scope, LEAD)) if role == COORDINATOR and keys else set()
        return self._merged(keys, led)

    def _merged(self, keys: Sequence[tuple[int, str | None]], drop: set[int]) -> Sequence[int]:
        """The tasks of every part (each in plan order), in plan order, once, without
        ``drop``. Mostly one long part (a group's thousands) and a few others (the agency's
        own tens): the result is then the long part with a few placed in it and a few taken
        out, made whole only when read (the lists of the year only count it), where sorting
        everything would look up the rank of every task (0.3 ms at 2,000)."""
        if not keys:
            return array("l")
        rank = self._rank.__getitem__
        longest = max(keys, key=lambda key: len(self._direct[key]))
        base = self._direct[longest]
        few = {i for key in keys if key != longest for i in self._direct[key]} - drop
        inside = self._sets.get(longest)
        lose = drop if inside is None else drop & inside
        if inside is not None:  # only what the long part lacks
            few -= inside
        if len(few) + len(lose) > len(base) // 8 + 8:  # many: merge them all
            found = dict.fromkeys(chain.from_iterable(self._direct[key] for key in keys))
            for task_id in drop:
                found.pop(task_id, None)
            return array("l", sorted(found, key=rank))
        if inside is not None:
            return base if not few and not lose else Edited(base, few, lose, rank)
        return Edited(base, few, lose, rank).whole()

    def order_of(self, task_id: int) -> int:
        """The task's place in plan order."""
        return self._rank[task_id]

    def named_tasks(self, agency_id: int) -> set[int]:
        """Tasks naming this agency itself (not through a group)."""
        return set(self._direct.get((agency_id, None), ()))

    def plans_of(self, scope: tuple[int, ...]) -> frozenset[str]:
        """The plans with tasks for these agencies (themselves or a group they belong to)."""
        return self._plans_of(scope)

    def _plans_of_scope(self, scope: tuple[int, ...]) -> frozenset[str]:
        return frozenset(self.tasks[i].plan for i in self.scope_tasks(scope))

    def in_plan(self, plan: str) -> set[int]:
        return self._in_plan.get(plan, set())

    def agencies_of_task(self, task_id: int) -> set[int]:
        """Agencies named on the task, with the members of named groups."""
        named = set(self._named.get(task_id, ()))
        return named | {member for agency in named for member in self._members.get(agency, ())}

    def leads_of(self, task_id: int) -> frozenset[int]:
        """The agencies whose statuses make the task's own: its leads, a leading group
        replaced by its members (a group without members stands for itself). A task that
        names no lead is led by every agency named on it, or nobody could close it."""
        return self._leads(task_id)

    def _leads_of(self, task_id: int) -> frozenset[int]:
        named = self._leading.get(task_id) or self._named.get(task_id, ())
        return frozenset().union(*(self._leaves(agency) for agency in named))

    def stands_for_others(self, agency_id: int) -> bool:
        """A group with members, or a body that no longer exists: counted in theirs."""
        return bool(self.directory.members(self.agency_names.get(agency_id, "")) or self._members.get(agency_id))

    def owners_of(self, task_id: int) -> frozenset[int]:
        """The agencies whose own tasks include this one (``scope_tasks((agency,))``): the
        leads it names, and every member of a leading group or successor of a leading body.
        The inverse of scope_tasks, for counting many agencies at once."""
        named = self._leading.get(task_id) or self._named.get(task_id, ())
        return frozenset(named).union(*(self._members.get(agency, ()) for agency in named))

    def _leaves_of(self, agency: int) -> frozenset[int]:
        members = self._members.get(agency)
        if not members:
            return frozenset((agency,))
        return frozenset(m for m in members if not self._members.get(m))  # members are stored transitively

    def by_code(self, code: str, plan: str | None = None) -> list[TaskView]:
        """The tasks with this code; when there are none, with the code as the plans write
        it ("2.3" typed for II.3: code_forms)."""
        for form in code_forms(code):
            found = [self.tasks[i] for i in self._by_code.get(form, ()) if plan is None or self.tasks[i].plan == plan]
            if found:
                return found
        return []

    # -- when ------------------------------------------------------------------------------

    def _due_in(self, year: int) -> frozenset[int]:
        # Tasks share a few thousand timeframe objects (db.queries keeps equal ones once):
        # each is read once, looked up by identity (hashing one reads all its fields).
        occurs: dict[int, bool] = {}

        def due(timeframe: Timeframe) -> bool:
            found = occurs.get(id(timeframe))
            if found is None:
                found = occurs[id(timeframe)] = occurs_in_year(timeframe, year)
            return found

        return frozenset(i for i, t in self.tasks.items() if due(t.timeframe))

    def _past_deadline(self, today: date) -> frozenset[int]:
        return frozenset(i for i, deadline in self._time_bound if deadline is not None and deadline < today)

    def past_deadline(self, today: date) -> frozenset[int]:
        """Time-bound tasks whose deadline is before ``today``, whoever marked them."""
        return self._past(today)

    def due_in(self, year: int) -> frozenset[int]:
        return self._due(year)

    def view(self, scope: Scope, year: int, today: date) -> ScopeView:
        """What the lists of a scope are made of, computed once per scope and day."""
        return self._views(scope, year, today)

    def _view(self, scope: Scope, year: int, today: date) -> ScopeView:
        tasks = self.scope_tasks(scope)
        due, past = self._due(year), self._past(today)
        return ScopeView(
            tasks=tasks,
            due=array("l", [i for i in tasks if i in due]),
            past_deadline=array("l", [i for i in tasks if i in past]),
            ongoing=sum(1 for i in tasks if i in self.ongoing),
            coordinating=() if scope is None else self.scope_tasks(scope, COORDINATOR),
        )

    def by_agency(self, statuses: StatusBook, today: date, plan: str | None = None) -> list[tuple[str, Counts]]:
        """Each body that owns tasks, with its counts as its own summary gives them: the
        most overdue first, then the most due. A name that stands for others (a group with
        members, a body that no longer exists) is counted in theirs."""
        found = []
        for agency_id, name in self.agency_names.items():
            if self.directory.members(name) or self._members.get(agency_id):
                continue
            counts = self.counts((agency_id,), today, statuses, plan)
            if counts.leads:
                found.append((name, counts))
        found.sort(key=lambda item: (-item[1].overdue, -item[1].due, item[0]))
        return found

    def counts(self, scope: Scope, today: date, statuses: StatusBook, plan: str | None = None) -> Counts:
        """Every count of a scope's year, of one plan when given (see Counts)."""
        view = self.view(scope, today.year, today)
        keep = self.in_plan(plan) if plan else None

        def kept(ids: Iterable[int]) -> list[int]:
            return list(ids) if keep is None else [i for i in ids if i in keep]

        due = kept(view.due)
        said = Counter(self.status(i, today, statuses, scope) for i in due)
        return Counts(
            leads=len(kept(view.tasks)),
            due=len(due),
            done=said[Status.DONE],
            in_progress=said[Status.IN_PROGRESS],
            blocked=said[Status.BLOCKED],
            open=said[Status.OPEN],
            overdue=len(kept(self.overdue(scope, today, statuses))),
            ongoing=sum(1 for i in kept(view.tasks) if i in self.ongoing),
            coordinating=len(kept(view.coordinating)),
        )

    def overdue(self, scope: Scope, today: date, statuses: StatusBook) -> list[int]:
        """Time-bound tasks past their deadline that none of the agencies marked done; for
        the whole plan, that are not done by all their leads."""
        past = self.view(scope, today.year, today).past_deadline
        done = statuses.done(scope)
        if scope is None:  # someone said done: only the leads decide
            return [i for i in past if i not in done or self.status_of(i, WHOLE, statuses, None) is not Status.DONE]
        return [i for i in past if i not in done]

    def status(self, task_id: int, today: date, statuses: StatusBook, scope: Scope) -> Status:
        return self.status_of(task_id, period_at(self.tasks[task_id].timeframe, today).key, statuses, scope)

    def status_of(self, task_id: int, period: str, statuses: StatusBook, scope: Scope) -> Status:
        """The status of a period as the scope sees it: its own agencies' statuses, or for
        the whole plan (no scope) the task's own, from its lead agencies."""
        if scope is not None:
            return statuses.combined(task_id, period, scope)
        found = statuses.by_task.get((task_id, period))
        return lead_status(found, self.leads_of(task_id)) if found else Status.OPEN
