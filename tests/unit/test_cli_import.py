"""Issue 18, `covalis import …` as an operator runs it, in-process with click's CliRunner: owners by e-mail from one
paged users.list at SLACK_API_URL, no DMs, a dry run that lists each change, and one clear line for a bad file."""

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.fakes.slack_api import FakeSlackApi
from tests.unit.test_cli_edges import assert_no_crash


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COVALIS_DATABASE_URL", f"sqlite:///{tmp_path / 'covalis.db'}")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setattr("bot.cli.configure_logging", lambda _level, **_options: None)
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    yield tmp_path
    root.setLevel(level)
    root.handlers[:] = handlers


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        monkeypatch.setenv("SLACK_API_URL", api.base_url)
        yield api


def test_owners_given_by_email_are_found_in_slack_and_nobody_gets_a_message(slack: FakeSlackApi, workdir: Path) -> None:
    for number in range(450):  # three pages of 200
        slack.add_user(f"U{number:04d}", email=f"person{number}@example.com")
    slack.add_user("UBOB", email="Bob@Example.com")
    (workdir / "suppliers.csv").write_text("Naam;Eigenaar\nAcme;bob@example.com\nBeta;person7@example.com\n")

    result = CliRunner().invoke(main, ["import", "suppliers", "suppliers.csv", "--team", "T1"])

    assert result.exit_code == 0, result.output
    assert "Added: 2" in result.output
    assert [call.method for call in slack.calls] == ["users.list"] * 3
    export = CliRunner().invoke(main, ["export", "--team", "T1"])
    assert '"owner_id": "UBOB"' in export.output
    assert '"owner_id": "U0007"' in export.output


def test_a_dry_run_lists_every_change_and_the_database_stays_as_it_was(workdir: Path) -> None:
    (workdir / "s.csv").write_text("name,owner,segment\nAcme,U0AAA,strategic\nBeta,U0AAA,leverage\n")

    result = CliRunner().invoke(main, ["import", "suppliers", "s.csv", "--team", "T1", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "+ line 2: Acme" in result.output
    assert "+ line 3: Beta" in result.output
    assert "Dry run: nothing was written." in result.output
    assert "No workspace with team id 'T1'" in CliRunner().invoke(main, ["export", "--team", "T1"]).output


def test_bad_rows_are_listed_with_their_lines_and_the_command_fails(workdir: Path) -> None:
    (workdir / "s.csv").write_text("name,owner,segment\nAcme,U0AAA,strategic\nBeta,U0AAA,premium\n")

    result = CliRunner().invoke(main, ["import", "suppliers", "s.csv", "--team", "T1"])

    assert result.exit_code == 1
    assert "line 3: “premium” is not a segment" in result.output
    assert "Nothing was written: 1 row is bad." in result.output


def test_a_file_that_cannot_be_read_is_one_line_without_a_traceback(workdir: Path) -> None:
    (workdir / "list.xlsx").write_bytes(b"this is not a workbook")

    result = CliRunner().invoke(main, ["import", "contacts", "list.xlsx", "--team", "T1"])

    assert result.exit_code == 1
    assert result.output.strip() == "Error: list.xlsx: The file can't be opened as an Excel workbook (.xlsx)."
    assert_no_crash(result)


def test_an_email_owner_without_a_bot_token_is_explained(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    (workdir / "s.csv").write_text("name,owner\nAcme,bob@example.com\n")

    result = CliRunner().invoke(main, ["import", "suppliers", "s.csv", "--team", "T1"], env={"SLACK_BOT_TOKEN": ""})

    assert result.exit_code == 1
    assert "give Slack user ids instead" in result.output


def test_a_large_file_shows_its_progress_on_stderr(workdir: Path) -> None:
    (workdir / "s.csv").write_text("name,owner\nAcme,U0AAA\n")
    rows = "".join(f"Acme,{1 + n % 28}-10-2026,call,Call {n}\n" for n in range(5000))
    (workdir / "history.csv").write_text("supplier,date,kind,summary\n" + rows)
    assert CliRunner().invoke(main, ["import", "suppliers", "s.csv", "--team", "T1"]).exit_code == 0

    result = CliRunner().invoke(main, ["import", "interactions", "history.csv", "--team", "T1"])

    assert result.exit_code == 0, result.output
    assert "Importing interactions: 5000/5000 rows" in result.stderr
    assert "Importing" not in result.stdout
    assert "Added: 5000" in result.stdout
