"""Funding cells (`Kinh phí`) split into their sources."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from domain.text import clean, fold, key


class Source(StrEnum):
    STATE_BUDGET = "state_budget"  # Ngân sách (nhà nước, tỉnh, huyện...)
    SOCIALISED = "socialised"  # xã hội hóa: private contributions
    SPONSORSHIP = "sponsorship"  # tài trợ
    OTHER_MOBILISED = "other_mobilised"  # huy động các nguồn (hợp pháp) khác


_SOURCES: list[tuple[re.Pattern[str], Source]] = [
    (re.compile(r"(?:nguon )?(?:ngan sach|nsnn|nstw|nsdp)\b.*"), Source.STATE_BUDGET),
    (re.compile(r"(?:nguon |von )?xa hoi hoa\b.*"), Source.SOCIALISED),
    (re.compile(r"(?:nguon )?(?:tai tro|vien tro)\b.*"), Source.SPONSORSHIP),
    (re.compile(r"(?:huy dong )?(?:cac )?(?:nguon|von) (?:hop phap )?khac\b.*|huy dong\b.*"), Source.OTHER_MOBILISED),
]
_SPLIT = re.compile(r"\s*(?:[,;+/]|\bva\b|\bcung\b)\s*")


@dataclass(frozen=True)
class Funding:
    raw: str
    sources: tuple[str, ...]  # Source values; a piece not recognised is kept verbatim
    unrecognised: tuple[str, ...] = ()


def _pieces(raw: str) -> list[tuple[str, str]]:
    """(original, folded) pieces between separators; fold() keeps positions aligned."""
    folded = fold(raw)
    pieces, start = [], 0
    for separator in [*_SPLIT.finditer(folded), None]:
        end = separator.start() if separator else len(raw)
        pieces.append((raw[start:end].strip(" ."), key(folded[start:end])))
        start = separator.end() if separator else end
    return [(original, folded) for original, folded in pieces if folded]


@lru_cache(maxsize=4096)  # plans repeat the same few funding cells
def parse_funding(raw: str | None) -> Funding:
    raw = clean(raw or "")
    sources: list[str] = []
    unrecognised: list[str] = []
    for original, folded in _pieces(raw):
        source = next((s for pattern, s in _SOURCES if pattern.fullmatch(folded)), None)
        if source is None:
            unrecognised.append(original)
        if (found := source or original) not in sources:
            sources.append(found)
    return Funding(raw, tuple(sources), tuple(unrecognised))
