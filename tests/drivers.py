"""The same user actions on every channel, for the contract tests: type a text, press the
button (or type the number) whose label says something, and wait to see a text.

Each driver runs the real adapter: Telegram through python-telegram-bot and the strict
Telegram stand-in, Zalo through its client and the strict Zalo stand-in, the terminal
through TerminalChannel with lines in and lines out.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from chatbot import ADMIN, START, ZALO_ADMIN, RunningBot, choice_number, running_bot

from base.clock import ManualClock
from base.delivery import Turn
from base.events import Reply
from bot.channels.terminal import TerminalChannel
from bot.runtime import Runtime, open_runtime
from bot.service import TERMINAL_ADMIN, Service
from bot.settings import load_settings
from seed.importer import bundled_plan, import_plan

USERS = ("admin", "health", "other")


class Driver:
    """One channel as its users see it. Users are named: admin, health (to be the focal
    point of Sở Y tế), other (a second person)."""

    name: str
    runtime: Runtime
    clock: ManualClock
    service: Service

    def seen(self, user: str) -> list[str]:
        """Every text the user sees now: messages (as edited), notes on pressed buttons."""
        raise NotImplementedError

    async def type(self, user: str, text: str) -> None:
        raise NotImplementedError

    async def press(self, user: str, label: str) -> None:
        """On channels without buttons: type the number the last offer gave the label."""
        offered = next(text for text in reversed(self.seen(user)) if label in text and " = " in text)
        await self.type(user, choice_number(offered, label))

    async def wait(self, predicate: Callable[[], bool], what: str) -> None:
        raise NotImplementedError

    async def new_text(self, user: str, action: Awaitable[None], needle: str) -> str:
        """Do ``action``, then wait until the user sees a text they had not seen before
        with ``needle`` in it; that text."""
        before = Counter(self.seen(user))

        def found() -> str | None:
            fresh = Counter(self.seen(user)) - before
            return next((text for text in fresh.elements() if needle in text), None)

        await action
        await self.wait(lambda: found() is not None, f"{needle!r} seen by {user} on {self.name}")
        text = found()
        assert text is not None
        return text

    async def say(self, user: str, text: str, expect: str) -> str:
        return await self.new_text(user, self.type(user, text), expect)

    async def choose(self, user: str, label: str, expect: str) -> str:
        return await self.new_text(user, self.press(user, label), expect)


@dataclass
class TelegramDriver(Driver):
    bot: RunningBot
    name: str = "telegram"
    ids: dict[str, int] = field(default_factory=lambda: {"admin": ADMIN, "health": 2001, "other": 2002})

    def __post_init__(self) -> None:
        self.runtime, self.clock, self.service = self.bot.runtime, self.bot.clock, self.bot.service

    def seen(self, user: str) -> list[str]:
        chat = self.ids[user]
        toasts = [a["text"] for a in self.bot.tg.callback_answers if a["chat_id"] == chat and a["text"]]
        return [m.plain_text or "" for m in self.bot.tg.sent(chat)] + toasts

    async def type(self, user: str, text: str) -> None:
        self.bot.tg.push_text(self.ids[user], text)

    async def press(self, user: str, label: str) -> None:
        chat = self.ids[user]
        message = next(
            m for m in reversed(self.bot.tg.sent(chat)) if any(label in t for row in m.buttons for t, _ in row)
        )
        await self.bot.press(message, label, user_id=chat)

    async def wait(self, predicate: Callable[[], bool], what: str) -> None:
        await self.bot.tg.wait_until(predicate, what=what)


@dataclass
class ZaloDriver(Driver):
    bot: RunningBot
    name: str = "zalo"
    ids: dict[str, str] = field(
        default_factory=lambda: {"admin": ZALO_ADMIN, "health": "8000000000000000002", "other": "8000000000000000003"}
    )

    def __post_init__(self) -> None:
        self.runtime, self.clock, self.service = self.bot.runtime, self.bot.clock, self.bot.service

    def seen(self, user: str) -> list[str]:
        assert self.bot.zl is not None
        return self.bot.zl.texts(self.ids[user])

    async def type(self, user: str, text: str) -> None:
        assert self.bot.zl is not None
        self.bot.zl.push_text(self.ids[user], text)

    async def wait(self, predicate: Callable[[], bool], what: str) -> None:
        assert self.bot.zl is not None
        await self.bot.zl.wait_until(predicate, what=what)


class _Terminals:
    """The service's "terminal" channel for messages from the outbox: each user's own
    terminal shows what is sent to them."""

    def __init__(self) -> None:
        self.by_chat: dict[str, TerminalChannel] = {}

    async def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> None:
        await self.by_chat[chat_id].send_message(chat_id, reply, turn)


@dataclass
class TerminalDriver(Driver):
    runtime: Runtime
    clock: ManualClock
    service: Service
    name: str = "terminal"
    ids: dict[str, str] = field(
        default_factory=lambda: {"admin": TERMINAL_ADMIN[1], "health": "health", "other": "other"}
    )
    shown: dict[str, list[str]] = field(default_factory=dict)
    terminals: dict[str, TerminalChannel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        router = _Terminals()
        self.service.channels["terminal"] = router
        for user, user_id in self.ids.items():
            lines = self.shown.setdefault(user, [])
            terminal = TerminalChannel(self.service.conversation.handle, user_id, f"Người {user}", write=lines.append)
            self.terminals[user] = router.by_chat[user_id] = terminal

    def seen(self, user: str) -> list[str]:
        return [line.rstrip("\n") for line in self.shown[user]]

    async def type(self, user: str, text: str) -> None:
        outcome = await self.terminals[user].step(text)
        await self.service.after(outcome)

    async def wait(self, predicate: Callable[[], bool], what: str) -> None:
        assert predicate(), f"expected {what}; the terminals showed {self.shown}"  # all of it is done by now


@contextlib.asynccontextmanager
async def driver_for(kind: str, database_url: str) -> AsyncIterator[Driver]:
    if kind in ("telegram", "zalo"):
        async with running_bot(database_url, zalo=kind == "zalo") as bot:
            yield TelegramDriver(bot) if kind == "telegram" else ZaloDriver(bot)
        return
    settings = load_settings(_env_file=None, database_url=database_url)
    clock = ManualClock(START)
    async with open_runtime(settings, clock) as runtime:
        await import_plan(runtime.sessions, bundled_plan(), alias_table=runtime.alias_table, now=clock())
        yield TerminalDriver(runtime, clock, Service(runtime))
