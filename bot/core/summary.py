"""The summary: an agency's year at a glance, and for coordinators the whole plan by agency.

Every number comes from PlanIndex.counts, the one definition the lists and exports share.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from base.events import Reply
from base.markup import Html, bold, join
from bot.core.context import Context
from bot.core.intents import Summary
from bot.core.lists import agency_asked, with_succession
from bot.core.summary_facts import facts
from domain.people import AgencyRef
from domain.plan_index import Counts
from domain.timeframes import Kind

_AGENCY_LINES = 10


async def summary_asked(ctx: Context, intent: Summary) -> Reply:
    """ "tình hình chung của Sở Y tế", "tóm tắt sở mình": the summary of the agency named."""
    view = f"summary-{intent.year}" if intent.year else "summary"
    agency = await agency_asked(ctx, intent.agency, intent.mine, view, intent.plan)
    if isinstance(agency, Reply):
        return agency
    return with_succession(ctx, intent.agency, await summary(ctx, intent.plan, agency, intent.year, intent.everyone))


def day_of(today: date, year: int | None) -> date:
    """The day a year is counted at: today for this year, the last day of a past one, the
    first of one to come."""
    if year is None or year == today.year:
        return today
    return date(year, 12, 31) if year < today.year else date(year, 1, 1)


async def summary(
    ctx: Context,
    plan: str | None = None,
    agency: AgencyRef | None = None,
    year: int | None = None,
    everyone: bool = False,
) -> Reply:
    """The year at a glance (this year, or the one asked for), of one plan when one is
    named, of one agency when one is (else the asker's, or for coordinators the whole plan
    by agency)."""
    texts, index, statuses = ctx.texts, ctx.index, ctx.model.statuses
    today = day_of(ctx.today, year)
    agencies = (agency,) if agency else () if everyone else ctx.actor.scope  # everyone: "toàn tỉnh"
    scope = tuple(a.id for a in agencies) if agencies else None
    title: str | Html = ", ".join(a.name for a in agencies) if agencies else texts("scope.all")
    if plan:
        title = texts("scope.plan", scope=title, plan=plan)
    counts = index.counts(scope, today, statuses, plan)
    lines: list[Html] = [bold(texts("summary.title", year=today.year, scope=title))]
    if ctx.actor.is_staff and not agencies and today == ctx.today:  # first what to act on, then the details
        lines += await facts(ctx, plan)
    lines.append(_line(ctx, counts))
    if ctx.actor.is_staff and not agencies:
        lines.append(Html(f"\n{texts('summary.agencies')}"))
        for name, load in index.by_agency(statuses, today, plan)[:_AGENCY_LINES]:
            line = texts(
                "summary.agency_line", agency=name, leads=load.leads, due=load.due, done=load.done, overdue=load.overdue
            )
            lines.append(Html(f"• {line}"))
        kinds = Counter(task.timeframe.kind for task in index.tasks.values())
        if kinds[Kind.BLANK] or kinds[Kind.UNPARSED]:
            quality = texts("summary.quality", blank=kinds[Kind.BLANK], unparsed=kinds[Kind.UNPARSED])
            lines.append(Html(f"\n{quality}"))
    return Reply(join(lines))


def _line(ctx: Context, counts: Counts) -> Html:
    return ctx.texts(
        "summary.line",
        leads=counts.leads,
        due=counts.due,
        done=counts.done,
        in_progress=counts.in_progress,
        blocked=counts.blocked,
        overdue=counts.overdue,
        ongoing=counts.ongoing,
        coordinating=counts.coordinating,
    )
