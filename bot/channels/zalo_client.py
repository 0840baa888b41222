"""A small async client of the Zalo Bot API, on httpx, with typed errors.

Written here rather than taken from python-zalo-bot, which swallows errors as None and
makes synchronous calls that fail inside an event loop. Every call is a POST with a JSON
body to <base URL><token>/<method>; answers are {ok, result, description, error_code}.
Errors come as ok: false with an error_code, or as an HTTP status, or both: either is read.
The token is part of every URL, so it is hidden from the logs (bot/redaction.py) and never
put in an error message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import httpx

from bot.redaction import hide, redact

TEXT_LIMIT = 2000  # characters of a sendMessage text
DEFAULT_TIMEOUT = 10.0


class ZaloError(Exception):
    """A call that did not succeed; ``code`` is Zalo's error_code (or the HTTP status)."""

    def __init__(self, method: str, code: int | None, description: str):
        super().__init__(f"{method}: {code or ''} {description}".replace("  ", " ").strip())
        self.method, self.code, self.description = method, code, description


class ZaloUnauthorized(ZaloError):
    """401: the token is wrong or was revoked."""


class NoUpdate(ZaloError):
    """408: a long poll ended with nothing new. Not a failure: poll again."""


class QuotaExceeded(ZaloError):
    """429: the bot's quota is used up for now. Zalo says neither for how long nor why."""


class ZaloRefused(ZaloError):
    """ok: false for any other reason (a bad parameter, a chat the bot cannot write to)."""


class ZaloUnreachable(ZaloError):
    """No answer: the network, a timeout, or something that is not the API's JSON."""


_BY_CODE: dict[int, type[ZaloError]] = {401: ZaloUnauthorized, 408: NoUpdate, 429: QuotaExceeded}


@dataclass(frozen=True)
class ZaloMessage:
    message_id: str
    chat_id: str
    is_group: bool
    sender_id: str
    sender_name: str
    sender_is_bot: bool
    text: str | None
    date: int  # milliseconds since the epoch


@dataclass(frozen=True)
class ZaloUpdate:
    event_name: str  # message.text.received, message.image.received, message.sticker.received, ...
    message: ZaloMessage

    @property
    def key(self) -> str:
        """What identifies a delivery, to drop one that comes twice."""
        return f"{self.event_name}:{self.message.chat_id}:{self.message.message_id}"


def parse_update(body: object) -> ZaloUpdate | None:
    """An update from getUpdates or a webhook body, wrapped in {"ok": true, "result": ...} or
    bare; None when it is not a message update this bot can use."""
    if isinstance(body, dict) and body.get("ok") is True and isinstance(body.get("result"), dict):
        body = body["result"]
    if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
        return None
    message = body["message"]
    chat, sender = message.get("chat") or {}, message.get("from") or {}
    if not isinstance(chat, dict) or not isinstance(sender, dict) or not chat.get("id") or not sender.get("id"):
        return None
    text = message.get("text")
    return ZaloUpdate(
        str(body.get("event_name") or ""),
        ZaloMessage(
            message_id=str(message.get("message_id") or ""),
            chat_id=str(chat["id"]),
            is_group=str(chat.get("chat_type", "PRIVATE")).upper() == "GROUP",
            sender_id=str(sender["id"]),
            sender_name=str(sender.get("display_name") or sender.get("name") or sender["id"]),
            sender_is_bot=bool(sender.get("is_bot")),
            text=text if isinstance(text, str) else None,
            date=int(message.get("date") or 0),
        ),
    )


class ZaloClient:
    def __init__(self, token: str, base_url: str, *, timeout: float = DEFAULT_TIMEOUT, pool_size: int = 64):
        hide(token)
        self._prefix = f"{base_url}{token}/"
        self._timeout = timeout
        self._http = httpx.AsyncClient(
            timeout=timeout,
            limits=httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size),
            headers={"User-Agent": "AgencyBot"},
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def call(self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        """The result of one method, or a ZaloError of the right kind."""
        try:
            response = await self._http.post(self._prefix + method, json=params or {}, timeout=timeout or self._timeout)
        except httpx.TimeoutException:
            raise ZaloUnreachable(method, None, "timed out") from None
        except httpx.HTTPError as error:  # the message may hold the URL: never the raw error
            raise ZaloUnreachable(method, None, redact(f"{type(error).__name__}: {error}")) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("ok") is True and response.is_success:
            return body.get("result")
        code = body.get("error_code") if isinstance(body, dict) else None
        code = code if isinstance(code, int) else response.status_code
        description = body.get("description") if isinstance(body, dict) else None
        if body is None and response.is_success:
            raise ZaloUnreachable(method, response.status_code, "the answer was not JSON")
        raise _BY_CODE.get(code, ZaloRefused)(method, code, redact(str(description or response.reason_phrase)))

    async def get_me(self) -> dict[str, Any]:
        return await self.call("getMe")

    async def get_updates(self, timeout: float) -> ZaloUpdate | None:
        """One update, or NoUpdate when the long poll ends empty; None for an update of a
        kind this bot does not read."""
        # Zalo documents the timeout as a string of seconds; the HTTP wait is a little longer.
        result = await self.call("getUpdates", {"timeout": str(int(timeout))}, timeout=timeout + 10)
        return parse_update(result)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.call("setWebhook", {"url": url, "secret_token": secret})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})
