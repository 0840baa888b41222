"""/export in the chat: the command line's files (bot/export/files.py), sent as documents.

Coordinators get the whole plan; a focal point, the tasks its agency leads and its calendar.
Zalo sends no files: it gets a short text on how to get one.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from base.events import Attachment, Reply
from base.markup import esc
from bot.core import intents
from bot.core.context import Context
from bot.export.data import PlanData
from bot.export.files import FORMATS, export_files, slug
from domain.people import AgencyRef
from domain.plan_index import Scope
from domain.tasks import Status

DOCUMENT_LIMIT = 50 * 2**20  # the Bot API's largest upload
FILE_CHANNELS = ("telegram", "terminal")


def _plan_data(ctx: Context, plan: str) -> PlanData:
    index = ctx.index
    ids = [i for i in index.order if i in index.in_plan(plan)]
    return PlanData(plan, index.plan_titles.get(plan, plan), index, ids)


def _in_state(ctx: Context, data: PlanData, scope: Scope, status: str) -> PlanData:
    """The plan's tasks in the state asked about ("overdue", or a Status), as the lists count it."""
    index, statuses, today = ctx.index, ctx.model.statuses, ctx.today
    if status == "overdue":
        keep = set(index.overdue(scope, today, statuses))
        return replace(data, task_ids=[i for i in data.task_ids if i in keep])
    if status == "unfinished":
        return replace(
            data, task_ids=[i for i in data.task_ids if index.status(i, today, statuses, scope) is not Status.DONE]
        )
    wanted = Status(status)
    return replace(data, task_ids=[i for i in data.task_ids if index.status(i, today, statuses, scope) is wanted])


async def export(
    ctx: Context, argument: str, agency: AgencyRef | None = None, status: str | None = None
) -> list[Reply]:
    """The file asked for: of the agency named, else the asker's agencies' (the whole plan
    for coordinators); with ``status``, only the tasks in that state ("overdue", "done")."""
    texts = ctx.texts
    plan, rest = intents.split_plan(argument, ctx.plans)
    words = rest.lower().split()
    kind = next((w.lstrip(".") for w in words if w.lstrip(".") in FORMATS), "xlsx" if not words else "")
    if not kind or not ctx.plans:
        return [Reply(texts("export.chat.usage"))]
    staff, agencies = ctx.actor.is_staff, ctx.actor.scope
    if agency is not None:  # its tasks, which its lists show anyone
        agencies = (agency,)
    elif not staff and not agencies:
        return [Reply(texts("export.chat.unlinked"))]
    chosen = None if staff and agency is None else [(a.id, a.name) for a in agencies]
    scope = texts("scope.all") if chosen is None else ", ".join(name for _i, name in chosen)
    if status and kind != "ics":  # a calendar holds what is coming, whatever its state
        asked = texts("asked.overdue") if status == "overdue" else texts(f"asked.status.{status}")
        scope = f"{scope} · {asked}"
    else:
        status = None
    if plan:
        plans = [plan]
    elif agency is not None:
        plans = sorted(ctx.index.plans_of((agency.id,)) or ctx.plans)
    else:
        plans = sorted(ctx.followed_plans if chosen else ctx.plans)
    if ctx.event.channel not in FILE_CHANNELS:
        return [Reply(texts("export.chat.no_files", format=kind, scope=scope, plan=plans[0]))]
    replies = []
    for name in plans:
        data = _plan_data(ctx, name)
        if status:
            data = _in_state(ctx, data, None if chosen is None else tuple(i for i, _n in chosen), status)
        files = await export_files(
            ctx.session,
            data,
            kind,
            texts,
            today=ctx.today,
            now=ctx.now,
            policy=ctx.settings.policy,
            zone=ctx.settings.zone.key,
            horizon_days=ctx.settings.horizon_days,
            agencies=chosen,
        )
        if not files:
            continue
        if len(files) == 1:
            file_name, content = files[0].name, files[0].content
        else:  # a calendar per agency: one archive, the same files as the command line's folder
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in files:
                    archive.writestr(file.name, file.content)
            file_name, content = f"{slug(name)}-ics.zip", buffer.getvalue()
        if len(content) > DOCUMENT_LIMIT:
            replies.append(Reply(texts("export.chat.too_big", name=file_name)))
            continue
        caption = texts("export.chat.caption", name=file_name, scope=esc(f"{name} · {scope}"))
        replies.append(Reply(caption, document=Attachment(file_name, content)))
    return replies or [Reply(texts("export.chat.none"))]
