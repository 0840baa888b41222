"""/web: a one-time link to the dashboard, in a private chat only.

The link is the login: random, stored hashed (db/web.py), valid for WEB_LINK_MINUTES and
used once. In a group the link would be anyone's, so the bot asks to write in private. On
Telegram, with the dashboard behind https, a button also opens it as a Web App.
"""

from __future__ import annotations

from base.events import Button, Reply
from bot.core.context import Context
from db import web

# Where the dashboard opens from a link, and from Telegram's Web App button.
LOGIN_PATH = "/login/"
WEB_APP_PATH = "/telegram"


async def web_link(ctx: Context) -> Reply:
    texts, actor, base = ctx.texts, ctx.actor, ctx.settings.web_url
    if base is None:
        return Reply(texts("web.off"))
    if actor.chat_is_group:
        return Reply(texts("web.group"))
    if not actor.is_staff and not actor.agencies:
        return Reply(texts("web.unlinked"))
    ttl = ctx.settings.web_link_ttl
    token = await web.create_login(ctx.session, actor.account_id, ctx.now, ttl)
    minutes = int(ttl.total_seconds() // 60)
    text = texts("web.link", url=f"{base}{LOGIN_PATH}{token}", minutes=minutes)
    buttons: tuple[tuple[Button, ...], ...] = ()
    if actor.channel == "telegram" and base.startswith("https://"):  # Telegram opens Web Apps over https only
        buttons = ((Button(texts("web.open"), "", web_app=f"{base}{WEB_APP_PATH}"),),)
    return Reply(text, buttons)
