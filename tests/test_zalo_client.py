"""The Zalo client's calls and typed errors, against the strict stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.channels.zalo_client import (
    NoUpdate,
    QuotaExceeded,
    ZaloClient,
    ZaloRefused,
    ZaloUnauthorized,
    ZaloUnreachable,
    parse_update,
)
from standins.zalo import ZaloStandIn

USER = "8000000000000000009"


@pytest.fixture
async def zalo() -> AsyncIterator[tuple[ZaloStandIn, ZaloClient]]:
    async with ZaloStandIn() as zl, ZaloClient(zl.token, zl.base_url) as client:
        yield zl, client


async def test_one_update_per_poll_and_408_when_there_is_none(zalo):
    zl, client = zalo
    with pytest.raises(NoUpdate) as empty:
        await client.get_updates(timeout=0)
    assert empty.value.code == 408
    zl.push_text(USER, "xin chào", display_name="Lan")
    zl.push_text(USER, "III.9")
    first = await client.get_updates(timeout=0)
    assert (first.event_name, first.message.text, first.message.sender_name) == (
        "message.text.received",
        "xin chào",
        "Lan",
    )
    assert (await client.get_updates(timeout=0)).message.text == "III.9"  # no offset: each is handed out once
    with pytest.raises(NoUpdate):
        await client.get_updates(timeout=0)
    assert zl.calls[0] == ("getUpdates", {"timeout": "0"})


async def test_typed_errors(zalo):
    zl, client = zalo
    zl.push_text(USER, "hello")
    zl.fail_next("sendMessage", 429)
    with pytest.raises(QuotaExceeded):
        await client.send_message(USER, "một")
    with pytest.raises(ZaloRefused) as too_long:
        await client.send_message(USER, "x" * 2001)
    assert too_long.value.code == 400 and "1 to 2000 characters" in too_long.value.description
    with pytest.raises(ZaloRefused) as unknown:
        await client.send_message("123", "một")  # that user never wrote to the bot
    assert unknown.value.code == 400
    zl.block(USER)
    with pytest.raises(ZaloRefused) as blocked:
        await client.send_message(USER, "một")
    assert blocked.value.code == 403
    with pytest.raises(ZaloRefused, match="secret_token must be 8 to 256"):
        await client.set_webhook("https://127.0.0.1:1/hook", "short")
    with pytest.raises(ZaloRefused, match="url must be an HTTPS URL"):
        await client.set_webhook("http://127.0.0.1:1/hook", "long-enough-secret")
    zl.push_text(USER, "tôi đây")  # writing again unblocks
    assert (await client.send_message(USER, "x" * 2000))["message_id"]
    assert zl.texts(USER) == ["x" * 2000]


async def test_a_wrong_token_and_an_unreachable_server_never_show_the_token():
    async with ZaloStandIn() as zl:
        async with ZaloClient("123:not-the-token", zl.base_url) as client:
            with pytest.raises(ZaloUnauthorized) as refused:
                await client.get_me()
        assert refused.value.code == 401 and "not-the-token" not in str(refused.value)
        base = zl.base_url
    async with ZaloClient("123:not-the-token", base) as client:  # the server is gone now
        with pytest.raises(ZaloUnreachable) as gone:
            await client.send_message(USER, "một")
    assert "not-the-token" not in str(gone.value) and str(gone.value).startswith("sendMessage:")


def test_webhook_bodies_wrapped_or_bare_are_the_same_update():
    update = {
        "event_name": "message.text.received",
        "message": {
            "message_id": "m1",
            "date": 1764000000000,
            "chat": {"id": "g1", "chat_type": "GROUP"},
            "from": {"id": "u1", "display_name": "Hoa", "is_bot": False},
            "text": "/my",
        },
    }
    bare, wrapped = parse_update(update), parse_update({"ok": True, "result": update})
    assert bare == wrapped and bare is not None
    assert (bare.message.chat_id, bare.message.is_group, bare.message.sender_id) == ("g1", True, "u1")
    assert bare.key == "message.text.received:g1:m1"
    assert parse_update({"ok": True, "result": {"event_name": "x"}}) is None
    assert parse_update(["not", "an", "update"]) is None
