"""One person on several channels: /connect joins a Telegram and a Zalo account, /notify
chooses where reminders and broadcasts go. Both act on the asker's own accounts only."""

from __future__ import annotations

from base.events import Reply
from base.markup import Html
from bot.core.catalogue import CHANNEL_NAMES
from bot.core.context import Context
from db import persons
from db.persons import CODE_TTL, Channels, Join
from domain.people import BOTH
from domain.text import fold

_BOTH_WORDS = {BOTH, "all", "ca hai", "tat ca", "ca 2"}


def _name(channel: str) -> str:
    return CHANNEL_NAMES.get(channel, channel)


def where(ctx: Context, found: Channels) -> Html:
    if found.notify == BOTH or found.notify not in found.channels:
        return ctx.texts("notify.all", channels=", ".join(_name(c) for c in found.channels))
    return Html(_name(found.notify))


async def connect(ctx: Context, code: str) -> Reply:
    texts, actor = ctx.texts, ctx.actor
    if actor.chat_is_group:
        return Reply(texts("connect.group"))
    if not code.strip():
        made = await persons.create_code(ctx.session, actor.account_id, ctx.now)
        return Reply(texts("connect.code", code=made, minutes=int(CODE_TTL.total_seconds() // 60)))
    result, other = await persons.join(ctx.session, code.strip(), actor, ctx.now, ctx.settings.throttle)
    if result is Join.THROTTLED:
        return Reply(texts("link.throttled", minutes=int(ctx.settings.throttle.window.total_seconds() // 60)))
    if result is Join.UNKNOWN:
        return Reply(texts("connect.unknown"))
    assert other is not None
    if result is Join.SAME_CHANNEL:
        return Reply(texts("connect.same_channel", channel=_name(other)))
    found = await persons.channels_of(ctx.session, actor.account_id)
    return Reply(texts("connect.done", here=_name(actor.channel), other=_name(other), where=where(ctx, found)))


async def notify(ctx: Context, argument: str) -> Reply:
    texts = ctx.texts
    found = await persons.channels_of(ctx.session, ctx.actor.account_id)
    names = ", ".join(_name(c) for c in found.channels)
    wanted = fold(argument).strip()
    if len(found.channels) < 2:
        return Reply(texts("notify.single", channels=names))
    if not wanted:
        return Reply(texts("notify.show", where=where(ctx, found), channels=names))
    preference = BOTH if wanted in _BOTH_WORDS else next((c for c in CHANNEL_NAMES if c == wanted), None)
    if preference is None:
        return Reply(texts("notify.usage"))
    if preference != BOTH and preference not in found.channels:
        return Reply(texts("notify.missing", channel=_name(preference)))
    await persons.set_notify(ctx.session, ctx.actor.account_id, preference)
    return Reply(texts("notify.set", where=where(ctx, Channels(preference, found.channels))))
