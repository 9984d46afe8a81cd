"""`covalis run` (Socket Mode, the README's main command) end to end, as a real subprocess.

Slack's side is played by two loopback stand-ins: the Web API (its `apps.connections.open` answers with the WebSocket
server's ws:// URL) and a WebSocket server that sends Slack's `hello` and envelopes and receives the acks. The bot
reaches both through SLACK_API_URL only, exactly as it reaches slack.com in production.
"""

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.container import Services
from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import NOW
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.fakes.socket_mode import FakeSocketModeServer

ROOT = Path(__file__).resolve().parents[2]
ALICE = Actor(team_id=TEAM_ID, user_id="U_ALICE")
START_TIMEOUT = 30.0  # seconds for the subprocess to import, migrate and connect on a busy 2-core machine


@pytest.fixture
def socket_server(fake: FakeSlackApi) -> Iterator[FakeSocketModeServer]:
    with FakeSocketModeServer() as server:
        fake.socket_mode_url = server.url
        yield server


@pytest.fixture
def covalis_run(
    tmp_path: Path, database_url: str, fake: FakeSlackApi, socket_server: FakeSocketModeServer
) -> Iterator[Path]:
    """`covalis run` with only the README's variables, connected to the stand-ins; yields the path of its log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COVALIS_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_APP_TOKEN="xapp-test-token",
        SLACK_API_URL=fake.base_url,
        COVALIS_DATABASE_URL=database_url,
    )
    log = tmp_path / "covalis.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not socket_server.wait_for_connection(timeout=0.2):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`covalis run` did not connect to the Socket Mode server:\n{log.read_text()}")
        yield log
    finally:
        process.terminate()
        code = process.wait(timeout=20)
    assert code == 0, f"SIGTERM stops `covalis run` cleanly:\n{log.read_text()}"
    assert "stopped" in log.read_text()


def exported_interactions(services: Services) -> list[dict[str, Any]]:
    out = io.StringIO()
    services.export.write_json(TEAM_ID, out, now=NOW)
    interactions: list[dict[str, Any]] = json.loads(out.getvalue())["interactions"]
    return interactions


def summary_block(view: dict[str, Any]) -> dict[str, Any]:
    (found,) = [b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_SUMMARY]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the transport is under test, not the engine
@pytest.mark.usefixtures("covalis_run")
def test_covalis_run_over_socket_mode_acks_a_note_command_and_a_shortcut_and_acts_on_both(
    services: Services, fake: FakeSlackApi, socket_server: FakeSocketModeServer
) -> None:
    services.suppliers.add(ALICE, "Acme Industries", "strategic")
    (opened,) = fake.calls_to("apps.connections.open")
    assert opened.token == "xapp-test-token", "the WebSocket URL is asked for with the app-level token"
    socket_server.hello()

    command = socket_server.envelope(
        "slash_commands",
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "covalis-test",
            "channel_id": "C_GENERAL",
            "channel_name": "general",
            "user_id": "U_ALICE",
            "user_name": "alice",
            "command": "/covalis",
            "text": "note Acme: call with Jan about the forecast #call",
            "api_app_id": "A0000TEST",
            "is_enterprise_install": "false",
            "response_url": fake.response_url("socket-command"),
            "trigger_id": "trigger-socket-command",
        },
        accepts_response_payload=True,
    )
    assert socket_server.wait_for_ack(command) == {"envelope_id": command}
    answer = fake.wait_for("response_url:socket-command", timeout=10)[-1].body
    assert "Logged a call with *Acme Industries*" in answer["text"]
    (note,) = exported_interactions(services)
    assert (note["summary"], note["kind"], note["source"]) == ("call with Jan about the forecast", "call", "command")

    shortcut = socket_server.envelope(
        "interactive",
        {
            "type": "message_action",
            "token": "legacy",
            "action_ts": "1764000100.000200",
            "callback_id": ids.SHORTCUT_LOG,
            "trigger_id": "trigger-socket-shortcut",
            "user": {"id": "U_ALICE", "username": "alice", "team_id": TEAM_ID},
            "team": {"id": TEAM_ID, "domain": "covalis-test"},
            "channel": {"id": "C_GENERAL", "name": "general"},
            "message": {"type": "message", "text": "Lead times go up by two weeks", "ts": "1764000000.000100"},
            "message_ts": "1764000000.000100",
            "response_url": fake.response_url("socket-shortcut"),
            "is_enterprise_install": False,
        },
        accepts_response_payload=False,
    )
    assert socket_server.wait_for_ack(shortcut) == {"envelope_id": shortcut}
    (modal,) = fake.wait_for("views.open", timeout=10)
    assert modal.body["trigger_id"] == "trigger-socket-shortcut"
    assert summary_block(modal.body["view"])["element"]["initial_value"] == "Lead times go up by two weeks"
