"""What a channel hands to the core and what it gets back: plain values, no platform types."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum

from base.markup import Html
from domain.actions import Action, encode


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True)
class IncomingFile:
    """A file a user sent: what the channel knows of it, and how to fetch it."""

    file_id: str  # the channel's own id: sending it back needs no upload
    name: str
    size: int | None = None
    mime_type: str | None = None
    # Downloads the file's bytes, for the answers that read it (a plan upload); the core
    # checks the size first, so a file over the limit is never fetched.
    fetch: Callable[[], Awaitable[bytes]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Attachment:
    """A file to send: its bytes, or a channel file id for one sent before. A photo (a chart)
    is shown as a picture where the channel can (Telegram's sendPhoto), else as a file."""

    name: str
    content: bytes | None = None
    file_id: str | None = None
    photo: bool = False


@dataclass(frozen=True)
class Incoming:
    """A message or a button press, as any channel can describe it."""

    channel: str  # telegram | zalo | terminal
    chat_id: str
    chat_kind: ChatKind
    user_id: str
    user_name: str
    username: str | None = None  # @handle, where the channel has them
    language: str | None = None  # what the app reports, such as "vi" or "en-US"
    text: str | None = None
    button: str | None = None  # the action of the pressed button
    chat_title: str | None = None
    document: IncomingFile | None = None
    # How this channel turns a linking code into a link to open, e.g.
    # "https://t.me/agency_bot?start={code}"; None where there is no such thing.
    link_template: str | None = None


@dataclass(frozen=True)
class Button:
    label: str
    action: str  # at most 64 bytes: Telegram's limit for callback data
    # A Telegram Web App to open instead of an action (an https URL); only in private chats
    # on Telegram, which alone has them.
    web_app: str | None = None

    @classmethod
    def of(cls, label: str, action: Action) -> Button:
        """The one way to make a button that does something: its action written by the
        codec, which refuses one too long for Telegram here rather than when it is sent."""
        return cls(label, encode(action))


@dataclass(frozen=True)
class Reply:
    text: Html  # a small HTML subset (b, i, code); every piece of data in it is escaped
    buttons: tuple[tuple[Button, ...], ...] = ()
    replace: bool = False  # show in place of the message whose button was pressed (paging)
    toast: str | None = None  # a short note on the pressed button itself
    # Where the channel can show the toast, it is the whole answer (a refused button);
    # channels without toasts show the text.
    only_toast: bool = False
    document: Attachment | None = None  # sent with the text as its caption
    # The language the text is in (the core sets it on every answer), for what a channel
    # adds around it, such as the line of numbered choices; None: the chat's own.
    language: str | None = None


@dataclass(frozen=True)
class Notice:
    """A message for another chat than the one talking (a coordinator, a requester)."""

    channel: str
    chat_id: str
    reply: Reply


@dataclass
class Outcome:
    replies: list[Reply] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    queued: bool = False  # messages were put in the outbox: the sender should run soon
