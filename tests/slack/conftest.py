from collections.abc import Iterator

import pytest

from bot.clock import FixedClock
from bot.config import Settings
from bot.container import build_services
from storage.db import Database
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, SlackHarness


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        api.add_user("U_ALICE", name="alice", tz="Europe/Amsterdam")
        api.add_user("U_BOB", name="bob", tz="America/New_York")
        api.add_user("U_PIETER", name="pieter", tz="Europe/Amsterdam")
        yield api


@pytest.fixture
def slack(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[SlackHarness]:
    settings = Settings(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.base_url,
        COVALIS_DATABASE_URL=database_url,
        _env_file=None,  # type: ignore[call-arg]
    )
    harness = SlackHarness(build_services(settings, db=db, clock=clock), fake)
    yield harness
    harness.close()
