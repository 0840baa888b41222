from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

EXAMPLE = Path(__file__).parents[1] / ".env.example"


def test_env_example_lists_every_setting_with_its_default():
    text = EXAMPLE.read_text(encoding="utf-8")
    names = {line.split("=", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}
    assert names == {name.upper() for name in Settings.model_fields}


def test_env_example_is_a_valid_configuration(monkeypatch):
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings = Settings(_env_file=EXAMPLE)
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.telegram_bot_token is None
    assert settings.admin_telegram_ids == ()


def test_admin_ids_are_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("ADMIN_TELEGRAM_IDS", "123, 456;789")
    assert load_settings().admin_telegram_ids == (123, 456, 789)


def test_the_token_never_shows_in_a_repr(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:SECRET-TOKEN")
    settings = load_settings()
    assert "SECRET-TOKEN" not in repr(settings) and "SECRET-TOKEN" not in str(settings)
    assert settings.telegram_bot_token.get_secret_value() == "123456:SECRET-TOKEN"


def test_bad_value_is_one_line_naming_the_setting(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value) == "invalid setting LOG_LEVEL: use DEBUG, INFO, WARNING or ERROR"
