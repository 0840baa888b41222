"""/plans: the plans side by side, and which of them the asker's agencies have tasks in."""

from __future__ import annotations

from collections import Counter

from base.events import Attachment, Reply
from base.markup import Html, bold, join
from bot.core.context import Context
from bot.export.data import agency_counts, load_plan, task_rows
from bot.export.sheet import to_xlsx


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


async def export_plan(ctx: Context, plan: str | None) -> Reply:
    """/export, "xuất excel": the plan the asker follows (or names) as an .xlsx file, the
    same workbook as `agencybot export` writes."""
    texts, index = ctx.texts, ctx.index
    followed = [p for p in index.plans if p in ctx.followed_plans]
    chosen = plan or (followed[0] if followed else None)
    if chosen is None:
        return Reply(texts("export.none"))
    data = await load_plan(ctx.session, chosen, ctx.settings.alias_table[1], ctx.settings.policy.report_due)
    rows = await task_rows(ctx.session, data, ctx.today)
    content = to_xlsx(texts, data.plan, rows, await agency_counts(ctx.session, data, ctx.today))
    name = f"{data.plan}-{ctx.today:%Y%m%d}.xlsx"
    return Reply(texts("export.caption", plan=data.plan), document=Attachment(name, content=content))
