"""What can go wrong when a message is sent, in terms every channel maps its errors to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from base.events import Reply


class DeliveryError(Exception):
    """Base: the message did not go out."""


class Blocked(DeliveryError):
    """The chat blocked the bot or is gone (Telegram 403): stop sending to it."""


class Rejected(DeliveryError):
    """The channel refused this message (Telegram 400): retrying will not help."""


class RetryLater(DeliveryError):
    """Too many messages (Telegram 429): wait ``seconds``, for this chat or the whole bot."""

    def __init__(self, seconds: float, message: str = ""):
        super().__init__(message or f"retry after {seconds} s")
        self.seconds = seconds


class Unavailable(DeliveryError):
    """The channel could not be reached (network, timeout): try again soon."""


Turn = Callable[[], Awaitable[None]]  # waits for the rate limiter's next slot


class Deliverer(Protocol):
    """A channel as the sender sees it. ``turn`` is awaited before every message the
    channel sends for this reply (a long text is several), so the limits count them all."""

    def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> Awaitable[None]: ...
