"""One task: its card, and changing its status (per agency and period)."""

from __future__ import annotations

import re

from base.events import Button, Reply
from base.markup import Html
from bot.core.context import Context
from bot.core.views import agency_label, task_card, task_code
from db.queries import agencies_of_task
from db.statuses import history, set_status, statuses
from domain.actions import OpenTask
from domain.periods import WHOLE, period_at
from domain.tasks import Status, TaskView

_PERIOD = re.compile(r"all|\d{4}(?:-H[12]|-Q[1-4]|-\d\d)?")


def find_by_code(ctx: Context, code: str, plan: str | None) -> list[TaskView]:
    """The tasks with this code: in the plan named, else in the plans the asker follows
    when one of them has it, else in any plan."""
    plan = plan if plan in ctx.plans else None  # a word before the code that is no plan's name
    found = ctx.index.by_code(code, plan)
    followed = ctx.followed_plans
    return [t for t in found if t.plan in followed] or found


def _which(ctx: Context, code: str, tasks: list[TaskView]) -> Reply:
    buttons = tuple((Button.of(f"{t.plan} {t.code}", OpenTask(t.id)),) for t in tasks)
    return Reply(ctx.texts("task.which", code=code), buttons)


def updatable(ctx: Context) -> set[int]:
    """The agencies the asker may update tasks for: their own, and in a linked group, the group's."""
    actor = ctx.actor
    own = {a.id for a in actor.agencies}
    if actor.chat_is_group:
        own |= {a.id for a in actor.chat_agencies}
    return own


async def card(ctx: Context, task: TaskView, *, replace: bool = False, toast: str | None = None) -> Reply:
    period = period_at(task.timeframe, ctx.today)
    found = await statuses(ctx.session, {task.id: period.key})
    can_update = bool(updatable(ctx) & ctx.index.agencies_of_task(task.id))
    leads = {ctx.index.agency_names.get(agency, "") for agency in ctx.index.leads_of(task.id)}
    return task_card(
        ctx.texts,
        task,
        today=ctx.today,
        zone=ctx.settings.zone,
        statuses=found.get(task.id, []),
        history=await history(ctx.session, task.id),
        can_update=can_update,
        several_plans=ctx.names_plan(task.plan),
        replace=replace,
        toast=toast,
        leads=leads,
        label=lambda name: agency_label(ctx.texts, ctx.directory, name),
    )


async def show_task(ctx: Context, code: str, plan: str | None) -> Reply:
    if not code:
        return Reply(ctx.texts("task.usage"))
    tasks = find_by_code(ctx, code, plan)
    if not tasks:
        return Reply(ctx.texts("task.not_found", code=code))
    if len(tasks) > 1:
        return _which(ctx, code, tasks)
    return await card(ctx, tasks[0])


async def show_task_by_id(ctx: Context, task_id: int, replace: bool = False) -> Reply:
    task = ctx.index.tasks.get(task_id)
    if task is None:
        return Reply(ctx.texts("expired_button"), replace=replace)
    return await card(ctx, task, replace=replace)


async def change_status(
    ctx: Context,
    task: TaskView,
    status: Status,
    note: str = "",
    period: str | None = None,
    from_button: bool = False,
    keep_message: bool = False,
) -> Reply:
    """Record a status for each of the asker's agencies named on the task. Checked here,
    on every request, whatever the button or command said."""
    texts = ctx.texts
    code = task_code(task, ctx.names_plan(task.plan))
    mine = updatable(ctx)
    if not mine:
        return Reply(texts("status.unlinked"), toast=texts("status.unlinked"), only_toast=from_button)
    allowed = mine & await agencies_of_task(ctx.session, task.id)
    if not allowed:
        refused = texts("status.not_yours", code=code)
        return Reply(refused, toast=refused, only_toast=from_button)
    current = period_at(task.timeframe, ctx.today).key
    if period is None or not _PERIOD.fullmatch(period) or (period == WHOLE) != (current == WHOLE):
        period = current
    names = []
    for agency in (*ctx.actor.agencies, *ctx.actor.chat_agencies):
        if agency.id in allowed and agency.name not in names:
            await set_status(ctx.session, task.id, agency.id, period, status, note, ctx.actor.account_id, ctx.now)
            names.append(agency.name)
    saved = texts(
        "status.saved",
        code=code,
        period=period if period != WHOLE else texts("period.all"),
        agency=", ".join(names),
        status=texts(f"status.{status.value}"),
    )
    if keep_message:  # a digest's button: the digest stays, the toast says it is done
        return Reply(saved, toast=saved, only_toast=True)
    if from_button:
        return await card(ctx, task, replace=True, toast=saved)
    updated = await card(ctx, task)
    return Reply(Html(f"{saved}\n\n{updated.text}"), updated.buttons)


async def status_by_code(ctx: Context, code: str | None, plan: str | None, status: Status, note: str) -> Reply:
    if not code:
        return Reply(ctx.texts("status.usage"))
    tasks = find_by_code(ctx, code, plan)
    if not tasks:
        return Reply(ctx.texts("task.not_found", code=code))
    if len(tasks) > 1:
        return _which(ctx, code, tasks)
    return await change_status(ctx, tasks[0], status, note)
