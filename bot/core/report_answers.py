"""/report [year] (coordinators): the year's Word report; /result: a lead agency's result of the year.

The report reads what the lists and the export read: the plan index, the statuses of each
task's period with the notes focal points wrote, and the yearly results (db/results.py).
"""

from __future__ import annotations

import asyncio
import re
from datetime import date

from base.events import Attachment, Reply
from base.markup import to_plain
from bot.core import intents
from bot.core.context import Context
from bot.export.files import slug
from bot.reports.docx_report import LateLine, ReportData, TaskLine, render_report
from db import results as yearly
from db.statuses import StatusEntry, statuses
from domain import progress as prog
from domain.people import AgencyRef
from domain.periods import period_at
from domain.plan_index import PlanIndex
from domain.tasks import Status
from domain.text import fold

SHOWN_UNREPORTED = 4  # leads without a status named one by one; more are counted


def _words(ctx: Context):
    return lambda key, **values: to_plain(ctx.texts(key, **values))


def _status_label(ctx: Context, status: Status) -> str:
    return to_plain(ctx.texts(f"status.{status.value}")).split(" ", 1)[-1]


async def build(ctx: Context, plan: str, year: int, agencies: tuple[AgencyRef, ...] = ()) -> ReportData:
    """Everything the report says about one plan and year: of the whole plan, or of the
    tasks ``agencies`` lead (their report, under their name)."""
    index: PlanIndex = ctx.index
    day = min(ctx.today, date(year, 12, 31))
    book = ctx.model.statuses
    scope = tuple(a.id for a in agencies) or None
    ids = [i for i in index.scope_tasks(scope) if i in index.in_plan(plan)]
    periods = {i: period_at(index.tasks[i].timeframe, day).key for i in ids}
    found = await statuses(ctx.session, periods)
    results = await yearly.of_year(ctx.session, year, ids)
    buckets = prog.buckets(index, scope, day, book, plan)
    words = _words(ctx)
    sections: dict[tuple[str | None, str | None], list[TaskLine]] = {}
    late = []
    for task_id in ids:
        task = index.tasks[task_id]
        entries: dict[int, StatusEntry] = {e.agency_id: e for e in found.get(task_id, [])}
        leads = sorted(index.leads_of(task_id), key=lambda a: index.agency_names.get(a, ""))
        said = [
            f"{index.agency_names.get(a, '?')}: {_status_label(ctx, entries[a].status)}" for a in leads if a in entries
        ]
        silent = [index.agency_names.get(a, "?") for a in leads if a not in entries]
        if silent:
            unreported = words("report.no_status")
            if len(silent) <= SHOWN_UNREPORTED:
                said += [f"{name}: {unreported}" for name in silent]
            else:
                said.append(words("report.silent_count", count=len(silent)))
        notes = [f"{e.agency}: {e.note}" for e in found.get(task_id, []) if e.note]
        notes += [
            words("report.result", year=year, agency=index.agency_names.get(a, "?"), text=text)
            for a, text in sorted(results.get(task_id, {}).items())
        ]
        section = (task.section, task.section_title)
        sections.setdefault(section, []).append(
            TaskLine(
                task.number or task.code,
                task.content,
                ", ".join(task.leads),
                task.timeframe.raw,
                tuple(said),
                tuple(notes),
            )
        )
        bucket = buckets.get(task_id)
        if bucket in ("overdue", "blocked"):
            reasons = tuple(
                f"{e.agency}: {e.note}" for e in found.get(task_id, []) if e.note and e.status is Status.BLOCKED
            )
            status = to_plain(ctx.texts(f"progress.bucket.{bucket}"))
            late.append(
                LateLine(
                    task.code,
                    task.content,
                    ", ".join(task.leads),
                    status,
                    reasons or (words("report.no_reason"),) if bucket == "blocked" else reasons,
                )
            )
    office = ", ".join(a.name for a in agencies or ctx.actor.agencies) or words("report.office_default")
    return ReportData(
        plan=plan,
        plan_title=index.plan_titles.get(plan, plan),
        year=year,
        today=day,
        office=office,
        tasks=len(ids),
        progress=prog.Progress(**{b: list(buckets.values()).count(b) for b in prog.BUCKETS}),
        sections=[
            (words("report.part", numeral=numeral, title=title) if numeral else (title or "—"), lines)
            for (numeral, title), lines in sections.items()
        ],
        late=late,
        results=sum(len(by_agency) for by_agency in results.values()),
    )


async def report(ctx: Context, argument: str, agencies: tuple[AgencyRef, ...] = ()) -> Reply:
    """Coordinators only, checked here on the server: a button or a typed command proves nothing.
    The whole plan's, or that of the tasks ``agencies`` lead."""
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return Reply(texts("denied", role=texts("role.coordinator")))
    plan, rest = intents.split_plan(argument, ctx.plans)
    year_match = re.fullmatch(r"\s*(?:năm|nam|year)?\s*((?:19|20|21)\d\d)?\s*", rest, re.IGNORECASE)
    if year_match is None or not ctx.plans:
        return Reply(texts("report.usage"))
    year = int(year_match[1]) if year_match[1] else ctx.today.year
    plan = plan or sorted(ctx.plans)[0]
    data = await build(ctx, plan, year, agencies)
    content = await asyncio.to_thread(render_report, data, _words(ctx))
    whose = f"-{slug(data.office)[:40]}" if agencies else ""
    name = f"bao-cao-{slug(plan)}-{year}{whose}.docx"
    scope = f"{plan} · {data.office}" if agencies else plan
    caption = texts(
        "report.caption", year=year, plan=scope, tasks=data.tasks, late=len(data.late), results=data.results
    )
    if ctx.event.channel not in ("telegram", "terminal"):
        export_hint = texts("export.chat.no_files", format="docx", scope=plan, plan=plan)
        return Reply(caption + "\n" + export_hint)
    return Reply(caption, document=Attachment(name, content))


async def result(ctx: Context, argument: str) -> Reply:
    """`/result III.9 text`: the asker's agency's one-line result of the task for this year."""
    texts = ctx.texts
    found = intents.find_code(fold(argument))
    text = argument[found.end :].strip(" :-–,") if found else ""
    if found is None or not text:
        return Reply(texts("result.usage"))
    candidates = ctx.index.by_code(found.code, found.plan)
    followed = [t for t in candidates if t.plan in ctx.followed_plans]
    task = (followed or candidates or [None])[0]
    if task is None:
        return Reply(texts("task.not_found", code=found.code))
    mine = [a for a in ctx.actor.scope if a.id in ctx.index.owners_of(task.id) or a.id in ctx.index.leads_of(task.id)]
    if not mine:
        return Reply(texts("result.not_lead", code=task.code))
    year = ctx.today.year
    for agency in mine:
        await yearly.set_result(ctx.session, task.id, agency.id, year, text[:1000], ctx.actor.account_id, ctx.now)
    return Reply(texts("result.saved", year=year, agency=", ".join(a.name for a in mine), code=task.code, text=text))
