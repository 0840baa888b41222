"""While every task loads (at start, or after a plan changed: seconds at 100,000 tasks), a
focal point asking about its own agencies' tasks is answered at once, from those tasks
read alone, with exactly the answer every task gives; any other question waits for every
task, and past `load_wait` is asked to come back, never answered from part of the plans."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from test_conversation import ADMIN, START, ZONE, event, make_conversation, text_of

from base.clock import ManualClock
from base.events import Outcome
from bot.core import memory
from bot.core.context import CoreSettings
from bot.core.conversation import Conversation
from bot.core.memory import ReadModel
from db import people
from db.engine import unit_of_work

OWN_QUESTIONS = (
    "nhiệm vụ của tôi đến hạn năm nay",
    "/my",
    "/due",
    "/due 2027",
    "/overdue",
    "/upcoming 90",
    "/ongoing",
    "/coordinating",
    "/summary",
    "/due NQ20",
)


def replies(outcome: Outcome) -> list[tuple[str, object]]:
    return [(str(reply.text), reply.buttons) for reply in outcome.replies]


@dataclass
class Loading:
    conversation: Conversation
    gate: asyncio.Event
    load: asyncio.Task[None]

    async def finish(self) -> None:
        self.gate.set()
        await self.load


@pytest.fixture
async def focal_points(sessions, alias_table) -> dict[str, tuple[str, ...]]:
    """A focal point for every body with tasks in the bundled plan (groups, bodies that no
    longer exist and their successors included), one following two agencies, and statuses
    said by each on its own tasks (done, in progress, blocked) through the chat."""
    conversation, clock = await make_conversation(sessions, alias_table)
    await conversation.warm_up()
    index = conversation.model.index
    followed = {
        f"fp{agency_id}": (agency_id,)
        for agency_id in sorted(index.agency_names)
        if index.scope_tasks((agency_id,), None)
    }
    followed["two"] = (index.agency_ids["Sở Y tế"], index.agency_ids["Sở Tư pháp"])
    async with unit_of_work(sessions) as session:
        for user, agencies in followed.items():
            who = people.Who("test", user, f"Người {user}", None, user, False, None)
            actor = await people.identify(session, who, frozenset(), clock())
            for agency_id in agencies:
                await people.link(session, agency_id, account_id=actor.account_id, by=None, now=clock())
    for user, agencies in followed.items():
        due = index.view(agencies, START.year, START.date()).due
        tasks = [*due[:4], *index.scope_tasks(agencies, None)[::9]]
        for task_id, said in zip(tasks, ("/done", "/doing", "/blocked", "/done") * 4, strict=False):
            answer = text_of(await conversation.handle(event(user, f"{said} {index.tasks[task_id].code} lý do")))
            assert not answer.startswith("Xin lỗi, đã có lỗi"), answer
    return {user: tuple(index.agency_names[a] for a in agencies) for user, agencies in followed.items()}


@pytest.fixture
async def loading(sessions, alias_table, monkeypatch, focal_points) -> AsyncIterator[Loading]:
    """A conversation whose read model is loading every task, held until ``finish()``: the
    agencies and plans are read, the tasks not yet."""
    gate = asyncio.Event()
    load_index = memory.load_index

    async def held(*args, **kwargs):
        await gate.wait()
        return await load_index(*args, **kwargs)

    monkeypatch.setattr(memory, "load_index", held)
    conversation = loading_conversation(sessions, alias_table, load_wait=30.0)
    load = asyncio.create_task(conversation.warm_up())
    await asyncio.sleep(0)
    assert conversation.model.loading
    yield Loading(conversation, gate, load)
    await loading_finished(gate, load)


def loading_conversation(sessions, alias_table, load_wait: float) -> Conversation:
    """A conversation on the plan made by ``focal_points``, with a read model of its own."""
    settings = CoreSettings(ZONE, frozenset({ADMIN}), load_wait=load_wait)
    return Conversation(sessions, settings, ManualClock(START), ReadModel(alias_table[1]))


async def loading_finished(gate: asyncio.Event, load: asyncio.Task[None]) -> None:
    gate.set()
    await load


async def test_a_focal_point_is_answered_from_its_own_tasks_while_every_task_loads(
    loading: Loading, focal_points: dict[str, tuple[str, ...]]
):
    conversation = loading.conversation
    early = {}
    for user in focal_points:
        for question in OWN_QUESTIONS:
            outcome = await asyncio.wait_for(conversation.handle(event(user, question)), 10)
            early[(user, question)] = replies(outcome)
    assert conversation.model.loading  # every answer above came before the tasks were read
    await loading.finish()
    assert not conversation.model.loading
    for (user, question), answer in early.items():
        assert answer == replies(await conversation.handle(event(user, question))), (user, question)
    summary = early[("fp10", "/summary")][0][0]  # Sở Y tế's year, with the statuses it said
    assert "Sở Y tế" in summary and "✅ 0 " not in summary and "🔄 0 " not in summary, summary


async def test_questions_that_need_every_task_wait_for_them(loading: Loading, focal_points: dict[str, tuple[str, ...]]):
    """Another agency's tasks, a task by its code, a search, the coordinators' summary of the
    whole plan: none is answered from a focal point's own tasks; each waits, then gets the
    answer of every task."""
    conversation = loading.conversation
    asked = [
        ("fp10", "/agency Sở Tư pháp"),
        ("fp10", "nhiệm vụ của Sở Nội vụ"),
        ("fp10", "/task I.5"),
        ("fp10", "/search bệnh án điện tử"),
        ("fp2", "/summary"),
        ("admin", "/summary"),
        ("admin", "/due"),
        ("newcomer", "/due"),
    ]
    waiting = [asyncio.create_task(conversation.handle(event(user, text))) for user, text in asked]
    await asyncio.sleep(0.5)
    assert [task.done() for task in waiting] == [False, False, False, False, True, False, False, False]
    await loading.finish()
    answers = [replies(await task) for task in waiting]
    again = [replies(await conversation.handle(event(user, text))) for user, text in asked]
    assert answers == again
    assert "Sở Tư pháp" in answers[0][0][0] and "I.5" in answers[2][0][0]


async def test_past_the_wait_a_question_is_asked_to_come_back(sessions, alias_table, monkeypatch, focal_points):
    gate = asyncio.Event()
    load_index = memory.load_index

    async def held(*args, **kwargs):
        await gate.wait()
        return await load_index(*args, **kwargs)

    monkeypatch.setattr(memory, "load_index", held)
    conversation = loading_conversation(sessions, alias_table, load_wait=0.3)
    load = asyncio.create_task(conversation.warm_up())
    try:
        await asyncio.sleep(0)
        answer = text_of(await asyncio.wait_for(conversation.handle(event("admin", "/summary")), 5))
        assert answer.startswith("Hệ thống đang nạp dữ liệu các kế hoạch"), answer
        # Past the wait, at once: a queue of questions is not held for the wait each.
        answer = text_of(await asyncio.wait_for(conversation.handle(event("fp10", "/task I.5")), 0.2))
        assert answer.startswith("Hệ thống đang nạp dữ liệu các kế hoạch"), answer
        # A focal point's own tasks are still answered.
        answer = text_of(await asyncio.wait_for(conversation.handle(event("fp10", "/due")), 5))
        assert "Sở Y tế" in answer
    finally:
        await loading_finished(gate, load)
    answer = text_of(await conversation.handle(event("admin", "/summary")))
    assert answer.startswith("Tổng hợp"), answer
