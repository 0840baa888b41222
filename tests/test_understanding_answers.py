"""What a question asked in words is answered with, through the conversation: the slots the
recognizer reads (tests/test_understanding.py) reach the answers that use them."""

from __future__ import annotations

import pytest
from test_conversation import event, invite_code, make_conversation, text_of

from bot.core.conversation import Conversation


@pytest.fixture
async def conversation(sessions, alias_table) -> Conversation:
    return (await make_conversation(sessions, alias_table))[0]


async def test_a_code_typed_with_an_arabic_section_opens_the_plans_task(conversation: Conversation):
    # the bundled plan numbers its sections I, II, III...: "nhiệm vụ 1.5" is I.5
    roman = text_of(await conversation.handle(event("reader", "I.5")))
    for typed in ("chi tiết nhiệm vụ 1.5", "task 1.5?", "I-5", "nhiệm vụ 5 mục 1"):
        assert text_of(await conversation.handle(event("reader", typed))) == roman, typed


async def test_a_status_reported_on_an_arabic_code_is_saved_on_the_task(conversation: Conversation):
    code = await invite_code(conversation, "Sở Y tế")
    await conversation.handle(event("health", f"/link {code}"))
    saved = text_of(await conversation.handle(event("health", "cập nhật 2.11 đang làm, đã khảo sát 5 xã")))
    assert saved.startswith("Đã cập nhật II.11") and "🔄" in saved
    assert "đã khảo sát 5 xã" in saved
