"""The data behind /progress equals the one definition of every count; the picture is a sensible PNG with
every Vietnamese letter drawn; Zalo and the terminal get the same facts as text."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image
from test_conversation import event, invite_code, make_conversation, text_of

from base.events import ChatKind, Incoming
from base.markup import to_plain
from bot.core import progress_answers
from bot.reports.charts import ChartWords, progress_png
from domain import progress as prog
from domain.progress import BUCKETS, Progress, Row

WORDS = ChartWords(
    "Tiến độ năm 2026 · toàn bộ kế hoạch",
    "Theo cơ quan chủ trì",
    "Theo mục của kế hoạch",
    {"done": "Hoàn thành", "in_progress": "Đang làm", "blocked": "Vướng mắc", "not_started": "Chưa làm",
     "overdue": "Quá hạn"},
    "Số nhiệm vụ",
    "% nhiệm vụ",
)  # fmt: skip
# Every letter Vietnamese adds to ASCII, lower and upper case.
VIETNAMESE = (
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)


def _png(rows: list[Row]) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)": fail on it
        return progress_png(WORDS, [("Các cơ quan", rows, False), ("Tỷ lệ", rows[:2], True)])


def test_every_vietnamese_letter_is_drawn_and_the_png_is_sensible() -> None:
    rows = [Row(VIETNAMESE[n : n + 40], Progress(n % 3, 1, n % 2, 2, n % 5)) for n in range(0, len(VIETNAMESE), 40)]
    picture = Image.open(io.BytesIO(_png(rows)))
    picture.verify()
    assert picture.format == "PNG" and 1000 <= picture.width <= 1400 and 500 <= picture.height <= 3000


def test_a_missing_glyph_would_fail() -> None:
    """The check above can fail: an emoji is not in DejaVu Sans."""
    with pytest.raises(UserWarning, match="missing from font"):
        _png([Row("🔄 Đang làm", Progress(1, 1, 1, 1, 1))])


def test_a_big_plan_stays_readable() -> None:
    rows = [Row(f"Cơ quan số {n}", Progress(n % 4, n % 3, n % 2, 5, n % 7)) for n in range(2000)]
    shown = prog.top(rows, 15, "1986 cơ quan khác")
    assert len(shown) == 15 and shown[-1].grouped == 1986
    assert sum((row.progress for row in shown), Progress()) == sum((row.progress for row in rows), Progress())
    picture = Image.open(io.BytesIO(_png(shown)))
    assert picture.height <= 3000


async def test_chart_data_equal_the_counts(sessions, alias_table) -> None:
    conversation, _clock = await make_conversation(sessions, alias_table)
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    model, today = conversation.model, _clock().date()
    health_id = model.index.agency_ids["Sở Y tế"]
    overdue = [model.index.tasks[i].code for i in model.index.overdue((health_id,), today, model.statuses)]
    for text in (f"/done {overdue[0]} xong", f"/blocked {overdue[1]} thiếu kinh phí", f"/doing {overdue[2]}"):
        assert "Đã cập nhật" in text_of(await conversation.handle(event("health", text)))
    await conversation.handle(event("admin", "/summary"))  # refreshes the model
    index, book = model.index, model.statuses
    rows = prog.by_agency(index, book, today)
    assert rows, "the plan has lead agencies"
    names = {name: counts for name, counts in index.by_agency(book, today)}
    for row in rows:
        counts = names[row.label]
        assert (row.progress.done, row.progress.overdue) == (counts.done, counts.overdue)
        assert row.progress.in_progress + row.progress.blocked + row.progress.not_started <= counts.due
    health = next(row for row in rows if row.label == "Sở Y tế")
    # done leaves the overdue ones (a task of 2018 - 2025 done is not due in 2026); blocked and doing are still late
    assert health.progress.overdue == len(overdue) - 1
    whole = prog.progress(index, None, today, book)
    assert whole == sum((row.progress for row in prog.by_section(index, book, today)), Progress())
    counts = index.counts(None, today, book)
    assert (whole.done, whole.overdue) == (counts.done, counts.overdue)
    assert whole.total == len(set(index.view(None, today.year, today).due) | set(index.overdue(None, today, book)))


def _on(channel: str, user: str, text: str) -> Incoming:
    return Incoming(channel, user, ChatKind.PRIVATE, user, f"Người {user}", None, "vi", text)


async def test_zalo_gets_a_table_and_the_terminal_a_table_and_a_picture(sessions, alias_table) -> None:
    conversation, _clock = await make_conversation(sessions, alias_table)
    conversation.settings = type(conversation.settings)(
        conversation.settings.zone, frozenset({("zalo", "admin"), ("terminal", "admin")})
    )
    zalo = await conversation.handle(_on("zalo", "admin", "tiến độ"))
    [reply] = zalo.replies
    text = to_plain(reply.text)
    assert reply.document is None and text.startswith("Tiến độ năm 2026")
    assert "Sở Y tế: ✅" in text and "Theo mục của kế hoạch" in text and "III. " in text
    terminal = await conversation.handle(_on("terminal", "admin", "/progress"))
    [reply] = terminal.replies
    assert reply.document is not None and reply.document.photo and reply.document.name.endswith(".png")
    assert Image.open(io.BytesIO(reply.document.content)).format == "PNG"
    assert "Sở Y tế: ✅" in to_plain(reply.text)
    export = await conversation.handle(_on("zalo", "admin", "xuất excel"))
    assert "/export xlsx" in text_of(export) and export.replies[0].document is None


def test_buckets_are_the_progress_fields() -> None:
    assert BUCKETS == ("done", "in_progress", "blocked", "not_started", "overdue")
    assert progress_answers.TOP_AGENCIES >= 10


async def test_two_agencies_compared_are_shown_side_by_side(sessions, alias_table) -> None:
    conversation, clock = await make_conversation(sessions, alias_table)
    zalo = await conversation.handle(_on("zalo", "admin", "so sánh tiến độ sở y tế với sở giáo dục"))
    model, today = conversation.model, clock().date()
    health, education = (model.index.agency_ids[name] for name in ("Sở Y tế", "Sở Giáo dục và Đào tạo"))
    expected = [prog.progress(model.index, (agency,), today, model.statuses) for agency in (health, education)]
    text = to_plain(zalo.replies[0].text)
    assert text.startswith("Tiến độ năm 2026 · Sở Y tế và Sở Giáo dục và Đào tạo")
    for name, progress in zip(("Sở Y tế", "Sở Giáo dục và Đào tạo"), expected, strict=True):
        assert f"{name}: ✅{progress.done} 🔄{progress.in_progress} ⛔{progress.blocked}" in text
        assert f"⚠️{progress.overdue}" in text
    assert "Trung bình" not in text and "Σ" not in text  # no average, no sum of two agencies' tasks
    assert expected[0].total > expected[1].total > 0
    # a second name that fits no agency: the first against the average, as with one name
    alone = await conversation.handle(_on("zalo", "admin", "so sánh tiến độ sở y tế với sở không có"))
    assert "Trung bình các cơ quan" in to_plain(alone.replies[0].text)
    terminal = await conversation.handle(_on("terminal", "admin", "sở y tế vs sở giáo dục"))
    [reply] = terminal.replies
    assert reply.document is not None and Image.open(io.BytesIO(reply.document.content)).format == "PNG"
