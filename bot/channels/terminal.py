"""A chat in the terminal, on the same core: for trying AgencyBot without any chat app.

An adapter like the others: lines typed become core events, replies are printed. Buttons
become numbered choices, as on Zalo (bot/core/choices.py): typing the number presses the
button. The numbers are kept in memory, which is enough: the terminal's one chat lives as
long as the process.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from base.delivery import Turn
from base.events import ChatKind, Incoming, Outcome, Reply
from base.markup import to_plain
from bot.core.catalogue import Texts
from bot.core.choices import MemoryChoices, NumberedChoices

CHANNEL = "terminal"
Handler = Callable[[Incoming], Awaitable[Outcome]]
ReadLine = Callable[[], Awaitable[str | None]]  # None at the end of input
Write = Callable[[str], None]


async def read_stdin() -> str | None:
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    return line.rstrip("\n") if line else None


def write_stdout(text: str) -> None:
    print(text, flush=True)


class TerminalChannel:
    def __init__(
        self,
        handle: Handler,
        user_id: str,
        user_name: str,
        read: ReadLine = read_stdin,
        write: Write = write_stdout,
        language: str = "vi",
        files: Path | None = None,
    ):
        self._handle, self._read, self._write = handle, read, write
        self.files = files  # where files the bot hands over are saved (an export); None: not saved
        self.user_id, self.user_name, self.language = user_id, user_name, language
        self.choices = NumberedChoices(CHANNEL, MemoryChoices(language))

    def _event(self, text: str | None = None, button: str | None = None) -> Incoming:
        return Incoming(
            CHANNEL,
            self.user_id,
            ChatKind.PRIVATE,
            self.user_id,
            self.user_name,
            language=self.language,
            text=text,
            button=button,
        )

    async def show(self, chat_id: str, reply: Reply) -> None:
        text = to_plain(await self.choices.flatten(chat_id, reply))
        if (saved := self._save(reply)) is not None:
            text += "\n" + to_plain(Texts(self.language)("terminal.saved", path=str(saved)))
        self._write((f"(→ {chat_id}) " if chat_id != self.user_id else "") + text + "\n")
        await self.choices.shown(chat_id, reply)

    def _save(self, reply: Reply) -> Path | None:
        """A file for the person at the terminal (an Excel export) lands next to them, never over another."""
        document = reply.document
        if self.files is None or document is None or document.content is None:
            return None
        name = Path(document.name).name or "file"
        path, n = self.files / name, 1
        while path.exists():
            n += 1
            path = self.files / f"{Path(name).stem} ({n}){Path(name).suffix}"
        path.write_bytes(document.content)
        return path

    async def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> None:
        await self.show(chat_id, reply)

    async def step(self, line: str) -> Outcome:
        """Handle one typed line: a number presses the button of that number."""
        text = line.strip()
        action = await self.choices.pressed(self.user_id, text)
        outcome = await self._handle(self._event(button=action) if action else self._event(text=text))
        for reply in outcome.replies:
            await self.show(self.user_id, reply)
        return outcome

    async def run(self, after: Callable[[Outcome], Awaitable[None]]) -> None:
        self._write(to_plain(Texts(self.language)("terminal.banner", name=self.user_name)) + "\n")
        while (line := await self._read()) is not None:
            if line.strip():
                outcome = await self.step(line)
                await after(outcome)
