"""The dashboard's one-time login links and sessions, and who a session belongs to.

Tokens are random (256 bits) and only their SHA-256 is stored: a copy of the database opens
no session. A link is used once, within its minutes; a session ends at its expiry or when
its owner logs out.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import (
    Account,
    Agency,
    AgencyLink,
    ChatRoom,
    StatusChange,
    TaskStatus,
    WebLogin,
    WebSession,
)
from db.statuses import HistoryEntry
from domain.people import AgencyRef, Role
from domain.tasks import Status

# Expired rows are kept this long (a link's refusal can still say "expired"), then removed.
_KEEP_EXPIRED = timedelta(days=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class WebUser:
    """Who a dashboard session belongs to: the account's role and the person's agencies."""

    account_id: int
    name: str
    channel: str
    role: Role
    language: str | None
    agencies: tuple[AgencyRef, ...]

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.COORDINATOR, Role.ADMIN)

    @property
    def scope(self) -> tuple[int, ...] | None:
        """The agencies this person may see: every one (None) for coordinators and admins."""
        return None if self.is_staff else tuple(a.id for a in self.agencies)


async def web_user(
    session: AsyncSession, account_id: int, admins: Collection[tuple[str, str]] = frozenset()
) -> WebUser | None:
    """The account as the dashboard sees it now (a role or a link changed in the chat counts
    at once). Administrators named in the settings are administrators here too."""
    account = await session.get(Account, account_id)
    if account is None:
        return None
    owners = AgencyLink.account_id == account.id
    if account.person_id is not None:  # one person on several channels: the links of all
        owners = AgencyLink.account_id.in_(select(Account.id).where(Account.person_id == account.person_id))
    rows = await session.execute(
        select(Agency.id, Agency.name).join(AgencyLink, AgencyLink.agency_id == Agency.id).where(owners)
    )
    agencies = tuple(dict.fromkeys(AgencyRef(id_, name) for id_, name in rows))
    role = Role.ADMIN if (account.channel, account.external_id) in admins else Role(account.role)
    return WebUser(account.id, account.display_name, account.channel, role, account.language, agencies)


# -- one-time links ---------------------------------------------------------------------------


async def create_login(session: AsyncSession, account_id: int, now: datetime, ttl: timedelta) -> str:
    """A new one-time link's token (returned once, never stored)."""
    await session.execute(delete(WebLogin).where(WebLogin.expires_at < now - _KEEP_EXPIRED))
    token = new_token()
    session.add(WebLogin(account_id=account_id, token_hash=token_hash(token), created_at=now, expires_at=now + ttl))
    await session.flush()
    return token


class LinkState(StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


async def login_state(session: AsyncSession, token: str, now: datetime) -> tuple[LinkState, int | None]:
    """What a link is worth, and whose it is, without using it (the page that asks to
    continue)."""
    login = await session.scalar(select(WebLogin).where(WebLogin.token_hash == token_hash(token)))
    if login is None:
        return LinkState.UNKNOWN, None
    if login.used_at is not None:
        return LinkState.USED, None
    if login.expires_at <= now:
        return LinkState.EXPIRED, None
    return LinkState.VALID, login.account_id


async def use_login(session: AsyncSession, token: str, now: datetime) -> tuple[LinkState, int | None]:
    """Use a link: at most once, whatever runs at the same time (one conditional update, so
    two processes opening it together cannot both succeed). The account, when valid."""
    digest = token_hash(token)
    used = await session.execute(
        update(WebLogin)
        .where(WebLogin.token_hash == digest, WebLogin.used_at.is_(None), WebLogin.expires_at > now)
        .values(used_at=now)
        .returning(WebLogin.account_id)
    )
    account_id = used.scalar_one_or_none()
    if account_id is None:
        return (await login_state(session, token, now))[0], None
    return LinkState.VALID, account_id


# -- sessions ----------------------------------------------------------------------------------


async def create_session(session: AsyncSession, account_id: int, now: datetime, ttl: timedelta) -> str:
    """A new session's token, for the cookie (returned once, never stored)."""
    await session.execute(delete(WebSession).where(WebSession.expires_at < now))
    token = new_token()
    session.add(WebSession(account_id=account_id, token_hash=token_hash(token), created_at=now, expires_at=now + ttl))
    await session.flush()
    return token


async def session_account(session: AsyncSession, token: str, now: datetime) -> int | None:
    """The account of a live session, or None (unknown, expired or logged out)."""
    return await session.scalar(
        select(WebSession.account_id).where(WebSession.token_hash == token_hash(token), WebSession.expires_at > now)
    )


async def end_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))


async def account_by_channel(session: AsyncSession, channel: str, external_id: str) -> int | None:
    """The account of a channel's user (Telegram's Web App names the user by id)."""
    return await session.scalar(
        select(Account.id).where(Account.channel == channel, Account.external_id == external_id)
    )


# -- what the pages read beside the plans in memory ------------------------------------------------


@dataclass(frozen=True)
class PeriodStatus:
    period: str
    status: Status
    note: str
    updated_at: datetime


@dataclass(frozen=True)
class TaskStatusRow:
    agency_id: int
    agency: str
    period: str
    status: Status
    note: str


@dataclass(frozen=True)
class Follower:
    name: str  # a person's display name, or a group chat's title
    channel: str
    group: bool
    username: str | None = None


async def agency_statuses(session: AsyncSession, agency_id: int) -> dict[int, list[PeriodStatus]]:
    """Every status the agency gave, by task: one per period."""
    found: dict[int, list[PeriodStatus]] = defaultdict(list)
    rows = await session.execute(
        select(TaskStatus.task_id, TaskStatus.period, TaskStatus.status, TaskStatus.note, TaskStatus.updated_at).where(
            TaskStatus.agency_id == agency_id
        )
    )
    for task_id, period, status, note, updated_at in rows:
        found[task_id].append(PeriodStatus(period, Status(status), note, updated_at))
    return found


async def agency_history(session: AsyncSession, agency_id: int, limit: int = 1000) -> dict[int, list[HistoryEntry]]:
    """The agency's latest status changes, by task, newest first."""
    who = aliased(Account)
    rows = await session.execute(
        select(StatusChange, who.display_name)
        .outerjoin(who, who.id == StatusChange.changed_by)
        .where(StatusChange.agency_id == agency_id)
        .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())
        .limit(limit)
    )
    name = await session.scalar(select(Agency.name).where(Agency.id == agency_id)) or "?"
    found: dict[int, list[HistoryEntry]] = defaultdict(list)
    for change, by in rows:
        found[change.task_id].append(
            HistoryEntry(change.changed_at, name, change.period, Status(change.status), change.note, by)
        )
    return found


async def task_statuses(session: AsyncSession, task_id: int) -> list[TaskStatusRow]:
    """Every agency's status of the task, in every period."""
    rows = await session.execute(
        select(TaskStatus.agency_id, Agency.name, TaskStatus.period, TaskStatus.status, TaskStatus.note)
        .join(Agency, Agency.id == TaskStatus.agency_id)
        .where(TaskStatus.task_id == task_id)
    )
    return [TaskStatusRow(a, name, period, Status(status), note) for a, name, period, status, note in rows]


async def followers(session: AsyncSession, agency_id: int) -> list[Follower]:
    """Who follows the agency: focal points (by their accounts) and group chats."""
    people = await session.execute(
        select(Account.display_name, Account.channel, Account.username)
        .join(AgencyLink, AgencyLink.account_id == Account.id)
        .where(AgencyLink.agency_id == agency_id)
        .order_by(Account.display_name)
    )
    groups = await session.execute(
        select(ChatRoom.title, ChatRoom.channel, ChatRoom.external_id)
        .join(AgencyLink, AgencyLink.chat_id == ChatRoom.id)
        .where(AgencyLink.agency_id == agency_id)
        .order_by(ChatRoom.title)
    )
    return [Follower(name, channel, False, username) for name, channel, username in people] + [
        Follower(title or external, channel, True) for title, channel, external in groups
    ]


async def follower_counts(session: AsyncSession) -> dict[int, int]:
    """How many people and group chats follow each agency."""
    rows = await session.execute(select(AgencyLink.agency_id, func.count()).group_by(AgencyLink.agency_id))
    return {agency_id: count for agency_id, count in rows}
