"""One person on Telegram and Zalo, on SQLite and PostgreSQL: /connect joins the accounts,
/notify chooses where reminders and broadcasts go, and a message that fails for good on
the chosen channel goes to the other one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from test_conversation import ADMIN, make_conversation

from base.delivery import Blocked, Rejected
from base.events import ChatKind, Incoming, Reply
from base.markup import to_plain
from bot.core.conversation import Conversation
from bot.service import reminder_settings
from bot.settings import load_settings
from db import broadcasts
from db.engine import unit_of_work
from db.models import BroadcastRecipient, ChatRoom, ReminderDelivery
from db.people import mark_unreachable
from db.queries import agency_id_by_name
from db.reminders import recipients
from domain.calendar import OfficeCalendar
from scheduler.jobs import ReminderService
from scheduler.sender import Sender, SendReport

TELEGRAM_USER, ZALO_USER = "5001", "z-5001"


def event(channel: str, user: str, text: str, *, group: str | None = None) -> Incoming:
    kind = ChatKind.GROUP if group else ChatKind.PRIVATE
    return Incoming(channel, group or user, kind, user, f"Người {user}", None, "vi", text)


async def say(conversation: Conversation, channel: str, user: str, text: str, **options) -> str:
    outcome = await conversation.handle(event(channel, user, text, **options))
    return "\n".join(to_plain(reply.text) for reply in outcome.replies)


async def linked_on_telegram(conversation: Conversation, agency: str = "Sở Y tế") -> None:
    invite = await say(conversation, *ADMIN, f"/invite {agency}")
    code = invite.split("/link ")[-1].split()[0]
    assert "Đã liên kết" in await say(conversation, "telegram", TELEGRAM_USER, f"/link {code}")


async def connected(conversation: Conversation) -> str:
    made = await say(conversation, "telegram", TELEGRAM_USER, "/connect")
    code = re.search(r"Mã kết nối: (\w{10})", made)[1]
    return await say(conversation, "zalo", ZALO_USER, f"/connect {code}")


async def test_connect_makes_one_person_of_two_channels(sessions, alias_table):
    conversation, _clock = await make_conversation(sessions, alias_table)
    await linked_on_telegram(conversation)
    joined = await connected(conversation)
    assert joined.startswith("Đã kết nối Zalo với Telegram của anh/chị: cùng các cơ quan, cùng nhắc việc.")
    assert "gửi đến: tất cả các kênh (Telegram, Zalo)" in joined
    assert "Cơ quan theo dõi: Sở Y tế" in await say(conversation, "zalo", ZALO_USER, "/me")
    assert "Đã cập nhật III.9" in await say(conversation, "zalo", ZALO_USER, "/done III.9")
    # Unlinking on either channel unlinks the person.
    assert "Đã hủy liên kết" in await say(conversation, "zalo", ZALO_USER, "/unlink so y te")
    assert "chưa liên kết" in await say(conversation, "telegram", TELEGRAM_USER, "/me")


async def test_connect_codes_are_single_use_short_lived_throttled_and_for_the_other_channel(sessions, alias_table):
    conversation, clock = await make_conversation(sessions, alias_table)
    code = re.search(r"Mã kết nối: (\w{10})", await say(conversation, "telegram", TELEGRAM_USER, "/connect"))[1]
    assert "tạo trên Telegram" in await say(conversation, "telegram", "5002", f"/connect {code}")
    assert "Đã kết nối" in await say(conversation, "zalo", ZALO_USER, f"/connect {code}")
    assert "không đúng hoặc đã hết hạn" in await say(conversation, "zalo", "z-5002", f"/connect {code}")
    late = re.search(r"Mã kết nối: (\w{10})", await say(conversation, "telegram", "5003", "/connect"))[1]
    clock.advance(timedelta(minutes=31))
    assert "không đúng hoặc đã hết hạn" in await say(conversation, "zalo", "z-5003", f"/connect {late}")
    fresh = re.search(r"Mã kết nối: (\w{10})", await say(conversation, "telegram", "5004", "/connect"))[1]
    for n in range(5):
        assert "không đúng" in await say(conversation, "zalo", "z-5004", f"/connect WRONGCODE{n}")
    assert "sai mã nhiều lần" in await say(conversation, "zalo", "z-5004", f"/connect {fresh}")
    assert "trò chuyện riêng" in await say(conversation, "zalo", "z-5005", "/connect", group="g-1")


async def test_notify_chooses_where_reminders_go_and_another_channel_stands_in(sessions, alias_table):
    conversation, _clock = await make_conversation(sessions, alias_table)
    assert "đang dùng một kênh (Telegram)" in await say(conversation, "telegram", TELEGRAM_USER, "/notify zalo")
    await linked_on_telegram(conversation)
    await connected(conversation)
    assert "tất cả các kênh (Telegram, Zalo)" in await say(conversation, "zalo", ZALO_USER, "/notify")

    async def reached() -> set[str]:
        async with sessions() as session:
            agency = await agency_id_by_name(session, "Sở Y tế")
            found = {r.channel for r in (await recipients(session, {agency}))[agency]}
            targets = await broadcasts.targets(session, {"kind": "all"})
            chats = {t.chat_id for t in targets}
            assert {c.channel for c in await session.scalars(select(ChatRoom).where(ChatRoom.id.in_(chats)))} == found
            return found

    assert await reached() == {"telegram", "zalo"}
    assert "gửi đến: Zalo." in await say(conversation, "telegram", TELEGRAM_USER, "/notify zalo")
    assert await reached() == {"zalo"}
    assert "gửi đến: Telegram." in await say(conversation, "zalo", ZALO_USER, "/notify Telegram")
    assert await reached() == {"telegram"}
    assert "Dùng: /notify zalo" in await say(conversation, "zalo", ZALO_USER, "/notify viber")
    async with unit_of_work(sessions) as session:  # the bot was blocked on Telegram
        await mark_unreachable(session, "telegram", TELEGRAM_USER)
    assert await reached() == {"zalo"}
    assert "tất cả các kênh" in await say(conversation, "zalo", ZALO_USER, "/notify cả hai")


@dataclass
class Channel:
    """Keeps what it is given, or refuses a chat for good."""

    refuse: dict[str, type[Exception]]
    sent: list[tuple[str, Reply]]

    async def send_message(self, chat_id: str, reply: Reply, turn=None) -> None:
        if turn is not None:
            await turn()
        if chat_id in self.refuse:
            raise self.refuse[chat_id]("refused for good")
        self.sent.append((chat_id, reply))


@pytest.mark.parametrize("failure", [Blocked, Rejected])
async def test_what_fails_for_good_on_zalo_goes_to_telegram(sessions, alias_table, failure):
    conversation, clock = await make_conversation(sessions, alias_table)
    await linked_on_telegram(conversation)
    await connected(conversation)
    await say(conversation, "zalo", ZALO_USER, "/notify zalo")
    zalo, telegram = Channel({ZALO_USER: failure}, []), Channel({}, [])
    sender = Sender(sessions, clock, {"zalo": zalo, "telegram": telegram}, "me")
    settings = reminder_settings(load_settings(_env_file=None), OfficeCalendar())
    reminders = ReminderService(sessions, clock, settings, sender)

    clock.moment = datetime(2026, 12, 8, 2, tzinfo=UTC)
    await reminders.tick()  # the digest to Zalo is refused: a copy is queued for Telegram
    assert telegram.sent == []
    await sender.send_pending()
    [(chat, digest)] = telegram.sent
    assert chat == TELEGRAM_USER and to_plain(digest.text).startswith("🔔 Nhắc việc ngày 08/12/2026")
    assert any(b.action.startswith("1D:") for row in digest.buttons for b in row)
    await reminders.tick()
    await sender.send_pending()
    assert len(telegram.sent) == 1  # the day's reminders went out once, to Telegram
    async with sessions() as session:
        delivered = {c for (c,) in await session.execute(select(ChatRoom.external_id).join(ReminderDelivery))}
        assert {ZALO_USER, TELEGRAM_USER} <= delivered  # recorded for both: not sent again tomorrow

    async with unit_of_work(sessions) as session:
        broadcast_id, chats = await broadcasts.create(session, 1, {"kind": "all"}, "Họp giao ban", None, clock())
    await sender.send_pending()
    await sender.send_pending()
    assert [to_plain(r.text) for _c, r in telegram.sent[1:]] == ["Họp giao ban"]
    async with sessions() as session:
        receipts = {(r.chat_id, r.outbox_id is not None) for r in await session.scalars(select(BroadcastRecipient))}
        summary = await broadcasts.summary(session, broadcast_id)
    totals = summary.totals
    if failure is Blocked:  # Zalo is known to be blocked now: the broadcast went to Telegram at once
        assert (chats, len(receipts), totals.chats, totals.delivered) == (1, 1, 1, 1)
    else:  # Zalo refused that message: a copy went to Telegram, and the receipts show both
        assert (chats, len(receipts), totals.chats, totals.delivered, totals.failed) == (1, 2, 2, 1, 1)


async def test_with_both_channels_chosen_nothing_is_copied(sessions, alias_table):
    conversation, clock = await make_conversation(sessions, alias_table)
    await linked_on_telegram(conversation)
    await connected(conversation)
    zalo, telegram = Channel({ZALO_USER: Blocked}, []), Channel({}, [])
    sender = Sender(sessions, clock, {"zalo": zalo, "telegram": telegram}, "me")
    async with unit_of_work(sessions) as session:
        await broadcasts.create(session, 1, {"kind": "all"}, "Họp giao ban", None, clock())
    await sender.send_pending()
    await sender.send_pending()
    assert [(chat, to_plain(r.text)) for chat, r in telegram.sent] == [(TELEGRAM_USER, "Họp giao ban")]


async def test_a_message_queued_for_a_chat_that_became_inactive_goes_to_the_other_channel(sessions, alias_table):
    """Queued for Telegram, then Telegram said the bot was blocked there (another message's
    403): this one is not sent to Telegram but recorded blocked, and Zalo gets it."""
    conversation, clock = await make_conversation(sessions, alias_table)
    await linked_on_telegram(conversation)
    await connected(conversation)
    await say(conversation, "zalo", ZALO_USER, "/notify telegram")
    zalo, telegram = Channel({}, []), Channel({}, [])
    sender = Sender(sessions, clock, {"zalo": zalo, "telegram": telegram}, "me")
    async with unit_of_work(sessions) as session:
        broadcast_id, chats = await broadcasts.create(session, 1, {"kind": "all"}, "Họp giao ban", None, clock())
        await mark_unreachable(session, "telegram", TELEGRAM_USER)
    assert chats == 1
    assert (await sender.send_pending()).blocked == 1
    await sender.send_pending()
    assert telegram.sent == []
    assert [(chat, to_plain(reply.text)) for chat, reply in zalo.sent] == [(ZALO_USER, "Họp giao ban")]
    async with sessions() as session:
        totals = (await broadcasts.summary(session, broadcast_id)).totals
    assert (totals.chats, totals.delivered, totals.blocked) == (2, 1, 1)


class AnotherProcessFindsItBlocked:
    """A limiter whose first turn lasts while another process's message to the same chat
    is answered 403 (and the chat marked inactive), as two senders on PostgreSQL do."""

    def __init__(self, sessions) -> None:
        self.sessions, self.turns = sessions, 0

    async def wait_turn(self, channel: str, chat: str, is_group: bool) -> None:
        self.turns += 1
        if self.turns == 1:
            async with unit_of_work(self.sessions) as session:
                await mark_unreachable(session, channel, chat)

    async def expect(self, chats) -> None:
        return None

    async def hold(self, channel: str, chat: str | None, seconds: float) -> None:
        return None

    def delivered(self, channel: str, chat: str, is_group: bool) -> None:
        return None


async def test_a_message_held_while_another_process_finds_the_chat_blocked_is_not_sent(sessions, alias_table):
    conversation, clock = await make_conversation(sessions, alias_table)
    await linked_on_telegram(conversation)
    await connected(conversation)
    await say(conversation, "zalo", ZALO_USER, "/notify telegram")
    zalo, telegram = Channel({}, []), Channel({}, [])
    limiter = AnotherProcessFindsItBlocked(sessions)
    sender = Sender(sessions, clock, {"zalo": zalo, "telegram": telegram}, "me", limiter=limiter, check_every=0)
    async with unit_of_work(sessions) as session:
        await broadcasts.create(session, 1, {"kind": "all"}, "Họp giao ban", None, clock())
    assert await sender.send_pending() == SendReport(blocked=1)  # the copy for Zalo goes on the next pass
    assert await sender.send_pending() == SendReport(sent=1)
    assert telegram.sent == []
    assert [(chat, to_plain(reply.text)) for chat, reply in zalo.sent] == [(ZALO_USER, "Họp giao ban")]
