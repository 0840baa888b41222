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

import copy
import re
import unicodedata
from collections import Counter, defaultdict
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
# The units of the district level as tokens read them ("thị xã" is "tx", "thành phố" "tp";
# "thị" alone is how "huyện, thị, thành phố" shortens "thị xã").
_DISTRICT_UNITS = frozenset({"huyen", "quan", "tx", "tp", "thi"})
_UBND = "ubnd"
# Words "thành phố" after them is a unit of a list or of a place, not the province of a city:
# "các thành phố", "thị xã, thành phố", "huyện, thành phố".
_NOT_BODY_ENDS = frozenset({"cac", "nhung", "va", "cung", "voi", "huyen", "quan", "tx", "xa", "phuong", "tt", "thi"})
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


class _Segment(NamedTuple):
    """A stretch of a cell between separators, as AgencyDirectory.tokens reads it."""

    tokens: tuple[_Token, ...]  # positions from the stretch's start
    first: str | None  # its first token's text: a word a long form may go on with
    alive: tuple[dict, ...]  # where long forms begun in it stand at its end
    marks: bool  # holds a word that can start a duty marker (`chủ trì`, `phối hợp`...)
    size: int  # its length in characters
    places: tuple[tuple[str, str], ...]  # the other provinces it names, and how (provinces_of)
    home: int  # how often it names the table's own province


_SEPARATORS = re.compile(r"[,;\n+]")  # as _TOKEN's separators
_MISSING = object()


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

    def open_at_end(self, tokens: list[_Token]) -> tuple[dict, ...]:
        """The trie nodes that long forms begun among ``tokens`` (a text without separators)
        reach at its end and may go on from, over a separator that follows."""
        found = []
        for i, token in enumerate(tokens):
            if token.kind != _WORD or token.text not in self._trie:
                continue
            node: dict | None = self._trie
            for later in tokens[i:]:
                if later.kind == _PAREN or (node := node.get(later.text)) is None:
                    break
            else:
                if node and any(word != _END for word in node):
                    found.append(node)
        return tuple(found)

    def apply(self, tokens: list[_Token]) -> list[_Token]:
        out: list[_Token] = []
        i = 0
        while i < len(tokens):
            if tokens[i].kind != _WORD or tokens[i].text not in self._trie:
                out.append(tokens[i])
                i += 1
                continue
            for short, last in self._forms_at(tokens, i):
                if short == (PROVINCE,) and out and out[-1].text in _LOCAL_UNITS and not _names_a_body(out):
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


# A unit word that ends a body's name ("Cục Hải quan" folds as "quận"): a province's name
# after it is the body's province.
_BODIES_ENDING_IN_UNITS = frozenset({("hai", "quan")})


def _names_a_body(out: list[_Token]) -> bool:
    return len(out) > 1 and (out[-2].text, out[-1].text) in _BODIES_ENDING_IN_UNITS


def _raw_tokens(text: str) -> list[_Token]:
    # On the hot path of every import: tuple.__new__ makes a _Token without a Python call.
    new = tuple.__new__
    found = []
    folded = fold(text)
    for m in _TOKEN.finditer(folded):
        word, sep, paren = m.groups()
        start, end = m.span()
        if word is not None:
            if "&" in word or "-" in word:
                word = word.replace("&", "").replace("-", "")
            found.append(new(_Token, (word, start, end, _WORD)))
        elif sep is not None:
            found.append(new(_Token, (sep, start, end, _SEPARATOR)))
        else:
            found.append(new(_Token, (paren, start, end, _PAREN)))
    return _undotted(folded, found) if "." in folded else found


# A person heading a body, named instead of it ("Giám đốc Sở Y tế", "Chủ tịch UBND các xã").
_TITLE = re.compile(r"(?i)(?:đồng chí\s+)?(?:chủ tịch|phó chủ tịch|giám đốc|thủ trưởng|người đứng đầu|trưởng)\s+(?=\S)")
# A unit of a body, then the body after a dash: "Phòng Cảnh sát PC45 - Công an tỉnh".
_UNIT_OF = re.compile(r"(?i)(?:chi cục|phòng|đội|trung tâm|văn phòng)\s.+?\s[-–]\s(?P<parent>.+)")
# ... or in brackets after it: "Chi cục Kiểm lâm (Sở NN&PTNT)", "Phòng PC45 (Công an tỉnh)".
_UNIT_IN_BRACKET = re.compile(r"(?i)(?:chi cục|phòng|đội|trung tâm|văn phòng)\s[^()]+?\s*\((?P<parent>[^()]+)\)")


# Older plans shorten with a dot: "S.KHĐT", "S. TC" (Sở), "UBND.T", "VP UBND.T" (tỉnh). A
# lone letter is no Vietnamese word, so only where the dot ties it to a name.
_DOTTED = {"s": ("so", False), "t": ("tinh", True)}  # the word, and whether it follows the dot
_DOTTED_AFTER = frozenset({"ubnd", "hdnd"})


def _undotted(folded: str, found: list[_Token]) -> list[_Token]:
    out = list(found)
    for k, token in enumerate(found):
        dotted = _DOTTED.get(token.text)
        if dotted is None or token.kind != _WORD:
            continue
        word, after = dotted
        if after:
            tied = k > 0 and found[k - 1].text in _DOTTED_AFTER and folded[found[k - 1].end : token.start] == "."
            # "UBND.T" ends there: "UBND.T.Ư" or "UBND.T các huyện" is something else
            tied = tied and (k + 1 == len(found) or found[k + 1].kind != _WORD)
        else:
            between = folded[token.end : found[k + 1].start] if k + 1 < len(found) else ""
            tied = between.strip() == "." and found[k + 1].kind == _WORD and (k == 0 or found[k - 1].kind != _WORD)
        if tied:
            out[k] = token._replace(text=word)
    return out


_INITIALS_JOINS = frozenset({"&", "-", "–", "va"})


def _capitals(written: str) -> bool:
    letters = [c for c in written if c.isalpha()]
    return 2 <= len(letters) <= 5 and all(c.isupper() for c in letters)


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


# Kinds a name's head word tells for sure ("Sở ...", "UBND ...", "Báo ...", "Hội ..."): a body
# first met in a plan joins the groups of its kind only when it is one of them.
_CLEAR_KINDS = frozenset(
    {AgencyKind.DEPARTMENT, AgencyKind.LOCAL, AgencyKind.DISTRICT, AgencyKind.MEDIA, AgencyKind.MASS_ORG}
)
_BROADCASTER = r"(bao va |dai )(phat thanh|truyen thanh|truyen hinh|pt|ptth|tt|th)\b"


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
    # A newspaper (`Báo`, not `Bảo hiểm`, `Bảo tàng`, which fold the same) or a broadcaster
    # (`Đài Phát thanh`, `Đài PT-TH`, `Đài Truyền thanh`), not `Đài Khí tượng thủy văn`.
    if nfc(clean(name)).lower().startswith("báo ") or re.match(_BROADCASTER, folded):
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

# The head words above as plans write them, with their marks: a name that only folds to one
# ("Vân Phong" is no "Văn phòng", "Bảo Lộc" no "Báo", "Quy Nhơn" no "Quỹ") goes on the name
# before it when no comma parts them ("Ban Quản lý Khu kinh tế Vân Phong").
_WRITTEN_HEADS = {
    tuple(fold(phrase).split()): phrase
    for phrase in (
        "sở", "báo", "đài", "hội", "trường", "cục", "viện", "các", "phòng", "đoàn", "cảng", "quỹ",
        "trung tâm", "văn phòng", "liên đoàn", "liên hiệp", "bệnh viện", "công an", "công ty",
        "chi cục", "chi nhánh", "kho bạc", "ngân hàng", "tòa án", "hải quan", "đảng ủy", "tỉnh ủy",
        "tỉnh đoàn", "thành đoàn", "cơ quan", "đơn vị", "bộ chỉ", "bộ đội", "bộ y", "bộ giáo", "bộ tài",
        "bưu điện", "cảnh sát", "hợp tác", "tập đoàn", "tổng công", "điện lực", "nhà xuất", "nhà văn",
        "ủy ban", "mặt trận", "quỹ hỗ", "quỹ phát", "thống kê", "thuế tỉnh", "vườn quốc", "khu bảo",
        "doanh nghiệp", "chính quyền", "hiệp hội", "công đoàn", "cảng hàng", "học viện", "đại học",
        "nhà máy", "xí nghiệp", "tổng cục", "hội đồng", "viện kiểm",
    )
}  # fmt: skip


# A cell listing its agencies one numbered line each ("1. Sở Y tế\n2. Sở Tài chính"), or
# ending its list with "v.v." (etc.): the numbers and the "etc." name no one.
_LINE_NUMBER = re.compile(r"(?m)(?:^|(?<=;))[ \t]*\d{1,2}[.)][ \t]+(?=\D)")
_ET_CETERA = re.compile(r"[,;]?\s*(?:v\.\s?v\.?|vv\.)\s*$", re.IGNORECASE)


# A head's title before a plural list ("Giám đốc các Sở: Y tế, Tài chính"): the bodies own
# the task (as _owner reads "Giám đốc Sở Y tế"), and the list reads under its head word.
_TITLE_BEFORE_PLURAL = re.compile(
    r"(?i)(^|[,;\n])\s*(?:đồng chí\s+)?(?:chủ tịch|phó chủ tịch|giám đốc|thủ trưởng|người đứng đầu)\s+(?=các\s)"
)


# "UBND tỉnh giao Sở Y tế (chủ trì)", "UBND tỉnh (giao Sở Y tế chủ trì)": the committee
# assigns, the body it names does the work.
_ASSIGNED = re.compile(
    r"(?i)^\s*(?:thường trực\s+)?(?:UBND|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:tỉnh|thành phố)\s*"
    r"(?:\(\s*giao\s+(?P<inner>[^()]+)\)\s*$|giao\s+)"
)
# "Sở Y tế chịu trách nhiệm chính, Sở Tài chính phối hợp": the words of a lead.
_MAIN_RESPONSIBILITY = re.compile(r"(?i)\bchịu trách nhiệm chính\b")


def _cell_as_meant(cell: str) -> str:
    """An agency cell with the words that name no body taken out or said plainly: list
    numbers, "v.v.", a title before a plural list, "chịu trách nhiệm chính" (chủ trì), the
    committee assigning the body that does the work."""
    if ":" in cell:
        cell = _TITLE_BEFORE_PLURAL.sub(r"\1 ", cell)
    if "chính" in cell:
        cell = _MAIN_RESPONSIBILITY.sub("chủ trì", cell)
    if "giao" in cell and (assigned := _ASSIGNED.match(cell)) is not None:
        cell = assigned["inner"] if assigned["inner"] is not None else cell[assigned.end() :]
    if "." not in cell and ")" not in cell:
        return cell  # most cells: neither can be in them
    return _ET_CETERA.sub("", _LINE_NUMBER.sub("", cell))


def _marks(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's letters and its marks, wherever a tone is placed ("tòa", "toà" alike)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c)),
        tuple(sorted(c for c in decomposed if unicodedata.combining(c))),
    )


def _head_as_written(text: str, tokens: Sequence[_Token], piece: _Piece) -> bool:
    """Whether the head word a piece starts with is written as that head is, marks and all
    (or the cell has no marks at all: typed without them)."""
    words = [t for t in tokens[piece.start : piece.end] if t.is_word]
    for size in (2, 1):
        folded = tuple(t.text for t in words[:size])
        if len(folded) == size and folded in _WRITTEN_HEADS:
            if text.isascii():
                return True
            written = text[words[0].start : words[size - 1].end].split()
            wanted = _WRITTEN_HEADS[folded].split()
            return len(written) == size and all(_marks(a) == _marks(b) for a, b in zip(written, wanted, strict=True))
    return True


# -- who leads, who coordinates, as a cell says it ---------------------------------------

_LEAD, _COORDINATE = "lead", "coordinate"
# Follow-up duties written after names (`Văn phòng UBND tỉnh theo dõi, đôn đốc`, `Sở Tư pháp
# thẩm định`): the names help the lead, or lead when the cell names no other; the words are
# never part of a name.
_FOLLOW = "follow"
_FOLLOW_VERBS = frozenset(
    {
        ("theo", "doi"),
        ("don", "doc"),
        ("tong", "hop"),
        ("huong", "dan"),
        ("tham", "dinh"),
        ("kiem", "tra"),
        ("giam", "sat"),
    }
)


# `Sở Y tế tham mưu UBND tỉnh (ban hành ...)`: the names before it do the work (in the lead
# column, they lead); the body advised and what on, to the next comma or line, owe nothing.
_ADVISE = "advise"
# Words a duty marker can follow, as part of it: `(cơ quan chủ trì)`, `đơn vị phối hợp`.
_DUTY_HOLDERS = frozenset({("co", "quan"), ("don", "vi")})
# The first words of the pairs that can mark a duty: a text without any holds no marker.
_MARKER_FIRSTS = frozenset({"chu", "phoi", "tham"} | {pair[0] for pair in _FOLLOW_VERBS})


class _RoleMarker(NamedTuple):
    """`chủ trì` or `phối hợp (với)` in a cell: tokens [start, end), brackets around it
    included, and where it stands: at the start of a stretch (after the cell's start, a
    comma, a line break or another marker) it ``opens`` names; at its end (before a comma,
    a bracket, another marker or the cell's end) it ``closes`` them."""

    role: str
    start: int
    end: int
    opens: bool
    closes: bool


def _unclosed_bracket(tokens: list[_Token], start: int, end: int) -> int | None:
    """Where the last bracket opened in the characters [start, end) and not closed there
    ends (the character after it), or None."""
    opened: list[int] = []
    for token in tokens:
        if start <= token.start < end and token.is_paren:
            if token.text in "([":
                opened.append(token.end)
            elif opened:
                opened.pop()
    return opened[-1] if opened else None


def _raw_words(text: str) -> list[str]:
    return [t.text for t in _raw_tokens(text) if t.is_word]


def _marker_role(tokens: list[_Token], i: int, follow: bool = False) -> str | None:
    pair = tuple(t.text for t in tokens[i : i + 2] if t.is_word)
    if follow and pair in _FOLLOW_VERBS:
        return _FOLLOW
    if pair == ("tham", "muu"):
        return _ADVISE
    return _LEAD if pair == ("chu", "tri") else _COORDINATE if pair == ("phoi", "hop") else None


# Bodies a cell may name without their level when the next one has it: "HĐND, UBND tỉnh".
_LEVEL_LEFT_OUT = frozenset({("hdnd",), ("thuong", "truc", "hdnd")})
_HOW_COORDINATED = (("chat", "che"), ("dong", "bo"), ("thuong", "xuyen"), ("hieu", "qua"), ("kip", "thoi"), ("tot",))


def _role_markers(tokens: list[_Token]) -> list[_RoleMarker]:
    found: list[_RoleMarker] = []
    n = len(tokens)
    i = 0
    while i < n:
        pair = i + 1 < n and tokens[i].is_word and tokens[i + 1].is_word
        role = _marker_role(tokens, i, follow=True) if pair else None
        if role is None:
            i += 1
            continue
        start, end = i, i + 2
        if role == _COORDINATE:
            # `phối hợp chặt chẽ với`: how they coordinate names no body
            end += next((len(w) for w in _HOW_COORDINATED if tuple(t.text for t in tokens[end : end + len(w)]) == w), 0)
        if role == _COORDINATE and end < n and tokens[end].text in ("voi", "cung"):
            end += 1  # `phối hợp với`, `phối hợp cùng`
        if role == _LEAD and start > 0 and tokens[start - 1].text == "dong":
            start -= 1  # `X và Y đồng chủ trì`: both lead
        if (
            role in (_LEAD, _COORDINATE)
            and start > 1
            and (tokens[start - 2].text, tokens[start - 1].text) in _DUTY_HOLDERS
        ):
            start -= 2  # `X (cơ quan chủ trì)`, `X là đơn vị phối hợp`: the words say the duty
            if start > 0 and tokens[start - 1].text == "la":
                start -= 1
        bracketed = start > 0 and tokens[start - 1].text in "([" and end < n and tokens[end].text in ")]"
        if bracketed:  # `X (chủ trì)`
            start, end = start - 1, end + 1
        opens = not bracketed and (
            start == 0 or not tokens[start - 1].is_word or bool(found and found[-1].end == start)
        )
        closes = end == n or not tokens[end].is_word or _marker_role(tokens, end, follow=True) is not None
        if role == _FOLLOW and not (end == n or tokens[end].is_separator or _marker_role(tokens, end, follow=True)):
            i += 1  # the words of a name or of the task: `Đoàn kiểm tra liên ngành`, `Đoàn kiểm tra (...)`
            continue
        found.append(_RoleMarker(role, start, end, opens, closes))
        i = end
    return found


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
# Words after a group that narrow it to some of its members, not another agency: "UBND các
# xã có đồng bào dân tộc", "các sở, ngành thuộc tỉnh", "UBND các xã, phường ven sông, ven
# biển", "UBND các huyện miền núi", "UBND các xã khu vực biên giới", "các xã bị ảnh hưởng".
# Folded words; pairs for words that also start other things.
_QUALIFIERS = frozenset(
    {
        "co",  # có đồng bào dân tộc, có đường biên giới
        "theo",  # theo chức năng, nhiệm vụ (được giao); theo lĩnh vực phụ trách
        "thuoc",  # thuộc tỉnh, thuộc vùng dự án
        "vung",  # vùng Bảy Núi, vùng sâu, vùng cao
        "noi",  # nơi xảy ra thiên tai
        "tai",
        "o",
        "tren",  # trên địa bàn
        "duoc",  # được giao
        "cua",
        "lien",  # liên quan
        "ven",  # ven sông, ven biển, ven đô
        "mien",  # miền núi, miền biển
        "bien",  # biên giới, biển đảo
        "giap",  # giáp biên, giáp ranh
        "dao",  # (các xã) đảo
        "trong",  # trong vùng, trong diện
        "ngoai",
        "bi",  # bị ảnh hưởng
        "chiu",  # chịu ảnh hưởng
        "nam",  # nằm trong, nằm ven
        "kho",  # khó khăn
        "ngheo",
        "chua",  # chưa đạt chuẩn
        "dat",  # đạt chuẩn
        "phia",  # phía Bắc
        "diem",  # (các xã) điểm
        "la",  # là thành viên Ban Chỉ đạo
    }
)
# Plural words a collective phrase starts with: "các cơ quan, đơn vị", "những đơn vị".
_PLURALS = frozenset({"cac", "nhung"})
# Kinds of bodies, which a collective phrase lists ("các trường cao đẳng, đại học", "các
# doanh nghiệp, hợp tác xã"): folded, one to three words.
_KINDS = frozenset(
    tuple(kind.split())
    for kind in (
        "co quan",
        "don vi",
        "to chuc",
        "truong",
        "truong hoc",
        "nha truong",
        "cao dang",
        "dai hoc",
        "trung cap",
        "hoc vien",
        "vien",
        "mam non",
        "tieu hoc",
        "trung hoc",
        "trung hoc co so",
        "trung hoc pho thong",
        "pho thong",
        "co so",
        "co so giao duc",
        "giao duc nghe nghiep",
        "co so y te",
        "benh vien",
        "trung tam",
        "tram",
        "doanh nghiep",
        "ca nhan",  # các tổ chức, cá nhân: people are listed with the bodies
        "ho gia dinh",
        "hop tac xa",
        "to hop tac",
        "cong ty",
        "tap doan",
        "ngan hang",
        "to chuc tin dung",
        "chi nhanh",
        "hiep hoi",
        "hoi",
        "doan the",
        "so",
        "ban",
        "nganh",
        "dia phuong",
        "nha mang",
        "phong",
        "khoa",
        "cong lap",
        "ngoai cong lap",
        "tu thuc",
        "dan lap",
        "tu nhan",
        "su nghiep",
        "vien thong",
    )
)
# The number of a region after "khu vực", folded: "4", "XV".
_REGION_NUMBER = re.compile(r"\d{1,2}|[ivxl]{1,6}")
_QUALIFIER_PAIRS = frozenset(
    {("khu", "vuc"), ("dia", "ban"), ("dac", "biet"), ("nong", "thon"), ("thi", "diem"), ("thanh", "vien")}
)
# Head words a cell can list several names under: "Sở Y tế, Giáo dục và Đào tạo".
_LIST_HEADS = frozenset({"so", "ban", "hoi", "ubnd"})
# Words a list of bodies under one head opens with: "UBND các huyện, thị xã", "Các Sở: Y tế, ...".
_LIST_OPENERS = frozenset({_UBND, "cac"})
# Words after a known name that do not change which body it is: "Sở Y tế tỉnh",
# "các sở, ngành có liên quan", "UBND các xã, phường trên địa bàn".
_TAILS = (
    ("tinh",),
    ("lien", "quan"),
    ("co", "lien", "quan"),
    ("cac", "cap"),
    ("cap", "tinh"),  # "đoàn thể cấp tỉnh"
    ("tren", "dia", "ban", "tinh"),
    ("tren", "dia", "ban"),
    ("chu", "tri"),
    ("phoi", "hop"),
    ("thuc", "hien"),  # "phối hợp với Sở Tài chính thực hiện"
    ("chiu", "trach", "nhiem"),  # "Sở Y tế chịu trách nhiệm"
    # a body's own units, which it stands for: "Sở Y tế và các đơn vị trực thuộc"
    ("va", "cac", "don", "vi", "truc", "thuoc"),
    ("va", "cac", "don", "vi", "thuoc", "so"),
    ("va", "don", "vi", "truc", "thuoc"),
    # a bank named with its branch: "NHCSXH chi nhánh tỉnh", "Ngân hàng CSXH chi nhánh"
    ("chi", "nhanh", "tinh"),
    ("chi", "nhanh"),
)
_TAIL_STARTS = frozenset(tail[0] for tail in _TAILS)


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
    # the agencies a standing body's bracket names, which stand for it (_standing_body)
    instead: tuple[CellAgency, ...] = ()


@dataclass
class AgencyDirectory:
    """Every known agency and group with its aliases; built from the alias file or the DB."""

    entries: Sequence[AgencyEntry]
    abbreviations: Mapping[str, Sequence[str]] = field(default_factory=dict)
    successions: Sequence[Succession] = ()
    # Only the groups' members and the successions at once; what reads names (aliases, keys,
    # fuzzy choices) on first use: refreshing the stored memberships asks nothing else, and
    # building the rest for thousands of agencies is most of the time. An alias two agencies
    # share is then found on that first use, not here.
    lazy: bool = field(default=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._abbreviations = _Abbreviations(self.abbreviations)
        self._by_name: dict[str, AgencyEntry] = {}
        for entry in self.entries:
            if entry.name in self._by_name:
                raise AliasConflict(f"agency {entry.name!r} is listed twice")
            self._by_name[entry.name] = entry
        if not self.lazy:
            self._build()
        self._successor = self._successions()
        self._members = self._compute_members()

    def __getattr__(self, name: str) -> object:
        # Called only for an attribute not set: one _build sets, when the directory is lazy.
        if name.startswith("_") and not name.startswith("__") and "_built" not in self.__dict__:
            self._build()
            return object.__getattribute__(self, name)
        raise AttributeError(name)

    def with_successions(self, successions: Sequence[Succession]) -> AgencyDirectory:
        """The same agencies with these successions instead: what is read from the names is
        shared, not built again."""
        other = copy.copy(self)
        other.successions = successions
        other._successor = other._successions()
        other._members = other._compute_members()
        return other

    def _build(self) -> None:
        """What reading names needs: aliases, keys, acronyms, fuzzy choices."""
        self._built = True
        self._home_forms: frozenset[str] = frozenset()
        self._home_forms, self._local_names = self._home()
        self._home_city = any(self._is_city(form) for form in self._home_forms)
        self._cities: dict[str | None, bool] = {None: self._home_city}
        # The group of the district People's Committees, which a list of district units names
        self._district_group = next(
            (e.name for e in self.entries if e.is_group and e.member_kinds == (AgencyKind.DISTRICT,)), None
        )
        self._segments: dict[str, _Segment | None] = {}  # see tokens
        self._named: dict[tuple[str, str], CellAgency] = {}  # see _agency
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
        # The exact keys as a trie of words, which _match walks along a cell's tokens: one
        # dict step a word instead of a tuple built and looked up for each length.
        self._key_trie: dict = {}
        for k, name in self._exact.items():
            node = self._key_trie
            for word in k:
                node = node.setdefault(word, {})
            node[_END] = (name, k in self._shortened)
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
        self._forms: dict[str, list[tuple[tuple[str, ...], frozenset[str], str]]] | None = None
        self._spellings = self._abbreviations_in_full()
        # Plans repeat the same cells hundreds of times; each is split once.
        self._split_cache: dict[tuple[str, str | None], tuple[CellAgency, ...]] = {}
        self._roles_cache: dict[tuple[str, str | None], tuple[tuple[CellAgency, ...], ...]] = {}
        self._fuzzy_choices: dict[str, set[str]] = defaultdict(set)
        for alias_key, name in self._exact.items():
            self._fuzzy_choices[_distinctive(alias_key)].add(name)
        for derived, names in self._derived.items():
            self._fuzzy_choices[_distinctive(derived)].update(names)
        # What suggestions choose among: only the table's names. Thousands of names first met
        # in plans would each be scored for every new name, and crowd out the table's.
        self._suggestion_choices = {
            key: verified
            for key, names in self._fuzzy_choices.items()
            if (verified := set(filter(self._verified, names)))
        }
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
        """The words of ``text`` as the table reads them: abbreviations and a province's name
        in their short form ("tinh"); another province than the table's own keeps its name
        in the token ("tinh:quangngai"), so that its bodies are not the table's."""
        text = nfc(text)
        # Plans write the same names again and again between their commas, in ever new
        # cells: each stretch between separators is read once (_segment) and the cell's
        # tokens put together from them. An abbreviation written over a separator ("phát
        # thanh, truyền hình") is read from the whole text, as before.
        segments = self._read_apart(text)
        if segments is None:
            return self._read_tokens(text, _raw_tokens(text))
        if len(segments) == 1:
            return list(segments[0].tokens)
        found: list[_Token] = []
        new = tuple.__new__
        offset = 0
        for n, segment in enumerate(segments):
            if n:
                found.append(new(_Token, (text[offset - 1], offset - 1, offset, _SEPARATOR)))
            if offset:
                found.extend(new(_Token, (t[0], t[1] + offset, t[2] + offset, t[3])) for t in segment.tokens)
            else:
                found.extend(segment.tokens)
            offset += segment.size + 1
        return found

    def _read_apart(self, text: str) -> list[_Segment] | None:
        """The stretches of ``text`` between separators, each read once (_segment); None when
        one cannot be read apart from the text, or an abbreviation begun in one may go on
        in the next ("phát thanh, truyền hình"): the text is read whole."""
        segments: list[_Segment] = []
        alive: tuple[dict, ...] = ()  # abbreviation trie nodes a long form can go on from
        for part in _SEPARATORS.split(text):
            segment = self._segment(part)
            if segment is None or (alive and (segment.first is None or any(segment.first in a for a in alive))):
                return None
            segments.append(segment)
            alive = segment.alive
        return segments

    def _segment(self, part: str) -> _Segment | None:
        """The tokens of a stretch of text without a separator, read once; None when it
        cannot be read apart from its text (not NFC on its own)."""
        cached = self._segments.get(part, _MISSING)
        if cached is not _MISSING:
            return cached
        if len(self._segments) > 50_000:
            self._segments.clear()
        segment = None
        if unicodedata.is_normalized("NFC", part):
            raw = _raw_tokens(part)
            tokens = self._read_tokens(part, raw)
            segment = _Segment(
                tuple(tokens),
                raw[0].text if raw else None,
                self._abbreviations.open_at_end(raw),
                any(t.text in _MARKER_FIRSTS for t in raw if t.kind == _WORD),
                len(part),
                *self._places(part, tokens),
            )
        self._segments[part] = segment
        return segment

    def _read_tokens(self, text: str, raw: list[_Token]) -> list[_Token]:
        if "so" in (t[0] for t in raw[:-2]):
            raw = self._department_initials(text, raw)
        found = self._abbreviations.apply(raw)
        if self._home_forms and any(token.text == PROVINCE for token in found):
            folded = fold(text)
            for k, token in enumerate(found):
                place = _place(folded[token.start : token.end]) if token.text == PROVINCE else ""
                if place and place not in self._home_forms:
                    found[k] = token._replace(text=_ELSEWHERE + place)
        return found

    def _department_initials(self, text: str, raw: list[_Token]) -> list[_Token]:
        """A department's initials written apart, "Sở TN & MT", "Sở KH và ĐT", "Sở LĐ - TB&XH",
        read as written together ("Sở TNMT") when that is a name of the table: after "Sở",
        capitals joined by "&", "-" or "và". Only such a name: "Sở GTVT và BCH QS" is two."""
        out: list[_Token] = []
        k = 0
        while k < len(raw):
            token = raw[k]
            out.append(token)
            k += 1
            if token[0] != "so" or k >= len(raw) or not _capitals(text[raw[k][1] : raw[k][2]]):
                continue
            parts = [raw[k]]  # the initials, and where each joined one was
            at = k + 1
            while at < len(raw):
                nxt, gap = raw[at], text[parts[-1][2] : raw[at][1]].strip()
                if nxt[0] == "va" and not gap and at + 1 < len(raw):
                    nxt, gap, at = raw[at + 1], "va", at + 1
                if fold(gap) not in _INITIALS_JOINS or nxt[3] != _WORD or not _capitals(text[nxt[1] : nxt[2]]):
                    break
                parts.append(nxt)
                at += 1
            for n in range(len(parts), 1, -1):
                word = "".join(t[0] for t in parts[:n])
                if ("so", word) in self._exact:
                    out.append(tuple.__new__(_Token, (word, parts[0][1], parts[n - 1][2], _WORD)))
                    k = raw.index(parts[n - 1], k) + 1
                    break
        return out

    def _home(self) -> tuple[frozenset[str], frozenset[str]]:
        """The province the table is of, as the spellings that name it (its name folded,
        "dongnai", and its initials, "dn"): the one its own names write most ("Báo Đồng Nai",
        "Báo và Phát thanh, Truyền hình Đồng Nai"); and the names of those bodies, which are
        that province's own. Nothing when no name of the table writes a province."""
        counts: Counter[tuple[str, ...]] = Counter()
        named: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for entry in self.entries:
            if not entry.verified:
                continue
            for spelling in (entry.name, *entry.aliases):
                text = nfc(spelling)
                folded = fold(text)
                for token in self._abbreviations.apply(_raw_tokens(text)):
                    if token.text == PROVINCE and (words := _place_words(folded[token.start : token.end])):
                        counts[words] += 1
                        named[entry.name].add(words)
        if not counts:
            return frozenset(), frozenset()
        most = max(counts.values())
        home = {words for words, count in counts.items() if count == most}
        forms = {"".join(words) for words in home} | {"".join(w[0] for w in words) for words in home}
        return frozenset(forms), frozenset(name for name, places in named.items() if places & home)

    def _is_city(self, province: str) -> bool:
        """Whether ``province`` (as a plan writes it, or folded) is a city that is a province
        (Hà Nội, Đà Nẵng...): the table writes "thành phố X" as a form of the province."""
        words = _raw_words(province)
        if not words:
            return False
        if words[0] == "tp" and len(words) > 1:  # "TP.HCM", "TP. Cần Thơ"
            return True
        for lead in (["thanh", "pho"], ["tp"]):
            tokens = _raw_tokens(" ".join([*lead, *words]))
            forms = self._abbreviations._forms_at(tokens, 0)
            if any(short == (PROVINCE,) and last == len(tokens) - 1 for short, last in forms):
                return True
        return False

    def _city_plan(self, province: str | None) -> bool:
        """Whether a plan of ``province`` (None: the table's own) is a city's that is a province."""
        found = self._cities.get(province)
        if found is None:
            found = self._cities[province] = self._is_city(province or "")
        return found

    def _city_as_province(self, tokens: list[_Token]) -> list[_Token]:
        """In a plan of a city that is a province, "Thành phố" after a body is the province:
        "Công an Thành phố", "UBND Thành phố" are "Công an tỉnh", "UBND tỉnh"; "Thành ủy",
        "Thành đoàn" are "Tỉnh ủy", "Tỉnh đoàn" (also before the city's name, "Thành đoàn Cần
        Thơ"). Only where no other name follows: "UBND thành phố Thủ Đức" is a city of the
        province, "các quận, huyện, thành phố" a list of units."""
        out = list(tokens)
        for k, token in enumerate(tokens):
            after = tokens[k + 1] if k + 1 < len(tokens) else None
            ends = after is None or not after.is_word or after.text in _CONNECTORS or after.text in _MARKER_FIRSTS
            if token.text == "tp" and k and tokens[k - 1].is_word and tokens[k - 1].text not in _NOT_BODY_ENDS:
                if ends:
                    out[k] = token._replace(text=PROVINCE)
            elif token.text == "thanh" and after is not None and after.text in ("uy", "doan"):
                following = tokens[k + 2] if k + 2 < len(tokens) else None
                if (
                    following is None
                    or not following.is_word
                    or following.text in _CONNECTORS
                    or _generic((following.text,)) == (PROVINCE,)  # "Thành đoàn Cần Thơ"
                ):
                    out[k] = token._replace(text=PROVINCE)
        return out

    def _former_province(self, tokens: Sequence[_Token], name: str, province: str | None) -> _Token | None:
        """The token naming a former province merged in 2025 into the plan's (``province``,
        None: the table's own), when ``name`` is a body the merger kept apart (a hospital, a
        school): "tỉnh Vĩnh Phúc" in "Bệnh viện Đa khoa tỉnh Vĩnh Phúc" in a plan of Phú Thọ.
        A department, the police, the People's Committee of a former province were merged
        into the province's own: those read as "tỉnh" (None here)."""
        entry = self._by_name.get(name)
        if entry is None or entry.kind not in _KEPT_IN_MERGER or name in self._local_names:
            return None
        homes = (_place(fold(province)),) if province else self._home_forms
        formers = frozenset().union(*(_FORMER_PROVINCES.get(home, ()) for home in homes))
        if not formers:
            return None
        return next((t for t in tokens if t.text.startswith(_ELSEWHERE) and t.text[len(_ELSEWHERE) :] in formers), None)

    def _elsewhere(self, tokens: Sequence[_Token]) -> _Token | None:
        """The first token naming another province than the table's."""
        return next((t for t in tokens if t.text.startswith(_ELSEWHERE)), None)

    def _exact_name(self, words: tuple[str, ...]) -> str | None:
        """The agency whose alias is ``words``; with another province's name in them, a
        body every province has ("Công an tỉnh Nghệ An" is "Công an tỉnh"), never one of
        the table's own province ("Báo Nghệ An" is not "Báo Đồng Nai")."""
        name = self._exact.get(words)
        if name is None and any(w.startswith(_ELSEWHERE) for w in words):
            name = self._exact.get(_generic(words))
            if name in self._local_names:
                return None
        return name

    def _in_province(self, local: str, written: str) -> str | None:
        """The name of a body of the table's own province (``local``) for the province
        written as ``written``: "Báo và Phát thanh, Truyền hình Đồng Nai" for "Tuyên Quang" is
        "Báo và Phát thanh, Truyền hình Tuyên Quang"; None when its name writes no province."""
        text = nfc(local)
        folded = fold(text)
        for token in self._abbreviations.apply(_raw_tokens(text)):
            if token.text != PROVINCE or _place(folded[token.start : token.end]) not in self._home_forms:
                continue
            own = text[token.start : token.end]
            shown = clean(written)
            said, says = fold(own).startswith("tinh "), fold(shown).startswith("tinh ")
            city = _CITY_WORD.match(shown)
            if says and not said:
                shown = shown[5:]  # "tỉnh Tuyên Quang" where the name writes "Đồng Nai"
            elif city and not said:
                shown = shown[city.end() :]  # "thành phố Cần Thơ", "TP. Cần Thơ": the city is the province
            elif said and not says:
                shown = f"{own[:5]}{shown}"
            return text[: token.start] + shown + text[token.end :]
        return None

    def _elsewhere_of(self, name: str) -> tuple[str, str] | None:
        """For a body another province has as the table's province has its own ("Báo
        Quảng Ngãi"): that own body's name and the other province's name as written."""
        text = nfc(name)
        tokens = self.tokens(text)
        elsewhere = self._elsewhere(tokens)
        if elsewhere is None:
            return None
        local = self._exact.get(_generic(tuple(t.text for t in tokens if t.is_word)))
        if local not in self._local_names:
            return None
        return local, text[elsewhere.start : elsewhere.end]

    def kind_of(self, name: str) -> AgencyKind:
        """What kind of body ``name`` is: as the table says, as the table says of the same
        body in its own province ("Báo Quảng Ngãi" is media as "Báo Đồng Nai" is), or a
        guess from its words."""
        entry = self._by_name.get(name)
        if entry is not None and entry.verified:
            return entry.kind
        if (found := self._elsewhere_of(name)) is not None:
            return self._by_name[found[0]].kind
        return infer_kind(name)

    def alias_key(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens(text) if t.is_word)

    def _abbreviations_in_full(self) -> dict[str, str]:
        """Abbreviations (one word, "bvdk") the names of the table never use but write in
        full, with how they write it ("Bệnh viện Đa khoa", from "Bệnh viện Đa khoa tỉnh")."""
        names = [(nfc(e.name), _raw_tokens(nfc(e.name))) for e in self.entries if e.verified]
        used = {t.text for _, tokens in names for t in tokens if t.is_word}
        found: dict[str, str] = {}
        for short, longs in self.abbreviations.items():
            # "TP", "TX": too short to tell from a word; a form names write two ways is left
            if len(short) < 3 or not short.isalpha() or fold(short) in used or fold(short) == PROVINCE:
                continue
            forms = [tuple(t.text for t in _raw_tokens(long) if t.is_word) for long in longs]
            spelled = {
                name[words[i].start : words[i + len(form) - 1].end]
                for name, tokens in names
                for words in [[t for t in tokens if t.is_word]]
                for form in forms
                if len(form) > 1
                for i in range(len(words) - len(form) + 1)
                if tuple(t.text for t in words[i : i + len(form)]) == form
            }
            if len(spelled) == 1:
                found[fold(short)] = spelled.pop()
        return found

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
        longer exist, and optional ones, join no group by their kind; nor do bodies first
        met in a plan whose kind is only guessed from a head word as loose as "Ban" or
        "Đoàn" ("Ban Chỉ đạo ...", "Đoàn kiểm tra liên ngành" are not departments)."""
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
                and (e.verified or e.kind in _CLEAR_KINDS)
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
        return self._exact_name(self.alias_key(text))

    def succession(self, name: str) -> Succession | None:
        """How ``name`` was succeeded, when it no longer exists; for a name the table does
        not hold, by the rule of the kind its words say ("UBND huyện X": a district)."""
        found = self._successor.get(name)
        if found is None and not self._known(name):
            found = self._succession_elsewhere(name)
        if found is None and name not in self._by_name and (rule := self._rules.get(infer_kind(name))) is not None:
            found = replace(rule, old=name, kind=None)
        return found

    def _succession_elsewhere(self, name: str) -> Succession | None:
        """Another province's body succeeded as the table's own one was: "Báo Quảng Ngãi"
        by "Báo và Phát thanh, Truyền hình Quảng Ngãi" as "Báo Đồng Nai" by "Báo và Phát
        thanh, Truyền hình Đồng Nai"."""
        found = self._elsewhere_of(name)
        if found is None:
            return None
        today = _TODAY_OF_FORMER.get(_place(fold(found[1])))
        succession = self._successor.get(found[0])
        if succession is None and today is not None and found[0] in (merged := self._merged_bodies()):
            # "Báo và Phát thanh, Truyền hình Yên Bái": a former province's merged body (named
            # in a plan of early 2025, or by habit) is the absorbing province's today
            new = self._in_province(found[0], today)
            return None if new is None or new == name else Succession(old=name, new=new, since=merged[found[0]])
        if succession is None:
            return None
        new = succession.new
        if new in self._local_names:
            # a former province's media were merged into the province that absorbed it:
            # "Đài PT-TH Yên Bái" is succeeded by Lào Cai's merged body, no Yên Bái's
            written = _TODAY_OF_FORMER.get(_place(fold(found[1])), found[1])
            new = self._in_province(new, written) or new
        return replace(succession, old=name, new=new)

    def _merged_bodies(self) -> dict[str, date | None]:
        """The table's own province's bodies that others of it were merged into ("Báo và
        Phát thanh, Truyền hình Đồng Nai"), with when the provinces merged."""
        cached = getattr(self, "_merged_cache", None)
        if cached is None or cached[0] is not self._successor:  # new successions: read again
            merged = {
                s.new: _PROVINCES_MERGED
                for s in self._successor.values()
                if s.new in self._local_names and s.old in self._local_names
            }
            cached = self._merged_cache = (self._successor, merged)
        return cached[1]

    def _known(self, name: str) -> bool:
        entry = self._by_name.get(name)
        return entry is not None and entry.verified

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
        is a shortened one (the start of the agency's name). With another province's name
        among the words, a key with the words as written wins over the same length read
        with "tinh" instead (another province's: its own body, named in _split)."""
        trie = self._key_trie
        node: dict | None = trie
        for word in prefix:
            node = node.get(word) if node is not None else None
        generic = node  # the same node until a word names another province
        found: tuple[str, int, bool] | None = None
        j, n = i, len(tokens)
        after_comma = -1  # the first word after the last separator crossed
        while j < n and (node is not None or generic is not None):
            token = tokens[j]
            kind = token[3]
            if kind == _PAREN:
                break
            j += 1
            if kind != _WORD:
                after_comma = j
                continue
            word = token[0]
            other = word.startswith(_ELSEWHERE)
            if generic is node:  # one path so far: it forks at another province's name
                node, generic = node.get(word), (node.get(PROVINCE) if other else None)
                if not other:
                    generic = node
            else:
                node = node.get(word) if node is not None else None
                generic = generic.get(PROVINCE if other else word) if generic is not None else None
            end = node.get(_END) if node is not None else None
            if end is None and generic is not None and generic is not node:
                end = generic.get(_END)
            if end is not None:
                if after_comma > i and self._comma_starts_longer(tokens, after_comma, j):
                    break  # "(CDC) tỉnh, Ủy ban MTTQ ...": not "Tỉnh ủy" and "ban MTTQ ..."
                found = (end[0], j, end[1])
        return found

    def _comma_starts_longer(self, tokens: list[_Token], after: int, end: int) -> bool:
        """Whether a name the table knows starts right after a separator and runs on past
        ``end``: the separator then ends a name rather than being written inside one (`Sở
        Văn hóa, Thể thao và Du lịch`)."""
        fresh = self._match(tokens, after)
        return fresh is not None and fresh[1] > end

    @staticmethod
    def _starts_local_unit(tokens: list[_Token], i: int) -> bool:
        word = tokens[i].text
        if word == "cac" and i + 1 < len(tokens):
            word = tokens[i + 1].text
        return word in _LOCAL_UNITS or (word == "thi" and i + 1 < len(tokens) and tokens[i + 1].text == "tran")

    def split_cell(self, cell: str) -> list[CellAgency]:
        """The agencies a lead or coordinating cell names, in order, without repeats,
        whatever duty the cell gives each (see split_task).

        After `UBND các huyện`, the following items of the same list (`thị xã Long
        Khánh`, `thành phố Biên Hòa`) are People's Committees too.
        """
        leads, coordinators = self._split_roles(cell)
        return _unique([*leads, *coordinators])

    def _split_piece(self, text: str, province: str | None = None) -> list[CellAgency]:
        cached = self._split_cache.get((text, province))
        if cached is None:
            if len(self._split_cache) > 100_000:
                self._split_cache.clear()
            found = [
                owned
                for agency in self._split(text, province)
                for owned in ([agency] if agency.known else self._owner(agency.text, province) or [agency])
            ]
            cached = self._split_cache[text, province] = tuple(found)
        return list(cached)

    def _owner(self, text: str, province: str | None) -> list[CellAgency] | None:
        """The body a name unknown as a whole stands for: the head of a known one ("Giám
        đốc Sở Y tế", "Thủ trưởng các sở, ban, ngành": the body owns the task) or a unit
        followed by its parent ("Phòng Cảnh sát PC45 - Công an tỉnh", "Chi cục Thủy lợi -
        Sở Nông nghiệp và Môi trường": reminders go to the parent, as with a bracket)."""
        title = _TITLE.match(text)
        if title is not None:
            rests = [text[title.end() :]]
        else:
            rests = [
                unit.group("parent") for pattern in (_UNIT_OF, _UNIT_IN_BRACKET) if (unit := pattern.fullmatch(text))
            ]
        for rest in rests:
            found = self._split(rest, province)
            if found and all(a.known for a in found):
                return found
        return None

    def _split_roles(self, cell: str, province: str | None = None) -> tuple[list[CellAgency], list[CellAgency]]:
        """The agencies a cell names as it gives their duties: those it says lead (`chủ
        trì`, or no word at all) and those it says coordinate (`phối hợp`)."""
        cached = self._read_roles_once(cell, province)
        return list(cached[0]), list(cached[1])

    def _said_to_lead(self, cell: str, province: str | None = None) -> list[CellAgency]:
        """The agencies a cell says in words lead (`X chủ trì`, `X (đồng chủ trì)`)."""
        return list(self._read_roles_once(cell, province)[2])

    def _read_roles_once(
        self, cell: str, province: str | None
    ) -> tuple[tuple[CellAgency, ...], tuple[CellAgency, ...], tuple[CellAgency, ...]]:
        # Plans repeat the same lead and coordinating cells: each is read once.
        cached = self._roles_cache.get((cell, province))
        if cached is None:
            if len(self._roles_cache) > 100_000:
                self._roles_cache.clear()
            cached = self._roles_cache[cell, province] = self._read_roles(cell, province)
        return cached

    def _read_roles(
        self, cell: str, province: str | None
    ) -> tuple[tuple[CellAgency, ...], tuple[CellAgency, ...], tuple[CellAgency, ...]]:
        leads: list[CellAgency] = []
        coordinators: list[CellAgency] = []
        said: list[CellAgency] = []
        for role, piece in self._roles(_cell_as_meant(nfc(cell))):
            found = self._split_piece(piece, province)
            (coordinators if role == _COORDINATE else leads).extend(found)
            if role == _LEAD:
                said.extend(found)
        return tuple(_unique(leads)), tuple(_unique(coordinators)), tuple(_unique(said))

    def _roles(self, text: str) -> list[tuple[str | None, str]]:
        """The cell cut where it says who leads and who coordinates, each stretch with the
        duty the cell gives it (None: none said). The words come before the names they
        concern (`Chủ trì: X; phối hợp: Y`, `X chủ trì, phối hợp với Y`) or after them
        (`X (chủ trì), Y (phối hợp)`, `X chủ trì; Y, Z phối hợp`); `phối hợp` between two
        names (`Sở Y tế phối hợp Sở Tài chính`) makes the ones before it the leads. The
        same words inside a name (`Trung tâm Phối hợp tìm kiếm cứu nạn`) say nothing."""
        if not self._may_mark(text):
            return [(None, text)]  # most cells: no marker can be in them, no need to look
        tokens = _raw_tokens(text)
        markers = _role_markers(tokens)
        if not markers:
            return [(None, text)]
        stretches: list[tuple[str | None, int, int]] = []  # duty, from, to (characters)
        start = 0  # where the text not given a duty yet starts
        pending: str | None = None  # the duty a marker written before its names gives
        for k, marker in enumerate(markers):
            begin = tokens[marker.start].start
            names_before = bool(_raw_words(text[start:begin]))
            opened = None
            if marker.role == _FOLLOW and not names_before:
                start = tokens[marker.end - 1].end  # one duty after another: `theo dõi, đôn đốc`
                continue
            if marker.role == _FOLLOW and not self._names_body(text[start:begin]):
                continue  # words of a name: `Phòng Tổng hợp`, `Hội đồng thẩm định`
            if marker.role == _ADVISE:
                if names_before and not self._names_body(text[start:begin]):
                    continue  # words of a name: `Phòng Tham mưu - Bộ Chỉ huy Quân sự tỉnh`
                if names_before:  # no duty said: the lead column's leads, the other's coordinators
                    stretches.append((pending, start, begin))
                    pending = None
                elif not k or markers[k - 1].end != marker.start:
                    continue  # `Tham mưu UBND tỉnh: Sở Y tế`: read as before
                # `Sở Y tế chủ trì tham mưu UBND tỉnh`: what it advises on is no body either
                start = next((t.start for t in tokens[marker.end :] if t.is_separator), len(text))
                continue
            closes = marker.closes and (not marker.opens or (names_before and pending is None))
            if closes:  # the names before it, back to the marker before
                strong = [t.end for t in tokens if t.text in ";\n" and start <= t.start < begin]
                opened = _unclosed_bracket(tokens, start, begin)
                if opened is not None:
                    # `Đoàn kiểm tra liên ngành (Sở Y tế chủ trì)`: the duty is the bracket's
                    stretches += [(pending, start, opened), (marker.role, opened, begin)]
                elif names_before and strong and (pending is not None or marker.role != _LEAD):
                    # the names after the last `;` or line break are this marker's, those
                    # before it the marker's before (`Chủ trì: X; Y phối hợp`), or with none
                    # before, the cell's first names (`Sở GD&ĐT; Trường Cao đẳng phối hợp`)
                    stretches += [(pending, start, strong[-1]), (marker.role, strong[-1], begin)]
                elif pending is not None and names_before:
                    stretches += [(pending, start, begin)]  # with neither, all are that marker's
                else:
                    stretches.append((marker.role, start, begin))
                pending = None
            elif marker.opens:
                stretches.append((pending, start, begin))
                pending = marker.role
            elif marker.role == _COORDINATE and names_before and self._coordinates_a_duty(text, tokens, marker):
                # `Sở Y tế; các đơn vị liên quan phối hợp thực hiện`: the names before it, back
                # to a `;` or a line, coordinate what the words after it say; they name no body
                strong = [t.end for t in tokens if t.text in ";\n" and start <= t.start < begin]
                if strong:
                    stretches.append((pending, start, strong[-1]))
                stretches.append((_COORDINATE, strong[-1] if strong else start, begin))
                pending = None
                start = next((t.start for t in tokens[marker.end :] if t.is_separator), len(text))
                continue
            elif marker.role == _COORDINATE and self._known_before(text[start:begin]):
                stretches.append((pending or _LEAD, start, begin))  # `X phối hợp Y`: X leads
                pending = _COORDINATE
            elif marker.role == _LEAD and names_before and self._duty_after(text, tokens, marker):
                # `Ủy ban MTTQ tỉnh chủ trì vận động Quỹ "Vì người nghèo"`: X leads what the
                # words after it say, up to the next comma or line; they name no body
                stretches.append((_LEAD, start, begin))
                pending = None
                start = next((t.start for t in tokens[marker.end :] if t.is_separator), len(text))
                continue
            else:
                continue  # words of a name
            start = tokens[marker.end - 1].end
            if opened is not None and marker.end < len(tokens) and tokens[marker.end].text in ")]":
                start = tokens[marker.end].end  # the bracket the duty was written in closes
        stretches.append((pending, start, len(text)))
        found = [(role, a, b) for role, a, b in stretches if _raw_words(text[a:b])]
        if any(role == _LEAD for role, _, _ in found):
            # `Sở Tài chính (chủ trì), Sở KH&CN, Sở Công Thương`: besides the lead it names,
            # the names it gives no duty help
            found = [(role or _COORDINATE, a, b) for role, a, b in found]
        lead_named = any(role in (_LEAD, None) for role, _, _ in found)
        return [(_COORDINATE if role == _FOLLOW and lead_named else role, text[a:b]) for role, a, b in found]

    def _duty_after(self, text: str, tokens: list[_Token], marker: _RoleMarker) -> bool:
        """Whether `chủ trì` follows a known name and the words after it, to the next comma
        or line, name no known body: what it leads (`chủ trì vận động ...`), not who with it
        (`chủ trì cùng Sở Tài chính` stays as it was read)."""
        before = text[: tokens[marker.start].start]
        cut = max(before.rfind(c) for c in ",;\n")
        if not self._known_before(before[cut + 1 :]):
            return False
        stop = next((t.start for t in tokens[marker.end :] if t.is_separator), len(text))
        return not self._known_before(text[tokens[marker.end - 1].end : stop])

    def _coordinates_a_duty(self, text: str, tokens: list[_Token], marker: _RoleMarker) -> bool:
        """`X phối hợp thực hiện`: the words after `phối hợp`, to the next comma or line, say
        what X helps with and start no body (`phối hợp với Sở Tài chính thực hiện` names one)."""
        if not self._duty_after(text, tokens, marker):
            return False
        stop = next((t.start for t in tokens[marker.end :] if t.is_separator), len(text))
        after = self.tokens(text[tokens[marker.end - 1].end : stop])
        return bool(after) and not self._may_be_agency(after, 0)

    def _may_mark(self, text: str) -> bool:
        """Whether a word of ``text`` can start a duty marker, from its stretches between
        separators (read once each, see tokens)."""
        for part in _SEPARATORS.split(text):
            segment = self._segment(part)
            if segment is None or segment.marks:
                return True
        return False

    def _names_body(self, text: str) -> bool:
        """Whether the text ends with a body's name: one the table knows, or two words or
        more that are not only a head ("Trường Cao đẳng Lào Cai", not "Phòng", "Hội đồng")."""
        if self._known_before(text):
            return True
        last = re.split(r"[,;\n()\[\]]", text)[-1]
        words = tuple(_raw_words(last))
        return len(words) >= 2 and not (len(words) == 2 and words in _HEAD_PAIRS)

    def _known_before(self, text: str) -> bool:
        """Whether the text ends with names the table knows: `Sở Y tế` in `Sở Y tế phối
        hợp Sở Tài chính`, not `Trung tâm` in `Trung tâm Phối hợp tìm kiếm cứu nạn`."""
        found = self._split_piece(text)
        return bool(found) and all(agency.known for agency in found)

    def _split(self, cell: str, province: str | None = None) -> list[CellAgency]:
        """The agencies of a stretch of a cell; ``province``: the plan's, when it is not the
        table's own (see province_of)."""
        text = nfc(cell)
        tokens = self.tokens(text)
        if self._city_plan(province) and ("tp" in (t[0] for t in tokens) or "thanh" in (t[0] for t in tokens)):
            tokens = self._city_as_province(tokens)
        pieces: list[_Piece] = []
        under_ubnd = False
        separated = True
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token[3]  # not the properties: this loop is on the hot path of imports
            if kind == _PAREN:  # "Sở Nội vụ (Ban Thi đua - Khen thưởng)": the unit is its parent's
                close = self._closing(tokens, i)
                if pieces and token.text in "([":
                    pieces[-1].end = close
                    pieces[-1].instead = self._standing_body(
                        text, tokens, pieces[-1], i, close, province
                    ) or self._renamed(text, tokens, i, close, province)
                i = close if pieces else i + 1
                continue
            if kind == _SEPARATOR or token.text in _CONNECTORS:
                separated = separated or kind == _SEPARATOR
                i += 1
                continue
            inherit = under_ubnd and self._starts_local_unit(tokens, i)
            match = (self._match(tokens, i, (_UBND,)) if inherit else None) or self._match(tokens, i)
            if token[0] in _LIST_OPENERS:
                match = (
                    self._listed_after_colon(tokens, i, text)
                    or self._district_list(tokens, i, match)
                    or match
                    or self._under_plural_head(tokens, i)
                )
            if match is not None:
                match = self._before_name_after_comma(tokens, i, match, (_UBND,) if inherit else ())
            partial = False
            if match is not None:
                name, end, partial = match
                if name in self._local_names and (elsewhere := self._elsewhere(tokens[i:end])) is not None:
                    # "Báo Quảng Ngãi" is not "Báo Đồng Nai": that province's, named for it
                    name = self._in_province(name, text[elsewhere.start : elsewhere.end])
                    partial = False
                elif name in self._local_names and province and not self._names_home(text, tokens[i:end]):
                    # "Đài PT-TH tỉnh" in a plan of Thanh Hóa is Thanh Hóa's
                    name = self._in_province(name, province)
                    partial = False
                elif (former := self._former_province(tokens[i:end], name, province)) is not None:
                    # "Bệnh viện Đa khoa tỉnh Vĩnh Phúc" in a plan of Phú Thọ: not Phú Thọ's
                    name = _of_province(name, clean(text[former.start : former.end]))
                    partial = False
                if name is not None:
                    end = self._tail_end(tokens, end, name)
            else:
                name, end = None, self._unknown_end(tokens, i)
            under_ubnd = inherit or token.text == _UBND
            pieces.append(_Piece(i, end, name, inherit, partial, separated))
            separated = False
            i = end
        if len(pieces) > 1:
            pieces = _without_youth_unions_of_bodies(tokens, pieces)
            pieces = [p for k, p in enumerate(pieces) if not (k and _only_a_duty(tokens, p))]
        found = [
            agency
            for piece in self._joined(text, tokens, pieces)
            for agency in (piece.instead or (self._agency(text, tokens, piece),))
        ]
        return _unique([agency for agency in self._level_shared(found) if agency.name])

    def _level_shared(self, found: list[CellAgency]) -> list[CellAgency]:
        """ "HĐND, UBND tỉnh", "Thường trực HĐND và UBND tỉnh": the level written once after the
        last body is each one's (the council of the province), where only a level is missing."""
        for k in range(len(found) - 1):
            agency, after = found[k], found[k + 1]
            if agency.known or not after.known or not fold(after.name).endswith(f" {PROVINCE}"):
                continue
            words = tuple(_raw_words(agency.text))
            if words in _LEVEL_LEFT_OUT and (name := self._exact.get((*words, PROVINCE))) is not None:
                found[k] = CellAgency(name, self._known(name), agency.text)
        return found

    def _standing_body(
        self, text: str, tokens: list[_Token], piece: _Piece, opened: int, close: int, province: str | None
    ) -> tuple[CellAgency, ...]:
        """The agencies in the bracket after a standing body or secretariat the table does not
        know ("Cơ quan Thường trực Ban Chỉ đạo 389 tỉnh (Công an tỉnh)", "Tổ giúp việc Ban
        Chỉ đạo (Sở Y tế)"): the body in brackets does the work, so it is the one named.
        Nothing when the bracket names anything the table does not know."""
        if piece.name is not None or close - opened < 3:
            return ()
        words = tuple(t.text for t in tokens[piece.start : opened] if t.is_word)
        if not any(words[: len(phrase)] == phrase for phrase in _STANDING_BODIES):
            return ()
        inner = text[tokens[opened].end : tokens[close - 2].end]
        found = self._split_piece(inner, province)
        return tuple(found) if found and all(agency.known for agency in found) else ()

    def _renamed(
        self, text: str, tokens: list[_Token], opened: int, close: int, province: str | None
    ) -> tuple[CellAgency, ...]:
        """The body a bracket says a name is today: "Sở Ngoại vụ (nay là Văn phòng UBND
        tỉnh)", "Sở LĐ-TB&XH (nay là Sở Nội vụ)": the plan names the successor itself, who
        owes the task. Nothing unless every name after "nay là" is one the table knows."""
        words = [t for t in tokens[opened + 1 : close - 1] if t.is_word]
        if len(words) < 3 or (words[0].text, words[1].text) not in _RENAMED:
            return ()
        inner = text[words[2].start : tokens[close - 2].end]
        found = self._split_piece(inner, province)
        return tuple(found) if found and all(agency.known for agency in found) else ()

    def _before_name_after_comma(
        self, tokens: list[_Token], i: int, match: tuple[str, int, bool], prefix: tuple[str, ...]
    ) -> tuple[str, int, bool]:
        """A match read over a comma that cuts the name written after it in two ("BHXH,
        Tỉnh ủy" read as "BHXH tỉnh" and "ủy") ends at the comma instead, when the words
        before the comma are a name of their own and those after it a longer one."""
        end = match[1]
        comma = end - 1
        while comma > i and tokens[comma][3] != _SEPARATOR:
            comma -= 1
        if comma <= i:
            return match
        shorter = self._match(tokens[:comma], i, prefix)
        if shorter is None or shorter[1] != comma:
            return match
        after = self._match(tokens, comma + 1)
        return shorter if after is not None and after[1] > end else match

    def _district_list(
        self, tokens: list[_Token], i: int, match: tuple[str, int, bool] | None
    ) -> tuple[str, int, bool] | None:
        """The district People's Committees as a list of unit words in any order and spelling
        ("UBND các huyện, thị xã", "UBND các quận, huyện", "UBND các huyện, thị xã và thành
        phố", "UBND các huyện/thị xã/thành phố"): the one group, when it reads further than
        the longest alias. A unit followed by a name is a body of its own ("thị xã Long
        Khánh"): the list ends before it."""
        group = self._district_group
        if group is None:
            return None
        j = i + 1 if tokens[i][0] == _UBND else i
        plural = j < len(tokens) and tokens[j][0] == "cac"
        j += plural
        units, end = 0, None
        while j < len(tokens) and tokens[j][0] in _DISTRICT_UNITS:
            after = tokens[j + 1] if j + 1 < len(tokens) else None
            if after is not None and after[3] == _WORD and after[0] not in _CONNECTORS:
                break  # "thị xã Long Khánh", "thị trấn": not the list's
            units += 1
            end = j + 1
            j += 1
            while j < len(tokens) and (
                (tokens[j][3] == _SEPARATOR and tokens[j][0] != ";") or tokens[j][0] in _CONNECTORS
            ):
                j += 1
        # "UBND huyện" alone is one district; "các huyện" without UBND may be a place
        if end is None or units < 2 - (plural and tokens[i][0] == _UBND):
            return None
        if match is not None and match[1] >= end:
            return None
        return group, end, False

    def _under_plural_head(self, tokens: list[_Token], i: int) -> tuple[str, int, bool] | None:
        """ "Các Sở: Tài chính, Kế hoạch và Đầu tư": the first name under a plural head word
        (the names after it are read under the same head, see _under_head)."""
        if tokens[i][0] != "cac" or i + 2 >= len(tokens) or tokens[i + 1][0] not in _LIST_HEADS:
            return None
        found = self._match(tokens, i + 2, (tokens[i + 1][0],))
        return found if found is not None and not found[2] else None

    def _listed_after_colon(self, tokens: list[_Token], i: int, text: str) -> tuple[str, int, bool] | None:
        """ "Các Sở, ngành: Y tế, Tài chính": the group named before a colon is the head of
        the departments listed after it, not the group: the first of them (the others are
        read under the same head, see _under_head)."""
        if tokens[i][0] != "cac" or i + 3 >= len(tokens) or tokens[i + 1][0] != "so":
            return None
        j = i + 2
        while j < len(tokens) and tokens[j][0] in (",", "ban", "nganh"):
            j += 1
        if j == i + 2 or j >= len(tokens) or ":" not in text[tokens[j - 1].end : tokens[j].start]:
            return None
        found = self._match(tokens, j, ("so",))
        return (found[0], found[1], False) if found is not None and not found[2] else None

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
        "liên quan", "cũ", the number of a region ("Kho bạc Nhà nước khu vực XV", "Bảo hiểm xã
        hội khu vực 25": the regional office serving the province), and after a group what
        narrows it ("UBND các xã có đồng bào...")."""
        if (
            2 <= end < len(tokens)
            and (tokens[end - 2].text, tokens[end - 1].text) == ("khu", "vuc")
            and _REGION_NUMBER.fullmatch(tokens[end].text)
        ):
            end += 1
        if (
            end < len(tokens)
            and tokens[end].text in ("cu", "moi", "khac")
            and (end + 1 == len(tokens) or not tokens[end + 1].is_word)
        ):
            return end + 1  # "Sở KH&ĐT cũ", "UBND các xã, phường mới", "... liên quan khác"
        if end < len(tokens) and _generic((tokens[end].text,))[0] in _TAIL_STARTS:
            for tail in _TAILS:
                window = tokens[end : end + len(tail)]
                if _generic(tuple(t.text for t in window)) == tail:
                    return end + len(tail)
        entry = self._by_name.get(name)
        if entry is None or not entry.is_group or not _qualifies(tokens, end):
            return end
        narrowing = True
        while narrowing:  # "ven sông, ven biển": each narrowing in turn
            end += tokens[end].is_separator
            while end < len(tokens) and tokens[end].is_word:
                if tokens[end].text in _CONNECTORS and self._match(tokens, end + 1):
                    return end  # "... ven biển và Sở Y tế": another agency
                end += 1
            # "có nguy cơ sạt lở, lũ quét": the narrowing goes on over a comma, unless what
            # follows can be an agency ("..., Sở Y tế", "..., thị xã Long Khánh")
            narrowing = _qualifies(tokens, end) or (
                end + 1 < len(tokens)
                and tokens[end].text == ","
                and tokens[end + 1].is_word
                and not self._may_be_agency(tokens, end + 1)
            )
        return end

    def _may_be_agency(self, tokens: list[_Token], i: int) -> bool:
        words = tuple(t.text for t in tokens[i : i + 2])
        return (
            words[0] in _HEADS
            or words in _HEAD_PAIRS
            or self._starts_local_unit(tokens, i)
            or self._match(tokens, i) is not None
        )

    def _joined(self, text: str, tokens: list[_Token], pieces: list[_Piece]) -> list[_Piece]:
        """Pieces that cannot be agencies on their own joined to the one before: "Sở Nông
        nghiệp" + "Môi trường" is "Sở Nông nghiệp và Môi trường", one name."""
        out: list[_Piece] = []
        skip = 0
        for k, piece in enumerate(pieces):
            if skip:
                skip -= 1
                continue
            if out and self._goes_on_collective(text, tokens, out[-1], piece):
                before = out[-1]  # "các trường cao đẳng, đại học": one phrase, kinds of bodies
                out[-1] = _Piece(before.start, piece.end, None, before.inherited)
            elif out and (named := self._unit_named_after_group(text, tokens, out[-1], piece)) is not None:
                out[-1:] = named  # "UBND các xã, phường, đặc khu Phú Quốc": the group, and Phú Quốc's
            elif not out or (
                self._stands_alone(tokens, piece)
                and (piece.separated or piece.name is not None or _head_as_written(text, tokens, piece))
            ):
                out.append(piece)
            elif (found := self._under_head(tokens, out[-1], piece)) is not None:
                out.append(_Piece(piece.start, piece.end, found[0], head=found[1]))  # "Sở Y tế, Giáo dục và Đào tạo"
            elif (spanned := self._under_head_over_commas(tokens, out[-1], pieces, k)) is not None:
                out.append(spanned[0])  # "Các Sở: LĐ-TB&XH, VH,TT&DL": initials with a comma of their own
                skip = spanned[1]
            elif self._names_fields_of(text, tokens, out[-1], piece):
                before = out[-1]  # "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch": one name
                out[-1] = _Piece(before.start, piece.end, None, before.inherited)
            elif self._another(text, tokens, out[-1], piece):
                out.append(piece)
            else:
                before = out[-1]
                out[-1] = _Piece(before.start, piece.end, None, before.inherited)
        return out

    @staticmethod
    def _goes_on_collective(text: str, tokens: list[_Token], before: _Piece, piece: _Piece) -> bool:
        """A piece naming only a kind of body ("đơn vị", "Đại học trên địa bàn tỉnh") after
        a collective phrase the table does not hold ("các cơ quan", "các trường cao đẳng"):
        the list goes on ("các cơ quan, đơn vị"), it is no agency of its own, capital or not;
        after a kind without "các", when written in small letters ("tổ chức, cá nhân")."""
        if before.name is not None or piece.name is not None or piece.inherited:
            return False
        first = next((t.text for t in tokens[before.start : before.end] if t.is_word), None)
        words = tuple(t.text for t in tokens[piece.start : piece.end] if t.is_word)
        if not _only_kinds(words):
            return False
        if first in _PLURALS:
            return True
        before_words = tuple(t.text for t in tokens[before.start : before.end] if t.is_word)
        return _only_kinds(before_words) and text[tokens[piece.start].start].islower()

    def _under_head(self, tokens: list[_Token], before: _Piece, piece: _Piece) -> tuple[str, str] | None:
        """A list under one head word, "Sở Y tế, Tài chính": the piece with the head of the
        one before it, when that is a known name. Only after a comma or "và": words that go
        on a name ("Sở Y tế Thành phố") are no list ("Sở TP" is Sở Tư pháp)."""
        if not piece.separated and (piece.start == 0 or tokens[piece.start - 1].text not in _CONNECTORS):
            return None
        head = before.head or next((t.text for t in tokens[before.start : before.end] if t.is_word), None)
        if head == "cac" and before.name is not None and not self._by_name[before.name].is_group:
            head = tokens[before.start + 1].text  # "Các Sở: Tài chính, Nội vụ" (_under_plural_head)
        if head not in _LIST_HEADS:
            return None
        words = (head, *(t.text for t in tokens[piece.start : piece.end] if t.is_word))
        name = self._exact_name(words) or self._exact_name(_without_tail(words))
        return (name, head) if name is not None else None

    def _under_head_over_commas(
        self, tokens: list[_Token], before: _Piece, pieces: list[_Piece], k: int
    ) -> tuple[_Piece, int] | None:
        """A name under the head of the one before that is written with commas of its own
        ("VH,TT&DL" in "Các Sở: LĐ-TB&XH, VH,TT&DL"; "Sở Y tế, VH, TT&DL"): the piece at ``k``
        and the one or two unknown pieces after it, read under that head as one, with how many
        pieces after ``k`` it takes."""
        for more in (1, 2):
            if k + more >= len(pieces) or any(p.name is not None or p.instead for p in pieces[k : k + more + 1]):
                return None
            last = pieces[k + more]
            if any(tokens[j].text not in ",-" for j in range(pieces[k].start, last.end) if not tokens[j].is_word):
                return None  # only commas between them: a ";" or a bracket ends the name
            found = self._under_head(
                tokens, before, _Piece(pieces[k].start, last.end, None, separated=pieces[k].separated)
            )
            if found is not None:
                return _Piece(pieces[k].start, last.end, found[0], head=found[1]), more
        return None

    def _unit_named_after_group(
        self, text: str, tokens: list[_Token], before: _Piece, piece: _Piece
    ) -> list[_Piece] | None:
        """A local group whose last unit word goes on with a name ("UBND các xã, phường, đặc
        khu Phú Quốc"): the group without that word, and that unit's committee of its own,
        as "UBND các huyện, thị xã Long Khánh" reads (_district_list)."""
        if before.name is None or piece.separated or piece.name is not None or piece.inherited:
            return None
        entry = self._by_name.get(before.name)
        if entry is None or not entry.is_group or not text[tokens[piece.start].start].isupper():
            return None
        last = before.end - 1
        while last > before.start and not tokens[last].is_word:
            last -= 1
        if tokens[last].text == "khu" and tokens[last - 1].text == "dac":
            unit = last - 1
        elif tokens[last].text in ("xa", "phuong"):
            unit = last
        else:
            return None
        if unit <= before.start + 1 or tokens[unit - 1].is_word:
            return None  # "UBND xã Tân Phú": a commune of its own, read as before
        group = _Piece(before.start, unit, before.name, before.inherited, before.partial, before.separated)
        return [group, _Piece(unit, piece.end, None, inherited=True)]

    @staticmethod
    def _names_fields_of(text: str, tokens: list[_Token], before: _Piece, piece: _Piece) -> bool:
        """A piece after a comma that ends the list of fields an unknown name gives ("Trung
        tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", as "Sở Văn hóa, Thể thao và Du
        lịch"): words joined by "và" with no head word of their own and no initials ("Viettel,
        VNPT và MobiFone" are bodies), after an unknown name: the name goes on."""
        if before.name is not None or before.instead or piece.inherited or not piece.separated:
            return False
        words = [t for t in tokens[piece.start : piece.end] if t.is_word]
        if len(words) < 3 or not any(t.text == "va" for t in words[1:-1]):
            return False
        written = [text[t.start : t.end] for t in words]
        if any(len(w) > 1 and w.isupper() for w in written) or not written[0][:1].isupper():
            return False
        return tokens[piece.start - 1].text == "," if piece.start else False

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
        if piece.instead:  # a standing body read as the agency in its bracket
            return True
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
        raw = text[tokens[piece.start].start : tokens[last].end]
        if piece.name is not None:
            # A known name as written is met again in many cells: one CellAgency for them all.
            found = self._named.get((raw, piece.name))
            if found is None:
                if len(self._named) > 50_000:
                    self._named.clear()
                written = clean(raw).strip(" .,;:-")
                found = self._named[raw, piece.name] = CellAgency(piece.name, self._known(piece.name), written)
            return found
        written = _FOOTNOTE_MARK.sub("", clean(raw)).strip(" .,;:-")
        words = tuple(t.text for t in tokens[piece.start : piece.end] if t.is_word)
        name = self._exact_name(words) or self._exact_name(_without_tail(words)) or self._typo_of(words)
        if name is None and words[:1] and words[0] in _PLURALS:  # "các cơ quan, đơn vị": the relevant ones
            name = self._exact.get((*_without_tail(words, longest=True), "lien", "quan"))
        if name is None and words in _HEAD_PAIRS:  # "Cơ quan, đơn vị, địa phương liên quan": a kind, no body
            name = self._exact.get(("cac", *words, "lien", "quan")) or self._exact.get(("cac", *words))
        if name is None and _only_kinds(words):  # "Các sở, ban, ngành, đoàn thể": the mass organisations
            plural = ("cac", *_without_tail(words, longest=True))
            name = self._exact.get(plural) or self._exact.get((*plural, "lien", "quan"))
        if name is not None:
            return CellAgency(name, self._known(name), written)
        if piece.inherited:
            return CellAgency(f"UBND {written}", False, written)
        shown = self._spelled_out(self._province_as_word(text, tokens, piece, written))
        return CellAgency(_unknown_name(shown), False, written)

    def _spelled_out(self, name: str) -> str:
        """An unknown name with the abbreviations the table's own names spell out written
        in full: "BVĐK khu vực Bảo Lộc" is "Bệnh viện Đa khoa khu vực Bảo Lộc". A name with
        other abbreviations ("BCH PCTT tỉnh") stays as written, half spelled out it reads worse."""
        words = [t for t in _raw_tokens(name) if t.is_word]
        if sum(1 for t in words if len(t.text) > 1 and name[t.start : t.end].isupper()) > 1:
            return name
        found = [
            t for t in _raw_tokens(name) if t.is_word and t.text in self._spellings and name[t.start : t.end].isupper()
        ]
        for token in reversed(found):
            name = name[: token.start] + self._spellings[token.text] + name[token.end :]
        return name

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

    def split_task(
        self, lead: str, coordinators: str, province: str | None = None
    ) -> tuple[list[CellAgency], list[CellAgency]]:
        """Lead and coordinating agencies of a task; one listed in both cells leads. A lead
        cell that says who coordinates (`Sở Tài chính chủ trì, phối hợp với Sở Y tế`) gives
        those to the coordinators; the coordinating cell gives coordinators, but those it
        says in words lead (`Sở Tài chính (đồng chủ trì), Sở Y tế`; `Sở Nội vụ chủ trì, phối
        hợp với ...` under an empty lead cell): the words say more than the column.
        ``province``: the plan's when it is another than the table's (province_of): "tỉnh"
        in its cells is that province, its bodies are that province's."""
        leads, also = self._split_roles(lead, province)
        named = self._split_roles(coordinators, province)
        if coordinators and self._may_mark(coordinators):
            leads = _unique([*leads, *self._said_to_lead(coordinators, province)])
        lead_names = {agency.name for agency in leads}
        return leads, [a for a in _unique([*also, *named[0], *named[1]]) if a.name not in lead_names]

    def province_of(self, texts: Iterable[str], *, with_own: bool = False) -> str | None:
        """The province a plan is of, from its texts (title lines, section titles, agency
        cells), when it is not the table's own: the one they name most ("Báo Thanh Hóa",
        "tỉnh Thanh Hóa"), as written (capitalised when a title writes it in capitals). None
        when they name no other province, or (unless ``with_own``) name the table's own too:
        "tỉnh" in a plan that names both stays the table's province."""
        province, other = self.provinces_of(texts)
        return other if with_own else province

    def provinces_of(self, texts: Iterable[str]) -> tuple[str | None, str | None]:
        """province_of(texts) and province_of(texts, with_own=True), reading the texts once
        (a plan's agency cells are tens of thousands)."""
        if not self._home_forms:
            return None, None
        counts: Counter[str] = Counter()
        spelled: dict[str, list[str]] = defaultdict(list)
        home = 0
        for raw in texts:
            text = nfc(raw)
            segments = self._read_apart(text)
            if segments is None:
                found = [self._places(text, self.tokens(text))]
            else:  # the stretches' own, read once each
                found = [(segment.places, segment.home) for segment in segments]
            for places, homes in found:
                for place, written in places:
                    counts[place] += 1
                    spelled[place].append(written)
                home += homes
        if not counts:
            return None, None
        place = counts.most_common(1)[0][0]
        written = [w for w in spelled[place] if not fold(w).startswith(("tinh ", "thanh pho "))] or spelled[place]
        shown = next((w for w in written if not w.isupper()), written[0].title())
        for lead in ("tỉnh ", "thành phố "):
            if shown.lower().startswith(lead):
                shown = shown[len(lead) :]
        return (None if home else shown), shown

    def _places(self, text: str, tokens: Sequence[_Token]) -> tuple[tuple[tuple[str, str], ...], int]:
        """The other provinces ``tokens`` name (each with how ``text`` writes it), and how
        often they name the table's own."""
        places: list[tuple[str, str]] = []
        home = 0
        if self._home_forms:
            for token in tokens:
                if token.text.startswith(_ELSEWHERE):
                    places.append((token.text[len(_ELSEWHERE) :], clean(text[token.start : token.end])))
                elif token.text == PROVINCE and _place(fold(text[token.start : token.end])) in self._home_forms:
                    home += 1
        return tuple(places), home

    def own_by_default(self, agency: CellAgency) -> bool:
        """Whether the table's province's own body was read from words that do not name
        that province ("Đài PT-TH tỉnh", "Đài PT-TH"): in a plan that names another
        province, it may be that one's."""
        text = nfc(agency.text)
        return agency.name in self._local_names and not self._names_home(text, self.tokens(text))

    @staticmethod
    def _names_home(text: str, tokens: Sequence[_Token]) -> bool:
        """Whether the tokens write a province's name, not only the word "tỉnh" (the
        table's own: another's is a token of its own, see tokens), or "Thành phố" in a
        city's plan (_city_as_province)."""
        return any(t.text == PROVINCE and fold(text[t.start : t.end]) not in _PROVINCE_WORDS for t in tokens)

    def _unknown_end(self, tokens: list[_Token], i: int) -> int:
        """Unknown text runs to the next comma or bracket, or to `và` followed by a known
        agency."""
        j = i
        while j < len(tokens) and tokens[j].is_word:
            if (
                j > i
                and j + 1 < len(tokens)
                and tokens[j].text in _CONNECTORS
                and (self._match(tokens, j + 1) or self._district_list(tokens, j + 1, None))
            ):
                break  # "UBND thành phố Thủ Đức và các quận, huyện": the district committees
            j += 1
        return j

    def suggestions(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """The known names closest to a name the table does not hold, for reports."""
        query = _distinctive(self.alias_key(name))
        if not query:
            return ()
        choices = self._suggestion_choices
        scored = process.extract(query, choices.keys(), scorer=fuzz.token_set_ratio, limit=12)
        ranked: list[str] = []
        for choice, score, _ in scored:
            if score < _SUGGESTION_SCORE or len(choice) < 4:  # "tp" is no likeness
                continue
            for known in sorted(choices[choice]):
                if known != name and known not in ranked:
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
                name = self._exact_name(key)
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
        if (name := self._exact_name(query_key)) is not None:
            return Found(name)
        if len(shared := self._derived.get(query_key, set())) > 1:
            return Ambiguous(tuple(sorted(shared)))
        typed = (query_key, tuple(t.text for t in _raw_tokens(nfc(query)) if t.is_word))
        # Before fuzzy scores, which drop the words every name has: "ubnd" alone would score
        # nothing, and "ubnd thi" would score "Ban Thi đua" over "UBND thị xã".
        return (
            self._aligned(typed, loose=False)
            or self._starting_with(query_key)
            or self._aligned(typed, loose=True)
            or self._fuzzy(query_key)
        )

    def _written_forms(self) -> dict[str, list[tuple[tuple[str, ...], frozenset[str], str]]]:
        """Every Vietnamese spelling of the table, as its words and as its key (with the set
        of its words), by first word."""
        if self._forms is None:
            forms: dict[str, list[tuple[tuple[str, ...], frozenset[str], str]]] = defaultdict(list)
            for entry in self.entries:
                if not entry.verified:
                    continue
                for spelling in (entry.name, *([entry.short] if entry.short else []), *entry.aliases):
                    written = tuple(t.text for t in _raw_tokens(nfc(spelling)) if t.is_word)
                    for form in dict.fromkeys((written, self.alias_key(spelling))):
                        if form:
                            forms[form[0]].append((form, frozenset(form), entry.name))
            self._forms = forms
        return self._forms

    def _aligned(self, typed: tuple[tuple[str, ...], ...], loose: bool) -> Found | Ambiguous | None:
        """The agencies a name typed with initials fits ("sở tn mt", "so tt tt", "Sở NN và
        PTNT": Sở Tài nguyên và Môi trường...), each initial the first letter of one word of
        the name; ``loose``, also with words of the name left out ("Đài truyền hình Đồng
        Nai" for "Đài Phát thanh - Truyền hình Đồng Nai"), when at least two words that
        tell names apart are typed."""
        found: set[str] = set()
        for query in dict.fromkeys(typed):
            if len(query) < 2:
                continue
            if loose:
                if len(query) < 3 or sum(w not in _COMMON_WORDS for w in query[1:]) < 2:
                    continue
            elif not any(_initials(w) for w in query[1:]):
                continue
            words = {w for w in query if w not in _CONNECTORS and not _initials(w)}
            for form, has, name in self._written_forms().get(query[0], ()):
                if words <= has and _fits_initials(query, 1, form, 1, loose):
                    found.add(name)
        if not found:
            return None
        ranked = sorted(found)
        return Found(ranked[0]) if len(ranked) == 1 else Ambiguous(tuple(ranked[:_PREFIX_CHOICES]))

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


def _initials(word: str) -> bool:
    """ "tn", "ptnt", "ld": letters standing for words (no Vietnamese word is without a vowel)."""
    return 2 <= len(word) <= 6 and word.isalpha() and not any(c in "aeiou" for c in word)


def _fits_initials(query: tuple[str, ...], i: int, form: tuple[str, ...], j: int, loose: bool) -> bool:
    """Whether ``query`` from word i is ``form`` from word j: word for word, an initial for
    each word ("tn": tai nguyen), "và" said or not; ``loose``, with words of ``form`` left out."""
    if i == len(query):
        return j == len(form)
    if j == len(form):
        return False
    word = query[i]
    if word == form[j] and _fits_initials(query, i + 1, form, j + 1, loose):
        return True
    if word in _CONNECTORS and _fits_initials(query, i + 1, form, j, loose):
        return True
    if form[j] in _CONNECTORS and _fits_initials(query, i, form, j + 1, loose):
        return True
    if _initials(word):
        k, letters = j, 0
        while letters < len(word) and k < len(form):
            if form[k] in _CONNECTORS and letters:
                k += 1
                continue
            if form[k][0] != word[letters]:
                break
            letters, k = letters + 1, k + 1
        if letters == len(word) and _fits_initials(query, i + 1, form, k, loose):
            return True
    return loose and _fits_initials(query, i, form, j + 1, loose)


# Words every other agency name has; scoring on them makes "so tai nguyen" look like
# every department.
_COMMON_WORDS = frozenset({"so", "ubnd", "cac", "tinh", "va", "ban", "nganh"})


def _distinctive(alias_key: tuple[str, ...]) -> str:
    """The words that tell a name apart; the whole name when it has none."""
    words = [w for w in alias_key if w not in _COMMON_WORDS]
    return " ".join(words or alias_key)


def _only_kinds(words: tuple[str, ...]) -> bool:
    """Whether the words name a kind of body and nothing of its own ("đơn vị", "đại học
    trên địa bàn tỉnh", "hợp tác xã"), not one body ("Đại học Đà Lạt")."""
    i = 0
    while i < len(words):
        if words[i] in _QUALIFIERS or words[i : i + 2] in _QUALIFIER_PAIRS or words[i:] in _TAILS:
            return i > 0  # what follows narrows the kind: "trên địa bàn tỉnh", "liên quan"
        size = next((n for n in (3, 2, 1) if words[i : i + n] in _KINDS), 0)
        if not size:
            return False
        i += size
    return i > 0


_ELSEWHERE = f"{PROVINCE}:"  # a token naming another province: "tinh:quangngai"

# The provinces merged on 1/7/2025 (Nghị quyết 202/2025/QH15): each province of today with
# the former ones it absorbed. A department, the police, the People's Committee... of a former
# province were merged province-wide: "Công an tỉnh Vĩnh Phúc" in a plan of Phú Thọ is the
# province's. Its hospitals, schools and other units were not: "Bệnh viện Đa khoa tỉnh Vĩnh
# Phúc" stays a body of its own, not the province's "Bệnh viện Đa khoa tỉnh".
MERGED_PROVINCES: Mapping[str, tuple[str, ...]] = {
    "Tuyên Quang": ("Hà Giang",),
    "Lào Cai": ("Yên Bái",),
    "Thái Nguyên": ("Bắc Kạn",),
    "Phú Thọ": ("Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Giang",),
    "Hưng Yên": ("Thái Bình",),
    "Hải Phòng": ("Hải Dương",),
    "Ninh Bình": ("Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Bình",),
    "Đà Nẵng": ("Quảng Nam",),
    "Quảng Ngãi": ("Kon Tum",),
    "Gia Lai": ("Bình Định",),
    "Khánh Hòa": ("Ninh Thuận",),
    "Lâm Đồng": ("Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Phú Yên",),
    "Hồ Chí Minh": ("Bình Dương", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu"),
    "Đồng Nai": ("Bình Phước",),
    "Tây Ninh": ("Long An",),
    "Cần Thơ": ("Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Tiền Giang",),
    "Cà Mau": ("Bạc Liêu",),
    "An Giang": ("Kiên Giang",),
}
_PROVINCES_MERGED = date(2025, 7, 1)
# Kinds of bodies the merger did not fold into the province's one: units of their own.
_KEPT_IN_MERGER = frozenset({AgencyKind.OTHER})


# The words that say "the province" without naming it, as a cell writes them folded.
_PROVINCE_WORDS = frozenset({PROVINCE, "thanh pho", "tp", "tp."})
# "thành phố" or "TP." before a city's name ("thành phố Cần Thơ"), which is the province.
_CITY_WORD = re.compile(r"(?i)(?:thành phố|tp\.?)\s+(?=\w)")


def _place_words(folded: str) -> tuple[str, ...]:
    """The words of a province's name as a cell writes it, "tỉnh" or "thành phố" before it
    left out: ("ha", "tinh") for "tỉnh Hà Tĩnh"; () for the word "tỉnh" alone."""
    words = re.findall(r"[0-9a-z]+", folded)
    for lead in (["tinh"], ["thanh", "pho"], ["tp"]):
        if words[: len(lead)] == lead and len(words) > len(lead):
            return tuple(words[len(lead) :])
    return () if words == ["tinh"] else tuple(words)


def _place(folded: str) -> str:
    return "".join(_place_words(folded))


def _of_province(name: str, written: str) -> str:
    """A province body's name (ending in "tỉnh") as the body of the province ``written``:
    "Bệnh viện Đa khoa tỉnh" of "Vĩnh Phúc" is "Bệnh viện Đa khoa tỉnh Vĩnh Phúc"."""
    place = written[5:] if fold(written).startswith("tinh ") else written
    if fold(name).endswith(" tinh"):
        return f"{name} {place}"
    return f"{name} tỉnh {place}"


# "Đoàn Thanh niên" alone is the province's youth union (Tỉnh đoàn); followed by a body, it is
# that body's own youth union, a unit of it.
_YOUTH_UNION = ("doan", "thanh", "nien")


def _without_youth_unions_of_bodies(tokens: list[_Token], pieces: list[_Piece]) -> list[_Piece]:
    """A body's youth union: "Đoàn Thanh niên Công an tỉnh" is the police's, not Tỉnh đoàn and
    Công an tỉnh; as with a unit followed by its parent, the body it belongs to stands for it."""
    out: list[_Piece] = []
    for k, piece in enumerate(pieces):
        after = pieces[k + 1] if k + 1 < len(pieces) else None
        if (
            after is not None
            and after.start == piece.end
            and after.name is not None
            and not piece.instead
            and tuple(t.text for t in tokens[piece.start : piece.end] if t.is_word) == _YOUTH_UNION
        ):
            continue
        out.append(piece)
    return out


# What a body is in the plan, written after its name as if another ("Sở Tài chính - cơ quan
# thường trực", "Sở Y tế, đầu mối"): no body of its own (folded words).
_DUTIES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "co quan thuong truc",
        "thuong truc",
        "co quan dau moi",
        "don vi dau moi",
        "dau moi",
        "co quan chu tri",
        "don vi chu tri",
        "co quan tham muu",
    )
)


def _only_a_duty(tokens: list[_Token], piece: _Piece) -> bool:
    return (
        piece.name is None
        and not piece.inherited
        and tuple(t.text for t in tokens[piece.start : piece.end] if t.is_word) in _DUTIES
    )


# MERGED_PROVINCES as the folded places tokens hold ("phutho": {"vinhphuc", "hoabinh"}).
_FORMER_PROVINCES: Mapping[str, frozenset[str]] = {
    _place(fold(today)): frozenset(_place(fold(former)) for former in formers)
    for today, formers in MERGED_PROVINCES.items()
}


# The province of today each former one is part of, by the folded place: "yenbai": "Lào Cai".
_TODAY_OF_FORMER: Mapping[str, str] = {
    _place(fold(former)): today for today, formers in MERGED_PROVINCES.items() for former in formers
}


def _generic(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words with another province's name read as "tỉnh" again."""
    return tuple(PROVINCE if w.startswith(_ELSEWHERE) else w for w in words)


def _qualifies(tokens: list[_Token], i: int) -> bool:
    """Whether words narrowing a group start at token i (or after the comma there)."""
    if i < len(tokens) and tokens[i].text == ",":
        i += 1
    if i >= len(tokens) or not tokens[i].is_word:
        return False
    return tokens[i].text in _QUALIFIERS or tuple(t.text for t in tokens[i : i + 2]) in _QUALIFIER_PAIRS


def _without_tail(words: tuple[str, ...], longest: bool = False) -> tuple[str, ...]:
    for tail in sorted(_TAILS, key=len, reverse=True) if longest else _TAILS:
        if len(words) > len(tail) and words[-len(tail) :] == tail:
            return words[: -len(tail)]
    return words


# The first words of a standing body or secretariat of a steering committee, which plans
# follow with the agency that is it in brackets (folded, after abbreviations).
_STANDING_BODIES = tuple(
    tuple(phrase.split())
    for phrase in (
        "co quan thuong truc",
        "thuong truc",
        "van phong thuong truc",
        "bo phan thuong truc",
        "co quan giup viec",
        "to giup viec",
        "bo phan giup viec",
        "van phong ban chi dao",
    )
)


# The mark of a footnote after a name, "Quỹ Hỗ trợ phát triển HTX tỉnh (*)", "Trung tâm Xúc tiến
# đầu tư (1)": one or two digits or stars in brackets, no part of the name.
_FOOTNOTE_MARK = re.compile(r"\s*[(\[]\s*(?:\d{1,2}|\*{1,3})\s*[)\]]$")


# What a bracket after a name opens with when it gives the body of today (_renamed).
_RENAMED = frozenset({("nay", "la"), ("nay", "thuoc")})


def _unknown_name(written: str) -> str:
    return _balanced(written[:1].upper() + written[1:])


def _balanced(name: str) -> str:
    """A name with its brackets paired: one a cell left open is closed ("Đoàn kiểm tra (Sở
    Y tế" is "Đoàn kiểm tra (Sở Y tế)"), one closing nothing is dropped."""
    out: list[str] = []
    opened: list[str] = []
    for char in name:
        if char in "([":
            opened.append(")" if char == "(" else "]")
        elif char in ")]":
            if not opened:
                continue
            char = opened.pop()
        out.append(char)
    return clean("".join(out) + "".join(reversed(opened)))


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
