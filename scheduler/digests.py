"""Queueing the day's reminders: one digest per chat per day, into the outbox."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from base.events import Reply
from db.models import Agency
from db.outbox import enqueue
from db.queries import TaskFilter, count_tasks, find_tasks, plan_names
from db.reminders import (
    DueReminder,
    Recipient,
    State,
    age_out,
    delivered_pairs,
    due_reminders,
    recipients,
    record_deliveries,
    staff_recipients,
)
from domain.calendar import OfficeCalendar
from domain.digest import DigestItem, fits_in_digest
from domain.reminders import ReminderKind
from domain.timeframes import Kind
from scheduler.locks import exclusive

QUALITY_MONTHS = (1, 4, 7, 10)  # the data-quality digest opens each quarter


class DigestWriter(Protocol):
    """The words of what the scheduler queues. The chat core writes them (its catalogue,
    in each chat's language); the scheduler only decides who gets what and when."""

    def digest(
        self, language: str, items: Sequence[DigestItem], today: date, several_plans: bool, snooze_days: int
    ) -> Reply: ...

    def notice(self, language: str, key: str, **values: object) -> str: ...


@dataclass(frozen=True)
class DigestSettings:
    zone: ZoneInfo
    calendar: OfficeCalendar
    writer: DigestWriter
    catch_up_days: int = 3  # working days: see catch_up_since

    def catch_up_since(self, today: date) -> date:
        """The first day whose missed reminders still go out: ``catch_up_days`` working days
        back. Counted in working days because reminders only go out on working days: a
        reminder missed on a Thursday, with the service back on Saturday, goes out on Monday."""
        return self.calendar.working_days_before(today, self.catch_up_days)

    hour: time = time(8, 0)
    snooze_days: int = 7


@dataclass
class QueueReport:
    digests: int = 0
    reminders: int = 0  # reminder deliveries put in digests
    skipped: int = 0
    unreachable: int = 0
    waiting: list[int] = field(default_factory=list)  # chats whose hour has not come, or that are quiet
    results_asked: int = 0  # "Kết quả thực hiện năm ..." questions queued (scheduler/results.py)


def buttons_of(reply: Reply) -> list[list[tuple[str, str]]]:
    return [[(b.label, b.action) for b in row] for row in reply.buttons]


async def _names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    return dict((await session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(list(ids))))).all())


def _hour_reached(chat: Recipient, local: datetime, default: time) -> bool:
    return local.time() >= (chat.remind_at or default)


async def queue_due(session: AsyncSession, settings: DigestSettings, now: datetime) -> QueueReport | None:
    """Put every due reminder in the digest of each chat that should get it, once. None
    when another process is doing it right now."""
    if not await exclusive(session, "queue-reminders"):
        return None
    local = now.astimezone(settings.zone)
    today = local.date()
    since = settings.catch_up_since(today)
    report = QueueReport()
    staff = await staff_recipients(session)
    await _report_aged(session, await age_out(session, since, now), staff, settings, local, report)
    if not settings.calendar.is_working_day(today):
        return report  # reminders wait for the next working day, within the catch-up window

    due = await due_reminders(session, since, today)
    following = await recipients(session, {r.agency_id for r in due})
    delivered = await delivered_pairs(session, [r.id for r in due])
    per_chat: dict[int, list[tuple[DueReminder, bool]]] = defaultdict(list)
    chats: dict[int, Recipient] = {}
    for reminder in due:
        own = following.get(reminder.agency_id, [])
        for chat in own:
            chats[chat.chat_id] = chat
            if (reminder.id, chat.chat_id) not in delivered:
                per_chat[chat.chat_id].append((reminder, True))
        if reminder.kind is ReminderKind.OVERDUE:  # escalation: the coordinators hear of it too
            owners = {chat.chat_id for chat in own}
            for chat in staff:
                if chat.chat_id not in owners and (reminder.id, chat.chat_id) not in delivered:
                    chats[chat.chat_id] = chat
                    per_chat[chat.chat_id].append((reminder, False))

    tasks = {t.id: t for t in await find_tasks(session, TaskFilter(ids=tuple({r.task_id for r in due})))}
    names = await _names(session, {r.agency_id for r in due})
    several_plans = len(await plan_names(session)) > 1
    for chat_id, entries in per_chat.items():
        chat = chats[chat_id]
        if chat.quiet_until is not None and chat.quiet_until > now:
            # Muted: these reminders are dropped for this chat, not kept for later.
            await record_deliveries(session, None, chat_id, [r.id for r, _ in entries], now)
            continue
        if not _hour_reached(chat, local, settings.hour):
            report.waiting.append(chat_id)
            continue
        items = [
            DigestItem(r.id, tasks[r.task_id], names.get(r.agency_id, "?"), r.kind, r.period, r.due, own)
            for r, own in entries
            if r.task_id in tasks
        ]
        shown, _later = fits_in_digest(items)  # the rest stay due: the next digest has them
        reply = settings.writer.digest(chat.language or "vi", items, today, several_plans, settings.snooze_days)
        outbox_id = await enqueue(
            session,
            chat_id,
            "digest",
            reply.text,
            buttons_of(reply),
            now,
            dedupe_key=f"digest:{chat_id}:{today.isoformat()}",
        )
        if outbox_id is None:
            continue  # this chat had its digest today already: these go in tomorrow's
        await record_deliveries(session, outbox_id, chat_id, [item.reminder_id for item in shown], now)
        report.digests += 1
        report.reminders += len(shown)
    await _quality_digest(session, staff, settings, local, now)
    return report


async def _report_aged(
    session: AsyncSession,
    aged: dict[str, list[int]],
    staff: list[Recipient],
    settings: DigestSettings,
    local: datetime,
    report: QueueReport,
) -> None:
    """Tell the coordinators what could not be sent: too late after downtime, or to nobody."""
    report.skipped = len(aged.get(State.SKIPPED, []))
    report.unreachable = len(aged.get(State.UNREACHABLE, []))
    if not (report.skipped or report.unreachable):
        return
    names = await _names(session, set(aged.get(State.SKIPPED, [])) | set(aged.get(State.UNREACHABLE, [])))
    for chat in staff:
        language = chat.language or "vi"
        lines = []
        if report.skipped:
            agencies = ", ".join(sorted({names[a] for a in aged[State.SKIPPED]}))
            lines.append(
                settings.writer.notice(
                    language, "aged.notice", count=report.skipped, days=settings.catch_up_days, agencies=agencies
                )
            )
        if report.unreachable:
            agencies = ", ".join(sorted({names[a] for a in aged[State.UNREACHABLE]}))
            lines.append(
                settings.writer.notice(language, "unreachable.notice", count=report.unreachable, agencies=agencies)
            )
        await enqueue(session, chat.chat_id, "notice", "\n\n".join(lines), [], local)


async def _quality_digest(
    session: AsyncSession, staff: list[Recipient], settings: DigestSettings, local: datetime, now: datetime
) -> None:
    """Once a quarter, the coordinators get the tasks that cannot be reminded of."""
    today = local.date()
    if today.month not in QUALITY_MONTHS:
        return
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    where = TaskFilter(kinds=(Kind.BLANK.value, Kind.UNPARSED.value))
    if not await count_tasks(session, where):
        return
    codes = [f"{t.plan} {t.code}" for t in await find_tasks(session, where, limit=60)]
    total = await count_tasks(session, where)
    for chat in staff:
        if not _hour_reached(chat, local, settings.hour):
            continue
        text = settings.writer.notice(
            chat.language or "vi",
            "quality.digest",
            count=total,
            codes=", ".join(codes) + ("…" if total > len(codes) else ""),
        )
        await enqueue(session, chat.chat_id, "notice", text, [], now, dedupe_key=f"quality:{chat.chat_id}:{quarter}")
