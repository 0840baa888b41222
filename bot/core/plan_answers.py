"""/plans: the plans side by side, and which of them the asker's agencies have tasks in;
/agencies: the agencies the plans name."""

from __future__ import annotations

from collections import Counter

from base.events import Reply
from base.markup import Html, bold, join
from bot.core.context import Context
from domain.tasks import TaskRole
from domain.text import fold


def list_plans(ctx: Context, year: int | None = None, number: str | None = None) -> Reply:
    """The plans followed; with ``year`` ("is the 2026 plan in the system?"), first whether
    one is of that year (its name or title says it), and those first; the same with a
    document's ``number`` ("kế hoạch 123/KH-UBND")."""
    texts, index = ctx.texts, ctx.index
    if not index.plans:
        return Reply(texts("plans.none"))
    counts = Counter(task.plan for task in index.tasks.values())
    scope = tuple(a.id for a in ctx.actor.scope)
    mine = index.plans_of(scope) if scope else frozenset()
    plans = list(index.plans)
    lines: list[Html] = []
    if year is not None:
        of_year = [p for p in plans if str(year) in f"{p} {index.plan_titles.get(p, '')}"]
        lines.append(
            texts("plans.year", year=year, count=len(of_year)) if of_year else texts("plans.year_none", year=year)
        )
        plans = of_year + [p for p in plans if p not in of_year]
    if number is not None:
        said = fold(number).replace(" ", "")
        numbered = [p for p in plans if said in fold(f"{p} {index.plan_titles.get(p, '')}").replace(" ", "")]
        lines.append(
            texts("plans.number", number=number, count=len(numbered))
            if numbered
            else texts("plans.number_none", number=number)
        )
        plans = numbered + [p for p in plans if p not in numbered]
    lines.append(bold(texts("plans.title")))
    for plan in plans:
        line = texts("plans.line", plan=plan, title=index.plan_titles.get(plan, plan), tasks=counts[plan])
        lines.append(Html(f"• {line}{texts('plans.yours') if plan in mine else ''}"))
    if len(index.plans) > 1:
        lines.append(Html(f"\n{texts('plans.hint', plan=index.plans[0])}"))
    return Reply(join(lines))


def list_agencies(ctx: Context) -> Reply:
    """/agencies, "danh sách cơ quan": the agencies with tasks in the plans, the most tasks
    first, each with the tasks it leads and those it coordinates. A body that no longer
    exists is left out: its tasks are its successor's."""
    texts, index = ctx.texts, ctx.index
    rows = []
    for agency_id, name in index.agency_names.items():
        if ctx.directory.succession(name) is not None:
            continue
        lead = len(index.scope_tasks((agency_id,), TaskRole.LEAD))
        helping = len(index.scope_tasks((agency_id,), TaskRole.COORDINATOR))
        if lead or helping:
            rows.append((-lead, -helping, name, lead, helping))
    if not rows:
        return Reply(texts("agencies.none"))
    rows.sort()
    lines: list[Html] = [bold(texts("agencies.title", count=len(rows)))]
    for _, _, name, lead, helping in rows[:_AGENCIES_SHOWN]:
        lines.append(Html(f"• {texts('agencies.line', agency=name, lead=lead, coordinating=helping)}"))
    if len(rows) > _AGENCIES_SHOWN:
        lines.append(texts("agencies.more", count=len(rows) - _AGENCIES_SHOWN))
    lines.append(Html(f"\n{texts('agencies.hint')}"))
    return Reply(join(lines))


_AGENCIES_SHOWN = 60
