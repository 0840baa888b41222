"""Who is talking, as the conversation core sees it: plain values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"  # a focal point, or anyone who has not been given a role
    COORDINATOR = "coordinator"
    ADMIN = "admin"


@dataclass(frozen=True)
class AgencyRef:
    id: int
    name: str


@dataclass(frozen=True)
class Actor:
    account_id: int
    channel: str
    external_id: str
    name: str
    username: str | None
    role: Role
    language: str | None  # chosen with /lang
    chat_id: int
    chat_external_id: str
    chat_is_group: bool
    agencies: tuple[AgencyRef, ...]  # linked to this person
    chat_agencies: tuple[AgencyRef, ...]  # linked to this group chat

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.COORDINATOR, Role.ADMIN)

    @property
    def scope(self) -> tuple[AgencyRef, ...]:
        """The agencies "my tasks" means: the group's in a linked group, else the person's."""
        if self.chat_is_group and self.chat_agencies:
            return self.chat_agencies
        return self.agencies


BOTH = "both"  # /notify both: every channel the person uses


def routes(preference: str | None, chats: Sequence[tuple[str, bool]]) -> list[int]:
    """Which of one person's private chats (channel, reachable) get their reminders and
    broadcasts: those on the chosen channel, or every reachable one for "both". When the
    chosen channel cannot be reached (the bot was blocked there), the others stand in."""
    reachable = [n for n, (_channel, active) in enumerate(chats) if active]
    if preference in (None, BOTH):
        return reachable
    chosen = [n for n in reachable if chats[n][0] == preference]
    return chosen or reachable
