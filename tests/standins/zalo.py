"""A strict local stand-in for the Zalo Bot API (Zalo Bot Platform), for end-to-end tests with the real client.

It holds the bot to the API as its documentation describes it:
- `<base_url><token>/<method>`, GET or POST, with query, form or JSON parameters; answers `{ok, result}`, or
  `{ok: false, error_code, description}` with the same HTTP status. A wrong token answers 401.
- `getUpdates`: a long poll of `timeout` seconds that returns one update (an object, not a list); there is no
  offset, so an update is handed out once. An empty poll answers 408. Refused while a webhook is set.
- `setWebhook`: an https `url` and a `secret_token` of 8 to 256 characters. Updates are then POSTed with the
  `X-Bot-Api-Secret-Token` header, wrapped as `{"ok": true, "result": update}` or bare (`wrap_webhook`), and, on
  demand, twice (`deliver_twice`). Deliveries go to 127.0.0.1 only, over plain http on the host and port of the
  https URL (tests have no TLS); a test can also `post_raw` any body with any secret.
- `sendMessage`: the chat must have written to the bot first; `text` of 1 to 2,000 characters and nothing else (no
  parse_mode, no reply_markup: Zalo has neither). `sendPhoto`: an http(s) `photo` URL. `sendChatAction`: typing.
- Failures on demand: `fail_next(method, 429)` (quota exceeded), 401, or any code, for the next calls of a method;
  `block(chat)`: sends there answer 403 until the user writes again.

The wording of errors is the stand-in's own: Zalo publishes little of it. Tests inject what users do (`push_text`,
`push_event`) and look at what the bot did (`sent`, `next_message`, `calls`, `errors`, `webhook_deliveries`).
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import ClientError, web

from standins.loopback import LoopbackServer, reply_latencies, request_params

JSON = dict[str, Any]
_ARRIVED: contextvars.ContextVar[float] = contextvars.ContextVar("arrived", default=0.0)

DEFAULT_TOKEN = "3141592653589793238:ZaloTestTokenAbcdefghijklmnopqrstuvwxyz"
TEXT_LIMIT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
WEBHOOK_HOSTS = frozenset({"127.0.0.1", "localhost"})  # tests must never send traffic off this machine
ALLOWED = {
    "getMe": set(),
    "getUpdates": {"timeout"},
    "setWebhook": {"url", "secret_token"},
    "deleteWebhook": set(),
    "getWebhookInfo": set(),
    "sendMessage": {"chat_id", "text"},
    "sendPhoto": {"chat_id", "photo", "caption"},
    "sendChatAction": {"chat_id", "action"},
}
DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: the user has blocked the bot",
    404: "Not Found",
    408: "Request timeout",
    409: "Conflict: a webhook is set; call deleteWebhook before getUpdates",
    429: "Too Many Requests: quota exceeded",
    500: "Internal Server Error",
}


class ApiError(Exception):
    def __init__(self, code: int, description: str | None = None) -> None:
        super().__init__(description or DESCRIPTIONS.get(code, "Error"))
        self.code, self.description = code, description or DESCRIPTIONS.get(code, "Error")


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class SentMessage:
    message_id: str
    chat_id: str
    text: str
    sent_at: float  # time.monotonic() when the request arrived


@dataclass
class PushedUpdate:
    update: JSON
    chat_id: str
    pushed_at: float
    update_at: float | None = None  # when the bot could first see it: getUpdates answer or webhook POST


@dataclass
class WebhookDelivery:
    update: JSON
    body: JSON
    status: int
    posted_at: float
    answered_at: float


@dataclass
class _Chat:
    chat_type: str  # PRIVATE | GROUP
    blocked: bool = False
    users: dict[str, JSON] = field(default_factory=dict)


class ZaloStandIn(LoopbackServer):
    def __init__(self, *, token: str = DEFAULT_TOKEN, wrap_webhook: bool = True):
        super().__init__()
        self.token = token
        self.base_url = ""
        self.bot: JSON = {"id": token.split(":")[0], "account_name": "agencybot_test", "account_type": "BASIC"}
        self.wrap_webhook = wrap_webhook  # webhook bodies as {"ok": true, "result": ...} (else bare)
        self.deliver_twice = False  # every webhook update POSTed twice, as a retrying server would
        self.calls: list[tuple[str, JSON]] = []
        self.errors: list[tuple[str, int, str]] = []  # every refusal: (method, code, description)
        self.updates: list[PushedUpdate] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.empty_polls = 0
        self.webhook: JSON | None = None
        self._pending: list[PushedUpdate] = []
        self._chats: dict[str, _Chat] = {}
        self._messages: dict[str, list[SentMessage]] = {}
        self._read: dict[str, int] = {}
        self._failures: dict[str, list[int]] = {}
        self._message_ids = itertools.count(1)
        self._polls = 0
        self._methods = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
        }

    # --- lifecycle

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.add_routes([web.get("/bot{token}/{method}", self._handle), web.post("/bot{token}/{method}", self._handle)])
        self.base_url = f"http://127.0.0.1:{await self._listen(app, port)}/bot"

    # --- what users do

    def push_text(self, chat_id: str, text: str, **options: Any) -> JSON:
        """A user writes ``text`` (options as push_event's)."""
        return self.push_event(chat_id, "message.text.received", text=text, **options)

    def push_event(
        self,
        chat_id: str,
        event_name: str,
        *,
        text: str | None = None,
        user_id: str | None = None,
        display_name: str = "Người dùng thử",
        chat_type: str = "PRIVATE",
        is_bot: bool = False,
        **extra: Any,
    ) -> JSON:
        """Any update: ``message.image.received`` (with photo_url=...), ``message.sticker.received``, ..."""
        if chat_type not in ("PRIVATE", "GROUP"):
            raise ValueError(f"chat_type is PRIVATE or GROUP, not {chat_type!r}")
        user_id = user_id or chat_id
        if chat_type == "PRIVATE" and user_id != chat_id:
            raise ValueError("a private chat's id is its user's id")
        chat = self._chats.setdefault(chat_id, _Chat(chat_type))
        chat.blocked = False  # writing to the bot (re)opens the chat
        sender = {"id": user_id, "display_name": display_name, "is_bot": is_bot}
        chat.users[user_id] = sender
        message: JSON = {
            "message_id": f"m{next(self._message_ids)}",
            "date": int(time.time() * 1000),
            "chat": {"id": chat_id, "chat_type": chat_type},
            "from": sender,
            **({"text": text} if text is not None else {}),
            **extra,
        }
        update = {"event_name": event_name, "message": message}
        pushed = PushedUpdate(update, chat_id, time.monotonic())
        self.updates.append(pushed)
        self._pending.append(pushed)
        self._signal.fire()
        return update

    def block(self, chat_id: str) -> None:
        """The user blocks the bot: sends there answer 403 until they write again."""
        self._chats[chat_id].blocked = True

    def fail_next(self, method: str, code: int, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer ``code`` (429: quota exceeded, 401, 500...)."""
        self._failures.setdefault(method, []).extend([code] * times)

    # --- what the bot did

    def sent(self, chat_id: str) -> list[SentMessage]:
        return list(self._messages.get(chat_id, []))

    def texts(self, chat_id: str) -> list[str]:
        return [message.text for message in self.sent(chat_id)]

    @property
    def is_polling(self) -> bool:
        return self._polls > 0

    def skip_unread(self, chat_id: str) -> None:
        """next_message returns only what comes after this."""
        self._read[chat_id] = len(self._messages.get(chat_id, []))

    async def next_message(self, chat_id: str, timeout: float = 5.0) -> SentMessage:
        """The next message to the chat that next_message has not returned yet."""
        await self.wait_until(
            lambda: len(self._messages.get(chat_id, [])) > self._read.get(chat_id, 0),
            timeout,
            f"a message to {chat_id}",
        )
        self._read[chat_id] = self._read.get(chat_id, 0) + 1
        return self._messages[chat_id][self._read[chat_id] - 1]

    def _recent(self) -> list[tuple[object, object]]:
        return [(m.chat_id, m.text[:80]) for messages in self._messages.values() for m in messages][-5:]

    def reply_latencies(self) -> list[float]:
        """Per update the bot saw: seconds from availability to the next message in its chat."""
        return reply_latencies(self.updates, lambda chat_id: [m.sent_at for m in self._messages.get(chat_id, [])])

    async def post_raw(self, body: JSON, secret: str | None) -> int:
        """POST any body to the webhook with this secret header (None: no header); the HTTP status answered."""
        if self.webhook is None:
            raise RuntimeError("no webhook is set")
        status, _answered = await self._post(self.webhook["url"], body, secret)
        return status

    # --- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        _ARRIVED.set(time.monotonic())
        name = request.match_info["method"]
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401)
            method = self._methods.get(name)
            if method is None:
                raise ApiError(404)
            params = await request_params(request, _bad("the body must be a JSON object"))
            self.calls.append((name, params))
            self._signal.fire()
            if unknown := set(params) - ALLOWED[name]:
                raise _bad(f"unknown parameter {sorted(unknown)[0]}")
            if self._failures.get(name):
                raise ApiError(self._failures[name].pop(0))
            result = await method(params)
        except ApiError as error:
            if request.transport is not None and not request.transport.is_closing():
                self.errors.append((name, error.code, error.description))
            self._signal.fire()
            body = {"ok": False, "error_code": error.code, "description": error.description}
            return web.json_response(body, status=error.code)
        return web.json_response({"ok": True, "result": result})

    # --- updates: long polling and webhook

    async def _get_updates(self, params: JSON) -> JSON:
        if self.webhook is not None:
            raise ApiError(409)
        try:
            timeout = max(float(params.get("timeout", 30)), 0.0)
        except (TypeError, ValueError):
            raise _bad("timeout must be a number of seconds") from None
        self._polls += 1
        self._signal.fire()
        try:
            with contextlib.suppress(TimeoutError):
                await self._signal.wait_until(lambda: self._closing or self._pending, timeout)
        finally:
            self._polls -= 1
            self._signal.fire()
        if not self._pending or self._closing:
            self.empty_polls += 1
            raise ApiError(408)
        pushed = self._pending.pop(0)  # no offset: handed out once
        pushed.update_at = time.monotonic()
        return pushed.update

    async def _set_webhook(self, params: JSON) -> JSON:
        url, secret = str(params.get("url") or ""), str(params.get("secret_token") or "")
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise _bad("url must be an HTTPS URL")
        if parts.hostname not in WEBHOOK_HOSTS:
            raise _bad("the test stand-in only delivers to 127.0.0.1")
        if not 8 <= len(secret) <= 256:
            raise _bad("secret_token must be 8 to 256 characters")
        self.webhook = {"url": url, "secret_token": secret}
        self._signal.fire()
        return {"url": url, "updated_at": int(time.time() * 1000)}

    async def _delete_webhook(self, params: JSON) -> JSON:
        self.webhook = None
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def _get_webhook_info(self, params: JSON) -> JSON:
        return {"url": self.webhook["url"] if self.webhook else "", "has_custom_certificate": False}

    async def _deliver_webhook_updates(self) -> None:
        """POST pending updates to the webhook one at a time, in order."""
        while True:
            await self._signal.wait_until(lambda: self._closing or (self.webhook and self._pending), None)
            if self._closing:
                return
            assert self.webhook is not None
            pushed, hook = self._pending.pop(0), self.webhook
            pushed.update_at = time.monotonic()
            body = {"ok": True, "result": pushed.update} if self.wrap_webhook else pushed.update
            for _ in range(2 if self.deliver_twice else 1):
                posted = time.monotonic()
                try:
                    status, answered = await self._post(hook["url"], body, hook["secret_token"])
                except (ClientError, TimeoutError):
                    status, answered = 0, time.monotonic()
                self.webhook_deliveries.append(WebhookDelivery(pushed.update, body, status, posted, answered))
                self._signal.fire()

    async def _post(self, url: str, body: JSON, secret: str | None) -> tuple[int, float]:
        parts = urlsplit(url)
        assert self._session is not None and parts.hostname in WEBHOOK_HOSTS
        plain = parts._replace(scheme="http").geturl()  # no TLS on loopback in tests
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        async with self._session.post(plain, data=json.dumps(body), headers=headers) as response:
            return response.status, time.monotonic()

    # --- methods

    async def _get_me(self, params: JSON) -> JSON:
        return self.bot

    def _chat(self, params: JSON) -> _Chat:
        chat_id = str(params.get("chat_id") or "")
        if not chat_id:
            raise _bad("chat_id is required")
        chat = self._chats.get(chat_id)
        if chat is None:  # a bot learns a chat only when its user writes first
            raise _bad("chat not found")
        if chat.blocked:
            raise ApiError(403)
        return chat

    def _record(self, chat_id: str, text: str) -> JSON:
        message = SentMessage(f"b{next(self._message_ids)}", chat_id, text, _ARRIVED.get())
        self._messages.setdefault(chat_id, []).append(message)
        self._signal.fire()
        return {"message_id": message.message_id, "date": int(time.time() * 1000)}

    async def _send_message(self, params: JSON) -> JSON:
        self._chat(params)
        text = params.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= TEXT_LIMIT:
            raise _bad(f"text must be 1 to {TEXT_LIMIT} characters")
        return self._record(str(params["chat_id"]), text)

    async def _send_photo(self, params: JSON) -> JSON:
        self._chat(params)
        if not re.fullmatch(r"https?://\S+", str(params.get("photo") or "")):
            raise _bad("photo must be an http(s) URL")
        caption = str(params.get("caption") or "")
        if len(caption) > TEXT_LIMIT:
            raise _bad(f"caption must be at most {TEXT_LIMIT} characters")
        return self._record(str(params["chat_id"]), f"[photo] {caption}".strip())

    async def _send_chat_action(self, params: JSON) -> bool:
        self._chat(params)
        if params.get("action") != "typing":
            raise _bad("action must be typing")
        return True
