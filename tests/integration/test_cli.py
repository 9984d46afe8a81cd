"""The run contract, through the real `covalis` command in a subprocess."""

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from bot.clock import FixedClock
from bot.container import Services
from bot.services.workspaces import Actor
from storage import queries
from tests.conftest import NOW, sqlite_only
from tests.fakes.slack_api import FakeSlackApi

COVALIS = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parents[2]
ALICE = Actor(team_id="T1", user_id="U_ALICE")


# Each test starts Python in a subprocess: `make test-fast` leaves them out, `make test` and CI run them.
pytestmark = pytest.mark.slow


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COVALIS_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def covalis(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COVALIS, *args], cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=60)


@sqlite_only  # the export on PostgreSQL: tests/integration/test_export.py
def test_export_writes_json_to_stdout_and_csv_files_per_record_type(
    tmp_path: Path, database_url: str, services: Services
) -> None:
    acme = services.suppliers.add(ALICE, 'Acme, "quoted" & Co', "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    services.capture.log_note(ALICE, acme.id, "secret pricing with Jan #private", tz="UTC")

    result = covalis("export", "--team", "T1", cwd=tmp_path, COVALIS_DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["workspace"]["team_id"] == "T1"
    assert document["interactions"][0]["private"] is True
    assert document["interactions"][0]["summary"] == "secret pricing with Jan"

    out = tmp_path / "csv"
    result = covalis(
        "export", "--team", "T1", "--format", "csv", "--out", str(out), cwd=tmp_path, COVALIS_DATABASE_URL=database_url
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "audit_entries.csv",
        "colleagues.csv",
        "contacts.csv",
        "digest_subscriptions.csv",
        "follow_ups.csv",
        "interactions.csv",
        "pulse_answers.csv",
        "pulse_links.csv",
        "suppliers.csv",
    ]
    with (out / "suppliers.csv").open(newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["name"] == 'Acme, "quoted" & Co'
    with (out / "audit_entries.csv").open(newline="", encoding="utf-8") as handle:
        logged = [(r["action"], r["actor_id"], json.loads(r["detail"])) for r in csv.DictReader(handle)]
    assert logged == [("export", "", {"via": "cli"})]  # the first export, by the operator
    with (out / "interactions.csv").open(newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
        assert row["visibility"] == "private"
        assert row["contact_ids"] != ""


@sqlite_only  # `covalis tick` on PostgreSQL: test_concurrent_ticks.py
def test_tick_runs_once_as_of_the_given_instant_and_exits_0(
    tmp_path: Path, database_url: str, fake_api: FakeSlackApi, services: Services, clock: FixedClock
) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    clock.set(NOW - timedelta(days=400))
    old = services.capture.log_note(ALICE, acme.id, "zeppelin pricing call", tz="UTC")
    clock.set(NOW)
    with services.db.write() as session:
        workspace = queries.get_workspace(session, team_id="T1")
        assert workspace is not None
        workspace.retention_months = 12
        session.add(workspace)

    result = covalis(
        "tick",
        "--at",
        "2026-11-30T09:00",
        cwd=tmp_path,
        COVALIS_DATABASE_URL=database_url,
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_API_URL=fake_api.base_url,
    )
    assert result.returncode == 0, result.stderr
    assert "tick done" in result.stdout
    assert "retention: notes=1 follow-ups=0 nudges=0 comments=0 audit entries=0" in result.stdout
    [row] = services.history.history(ALICE, acme.id).page.rows
    assert (row.id, row.summary) == (old.id, "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fake_api() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


def _start_http(tmp_path: Path, database_url: str, fake_api: FakeSlackApi) -> tuple[subprocess.Popen[str], Any]:
    """`covalis run --http` in a subprocess against the stand-in, once /healthz answers; and a signer for it."""
    from slack_sdk.signature import SignatureVerifier

    from tests.slack.harness import HttpSlackHarness

    port = _free_port()
    process = subprocess.Popen(
        [*COVALIS, "run", "--http", "--port", str(port), "--host", "127.0.0.1"],
        cwd=tmp_path,
        env=_env(
            SLACK_BOT_TOKEN="xoxb-test-token",
            SLACK_SIGNING_SECRET="test-signing-secret",
            SLACK_API_URL=fake_api.base_url.rstrip("/"),
            COVALIS_DATABASE_URL=database_url,
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                assert response.status == 200
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(process.stdout.read() if process.stdout else "no output") from None
            time.sleep(0.2)
    signer = HttpSlackHarness.__new__(HttpSlackHarness)
    signer.url = f"http://127.0.0.1:{port}"
    signer.verifier = SignatureVerifier("test-signing-secret")
    return process, signer


def _command(fake_api: FakeSlackApi, name: str, text: str) -> str:
    return f"team_id=T1&user_id=U1&command=%2Fcovalis&text={quote(text)}&response_url={fake_api.response_url(name)}"


@sqlite_only  # `covalis run --http` on PostgreSQL: test_replicas.py
def test_run_http_serves_healthz_and_slack_requests_against_slack_api_url(
    tmp_path: Path, database_url: str, fake_api: FakeSlackApi
) -> None:
    process, signer = _start_http(tmp_path, database_url, fake_api)
    try:
        assert fake_api.calls_to("auth.test"), "Bolt's start-up auth.test must go to SLACK_API_URL"
        assert signer.request("/slack/events", _command(fake_api, "cli", "help")).status == 200
        help_answer = fake_api.wait_for("response_url:cli", timeout=10)[-1].body
        assert "/covalis supplier add" in json.dumps(help_answer)
        with urllib.request.urlopen(f"{signer.url}/readyz", timeout=5) as response:
            assert (response.status, response.read()) == (200, b"ready")
    finally:
        process.terminate()
        process.wait(timeout=10)


@sqlite_only  # a signal's handling does not depend on the engine
def test_sigterm_lets_the_request_in_flight_finish_then_exits_0(
    tmp_path: Path, database_url: str, fake_api: FakeSlackApi
) -> None:
    from tests.slack.test_modal_and_shortcut import form_values

    def slow_publish(body: dict[str, Any]) -> dict[str, Any]:
        time.sleep(2)  # Slack slow to take the App Home, after the note was acknowledged
        return {"view": {"id": "V1", **body.get("view", {})}}

    # The capture form opened from the Home tab, submitted: after the ack, Home is published (slowly), then the
    # confirmation is sent — its arrival proves the work went on after SIGTERM.
    view = {"id": "V1", "type": "modal", "callback_id": "capture_modal", "private_metadata": '{"home":true}'}
    view["state"] = {"values": form_values(1, summary="Plant tour from the Home tab")}
    submission = "payload=" + quote(
        json.dumps({"type": "view_submission", "user": {"id": "U1"}, "team": {"id": "T1"}, "view": view})
    )
    process, signer = _start_http(tmp_path, database_url, fake_api)
    try:
        assert signer.request("/slack/events", _command(fake_api, "add", "supplier add Acme strategic")).status == 200
        fake_api.wait_for("response_url:add", timeout=10)
        fake_api.set_handler("views.publish", slow_publish)
        assert signer.request("/slack/events", submission).status == 200
        fake_api.wait_for("views.publish", timeout=10)
        process.send_signal(signal.SIGTERM)  # acknowledged, its work still going on
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    assert process.returncode == 0, output
    confirmations = [json.dumps(c.body) for c in fake_api.calls_to("chat.postMessage")]
    assert any("Logged" in c for c in confirmations), "the work after the ack was finished, not cut off"
    assert "Traceback" not in output
    assert "stopped" in output
