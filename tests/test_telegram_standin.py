"""The Telegram stand-in, driven by the real python-telegram-bot client: it must be as strict as Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import ClientSession, web
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from standins.telegram import TelegramStandIn, flood_wait, parse_html

USER = 4242
GROUP = -100777


@pytest.fixture
async def tg() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as standin:
        yield standin


@pytest.fixture
async def bot(tg: TelegramStandIn) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
        yield bot


@pytest.fixture
def user(tg: TelegramStandIn) -> int:
    """A private chat the stand-in knows, because the user wrote first."""
    tg.push_text(USER, "hi")
    return USER


def said(description: str) -> re.Pattern[str]:
    """PTB drops "Bad Request: " and changes the case of Telegram's description; match the words only."""
    return re.compile(re.escape(description), re.IGNORECASE)


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"button {d}", callback_data=d)] for d in data])


# --- plain Bot calls


async def test_get_me_and_tokens(tg: TelegramStandIn, bot: Bot) -> None:
    assert bot.username == "agency_test_bot"
    assert (await bot.get_me()).id == 123456
    with pytest.raises(InvalidToken):
        async with Bot("123456:wrong", base_url=tg.base_url):  # initialize calls getMe
            pass
    assert tg.errors == [("getMe", "Unauthorized")]


async def test_http_shapes(tg: TelegramStandIn) -> None:
    async with ClientSession() as http:
        async with http.get(f"{tg.base_url}{tg.token}/GETME") as response:  # method names ignore case
            assert (await response.json())["result"]["username"] == "agency_test_bot"
        async with http.post(f"{tg.base_url}{tg.token}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        async with http.post(f"{tg.base_url}1:bad/getMe") as response:
            assert (response.status, (await response.json())["description"]) == (401, "Unauthorized")
        tg.push_text(USER, "hi")
        body = {"chat_id": USER, "text": "<b>json</b>", "parse_mode": "HTML"}
        async with http.post(f"{tg.base_url}{tg.token}/sendMessage", json=body) as response:
            assert (await response.json())["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 4}]


async def test_html_is_parsed_and_unescaped(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    source = '<b>Kế hoạch</b> &lt;5&gt; &amp; &quot;x&quot; &#39;y&#x27; <a href="https://a.vn/?p=1&amp;q=2">link</a>'
    message = await bot.send_message(user, source, parse_mode=ParseMode.HTML)
    plain = "Kế hoạch <5> & \"x\" 'y' link"
    assert message.text == plain
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 8), ("text_link", 23, 4)]
    assert message.entities[1].url == "https://a.vn/?p=1&q=2"
    [sent] = tg.sent(user)
    assert (sent.text, sent.plain_text, sent.parse_mode) == (source, plain, "HTML")


def test_html_details() -> None:
    assert parse_html('<pre><code class="language-python">x = 1</code></pre>')[1] == [
        {"type": "pre", "offset": 0, "length": 5, "language": "python"}
    ]
    assert parse_html("😀<i>a</i>")[1] == [{"type": "italic", "offset": 2, "length": 1}]  # UTF-16 offsets
    assert parse_html("<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>")[1] == [
        {"type": "expandable_blockquote", "offset": 0, "length": 1},
        {"type": "spoiler", "offset": 1, "length": 1},
    ]
    assert parse_html("a > b <B>c</b>") == ("a > b c", [{"type": "bold", "offset": 6, "length": 1}])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1 < 2", 'unsupported start tag ""'),
        ("Tom & Jerry", 'character "&" at byte offset 4'),
        ("&nbsp;", "must be escaped"),
        ("line<br>line", 'unsupported start tag "br"'),
        ("<b>bold", "can't find end tag corresponding to start tag b"),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("x</b>", "unexpected end tag"),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ('<a href="x>y', "unclosed start tag"),
    ],
)
async def test_bad_html_is_refused(tg: TelegramStandIn, bot: Bot, user: int, text: str, reason: str) -> None:
    with pytest.raises(BadRequest, match=said(reason)):
        await bot.send_message(user, text, parse_mode=ParseMode.HTML)
    [(method, description)] = tg.errors
    assert method == "sendMessage" and description.startswith("Bad Request: can't parse entities: ")
    assert tg.sent(user) == []


async def test_text_is_taken_literally_without_parse_mode(bot: Bot, user: int) -> None:
    assert (await bot.send_message(user, "1 < 2 & <b>")).text == "1 < 2 & <b>"


async def test_text_length_counts_after_parsing(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    await bot.send_message(user, "x" * 4096)
    await bot.send_message(user, f"<b>{'x' * 4096}</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(user, "&amp;" * 4096, parse_mode=ParseMode.HTML)
    for too_long in ("x" * 4097, "<i>x</i>" * 4097):
        with pytest.raises(BadRequest, match=said("message is too long")):
            await bot.send_message(user, too_long, parse_mode=ParseMode.HTML)
    for empty in ("", "  \n ", "<b> </b>"):
        with pytest.raises(BadRequest, match=said("message text is empty")):
            await bot.send_message(user, empty, parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=said("unsupported parse_mode")):
        await bot.send_message(user, "x", parse_mode="Textile")
    assert len(tg.sent(user)) == 3


async def test_inline_keyboard_rules(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    ok = await bot.send_message(user, "ok", reply_markup=keyboard("é" * 32, "a"))  # 64 bytes in UTF-8
    assert tg.sent(user)[0].buttons == [[("button " + "é" * 32, "é" * 32)], [("button a", "a")]]
    assert ok.reply_markup == keyboard("é" * 32, "a")
    with pytest.raises(BadRequest, match=said("button_data_invalid")):
        await bot.send_message(user, "x", reply_markup=keyboard("é" * 32 + "a"))
    with pytest.raises(BadRequest, match=said("button_url_invalid")):
        await bot.send_message(
            user, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("u", url="javascript:x")]])
        )
    with pytest.raises(BadRequest, match=said("text buttons are unallowed")):
        await bot.send_message(user, "x", reply_markup={"inline_keyboard": [[{"text": "no action"}]]})
    with pytest.raises(BadRequest, match=said("reply markup is too long")):
        await bot.send_message(user, "x", reply_markup=keyboard(*(str(n) for n in range(101))))
    link = InlineKeyboardMarkup([[InlineKeyboardButton("site", url="https://example.org")]])
    await bot.send_message(user, "link", reply_markup=link)
    assert tg.sent(user)[1].buttons == [[("site", "https://example.org")]]


async def test_edits(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    sent = await bot.send_message(user, "<b>Pick</b>", parse_mode=ParseMode.HTML, reply_markup=keyboard("a"))
    assert (await tg.next_message(user)).plain_text == "Pick"
    with pytest.raises(BadRequest, match=said("message is not modified")):
        await sent.edit_text("<b>Pick</b>", parse_mode=ParseMode.HTML, reply_markup=keyboard("a"))
    await sent.edit_text("Pick", reply_markup=keyboard("a"))  # same letters, no bold: a real change
    await sent.edit_text("Pick")  # dropping the keyboard is a change too
    first, second = await tg.next_edit(user), await tg.next_edit(user)
    assert (first.buttons, second.buttons) == ([[("button a", "a")]], [])
    with pytest.raises(BadRequest, match=said("message is not modified")):
        await sent.edit_reply_markup(None)
    await sent.edit_reply_markup(keyboard("b"))
    [current] = tg.sent(user)
    assert (current.plain_text, current.buttons, current.edits) == ("Pick", [[("button b", "b")]], 3)
    with pytest.raises(BadRequest, match=said("message to edit not found")):
        await bot.edit_message_text("x", chat_id=user, message_id=999)
    with pytest.raises(BadRequest, match=said("message can't be edited")):
        await bot.edit_message_text("x", chat_id=user, message_id=1)  # the user's "hi"
    assert await bot.delete_message(user, sent.message_id)
    assert tg.sent(user) == [] and tg.sent(user, include_deleted=True)[0].deleted
    with pytest.raises(BadRequest, match=said("message to delete not found")):
        await bot.delete_message(user, sent.message_id)


async def test_chats_unknown_blocked_and_groups(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    with pytest.raises(BadRequest, match=said("chat not found")):
        await bot.send_message(999, "hello")
    tg.block(user)
    with pytest.raises(Forbidden, match=said("bot was blocked by the user")):
        await bot.send_message(user, "hello")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(user, "typing")
    tg.push_text(user, "/start")  # writing again means the user restarted the bot
    await bot.send_chat_action(user, "typing")
    with pytest.raises(BadRequest, match=said("wrong parameter action")):
        await bot.send_chat_action(user, "dancing")
    tg.push_text(GROUP, "hello", user_id=user, chat_type="supergroup", chat_title="Sở Nội vụ")
    chat = await bot.get_chat(GROUP)
    assert (chat.type, chat.title) == ("supergroup", "Sở Nội vụ")
    with pytest.raises(BadRequest, match=said("message to be replied not found")):
        await bot.send_message(GROUP, "re", reply_parameters=ReplyParameters(message_id=77))
    reply = await bot.send_message(GROUP, "re", reply_parameters=ReplyParameters(message_id=1))
    assert reply.reply_to_message.text == "hello"
    with pytest.raises(ValueError, match="private chat"):
        tg.push_text(5, "x", user_id=6)


async def test_commands_per_language_and_scope(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("tasks", "Việc của tôi")], language_code="vi")
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("admin", "Admin")], scope={"type": "chat", "chat_id": user})
    assert [c.command for c in await bot.get_my_commands(language_code="vi")] == ["start", "tasks"]
    assert tg.commands == {
        "vi": [{"command": "start", "description": "Bắt đầu"}, {"command": "tasks", "description": "Việc của tôi"}],
        None: [{"command": "start", "description": "Start"}],
    }
    assert tg.commands_by_scope[(f"chat:{user}", None)] == [{"command": "admin", "description": "Admin"}]
    for bad in ("Start", "/start", "x" * 33):
        with pytest.raises(BadRequest, match=said("BOT_COMMAND_INVALID")):
            await bot.set_my_commands([BotCommand(bad, "d")])
    with pytest.raises(BadRequest, match=said("bot_command_description_invalid")):
        await bot.set_my_commands([BotCommand("ok", "d" * 257)])
    await bot.delete_my_commands(language_code="vi")
    assert await bot.get_my_commands(language_code="vi") == ()


async def test_documents_both_ways(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    message = await bot.send_document(
        user, b"a;b\n1;2\n", filename="report.csv", caption="<i>Báo cáo</i>", parse_mode="HTML"
    )
    [sent] = tg.sent(user)
    assert sent.document is not None
    assert (sent.document.file_name, sent.document.content, sent.plain_text) == ("report.csv", b"a;b\n1;2\n", "Báo cáo")
    assert message.document.file_name == "report.csv" and message.caption_entities[0].type == "italic"
    with pytest.raises(BadRequest, match=said("caption is too long")):
        await bot.send_document(user, b"x", filename="x.txt", caption="c" * 1025)
    with pytest.raises(BadRequest, match=said("there is no text in the message to edit")):
        await message.edit_text("x")
    update = tg.push_document(user, "plan.xlsx", b"PK\x03\x04 plan", caption="kế hoạch")
    file = await bot.get_file(update["message"]["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"PK\x03\x04 plan"


async def test_callback_answers(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    await bot.send_message(user, "pick", reply_markup=keyboard("yes"))
    with pytest.raises(ValueError, match="no button"):
        tg.press(tg.sent(user)[0], "no")
    query_id = tg.press(tg.sent(user)[0], "yes")["callback_query"]["id"]
    assert tg.unanswered_queries
    with pytest.raises(BadRequest, match=said("query id is invalid")):
        await bot.answer_callback_query("nope")
    await bot.answer_callback_query(query_id, text="Đã ghi nhận")
    with pytest.raises(BadRequest, match=said("query id is invalid")):  # a query is answered once
        await bot.answer_callback_query(query_id)
    assert (await tg.next_callback_answer())["text"] == "Đã ghi nhận" and not tg.unanswered_queries


async def test_second_poller_gets_a_conflict(tg: TelegramStandIn, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await tg.wait_until(lambda: tg.is_polling)
    async with Bot(tg.token, base_url=tg.base_url) as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match=said("terminated by other getupdates request")):
        await asyncio.wait_for(first, 1)


async def test_a_long_poll_ends_when_its_client_goes_away(tg: TelegramStandIn, bot: Bot) -> None:
    """Otherwise it would take the next update for nobody and skew the update's timing."""
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_until(lambda: tg.is_polling)
    poll.cancel()
    await tg.wait_until(lambda: not tg.is_polling, 2, "the server to drop the poll")
    tg.push_text(USER, "after")
    assert tg.updates[-1].update_at is None and tg.errors == []


async def test_long_poll_returns_as_soon_as_an_update_arrives(tg: TelegramStandIn, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_until(lambda: tg.is_polling)
    tg.push_text(USER, "/start@agency_test_bot CODE")
    [update] = await asyncio.wait_for(poll, 2)
    assert update.message.text == "/start@agency_test_bot CODE"
    assert update.message.entities[0].type == "bot_command" and update.message.entities[0].length == 22
    assert await bot.get_updates(offset=update.update_id, timeout=0) == (update,)  # not confirmed yet
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


# --- a real Application


@contextlib.asynccontextmanager
async def running(app: Application) -> AsyncIterator[None]:
    """Start an Application the way run_polling would, and stop it in reverse order."""
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_application_with_handlers(tg: TelegramStandIn) -> None:
    seen_args: list[list[str]] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen_args.append(list(context.args or []))
        await update.effective_message.reply_html("<b>Chào</b> bạn", reply_markup=keyboard("ok"))

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Đã chọn")
        await update.callback_query.edit_message_text(f"Bạn chọn: {update.callback_query.data}")

    app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).base_file_url(tg.base_file_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    async with running(app):
        tg.push_text(USER, "/start abc")
        greeting = await tg.next_message(USER)
        assert (greeting.plain_text, seen_args) == ("Chào bạn", [["abc"]])
        tg.push_text(USER, "Xin chào <3 & bye")
        assert (await tg.next_message(USER)).text == "Xin chào <3 & bye"
        tg.press(greeting, "ok")
        assert (await tg.next_callback_answer())["text"] == "Đã chọn"
        assert (await tg.next_edit(USER)).plain_text == "Bạn chọn: ok"
        tg.push_text(GROUP, "/start@agency_test_bot g1", user_id=USER, chat_type="group")
        assert (await tg.next_message(GROUP)).plain_text == "Chào bạn" and seen_args[-1] == ["g1"]
    assert tg.errors == [] and not tg.unanswered_queries
    latencies = tg.reply_latencies()
    assert len(latencies) == 4 and all(0 <= s < 5 for s in latencies)


# --- webhook


async def test_webhook_delivery(tg: TelegramStandIn, bot: Bot) -> None:
    received: asyncio.Queue[tuple[str | None, dict]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await received.put((secret, await request.json()))
        return web.Response(status=200 if secret == "s3cret" else 403)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        with pytest.raises(BadRequest, match=said("bad webhook")):
            await bot.set_webhook("https://example.org/hook")
        await bot.set_webhook(url, secret_token="s3cret")
        assert (await bot.get_webhook_info()).url == url
        with pytest.raises(Conflict, match=said("can't use getupdates method while webhook is active")):
            await bot.get_updates()
        update = tg.push_text(USER, "qua webhook")
        assert await asyncio.wait_for(received.get(), 5) == ("s3cret", update)
        assert tg.updates[-1].update_at is not None
        assert await tg.post_update_raw(update, "wrong") == 403
        assert await tg.post_update_raw(update, None) == 403
        await bot.delete_webhook()
        later = tg.push_text(USER, "qua polling")
        assert [u.update_id for u in await bot.get_updates(timeout=0)] == [later["update_id"]]
    finally:
        await runner.cleanup()
    assert tg.webhook_failures == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_ptb_webhook_server(tg: TelegramStandIn) -> None:
    """PTB's own webhook server (tornado) behind the stand-in: updates arrive, a wrong secret is refused."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"webhook: {update.effective_message.text}")

    app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    port = free_port()
    await app.initialize()
    await app.start()
    await app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path="tg", webhook_url=f"http://127.0.0.1:{port}/tg", secret_token="s3cret"
    )
    try:
        update = tg.push_text(USER, "xin chào")
        assert (await tg.next_message(USER)).plain_text == "webhook: xin chào"
        assert await tg.post_update_raw(update | {"update_id": 1}, "wrong") == 403
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert tg.errors == [] and tg.webhook_failures == []


# --- flood control


@contextlib.asynccontextmanager
async def limited(**limits: float) -> AsyncIterator[tuple[TelegramStandIn, Bot]]:
    """A stand-in with these limits from the start, and a Bot on it."""
    async with TelegramStandIn(**limits) as standin, Bot(standin.token, base_url=standin.base_url) as bot:
        yield standin, bot


# PTB warns, in RetryAfter's own constructor, that retry_after will become a timedelta.
quiet_retry_after = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else value


def test_flood_wait_windows() -> None:
    assert flood_wait([], 5.0, 1, 1.0) is None
    assert flood_wait([0.0, 0.5], 0.9, 2, 1.0) == pytest.approx(0.1)  # [0, 1) would hold three
    assert flood_wait([0.0, 0.5], 1.0, 2, 1.0) is None  # windows are half-open: 0.0 has left
    assert flood_wait([1.0], 0.0, 1, 1.0) is None and flood_wait([0.0], 1.0, 1, 1.0) is None
    assert flood_wait([0.0], 0.25, 1, 1.0) == pytest.approx(0.75)
    # A request handled before an earlier arrival: the window after t counts too.
    assert flood_wait([0.5, 1.2], 0.9, 2, 1.0) == pytest.approx(0.6)
    assert flood_wait([0.95], 0.9, 1, 1.0) == pytest.approx(1.0)


@quiet_retry_after
async def test_rate_per_second_refuses_the_sixth_send() -> None:
    chats = list(range(1, 7))
    async with limited(rate_per_second=5) as (tg, bot):
        tg.add_chats(chats)
        results = await asyncio.gather(
            *(bot.send_message(chat, f"to {chat}") for chat in chats), return_exceptions=True
        )
        [refused] = [r for r in results if isinstance(r, Exception)]
        assert isinstance(refused, RetryAfter) and retry_seconds(refused) >= 1
        assert tg.too_many == 1 and sum(tg.too_many_by_chat.values()) == 1
        [chat] = tg.too_many_by_chat
        assert tg.sent(chat) == [] and sum(len(tg.sent(c)) for c in chats) == 5
        assert tg.errors == [("sendMessage", "Too Many Requests: retry after 1")]
        assert len(tg.accepted_times) == 5 and tg.accepted_times == sorted(tg.accepted_times)
        assert tg.accepted_times[-1] - tg.accepted_times[0] < 1
        assert tg.updates == []  # add_chats makes chats known without any update


async def test_429_answer_shape() -> None:
    async with limited(per_chat_interval=1) as (tg, _bot), ClientSession() as http:
        tg.add_chats([USER])
        url = f"{tg.base_url}{tg.token}/sendMessage"
        async with http.post(url, json={"chat_id": USER, "text": "a"}) as response:
            assert response.status == 200
        async with http.post(url, json={"chat_id": USER, "text": "b"}) as response:
            assert response.status == 429
            assert await response.json() == {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            }


@quiet_retry_after
async def test_per_chat_interval() -> None:
    async with limited(per_chat_interval=1) as (tg, bot):
        tg.add_chats([USER, USER + 1])
        await bot.send_message(USER, "first")
        with pytest.raises(RetryAfter) as refused:
            await bot.send_message(USER, "too soon")
        assert retry_seconds(refused.value) == 1
        await bot.send_message(USER + 1, "another chat is not held back")
        assert (tg.too_many, tg.too_many_by_chat) == (1, {USER: 1})
        assert [m.plain_text for m in tg.sent(USER)] == ["first"]


@quiet_retry_after
async def test_group_per_minute() -> None:
    async with limited(group_per_minute=2) as (tg, bot):
        tg.add_chats([GROUP], "supergroup")
        tg.add_chats([USER])
        await bot.send_message(GROUP, "1")
        await bot.send_message(GROUP, "2")
        with pytest.raises(RetryAfter) as refused:
            await bot.send_message(GROUP, "3")
        assert 59 <= retry_seconds(refused.value) <= 60  # until the first send leaves the minute
        for n in range(3):  # private chats have no per-minute limit
            await bot.send_message(USER, str(n))
        assert (tg.too_many, tg.too_many_by_chat) == (1, {GROUP: 1})
        assert (await bot.get_chat(GROUP)).type == "supergroup"


@quiet_retry_after
async def test_retry_after_must_be_honoured() -> None:
    async with limited(rate_per_second=2) as (tg, bot):
        tg.add_chats([1, 2, 3, 4])
        pick = await bot.send_message(1, "pick", reply_markup=keyboard("a"))
        query_id = tg.press(tg.sent(1)[0], "a", user_id=1)["callback_query"]["id"]
        await bot.send_message(2, "2")
        with pytest.raises(RetryAfter):
            await bot.send_message(3, "over the limit")
        tg.set_limits(rate_per_second=1000)  # the window would allow it now, but the bot was told to wait
        with pytest.raises(RetryAfter) as again:
            await bot.send_message(4, "did not wait")
        assert retry_seconds(again.value) == 1
        assert (tg.too_many, tg.too_many_by_chat) == (2, {3: 1, 4: 1})
        # Edits and callback answers are not limited, even while sends wait.
        await bot.answer_callback_query(query_id)
        await pick.edit_text("picked")
        assert len(tg.accepted_times) == 2 and tg.sent(1)[0].plain_text == "picked"


@quiet_retry_after
async def test_chat_retry_after_must_be_honoured() -> None:
    async with limited(per_chat_interval=1) as (tg, bot):
        tg.add_chats([USER, USER + 1])
        await bot.send_message(USER, "first")
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "too soon")
        tg.set_limits(per_chat_interval=None)
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "still too soon: retry_after has not passed")
        await bot.send_message(USER + 1, "other chats were not told to wait")
        assert tg.too_many_by_chat == {USER: 2}
        tg.reset()  # forgets the waits with the counters
        await bot.send_message(USER, "after reset")
        assert (tg.too_many, len(tg.accepted_times), len(tg.sent(USER))) == (0, 1, 1)


@quiet_retry_after
async def test_injected_429s_and_blocked_chats_are_logged_with_every_send() -> None:
    async with limited() as (tg, bot):
        tg.add_chats([1, 2, 3])
        tg.block(3)
        tg.inject_too_many(every=2, retry_after=5)
        await bot.send_message(1, "first")
        with pytest.raises(RetryAfter) as told:  # the second send: Telegram's own flood wait
            await bot.send_message(2, "second")
        assert retry_seconds(told.value) == 5
        with pytest.raises(RetryAfter):  # told to wait: any send before the 5 seconds is refused
            await bot.send_message(1, "too soon")
        with pytest.raises(Forbidden):
            await bot.send_message(3, "blocked")
        codes = [(chat, code, retry) for _at, chat, code, retry in tg.stats()["sends"]]
        assert codes == [(1, 200, None), (2, 429, 5), (1, 429, 5), (3, 403, None)]
        tg.inject_too_many(None)
        tg.reset()
        await bot.send_message(2, "after reset")
        assert [code for *_, code, _retry in tg.stats()["sends"]] == [200]


async def test_no_limits_by_default(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    tg.add_chats([GROUP], "group")
    sends = [bot.send_message(user if n % 2 else GROUP, f"n{n}") for n in range(50)]
    assert all(not isinstance(r, Exception) for r in await asyncio.gather(*sends, return_exceptions=True))
    assert (tg.too_many, len(tg.accepted_times), len(tg.sent(user)), len(tg.sent(GROUP))) == (0, 50, 25, 25)
    assert tg.limits.rate_per_second is tg.limits.per_chat_interval is tg.limits.group_per_minute is None


async def test_set_limits_changes_only_what_it_names(tg: TelegramStandIn) -> None:
    assert tg.set_limits(rate_per_second=30, group_per_minute=20).per_chat_interval is None
    limits = tg.set_limits(per_chat_interval=0.5)
    assert (limits.rate_per_second, limits.per_chat_interval, limits.group_per_minute) == (30, 0.5, 20)
    assert tg.set_limits(rate_per_second=None).rate_per_second is None and tg.limits.group_per_minute == 20
    for bad in ({"rate_per_second": 0}, {"per_chat_interval": -1}, {"group_per_minute": 1.5}):
        with pytest.raises(ValueError, match="must be"):
            tg.set_limits(**bad)


# --- documents by file_id


async def test_send_document_by_file_id(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    pushed = tg.push_document(user, "plan.xlsx", b"PK\x03\x04 plan")["message"]["document"]
    message = await bot.send_document(
        user, pushed["file_id"], caption="<b>Kế hoạch</b> &amp; phụ lục", parse_mode="HTML", reply_markup=keyboard("ok")
    )
    assert (message.document.file_id, message.document.file_name) == (pushed["file_id"], "plan.xlsx")
    assert message.caption == "Kế hoạch & phụ lục" and message.caption_entities[0].type == "bold"
    [sent] = tg.sent(user)
    assert sent.document is not None
    assert (sent.document.file_id, sent.document.file_name, sent.document.content) == (
        pushed["file_id"],
        "plan.xlsx",
        b"PK\x03\x04 plan",
    )
    assert (sent.caption, sent.plain_text, sent.buttons) == (
        "<b>Kế hoạch</b> &amp; phụ lục",
        "Kế hoạch & phụ lục",
        [[("button ok", "ok")]],
    )
    # What the bot uploaded once it can send again by file_id, with no upload.
    uploaded = await bot.send_document(user, b"a;b\n", filename="report.csv")
    again = await bot.send_document(user, uploaded.document.file_id)
    assert again.document.file_id == uploaded.document.file_id and tg.sent(user)[-1].document.content == b"a;b\n"
    assert tg.calls[-1] == ("sendDocument", {"chat_id": str(user), "document": uploaded.document.file_id})
    await bot.send_document(user, pushed["file_id"], caption=f"<i>{'c' * 1024}</i>", parse_mode="HTML")


async def test_send_document_by_file_id_refusals(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    file_id = tg.push_document(user, "plan.xlsx", b"PK")["message"]["document"]["file_id"]
    with pytest.raises(BadRequest, match=said("wrong file identifier/http url specified")):
        await bot.send_document(user, "no-such-file-id")
    with pytest.raises(BadRequest, match=said("can't parse entities")):
        await bot.send_document(user, file_id, caption="Tom & Jerry", parse_mode="HTML")
    with pytest.raises(BadRequest, match=said("message caption is too long")):
        await bot.send_document(user, file_id, caption=f"<i>{'c' * 1025}</i>", parse_mode="HTML")
    assert tg.sent(user) == [] and tg.accepted_times == []  # refused sends are not counted


# --- a process of its own

STANDIN_SCRIPT = Path(__file__).parent / "standins" / "telegram.py"


@quiet_retry_after
async def test_standin_in_its_own_process() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(STANDIN_SCRIPT),
        "--port",
        "0",
        "--rate-per-second",
        "3",
        "--per-chat-interval",
        "1",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        info = json.loads(await asyncio.wait_for(process.stdout.readline(), 15))
        assert set(info) >= {"base_url", "token", "control_url"}
        control = info["control_url"]
        async with ClientSession() as http, Bot(info["token"], base_url=info["base_url"]) as bot:

            async def call(method: str, action: str, body: dict | None = None) -> tuple[int, dict]:
                async with http.request(method, f"{control}/{action}", json=body) as response:
                    return response.status, await response.json()

            assert await call("POST", "chats", {"chat_ids": [1, 2, 3, 4], "type": "private"}) == (
                200,
                {"chat_ids": [1, 2, 3, 4]},
            )
            for chat in (1, 2, 3):
                await bot.send_message(chat, f"to {chat}")
            with pytest.raises(RetryAfter):
                await bot.send_message(4, "one too many")
            status, stats = await call("GET", "stats")
            assert status == 200
            assert (stats["accepted"], stats["too_many"], stats["per_chat"]) == (3, 1, {"1": 1, "2": 1, "3": 1})
            times = stats["accepted_times"]
            assert len(times) == 3 and (stats["first"], stats["last"]) == (times[0], times[-1])
            assert 0 <= times[-1] - times[0] < 1

            assert (await call("POST", "limits", {"rate_per_second": None, "per_chat_interval": None}))[0] == 200
            assert (await call("POST", "limits", {"rate": 3}))[0] == 400
            assert (await call("POST", "reset"))[0] == 200  # also forgets the retry_after of the 429
            await bot.send_message(4, "after reset")
            await bot.send_message(4, "no per-chat interval any more")
            status, update = await call("POST", "push_text", {"chat_id": 4, "text": "xin chào"})
            assert status == 200 and update["message"]["text"] == "xin chào"
            assert [u.message.text for u in await bot.get_updates(timeout=0)] == ["xin chào"]
            _, stats = await call("GET", "stats")
            assert (stats["accepted"], stats["too_many"], stats["per_chat"]) == (2, 0, {"4": 2})
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 10) == 0
        assert await process.stdout.read() == b""  # one line, nothing else
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


# --- photos


def _png(width: int, height: int) -> bytes:
    """A PNG header the stand-in reads the size from (Telegram decodes the picture; the stand-in reads its header)."""
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08"


async def test_photos_uploaded_and_checked(tg: TelegramStandIn, bot: Bot, user: int) -> None:
    message = await bot.send_photo(user, _png(1600, 900), caption="<b>Tiến độ</b>", parse_mode="HTML")
    [sent] = tg.sent(user)
    assert sent.photo is not None and (sent.photo.width, sent.photo.height) == (1600, 900)
    assert sent.plain_text == "Tiến độ" and sent.document is None
    assert (message.photo[-1].width, message.photo[-1].height) == (1280, 720)  # Telegram shows a scaled copy
    assert message.caption_entities[0].type == "bold"
    name, params = tg.calls[-1]
    assert name == "sendPhoto" and params["photo"].file_name and params["photo"].content == _png(1600, 900)
    again = await bot.send_photo(user, message.photo[-1].file_id)
    assert tg.sent(user)[-1].photo is sent.photo and again.photo
    with pytest.raises(BadRequest, match=said("IMAGE_PROCESS_FAILED")):
        await bot.send_photo(user, b"not a picture")
    with pytest.raises(BadRequest, match=said("PHOTO_INVALID_DIMENSIONS")):
        await bot.send_photo(user, _png(9000, 1200))
    with pytest.raises(BadRequest, match=said("PHOTO_INVALID_DIMENSIONS")):
        await bot.send_photo(user, _png(2100, 100))
    with pytest.raises(BadRequest, match=said("PHOTO_SAVE_FILE_INVALID")):
        await bot.send_photo(user, _png(100, 100) + b"\0" * (10 * 2**20))
    with pytest.raises(BadRequest, match=said("caption is too long")):
        await bot.send_photo(user, _png(10, 10), caption="c" * 1025)
    with pytest.raises(BadRequest, match=said("wrong file identifier")):
        await bot.send_photo(user, "no-such-photo")
    with pytest.raises(BadRequest, match=said("there is no text in the message to edit")):
        await message.edit_text("x")
