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
