"""The core's text format: a small HTML subset that Telegram renders and other channels
flatten to plain text. Data is escaped on the way in, so plan text never breaks markup."""

from __future__ import annotations

import html
import re
from collections.abc import Callable


class Html(str):
    """Text already safe to send as HTML: escaped data and our own tags."""

    __slots__ = ()


def esc(value: object) -> Html:
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=False))


# How much of a user's own text a reply repeats ("No agency matches “…”"), counted as sent:
# escaped, where one "<" is four characters. Enough to recognise what was typed.
QUOTE_LIMIT = 200


def quote(text: object, limit: int = QUOTE_LIMIT) -> Html:
    """A user's text to repeat in a reply: on one line, escaped, and cut (with "…") so that
    the escaped text is at most ``limit`` characters; never cut inside an entity."""
    plain = " ".join(str(text).split())
    if len(escaped := esc(plain)) <= limit:
        return escaped
    low, high = 0, len(plain)
    while low < high:  # the longest head whose escaped form fits beside the "…"
        middle = (low + high + 1) // 2
        low, high = (middle, high) if len(esc(plain[:middle])) < limit else (low, middle - 1)
    return Html(esc(plain[:low].rstrip()) + "…")


def bold(value: object) -> Html:
    return Html(f"<b>{esc(value)}</b>")


def italic(value: object) -> Html:
    return Html(f"<i>{esc(value)}</i>")


def code(value: object) -> Html:
    return Html(f"<code>{esc(value)}</code>")


def join(parts: list[Html] | list[str], separator: str = "\n") -> Html:
    return Html(separator.join(esc(part) for part in parts))


_TAG = re.compile(r"</?(?:b|i|code|u|s)>")


def to_plain(text: str) -> str:
    """For channels without markup: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def visible_length(text: str) -> int:
    return len(to_plain(text))


def _cut(line: str, room: int, measure: Callable[[str], int]) -> int:
    """Where to cut ``line`` so that its head fits in ``room``: at a space if possible,
    never inside an entity such as &amp;."""
    low, high = 1, len(line)
    while low < high:  # the longest head that fits; measure may count fewer than len()
        middle = (low + high + 1) // 2
        low, high = (middle, high) if measure(line[:middle]) <= room else (low, middle - 1)
    space = line.rfind(" ", 0, low + 1)
    if space > low // 2:
        return space
    entity = line.rfind("&", 0, low)
    if entity < 0 or ";" in line[entity:low]:
        return low
    # Cutting inside an entity: before it, or after it when it opens the line.
    return entity if entity > 0 else line.index(";", entity) + 1


def split_message(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Pieces of at most ``limit`` (as ``measure`` counts), cut at line breaks.

    Our tags never span a line, so cutting between lines keeps the markup valid. A line
    longer than the limit fills the current piece and goes on in the next, cut at a space.
    """
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if measure(candidate) <= limit:
            current = candidate
            continue
        if measure(line) > limit and _TAG.search(line):
            line = esc(to_plain(line))  # a tag must not be cut in two: drop the formatting
        while measure(f"{current}\n{line}" if current else line) > limit:
            room = limit - (measure(current) + 1 if current else 0)
            if room < min(200, limit // 4) or measure(line) <= limit:
                pieces.append(current)  # not worth cutting the line for so little room
                current = ""
                continue
            cut = _cut(line, room, measure)
            if current and measure(line[:cut]) > room:  # an entity that cannot be split: start afresh
                pieces.append(current)
                current = ""
                continue
            pieces.append(f"{current}\n{line[:cut]}" if current else line[:cut])
            current, line = "", line[cut:].lstrip()
        current = f"{current}\n{line}" if current else line
    if current or not pieces:
        pieces.append(current)
    return pieces
