"""Agency names: splitting plan cells into agencies and resolving names people type.

Splitting is hand-written: commas separate agencies but also sit inside names
("Sở Văn hóa, Thể thao và Du lịch") and collective phrases ("các sở, ban, ngành"), so a
cell is read left to right, taking at each point the longest known alias and ignoring
commas inside it. Text that matches no alias becomes an unknown agency, never dropped.
Fuzzy matching of what people type is left to rapidfuzz.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from rapidfuzz import fuzz, process

from domain.text import clean, fold, nfc


class AgencyKind(StrEnum):
    DEPARTMENT = "department"
    PROVINCIAL_BODY = "provincial_body"
    MEDIA = "media"
    LOCAL = "local"
    DISTRICT = "district"
    GROUP = "group"
    OTHER = "other"


@dataclass(frozen=True)
class AgencyEntry:
    name: str
    kind: AgencyKind = AgencyKind.OTHER
    short: str | None = None
    aliases: tuple[str, ...] = ()
    is_group: bool = False
    members: tuple[str, ...] = ()
    member_kinds: tuple[AgencyKind, ...] = ()
    # Named in the alias table. An agency first met in a plan is in the directory too, so
    # that its tasks keep finding it, but it stays unknown until someone names it there.
    verified: bool = True


@dataclass(frozen=True)
class CellAgency:
    """One agency named in a cell: a known name, or the text as written when unknown."""

    name: str
    known: bool
    text: str


class AliasConflict(ValueError):
    pass


# -- tokens ----------------------------------------------------------------------------

# A line break separates agencies like a comma: cells from .docx hold one per paragraph.
_TOKEN = re.compile(r"(?P<word>[0-9a-z]+(?:[&-][0-9a-z]+)*)|(?P<sep>[,;\n])")
_CONNECTORS = frozenset({"va", "and", "cung"})
_LOCAL_UNITS = frozenset({"huyen", "tx", "tp", "xa", "phuong", "quan"})
_UBND = "ubnd"


@dataclass(frozen=True)
class _Token:
    text: str  # folded, "&" and "-" inside a word removed: "Sở GD&ĐT" -> so, gddt
    start: int
    end: int

    @property
    def is_separator(self) -> bool:
        return self.text in {",", ";", "\n"}


class _Abbreviations:
    """Replaces long forms by one short form, so both spellings give the same tokens."""

    def __init__(self, table: Mapping[str, Sequence[str]]):
        # first word -> (long form, short form), longest first
        self._forms: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
        for short, longs in table.items():
            short_words = tuple(fold(short).split())
            for long in longs:
                long_words = tuple(fold(long).split())
                self._forms[long_words[0]].append((long_words, short_words))
        for forms in self._forms.values():
            forms.sort(key=lambda form: -len(form[0]))

    def apply(self, tokens: list[_Token]) -> list[_Token]:
        out: list[_Token] = []
        i = 0
        while i < len(tokens):
            for long, short in self._forms.get(tokens[i].text, ()):
                window = tokens[i : i + len(long)]
                if tuple(t.text for t in window) == long:
                    out.extend(_Token(word, window[0].start, window[-1].end) for word in short)
                    i += len(long)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def _raw_tokens(text: str) -> list[_Token]:
    return [_Token(m["sep"] or re.sub(r"[&-]", "", m["word"]), m.start(), m.end()) for m in _TOKEN.finditer(fold(text))]


def infer_kind(name: str) -> AgencyKind:
    """A best guess from the head word, for agencies first met in a plan."""
    folded = fold(clean(name))
    if folded.startswith("so "):
        return AgencyKind.DEPARTMENT
    if re.match(r"(ubnd|uy ban nhan dan) (cac )?(huyen|quan)\b", folded):
        return AgencyKind.DISTRICT
    if re.match(r"(ubnd|uy ban nhan dan) ", folded):
        return AgencyKind.LOCAL
    if re.match(r"(bao|dai) ", folded):
        return AgencyKind.MEDIA
    if re.match(r"(ban|bhxh|bao hiem xa hoi|cong an|bch|bo chi huy) ", folded):
        return AgencyKind.PROVINCIAL_BODY
    return AgencyKind.OTHER


# -- resolution results ----------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    name: str


@dataclass(frozen=True)
class Ambiguous:
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class NotFound:
    suggestions: tuple[str, ...] = ()


Resolution = Found | Ambiguous | NotFound

# Fuzzy thresholds (rapidfuzz WRatio, 0-100), tuned on how focal points type names.
_FUZZY_FLOOR = 75
_FUZZY_MARGIN = 6  # candidates this close to the best one are offered as a choice
_PREFIX_CHOICES = 10  # at most this many agencies offered for the start of a name ("ubnd")


@dataclass
class AgencyDirectory:
    """Every known agency and group with its aliases; built from the alias file or the DB."""

    entries: Sequence[AgencyEntry]
    abbreviations: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._abbreviations = _Abbreviations(self.abbreviations)
        self._by_name: dict[str, AgencyEntry] = {}
        for entry in self.entries:
            if entry.name in self._by_name:
                raise AliasConflict(f"agency {entry.name!r} is listed twice")
            self._by_name[entry.name] = entry
        self._exact: dict[tuple[str, ...], str] = {}
        self._derived: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for entry in self.entries:
            for alias in (entry.name, *(entry.aliases), *([entry.short] if entry.short else [])):
                self._add_alias(entry.name, alias)
            for derived in self._acronyms(entry):
                self._derived[derived].add(entry.name)
        # An acronym that two agencies share (Sở Nội vụ, Sở Ngoại vụ: SNV) is never
        # taken as exact; the fuzzy resolver offers both instead.
        for derived, names in self._derived.items():
            if len(names) == 1 and derived not in self._exact:
                self._exact[derived] = next(iter(names))
        self._longest = max((len(k) for k in self._exact), default=0)
        self._members = self._compute_members()
        # Plans repeat the same cells hundreds of times; each is split once.
        self._split_cache: dict[str, tuple[CellAgency, ...]] = {}
        self._fuzzy_choices: dict[str, set[str]] = defaultdict(set)
        for alias_key, name in self._exact.items():
            self._fuzzy_choices[_distinctive(alias_key)].add(name)
        for derived, names in self._derived.items():
            self._fuzzy_choices[_distinctive(derived)].update(names)
        # What a typed name can be the start of: every alias and acronym, also as written
        # before abbreviating ("UBND thành phố", not only "UBND TP").
        starts: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for alias_key, name in self._exact.items():
            starts[alias_key].add(name)
        for derived, names in self._derived.items():
            starts[derived].update(names)
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                written = tuple(t.text for t in _raw_tokens(nfc(alias)) if not t.is_separator)
                starts[written].add(entry.name)
        self._starts: dict[str, list[tuple[tuple[str, ...], set[str]]]] = defaultdict(list)  # by first letter
        for start_key, names in starts.items():
            if start_key:
                self._starts[start_key[0][0]].append((start_key, names))

    # -- building ----------------------------------------------------------------------

    def tokens(self, text: str) -> list[_Token]:
        return self._abbreviations.apply(_raw_tokens(nfc(text)))

    def alias_key(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens(text) if not t.is_separator)

    def _add_alias(self, name: str, alias: str) -> None:
        alias_key = self.alias_key(alias)
        if not alias_key:
            return
        owner = self._exact.setdefault(alias_key, name)
        if owner != name:
            raise AliasConflict(f"alias {alias!r} is given to both {owner!r} and {name!r}")

    def _acronyms(self, entry: AgencyEntry) -> list[tuple[str, ...]]:
        if entry.kind is not AgencyKind.DEPARTMENT:
            return []
        words = [w for w in self.alias_key(entry.name) if w not in _CONNECTORS]
        if len(words) < 3 or words[0] != "so":
            return []
        rest = "".join(w[0] for w in words[1:])
        return [("s" + rest,), ("so", rest)]

    def _compute_members(self) -> dict[str, tuple[str, ...]]:
        members: dict[str, tuple[str, ...]] = {}
        for entry in self.entries:
            if not entry.is_group:
                continue
            found = [m for m in entry.members if m in self._by_name]
            found += [
                e.name for e in self.entries if not e.is_group and e.kind in entry.member_kinds and e.name not in found
            ]
            members[entry.name] = tuple(found)
        return members

    # -- questions ---------------------------------------------------------------------

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str) -> AgencyEntry | None:
        return self._by_name.get(name)

    def _verified(self, name: str) -> bool:
        entry = self._by_name.get(name)
        return entry is None or entry.verified

    def lookup(self, text: str) -> str | None:
        """The agency whose alias is exactly ``text`` (case, accents and commas aside)."""
        return self._exact.get(self.alias_key(text))

    def members(self, group: str) -> tuple[str, ...]:
        return self._members.get(group, ())

    def closure(self, group: str) -> list[str]:
        """Every member of ``group``: its members, their members, and so on."""
        found: list[str] = []
        frontier = list(self._members.get(group, ()))
        while frontier:
            member = frontier.pop(0)
            if member not in found and member != group:
                found.append(member)
                frontier.extend(self._members.get(member, ()))
        return found

    def groups_of(self, name: str) -> list[str]:
        """Groups that contain ``name``, directly or through another group."""
        found: list[str] = []
        frontier = [name]
        while frontier:
            current = frontier.pop()
            for group, members in self._members.items():
                if current in members and group not in found:
                    found.append(group)
                    frontier.append(group)
        return found

    def expand(self, name: str, _seen: frozenset[str] = frozenset()) -> list[str]:
        """A name with its groups replaced by their members; a group without known
        members stays as itself."""
        members = self._members.get(name)
        if not members or name in _seen:
            return [name]
        out: list[str] = []
        for member in members:
            for leaf in self.expand(member, _seen | {name}):
                if leaf not in out:
                    out.append(leaf)
        return out

    def expand_all(self, names: Iterable[str]) -> list[str]:
        out: list[str] = []
        for name in names:
            for leaf in self.expand(name):
                if leaf not in out:
                    out.append(leaf)
        return out

    # -- splitting plan cells ----------------------------------------------------------

    def _match(self, tokens: list[_Token], i: int, prefix: tuple[str, ...] = ()) -> tuple[str, int] | None:
        """The longest alias starting at token i, skipping commas inside it."""
        words: list[str] = list(prefix)
        ends: list[int] = [i] * len(prefix)
        j = i
        while j < len(tokens) and len(words) < self._longest:
            if not tokens[j].is_separator:
                words.append(tokens[j].text)
                ends.append(j + 1)
            j += 1
        for size in range(len(words), len(prefix), -1):
            name = self._exact.get(tuple(words[:size]))
            if name is not None:
                return name, ends[size - 1]
        return None

    @staticmethod
    def _starts_local_unit(tokens: list[_Token], i: int) -> bool:
        word = tokens[i].text
        return word in _LOCAL_UNITS or (word == "thi" and i + 1 < len(tokens) and tokens[i + 1].text == "tran")

    def split_cell(self, cell: str) -> list[CellAgency]:
        """The agencies a lead or coordinating cell names, in order, without repeats.

        After `UBND các huyện`, the following items of the same list (`thị xã Long
        Khánh`, `thành phố Biên Hòa`) are People's Committees too.
        """
        cached = self._split_cache.get(cell)
        if cached is None:
            if len(self._split_cache) > 100_000:
                self._split_cache.clear()
            cached = self._split_cache[cell] = tuple(self._split(cell))
        return list(cached)

    def _split(self, cell: str) -> list[CellAgency]:
        text = nfc(cell)
        tokens = self.tokens(text)
        found: list[CellAgency] = []
        under_ubnd = False
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.is_separator or token.text in _CONNECTORS:
                i += 1
                continue
            inherit = under_ubnd and self._starts_local_unit(tokens, i)
            match = (self._match(tokens, i, (_UBND,)) if inherit else None) or self._match(tokens, i)
            if match is not None:
                name, end = match
                written = clean(text[token.start : tokens[end - 1].end])
                under_ubnd = inherit or token.text == _UBND
                found.append(CellAgency(name, self._verified(name), written))
                i = end
                continue
            end = self._unknown_end(tokens, i)
            written = clean(text[token.start : tokens[end - 1].end]).strip(" .")
            under_ubnd = inherit or token.text == _UBND
            name = f"UBND {written}" if inherit else written[:1].upper() + written[1:]
            found.append(CellAgency(name, False, written))
            i = end
        return _unique(found)

    def split_task(self, lead: str, coordinators: str) -> tuple[list[CellAgency], list[CellAgency]]:
        """Lead and coordinating agencies of a task; one listed in both cells leads."""
        leads = self.split_cell(lead)
        lead_names = {agency.name for agency in leads}
        return leads, [a for a in self.split_cell(coordinators) if a.name not in lead_names]

    def _unknown_end(self, tokens: list[_Token], i: int) -> int:
        """Unknown text runs to the next comma, or to `và` followed by a known agency."""
        j = i
        while j < len(tokens) and not tokens[j].is_separator:
            if j > i and tokens[j].text in _CONNECTORS and self._match(tokens, j + 1):
                break
            j += 1
        return j

    # -- what people type --------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        """Find the agency meant by ``query``: exact alias, acronym, the names it is the
        start of, then fuzzy."""
        query_key = self.alias_key(query)
        if not query_key:
            return NotFound()
        if (name := self._exact.get(query_key)) is not None:
            return Found(name)
        if len(shared := self._derived.get(query_key, set())) > 1:
            return Ambiguous(tuple(sorted(shared)))
        # Before fuzzy scores, which drop the words every name has: "ubnd" alone would score
        # nothing, and "ubnd thi" would score "Ban Thi đua" over "UBND thị xã".
        return self._starting_with(query_key) or self._fuzzy(query_key)

    def _starting_with(self, query_key: tuple[str, ...]) -> Found | Ambiguous | None:
        """The agencies with an alias whose words start with the query's words ("so vh":
        "Sở VHTTDL"), shortest alias first."""
        shortest: dict[str, int] = {}
        for alias_key, names in self._starts.get(query_key[0][0], ()):
            if len(alias_key) >= len(query_key) and all(map(str.startswith, alias_key, query_key)):
                for name in names:
                    shortest[name] = min(shortest.get(name, len(alias_key)), len(alias_key))
        ranked = sorted(shortest, key=lambda name: (shortest[name], name))
        if not ranked:
            return None
        return Found(ranked[0]) if len(ranked) == 1 else Ambiguous(tuple(ranked[:_PREFIX_CHOICES]))

    def _fuzzy(self, query_key: tuple[str, ...]) -> Resolution:
        scored = process.extract(
            _distinctive(query_key),
            self._fuzzy_choices.keys(),
            scorer=fuzz.token_set_ratio,
            limit=40,
            score_cutoff=_FUZZY_FLOOR - 15,
        )
        best: dict[str, float] = {}
        for choice, score, _ in scored:
            for name in self._fuzzy_choices[choice]:
                best[name] = max(best.get(name, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < _FUZZY_FLOOR:
            return NotFound(tuple(name for name, score in ranked[:3] if score >= _FUZZY_FLOOR - 8))
        top_score = ranked[0][1]
        close = [name for name, score in ranked if score >= max(_FUZZY_FLOOR, top_score - _FUZZY_MARGIN)]
        if len(close) == 1:
            return Found(close[0])
        return Ambiguous(tuple(close[:5]))


# Words every other agency name has; scoring on them makes "so tai nguyen" look like
# every department.
_COMMON_WORDS = frozenset({"so", "ubnd", "cac", "tinh", "va", "ban", "nganh"})


def _distinctive(alias_key: tuple[str, ...]) -> str:
    """The words that tell a name apart; the whole name when it has none."""
    words = [w for w in alias_key if w not in _COMMON_WORDS]
    return " ".join(words or alias_key)


def _unique(items: list[CellAgency]) -> list[CellAgency]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.name not in seen:
            seen.add(item.name)
            out.append(item)
    return out


def apply_merges(entries: Sequence[AgencyEntry], merges: Mapping[str, str]) -> list[AgencyEntry]:
    """The alias table as it reads after agencies were merged (old name -> name merged
    into): a merged entry becomes aliases of the one it went into, and groups name that
    one instead. Entries merged into a name the table does not hold stay as they are."""

    def final(name: str) -> str:
        seen: set[str] = set()
        while name in merges and name not in seen:
            seen.add(name)
            name = merges[name]
        return name

    names = {entry.name for entry in entries}
    gained: dict[str, list[str]] = defaultdict(list)
    kept: list[AgencyEntry] = []
    for entry in entries:
        into = final(entry.name)
        if into != entry.name and into in names:
            gained[into] += [entry.name, *([entry.short] if entry.short else []), *entry.aliases]
        else:
            kept.append(entry)
    return [
        replace(
            entry,
            aliases=tuple(dict.fromkeys((*entry.aliases, *gained[entry.name]))),
            members=tuple(dict.fromkeys(final(m) if final(m) in names else m for m in entry.members)),
        )
        for entry in kept
    ]
