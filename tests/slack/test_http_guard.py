"""The HTTP front door over real HTTP: signatures and timestamps, health checks, paths, and what reaches the logs."""

import hashlib
import hmac
import io
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.cli import configure_logging
from bot.services.workspaces import Actor
from bot.web import SlackWsgi
from storage.db import Database
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import SIGNING_SECRET, HttpSlackHarness, Reply, SlackHarness, stored_view, text_of

EVENTS = "/slack/events"
MARKER = "zebra-7f3c-confidential"
QUIET_LOGGERS = ("slack_sdk", "slack_bolt", "covalis.bolt", "waitress", "sqlalchemy")


@pytest.fixture
def slack(slack_http: HttpSlackHarness) -> HttpSlackHarness:
    """Every test here goes through waitress, as Slack's requests do."""
    return slack_http


def command_body(slack: SlackHarness, text: str, name: str) -> str:
    """A `/covalis` form body as Slack posts it, answering to response_url `name`."""
    return urlencode(
        {
            "team_id": TEAM_ID,
            "team_domain": "covalis-test",
            "channel_id": "C_GENERAL",
            "user_id": "U_ALICE",
            "command": "/covalis",
            "text": text,
            "response_url": slack.fake.response_url(name),
            "trigger_id": f"trigger-{name}",
        }
    )


def supplier_list(slack: SlackHarness) -> str:
    reply, name = slack.command("supplier list")
    assert reply.status == 200
    return text_of(slack.answer(name))


# --- signatures and timestamps ----------------------------------------------------------------------------------


def test_a_request_with_a_wrong_signature_is_refused_and_not_processed(slack: SlackHarness, fake: FakeSlackApi) -> None:
    body = command_body(slack, "supplier add Evil Corp", "forged")

    reply = slack.request(EVENTS, body, signature="v0=" + "0" * 64)

    assert reply.status == 401
    assert "Evil Corp" not in supplier_list(slack)
    assert fake.calls_to("response_url:forged") == []


def test_a_body_changed_after_signing_is_refused(slack: SlackHarness, fake: FakeSlackApi) -> None:
    ts = str(int(time.time()))
    signed = command_body(slack, "supplier add Good Corp", "tampered")
    signature = slack.verifier.generate_signature(timestamp=ts, body=signed)

    reply = slack.request(EVENTS, signed.replace("Good", "Evil"), timestamp=ts, signature=signature)

    assert reply.status == 401
    assert "Corp" not in supplier_list(slack)
    assert fake.calls_to("response_url:tampered") == []


@pytest.mark.parametrize("timestamp", ["soon", "1764000000.5", "-300", ""])
def test_a_non_numeric_timestamp_is_a_bad_request_not_a_server_error(
    slack: SlackHarness, fake: FakeSlackApi, timestamp: str
) -> None:
    body = command_body(slack, "supplier add Evil Corp", "odd-ts")

    reply = slack.request(EVENTS, body, timestamp=timestamp)

    assert reply.status == 400
    assert "Evil Corp" not in supplier_list(slack)
    assert fake.calls_to("response_url:odd-ts") == []


@pytest.mark.parametrize("skew", [-330, -3600, 330], ids=["over-five-minutes-old", "an-hour-old", "from-the-future"])
def test_a_correctly_signed_request_outside_five_minutes_is_refused_as_a_replay(
    slack: SlackHarness, fake: FakeSlackApi, skew: int
) -> None:
    body = command_body(slack, "supplier add Evil Corp", "replayed")

    reply = slack.request(EVENTS, body, timestamp=str(int(time.time()) + skew))

    assert reply.status == 401
    assert "Evil Corp" not in supplier_list(slack)
    assert fake.calls_to("response_url:replayed") == []


def test_a_request_signed_within_five_minutes_is_accepted(slack: SlackHarness) -> None:
    body = command_body(slack, "supplier add Good Corp", "fresh")

    reply = slack.request(EVENTS, body, timestamp=str(int(time.time()) - 240))

    assert reply.status == 200
    assert "Added *Good Corp*" in text_of(slack.answer("fresh"))


def test_slacks_url_verification_challenge_is_answered(slack: SlackHarness) -> None:
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )

    reply = slack.request(EVENTS, body, content_type="application/json")

    assert reply.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in reply.body


def test_an_over_large_body_is_refused_before_it_is_read(slack: SlackHarness) -> None:
    reply = slack.request(EVENTS, "text=" + "x" * 1_000_001)

    assert reply.status == 413


# --- issue 10: hard edges -- never a 500, never a traceback ---------------------------------------------------


def post_raw(slack: HttpSlackHarness, raw: bytes, headers: dict[str, str], content_type: str) -> Reply:
    """POSTs exact bytes with exactly these headers (the harness's own request always signs a str)."""
    req = urllib.request.Request(slack.url + EVENTS, data=raw, method="POST")
    req.add_header("Content-Type", content_type)
    for key, value in headers.items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return Reply(response.status, response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.read().decode("utf-8"))


def signed_headers(raw: bytes) -> dict[str, str]:
    """Slack's v0 signature over the exact bytes (slack_sdk's own signer refuses bytes that are not UTF-8)."""
    ts = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}


@pytest.mark.parametrize(
    "drop", ["X-Slack-Request-Timestamp", "X-Slack-Signature", "both"], ids=["no-timestamp", "no-signature", "neither"]
)
def test_a_request_without_slacks_headers_is_unauthorised(
    slack: HttpSlackHarness, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture, drop: str
) -> None:
    caplog.set_level(logging.DEBUG)
    raw = command_body(slack, "supplier add Evil Corp", "unsigned").encode("utf-8")
    headers = {k: v for k, v in signed_headers(raw).items() if drop not in (k, "both")}

    reply = post_raw(slack, raw, headers, "application/x-www-form-urlencoded")

    assert reply.status == 401
    assert "Evil Corp" not in supplier_list(slack)
    assert fake.calls_to("response_url:unsigned") == []
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2", "application/json"),
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        ("text=caf\u00e9".encode("latin-1"), "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/json"),
    ],
    ids=["broken-json", "truncated-json", "form-payload-not-json", "latin-1-body", "binary-body"],
)
def test_a_correctly_signed_but_malformed_body_is_a_bad_request_not_a_server_error(
    slack: HttpSlackHarness, caplog: pytest.LogCaptureFixture, raw: bytes, content_type: str
) -> None:
    caplog.set_level(logging.DEBUG)

    reply = post_raw(slack, raw, signed_headers(raw), content_type)

    assert reply.status == 400
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    "timestamp",
    ["\u00b2", "9" * 5000, "99999999999999999999", "\u0661\u0662\u0663"],
    ids=["superscript-two", "five-thousand-digits", "twenty-digits", "arabic-indic-digits"],
)
def test_an_absurd_timestamp_is_refused_with_a_4xx_and_no_traceback(
    slack: SlackHarness, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture, timestamp: str
) -> None:
    caplog.set_level(logging.DEBUG)
    body = command_body(slack, "supplier add Evil Corp", "absurd-ts")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": EVENTS,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body.encode("utf-8")),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": timestamp,
        "HTTP_X_SLACK_SIGNATURE": "v0=" + "0" * 64,
    }
    seen: list[str] = []

    b"".join(slack.wsgi(environ, lambda status, _headers: seen.append(status)))

    assert len(seen) == 1
    assert seen[0].startswith("4")
    assert fake.calls_to("response_url:absurd-ts") == []
    assert "Traceback" not in caplog.text


# --- health and paths -------------------------------------------------------------------------------------------


def test_healthz_answers_ok_while_the_database_answers(slack: SlackHarness) -> None:
    reply = slack.request("/healthz", method="GET")

    assert (reply.status, reply.body) == (200, "ok")


@pytest.mark.parametrize(
    "unreachable",
    ["postgresql+psycopg://nobody@127.0.0.1:1/x", "sqlite:////nonexistent-covalis-dir/nested/covalis.db"],
    ids=["postgresql-port-closed", "sqlite-missing-directory"],
)
def test_healthz_answers_503_when_the_database_is_unreachable(slack: SlackHarness, unreachable: str) -> None:
    db = Database.from_url(unreachable)
    wsgi = SlackWsgi(slack.wsgi.app, db, SIGNING_SECRET)
    seen: list[str] = []

    try:
        body = b"".join(
            wsgi({"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz"}, lambda status, _headers: seen.append(status))
        )
    finally:
        db.dispose()

    assert seen == ["503 Service Unavailable"]
    assert body != b"ok"
    assert body


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("POST", "/slack/other", 404), ("GET", "/", 404), ("GET", "/healthz/", 404), ("GET", EVENTS, 405)],
)
def test_unknown_paths_and_methods_are_refused(slack: SlackHarness, method: str, path: str, status: int) -> None:
    reply = slack.request(path, "", method=method)

    assert reply.status == status


# --- what reaches the logs --------------------------------------------------------------------------------------


@pytest.fixture
def production_logging(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything captured at DEBUG, with the levels `covalis --log-level DEBUG` sets for Slack's SDKs."""
    saved = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    caplog.set_level(logging.DEBUG)
    configure_logging("DEBUG")
    try:
        yield caplog
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize(
    "tamper",
    [{"signature": "v0=" + "0" * 64}, {"timestamp": "soon"}, {"timestamp": str(int(time.time()) - 3600)}],
    ids=["bad-signature", "non-numeric-timestamp", "stale-timestamp"],
)
def test_a_rejected_requests_body_never_reaches_the_logs(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, tamper: dict[str, str]
) -> None:
    caplog.set_level(logging.DEBUG)

    reply = slack.request(EVENTS, command_body(slack, f"note Acme: {MARKER}", "rejected"), **tamper)

    assert reply.status in (400, 401)
    assert "rejected a Slack request" in caplog.text
    assert MARKER not in caplog.text


def test_a_notes_text_never_reaches_the_covalis_or_bolt_logs(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("covalis", "slack_bolt", "bot", "handlers", "storage"):
        caplog.set_level(logging.DEBUG, logger=name)
    reply, added = slack.command("supplier add Acme")
    slack.answer(added)

    reply, noted = slack.command(f"note Acme: {MARKER} #call")

    assert reply.status == 200
    assert MARKER in text_of(slack.answer(noted))
    assert any(r.name.startswith("covalis") for r in caplog.records), "Bolt's DEBUG logging was captured"
    assert MARKER not in caplog.text


def test_with_debug_logging_on_no_note_text_reaches_any_log(
    slack: SlackHarness, fake: FakeSlackApi, production_logging: pytest.LogCaptureFixture
) -> None:
    _, added = slack.command("supplier add Acme")
    slack.answer(added)
    _, noted = slack.command(f"note Acme: {MARKER} typed")
    slack.answer(noted)
    slack.command("note")
    view = stored_view(fake, "views.open")
    (supplier,) = slack.services.suppliers.list_suppliers(Actor(TEAM_ID, "U_ALICE"))
    values: dict[str, Any] = {
        "supplier": {"supplier_select": {"selected_option": {"value": str(supplier.id)}}},
        "kind": {"kind_select": {"selected_option": {"value": "call"}}},
        "date": {"date_pick": {"selected_date": "2026-11-25"}},
        "summary": {"summary_input": {"value": f"{MARKER} in the form"}},
    }
    slack.submit(view, values)
    fake.wait_for("chat.postEphemeral")

    out = io.StringIO()
    slack.services.export.write_json(TEAM_ID, out, now=slack.services.clock.now())
    assert out.getvalue().count(MARKER) == 2, "both notes were stored"
    logging.getLogger("handlers.probe").debug("probe")
    assert "probe" in production_logging.text, "DEBUG records are captured"
    assert MARKER not in production_logging.text
