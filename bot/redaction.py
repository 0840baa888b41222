"""Secrets never reach the logs, whoever logs them.

Bot tokens are part of every request's URL path, and HTTP libraries log URLs (httpx at
INFO, httpcore at DEBUG) or put them in exception messages. Rather than trusting each
library's log levels, every log record is cleaned when it is made: its message, its
arguments and its traceback text.
"""

from __future__ import annotations

import logging
import threading

REDACTED = "<redacted>"
_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def hide(secret: str) -> None:
    """From now on, ``secret`` shows as <redacted> in every log record of this process. A
    value shorter than 8 characters is no real token, and would blank out ordinary words."""
    if len(secret) < 8:
        return
    with _lock:
        _secrets.add(secret)
        _install()


def _install() -> None:
    global _installed
    if _installed:
        return
    make = logging.getLogRecordFactory()

    def clean(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: logging reports it when the record is handled
            return record
        if any(secret in message for secret in _secrets):
            record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if any(secret in text for secret in _secrets):
                record.exc_text = redact(text)
        return record

    logging.setLogRecordFactory(clean)
    _installed = True
