"""Planning follows what changed, on SQLite and PostgreSQL: a run plans again only the tasks
whose inputs (timeframe, leads, done periods, policy, calendar, settings) changed, extends
the others when the window moves on, and with nothing changed writes nothing."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select, text
from test_reminder_flow import Recorder, World, at, count, follow, service_for

import scheduler.planning as planning
from base.clock import ManualClock
from db.engine import unit_of_work
from db.fixes import set_timeframe
from db.models import Plan, Reminder, ReminderInput, ReminderPlanning, Task
from db.queries import TaskFilter, agency_id_by_name, find_tasks
from db.reminders import save_policy
from db.statuses import set_status
from domain.tasks import Status
from domain.timeframes import parse_timeframe
from seed.importer import bundled_plan, import_plan


@pytest.fixture
async def world(sessions, alias_table) -> World:
    """The bundled plan, a focal point of Sở Y tế and a coordinator, on 24/11/2026."""
    clock = ManualClock(at("2026-11-24", 7))
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    channel = Recorder()
    await follow(sessions, "health", "Sở Y tế", clock)
    return World(sessions, clock, channel, service_for(sessions, clock, channel))


@pytest.fixture
def planned_tasks(monkeypatch) -> list[list[int]]:
    """The task ids each run planned (one list per run, over its slices)."""
    runs: list[list[int]] = []
    slice_rows = planning._slice_rows

    async def spy(inputs, planner, policy, window, tasks):
        runs[-1].extend(t.task_id for t in tasks)
        return await slice_rows(inputs, planner, policy, window, tasks)

    monkeypatch.setattr(planning, "_slice_rows", spy)
    return runs


async def plan(world: World, runs: list[list[int]]):
    runs.append([])
    return await world.service.plan()


async def _task(world: World, code: str):
    async with world.sessions() as session:
        return (await find_tasks(session, TaskFilter(codes=(code,))))[0]


async def _snapshot(world: World) -> list[tuple]:
    async with world.sessions() as session:
        reminders = list(
            await session.execute(
                select(Reminder.id, Reminder.status, Reminder.fire_on, Reminder.updated_at).order_by(Reminder.id)
            )
        )
        inputs = list(await session.execute(select(ReminderInput).order_by(ReminderInput.task_id)))
    return reminders + [(i.task_id, i.fingerprint, i.planned_until, i.planned_at) for (i,) in inputs]


async def test_nothing_changed_reads_little_and_writes_nothing(world: World, planned_tasks, monkeypatch):
    first = await plan(world, planned_tasks)
    async with world.sessions() as session:
        live = await session.scalar(select(func.count()).select_from(Task).where(Task.removed_at.is_(None)))
    assert first.added > 500 and len(planned_tasks[0]) == live
    before = await _snapshot(world)

    async def must_not_read(*args, **kwargs):
        raise AssertionError("a run with nothing changed read the tasks")

    monkeypatch.setattr(planning, "plan_inputs", must_not_read)
    world.clock.advance(timedelta(days=1, hours=17))  # the next night, same month
    again = await plan(world, planned_tasks)
    assert (again.added, again.moved, again.cancelled) == (0, 0, 0)
    assert planned_tasks[1] == []
    assert await _snapshot(world) == before


async def test_a_status_change_plans_one_task_again(world: World, planned_tasks, monkeypatch):
    await plan(world, planned_tasks)
    task = await _task(world, "II.5")
    async with unit_of_work(world.sessions) as session:
        health = await agency_id_by_name(session, "Sở Y tế")
        await set_status(session, task.id, health, "2026", Status.DONE, "", None, world.clock())
    read: list = []
    plan_inputs = planning.plan_inputs

    async def spy(session, task_ids=None):
        read.append(task_ids)
        return await plan_inputs(session, task_ids)

    monkeypatch.setattr(planning, "plan_inputs", spy)
    await plan(world, planned_tasks)
    assert read == [{task.id}]  # only that task's inputs were read
    assert planned_tasks[1] == [task.id]
    assert (
        await count(
            world.sessions,
            Reminder,
            Reminder.task_id == task.id,
            Reminder.agency_id == health,
            Reminder.period == "2026",
            Reminder.status == "planned",
        )
        == 0
    )
    again = await plan(world, planned_tasks)
    assert planned_tasks[2] == [] and (again.added, again.moved, again.cancelled) == (0, 0, 0)


async def test_a_timeframe_change_plans_that_task_again(world: World, planned_tasks):
    await plan(world, planned_tasks)
    task = await _task(world, "II.5")
    async with unit_of_work(world.sessions) as session:
        await set_timeframe(session, task.id, task.code, parse_timeframe("Quý II/2027"), None, world.clock())
    stored = await plan(world, planned_tasks)
    assert planned_tasks[1] == [task.id]
    assert stored.added > 0 and stored.cancelled > 0  # the annual reminders went, the deadline's came
    async with world.sessions() as session:
        kinds = set(
            await session.scalars(
                select(Reminder.kind).where(Reminder.task_id == task.id, Reminder.status == "planned").distinct()
            )
        )
    assert kinds == {"before", "overdue"}  # a deadline in June 2027, then repeats after it


POLICY = {"report_days_before": [45, 10], "days_before": [60, 20], "period_end_days_before": [14]}


async def test_a_policy_change_plans_again_the_tasks_it_covers(world: World, planned_tasks):
    await plan(world, planned_tasks)
    task = await _task(world, "II.5")
    async with unit_of_work(world.sessions) as session:
        await save_policy(session, POLICY, None, world.clock(), task_id=task.id)
    stored = await plan(world, planned_tasks)
    assert planned_tasks[1] == [task.id] and stored.added > 0
    async with world.sessions() as session:
        offsets = set(
            await session.execute(
                select(Reminder.kind, Reminder.offset).where(
                    Reminder.task_id == task.id, Reminder.status == "planned", Reminder.kind != "overdue"
                )
            )
        )
        plan_id = await session.scalar(select(Plan.id).where(Plan.short_name == "NQ20"))
    assert offsets and {offset for _kind, offset in offsets} <= {45, 10, 60, 20, 14, 0}
    async with unit_of_work(world.sessions) as session:
        await save_policy(session, {"overdue_every": 14}, None, world.clock(), plan_id=plan_id)
    await plan(world, planned_tasks)
    # The plan's policy is every task's: all of them were planned again.
    assert task.id in planned_tasks[2] and len(planned_tasks[2]) == len(planned_tasks[0])


async def test_the_window_moving_on_plans_only_the_days_added(world: World, planned_tasks):
    world.clock.moment = at("2026-12-08", 7)
    await plan(world, planned_tasks)
    total = await count(world.sessions, Reminder)
    world.clock.moment = at("2027-01-05", 7)  # the window's end moves from January to February 2028
    assert world.service.window().last == date(2028, 2, 29)
    later = await plan(world, planned_tasks)
    assert later.added > 0 and later.moved == 0 and later.cancelled == 0
    assert await count(world.sessions, Reminder) == total + later.added
    async with world.sessions() as session:
        early = await session.scalar(select(func.min(Reminder.fire_on)).where(Reminder.created_at == world.clock()))
    assert early > date(2028, 1, 31)  # only days after the window planned before


async def test_a_new_year_in_the_window_plans_every_task_again_once(world: World, planned_tasks):
    await plan(world, planned_tasks)
    window = world.service.window()
    assert window.last == date(2027, 12, 31)  # 24/11/2026 + 400 days, to the month's end
    world.clock.moment = at("2026-12-08", 7)  # 400 days on is in January 2028: a new calendar year
    assert world.service.window().last == date(2028, 1, 31)
    rolled = await plan(world, planned_tasks)
    assert len(planned_tasks[1]) == len(planned_tasks[0])  # the calendar's years changed
    assert rolled.added > 0 and rolled.moved == 0
    async with world.sessions() as session:
        january = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.fire_on >= date(2028, 1, 1), Reminder.kind == "planning")
        )
    assert january > 0  # the planning reminders of 2028
    again = await plan(world, planned_tasks)
    assert planned_tasks[2] == [] and (again.added, again.moved, again.cancelled) == (0, 0, 0)


async def _reminder_indexes(world: World) -> set[str]:
    async with world.sessions() as session:
        if session.bind.dialect.name == "sqlite":
            rows = await session.execute(text("SELECT name FROM sqlite_master WHERE tbl_name = 'reminders'"))
        else:
            rows = await session.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'reminders'"))
        return {name for (name,) in rows if name.startswith(("ix_", "uq_"))}


INDEXES = {"ix_reminders_status_fire_on", "ix_reminders_agency", "uq_reminders_task_id_agency_id_period_kind_offset"}


async def test_a_large_first_planning_stores_the_same_and_ends_with_its_indexes(world: World, monkeypatch):
    indexes = await _reminder_indexes(world)
    assert indexes == INDEXES
    stored = select(Reminder.task_id, Reminder.agency_id, Reminder.period, Reminder.kind, Reminder.fire_on)
    # the bundled plan stands for a large one: its indexes are built at the end (on SQLite)
    monkeypatch.setattr(planning, "DEFER_INDEXES_FROM", 1)
    large = await world.service.plan()
    assert await _reminder_indexes(world) == indexes
    async with world.sessions() as session:
        planned = set(await session.execute(stored))
        for table in (Reminder, ReminderInput, ReminderPlanning):
            await session.execute(delete(table))
        await session.commit()
    # planned again as a small plan is: the same reminders
    monkeypatch.setattr(planning, "DEFER_INDEXES_FROM", 10**9)
    small = await world.service.plan()
    async with world.sessions() as session:
        assert set(await session.execute(stored)) == planned
    assert large.added == small.added == len(planned) > 500


async def test_indexes_a_stopped_first_planning_left_out_are_made_again(world: World, monkeypatch):
    async with world.sessions() as session:
        if session.bind.dialect.name == "sqlite":  # PostgreSQL plans in one transaction: nothing is left out
            await session.execute(text("DROP INDEX ix_reminders_agency"))
            await session.commit()
    monkeypatch.setattr(planning, "DEFER_INDEXES_FROM", 1)
    await world.service.plan()
    assert await _reminder_indexes(world) == INDEXES


async def test_a_key_stored_twice_while_unchecked_is_kept_once_when_the_key_is_made_again(world: World):
    """A first planning cut short on SQLite leaves the key unchecked (on PostgreSQL a key
    left out the same way); if a reminder got in twice meanwhile, the next run keeps the
    first of them and checks the key again."""
    await world.service.plan()
    async with world.sessions() as session:
        first = (await session.execute(select(Reminder).order_by(Reminder.id).limit(1))).scalar_one()
        await session.execute(text("DROP INDEX uq_reminders_task_id_agency_id_period_kind_offset"))
        await session.execute(
            text(
                'INSERT INTO reminders (task_id, agency_id, period, kind, "offset", due, fire_on, status, '
                'created_at, updated_at) SELECT task_id, agency_id, period, kind, "offset", due, '
                "'2027-03-01', status, created_at, updated_at FROM reminders WHERE id = :id"
            ),
            {"id": first.id},
        )
        await session.commit()
    world.clock.moment = at("2026-12-08", 7)  # a new window: the next run writes
    await world.service.plan()
    assert await _reminder_indexes(world) == INDEXES
    async with world.sessions() as session:
        same_key = (
            Reminder.task_id == first.task_id,
            Reminder.agency_id == first.agency_id,
            Reminder.period == first.period,
            Reminder.kind == first.kind,
            Reminder.offset == first.offset,
        )
        kept = (await session.execute(select(Reminder.id, Reminder.fire_on).where(*same_key))).all()
        assert kept == [(first.id, first.fire_on)]


async def test_reminders_go_with_their_agency_their_task_and_their_plan(world: World):
    """Reminders, and what they were planned from, are deleted with what they belong to: an
    agency merged into another, a task, a whole plan (its tasks deleted with it)."""
    from sqlalchemy.orm import selectinload

    from db.agencies import merge_agency
    from db.models import Agency

    await world.service.plan()
    async with world.sessions() as session:
        rows = (await session.execute(select(Reminder.agency_id, Reminder.task_id).order_by(Reminder.id))).all()
        source_id = rows[0][0]
        task_id = next(task for agency, task in rows if agency != source_id)
        target_id = next(agency for agency, _task in rows if agency != source_id)
        with_aliases = [selectinload(Agency.aliases)]
        source = await session.get(Agency, source_id, options=with_aliases)
        await merge_agency(session, source, await session.get(Agency, target_id, options=with_aliases))
        await session.commit()
    assert await count(world.sessions, Reminder, Reminder.agency_id == source_id) == 0
    assert await count(world.sessions, Reminder, Reminder.agency_id == target_id) > 0

    async with world.sessions() as session:
        await session.execute(delete(Task).where(Task.id == task_id))
        await session.commit()
    assert await count(world.sessions, Reminder, Reminder.task_id == task_id) == 0
    assert await count(world.sessions, ReminderInput, ReminderInput.task_id == task_id) == 0
    assert await count(world.sessions, Reminder) > 500 and await count(world.sessions, ReminderInput) > 60

    async with world.sessions() as session:
        await session.execute(delete(Plan))  # its tasks go with it, and their reminders with them
        await session.commit()
    assert await count(world.sessions, Task) == 0
    assert await count(world.sessions, Reminder) == 0 and await count(world.sessions, ReminderInput) == 0


async def test_a_first_planning_that_fails_halfway_stores_each_reminder_once_when_run_again(world: World, monkeypatch):
    """A large first planning writes one slice while it plans the next (PostgreSQL) or
    commits slice by slice (SQLite): failing on its third slice leaves nothing half
    stored, and the next run ends with the same reminders as a run that never failed."""
    stored = select(Reminder.task_id, Reminder.agency_id, Reminder.period, Reminder.kind, Reminder.fire_on)
    monkeypatch.setattr(planning, "DEFER_INDEXES_FROM", 1)
    monkeypatch.setattr(planning, "SLICE", 10)
    clean = await world.service.plan()
    async with world.sessions() as session:
        expected = sorted(await session.execute(stored))
        for table in (Reminder, ReminderInput, ReminderPlanning):
            await session.execute(delete(table))
        await session.commit()

    slice_rows, calls = planning._slice_rows, []

    async def failing_third(*args):
        calls.append(1)
        if len(calls) == 3:
            for _ in range(3):  # the slice before on its way meanwhile (PostgreSQL)
                await asyncio.sleep(0)
            raise RuntimeError("the planner failed")
        return await slice_rows(*args)

    monkeypatch.setattr(planning, "_slice_rows", failing_third)
    with pytest.raises(RuntimeError, match="the planner failed"):
        await world.service.plan()
    async with world.sessions() as session:
        left = await session.scalar(select(func.count()).select_from(Reminder))
        postgres = session.bind.dialect.name == "postgresql"
    # PostgreSQL plans in one transaction: nothing stays; SQLite keeps the two slices committed
    assert left == 0 if postgres else 0 < left < len(expected)
    monkeypatch.setattr(planning, "_slice_rows", slice_rows)
    again = await world.service.plan()
    async with world.sessions() as session:
        assert sorted(await session.execute(stored)) == expected
    assert await _reminder_indexes(world) == INDEXES
    assert clean.added == len(expected) > 500
    assert again.added == len(expected) - left
