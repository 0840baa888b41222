"""One person on several channels: joining their accounts with a code (/connect), the
channel their reminders and broadcasts go to (/notify), and routing by that choice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Account, ChatRoom, ConnectCode, FailedCode, Person
from db.people import Throttle, code_hash, new_code, same_person, throttled, typed_code
from db.versions import Data, bump
from domain.people import BOTH, Actor, Role, routes

CODE_TTL = timedelta(minutes=30)
_CHUNK = 2000


def new_connect_code() -> str:
    """10 characters, 50 bits, against at most a few guesses per quarter of an hour (throttled)."""
    return new_code(10)


async def create_code(session: AsyncSession, account_id: int, now: datetime, ttl: timedelta = CODE_TTL) -> str:
    code = new_connect_code()
    session.add(ConnectCode(account_id=account_id, code_hash=code_hash(code), created_at=now, expires_at=now + ttl))
    await session.flush()
    return code


class Join(StrEnum):
    JOINED = "joined"
    SAME_CHANNEL = "same_channel"  # the code was made on this channel: it belongs on another
    UNKNOWN = "unknown"  # wrong, used or expired
    THROTTLED = "throttled"


async def join(
    session: AsyncSession, code: str, actor: Actor, now: datetime, throttle: Throttle
) -> tuple[Join, str | None]:
    """Join the asker's account to the person who made ``code`` on another channel; returns
    the outcome and that other channel. A person keeps one account per channel: an earlier
    account of the asker's channel leaves the person."""
    if await throttled(session, actor.account_id, now, throttle):
        return Join.THROTTLED, None
    found = await session.scalar(
        select(ConnectCode).where(ConnectCode.code_hash == code_hash(typed_code(code))).with_for_update()
    )
    if found is None or found.used_at is not None or found.expires_at <= now:
        session.add(FailedCode(account_id=actor.account_id, attempted_at=now))
        return Join.UNKNOWN, None
    issuer = await session.get(Account, found.account_id)
    assert issuer is not None  # the code goes with its account
    if issuer.channel == actor.channel:
        return Join.SAME_CHANNEL, issuer.channel
    used = await session.execute(
        update(ConnectCode).where(ConnectCode.id == found.id, ConnectCode.used_at.is_(None)).values(used_at=now)
    )
    if not used.rowcount:  # another process took it a moment ago
        return Join.UNKNOWN, None
    if issuer.person_id is None:
        person = Person(notify=BOTH, created_at=now)
        session.add(person)
        await session.flush()
        issuer.person_id = person.id
    await session.execute(
        update(Account)
        .where(Account.person_id == issuer.person_id, Account.channel == actor.channel)
        .values(person_id=None)
    )
    await session.execute(update(Account).where(Account.id == actor.account_id).values(person_id=issuer.person_id))
    await bump(session, Data.PEOPLE)
    return Join.JOINED, issuer.channel


@dataclass(frozen=True)
class Channels:
    """Where a person's messages go, and the channels they have."""

    notify: str
    channels: tuple[str, ...]


async def channels_of(session: AsyncSession, account_id: int) -> Channels:
    accounts = list(await session.scalars(select(Account).where(Account.id.in_(same_person(account_id)))))
    person_id = next((a.person_id for a in accounts if a.person_id is not None), None)
    notify = await session.scalar(select(Person.notify).where(Person.id == person_id)) if person_id else None
    return Channels(notify or BOTH, tuple(sorted({a.channel for a in accounts})))


async def set_notify(session: AsyncSession, account_id: int, preference: str) -> None:
    person = select(Account.person_id).where(Account.id == account_id).scalar_subquery()
    await session.execute(update(Person).where(Person.id == person).values(notify=preference))


@dataclass(frozen=True)
class Route:
    """A private chat that a person's messages go to, with its account's language."""

    chat: ChatRoom
    language: str | None


async def private_routes(session: AsyncSession, account_ids: Collection[int]) -> dict[int, list[Route]]:
    """For each account, the private chats its person's reminders and broadcasts go to:
    by the person's /notify choice among their channels, another one standing in when the
    chosen one cannot be reached. An account of its own goes to its chat while reachable."""
    ids = list(set(account_ids))
    rows: dict[int, tuple[Account, ChatRoom]] = {}
    for start in range(0, len(ids), _CHUNK):
        for account, chat in await session.execute(
            select(Account, ChatRoom)
            .join(ChatRoom, ChatRoom.id == Account.private_chat_id)
            .where(Account.id.in_(ids[start : start + _CHUNK]))
        ):
            rows[account.id] = (account, chat)
    persons = list({account.person_id for account, _ in rows.values() if account.person_id is not None})
    preferences: dict[int, str] = {}
    for start in range(0, len(persons), _CHUNK):
        chunk = persons[start : start + _CHUNK]
        preferences.update((await session.execute(select(Person.id, Person.notify).where(Person.id.in_(chunk)))).all())
        for account, chat in await session.execute(
            select(Account, ChatRoom)
            .join(ChatRoom, ChatRoom.id == Account.private_chat_id)
            .where(Account.person_id.in_(chunk))
        ):
            rows.setdefault(account.id, (account, chat))
    people: dict[tuple[str, int], list[tuple[Account, ChatRoom]]] = defaultdict(list)
    for account, chat in rows.values():
        key = ("person", account.person_id) if account.person_id is not None else ("account", account.id)
        people[key].append((account, chat))
    found: dict[int, list[Route]] = {}
    for (kind, key), members in people.items():
        members.sort(key=lambda member: member[0].id)
        preference = preferences.get(key) if kind == "person" else None
        chosen = routes(preference, [(chat.channel, chat.active) for _account, chat in members])
        reach = [Route(members[n][1], members[n][0].language) for n in chosen]
        for account, _chat in members:
            found[account.id] = reach
    return {account_id: found.get(account_id, []) for account_id in ids}


@dataclass(frozen=True)
class Contact:
    """Where to reach a coordinator privately, by their /notify choice."""

    account_id: int
    name: str
    channel: str
    chat_external_id: str
    language: str | None


async def staff_contacts(session: AsyncSession) -> list[Contact]:
    staff = list(
        await session.scalars(
            select(Account).where(Account.role.in_([Role.COORDINATOR.value, Role.ADMIN.value])).order_by(Account.id)
        )
    )
    reach = await private_routes(session, [a.id for a in staff])
    seen: set[int] = set()
    found = []
    for account in staff:
        for route in reach[account.id]:
            if route.chat.id not in seen:
                seen.add(route.chat.id)
                found.append(
                    Contact(
                        account.id, account.display_name, route.chat.channel, route.chat.external_id, route.language
                    )
                )
    return found
