"""Reminders in the database: what to plan from, storing a plan, what is due, deliveries."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Index, Select, and_, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.schema import CreateIndex, DropIndex

from db.bulk import insert_many
from db.models import (
    TIMEFRAME_COLUMNS,
    Account,
    Agency,
    AgencyGroupMember,
    AgencyLink,
    ChatRoom,
    Plan,
    Reminder,
    ReminderDelivery,
    ReminderInput,
    ReminderPlanning,
    ReminderPolicy,
    StatusChange,
    Task,
    TaskAgency,
    TaskStatus,
)
from db.persons import private_routes
from db.versions import Data, bump
from domain.reminders import (
    PlannedReminder,
    Planner,
    Policy,
    ReminderKind,
    ReminderRow,
    ReminderState,
    TaskToRemind,
    inputs_fingerprint,
    plan_all,
)
from domain.tasks import Status, timeframe_from_columns
from domain.timeframes import Timeframe

_CHUNK = 2000


State = ReminderState


# -- what to plan from -------------------------------------------------------------------------


async def leaf_agencies(session: AsyncSession) -> dict[int, tuple[int, ...]]:
    """For every group with known members, those members (themselves not such groups):
    a task led by "các sở, ban, ngành" reminds each department."""
    groups = set(await session.scalars(select(Agency.id).where(Agency.is_group)))
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, member_id in await session.execute(select(AgencyGroupMember.group_id, AgencyGroupMember.member_id)):
        members[group_id].add(member_id)
    return {
        group: tuple(sorted(m for m in found if not (m in groups and members.get(m))))
        for group, found in members.items()
        if found
    }


async def _raw_rows(session: AsyncSession, stmt: Select) -> Sequence[Sequence[Any]]:
    """The statement's rows as the driver returns them, with no type's conversion: a hundred
    thousand tasks' links cost twice as much read through the ORM's result processing."""
    connection = await session.connection()
    sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    if connection.dialect.name == "postgresql":  # asyncpg's own records: no row objects made again
        driver = (await connection.get_raw_connection()).driver_connection
        return await driver.fetch(sql)
    return (await connection.exec_driver_sql(sql)).all()


async def tasks_to_remind(
    session: AsyncSession, task_ids: Collection[int] | None = None
) -> tuple[list[TaskToRemind], dict[int, int]]:
    """Every live task (or those of ``task_ids``) with its lead and coordinating agencies,
    and each task's plan."""
    leaves = await leaf_agencies(session)
    # A collective phrase with no known member ("các đơn vị liên quan") names nobody to give
    # a coordinator's notice to; as a lead it stays, so that the task is still someone's.
    nobody = set(await session.scalars(select(Agency.id).where(Agency.is_group))) - set(leaves)
    named_leads: dict[int, list[int]] = defaultdict(list)
    named_coordinators: dict[int, list[int]] = defaultdict(list)
    link_rows = select(TaskAgency.task_id, TaskAgency.agency_id, TaskAgency.role).order_by(TaskAgency.position)
    task_rows = select(
        Task.id,
        Task.plan_id,
        *TIMEFRAME_COLUMNS,
    ).where(Task.removed_at.is_(None))
    found_links: list = []
    found_tasks: list = []
    if task_ids is None:
        found_links = await _raw_rows(session, link_rows)
        found_tasks = await _raw_rows(session, task_rows)
    else:
        ids = sorted(task_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            found_links += await _raw_rows(session, link_rows.where(TaskAgency.task_id.in_(chunk)))
            found_tasks += await _raw_rows(session, task_rows.where(Task.id.in_(chunk)))
    # The rows come as the driver gives them: each distinct timeframe's columns are converted
    # (dates read, the kind made an enum) once, when it is first met.
    dialect = session.bind.dialect
    convert = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in TIMEFRAME_COLUMNS]
    for task_id, agency_id, role in found_links:
        if role == "coordinator":
            if agency_id not in nobody:
                named_coordinators[task_id].extend(leaves.get(agency_id, (agency_id,)))
        else:
            named_leads[task_id].extend(leaves.get(agency_id, (agency_id,)))
    tasks, plans = [], {}
    # Plans repeat a few dozen timeframes over thousands of tasks: each is read once, and
    # tasks sharing one share the object (planning looks schedules up by it).
    timeframes: dict[tuple, Timeframe] = {}
    rows = sorted(found_tasks, key=lambda row: row[0])  # by id: planning goes through them in slices
    for n, (task_id, plan_id, *columns) in enumerate(rows):
        if n % 5000 == 4999:
            await asyncio.sleep(0)  # the bot answers meanwhile
        # A task that names no lead is led by every agency it names (PlanIndex.leads_of).
        helping = named_coordinators.get(task_id, ())
        leads = _once(named_leads.get(task_id) or helping)
        coordinators = tuple(a for a in _once(helping) if a not in leads) if helping else ()
        key = tuple(columns)
        timeframe = timeframes.get(key)
        if timeframe is None:
            values = [
                value if process is None else process(value) for process, value in zip(convert, columns, strict=True)
            ]
            timeframe = timeframes[key] = timeframe_from_columns(*values)
        tasks.append(TaskToRemind(task_id, timeframe, leads, coordinators))
        plans[task_id] = plan_id
    return tasks, plans


def _once(agencies: Sequence[int]) -> tuple[int, ...]:
    """In order, each once (a group and one of its members may both be named)."""
    return tuple(agencies) if len(agencies) < 2 else tuple(dict.fromkeys(agencies))


async def policy_overrides(session: AsyncSession) -> tuple[dict[int, dict], dict[int, dict]]:
    by_plan, by_task = {}, {}
    for plan_id, task_id, settings in await session.execute(
        select(ReminderPolicy.plan_id, ReminderPolicy.task_id, ReminderPolicy.settings)
    ):
        (by_plan if plan_id is not None else by_task)[plan_id if plan_id is not None else task_id] = settings
    return by_plan, by_task


async def done_periods(session: AsyncSession, task_ids: Collection[int] | None = None) -> set[tuple[int, int, str]]:
    stmt = select(TaskStatus.task_id, TaskStatus.agency_id, TaskStatus.period).where(
        TaskStatus.status == Status.DONE.value
    )
    if task_ids is None:
        return set(await session.execute(stmt))
    ids, found = sorted(task_ids), set()
    for start in range(0, len(ids), _CHUNK):
        found |= set(await session.execute(stmt.where(TaskStatus.task_id.in_(ids[start : start + _CHUNK]))))
    return found


@dataclass(frozen=True)
class Window:
    first: date
    last: date


@dataclass
class PlanInputs:
    """Everything planning reads from the database, once."""

    tasks: list[TaskToRemind]
    plans: dict[int, int]  # task -> plan
    by_plan: dict[int, dict]
    by_task: dict[int, dict]
    done: set[tuple[int, int, str]]
    _done_by_task: dict[int, list[tuple[int, str]]] | None = None
    _done_task_ids: set[int] | None = None

    def policy_of(self, base: Policy) -> Callable[[int], Policy]:
        cache: dict[int, Policy] = {}

        def policy(task_id: int) -> Policy:
            plan_id = self.plans[task_id]
            if plan_id not in cache:
                cache[plan_id] = base.with_settings(self.by_plan.get(plan_id, {}))
            return cache[plan_id].with_settings(self.by_task[task_id]) if task_id in self.by_task else cache[plan_id]

        return policy

    def fingerprints(self, base: Policy, calendar: str, tasks: Sequence[TaskToRemind]) -> dict[int, str]:
        """Each task's inputs_fingerprint: what its reminders are planned from."""
        if self._done_by_task is None:
            self._done_by_task = defaultdict(list)
            for task_id, agency_id, period in self.done:
                self._done_by_task[task_id].append((agency_id, period))
        done = self._done_by_task
        policy_of, texts, timeframes = self.policy_of(base), {}, {}
        found = {}
        for task in tasks:
            policy = policy_of(task.task_id)
            text = texts.get(id(policy))
            if text is None:
                text = texts[id(policy)] = repr(policy)
            timeframe = timeframes.get(task.timeframe)
            if timeframe is None:
                timeframe = timeframes[task.timeframe] = repr(task.timeframe)
            found[task.task_id] = inputs_fingerprint(task, text, done.get(task.task_id, ()), calendar, timeframe)
        return found

    def rows(self, planner: Planner, base: Policy, window: Window, tasks: Sequence[TaskToRemind]) -> list[ReminderRow]:
        """The reminders of ``tasks`` in the window, as rows to store."""
        policy_of, done = self.policy_of(base), self.done
        found: list[ReminderRow] = []
        for task in tasks:
            task_id = task.task_id
            closed = (
                (lambda agency, period, t=task_id: (t, agency, period) in done) if task_id in self._done_tasks else None
            )
            found += planner.rows(task, policy_of(task_id), window.first, window.last, closed)
        return found

    @property
    def _done_tasks(self) -> set[int]:
        if self._done_task_ids is None:
            self._done_task_ids = {task_id for task_id, _agency, _period in self.done}
        return self._done_task_ids

    def plan(
        self, planner: Planner, base: Policy, window: Window, tasks: Sequence[TaskToRemind]
    ) -> list[PlannedReminder]:
        return plan_all(
            planner,
            tasks,
            self.policy_of(base),
            window.first,
            window.last,
            closed=lambda task, agency, period: (task, agency, period) in self.done,
        )


async def plan_inputs(session: AsyncSession, task_ids: Collection[int] | None = None) -> PlanInputs:
    """What planning reads, for every live task or only those of ``task_ids``."""
    tasks, plans = await tasks_to_remind(session, task_ids)
    by_plan, by_task = await policy_overrides(session)
    return PlanInputs(tasks, plans, by_plan, by_task, await done_periods(session, task_ids))


# -- what reminders were planned from ----------------------------------------------------------


@dataclass(frozen=True)
class PlanningState:
    plans_version: int
    statuses_version: int
    settings: str
    planned_until: date


async def planning_state(session: AsyncSession) -> PlanningState | None:
    row = await session.get(ReminderPlanning, 1)
    if row is None:
        return None
    return PlanningState(row.plans_version, row.statuses_version, row.settings, row.planned_until)


async def save_planning_state(session: AsyncSession, state: PlanningState, now: datetime) -> None:
    row = await session.get(ReminderPlanning, 1)
    if row is None:
        row = ReminderPlanning(id=1)
        session.add(row)
    row.plans_version, row.statuses_version = state.plans_version, state.statuses_version
    row.settings, row.planned_until, row.planned_at = state.settings, state.planned_until, now
    await session.flush()


async def tasks_with_status_changes(session: AsyncSession, after: int) -> set[int]:
    """The tasks whose statuses changed since the status change ``after``."""
    return set(await session.scalars(select(StatusChange.task_id).where(StatusChange.id > after).distinct()))


async def stored_inputs(session: AsyncSession, task_ids: Collection[int] | None = None) -> dict[int, tuple[str, date]]:
    """Each task's stored fingerprint and how far ahead its reminders were planned."""
    stmt = select(ReminderInput.task_id, ReminderInput.fingerprint, ReminderInput.planned_until)
    if task_ids is None:
        return {task_id: (fp, until) for task_id, fp, until in await session.execute(stmt)}
    ids, found = sorted(task_ids), {}
    for start in range(0, len(ids), _CHUNK):
        for task_id, fp, until in await session.execute(
            stmt.where(ReminderInput.task_id.in_(ids[start : start + _CHUNK]))
        ):
            found[task_id] = (fp, until)
    return found


async def save_inputs(
    session: AsyncSession, inputs: dict[int, str], until: date, now: datetime, stored: Collection[int] = ()
) -> None:
    """Record what the reminders of these tasks were planned from, through ``until``;
    ``stored``: those of them that already had a record (replaced)."""
    replaced = sorted(set(stored) & inputs.keys())
    for start in range(0, len(replaced), _CHUNK):
        await session.execute(delete(ReminderInput).where(ReminderInput.task_id.in_(replaced[start : start + _CHUNK])))
    await insert_many(
        session,
        ReminderInput.__table__,
        ("task_id", "fingerprint", "planned_until", "planned_at"),
        ((task_id, inputs[task_id], until, now) for task_id in sorted(inputs)),
    )


async def forget_removed_inputs(session: AsyncSession) -> None:
    """A task removed from its plan is planned afresh if a later version brings it back."""
    await session.execute(
        delete(ReminderInput).where(ReminderInput.task_id.in_(select(Task.id).where(Task.removed_at.is_not(None))))
    )


async def compute(session: AsyncSession, planner: Planner, policy: Policy, window: Window) -> list[PlannedReminder]:
    """The reminders the plans produce in the window, with every policy override applied
    and periods already done left out. Reads only."""
    inputs = await plan_inputs(session)
    return inputs.plan(planner, policy, window, inputs.tasks)


# -- storing a plan ----------------------------------------------------------------------------


@dataclass
class StoredPlan:
    added: int = 0
    moved: int = 0  # planned reminders whose date changed (the plan or the policy changed)
    cancelled: int = 0  # planned reminders no longer wanted (done, or the task changed)


async def store_plan(
    session: AsyncSession,
    planned: Sequence[ReminderRow],
    first: date,
    last: date,
    now: datetime,
    task_ids: Sequence[int] | None = None,
) -> StoredPlan:
    """Make the stored reminders of the window match ``planned``. Only reminders still
    planned are changed: what was delivered, snoozed or skipped stays as it was."""
    result = StoredPlan()
    existing: dict[tuple, tuple[int, str, date, date]] = {}
    stmt = select(
        Reminder.id,
        Reminder.task_id,
        Reminder.agency_id,
        Reminder.period,
        Reminder.kind,
        Reminder.offset,
        Reminder.status,
        Reminder.fire_on,
        Reminder.due,
    )
    if task_ids is not None:
        # A slice of consecutive task ids: a range on the unique index, which stays fast
        # while the table grows inside this very transaction (statistics lag behind).
        stmt = stmt.where(Reminder.task_id.between(min(task_ids), max(task_ids)))
    mine = set(task_ids) if task_ids is not None else None
    any_stored = False  # none at all: nothing these tasks could collide with
    # With the key deferred, the table was empty when the run began and each task comes once:
    # nothing to look for (and without the key, looking would read the whole table).
    found = [] if session.info.get(_KEY_DEFERRED) and task_ids is not None else await session.execute(stmt)
    for id_, task_id, agency_id, period, kind, offset, status, fire_on, due in found:
        if mine is not None and task_id not in mine:
            continue
        any_stored = True
        if status == State.PLANNED or first <= fire_on <= last:
            existing[(task_id, agency_id, period, kind, offset)] = (id_, status, fire_on, due)
    if not any_stored:
        # A first planning of these tasks: every row is new.
        if planned:
            await insert_reminders(session, planned, now, fresh=True)
        result.added = len(planned)
        return result

    wanted = {row[:5]: row for row in planned}
    new = [row for key, row in wanted.items() if key not in existing]
    moved = [
        {"id": existing[key][0], "fire_on": row[6], "due": row[5], "updated_at": now}
        for key, row in wanted.items()
        if key in existing and existing[key][1] == State.PLANNED and existing[key][2:] != (row[6], row[5])
    ]
    # A planned reminder of the window that the plan no longer wants: the period was done,
    # or the task changed. Snoozed reminders are kept (they come from a person, not a plan).
    stale = [
        values[0]
        for key, values in existing.items()
        if key not in wanted
        and values[1] == State.PLANNED
        and first <= values[2] <= last
        and key[3] != ReminderKind.SNOOZED.value
    ]
    if new:
        await insert_reminders(session, new, now)
    if moved:
        await session.execute(update(Reminder), moved)
    for start in range(0, len(stale), _CHUNK):
        await session.execute(
            update(Reminder)
            .where(Reminder.id.in_(stale[start : start + _CHUNK]))
            .values(status=State.CANCELLED, updated_at=now)
        )
    result.added, result.moved, result.cancelled = len(new), len(moved), len(stale)
    return result


_COLUMNS = ("task_id", "agency_id", "period", "kind", "offset", "due", "fire_on", "status", "created_at", "updated_at")
_NAMES = 'task_id, agency_id, period, kind, "offset", due, fire_on, status, created_at, updated_at'
_ON_CONFLICT = 'ON CONFLICT (task_id, agency_id, period, kind, "offset") DO NOTHING'
_INSERT_SQLITE = f"INSERT INTO reminders ({_NAMES}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_POSTGRES = f"INSERT INTO reminders ({_NAMES}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) {_ON_CONFLICT}"


async def insert_reminders(
    session: AsyncSession, planned: Sequence[ReminderRow], now: datetime, *, fresh: bool = False
) -> None:
    """Write new planned reminders in bulk, through the driver in the session's transaction:
    one executemany on SQLite; on PostgreSQL COPY when none of these tasks had reminders
    (``fresh``; the planning lock keeps others out), else a batched insert. A key already
    stored is left as it is: a reminder is never planned twice."""
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    session.info["wrote"] = True
    planned_ = State.PLANNED.value
    deferred = session.info.get(_KEY_DEFERRED, False)
    if deferred:
        # No key to check against (defer_indexes): these tasks had no reminder at all, so
        # only a key planned twice in this very batch could collide; keep its first.
        planned = list({row[:5]: row for row in reversed(planned)}.values())
    if connection.dialect.name == "sqlite":
        stamp = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        # SQLite stores dates as ISO text; a year of reminders falls on a few hundred days.
        days: dict[date, str] = {}
        for row in planned:
            for day in row[5:]:
                if day not in days:
                    days[day] = day.isoformat()
        sql = _INSERT_SQLITE if deferred else f"{_INSERT_SQLITE} {_ON_CONFLICT}"
        await driver.executemany(
            sql,
            [(t, a, p, k, o, days[due], days[fire], planned_, stamp, stamp) for t, a, p, k, o, due, fire in planned],
        )
        return
    stamp = now.astimezone(UTC)
    records = [(t, a, p, k, o, due, fire, planned_, stamp, stamp) for t, a, p, k, o, due, fire in planned]
    if fresh or deferred:
        await driver.copy_records_to_table("reminders", records=records, columns=list(_COLUMNS))
    else:
        await driver.executemany(_INSERT_POSTGRES, records)


# -- a first planning's indexes -----------------------------------------------------------------

# The reminders' indexes, the unique key among them. A first planning stores about ten rows a
# task (a million for 100,000 tasks); the database keeps each index up to date row by row,
# which took most of such a run on SQLite and a third of it on PostgreSQL, and builds one
# from sorted rows in a fraction of that time.
_INDEXES = tuple(Reminder.__table__.indexes)
_KEY = next(index for index in _INDEXES if index.unique)
_KEY_DEFERRED = "reminder key deferred"  # session.info: insert_reminders() has no key to lean on


async def nothing_stored(session: AsyncSession) -> bool:
    """Whether no reminder at all is stored: a first planning, every row it plans is new."""
    return await session.scalar(select(Reminder.id).limit(1)) is None


async def defer_indexes(session: AsyncSession) -> bool:
    """With no reminder stored yet, drop the reminders' indexes, the unique key among them,
    for build_indexes() to make again, in one go, once the rows are in. Whether they were
    dropped.

    Only the planning, which holds its lock meanwhile, inserts planned reminders, each
    task's in one slice (insert_reminders keeps a key planned twice in it once); a snooze
    adds its one row after looking for it, so nothing else relies on the key meanwhile. On
    PostgreSQL the drop is part of the run's transaction: a run that fails rolls it back,
    and other sessions' reads of reminders wait for its end, a wait for an empty table,
    once in an installation's life."""
    if not await nothing_stored(session):
        return False
    for index in _INDEXES:
        await session.execute(DropIndex(index, if_exists=True))
    session.info[_KEY_DEFERRED] = True
    return True


async def build_indexes(session: AsyncSession) -> None:
    """Make the reminders' indexes again where they are missing (after defer_indexes(), or,
    on SQLite, a run that stopped before its end)."""
    session.info.pop(_KEY_DEFERRED, None)
    if session.bind.dialect.name == "sqlite":
        names = text("SELECT name FROM sqlite_master WHERE tbl_name = 'reminders'")
    else:
        names = text("SELECT indexname FROM pg_indexes WHERE tablename = 'reminders' AND schemaname = current_schema()")
    present = set(await session.scalars(names))
    for index in _INDEXES:
        if index.name in present:
            continue
        try:
            await _create(session, index)
        except IntegrityError:
            # The same key twice can only come from a run cut short while the key was not
            # checked and a snooze racing it; the first stored is kept, as the key would have.
            await session.execute(_DROP_REPEATED_KEYS)
            await session.execute(CreateIndex(index))


async def _create(session: AsyncSession, index: Index) -> None:
    if session.bind.dialect.name == "postgresql":
        async with session.begin_nested():  # a failure must not end the run's transaction
            await session.execute(CreateIndex(index))
    else:
        await session.execute(CreateIndex(index))


_DROP_REPEATED_KEYS = text(
    "DELETE FROM reminders WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER "
    '(PARTITION BY task_id, agency_id, period, kind, "offset" ORDER BY id) AS n FROM reminders) AS r WHERE n > 1)'
)


# -- when statuses change ----------------------------------------------------------------------


async def on_status_change(
    session: AsyncSession, task_id: int, agency_id: int, period: str, status: Status, today: date, now: datetime
) -> None:
    """Done stops the period's reminders for the agency; going back from done resumes the
    ones still to come."""
    same = and_(Reminder.task_id == task_id, Reminder.agency_id == agency_id, Reminder.period == period)
    if status is Status.DONE:
        await session.execute(
            update(Reminder)
            .where(same, Reminder.status == State.PLANNED)
            .values(status=State.CANCELLED, updated_at=now)
        )
    else:
        await session.execute(
            update(Reminder)
            .where(same, Reminder.status == State.CANCELLED, Reminder.fire_on >= today)
            .values(status=State.PLANNED, updated_at=now)
        )


# -- due reminders and their recipients --------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    id: int
    task_id: int
    agency_id: int
    period: str
    kind: ReminderKind
    offset: int
    due: date
    fire_on: date


async def due_reminders(session: AsyncSession, since: date, today: date) -> list[DueReminder]:
    """Planned or delivered (to some chats) reminders going out between ``since`` and today,
    of live tasks, not done for their period."""
    done = select(TaskStatus.task_id).where(
        TaskStatus.task_id == Reminder.task_id,
        TaskStatus.agency_id == Reminder.agency_id,
        TaskStatus.period == Reminder.period,
        TaskStatus.status == Status.DONE.value,
    )
    rows = await session.execute(
        select(
            Reminder.id,
            Reminder.task_id,
            Reminder.agency_id,
            Reminder.period,
            Reminder.kind,
            Reminder.offset,
            Reminder.due,
            Reminder.fire_on,
        )
        .join(Task, Task.id == Reminder.task_id)
        .where(
            Reminder.status.in_([State.PLANNED, State.DELIVERED]),
            Reminder.fire_on.between(since, today),
            Task.removed_at.is_(None),
            ~done.exists(),
        )
        .order_by(Reminder.fire_on, Reminder.task_id)
    )
    return [
        DueReminder(id_, task, agency, period, ReminderKind(kind), offset, due, fire_on)
        for id_, task, agency, period, kind, offset, due, fire_on in rows
    ]


async def age_out(session: AsyncSession, before: date, now: datetime) -> dict[str, list[int]]:
    """Reminders never delivered and older than the catch-up window: skipped, or unreachable
    when nobody follows their agency. Returns the agency ids of each, for the coordinators."""
    rows = list(
        await session.execute(
            select(Reminder.id, Reminder.agency_id).where(Reminder.status == State.PLANNED, Reminder.fire_on < before)
        )
    )
    if not rows:
        return {}
    followed = set(await session.scalars(select(AgencyLink.agency_id).distinct()))
    outcome: dict[str, list[int]] = {State.SKIPPED: [], State.UNREACHABLE: []}
    ids: dict[str, list[int]] = {State.SKIPPED: [], State.UNREACHABLE: []}
    for reminder_id, agency_id in rows:
        kind = State.SKIPPED if agency_id in followed else State.UNREACHABLE
        ids[kind].append(reminder_id)
        outcome[kind].append(agency_id)
    for kind, reminder_ids in ids.items():
        for start in range(0, len(reminder_ids), _CHUNK):
            await session.execute(
                update(Reminder)
                .where(Reminder.id.in_(reminder_ids[start : start + _CHUNK]))
                .values(status=kind, updated_at=now)
            )
    return outcome


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    channel: str
    external_id: str
    is_group: bool
    language: str | None
    quiet_until: datetime | None
    remind_at: time | None


async def recipients(session: AsyncSession, agency_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """The reachable chats following each agency: focal points' private chats (on the
    channel each chose with /notify) and groups. A chat is listed once per agency."""
    ids = list(set(agency_ids))
    found: dict[int, dict[int, Recipient]] = defaultdict(dict)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        people = list(
            await session.execute(
                select(AgencyLink.agency_id, AgencyLink.account_id).where(
                    AgencyLink.agency_id.in_(chunk), AgencyLink.account_id.is_not(None)
                )
            )
        )
        reach = await private_routes(session, {account_id for _agency, account_id in people})
        for agency_id, account_id in people:
            for route in reach[account_id]:
                found[agency_id].setdefault(route.chat.id, _recipient(route.chat, route.language))
        groups = (
            select(AgencyLink.agency_id, ChatRoom)
            .join(ChatRoom, ChatRoom.id == AgencyLink.chat_id)
            .where(AgencyLink.agency_id.in_(chunk), ChatRoom.active)
        )
        for agency_id, chat in await session.execute(groups):
            found[agency_id].setdefault(chat.id, _recipient(chat, None))
    return defaultdict(list, {agency_id: list(chats.values()) for agency_id, chats in found.items()})


def _recipient(chat: ChatRoom, language: str | None) -> Recipient:
    remind_at = time.fromisoformat(chat.remind_at) if chat.remind_at else None
    return Recipient(
        chat.id, chat.channel, chat.external_id, chat.kind == "group", language, chat.quiet_until, remind_at
    )


async def staff_recipients(session: AsyncSession) -> list[Recipient]:
    staff = list(await session.scalars(select(Account.id).where(Account.role.in_(["coordinator", "admin"]))))
    found: dict[int, Recipient] = {}
    for routes in (await private_routes(session, staff)).values():
        for route in routes:
            found.setdefault(route.chat.id, _recipient(route.chat, route.language))
    return list(found.values())


async def delivered_pairs(session: AsyncSession, reminder_ids: Sequence[int]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for start in range(0, len(reminder_ids), _CHUNK):
        found |= set(
            await session.execute(
                select(ReminderDelivery.reminder_id, ReminderDelivery.chat_id).where(
                    ReminderDelivery.reminder_id.in_(reminder_ids[start : start + _CHUNK])
                )
            )
        )
    return found


async def record_deliveries(
    session: AsyncSession, outbox_id: int | None, chat_id: int, reminder_ids: Sequence[int], now: datetime
) -> None:
    await session.execute(
        insert(ReminderDelivery), [{"reminder_id": r, "chat_id": chat_id, "outbox_id": outbox_id} for r in reminder_ids]
    )
    await session.execute(
        update(Reminder)
        .where(Reminder.id.in_(list(reminder_ids)), Reminder.status == State.PLANNED)
        .values(status=State.DELIVERED, updated_at=now)
    )


async def reminder(session: AsyncSession, reminder_id: int) -> Reminder | None:
    return await session.get(Reminder, reminder_id)


# -- snoozing ----------------------------------------------------------------------------------


async def snooze(session: AsyncSession, reminder_id: int, until: date, now: datetime) -> Reminder | None:
    """Bring a reminder back on ``until``: one new reminder, and the period's planned ones
    before that date are dropped so that they do not all come at once."""
    reminder = await session.get(Reminder, reminder_id)
    if reminder is None:
        return None
    same = and_(
        Reminder.task_id == reminder.task_id,
        Reminder.agency_id == reminder.agency_id,
        Reminder.period == reminder.period,
    )
    await session.execute(
        update(Reminder)
        .where(same, Reminder.status == State.PLANNED, Reminder.fire_on <= until)
        .values(status=State.SNOOZED, updated_at=now)
    )
    offset = -until.toordinal()  # unique per day: snoozing to the same day twice changes nothing
    exists = await session.scalar(
        select(Reminder.id).where(same, Reminder.kind == ReminderKind.SNOOZED.value, Reminder.offset == offset)
    )
    if exists is None:
        session.add(
            Reminder(
                task_id=reminder.task_id,
                agency_id=reminder.agency_id,
                period=reminder.period,
                kind=ReminderKind.SNOOZED.value,
                offset=offset,
                due=reminder.due,
                fire_on=until,
                status=State.PLANNED,
                created_at=now,
                updated_at=now,
            )
        )
        await session.flush()
    return reminder


# -- looking ahead -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Upcoming:
    fire_on: date
    task_id: int
    code: str
    plan: str
    agency: str
    kind: ReminderKind
    offset: int
    due: date


async def upcoming(
    session: AsyncSession, agency_ids: Sequence[int] | None, first: date, last: date, limit: int = 200
) -> list[Upcoming]:
    stmt = (
        select(
            Reminder.fire_on,
            Task.id,
            Task.code,
            Plan.short_name,
            Agency.name,
            Reminder.kind,
            Reminder.offset,
            Reminder.due,
        )
        .join(Task, Task.id == Reminder.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Agency, Agency.id == Reminder.agency_id)
        .where(Reminder.status.in_([State.PLANNED]), Reminder.fire_on.between(first, last), Task.removed_at.is_(None))
        .order_by(Reminder.fire_on, Plan.short_name, Task.position, Agency.name)
        .limit(limit)
    )
    if agency_ids is not None:
        stmt = stmt.where(Reminder.agency_id.in_(list(agency_ids)))
    return [Upcoming(f, t, c, p, a, ReminderKind(k), o, d) for f, t, c, p, a, k, o, d in await session.execute(stmt)]


# -- chat settings and policies ----------------------------------------------------------------


async def chat_settings(session: AsyncSession, chat_id: int) -> tuple[datetime | None, str | None]:
    row = (await session.execute(select(ChatRoom.quiet_until, ChatRoom.remind_at).where(ChatRoom.id == chat_id))).one()
    return row[0], row[1]


async def set_quiet(session: AsyncSession, chat_id: int, until: datetime | None) -> None:
    await session.execute(update(ChatRoom).where(ChatRoom.id == chat_id).values(quiet_until=until))


async def set_remind_at(session: AsyncSession, chat_id: int, hour: str | None) -> None:
    await session.execute(update(ChatRoom).where(ChatRoom.id == chat_id).values(remind_at=hour))


async def policy_settings(session: AsyncSession, *, plan_id: int | None = None, task_id: int | None = None) -> dict:
    where = ReminderPolicy.plan_id == plan_id if plan_id is not None else ReminderPolicy.task_id == task_id
    return await session.scalar(select(ReminderPolicy.settings).where(where)) or {}


async def save_policy(
    session: AsyncSession,
    settings: dict,
    by: int,
    now: datetime,
    *,
    plan_id: int | None = None,
    task_id: int | None = None,
) -> None:
    """Store (or with empty settings, drop) a plan's or task's override, and say that plans
    changed so that every process plans the reminders again."""
    where = ReminderPolicy.plan_id == plan_id if plan_id is not None else ReminderPolicy.task_id == task_id
    row = await session.scalar(select(ReminderPolicy).where(where))
    if not settings:
        if row is not None:
            await session.delete(row)
    elif row is None:
        session.add(ReminderPolicy(plan_id=plan_id, task_id=task_id, settings=settings, updated_at=now, updated_by=by))
    else:
        row.settings, row.updated_at, row.updated_by = settings, now, by
    await session.flush()
    await bump(session, Data.PLANS)
