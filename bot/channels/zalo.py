"""Zalo through the Zalo Bot API: updates become core events, replies become sendMessage calls.

Long polling for development, a webhook for production (the two cannot be used at once).
Zalo has no buttons, no markup, no editing and no documents: a reply is flattened to plain
text, its buttons become numbered choices (bot/core/choices.py, shared with the terminal),
and a long text is split under 2,000 characters at line breaks. Only translation lives
here; every decision is the core's.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hmac
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from aiohttp import web

from base.delivery import Blocked, Rejected, RetryLater, Turn, Unavailable
from base.events import ChatKind, Incoming, Outcome, Reply
from base.markup import Html, split_message, to_plain, visible_length
from bot.channels.zalo_client import (
    TEXT_LIMIT,
    NoUpdate,
    QuotaExceeded,
    ZaloClient,
    ZaloError,
    ZaloRefused,
    ZaloUnauthorized,
    ZaloUpdate,
    parse_update,
)
from bot.core.choices import NumberedChoices

log = logging.getLogger(__name__)
CHANNEL = "zalo"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TEXT_EVENT = "message.text.received"

Handler = Callable[[Incoming], Awaitable[Outcome]]
AfterEvent = Callable[[Outcome], Awaitable[None]]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class ZaloWebhook:
    url: str  # the public https URL Zalo posts to
    secret: str
    listen: str
    port: int

    @property
    def path(self) -> str:
        return "/" + self.url.split("://", 1)[1].partition("/")[2]


class RecentUpdates:
    """Deliveries seen lately: one that comes again (Zalo delivering twice) is dropped.
    Kept per process, for as long as a redelivery could come."""

    def __init__(self, keep: float = 600.0, limit: int = 20_000, now: Callable[[], float] = time.monotonic):
        self._keep, self._limit, self._now = keep, limit, now
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str) -> bool:
        now = self._now()
        while self._seen and (len(self._seen) >= self._limit or next(iter(self._seen.values())) < now - self._keep):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


def pieces(text: Html) -> list[str]:
    """Plain-text messages of at most 2,000 characters, cut at line breaks where possible."""
    parts = (to_plain(piece).strip("\n") for piece in split_message(text, TEXT_LIMIT, measure=visible_length))
    return [part for part in parts if part.strip()]


class ZaloChannel:
    def __init__(
        self,
        client: ZaloClient,
        handle: Handler,
        after: AfterEvent,
        choices: NumberedChoices,
        *,
        retry_after: float = 60.0,
        poll_timeout: float = 30.0,
        sleep: Sleep = asyncio.sleep,
    ):
        self.client, self._handle, self._after, self.choices = client, handle, after, choices
        self.retry_after, self.poll_timeout = retry_after, poll_timeout
        self.sleep = sleep  # every pause (a quota, a failed poll) goes through it: tests pass their own
        # Set by the service: direct answers do not wait, but count in the bot's limits.
        self.direct_turn: Callable[[str], Awaitable[None]] | None = None
        self.bot: dict | None = None
        self._recent = RecentUpdates()
        self._chats: dict[str, tuple[asyncio.Lock, int]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._secret = b""

    # -- translating in --------------------------------------------------------------------

    def _event(self, update: ZaloUpdate) -> Incoming:
        message = update.message
        return Incoming(
            channel=CHANNEL,
            chat_id=message.chat_id,
            chat_kind=ChatKind.GROUP if message.is_group else ChatKind.PRIVATE,
            user_id=message.sender_id,
            user_name=message.sender_name,
            # Photos, stickers and the rest carry nothing the core can read.
            text=message.text if update.event_name == TEXT_EVENT else None,
        )

    def dispatch(self, update: ZaloUpdate) -> None:
        """Handle an update in the background: polling goes on, a webhook is answered at once.
        Updates of one chat are handled one after the other, in the order they came."""
        if update.message.sender_is_bot or not self._recent.first_time(update.key):
            return
        task = asyncio.create_task(self._handle_update(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle_update(self, update: ZaloUpdate) -> None:
        event = self._event(update)
        async with self._in_order(event.chat_id):
            try:
                action = await self.choices.pressed(event.chat_id, event.text)
                if action is not None:  # a number typed: the button it stands for
                    event = dataclasses.replace(event, text=None, button=action)
                outcome = await self._handle(event)
                for reply in outcome.replies:
                    try:
                        await self.send(event.chat_id, reply, self._turn(event.chat_id), patient=True)
                    except ZaloError as error:  # the user misses this answer; notices still go
                        log.warning("could not answer a Zalo message: %s", error)
                await self._after(outcome)
            except Exception:
                log.exception("a Zalo update could not be handled")

    @contextlib.asynccontextmanager
    async def _in_order(self, chat_id: str) -> AsyncIterator[None]:
        lock, users = self._chats.get(chat_id, (asyncio.Lock(), 0))
        self._chats[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._chats[chat_id]
            if users == 1:
                del self._chats[chat_id]
            else:
                self._chats[chat_id] = (lock, users - 1)

    def _turn(self, chat_id: str) -> Turn | None:
        return partial(self.direct_turn, chat_id) if self.direct_turn else None

    # -- translating out -------------------------------------------------------------------

    async def send(self, chat_id: str, reply: Reply, turn: Turn | None = None, *, patient: bool = False) -> None:
        """The reply as one or more texts. A quota error on a later piece (or on any piece of
        a direct answer, when ``patient``) is waited out here: the pieces before it are out."""
        for n, piece in enumerate(pieces(await self.choices.flatten(chat_id, reply))):
            if turn is not None:
                await turn()
            await self._send_piece(chat_id, piece, patient or n > 0)
        await self.choices.shown(chat_id, reply)

    async def _send_piece(self, chat_id: str, text: str, patient: bool, attempts: int = 3) -> None:
        for attempt in range(attempts if patient else 1):
            try:
                await self.client.send_message(chat_id, text)
                return
            except QuotaExceeded:
                if not patient or attempt == attempts - 1:
                    raise
                await self.sleep(self.retry_after)

    async def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> None:
        """For the sender: Zalo's errors in the terms of base.delivery."""
        try:
            await self.send(chat_id, reply, turn)
        except QuotaExceeded as error:  # Zalo gives no wait: ours, for the whole bot
            raise RetryLater(self.retry_after, str(error)) from error
        except ZaloRefused as error:
            if error.code in (403, 404):  # the user blocked the bot, or the chat is gone
                raise Blocked(str(error)) from error
            if error.code is not None and error.code >= 500:
                raise Unavailable(str(error)) from error
            raise Rejected(str(error)) from error
        except ZaloError as error:  # unreachable, or a token refused: try again later
            raise Unavailable(str(error)) from error

    # -- running ---------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, webhook: ZaloWebhook | None = None) -> None:
        """Serve until ``stop`` is set. A token Zalo refuses stops here (ZaloUnauthorized)."""
        self.bot = await self.client.get_me()
        if webhook is None:
            await self.client.delete_webhook()  # polling and a webhook cannot be used at once
            polling = asyncio.create_task(self._poll())
            log.info("Zalo bot is polling")
            await stop.wait()
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
        else:
            await self._serve_webhook(stop, webhook)
        if self._tasks:  # answers being written finish, briefly
            await asyncio.wait(set(self._tasks), timeout=5)
        await self.choices.settle()

    async def _poll(self) -> None:
        failures = 0
        while True:
            try:
                update = await self.client.get_updates(self.poll_timeout)
            except NoUpdate:  # an empty poll answers 408
                failures = 0
                continue
            except QuotaExceeded as error:
                log.warning("Zalo quota exceeded while polling (%s); waiting %.0f s", error, self.retry_after)
                await self.sleep(self.retry_after)
                continue
            except ZaloUnauthorized as error:
                failures += 1
                log.error("Zalo refused the bot token while polling (%s); check ZALO_BOT_TOKEN", error)
                await self.sleep(min(60.0, 2.0**failures))
                continue
            except Exception as error:  # the network, a bad answer: poll again, a little later each time
                failures += 1
                log.warning("Zalo polling failed (%s); again in %.0f s", error, min(60.0, 2.0**failures))
                await self.sleep(min(60.0, 2.0**failures))
                continue
            failures = 0
            if update is not None:
                self.dispatch(update)

    async def _serve_webhook(self, stop: asyncio.Event, webhook: ZaloWebhook) -> None:
        self._secret = webhook.secret.encode()
        app = web.Application(client_max_size=2**20)
        app.router.add_post(webhook.path, self._on_webhook)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, webhook.listen, webhook.port).start()
            await self.client.set_webhook(webhook.url, webhook.secret)
            log.info("Zalo bot is on webhook, listening on %s:%d", webhook.listen, webhook.port)
            await stop.wait()
        finally:
            await runner.cleanup()

    async def _on_webhook(self, request: web.Request) -> web.Response:
        """Checked, parsed and answered at once; the update is handled after the answer."""
        offered = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(offered, self._secret):
            return web.Response(status=403, text="forbidden")
        try:
            body = await request.json()
        except ValueError:
            return web.Response(status=400, text="not JSON")
        if not isinstance(body, dict):
            return web.Response(status=400, text="not an update")
        update = parse_update(body)
        if update is not None:
            self.dispatch(update)
        return web.json_response({"ok": True})
