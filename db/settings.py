"""The database setting, read like every other setting (environment, then `.env`).

It lives here rather than with the bot's settings so that the migrations, run alone by
`alembic upgrade head`, find the database without importing the application.
"""

from __future__ import annotations

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.exc import ArgumentError

from db.engine import async_url


class DatabaseSettings(BaseSettings):
    # An empty value (`TELEGRAM_BOT_TOKEN=` in .env) means "use the default".
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    database_url: str = "sqlite:///agencybot.db"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = async_url(value)
        except ArgumentError:
            raise ValueError(
                "not a database URL (examples: sqlite:///agencybot.db, postgresql://user@host/db)"
            ) from None
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError(f"unsupported database {url.get_backend_name()!r}; use sqlite or postgresql")
        if url.get_driver_name() not in {"aiosqlite", "asyncpg"}:
            plain = url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)
            raise ValueError(f"AgencyBot talks to databases through its own drivers: write {plain}")
        return value
