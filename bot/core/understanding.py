"""What a free-text message asks: slots first, then the intent they add up to. Pure.

The words live in data (bot/core/phrases/{vi,en,common}.toml), not in code: a new way of
asking is one line there. Reading a message:

1. normalise: NFC, case folded; every word keeps its diacritics beside a folded form, so
   that a word typed with marks is compared with its marks ("trẻ" is not "trễ", "Hàn" is
   not "hạn") and a word typed without is compared without;
2. take out what has a shape of its own: a task code, a year, a period ("3 tháng tới",
   "quý này", "next quarter"), an agency named the way the directory knows it;
3. match the phrases, longest first, each word used once: greetings and politeness are
   dropped, status, kind, count and self-reference words become slots, other phrases
   vote for an intent; a typo is forgiven (rapidfuzz) on a word the data does not know;
4. choose the intent with the most weight; when a list and another reading tie, both
   are offered (the conversation asks with buttons).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.core.intents import (
    BARE_CODE,
    Agencies,
    BroadcastList,
    BroadcastStart,
    Clarify,
    CodeMatch,
    Connect,
    Export,
    Funding,
    Help,
    Intent,
    Language,
    Link,
    ListKind,
    ListTasks,
    Me,
    Notify,
    Plans,
    Progress,
    Quiet,
    Received,
    RemindAt,
    Reminders,
    Report,
    Search,
    SetStatus,
    ShowTask,
    Summary,
    Thanks,
    Unknown,
    Whois,
    find_code,
    spelled_code,
)
from domain.agencies import AgencyDirectory, Ambiguous, Found
from domain.asked import UNTIL_YEAR_END, AskedPeriod, Unit, between, is_date, until_date
from domain.tasks import Status
from domain.text import fold, nfc

PHRASES = Path(__file__).with_name("phrases")
LANGUAGES = ("vi", "en")
_WORD = re.compile(r"[0-9a-z]+(?:[&'’-][0-9a-z]+)*")
_YEAR = re.compile(r"\b((?:19|20|21)\d\d)\b")
_QUARTER = re.compile(r"q([1-4])")
# A date as people type it: "30/6", "15/7/2026", "15-7-2026", "2026-07-15", "ngày 15 tháng 7",
# "15 July", "July 15th, 2026" (a month's name is checked against the phrases' months).
_DATES = tuple(
    re.compile(p)
    for p in (
        r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/])",
        r"(?<![\d/.-])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])",
        r"(?<![\d/.-])(?P<d>\d{1,2})([.-])(?P<m>\d{1,2})\2(?P<y>\d{4})(?![\d/])",
        r"\b(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?:\s+nam\s+(?P<y>\d{4}))?\b",
        r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<name>[a-z]{3,9})(?:,?\s+(?P<y>\d{4}))?\b",
        r"\b(?P<name>[a-z]{3,9})\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?![/.]\d)(?:,?\s+(?P<y>\d{4}))?",
    )
)
_ROMAN = {r: n for n, r in enumerate(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"], 1)}
_MAX_DAYS = 366
_NAME_WORDS = 8  # an agency's name as people type it is shorter than this
_LONGEST_QUESTION = 60  # words; a longer message is a passage pasted to search for


# -- words -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    folded: str
    marks: frozenset[str]  # the combining marks typed on it (tone and vowel marks; not đ)
    start: int
    end: int


def _marks(text: str) -> frozenset[str]:
    return frozenset(c for c in unicodedata.normalize("NFD", text) if unicodedata.combining(c))


def words_of(text: str) -> tuple[str, list[Word]]:
    """The folded text (same length as ``nfc(text)``) and its words with their marks."""
    folded = fold(text)
    return folded, [Word(m[0], _marks(text[m.start() : m.end()]), m.start(), m.end()) for m in _WORD.finditer(folded)]


@dataclass(frozen=True)
class Pattern:
    folded: str
    marks: frozenset[str]
    strict: bool  # "=trễ": only with these marks

    def fits(self, word: Word) -> bool:
        if word.folded != self.folded:
            return False
        if not word.marks:
            return not self.strict
        # Marks typed must be marks of the phrase: "trẻ" does not fit "trễ"; a mark
        # misplaced ("qúa" for "quá") or one missing still fits, and so does the hỏi tone typed
        # for the ngã or the other way round, people's commonest slip ("trể hạn", "10 ngày nửa"),
        # when every other mark is the phrase's own.
        return not self.marks or word.marks <= self.marks or _tone_swapped(word.marks) == self.marks

    def fits_exactly(self, word: Word) -> bool:
        """Marks typed must be the phrase's own: "bạn" (friend) is not the head "ban"."""
        return self.fits(word) and (not word.marks or bool(self.marks))


_HOI, _NGA = "\u0309", "\u0303"  # the combining hook above and tilde


def _tone_swapped(marks: frozenset[str]) -> frozenset[str]:
    """The marks with the hỏi and ngã tones exchanged."""
    return frozenset(_NGA if m == _HOI else _HOI if m == _NGA else m for m in marks)


def _patterns(phrase: str) -> tuple[Pattern, ...]:
    strict = phrase.startswith("=")
    text = nfc(phrase.lstrip("="))
    _, found = words_of(text)
    return tuple(Pattern(w.folded, _marks(text[w.start : w.end]), strict) for w in found)


# -- the data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a phrase means: a slot value or a vote for an intent."""

    # status, task_kind, count, self, coord, intent, polite, topic, search, search_who, report, year,
    # lang, identity
    kind: str
    value: str = ""
    weight: float = 1.0
    language: str | None = None
    weak: bool = False  # adds to its intent but does not make it ("có", "gì" for a list)


@dataclass
class Vocabulary:
    by_first: dict[str, list[tuple[tuple[Pattern, ...], Target]]] = field(default_factory=lambda: defaultdict(list))
    known: set[str] = field(default_factory=set)  # every folded word of the data
    language_words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    units: dict[str, Unit] = field(default_factory=dict)
    days: dict[tuple[str, ...], int] = field(default_factory=dict)  # "hôm nay": 0, "tomorrow": 1
    day_words: set[tuple[str, ...]] = field(default_factory=set)  # the same phrases, as _seq takes them
    numbers: dict[str, int] = field(default_factory=dict)
    ahead: set[tuple[str, ...]] = field(default_factory=set)
    within: set[tuple[str, ...]] = field(default_factory=set)
    this: set[tuple[str, ...]] = field(default_factory=set)
    next: set[tuple[str, ...]] = field(default_factory=set)
    this_or_next: set[tuple[str, ...]] = field(default_factory=set)
    after_next: set[tuple[str, ...]] = field(default_factory=set)  # "sau nữa": the one after the next
    weekdays: set[tuple[str, ...]] = field(default_factory=set)  # "thứ 6", "friday": a day of a week
    until_end: set[tuple[str, ...]] = field(default_factory=set)  # "đến cuối" (tháng): to the end of this one
    halves: dict[tuple[str, ...], int] = field(default_factory=dict)  # "6 tháng cuối năm": 2
    half_words: set[tuple[str, ...]] = field(default_factory=set)  # the same phrases, as _seq takes them
    months: dict[str, int] = field(default_factory=dict)  # "june": 6
    month_after: set[str] = field(default_factory=set)  # "in", "by": before a month's name
    until: set[tuple[str, ...]] = field(default_factory=set)  # "trước", "due by": before a date to be due by
    date_article: set[str] = field(default_factory=set)  # "ngày", "the": between those and the date
    heads: set[tuple[Pattern, ...]] = field(default_factory=set)
    heads_by_first: dict[str, list[tuple[Pattern, ...]]] = field(default_factory=lambda: defaultdict(list))
    of: set[str] = field(default_factory=set)
    of_marks: dict[str, set[frozenset[str]]] = field(default_factory=lambda: defaultdict(set))  # "tại", not "tài"
    partner: set[str] = field(default_factory=set)
    recipient: set[tuple[str, ...]] = field(default_factory=set)  # "gửi", "to": before whom a report goes to
    compose: set[tuple[str, ...]] = field(default_factory=set)  # "soạn", "draft": before a report made
    not_names: set[str] = field(default_factory=set)
    negation: set[str] = field(default_factory=set)  # "chưa", "haven't": before a done, work not done
    obligation: set[tuple[str, ...]] = field(default_factory=set)  # "phải", "must": before a done, work due
    marked_not_names: set[tuple[Pattern, ...]] = field(default_factory=set)  # "=cả tỉnh": not "CA tỉnh"
    names_other: set[tuple[str, ...]] = field(default_factory=set)  # "Luật": what follows is a law's title
    filler: set[str] = field(default_factory=set)
    fuzzy_words: list[str] = field(default_factory=list)
    english_only: set[str] = field(default_factory=set)
    content: set[str] = field(default_factory=set)  # words of phrases that mean something (not courtesy)
    pairs: set[tuple[str, str]] = field(default_factory=set)  # two words side by side in a phrase ("qua", "han")
    word_marks: dict[str, frozenset[str]] = field(default_factory=dict)  # the marks each word is written with
    under_way: set[str] = field(default_factory=set)  # "đang": after a code, work going on
    because: set[tuple[str, ...]] = field(default_factory=set)  # "vì", "because of": a reason follows
    closing: set[str] = field(default_factory=set)  # first words of the courtesy that ends a message
    reported: set[str] = field(default_factory=set)  # "đã", "has": work said as done, after "III.3:"
    howto_lead: set[tuple[str, ...]] = field(default_factory=set)  # "cách", "how do i": how to do what follows
    howto_ends: set[tuple[str, ...]] = field(default_factory=set)  # "... như thế nào"
    howto_verbs: set[tuple[str, ...]] = field(default_factory=set)  # "cập nhật", "export": what is done with the bot
    howto_views: set[tuple[str, ...]] = field(default_factory=set)  # "xem", "see": what is looked at
    howto_any: set[tuple[str, ...]] = field(default_factory=set)  # the verbs and the views
    # "nhắn | cho | các | đầu mối": a message to many agencies said as to whom
    broadcast_verbs: set[tuple[str, ...]] = field(default_factory=set)
    broadcast_to: set[tuple[str, ...]] = field(default_factory=set)
    broadcast_every: set[tuple[str, ...]] = field(default_factory=set)
    broadcast_audiences: set[tuple[str, ...]] = field(default_factory=set)
    broadcast_weight: float = 1.0

    def add(self, phrase: str, target: Target) -> None:
        patterns = _patterns(phrase)
        if not patterns:
            return
        self.by_first[patterns[0].folded].append((patterns, target))
        if target.kind not in ("polite", "topic"):
            self.pairs.update((a.folded, b.folded) for a, b in pairwise(patterns))
        for p in patterns:
            self.known.add(p.folded)
            self.word_marks[p.folded] = self.word_marks.get(p.folded, frozenset()) | p.marks
            if target.language and target.kind not in ("polite", "topic"):
                self.language_words[target.language].add(p.folded)

    def finish(self) -> None:
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        # Typos are forgiven towards words of four letters or more that phrases use.
        self.fuzzy_words = sorted(w for w in self.known if len(w) >= 3 and not w.isdigit())
        self.english_only = self.language_words["en"] - self.language_words["vi"]
        self.this_or_next = self.this | self.next
        self.howto_any = self.howto_verbs | self.howto_views
        for head in self.heads:
            self.heads_by_first[head[0].folded].append(head)
        self.content = self.language_words["en"] | self.language_words["vi"]


def _folded_words(phrase: str) -> tuple[str, ...]:
    return tuple(w.folded for w in words_of(nfc(phrase))[1])


@cache
def vocabulary() -> Vocabulary:
    vocab = Vocabulary()
    common = tomllib.loads((PHRASES / "common.toml").read_text(encoding="utf-8"))
    for phrase in common["politeness"]["phrases"]:
        vocab.add(phrase, Target("polite"))
    for phrase in common["thanks"]["phrases"]:  # courtesy too, and alone a short reply
        vocab.add(phrase, Target("polite", "thanks"))
    for phrase in common["topic"]["phrases"]:
        vocab.add(phrase, Target("topic"))
    for language in LANGUAGES:
        data = tomllib.loads((PHRASES / f"{language}.toml").read_text(encoding="utf-8"))
        slots = data["slot"]
        for status, phrases in slots["status"].items():
            for phrase in phrases:
                vocab.add(phrase, Target("status", status, language=language))
        for kind, phrases in slots["kind"].items():
            for phrase in phrases:
                vocab.add(phrase, Target("task_kind", kind, language=language))
        for name in ("count", "self", "coordinating", "whole"):
            for phrase in slots[name]["yes"]:
                vocab.add(phrase, Target(name, language=language))
        for name, spec in data["intent"].items():
            if name == "search":
                for phrase in spec["lead"]:
                    vocab.add(phrase, Target("search", language=language))
                for phrase in spec.get("who", ()):
                    vocab.add(phrase, Target("search_who", language=language))
                continue
            for phrase in spec["phrases"]:
                vocab.add(phrase, Target("intent", name, float(spec.get("weight", 1)), language=language))
            for phrase in spec.get("weak", ()):
                vocab.add(phrase, Target("intent", name, 0.9, language=language, weak=True))
        # "nhắn cho các đầu mối", "notify all the departments": a broadcast
        to = data["broadcast_to"]
        vocab.broadcast_weight = float(data["intent"]["broadcast"].get("weight", 1))
        for name in ("verbs", "to", "every", "audiences"):
            phrases = {_folded_words(p) for p in to[name]}
            getattr(vocab, f"broadcast_{name}").update(phrases)
            vocab.known.update(w for p in phrases for w in p)
            vocab.language_words[language].update(w for p in phrases for w in p)
        for code, phrases in data.get("language", {}).items():
            for phrase in phrases:
                vocab.add(phrase, Target("lang", code, language=language))
        for status, phrases in data["report"].items():
            for phrase in phrases:
                vocab.add(phrase, Target("report", status, language=language))
        for phrase in data["loaded"]["phrases"]:
            vocab.add(phrase, Target("loaded", language=language))
        for phrase in data["identity"]["phrases"]:
            vocab.add(phrase, Target("identity", language=language))
        for phrase in data["receipt"]["phrases"]:
            vocab.add(phrase, Target("receipt", language=language))
        note = data["note"]
        vocab.under_way.update(w for p in note["under_way"] for w in _folded_words(p))
        vocab.because.update(_folded_words(p) for p in note["because"])
        vocab.closing.update(_folded_words(p)[0] for p in note["closing"])
        vocab.reported.update(w for p in note["reported"] for w in _folded_words(p))
        howto = data["howto"]
        for name in ("lead", "ends", "verbs", "views"):
            phrases = {_folded_words(p) for p in howto[name]}
            getattr(vocab, f"howto_{name}").update(phrases)
            vocab.known.update(w for p in phrases for w in p)
        period = data["period"]
        for phrase in period["until_year_end"]:
            vocab.add(phrase, Target("year", "end", 3, language=language))
        for phrase in period["this_year"]:
            vocab.add(phrase, Target("year", "this", 2, language=language))
        for phrase in period["next_year"]:
            vocab.add(phrase, Target("year", "next", 2, language=language))
        vocab.units.update({_folded_words(k)[0]: Unit(v) for k, v in period["units"].items()})
        vocab.days.update({_folded_words(k): int(v) for k, v in period["days"].items()})
        vocab.day_words.update(vocab.days)
        vocab.known.update(w for p in vocab.days for w in p)  # "hnay" is no typo of another word
        vocab.numbers.update({" ".join(_folded_words(k)): int(v) for k, v in period["numbers"].items()})
        for name in ("ahead", "within", "this", "next", "until_end", "after_next", "weekdays"):
            getattr(vocab, name).update(_folded_words(p) for p in period[name])
        vocab.halves.update({_folded_words(k): int(v) for k, v in period["halves"].items()})
        vocab.half_words.update(vocab.halves)
        vocab.known.update(w for p in (*vocab.halves, *vocab.until_end, *vocab.after_next, *vocab.weekdays) for w in p)
        vocab.months.update({_folded_words(k)[0]: int(v) for k, v in period.get("months", {}).items()})
        vocab.month_after.update(_folded_words(p)[-1] for p in period.get("month_after", ()))
        vocab.until.update(_folded_words(p) for p in period["until"])
        vocab.date_article.update(w for p in period["date_article"] for w in _folded_words(p))
        vocab.known.update(w for p in vocab.until for w in p)
        vocab.known.update(vocab.months)
        words = data["words"]
        vocab.heads.update(_patterns(p) for p in words["agency_heads"])
        vocab.of.update(w for p in words["of"] for w in _folded_words(p))
        for phrase in words["of"]:
            for pattern in _patterns(phrase):
                vocab.of_marks[pattern.folded].add(pattern.marks)
        vocab.partner.update(w for p in words.get("partner", ()) for w in _folded_words(p))
        vocab.recipient.update(_folded_words(p) for p in words.get("recipient", ()))
        vocab.compose.update(_folded_words(p) for p in words.get("compose", ()))
        vocab.known.update(w for p in vocab.recipient | vocab.compose for w in p)
        for phrase in words.get("not_names", ()):
            if phrase.startswith("="):  # only typed with these marks
                vocab.marked_not_names.add(_patterns(phrase))
            else:
                vocab.not_names.add(" ".join(_folded_words(phrase)))
        vocab.names_other.update(_folded_words(p) for p in words.get("names_other", ()))
        vocab.filler.update(w for p in words["filler"] for w in _folded_words(p))
        vocab.negation.update(w for p in words.get("negation", ()) for w in _folded_words(p))
        vocab.known.update(vocab.negation)
        vocab.obligation.update(_folded_words(p) for p in words.get("obligation", ()))
        vocab.known.update(w for p in vocab.obligation for w in p)
        for group in (period["units"], words["filler"], period["ahead"], period["within"]):
            for phrase in group:
                vocab.language_words[language].update(_folded_words(phrase))
        for group in (period["units"], period["numbers"], *(period[k] for k in ("ahead", "within", "this", "next"))):
            for phrase in group:
                vocab.known.update(_folded_words(phrase))
        for group in (words["filler"], words["of"], words["agency_heads"], words.get("names_other", ())):
            for phrase in group:
                vocab.known.update(_folded_words(phrase))
        for group in data["note"].values():  # "mong anh chị hỗ trợ" is no typo of "month"
            for phrase in group:
                vocab.known.update(_folded_words(phrase))
    vocab.finish()
    return vocab


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    intent: Intent
    language: str | None  # "en", "vi", or None when the words do not say
    slots: dict[str, object] = field(default_factory=dict, compare=False)


@dataclass
class _State:
    text: str
    folded: str
    words: list[Word]
    used: list[bool]
    hits: list[tuple[int, int, Target]] = field(default_factory=list)
    code: CodeMatch | None = None
    code_start: int = -1
    bare: re.Match[str] | None = None  # "2.14" without a task word: a code if a status is reported on it
    year: int | None = None
    year_offset: int = 0
    days: int | None = None
    period: AskedPeriod | None = None
    agency: str | None = None
    agency_start: int = -1
    partner: bool = False  # the agency follows "với": one the asker works with, not the subject
    year_said: bool = False  # "this year", "năm sau": a year asked about without its number
    named: int = 0  # agencies the directory knows named in the message ("sở y tế hay sở gd")
    second: str | None = None  # the second agency named, as typed
    day: int | None = None  # "hôm nay" 0, "ngày mai" 1: a day named, days from today
    weekday: bool = False  # "trước thứ 6", "by Friday": the week read from a day of it
    whole: bool = False  # "toàn tỉnh", "across the province": the whole plan, whoever asks
    compared: bool = False  # two agencies set side by side ("so sánh sở y tế với sở gd")
    document: str | None = None  # a document's number ("123/KH-UBND"), as typed

    def free(self, i: int, j: int) -> bool:
        return j <= len(self.words) and not any(self.used[i:j])

    def take(self, i: int, j: int) -> None:
        for k in range(i, j):
            self.used[k] = True


class Recognizer:
    """Reads messages against the phrase data and, when given one, the agency directory."""

    def __init__(self, directory: AgencyDirectory | None = None):
        self.vocab = vocabulary()
        self.directory = directory
        self._cache: dict[str, Reading] = {}
        self._agency_words: set[str] = set()
        self._corrected: dict[str, str | None] = {}  # typo -> the word it is, per word
        self._resolved: dict[str, bool] = {}  # a stretch -> whether it names an agency
        self._first_words: dict[int, tuple[set[tuple[str, ...]], frozenset[str]]] = {}
        if directory is not None:
            self._agency_words = directory.words()

    def parse(self, text: str | None) -> Intent:
        """Commands through the registry, anything else read here."""
        from bot.core.commands import parse_command  # the registry imports the answers

        text = nfc(text or "").strip()
        if not text:
            return Help()
        if text.startswith("/") and (command := parse_command(text)) is not None:
            return command
        return self.read(text).intent

    def read(self, text: str) -> Reading:
        reading = self._cache.get(text)
        if reading is None:
            reading = self._read(text)
            if len(self._cache) > 8192:  # people ask the same few questions all day
                self._cache.clear()
            self._cache[text] = reading
        return reading

    # -- steps ---------------------------------------------------------------------------

    def _read(self, raw: str) -> Reading:
        text = re.sub(r"\s+", " ", nfc(raw)).strip()
        # "nhie6m vu5 cu3a to6i": VNI typed unconverted
        if _DIGIT_IN_WORD.search(text) and len(_VNI_WORD.findall(text)) >= 2:
            text = _VNI_WORD.sub(lambda m: re.sub(r"\d", "", m[0]), text)
        shown = text.strip(" ?!.")
        folded, found = words_of(text)
        if (spaced := self._spaced(text, found)) is not None:
            text = spaced
            folded, found = words_of(text)
        if len(found) > _LONGEST_QUESTION:  # only a search said first is read in a passage
            lead = re.match(r"(?:tim kiem|tim|tra cuu|search|find)\s+", folded)
            return Reading(Search(text[lead.end() :].strip(" ?!.")) if lead else Unknown(shown), None)
        state = _State(text, folded, found, [False] * len(found))
        self._teen(state)
        self._typos(state)
        self._code(state)
        self._document(state)
        if any(c.isdigit() for c in folded):
            self._date(state)
        self._year(state)
        self._period(state)
        # before the agencies: "remind all departments" is a message to them, not their tasks
        self._broadcast_to(state)
        if self.directory is not None:
            self._agency_mentions(state)
        self._phrases(state)
        self._bare_code(state)
        self._agency_after_of(state)
        if self.directory is not None:
            self._agency_by_head(state)
        language = self._language(state)
        intent = self._decide(state, shown)
        return Reading(intent, language)

    def _spaced(self, text: str, found: list[Word]) -> str | None:
        """ "nhiệmvụ quáhạn": two words typed without the space between, each a word of the
        phrases and side by side in one of them, are read apart; None when there is none."""
        vocab, cuts = self.vocab, []
        for word in found:
            w = word.folded
            if len(w) < 5 or w in vocab.known or w in self._agency_words or not w.isalpha():
                continue
            for k in range(2, len(w) - 1):
                if (w[:k], w[k:]) in vocab.pairs:
                    cuts.append(word.start + k)
                    break
        if not cuts:
            return None
        for cut in reversed(cuts):
            text = text[:cut] + " " + text[cut:]
        return text

    def _teen(self, state: _State) -> None:
        """ "ko", "k", "hok" are "không", "dc" is "được": read as the words they stand for, so that
        every phrase with them fits ("nv ko có thời hạn", "việc chỉ hỗ trợ, ko chủ trì"); so are
        regional words typed with their marks ("việc mô chưa mần": "việc nào chưa làm") and "w"
        for "qu" ("wá hạn")."""
        for n, word in enumerate(state.words):
            written = None if word.marks else _TEEN.get(word.folded)
            if written is None and word.marks:
                written = _DIALECT.get(state.text[word.start : word.end].lower())
            if written is not None:
                state.words[n] = Word(written, frozenset(), word.start, word.end)
            elif word.folded[:1] in "wq" and word.folded[1:2] != "u" and word.folded not in self.vocab.known:
                qu = "qu" + word.folded[1:]  # "wá" is "quá", "wa" "qua"; "qá" (no "q" without "u") too
                if qu in self.vocab.known:
                    state.words[n] = Word(qu, word.marks, word.start, word.end)

    @staticmethod
    def _document(state: _State) -> None:
        """ "kế hoạch 123/KH-UBND", "NQ 20-NQ/TW": a document's number, not an agency ("UBND")
        nor a date: kept apart."""
        match = _DOCUMENT.search(state.folded) if "/" in state.folded else None
        if match is None:
            return
        covered = [n for n, w in enumerate(state.words) if w.start >= match.start() and w.end <= match.end()]
        if not covered or any(state.used[n] for n in covered):
            return
        state.document = state.text[match.start() : match.end()]
        state.take(covered[0], covered[-1] + 1)

    def _typos(self, state: _State) -> None:
        """A word nobody's data knows, close to one the phrases use: read as that one."""
        vocab = self.vocab
        for n, word in enumerate(state.words):
            w = word.folded
            if len(w) < 3 or w in vocab.known or w in self._agency_words or w.isdigit():
                continue
            # two letters swapped into a word that makes a phrase with its neighbour: "qua hna" is
            # "quá hạn", whatever other word the same letters swap into ("nha")
            if not word.marks and (paired := self._swapped_pair(state, n)) is not None:
                state.words[n] = Word(paired, frozenset(), word.start, word.end)
                continue
            # a word typed with marks is corrected only to a word written with those marks:
            # "hạnn" is "hạn", "tập huấn" is no typo of "hạn"
            key = w + "".join(sorted(word.marks))
            if key not in self._corrected:
                found = self._correct(w)
                if found is not None and word.marks and not word.marks <= vocab.word_marks.get(found, frozenset()):
                    found = None
                self._corrected[key] = found
            if (corrected := self._corrected[key]) is not None:
                state.words[n] = Word(corrected, frozenset(), word.start, word.end)

    def _swapped_pair(self, state: _State, n: int) -> str | None:
        ws, pairs, w = state.words, self.vocab.pairs, state.words[n].folded
        before = ws[n - 1].folded if n else ""
        after = ws[n + 1].folded if n + 1 < len(ws) else ""
        for k in range(len(w) - 1):
            swapped = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
            if (before, swapped) in pairs or (swapped, after) in pairs:
                return swapped
        return None

    def _correct(self, w: str) -> str | None:
        vocab = self.vocab
        # Telex typed without the keyboard converting it: "nhieemj vuj" is "nhiệm vụ"
        plain = _untelex(w)
        if len(w) < 4:  # "vuj", "hna": Telex, or two letters swapped; misspelt, another word
            if plain != w and plain in vocab.known and plain not in vocab.english_only:
                return plain
            return next((x for k in range(2) if (x := w[:k] + w[k + 1] + w[k] + w[k + 2 :]) in vocab.content), None)
        if plain != w and plain in vocab.known and plain not in vocab.english_only:
            return plain
        # two letters swapped: "tsak", "dnoe"
        for k in range(len(w) - 1):
            swapped = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
            if swapped in vocab.content:
                return swapped
        cutoff = 80 if len(w) >= 6 else 85
        best = process.extractOne(w, vocab.fuzzy_words, scorer=fuzz.ratio, score_cutoff=cutoff)
        return best[0] if best is not None else None

    def _code(self, state: _State) -> None:
        found = find_code(state.folded, state.text)
        said = found is None and any(w.folded in _SPELLED_CODE_WORDS for w in state.words)
        if said and (spelled := spelled_code(state.folded)) is not None:
            found = find_code(spelled)  # "nhiệm vụ ba chấm chín": the same positions, in digits
        if found is None:
            state.bare = BARE_CODE.search(state.folded)
            return
        typed = state.text[found.start : found.start + len(found.plan)] if found.plan else ""
        # "xong III.9", "Update III.7", "tsak II.3": a word, not a plan's short name ("NQ20")
        if found.plan and (
            found.plan.lower() in self.vocab.known or not (typed.isupper() or any(c.isdigit() for c in typed))
        ):
            found = CodeMatch(found.code, None, found.end, found.start + len(found.plan) + 1)
        state.code, state.code_start = found, found.start
        for n, word in enumerate(state.words):
            if word.start >= found.start and word.end <= found.end:
                state.used[n] = True

    def _bare_code(self, state: _State) -> None:
        """ "cập nhật 2.14 đang làm", "đánh dấu hoàn thành 3.2", "3.2 xong": a number shaped
        like a code is one when a status is reported on it, said right before it or when it
        opens the message."""
        match = state.bare
        if match is None or state.code is not None:
            return
        ws = state.words
        covered = [n for n, w in enumerate(ws) if w.start >= match.start() and w.end <= match.end()]
        if not covered or any(state.used[n] for n in covered):
            return
        reported = [
            (i, j)
            for i, j, t in state.hits
            if t.kind in ("status", "report") and (t.value in _REPORTED or t.value == "update")
        ]
        filler = self.vocab.filler | self.vocab.of

        def idle(a: int, b: int) -> bool:  # "update on 3.5", "cập nhật cho 2.14"
            return all(_is_polite(state.hits, n) or ws[n].folded in filler for n in range(a, b))

        opens = idle(0, covered[0])
        alone = opens and idle(covered[-1] + 1, len(ws))  # "2.3?", "cho em hỏi 2.3 ạ": the task
        if not alone and (
            not reported or not (opens or any(j <= covered[0] and idle(j, covered[0]) for _, j in reported))
        ):
            return
        state.code = CodeMatch(match["number"].replace("-", "."), None, match.end(), match.start())
        state.code_start = match.start()
        state.take(covered[0], covered[-1] + 1)

    def _date(self, state: _State) -> None:
        """ "trước 30/6", "hạn chót ngày 15/7/2026", "due by 15 July": a date after a word that
        makes it the day to be due by is the period from today to it. A date said otherwise
        ("kế hoạch 45/KH-UBND ngày 10/2/2026") is left to the other steps."""
        ws = state.words
        if self._date_span(state):
            return
        for pattern in _DATES:
            for match in pattern.finditer(state.folded):
                found = self._date_of(match)
                covered = [n for n, w in enumerate(ws) if w.start >= match.start() and w.end <= match.end()]
                if found is None or not covered or any(state.used[n] for n in covered):
                    continue
                n = covered[0]
                while n > 0 and ws[n - 1].folded in self.vocab.date_article:
                    n -= 1
                before = tuple(w.folded for w in ws[max(0, n - 3) : n])
                said = max((len(u) for u in self.vocab.until if before[len(before) - len(u) :] == u), default=0)
                # "ngày 31/12 có việc nào đến hạn": the day named, a deadline asked after it
                named_day = not said and n < covered[0] and ws[n].folded in _NAMED_DAY and state.document is None
                named_day = named_day and any(w.folded in _DEADLINE_WORDS for w in ws[covered[-1] + 1 :])
                if not (said or named_day) or not state.free(n - said, n):
                    continue
                on_day = named_day or any(w.folded in _ON_DAY for w in ws[n : covered[0]])
                state.period = between(found[:2], found[:2], found[2]) if on_day else until_date(*found)
                state.take(n - said, covered[-1] + 1)  # "hạn chót" said of the date is no more
                return

    def _date_span(self, state: _State) -> bool:
        """ "từ 1/7 đến 30/9", "between 1 July and 30 September": the days between two dates."""
        ws, dates = state.words, []
        for pattern in _DATES:
            for match in pattern.finditer(state.folded):
                covered = [n for n, w in enumerate(ws) if w.start >= match.start() and w.end <= match.end()]
                if covered and (found := self._date_of(match)) is not None:
                    dates.append((covered[0], covered[-1], found))
        dates.sort()
        for (a, a_end, first), (b, b_end, last) in pairwise(dates):
            n = a
            while n > 0 and ws[n - 1].folded in self.vocab.date_article:
                n -= 1
            joined = [w.folded for w in ws[a_end + 1 : b] if w.folded not in self.vocab.date_article]
            if n == 0 or ws[n - 1].folded not in _SPAN_FROM or len(joined) > 1 or not set(joined) <= _SPAN_TO:
                continue
            if not state.free(n - 1, b_end + 1):
                continue
            state.period = between(first[:2], last[:2], last[2] or first[2])
            state.take(n - 1, b_end + 1)
            return True
        return False

    def _date_of(self, match: re.Match[str]) -> tuple[int, int, int] | None:
        """The month, day and year (0 if not said) a date match names, None if no date."""
        name = match.groupdict().get("name")
        month = self.vocab.months.get(name, 0) if name else int(match["m"])
        day, year = int(match["d"]), int(match["y"] or 0)
        if year and year < 100:  # "30/6/26"
            year += 2000
        if not is_date(month, day) or (year and not 2000 <= year <= 2100):
            return None
        return month, day, year

    def _year(self, state: _State) -> None:
        ws = state.words
        years = [n for n, w in enumerate(ws) if _YEAR.fullmatch(w.folded) and not state.used[n]]
        # "giai đoạn 2018 - 2025" is a span, not the year asked about
        spans = {n for a, b in pairwise(years) if b - a <= 2 for n in (a, b)}
        named = [n for n in years if n not in spans and n and ws[n - 1].folded in ("nam", "in", "year", "of")]
        for n in named or [n for n in years if n not in spans]:
            word = ws[n]
            before = [w.folded for w in state.words[max(0, n - 2) : n]]
            if before[-2:] == ["viet", "nam"]:  # "Việt Nam 2030" names a strategy
                continue
            state.year = int(word.folded)
            state.used[n] = True
            if before and before[-1] in ("nam", "in", "year", "of") and not state.used[n - 1]:
                state.used[n - 1] = True
            if n >= 2 and before[-2:] in (["trong", "nam"], ["in", "the"]):
                state.used[n - 2] = True
            return

    def _period(self, state: _State) -> None:
        vocab, ws = self.vocab, state.words
        n = 0
        while n < len(ws):
            if state.used[n]:
                n += 1
                continue
            taken = self._period_at(state, n)
            n = taken if taken else n + 1
        del vocab

    def _seq(self, state: _State, n: int, options: set[tuple[str, ...]]) -> int:
        """How many words from ``n`` are one of ``options`` (longest), 0 if none."""
        if n >= len(state.words) or state.words[n].folded not in self._firsts(options):
            return 0
        best = 0
        for option in options:
            k = len(option)
            if k > best and state.free(n, n + k) and tuple(w.folded for w in state.words[n : n + k]) == option:
                best = k
        return best

    def _firsts(self, options: set[tuple[str, ...]]) -> frozenset[str]:
        """The first words of ``options`` (one of the period word sets), kept per set."""
        key = id(options)
        found = self._first_words.get(key)
        if found is None or found[0] is not options:
            found = self._first_words[key] = (options, frozenset(o[0] for o in options if o))
        return found[1]

    def _number(self, state: _State, n: int) -> tuple[int, int] | None:
        ws = state.words
        if n < len(ws) and not state.used[n]:
            if ws[n].folded.isdigit() and len(ws[n].folded) <= 6:
                return int(ws[n].folded), 1
            for k in (3, 2, 1):
                phrase = " ".join(w.folded for w in ws[n : n + k])
                if state.free(n, n + k) and phrase in self.vocab.numbers:
                    if phrase == "nam":  # "năm" is five and year: only "5" is five here
                        continue
                    return self.vocab.numbers[phrase], k
        return None

    def _period_at(self, state: _State, n: int) -> int:
        """Reads a period starting at word ``n``; the index after it, or 0."""
        vocab, ws = self.vocab, state.words
        start = n
        if state.day is None and (said := self._seq(state, n, vocab.day_words)):
            # "hôm nay", "tomorrow": a day, kept for a deadline asked (_list); else a courtesy
            state.day = vocab.days[tuple(w.folded for w in ws[n : n + said])]
            state.take(n, n + said)
            return n + said
        if said := self._seq(state, n, vocab.weekdays):
            # "trước thứ 6", "by Friday": this week's; "thứ 2 tuần sau", "next Monday": next week's
            # (never "6 tuần")
            m = n + said
            before = self._seq(state, n - 1, vocab.next) if n else 0
            unit = vocab.units.get(ws[m].folded) if m < len(ws) and not state.used[m] else None
            later = self._seq(state, m + 1, vocab.next) if unit is Unit.WEEK else 0
            if later:
                m += 1 + later
            elif unit is Unit.WEEK and (this := self._seq(state, m + 1, vocab.this)):
                m += 1 + this
            elif n and before == 1 and not state.used[n - 1]:
                n, later = n - 1, 1
            self._calendar(state, Unit.WEEK, 1 if later else 0)
            state.weekday = True
            state.take(n, m)
            return m
        if said := self._seq(state, n, vocab.half_words):
            # "6 tháng cuối năm", "the first half of the year": that half of the year said, else
            # this year's (next year's once it has ended)
            half = vocab.halves[tuple(w.folded for w in ws[n : n + said])]
            state.period = between((1, 1), (6, 30)) if half == 1 else between((7, 1), (12, 31))
            end = n + said
            if vocab.units.get(ws[end - 1].folded) is Unit.YEAR and (later := self._seq(state, end, vocab.next)):
                state.year_offset, end = 1, end + later  # "6 tháng đầu năm sau": next year's
            state.take(n, end)
            return end
        if (said := self._seq(state, n, vocab.until_end)) and n + said < len(ws):
            # "từ nay đến cuối tháng", "hết quý này": this week, month or quarter (its end); "cuối
            # tháng sau" is left to the unit and "sau"
            unit = vocab.units.get(ws[n + said].folded)
            m = n + said + 1
            named = m < len(ws) and (ws[m].folded.isdigit() or ws[m].folded in _ROMAN)  # "hết tháng 6"
            if unit in (Unit.WEEK, Unit.MONTH, Unit.QUARTER) and state.free(n, m) and not named:
                m += self._seq(state, m, vocab.this)
                if not self._seq(state, m, vocab.next):
                    self._calendar(state, unit, 0)
                    state.take(n, m)
                    return m
        within = self._seq(state, n, vocab.within)
        number = self._number(state, n + within)
        if number is not None:
            amount, k = number
            m = n + within + k
            unit = vocab.units.get(ws[m].folded) if m < len(ws) and not state.used[m] else None
            if unit is not None:
                after = self._seq(state, m + 1, vocab.ahead)
                if not within and not after and unit is Unit.YEAR:
                    return 0  # "5 năm" alone: not a window
                self._window(state, unit, amount)
                state.take(start, m + 1 + after)
                return m + 1 + after
            if within:
                return 0
        # a unit then "này"/"sau": the current or next one; "quý 3", "quý III", "tháng 6"
        english_before = self._seq(state, n, vocab.this_or_next)
        if english_before and n + english_before < len(ws):
            unit = vocab.units.get(ws[n + english_before].folded)
            words = tuple(w.folded for w in ws[n : n + english_before])
            # "by the end of the month" is this month; "the end of the year", until the year's end
            # ("by the end of this year" too: "this year" after "end of" is no year asked)
            after_end = n >= 2 and (ws[n - 2].folded, ws[n - 1].folded) == ("end", "of")
            year_end = unit is Unit.YEAR and ("end" in words or after_end)
            if unit is not None and unit is not Unit.DAY and not year_end and state.free(n, n + english_before + 1):
                if words in vocab.next and words not in vocab.this:
                    offset = 1
                elif words in vocab.this:
                    offset = 0
                else:
                    offset = 1
                self._calendar(state, unit, offset)
                state.take(n, n + english_before + 1)
                return n + english_before + 1
        if (month := vocab.months.get(ws[n].folded)) is not None and not state.used[n]:
            # "due in June", "by September": a short name or "may" only after such a word
            named = len(ws[n].folded) > 3 and ws[n].folded != "march"
            if named or (n > 0 and ws[n - 1].folded in vocab.month_after):
                return self._named(state, n, AskedPeriod(Unit.MONTH, calendar=True, index=month))
        if (quarter := _QUARTER.fullmatch(ws[n].folded)) is not None:  # "Q3", "q4"
            return self._named(state, n, AskedPeriod(Unit.QUARTER, calendar=True, index=int(quarter[1])))
        unit = vocab.units.get(ws[n].folded)
        if unit is None or unit is Unit.DAY:
            return 0
        # "Q3"
        after_this = self._seq(state, n + 1, vocab.this)
        after_next = self._seq(state, n + 1, vocab.next)
        if (twice := self._seq(state, n + 1, vocab.after_next)) and unit is not Unit.YEAR:
            self._calendar(state, unit, 2)  # "tháng sau nữa", "the week after next"
            state.take(n, n + 1 + twice)
            return n + 1 + twice
        if after_this and unit is not Unit.YEAR:
            self._calendar(state, unit, 0)
            state.take(n, n + 1 + after_this)
            return n + 1 + after_this
        if after_next and unit is not Unit.YEAR:
            self._calendar(state, unit, 1)
            state.take(n, n + 1 + after_next)
            return n + 1 + after_next
        if unit in (Unit.QUARTER, Unit.MONTH) and n + 1 < len(ws) and not state.used[n + 1]:
            token = ws[n + 1].folded
            index = int(token) if token.isdigit() else _ROMAN.get(token, 0)
            if 1 <= index <= (4 if unit is Unit.QUARTER else 12):
                state.period = AskedPeriod(unit, calendar=True, index=index)
                state.take(n, n + 2)
                return n + 2
        return 0

    def _named(self, state: _State, n: int, period: AskedPeriod) -> int:
        """A month or quarter named at word ``n``; "next June", "this Q3" said before it: next
        year's, or this year's even once it has ended."""
        said = 0
        for k in (2, 1):
            before = tuple(w.folded for w in state.words[max(0, n - k) : n])
            if len(before) == k and state.free(n - k, n) and before in self.vocab.this_or_next:
                said = k
                break
        if said and ("coming" in before or "end" in before):
            pass  # "the coming June", "by the end of Q3": the next one to end, as named alone
        elif said and before in self.vocab.next and before not in self.vocab.this:
            period = replace(period, offset=1)
        elif said:
            period = replace(period, this_year=True)
        state.period = period
        state.take(n - said, n + 1)
        return n + 1

    def _window(self, state: _State, unit: Unit, amount: int) -> None:
        if unit is Unit.DAY:
            state.days = min(amount, _MAX_DAYS)
        elif unit is Unit.WEEK:
            state.days = min(amount * 7, _MAX_DAYS)
        else:
            state.period = AskedPeriod(unit, amount=min(amount, 24))

    def _calendar(self, state: _State, unit: Unit, offset: int) -> None:
        if unit is Unit.YEAR:
            state.year_offset, state.year_said = offset, True
            return
        state.period = AskedPeriod(unit, calendar=True, offset=offset)

    def _agency_mentions(self, state: _State) -> None:
        """Names the directory knows exactly, anywhere in the message ("stc", "Sở GD&ĐT")."""
        assert self.directory is not None
        for mention in self.directory.mentions(state.text):
            # "DOH's": the name with the English possessive
            end = mention.end + 2 if state.text[mention.end : mention.end + 2] in _POSSESSIVE else mention.end
            covered = [n for n, w in enumerate(state.words) if w.start >= mention.start and w.end <= end]
            if not covered or any(state.used[n] for n in covered):
                continue
            if len(covered) == 1 and self._is_common(state.words[covered[0]].folded):
                continue  # a single word the phrases use ("tx"): not a name here
            if self._marked_otherwise(state.words[covered[0]], mention.name):
                continue
            if self._not_a_name(state, covered[0], covered[-1] + 1):
                continue
            state.take(covered[0], covered[-1] + 1)
            state.named += 1
            if state.agency is None:
                state.agency = state.text[mention.start : mention.end]
                state.agency_start = mention.start
                state.partner = covered[0] > 0 and state.words[covered[0] - 1].folded in self.vocab.partner
            elif state.second is None:
                state.second = state.text[mention.start : mention.end]

    def _marked_otherwise(self, first: Word, name: str) -> bool:
        """ "chuyển đổi số y tế": "số" typed with its marks is not the head "sở", so no name;
        but "bảo hiểm xã hội" is, though "báo" is a head too: the name's own first word."""
        heads = self.vocab.heads_by_first.get(first.folded, ())
        if not any(len(h) == 1 and not h[0].fits(first) for h in heads):
            return False
        own = _patterns(name)
        return not (own and own[0].fits(first))

    def _not_a_name(self, state: _State, i: int, j: int) -> bool:
        """ "kế hoạch", "tỉnh", "các đơn vị": words the directory's search would take for a name."""
        vocab, ws = self.vocab, state.words
        # "Luật Bảo hiểm y tế", "Luật Đất đai": in the title of a law, not the insurance body
        k = i
        while k > max(0, i - 3) and ws[k - 1].folded not in vocab.filler and ws[k - 1].folded not in vocab.of:
            k -= 1
            before = tuple(w.folded for w in ws[max(0, k - 2) : k + 1])
            if any(len(o) <= len(before) and before[-len(o) :] == o for o in vocab.names_other):
                return True
        start = i
        while start < j and ws[start].folded in vocab.filler:
            start += 1
        said = ws[start:j]
        if any(
            len(p) == len(said) and all(a.fits(w) for a, w in zip(p, said, strict=True)) for p in vocab.marked_not_names
        ):
            return True
        return not said or " ".join(w.folded for w in said) in vocab.not_names

    def _is_common(self, word: str) -> bool:
        return word in self.vocab.known or word in self.vocab.filler or word in self.vocab.of

    def _phrases(self, state: _State) -> None:
        ws = state.words
        for n in range(len(ws)):
            if state.used[n]:
                continue
            for patterns, target in self.vocab.by_first.get(ws[n].folded, ()):
                k = len(patterns)
                if state.free(n, n + k) and all(p.fits(w) for p, w in zip(patterns, ws[n : n + k], strict=False)):
                    # a one-word courtesy inside a message only in a run of courtesy from its start:
                    # "dạ vâng em cảm ơn"
                    inside = target.kind == "polite" and k == 1 and _inside_question(state, n)
                    if inside and not all(_is_polite(state.hits, m) for m in range(n)):
                        continue
                    state.take(n, n + k)
                    state.hits.append((n, n + k, target))
                    break
        self._late_after_task(state)
        self._negated(state)
        # a second pass catches phrases that start inside a longer one that did not fit
        for target in [t for _, _, t in state.hits if t.kind == "year"]:
            if target.value == "this":
                state.year_offset = state.year_offset or 0
            elif target.value == "next":
                state.year_offset = 1
            elif target.value == "end" and state.period is None:
                state.period = UNTIL_YEAR_END

    def _late_after_task(self, state: _State) -> None:
        """ "nhiem vu tre cua so noi vu": "tre" typed without marks is "trẻ" (children), a topic,
        except between a task word and "của" (of) or the word that asks ("co viec nao tre khong"),
        where it is "trễ" (late); "việc trẻ em" stays the topic."""
        ends = {j: t for _, j, t in state.hits if t.kind == "intent" and t.value == "list" and not t.weak}
        for h, (i, j, target) in enumerate(state.hits):
            word = state.words[i]
            after = state.words[j].folded if j < len(state.words) else ""
            if target.kind == "topic" and j == i + 1 and i in ends and word.folded == "tre" and not word.marks:
                if after not in self.vocab.of and after not in _QUESTION_ENDS:  # "nhiem vu tre" alone stays the topic
                    continue
                state.hits[h] = (i, j, _LATE)

    def _negated(self, state: _State) -> None:
        """ "what haven't we finished", "việc chưa được làm xong", "tasks nobody has completed":
        a done said after a "not", with at most two idle words between, is work not done (the
        phrases hold "chưa xong", "not finished" as such, not every word order)."""
        vocab, ws = self.vocab, state.words
        courtesy = {n for i, j, t in state.hits if t.kind in ("self", "polite") for n in range(i, j)}
        for h, (i, j, target) in enumerate(state.hits):
            if target.kind not in ("status", "report") or target.value != "done":
                continue
            k = i - 1  # back over "we", "được", "has", to the "not"
            while (
                k >= max(0, i - 3)
                and ws[k].folded not in vocab.negation
                and (k in courtesy or (not state.used[k] and ws[k].folded in vocab.filler))
            ):
                k -= 1
            if k >= max(0, i - 3) and ws[k].folded in vocab.negation and not state.used[k]:
                state.hits[h] = (i, j, replace(target, value="unfinished"))
            elif target.kind == "status" and self._obliged(state, i, courtesy):
                state.hits[h] = (i, j, replace(target, value="due"))

    def _obliged(self, state: _State, i: int, courtesy: set[int]) -> bool:
        """ "what must our department finish", "bên em phải làm cho xong": a done said after a
        "must", with at most two idle words between, is work due, not work done."""
        ws, obligation = state.words, self.vocab.obligation
        k = i
        while k > max(0, i - 3) and (k - 1 in courtesy or ws[k - 1].folded in self.vocab.filler):
            if any(tuple(w.folded for w in ws[max(0, k - len(o)) : k]) == o for o in obligation):
                return True
            k -= 1
        return any(tuple(w.folded for w in ws[max(0, k - len(o)) : k]) == o for o in obligation)

    def _broadcast_to(self, state: _State) -> None:
        """ "nhắn cho các đầu mối", "thông báo tới tất cả các sở", "notify all the departments":
        a verb, maybe "cho", a word for all, the agencies: a message to them all."""
        vocab = self.vocab
        for n in range(len(state.words)):
            m = n + self._seq(state, n, vocab.broadcast_verbs)
            if m == n:
                continue
            m += self._seq(state, m, vocab.broadcast_to)
            every = self._seq(state, m, vocab.broadcast_every)
            audience = self._seq(state, m + every, vocab.broadcast_audiences) if every else 0
            if audience:
                end = m + every + audience
                state.take(n, end)
                # said to whom, a message outweighs the tasks and times it speaks of ("nhắn các sở
                # còn việc trễ hạn nộp báo cáo trước thứ 6")
                state.hits.append((n, end, Target("intent", "broadcast", vocab.broadcast_weight + 2)))
                return

    def _stretch(self, state: _State, n: int) -> tuple[int, int]:
        """The run of unused words from ``n`` that can be a name: stops at a used word;
        "và", "of", "and" may join words inside it."""
        ws = state.words
        end = n
        while end < len(ws) and not state.used[end]:
            end += 1
            # a name typed in a message does not go on into the next sentence
            if end < len(ws) and _breaks(state.text[ws[end - 1].end : ws[end].start + 1]):
                break
        return n, self._trimmed(state, n, end)

    def _trimmed(self, state: _State, n: int, end: int) -> int:
        ws, vocab = state.words, self.vocab
        while end > n and (ws[end - 1].folded in vocab.filler or ws[end - 1].folded in vocab.of):
            end -= 1
        return end

    def _ends(self, state: _State, i: int, j: int) -> list[int]:
        """Where a name from word ``i`` may end: before a comma first ("của sở, chiều nay
        họp"), then over it, as in "the culture, sports and tourism dept"."""
        ws = state.words
        cut = next((k for k in range(i + 1, j) if "," in state.text[ws[k - 1].end : ws[k].start]), j)
        cut = self._trimmed(state, i, cut)
        return [cut, j] if i < cut < j else [j]

    def _agency_after_of(self, state: _State) -> None:
        """ "của Sở Y tế", "tasks of so y te": the words after "của"/"of" name an agency."""
        if state.agency is not None:
            return
        ws, vocab = state.words, self.vocab
        for n, word in enumerate(ws):
            if state.used[n] or word.folded not in vocab.of:
                continue
            if word.marks and word.marks not in vocab.of_marks[word.folded]:
                continue  # "sở tài chín": "tài" typed with its marks is no "tại" (at)
            start = n + 1
            while start < len(ws) and not state.used[start] and ws[start].folded in vocab.filler:
                start += 1
            i, j = self._stretch(state, start)
            if j <= i:
                continue
            for end in self._ends(state, i, j):
                if self._not_a_name(state, i, end):
                    break  # "của sở, chiều nay họp": no name at all
                name = _without_possessive(state.text[ws[i].start : ws[end - 1].end])
                if self.directory is not None and not self._plausible(name, ws[i]):
                    continue
                state.agency, state.agency_start = name, ws[i].start
                state.take(n, end)
                return

    def _plausible(self, name: str, first: Word) -> bool:
        assert self.directory is not None
        return self._names_agency(name) or any(
            h[0].fits_exactly(first) for h in self.vocab.heads_by_first.get(first.folded, ())
        )

    @staticmethod
    def _listing_only(state: _State, kinds: dict[str, list[tuple[int, Target]]]) -> bool:
        """Only "danh sách", "list", "which" with a name: no task word, status, kind, time."""
        if any(kinds[k] for k in ("status", "task_kind", "count", "coordinating", "report", "year", "self")):
            return False
        if state.year is not None or state.days is not None or state.period is not None:
            return False
        said = [state.words[n].folded for n, t in kinds["intent"]]
        return bool(kinds["intent"]) and all(w in _LISTING for w in said)

    def _group(self, name: str) -> bool:
        assert self.directory is not None
        found = self.directory.resolve(name)
        return isinstance(found, Found) and bool(self.directory.members(found.name))

    def _names_agency(self, name: str) -> bool:
        assert self.directory is not None
        known = self._resolved.get(name)
        if known is None:
            known = isinstance(self.directory.resolve(name), Found | Ambiguous)
            self._resolved[name] = known
        return known

    def _agency_by_head(self, state: _State) -> None:
        """ "sở gd", "so tai chnh", "the education department": a head word and what follows,
        looked up with the directory's tolerance for typos and shortened names."""
        if state.agency is not None:
            return
        assert self.directory is not None
        ws, vocab = state.words, self.vocab
        for n in range(len(ws)):
            if state.used[n]:
                continue
            i, j = self._stretch(state, n)
            if j <= i:
                continue
            j = min(j, i + _NAME_WORDS)
            for end in self._ends(state, i, j):
                head = any(
                    len(h) <= end - i and all(p.fits_exactly(w) for p, w in zip(h, ws[i : i + len(h)], strict=False))
                    for h in vocab.heads_by_first.get(ws[i].folded, ())
                )
                # English names put the head last: "the education department"
                last = ws[end - 1].folded.removesuffix("'s").removesuffix("’s")  # "the health dept's tasks"
                tail = last in ("department", "dept", "police", "office", "committee", "board")
                if not head and not tail:
                    continue
                if not head and (ws[i].folded in vocab.filler or ws[i].folded in vocab.of):
                    break  # "to the provincial committee": the name starts further on
                if self._not_a_name(state, i, end):
                    break
                name = _without_possessive(state.text[ws[i].start : ws[end - 1].end])
                if name.lower().startswith("the "):
                    name = name[4:]
                if self._names_agency(name):
                    state.agency, state.agency_start = name, ws[i].start
                    state.take(i, end)
                    return

    def _language(self, state: _State) -> str | None:
        if any(w.marks for w in state.words) or "đ" in state.text.lower():
            return "vi"
        en_words, vi_words = self.vocab.language_words["en"], self.vocab.language_words["vi"]
        en = vi = 0
        for n, word in enumerate(state.words):
            if state.agency_start >= 0 and word.start >= state.agency_start and state.used[n]:
                continue
            if state.code is not None and state.code.start <= word.start < state.code.end:
                continue  # "I.1" is a task, not the English "I"
            in_en, in_vi = word.folded in en_words, word.folded in vi_words
            en += in_en and not in_vi
            vi += in_vi and not in_en
        if en > vi:
            return "en"
        if vi > en:
            return "vi"
        return None

    # -- deciding ------------------------------------------------------------------------

    def _decide(self, state: _State, shown: str) -> Intent:
        hits = state.hits
        kinds = defaultdict(list)
        for n, _, target in hits:
            kinds[target.kind].append((n, target))
        state.whole = bool(kinds["whole"])
        # Nothing but greetings and courtesy: the help.
        courtesy = ("polite",) if state.agency else ("polite", "identity")  # "em là đầu mối" alone too
        # Thanks or leave-taking with nothing asked ("ok em cảm ơn nhiều ạ", "tks ad", "bye bot"): a
        # short reply, not the help
        if self._thanks_only(state):
            return Thanks()
        # ("hế lô bot", "hi ad": a greeting and who is greeted)
        greeted = all(u or w.folded in _ADDRESS for u, w in zip(state.used, state.words, strict=True))
        if greeted and hits and all(t.kind in courtesy for _, _, t in hits) and state.code is None:
            return Help()
        if not state.words:
            return Unknown(shown) if shown else Help()
        first_word = next((n for n, w in enumerate(state.words) if not _is_polite(hits, n)), 0)
        # "How do I mark a task as done?", "cách cập nhật trạng thái thế nào": the help on it
        if (verb := self._how_to(state, first_word)) is not None:
            topic = "" if verb in _USING else _help_topic(state, kinds)
            if not topic and verb in self.vocab.howto_views:  # how to see a list: the command of that list
                seen = self._list(state, *_facts(kinds))
                topic = "search" if kinds["search"] else _LIST_COMMANDS[seen.kind]
            return Link(state.agency or "") if topic == "link" else Help(topic)  # /link says how to link
        if state.code is not None:
            return self._about_task(state, kinds, first_word)
        if state.agency is not None and _HOW_IS.search(state.folded) and not kinds["count"]:
            # "how is the health department doing": how far it is; "all departments": the whole plan
            return Progress(agency=None if self._group(state.agency) else state.agency)
        statuses, task_kinds, count, coordinating, mine, year_words = _facts(kinds)
        # "mấy việc trễ của bên mình là việc gì": which they are is asked, not how many
        count = count and not _which_they_are(state, kinds["count"][0][0])
        # "I need the overdue tasks for the whole province": who asks, not whose tasks
        if mine and state.whole and all(_asker(state, i, j) for i, j, t in hits if t.kind == "self"):
            mine = False
        list_words = [t for _, t in kinds["intent"] if t.value == "list"]
        strong = [t for t in list_words if not t.weak]
        timed = state.year is not None or state.days is not None or state.period is not None
        timed = timed or bool(year_words) or state.year_said
        time_status = {"overdue", "due", "upcoming"} & set(statuses)
        if coordinating and state.partner:  # "đơn vị tôi phối hợp với Sở Y tế": the asker's own
            state.agency, mine = None, True
        if state.agency is not None and self._listing_only(state, kinds) and self._group(state.agency):
            return Agencies()  # "danh sách các sở, ban, ngành": the agencies, not a group's tasks
        said_report = _REPORT_WORD.search(state.folded) is not None
        # "báo cáo năm gửi UBND tỉnh": the agency a report goes to is not what it is about
        if state.agency is not None and said_report and self._received(state):
            state.agency = None
        agency = state.agency
        # A search said first: the rest is what to look for, unless it is a list question;
        # "ai phụ trách việc số hóa", "who's responsible for the records task": the same.
        listed = time_status or task_kinds or count or timed
        if any(n == first_word for n, _ in kinds["search"]) and not listed:
            return _search(state, first_word)
        # "đơn vị nào chủ trì việc xây dựng bệnh viện": a name after the task word is what the task
        # is about, not whose tasks are asked
        who_first = any(n == first_word for n, _ in kinds["search_who"]) and not (listed or mine)
        if who_first and (agency is None or self._in_the_task(state, first_word)):
            return _search(state, first_word, "search_who")
        votes: dict[str, float] = defaultdict(float)
        for _, target in kinds["intent"]:
            votes[target.value] += target.weight
        # "việc nào vướng do thiếu kinh phí": the tasks in that state, whatever their funding
        if statuses:
            votes.pop("funding", None)
        # "kế hoạch 123/KH-UBND", "plan 88/KH-UBND tasks", "20-NQ/TW": the plans, that one first
        # (the tasks of a plan are asked by its short name); of an agency or narrowed by a state, a
        # kind or a time, still the list ("việc của sở y tế theo 20-NQ/TW"); another document
        # ("công văn 45/SYT-KHTC") is no plan asked
        narrow = statuses or task_kinds or count or timed or coordinating or agency or mine
        if state.document is not None and not narrow and self._names_a_plan(state, votes):
            return Plans(state.year, state.document)
        # "em đã nhận được thông báo rồi ạ", "noted, thanks": a message received, said of oneself;
        # asked ("sở nào chưa đọc thông báo", "danh sách đơn vị đã nhận thông báo"), who received it
        # ("em đã nhận nhiệm vụ mới" is no message received)
        # ("đã nhận được thông báo của sở y tế": the agency that sent it is no subject)
        if kinds["receipt"] and agency is not None and self._sent_by(state):
            agency = state.agency = None
        if kinds["receipt"] and not (state.code or statuses or task_kinds or timed or agency):
            message = votes.keys() & {"broadcast", "broadcasts"}
            # ("thông báo hôm qua có bao nhiêu sở đã đọc": which agencies, or how many, asked)
            if self._asked_who(state) or "agencies" in votes or any(w.folded in _LISTING for w in state.words):
                if message:
                    votes["broadcasts"] += 10
            elif votes.keys() <= {"broadcast", "broadcasts"} and self._received_now(state):
                return Received()
        # Two agencies named and compared ("sở y tế hay sở gd trễ nhiều hơn", "sở nội vụ vs sở tư
        # pháp", "is health or education further behind"): side by side
        if state.named >= 2 and (any(w.folded in _COMPARISON for w in state.words) or _COMPARE.search(state.folded)):
            votes["by_agency"] += 3
            state.compared = state.second is not None
        # "nhắc em qua Zalo", "notify me on Telegram", "nhận nhắc việc ở cả hai kênh": where reminders go
        channel = _channel(state.folded)
        receiving = any(w.folded in _RECEIVING for w in state.words)
        if channel is not None and (votes.keys() & _ABOUT_REMINDERS or receiving):
            return Notify(channel)
        # "kế hoạch ... đã có trên bot chưa", "is the 2026 health plan in the system yet?": the plans
        if kinds["loaded"] and "plans" in votes and not (strong or statuses or task_kinds or count):
            return Plans(state.year)
        if kinds["lang"]:
            votes["language"] += 3
        asked_more = statuses or task_kinds or count or coordinating or timed or strong
        # "ai là đầu mối của Sở Tài chính", "đầu mối sở tài chính là ai", "who is the focal point
        # of DOF": who follows that agency (/whois), never a request to be linked to it
        if agency and (asked := _WHO_FOLLOWS.search(state.folded.strip())) is not None:
            # "em là đầu mối sở y tế, ai là đầu mối sở tài chính": the agency named after the question
            later = state.text.find(state.second, asked.start()) if state.second else -1
            return Whois(state.second if state.second and state.agency_start < asked.start() <= later else agency)
        # "Tôi là đầu mối của Sở Y tế", "I'm the focal point for DOH": who they are and
        # nothing asked, a request to link to that agency
        # ("em là đầu mối mới của Sở Xây dựng, em muốn nhận nhắc việc": linked, the reminders come)
        if kinds["identity"] and agency and not asked_more and votes.keys() <= {"link_help", "list", *_ABOUT_REMINDERS}:
            return Link(agency)
        # "tôi đang được liên kết với sở nào", "tài khoản này gắn với đơn vị nào": whose the asker is
        which_agency = any(
            t.value == "agencies" and any(w.folded in _WHICH for w in state.words[i:j]) for i, j, t in hits
        )
        said_self = mine or bool(kinds["identity"]) or {"link_help", "me"} & votes.keys()
        if which_agency and said_self and agency is None and not asked_more:
            return Me()
        # "báo cáo năm 2026", "syt bc năm 2026": the year's report, when nothing else makes it
        # a list (the year words are a slot, so the report's phrases do not see them).
        # "soạn giúp báo cáo tổng kết", "draft the year-end report": a report made, not figures
        narrowed = time_status or task_kinds or count or coordinating or strong
        # ("thông báo cho các sở nộp báo cáo trước 15/12": a message to send, about a report)
        if said_report and (timed or self._composed(state)) and not narrowed and "broadcast" not in votes:
            return Report(str(state.year) if state.year else "", agency, mine and agency is None)
        # A list needs something that makes it one: a task word, a status, a kind, an agency;
        # a count or a year alone ("giá vàng bao nhiêu", "lịch nghỉ Tết năm nay") does not.
        asks_list = bool(time_status or task_kinds or coordinating)
        # "anything we haven't started?", "bên em còn gì chưa làm": a state of whose tasks
        asks_list = asks_list or (bool(statuses) and bool(list_words) and (mine or agency is not None))
        asks_list = asks_list or (bool(strong) and bool(count or timed or statuses or mine or len(list_words) >= 2))
        # "năm sau", "quý này" alone, or with only a question word: "what's due on 15 December"
        asked_alone = all(u or w.folded in self.vocab.filler for u, w in zip(state.used, state.words, strict=True))
        asks_list = asks_list or (timed and asked_alone and not strong and votes.keys() <= {"list"})
        listish = asks_list or bool(agency)
        # An agency alone does not make a list of what asks for its summary, its charts or a
        # file: "tình hình chung của Sở Y tế", "progress chart for DOF"; and a file asked
        # for is a file, whatever tasks it should hold ("file excel các việc quá hạn").
        if (not asks_list and any(votes.get(k, 0) >= 2 for k in _ABOUT_AN_AGENCY)) or "export" in votes:
            listish = False
        # and a chart asked for is the charts, whatever tasks it should show ("biểu đồ việc quá hạn các sở")
        if "progress" in votes and _CHART.search(state.folded):
            listish = False
        # "sở nào đang có nhiều việc quá hạn nhất", "đơn vị nào ít việc trễ nhất": which agency,
        # then a superlative with words between, agencies ranked as the phrases "nhiều nhất" do
        if "by_agency" not in votes and _ranks_agencies(state):
            votes["by_agency"] += 3
        # Agencies side by side: the charts, or the summary when it is asked for ("tiến độ so
        # với các sở khác", "thống kê việc quá hạn theo từng sở"), never a list of tasks.
        if "by_agency" in votes and not coordinating:
            best_other = "summary" if votes.get("summary", 0) > votes.get("progress", 0) else "progress"
            votes[best_other] += votes.pop("by_agency")
            asks_list = listish = False
        # Agencies compared, or ranked by what is late: the charts ("tiến độ các đơn vị",
        # "which departments are lagging behind", "sở nào chậm tiến độ nhất").
        if "agencies" in votes and ({"progress", "summary"} & votes.keys() or (time_status and not strong)):
            best_other = "summary" if votes.get("summary", 0) > votes.get("progress", 0) else "progress"
            votes[best_other] += votes.pop("agencies")
            listish = False
        # Several counts of different states at once: the summary's numbers
        # ("bao nhiêu việc xong, bao nhiêu việc quá hạn", "how many done, how many overdue").
        # "chủ trì bao nhiêu, phối hợp bao nhiêu": counts of what it leads and what it supports too
        if len(kinds["count"]) >= 2 and len(set(statuses)) + bool(coordinating) >= 2 - bool(coordinating):
            votes["summary"] += 4
            listish = False
        # The summary asked for with the states it counts ("số liệu tổng hợp: tổng số nhiệm vụ,
        # đã xong, quá hạn"), or of a year and nothing narrower ("tổng hợp nhiệm vụ năm nay",
        # "thống kê năm 2025"): the summary, not a list
        # "totals: tasks, completed, overdue": states listed one after another are its numbers too
        states = set(statuses)
        listed = _enumerated(state) and (len(states) >= 3 or ("done" in states and len(states) >= 2))
        of_a_year = timed and state.days is None and state.period is None and not (statuses or task_kinds or count)
        # "tổng hợp tình hình nhiệm vụ của sở mình", "thống kê nhiệm vụ": the summary said first,
        # of tasks nothing narrows
        summary_first = any(n == first_word and t.kind == "intent" and t.value == "summary" for n, _, t in hits)
        summary_first = summary_first and votes.keys() <= {"summary", "list"}
        summary_first = summary_first and not (statuses or task_kinds or count or coordinating or timed)
        if ("summary" in votes and (len(states) >= 2 or of_a_year or summary_first)) or (count and listed):
            votes["summary"] += 4
            listish = False
        if listish:
            votes["list"] += 2 + 2 * len(time_status) + 2 * bool(task_kinds) + 2 * count + 2 * timed
            votes["list"] += 2 * coordinating + 2 * bool(agency) + bool(mine)
        else:
            votes.pop("list", None)
        if not votes:
            if agency is not None:
                return self._list(state, [], [], False, False, False, [])
            return Unknown(shown)
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        best, score = ranked[0]
        if best == "offtopic":  # the weather in Biên Hòa is not Biên Hòa's tasks: say so, do not pretend
            return Unknown(shown)
        facts = (statuses, task_kinds, count, coordinating, mine, year_words)
        intent = self._intent_for(best, state, kinds, facts, shown)
        if len(ranked) > 1 and ranked[1][1] >= score - 0.5 and {best, ranked[1][0]} & {"list"}:
            other = self._intent_for(ranked[1][0], state, kinds, facts, shown)
            if not isinstance(other, Unknown) and other != intent:
                return Clarify((intent, other), shown)
        return intent

    def _about_task(self, state: _State, kinds: dict[str, list[tuple[int, Target]]], first_word: int) -> Intent:
        """ "xong III.9 đã gửi", "III.9 đang vướng vì thiếu vốn", "nhiệm vụ 9 mục III": a report
        on the task when it says one (and does not ask), else the task."""
        assert state.code is not None
        if any(n == first_word for n, _ in kinds["search"]):
            return _search(state, first_word)
        code = state.code
        reports = sorted(
            ((n, t) for n, t in kinds["report"] + kinds["status"] if t.value in _REPORTED), key=lambda nt: nt[0]
        )
        before = [t for n, t in reports if state.words[n].start < state.code_start]
        asked = _asks(state)
        # "50% done with III.1", "III.3 xong 60%": part of the work, not all of it
        part = re.search(r"\b\d{1,2}\s*%", state.text) is not None and any(t.value == "done" for _, t in reports)
        if before:
            status = Status.IN_PROGRESS if part else Status(_REPORTED[before[0].value])
            note = self._note(state, code.end)
            if part and not note and (share := _SHARE_DONE.search(state.text)) is not None:
                note = share[0]  # "đã hoàn thành 50% nhiệm vụ III.1": how far, said before the code
            return SetStatus(code.code, status, note, code.plan)
        after = [k for k, w in enumerate(state.words) if w.start >= code.end]
        updated = any(t.value == "update" for _, t in kinds["report"]) or "%" in state.text[code.end :]
        # "có thể đánh dấu II.3 hoàn thành giúp em không": asked politely, still an instruction
        instructed = any(t.value == "update" and state.words[n].start < state.code_start for n, t in kinds["report"])
        if reports and (not asked or instructed):
            n, target = reports[0]
            note = self._note(state, code.end)
            # "III.9 done, report sent", "2.2 bên em đang làm, dự kiến tháng 9": the note is
            # what follows the status said right after the code (else the report is all there is)
            if all(self._idle(state, k) for k in after if k < n):
                end = max(j for i, j, t in state.hits if i == n)
                note = self._note(state, state.words[end - 1].end)  # nothing more: no note
            elif updated:  # "update on 3.5: survey done in 12 communes": work going on, with its news
                return SetStatus(code.code, Status.IN_PROGRESS, note, code.plan)
            status = Status.IN_PROGRESS if part else Status(_REPORTED[target.value])
            return SetStatus(code.code, status, note, code.plan)
        if updated and not asked:
            return SetStatus(code.code, Status.IN_PROGRESS, self._note(state, code.end), code.plan)
        # "IV.3 đang xây dựng dự thảo": what is being done on it, said as a fact
        said = [k for k in after if not self._idle(state, k) or state.words[k].folded in self.vocab.under_way]
        timely = any(t.value in ("overdue", "due", "upcoming") for _, t in kinds["status"])  # "II.3 đang quá hạn"
        if (
            said
            and state.words[said[0]].folded in self.vocab.under_way
            and not timely
            and not self._questions(state, said[0])
        ):
            return SetStatus(code.code, Status.IN_PROGRESS, self._note(state, state.words[said[0]].start), code.plan)
        # "III.3: Sở đã tổ chức tập huấn cho 200 cán bộ": what was done, posted under the code
        posted = re.match(r"\s*[:–-]", state.text[code.end :]) is not None
        done = any(state.words[k].folded in self.vocab.reported for k in after)
        if posted and done and len(said) >= 3 and not timely and not self._questions(state, said[0]):
            return SetStatus(code.code, Status.IN_PROGRESS, self._note(state, code.end), code.plan)
        return ShowTask(code.code, code.plan)

    @staticmethod
    def _names_a_plan(state: _State, votes: dict[str, float]) -> bool:
        """A plan's number ("123/KH-UBND", "20-NQ/TW"), or any number said after "kế hoạch", "plan"."""
        assert state.document is not None
        kinds = set(re.findall(r"[a-z]+", fold(state.document).split("/", 1)[1] if "/" in state.document else ""))
        kinds |= set(re.findall(r"(?<=-)[a-z]+(?=/)", fold(state.document)))
        return "plans" in votes or bool(kinds & {"kh", "nq", "ctr", "ct"})

    @staticmethod
    def _in_the_task(state: _State, first_word: int) -> bool:
        """The agency named after a task word that follows "ai phụ trách", "which agency leads"."""
        who = max(j for i, j, t in state.hits if t.kind == "search_who" and i == first_word)
        return any(
            t.kind == "intent" and t.value == "list" and i >= who and state.words[i].start < state.agency_start
            for i, _, t in state.hits
        )

    @staticmethod
    def _asked_who(state: _State) -> bool:
        """A question, not a statement: "ai", "nào", "who", "?", or ending with "chưa"."""
        return _asks(state) or any(w.folded in _QUESTION_WORDS for w in state.words)

    def _received_now(self, state: _State) -> bool:
        """Said as done ("đã nhận", "nhận được thông báo rồi", "noted"), not denied ("em chưa nhận
        được thông báo") nor wished ("muốn nhận được thông báo qua zalo")."""
        first, end, target = min((i, j, t) for i, j, t in state.hits if t.kind == "receipt")
        if any(w.folded in self.vocab.negation for w in state.words[max(0, first - 2) : first]):
            return False
        said = {w.folded for w in state.words[first:end]}
        after = {w.folded for w in state.words[end:]}
        return target.language == "en" or bool(said & _DONE_WORDS) or bool(after & {"roi", "r"})

    def _thanks_only(self, state: _State) -> bool:
        """Thanks or a goodbye said, and besides it only courtesy and who is addressed."""
        if not any(t.kind == "polite" and t.value == "thanks" for _, _, t in state.hits):
            return False
        if state.code is not None or state.agency is not None or state.document is not None:
            return False
        if any(t.kind != "polite" for _, _, t in state.hits):
            return False
        spare = _ADDRESS | _WITH_THANKS | self.vocab.filler
        return all(used or w.folded in spare for used, w in zip(state.used, state.words, strict=True))

    def _sent_by(self, state: _State) -> bool:
        """Whether the agency named follows a message and "của", "from": the one that sent it."""
        ws = state.words
        n = next((k for k, w in enumerate(ws) if w.start >= state.agency_start), 0)
        k = n
        while k > 0 and ws[k - 1].folded in ("cua", "from", "of", "tu"):
            k -= 1
        ends = {j for _, j, t in state.hits if t.kind == "intent" and t.value in ("broadcast", "broadcasts")}
        return k < n and k in ends

    def _received(self, state: _State) -> bool:
        """Whether the agency named follows "gửi", "to": the one something goes to."""
        ws = state.words
        n = next((k for k, w in enumerate(ws) if w.start >= state.agency_start), 0)
        while n > 0 and ws[n - 1].folded in ("the", "a", "cac", "cho"):  # "to the", "gửi các"
            n -= 1
        return any(tuple(w.folded for w in ws[n - k : n]) in self.vocab.recipient for k in (1, 2, 3) if k <= n)

    def _composed(self, state: _State) -> bool:
        """ "soạn giúp báo cáo", "draft the year-end report": a word that makes a report
        before it, with nothing between but courtesy and the words a report is called by."""
        ws = state.words
        for n in range(len(ws)):
            for compose in self.vocab.compose:
                k = len(compose)
                if tuple(w.folded for w in ws[n : n + k]) != compose:
                    continue
                for m in range(n + k, min(len(ws), n + k + 4)):
                    if _REPORT_WORD.match(" ".join(w.folded for w in ws[m : m + 2])):
                        return True
                    if not (ws[m].folded in _REPORT_KIND or self._idle(state, m)):
                        break
        return False

    def _how_to(self, state: _State, first: int) -> tuple[str, ...] | None:
        """A question on how to do something with the bot: "how do I" or "cách" then what is
        done ("mark", "cập nhật"), or what is done then "thế nào" at the end."""
        vocab, ws = self.vocab, state.words

        def said(n: int, options: set[tuple[str, ...]]) -> int:
            if ws[n].folded not in self._firsts(options):
                return 0
            return max((len(o) for o in options if tuple(w.folded for w in ws[n : n + len(o)]) == o), default=0)

        def found(n: int, options: set[tuple[str, ...]]) -> tuple[int, int]:
            """Where one of ``options`` is from word n on, past "em", "mình", "muốn" (who
            asks and that they want to): its start and end, (-1, -1) if none."""
            while n < len(ws):
                if k := said(n, options):
                    return n, n + k
                if not (ws[n].folded in _WANTING or self._idle(state, n)):
                    break
                n += 1
            return -1, -1

        # "làm sao để xem II.3" asks for the task; "làm sao để xem việc quá hạn", how to list
        done = vocab.howto_verbs if state.code is not None else vocab.howto_any

        def verb(n: int) -> tuple[str, ...] | None:
            i, j = found(n, done)
            return tuple(w.folded for w in ws[i:j]) if i >= 0 else None

        lead = found(first, vocab.howto_lead)[1]
        if lead >= 0 and (asked := verb(lead)) is not None:
            return asked
        last = len(ws)
        while last > 0 and (_is_polite(state.hits, last - 1) or ws[last - 1].folded in _ADDRESS):
            last -= 1
        ends = last > first and any(
            k <= last - first and tuple(w.folded for w in ws[last - k : last]) == end
            for end in vocab.howto_ends
            for k in [len(end)]
            if end[-1] == ws[last - 1].folded
        )
        # "cập nhật tiến độ II.3 thế nào rồi" asks how the task is going
        return verb(first) if ends and state.code is None else None

    def _idle(self, state: _State, n: int) -> bool:
        """A word that says nothing about the task: courtesy, "is", "bên em"."""
        folded = state.words[n].folded
        if folded in self.vocab.filler or folded in _LINKING or folded in _ADDRESS:
            return True
        return any(i <= n < j and t.kind in ("polite", "self") for i, j, t in state.hits)

    def _questions(self, state: _State, n: int) -> bool:
        """A question from word ``n`` on: "II.3 đang do ai phụ trách"."""
        if "?" in state.text[state.words[n].start :]:
            return True
        return any(w.folded in _QUESTION_WORDS for w in state.words[n:]) or _asks(state)

    def _note(self, state: _State, start: int) -> str:
        """The reason or result given from ``start`` (a position in the text): without the
        words that introduce a reason ("do", "vì", "because") nor the courtesy that closes
        a message ("nhờ bạn ghi nhận giúp mình nhé", "Trân trọng"); empty when that is all."""
        vocab, ws = self.vocab, state.words
        words = [k for k, w in enumerate(ws) if w.start >= start]
        # closing clauses, from the end: after a comma or a full stop, courtesy only
        end = len(state.text)
        clauses = [m.end() for m in re.finditer(r"[,.;!]\s", state.text) if m.end() > start]
        for cut in reversed(clauses):
            inside = [k for k in words if ws[k].start >= cut and ws[k].end <= end]
            if inside and (ws[inside[0]].folded in vocab.closing or all(self._idle(state, k) for k in inside)):
                end = cut
            else:
                break
        words = [k for k in words if ws[k].end <= end]
        while words and (ws[words[-1]].folded in _ADDRESS or _is_polite(state.hits, words[-1])):
            words.pop()  # "... rồi nhé", "... giúp em"
        # "do", "vì", "because of": the reason is what follows
        for length in (2, 1):
            lead = tuple(ws[k].folded for k in words[:length])
            if len(lead) == length and lead in vocab.because and len(words) > length:
                words = words[length:]
                break
        if not words or all(self._idle(state, k) for k in words):
            return ""
        end = ws[words[-1]].end
        while end < len(state.text) and not state.text[end].isspace() and state.text[end] not in ",.;:!?":
            end += 1  # "60%", "(đợt 1)"
        return state.text[ws[words[0]].start : end].strip(" :-–,.")

    def _intent_for(
        self,
        name: str,
        state: _State,
        kinds: dict[str, list[tuple[int, Target]]],
        facts: tuple[list[str], list[str], bool, bool, bool, list[str]],
        shown: str,
    ) -> Intent:
        if name == "list":
            return self._list(state, *facts)
        if name == "link_help":
            return Link(state.agency or "")
        if name == "language":
            return Language(kinds["lang"][0][1].value if kinds["lang"] else "")
        if name in _ABOUT_REMINDERS and (clock := _clock(state.folded)) is not None:
            return RemindAt(clock)  # "nhắc tôi lúc 9 giờ sáng", "remind me at 9am": the hour
        if name == "resume":
            return Quiet("off")  # "bật lại nhắc việc": /quiet off
        if name == "quiet":
            period = state.period
            # a date ("tắt nhắc đến 15/7") is no number of days: the settings, where /quiet is told
            counted = period is not None and not period.until and not state.weekday  # "tới thứ hai" too
            days = state.days or (_PERIOD_DAYS[period.unit] * max(1, period.amount) if counted and period else 0)
            return Quiet(f"{days}d") if days else Reminders()
        # "của Sở Y tế", "sở mình": whose summary, charts or file; a group ("all departments")
        # is the whole plan by agency
        agency, mine = state.agency, bool(kinds["self"]) and state.agency is None
        if agency and name in ("summary", "progress") and self.directory is not None and self._group(agency):
            agency = None
        whole = state.whole and agency is None and not mine  # "tình hình chung toàn tỉnh"
        simple: dict[str, Intent] = {
            "summary": Summary(agency=agency, mine=mine, year=state.year, everyone=whole),
            "me": Me(),
            "help": Help(),
            "reminders": Reminders(),
            "export": Export(_export_format(state.folded), agency=agency, mine=mine, status=_file_status(facts[0])),
            "progress": Progress(
                agency=agency, mine=mine, versus=state.second if agency and state.compared else None, everyone=whole
            ),
            "report": Report(str(state.year) if state.year else "", agency, mine),
            "agencies": Agencies(),
            "plans": Plans(state.year, state.document),
            "funding": Funding(agency=agency, mine=mine),
            "broadcast": BroadcastStart("overdue" if "overdue" in facts[0] else None),
            "broadcasts": BroadcastList(),
            "connect": Connect(""),
            "reminder_settings": Reminders(),
        }
        return simple.get(name, Unknown(shown))

    def _list(
        self,
        state: _State,
        statuses: list[str],
        task_kinds: list[str],
        count: bool,
        coordinating: bool,
        mine: bool,
        year_words: list[str],
    ) -> ListTasks:
        status_filter: Status | None = None
        unfinished = False
        # "quá hạn mà chưa hoàn thành": overdue already says it is not done; "đến hạn mà chưa
        # hoàn thành" only that it is not done yet, but "sắp đến hạn mà chưa làm", "due next
        # quarter and not started" narrow it to what nobody started (or finished, or is stuck on)
        states = statuses
        if "overdue" in statuses:
            states = []
        elif {"due", "upcoming"} & set(statuses):
            states = [s for s in statuses if s != "in_progress"]
        for value in states:
            if value == "unfinished":  # "việc chưa xong": every state but done
                unfinished = True
                break
            if value in _LISTED:
                status_filter = Status(_LISTED[value])
                break
        task_kind = task_kinds[0] if task_kinds else None
        kind: ListKind
        days, period, year, offset = state.days, state.period, state.year, state.year_offset
        if state.day is not None and period is None and days is None and {"due", "upcoming"} & set(statuses):
            period = AskedPeriod(Unit.DAY, calendar=True, offset=state.day)  # "việc đến hạn hôm nay"
        if "next" in year_words:
            offset = 1
        if coordinating:
            kind = ListKind.COORDINATING
        elif "overdue" in statuses:
            kind = ListKind.OVERDUE
        elif days is not None or period is not None or "upcoming" in statuses:
            kind = ListKind.UPCOMING
            if days is None and period is None:
                days = 30
        elif "due" in statuses or year is not None or year_words or state.year_said:
            kind = ListKind.DUE
        elif task_kind == "ongoing":
            kind, task_kind = ListKind.ONGOING, None
        elif state.agency is not None:
            kind = ListKind.AGENCY
        else:
            kind = ListKind.MINE
        if period == UNTIL_YEAR_END and offset and kind in _WINDOWED:
            period = AskedPeriod(Unit.DAY, until=1231)  # "trước 31/12 năm sau": next year's end
        if period is not None and period.until and period.unit is Unit.DAY and kind in _WINDOWED:
            # "6 tháng cuối năm 2027", "trước 30/6 năm sau": the date or span of the year said
            if year is not None and not period.year:
                period = replace(period, year=year)
            elif offset and not period.year:
                period = replace(period, offset=offset)
        if period is not None and period.index and kind in _WINDOWED:
            # "due in June 2027", "quý 3 năm 2026", "tháng 6 năm sau": the year said is the named
            # month's or quarter's
            # "tháng 6 năm nay": this year's June, even once it has ended ("next June": next year's)
            if year is not None:
                period = replace(period, year=year)
            elif offset:
                period = replace(period, offset=offset, this_year=False)
            elif "this" in year_words or state.year_said:
                period = replace(period, this_year=True)
        if kind is ListKind.OVERDUE:
            offset = 0  # "quá hạn năm 2025": only a year said in numbers narrows what is late
        elif kind is not ListKind.DUE:
            year, offset = None, 0
        # what the agency helps with, late or in a window: "nv phối hợp bị quá hạn", "... quý này"
        late = kind is ListKind.COORDINATING and "overdue" in statuses
        if kind is ListKind.COORDINATING and "upcoming" in statuses and days is None and period is None:
            days = 30
        if kind not in _WINDOWED:
            days, period = None, None
        return ListTasks(
            kind,
            year=year,
            year_offset=offset,
            days=days,
            agency=state.agency,
            count=count,
            task_kind=task_kind,
            status=status_filter,
            period=period,
            overdue=late,
            unfinished=unfinished,
            mine=mine and state.agency is None,
            everyone=state.whole and state.agency is None and not mine and kind is not ListKind.COORDINATING,
        )


_WINDOWED = (ListKind.UPCOMING, ListKind.COORDINATING)  # lists narrowed to the period asked
_ABOUT_AN_AGENCY = ("summary", "progress", "link_help", "report", "funding")  # intents that carry the agency named
# "ko", "k", "hok" (không), "dc", "đc" (được): typed short, read as the words
_TEEN = {"ko": "khong", "k": "khong", "hok": "khong", "khg": "khong", "kh0ng": "khong", "dc": "duoc", "e": "em"}
_TEEN |= {"u": "you", "ur": "your", "dag": "dang", "ni": "nay"}  # "what can u do", "đag làm", "năm ni"
# "sở mk" (mình), "t" (tôi), "đg lm" (làm), "nhận r" (rồi)
_TEEN |= {"mk": "minh", "mik": "minh", "t": "toi", "lm": "lam", "r": "roi"}
# regional words, with their marks: "mô" (nào), "mần" (làm), "hông", "hổng" (không), "rứa" (vậy)
_DIALECT = {"mô": "nao", "mần": "lam", "hông": "khong", "hổng": "khong", "rứa": "vay", "răng": "sao"}
# a document's number: "123/KH-UBND", "20-NQ/TW", "45/2025/NĐ-CP" (a slash, letters after the digits)
_DOCUMENT = re.compile(r"(?<![\w/.-])\d{1,5}(?:/\d{4})?(?:/[a-z]{1,6}(?:[-&][a-z]{1,8})*|-[a-z]{1,6}/[a-z]{1,8})\b")
# a word typed in VNI that no keyboard converted: a vowel, then tone and vowel digits inside the word
_VNI_WORD = re.compile(r"\b[^\W\d_]*[aeiouyâăêôơư][^\W\d_]*[1-9]{1,2}[^\W\d_]*(?:[1-9][^\W\d_]*)?\b", re.IGNORECASE)
# a receipt said as done: "đã nhận", "xác nhận", "nắm rồi"
_DONE_WORDS = {"da", "roi", "xac"}
_DIGIT_IN_WORD = re.compile(r"[^\W\d_][1-9]")  # a letter then a digit: maybe VNI
# words one of which a task code said in words has: "chấm", "point", "mục", "section"
_SPELLED_CODE_WORDS = {"cham", "phay", "point", "dot", "muc", "phan", "section", "part"}
# what compares two agencies named: "hơn", "than", "vs"
_COMPARISON = {"hon", "than", "vs", "versus"}
_COMPARE = re.compile(r"\b(?:so sanh|doi chieu|compare|comparing|comparison)\b")
# words that may stand beside thanks with nothing asked: "ok em cảm ơn nhiều ạ", "thank u"
_WITH_THANKS = {"nhieu", "lam", "u", "ya", "so", "much", "very", "lot", "nhe", "nha", "a", "ad"}
_WITH_THANKS |= {"ok", "oke", "oki", "okie", "okay"}
_POSSESSIVE = ("'s", "’s")
_LINKING = {
    "is",
    "la",
    "da",
    "as",
    "now",
    "gio",
    "sang",
    "thanh",
    "to",
    "into",
}  # "chuyển II.9 sang hoàn thành"  # "III.9 is done", "III.9 đã xong"
_LISTING = {"danh", "ds", "liet", "list", "which", "what", "show", "all", "cac", "nhung"}
# "III.9 chưa xong" reports work under way; "việc chưa xong" lists every task not done
_REPORTED = {"done": "done", "in_progress": "in_progress", "unfinished": "in_progress", "blocked": "blocked"}
_LISTED = {**_REPORTED, "open": "open", "unfinished": "unfinished"}  # "chưa triển khai": nobody started
# a share of the work said done, with the words that say so: "hoàn thành 50%", "đạt 70 %", "60% done"
_SHARE_DONE = re.compile(r"(?:\b[^\W\d_]+\s+){0,2}\d{1,2}\s*%(?:\s+(?:done|complete[d]?|finished))?", re.I)
_WHICH = {"nao", "which", "what"}  # "sở nào", "which departments": asks which agency
# "ai là đầu mối ...", "đầu mối ... là ai (vậy/ạ)", "who is/who's the focal point ...": who the
# focal point is, asked anywhere after a greeting or the agency put first ("anh ơi ai là đầu mối
# sở y tế ạ", "bên sở tài chính ai là đầu mối vậy", "hi, who is the focal point of DOF"), or
# at the end of the question
_WHO_FOLLOWS = re.compile(
    r"\bai (?:dang )?(?:la|lam) dau moi\b"
    r"|\bdau moi\b.*\bla ai(?: (?:vay|the|a|nhi|nhe|anh|chi|em|ban|ad))*\W*$"
    r"|\b(?:thong tin|lien he|sdt|so dien thoai)(?: (?:cua|voi))? dau moi\b"
    r"|\bwho(?: is|'s| are)\b[^?.!,]*\b(?:focal|contact) (?:points?|persons?|people)\b"
)


_PERIOD_DAYS = {Unit.DAY: 1, Unit.WEEK: 7, Unit.MONTH: 30, Unit.QUARTER: 91, Unit.YEAR: 365}
# A message that ends like a question asks about the task rather than reporting on it.
# Words that make a message a question wherever they stand: "II.3 đang do ai phụ trách"
_QUESTION_WORDS = {"ai", "gi", "nao", "sao", "dau", "who", "what", "which", "why", "when", "where", "how"}
_ASKING_VERBS = {"is", "are", "has", "have", "did", "does", "do", "was", "were", "will", "can", "could"}
_QUESTION_ENDS = {"chua", "khong", "ko", "k", "hok", "khg", "chang", "sao", "nao", "gi", "j", "ha", "nhi"}
_ADDRESS = {"anh", "chi", "em", "ban", "bot", "ad", "admin", "a", "nhe", "nha", "vay", "the", "day", "oi", "roi", "r"}


def _asks(state: _State) -> bool:
    if state.text.rstrip().endswith("?"):
        return True
    # "is II.8 done yet", "has III.2 been finished": an English question opens with its verb
    first = next((w for n, w in enumerate(state.words) if not _is_polite(state.hits, n)), None)
    if first is not None and first.folded in _ASKING_VERBS:
        return True
    last = next(
        (
            w
            for n, w in reversed(list(enumerate(state.words)))
            if not _is_polite(state.hits, n) and w.folded not in _ADDRESS
        ),
        None,
    )
    return last is not None and last.folded in _QUESTION_ENDS


_USING = {("use",), ("dung",), ("su", "dung"), ("get", "started")}  # how to use the bot at all
_WANTING = {"muon", "want", "would", "like", "need", "can", "could", "toi", "minh", "em", "i", "we"}
# what a how-to question is about: the command whose help answers it
_HELP_TOPICS = {
    "export": "export",
    "report": "report",
    "link_help": "link",
    "quiet": "quiet",
    "resume": "quiet",  # reminders on again: /quiet off
    "reminder_settings": "reminders",
    "reminders": "reminders",
    "broadcast": "broadcast",
    "broadcasts": "broadcasts",
    "language": "lang",
    "progress": "progress",
    "summary": "summary",
    "plans": "plans",
    "agencies": "agencies",
    "me": "me",
    "connect": "connect",
}
_STATUS_TOPICS = {"done": "done", "in_progress": "doing", "unfinished": "doing", "blocked": "blocked"}
_LIST_COMMANDS = {
    ListKind.MINE: "my",
    ListKind.DUE: "due",
    ListKind.OVERDUE: "overdue",
    ListKind.UPCOMING: "upcoming",
    ListKind.ONGOING: "ongoing",
    ListKind.AGENCY: "agency",
    ListKind.COORDINATING: "my",
}


# "how is X doing", "how are the police getting on": how far an agency is, not its tasks under way
_HOW_IS = re.compile(
    r"^how (?:is|are|'s)\b.*\b(?:doing|going|getting on|getting along|coming along|faring)(?: so far| now)?$"
)
# the words around a span of days ("từ 1/7 đến 30/9", "between 1 July and 30 September"), and
# before one day ("due on 30/6", "hạn vào ngày 15/7"): that day, not from today to it
_SPAN_FROM = {"tu", "from", "between"}
_SPAN_TO = {"den", "toi", "to", "and", "until", "till", "through", "thru"}
_ON_DAY = {"on", "vao"}
_NAMED_DAY = {"ngay", "on"}  # "ngày 31/12 có việc nào đến hạn": that day
_DEADLINE_WORDS = {"han", "deadline", "due", "nop"}
_ABOUT_REMINDERS = {"reminders", "reminder_settings", "quiet", "resume"}
# A time of day: "9 giờ sáng", "8h30", "8h30p", "7 giờ 30 phút", "7g rưỡi", "9am", "5pm", "2:30 pm", "lúc 9";
# the minutes' "p" (phút) only right after them, so that "5pm" is five in the afternoon
_CLOCK = re.compile(
    r"(?:\b(?:luc|vao|at|sang|to|ve|thanh)\s+)?\b(?P<hour>\d{1,2})"
    r"(?:(?::|\s*(?:h|g|gio)\s*)(?:(?P<minute>\d{2}|ruoi)(?:\s*(?:phut|p))?)?\b|\s*(?=a\.?m\b|p\.?m\b|o'?clock\b))?"
    r"(?:\s*(?P<half>a\.?m\.?|p\.?m\.?|o'?clock|sang|chieu|toi|trua))?"
)
_AFTERNOON = {"pm", "p.m", "p.m.", "chieu", "toi"}


def _clock(folded: str) -> str | None:
    """The time of day a reminder is asked at, as /remind_at takes it ("08:30"), else None;
    a bare number ("nhắc trước 3 ngày") is no time, "lúc 9" is."""
    for match in _CLOCK.finditer(folded):
        said_at = match[0].split()[0] in ("luc", "vao", "at")
        if not (match["minute"] or match["half"] or said_at or re.search(r"\d\s*(?:h|g|gio)\b|:", match[0])):
            continue
        hour, minute = int(match["hour"]), match["minute"] or "0"
        if (match["half"] or "").rstrip(".") in {h.rstrip(".") for h in _AFTERNOON} and hour < 12:
            hour += 12
        if (match["half"] or "").startswith("trua") and hour < 6:
            hour += 12
        return f"{hour:02d}:{30 if minute == 'ruoi' else int(minute):02d}"
    return None


_RECEIVING = {"nhan", "notify", "notifications", "notification", "receive", "alerts", "alert", "messages"}


def _channel(folded: str) -> str | None:
    """The channel a message names for reminders: "zalo", "telegram", "both", else None."""
    found = set(_WORD.findall(folded))
    if {"zalo", "telegram"} <= found or {"ca", "hai", "kenh"} <= found or {"both", "channels"} <= found:
        return "both"
    return "zalo" if "zalo" in found else "telegram" if "telegram" in found else None


def _enumerated(state: _State) -> bool:
    """States said one after another, apart by a comma or "và"/"and": "đã xong, quá hạn"."""
    said = sorted((i, j) for i, j, t in state.hits if t.kind == "status")
    ws = state.words
    return any(
        "," in state.text[ws[j - 1].end : ws[k].start] or any(w.folded in ("va", "and") for w in ws[j:k])
        for (_, j), (k, _) in pairwise(said)
    )


def _facts(kinds: dict[str, list[tuple[int, Target]]]) -> tuple[list[str], list[str], bool, bool, bool, list[str]]:
    """What narrows a list: the states, kinds of task, a count, coordinating, "mine", year words."""
    statuses = [t.value for _, t in kinds["status"]]
    statuses += [t.value for _, t in kinds["report"] if t.value in ("done", "in_progress", "blocked")]
    task_kinds = [t.value for _, t in kinds["task_kind"]]
    year_words = [t.value for _, t in kinds["year"]]
    return statuses, task_kinds, bool(kinds["count"]), bool(kinds["coordinating"]), bool(kinds["self"]), year_words


def _asker(state: _State, i: int, j: int) -> bool:
    """A pronoun alone before a word that wants ("I need", "tôi cần", "em muốn"): who asks."""
    return j == i + 1 and j < len(state.words) and state.words[j].folded in _WANTING - _PRONOUNS


_PRONOUNS = {"toi", "minh", "em", "i", "we"}


def _which_they_are(state: _State, counted: int) -> bool:
    """After the count word, "là" then "gì" or "nào" (a task word may stand between): the
    tasks counted are asked for ("mấy việc trễ ... là việc gì", "bao nhiêu việc, là những việc nào")."""
    ws = [w.folded for w in state.words]
    return any(w == "la" and _WHICH_ASKED & set(ws[n + 1 : n + 5]) for n, w in enumerate(ws) if n > counted)


_WHICH_ASKED = {"gi", "nao", "j"}


def _help_topic(state: _State, kinds: dict[str, list[tuple[int, Target]]]) -> str:
    """The command a how-to question asks about: marking a status, a file, the reminders..."""
    said = [t.value for _, t in kinds["status"] + kinds["report"]]
    if status := next((_STATUS_TOPICS[s] for s in said if s in _STATUS_TOPICS), None):
        return status
    if "update" in said:
        return "done"
    votes: dict[str, float] = defaultdict(float)
    for _, target in kinds["intent"]:
        if target.value in _HELP_TOPICS:
            votes[_HELP_TOPICS[target.value]] += target.weight
    if kinds["lang"]:
        votes["lang"] += 3
    if "connect" not in votes and _channel(state.folded):  # "cách nhận nhắc việc qua Zalo"
        return "notify"
    return max(votes, key=lambda k: votes[k]) if votes else ""


def _search(state: _State, first_word: int, kind: str = "search") -> Search:
    hits = [h for h in state.hits if h[2].kind == kind and h[0] == first_word]
    end = state.words[hits[0][1] - 1].end if hits else 0
    words = state.text[end:].strip(" :?!.")
    return Search(words or state.text.strip(" ?!."))


_LATE = Target("status", "overdue", language="vi")
_SUPERLATIVE = "nhat"  # "nhất": most, after what is compared
# what "nhất" ranks by ("nhiều ... nhất", "chậm nhất"); "thống nhất", "hợp nhất", "thứ nhất" rank nothing
_COMPARED = {"nhieu", "it", "cham", "tre", "kem", "tot", "nhanh", "cao", "thap", "lau", "muon", "han", "yeu", "no"}


def _ranks_agencies(state: _State) -> bool:
    """ "sở nào ... nhiều ... nhất": a which-agency phrase, then a comparison ending in "nhất"."""
    ws = state.words
    for i, j, target in state.hits:
        if target.kind != "intent" or target.value != "agencies" or not any(w.folded in _WHICH for w in ws[i:j]):
            continue
        compared = False
        for w in ws[j:]:
            if w.folded == _SUPERLATIVE and compared:
                return True
            compared = compared or w.folded in _COMPARED
    return False


def _is_polite(hits: Iterable[tuple[int, int, Target]], n: int) -> bool:
    return any(i <= n < j and t.kind == "polite" for i, j, t in hits)


def _inside_question(state: _State, n: int) -> bool:
    """A one-word courtesy ("nhé", "giờ") read as such only at either end of the message."""
    return 0 < n < len(state.words) - 1


def with_plan(intent: Intent, plan: str) -> Intent:
    return replace(intent, plan=plan)  # type: ignore[type-var]


# -- one recognizer per directory ---------------------------------------------------------------

_RECOGNIZERS: dict[int, tuple[AgencyDirectory | None, Recognizer]] = {}


def recognizer(directory: AgencyDirectory | None = None) -> Recognizer:
    """The recognizer of ``directory`` (kept while the directory lives: a new plan index
    brings a new directory, and with it a new recognizer and an empty cache)."""
    key = id(directory)
    held = _RECOGNIZERS.get(key)
    if held is None or held[0] is not directory:
        if len(_RECOGNIZERS) >= 4:
            _RECOGNIZERS.pop(next(iter(_RECOGNIZERS)))
        held = (directory, Recognizer(directory))
        _RECOGNIZERS[key] = held
    return held[1]


def _without_possessive(name: str) -> str:
    return name[:-2] if name.endswith(_POSSESSIVE) else name


def _breaks(between: str) -> bool:
    """Punctuation between two words that ends a name: the end of a sentence ("của sở. Gửi
    chị"), not the full stop of an abbreviation ("Dept. of Labour")."""
    if any(c in between for c in ";:!?"):
        return True
    return "." in between and between[-1:].isupper()


_CHART = re.compile(r"\b(?:bieu do|do thi|chart|charts|graph|plot)\b")
_REPORT_WORD = re.compile(r"\b(?:bao cao|report|bc)\b")
# words between "soạn" and "báo cáo", "draft" and "report" ("soạn giúp cái báo cáo", "the year-end report")
_REPORT_KIND = {"file", "ban", "cai", "mot", "giup", "ho", "dum", "gium", "year-end", "annual", "yearly", "final"}
_REPORT_KIND |= {"word", "docx", "end-of-year", "year", "end", "of", "the", "a", "an", "our", "my", "this"}


def _file_status(statuses: list[str]) -> str | None:
    """The state a file is asked for: "file excel các việc quá hạn", "export finished tasks"."""
    if "overdue" in statuses:
        return "overdue"
    return next((_LISTED[s] for s in statuses if s in _LISTED), None)


def _export_format(folded: str) -> str:
    """The file asked for: a calendar, a csv, else the spreadsheet."""
    found = set(_WORD.findall(folded))  # ".ics", "CSV?"
    if found & {"ics", "lich", "calendar", "ical", "outlook"}:
        return "ics"
    return "csv" if "csv" in found else ""


_TELEX_PAIRS = (("dd", "d"), ("aa", "a"), ("ee", "e"), ("oo", "o"), ("aw", "a"), ("ow", "o"), ("uw", "u"))


def _untelex(word: str) -> str:
    """A word typed in Telex that no keyboard converted, without its marks: "ddeens" -> "den",
    "nhieemj" -> "nhiem", "sowr" -> "so"."""
    if len(word) >= 2 and word[-1] in "sfrxj" and word[-2] not in "sfrxj":
        word = word[:-1]
    for typed, letter in _TELEX_PAIRS:
        word = word.replace(typed, letter)
    return word
