"""Before the plan's report day: ask each lead agency for its year's results ("Kết quả thực hiện năm 2026").

Once per chat, agency, plan and year (the outbox's dedupe key), on working days when the
chat has no digest (one message a day), from the last report reminder (the smallest of
`report_days_before`, 7 days by default) until the report day. An agency that has recorded a
result for every task it owes is not asked. The words are the chat core's
(DigestWriter.notice); the answer is `/result III.9 ...` (bot/core/report_answers.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Agency, OutboxMessage
from db.outbox import enqueue
from db.reminders import policy_overrides, recipients
from db.results import Owed, owed
from domain.reminders import Policy
from scheduler.digests import DigestSettings, _hour_reached

KIND = "result_ask"
LISTED = 15  # tasks named in one question; the rest are counted


async def ask_results(session: AsyncSession, settings: DigestSettings, policy: Policy, now: datetime) -> int:
    """Queue the questions due today; how many were queued."""
    local = now.astimezone(settings.zone)
    today = local.date()
    if not settings.calendar.is_working_day(today):
        return 0
    by_plan, _by_task = await policy_overrides(session)
    ahead = timedelta(days=min(policy.report_days_before, default=7))
    waiting: dict[tuple[int, int], list[Owed]] = defaultdict(list)
    due_days = {}
    for item in await owed(session, today.year):
        if item.plan_id not in due_days:
            due_days[item.plan_id] = policy.with_settings(by_plan.get(item.plan_id, {})).report_due.in_year(today.year)
        if due_days[item.plan_id] - ahead <= today <= due_days[item.plan_id]:
            waiting[(item.agency_id, item.plan_id)].append(item)
    if not waiting:
        return 0
    agencies = {agency for agency, _plan in waiting}
    names = dict((await session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(agencies)))).all())
    chats = await recipients(session, agencies)
    # One message a day per chat: a chat that has a digest today (its own, or one copied to it
    # from the person's other channel) is asked on the next working day.
    ids = [chat.chat_id for found in chats.values() for chat in found]
    day_start = datetime.combine(today, time(), settings.zone).astimezone(UTC)
    digested = set(
        await session.scalars(
            select(OutboxMessage.chat_id).where(
                OutboxMessage.chat_id.in_(ids), OutboxMessage.kind == "digest", OutboxMessage.created_at >= day_start
            )
        )
    )
    queued = 0
    for (agency_id, plan_id), items in waiting.items():
        lines = [f"• {item.code}: {_short(item.content)}" for item in items[:LISTED]]
        if len(items) > LISTED:
            lines.append(f"… (+{len(items) - LISTED})")
        for chat in chats.get(agency_id, []):
            if chat.chat_id in digested or not _hour_reached(chat, local, settings.hour):
                continue
            if chat.quiet_until and chat.quiet_until > now:
                continue
            text = settings.writer.notice(
                chat.language or "vi",
                "result.ask",
                year=today.year,
                agency=names.get(agency_id, ""),
                count=len(items),
                plan=items[0].plan,
                due=due_days[plan_id].strftime("%d/%m/%Y"),
                tasks="\n".join(lines),
            )
            key = f"result-ask:{chat.chat_id}:{agency_id}:{plan_id}:{today.year}"
            if await enqueue(session, chat.chat_id, KIND, text, [], now, dedupe_key=key) is not None:
                queued += 1
    return queued


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
