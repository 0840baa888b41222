"""The HTML subset of replies and how long replies are split (bot/core/markup.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from base.markup import Html, bold, code, esc, italic, join, quote, split_message, to_plain, visible_length

TELEGRAM_LIMIT = 4096

# Telegram counts what it shows; these are the entities esc() writes.
BROKEN_ENTITY = re.compile(r"&(?!amp;|lt;|gt;|quot;)")
TAG = re.compile(r"<(/?)(b|i|code|u|s)>")

# Pieces of plan text: entities, emoji (one of them two code points), Vietnamese letters
# precomposed and with a combining accent, and text that already looks escaped.
TOKENS = st.sampled_from(
    [*"abc xyz  ;#&<>\"'/1", "😀", "👍🏽", "ệ", "Đ", "ữ", "ạ", "ơ", "Ư", "e\u0301", "&amp;", "&lt;", "Sở Y tế "]
)
RAW_LINES = st.lists(TOKENS, max_size=200).map("".join)
LIMITS = st.integers(min_value=5, max_value=5000)


def _unclosed(piece: str) -> bool:
    stack: list[str] = []
    for match in TAG.finditer(piece):
        if not match[1]:
            stack.append(match[2])
        elif not stack or stack.pop() != match[2]:
            return True
    return bool(stack)


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- esc and friends -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a & b", "a &amp; b"),
        ("<b>", "&lt;b&gt;"),
        ('"trích dẫn"', '"trích dẫn"'),  # quotes are safe in text nodes
        ("3.5 tỷ đồng", "3.5 tỷ đồng"),
        (42, "42"),
        (None, "None"),
    ],
)
def test_esc(value: object, escaped: str) -> None:
    assert esc(value) == escaped
    assert isinstance(esc(value), Html)


def test_esc_leaves_html_alone() -> None:
    html = bold("a & b")
    assert html == "<b>a &amp; b</b>"
    assert esc(html) is html
    assert esc(esc(esc("a & b"))) == "a &amp; b"


def test_formatting_helpers() -> None:
    assert italic("<x>") == "<i>&lt;x&gt;</i>"
    assert code("III.9 & IV.2") == "<code>III.9 &amp; IV.2</code>"
    assert join([bold("Sở Y tế"), "a < b"]) == "<b>Sở Y tế</b>\na &lt; b"
    assert join(["x", "y"], " · ") == "x · y"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<b>Sở Y tế</b> &amp; <i>Sở Tài chính</i>", "Sở Y tế & Sở Tài chính"),
        ("<code>&lt;b&gt;</code>", "<b>"),
        ("<u>x</u><s>y</s>", "xy"),
        ("<a href='x'>link</a>", "<a href='x'>link</a>"),  # not one of our tags
        ("&quot;a&quot;", '"a"'),
    ],
)
def test_to_plain(text: str, plain: str) -> None:
    assert to_plain(text) == plain
    assert visible_length(text) == len(plain)


# -- split_message: concrete ---------------------------------------------------------------


def test_short_text_is_one_piece() -> None:
    text = bold("Nhiệm vụ III.9") + "\n" + esc("Sở Y tế & Sở Tài chính")
    assert split_message(text, TELEGRAM_LIMIT, visible_length) == [text]
    assert split_message("", TELEGRAM_LIMIT, visible_length) == [""]


def test_pieces_break_between_lines() -> None:
    lines = [f"dòng {n} &amp; tiếp" for n in range(6)]  # 13 visible characters each
    pieces = split_message("\n".join(lines), 40, visible_length)
    assert pieces == ["\n".join(lines[0:2]), "\n".join(lines[2:4]), "\n".join(lines[4:6])]
    assert [visible_length(piece) for piece in pieces] == [27, 27, 27]


def test_a_long_line_with_a_short_header_fills_the_first_piece() -> None:
    header = bold("Nhiệm vụ III.9")
    body = esc(("Sở Y tế & Sở Tài chính <phối hợp> " * 200)[:6000])
    assert len(to_plain(body)) == 6000
    pieces = split_message(f"{header}\n{body}", TELEGRAM_LIMIT, visible_length)

    assert len(pieces) == 2
    assert [visible_length(piece) for piece in pieces] == [4094, 1920]
    assert all(visible_length(piece) < TELEGRAM_LIMIT for piece in pieces)
    assert pieces[0].startswith(f"{header}\n")  # the header keeps its formatting
    assert pieces[0].endswith("&lt;phối hợp&gt;")  # cut at a space, after a whole entity
    assert pieces[1].startswith("Sở Y tế &amp; Sở Tài chính")
    assert _no_space(to_plain("".join(pieces))) == _no_space(to_plain(f"{header}\n{body}"))


def test_a_long_line_without_spaces_is_cut_outside_entities() -> None:
    line = esc("&" * 30)  # 30 visible characters, 150 written
    pieces = split_message(line, 8, visible_length)
    assert "".join(pieces) == line
    assert 4 <= len(pieces) <= 5
    for piece in pieces:
        assert re.fullmatch(r"(?:&amp;)+", piece), piece
        assert visible_length(piece) <= 8


def test_a_long_formatted_line_loses_its_tags_rather_than_cutting_one() -> None:
    line = bold("x" * 30)
    pieces = split_message(f"đầu\n{line}", 20, visible_length)
    assert pieces == ["đầu\n" + "x" * 16, "x" * 14]


def test_default_measure_respects_the_limit_next_to_an_entity() -> None:
    pieces = split_message("1\n&amp;1", 5)
    assert all(len(piece) <= 5 for piece in pieces), pieces  # pieces are ["1\n&amp;", "1"]


# -- split_message: properties -------------------------------------------------------------


@given(st.lists(RAW_LINES, max_size=40), LIMITS)
def test_split_escaped_lines(lines: list[str], limit: int) -> None:
    escaped = [esc(line) for line in lines]
    text = "\n".join(escaped)
    pieces = split_message(text, limit, visible_length)

    assert pieces
    for piece in pieces:
        assert visible_length(piece) <= limit
        assert not BROKEN_ENTITY.search(piece), piece
    # nothing lost, nothing added (cuts may drop the spaces they happen at)
    assert _no_space(to_plain("".join(pieces))) == _no_space("".join(lines))
    # a line that fits is never cut
    kept = [line for piece in pieces for line in piece.split("\n")]
    for line in escaped:
        if line.strip() and visible_length(line) <= limit:
            assert line in kept
    # and text that fits in one piece is left as it is (but for blank lines at the top)
    if visible_length(text) <= limit:
        assert pieces == [text.lstrip("\n")]


FORMATTED_LINES = st.one_of(
    RAW_LINES.map(esc),
    RAW_LINES.map(bold),
    st.tuples(RAW_LINES, RAW_LINES).map(lambda pair: bold(pair[0]) + " " + esc(pair[1])),
    st.tuples(RAW_LINES, RAW_LINES).map(lambda pair: italic(pair[0]) + ": " + code(pair[1])),
)


@given(st.lists(FORMATTED_LINES, max_size=30), LIMITS)
def test_split_never_leaves_a_tag_open(lines: list[str], limit: int) -> None:
    text = "\n".join(lines)
    pieces = split_message(text, limit, visible_length)

    for piece in pieces:
        assert visible_length(piece) <= limit
        assert not _unclosed(piece), piece
        assert not BROKEN_ENTITY.search(piece), piece
    assert _no_space(to_plain("".join(pieces))) == _no_space(to_plain(text))
    kept = [line for piece in pieces for line in piece.split("\n")]
    for line in lines:
        if line.strip() and visible_length(line) <= limit:
            assert line in kept  # with its tags


def test_a_quote_of_the_users_text_is_bounded_as_sent() -> None:
    assert quote("Sở  Y\ntế") == "Sở Y tế"  # one line
    assert quote("a < b & c") == "a &lt; b &amp; c"
    long = quote("</" * 2000)
    assert len(long) <= 200 and long.endswith("…")
    assert to_plain(long).rstrip("…") == ("</" * 2000)[: len(to_plain(long)) - 1]  # never cut in an entity


@given(st.text(max_size=400), st.integers(min_value=10, max_value=300))
def test_quotes_never_exceed_their_limit_and_start_like_the_text(text: str, limit: int) -> None:
    quoted = quote(text, limit)
    assert len(quoted) <= limit
    plain = " ".join(text.split())
    assert plain.startswith(to_plain(quoted).removesuffix("…"))
