"""Telegram through python-telegram-bot: updates become core events, replies become calls.

Only translation lives here; every decision is the core's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import lru_cache

from telegram import (
    BotCommand,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.channels.telegram_request import JsonHTTPXRequest
from bot.core.catalogue import CATALOGUE, COMMANDS, DEFAULT_LANGUAGE
from bot.core.events import Button, ChatKind, Incoming, Notice, Outcome, Reply
from bot.core.markup import split_message, visible_length
from bot.delivery import Blocked, Rejected, RetryLater, Unavailable

log = logging.getLogger(__name__)
CHANNEL = "telegram"
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Handler = Callable[[Incoming], Awaitable[Outcome]]
NoticeSink = Callable[[list[Notice]], Awaitable[None]]


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _markup(reply.buttons) if reply.buttons else None


@lru_cache(maxsize=4096)  # the same pages come back often; PTB's objects are immutable
def _markup(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.action) for b in row] for row in rows])


def _previews(text: str) -> LinkPreviewOptions | None:
    """No preview cards for the links we send (invitation links); nothing to say otherwise."""
    return _NO_PREVIEW if "://" in text else None


def _pieces(reply: Reply) -> list[str]:
    """Telegram's limit counts the text after entities are parsed, so tags do not count."""
    return split_message(reply.text, MessageLimit.MAX_TEXT_LENGTH, measure=visible_length)


class TelegramChannel:
    def __init__(
        self,
        token: str,
        base_url: str,
        base_file_url: str,
        handle: Handler,
        notices: NoticeSink,
    ):
        self._handle, self._notices = handle, notices
        self.application: Application = (
            ApplicationBuilder()
            .token(token)
            .base_url(base_url)
            .base_file_url(base_file_url)
            # PTB's own pool sizes: many concurrent sends, one long poll.
            .request(JsonHTTPXRequest(connection_pool_size=256))
            .get_updates_request(JsonHTTPXRequest(connection_pool_size=1))
            .build()
        )
        self.application.add_handler(MessageHandler(filters.TEXT, self._on_message))
        self.application.add_handler(CallbackQueryHandler(self._on_button))
        self.application.add_error_handler(self._on_error)

    # -- translating in --------------------------------------------------------------------

    def _event(self, update: Update, text: str | None = None, button: str | None = None) -> Incoming:
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
            link_template=f"https://t.me/{self.application.bot.username}?start={{code}}",
        )

    async def _on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None or update.effective_user is None:
            return
        outcome = await self._handle(self._event(update, text=message.text))
        for reply in outcome.replies:
            await self.send(message.chat_id, reply)
        await self._notices(outcome.notices)

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
                await self.send(update.effective_chat.id, reply)  # type: ignore[union-attr]
        await self._notices(outcome.notices)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The core answers its own failures; what reaches here is a failure to talk to Telegram.
        log.error("Telegram update could not be handled", exc_info=context.error)

    # -- translating out -------------------------------------------------------------------

    async def send(self, chat_id: int | str, reply: Reply) -> None:
        await self._send_pieces(chat_id, _pieces(reply), reply)

    async def _send_pieces(self, chat_id: int | str, pieces: list[str], reply: Reply) -> None:
        """The buttons go with the last piece, below everything they refer to."""
        for n, piece in enumerate(pieces):
            await self.application.bot.send_message(
                chat_id,
                piece,
                parse_mode=ParseMode.HTML,
                link_preview_options=_previews(piece),
                reply_markup=_keyboard(reply) if n == len(pieces) - 1 else None,
            )

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
        await self._send_pieces(message.chat_id, rest, reply)

    async def send_message(self, chat_id: str, reply: Reply) -> None:
        """For the sender: Telegram's errors in the terms of bot.delivery."""
        try:
            await self.send(chat_id, reply)
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
            commands = [BotCommand(name, messages[f"cmd.{name}"]) for name in COMMANDS]
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
            if language == DEFAULT_LANGUAGE:
                await bot.set_my_commands(commands, scope=BotCommandScopeDefault())

    # -- running ---------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, webhook: WebhookSettings | None = None) -> None:
        """Serve until ``stop`` is set: long polling, or a webhook when one is configured."""
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
