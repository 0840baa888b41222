"""The JSON request class uses python-telegram-bot's public request API only, and buttons are
sent as PTB's objects would send them; these checks fail loudly when an upgrade changes what
they rely on."""

from __future__ import annotations

import inspect

from telegram.request import BaseRequest

from base.events import Button
from bot.channels.telegram import _markup, _markup_json
from bot.channels.telegram_request import JsonRequest, _seconds


def test_do_request_has_the_signature_ptb_calls():
    ours = inspect.signature(JsonRequest.do_request).parameters
    theirs = inspect.signature(BaseRequest.do_request).parameters
    assert list(ours) == list(theirs)


def test_every_abstract_method_is_implemented():
    assert not getattr(JsonRequest, "__abstractmethods__", frozenset())
    JsonRequest()  # an abstract method added by PTB would make this raise TypeError


def test_a_timeout_not_set_takes_the_default_and_a_set_one_is_kept():
    assert _seconds(BaseRequest.DEFAULT_NONE, 5.0) == 5.0
    assert _seconds(2.5, 5.0) == 2.5
    assert _seconds(None, 5.0) is None  # "no limit" is a value


def test_buttons_are_sent_as_ptbs_own_objects_would_send_them():
    rows = (
        (Button("Trang 2", "lp:d:2026:0:0::2"), Button("Trang 3", "lp:d:2026:0:0::3")),
        (Button("Bảng điều khiển", "", web_app="https://dash.example.vn/telegram"),),
    )
    assert _markup_json(rows) == _markup(rows).to_dict()
