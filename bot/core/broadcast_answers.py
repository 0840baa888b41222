"""Coordinators' broadcasts: the guided flow, receipts, re-sends and the Excel export.

The flow (audience, then the text or a file, then a preview to confirm) keeps its place in
the database (db/states.py), so any process can take the next step. Only coordinators and
administrators get past the first step, and every step checks that again.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from base.events import Attachment, Button, Outcome, Reply
from base.markup import QUOTE_LIMIT, Html, bold, esc, join, quote
from bot.core.context import Context
from bot.core.intents import find_code
from bot.core.lists import ask_which, candidates
from bot.core.views import stamp
from db import broadcasts, states
from domain.actions import BroadcastAudience, BroadcastCancel, BroadcastPick, BroadcastSend, ExportBroadcast, Resend
from domain.agencies import Ambiguous, Found
from domain.people import AgencyRef, Role
from domain.text import fold

FLOW = "broadcast"
RESEND_AFTER_HOURS = (1, 24)


def _denied(ctx: Context) -> Reply:
    return Reply(ctx.texts("denied", role=ctx.texts(f"role.{Role.COORDINATOR.value}")))


def _cancel_button(ctx: Context) -> tuple[Button, ...]:
    return (Button.of(ctx.texts("bc.cancel"), BroadcastCancel()),)


async def _save(ctx: Context, step: str, data: dict[str, Any]) -> None:
    await states.put(ctx.session, ctx.actor.chat_id, ctx.actor.account_id, states.State(FLOW, step, data), ctx.now)


SHOWN_LATE = 8  # agencies named when a broadcast goes to those with overdue tasks


async def start(ctx: Context, status: str | None = None) -> Reply:
    """The audience to choose; for ``status`` "overdue", the agencies with overdue tasks
    today, chosen already (the same agencies the summary counts as late)."""
    if not ctx.actor.is_staff:
        return _denied(ctx)
    texts = ctx.texts
    note = None
    if status == "overdue":
        index = ctx.index
        late = [(name, counts.overdue) for name, counts in index.by_agency(ctx.model.statuses, ctx.today)]
        found = [(index.agency_ids[name], name, n) for name, n in late if n and name in index.agency_ids]
        if found:
            shown = ", ".join(f"{name} ({n})" for _id, name, n in found[:SHOWN_LATE])
            more = f" +{len(found) - SHOWN_LATE}" if len(found) > SHOWN_LATE else ""
            asked = await _ask_text(ctx, {"kind": "agencies", "agency_ids": [i for i, _n, _c in found]})
            intro = texts("bc.overdue", count=len(found), agencies=shown + more)
            return Reply(join([intro, asked.text]), asked.buttons)
        note = texts("bc.overdue.none")
    await _save(ctx, "audience", {})
    choices = (
        ("all", "bc.audience.all"),
        ("section", "bc.audience.section"),
        ("task", "bc.audience.task"),
        ("agencies", "bc.audience.agencies"),
        ("coordinators", "bc.audience.coordinators"),
    )
    buttons = tuple((Button.of(texts(label), BroadcastAudience(kind)),) for kind, label in choices)
    question = texts("bc.audience")
    return Reply(join([note, question]) if note else question, (*buttons, _cancel_button(ctx)))


async def choose_audience(ctx: Context, kind: str) -> Reply:
    if not ctx.actor.is_staff:
        return _denied(ctx)
    if await states.get(ctx.session, ctx.actor.chat_id, ctx.actor.account_id, ctx.now) is None:
        return Reply(ctx.texts("bc.expired"), replace=True)
    if kind in ("all", "coordinators"):
        await _save(ctx, "text", {"audience": {"kind": kind}})
        return Reply(ctx.texts("bc.ask.text"), (_cancel_button(ctx),), replace=True)
    if kind not in ("section", "task", "agencies"):
        return Reply(ctx.texts("expired_button"), replace=True)
    await _save(ctx, kind, {})
    return Reply(ctx.texts(f"bc.ask.{kind}"), (_cancel_button(ctx),), replace=True)


async def cancel(ctx: Context, replace: bool = False) -> Reply:
    state = await states.get(ctx.session, ctx.actor.chat_id, ctx.actor.account_id, ctx.now)
    await states.clear(ctx.session, ctx.actor.chat_id, ctx.actor.account_id)
    return Reply(ctx.texts("bc.cancelled" if state else "cancel.none"), replace=replace)


async def continue_flow(ctx: Context, state: states.State) -> Outcome:
    """A message in the middle of the flow: the section, task, agencies or the text."""
    if not ctx.actor.is_staff:
        await states.clear(ctx.session, ctx.actor.chat_id, ctx.actor.account_id)
        return Outcome([_denied(ctx)])
    text = (ctx.event.text or "").strip()
    if state.step == "section":
        return Outcome([await _section(ctx, text)])
    if state.step == "task":
        return Outcome([await _task(ctx, text)])
    if state.step == "agencies":
        return Outcome([await _agencies(ctx, text)])
    if state.step == "text":
        return Outcome([await _preview(ctx, state, text)])
    # "audience" or "confirm": a message instead of a button: show the step again
    if state.step == "confirm":
        return Outcome([await _preview(ctx, state, None)])
    return Outcome([await start(ctx)])


async def _ask_text(ctx: Context, audience: dict[str, Any], replace: bool = False) -> Reply:
    await _save(ctx, "text", {"audience": audience})
    return Reply(ctx.texts("bc.ask.text"), (_cancel_button(ctx),), replace=replace)


async def _section(ctx: Context, text: str) -> Reply:
    words = text.split()
    plan = words[0].upper() if len(words) > 1 and words[0].upper() in ctx.plans else None
    numeral = (words[-1] if words else "").upper().strip(".")
    plans = [plan] if plan else ctx.plans
    sections = {t.section for t in ctx.index.tasks.values() if t.plan in plans and t.section}
    if numeral not in sections or (
        len(ctx.plans) > 1
        and plan is None
        and len({t.plan for t in ctx.index.tasks.values() if t.section == numeral}) > 1
    ):
        return Reply(
            ctx.texts("bc.unknown_section", section=quote(text), sections=", ".join(sorted(sections))),
            (_cancel_button(ctx),),
        )
    plan = plan or next(t.plan for t in ctx.index.tasks.values() if t.section == numeral)
    return await _ask_text(ctx, {"kind": "section", "plan": plan, "section": numeral})


async def _task(ctx: Context, text: str) -> Reply:
    found = find_code(fold(text))
    tasks = ctx.index.by_code(found.code, found.plan if found and found.plan in ctx.plans else None) if found else []
    if len(tasks) != 1:
        return Reply(ctx.texts("task.not_found", code=quote(text)), (_cancel_button(ctx),))
    task = tasks[0]
    code = f"{task.plan} {task.code}" if ctx.several_plans else task.code
    return await _ask_text(ctx, {"kind": "task", "task_id": task.id, "code": code})


async def _agencies(ctx: Context, text: str) -> Reply:
    """The agencies named one by one, resolved as /agency does: a name that fits several
    is asked about with buttons, one name at a time (``pick``)."""
    names = [n.strip() for n in re.split(r"[;\n]", text) if n.strip()]
    found: list[int] = []
    ask: list[list[Any]] = []  # [name, [[agency id, agency name], ...]]
    missing: list[str] = []
    for name in names:
        match = ctx.directory.resolve(name)
        agency_id = ctx.index.agency_ids.get(match.name) if isinstance(match, Found) else None
        choices = candidates(ctx, match) if isinstance(match, Ambiguous) else []
        if agency_id is not None:
            found.append(agency_id)
        elif choices:
            ask.append([name, [[agency.id, agency.name] for agency in choices]])
        else:
            missing.append(name)
    if missing or not names:
        return Reply(
            ctx.texts("bc.unknown_agencies", names=quote("; ".join(missing) or text, 3 * QUOTE_LIMIT)),
            (_cancel_button(ctx),),
        )
    return await _chosen(ctx, found, ask)


async def _chosen(ctx: Context, found: list[int], ask: list[list[Any]], replace: bool = False) -> Reply:
    """The next name to ask about, or, when none is left, the text of the broadcast."""
    if not ask:
        return await _ask_text(ctx, {"kind": "agencies", "agency_ids": list(dict.fromkeys(found))}, replace)
    await _save(ctx, "agencies", {"found": found, "ask": ask})
    name, choices = ask[0]
    refs = [AgencyRef(agency_id, agency) for agency_id, agency in choices]
    return ask_which(ctx, name, refs, BroadcastPick, _cancel_button(ctx), replace=replace)


async def pick(ctx: Context, agency_id: int) -> Reply:
    """A button under "which agency": checked against the choices this draft offered."""
    if not ctx.actor.is_staff:
        return _denied(ctx)
    state = await states.get(ctx.session, ctx.actor.chat_id, ctx.actor.account_id, ctx.now)
    ask = state.data.get("ask") if state is not None and state.flow == FLOW and state.step == "agencies" else None
    if not ask:
        return Reply(ctx.texts("bc.expired"), replace=True)
    if agency_id not in {choice[0] for choice in ask[0][1]}:
        return Reply(ctx.texts("expired_button"), replace=True)
    return await _chosen(ctx, [*state.data["found"], agency_id], ask[1:], replace=True)


def audience_name(ctx: Context, audience: dict[str, Any]) -> Html:
    kind = audience.get("kind", "all")
    return ctx.texts(
        f"bc.audience.name.{kind}",
        section=audience.get("section", ""),
        code=audience.get("code", ""),
        count=len(audience.get("agency_ids", [])),
    )


async def _preview(ctx: Context, state: states.State, text: str | None) -> Reply:
    data = dict(state.data)
    if text is not None or ctx.event.document is not None:
        data["text"] = esc(text or "")  # the coordinator's text, shown as written
        data["document"] = (
            {"file_id": ctx.event.document.file_id, "name": ctx.event.document.name} if ctx.event.document else None
        )
    if not data.get("text") and not data.get("document"):
        return Reply(ctx.texts("bc.ask.text"), (_cancel_button(ctx),))
    found = await broadcasts.targets(ctx.session, data["audience"])
    if not found:
        return Reply(ctx.texts("bc.nobody"), (_cancel_button(ctx),))
    await _save(ctx, "confirm", data)
    agencies = len({t.agency_id for t in found if t.agency_id is not None})
    reach = ctx.texts("bc.reach", chats=len(found), agencies=agencies, audience=audience_name(ctx, data["audience"]))
    document = data.get("document")
    body = Html(data["text"]) if data["text"] else Html(f"📎 {esc(document['name'])}")
    buttons = (
        (Button.of(ctx.texts("bc.send"), BroadcastSend()), Button.of(ctx.texts("bc.cancel"), BroadcastCancel())),
    )
    return Reply(join([bold(ctx.texts("bc.preview")), body, Html(""), reach]), buttons)


async def send(ctx: Context) -> Outcome:
    """The coordinator confirmed: store the broadcast and queue one message per chat."""
    if not ctx.actor.is_staff:
        return Outcome([_denied(ctx)])
    state = await states.get(ctx.session, ctx.actor.chat_id, ctx.actor.account_id, ctx.now)
    if state is None or state.flow != FLOW or state.step != "confirm":
        return Outcome([Reply(ctx.texts("bc.expired"), replace=True)])
    data = state.data
    broadcast_id, chats = await broadcasts.create(
        ctx.session, ctx.actor.account_id, data["audience"], data["text"], data.get("document"), ctx.now
    )
    await states.clear(ctx.session, ctx.actor.chat_id, ctx.actor.account_id)
    return Outcome([Reply(ctx.texts("bc.queued", id=broadcast_id, chats=chats), replace=True)], queued=True)


async def acknowledge(ctx: Context, broadcast_id: int) -> Outcome:
    done = await broadcasts.acknowledge(ctx.session, broadcast_id, ctx.actor.chat_id, ctx.actor.account_id, ctx.now)
    text = ctx.texts("expired_button") if done is None else ctx.texts("bc.ack" if done else "bc.ack_again")
    return Outcome([Reply(text, toast=text, only_toast=True)])


async def acknowledge_latest(ctx: Context) -> Reply:
    """ "em đã nhận được thông báo rồi ạ": the last broadcast to this chat received, as by its
    button; said where none came, that there is none to confirm."""
    broadcast_id = await broadcasts.latest_to(ctx.session, ctx.actor.chat_id)
    if broadcast_id is None:
        return Reply(ctx.texts("bc.ack_none"))
    done = await broadcasts.acknowledge(ctx.session, broadcast_id, ctx.actor.chat_id, ctx.actor.account_id, ctx.now)
    return Reply(ctx.texts("bc.ack" if done else "bc.ack_again"))


async def list_recent(ctx: Context) -> Reply:
    if not ctx.actor.is_staff:
        return _denied(ctx)
    found = await broadcasts.recent(ctx.session)
    if not found:
        return Reply(ctx.texts("bc.list.none"))
    lines: list[Html] = [bold(ctx.texts("bc.list.title"))]
    for item in found:
        totals = item.totals
        lines.append(
            ctx.texts(
                "bc.list.line",
                id=item.id,
                when=stamp(item.created_at, ctx.settings.zone),
                audience=audience_name(ctx, item.audience),
                chats=totals.chats,
                delivered=totals.delivered,
                acknowledged=totals.acknowledged,
            )
        )
    return Reply(join(lines))


def _broadcast_id(argument: str) -> int | None:
    match = re.fullmatch(r"#?(\d{1,9})", argument.strip())
    return int(match[1]) if match else None


async def status(ctx: Context, argument: str, replace: bool = False) -> Reply:
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx)
    broadcast_id = _broadcast_id(argument)
    if broadcast_id is None:
        return Reply(texts("bc.status.usage"))
    found = await broadcasts.summary(ctx.session, broadcast_id, texts("bc.coordinators"))
    if found is None:
        return Reply(texts("bc.status.none", id=broadcast_id))
    totals = found.totals
    lines: list[Html] = [
        bold(
            texts(
                "bc.status.title",
                id=found.id,
                when=stamp(found.created_at, ctx.settings.zone),
                audience=audience_name(ctx, found.audience),
            )
        ),
        texts(
            "bc.status.totals",
            chats=totals.chats,
            delivered=totals.delivered,
            acknowledged=totals.acknowledged,
            blocked=totals.blocked,
            failed=totals.failed,
            pending=totals.pending,
        ),
        Html(""),
    ]
    for row in found.agencies[:40]:
        extra = (
            texts("bc.status.extra", blocked=row.blocked, failed=row.failed, pending=row.pending)
            if (row.blocked or row.failed or row.pending)
            else Html("")
        )
        line = texts(
            "bc.status.line",
            agency=row.agency,
            chats=row.chats,
            delivered=row.delivered,
            acknowledged=row.acknowledged,
            extra=extra,
        )
        lines.append(Html(f"• {line}"))
    buttons = tuple((Button.of(texts("bc.resend", hours=h), Resend(found.id, h)),) for h in RESEND_AFTER_HOURS)
    return Reply(join(lines), (*buttons, (Button.of(texts("bc.export"), ExportBroadcast(found.id)),)), replace=replace)


async def resend(ctx: Context, broadcast_id: int, hours: int) -> Outcome:
    if not ctx.actor.is_staff:
        return Outcome([_denied(ctx)])
    count = await broadcasts.resend(ctx.session, broadcast_id, timedelta(hours=hours), ctx.now)
    if not count:
        return Outcome([Reply(ctx.texts("bc.resent.none", hours=hours))])
    return Outcome([Reply(ctx.texts("bc.resent", id=broadcast_id, count=count))], queued=True)


async def export(ctx: Context, broadcast_id: int) -> Reply:
    """The receipts as an Excel file, for the reports offices file."""
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx)
    rows = await broadcasts.receipts(ctx.session, broadcast_id)
    book = Workbook()
    sheet = book.active
    sheet.title = f"#{broadcast_id}"
    headers = ["agency", "chat", "channel", "state", "sent_at", "acknowledged_at", "acknowledged_by", "resent"]
    sheet.append([str(texts(f"xlsx.{h}")) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    zone = ctx.settings.zone

    def local(moment: datetime | None) -> datetime | None:  # Excel wants naive local times
        return moment.astimezone(zone).replace(tzinfo=None) if moment else None

    for row in rows:
        sheet.append(
            [
                row.agency,
                row.chat,
                row.channel,
                str(texts(f"xlsx.state.{row.state}")),
                local(row.sent_at),
                local(row.acknowledged_at),
                row.acknowledged_by or "",
                row.resent,
            ]
        )
    for column, width in zip("ABCDEFGH", (38, 30, 10, 12, 18, 18, 24, 8), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    name = f"thong-bao-{broadcast_id}.xlsx"
    return Reply(texts("bc.export.caption", id=broadcast_id), document=Attachment(name, content=buffer.getvalue()))
