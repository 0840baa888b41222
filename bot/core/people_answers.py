"""Who is who: linking to agencies, invitation codes, requests, roles, /me, /whois, /lang.

Every action that changes data checks the asker's role here, on the server, whether it
came from a command or a button.
"""

from __future__ import annotations

import re
from dataclasses import replace

from base.events import Button, Notice, Outcome, Reply
from base.markup import Html, esc, join, quote
from bot.core.catalogue import LANGUAGES, Texts
from bot.core.context import Context
from bot.core.lists import resolve_agency, succession_note
from bot.core.views import stamp
from db import people, persons
from db.people import Redeem
from domain.actions import DecideLink, Invite, RequestLink, Unlink, WhoIs
from domain.people import AgencyRef, Role

# What db.people.new_code() makes, as tapped or typed (any case, maybe in groups of four).
_CODE = re.compile(r"[A-Za-z0-9_-]{12}|[A-Za-z0-9]{4}[ -][A-Za-z0-9]{4}[ -][A-Za-z0-9]{4}")


def _holder(ctx: Context) -> Html:
    return ctx.texts("link.holder.group" if ctx.actor.chat_is_group else "link.holder.you")


def _denied(ctx: Context, role: Role) -> Reply:
    return Reply(ctx.texts("denied", role=ctx.texts(f"role.{role.value}")))


async def redeem(ctx: Context, code: str) -> Reply:
    texts = ctx.texts
    result, agency = await people.redeem_invite(ctx.session, code, ctx.actor, ctx.now, ctx.settings.throttle)
    if result is Redeem.THROTTLED:
        return Reply(texts("link.throttled", minutes=int(ctx.settings.throttle.window.total_seconds() // 60)))
    if result in (Redeem.LINKED, Redeem.ALREADY):
        assert agency is not None
        key = "link.done" if result is Redeem.LINKED else "link.already"
        return Reply(texts(key, holder=_holder(ctx), agency=agency.name))
    return Reply(
        texts(
            {Redeem.UNKNOWN: "link.code_unknown", Redeem.EXPIRED: "link.code_expired", Redeem.USED: "link.code_used"}[
                result
            ]
        )
    )


async def link(ctx: Context, argument: str) -> Outcome:
    argument = argument.strip()
    if not argument:
        return Outcome([Reply(ctx.texts("link.usage"))])
    if _CODE.fullmatch(argument):
        return Outcome([await redeem(ctx, argument)])
    found = await resolve_agency(ctx, argument, RequestLink)
    if isinstance(found, Reply):
        return Outcome([found])
    outcome = await request_link(ctx, found)
    if (note := succession_note(ctx, argument)) is not None:  # "Sở TN&MT nay là Sở NN&MT."
        first = outcome.replies[0]
        outcome.replies[0] = replace(first, text=Html(f"{note}\n{first.text}"))
    return outcome


async def request_link(ctx: Context, agency: AgencyRef) -> Outcome:
    """Ask the coordinators to link the asker (or this group) to an agency."""
    texts, actor = ctx.texts, ctx.actor
    linked = actor.chat_agencies if actor.chat_is_group else actor.agencies
    if agency in linked:
        return Outcome([Reply(texts("link.already", holder=_holder(ctx), agency=agency.name))])
    if await people.pending_request(ctx.session, actor, agency.id):
        return Outcome([Reply(texts("link.request_pending", agency=agency.name))])
    staff = await persons.staff_contacts(ctx.session)
    if not staff:
        return Outcome([Reply(texts("link.no_coordinators"))])
    request_id = await people.create_request(ctx.session, actor, agency.id, ctx.now)
    who = f"@{actor.username}" if actor.username else f"{actor.channel} {actor.external_id}"
    notices = []
    for contact in staff:
        their = Texts(contact.language or ctx.texts.language)
        holder = their("link.holder.group") if actor.chat_is_group else their("link.holder.you")
        text = their("link.request_notice", name=actor.name, who=who, holder=holder, agency=agency.name)
        buttons = (
            (
                Button.of(their("link.request.approve"), DecideLink(request_id, True)),
                Button.of(their("link.request.reject"), DecideLink(request_id, False)),
            ),
        )
        notices.append(Notice(contact.channel, contact.chat_external_id, Reply(text, buttons)))
    return Outcome([Reply(texts("link.requested", agency=agency.name))], notices)


async def decide(ctx: Context, request_id: int, approve: bool) -> Outcome:
    if not ctx.actor.is_staff:
        return Outcome([_denied(ctx, Role.COORDINATOR)])
    decision = await people.decide_request(ctx.session, request_id, approve, ctx.actor.account_id, ctx.now)
    if decision is None:
        return Outcome([Reply(ctx.texts("link.request_gone"), replace=True)])
    verdict = ctx.texts("link.decision.approved" if approve else "link.decision.rejected")
    done = Reply(
        ctx.texts("link.request_decided", decision=verdict, name=decision.requester_name, agency=decision.agency.name),
        replace=True,
    )
    theirs = Texts(decision.language or ctx.texts.language)
    told = theirs("link.request_approved" if approve else "link.request_rejected", agency=decision.agency.name)
    return Outcome([done], [Notice(decision.channel, decision.chat_external_id, Reply(told))])


async def unlink(ctx: Context, argument: str) -> Reply:
    texts, actor = ctx.texts, ctx.actor
    linked = actor.chat_agencies if actor.chat_is_group else actor.agencies
    if not linked:
        return Reply(texts("unlink.none", holder=_holder(ctx)))
    if argument.strip():
        found = await resolve_agency(ctx, argument, Unlink)
        if isinstance(found, Reply):
            return found
        targets = [a for a in linked if a.id == found.id]
    else:
        targets = list(linked)
    if len(targets) != 1:
        buttons = tuple((Button.of(a.name[:60], Unlink(a.id)),) for a in linked)
        return Reply(texts("unlink.which"), buttons)
    return await unlink_agency(ctx, targets[0].id)


async def unlink_agency(ctx: Context, agency_id: int) -> Reply:
    actor = ctx.actor
    holder = {"chat_id": actor.chat_id} if actor.chat_is_group else {"account_id": actor.account_id}
    linked = actor.chat_agencies if actor.chat_is_group else actor.agencies
    agency = next((a for a in linked if a.id == agency_id), None)
    if agency is None or not await people.unlink(ctx.session, agency_id, **holder):
        return Reply(ctx.texts("unlink.none", holder=_holder(ctx)))
    return Reply(ctx.texts("unlink.done", holder=_holder(ctx), agency=agency.name))


async def invite(ctx: Context, argument: str) -> Reply:
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx, Role.COORDINATOR)
    if not argument.strip():
        return Reply(texts("invite.usage"))
    found = await resolve_agency(ctx, argument, Invite)
    if isinstance(found, Reply):
        return found
    invited = await invite_agency(ctx, found)
    if (note := succession_note(ctx, argument)) is not None:
        return replace(invited, text=Html(f"{note}\n{invited.text}"))
    return invited


async def invite_agency(ctx: Context, agency: AgencyRef) -> Reply:
    if not ctx.actor.is_staff:
        return _denied(ctx, Role.COORDINATOR)
    code, expires = await people.create_invite(
        ctx.session, agency.id, ctx.actor.account_id, ctx.now, ctx.settings.invite_ttl
    )
    lines = [ctx.texts("invite.done", agency=agency.name, code=code, expires=stamp(expires, ctx.settings.zone))]
    if ctx.event.link_template:
        lines.append(ctx.texts("invite.link", link=ctx.event.link_template.format(code=code)))
    return Reply(join(lines))


async def whois(ctx: Context, argument: str) -> Reply:
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx, Role.COORDINATOR)
    if not argument.strip():
        return Reply(texts("whois.usage"))
    found = await resolve_agency(ctx, argument, WhoIs)
    if isinstance(found, Reply):
        return found
    return await whois_agency(ctx, found)


async def whois_agency(ctx: Context, agency: AgencyRef) -> Reply:
    texts = ctx.texts
    if not ctx.actor.is_staff:
        return _denied(ctx, Role.COORDINATOR)
    followers = await people.followers(ctx.session, agency.id)
    if not followers:
        return Reply(texts("whois.none", agency=agency.name))
    lines: list[Html | str] = [texts("whois.title", agency=agency.name)]
    for follower in followers:
        label = texts("whois.group", title=follower.name) if follower.is_group else Html(follower.name)
        handle = f" @{follower.username}" if follower.username else ""
        lines.append(Html(f"• {label}{esc(handle)} ({follower.channel})"))
    return Reply(join(lines))


async def promote(ctx: Context, argument: str) -> Outcome:
    texts = ctx.texts
    if ctx.actor.role is not Role.ADMIN:
        return Outcome([_denied(ctx, Role.ADMIN)])
    parts = argument.split()
    if not parts:
        return Outcome([Reply(texts("promote.usage"))])
    role = Role.COORDINATOR
    if len(parts) > 1:
        try:
            role = Role(parts[-1].lower())
        except ValueError:
            return Outcome([Reply(texts("promote.usage"))])
    account = await people.find_account(ctx.session, ctx.actor.channel, parts[0])
    if account is None:
        return Outcome([Reply(texts("promote.not_found", who=quote(parts[0])))])
    await people.set_role(ctx.session, account.id, role)
    label = texts(f"role.{role.value}")
    return Outcome([Reply(texts("promote.done", name=account.display_name, role=label))])


def me(ctx: Context) -> Reply:
    texts, actor = ctx.texts, ctx.actor
    agencies = ", ".join(a.name for a in actor.agencies)
    lines = [
        Html(f"{texts('me.title')}: {esc(actor.name)}"),
        texts("me.role", role=texts(f"role.{actor.role.value}"), channel=actor.channel, user_id=actor.external_id),
        texts("me.agencies", agencies=agencies) if agencies else texts("me.agencies", agencies=texts("me.none")),
    ]
    if actor.chat_is_group:
        group = ", ".join(a.name for a in actor.chat_agencies)
        lines.append(texts("me.chat_agencies", agencies=group or texts("me.none")))
    return Reply(join(lines))


async def language(ctx: Context, code: str) -> Reply:
    code = code.strip().lower()[:2]
    if code not in LANGUAGES:
        return Reply(ctx.texts("language.usage"))
    await people.set_language(ctx.session, ctx.actor.account_id, code)
    return Reply(Texts(code)("language.set"))
