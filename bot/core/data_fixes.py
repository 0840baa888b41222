"""Coordinators fix plan data from the chat: merge two agencies, add an alias, set a task's
timeframe. Each is recorded with who and when (db/fixes.py); every command and button
checks the role again."""

from __future__ import annotations

import re

from base.events import Button, Reply
from base.markup import Html, bold, join, quote
from bot.core.context import Context
from bot.core.intents import find_code
from bot.core.lists import resolve_agency
from bot.core.task_answers import find_by_code
from bot.core.views import describe_timeframe, stamp, task_code
from db import fixes
from domain.actions import CancelFix, MergeAgencies, WhoIs
from domain.people import AgencyRef, Role
from domain.text import fold
from domain.timeframes import Kind, parse_timeframe
from seed.relink import relink_tasks

_MERGE_ARROW = re.compile(r"\s*(?:=>|->|→|>)\s*")


def _denied(ctx: Context) -> Reply:
    return Reply(ctx.texts("denied", role=ctx.texts(f"role.{Role.COORDINATOR.value}")))


def _two_agencies(ctx: Context, argument: str, pattern: re.Pattern[str], usage: str) -> tuple[str, str] | Reply:
    parts = pattern.split(argument.strip(), maxsplit=1)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return Reply(ctx.texts(usage))
    return parts[0].strip(), parts[1].strip()


async def merge_command(ctx: Context, argument: str) -> Reply:
    """`/merge Báo Lao động, ĐN => Báo Lao động Đồng Nai`: asks to confirm, with the count."""
    if not ctx.actor.is_staff:
        return _denied(ctx)
    names = _two_agencies(ctx, argument, _MERGE_ARROW, "fix.merge.usage")
    if isinstance(names, Reply):
        return names
    found = []
    for name in names:
        agency = await resolve_agency(ctx, name, WhoIs, current=False)
        if isinstance(agency, Reply):
            return Reply(agency.text)  # which one, or not found: the names must be precise here
        found.append(agency)
    source, target = found
    refusal = await _merge_refusal(ctx, source, target)
    if refusal is not None:
        return refusal
    tasks = len(ctx.index.named_tasks(source.id))
    buttons = (
        (
            Button.of(ctx.texts("fix.merge.button"), MergeAgencies(source.id, target.id)),
            Button.of(ctx.texts("upload.cancel"), CancelFix()),
        ),
    )
    return Reply(ctx.texts("fix.merge.confirm", source=source.name, target=target.name, tasks=tasks), buttons)


async def _merge_refusal(ctx: Context, source: AgencyRef, target: AgencyRef) -> Reply | None:
    texts = ctx.texts
    if source.id == target.id:
        return Reply(texts("fix.merge.same", source=source.name, target=target.name))
    rows = {
        a.id: a for a in (await fixes.agency(ctx.session, source.id), await fixes.agency(ctx.session, target.id)) if a
    }
    if len(rows) != 2:
        return Reply(texts("expired_button"))
    for row in rows.values():
        if row.is_group:
            return Reply(texts("fix.merge.group", name=row.name))
    if rows[source.id].verified and not rows[target.id].verified:
        return Reply(texts("fix.merge.other_way", source=source.name, target=target.name))
    return None


async def merge_pressed(ctx: Context, source_id: int, target_id: int) -> Reply:
    if not ctx.actor.is_staff:
        return _denied(ctx)
    source, target = await fixes.agency(ctx.session, source_id), await fixes.agency(ctx.session, target_id)
    if source is None or target is None:
        return Reply(ctx.texts("expired_button"), replace=True)
    refusal = await _merge_refusal(ctx, AgencyRef(source.id, source.name), AgencyRef(target.id, target.name))
    if refusal is not None:
        return Reply(refusal.text, replace=True)
    tasks = len(ctx.index.named_tasks(source.id))
    source_name, target_name = source.name, target.name
    abbreviations = ctx.settings.alias_table[1]
    await fixes.merge(ctx.session, source, target, abbreviations, ctx.actor.account_id, ctx.now)
    return Reply(ctx.texts("fix.merge.done", source=source_name, target=target_name, tasks=tasks), replace=True)


async def alias_command(ctx: Context, argument: str) -> Reply:
    """`/alias Sở Y tế = SYT ĐN`: the new name finds the agency, and tasks naming it link to it."""
    if not ctx.actor.is_staff:
        return _denied(ctx)
    names = _two_agencies(ctx, argument, re.compile(r"\s*=\s*"), "fix.alias.usage")
    if isinstance(names, Reply):
        return names
    name, alias = names
    found = await resolve_agency(ctx, name, WhoIs)
    if isinstance(found, Reply):
        return Reply(found.text)
    key = " ".join(ctx.directory.alias_key(alias))
    if not key:
        return Reply(ctx.texts("fix.alias.usage"))
    owner = await fixes.alias_owner(ctx.session, key)
    target = await fixes.agency(ctx.session, found.id)
    assert target is not None
    if owner is not None and owner.id == target.id:
        return Reply(ctx.texts("fix.alias.taken", alias=quote(alias), agency=owner.name))
    if owner is not None and owner.verified:
        return Reply(ctx.texts("fix.alias.taken", alias=quote(alias), agency=owner.name))
    if owner is not None:  # a spelling first met in a plan: it becomes this agency
        tasks = len(ctx.index.named_tasks(owner.id))
        await fixes.merge(ctx.session, owner, target, ctx.settings.alias_table[1], ctx.actor.account_id, ctx.now)
        return Reply(ctx.texts("fix.alias.done", alias=quote(alias), agency=target.name, tasks=tasks))
    await fixes.add_alias(ctx.session, target, alias, key, ctx.actor.account_id, ctx.now)
    relinked = await relink_tasks(ctx.session, ctx.settings.alias_table[1], ctx.now)
    return Reply(ctx.texts("fix.alias.done", alias=quote(alias), agency=target.name, tasks=relinked.changed))


async def timeframe_command(ctx: Context, argument: str) -> Reply:
    """`/timeframe III.9 Năm 2026`: for a timeframe the importer could not read."""
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx)
    found = find_code(fold(argument))
    text = argument[found.end :].strip(" :-–,") if found else ""
    if found is None or not text:
        return Reply(texts("fix.timeframe.usage"))
    tasks = find_by_code(ctx, found.code, found.plan)
    if len(tasks) != 1:
        key = "task.not_found" if not tasks else "task.which"
        return Reply(texts(key, code=found.code))
    timeframe = parse_timeframe(text)
    if timeframe.kind in (Kind.UNPARSED, Kind.BLANK):
        return Reply(texts("fix.timeframe.unreadable", text=quote(text)))
    task = tasks[0]
    code = task_code(task, ctx.names_plan(task.plan))
    before = await fixes.set_timeframe(
        ctx.session, task.id, f"{task.plan} {task.code}", timeframe, ctx.actor.account_id, ctx.now
    )
    described = describe_timeframe(texts, timeframe, ctx.today)
    return Reply(texts("fix.timeframe.done", code=code, timeframe=described, before=before))


async def list_fixes(ctx: Context) -> Reply:
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx)
    found = await fixes.recent(ctx.session)
    lines: list[Html] = _successions_to_confirm(ctx)
    if not found:
        return Reply(join([*lines, texts("fix.list.none")]))
    lines.append(bold(texts("fix.list.title")))
    for fix in found:
        what = texts(f"fix.what.{fix.kind}", **fix.detail)
        line = texts("fix.list.line", when=stamp(fix.created_at, ctx.settings.zone), who=fix.by or "?", what=what)
        lines.append(Html(f"• {line}"))
    return Reply(join(lines))


def _successions_to_confirm(ctx: Context) -> list[Html]:
    """Abolished bodies whose duties were split (Sở TT&TT: Sở KH&CN, press to Sở VHTTDL) and
    that plans still name: a coordinator confirms the successor, or moves them, with /merge."""
    index, directory = ctx.index, ctx.directory
    lines: list[Html] = []
    for agency_id, name in sorted(index.agency_names.items(), key=lambda item: item[1]):
        succession = directory.succession(name)
        tasks = len(index.named_tasks(agency_id))
        if succession is None or not succession.partial or not tasks:
            continue
        line = ctx.texts("fixes.succession_line", old=name, new=succession.new, tasks=tasks, note=succession.note)
        lines.append(Html(f"• {line}"))
    return [bold(ctx.texts("fixes.successions")), *lines, Html("")] if lines else []
