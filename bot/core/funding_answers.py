"""What the plan says of funding: per source, how many of the agency's tasks (or the plan's)
name it. Plans write a source for each task (state budget, private contributions...), never
an amount: the answer says so, and where a task's own source is shown (its card)."""

from __future__ import annotations

from collections import Counter

from base.events import Reply
from base.markup import Html, bold, join, to_plain
from bot.core.context import Context
from bot.core.intents import Funding
from bot.core.lists import agency_asked, with_succession
from domain.funding import Source
from domain.people import AgencyRef

_SOURCES = {source.value for source in Source}


async def funding_asked(ctx: Context, intent: Funding) -> Reply:
    """ "kinh phí của Sở Y tế", "nguồn vốn bên mình", "which tasks use the state budget"."""
    agency = await agency_asked(ctx, intent.agency, intent.mine, "funding", intent.plan)
    if isinstance(agency, Reply):
        return agency
    return with_succession(ctx, intent.agency, funding(ctx, intent.plan, agency))


def funding(ctx: Context, plan: str | None = None, agency: AgencyRef | None = None) -> Reply:
    """The sources of the tasks the agency leads (else the asker's, else the whole plan's)."""
    texts, index = ctx.texts, ctx.index
    agencies = (agency,) if agency else ctx.actor.scope
    scope = tuple(a.id for a in agencies) if agencies else None
    title: str | Html = ", ".join(a.name for a in agencies) if agencies else texts("scope.all")
    ids = index.scope_tasks(scope)
    if plan:
        title = texts("scope.plan", scope=title, plan=plan)
        keep = index.in_plan(plan)
        ids = [i for i in ids if i in keep]
    sources: Counter[str] = Counter()
    blank = 0
    for task_id in ids:
        task = index.tasks[task_id]
        sources.update(dict.fromkeys(task.funding_sources, 1))
        blank += not task.funding_sources
    lines: list[Html] = [bold(texts("funding.title", scope=title, tasks=len(ids)))]
    for source, tasks in sources.most_common():
        name = to_plain(texts(f"funding.{source}")) if source in _SOURCES else source
        lines.append(Html(f"• {texts('funding.line', source=name, tasks=tasks)}"))
    if blank:
        lines.append(Html(f"• {texts('funding.blank', tasks=blank)}"))
    lines.append(Html(f"\n{texts('funding.note')}"))
    return Reply(join(lines))
