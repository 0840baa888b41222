"""A chat in the terminal, on the same core: for trying AgencyBot without any chat app.

Buttons become numbered choices: typing the number presses the button.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable

from bot.core.events import Button, ChatKind, Incoming, Outcome, Reply
from bot.core.markup import to_plain
from bot.delivery import Turn

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
    ):
        self._handle, self._read, self._write = handle, read, write
        self.user_id, self.user_name, self.language = user_id, user_name, language
        self._choices: list[Button] = []

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

    def show(self, reply: Reply, prefix: str = "") -> None:
        text = reply.toast if reply.only_toast and reply.toast else to_plain(reply.text)
        lines = [prefix + text] if prefix else [text]
        if reply.document is not None:  # a terminal cannot hand over a file: say what it was
            size = f", {len(reply.document.content):,} bytes" if reply.document.content else ""
            lines.append(f"📎 {reply.document.name}{size}")
        buttons = [button for row in reply.buttons for button in row]
        if buttons:
            self._choices = buttons
            lines.append("  ".join(f"[{n}] {b.label}" for n, b in enumerate(buttons, 1)))
        self._write("\n".join(lines) + "\n")

    async def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> None:
        self.show(reply, prefix=f"(→ {chat_id}) " if chat_id != self.user_id else "")

    async def step(self, line: str) -> Outcome:
        """Handle one typed line: a number presses the button of that number."""
        text = line.strip()
        if text.isdigit() and 0 < int(text) <= len(self._choices):
            outcome = await self._handle(self._event(button=self._choices[int(text) - 1].action))
        else:
            outcome = await self._handle(self._event(text=text))
        for reply in outcome.replies:
            self.show(reply)
        return outcome

    async def run(self, after: Callable[[Outcome], Awaitable[None]]) -> None:
        self._write(f"AgencyBot — {self.user_name}. Gõ /help để xem hướng dẫn, Ctrl-D để thoát.\n")
        while (line := await self._read()) is not None:
            if line.strip():
                outcome = await self.step(line)
                await after(outcome)
