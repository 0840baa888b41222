"""/plans: the plans side by side, and which of them the asker's agencies have tasks in."""

from __future__ import annotations

from collections import Counter

from base.events import Reply
from base.markup import Html, bold, join
from bot.core.context import Context


def list_plans(ctx: Context) -> Reply:
    texts, index = ctx.texts, ctx.index
    if not index.plans:
        return Reply(texts("plans.none"))
    counts = Counter(task.plan for task in index.tasks.values())
    scope = tuple(a.id for a in ctx.actor.scope)
    mine = index.plans_of(scope) if scope else frozenset()
    lines: list[Html] = [bold(texts("plans.title"))]
    for plan in index.plans:
        line = texts("plans.line", plan=plan, title=index.plan_titles.get(plan, plan), tasks=counts[plan])
        lines.append(Html(f"• {line}{texts('plans.yours') if plan in mine else ''}"))
    if len(index.plans) > 1:
        lines.append(Html(f"\n{texts('plans.hint', plan=index.plans[0])}"))
    return Reply(join(lines))
