"""Reminders in the chat: what is coming, muting, the hour, previews, policies, snoozing."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select

from base.events import Outcome, Reply
from base.markup import Html, bold, join, quote
from bot.core.context import Context
from bot.core.intents import find_code
from bot.core.reminder_views import describe
from bot.core.task_answers import updatable
from bot.core.views import day
from db import reminders as store
from db.models import Plan
from domain.people import Role
from domain.reminders import POLICY_FIELDS, Planner
from domain.text import fold
from domain.timeframes import MonthDay

_LOOK_AHEAD = 60  # days /reminders shows
_LINES = 40


def _denied(ctx: Context) -> Reply:
    return Reply(ctx.texts("denied", role=ctx.texts(f"role.{Role.COORDINATOR.value}")))


def _may_configure_chat(ctx: Context) -> bool:
    """A person decides for their own chat; in a group, its agencies' people or staff do."""
    actor = ctx.actor
    if not actor.chat_is_group or actor.is_staff:
        return True
    return bool({a.id for a in actor.agencies} & {a.id for a in actor.chat_agencies})


async def show_reminders(ctx: Context) -> Reply:
    texts, today = ctx.texts, ctx.today
    scope = ctx.actor.scope
    agency_ids = [a.id for a in scope] if scope else None
    if agency_ids is None and not ctx.actor.is_staff:
        return Reply(texts("status.unlinked"))
    title = ", ".join(a.name for a in scope) if scope else texts("scope.all")
    coming = await store.upcoming(ctx.session, agency_ids, today, today + timedelta(days=_LOOK_AHEAD), _LINES)
    lines: list[Html] = [bold(texts("reminders.title", scope=title))]
    # the settings first: "tắt nhắc việc", "cài đặt nhắc việc" are asked here too, and the list
    # below runs long
    quiet_until, remind_at = await store.chat_settings(ctx.session, ctx.actor.chat_id)
    hour = remind_at or ctx.settings.reminder_hour.strftime("%H:%M")
    # in a group, /remind_at and /quiet are its agencies' people's: no one else is told to type them
    configures = _may_configure_chat(ctx)
    lines.append(texts("reminders.hour" if configures else "reminders.hour_only", hour=hour))
    if quiet_until is not None and quiet_until > ctx.now:
        lines.append(texts("reminders.quiet", until=day(quiet_until.astimezone(ctx.settings.zone))))
    elif configures:
        lines.append(texts("reminders.pause"))
    lines.append(Html(""))
    if not coming:
        lines.append(texts("reminders.none", days=_LOOK_AHEAD))
    several = ctx.several_plans
    for item in coming:
        code = f"{item.plan} {item.code}" if several else item.code
        what = describe(texts, item.kind, "", item.due, item.fire_on)
        lines.append(texts("reminders.line", day=day(item.fire_on), code=code, what=what, agency=item.agency))
    return Reply(join(lines))


async def quiet(ctx: Context, argument: str) -> Reply:
    texts = ctx.texts
    if not _may_configure_chat(ctx):
        return _denied(ctx)
    words = fold(argument).strip()
    if words in ("off", "tat", "bat lai", "on", "0"):
        await store.set_quiet(ctx.session, ctx.actor.chat_id, None)
        return Reply(texts("quiet.off"))
    match = re.fullmatch(r"(\d{1,3})\s*(d|ngay|days?|w|tuan|weeks?)?", words)
    if match is None:
        return Reply(texts("quiet.usage"))
    days = int(match[1]) * (7 if (match[2] or "d")[0] in "wt" else 1)
    if not 0 < days <= 366:
        return Reply(texts("quiet.usage"))
    last_day = ctx.today + timedelta(days=days)
    until = datetime.combine(last_day, time.max, ctx.settings.zone)
    await store.set_quiet(ctx.session, ctx.actor.chat_id, until)
    return Reply(texts("quiet.set", until=day(last_day)))


async def remind_at(ctx: Context, argument: str) -> Reply:
    texts = ctx.texts
    if not _may_configure_chat(ctx):
        return _denied(ctx)
    match = re.fullmatch(r"(\d{1,2})(?:[:h.](\d{2}))?", argument.strip().lower())
    if match is None or not 5 <= int(match[1]) <= 20 or int(match[2] or 0) > 59:
        return Reply(texts("remind_at.usage"))
    hour = f"{int(match[1]):02d}:{int(match[2] or 0):02d}"
    await store.set_remind_at(ctx.session, ctx.actor.chat_id, hour)
    return Reply(texts("remind_at.set", hour=hour))


def _date(text: str) -> date | None:
    text = text.strip()
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})/(\d{1,2})/(\d{4})"):
        if match := re.fullmatch(pattern, text):
            parts = [int(p) for p in match.groups()]
            year, month, day_ = parts if pattern.startswith(r"(\d{4})") else parts[::-1]
            try:
                return date(year, month, day_)
            except ValueError:
                return None
    return None


async def reminders_on(ctx: Context, argument: str) -> Reply:
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx)
    when = _date(argument)
    if when is None:
        return Reply(texts("reminders_on.usage"))
    calendar = ctx.settings.calendar
    if not calendar.is_working_day(when):
        why = calendar.holiday(when) or texts("weekend")
        return Reply(texts("reminders_on.off", day=day(when), why=why))
    # Computed from the plans rather than read from the stored reminders: any day can be
    # previewed, even one beyond the planning horizon.
    found = await store.compute(ctx.session, Planner(calendar), ctx.settings.policy, store.Window(when, when))
    if not found:
        return Reply(texts("reminders_on.none", day=day(when)))
    by_agency: dict[str, list[str]] = defaultdict(list)
    for item in found:
        task = ctx.index.tasks.get(item.task_id)
        if task is not None:
            by_agency[ctx.index.agency_names.get(item.agency_id, "?")].append(
                f"{task.plan} {task.code}" if ctx.several_plans else task.code
            )
    lines: list[Html] = [bold(texts("reminders_on.title", day=day(when), count=len(found), agencies=len(by_agency)))]
    for agency, codes in list(by_agency.items())[:_LINES]:
        lines.append(texts("reminders_on.line", agency=agency, codes=", ".join(dict.fromkeys(codes))))
    return Reply(join(lines))


# -- policies --------------------------------------------------------------------------------

_TRUE = {"yes", "true", "on", "co", "1"}
_FALSE = {"no", "false", "off", "khong", "0"}


def _setting(name: str, value: str) -> object:
    """A setting typed by a coordinator, in the form stored for it; ValueError if wrong."""
    kind = POLICY_FIELDS[name]
    if kind == "days":
        days = sorted({int(v) for v in value.split(",") if v.strip()}, reverse=True)
        if not all(0 <= d <= 366 for d in days):
            raise ValueError(value)
        return days
    if kind == "day":
        day_, month = (int(v) for v in value.split("/"))
        return str(MonthDay(month, day_))
    if kind == "int":
        number = int(value)
        if not 0 <= number <= 366:
            raise ValueError(value)
        return number
    folded = fold(value)
    if folded not in _TRUE | _FALSE:
        raise ValueError(value)
    return folded in _TRUE


async def policy(ctx: Context, argument: str) -> Reply:
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx)
    words = argument.split()
    if not words:
        return Reply(texts("policy.usage"))
    target, plan_id, task_id, rest = await _policy_target(ctx, words)
    if target is None:
        return Reply(texts("policy.unknown_target", target=quote(words[0])))
    key = {"plan_id": plan_id} if plan_id is not None else {"task_id": task_id}
    current = await store.policy_settings(ctx.session, **key)
    if rest and fold(rest[0]) in ("reset", "mac dinh"):
        await store.save_policy(ctx.session, {}, ctx.actor.account_id, ctx.now, **key)
        return Reply(texts("policy.reset", target=target))
    changed = dict(current)
    for setting in rest:
        name, _, value = setting.partition("=")
        try:
            changed[name.strip().lower()] = _setting(name.strip().lower(), value.strip())
        except (KeyError, ValueError):
            return Reply(texts("policy.bad", setting=quote(setting), names=", ".join(POLICY_FIELDS)))
    if rest:
        await store.save_policy(ctx.session, changed, ctx.actor.account_id, ctx.now, **key)
    base = ctx.settings.policy
    if task_id is not None:  # a task's policy starts from its plan's
        task = ctx.index.tasks[task_id]
        plan = await ctx.session.scalar(select_plan_id(task.plan))
        base = base.with_settings(await store.policy_settings(ctx.session, plan_id=plan))
    effective = base.with_settings(changed).settings()
    lines: list[Html] = [bold(texts("policy.show", target=target))]
    for name, value in effective.items():
        shown = ",".join(map(str, value)) if isinstance(value, list) else value
        if POLICY_FIELDS[name] == "day":  # stored as MM-DD; shown as typed, day first
            day_ = MonthDay.parse(str(value))
            shown = f"{day_.day:02d}/{day_.month:02d}"
        marker = " *" if name in changed else ""
        lines.append(Html(texts("policy.line", name=name, value=shown) + marker))
    if rest:
        lines.insert(0, texts("policy.saved", target=target))
    return Reply(join(lines))


def select_plan_id(short_name: str) -> Select[tuple[int]]:
    return select(Plan.id).where(Plan.short_name == short_name)


async def _policy_target(ctx: Context, words: list[str]) -> tuple[str | None, int | None, int | None, list[str]]:
    """A plan (by short name) or a task (by code, with its plan's name when needed)."""
    first = words[0].upper()
    if first in ctx.plans:
        found = find_code(fold(" ".join(words[:2]).lower()))
        if len(words) > 1 and found is not None and found.code.lower() == words[1].lower():
            tasks = ctx.index.by_code(found.code, first)
            if tasks:
                return f"{first} {found.code}", None, tasks[0].id, words[2:]
        plan_id = await ctx.session.scalar(select_plan_id(first))
        return first, plan_id, None, words[1:]
    found = find_code(fold(words[0]))
    if found is not None:
        tasks = ctx.index.by_code(found.code)
        if len(tasks) == 1:
            return found.code, None, tasks[0].id, words[1:]
    return None, None, None, []


# -- snoozing (a button in the digest) ---------------------------------------------------------


async def snooze(ctx: Context, reminder_id: int) -> Outcome:
    texts = ctx.texts
    reminder = await store.reminder(ctx.session, reminder_id)
    if reminder is None:
        return Outcome([Reply(texts("expired_button"), toast=texts("expired_button"), only_toast=True)])
    task = ctx.index.tasks.get(reminder.task_id)
    code = task.code if task else "?"
    if reminder.agency_id not in updatable(ctx):
        refused = texts("status.not_yours", code=code) if updatable(ctx) else texts("status.unlinked")
        return Outcome([Reply(refused, toast=refused, only_toast=True)])
    until = ctx.settings.calendar.on_or_after(ctx.today + timedelta(days=ctx.settings.snooze_days))
    await store.snooze(ctx.session, reminder_id, until, ctx.now)
    done = texts("snooze.done", code=code, day=day(until))
    return Outcome([Reply(done, toast=done, only_toast=True)])
