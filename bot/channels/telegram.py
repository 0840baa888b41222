"""Telegram through python-telegram-bot: updates become core events, replies become calls.

Only translation lives here; every decision is the core's.
"""

from __future__ import annotations

import asyncio
import logging
import os
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import lru_cache, partial

# PTB 23's way, already: time periods (a 429's retry_after) as timedelta, which the code
# below reads, instead of a deprecation warning at every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import (
    BotCommand,
    BotCommandScopeDefault,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
    WebAppInfo,
)
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from base.delivery import Blocked, Rejected, RetryLater, Turn, Unavailable
from base.events import Button, ChatKind, Incoming, IncomingFile, Outcome, Reply
from base.markup import split_message
from bot.channels.telegram_request import JsonRequest
from bot.core.catalogue import CATALOGUE, DEFAULT_LANGUAGE
from bot.core.commands import menu

log = logging.getLogger(__name__)
CHANNEL = "telegram"
# do_api_request is PTB's documented way to call a Bot API method and get Telegram's answer
# as it came; for a method PTB has its own function for, it suggests that function. We mean
# to skip it (TelegramChannel._send_text says why): the suggestion is not needed.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Handler = Callable[[Incoming], Awaitable[Outcome]]
AfterEvent = Callable[[Outcome], Awaitable[None]]  # notices and queued messages: the service's business


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _markup(reply.buttons) if reply.buttons else None


@lru_cache(maxsize=4096)  # the same pages come back often; PTB's objects are immutable
def _markup(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(b) for b in row] for row in rows])


def _button(button: Button) -> InlineKeyboardButton:
    if button.web_app:  # the dashboard, opened inside Telegram with the user's signed data
        return InlineKeyboardButton(button.label, web_app=WebAppInfo(button.web_app))
    return InlineKeyboardButton(button.label, callback_data=button.action)


def _markup_json(rows: tuple[tuple[Button, ...], ...]) -> dict[str, object]:
    """The buttons as the Bot API reads them (what _markup(rows).to_dict() gives), made
    directly each time: a few microseconds. Each user's first question shows buttons never
    shown before; PTB's objects for them, kept in a cache, were thirty-odd objects a page
    that the garbage collector walked again and again (its pauses held up answers)."""
    return {"inline_keyboard": [[_button_json(button) for button in row] for row in rows]}


def _button_json(button: Button) -> dict[str, object]:
    if button.web_app:
        return {"text": button.label, "web_app": {"url": button.web_app}}
    return {"text": button.label, "callback_data": button.action}


def _previews(text: str) -> LinkPreviewOptions | None:
    """No preview cards for the links we send (invitation links); nothing to say otherwise."""
    return _NO_PREVIEW if "://" in text else None


def _pieces(reply: Reply) -> list[str]:
    """Pieces of at most 4,096 characters as sent: escaped, tags and all. A user's "<" is
    four characters once escaped, so a text measured before escaping can be twice the limit
    on the wire; measured as sent, no piece is too long, whichever way it is counted."""
    return split_message(reply.text, MessageLimit.MAX_TEXT_LENGTH)


async def _after_waits(send: Callable[[], Awaitable[Message]], attempts: int = 3) -> Message:
    """A piece after the first of a long message: the first is out, so a "retry after"
    here is waited for on the spot; failing the whole message would send it all again."""
    for _ in range(attempts - 1):
        try:
            return await send()
        except RetryAfter as error:
            wait = error.retry_after
            await asyncio.sleep(wait.total_seconds() if isinstance(wait, timedelta) else float(wait))
    return await send()


class TelegramChannel:
    def __init__(
        self,
        token: str,
        base_url: str,
        base_file_url: str,
        handle: Handler,
        after: AfterEvent,
    ):
        self._handle, self._after = handle, after
        # Set by the service: direct answers do not wait, but count in the bot's limits.
        self.direct_turn: Callable[[str], Awaitable[None]] | None = None
        self._requests = (JsonRequest(connection_pool_size=64), JsonRequest(connection_pool_size=1))
        self.application: Application = (
            ApplicationBuilder()
            .token(token)
            .base_url(base_url)
            .base_file_url(base_file_url)
            # PTB's own pool sizes: many concurrent sends, one long poll.
            .request(self._requests[0])
            .get_updates_request(self._requests[1])
            .build()
        )
        # In a private chat every message gets an answer (a photo, a sticker: what the bot can
        # read); in a group only text and files, not every picture the members share.
        private_other = filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL
        self.application.add_handler(
            MessageHandler(filters.TEXT | filters.Document.ALL | private_other, self._on_message)
        )
        self.application.add_handler(CallbackQueryHandler(self._on_button))
        self.application.add_error_handler(self._on_error)

    # -- translating in --------------------------------------------------------------------

    def _event(
        self, update: Update, text: str | None = None, button: str | None = None, document: IncomingFile | None = None
    ) -> Incoming:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None and user is not None
        group = chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
        return Incoming(
            channel=CHANNEL,
            chat_id=str(chat.id),
            chat_kind=ChatKind.GROUP if group else ChatKind.PRIVATE,
            user_id=str(user.id),
            user_name=user.full_name,
            username=user.username,
            language=user.language_code,
            text=text,
            button=button,
            chat_title=chat.title,
            document=document,
            link_template=f"https://t.me/{self.application.bot.username}?start={{code}}",
        )

    async def _on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        document = None
        if message.document is not None:
            file = message.document
            document = IncomingFile(
                file.file_id, file.file_name or "file", file.file_size, file.mime_type, partial(self._download, file)
            )
        outcome = await self._handle(self._event(update, text=message.text or message.caption, document=document))
        for reply in outcome.replies:
            await self.send(message.chat_id, reply, self._turn(message.chat_id))
        await self._after(outcome)

    async def _on_button(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.data is None:
            return
        outcome = await self._handle(self._event(update, button=query.data))
        toast = next((r.toast for r in outcome.replies if r.toast), None)
        await query.answer(toast[:200] if toast else None)
        for reply in outcome.replies:
            message = query.message
            if reply.replace and isinstance(message, Message):
                await self._replace(message, reply)
            elif not reply.only_toast:
                chat_id = update.effective_chat.id  # type: ignore[union-attr]
                await self.send(chat_id, reply, self._turn(chat_id))
        await self._after(outcome)

    @staticmethod
    async def _download(document: Document) -> bytes:
        """getFile, then the file itself from the Bot API's file URL."""
        file = await document.get_file()
        return bytes(await file.download_as_bytearray())

    def _turn(self, chat_id: int | str) -> Turn | None:
        return partial(self.direct_turn, str(chat_id)) if self.direct_turn else None

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The core answers its own failures; what reaches here is a failure to talk to Telegram.
        log.error("Telegram update could not be handled", exc_info=context.error)

    # -- translating out -------------------------------------------------------------------

    async def send(self, chat_id: int | str, reply: Reply, turn: Turn | None = None) -> None:
        pieces = _pieces(reply)
        if reply.document is not None:
            pieces = await self._send_document(chat_id, reply, pieces, turn)
        if pieces:
            await self._send_pieces(chat_id, pieces, reply, turn, first=reply.document is None)

    async def _send_document(self, chat_id: int | str, reply: Reply, pieces: list[str], turn: Turn | None) -> list[str]:
        """The file, with the text as its caption when it fits; returns the text left to send."""
        attachment = reply.document
        assert attachment is not None
        fits = len(pieces) == 1 and len(pieces[0]) <= MessageLimit.CAPTION_LENGTH
        document = attachment.file_id or InputFile(attachment.content or b"", filename=attachment.name)
        if turn is not None:
            await turn()
        send = self.application.bot.send_photo if attachment.photo else self.application.bot.send_document
        await send(
            chat_id,
            document,
            caption=pieces[0] if fits and pieces[0] else None,
            parse_mode=ParseMode.HTML,
            reply_markup=_keyboard(reply) if fits else None,
        )
        return [] if fits else pieces

    async def _send_pieces(
        self, chat_id: int | str, pieces: list[str], reply: Reply, turn: Turn | None = None, first: bool = True
    ) -> None:
        """The buttons go with the last piece, below everything they refer to."""
        for n, piece in enumerate(pieces):
            if turn is not None:
                await turn()
            send = partial(self._send_text, chat_id, piece, reply.buttons if n == len(pieces) - 1 else ())
            if first and n == 0:
                await send()
            else:
                await _after_waits(send)

    async def _send_text(self, chat_id: int | str, text: str, buttons: tuple[tuple[Button, ...], ...]) -> None:
        """sendMessage, as Bot.send_message sends it, without reading the message Telegram
        answers with into PTB's objects: the bot never looks at it, and a page of tasks
        with its buttons and formatting took longer to read back (~0.6 ms) than to send.
        PTB's errors (Forbidden, RetryAfter, BadRequest, ...) are raised the same way."""
        parameters: dict[str, object] = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML.value}
        if _previews(text) is not None:
            parameters["link_preview_options"] = {"is_disabled": True}
        if buttons:
            parameters["reply_markup"] = _markup_json(buttons)
        await self.application.bot.do_api_request("sendMessage", api_kwargs=parameters)

    async def _replace(self, message: Message, reply: Reply) -> None:
        first, *rest = _pieces(reply)
        try:
            await message.edit_text(
                first,
                parse_mode=ParseMode.HTML,
                link_preview_options=_previews(first),
                reply_markup=_keyboard(reply) if not rest else None,
            )
        except BadRequest as error:
            if "not modified" not in str(error).lower():  # pressing the same page twice
                raise
        await self._send_pieces(message.chat_id, rest, reply, first=False)

    async def send_message(self, chat_id: str, reply: Reply, turn: Turn | None = None) -> None:
        """For the sender: Telegram's errors in the terms of base.delivery."""
        try:
            await self.send(chat_id, reply, turn)
        except Forbidden as error:
            raise Blocked(str(error)) from error
        except RetryAfter as error:
            wait = error.retry_after
            raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else float(wait)) from error
        except BadRequest as error:
            raise Rejected(str(error)) from error
        except (TimedOut, NetworkError) as error:
            raise Unavailable(str(error)) from error

    async def register_commands(self) -> None:
        """The command menu, in Vietnamese by default and in English for English apps."""
        bot = self.application.bot
        for language, messages in CATALOGUE.items():
            commands = [BotCommand(name, messages[f"cmd.{name}"]) for name in menu()]
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
            if language == DEFAULT_LANGUAGE:
                await bot.set_my_commands(commands, scope=BotCommandScopeDefault())

    # -- running ---------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, webhook: WebhookSettings | None = None) -> None:
        """Serve until ``stop`` is set: long polling, or a webhook when one is configured."""
        try:
            await self._run(stop, webhook)
        finally:
            # PTB leaves its HTTP sessions open when it could not start (Telegram out of reach).
            for request in self._requests:
                await request.shutdown()

    async def _run(self, stop: asyncio.Event, webhook: WebhookSettings | None) -> None:
        async with self.application:
            await self.register_commands()
            await self.application.start()
            updater = self.application.updater
            assert updater is not None
            allowed = [Update.MESSAGE, Update.CALLBACK_QUERY]
            if webhook is None:
                await updater.start_polling(allowed_updates=allowed, drop_pending_updates=False)
            else:
                await updater.start_webhook(
                    listen=webhook.listen,
                    port=webhook.port,
                    url_path=webhook.path,
                    webhook_url=webhook.url,
                    secret_token=webhook.secret,
                    allowed_updates=allowed,
                )
            log.info(
                "Telegram bot @%s is %s", self.application.bot.username, "polling" if webhook is None else "on webhook"
            )
            await stop.wait()
            await updater.stop()
            await self.application.stop()


class WebhookSettings:
    def __init__(self, url: str, secret: str, listen: str, port: int):
        self.url, self.secret, self.listen, self.port = url, secret, listen, port
        # Telegram posts to the URL's path; PTB serves the same path.
        self.path = url.split("://", 1)[1].partition("/")[2]
