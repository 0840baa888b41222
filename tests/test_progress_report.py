"""/report (a Word document of the year, coordinators only) and /result (a lead agency's result of the year)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from chatbot import ADMIN, RunningBot, running_bot
from docx import Document

FOCAL = 6161
LIMIT = 50 * 2**20  # the Bot API's largest upload


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(f"sqlite:///{tmp_path / 'bot.db'}") as running:
        yield running
        assert running.tg.errors == []


def _text(document: Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


async def test_report_holds_every_task_status_note_and_result(bot: RunningBot) -> None:
    await bot.link(FOCAL, "Sở Y tế")
    assert "III.9" in (await bot.ask(FOCAL, "/blocked III.9 thiếu kinh phí mua thiết bị")).plain_text
    await bot.ask(FOCAL, "/done I.1 đã tổ chức hội nghị quán triệt")
    saved = await bot.ask(FOCAL, "/result I.1 Đã tổ chức 3 hội nghị cho 1.200 cán bộ")
    assert "Đã lưu kết quả năm 2026" in saved.plain_text, saved.plain_text
    message = await bot.ask(ADMIN, "/report 2026")
    assert message.document is not None, message.plain_text
    assert message.document.file_name.endswith(".docx") and len(message.document.content) < LIMIT
    document = Document(io.BytesIO(message.document.content))
    text = _text(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "STT" in text and "III. NHIỆM VỤ CHẬM TIẾN ĐỘ, VƯỚNG MẮC" in text
    async with bot.runtime.sessions() as session:
        from db.snapshot import load_index

        index = await load_index(session, bot.runtime.alias_table[1])
    contents = [" ".join(task.content.split()) for task in index.tasks.values()]
    flat = " ".join(text.split())
    assert len(contents) == 65 and all(content in flat for content in contents)
    assert "Sở Y tế: Hoàn thành" in text and "Sở Y tế: Vướng mắc" in text and "chưa báo cáo" in text
    assert "thiếu kinh phí mua thiết bị" in text and "đã tổ chức hội nghị quán triệt" in text
    assert "Đã tổ chức 3 hội nghị cho 1.200 cán bộ" in text
    late = document.tables[-2]  # the late tasks, before the closing block
    assert any("thiếu kinh phí" in row.cells[4].text for row in late.rows)


async def test_report_of_one_agency_holds_the_tasks_it_leads(bot: RunningBot) -> None:
    message = await bot.ask(ADMIN, "Soạn giúp báo cáo năm 2026 của Sở Y tế gửi UBND tỉnh")
    assert message.document is not None, message.plain_text
    assert message.document.file_name.endswith("-2026-so-y-te.docx"), message.document.file_name
    assert "Sở Y tế" in message.plain_text
    text = _text(Document(io.BytesIO(message.document.content)))
    async with bot.runtime.sessions() as session:
        from db.snapshot import load_index

        index = await load_index(session, bot.runtime.alias_table[1])
    health = index.agency_ids["Sở Y tế"]
    led = [task for task_id, task in index.tasks.items() if task_id in index.scope_tasks((health,))]
    others = [task for task_id, task in index.tasks.items() if task_id not in index.scope_tasks((health,))]
    flat = " ".join(text.split())
    assert led and all(" ".join(task.content.split()) in flat for task in led)
    assert not any(" ".join(task.content.split()) in flat for task in others)
    assert "SỞ Y TẾ" in text  # the office the report is issued by


async def test_report_is_for_coordinators_only(bot: RunningBot) -> None:
    await bot.link(FOCAL, "Sở Y tế")
    refused = await bot.ask(FOCAL, "/report")
    assert refused.document is None and "điều phối viên" in refused.plain_text
    refused = await bot.ask(FOCAL, "báo cáo năm 2026")
    assert refused.document is None and "điều phối viên" in refused.plain_text


async def test_result_only_from_a_lead(bot: RunningBot) -> None:
    await bot.link(FOCAL, "Sở Giáo dục và Đào tạo")
    answer = await bot.ask(FOCAL, "/result III.9 không phải việc của sở")
    assert "Chỉ cơ quan chủ trì" in answer.plain_text
    assert "Dùng: /result" in (await bot.ask(FOCAL, "/result")).plain_text


async def test_lead_agencies_are_asked_for_the_years_results_once(bot: RunningBot) -> None:
    """From 8/12/2026, 7 days before the report day (15/12), Sở Y tế is asked once per chat and year; not on a
    day its chat gets a digest (8/12 brings the report reminders), so on Wednesday 9/12."""
    bot.send_by_hand()
    await bot.link(FOCAL, "Sở Y tế")
    bot.clock.advance(timedelta(days=14))
    report = await bot.service.reminders.queue()
    assert report is not None and report.digests and report.results_asked == 0
    await bot.service.reminders.send()
    bot.clock.advance(timedelta(days=1))
    report = await bot.service.reminders.queue()
    assert report is not None and report.results_asked >= 1
    await bot.service.reminders.send()
    messages = [m.plain_text or "" for m in bot.tg.sent(FOCAL)]
    ask = next(text for text in messages if "Kết quả thực hiện năm 2026" in text)
    assert "Sở Y tế" in ask and "/result" in ask and "15/12/2026" in ask
    again = await bot.service.reminders.queue()
    assert again is not None and again.results_asked == 0  # asked once per chat, agency, plan and year
