"""Issue 16 through the Telegram stand-in: /progress sends a photo, /export and /report documents."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from chatbot import ADMIN, RunningBot, running_bot
from PIL import Image

USER = 5151


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(f"sqlite:///{tmp_path / 'bot.db'}") as running:
        yield running


async def test_progress_is_a_photo_for_a_coordinator_and_a_focal_point(bot: RunningBot) -> None:
    for chat, text in ((ADMIN, "/progress"), (ADMIN, "biểu đồ tiến độ")):
        message = await bot.ask(chat, text)
        assert message.photo is not None, message.plain_text
        picture = Image.open(io.BytesIO(message.photo.content))
        assert picture.format == "PNG" and 800 <= picture.width <= 2000 and 400 <= picture.height <= 4000
        assert message.plain_text.startswith("Tiến độ năm 2026")
    await bot.link(USER, "Sở Y tế")
    message = await bot.ask(USER, "tiến độ")
    assert message.photo is not None and "Sở Y tế" in message.plain_text
    assert not bot.tg.errors


def _cells(content: bytes) -> list[list[list[object]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


async def test_exports_in_the_chat_are_the_command_lines(bot: RunningBot, tmp_path: Path) -> None:
    from bot.cli.export import export_files

    limit = 50 * 2**20
    for kind in ("xlsx", "csv", "ics"):
        message = await bot.ask(ADMIN, f"/export {kind}")
        assert message.document is not None, message.plain_text
        assert 0 < len(message.document.content) < limit
        written = await export_files(bot.runtime, "NQ20", kind, tmp_path / kind, None, "vi")
        assert not isinstance(written, str)
        if kind == "xlsx":
            assert _cells(message.document.content) == _cells(written[0][0].read_bytes())
        elif kind == "csv":
            assert message.document.content == written[0][0].read_bytes()
        else:  # a calendar per agency, zipped: the same files as the command line's folder
            import zipfile

            archive = zipfile.ZipFile(io.BytesIO(message.document.content))
            assert sorted(archive.namelist()) == sorted(path.name for path, _what in written)
            for path, _what in written:
                assert archive.read(path.name) == path.read_bytes()
    await bot.link(USER, "Sở Y tế")
    own = await bot.ask(USER, "xuất excel")
    assert own.document is not None and "so-y-te" in own.document.file_name
    written = await export_files(bot.runtime, "NQ20", "xlsx", tmp_path / "own.xlsx", "Sở Y tế", "vi")
    assert _cells(own.document.content) == _cells(written[0][0].read_bytes())
    calendar = await bot.ask(USER, "/export ics")
    written = await export_files(bot.runtime, "NQ20", "ics", tmp_path / "own.ics", "Sở Y tế", "vi")
    assert calendar.document is not None and calendar.document.content == written[0][0].read_bytes()
    assert not bot.tg.errors


async def test_report_is_a_document_within_the_limits(bot: RunningBot) -> None:
    message = await bot.ask(ADMIN, "báo cáo năm 2026")
    assert message.document is not None and message.document.file_name == "bao-cao-nq20-2026.docx"
    assert 10_000 < len(message.document.content) < 50 * 2**20
    assert len(message.plain_text) <= 1024


async def test_screenshots(bot: RunningBot) -> None:
    """With SCREENSHOTS_DIR set, keeps the chart and the report's first page (LibreOffice, pdftoppm) for the README:
    SCREENSHOTS_DIR=docs/screenshots."""
    import os
    import shutil
    import subprocess
    import tempfile

    await bot.link(USER, "Sở Y tế")
    await bot.link(USER + 1, "Sở Giáo dục và Đào tạo")
    index = bot.service.conversation.model.index
    today = bot.clock().date()
    for user, agency in ((USER, "Sở Y tế"), (USER + 1, "Sở Giáo dục và Đào tạo")):
        own = index.view((index.agency_ids[agency],), today.year, today)
        for n, task_id in enumerate([*own.due, *own.past_deadline][:14]):
            code = index.tasks[task_id].code
            command = ("/done {} đã hoàn thành, có báo cáo", "/doing {} đang triển khai", "/blocked {} thiếu kinh phí")
            await bot.ask(user, command[n % 3].format(code))
    await bot.ask(USER, "/result II.11 Đã tổ chức 12 đợt truyền thông về dinh dưỡng")
    chart = await bot.ask(ADMIN, "/progress")
    report = await bot.ask(ADMIN, "/report 2026")
    assert chart.photo is not None and report.document is not None
    folder = os.environ.get("SCREENSHOTS_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / "progress-chart.png").write_bytes(chart.photo.content)
    with tempfile.TemporaryDirectory() as work:
        docx = Path(work) / "report.docx"
        docx.write_bytes(report.document.content)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        assert soffice, "LibreOffice is needed for the report's screenshot (apt-get install libreoffice-writer)"
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", work, str(docx)], check=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", str(Path(work) / "report.pdf"), f"{work}/page"],
            check=True,
        )
        page = next(Path(work).glob("page*.png"))
        shutil.copy(page, Path(folder) / "report-page-1.png")
