"""/progress: the year's progress as a chart on Telegram, as a compact table elsewhere.

Coordinators (and anyone not linked to an agency) see the plan: per lead agency (the top
ones, the rest added up in one bar) and per section. A focal point sees its agency against
the plan's average agency, and its own tasks per section. The numbers are domain/progress.py's,
the same as /summary's and the export's.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from base.events import Attachment, Reply
from base.markup import Html, esc, join, to_plain
from bot.core import export_answers, intents, report_answers
from bot.core.context import Context
from bot.core.lists import agency_asked, with_succession
from bot.export.files import slug
from bot.reports.charts import ChartWords, progress_png
from domain import progress as prog
from domain.agencies import Found
from domain.people import AgencyRef
from domain.progress import BUCKETS, Progress, Row

TOP_AGENCIES = 15  # bars on a chart of the whole plan; the rest is one "others" bar
TEXT_AGENCIES = 10  # lines in the text table
PICTURES = ("telegram", "terminal")  # channels that can show (or save) a picture


@dataclass(frozen=True)
class ProgressFacts:
    """What the chart and the table show."""

    title: str
    total: Progress
    agencies: list[Row]  # every agency (whole plan), or the agency and the average (focal point)
    sections: list[Row]
    focal: bool
    average: tuple[float, ...] = ()
    compared: bool = False  # two agencies side by side: ``agencies`` holds both, no average


def facts(
    ctx: Context,
    plan: str | None = None,
    agency: AgencyRef | None = None,
    versus: AgencyRef | None = None,
    everyone: bool = False,
) -> ProgressFacts:
    """The plan's progress, or an agency's against the average: the one named, else the asker's;
    or, ``versus`` another named, the two side by side."""
    index, statuses, today, texts = ctx.index, ctx.model.statuses, ctx.today, ctx.texts
    if agency is not None and versus is not None and versus.id != agency.id:
        rows = [Row(a.name, prog.progress(index, (a.id,), today, statuses, plan)) for a in (agency, versus)]
        scope = to_plain(texts("progress.compared", agency=agency.name, other=versus.name))
        if plan:
            scope = to_plain(texts("scope.plan", scope=scope, plan=plan))
        title = to_plain(texts("progress.title", year=today.year, scope=scope))
        total = rows[0].progress + rows[1].progress
        return ProgressFacts(title, total, rows, [], focal=True, compared=True)
    agencies = (agency,) if agency else () if everyone else ctx.actor.scope  # everyone: "toàn tỉnh"
    scope = tuple(a.id for a in agencies) if agencies else None
    name = ", ".join(a.name for a in agencies) if agencies else to_plain(texts("scope.all"))
    if plan:
        name = to_plain(texts("scope.plan", scope=name, plan=plan))
    title = to_plain(texts("progress.title", year=today.year, scope=name))
    total = prog.progress(index, scope, today, statuses, plan)
    sections = prog.by_section(index, statuses, today, plan, scope)
    everyone = prog.by_agency(index, statuses, today, plan)
    if scope is None:
        return ProgressFacts(title, total, everyone, sections, focal=False)
    own = Row(", ".join(a.name for a in agencies), total)
    return ProgressFacts(title, total, [own], sections, focal=True, average=prog.average_shares(everyone))


def chart_words(ctx: Context, title: str) -> ChartWords:
    texts = ctx.texts
    return ChartWords(
        title=title,
        agencies=to_plain(texts("progress.agencies")),
        sections=to_plain(texts("progress.sections")),
        buckets={bucket: to_plain(texts(f"progress.bucket.{bucket}")) for bucket in BUCKETS},
        tasks=to_plain(texts("progress.tasks")),
        percent=to_plain(texts("progress.percent")),
    )


def render(ctx: Context, found: ProgressFacts) -> bytes:
    """The PNG: whole plan (agencies in numbers, sections) or a focal point's (shares against the average)."""
    words = chart_words(ctx, found.title)
    if found.compared:
        first, second = found.agencies
        heading = to_plain(ctx.texts("progress.compared", agency=first.label, other=second.label))
        return progress_png(words, [(heading, found.agencies, True), (words.tasks, found.agencies, False)])
    if found.focal:
        own = found.agencies[0]
        average = _average_row(to_plain(ctx.texts("progress.average")), found.average)
        heading = to_plain(ctx.texts("progress.versus", agency=own.label))
        return progress_png(words, [(heading, [own, average], True), (words.sections, found.sections, False)])
    others = to_plain(ctx.texts("progress.others", count=max(len(found.agencies) - TOP_AGENCIES + 1, 0)))
    agencies = prog.top(found.agencies, TOP_AGENCIES, others)
    return progress_png(words, [(words.agencies, agencies, False), (words.sections, found.sections, False)])


def _average_row(label: str, shares: tuple[float, ...]) -> Row:
    """The average agency as a row of 1,000 parts, drawn in shares like the agency's own."""
    return Row(label, Progress(*(round(share * 10) for share in shares)))


def _line(ctx: Context, label: str, progress: Progress) -> Html:
    return ctx.texts("progress.line", label=label, **dict(zip(BUCKETS, progress.values(), strict=True)))


def table(ctx: Context, found: ProgressFacts) -> Html:
    """The same facts as text, a line per row, for channels without pictures."""
    texts = ctx.texts
    lines: list[Html] = [Html(f"<b>{esc(found.title)}</b>"), texts("progress.legend")]
    if found.compared:  # each agency's numbers, then its shares: no sum of two agencies' tasks
        lines += [_line(ctx, row.label, row.progress) for row in found.agencies]
        lines.append(Html(""))
        lines += [_shares(row.label, row.progress.shares()) for row in found.agencies]
        return join(lines)
    lines.append(_line(ctx, "Σ", found.total))
    if found.focal:
        lines.append(Html(f"\n<b>{texts('progress.versus', agency=found.agencies[0].label)}</b>"))
        for label, shares in (
            (found.agencies[0].label, found.agencies[0].progress.shares()),
            (to_plain(texts("progress.average")), found.average),
        ):
            lines.append(_shares(label, shares))
    else:
        lines.append(Html(f"\n<b>{texts('progress.agencies')}</b>"))
        lines += [_line(ctx, row.label, row.progress) for row in found.agencies[:TEXT_AGENCIES]]
        rest = found.agencies[TEXT_AGENCIES:]
        if rest:
            total = sum((row.progress for row in rest), Progress())
            values = dict(zip(BUCKETS, total.values(), strict=True))
            lines.append(texts("progress.more", count=len(rest), **values))
    lines.append(Html(f"\n<b>{texts('progress.sections')}</b>"))
    lines += [_line(ctx, row.label, row.progress) for row in found.sections]
    return join(lines)


_MARKS = ("✅", "🔄", "⛔", "⬜", "⚠️")


def _shares(label: str, shares: tuple[float, ...]) -> Html:
    parts = " ".join(f"{mark}{share:.0f}%" for mark, share in zip(_MARKS, shares, strict=True))
    return Html(f"{esc(label)}: {parts}")


async def show_progress(
    ctx: Context,
    plan: str | None = None,
    agency: AgencyRef | None = None,
    versus: AgencyRef | None = None,
    everyone: bool = False,
) -> Reply:
    found = facts(ctx, plan, agency, versus, everyone)
    if not found.total.total:
        return Reply(ctx.texts("progress.empty", year=ctx.today.year))
    channel = ctx.event.channel
    if channel not in PICTURES:
        return Reply(table(ctx, found))
    png = await asyncio.to_thread(render, ctx, found)
    picture = Attachment(f"tien-do-{ctx.today.year}-{slug(found.title)[:40]}.png", png, photo=True)
    if channel == "telegram" and not found.compared:  # two agencies: their lines, short enough for a caption
        values = dict(zip(BUCKETS, found.total.values(), strict=True))
        caption = ctx.texts("progress.caption", title=found.title, total=found.total.total, **values)
        return Reply(caption, document=picture)
    return Reply(table(ctx, found), document=picture)  # the terminal saves the picture and says where


async def answer(ctx: Context, intent: intents.Intent) -> list[Reply]:
    """The answers of issue 16's commands, kept out of the conversation's own module."""
    match intent:
        case intents.Progress(plan=plan, agency=name, mine=mine, versus=other, everyone=everyone):
            agency = await agency_asked(ctx, name, mine, "progress", plan)
            if isinstance(agency, Reply):
                return [agency]
            versus = _other(ctx, other) if agency and other else None
            reply = with_succession(ctx, name, await show_progress(ctx, plan, agency, versus, everyone))
            return [with_succession(ctx, other, reply) if versus else reply]
        case intents.Export(argument=argument, plan=plan, agency=name, mine=mine, status=status):
            view = f"export-{argument}-{status}" if status else f"export-{argument}"
            agency = await agency_asked(ctx, name, mine, view, plan)
            if isinstance(agency, Reply):
                return [agency]
            return await export_answers.export(ctx, f"{plan or ''} {argument}".strip(), agency, status)
        case intents.Report(argument=argument, agency=name, mine=mine):
            agency = await agency_asked(ctx, name, mine, f"report-{argument}", None)
            if isinstance(agency, Reply):
                return [agency]
            # "cho sở mình": the asker's own agencies (a coordinator linked to none: the plan)
            agencies = (agency,) if agency else ctx.actor.scope if mine else ()
            return [with_succession(ctx, name, await report_answers.report(ctx, argument, tuple(agencies)))]
        case intents.Result(argument=argument):
            return [await report_answers.result(ctx, argument)]
    raise AssertionError(intent)


def _other(ctx: Context, name: str) -> AgencyRef | None:
    """The second agency of a comparison, when its name fits one agency with tasks: else the
    first is shown against the average, as when one is named (no second question asked)."""
    match = ctx.directory.resolve(name, current=True)
    if isinstance(match, Found) and (agency_id := ctx.index.agency_ids.get(match.name)) is not None:
        return AgencyRef(agency_id, match.name)
    return None
