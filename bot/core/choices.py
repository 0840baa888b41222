"""Numbered choices: what stands for buttons on channels that have none (Zalo, the terminal).

A reply's buttons become "Trả lời 1 = ✅ Hoàn thành, 2 = 🔄 Đang làm, 3 = ⛔ Vướng mắc" under
its text, one line per row of buttons (``flatten``); once it is sent (``shown``), the chat's
memory keeps what each number does until the next message with choices replaces it. A
number typed back becomes the button's action, which the core re-checks exactly like a
pressed button: it proves nothing.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from base.events import Button, Reply
from base.markup import Html, esc, join
from bot.core.catalogue import DEFAULT_LANGUAGE, Texts
from db import choices
from db.engine import unit_of_work

log = logging.getLogger(__name__)
_NUMBER = re.compile(r"\s*([0-9]{1,3})\s*[.)]?\s*")  # "1", " 2 ", "3." as people type them


class ChoiceMemory(Protocol):
    async def keep(self, channel: str, chat_id: str, actions: list[str]) -> None:
        """Remember the chat's choices, in place of the ones before."""

    async def recall(self, channel: str, chat_id: str) -> list[str]: ...

    async def language(self, channel: str, chat_id: str) -> str | None:
        """The chat's language, for a message that does not say (one from the outbox)."""

    async def settle(self) -> None:
        """Finish what is being written (before the process stops)."""


class MemoryChoices:
    """Choices kept in the process: enough for the terminal, whose one chat lives exactly as
    long as the process does."""

    def __init__(self, language: str | None = None):
        self._language = language
        self._actions: dict[tuple[str, str], list[str]] = {}

    async def keep(self, channel: str, chat_id: str, actions: list[str]) -> None:
        self._actions[(channel, chat_id)] = actions

    async def recall(self, channel: str, chat_id: str) -> list[str]:
        return self._actions.get((channel, chat_id), [])

    async def language(self, channel: str, chat_id: str) -> str | None:
        return self._language

    async def settle(self) -> None:
        return None


class DatabaseChoices:
    """Choices kept with the chat in the database: after a restart, or in another process
    behind the same webhook, "1" still means what the last message offered.

    Written in the background, so that an answer never waits for the write: a chat's writes
    go in order, and reading a chat's choices first waits for this process's write of them.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]):
        self.sessions = sessions
        self._writing: dict[tuple[str, str], asyncio.Task[None]] = {}

    async def keep(self, channel: str, chat_id: str, actions: list[str]) -> None:
        key = (channel, chat_id)
        task = asyncio.create_task(self._write(key, actions, self._writing.get(key)))
        self._writing[key] = task
        task.add_done_callback(lambda done: self._writing.pop(key) if self._writing.get(key) is done else None)

    async def _write(self, key: tuple[str, str], actions: list[str], before: asyncio.Task[None] | None) -> None:
        if before is not None:
            await asyncio.wait([before])
        try:
            async with unit_of_work(self.sessions) as session:
                await choices.keep(session, *key, actions)
        except Exception:  # the numbers of that message will not work; the next message's will
            log.exception("could not keep the numbered choices of a %s chat", key[0])

    async def recall(self, channel: str, chat_id: str) -> list[str]:
        if (writing := self._writing.get((channel, chat_id))) is not None:
            await asyncio.wait([writing])
        async with self.sessions() as session:
            return await choices.recall(session, channel, chat_id)

    async def language(self, channel: str, chat_id: str) -> str | None:
        async with self.sessions() as session:
            return await choices.language(session, channel, chat_id)

    async def settle(self) -> None:
        if self._writing:
            await asyncio.wait(set(self._writing.values()))


def choice_lines(texts: Texts, rows: Sequence[Sequence[Button]]) -> Html:
    numbers = itertools.count(1)
    lines = [Html(", ".join(f"{next(numbers)} = {esc(button.label)}" for button in row)) for row in rows if row]
    return join([texts("choices.reply", choices=lines[0]), *lines[1:]])


class NumberedChoices:
    """Flattening replies for one channel without buttons, and reading numbers back."""

    def __init__(self, channel: str, memory: ChoiceMemory):
        self.channel, self.memory = channel, memory

    async def flatten(self, chat_id: str, reply: Reply) -> Html:
        """The reply as one text: the toast where there is nowhere else to show it, a file
        named (these channels cannot pass it on), the buttons as numbered choices."""
        if reply.only_toast and reply.toast:
            lines = [esc(reply.toast)]
        elif reply.toast and reply.replace:  # a pressed button's note, then the updated message
            lines = [esc(reply.toast), Html(""), reply.text]
        else:
            lines = [reply.text]
        if reply.document is not None:
            size = f", {len(reply.document.content):,} bytes" if reply.document.content else ""
            lines.append(Html(f"📎 {esc(reply.document.name)}{esc(size)}"))
        if any(reply.buttons):
            language = reply.language or await self.memory.language(self.channel, chat_id)
            lines += [Html(""), choice_lines(Texts(language or DEFAULT_LANGUAGE), reply.buttons)]
        return join(lines)

    async def shown(self, chat_id: str, reply: Reply) -> None:
        """The reply reached the chat: from now on its numbers stand for its buttons. (After
        sending, not before: the numbers are those of a message the user has, and keeping
        them does not delay it.)"""
        if any(reply.buttons):
            await self.memory.keep(self.channel, chat_id, [button.action for row in reply.buttons for button in row])

    async def settle(self) -> None:
        await self.memory.settle()

    async def pressed(self, chat_id: str, text: str | None) -> str | None:
        """The action of the number typed, when the chat was offered that many choices."""
        match = _NUMBER.fullmatch(text or "")
        if match is None:
            return None
        actions = await self.memory.recall(self.channel, chat_id)
        number = int(match[1])
        return actions[number - 1] if 0 < number <= len(actions) else None
