"""Issue 15, operations: one log line per request and per job (text or JSON, no note text), /readyz from a cached
token check and the database, and the tick and lease seconds operators set."""

import io
import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.app import web_client
from bot.clock import FixedClock
from bot.logs import JsonFormatter
from bot.scheduler import start_scheduler
from bot.services.workspaces import Actor
from bot.web import Readiness, SlackWsgi
from handlers.delivery import SlackDelivery
from storage.db import Database
from storage.models import Delivery
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.conftest import slack_settings
from tests.slack.harness import BOT_TOKEN, SlackHarness, ask, tick


def _get(wsgi: SlackWsgi, path: str) -> tuple[str, str]:
    seen: dict[str, Any] = {}

    def start_response(status: str, _headers: list[tuple[str, str]]) -> None:
        seen["status"] = status

    body = b"".join(wsgi({"REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.input": io.BytesIO()}, start_response))
    return seen["status"], body.decode()


def test_every_request_gets_one_log_line_with_workspace_surface_duration_and_outcome_and_no_note_text(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    ask(slack, "supplier add Acme strategic")
    with caplog.at_level(logging.INFO, logger="covalis.requests"):
        ask(slack, "note Acme: the secret price is 4.20 #call")

    (line,) = [r for r in caplog.records if r.name == "covalis.requests"]
    assert (line.workspace, line.surface, line.outcome) == (TEAM_ID, "command", "200")  # type: ignore[attr-defined]
    assert isinstance(line.duration_ms, int)  # type: ignore[attr-defined]
    assert all("secret" not in r.getMessage() for r in caplog.records)
    as_json = json.loads(JsonFormatter().format(line))
    assert {k: as_json[k] for k in ("level", "logger", "workspace", "surface", "outcome")} == {
        "level": "INFO",
        "logger": "covalis.requests",
        "workspace": TEAM_ID,
        "surface": "command",
        "outcome": "200",
    }


def test_readyz_is_ready_with_a_migrated_database_and_a_good_token_and_says_why_not(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    assert _get(slack.wsgi, "/readyz") == ("200 OK", "ready")

    fake.valid_tokens.discard(BOT_TOKEN)  # the app was uninstalled
    slack.wsgi.readiness.refresh_token(web_client(slack.services, BOT_TOKEN))
    refused = _get(slack.wsgi, "/readyz")
    calls = len(fake.calls_to("auth.test"))
    _get(slack.wsgi, "/readyz")

    assert refused == ("503 Service Unavailable", "Slack refuses the bot token")
    assert len(fake.calls_to("auth.test")) == calls, "a probe never calls Slack"
    assert _get(slack.wsgi, "/healthz") == ("200 OK", "ok"), "alive, just not ready"


def test_readyz_says_an_unmigrated_database_is_not_ready(tmp_path: Any) -> None:
    empty = Database.from_url(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        ready, why = Readiness(empty).check()
    finally:
        empty.dispose()

    assert not ready
    assert why.startswith("database not migrated (at None, this Covalis needs 00")


def test_the_timer_ticks_every_covalis_tick_seconds(fake: FakeSlackApi, database_url: str, db: Database) -> None:
    from bot.container import build_services

    services = build_services(
        slack_settings(fake, database_url, COVALIS_TICK_SECONDS="7", COVALIS_LEASE_SECONDS="60"), db=db
    )
    scheduler = start_scheduler(services, SlackDelivery(web_client(services, BOT_TOKEN)))
    try:
        assert scheduler.get_job("tick").trigger.interval == timedelta(seconds=7)
    finally:
        scheduler.shutdown(wait=False)


def test_a_nudge_claim_is_held_for_covalis_lease_seconds(
    fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock
) -> None:
    from bot.container import build_services

    services = build_services(slack_settings(fake, database_url, COVALIS_LEASE_SECONDS="60"), db=db, clock=clock)
    harness = SlackHarness(services, fake)
    try:
        services.suppliers.add(Actor(TEAM_ID, "U_ALICE"), "Acme", "strategic")
        leases: list[timedelta] = []

        def post(_body: dict[str, Any]) -> dict[str, Any]:
            with db.read() as session:
                claimed = session.exec(select(Delivery).where(Delivery.status == "claimed")).all()
                leases.extend(d.lease_until - clock.now() for d in claimed if d.lease_until)
            return {"channel": "D_ALICE", "ts": "1765000000.000100"}

        fake.set_handler("chat.postMessage", post)
        tick(harness, clock.now() + timedelta(days=15, hours=5))  # 14:00 in Amsterdam, two weeks later
    finally:
        harness.close()

    assert leases == [timedelta(seconds=60)]
