"""Settings from the environment and `.env` (pydantic-settings). `.env.example` lists them all."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import NoDecode

from db.settings import DatabaseSettings
from domain.reminders import Policy
from domain.timeframes import MonthDay


class SettingsError(ValueError):
    """A setting has a bad value; the message is one line naming the setting."""


class Settings(DatabaseSettings):
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)
    admin_telegram_ids: Annotated[tuple[int, ...], NoDecode] = ()
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com/bot"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_webhook_listen: str = "0.0.0.0"
    zalo_webhook_port: int = Field(default=8444, ge=1, le=65535)
    admin_zalo_ids: Annotated[tuple[str, ...], NoDecode] = ()
    invite_ttl_days: int = Field(default=7, ge=1, le=365)
    timezone: str = "Asia/Ho_Chi_Minh"
    # Reminders (a coordinator can override these per plan or task with /policy).
    reminder_days_before: Annotated[tuple[int, ...], NoDecode] = (90, 30, 7)
    reminder_overdue_every_days: int = Field(default=30, ge=0, le=366)
    reminder_planning_day: str = "08/01"
    reminder_report_due: str = "15/12"
    reminder_report_days_before: Annotated[tuple[int, ...], NoDecode] = (30, 7)
    reminder_period_end_days_before: Annotated[tuple[int, ...], NoDecode] = (7,)
    reminder_notify_coordinators: bool = False
    reminder_heads_up_days_before: int = Field(default=7, ge=0, le=90)
    reminder_hour: str = "08:00"
    reminder_catch_up_days: int = Field(default=3, ge=0, le=60)
    reminder_snooze_days: int = Field(default=7, ge=1, le=90)
    reminder_horizon_days: int = Field(default=400, ge=31, le=800)
    # Telegram's limits for one bot token, shared by all its processes (0: no limit).
    telegram_rate_per_second: float = Field(default=30.0, ge=0, le=10_000)
    telegram_chat_interval_seconds: float = Field(default=1.0, ge=0, le=60)
    telegram_group_per_minute: float = Field(default=20.0, ge=0, le=10_000)
    # Zalo publishes no rates: these are cautious guesses, and a 429 ("quota exceeded", with
    # no wait given) pauses the bot for ZALO_RETRY_AFTER_SECONDS.
    zalo_rate_per_second: float = Field(default=10.0, ge=0, le=10_000)
    zalo_chat_interval_seconds: float = Field(default=1.0, ge=0, le=60)
    zalo_group_per_minute: float = Field(default=20.0, ge=0, le=10_000)
    zalo_retry_after_seconds: float = Field(default=60.0, ge=1, le=3600)
    sender_concurrency: int = Field(default=16, ge=1, le=256)
    agency_aliases_file: Path | None = None
    # The largest plan file a coordinator may send in the chat (Telegram lets bots fetch 20 MB).
    plan_upload_max_mb: float = Field(default=5.0, gt=0, le=20)
    # The coordinators' dashboard, served by the same process (and by `agencybot web`).
    web_enabled: bool = True
    web_listen: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)  # 0: a free port, printed at start
    # The address people open (behind a reverse proxy: its https URL); empty: http://LISTEN:PORT.
    web_public_url: str | None = None
    web_link_minutes: int = Field(default=10, ge=1, le=60)  # a /web link's life, used once
    web_session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    log_level: str = Field(default="INFO")

    @field_validator("telegram_api_base_url", "zalo_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("web_public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError("must be the dashboard's address, such as https://agencybot.example.gov.vn/dashboard")
        return value.rstrip("/")

    @field_validator("telegram_webhook_url", "zalo_webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must be an https:// URL that the messenger can reach")
        return value

    @field_validator("zalo_bot_token")
    @classmethod
    def _zalo_token(cls, value: SecretStr | None) -> SecretStr | None:
        # The token goes into the URL's path: nothing that would change the path.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9:_-]+", value.get_secret_value()):
            raise ValueError("a Zalo bot token has only letters, digits, ':', '_' and '-'")
        return value

    @field_validator("telegram_webhook_secret", "zalo_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        # Telegram's letters; Zalo asks for at least 8 characters and names no letters, so
        # Telegram's keep its header plain ASCII too.
        shortest = 8 if info.field_name == "zalo_webhook_secret" else 1
        if value is not None and not re.fullmatch(rf"[A-Za-z0-9_-]{{{shortest},256}}", value.get_secret_value()):
            raise ValueError(f"use {shortest} to 256 characters among A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs(self) -> Settings:
        if self.telegram_webhook_url and self.telegram_webhook_secret is None:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set")
        if self.telegram_webhook_url and self.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is required when TELEGRAM_WEBHOOK_URL is set")
        if self.zalo_webhook_url and self.zalo_webhook_secret is None:
            raise ValueError("ZALO_WEBHOOK_SECRET is required when ZALO_WEBHOOK_URL is set")
        if self.zalo_webhook_url and self.zalo_bot_token is None:
            raise ValueError("ZALO_BOT_TOKEN is required when ZALO_WEBHOOK_URL is set")
        both_listen = self.telegram_webhook_url and self.zalo_webhook_url
        if both_listen and self.telegram_webhook_port == self.zalo_webhook_port:
            raise ValueError("TELEGRAM_WEBHOOK_PORT and ZALO_WEBHOOK_PORT must differ when both webhooks are on")
        for name, url, port in (
            ("TELEGRAM_WEBHOOK_PORT", self.telegram_webhook_url, self.telegram_webhook_port),
            ("ZALO_WEBHOOK_PORT", self.zalo_webhook_url, self.zalo_webhook_port),
        ):
            if self.web_enabled and url and port == self.web_port:
                raise ValueError(f"WEB_PORT and {name} must differ: the dashboard and the webhook cannot share a port")
        return self

    @field_validator(
        "reminder_days_before", "reminder_report_days_before", "reminder_period_end_days_before", mode="before"
    )
    @classmethod
    def _day_lists(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.isdigit() and int(p) <= 366 for p in parts):
                raise ValueError("expected numbers of days separated by commas, such as 90,30,7")
            return tuple(sorted({int(p) for p in parts}, reverse=True))
        return value

    @field_validator("reminder_planning_day", "reminder_report_due")
    @classmethod
    def _day_of_year(cls, value: str) -> str:
        try:
            day_month(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a day of the year like 15/12") from None
        return value

    @field_validator("reminder_hour")
    @classmethod
    def _hour(cls, value: str) -> str:
        try:
            hour_minute(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a time like 08:00") from None
        return value

    @field_validator("admin_telegram_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("expected Telegram user ids separated by commas, such as 12345,67890")
            return tuple(int(p) for p in parts)
        return value

    @field_validator("admin_zalo_ids", mode="before")
    @classmethod
    def _zalo_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            if not all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", p) for p in parts):
                raise ValueError("expected Zalo user ids separated by commas, such as 8234567890123456789")
            return tuple(parts)
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (example: Asia/Ho_Chi_Minh)") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("agency_aliases_file")
    @classmethod
    def _aliases_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    def web_url(self, port: int | None = None) -> str:
        """The dashboard's address as people open it: WEB_PUBLIC_URL, else where it listens
        (``port``: the one bound, when WEB_PORT is 0)."""
        if self.web_public_url:
            return self.web_public_url
        host = "127.0.0.1" if self.web_listen in ("0.0.0.0", "::", "") else self.web_listen
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port or self.web_port}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def policy(self) -> Policy:
        return Policy(
            days_before=self.reminder_days_before,
            overdue_every=self.reminder_overdue_every_days,
            planning_day=day_month(self.reminder_planning_day),
            report_due=day_month(self.reminder_report_due),
            report_days_before=self.reminder_report_days_before,
            period_end_days_before=self.reminder_period_end_days_before,
            notify_coordinators=self.reminder_notify_coordinators,
            heads_up_days_before=self.reminder_heads_up_days_before,
        )


def load_settings(**overrides: object) -> Settings:
    """Settings, or SettingsError with one line naming the first bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:  # a rule between settings: the message names them
            raise SettingsError(f"invalid settings: {message}") from None
        raise SettingsError(f"invalid setting {str(first['loc'][0]).upper()}: {message}") from None


def telegram_file_url(api_base_url: str) -> str:
    """Files live beside the methods: https://api.telegram.org/bot -> .../file/bot."""
    head, _, tail = api_base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


def day_month(text: str) -> MonthDay:
    """ "15/12" -> MonthDay(12, 15)."""
    day, month = (int(part) for part in text.strip().split("/"))
    return MonthDay(month, day)


def hour_minute(text: str) -> time:
    hour, minute = (int(part) for part in text.strip().split(":"))
    return time(hour, minute)
