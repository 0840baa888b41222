"""The summary: an agency's year at a glance, and for coordinators the whole plan by agency."""

from __future__ import annotations

from collections import Counter

from bot.core.context import Context
from bot.core.events import Reply
from bot.core.markup import Html, bold, join
from db.queries import TaskFilter, count_tasks, timeframes, workloads
from db.statuses import statuses
from domain.periods import period_at
from domain.tasks import combined_status
from domain.timeframes import Kind

_AGENCY_LINES = 10


async def summary(ctx: Context) -> Reply:
    texts, today, session = ctx.texts, ctx.today, ctx.session
    scope = ctx.actor.scope
    agency_ids = tuple(a.id for a in scope) if scope else None
    title = ", ".join(a.name for a in scope) if scope else texts("scope.all")
    due_filter = TaskFilter(agency_ids=agency_ids, due_year=today.year)
    due = await timeframes(session, due_filter)
    found = await statuses(session, {task_id: period_at(tf, today).key for task_id, tf in due}, agency_ids)
    counted = Counter(combined_status(s.status for s in found.get(task_id, [])) for task_id, _ in due)
    lines: list[Html] = [
        bold(texts("summary.title", year=today.year, scope=title)),
        texts(
            "summary.line",
            leads=await count_tasks(session, TaskFilter(agency_ids=agency_ids, role="lead")),
            due=len(due),
            done=counted["done"],
            in_progress=counted["in_progress"],
            blocked=counted["blocked"],
            overdue=await count_tasks(session, TaskFilter(agency_ids=agency_ids, overdue_on=today)),
            ongoing=await count_tasks(session, TaskFilter(agency_ids=agency_ids, kinds=(Kind.ONGOING.value,))),
        ),
    ]
    if ctx.actor.is_staff and not scope:
        lines.append(Html(f"\n{texts('summary.agencies')}"))
        for load in await workloads(session, today.year, today, _AGENCY_LINES):
            line = texts("summary.agency_line", agency=load.agency, due=load.due, done=load.done, overdue=load.overdue)
            lines.append(Html(f"• {line}"))
        blank = await count_tasks(session, TaskFilter(kinds=(Kind.BLANK.value,)))
        unparsed = await count_tasks(session, TaskFilter(kinds=(Kind.UNPARSED.value,)))
        if blank or unparsed:
            lines.append(Html(f"\n{texts('summary.quality', blank=blank, unparsed=unparsed)}"))
    return Reply(join(lines))
