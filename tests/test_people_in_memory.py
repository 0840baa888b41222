"""Who people are, kept in memory: someone known is answered without reading the database,
and what another process changes about them (links, roles, a blocked chat) still counts
once the freshness window has passed. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import event as sql_event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from test_conversation import ADMIN, START, ZONE, event, text_of

from base.clock import ManualClock
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.memory import ReadModel
from db.models import Account, Agency, ChatRoom
from db.people import link, mark_unreachable, set_role
from db.versions import current
from domain.people import Role
from seed.importer import bundled_plan, import_plan


class Restarted:
    """A process that has just started (its read model warmed up), with a hand-moved
    monotonic clock for the freshness window."""

    def __init__(self, sessions, alias_table, clock: ManualClock):
        self.now = [0.0]
        model = ReadModel(alias_table[1], freshness=1.0, monotonic=lambda: self.now[0])
        self.conversation = Conversation(sessions, CoreSettings(ZONE, frozenset({ADMIN})), clock, model)

    async def say(self, user: str, text: str) -> str:
        return text_of(await self.conversation.handle(event(user, text)))

    def later(self) -> None:
        self.now[0] += 1.5  # past the freshness window: another process's changes show


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements sent while inside."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    sql_event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        sql_event.remove(engine.sync_engine, "before_cursor_execute", note)


async def setup(sessions, alias_table, *users: str) -> ManualClock:
    """The bundled plan, and people who wrote to the bot before the restart."""
    clock = ManualClock(START)
    await import_plan(sessions, bundled_plan(), alias_table=alias_table, now=clock())
    before = Restarted(sessions, alias_table, clock)
    for user in users:
        await before.say(user, "/start")
    await before.conversation.drain()
    return clock


async def account_id(sessions, user: str) -> int:
    async with sessions() as session:
        return await session.scalar(select(Account.id).where(Account.external_id == user))


async def agency_id(sessions, name: str) -> int:
    async with sessions() as session:
        return await session.scalar(select(Agency.id).where(Agency.name == name))


async def test_someone_known_at_start_is_answered_without_the_database_and_sees_a_link_made_elsewhere(
    sessions, alias_table, engine
):
    clock = await setup(sessions, alias_table, "fp")
    process = Restarted(sessions, alias_table, clock)
    await process.conversation.warm_up()
    with statements(engine) as sent:
        me = await process.say("fp", "/me")
        mine = await process.say("fp", "việc của tôi")
    assert sent == []  # nothing read or written: who fp is came from memory
    assert "Cơ quan theo dõi: chưa liên kết" in me
    assert mine.startswith("Anh/chị chưa liên kết với cơ quan nào")
    # Another process links fp to Sở Y tế (as an approved /link request would).
    async with sessions() as session, session.begin():
        await link(
            session,
            await agency_id(sessions, "Sở Y tế"),
            account_id=await account_id(sessions, "fp"),
            by=None,
            now=clock(),
        )
    process.later()
    assert "Cơ quan theo dõi: Sở Y tế" in await process.say("fp", "/me")
    mine = await process.say("fp", "việc của tôi")
    assert "chưa liên kết" not in mine and "Sở Y tế" in mine, mine


async def test_someone_new_moves_no_version_and_makes_no_one_be_read_again(sessions, alias_table, engine):
    """A first contact writes the new account and chat, and nothing that copies in memory
    read: the people's version stays, and the next event of someone known reads no one
    again (every account and chat, at 20,000 people, took longer than the answer)."""
    clock = await setup(sessions, alias_table, "fp")
    process = Restarted(sessions, alias_table, clock)
    await process.conversation.warm_up()
    people = process.conversation.model.versions.people
    assert "Anh/chị chưa liên kết" in await process.say("newcomer", "việc của tôi")
    async with sessions() as session:
        assert (await current(session)).people == people
        assert await session.scalar(select(Account.id).where(Account.external_id == "newcomer"))
    with statements(engine) as sent:
        await process.say("fp", "/me")
    assert not any("FROM accounts" in statement for statement in sent), sent  # the versions, only
    assert process.conversation.model.versions.people == people


async def test_a_coordinator_demoted_by_another_process_can_no_longer_invite(sessions, alias_table):
    clock = await setup(sessions, alias_table, "coord")
    async with sessions() as session, session.begin():
        await set_role(session, await account_id(sessions, "coord"), Role.COORDINATOR)
    process = Restarted(sessions, alias_table, clock)
    await process.conversation.warm_up()
    assert "/link " in await process.say("coord", "/invite Sở Y tế")
    async with sessions() as session, session.begin():  # another process: /demote
        await set_role(session, await account_id(sessions, "coord"), Role.MEMBER)
    process.later()
    refused = await process.say("coord", "/invite Sở Y tế")
    assert "chức năng này dành cho điều phối viên" in refused and "/link " not in refused


async def test_a_chat_found_blocked_by_another_process_is_reachable_again_once_its_user_writes(sessions, alias_table):
    clock = await setup(sessions, alias_table, "fp")
    process = Restarted(sessions, alias_table, clock)
    await process.conversation.warm_up()
    await process.say("fp", "/help")
    async with sessions() as session, session.begin():  # the sender, elsewhere, met a 403
        await mark_unreachable(session, "test", "fp")
    process.later()
    await process.say("fp", "/help")  # unblocked, and writing again
    async with sessions() as session:
        assert await session.scalar(select(ChatRoom.active).where(ChatRoom.external_id == "fp"))


async def test_someone_known_back_after_hours_under_a_new_name_is_recorded_from_memory(sessions, alias_table):
    clock = await setup(sessions, alias_table, "u7")
    clock.advance(timedelta(hours=3))
    process = Restarted(sessions, alias_table, clock)
    await process.conversation.warm_up()
    back = replace(event("u7", "/me"), user_name="Trần Thị Lan")
    assert "Trần Thị Lan" in text_of(await process.conversation.handle(back))
    await process.conversation.drain()
    async with sessions() as session:
        account = await session.scalar(select(Account).where(Account.external_id == "u7"))
    assert account.display_name == "Trần Thị Lan"
    assert account.last_seen_at == START + timedelta(hours=3)


async def test_a_link_made_elsewhere_is_loaded_in_the_background_before_the_next_question(
    sessions, alias_table, engine
):
    clock = await setup(sessions, alias_table, "fp")
    process = Restarted(sessions, alias_table, clock)
    await process.conversation.warm_up()
    ticks: asyncio.Queue[None] = asyncio.Queue()
    waiting: asyncio.Queue[None] = asyncio.Queue()

    async def sleep(_seconds: float) -> None:  # the service's timer, moved by hand
        waiting.put_nowait(None)
        await ticks.get()

    looking = asyncio.create_task(process.conversation.model.keep_fresh(sessions, sleep))
    try:
        await waiting.get()
        async with sessions() as session, session.begin():  # another process links fp
            await link(
                session,
                await agency_id(sessions, "Sở Y tế"),
                account_id=await account_id(sessions, "fp"),
                by=None,
                now=clock(),
            )
        process.now[0] += 0.6
        ticks.put_nowait(None)  # half a window: the background look
        await waiting.get()
        process.now[0] += 0.6  # past the window since the start, not since that look
        with statements(engine) as sent:
            me = await process.say("fp", "/me")
        assert "Cơ quan theo dõi: Sở Y tế" in me
        assert sent == []  # the question found the link already loaded
    finally:
        looking.cancel()


async def test_people_back_after_hours_are_answered_before_their_last_seen_is_written_all_at_once(
    sessions, alias_table, engine
):
    clock = await setup(sessions, alias_table, "a", "b", "c")
    clock.advance(timedelta(hours=3))
    process = Restarted(sessions, alias_table, clock)
    await process.conversation.warm_up()
    with statements(engine) as sent:
        for user in ("a", "b", "c"):
            assert "Người" in await process.say(user, "/me")
        assert sent == []  # answered: nothing written yet
        await process.conversation.drain()  # as the service stops (or a second later)
    assert len([s for s in sent if s.lstrip().upper().startswith("UPDATE ACCOUNTS")]) == 1
    async with sessions() as session:
        seen = set(await session.scalars(select(Account.last_seen_at)))
    assert seen == {START + timedelta(hours=3)}
