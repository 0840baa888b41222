"""Reminders through the database, on SQLite and PostgreSQL: planning, digests, done, snooze,
quiet, escalation, catch-up after downtime, restarts and two workers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text, update

from base.clock import ManualClock
from base.delivery import Blocked, RetryLater
from base.events import Reply
from base.markup import to_plain
from bot.service import reminder_settings
from bot.settings import load_settings
from db import people, reminders
from db.engine import make_engine, session_factory, unit_of_work
from db.models import Account, ChatRoom, OutboxMessage, Plan, Reminder, ReminderDelivery
from db.outbox import claim
from db.queries import TaskFilter, agency_id_by_name, find_tasks
from db.reminders import save_policy
from db.statuses import set_status
from domain.calendar import OfficeCalendar
from domain.people import Role
from domain.tasks import Status
from scheduler.jobs import ReminderService
from scheduler.sender import Sender
from seed.importer import bundled_plan, import_plan

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str, hour: int = 8, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour, minute), ZONE).astimezone(UTC)


@dataclass
class Recorder:
    """A channel that keeps what it is given; can be told to fail for some chats."""

    sent: list[tuple[str, Reply]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    busy: dict[str, float] = field(default_factory=dict)

    async def send_message(self, chat_id: str, reply: Reply, turn: object = None) -> None:
        if chat_id in self.blocked:
            raise Blocked("Forbidden: bot was blocked by the user")
        if chat_id in self.busy:
            raise RetryLater(self.busy.pop(chat_id))
        self.sent.append((chat_id, reply))

    def texts(self, chat_id: str) -> list[str]:
        return [to_plain(reply.text) for chat, reply in self.sent if chat == chat_id]


@dataclass
class World:
    sessions: object
    clock: ManualClock
    channel: Recorder
    service: ReminderService

    def restart(self, worker: str = "second") -> ReminderService:
        """A new process on the same database: nothing carried over in memory."""
        sender = Sender(self.sessions, self.clock, {"telegram": self.channel}, worker)
        return ReminderService(self.sessions, self.clock, self.service.settings, sender)


def service_for(sessions, clock, channel, worker: str = "first") -> ReminderService:
    settings = reminder_settings(load_settings(_env_file=None), OfficeCalendar())
    return ReminderService(sessions, clock, settings, Sender(sessions, clock, {"telegram": channel}, worker))


async def follow(sessions, user: str, agency: str, clock, *, role: Role = Role.MEMBER) -> None:
    """A Telegram user, in a private chat, linked to an agency (or staff, with no agency)."""
    async with unit_of_work(sessions) as session:
        actor = await people.identify(
            session, people.Who("telegram", user, f"Người {user}", None, user, False, None), frozenset(), clock()
        )
        if role is not Role.MEMBER:
            await people.set_role(session, actor.account_id, role)
        if agency:
            await people.link(
                session, await agency_id_by_name(session, agency), account_id=actor.account_id, by=None, now=clock()
            )


@pytest.fixture
async def world(sessions, alias_table) -> World:
    clock = ManualClock(at("2026-11-24", 7))
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    channel = Recorder()
    await follow(sessions, "health", "Sở Y tế", clock)
    await follow(sessions, "coordinator", "", clock, role=Role.COORDINATOR)
    return World(sessions, clock, channel, service_for(sessions, clock, channel))


async def count(sessions, model, *where) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def test_planning_twice_creates_nothing_new(world: World):
    first = await world.service.plan()
    assert first.added > 500
    total = await count(world.sessions, Reminder)
    again = await world.service.plan()
    assert (again.added, again.moved, again.cancelled) == (0, 0, 0)
    assert await count(world.sessions, Reminder) == total


async def test_answers_can_write_while_reminders_are_planned(world: World, monkeypatch):
    """A long planning run must not keep a user's write (here: last seen) waiting: on SQLite
    each slice is committed, so a writer gets in between two slices at once."""
    import scheduler.planning as planning

    slice_rows, calls, written = planning._slice_rows, [], []

    async def plan_then_let_a_user_write(*args):
        calls.append(1)
        if len(calls) == 2:  # between the first slice and the second
            async with world.sessions() as other:
                if other.bind.dialect.name == "sqlite":
                    await other.execute(text("PRAGMA busy_timeout=200"))
                else:
                    await other.execute(text("SET lock_timeout = '200ms'"))
                result = await other.execute(update(Account).values(last_seen_at=world.clock()))
                await other.commit()
                written.append(result.rowcount)
        return await slice_rows(*args)

    monkeypatch.setattr(planning, "SLICE", 20)
    monkeypatch.setattr(planning, "_slice_rows", plan_then_let_a_user_write)
    planned = await world.service.plan()
    assert len(calls) == 4 and written and written[0] >= 2  # 65 tasks in slices of 20; two users
    assert planned.added == await count(world.sessions, Reminder) > 500
    again = await world.service.plan()
    assert (again.added, again.moved, again.cancelled) == (0, 0, 0)


async def test_coordinating_agencies_are_reminded_only_when_a_policy_opts_them_in(world: World):
    await world.service.plan()
    async with world.sessions() as session:
        heads_up = await session.scalar(select(func.count()).select_from(Reminder).where(Reminder.kind == "heads_up"))
        health = await agency_id_by_name(session, "Sở Y tế")
        coordinated = {  # tasks Sở Y tế only coordinates get no reminder of it
            task_id
            for (task_id,) in await session.execute(
                select(Reminder.task_id).where(
                    Reminder.agency_id == health, Reminder.task_id.in_(await _coordinated(session, health))
                )
            )
        }
    assert heads_up == 0 and coordinated == set()


async def _coordinated(session, agency_id: int) -> list[int]:
    """Tasks the agency only coordinates (not leading them through a group either)."""
    from db.snapshot import load_index

    index = await load_index(session, {})
    return index.scope_tasks((agency_id,), "coordinator")


async def test_a_collective_phrase_with_no_known_member_gets_no_coordinators_notice(world: World):
    from db.models import Agency

    async with unit_of_work(world.sessions) as session:
        plan_id = await session.scalar(select(Plan.id).where(Plan.short_name == "NQ20"))
        await save_policy(session, {"notify_coordinators": True}, None, world.clock(), plan_id=plan_id)
    await world.service.plan()
    async with world.sessions() as session:
        nobody = await agency_id_by_name(session, "Các đơn vị liên quan")
        member_less = await session.scalar(select(Agency.is_group).where(Agency.id == nobody))
        notices = await session.scalars(select(Reminder.agency_id).where(Reminder.kind == "heads_up").distinct())
        notified = set(notices)
    assert member_less and notified  # the seed names this phrase, and coordinators do get notices
    assert nobody not in notified


async def test_one_digest_per_chat_on_the_day_at_eight(world: World):
    world.clock.moment = at("2026-12-08", 7, 59)
    await world.service.tick()
    assert world.channel.sent == []  # not yet eight o'clock
    world.clock.moment = at("2026-12-08", 8, 0)
    await world.service.tick()
    [digest] = world.channel.texts("health")
    assert digest.startswith("🔔 Nhắc việc ngày 08/12/2026")
    assert "II.5 · báo cáo năm 2026: hạn 15/12/2026 (còn 7 ngày)" in digest
    assert "I.1 · báo cáo năm 2026" in digest  # ongoing work, led through "các sở, ban, ngành"
    reply = next(reply for chat, reply in world.channel.sent if chat == "health")
    buttons = {b.action for row in reply.buttons for b in row}
    ii5 = (await _task(world, "II.5")).id
    assert f"1D:{ii5}:done:2026" in buttons and any(a.startswith("1Z:") for a in buttons)
    world.clock.advance(timedelta(hours=3))
    await world.service.tick()  # the same day again: nothing new
    assert len(world.channel.texts("health")) == 1


async def test_what_one_digest_cannot_hold_comes_in_the_next_one(sessions, alias_table, tmp_path):
    from domain.digest import MAX_BUTTON_ROWS
    from seed.importer import PlanFile
    from seed.table import write_rows

    header = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]
    many = MAX_BUTTON_ROWS + 5
    tasks = [[str(n), f"Việc thứ {n}", "Sở Y tế", "", "Năm 2026", ""] for n in range(1, many + 1)]
    rows = [header, ["I", "Mục"], *tasks]
    path = tmp_path / "nhieu-viec.txt"
    path.write_text(write_rows(rows), encoding="utf-8")
    clock = ManualClock(at("2026-09-01", 7))
    await import_plan(sessions, PlanFile(path, "NHIEU"), alias_table=alias_table, now=clock())
    await follow(sessions, "health", "Sở Y tế", clock)
    channel = Recorder()
    service = service_for(sessions, clock, channel)
    clock.moment = at("2026-10-02")  # 90 days before 31/12/2026, a Friday: all of them at once
    queued, _ = await service.tick()
    assert queued.reminders == MAX_BUTTON_ROWS
    [first] = channel.texts("health")
    assert "… và 5 nhắc việc khác, gửi trong bản nhắc việc ngày làm việc tới." in first
    clock.moment = at("2026-10-05")  # Monday: the five that did not fit
    queued, _ = await service.tick()
    assert queued.reminders == 5
    second = channel.texts("health")[1]
    shown = {line.split(" · ")[0].removeprefix("• ") for text in (first, second) for line in text.splitlines()}
    assert {f"I.{n}" for n in range(1, many + 1)} <= shown  # every task, once or the other day


async def _task(world: World, code: str):
    async with world.sessions() as session:
        return (await find_tasks(session, TaskFilter(codes=(code,))))[0]


async def test_weekends_and_holidays_send_nothing(world: World):
    world.clock.moment = at("2026-12-12", 9)  # a Saturday
    await world.service.tick()
    assert world.channel.sent == []


async def test_done_stops_the_periods_reminders(world: World):
    await world.service.plan()
    task = await _task(world, "II.5")
    async with unit_of_work(world.sessions) as session:
        health = await agency_id_by_name(session, "Sở Y tế")
        await set_status(session, task.id, health, "2026", Status.DONE, "", None, world.clock())
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
    world.clock.moment = at("2026-12-08", 9)
    await world.service.tick()
    assert "II.5" not in world.channel.texts("health")[0]
    assert "II.10" not in world.channel.texts("health")[0]  # not Sở Y tế's at all


async def test_snooze_brings_it_back_a_week_later(world: World):
    world.clock.moment = at("2026-12-08", 9)
    await world.service.tick()
    task = await _task(world, "II.5")
    async with unit_of_work(world.sessions) as session:
        reminder = await session.scalar(
            select(Reminder).where(
                Reminder.task_id == task.id,
                Reminder.kind == "report",
                Reminder.offset == 7,
                Reminder.agency_id == await agency_id_by_name(session, "Sở Y tế"),
            )
        )
        await reminders.snooze(session, reminder.id, date(2026, 12, 15), world.clock())
    world.clock.moment = at("2026-12-15", 9)
    await world.service.tick()
    later = world.channel.texts("health")[-1]
    assert later.startswith("🔔 Nhắc việc ngày 15/12/2026")
    assert "II.5 · nhắc lại: hạn 15/12/2026" in later


async def test_a_quiet_chat_gets_nothing(world: World):
    async with unit_of_work(world.sessions) as session:
        chat = await session.scalar(select(ChatRoom.id).where(ChatRoom.external_id == "health"))
        await reminders.set_quiet(session, chat, at("2026-12-20", 23))
    world.clock.moment = at("2026-12-08", 9)
    await world.service.tick()
    assert world.channel.texts("health") == []
    assert await count(world.sessions, ReminderDelivery, ReminderDelivery.outbox_id.is_(None)) > 0


async def test_overdue_tasks_are_escalated_to_coordinators(world: World):
    world.clock.moment = at("2026-12-21", 9)  # a monthly overdue repeat of the 2018 tasks
    await world.service.tick()
    health = world.channel.texts("health")[0]
    assert "III.2 · quá hạn" in health
    staff = world.channel.texts("coordinator")
    assert staff and "Quá hạn, báo điều phối viên" in staff[0]
    assert "III.2 · Sở Y tế: quá hạn" in staff[0]


async def test_catch_up_after_downtime(world: World):
    await world.service.plan()  # planned on 24/11, then the process was down
    world.clock.moment = at("2026-12-10", 9)  # two days after the 8th: still sent
    await world.service.tick()
    assert "II.5 · báo cáo năm 2026: hạn 15/12/2026" in world.channel.texts("health")[0]


async def test_too_old_reminders_are_skipped_and_reported(world: World):
    await world.service.plan()
    world.clock.moment = at("2026-12-14", 9)  # six days after the 8th: too late
    await world.service.tick()
    assert all("báo cáo năm 2026" not in text for text in world.channel.texts("health"))
    assert await count(world.sessions, Reminder, Reminder.status == "skipped") > 0
    notices = world.channel.texts("coordinator")
    assert any("đã quá 3 ngày làm việc nên không gửi nữa" in text and "Sở Y tế" in text for text in notices)
    # agencies nobody follows are reported too
    assert any("chưa có đầu mối" in text for text in notices)


async def reminders_of(world: World, day: str) -> list[Reminder]:
    async with world.sessions() as session:
        return list(await session.scalars(select(Reminder).where(Reminder.fire_on == date.fromisoformat(day))))


async def deliveries_of(world: World, day: str) -> int:
    ids = [r.id for r in await reminders_of(world, day)]
    return await count(world.sessions, ReminderDelivery, ReminderDelivery.reminder_id.in_(ids))


async def test_reminders_missed_before_a_weekend_go_out_on_the_next_working_day(world: World):
    """Thursday's 17 reminders (Sở Y tế's overdue tasks, to its focal point and, escalated,
    to the coordinator); the service is down Thursday and Friday and back on Saturday."""
    await world.service.plan()  # planned on Tuesday 24/11, then the process was down
    assert len(await reminders_of(world, "2026-11-26")) == 17
    world.clock.moment = at("2026-11-28", 9)  # Saturday: back, but nothing goes out at the weekend
    await world.service.tick()
    world.clock.moment = at("2026-11-29", 9)
    await world.service.tick()
    assert world.channel.texts("health") == []
    assert all(not text.startswith("🔔") for text in world.channel.texts("coordinator"))
    world.clock.moment = at("2026-11-30", 9)  # Monday: Thursday's reminders, four calendar days late
    await world.service.tick()
    assert {r.status for r in await reminders_of(world, "2026-11-26")} == {"delivered"}
    assert await deliveries_of(world, "2026-11-26") == 34
    [digest] = world.channel.texts("health")
    assert digest.startswith("🔔 Nhắc việc ngày 30/11/2026") and "III.9 · quá hạn" in digest


@pytest.mark.parametrize(("back", "sent"), [("2026-12-01", True), ("2026-12-02", False)])
async def test_the_catch_up_window_counts_working_days(world: World, back: str, sent: bool):
    """Missed on Thursday 26/11: back on Tuesday 1/12, Thursday is one of the 3 working
    days before (Thu, Fri, Mon): sent. Back on Wednesday 2/12, it is not: skipped, and
    the coordinators are told."""
    await world.service.plan()
    world.clock.moment = at(back, 9)
    await world.service.tick()
    statuses = {r.status for r in await reminders_of(world, "2026-11-26")}
    if sent:
        assert statuses == {"delivered"}
        assert "III.9 · quá hạn" in world.channel.texts("health")[0]
    else:
        assert statuses == {"skipped"}
        assert await deliveries_of(world, "2026-11-26") == 0
        notices = world.channel.texts("coordinator")
        assert any("đã quá 3 ngày làm việc nên không gửi nữa" in text and "Sở Y tế" in text for text in notices)


async def test_a_reminder_missed_before_tet_goes_out_on_the_first_working_day_after_it(world: World):
    """II.1 (Sở Giáo dục và Đào tạo) is reminded on Wednesday 3/2/2027, the last working day
    before Tết; the service is down that day and back on Friday 5/2, in the middle of Tết
    (4/2 to 10/2). It goes out on Thursday 11/2, eight calendar days late."""
    await follow(world.sessions, "education", "Sở Giáo dục và Đào tạo", world.clock)
    world.clock.moment = at("2027-02-02", 9)  # the service runs up to Tuesday
    await world.service.tick()
    [missed] = await reminders_of(world, "2027-02-03")
    sent = len(world.channel.sent)
    for day in ("2027-02-05", "2027-02-06", "2027-02-08", "2027-02-10"):  # back during Tết: nothing goes out
        world.clock.moment = at(day, 9)
        await world.service.tick()
    assert len(world.channel.sent) == sent
    world.clock.moment = at("2027-02-11", 9)
    await world.service.tick()
    async with world.sessions() as session:
        assert (await session.get(Reminder, missed.id)).status == "delivered"
    assert any("II.1 · quá hạn" in text for text in world.channel.texts("education"))


async def test_a_restart_sends_nothing_twice(world: World):
    world.clock.moment = at("2026-12-08", 9)
    await world.service.tick()
    sent = len(world.channel.sent)
    await world.restart().tick()  # a new process the same day
    assert len(world.channel.sent) == sent
    assert await count(world.sessions, OutboxMessage, OutboxMessage.status != "sent") == 0


async def test_a_crash_mid_send_loses_nothing(world: World):
    world.clock.moment = at("2026-12-08", 9)
    await world.service.queue()
    async with unit_of_work(world.sessions) as session:  # a sender claims, then dies
        claimed = await claim(session, "crashed", ["telegram"], world.clock(), timedelta(minutes=2), 100)
    assert claimed
    await world.restart().send()
    assert world.channel.sent == []  # the lease still runs: nobody else takes them yet
    world.clock.advance(timedelta(minutes=3))
    await world.restart().send()
    assert sorted(chat for chat, _ in world.channel.sent) == sorted(item.chat_external_id for item in claimed)


async def test_a_sender_takes_what_crashed_first_then_notices_then_broadcasts(world: World):
    from db.outbox import enqueue

    now = world.clock()
    async with unit_of_work(world.sessions) as session:
        chats = list(await session.scalars(select(ChatRoom.id).order_by(ChatRoom.id)))
        broadcast = [await enqueue(session, chat, "broadcast", "Thông báo", [], now) for chat in chats]
        notice = await enqueue(session, chats[0], "notice", "Nhắc việc", [], now)
        asked = await enqueue(session, chats[0], "result_ask", "Kết quả năm?", [], now)
    async with unit_of_work(world.sessions) as session:  # a sender takes two messages, one at a time, then dies
        crashed = await claim(session, "crashed", ["telegram"], now, timedelta(minutes=2), 1)
    assert [c.id for c in crashed] == [notice]
    async with unit_of_work(world.sessions) as session:
        crashed += await claim(session, "crashed", ["telegram"], now, timedelta(minutes=2), 1)
    assert [c.id for c in crashed] == [notice, asked]
    world.clock.advance(timedelta(minutes=3))  # its lease ran out
    async with unit_of_work(world.sessions) as session:
        taken = await claim(session, "alive", ["telegram"], world.clock(), timedelta(minutes=2), 3)
    assert sorted(c.id for c in taken) == sorted([notice, asked, broadcast[0]])  # what it held, first
    async with unit_of_work(world.sessions) as session:
        rest = await claim(session, "alive", ["telegram"], world.clock(), timedelta(minutes=2), 100)
    assert [c.id for c in rest] == broadcast[1:]


async def test_blocked_chats_and_rate_limits(world: World):
    world.clock.moment = at("2026-12-08", 9)
    world.channel.blocked.add("health")
    world.channel.busy["coordinator"] = 5
    await world.service.tick()
    async with world.sessions() as session:
        chat = await session.scalar(select(ChatRoom).where(ChatRoom.external_id == "health"))
        assert chat.active is False
        statuses = dict((await session.execute(select(OutboxMessage.chat_id, OutboxMessage.status))).all())
    assert statuses[chat.id] == "blocked"
    assert world.channel.texts("coordinator") == []  # told to wait
    world.clock.advance(timedelta(seconds=6))
    await world.service.send()
    assert len(world.channel.texts("coordinator")) == 1


@pytest.mark.postgres
async def test_two_workers_send_each_reminder_exactly_once(alias_table):
    from conftest import fresh_postgres

    url, drop = await fresh_postgres(None)
    engines = [make_engine(url), make_engine(url)]
    try:
        from db.migrate import upgrade

        await upgrade(engines[0])
        sessions = [session_factory(e) for e in engines]
        clock = ManualClock(at("2026-11-24", 7))
        await import_plan(sessions[0], bundled_plan(), alias_table=alias_table, now=clock())
        for n, agency in enumerate(["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Công Thương"]):
            await follow(sessions[0], f"user{n}", agency, clock)
        await follow(sessions[0], "boss", "", clock, role=Role.COORDINATOR)
        channel = Recorder()
        workers = [service_for(s, clock, channel, worker=f"w{n}") for n, s in enumerate(sessions)]
        for day in ("2026-12-08", "2026-12-21", "2026-12-24"):
            clock.moment = at(day, 9)
            for _minute in range(3):  # the jobs run every minute, in both processes at once
                await asyncio.gather(*(w.queue() for w in workers))
                await asyncio.gather(*(w.send() for w in workers))
                clock.advance(timedelta(minutes=1))
        async with sessions[0]() as session:
            digests = await session.scalar(select(func.count()).select_from(OutboxMessage))
            deliveries = list(await session.execute(select(ReminderDelivery.reminder_id, ReminderDelivery.chat_id)))
        assert len(channel.sent) == digests  # every outbox message went out once
        assert len({(chat, to_plain(r.text)) for chat, r in channel.sent}) == len(channel.sent)
        assert len(deliveries) == len(set(deliveries))
        per_chat_day = {(chat, to_plain(r.text).splitlines()[0]) for chat, r in channel.sent}
        assert len(per_chat_day) == len(channel.sent)  # one digest per chat per day
        assert {chat for chat, _ in channel.sent} >= {"user0", "user1", "user2", "user3", "boss"}
    finally:
        for engine in engines:
            await engine.dispose()
        await drop()


async def test_the_jobs_have_stable_ids_and_keep_nothing_of_their_own(world: World):
    from scheduler.jobs import PLAN_JOB, QUEUE_JOB, SEND_JOB, schedule

    scheduler = schedule(world.service, world.clock())
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {PLAN_JOB, QUEUE_JOB, SEND_JOB}
    assert str(jobs[PLAN_JOB].trigger).startswith("cron[hour='0', minute='30'")
    assert jobs[QUEUE_JOB].trigger.interval == timedelta(minutes=1)
    assert jobs[SEND_JOB].trigger.interval == timedelta(minutes=1)
    again = schedule(world.service, world.clock())  # defining them twice replaces, never doubles
    assert len(again.get_jobs()) == 3
