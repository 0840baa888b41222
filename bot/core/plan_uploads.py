"""A coordinator sends a plan file: checked as a dry run, reported, then Import or Cancel.

The dry run is the real import inside a savepoint that is rolled back, so the report (and
the changes an edited version brings) is exactly what Import would do. The file waits in
the database (db/uploads.py); the buttons carry only its id, and every press checks again
who pressed it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from base.events import Button, IncomingFile, Outcome, Reply
from base.markup import Html, bold, esc, join
from bot.core.context import Context
from db import uploads
from db.states import EXPIRES
from domain.actions import DecideUpload, UploadChoice
from domain.people import Role
from domain.plan_table import ParsedPlan, ProblemKind
from seed.formats import file_type, read_table
from seed.formats import refusal as type_refusal
from seed.import_guard import Risk
from seed.importer import ImportRefused, ImportReport, PlanFile, import_in, short_name_for
from seed.plan_identity import version_of
from seed.plan_reader import read_plan
from seed.table import PlanFormatError, RawRow

log = logging.getLogger(__name__)
_SHORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
_LISTED = 25  # codes shown in one line of the report; the rest are counted


def _refused(ctx: Context, name: str, reason: Html) -> Outcome:
    return Outcome([Reply(ctx.texts("upload.refused", name=name, reason=reason))])


def _reason(ctx: Context, error: PlanFormatError, name: str) -> Html:
    kind = error.kind if f"upload.reason.{error.kind}" in ctx.texts else "text"
    return ctx.texts(f"upload.reason.{kind}", type=file_type(name) or name, detail=error.message)


def _codes(ctx: Context, codes: list[str]) -> str:
    shown = ", ".join(codes[:_LISTED])
    return shown + (f" {ctx.texts('upload.more', count=len(codes) - _LISTED)}" if len(codes) > _LISTED else "")


def _which_plan(ctx: Context, caption: str, file_name: str, parsed: ParsedPlan) -> tuple[str, str | None]:
    """The plan's short name and title: from the caption (`KH-CDS Kế hoạch ...`), else the
    plan this file is a version of (most tasks the same), else from the file name."""
    words = caption.split(maxsplit=1)
    known = {plan.upper(): plan for plan in ctx.plans}
    if words and (words[0].upper() in known or (_SHORT_NAME.fullmatch(words[0]) and _looks_like_code(words[0]))):
        title = words[1].strip() if len(words) > 1 else None
        return known.get(words[0].upper(), words[0].upper()), title
    if plan := version_of(parsed, ((t.plan, t.code, t.content) for t in ctx.index.tasks.values())):
        return plan, None
    return short_name_for(Path(file_name)), caption.strip() or Path(file_name).stem


def _looks_like_code(word: str) -> bool:
    return word.isupper() or any(c.isdigit() for c in word)


async def _dry_run(ctx: Context, plan_file: PlanFile, rows: list[RawRow]) -> ImportReport:
    async with ctx.session.begin_nested() as savepoint:
        report = await import_in(
            ctx.session, plan_file, alias_table=ctx.settings.alias_table, now=ctx.now, dry_run=True, rows=rows
        )
        await savepoint.rollback()
    return report


async def receive(ctx: Context, document: IncomingFile) -> Outcome:
    """A file sent outside any flow. Refused, with the reason, unless a coordinator sent a
    plan table within the size limit; then checked and reported."""
    texts, name = ctx.texts, document.name
    if not ctx.actor.is_staff:
        return Outcome([Reply(texts("upload.denied", name=name))])
    if type_refusal(name) is not None:
        if file_type(name) in (".doc", ".odt", ".ods"):
            return _refused(ctx, name, texts("upload.reason.old_format", type=file_type(name)))
        return Outcome([Reply(texts("file.unexpected", name=name))])
    limit = ctx.settings.upload_limit
    too_big = texts("upload.too_big", size=f"{(document.size or 0) / 2**20:.1f}", limit=f"{limit / 2**20:g}")
    if document.size is not None and document.size > limit:
        return _refused(ctx, name, too_big)
    if document.fetch is None:
        return _refused(ctx, name, texts("upload.fetch_failed"))
    try:
        content = await document.fetch()
    except Exception:  # the channel's download failed (network, file gone): the user can resend
        log.warning("could not download %s", name, exc_info=True)
        return _refused(ctx, name, texts("upload.fetch_failed"))
    if len(content) > limit:
        return _refused(
            ctx, name, texts("upload.too_big", size=f"{len(content) / 2**20:.1f}", limit=f"{limit / 2**20:g}")
        )
    caption = (ctx.event.text or "").strip()
    try:
        rows = read_table(content, name, strict=True)
        # Read once without the database to see which plan this is a version of.
        short_name, title = _which_plan(ctx, caption, name, read_plan(rows, ctx.directory, name))
        plan_file = PlanFile(Path(name), short_name, title, content=content, strict=True)
        report = await _dry_run(ctx, plan_file, rows)
    except PlanFormatError as error:
        return _refused(ctx, name, _reason(ctx, error, name))
    # Each new upload clears the ones left waiting too long, so unanswered files never pile up.
    await uploads.drop_expired(ctx.session, ctx.now - EXPIRES, ctx.now)
    upload_id = await uploads.create(
        ctx.session,
        chat_id=ctx.actor.chat_id,
        account_id=ctx.actor.account_id,
        file_name=name,
        content=content,
        short_name=short_name,
        title=title,
        now=ctx.now,
    )
    return Outcome([_report(ctx, name, report, upload_id, title)])


def _report(ctx: Context, name: str, report: ImportReport, upload_id: int, title: str | None) -> Reply:
    cancel = Button.of(ctx.texts("upload.cancel"), DecideUpload(UploadChoice.CANCEL, upload_id))
    texts, parsed, outcome = ctx.texts, report.parsed, report.outcome
    plan = report.plan
    heading = "upload.report.new" if outcome.created else "upload.report.update"
    lines: list[Html] = [
        bold(texts("upload.report.title", name=name)),
        texts(heading, plan=plan, title=title or ctx.index.plan_titles.get(plan, plan)),
        texts("upload.report.counts", tasks=len(parsed.tasks), sections=len(parsed.sections)),
        texts("upload.report.agencies", known=report.known_agencies, new=len(report.new_agencies)),
    ]
    if report.new_agencies:
        lines.append(texts("upload.report.new_agencies", names="; ".join(report.new_agencies)))
    unparsed = [p for p in parsed.problems if p.kind is ProblemKind.UNPARSED_TIMEFRAME]
    blank = [p.code or "?" for p in parsed.problems if p.kind is ProblemKind.BLANK_TIMEFRAME]
    if unparsed:
        items = [f"{p.code} “{p.detail}”" for p in unparsed]
        lines.append(texts("upload.report.unparsed", count=len(unparsed), items=_codes(ctx, items)))
    if blank:
        lines.append(texts("upload.report.blank", count=len(blank), codes=_codes(ctx, blank)))
    shown = {ProblemKind.UNPARSED_TIMEFRAME, ProblemKind.BLANK_TIMEFRAME, ProblemKind.UNKNOWN_AGENCY}
    if other := [p for p in parsed.problems if p.kind not in shown]:
        lines.append(texts("upload.report.other", count=len(other)))
    buttons = ((Button.of(texts("upload.import"), DecideUpload(UploadChoice.IMPORT, upload_id)), cancel),)
    if report.risks:  # what the file would lose: importing it takes a second, explicit choice
        lines.append(bold(texts("upload.risks")))
        lines.extend(_risk(ctx, risk) for risk in report.risks)
        buttons = ((Button.of(texts("upload.force"), DecideUpload(UploadChoice.FORCE, upload_id)), cancel),)
    if not outcome.created:
        if not outcome.changed:
            lines.append(texts("upload.report.same"))
            return Reply(join(lines), ((cancel,),))
        lines.append(
            texts(
                "upload.report.changes",
                added=len(outcome.added),
                updated=len(outcome.updated),
                removed=len(outcome.removed),
                unchanged=outcome.unchanged,
            )
        )
        for key, codes in (("added", outcome.added), ("updated", outcome.updated), ("removed", outcome.removed)):
            if codes:
                lines.append(texts(f"upload.report.{key}", codes=_codes(ctx, codes)))
    lines.append(Html(f"\n{texts('upload.report.ask')}"))
    return Reply(join(lines), buttons)


def _risk(ctx: Context, risk: Risk) -> Html:
    codes = f": {_codes(ctx, list(risk.codes))}" if risk.codes else ""
    text = ctx.texts(f"upload.risk.{risk.kind.value}", count=risk.count, total=risk.total, header=risk.detail)
    return Html(f"⛔ {text}{esc(codes)}")


async def decide(ctx: Context, upload_id: int, confirmed: bool, force: bool = False) -> Outcome:
    """Import or Cancel pressed: by a coordinator, on their own upload, still pending.
    ``force``: "import anyway", offered when the dry run found what the file would lose."""
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return Outcome([Reply(texts("denied", role=texts(f"role.{Role.COORDINATOR.value}")))])
    upload = await uploads.get(ctx.session, upload_id)
    if (
        upload is None
        or upload.status != uploads.PENDING
        or upload.account_id != ctx.actor.account_id
        or ctx.now - upload.created_at > EXPIRES
    ):
        return Outcome([Reply(texts("upload.expired"), replace=True)])
    if not confirmed:
        await uploads.decide(ctx.session, upload_id, uploads.CANCELLED, ctx.now)
        return Outcome([Reply(texts("upload.cancelled", name=upload.file_name), replace=True)])
    plan_file = PlanFile(Path(upload.file_name), upload.short_name, upload.title, content=upload.content, strict=True)
    try:
        async with ctx.session.begin_nested():
            report = await import_in(
                ctx.session,
                plan_file,
                alias_table=ctx.settings.alias_table,
                now=ctx.now,
                imported_by=ctx.actor.account_id,
                force=force,
            )
    except PlanFormatError as error:  # the alias table changed in between, say: nothing was saved
        return _refused(ctx, upload.file_name, _reason(ctx, error, upload.file_name))
    except ImportRefused as refused:  # the plan changed in between and the file now would damage it
        reasons = join([_risk(ctx, risk) for risk in refused.report.risks])
        return Outcome([Reply(Html(f"{ctx.texts('upload.refused_risks', name=upload.file_name)}\n{reasons}"))])
    await uploads.decide(ctx.session, upload_id, uploads.IMPORTED, ctx.now)
    outcome = report.outcome
    done = texts(
        "upload.done",
        plan=report.plan,
        tasks=len(report.parsed.tasks),
        added=len(outcome.added),
        updated=len(outcome.updated),
        removed=len(outcome.removed),
    )
    return Outcome([Reply(done, replace=True)])
