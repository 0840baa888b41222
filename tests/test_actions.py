"""Button actions: every action survives the trip through a button's text, fits Telegram's
64 bytes, and anything else reads as expired, never as another action."""

from __future__ import annotations

import dataclasses

import pytest

from domain import actions
from domain.actions import (
    ActionError,
    ActionTooLong,
    DecideLink,
    ListPage,
    OpenTask,
    SearchPage,
    SetStatus,
    decode,
    encode,
    fit_text,
)
from domain.tasks import Status

EXAMPLES: dict[str, actions.Action] = {
    "1L:d:2026:17:2::3": ListPage("d", 2026, 17, 2, "", 3),
    "1L:u:0:0:0:kasdpq+1c:1": ListPage("u", 0, 0, 0, "kasdpq+1c", 1),
    "1Q:2:0:bao cao: quy": SearchPage(2, 0, "bao cao: quy"),
    "1T:1234": OpenTask(1234),
    "1S:55:in_progress:2026": SetStatus(55, Status.IN_PROGRESS, "2026"),
    "1R:7:0": DecideLink(7, False),
    "1Bg": actions.BroadcastSend(),
    "1P:f:9": actions.DecideUpload(actions.UploadChoice.FORCE, 9),
}


@pytest.mark.parametrize(("text", "action"), list(EXAMPLES.items()))
def test_an_action_is_written_compactly_and_read_back(text: str, action: actions.Action):
    assert encode(action) == text
    assert decode(text) == action


def test_every_action_has_its_own_tag_and_round_trips_with_its_largest_values():
    kinds = [cls for cls in vars(actions).values() if isinstance(cls, type) and issubclass(cls, actions.Action)]
    kinds.remove(actions.Action)
    assert len({cls.tag for cls in kinds}) == len(kinds) >= 20
    for cls in kinds:
        largest = {}
        for field in dataclasses.fields(cls):
            kind = cls.__annotations__[field.name]
            largest[field.name] = {
                "int": actions.LARGEST_ID,
                "bool": True,
                "Status": Status.IN_PROGRESS,
                "UploadChoice": actions.UploadChoice.CANCEL,
            }.get(kind, "2026-q4")
        action = cls(**largest)
        assert decode(encode(action)) == action
        assert len(encode(action).encode()) <= actions.MAX_BYTES


@pytest.mark.parametrize(
    "text",
    [
        "T:1234",  # a button of the version before: no version tag
        "2T:1234",  # a later version's
        "1Zq:1",  # no such action
        "1T",  # a field missing
        "1T:12:13",  # one too many
        "1T:abc",
        "1T:-1",
        "1T:99999999999",  # larger than any id: forged
        "1T:١٢",  # digits, but not ASCII ones
        "1S:5:finished:2026",  # no such status
        "1R:5:y",
        "1Bg:extra",
        "",
    ],
)
def test_what_is_not_an_action_of_this_version_reads_as_expired(text: str):
    with pytest.raises(ActionError):
        decode(text)


def test_an_action_too_long_for_telegram_is_refused_when_it_is_written():
    with pytest.raises(ActionTooLong, match="> 64"):
        encode(SearchPage(1, 0, "kế hoạch hành động phòng chống dịch bệnh truyền nhiễm"))
    words = fit_text("kế hoạch hành động phòng chống dịch bệnh truyền nhiễm", 40)
    assert len(words.encode()) <= 40 and "kế hoạch hành động".startswith(words[:18])
    assert decode(encode(SearchPage(1, 0, words))).words == words


def test_a_separator_inside_a_field_that_is_not_the_last_is_refused():
    with pytest.raises(ActionTooLong, match="separator"):
        encode(ListPage("d:x", 2026, 0, 0, "", 1))


async def test_every_button_the_bot_sends_through_telegram_is_a_typed_action(tmp_path):
    """Through the real client and the Telegram stand-in: the buttons of a list, a task
    card, its status and the broadcast menu all decode to the action they stand for (and
    running_bot checks, after every end-to-end test, that each button sent round-trips)."""
    from chatbot import ADMIN, running_bot

    async with running_bot(f"sqlite:///{tmp_path / 'chat.db'}") as bot:
        await bot.link(2001, "Sở Y tế")
        listed = await bot.ask(2001, "/overdue")
        card = await bot.ask(2001, "III.9")
        menu = await bot.ask(ADMIN, "/broadcast")
        sent = list(bot.tg.callback_data)
    kinds = {type(decode(data)) for data in sent}
    assert {OpenTask, ListPage, SetStatus, actions.BroadcastAudience, actions.BroadcastCancel} <= kinds, kinds
    assert [type(decode(data)) for row in card.buttons for _label, data in row] == [SetStatus] * 3
    assert all(len(data.encode()) <= actions.MAX_BYTES for data in sent)
    assert listed.buttons and menu.buttons
