"""The Slack surface in-process on SQLite: most of these tests check what a user sees, not how a database stores it.
A test that covers storage, claims or concurrency through a surface runs on both engines with `@both_engines`."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import Settings
from bot.container import build_services
from storage.db import Database
from tests.conftest import migrated_empty_database
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, HttpSlackHarness, SlackHarness


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite unless the test asks for both engines (`@both_engines` parametrises this fixture indirectly)."""
    return migrated_empty_database(request, request.param, tmp_path, sqlite_template)


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        api.add_user("U_ALICE", name="alice", tz="Europe/Amsterdam")
        api.add_user("U_BOB", name="bob", tz="America/New_York")
        api.add_user("U_PIETER", name="pieter", tz="Europe/Amsterdam")
        yield api


def slack_settings(fake: FakeSlackApi, database_url: str, **extra: str) -> Settings:
    return Settings(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.base_url,
        COVALIS_DATABASE_URL=database_url,
        _env_file=None,  # type: ignore[call-arg]
        **extra,
    )


@pytest.fixture
def slack(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[SlackHarness]:
    """The app called in-process through its WSGI front door."""
    harness = SlackHarness(build_services(slack_settings(fake, database_url), db=db, clock=clock), fake)
    yield harness
    harness.close()


@pytest.fixture
def slack_http(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[HttpSlackHarness]:
    """The app behind a real HTTP server: for the request guard and one smoke path per surface."""
    harness = HttpSlackHarness(build_services(slack_settings(fake, database_url), db=db, clock=clock), fake)
    yield harness
    harness.close()
