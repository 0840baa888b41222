"""Every text the code asks for exists in both languages: keys written whole, keys built
from parts (an f-string must name at least one key of each language), and the families
built from the domain's enums (every member has its text). The chat's catalogue for the
chat and the scheduler; the dashboard's own for its pages and templates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.core.catalogue import CATALOGUE
from bot.web.texts import WEB
from domain.funding import Source
from domain.people import Role
from domain.reminders import ReminderKind
from domain.tasks import Status
from domain.timeframes import Kind

ROOT = Path(__file__).parents[1]
# The names a catalogue goes by where texts are asked for: texts("key"), their("key")...
CALLERS = frozenset({"texts", "their", "theirs", "Texts"})


def _caller(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Call):  # Texts("en")("key")
        return _caller(func)
    return None


_PART = r"[a-z0-9_]+(?:\.[a-z0-9_]+)*"


def keys_asked_for(paths) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(file, key) of every literal key, and (file, pattern) of every key built from parts."""
    literal, built = set(), set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _caller(node) not in CALLERS or not node.args:
                continue
            first, where = node.args[0], str(path.relative_to(ROOT))
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
                literal.add((where, first.value))
            elif isinstance(first, ast.JoinedStr):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else _PART for v in first.values]
                built.add((where, "".join(parts)))
    return literal, built


def template_keys() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The dashboard's templates: t("key") and t("key." ~ part)."""
    literal, built = set(), set()
    for path in ROOT.glob("bot/web/templates/*.html"):
        text, where = path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        literal |= {(where, key) for key in re.findall(r'\bt\("([^"]+)"\s*[,)]', text)}
        built |= {(where, re.escape(key) + _PART) for key in re.findall(r'\bt\("([^"]+)"\s*~', text)}
    return literal, built


_WEB_CODE = sorted(ROOT.glob("bot/web/*.py"))
_CHAT_CODE = [p for p in (*ROOT.glob("bot/**/*.py"), *ROOT.glob("scheduler/**/*.py")) if p not in _WEB_CODE]
LITERAL, BUILT = keys_asked_for(_CHAT_CODE)
_web_literal, _web_built = keys_asked_for(_WEB_CODE)
_page_literal, _page_built = template_keys()
WEB_LITERAL, WEB_BUILT = _web_literal | _page_literal, _web_built | _page_built


def test_the_scan_finds_the_texts_the_code_asks_for():
    assert len(LITERAL) > 150 and len(BUILT) > 10  # a scan that found nothing would prove nothing


@pytest.mark.parametrize("language", sorted(CATALOGUE))
def test_every_key_written_whole_exists(language: str):
    missing = sorted((where, key) for where, key in LITERAL if key not in CATALOGUE[language])
    assert missing == []


@pytest.mark.parametrize("language", sorted(CATALOGUE))
def test_every_key_built_from_parts_names_some_key(language: str):
    keys = CATALOGUE[language].keys()
    missing = sorted((where, p) for where, p in BUILT if not any(re.fullmatch(p, key) for key in keys))
    assert missing == []


FAMILIES = [
    ("status.{}", [s.value for s in Status]),
    ("status.button.{}", [s.value for s in (Status.DONE, Status.IN_PROGRESS, Status.BLOCKED)]),
    ("tf.{}", [k.value for k in Kind if k not in (Kind.ONCE, Kind.RANGE, Kind.UNPARSED)]),
    ("role.{}", [r.value for r in Role]),
    ("funding.{}", [s.value for s in Source]),
    ("digest.{}", [k.value for k in ReminderKind]),
]


@pytest.mark.parametrize(("pattern", "values"), FAMILIES, ids=[f for f, _ in FAMILIES])
def test_every_member_of_an_enum_has_its_text(pattern: str, values: list[str]):
    for language, texts in CATALOGUE.items():
        assert [pattern.format(v) for v in values if pattern.format(v) not in texts] == [], language


def test_both_languages_have_the_same_keys():
    assert CATALOGUE["vi"].keys() == CATALOGUE["en"].keys()
    assert WEB["vi"].keys() == WEB["en"].keys()


@pytest.mark.parametrize("language", sorted(WEB))
def test_every_text_of_the_dashboard_exists(language: str):
    assert len(WEB_LITERAL) > 50  # the scan found the pages' texts
    keys = WEB[language].keys()
    missing = sorted((where, key) for where, key in WEB_LITERAL if key not in keys)
    missing += sorted((where, p) for where, p in WEB_BUILT if not any(re.fullmatch(p, key) for key in keys))
    assert missing == []


@pytest.mark.parametrize(
    ("count", "ongoing", "page"),
    [
        (1, "There is also 1 ongoing task (no deadline)", "1 task · page 1/1"),
        (3, "There are also 3 ongoing tasks (no deadline)", "3 tasks · page 1/1"),
    ],
)
def test_english_counts_agree_with_the_number(count, ongoing, page):
    from bot.core.catalogue import Texts

    texts = Texts("en")
    assert texts("list.ongoing_note", count=count).startswith(ongoing)
    assert texts("list.count", count=count, page=1, pages=1) == page
    assert Texts("vi")("list.count", count=1, page=1, pages=1) == "1 nhiệm vụ · trang 1/1"
