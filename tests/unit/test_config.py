"""Configuration is checked once at start-up, and a problem is told in one clear sentence without leaking secrets."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.config import README_SECTION, ConfigError, Settings, load_settings

VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "COVALIS_DATABASE_URL",
    "COVALIS_ADMINS",
    "COVALIS_LOG_LEVEL",
)
BOT_TOKEN = "xoxb-1111-2222-SeCrEtBoTtOkEn"
SIGNING_SECRET = "s3cr3t-signing-value-42"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No variable from the outer environment and no .env from the repository may leak into these tests."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return


def _settings(**values: Any) -> Settings:
    return Settings(**values, _env_file=None)


def test_missing_tokens_are_all_named_in_one_message_with_the_readme_section() -> None:
    with pytest.raises(ConfigError) as refused:
        _settings().require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")

    message = str(refused.value)
    assert "SLACK_BOT_TOKEN" in message
    assert "SLACK_SIGNING_SECRET" in message
    assert README_SECTION in message


def test_a_blank_token_counts_as_missing() -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        _settings(SLACK_BOT_TOKEN="   ").require("SLACK_BOT_TOKEN")


def test_the_missing_message_never_contains_a_token_that_is_set() -> None:
    with pytest.raises(ConfigError) as refused:
        _settings(SLACK_BOT_TOKEN=BOT_TOKEN).require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")

    assert str(refused.value).startswith("Missing SLACK_SIGNING_SECRET.")
    assert BOT_TOKEN not in str(refused.value)


def test_a_bot_token_that_is_not_a_bot_token_is_refused_without_showing_it() -> None:
    wrong = "xoxp-9999-user-token-SECRET"

    with pytest.raises(ConfigError) as refused:
        _settings(SLACK_BOT_TOKEN=wrong, SLACK_SIGNING_SECRET=SIGNING_SECRET).require(
            "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"
        )

    message = str(refused.value)
    assert "SLACK_BOT_TOKEN" in message
    assert "xoxb-" in message
    assert wrong not in message
    assert "SECRET" not in message
    assert README_SECTION in message


def test_an_app_token_must_start_with_xapp() -> None:
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        _settings(SLACK_APP_TOKEN="xoxb-not-an-app-token").require("SLACK_APP_TOKEN")


def test_valid_tokens_pass_and_the_bot_token_is_handed_out() -> None:
    settings = _settings(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)

    settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    assert settings.bot_token() == BOT_TOKEN


def test_secrets_do_not_show_when_settings_are_printed() -> None:
    settings = _settings(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)

    assert BOT_TOKEN not in repr(settings)
    assert SIGNING_SECRET not in repr(settings)
    assert BOT_TOKEN not in str(settings)
    assert SIGNING_SECRET not in str(settings)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/"),
        ("https://slack-gov.com/api/", "https://slack-gov.com/api/"),
        ("https://slack.com/api//", "https://slack.com/api/"),
        ("", "https://slack.com/api/"),
    ],
)
def test_the_api_url_always_ends_in_exactly_one_slash(given: str, used: str) -> None:
    assert _settings(SLACK_API_URL=given).slack_api_url == used


def test_the_defaults_are_a_local_sqlite_file_and_slacks_api() -> None:
    settings = load_settings()

    assert settings.database_url == "sqlite:///covalis.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.log_level == "INFO"


def test_settings_are_read_from_a_dotenv_file_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={BOT_TOKEN}\nCOVALIS_LOG_LEVEL=debug\n", encoding="utf-8")

    settings = load_settings()

    assert settings.bot_token() == BOT_TOKEN
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize("url", ["postgresql+psycopg://u:p@db.example.com:5432/covalis", "sqlite:////var/lib/c.db"])
def test_a_supported_database_url_is_accepted(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("COVALIS_DATABASE_URL", url)

    assert load_settings().database_url == url


@pytest.mark.parametrize(
    ("url", "explained"),
    [
        ("mysql://x", "supports sqlite and postgresql"),
        ("mysql://admin:hunter2@db.example.com/x", "supports sqlite and postgresql"),
        ("not a url", "is not a database URL"),
        ("", "is not a database URL"),
    ],
)
def test_a_bad_database_url_stops_start_up_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, url: str, explained: str
) -> None:
    monkeypatch.setenv("COVALIS_DATABASE_URL", url)

    with pytest.raises(ConfigError) as refused:
        load_settings()

    message = str(refused.value)
    assert message.startswith("Invalid configuration: COVALIS_DATABASE_URL")
    assert explained in message
    assert README_SECTION in message
    assert "hunter2" not in message
    assert refused.value.__cause__ is None
    assert refused.value.__suppress_context__


def test_a_database_url_with_a_bad_port_is_explained_as_not_a_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COVALIS_DATABASE_URL", "postgresql+psycopg://u:hunter2@db:port/covalis")

    with pytest.raises(ConfigError, match="is not a database URL"):
        load_settings()


def test_every_bad_setting_is_named_in_the_same_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COVALIS_DATABASE_URL", "mysql://x")
    monkeypatch.setenv("SLACK_API_URL", "ftp://files.example.com")
    monkeypatch.setenv("COVALIS_LOG_LEVEL", "chatty")

    with pytest.raises(ConfigError) as refused:
        load_settings()

    message = str(refused.value)
    assert "COVALIS_DATABASE_URL" in message
    assert "SLACK_API_URL must be an http(s) URL" in message
    assert "COVALIS_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR" in message


def test_admins_may_be_separated_by_commas_or_semicolons() -> None:
    assert _settings(COVALIS_ADMINS="U1, U2;U3,,").admin_ids == frozenset({"U1", "U2", "U3"})


# --- the customer-of-choice page (issue 14) ----------------------------------------------------------------------


def _pulse_settings(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[call-arg]


def test_the_public_url_loses_its_trailing_slash_and_must_be_http() -> None:
    key = "k" * 40
    assert _pulse_settings(COVALIS_PUBLIC_URL="https://covalis.example.com/", COVALIS_SECRET_KEY=key).public_url == (
        "https://covalis.example.com"
    )
    with pytest.raises(ValidationError, match="http"):
        _pulse_settings(COVALIS_PUBLIC_URL="covalis.example.com", COVALIS_SECRET_KEY=key)


def test_a_public_url_without_a_secret_key_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError, match="COVALIS_SECRET_KEY"):
        _pulse_settings(COVALIS_PUBLIC_URL="https://covalis.example.com")


def test_a_short_secret_key_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        _pulse_settings(COVALIS_SECRET_KEY="short")


def test_trusted_proxies_are_ip_networks() -> None:
    settings = _pulse_settings(COVALIS_TRUSTED_PROXIES="10.0.0.0/8, 127.0.0.1")
    assert [str(n) for n in settings.proxy_networks] == ["10.0.0.0/8", "127.0.0.1/32"]
    with pytest.raises(ValidationError, match="not an IP address"):
        _pulse_settings(COVALIS_TRUSTED_PROXIES="proxy.local")
