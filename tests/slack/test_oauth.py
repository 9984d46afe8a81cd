"""Installed into many workspaces through Slack's OAuth flow, over real HTTP against the Web API stand-in, on both
engines: the install and its single-use state, each workspace's requests and nudges with its own token (stored
encrypted), uninstall and revocation, the grace period, rotating tokens and the secret key."""

import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from time import monotonic
from typing import Any, NamedTuple

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.container import Services, build_services
from bot.oauth import services_refresher
from bot.pulse_web import RateLimit
from bot.runtime import installed_tick
from bot.services.installations import Refreshed, TokenUnreadable
from storage.db import Database
from storage.models import Supplier, Workspace
from tests.conftest import NOW, both_engines
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.conftest import slack_settings
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, HttpSlackHarness, Reply, dms_to, text_of

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-client-secret-for-the-tests"
OLD_KEY = "the-first-secret-key-of-the-tests-0123456789"
NEW_KEY = "the-second-secret-key-of-the-tests-9876543210"
ACME = "T0000ACME"
TOKEN_ONE = "xoxb-installed-one"
TOKEN_ACME = "xoxb-installed-acme"
# Thursday 10 December 2026, 10:30 in Amsterdam: 15 days after the suppliers are added on 25 November.
THURSDAY_MORNING = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)


def oauth_settings(fake: FakeSlackApi, database_url: str, key: str = OLD_KEY, **extra: Any) -> Settings:
    return Settings(
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.base_url,
        COVALIS_DATABASE_URL=database_url,
        COVALIS_SECRET_KEY=key,
        _env_file=None,  # type: ignore[call-arg]
        **extra,
    )


@pytest.fixture
def oauth(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[HttpSlackHarness]:
    """The app with no bot token of its own, installed into nothing yet, behind a real HTTP server."""
    fake.enable_oauth(CLIENT_ID, CLIENT_SECRET)
    fake.valid_tokens.clear()  # the single-workspace tokens are no good here: every token comes from an install
    fake.add_user("U_CAROL", name="carol", tz="Europe/Amsterdam", team_id=ACME)
    harness = HttpSlackHarness(build_services(oauth_settings(fake, database_url), db=db, clock=clock), fake, None)
    yield harness
    harness.close()


def get(slack: HttpSlackHarness, path: str, cookie: str | None = None) -> tuple[Reply, dict[str, str]]:
    """A browser's GET (no redirect followed): the answer and its headers."""
    request = urllib.request.Request(slack.url + path)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(response.status, response.read().decode("utf-8")), dict(response.headers.items())
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.read().decode("utf-8")), dict(exc.headers.items())


class Installed(NamedTuple):
    reply: Reply  # Slack's redirect back, as the installer's browser gets it
    state: str
    cookie: str


def install(slack: HttpSlackHarness, code: str, team_id: str, token: str, **grant: Any) -> Installed:
    """An admin of `team_id` opens /slack/install, approves in Slack, and comes back with the code."""
    slack.fake.add_install(code, team_id=team_id, bot_token=token, **grant)
    page, headers = get(slack, "/slack/install")
    assert page.status == 200
    state = re.search(r"state=([\w-]+)", page.body)
    assert state, page.body
    assert f"client_id={CLIENT_ID}" in page.body
    assert "scope=commands,files:read,files:write,chat:write" in page.body  # the manifest's scopes
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    answer, _ = get(slack, f"/slack/oauth_redirect?code={code}&state={state.group(1)}", cookie)
    return Installed(answer, state.group(1), cookie)


def command(slack: HttpSlackHarness, text_: str, *, user: str, team: str) -> str:
    reply, name = slack.command(text_, user=user, team=team)
    assert reply.status == 200, reply.body
    return text_of(slack.answer(name))


def tokens_of_calls(fake: FakeSlackApi, method: str) -> set[str | None]:
    return {call.token for call in fake.calls_to(method)}


def raw_installation(db: Database) -> str:
    """Every stored column of every installation, as the database holds them."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM installation")).all()
    return repr([tuple(row) for row in rows])


def uninstall(
    slack: HttpSlackHarness, event_id: str, team: str, event: dict[str, Any] | None = None, sent: datetime | None = None
) -> None:
    """Slack's app_uninstalled (or `event`), sent as of the services' clock (or at `sent`)."""
    at = int((sent or slack.services.clock.now()).timestamp())
    reply = slack.event(event or {"type": "app_uninstalled"}, event_id=event_id, team=team, event_time=at)
    assert reply.status == 200


def tick_at(slack: HttpSlackHarness, at: datetime) -> Any:
    slack.services.clock.set(at)  # type: ignore[attr-defined]
    return installed_tick(slack.services)


@both_engines
def test_two_workspaces_install_and_each_is_answered_and_nudged_with_its_own_token(
    oauth: HttpSlackHarness, db: Database
) -> None:
    fake = oauth.fake
    assert install(oauth, "code-one", TEAM_ID, TOKEN_ONE).reply.status == 200
    done = install(oauth, "code-acme", ACME, TOKEN_ACME)
    assert done.reply.status == 200

    exchanges = fake.calls_to("oauth.v2.access")
    assert [call.body["code"] for call in exchanges] == ["code-one", "code-acme"]
    assert all(call.headers.get("Authorization", "").startswith("Basic ") for call in exchanges)
    stored = raw_installation(db)
    assert ACME in stored
    assert TOKEN_ONE not in stored
    assert TOKEN_ACME not in stored  # encrypted at rest
    assert oauth.services.installations.find(ACME).bot_token == TOKEN_ACME  # type: ignore[union-attr]

    # Slack's redirect replayed with the same state (and cookie): refused, no second code exchange.
    fake.add_install("code-again", team_id=ACME, bot_token="xoxb-never")
    replay, _ = get(oauth, f"/slack/oauth_redirect?code=code-again&state={done.state}", done.cookie)
    assert replay.status == 401
    assert "invalid_state" in replay.body
    assert len(fake.calls_to("oauth.v2.access")) == 2

    added = command(oauth, "supplier add Acme Industries strategic", user="U_CAROL", team=ACME)
    assert "Added *Acme Industries*" in added
    assert "Added *Bolts*" in command(oauth, "supplier add Bolts strategic", user="U_ALICE", team=TEAM_ID)
    assert tokens_of_calls(fake, "users.info") == {TOKEN_ONE, TOKEN_ACME}
    assert {c.body["user"] for c in fake.calls_to("users.info") if c.token == TOKEN_ACME} == {"U_CAROL"}

    fake.clear()
    fake.rate_limit_next("auth.test", retry_after=30)  # the first workspace's limit is hit: not waited out
    started = monotonic()
    report = tick_at(oauth, THURSDAY_MORNING)
    assert monotonic() - started < 10
    assert report.workspaces == 1
    assert report.workspaces_skipped == 1
    assert report.nudges.sent == 1
    [nudge] = dms_to(oauth, "U_CAROL")
    assert "*Acme Industries* has gone quiet" in text_of(nudge)
    assert dms_to(oauth, "U_ALICE") == []
    assert tokens_of_calls(fake, "chat.postMessage") == {TOKEN_ACME}
    assert tokens_of_calls(fake, "users.list") == {TOKEN_ACME}


@both_engines
def test_an_uninstall_deletes_the_token_at_once_and_the_data_after_the_grace_period(
    oauth: HttpSlackHarness, db: Database
) -> None:
    install(oauth, "code-acme", ACME, TOKEN_ACME)
    install(oauth, "code-one", TEAM_ID, TOKEN_ONE)
    command(oauth, "supplier add Acme Industries strategic", user="U_CAROL", team=ACME)
    command(oauth, "supplier add Bolts strategic", user="U_ALICE", team=TEAM_ID)

    uninstall(oauth, "Ev-un", ACME)
    assert _wait(lambda: oauth.services.installations.find(ACME) is None)
    assert ACME not in raw_installation(db)
    with db.read() as session:
        workspace = session.exec(select(Workspace).where(Workspace.team_id == ACME)).one()
        assert workspace.uninstalled_at is not None
    reply, name = oauth.command("supplier list", user="U_CAROL", team=ACME)
    assert reply.status == 200
    told = text_of(oauth.answer(name))  # no token to answer with: told why, in both languages
    assert "no longer installed" in told
    assert "niet meer geïnstalleerd" in told

    assert tick_at(oauth, NOW + timedelta(days=29)).workspaces_deleted == 0
    assert _suppliers(db, ACME) == ["Acme Industries"]  # a re-install within the grace period loses nothing
    assert tick_at(oauth, NOW + timedelta(days=31)).workspaces_deleted == 1
    assert _suppliers(db, ACME) == []
    assert _suppliers(db, TEAM_ID) == ["Bolts"]  # the other workspace keeps its data and its install
    assert oauth.services.installations.find(TEAM_ID) is not None

    # Installed again, then its bot token revoked: gone at once; a re-install clears the uninstalled mark.
    install(oauth, "code-back", ACME, "xoxb-acme-back")
    with db.read() as session:
        assert session.exec(select(Workspace).where(Workspace.team_id == ACME)).one().uninstalled_at is None
    # Slack's retry of the first uninstall, and a revocation sent just before the re-install but delivered after
    # it: the new install stays.
    uninstall(oauth, "Ev-un", ACME, sent=NOW)
    late = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    uninstall(oauth, "Ev-late", ACME, late, sent=NOW + timedelta(days=31, seconds=-5))
    assert oauth.services.installations.find(ACME) is not None
    state = oauth.services.installations.issue_state()
    oauth.services.clock.set(NOW + timedelta(days=31, minutes=11))  # type: ignore[attr-defined]
    assert not oauth.services.installations.consume_state(state)  # ten minutes old: expired
    assert not oauth.services.installations.consume_state("made-up")
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    uninstall(oauth, "Ev-rev", ACME, revoked)
    assert _wait(lambda: oauth.services.installations.find(ACME) is None)
    assert oauth.services.installations.find(TEAM_ID) is not None


@both_engines
def test_a_rotating_token_is_refreshed_once_under_a_lock_and_the_secret_key_rotates(
    oauth: HttpSlackHarness, db: Database, database_url: str, clock: FixedClock
) -> None:
    fake = oauth.fake
    install(oauth, "code-acme", ACME, TOKEN_ACME, refresh_token="xoxe-1-first", expires_in=43_200)
    installations = oauth.services.installations
    assert "xoxe-1-first" not in raw_installation(db)

    clock.set(NOW + timedelta(hours=11))  # within two hours of expiry: two replicas refresh at the same moment
    slack_refresh = services_refresher(oauth.services)
    inside, go = threading.Event(), threading.Event()

    def slow_refresh(token: str) -> Refreshed:
        fresh = slack_refresh(token)  # Slack has spent the refresh token; the row is still locked
        inside.set()
        go.wait(5)
        return fresh

    both = build_services(oauth_settings(fake, database_url, key=f"{NEW_KEY},{OLD_KEY}"), db=db, clock=clock)
    assert both.installations.find(ACME).bot_token == TOKEN_ACME  # type: ignore[union-attr]  # NEW,OLD reads OLD
    installations.keys, installations._cipher = [NEW_KEY, OLD_KEY], None  # the app restarted with NEW,OLD first
    done: dict[str, Any] = {}

    def run(name: str, work: Any) -> threading.Thread:
        thread = threading.Thread(target=lambda: done.__setitem__(name, work()))
        thread.start()
        return thread

    first = run("first", lambda: installations.bot_for(ACME, slow_refresh))
    assert inside.wait(5)
    second = run("second", lambda: installations.bot_for(ACME, slack_refresh))
    rotating = run("rotated", both.installations.rotate_keys)  # `covalis secrets rotate` while a refresh is in flight
    if database_url.startswith("postgresql"):
        second.join(3)  # the token still works: the second replica goes on with it instead of waiting for Slack
        assert done["second"].bot_token == TOKEN_ACME
    threading.Event().wait(0.3)  # `secrets rotate` is waiting for the row
    go.set()
    for thread in (first, second, rotating):
        thread.join()
    refreshes = [c for c in fake.calls_to("oauth.v2.access") if c.body.get("grant_type") == "refresh_token"]
    assert [c.body["refresh_token"] for c in refreshes] == ["xoxe-1-first"]  # spent once, never twice
    fresh = done["first"].bot_token
    assert fresh != TOKEN_ACME
    if database_url.startswith("sqlite"):
        assert done["second"].bot_token == fresh  # the database's one writer: it waited, then found the new token
    assert done["rotated"] == 1
    fake.revoke(TOKEN_ACME)
    command(oauth, "supplier add Acme Industries strategic", user="U_CAROL", team=ACME)
    assert [c.token for c in fake.calls_to("users.info")] == [fresh]  # the request used the refreshed token

    # `secrets rotate` kept the refreshed tokens (not the spent ones) and re-encrypted them with NEW; OLD can go.
    kept = _services(fake, database_url, db, clock, NEW_KEY).installations.find(ACME)
    assert kept is not None
    assert kept.bot_token == fresh
    assert kept.bot_refresh_token not in (None, "xoxe-1-first")
    assert "xoxe" not in repr(Refreshed(fresh, "xoxe-1-next", 60))
    assert fresh not in repr(Refreshed(fresh, None, 60))
    with pytest.raises(TokenUnreadable):
        _services(fake, database_url, db, clock, OLD_KEY).installations.find(ACME)


def _services(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock, key: str) -> Services:
    return build_services(oauth_settings(fake, database_url, key=key), db=db, clock=clock)


def _suppliers(db: Database, team_id: str) -> list[str]:
    with db.read() as session:
        return list(
            session.exec(
                select(Supplier.name).join(Workspace).where(Workspace.team_id == team_id)  # type: ignore[arg-type]
            ).all()
        )


def _wait(done: Any, timeout: float = 5.0) -> bool:
    """Listeners run after the ack: wait until their effect shows."""
    deadline = datetime.now(UTC) + timedelta(seconds=timeout)
    while not done():
        if datetime.now(UTC) > deadline:
            return False
        threading.Event().wait(0.01)
    return True


def test_a_failing_install_gets_a_page_in_both_languages_and_no_code_reaches_the_logs(
    oauth: HttpSlackHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def started() -> tuple[str, str]:
        page, headers = get(oauth, "/slack/install")
        state = re.search(r"state=([\w-]+)", page.body)
        assert state, page.body
        return state.group(1), headers["Set-Cookie"].split(";", 1)[0]

    # Slack refuses a code it does not know: Bolt's page, and the code (a secret for ten minutes) not logged.
    state, cookie = started()
    refused, _ = get(oauth, f"/slack/oauth_redirect?state={state}&code=unknown-code-XYZ", cookie)
    assert refused.status == 401
    assert "invalid_code" in refused.body
    assert "with code: (hidden)" in caplog.text
    assert "unknown-code-XYZ" not in caplog.text

    # Slack out of reach during the code exchange: a page that says what to do, in both languages; no 500 of the server.
    def unreachable(**_: Any) -> Any:
        raise urllib.error.URLError("slack unreachable")

    monkeypatch.setattr(oauth.wsgi.app.oauth_flow.client, "oauth_v2_access", unreachable)  # type: ignore[union-attr]
    state, cookie = started()
    failed, headers = get(oauth, f"/slack/oauth_redirect?state={state}&code=code-xyz", cookie)
    assert failed.status == 500
    assert headers["Content-Type"].startswith("text/html")
    assert "Installing Covalis failed. Please try again from" in failed.body
    assert "Het installeren van Covalis is mislukt" in failed.body
    assert '<a href="/slack/install">' in failed.body
    assert "installing failed at /slack/oauth_redirect (URLError)" in caplog.text
    assert "code-xyz" not in caplog.text

    # Each visit writes a state, and no login is needed: too many from one address are turned away for a minute.
    oauth.wsgi.limit = RateLimit(requests=1, seconds=60)
    assert get(oauth, "/slack/install")[0].status == 200
    turned_away, headers = get(oauth, "/slack/install")
    assert turned_away.status == 429
    assert headers["Retry-After"] == "60"


def test_blank_oauth_variables_leave_the_bot_token_in_charge(
    fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", " ")
    harness = HttpSlackHarness(build_services(slack_settings(fake, database_url), db=db, clock=clock), fake)
    try:
        assert get(harness, "/slack/install")[0].status == 404  # no install page built from Bolt's defaults
        assert "Added *Bolts*" in command(harness, "supplier add Bolts strategic", user="U_ALICE", team=TEAM_ID)
        assert tokens_of_calls(fake, "users.info") == {BOT_TOKEN}
    finally:
        harness.close()


def test_the_tick_shares_one_budget_and_starts_with_another_workspace_each_minute(
    services: Services, clock: FixedClock
) -> None:
    asked: list[str] = []

    def port_for(team_id: str) -> None:
        asked.append(team_id)  # no token: skipped, the next one goes on

    teams = ["T1", "T2", "T3"]
    firsts = set()
    for minute in range(3):
        clock.set(THURSDAY_MORNING + timedelta(minutes=minute))
        asked.clear()
        assert services.ticks.run_installed(teams, port_for).workspaces_skipped == 3
        assert sorted(asked) == teams
        firsts.add(asked[0])
    assert firsts == set(teams)  # a slow workspace does not leave the same ones last every time

    asked.clear()
    report = services.ticks.run_installed(teams, port_for, budget_seconds=0)  # the chores used up the tick's time
    assert asked == []
    assert report.workspaces_skipped == 3
