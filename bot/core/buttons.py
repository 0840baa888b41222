"""A pressed button: its text read back into an action (domain/actions.py), then the one
handler for that kind of action.

Only a text that is not an action of this version answers "this button has expired"; every
handler checks again what a command would check (a button proves nothing about who pressed
it), and a fault in a handler is reported as a fault, not hidden as an old button.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from base.events import Outcome, Reply
from bot.core import broadcast_answers as broadcasts
from bot.core import data_fixes, export_answers, plan_uploads, progress_answers, report_answers
from bot.core import people_answers as who
from bot.core import reminder_answers as reminders
from bot.core.context import Context
from bot.core.funding_answers import funding
from bot.core.lists import ListSpec, answer_list, answer_search
from bot.core.summary import summary
from bot.core.task_answers import change_status, show_task_by_id
from db.queries import agency_name
from domain import actions as act
from domain.actions import ActionError, decode
from domain.people import AgencyRef
from domain.tasks import Status

log = logging.getLogger(__name__)


def expired(ctx: Context) -> Outcome:
    note = ctx.texts("expired_button")
    return Outcome([Reply(note, toast=note, only_toast=True)])


async def press(ctx: Context, payload: str) -> Outcome:
    try:
        action = decode(payload)
        # A handler raises ActionError too for a well-formed field no current value has
        # (a list kind since removed); any other error is a fault and goes up.
        return await _HANDLERS[type(action)](ctx, action)
    except ActionError as error:
        log.info("a button that is not one of ours, or expired: %s", error)
        return expired(ctx)


async def _page(ctx: Context, a: act.ListPage) -> Outcome:
    spec, page = ListSpec.from_action(a)
    return Outcome([await answer_list(ctx, spec, page, replace=True)])


async def _agency_list(ctx: Context, a: act.ListOfAgency) -> Outcome:
    spec, _page = ListSpec.from_action(a.page())
    return Outcome([await answer_list(ctx, spec)])


async def _search_page(ctx: Context, a: act.SearchPage) -> Outcome:
    return Outcome([await answer_search(ctx, a.words, max(a.page, 1), replace=True, plan=a.plan_id)])


async def _task(ctx: Context, a: act.OpenTask) -> Outcome:
    return Outcome([await show_task_by_id(ctx, a.task_id)])


async def _status(ctx: Context, a: act.SetStatus | act.DigestStatus) -> Outcome:
    task = ctx.index.tasks.get(a.task_id)
    if task is None:
        return expired(ctx)
    keep_message = isinstance(a, act.DigestStatus)  # the digest stays, with a note
    return Outcome(
        [await change_status(ctx, task, a.status, period=a.period, from_button=True, keep_message=keep_message)]
    )


async def _agency(ctx: Context, agency_id: int) -> AgencyRef | None:
    name = await agency_name(ctx.session, agency_id)
    return AgencyRef(agency_id, name) if name else None


async def _summary(ctx: Context, _a: act.ShowSummary) -> Outcome:
    return Outcome([await summary(ctx)])


async def _agency_view(ctx: Context, a: act.AgencyView) -> Outcome:
    """The agency chosen for the summary, the charts or a file ("export-csv")."""
    agency = await _agency(ctx, a.agency_id)
    if agency is None:
        return expired(ctx)
    plan = ctx.index.plan_names.get(a.plan_id) if a.plan_id else None
    if a.view == "summary" or a.view.startswith("summary-"):  # "summary-2025": that year's
        year = a.view.removeprefix("summary").strip("-")
        return Outcome([await summary(ctx, plan, agency, int(year) if year.isdigit() else None)])
    if a.view == "progress":
        return Outcome([await progress_answers.show_progress(ctx, plan, agency)])
    if a.view == "funding":
        return Outcome([funding(ctx, plan, agency)])
    if a.view.startswith("report-"):  # "report-2025": that year's report of the agency chosen
        return Outcome([await report_answers.report(ctx, a.view.removeprefix("report-"), (agency,))])
    kind, _dash, rest = a.view.partition("-")  # "export-csv", "export--overdue"
    argument, _dash, status = rest.partition("-")
    if kind != "export" or status not in ("", "overdue", *Status):
        return expired(ctx)
    return Outcome(await export_answers.export(ctx, f"{plan or ''} {argument}".strip(), agency, status or None))


async def _link(ctx: Context, a: act.RequestLink) -> Outcome:
    agency = await _agency(ctx, a.agency_id)
    return await who.request_link(ctx, agency) if agency else expired(ctx)


async def _decide(ctx: Context, a: act.DecideLink) -> Outcome:
    return await who.decide(ctx, a.request_id, a.approve)


async def _unlink(ctx: Context, a: act.Unlink) -> Outcome:
    return Outcome([await who.unlink_agency(ctx, a.agency_id)])


async def _invite(ctx: Context, a: act.Invite) -> Outcome:
    agency = await _agency(ctx, a.agency_id)
    return Outcome([await who.invite_agency(ctx, agency)]) if agency else expired(ctx)


async def _whois(ctx: Context, a: act.WhoIs) -> Outcome:
    agency = await _agency(ctx, a.agency_id)
    return Outcome([await who.whois_agency(ctx, agency)]) if agency else expired(ctx)


async def _snooze(ctx: Context, a: act.Snooze) -> Outcome:
    return await reminders.snooze(ctx, a.reminder_id)


async def _audience(ctx: Context, a: act.BroadcastAudience) -> Outcome:
    return Outcome([await broadcasts.choose_audience(ctx, a.kind)])


async def _pick(ctx: Context, a: act.BroadcastPick) -> Outcome:
    return Outcome([await broadcasts.pick(ctx, a.agency_id)])


async def _send(ctx: Context, _a: act.BroadcastSend) -> Outcome:
    return await broadcasts.send(ctx)


async def _cancel_broadcast(ctx: Context, _a: act.BroadcastCancel) -> Outcome:
    return Outcome([await broadcasts.cancel(ctx, replace=True)])


async def _acknowledge(ctx: Context, a: act.Acknowledge) -> Outcome:
    return await broadcasts.acknowledge(ctx, a.broadcast_id)


async def _resend(ctx: Context, a: act.Resend) -> Outcome:
    if a.hours not in broadcasts.RESEND_AFTER_HOURS:  # only the delays the buttons offer
        return expired(ctx)
    return await broadcasts.resend(ctx, a.broadcast_id, a.hours)


async def _export(ctx: Context, a: act.ExportBroadcast) -> Outcome:
    return Outcome([await broadcasts.export(ctx, a.broadcast_id)])


async def _upload(ctx: Context, a: act.DecideUpload) -> Outcome:
    choice = a.choice
    return await plan_uploads.decide(
        ctx, a.upload_id, choice is not act.UploadChoice.CANCEL, force=choice is act.UploadChoice.FORCE
    )


async def _merge(ctx: Context, a: act.MergeAgencies) -> Outcome:
    return Outcome([await data_fixes.merge_pressed(ctx, a.source_id, a.target_id)])


async def _cancel_fix(ctx: Context, _a: act.CancelFix) -> Outcome:
    return Outcome([Reply(ctx.texts("fix.cancelled"), replace=True)])


_HANDLERS: dict[type[act.Action], Callable[[Context, Any], Awaitable[Outcome]]] = {
    act.ListPage: _page,
    act.ListOfAgency: _agency_list,
    act.SearchPage: _search_page,
    act.OpenTask: _task,
    act.SetStatus: _status,
    act.DigestStatus: _status,
    act.ShowSummary: _summary,
    act.AgencyView: _agency_view,
    act.RequestLink: _link,
    act.DecideLink: _decide,
    act.Unlink: _unlink,
    act.Invite: _invite,
    act.WhoIs: _whois,
    act.Snooze: _snooze,
    act.BroadcastAudience: _audience,
    act.BroadcastPick: _pick,
    act.BroadcastSend: _send,
    act.BroadcastCancel: _cancel_broadcast,
    act.Acknowledge: _acknowledge,
    act.Resend: _resend,
    act.ExportBroadcast: _export,
    act.DecideUpload: _upload,
    act.MergeAgencies: _merge,
    act.CancelFix: _cancel_fix,
}
