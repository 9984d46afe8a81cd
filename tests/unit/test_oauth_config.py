"""Installing into many workspaces, at the edges an operator meets: the variables checked at start-up in one line
without a secret in it, the manifest's redirect URL, `covalis tick` without SLACK_BOT_TOKEN, `covalis secrets
rotate`, and OAuth refused in Socket Mode."""

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.clock import FixedClock
from bot.config import ConfigError, Settings, load_settings
from bot.manifest import http_manifest, load_manifest
from bot.services.installations import InstallationService, InstalledBot
from storage.db import Database
from storage.migrate import upgrade
from tests.conftest import NOW
from tests.fakes.slack_api import FakeSlackApi
from tests.unit.test_manifest import _errors

KEY = "one-secret-key-of-at-least-32-characters"
OTHER_KEY = "another-secret-key-of-32-characters-or-more"
OAUTH = {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "client-secret-of-the-app-1234"}
NAMES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "COVALIS_SECRET_KEY")


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COVALIS_DATABASE_URL", f"sqlite:///{tmp_path / 'covalis.db'}")
    names = ("alembic", "slack_sdk", "slack_bolt", "covalis.bolt", "waitress", "sqlalchemy")
    saved = {name: logging.getLogger(name).level for name in names}
    root = logging.getLogger()
    root_level, root_handlers = root.level, list(root.handlers)
    yield tmp_path
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
    root.setLevel(root_level)
    root.handlers[:] = root_handlers


def _refusal(monkeypatch: pytest.MonkeyPatch, **values: str) -> str:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as refused:
        load_settings()
    message = str(refused.value)
    assert "\n" not in message
    for value in values.values():
        if len(value) > 20:
            assert value not in message  # never a secret in the message
    return message


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({**OAUTH, "COVALIS_SECRET_KEY": KEY, "SLACK_BOT_TOKEN": "xoxb-1-2-abc"}, "keep SLACK_BOT_TOKEN for one"),
        (OAUTH, "COVALIS_SECRET_KEY is not"),
        ({"SLACK_CLIENT_ID": "1111.2222", "COVALIS_SECRET_KEY": KEY}, "go together"),
        ({**OAUTH, "COVALIS_SECRET_KEY": f"{KEY},too-short"}, "key 2 of 2 is shorter"),
        ({**OAUTH, "COVALIS_SECRET_KEY": f"{KEY},"}, "key 2 of 2 is shorter"),
        ({**OAUTH, "COVALIS_SECRET_KEY": KEY, "COVALIS_UNINSTALL_GRACE_DAYS": "-1"}, "between 0 and"),
    ],
    ids=["token-and-client", "no-key", "id-without-secret", "short-second-key", "empty-second-key", "grace"],
)
def test_bad_oauth_settings_stop_the_start_with_one_line_naming_the_fix(
    monkeypatch: pytest.MonkeyPatch, values: dict[str, str], expected: str
) -> None:
    assert expected in _refusal(monkeypatch, **values)


def test_oauth_mode_reads_the_keys_in_order_and_socket_mode_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(**OAUTH, COVALIS_SECRET_KEY=f" {KEY} , {OTHER_KEY} ", _env_file=None)  # type: ignore[arg-type]
    assert settings.oauth_mode
    assert settings.secret_keys == [KEY, OTHER_KEY]
    assert settings.uninstall_grace_days == 30
    for name, value in {**OAUTH, "COVALIS_SECRET_KEY": KEY}.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    assert "HTTP mode only" in result.output


def test_the_http_manifest_in_oauth_mode_has_the_redirect_url_and_the_uninstall_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifest = load_manifest()
    assert {"app_uninstalled", "tokens_revoked"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])
    data = http_manifest(manifest, "https://covalis.example.com/slack/events", oauth=True)
    assert data["oauth_config"]["redirect_urls"] == ["https://covalis.example.com/slack/oauth_redirect"]
    assert _errors(data) == []
    assert "redirect_urls" not in http_manifest(manifest, "https://covalis.example.com")["oauth_config"]

    for name, value in {**OAUTH, "COVALIS_SECRET_KEY": KEY}.items():
        monkeypatch.setenv(name, value)
    printed = CliRunner().invoke(main, ["manifest", "--http", "--url", "https://covalis.example.com"])
    assert printed.exit_code == 0, printed.output
    redirect = yaml.safe_load(printed.output)["oauth_config"]["redirect_urls"]
    assert redirect == ["https://covalis.example.com/slack/oauth_redirect"]


def test_tick_needs_no_bot_token_in_oauth_mode_and_secrets_rotate_re_encrypts(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    url = f"sqlite:///{workdir / 'covalis.db'}"
    db = Database.from_url(url)
    upgrade(db.engine)
    old = InstallationService(db, FixedClock(NOW), [KEY], timedelta(days=30))
    old.save(InstalledBot(team_id="T1", bot_token="xoxb-stored-token", bot_user_id="UBOT"))
    for name, value in {**OAUTH, "COVALIS_SECRET_KEY": f"{OTHER_KEY},{KEY}"}.items():
        monkeypatch.setenv(name, value)
    with FakeSlackApi(valid_tokens=set()) as slack:  # Slack refuses T1's token: T1 is skipped, no crash
        monkeypatch.setenv("SLACK_API_URL", slack.base_url)
        ticked = CliRunner().invoke(main, ["tick", "--at", "2026-11-25T09:00:00Z"])
        assert [call.token for call in slack.calls_to("auth.test")] == ["xoxb-stored-token"]
    assert ticked.exit_code == 0, ticked.output
    assert "workspaces=0 (skipped=1" in ticked.output

    rotated = CliRunner().invoke(main, ["secrets", "rotate"])
    assert rotated.exit_code == 0, rotated.output
    assert "1 workspace " in rotated.output
    found = InstallationService(db, FixedClock(NOW), [OTHER_KEY], timedelta(days=30)).find("T1")
    assert found is not None
    assert found.bot_token == "xoxb-stored-token"
    assert "xoxb-stored-token" not in repr(found)

    monkeypatch.setenv("COVALIS_SECRET_KEY", "a-third-key-that-never-encrypted-anything")
    refused = CliRunner().invoke(main, ["secrets", "rotate"])
    assert refused.exit_code == 1
    assert "put the old key back" in refused.output
    stopped = CliRunner().invoke(main, ["tick"])
    assert stopped.exit_code == 1
    assert stopped.output.strip().splitlines() == [
        "Error: COVALIS_SECRET_KEY cannot decrypt the stored tokens of 1 workspace (T1): add the key they were "
        "encrypted with after the current one (NEW,OLD) — see README.md, section “Configuration”."
    ]
    (workdir / "s.csv").write_text("name,owner\nAcme,bob@example.com\n")  # an owner by e-mail: T1's token is read
    imported = CliRunner().invoke(main, ["import", "suppliers", "s.csv", "--team", "T1"])
    assert imported.exit_code == 1
    assert isinstance(imported.exception, SystemExit)  # a clear message, not a traceback
    assert "give Slack user ids instead" in imported.output
    db.dispose()
