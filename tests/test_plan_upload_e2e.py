"""A plan uploaded as a .docx through the real python-telegram-bot client and the strict stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from chatbot import ADMIN, RunningBot, running_bot
from plan_files import docx_bytes
from test_plan_upload import NEW_PLAN

FOCAL_POINT = 2101


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(f"sqlite:///{tmp_path / 'upload.db'}", plan_upload_max_mb=1) as running:
        await running.ask(ADMIN, "/start")
        yield running
        assert running.tg.errors == [], running.tg.errors


async def test_a_coordinator_uploads_a_docx_confirms_and_the_new_plan_answers(bot: RunningBot):
    bot.tg.push_document(ADMIN, "ke-hoach-cds.docx", docx_bytes(NEW_PLAN), caption="KH-CDS Kế hoạch chuyển đổi số")
    report = await bot.tg.next_message(ADMIN)
    assert report.plain_text.startswith("📄 Kiểm tra tệp “ke-hoach-cds.docx” (chưa lưu gì)")
    assert "Kế hoạch mới KH-CDS: Kế hoạch chuyển đổi số" in report.plain_text
    assert "Thời gian chưa đọc được (1): I.2 “Chưa xác định”" in report.plain_text
    assert [label for row in report.buttons for label, _ in row] == ["✅ Nhập", "✖ Hủy"]
    assert all(len(data.encode()) <= 64 for row in report.buttons for _, data in row)
    assert any(name == "getFile" for name, _ in bot.tg.calls)  # fetched from the Bot API's file URL

    await bot.press(report, "Nhập")
    await bot.tg.next_callback_answer()
    done = await bot.tg.next_edit(ADMIN)
    assert done.plain_text.startswith("Đã nhập kế hoạch KH-CDS: 3 nhiệm vụ") and done.buttons == []

    card = await bot.ask(FOCAL_POINT, "KH-CDS I.1")
    assert card.plain_text.startswith("Nhiệm vụ KH-CDS I.1")
    assert "Số hóa hồ sơ <bệnh án> & đơn thuốc" in card.plain_text and "<bệnh án>" not in card.text


async def test_uploads_over_the_limit_or_by_focal_points_are_refused(bot: RunningBot):
    bot.tg.push_document(ADMIN, "lon.docx", b"PK" + b"0" * (2 * 2**20))
    too_big = await bot.tg.next_message(ADMIN)
    assert "quá giới hạn 1 MB" in too_big.plain_text
    assert not any(name == "getFile" for name, _ in bot.tg.calls)  # refused before downloading
    bot.tg.push_document(FOCAL_POINT, "ke-hoach.docx", docx_bytes(NEW_PLAN))
    refused = await bot.tg.next_message(FOCAL_POINT)
    assert "chỉ điều phối viên mới nhập được kế hoạch" in refused.plain_text
