"""The dashboard's security pieces, pure: CSRF tokens, the session cookie's flags, and
Telegram's signed Web App data.

- Sessions: the cookie holds a random token (db/web.py stores its hash); HttpOnly,
  SameSite=Lax, expiring, and Secure when the dashboard is served over HTTPS.
- CSRF: every form carries a token derived from the session's own token (HMAC), so it is
  different for each session, needs no storage, and is compared in constant time.
- Telegram Web App: the init data Telegram hands the page is signed with a key derived from
  the bot token (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app);
  it is checked here, with its age, before anyone is logged in by it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

SESSION_COOKIE = "agencybot_session"
LANGUAGE_COOKIE = "agencybot_lang"
CSRF_FIELD = "csrf"


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"agencybot dashboard csrf", hashlib.sha256).hexdigest()


def csrf_ok(session_token: str | None, sent: str | None) -> bool:
    if not session_token or not sent:
        return False
    return hmac.compare_digest(csrf_token(session_token), sent)


@dataclass(frozen=True)
class CookieFlags:
    secure: bool  # served over HTTPS (WEB_PUBLIC_URL is https://)
    max_age: int  # seconds

    def session(self) -> dict[str, object]:
        """aiohttp's set_cookie arguments for the session cookie."""
        return {"httponly": True, "samesite": "Lax", "secure": self.secure, "max_age": self.max_age, "path": "/"}


def cookie_flags(public_url: str, session_ttl: timedelta) -> CookieFlags:
    return CookieFlags(public_url.startswith("https://"), int(session_ttl.total_seconds()))


@dataclass(frozen=True)
class TelegramUser:
    id: int
    name: str
    language: str | None


def check_init_data(init_data: str, bot_token: str, now: datetime, max_age: timedelta) -> TelegramUser | None:
    """The user of a Telegram Web App's init data, or None when it is not signed with this
    bot's token, is older than ``max_age`` or names no user."""
    try:
        fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None
    sent = fields.pop("hash", None)
    if not sent or not bot_token:
        return None
    checked = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret, checked.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, sent):
        return None
    try:
        signed_at = datetime.fromtimestamp(int(fields.get("auth_date", "")), UTC)
        user = json.loads(fields.get("user", ""))
        user_id = int(user["id"])
    except (ValueError, KeyError, TypeError, OverflowError):
        return None
    if not timedelta(minutes=-5) <= now - signed_at <= max_age:  # a few minutes of clock skew
        return None
    name = " ".join(str(user.get(k) or "") for k in ("first_name", "last_name")).strip() or str(user_id)
    return TelegramUser(user_id, name, user.get("language_code"))


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Init data as Telegram signs it (for tests and the stand-in): the fields and their hash."""
    from urllib.parse import urlencode

    checked = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return urlencode({**fields, "hash": hmac.new(secret, checked.encode(), hashlib.sha256).hexdigest()})
