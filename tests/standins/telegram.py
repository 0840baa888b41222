"""A strict local stand-in for the Telegram Bot API server, for end-to-end tests with the real PTB client.

Only the methods AgencyBot needs exist, but each one checks its input the way Telegram does and answers with
Telegram's wording, so a bot that passes here does not fail on its first real message. Tests inject what users
do (`push_text`, `push_document`, `press`) and look at what the bot did (`sent`, `next_message`, `next_edit`, ...).

Point PTB at it with `ApplicationBuilder().token(tg.token).base_url(tg.base_url).base_file_url(tg.base_file_url)`.

Flood limits, off unless asked for (`rate_per_second`, `per_chat_interval`, `group_per_minute`, or `set_limits`),
answer sends over them with Telegram's 429 and retry_after, and keep answering 429 until that time has passed.

Faults can be injected too: `block` a chat (403 until its user writes again), or `inject_too_many` (every n-th
send answered 429 for the whole bot, as Telegram's flood control does). `sends` logs every send as it arrived, with
its answer (200, 403, 429), so that what the bot did around a 403 or a 429 can be counted.

For benchmarks that must not share a CPU with the bot, it also runs as a process of its own:
`python tests/standins/telegram.py --port 0 [--rate-per-second 30] ...` prints one JSON line with base_url, token
and control_url, and serves until SIGTERM or SIGINT; `/_control/` (chats, block, inject, limits, push_text, stats,
reset) drives it.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import contextvars
import dataclasses
import gc
import itertools
import json
import math
import mimetypes
import re
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import ClientError, web

try:
    from standins.loopback import LoopbackServer, reply_latencies, request_params
except ModuleNotFoundError:  # run as a script (a process of its own): tests/ is not on the path
    from loopback import LoopbackServer, reply_latencies, request_params  # type: ignore[no-redef]

JSON = dict[str, Any]
# When the request being handled arrived (aiohttp handles each request in its own task).
_ARRIVED: contextvars.ContextVar[float] = contextvars.ContextVar("arrived", default=0.0)

DEFAULT_TOKEN = "123456:TEST-token-abcdefghijklmnop"
DEFAULT_BOT_USERNAME = "agency_test_bot"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
UPLOAD_LIMIT = 50 * 2**20
# sendPhoto: "The photo must be at most 10 MB in size. The photo's width and height must not exceed 10000 in total.
# Width and height ratio must be at most 20." Telegram keeps a scaled copy whose longer side is at most 1280.
PHOTO_LIMIT = 10 * 2**20
PHOTO_SIDES_LIMIT = 10_000
PHOTO_RATIO_LIMIT = 20
PHOTO_SHOWN_SIDE = 1280
DOWNLOAD_LIMIT = 20 * 2**20
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same as a current "
    "content and reply markup of the message"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
# What Telegram sends when a bot never chose allowed_updates: everything except these three.
DEFAULT_ALLOWED_UPDATES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
        "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
        "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media",
        "poll", "poll_answer", "my_chat_member", "chat_join_request", "chat_boost", "removed_chat_boost",
    }
)  # fmt: skip
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip
BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
)  # fmt: skip
WEBHOOK_HOSTS = frozenset({"127.0.0.1", "localhost"})  # tests must never send traffic off this machine
BOT_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


# Flood control counts new messages only (sendMessage, sendDocument): not edits, chat actions or callback answers.
GROUP_WINDOW = 60.0  # group_per_minute counts sends in any sliding window of this many seconds
_UNCHANGED: Any = object()  # set_limits: leave this limit as it is


def flood_wait(times: list[float], t: float, limit: int, span: float) -> float | None:
    """Seconds a send arriving at `t` must wait so that no window [s, s + span) holds more than `limit` sends.

    `times` are the sends accepted so far, sorted. They may include later arrivals than `t` (requests are handled
    concurrently), so every window that would hold `t` is checked, not only the one ending at `t`. None: it fits now.
    """
    # The fullest window holding t starts at an accepted send in (t - span, t], or at t itself.
    starts = [*times[bisect.bisect_right(times, t - span) : bisect.bisect_right(times, t)], t]
    wait = None
    for start in starts:
        inside = bisect.bisect_left(times, start + span) - bisect.bisect_left(times, start) + 1
        if inside > limit:
            wait = max(wait or 0.0, start + span - t)
    return wait


def _retry_after(seconds: float) -> int:
    """Telegram's retry_after: whole seconds, rounded up, at least 1."""
    return max(1, math.ceil(seconds))


class ApiError(Exception):
    """An answer with ok=false; raised anywhere inside a method."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _utf16_len(text: str) -> int:
    """Telegram counts entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


# --- HTML parse mode ----------------------------------------------------------------------------------------------

TAG_ENTITY = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}  # fmt: skip
HTML_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8}));")
NAMED_ENTITY = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
START_TAG_NAME = re.compile(r"<([^\s>]*)")
END_TAG = re.compile(r"</([^\s>]*)\s*(>)?")
ATTRIBUTE_NAME = re.compile(r"[^\s=>]+")
EQUAL_SIGN = re.compile(r"\s*=\s*")
UNQUOTED_VALUE = re.compile(r"[^\s\"'=<>`]+")
SPECIAL = re.compile(r"[<&]")


@dataclass
class _OpenTag:
    tag: str
    type: str | None  # entity type, None when the tag makes no entity (<a> without href)
    offset: int  # UTF-16 offset in the plain text
    extra: JSON


class _HtmlParser:
    """Telegram's HTML parse mode, with tdlib's error messages (offsets are UTF-8 byte offsets in the source).

    Stricter than tdlib in one place, as the Bot API documentation asks: an `&` that starts no valid entity is
    rejected (tdlib keeps it literally), so unescaped user text is caught in tests.
    """

    def __init__(self, source: str) -> None:
        self.src, self.i = source, 0
        self.out: list[str] = []
        self.pos = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[JSON] = []

    def fail(self, message: str) -> ApiError:
        return _bad(f"can't parse entities: {message}")

    def byte(self, index: int) -> int:
        return len(self.src[:index].encode())

    def parse(self) -> tuple[str, list[JSON]]:
        while self.i < len(self.src):
            if self.src.startswith("</", self.i):
                self.end_tag()
            elif self.src[self.i] == "<":
                self.start_tag()
            elif self.src[self.i] == "&":
                char, self.i = self.entity(self.i)
                self.emit(char)
            else:
                special = SPECIAL.search(self.src, self.i)
                end = special.start() if special else len(self.src)
                self.emit(self.src[self.i : end])
                self.i = end
        if self.stack:
            raise self.fail(f"Can't find end tag corresponding to start tag {self.stack[-1].tag}")
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.out), self.entities

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.pos += _utf16_len(text)

    def entity(self, index: int) -> tuple[str, int]:
        match = HTML_ENTITY.match(self.src, index)
        number = match and (match.group(2) or match.group(3))
        code = int(number, 10 if match.group(2) else 16) if number else 0
        if match is None or (number and not (0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF)):
            raise self.fail(f'Character "&" at byte offset {self.byte(index)} must be escaped as "&amp;"')
        return (chr(code) if number else NAMED_ENTITY[match.group(1)]), match.end()

    def attribute_value(self, start: int, end: int) -> str:
        value, i = [], start
        while i < end:
            if self.src[i] == "&":
                char, i = self.entity(i)
                value.append(char)
            else:
                value.append(self.src[i])
                i += 1
        return "".join(value)

    def start_tag(self) -> None:
        begin = self.byte(self.i)
        name = START_TAG_NAME.match(self.src, self.i)
        assert name is not None  # the pattern matches any "<"
        tag, i = name.group(1).lower(), name.end()
        if i >= len(self.src):
            raise self.fail(f"Unclosed start tag at byte offset {begin}")
        if tag not in TAG_ENTITY:
            raise self.fail(f'Unsupported start tag "{tag}" at byte offset {begin}')
        attributes: dict[str, str] = {}
        while True:
            while i < len(self.src) and self.src[i].isspace():
                i += 1
            if i >= len(self.src):
                raise self.fail(f"Unclosed start tag at byte offset {begin}")
            if self.src[i] == ">":
                break
            name = ATTRIBUTE_NAME.match(self.src, i)
            if name is None:
                raise self.fail(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
            attributes[name.group().lower()], i = self.value(tag, name.group(), name.end(), begin)
        self.i = i + 1
        self.stack.append(self.open_tag(tag, attributes, begin))

    def value(self, tag: str, name: str, i: int, begin: int) -> tuple[str, int]:
        """The value of an attribute (quoted, with entities, or a bare word); `expandable` may have none."""
        equal = EQUAL_SIGN.match(self.src, i)
        if equal is None:
            if name.lower() != "expandable":
                raise self.fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte offset {begin}'
                )
            return "", i
        i = equal.end()
        if i < len(self.src) and self.src[i] in "\"'":
            close = self.src.find(self.src[i], i + 1)
            if close < 0:
                raise self.fail(f"Unclosed start tag at byte offset {begin}")
            return self.attribute_value(i + 1, close), close + 1
        bare = UNQUOTED_VALUE.match(self.src, i)
        if bare is None:
            raise self.fail(f"Unclosed start tag at byte offset {begin}")
        return bare.group(), bare.end()

    def open_tag(self, tag: str, attributes: dict[str, str], begin: int) -> _OpenTag:
        kind, extra = TAG_ENTITY[tag], {}
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise self.fail(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        if tag == "a":
            kind = "text_link" if attributes.get("href") else None
            extra = {"url": attributes.get("href")}
        if tag == "code" and attributes.get("class", "").startswith("language-"):
            extra = {"language": attributes["class"].removeprefix("language-")}
        if tag == "blockquote" and "expandable" in attributes:
            kind = "expandable_blockquote"
        if tag == "tg-emoji":
            if not attributes.get("emoji-id"):
                raise self.fail(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {begin}')
            extra = {"custom_emoji_id": attributes["emoji-id"]}
        return _OpenTag(tag, kind, self.pos, extra)

    def end_tag(self) -> None:
        begin = self.byte(self.i)
        match = END_TAG.match(self.src, self.i)
        assert match is not None  # the pattern matches any "</"
        if not self.stack:
            raise self.fail(f"Unexpected end tag at byte offset {begin}")
        if match.group(2) is None:
            raise self.fail(f"Unclosed end tag at byte offset {begin}")
        name, top = match.group(1).lower(), self.stack.pop()
        if name and name != top.tag:  # "</>" closes whatever is open, as in tdlib
            raise self.fail(f'Unmatched end tag at byte offset {begin}, expected "</{top.tag}>", found "</{name}>"')
        self.i = match.end()
        language = top.extra.pop("language", None) if top.tag == "code" else None
        parent = self.stack[-1] if self.stack else None
        if language and parent and parent.tag == "pre" and parent.offset == top.offset:
            parent.extra["language"] = language  # <pre><code class="language-x"> is one pre entity
            return
        if top.type and self.pos > top.offset:  # Telegram drops empty entities
            self.entities.append({"type": top.type, "offset": top.offset, "length": self.pos - top.offset, **top.extra})


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Telegram's HTML parse mode: the plain text and its entities (offsets in UTF-16 code units)."""
    return _HtmlParser(source).parse()


def _trim(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram strips whitespace around a message; entities move with the text."""
    lead = _utf16_len(text[: len(text) - len(text.lstrip())])
    text = text.strip()
    size, kept = _utf16_len(text), []
    for entity in entities:
        start, end = max(entity["offset"] - lead, 0), min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return text, kept


# --- parameters -------------------------------------------------------------------------------------------------


@dataclass
class _Upload:
    """A file part of a multipart request."""

    file_name: str
    content: bytes
    mime_type: str


def _int(params: JSON, key: str) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"invalid {key} specified") from None


def _flag(params: JSON, key: str) -> bool:
    value = params.get(key)
    return value is True or str(value).lower() == "true"


def _decoded(params: JSON, key: str, what: str) -> Any:
    """A complex parameter: a JSON string inside a form, or already decoded in a JSON body."""
    value = params.get(key)
    if not isinstance(value, str):
        return value
    if value == "":
        return None
    try:
        return json.loads(value)
    except ValueError:
        raise _bad(f"can't parse {what} JSON object") from None


def _formatted(params: JSON, key: str, entities_key: str, *, limit: int) -> tuple[str | None, str | None, list[JSON]]:
    """(raw text, plain text, entities) of a text or caption, checked like Telegram does."""
    raw = params.get(key)
    if raw is None or raw == "":
        return None, None, []
    raw, mode = str(raw), str(params.get("parse_mode") or "").lower()
    explicit = _decoded(params, entities_key, "entities")
    if explicit is not None:  # given entities win over parse_mode, as in Telegram
        plain, entities = raw, list(explicit)
    elif mode == "html":
        plain, entities = parse_html(raw)
    elif mode in ("", "markdown", "markdownv2"):  # Markdown is not validated: AgencyBot only uses HTML
        plain, entities = raw, []
    else:
        raise _bad("unsupported parse_mode")
    plain, entities = _trim(plain, entities)
    if len(plain) > limit:  # counted in characters after parsing
        raise _bad("message is too long" if key == "text" else "message caption is too long")
    return raw, plain or None, entities


def _check_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str) or not button["text"].strip():
        raise _bad("can't parse inline keyboard button: Text must be non-empty")
    actions = [key for key in BUTTON_ACTIONS if key in button]
    if not actions:
        raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _bad(
            f"can't parse inline keyboard button: exactly one of the optional fields must be used, got {actions}"
        )
    data = button.get("callback_data")
    if "callback_data" in button and not (isinstance(data, str) and 1 <= len(data.encode()) <= 64):
        raise _bad("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and not (isinstance(url, str) and re.fullmatch(r"(?i)(https?|tg)://\S+", url)):
        raise _bad("BUTTON_URL_INVALID")


def _inline(markup: JSON | None) -> JSON | None:
    """The part of a reply markup that shows in the message (reply keyboards live in the client, not the message)."""
    return markup if markup and "inline_keyboard" in markup else None


def _update_kind(update: JSON) -> str:
    return next(key for key in update if key != "update_id")


# --- records tests look at ----------------------------------------------------------------------------------------


@dataclass
class Document:
    file_id: str
    file_name: str
    content: bytes
    mime_type: str

    @property
    def file_path(self) -> str:
        return f"documents/{self.file_id}"

    def as_json(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": f"u{self.file_id}",
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }


@dataclass
class Photo:
    """A picture sent with sendPhoto: the uploaded bytes and their dimensions."""

    file_id: str
    content: bytes
    width: int
    height: int

    def sizes(self) -> list[JSON]:
        """Telegram's PhotoSize array: a thumbnail and the picture scaled to at most 1280 on its longer side."""
        found = []
        for side in (90, PHOTO_SHOWN_SIDE):
            scale = min(1.0, side / max(self.width, self.height))
            width, height = max(1, round(self.width * scale)), max(1, round(self.height * scale))
            size = {"file_id": f"{self.file_id}_{side}", "file_unique_id": f"u{self.file_id}_{side}"}
            found.append(size | {"width": width, "height": height, "file_size": len(self.content) if scale == 1 else 0})
        return found


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG, read from its header; None for anything else or a broken file."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and content[12:16] == b"IHDR" and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content.startswith(b"\xff\xd8"):
        at = 2
        while at + 9 < len(content) and content[at] == 0xFF:
            marker, length = content[at + 1], int.from_bytes(content[at + 2 : at + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
                return int.from_bytes(content[at + 7 : at + 9], "big"), int.from_bytes(content[at + 5 : at + 7], "big")
            at += 2 + length
    return None


@dataclass
class SentMessage:
    """A message the bot sent. `sent()` gives the live state; next_message/next_edit give snapshots of the moment."""

    message_id: int
    chat_id: int
    date: int
    sent_at: float  # time.monotonic()
    text: str | None = None  # raw, as the bot sent it (None for documents)
    plain_text: str | None = None  # text or caption after entity parsing
    parse_mode: str | None = None
    entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    document: Document | None = None
    photo: Photo | None = None
    caption: str | None = None  # raw caption
    reply_to_message_id: int | None = None
    edits: int = 0
    edited_at: float | None = None
    deleted: bool = False

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Rows of (text, callback_data or url) of the inline keyboard."""
        rows = (_inline(self.reply_markup) or {}).get("inline_keyboard", [])
        return [[(button["text"], button.get("callback_data", button.get("url"))) for button in row] for row in rows]


@dataclass
class PushedUpdate:
    update: JSON
    chat_id: int
    pushed_at: float
    update_at: float | None = None  # when the bot could first see it: getUpdates answer or webhook POST

    @property
    def update_id(self) -> int:
        return self.update["update_id"]


@dataclass(frozen=True)
class Limits:
    """Flood limits; None turns one off."""

    rate_per_second: float | None = None  # accepted sends in any sliding second, all chats together
    per_chat_interval: float | None = None  # least seconds between two accepted sends to one chat
    group_per_minute: int | None = None  # accepted sends to one group (negative chat id) in any sliding minute

    def __post_init__(self) -> None:
        for name in ("rate_per_second", "per_chat_interval", "group_per_minute"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not value > 0):
                raise ValueError(f"{name} must be positive or None, not {value!r}")
        if self.group_per_minute is not None and self.group_per_minute != int(self.group_per_minute):
            raise ValueError(f"group_per_minute must be a whole number, not {self.group_per_minute!r}")

    def as_json(self) -> JSON:
        return dataclasses.asdict(self)


@dataclass
class _Chat:
    info: JSON  # Telegram's Chat object
    blocked: bool = False
    last_user: int | None = None
    user_messages: dict[int, JSON] = field(default_factory=dict)
    message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


@dataclass
class _Poll:
    terminated: str | None = None  # the 409 description when another request ended this long poll


# --- the server -------------------------------------------------------------------------------------------------


class TelegramStandIn(LoopbackServer):
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = DEFAULT_BOT_USERNAME,
        rate_per_second: float | None = None,
        per_chat_interval: float | None = None,
        group_per_minute: int | None = None,
    ):
        super().__init__()
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "AgencyBot (test)",
            "username": bot_username,
        }
        self.base_url = self.base_file_url = self.control_url = ""
        self.calls: list[tuple[str, JSON]] = []  # parameters as received: form values are strings
        self.errors: list[tuple[str, str]] = []
        self.callback_answers: list[JSON] = []
        self.updates: list[PushedUpdate] = []
        self.ignored_updates: list[JSON] = []  # pushed updates the bot's allowed_updates excluded
        self.webhook_failures: list[tuple[JSON, str]] = []
        self.commands_by_scope: dict[tuple[str, str | None], list[JSON]] = {}
        # Flood control: what was accepted (arrival times, monotonic, sorted) and what was refused with 429.
        self.limits = Limits(rate_per_second, per_chat_interval, group_per_minute)
        self.accepted_times: list[float] = []
        self.too_many = 0
        self.too_many_by_chat: dict[int, int] = {}
        self._accepted_by_chat: dict[int, list[float]] = {}
        self._retry_until = 0.0  # the whole bot was told to wait until then (monotonic)
        # Every send as it arrived: (arrival, chat id, answer code, retry_after or None).
        self.sends: list[tuple[float, int, int, int | None]] = []
        self._injected: tuple[int, int] | None = None  # (every n-th send, retry_after): a 429 for the bot
        self._counted_sends = 0
        self._chat_retry_until: dict[int, float] = {}
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, JSON] = {}
        self._messages: dict[int, list[SentMessage]] = {}
        self.callback_data: list[str] = []  # of every inline button the bot sent, in order
        self._new_log: dict[int, list[SentMessage]] = {}
        self._edit_log: dict[int, list[SentMessage]] = {}
        self._seen: dict[tuple[str, int], int] = {}  # how far next_message / next_edit have read, per chat
        self._answers_read = 0
        self._activity: dict[int, list[float]] = {}  # per chat, monotonic times of sends and edits
        self._pending: list[PushedUpdate] = []  # not yet confirmed (polling) or delivered (webhook)
        self._open_queries: dict[str, JSON] = {}
        self._files: dict[str, Document] = {}
        self._photos: dict[str, Photo] = {}
        self._update_ids = itertools.count(10_000)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._webhook: JSON | None = None
        self._last_webhook_error: tuple[int, str] | None = None
        self._poll: _Poll | None = None
        methods = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getChat": self._get_chat,
            "getFile": self._get_file,
        }
        self._methods = {name.lower(): (name, method) for name, method in methods.items()}

    # --- lifecycle

    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1:port (0: a free port)."""
        app = web.Application(client_max_size=UPLOAD_LIMIT + 2**20)
        app.add_routes(
            [
                web.get("/bot{token}/{method}", self._handle),
                web.post("/bot{token}/{method}", self._handle),
                web.get("/file/bot{token}/{path:.+}", self._download),
                web.post("/_control/chats", self._control_chats),
                web.post("/_control/block", self._control_block),
                web.post("/_control/inject", self._control_inject),
                web.post("/_control/limits", self._control_limits),
                web.post("/_control/push_text", self._control_push_text),
                web.get("/_control/stats", self._control_stats),
                web.post("/_control/reset", self._control_reset),
            ]
        )
        port = await self._listen(app, port)
        self.base_url = f"http://127.0.0.1:{port}/bot"
        self.base_file_url = f"http://127.0.0.1:{port}/file/bot"
        self.control_url = f"http://127.0.0.1:{port}/_control"

    # --- what users do

    def push_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "vi",
        first_name: str = "Test",
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSON:
        """A user writes `text`; a leading /command gets its bot_command entity, as Telegram adds it."""
        message = self._user_message(chat_id, user_id, chat_type, language_code, first_name, username, chat_title)
        message["text"] = text
        if command := BOT_COMMAND.match(text):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command.group())}]
        return self._push(chat_id, {"message": message})

    def push_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        user_id: int | None = None,
        caption: str | None = None,
        mime_type: str | None = None,
        chat_type: str = "private",
        language_code: str | None = "vi",
        first_name: str = "Test",
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSON:
        """A user sends a file; the bot can getFile and download it from base_file_url."""
        message = self._user_message(chat_id, user_id, chat_type, language_code, first_name, username, chat_title)
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        message["document"] = self._store_file(file_name, content, mime).as_json()
        if caption:
            message["caption"] = caption
        return self._push(chat_id, {"message": message})

    def push_media(
        self,
        chat_id: int,
        kind: str,
        *,
        caption: str | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "vi",
    ) -> JSON:
        """A user sends a sticker or a photo (with its caption, if any): no text to read."""
        message = self._user_message(chat_id, user_id, chat_type, language_code, "Test", None, None)
        size = {"file_id": f"{kind}-{chat_id}", "file_unique_id": f"u{kind}{chat_id}", "width": 512, "height": 512}
        if kind == "sticker":
            message["sticker"] = size | {"type": "regular", "is_animated": False, "is_video": False}
        elif kind == "photo":
            message["photo"] = [size]
        else:
            raise ValueError(f"no such media kind: {kind}")
        if caption:
            message["caption"] = caption
        return self._push(chat_id, {"message": message})

    def press(self, message: SentMessage, data: str, *, user_id: int | None = None) -> JSON:
        """A user presses the inline button with callback_data `data` on the message as it is now."""
        current = self._bot_message(message.chat_id, message.message_id)
        if current is None:
            raise ValueError(f"message {message.message_id} in chat {message.chat_id} is gone")
        if all(value != data for row in current.buttons for _, value in row):
            raise ValueError(
                f"no button with callback_data {data!r} on message {current.message_id}: {current.buttons}"
            )
        chat = self._chats[message.chat_id]
        user_id = user_id if user_id is not None else chat.last_user
        if user_id is None:
            raise ValueError(f"say which user_id presses in chat {message.chat_id}")
        query = {
            "id": str(next(self._query_ids)),
            "from": self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Test"}),
            "message": self._message_json(current),
            "chat_instance": str(message.chat_id),
            "data": data,
        }
        self._open_queries[query["id"]] = query
        return self._push(message.chat_id, {"callback_query": query})

    def add_chats(self, chat_ids: list[int], chat_type: str = "private", *, chat_title: str | None = None) -> None:
        """Make chats known as if each user had written first (private chats are unblocked), without any update."""
        for chat_id in map(int, chat_ids):
            known = self._chats.get(chat_id)
            if known is not None and known.info["type"] == chat_type:
                known.blocked = False if chat_type == "private" else known.blocked
            else:
                self._register(chat_id, None, chat_type, "vi", "Test", None, chat_title)

    def block(self, chat_id: int) -> None:
        """The user blocks the bot (or, in a group, kicks it): sends there answer 403 until the user writes again."""
        self._chats[chat_id].blocked = True

    def unblock(self, chat_id: int) -> None:
        self._chats[chat_id].blocked = False

    def inject_too_many(self, every: int | None, retry_after: int = 1) -> None:
        """Answer every ``every``-th send (None: none) with 429 and ``retry_after`` for the whole
        bot, whatever the limits, and keep answering 429 until it has passed: a flood wait
        Telegram gives for its own reasons."""
        if every is not None and (every < 1 or retry_after < 1):
            raise ValueError("every and retry_after must be at least 1")
        self._injected = (every, retry_after) if every else None
        self._counted_sends = 0

    # --- what the bot did

    def set_limits(
        self,
        *,
        rate_per_second: float | None = _UNCHANGED,
        per_chat_interval: float | None = _UNCHANGED,
        group_per_minute: int | None = _UNCHANGED,
    ) -> Limits:
        """Change flood limits while running: a limit left out stays, None turns it off.

        A retry_after already given still has to be waited out: the bot was told so.
        """
        changes = {
            "rate_per_second": rate_per_second,
            "per_chat_interval": per_chat_interval,
            "group_per_minute": group_per_minute,
        }
        self.limits = dataclasses.replace(self.limits, **{k: v for k, v in changes.items() if v is not _UNCHANGED})
        return self.limits

    def stats(self) -> JSON:
        """Accepted sends and 429 answers; times are arrival times on this process's monotonic clock."""
        return {
            "accepted": len(self.accepted_times),
            "too_many": self.too_many,
            "accepted_times": list(self.accepted_times),
            "first": self.accepted_times[0] if self.accepted_times else None,
            "last": self.accepted_times[-1] if self.accepted_times else None,
            "per_chat": {chat_id: len(times) for chat_id, times in self._accepted_by_chat.items()},
            "too_many_by_chat": dict(self.too_many_by_chat),
            "sends": [list(send) for send in self.sends],
        }

    def reset(self) -> None:
        """Forget calls, errors, sent messages, flood counters and retry_after waits; known chats and files stay.

        Messages sent before are gone for edits and replies too. Message ids keep counting.
        """
        self.calls.clear()
        self.errors.clear()
        self.accepted_times.clear()
        self._accepted_by_chat.clear()
        self.too_many, self.too_many_by_chat = 0, {}
        self._retry_until, self._chat_retry_until = 0.0, {}
        self.sends.clear()
        self._counted_sends = 0
        for log in (self._messages, self._new_log, self._edit_log, self._seen, self._activity):
            log.clear()
        self._signal.fire()

    def sent(self, chat_id: int, *, include_deleted: bool = False) -> list[SentMessage]:
        """The bot's messages in that chat, in order, as they are now (after edits)."""
        return [m for m in self._messages.get(chat_id, []) if include_deleted or not m.deleted]

    @property
    def commands(self) -> dict[str | None, list[JSON]]:
        """setMyCommands of the default scope, by language_code (None: no language)."""
        return {language: cmds for (scope, language), cmds in self.commands_by_scope.items() if scope == "default"}

    @property
    def is_polling(self) -> bool:
        """Whether a getUpdates long poll is waiting now."""
        return self._poll is not None

    @property
    def unanswered_queries(self) -> list[JSON]:
        """Callback queries the bot never answered (Telegram clients show a spinner until it does)."""
        return list(self._open_queries.values())

    async def next_message(self, chat_id: int, timeout: float = 5.0) -> SentMessage:
        """The next new message to the chat that next_message has not returned yet, as it was when sent."""
        return await self._next("message", self._new_log, chat_id, timeout)

    async def next_edit(self, chat_id: int, timeout: float = 5.0) -> SentMessage:
        """The next edit in the chat that next_edit has not returned yet, as the message was after that edit."""
        return await self._next("edit", self._edit_log, chat_id, timeout)

    async def next_callback_answer(self, timeout: float = 5.0) -> JSON:
        """The next answerCallbackQuery that next_callback_answer has not returned yet."""
        await self.wait_until(lambda: len(self.callback_answers) > self._answers_read, timeout, "a callback answer")
        self._answers_read += 1
        return self.callback_answers[self._answers_read - 1]

    def _recent(self) -> list[tuple[object, object]]:
        return [(m.chat_id, m.plain_text) for chats in self._messages.values() for m in chats][-5:]

    def reply_latencies(self) -> list[float]:
        """Per pushed update the bot saw: seconds from availability to the next send or edit in its chat.

        Updates with no later send or edit in their chat are left out.
        """
        return reply_latencies(self.updates, lambda chat_id: self._activity.get(chat_id, []))

    async def post_update_raw(self, update: JSON, secret: str | None) -> int:
        """POST an update to the webhook with this secret header (None: no header); the HTTP status it answered."""
        if self._webhook is None:
            raise RuntimeError("no webhook is set")
        return await self._post(self._webhook["url"], update, secret)

    # --- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        # A reply counts from the moment its request arrives: the stand-in's own parsing
        # and checking is no part of the bot's latency.
        _ARRIVED.set(time.monotonic())
        asked = request.match_info["method"]
        token = request.match_info["token"]
        if token != self.token:
            # Telegram: 404 for a malformed token, 401 for a well-formed one it does not know.
            malformed = not re.fullmatch(r"\d+:[\w-]+", token)
            return self._error(
                request, asked, ApiError(404, "Not Found") if malformed else ApiError(401, "Unauthorized")
            )
        name, method = self._methods.get(asked.lower(), (asked, None))
        if method is None:
            return self._error(request, asked, ApiError(404, "Not Found"))
        try:
            params = await self._read_params(request)
            self.calls.append((name, params))
            self._signal.fire()  # tests may wait for a call
            result = await method(params)
        except ApiError as error:
            return self._error(request, name, error)
        except Exception as error:  # a bug in the stand-in: PTB sees a 500, and `errors` says why
            self.errors.append((name, f"stand-in crashed: {error!r}"))
            raise
        return web.json_response({"ok": True, "result": result})

    def _error(self, request: web.Request, method: str, error: ApiError) -> web.Response:
        body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
        if error.retry_after is not None:
            body["parameters"] = {"retry_after": error.retry_after}
        if request.transport is not None and not request.transport.is_closing():  # nobody hears a dropped request
            self.errors.append((method, error.description))
        return web.json_response(body, status=error.code)

    async def _read_params(self, request: web.Request) -> JSON:
        # Forms are urlencoded or multipart; PTB sends complex values as JSON strings inside.
        params = await request_params(request, _bad("can't parse JSON encoded request"))
        for key, value in params.items():
            if isinstance(value, web.FileField):
                params[key] = _Upload(value.filename, value.file.read(), value.content_type)
        return params

    async def _download(self, request: web.Request) -> web.Response:
        document = next((d for d in self._files.values() if d.file_path == request.match_info["path"]), None)
        if request.match_info["token"] != self.token or document is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=document.content, content_type=document.mime_type)

    # --- control API (for a stand-in in its own process): JSON in, JSON out, 400 {"error": ...} when refused

    async def _controlled(self, request: web.Request, action: Callable[[JSON], object]) -> web.Response:
        try:
            body = await request.json() if request.can_read_body else {}
            if not isinstance(body, dict):
                raise TypeError("the body must be a JSON object")
            return web.json_response(action(body))
        except (TypeError, ValueError, KeyError) as error:  # bad JSON is a ValueError too
            return web.json_response({"error": f"{type(error).__name__}: {error}"}, status=400)

    async def _control_chats(self, request: web.Request) -> web.Response:
        def add(body: JSON) -> JSON:
            chat_ids = [int(chat_id) for chat_id in body["chat_ids"]]
            self.add_chats(chat_ids, body.get("type", "private"), chat_title=body.get("title"))
            return {"chat_ids": chat_ids}

        return await self._controlled(request, add)

    async def _control_block(self, request: web.Request) -> web.Response:
        def block(body: JSON) -> JSON:
            chat_ids = [int(chat_id) for chat_id in body["chat_ids"]]
            for chat_id in chat_ids:
                self.block(chat_id)
            return {"chat_ids": chat_ids}

        return await self._controlled(request, block)

    async def _control_inject(self, request: web.Request) -> web.Response:
        def inject(body: JSON) -> JSON:
            self.inject_too_many(body.get("every"), int(body.get("retry_after", 1)))
            return {"every": body.get("every"), "retry_after": int(body.get("retry_after", 1))}

        return await self._controlled(request, inject)

    async def _control_limits(self, request: web.Request) -> web.Response:
        def change(body: JSON) -> JSON:
            if unknown := set(body) - {field.name for field in dataclasses.fields(Limits)}:
                raise KeyError(f"unknown limits {sorted(unknown)}")
            return self.set_limits(**body).as_json()

        return await self._controlled(request, change)

    async def _control_push_text(self, request: web.Request) -> web.Response:
        def push(body: JSON) -> JSON:
            options = ("user_id", "chat_type", "language_code", "first_name", "username", "chat_title")
            return self.push_text(int(body["chat_id"]), str(body["text"]), **{k: body[k] for k in options if k in body})

        return await self._controlled(request, push)

    async def _control_stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.stats())  # JSON makes the per_chat keys strings

    async def _control_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({})

    # --- updates: long polling and webhook

    def _push(self, chat_id: int, body: JSON) -> JSON:
        update = {"update_id": next(self._update_ids), **body}
        pushed = PushedUpdate(update, chat_id, time.monotonic())
        self.updates.append(pushed)
        self._pending.append(pushed)
        self._signal.fire()
        return update

    def _deliverable(self, limit: int) -> list[PushedUpdate]:
        for pushed in [p for p in self._pending if _update_kind(p.update) not in self._allowed_updates]:
            self._pending.remove(pushed)  # Telegram never creates updates the bot did not ask for
            self.ignored_updates.append(pushed.update)
        return self._pending[:limit]

    def _set_allowed_updates(self, params: JSON) -> None:
        allowed = _decoded(params, "allowed_updates", "allowed updates")
        if allowed is not None:  # absent: keep the previous choice, as Telegram does
            self._allowed_updates = frozenset(allowed) or DEFAULT_ALLOWED_UPDATES

    def _end_poll(self, description: str) -> None:
        if self._poll is not None:
            self._poll.terminated = description
            self._signal.fire()

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self._webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset, limit = _int(params, "offset") or 0, min(max(_int(params, "limit") or 100, 1), 100)
        try:
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except ValueError:
            raise _bad("invalid timeout specified") from None
        self._set_allowed_updates(params)
        if offset > 0:  # confirms every update before it
            self._pending = [p for p in self._pending if p.update_id >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        self._end_poll(POLL_CONFLICT)
        poll = self._poll = _Poll()
        self._signal.fire()  # for is_polling
        try:
            with contextlib.suppress(TimeoutError):
                await self._signal.wait_until(
                    lambda: poll.terminated or self._closing or self._deliverable(limit), timeout
                )
        finally:
            if self._poll is poll:
                self._poll = None
                self._signal.fire()
        if poll.terminated:
            raise ApiError(409, poll.terminated)
        batch, now = self._deliverable(limit), time.monotonic()
        for pushed in batch:
            pushed.update_at = pushed.update_at or now
        return [pushed.update for pushed in batch]

    async def _set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        if not url:  # an empty url removes the webhook, as in Telegram
            return await self._delete_webhook(params)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        if parts.hostname not in WEBHOOK_HOSTS:
            raise _bad("bad webhook: the test stand-in only delivers to 127.0.0.1")
        secret = params.get("secret_token") or None
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _bad("secret token contains unallowed characters")
        self._set_allowed_updates(params)
        if _flag(params, "drop_pending_updates"):
            self._pending.clear()
        self._webhook = {"url": url, "secret_token": secret, "max_connections": _int(params, "max_connections") or 40}
        self._end_poll("Conflict: terminated by setWebhook request")
        self._signal.fire()
        return True

    async def _delete_webhook(self, params: JSON) -> bool:
        if _flag(params, "drop_pending_updates"):
            self._pending.clear()
        self._webhook = None
        return True

    async def _get_webhook_info(self, params: JSON) -> JSON:
        info: JSON = {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._pending)}
        if self._webhook is not None:
            info |= {"url": self._webhook["url"], "max_connections": self._webhook["max_connections"]}
            if self._last_webhook_error:
                info |= dict(zip(("last_error_date", "last_error_message"), self._last_webhook_error, strict=True))
        return info

    async def _deliver_webhook_updates(self) -> None:
        """POST pending updates to the webhook one at a time, in order."""
        while True:
            await self._signal.wait_until(lambda: self._closing or (self._webhook and self._deliverable(1)), None)
            if self._closing:
                return
            assert self._webhook is not None
            pushed, hook = self._pending[0], self._webhook
            pushed.update_at = pushed.update_at or time.monotonic()
            try:
                status, problem = await self._post(hook["url"], pushed.update, hook["secret_token"]), ""
            except (ClientError, TimeoutError) as error:
                status, problem = 0, repr(error)
            if pushed in self._pending:
                self._pending.remove(pushed)
            if not 200 <= status < 300:
                # Telegram would retry with back-off; here the failure is kept for the test to see instead.
                problem = problem or f"Wrong response from the webhook: {status}"
                self.webhook_failures.append((pushed.update, problem))
                self._last_webhook_error = (int(time.time()), problem)
            self._signal.fire()

    async def _post(self, url: str, update: JSON, secret: str | None) -> int:
        assert self._session is not None and urlsplit(url).hostname in WEBHOOK_HOSTS
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with self._session.post(url, json=update, headers=headers) as response:
            return response.status

    # --- chats and messages

    def _register(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str,
        language_code: str | None,
        first_name: str,
        username: str | None,
        chat_title: str | None,
    ) -> _Chat:
        """The chat, known from now on, with the user who writes there (none: a group known without a writer)."""
        if chat_type == "private":
            user_id = chat_id if user_id is None else user_id
            if chat_id <= 0 or user_id != chat_id:
                raise ValueError("a private chat's id is its user's id, and positive")
        elif chat_type in ("group", "supergroup"):
            if chat_id >= 0:
                raise ValueError("group chat ids are negative, and a user_id must say who writes")
        else:
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        chat = self._chats.setdefault(chat_id, _Chat({}))
        if chat_type == "private":
            chat.info = {"id": chat_id, "type": chat_type, "first_name": first_name}
            chat.info |= {"username": username} if username else {}
            chat.blocked = False  # a user who writes has (re)started the bot
        else:
            chat.info = {"id": chat_id, "type": chat_type, "title": chat_title or chat.info.get("title", "Test group")}
        if user_id is not None:
            user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
            user |= {"username": username} if username else {}
            user |= {"language_code": language_code} if language_code else {}
            self._users[user_id] = user
            chat.last_user = user_id
        return chat

    def _user_message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str,
        language_code: str | None,
        first_name: str,
        username: str | None,
        chat_title: str | None,
    ) -> JSON:
        if chat_type in ("group", "supergroup") and user_id is None:
            raise ValueError("group chat ids are negative, and a user_id must say who writes")
        chat = self._register(chat_id, user_id, chat_type, language_code, first_name, username, chat_title)
        assert chat.last_user is not None
        user = self._users[chat.last_user]
        message = {"message_id": next(chat.message_ids), "from": user, "chat": chat.info, "date": int(time.time())}
        chat.user_messages[message["message_id"]] = message
        return message

    def _gate(self, params: JSON, *, send: bool = False) -> _Chat:
        """Every method that acts in a chat passes here; a new message (`send`) must also pass flood control."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        try:
            chat = self._chats.get(int(raw))
        except (TypeError, ValueError):
            chat = None  # "@channel" names: the bot knows no channels
        if chat is None:
            raise _bad("chat not found")
        if chat.blocked:
            private = chat.info["type"] == "private"
            if send:
                self.sends.append((_ARRIVED.get(), chat.info["id"], 403, None))
            raise ApiError(
                403,
                "Forbidden: " + ("bot was blocked by the user" if private else "bot was kicked from the group chat"),
            )
        if send:
            try:
                self._flood_control(chat.info["id"])
            except ApiError as error:
                self.sends.append((_ARRIVED.get(), chat.info["id"], error.code, error.retry_after))
                raise
            self.sends.append((_ARRIVED.get(), chat.info["id"], 200, None))
        return chat

    def _flood_control(self, chat_id: int) -> None:
        """429 for a send over a limit, or one arriving before a retry_after the bot was given has passed.

        The windows count accepted sends only (`_accept`), by arrival time. Nothing awaits between this check and
        `_record_new`, so concurrent requests cannot both slip into the last free place.
        """
        now = _ARRIVED.get()
        waited = max(self._retry_until, self._chat_retry_until.get(chat_id, 0.0))
        if waited > now:
            raise self._too_many_requests(chat_id, _retry_after(waited - now))
        self._counted_sends += 1
        if self._injected and self._counted_sends % self._injected[0] == 0:
            self._retry_until = now + self._injected[1]
            raise self._too_many_requests(chat_id, self._injected[1])
        limits, own = self.limits, self._accepted_by_chat.get(chat_id, [])
        chat_waits = [
            flood_wait(own, now, 1, limits.per_chat_interval) if limits.per_chat_interval else None,
            flood_wait(own, now, int(limits.group_per_minute), GROUP_WINDOW)
            if limits.group_per_minute and chat_id < 0
            else None,
        ]
        chat_wait = max((wait for wait in chat_waits if wait is not None), default=None)
        bot_wait = None
        if rate := limits.rate_per_second:  # below 1 a second: one send per 1/rate seconds
            bot_wait = flood_wait(self.accepted_times, now, max(int(rate), 1), 1.0 if rate >= 1 else 1 / rate)
        if chat_wait is None and bot_wait is None:
            return
        retry = 0
        if bot_wait is not None:
            retry = _retry_after(bot_wait)
            self._retry_until = max(self._retry_until, now + retry)
        if chat_wait is not None:
            chat_retry = _retry_after(chat_wait)
            self._chat_retry_until[chat_id] = max(self._chat_retry_until.get(chat_id, 0.0), now + chat_retry)
            retry = max(retry, chat_retry)
        raise self._too_many_requests(chat_id, retry)

    def _too_many_requests(self, chat_id: int, retry_after: int) -> ApiError:
        self.too_many += 1
        self.too_many_by_chat[chat_id] = self.too_many_by_chat.get(chat_id, 0) + 1
        return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    def _accept(self, chat_id: int, arrived: float) -> None:
        bisect.insort(self.accepted_times, arrived)
        bisect.insort(self._accepted_by_chat.setdefault(chat_id, []), arrived)

    def _bot_message(self, chat_id: int, message_id: int | None) -> SentMessage | None:
        return next((m for m in self.sent(chat_id) if m.message_id == message_id), None)

    def _message_json(self, message: SentMessage, *, with_reply: bool = True) -> JSON:
        chat = self._chats[message.chat_id]
        out: JSON = {"message_id": message.message_id, "from": self.bot_user, "chat": chat.info, "date": message.date}
        if message.document is not None or message.photo is not None:
            if message.document is not None:
                out["document"] = message.document.as_json()
            else:
                out["photo"] = message.photo.sizes()  # type: ignore[union-attr]
            out |= {"caption": message.plain_text} if message.plain_text else {}
            out |= {"caption_entities": message.entities} if message.entities else {}
        else:
            out["text"] = message.plain_text
            out |= {"entities": message.entities} if message.entities else {}
        if message.edits:
            out["edit_date"] = int(time.time())
        if markup := _inline(message.reply_markup):
            out["reply_markup"] = markup
        if with_reply and message.reply_to_message_id is not None:
            replied = self._bot_message(message.chat_id, message.reply_to_message_id)
            user_message = chat.user_messages.get(message.reply_to_message_id)
            out["reply_to_message"] = user_message or (replied and self._message_json(replied, with_reply=False))
        return out

    def _markup(self, params: JSON, *, inline_only: bool = False) -> JSON | None:
        markup = _decoded(params, "reply_markup", "reply keyboard markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if inline_only:
                raise _bad("inline keyboard expected")
            return markup  # reply keyboards and keyboard removal pass unchecked
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
        if sum(len(row) for row in rows) > 100:
            raise _bad("reply markup is too long")
        for row in rows:
            for button in row:
                _check_button(button)
                if "callback_data" in button:
                    self.callback_data.append(button["callback_data"])
        return markup

    def _reply_to(self, chat: _Chat, params: JSON) -> int | None:
        reply = _decoded(params, "reply_parameters", "reply parameters") or {}
        if not isinstance(reply, dict):
            raise _bad("can't parse reply parameters JSON object")
        message_id = reply.get("message_id") or _int(params, "reply_to_message_id")
        if message_id is None:
            return None
        chat_id = chat.info["id"]
        if int(message_id) in chat.user_messages or self._bot_message(chat_id, int(message_id)):
            return int(message_id)
        if reply.get("allow_sending_without_reply") or _flag(params, "allow_sending_without_reply"):
            return None
        raise _bad("message to be replied not found")

    def _record_new(self, chat: _Chat, **fields: Any) -> JSON:
        message = SentMessage(
            message_id=next(chat.message_ids),
            chat_id=chat.info["id"],
            date=int(time.time()),
            sent_at=_ARRIVED.get(),
            **fields,
        )
        self._accept(message.chat_id, message.sent_at)  # every new message is a send that flood control counts
        self._messages.setdefault(message.chat_id, []).append(message)
        self._new_log.setdefault(message.chat_id, []).append(dataclasses.replace(message))
        self._activity.setdefault(message.chat_id, []).append(message.sent_at)
        self._signal.fire()
        return self._message_json(message)

    def _record_edit(self, message: SentMessage, **changes: Any) -> JSON:
        now = _ARRIVED.get()
        for name, value in changes.items():
            setattr(message, name, value)
        message.edits, message.edited_at = message.edits + 1, now
        self._edit_log.setdefault(message.chat_id, []).append(dataclasses.replace(message))
        self._activity.setdefault(message.chat_id, []).append(now)
        self._signal.fire()
        return self._message_json(message)

    def _editable(self, params: JSON) -> SentMessage:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")  # the bot has no inline mode
        chat = self._gate(params)
        message_id = _int(params, "message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        if message_id in chat.user_messages:
            raise _bad("message can't be edited")
        message = self._bot_message(chat.info["id"], message_id)
        if message is None:
            raise _bad("message to edit not found")
        return message

    async def _next(self, kind: str, log: dict[int, list[SentMessage]], chat_id: int, timeout: float) -> SentMessage:
        key = (kind, chat_id)
        await self.wait_until(
            lambda: len(log.get(chat_id, [])) > self._seen.get(key, 0), timeout, f"a new {kind} in chat {chat_id}"
        )
        index = self._seen[key] = self._seen.get(key, 0) + 1
        return log[chat_id][index - 1]

    def _store_file(self, file_name: str, content: bytes, mime_type: str) -> Document:
        document = Document(f"file{next(self._file_ids)}", file_name, content, mime_type)
        self._files[document.file_id] = document
        return document

    # --- methods

    async def _get_me(self, params: JSON) -> JSON:
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _send_message(self, params: JSON) -> JSON:
        chat = self._gate(params, send=True)
        raw, plain, entities = _formatted(params, "text", "entities", limit=TEXT_LIMIT)
        if plain is None:
            raise _bad("message text is empty")
        markup, reply_to = self._markup(params), self._reply_to(chat, params)
        _decoded(params, "link_preview_options", "link preview options")
        return self._record_new(
            chat,
            text=raw,
            plain_text=plain,
            parse_mode=params.get("parse_mode") or None,
            entities=entities,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )

    async def _send_document(self, params: JSON) -> JSON:
        chat = self._gate(params, send=True)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        if isinstance(document, _Upload):
            if not document.content:
                raise _bad("file must be non-empty")
            stored = self._store_file(document.file_name, document.content, document.mime_type)
        elif document is None or document == "":
            raise _bad("there is no document in the request")
        elif str(document) in self._files:
            stored = self._files[str(document)]
        else:  # URLs would need fetching from the internet, which tests must not do
            raise _bad("wrong file identifier/HTTP URL specified")
        raw, plain, entities = _formatted(params, "caption", "caption_entities", limit=CAPTION_LIMIT)
        markup, reply_to = self._markup(params), self._reply_to(chat, params)
        return self._record_new(
            chat,
            document=stored,
            caption=raw,
            plain_text=plain,
            parse_mode=params.get("parse_mode") or None,
            entities=entities,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )

    async def _send_photo(self, params: JSON) -> JSON:
        """Uploads only (multipart), or a photo sent before by its file_id; checked as Telegram checks them."""
        chat = self._gate(params, send=True)
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo.removeprefix("attach://"))
        if isinstance(photo, _Upload):
            if not photo.content:
                raise _bad("file must be non-empty")
            if len(photo.content) > PHOTO_LIMIT:
                raise _bad("PHOTO_SAVE_FILE_INVALID")
            size = image_size(photo.content)
            if size is None:
                raise _bad("IMAGE_PROCESS_FAILED")
            width, height = size
            if not width or not height or width + height > PHOTO_SIDES_LIMIT:
                raise _bad("PHOTO_INVALID_DIMENSIONS")
            if max(width, height) / min(width, height) > PHOTO_RATIO_LIMIT:
                raise _bad("PHOTO_INVALID_DIMENSIONS")
            stored = Photo(f"photo{next(self._file_ids)}", photo.content, width, height)
            self._photos[stored.file_id] = stored
        elif photo is None or photo == "":
            raise _bad("there is no photo in the request")
        elif str(photo).rsplit("_", 1)[0] in self._photos:
            stored = self._photos[str(photo).rsplit("_", 1)[0]]
        else:  # URLs would need fetching from the internet, which tests must not do
            raise _bad("wrong file identifier/HTTP URL specified")
        raw, plain, entities = _formatted(params, "caption", "caption_entities", limit=CAPTION_LIMIT)
        markup, reply_to = self._markup(params), self._reply_to(chat, params)
        return self._record_new(
            chat,
            photo=stored,
            caption=raw,
            plain_text=plain,
            parse_mode=params.get("parse_mode") or None,
            entities=entities,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )

    async def _send_chat_action(self, params: JSON) -> bool:
        self._gate(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    async def _edit_message_text(self, params: JSON) -> JSON:
        message = self._editable(params)
        if message.document is not None or message.photo is not None:
            raise _bad("there is no text in the message to edit")
        raw, plain, entities = _formatted(params, "text", "entities", limit=TEXT_LIMIT)
        if plain is None:
            raise _bad("message text is empty")
        # Telegram drops the keyboard when an edit does not repeat it; comparing with None does the same here.
        markup = self._markup(params, inline_only=True)
        if (plain, entities, markup) == (message.plain_text, message.entities, _inline(message.reply_markup)):
            raise _bad(NOT_MODIFIED)
        return self._record_edit(
            message,
            text=raw,
            plain_text=plain,
            entities=entities,
            parse_mode=params.get("parse_mode") or None,
            reply_markup=markup,
        )

    async def _edit_message_reply_markup(self, params: JSON) -> JSON:
        message = self._editable(params)
        markup = self._markup(params, inline_only=True)
        if markup == _inline(message.reply_markup):
            raise _bad(NOT_MODIFIED)
        return self._record_edit(message, reply_markup=markup)

    async def _delete_message(self, params: JSON) -> bool:
        chat = self._gate(params)
        message_id = _int(params, "message_id")
        if chat.user_messages.pop(message_id or 0, None) is not None:
            return True
        message = self._bot_message(chat.info["id"], message_id)
        if message is None:
            raise _bad("message to delete not found")
        message.deleted = True
        self._signal.fire()
        return True

    async def _answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        text = params.get("text")
        if query_id not in self._open_queries:  # unknown or already answered
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        if text is not None and len(str(text)) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        query = self._open_queries.pop(query_id)
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "data": query["data"],
                "chat_id": query["message"]["chat"]["id"],
                "message_id": query["message"]["message_id"],
                "text": text,
                "show_alert": _flag(params, "show_alert"),
                "url": params.get("url"),
                "cache_time": _int(params, "cache_time"),
            }
        )
        self._signal.fire()
        return True

    async def _get_chat(self, params: JSON) -> JSON:
        try:
            chat = self._chats[int(params.get("chat_id") or 0)]
        except (KeyError, ValueError):
            raise _bad("chat not found") from None
        gifts = dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"), False
        )
        return chat.info | {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    async def _get_file(self, params: JSON) -> JSON:
        document = self._files.get(str(params.get("file_id") or ""))
        if document is None:
            raise _bad("invalid file_id")
        if len(document.content) > DOWNLOAD_LIMIT:
            raise _bad("file is too big")
        info = {key: document.as_json()[key] for key in ("file_id", "file_unique_id", "file_size")}
        return info | {"file_path": document.file_path}

    def _command_key(self, params: JSON) -> tuple[str, str | None]:
        scope = _decoded(params, "scope", "bot command scope") or {"type": "default"}
        kind = scope.get("type")
        language = params.get("language_code") or None
        if language is not None and not re.fullmatch(r"[a-z]{2}", str(language)):
            raise _bad("LANG_CODE_INVALID")
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return kind, language
        if kind in ("chat", "chat_administrators", "chat_member"):
            try:
                chat_id = int(scope.get("chat_id"))
            except (TypeError, ValueError):
                chat_id = 0
            if chat_id not in self._chats:
                raise _bad("chat not found")
            user = f":{scope.get('user_id')}" if kind == "chat_member" else ""
            return f"{kind}:{chat_id}{user}", language
        raise _bad("wrong bot command scope type specified")

    async def _set_my_commands(self, params: JSON) -> bool:
        commands = _decoded(params, "commands", "bot commands")
        if not isinstance(commands, list):
            raise _bad("can't parse bot commands JSON object")
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._command_key(params)
        if commands:
            self.commands_by_scope[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
        else:
            self.commands_by_scope.pop(key, None)
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        return self.commands_by_scope.get(self._command_key(params), [])

    async def _delete_my_commands(self, params: JSON) -> bool:
        self.commands_by_scope.pop(self._command_key(params), None)
        return True


# --- a process of its own -------------------------------------------------------------------------------------------


async def _serve(args: argparse.Namespace) -> None:
    standin = TelegramStandIn(
        token=args.token,
        bot_username=args.bot_username,
        rate_per_second=args.rate_per_second,
        per_chat_interval=args.per_chat_interval,
        group_per_minute=args.group_per_minute,
    )
    await standin.start(args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    freezing = asyncio.create_task(_keep_collections_short())
    try:
        address = {"base_url": standin.base_url, "base_file_url": standin.base_file_url}
        print(json.dumps({**address, "token": standin.token, "control_url": standin.control_url}), flush=True)
        await stop.wait()
    finally:
        freezing.cancel()
        await standin.stop()


async def _keep_collections_short() -> None:
    """As a process of its own (a benchmark's): what the stand-in keeps (every message, for
    the checks) is set aside from the garbage collector twice a second. Otherwise a full
    collection, which walks all of it, holds up reading requests for tens of milliseconds,
    and the sends read after it look bunched: the stand-in would answer 429 for its own pause.
    Cycles frozen with them are never freed, which a short-lived stand-in can afford."""
    while True:
        await asyncio.sleep(0.5)
        gc.freeze()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The Telegram Bot API stand-in, on 127.0.0.1, until SIGTERM/SIGINT.")
    parser.add_argument("--port", type=int, default=0, help="0: a free port (the JSON line says which)")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--bot-username", default=DEFAULT_BOT_USERNAME)
    parser.add_argument("--rate-per-second", type=float, help="accepted sends in any sliding second, all chats")
    parser.add_argument("--per-chat-interval", type=float, help="least seconds between two sends to one chat")
    parser.add_argument("--group-per-minute", type=int, help="sends to one group in any sliding minute")
    args = parser.parse_args(argv)
    try:
        Limits(args.rate_per_second, args.per_chat_interval, args.group_per_minute)
    except ValueError as error:
        parser.error(str(error))
    asyncio.run(_serve(args))


if __name__ == "__main__":
    sys.exit(main())
