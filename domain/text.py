"""Text normalisation shared by every parser and matcher.

Plan documents mix precomposed (NFC) and decomposed (NFD) Vietnamese, and people type
without diacritics, so nothing is compared before going through these functions.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[0-9a-z&]+(?:[-/.&][0-9a-z&]+)*")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, with runs of white space folded to one space and the ends trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    # A few letters outside Vietnamese lower-case to two characters; keep them whole
    # so that fold() keeps the length of its input.
    return lowered if len(lowered) == 1 else base


# Every Latin letter a Vietnamese text can hold, folded once: fold() is on the hot path
# of every import and every question.
_FOLD_TABLE = {
    code: _fold_char(chr(code))
    for block in (range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00))
    for code in block
}


def fold(text: str) -> str:
    """Lower-case, diacritics removed, same length as ``nfc(text)``.

    Keeping the length lets a matcher find a span in the folded text and cut the same
    span out of the original.
    """
    folded = nfc(text).translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    return "".join(_fold_char(char) if ord(char) > 127 else char for char in folded)


def words(text: str) -> list[str]:
    """The folded words of ``text``; punctuation between words is dropped."""
    return _WORD.findall(fold(text))


def key(text: str) -> str:
    """A comparison key: folded words joined by single spaces."""
    return " ".join(words(text))
