"""The summary: an agency's year at a glance, and for coordinators the whole plan by agency."""

from __future__ import annotations

from collections import Counter

from bot.core.context import Context
from bot.core.events import Reply
from bot.core.markup import Html, bold, join
from db.queries import workloads
from domain.timeframes import Kind

_AGENCY_LINES = 10


async def summary(ctx: Context, plan: str | None = None) -> Reply:
    """The year at a glance, of one plan when one is named."""
    texts, today, index, statuses = ctx.texts, ctx.today, ctx.index, ctx.model.statuses
    agencies = ctx.actor.scope
    scope = tuple(a.id for a in agencies) if agencies else None
    title: str | Html = ", ".join(a.name for a in agencies) if agencies else texts("scope.all")
    view = index.view(scope, today.year, today)
    keep = index.in_plan(plan) if plan else None

    def kept(ids: list[int]) -> list[int]:
        return ids if keep is None else [i for i in ids if i in keep]

    if plan:
        title = texts("scope.plan", scope=title, plan=plan)
    due = kept(view.due)
    counted = Counter(index.status(i, today, statuses, scope) for i in due)
    lines: list[Html] = [
        bold(texts("summary.title", year=today.year, scope=title)),
        texts(
            "summary.line",
            leads=len(kept(index.scope_tasks(scope, "lead") if scope else view.tasks)),
            due=sum(counted.values()),
            done=counted["done"],
            in_progress=counted["in_progress"],
            blocked=counted["blocked"],
            overdue=len(kept(index.overdue(scope, today, statuses))),
            ongoing=sum(1 for i in kept(view.tasks) if i in index.ongoing),
        ),
    ]
    if ctx.actor.is_staff and not agencies:
        lines.append(Html(f"\n{texts('summary.agencies')}"))
        plan_id = index.plan_ids.get(plan) if plan else None
        for load in await workloads(ctx.session, today.year, today, _AGENCY_LINES, plan_id):
            line = texts("summary.agency_line", agency=load.agency, due=load.due, done=load.done, overdue=load.overdue)
            lines.append(Html(f"• {line}"))
        kinds = Counter(task.timeframe.kind for task in index.tasks.values())
        if kinds[Kind.BLANK] or kinds[Kind.UNPARSED]:
            quality = texts("summary.quality", blank=kinds[Kind.BLANK], unparsed=kinds[Kind.UNPARSED])
            lines.append(Html(f"\n{quality}"))
    return Reply(join(lines))
