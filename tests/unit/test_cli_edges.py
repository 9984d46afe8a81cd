"""Issue 10, hard edges, in-process with click's CliRunner: a quiet CLI unless --verbose, and a manifest URL that
is taken with or without /slack/events but never silently ignored."""

import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from bot.cli import main
from storage.migrate import head_revision
from tests.fakes.slack_api import FakeSlackApi


def assert_no_crash(result: Result) -> None:
    """CliRunner keeps an uncaught exception in `result.exception` and prints no traceback: a clean refusal exits
    through SystemExit (click's own), anything else is a crash the user would have seen as a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def closed_port() -> int:
    """A local port nobody listens on: bound, read, released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COVALIS_DATABASE_URL", f"sqlite:///{tmp_path / 'covalis.db'}")
    monkeypatch.setenv("COVALIS_LOG_LEVEL", "INFO")
    # The commands configure logging for the process; in-process that would leak into later tests (a logger left at
    # INFO hides the DEBUG records the log-privacy tests look for), so every level they touch is put back.
    names = ("alembic", "slack_sdk", "slack_bolt", "covalis.bolt", "waitress", "sqlalchemy")
    saved = {name: logging.getLogger(name).level for name in names}
    root = logging.getLogger()
    root_level, root_handlers = root.level, list(root.handlers)
    yield tmp_path
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
    root.setLevel(root_level)
    root.handlers[:] = root_handlers


def alembic_info(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("alembic") and r.levelno == logging.INFO]


def test_db_upgrade_prints_one_line_and_no_alembic_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    result = CliRunner().invoke(main, ["db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Database at revision ")
    assert alembic_info(caplog) == []


def test_db_upgrade_verbose_shows_the_migration_steps(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    result = CliRunner().invoke(main, ["db", "upgrade", "--verbose"])

    assert result.exit_code == 0, result.output
    assert any("Running upgrade" in line for line in alembic_info(caplog))


@pytest.mark.parametrize(
    "url",
    [
        "https://covalis.example.com",
        "https://covalis.example.com/",
        "https://covalis.example.com/slack/events",
        "https://covalis.example.com/slack/events/",
    ],
)
def test_the_http_manifest_takes_the_url_with_or_without_the_events_path(url: str) -> None:
    result = CliRunner().invoke(main, ["manifest", "--http", "--url", url])

    assert result.exit_code == 0, result.output
    settings = yaml.safe_load(result.output)["settings"]
    assert settings["event_subscriptions"]["request_url"] == "https://covalis.example.com/slack/events"
    assert settings["interactivity"]["request_url"] == "https://covalis.example.com/slack/events"


def test_a_url_without_http_is_an_error_not_ignored() -> None:
    result = CliRunner().invoke(main, ["manifest", "--url", "https://covalis.example.com"])

    assert result.exit_code == 2
    assert "--http" in result.output
    assert_no_crash(result)


@pytest.mark.parametrize(
    ("variable", "placeholder"),
    [("SLACK_BOT_TOKEN", "xoxb-your-token"), ("SLACK_BOT_TOKEN", "xoxb-xxxxxxxxxxxx"), ("SLACK_BOT_TOKEN", "xoxb-...")],
)
def test_a_placeholder_token_stops_tick_with_one_line_that_says_what_to_fix(
    monkeypatch: pytest.MonkeyPatch, variable: str, placeholder: str
) -> None:
    monkeypatch.setenv(variable, placeholder)

    result = CliRunner().invoke(main, ["tick"])

    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {variable} is still a placeholder from the example: paste the real value from your Slack app's "
        "settings — see README.md, section “Configuration”."
    ]


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        monkeypatch.setenv("SLACK_API_URL", api.base_url)
        yield api


@pytest.mark.parametrize(
    "args",
    [["tick"], ["run", "--http", "--port", "1"], ["run"]],
    ids=["tick", "http", "socket-mode"],
)
def test_a_well_formed_but_wrong_bot_token_stops_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, slack: FakeSlackApi, args: list[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1234-revoked-long-ago")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-signing-secret")

    result = CliRunner().invoke(main, args)

    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        "Error: Slack refused SLACK_BOT_TOKEN (invalid_auth): it is not a token Slack knows: copy it again from your "
        "Slack app's settings — see README.md, section “Configuration”."
    ]
    assert "xoxb-1234" not in result.output
    assert slack.calls_to("auth.test")


def test_a_wrong_app_token_stops_socket_mode_with_one_line(
    monkeypatch: pytest.MonkeyPatch, slack: FakeSlackApi
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A1-wrong")

    result = CliRunner().invoke(main, ["run"])

    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        "Error: Slack refused SLACK_APP_TOKEN (invalid_auth): it is not a token Slack knows: copy it again from your "
        "Slack app's settings — see README.md, section “Configuration”."
    ]
    assert slack.calls_to("apps.connections.open"), "the bot token passed; Slack refused the app-level one"


def test_slack_out_of_reach_is_one_line_naming_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    port = closed_port()
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_API_URL", f"http://127.0.0.1:{port}/api/")

    result = CliRunner().invoke(main, ["tick"])

    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: Cannot reach Slack at http://127.0.0.1:{port}/api/: ")
    assert lines[0].endswith("Check SLACK_API_URL and the network.")


@pytest.mark.parametrize(
    "args", [["tick"], ["run", "--http", "--port", "1"], ["db", "upgrade"], ["export", "--team", "T1"]]
)
def test_an_unreachable_database_is_one_line_with_the_password_hidden(
    monkeypatch: pytest.MonkeyPatch, slack: FakeSlackApi, args: list[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-signing-secret")
    port = closed_port()
    monkeypatch.setenv("COVALIS_DATABASE_URL", f"postgresql+psycopg://covalis:s3cret@127.0.0.1:{port}/covalis")

    result = CliRunner().invoke(main, args)

    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == (
        f"Error: Cannot use the database at postgresql+psycopg://covalis:***@127.0.0.1:{port}/covalis: connection "
        f'to server at "127.0.0.1", port {port} failed: Connection refused.'
        " Check COVALIS_DATABASE_URL and that the database is running."
    )
    assert len(lines) == 1
    assert "s3cret" not in result.output
    assert not slack.calls, "nothing is sent to Slack before the database is there"


def test_bolt_does_not_warn_at_every_start_that_our_client_wins(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, slack: FakeSlackApi
) -> None:
    from bot.app import create_app
    from bot.config import load_settings
    from bot.container import build_services

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    services = build_services(load_settings())
    with caplog.at_level(logging.WARNING):
        create_app(services, signing_secret="s", token="xoxb-test-token")
    services.db.dispose()

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert slack.calls_to("auth.test")


# --- the run contract's refusals, in-process (the subprocess tests in tests/integration/test_cli.py run the real
# `covalis` entry point for the paths that work) ---------------------------------------------------------------------


@pytest.fixture
def bare_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Slack or Covalis variables but the test's own database: what a newcomer's shell has."""
    for name in list(os.environ):
        if name.startswith("SLACK_") or (name.startswith("COVALIS_") and name != "COVALIS_DATABASE_URL"):
            monkeypatch.delenv(name)


@pytest.mark.usefixtures("bare_env")
def test_run_without_tokens_names_what_is_missing_without_a_traceback() -> None:
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN" in result.output
    assert "SLACK_APP_TOKEN" in result.output
    assert "README" in result.output
    assert_no_crash(result)


@pytest.mark.usefixtures("bare_env")
def test_http_mode_needs_the_signing_secret_and_no_app_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = CliRunner().invoke(main, ["run", "--http"])
    assert result.exit_code == 1
    assert "SLACK_SIGNING_SECRET" in result.output
    assert "SLACK_APP_TOKEN" not in result.output


@pytest.mark.usefixtures("bare_env")
def test_a_bad_database_url_is_explained_not_dumped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COVALIS_DATABASE_URL", "mysql://root@localhost/covalis")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "COVALIS_DATABASE_URL" in result.output
    assert "postgresql" in result.output
    assert_no_crash(result)


@pytest.mark.usefixtures("bare_env")
def test_db_upgrade_creates_the_default_sqlite_file_in_the_working_directory(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COVALIS_DATABASE_URL")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"revision {head_revision()}" in result.output
    assert (workdir / "covalis.db").exists()


@pytest.mark.usefixtures("bare_env")
def test_export_of_an_unknown_team_exits_1_with_a_message(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    monkeypatch.setenv("COVALIS_DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["export", "--team", "T_NOPE"])
    assert result.exit_code == 1
    assert "T_NOPE" in result.output


@pytest.mark.usefixtures("bare_env")
def test_tick_refuses_a_time_that_is_not_iso_8601(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = CliRunner().invoke(main, ["tick", "--at", "next monday"])
    assert result.exit_code == 2
    assert "ISO-8601" in result.output
    assert_no_crash(result)


def test_the_http_manifest_fills_in_every_request_url() -> None:
    result = CliRunner().invoke(main, ["manifest", "--http", "--url", "https://covalis.example.com/"])
    assert result.exit_code == 0, result.output
    assert result.output.count("https://covalis.example.com/slack/events") == 4
    assert "socket_mode_enabled: false" in result.output


@pytest.mark.usefixtures("bare_env")
def test_export_of_a_database_that_does_not_exist_is_explained_and_creates_nothing(workdir: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--team", "T1"])
    assert result.exit_code == 1
    assert "nothing to export" in result.output
    assert_no_crash(result)
    assert not (workdir / "covalis.db").exists()
