"""Accounts, chats, agency links, invitation codes and link requests."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Account, Agency, AgencyLink, ChatRoom, FailedCode, Invite, LinkRequest
from db.versions import Data, bump
from domain.people import Actor, AgencyRef, Role

# Accounts seen within this long are not written again just to say so.
_SEEN_RESOLUTION = timedelta(hours=1)


@dataclass(frozen=True)
class Who:
    """The sender and chat of an event, as the channel reports them."""

    channel: str
    user_id: str
    user_name: str
    username: str | None
    chat_id: str
    chat_is_group: bool
    chat_title: str | None


async def _insert_once(session: AsyncSession, model: type[ChatRoom] | type[Account], values: dict[str, Any]) -> None:
    """Create the row unless one with its (channel, external id) exists. Several updates
    from someone new arrive at once (taps, a client's retries), each in its own transaction
    and maybe its own process: the one that loses the race finds the winner's row, where a
    plain insert would fail on the unique key."""
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    await session.execute(
        insert(model).values(**values).on_conflict_do_nothing(index_elements=["channel", "external_id"])
    )


async def _chat(session: AsyncSession, who: Who, now: datetime, chat: ChatRoom | None = None) -> ChatRoom:
    where = (ChatRoom.channel == who.channel, ChatRoom.external_id == who.chat_id)
    if chat is None:
        chat = await session.scalar(select(ChatRoom).where(*where))
    kind = "group" if who.chat_is_group else "private"
    if chat is None:
        values = {"channel": who.channel, "external_id": who.chat_id, "kind": kind, "title": who.chat_title}
        await _insert_once(session, ChatRoom, {**values, "active": True, "created_at": now})
        chat = await session.scalar(select(ChatRoom).where(*where))
        assert chat is not None
    if not chat.active or (who.chat_title and chat.title != who.chat_title):
        chat.active = True  # they wrote to us, so we can write to them again
        chat.title = who.chat_title or chat.title
        await bump(session, Data.PEOPLE)
    return chat


@dataclass(frozen=True)
class Seen:
    """An account seen again (or under a new name): what record_seen writes."""

    account_id: int
    at: datetime
    name: str
    username: str | None
    renamed: bool = False  # the name changed: write it now, not with the others a second later


async def record_seen(session: AsyncSession, seen: Collection[Seen]) -> None:
    """When the accounts were last seen, and their names as the channel shows them now, in
    one statement for them all. No data version changes: nothing kept in memory reads these."""
    if not seen:
        return
    accounts = Account.__table__
    await session.execute(
        update(accounts)
        .where(accounts.c.id == bindparam("seen_id"))
        .values(
            last_seen_at=bindparam("seen_at"), display_name=bindparam("seen_name"), username=bindparam("seen_username")
        ),
        [
            {"seen_id": one.account_id, "seen_at": one.at, "seen_name": one.name, "seen_username": one.username}
            for one in seen
        ],
    )


async def identify(
    session: AsyncSession,
    who: Who,
    admins: Collection[tuple[str, str]],
    now: datetime,
    later: list[Seen] | None = None,
) -> Actor:
    """The account and chat of an event, created on first contact. Admins come from the
    settings (ADMIN_TELEGRAM_IDS) and are recognised on every event. With ``later`` given,
    a known account's "last seen" and name are not written here but added there, for the
    caller to write with record_seen (after answering)."""
    where = (Account.channel == who.channel, Account.external_id == who.user_id)
    # The chat and the account in one round trip: the first question of everyone known.
    known = (
        await session.execute(
            select(ChatRoom, Account)
            .outerjoin(Account, and_(*where))
            .where(ChatRoom.channel == who.channel, ChatRoom.external_id == who.chat_id)
        )
    ).first()
    chat = await _chat(session, who, now, known[0] if known else None)
    account = known[1] if known else await session.scalar(select(Account).where(*where))
    if account is None:
        values = {
            "channel": who.channel,
            "external_id": who.user_id,
            "display_name": who.user_name,
            "username": who.username,
            "role": Role.MEMBER.value,
            "created_at": now,
            "last_seen_at": now,
        }
        await _insert_once(session, Account, values)
        account = await session.scalar(select(Account).where(*where))
        assert account is not None
    name, username = account.display_name, account.username
    if _seen_again(account.last_seen_at, account.display_name, who, now):
        name, username = who.user_name, who.username
        if later is not None:
            later.append(Seen(account.id, now, name, username, account.display_name != who.user_name))
        else:
            account.last_seen_at, account.display_name, account.username = now, name, username
    if (who.channel, who.user_id) in admins and account.role != Role.ADMIN.value:
        account.role = Role.ADMIN.value
        await bump(session, Data.PEOPLE)
    if not who.chat_is_group and account.private_chat_id != chat.id:
        account.private_chat_id = chat.id
    # The agencies of the person: followed from any of their channels (see /connect).
    owners = AgencyLink.account_id == account.id
    if account.person_id is not None:
        owners = AgencyLink.account_id.in_(select(Account.id).where(Account.person_id == account.person_id))
    agencies = await _links(session, owners)
    chat_agencies = await _links(session, AgencyLink.chat_id == chat.id) if who.chat_is_group else ()
    return _actor(
        who, account.id, name, username, Role(account.role), account.language, chat.id, agencies, chat_agencies
    )


def _seen_again(last_seen_at: datetime, display_name: str, who: Who, now: datetime) -> bool:
    """Whether "last seen" and the name are to be written: seen long ago, or renamed."""
    return now - last_seen_at > _SEEN_RESOLUTION or display_name != who.user_name


def _actor(
    who: Who,
    account_id: int,
    name: str,
    username: str | None,
    role: Role,
    language: str | None,
    chat_id: int,
    agencies: tuple[AgencyRef, ...],
    chat_agencies: tuple[AgencyRef, ...],
) -> Actor:
    return Actor(
        account_id=account_id,
        channel=who.channel,
        external_id=who.user_id,
        name=name,
        username=username,
        role=role,
        language=language,
        chat_id=chat_id,
        chat_external_id=who.chat_id,
        chat_is_group=who.chat_is_group,
        agencies=agencies,
        chat_agencies=chat_agencies,
    )


# -- people in memory ------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownAccount:
    """An account as identify() reads it, with the agencies of its person."""

    id: int
    display_name: str
    username: str | None
    role: Role
    language: str | None
    private_chat_id: int | None
    last_seen_at: datetime
    agencies: tuple[AgencyRef, ...]


@dataclass(frozen=True)
class KnownChat:
    id: int
    active: bool
    title: str | None
    agencies: tuple[AgencyRef, ...]  # linked to this chat (a group's)


@dataclass(frozen=True)
class People:
    """Every account and chat with their agency links, by (channel, external id): what a
    process keeps in memory so that an event from someone known reads nothing. Loaded
    whole (load_people) and replaced whole when the people's data version moves: an account
    or a chat made since is not in it, and is looked up in the database (identify)."""

    accounts: dict[tuple[str, str], KnownAccount]
    chats: dict[tuple[str, str], KnownChat]

    def actor(self, who: Who, admins: Collection[tuple[str, str]], now: datetime, later: list[Seen]) -> Actor | None:
        """identify()'s answer without the database, when it would read only what is here
        and write nothing but "last seen" (added to ``later``); None when it has to ask or
        write: someone or some chat new, a chat the channel had said was unreachable or
        whose title changed, an admin of the settings not yet one, a new private chat."""
        chat = self.chats.get((who.channel, who.chat_id))
        account = self.accounts.get((who.channel, who.user_id))
        if chat is None or account is None or not chat.active or (who.chat_title and chat.title != who.chat_title):
            return None
        if (who.channel, who.user_id) in admins and account.role is not Role.ADMIN:
            return None
        if not who.chat_is_group and account.private_chat_id != chat.id:
            return None
        name, username = account.display_name, account.username
        if _seen_again(account.last_seen_at, account.display_name, who, now):
            name, username = who.user_name, who.username
            later.append(Seen(account.id, now, name, username, account.display_name != who.user_name))
        chat_agencies = chat.agencies if who.chat_is_group else ()
        return _actor(
            who, account.id, name, username, account.role, account.language, chat.id, account.agencies, chat_agencies
        )


async def load_people(session: AsyncSession) -> People:
    """Every account, chat and agency link, in three plain reads (no ORM objects)."""
    names = dict((await session.execute(select(Agency.id, Agency.name))).all())
    by_account: dict[int, list[tuple[int, int]]] = {}
    by_chat: dict[int, list[AgencyRef]] = {}
    links = await session.execute(
        select(AgencyLink.id, AgencyLink.agency_id, AgencyLink.account_id, AgencyLink.chat_id).order_by(AgencyLink.id)
    )
    for link_id, agency_id, account_id, chat_id in links:
        if account_id is not None:
            by_account.setdefault(account_id, []).append((link_id, agency_id))
        else:
            by_chat.setdefault(chat_id, []).append(AgencyRef(agency_id, names[agency_id]))
    rows = (
        await session.execute(
            select(
                Account.id,
                Account.channel,
                Account.external_id,
                Account.display_name,
                Account.username,
                Account.role,
                Account.language,
                Account.private_chat_id,
                Account.last_seen_at,
                Account.person_id,
            )
        )
    ).all()
    members: dict[int, list[int]] = {}  # person -> their accounts
    for row in rows:
        if row.person_id is not None:
            members.setdefault(row.person_id, []).append(row.id)

    def agencies(account_id: int, person_id: int | None) -> tuple[AgencyRef, ...]:
        owners = members[person_id] if person_id is not None else (account_id,)
        found = sorted(link for owner in owners for link in by_account.get(owner, ()))
        return tuple(dict.fromkeys(AgencyRef(agency_id, names[agency_id]) for _id, agency_id in found))

    accounts = {
        (row.channel, row.external_id): KnownAccount(
            row.id,
            row.display_name,
            row.username,
            Role(row.role),
            row.language,
            row.private_chat_id,
            row.last_seen_at,
            agencies(row.id, row.person_id),
        )
        for row in rows
    }
    chats = {
        (channel, external_id): KnownChat(id_, active, title, tuple(dict.fromkeys(by_chat.get(id_, ()))))
        for id_, channel, external_id, active, title in await session.execute(
            select(ChatRoom.id, ChatRoom.channel, ChatRoom.external_id, ChatRoom.active, ChatRoom.title)
        )
    }
    return People(accounts, chats)


async def _links(session: AsyncSession, condition) -> tuple[AgencyRef, ...]:
    rows = await session.execute(
        select(Agency.id, Agency.name)
        .join(AgencyLink, AgencyLink.agency_id == Agency.id)
        .where(condition)
        .order_by(AgencyLink.id)
    )
    return tuple(dict.fromkeys(AgencyRef(id_, name) for id_, name in rows))


def same_person(account_id: int) -> Select[tuple[int]]:
    """The ids of the account and of the person's accounts on other channels."""
    person = select(Account.person_id).where(Account.id == account_id).scalar_subquery()
    return select(Account.id).where(
        or_(Account.id == account_id, and_(Account.person_id.is_not(None), Account.person_id == person))
    )


async def link(
    session: AsyncSession,
    agency_id: int,
    *,
    account_id: int | None = None,
    chat_id: int | None = None,
    by: int | None,
    now: datetime,
) -> bool:
    """Link a person or a group chat to an agency; False when it already was."""
    holder = AgencyLink.account_id == account_id if account_id is not None else AgencyLink.chat_id == chat_id
    if await session.scalar(select(AgencyLink.id).where(holder, AgencyLink.agency_id == agency_id)):
        return False
    session.add(AgencyLink(agency_id=agency_id, account_id=account_id, chat_id=chat_id, created_at=now, created_by=by))
    await session.flush()
    await bump(session, Data.PEOPLE)
    return True


async def unlink(
    session: AsyncSession, agency_id: int, *, account_id: int | None = None, chat_id: int | None = None
) -> bool:
    """Unlink a group chat, or a person (from whichever of their channels they linked)."""
    holder = (
        AgencyLink.account_id.in_(same_person(account_id)) if account_id is not None else AgencyLink.chat_id == chat_id
    )
    result = await session.execute(delete(AgencyLink).where(holder, AgencyLink.agency_id == agency_id))
    if result.rowcount:
        await bump(session, Data.PEOPLE)
    return bool(result.rowcount)


async def set_language(session: AsyncSession, account_id: int, language: str) -> None:
    await session.execute(update(Account).where(Account.id == account_id).values(language=language))
    await bump(session, Data.PEOPLE)


# -- invitation codes ----------------------------------------------------------------------


# Codes are typed by hand as often as tapped: no 0/O or 1/I to confuse, and case and
# spaces do not matter. Each character is 5 bits; every character fits a Telegram deep link.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def typed_code(text: str) -> str:
    """A code as the person typed it, in the form it was issued: `abcd efgh` -> `ABCDEFGH`."""
    return "".join(text.split()).replace("-", "").upper()


def new_code(length: int = 12) -> str:
    """12 characters: 60 random bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


async def create_invite(
    session: AsyncSession, agency_id: int, by: int, now: datetime, ttl: timedelta
) -> tuple[str, datetime]:
    code = new_code()
    expires = now + ttl
    session.add(
        Invite(agency_id=agency_id, code_hash=code_hash(code), created_by=by, created_at=now, expires_at=expires)
    )
    await session.flush()
    return code, expires


class Redeem(StrEnum):
    LINKED = "linked"
    ALREADY = "already"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class Throttle:
    attempts: int = 5
    window: timedelta = timedelta(minutes=15)


async def throttled(session: AsyncSession, account_id: int, now: datetime, throttle: Throttle) -> bool:
    """Too many wrong codes (of any kind) lately: even a right one waits."""
    recent = await session.scalar(
        select(func.count())
        .select_from(FailedCode)
        .where(FailedCode.account_id == account_id, FailedCode.attempted_at > now - throttle.window)
    )
    return recent >= throttle.attempts


async def redeem_invite(
    session: AsyncSession, code: str, actor: Actor, now: datetime, throttle: Throttle = Throttle()
) -> tuple[Redeem, AgencyRef | None]:
    """Use a code: in a group it links the group, in a private chat the person."""
    if await throttled(session, actor.account_id, now, throttle):
        return Redeem.THROTTLED, None
    # The raw code too: invitations issued before codes were case-blind are mixed-case.
    hashes = {code_hash(typed_code(code)), code_hash(code)}
    invite = await session.scalar(select(Invite).where(Invite.code_hash.in_(hashes)).with_for_update())
    if invite is None:
        session.add(FailedCode(account_id=actor.account_id, attempted_at=now))
        return Redeem.UNKNOWN, None
    agency = AgencyRef(invite.agency_id, await session.scalar(select(Agency.name).where(Agency.id == invite.agency_id)))
    if invite.used_at is not None:
        return Redeem.USED, agency
    if invite.expires_at <= now:
        return Redeem.EXPIRED, agency
    # Single use, even against a second process redeeming the same code at the same time.
    used = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by=actor.account_id)
    )
    if not used.rowcount:
        return Redeem.USED, agency
    holder = {"chat_id": actor.chat_id} if actor.chat_is_group else {"account_id": actor.account_id}
    created = await link(session, agency.id, by=invite.created_by, now=now, **holder)
    return (Redeem.LINKED if created else Redeem.ALREADY), agency


# -- link requests -------------------------------------------------------------------------


async def pending_request(session: AsyncSession, actor: Actor, agency_id: int) -> int | None:
    return await session.scalar(
        select(LinkRequest.id).where(
            LinkRequest.account_id == actor.account_id,
            LinkRequest.chat_id == actor.chat_id,
            LinkRequest.agency_id == agency_id,
            LinkRequest.status == "pending",
        )
    )


async def create_request(session: AsyncSession, actor: Actor, agency_id: int, now: datetime) -> int:
    request = LinkRequest(
        account_id=actor.account_id, chat_id=actor.chat_id, agency_id=agency_id, status="pending", created_at=now
    )
    session.add(request)
    await session.flush()
    return request.id


@dataclass(frozen=True)
class Decision:
    requester_name: str
    agency: AgencyRef
    channel: str
    chat_external_id: str  # where the request was made: told of the decision there
    chat_is_group: bool
    language: str | None


async def decide_request(
    session: AsyncSession, request_id: int, approve: bool, by: int, now: datetime
) -> Decision | None:
    """Approve or reject a pending request; None when it is gone or already decided."""
    decided = await session.execute(
        update(LinkRequest)
        .where(LinkRequest.id == request_id, LinkRequest.status == "pending")
        .values(status="approved" if approve else "rejected", decided_at=now, decided_by=by)
    )
    if not decided.rowcount:
        return None
    row = (
        await session.execute(
            select(LinkRequest, Account, ChatRoom, Agency)
            .join(Account, Account.id == LinkRequest.account_id)
            .join(ChatRoom, ChatRoom.id == LinkRequest.chat_id)
            .join(Agency, Agency.id == LinkRequest.agency_id)
            .where(LinkRequest.id == request_id)
        )
    ).one()
    _request, account, chat, agency = row
    if approve:
        holder = {"chat_id": chat.id} if chat.kind == "group" else {"account_id": account.id}
        await link(session, agency.id, by=by, now=now, **holder)
    return Decision(
        account.display_name,
        AgencyRef(agency.id, agency.name),
        chat.channel,
        chat.external_id,
        chat.kind == "group",
        account.language,
    )


# -- roles and look-ups --------------------------------------------------------------------


async def find_account(session: AsyncSession, channel: str, text: str) -> Account | None:
    """An account by @username or numeric id, on the asker's channel first."""
    handle = text.strip().removeprefix("@")
    if not handle:
        return None
    rows = await session.scalars(
        select(Account)
        .where(or_(func.lower(Account.username) == handle.lower(), Account.external_id == handle))
        .order_by((Account.channel != channel), Account.id)
    )
    return rows.first()


async def set_role(session: AsyncSession, account_id: int, role: Role) -> None:
    await session.execute(update(Account).where(Account.id == account_id).values(role=role.value))
    await bump(session, Data.PEOPLE)


@dataclass(frozen=True)
class Follower:
    name: str
    username: str | None
    channel: str
    is_group: bool


async def followers(session: AsyncSession, agency_id: int) -> list[Follower]:
    people = await session.execute(
        select(Account)
        .join(AgencyLink, AgencyLink.account_id == Account.id)
        .where(AgencyLink.agency_id == agency_id)
        .order_by(Account.display_name)
    )
    groups = await session.execute(
        select(ChatRoom)
        .join(AgencyLink, AgencyLink.chat_id == ChatRoom.id)
        .where(AgencyLink.agency_id == agency_id)
        .order_by(ChatRoom.title)
    )
    return [Follower(a.display_name, a.username, a.channel, False) for (a,) in people] + [
        Follower(c.title or c.external_id, None, c.channel, True) for (c,) in groups
    ]


async def mark_unreachable(session: AsyncSession, channel: str, chat_external_id: str) -> None:
    """The channel says the bot was blocked or removed: stop sending to this chat. The
    people's version moves with it (once), so that copies in memory learn that the chat's
    next message makes it reachable again (identify)."""
    result = await session.execute(
        update(ChatRoom)
        .where(ChatRoom.channel == channel, ChatRoom.external_id == chat_external_id, ChatRoom.active.is_(True))
        .values(active=False)
    )
    if result.rowcount:
        await bump(session, Data.PEOPLE)
