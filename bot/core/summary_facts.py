"""The three facts a coordinator acts on, at the top of /summary: the agencies with the most
overdue tasks, the blocked tasks with their reasons, the agencies that have not answered
reminders. Counts are PlanIndex's (the same as the details below them)."""

from __future__ import annotations

from base.markup import Html, esc
from bot.core.context import Context
from db.results import silent_agencies
from db.statuses import statuses
from domain.periods import period_at
from domain.tasks import Status

SHOWN = 3  # agencies named in a fact
SHOWN_BLOCKED = 5


async def facts(ctx: Context, plan: str | None = None) -> list[Html]:
    texts, index, book, today = ctx.texts, ctx.index, ctx.model.statuses, ctx.today
    none = texts("summary.fact.none")
    loads = index.by_agency(book, today, plan)
    worst = [f"{name} ({counts.overdue})" for name, counts in loads if counts.overdue][:SHOWN]
    keep = index.in_plan(plan) if plan else None
    periods = {
        task_id: period_at(task.timeframe, today).key
        for task_id, task in index.tasks.items()
        if keep is None or task_id in keep
    }
    blocked = [i for i, period in periods.items() if index.status_of(i, period, book, None) is Status.BLOCKED]
    blocked.sort(key=index.order_of)
    found = await statuses(ctx.session, {i: periods[i] for i in blocked[:SHOWN_BLOCKED]})
    described = []
    for task_id in blocked[:SHOWN_BLOCKED]:
        reasons = "; ".join(f"{e.agency}: {e.note}" for e in found.get(task_id, []) if e.status is Status.BLOCKED)
        code = index.tasks[task_id].code
        described.append(f"{code} ({reasons})" if reasons else code)
    if len(blocked) > SHOWN_BLOCKED:
        described.append(f"+{len(blocked) - SHOWN_BLOCKED}")
    silent = await silent_agencies(ctx.session, today)
    owners = {a for i in periods for a in index.owners_of(i)} if keep is not None else None
    quiet = sorted(
        ((index.agency_names.get(a, "?"), n) for a, n in silent.items() if owners is None or a in owners),
        key=lambda item: (-item[1], item[0]),
    )
    return [
        Html(f"<b>{texts('summary.facts')}</b>"),
        texts("summary.fact.overdue", agencies=", ".join(worst) or none),
        texts("summary.fact.blocked", count=len(blocked), tasks=esc(", ".join(described) or none)),
        texts(
            "summary.fact.silent",
            count=len(quiet),
            agencies=", ".join(f"{name} ({n})" for name, n in quiet[:SHOWN]) or none,
        ),
        Html(f"\n<b>{texts('summary.details')}</b>"),
    ]
