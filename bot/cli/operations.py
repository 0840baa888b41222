"""What the command line does besides `run`: a terminal chat as an agency, planning and
sending once, the reminder calendar. Queries only the CLI needs live here, not in the
service that `agencybot run` wires."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime import Runtime
from bot.service import Service, settle_memory
from bot.settings import Settings
from db import people
from db.engine import unit_of_work
from db.models import Agency
from db.outbox import counts as outbox_counts
from db.people import Who
from db.queries import TaskFilter, agency_id_by_name, find_tasks
from db.reminders import Window, compute
from domain.calendar import OfficeCalendar
from domain.reminders import Planner
from scheduler.sender import SendReport


async def chat_as(runtime: Runtime, agency: str) -> str | None:
    """A terminal chat as the focal point of ``agency``; returns an error message instead
    when no single agency matches."""
    service = Service(runtime)
    async with unit_of_work(runtime.sessions) as session:
        await service.conversation.model.refresh(session)
        match = service.conversation.model.index.directory.resolve(agency)
        name = getattr(match, "name", None)
        if name is None:
            options = getattr(match, "candidates", ()) or getattr(match, "suggestions", ())
            return f"no single agency matches {agency!r}" + (f": {'; '.join(options)}" if options else "")
        agency_id = await agency_id_by_name(session, name)
        assert agency_id is not None
        user_id = f"agency-{agency_id}"
        actor = await people.identify(
            session, Who("terminal", user_id, name, None, user_id, False, None), frozenset(), runtime.clock()
        )
        await people.link(session, agency_id, account_id=actor.account_id, by=None, now=runtime.clock())
    await service.terminal(user_id, f"Đầu mối {name}")
    return None


async def plan_after_import(runtime: Runtime) -> list[str]:
    """Reminders planned at once after an import, so that `/reminders` shows them before
    the service's next run (which plans again, finding nothing new)."""
    stored = await Service(runtime).reminders.plan()
    if stored is None:
        return ["Reminders: another process is planning them now."]
    return [f"Reminders planned: {stored.added} added, {stored.moved} moved, {stored.cancelled} cancelled."]


async def reminder_calendar(session: AsyncSession, settings: Settings, first: date, last: date) -> list[dict]:
    """The reminders the plans produce between two days, for `agencybot reminders plan`."""
    planner = Planner(OfficeCalendar())
    planned = await compute(session, planner, settings.policy, Window(first, last))
    tasks = {t.id: t for t in await find_tasks(session, TaskFilter(ids=tuple({r.task_id for r in planned})))}
    names = dict((await session.execute(select(Agency.id, Agency.name))).all())
    planned.sort(key=lambda r: (r.fire_on, tasks[r.task_id].plan, r.task_id, names.get(r.agency_id, "")))
    return [
        {
            "date": r.fire_on.isoformat(),
            "weekday": r.fire_on.strftime("%a"),
            "kind": r.kind.value,
            "plan": tasks[r.task_id].plan,
            "code": tasks[r.task_id].code,
            "agency": names.get(r.agency_id, "?"),
            "period": r.period,
            "offset": r.offset,
            "due": r.due.isoformat(),
        }
        for r in planned
    ]


@contextlib.asynccontextmanager
async def _sending(runtime: Runtime) -> AsyncIterator[Service]:
    """A service that sends through each channel whose token is set, without polling."""
    service = Service(runtime)
    async with contextlib.AsyncExitStack() as stack:
        if runtime.settings.telegram_bot_token:
            await stack.enter_async_context(service.telegram().application)  # getMe, without polling
        if runtime.settings.zalo_bot_token:
            zalo = service.zalo()
            await stack.enter_async_context(zalo.client)
            stack.push_async_callback(zalo.choices.settle)  # the numbers of what was just sent
        settle_memory()
        yield service


async def _waiting(runtime: Runtime, lines: list[str]) -> list[str]:
    async with runtime.sessions() as session:
        waiting = await outbox_counts(session)
    if waiting.get("pending"):
        settings = runtime.settings
        missing = [
            name
            for name, token in (
                ("TELEGRAM_BOT_TOKEN", settings.telegram_bot_token),
                ("ZALO_BOT_TOKEN", settings.zalo_bot_token),
            )
            if token is None
        ]
        why = f" (no {' nor '.join(missing)}: nothing can go there)." if missing else ""
        lines.append(f"{waiting['pending']} messages wait in the outbox{why}")
    return lines


def _sent_line(sent: SendReport) -> str:
    return f"Sent {sent.sent}, failed {sent.failed}, blocked {sent.blocked}, retrying {sent.retrying}."


async def send_due_once(runtime: Runtime) -> list[str]:
    """`agencybot reminders send-due`: one planning, queueing and sending pass, through
    each channel whose token is set (messages for other channels wait in the outbox)."""
    async with _sending(runtime) as service:
        queued, sent = await service.reminders.tick()
    lines = []
    if queued is not None:
        lines.append(
            f"Queued {queued.digests} digests ({queued.reminders} reminders); "
            f"{queued.skipped} skipped as too old, {queued.unreachable} with nobody to send to."
        )
    lines.append(_sent_line(sent))
    return await _waiting(runtime, lines)


async def send_outbox_once(runtime: Runtime) -> list[str]:
    """`agencybot outbox send`: send what waits in the outbox (broadcasts included) and stop;
    `agencybot run` does the same every minute."""
    async with _sending(runtime) as service:
        sent = await service.sender.send_pending()
    return await _waiting(runtime, [_sent_line(sent)])
