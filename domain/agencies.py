"""Agency names: splitting plan cells into agencies and resolving names people type.

Splitting is hand-written: commas separate agencies but also sit inside names
("Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình tỉnh") and collective
phrases ("các sở, ban, ngành", "UBND các xã, phường"), so a cell is read left to right,
taking at each point the longest known alias and ignoring commas inside it. A cell is split
only where each piece is a known name or a plausible one (it starts with a word agencies
start with: Sở, Ban, UBND, Báo, Trung tâm...): "Môi trường" or "Tỉnh" alone is never an
agency but the rest of the name before it. Text that matches no alias becomes an unknown
agency, kept whole, never dropped. Fuzzy matching is left to rapidfuzz.

Since 2025 many bodies have successors. An abolished body stays a name (plans keep it as
written) that stands for its successor, the way a group stands for its members: its tasks
are the successor's, and a name people type reaches the body that exists today.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz import fuzz, process

from domain.text import clean, fold, nfc


class AgencyKind(StrEnum):
    DEPARTMENT = "department"
    PROVINCIAL_BODY = "provincial_body"
    LEADERSHIP = "leadership"  # UBND tỉnh, HĐND tỉnh: they direct the departments, are not one
    PARTY = "party"
    MASS_ORG = "mass_org"  # the Fatherland Front and the mass organisations
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
    english: tuple[str, ...] = ()  # names people type in English
    # Only some provinces have it (Sở Du lịch): a known name, but no member of a group by
    # its kind unless the province's own table lists it.
    optional: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way the table writes it: name, short form, aliases, English names."""
        return (self.name, *([self.short] if self.short else []), *self.aliases, *self.english)


@dataclass(frozen=True)
class Succession:
    """An abolished body and the one that took its duties (the 2025 reorganisation).
    Partial: the duties were split, so a coordinator should confirm who took each task."""

    old: str
    new: str
    since: date | None = None
    partial: bool = False
    note: str = ""
    # A rule rather than one body: every body of this kind ("district": the People's
    # Committees of districts, district-level towns and cities, abolished on 1/7/2025),
    # those a plan names for the first time included.
    kind: AgencyKind | None = None


class AliasTable(NamedTuple):
    """What the alias files hold: agencies and groups, spellings, successions."""

    entries: Sequence[AgencyEntry]
    abbreviations: Mapping[str, Sequence[str]]
    successions: Sequence[Succession] = ()


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
_TOKEN = re.compile(r"(?P<word>[0-9a-z]+(?:[&-][0-9a-z]+)*)|(?P<sep>[,;\n+])|(?P<paren>[()\[\]])")
_CONNECTORS = frozenset({"va", "and", "cung", "voi"})
_LOCAL_UNITS = frozenset({"huyen", "tx", "tp", "xa", "phuong", "quan", "tt", "dac"})
_UBND = "ubnd"
PROVINCE = "tinh"  # the short form every province's name reads as


_WORD, _SEPARATOR, _PAREN = 0, 1, 2


class _Token(NamedTuple):
    text: str  # folded, "&" and "-" inside a word removed: "Sở GD&ĐT" -> so, gddt
    start: int
    end: int
    kind: int = _WORD

    @property
    def is_separator(self) -> bool:
        return self.kind == _SEPARATOR

    @property
    def is_paren(self) -> bool:
        return self.kind == _PAREN

    @property
    def is_word(self) -> bool:
        return self.kind == _WORD


_END = ""  # the key of a form's short form in the trie


class _Abbreviations:
    """Replaces long forms by one short form, so both spellings give the same tokens.

    A province's name reads as "tỉnh" ("Công an tỉnh Hà Tĩnh" = "Công an tỉnh"), except
    after a local unit: "xã Long An" is a commune, not the old province. The long forms are
    a trie of words, walked once from each token (over commas: "phát thanh, truyền hình"):
    plans repeat few cells, but each new one is read on the hot path of an import.
    """

    def __init__(self, table: Mapping[str, Sequence[str]]):
        self._trie: dict = {}
        for short, longs in table.items():
            short_words = tuple(t.text for t in _raw_tokens(short) if t.is_word)
            for long in longs:
                long_words = tuple(t.text for t in _raw_tokens(long) if t.is_word)
                if long_words and long_words != short_words:
                    node = self._trie
                    for word in long_words:
                        node = node.setdefault(word, {})
                    node[_END] = short_words

    def _forms_at(self, tokens: list[_Token], i: int) -> list[tuple[tuple[str, ...], int]]:
        """(short form, index of the last word token) of every long form starting at i,
        longest first."""
        found: list[tuple[tuple[str, ...], int]] = []
        node = self._trie
        j = i
        while j < len(tokens):
            token = tokens[j]
            if token.kind == _PAREN:
                break
            if token.kind == _WORD:
                node = node.get(token.text)
                if node is None:
                    break
                if _END in node:
                    found.append((node[_END], j))
            j += 1
        found.reverse()
        return found

    def apply(self, tokens: list[_Token]) -> list[_Token]:
        out: list[_Token] = []
        i = 0
        while i < len(tokens):
            if tokens[i].kind != _WORD or tokens[i].text not in self._trie:
                out.append(tokens[i])
                i += 1
                continue
            for short, last in self._forms_at(tokens, i):
                if short == (PROVINCE,) and out and out[-1].text in _LOCAL_UNITS:
                    continue
                start, end = tokens[i].start, tokens[last].end
                if short == (PROVINCE,) and out and out[-1].text == PROVINCE:
                    out[-1] = _Token(PROVINCE, out[-1].start, end)  # "tỉnh Hà Tĩnh"
                else:
                    out.extend(_Token(word, start, end) for word in short)
                i = last + 1
                break
            else:
                out.append(tokens[i])
                i += 1
        return out


def _raw_tokens(text: str) -> list[_Token]:
    found = []
    for m in _TOKEN.finditer(fold(text)):
        word = m["word"]
        if word is not None:
            found.append(
                _Token(
                    word.replace("&", "").replace("-", "") if "&" in word or "-" in word else word, m.start(), m.end()
                )
            )
        elif m["sep"] is not None:
            found.append(_Token(m["sep"], m.start(), m.end(), _SEPARATOR))
        else:
            found.append(_Token(m["paren"], m.start(), m.end(), _PAREN))
    return found


def province_forms(names: Iterable[str], cities: Iterable[str] = ()) -> list[str]:
    """How plans write a province after a body: its name, "tỉnh X", and for the cities that
    are provinces (Hà Nội, Đà Nẵng...) "thành phố X". "Thành phố Tây Ninh" is no province:
    a local unit, which keeps its name."""
    forms: list[str] = []
    for name in names:
        forms += [name, f"tỉnh {name}"]
    for name in cities:
        forms += [name, f"thành phố {name}", f"tp {name}", f"tp. {name}"]
    return forms


def infer_kind(name: str) -> AgencyKind:
    """A best guess from the head word, for agencies first met in a plan."""
    folded = fold(clean(name))
    if folded.startswith("so "):
        return AgencyKind.DEPARTMENT
    # Districts, and district-level towns and cities (a province-level city reads as "tỉnh").
    if re.match(r"(ubnd|uy ban nhan dan) (cac )?(huyen|quan|thi xa|tx|thanh pho|tp)\b", folded):
        return AgencyKind.DISTRICT
    if re.match(r"(ubnd|uy ban nhan dan) ", folded):
        return AgencyKind.LOCAL
    if re.match(r"(bao|dai) ", folded):
        return AgencyKind.MEDIA
    if re.match(r"(hoi|lien doan|tinh doan|doan thanh nien|mttq|mat tran|uy ban mat tran|ubmttq) ", folded):
        return AgencyKind.MASS_ORG
    if re.match(r"(ban|bhxh|bao hiem xa hoi|cong an|bch|bo chi huy) ", folded):
        return AgencyKind.PROVINCIAL_BODY
    return AgencyKind.OTHER


# Words an agency's name starts with. A piece of a cell that starts with none of them
# ("Môi trường", "Truyền hình tỉnh") is the rest of the name before it, not an agency.
# Folded, after abbreviations; single words, then pairs for words that start other things.
_HEADS = frozenset(
    [
        "so",
        "ban",
        "ubnd",
        "hdnd",
        "bao",
        "dai",
        "bhxh",
        "bch",
        "hoi",
        "mttq",
        "ubmttq",
        "bv",
        "bvdk",
        "truong",
        "cuc",
        "vien",
        "cac",
        "phong",
        "ttyt",
        "cdc",
        "htx",
        "kbnn",
        "nhnn",
        "tand",
        "vksnd",
        "bql",
        "ldld",
        "doan",
        "tinhdoan",
        "ca",
        "congan",
        "cang",
        "quy",
        # companies people name by their brand
        "viettel",
        "vnpt",
        "evn",
        "mobifone",
        "vinaphone",
        "vnpost",
        "fpt",
        "agribank",
        "vietcombank",
        "bidv",
        "vietinbank",
        "petrolimex",
    ]
)
_HEAD_PAIRS = frozenset(
    tuple(pair.split())
    for pair in (
        "thanh tra",
        "trung tam",
        "van phong",
        "lien doan",
        "lien hiep",
        "benh vien",
        "cong an",
        "cong ty",
        "chi cuc",
        "chi nhanh",
        "kho bac",
        "ngan hang",
        "toa an",
        "hai quan",
        "dang uy",
        "tinh uy",
        "tinh doan",
        "thanh doan",
        "co quan",
        "don vi",
        "bo chi",
        "bo doi",
        "bo y",
        "bo giao",
        "bo tai",
        "buu dien",
        "canh sat",
        "hop tac",
        "tap doan",
        "tong cong",
        "dien luc",
        "nha xuat",
        "nha van",
        "uy ban",
        "mat tran",
        "quy ho",
        "quy phat",
        "thong ke",
        "thue tinh",
        "vuon quoc",
        "khu bao",
        "doanh nghiep",
        "chinh quyen",
        "hiep hoi",
        "cong doan",
        "cang hang",
        "hoc vien",
        "dai hoc",
        "nha may",
        "xi nghiep",
        "tong cuc",
        "hoi dong",
        "vien kiem",
        "thanh doan",
    )
)


# -- resolution results ----------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    name: str
    via: str | None = None  # the abolished body typed, when ``name`` is its successor


@dataclass(frozen=True)
class Mention:
    """A known name found inside a message: where it stands and whose it is."""

    start: int
    end: int
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
# A name in a plan cell that is a typo of a known one ("Sở Giáo dục và Đạo tạo"): only
# very close spellings, never between two local units whose names differ by a word.
_CELL_TYPO_SCORE = 93
_SUGGESTION_SCORE = 75  # a known name worth showing beside one the table does not hold
# Words after a group that narrow it, not another agency: "UBND các xã có đồng bào dân tộc",
# "các sở, ngành thuộc tỉnh".
_QUALIFIERS = frozenset({"co", "thuoc", "vung", "noi", "tai", "o", "tren", "duoc", "cua", "lien"})
# Head words a cell can list several names under: "Sở Y tế, Giáo dục và Đào tạo".
_LIST_HEADS = frozenset({"so", "ban", "hoi", "ubnd"})
# Words after a known name that do not change which body it is: "Sở Y tế tỉnh",
# "các sở, ngành có liên quan", "UBND các xã, phường trên địa bàn".
_TAILS = (
    ("tinh",),
    ("lien", "quan"),
    ("co", "lien", "quan"),
    ("cac", "cap"),
    ("tren", "dia", "ban", "tinh"),
    ("tren", "dia", "ban"),
    ("chu", "tri"),
    ("phoi", "hop"),
)


@dataclass
class _Piece:
    """A stretch of a cell read as one agency: tokens [start, end), known name or None."""

    start: int
    end: int
    name: str | None
    inherited: bool = False  # a local unit after "UBND ...": "thị xã Long Khánh"
    partial: bool = False  # known by a shortened alias ("Sở Nông nghiệp"): its name may go on
    separated: bool = True  # a comma or a line before it ("và" alone joins only agency names)
    head: str | None = None  # the head word it was listed under: "Tài chính" in "Sở Y tế, Tài chính"


@dataclass
class AgencyDirectory:
    """Every known agency and group with its aliases; built from the alias file or the DB."""

    entries: Sequence[AgencyEntry]
    abbreviations: Mapping[str, Sequence[str]] = field(default_factory=dict)
    successions: Sequence[Succession] = ()

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
            for alias in entry.spellings:
                self._add_alias(entry.name, alias)
            for derived in self._acronyms(entry):
                self._derived[derived].add(entry.name)
        # An acronym that two agencies share (Sở Nội vụ, Sở Ngoại vụ: SNV) is never
        # taken as exact; the fuzzy resolver offers both instead.
        for derived, names in self._derived.items():
            if len(names) == 1 and derived not in self._exact:
                self._exact[derived] = next(iter(names))
        self._longest = max((len(k) for k in self._exact), default=0)
        # Aliases that are the start of their agency's name ("Sở Nông nghiệp").
        self._shortened = {
            k for k, name in self._exact.items() if len(k) < len(full := self.alias_key(name)) and full[: len(k)] == k
        }
        # Words that go on a name after a comma or "và" ("Thể thao", "Môi trường", "Truyền hình"):
        # a piece starting with them is the rest of a name, not another agency.
        self._continuations: set[tuple[str, ...]] = set()
        for entry in self.entries:
            for spelling in entry.spellings:
                segments = re.split(r"\s*(?:[,;]|\bva\b|-)\s*", fold(clean(spelling)))
                for segment in segments[1:]:
                    words = tuple(t.text for t in _raw_tokens(segment) if t.is_word)
                    if words and words[0] not in _HEADS and words[:2] not in _HEAD_PAIRS and words[0] != PROVINCE:
                        self._continuations.add(words[:2] if len(words) >= 2 else words[:1])
        self._successor = self._successions()
        self._members = self._compute_members()
        # Plans repeat the same cells hundreds of times; each is split once.
        self._split_cache: dict[str, tuple[CellAgency, ...]] = {}
        self._fuzzy_choices: dict[str, set[str]] = defaultdict(set)
        for alias_key, name in self._exact.items():
            self._fuzzy_choices[_distinctive(alias_key)].add(name)
        for derived, names in self._derived.items():
            self._fuzzy_choices[_distinctive(derived)].update(names)
        # Whole keys of plain names (no local unit inside), for typos in plan cells.
        self._typo_keys: dict[str, str] = {
            " ".join(k): name
            for k, name in self._exact.items()
            if len(k) >= 3 and not (set(k) & _LOCAL_UNITS) and self._by_name[name].verified
        }
        # What a typed name can be the start of: every alias and acronym, also as written
        # before abbreviating ("UBND thành phố", not only "UBND TP").
        starts: dict[tuple[str, ...], set[str]] = defaultdict(set)
        english = {self.alias_key(name) for entry in self.entries for name in entry.english}
        for alias_key, name in self._exact.items():
            if alias_key not in english:  # "so" is not the start of "social insurance"
                starts[alias_key].add(name)
        for derived, names in self._derived.items():
            starts[derived].update(names)
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                written = tuple(t.text for t in _raw_tokens(nfc(alias)) if t.is_word)
                starts[written].add(entry.name)
        self._starts: dict[str, list[tuple[tuple[str, ...], set[str]]]] = defaultdict(list)  # by first letter
        for start_key, names in starts.items():
            if start_key:
                self._starts[start_key[0][0]].append((start_key, names))

    # -- building ----------------------------------------------------------------------

    def tokens(self, text: str) -> list[_Token]:
        return self._abbreviations.apply(_raw_tokens(nfc(text)))

    def alias_key(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens(text) if t.is_word)

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
        found: list[tuple[str, ...]] = []
        words = [w for w in self.alias_key(entry.name) if w not in _CONNECTORS]
        if len(words) >= 3 and words[0] == "so":
            rest = "".join(w[0] for w in words[1:])
            found += [("s" + rest,), ("so", rest)]
        # "Sở GD", "Sở TN&MT" written as one word, the way they are typed: "sgd", "stnmt"
        for spelling in (entry.short, *entry.aliases):
            written = spelling.split() if spelling else []
            if len(written) == 2 and fold(written[0]) == "so" and sum(c.isupper() for c in written[1]) >= 2:
                key = self.alias_key(spelling)
                if len(key) == 2:
                    found.append(("s" + key[1],))
        return found

    def _canonical(self, name: str) -> str | None:
        return name if name in self._by_name else self.lookup(name)

    def _successions(self) -> dict[str, Succession]:
        """old name -> its succession, both ends as the directory names them. A succession
        whose ends the table does not hold, or that names one body twice, is left out."""
        found: dict[str, Succession] = {}
        self._rules: dict[AgencyKind, Succession] = {}
        for succession in self.successions:
            new = self._canonical(succession.new)
            if succession.kind is not None and new is not None:
                self._rules[succession.kind] = replace(succession, new=new)
                continue
            old = self._canonical(succession.old)
            if old is None or new is None or old == new:
                continue
            found[old] = replace(succession, old=old, new=new)
        for entry in self.entries:  # the rules reach the bodies of their kind not named above
            rule = self._rules.get(entry.kind)
            if rule is not None and not entry.is_group and entry.name not in found and entry.name != rule.new:
                found[entry.name] = replace(rule, old=entry.name, kind=None)
        return found

    def _compute_members(self) -> dict[str, tuple[str, ...]]:
        """Direct members: a group's, and an abolished body's successor. Bodies that no
        longer exist, and optional ones, join no group by their kind."""
        gone = set(self._successor)
        members: dict[str, tuple[str, ...]] = {}
        for entry in self.entries:
            if not entry.is_group:
                continue
            found = [m for m in entry.members if m in self._by_name]
            found += [
                e.name
                for e in self.entries
                if not e.is_group
                and e.kind in entry.member_kinds
                and e.name not in found
                and e.name not in gone
                and not e.optional
            ]
            members[entry.name] = tuple(found)
        for old, succession in self._successor.items():
            members[old] = (*(m for m in members.get(old, ()) if m not in gone), succession.new)
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

    def succession(self, name: str) -> Succession | None:
        """How ``name`` was succeeded, when it no longer exists; for a name the table does
        not hold, by the rule of the kind its words say ("UBND huyện X": a district)."""
        found = self._successor.get(name)
        if found is None and name not in self._by_name and (rule := self._rules.get(infer_kind(name))) is not None:
            found = replace(rule, old=name, kind=None)
        return found

    def current(self, name: str) -> str:
        """The body that carries ``name``'s duties today: itself, or its last successor."""
        seen = {name}
        while (succession := self.succession(name)) is not None and succession.new not in seen:
            name = succession.new
            seen.add(name)
        return name

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
        """Names that stand for ``name``: groups that contain it and bodies it succeeded,
        directly or through another."""
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
        """A name with its groups replaced by their members (and an abolished body by its
        successor); a group without known members stays as itself."""
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

    def _match(self, tokens: list[_Token], i: int, prefix: tuple[str, ...] = ()) -> tuple[str, int, bool] | None:
        """The longest alias starting at token i, skipping commas inside it, and whether it
        is a shortened one (the start of the agency's name)."""
        words: list[str] = list(prefix)
        ends: list[int] = [i] * len(prefix)
        j = i
        while j < len(tokens) and len(words) < self._longest and not tokens[j].is_paren:
            if tokens[j].is_word:
                words.append(tokens[j].text)
                ends.append(j + 1)
            j += 1
        for size in range(len(words), len(prefix), -1):
            name = self._exact.get(tuple(words[:size]))
            if name is not None:
                return name, ends[size - 1], tuple(words[:size]) in self._shortened
        return None

    @staticmethod
    def _starts_local_unit(tokens: list[_Token], i: int) -> bool:
        word = tokens[i].text
        if word == "cac" and i + 1 < len(tokens):
            word = tokens[i + 1].text
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
        pieces: list[_Piece] = []
        under_ubnd = False
        separated = True
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.is_paren:  # "Sở Nội vụ (Ban Thi đua - Khen thưởng)": the unit is its parent's
                close = self._closing(tokens, i)
                if pieces and token.text in "([":
                    pieces[-1].end = close
                i = close if pieces else i + 1
                continue
            if token.is_separator or token.text in _CONNECTORS:
                separated = separated or token.is_separator
                i += 1
                continue
            inherit = under_ubnd and self._starts_local_unit(tokens, i)
            match = (self._match(tokens, i, (_UBND,)) if inherit else None) or self._match(tokens, i)
            partial = False
            if match is not None:
                name, end, partial = match
                end = self._tail_end(tokens, end, name)
            else:
                name, end = None, self._unknown_end(tokens, i)
            under_ubnd = inherit or token.text == _UBND
            pieces.append(_Piece(i, end, name, inherit, partial, separated))
            separated = False
            i = end
        found = [self._agency(text, tokens, piece) for piece in self._joined(text, tokens, pieces)]
        return _unique([agency for agency in found if agency.name])

    @staticmethod
    def _closing(tokens: list[_Token], i: int) -> int:
        """The index just after the bracket closing the one at ``i`` (or the end)."""
        depth = 0
        for j in range(i, len(tokens)):
            if tokens[j].text in "([":
                depth += 1
            elif tokens[j].text in ")]":
                depth -= 1
                if depth <= 0:
                    return j + 1
        return len(tokens)

    def _tail_end(self, tokens: list[_Token], end: int, name: str) -> int:
        """After a known name, the words that do not change which body it is: "tỉnh",
        "liên quan", and after a group what narrows it ("UBND các xã có đồng bào...")."""
        for tail in _TAILS:
            window = tokens[end : end + len(tail)]
            if tuple(t.text for t in window) == tail:
                return end + len(tail)
        if end < len(tokens) and tokens[end].text in _QUALIFIERS and self._by_name[name].is_group:
            while end < len(tokens) and tokens[end].is_word:
                end += 1
        return end

    def _joined(self, text: str, tokens: list[_Token], pieces: list[_Piece]) -> list[_Piece]:
        """Pieces that cannot be agencies on their own joined to the one before: "Sở Nông
        nghiệp" + "Môi trường" is "Sở Nông nghiệp và Môi trường", one name."""
        out: list[_Piece] = []
        for piece in pieces:
            if not out or self._stands_alone(tokens, piece):
                out.append(piece)
            elif (found := self._under_head(tokens, out[-1], piece)) is not None:
                out.append(_Piece(piece.start, piece.end, found[0], head=found[1]))  # "Sở Y tế, Giáo dục và Đào tạo"
            elif self._another(text, tokens, out[-1], piece):
                out.append(piece)
            else:
                before = out[-1]
                out[-1] = _Piece(before.start, piece.end, None, before.inherited)
        return out

    def _under_head(self, tokens: list[_Token], before: _Piece, piece: _Piece) -> tuple[str, str] | None:
        """A list under one head word, "Sở Y tế, Tài chính": the piece with the head of the
        one before it, when that is a known name."""
        head = before.head or next((t.text for t in tokens[before.start : before.end] if t.is_word), None)
        if head not in _LIST_HEADS:
            return None
        words = (head, *(t.text for t in tokens[piece.start : piece.end] if t.is_word))
        name = self._exact.get(words) or self._exact.get(_without_tail(words))
        return (name, head) if name is not None else None

    def _another(self, text: str, tokens: list[_Token], before: _Piece, piece: _Piece) -> bool:
        """A piece with no agency word that is still another body: after a complete known
        name ("Sở Ngoại vụ, Cảng hàng không Vân Đồn"), or written with a capital after an
        unknown one ("Viettel Hà Tĩnh, VNPT Hà Tĩnh"); never the words that go on the names
        of the table ("Môi trường" in "Sở Nông nghiệp, Môi trường", "Truyền hình")."""
        if piece.inherited or not piece.separated:
            return False
        written = text[tokens[piece.start].start : tokens[piece.end - 1].end]
        words = tuple(t.text for t in _raw_tokens(written) if t.is_word)
        if words[:2] in self._continuations or words[:1] in self._continuations:
            return False
        if before.name is not None and not before.partial:
            return True
        return written[:1].isupper()

    def _stands_alone(self, tokens: list[_Token], piece: _Piece) -> bool:
        words = [t.text for t in tokens[piece.start : piece.end] if t.is_word]
        if piece.inherited:  # "UBND ... , phường" names no commune: still the same phrase
            rest = words[1:] if words[:1] == ["cac"] else words
            rest = rest[2:] if rest[:2] == ["thi", "tran"] else rest[1:]
            return bool(rest) and (piece.name is not None or rest[0] not in _LOCAL_UNITS)
        if piece.name is not None:
            return True
        return len(words) >= 2 and (words[0] in _HEADS or tuple(words[:2]) in _HEAD_PAIRS)

    def _agency(self, text: str, tokens: list[_Token], piece: _Piece) -> CellAgency:
        last = piece.end - 1
        while last > piece.start and not tokens[last].is_word and tokens[last].text not in ")]":
            last -= 1
        written = clean(text[tokens[piece.start].start : tokens[last].end]).strip(" .,;:-")
        if piece.name is not None:
            return CellAgency(piece.name, self._verified(piece.name), written)
        words = tuple(t.text for t in tokens[piece.start : piece.end] if t.is_word)
        name = self._exact.get(words) or self._exact.get(_without_tail(words)) or self._typo_of(words)
        if name is not None:
            return CellAgency(name, self._verified(name), written)
        if piece.inherited:
            return CellAgency(f"UBND {written}", False, written)
        return CellAgency(_unknown_name(self._province_as_word(text, tokens, piece, written)), False, written)

    @staticmethod
    def _province_as_word(text: str, tokens: list[_Token], piece: _Piece, written: str) -> str:
        """An unknown name ending with a province's name, with "tỉnh" instead: "Trung tâm
        Y tế Hà Tĩnh" is the province's "Trung tâm Y tế tỉnh" whichever province it is."""
        words = [t for t in tokens[piece.start : piece.end] if t.is_word]
        last = words[-1] if words else None
        if last is None or last.text != PROVINCE or len(words) < 2 or fold(text[last.start : last.end]) == PROVINCE:
            return written
        cut = clean(text[tokens[piece.start].start : last.start])
        return cut if fold(cut).endswith(" tinh") else f"{cut} tỉnh"

    def _typo_of(self, words: tuple[str, ...]) -> str | None:
        """A known name a few letters away from ``words``, when no other is as close."""
        if len(words) < 3 or set(words) & _LOCAL_UNITS:
            return None
        found = process.extract(" ".join(words), self._typo_keys.keys(), scorer=fuzz.ratio, limit=3)
        names = {self._typo_keys[choice] for choice, score, _ in found if score >= _CELL_TYPO_SCORE}
        return next(iter(names)) if len(names) == 1 else None

    def split_task(self, lead: str, coordinators: str) -> tuple[list[CellAgency], list[CellAgency]]:
        """Lead and coordinating agencies of a task; one listed in both cells leads."""
        leads = self.split_cell(lead)
        lead_names = {agency.name for agency in leads}
        return leads, [a for a in self.split_cell(coordinators) if a.name not in lead_names]

    def _unknown_end(self, tokens: list[_Token], i: int) -> int:
        """Unknown text runs to the next comma or bracket, or to `và` followed by a known
        agency."""
        j = i
        while j < len(tokens) and tokens[j].is_word:
            if j > i and tokens[j].text in _CONNECTORS and self._match(tokens, j + 1):
                break
            j += 1
        return j

    def suggestions(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """The known names closest to a name the table does not hold, for reports."""
        query = _distinctive(self.alias_key(name))
        if not query:
            return ()
        scored = process.extract(query, self._fuzzy_choices.keys(), scorer=fuzz.token_set_ratio, limit=12)
        ranked: list[str] = []
        for choice, score, _ in scored:
            if score < _SUGGESTION_SCORE or len(choice) < 4:  # "tp" is no likeness
                continue
            for known in sorted(self._fuzzy_choices[choice]):
                if known != name and self._verified(known) and known not in ranked:
                    ranked.append(known)
        return tuple(ranked[:limit])

    # -- what people type --------------------------------------------------------------

    def mentions(self, text: str) -> list[Mention]:
        """Every stretch of ``text`` that is exactly a known name, alias, acronym or English
        name ("stc", "Sở GD&ĐT", "Department of Finance"), longest first from left to right;
        spans are positions in ``text`` (NFC). Words not joined by a comma or a bracket."""
        tokens = [t for t in self.tokens(text) if t.is_word]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            for j in range(min(len(tokens), i + self._longest), i, -1):
                key = tuple(t.text for t in tokens[i:j])
                name = self._exact.get(key)
                if name is not None:
                    found.append(Mention(tokens[i].start, tokens[j - 1].end, name))
                    i = j
                    break
            else:
                i += 1
        return found

    def words(self) -> set[str]:
        """Every folded word of every known name: not typos of anything else."""
        return {word for key in self._exact for word in key} | {
            t.text for entry in self.entries for alias in entry.spellings for t in _raw_tokens(alias) if t.is_word
        }

    def resolve(self, query: str, current: bool = True) -> Resolution:
        """Find the agency meant by ``query``: exact alias, acronym, the names it is the
        start of, then fuzzy. With ``current``, a body that no longer exists gives the
        one that carries its duties today (``via`` says which was typed)."""
        found = self._resolve(query)
        if not current:
            return found
        if isinstance(found, Found):
            today = self.current(found.name)
            return Found(today, found.name) if today != found.name else found
        if isinstance(found, Ambiguous):
            today = tuple(dict.fromkeys(self.current(name) for name in found.candidates))
            if len(today) > 1:
                return Ambiguous(today)
            return Found(today[0]) if today[0] in found.candidates else Found(today[0], found.candidates[0])
        return found

    def _resolve(self, query: str) -> Resolution:
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


def _without_tail(words: tuple[str, ...]) -> tuple[str, ...]:
    for tail in _TAILS:
        if len(words) > len(tail) and words[-len(tail) :] == tail:
            return words[: -len(tail)]
    return words


def _unknown_name(written: str) -> str:
    return written[:1].upper() + written[1:]


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
