"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, a frozen clock, services.

PostgreSQL: each test run creates its own database (dropped at the end); tests truncate between them. Outside CI a
missing server skips the PostgreSQL half with a visible reason; in CI (CI=true) it fails.
"""

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.clock import FixedClock
from bot.config import Settings
from bot.container import Services, build_services
from storage.db import Database, create_db_engine
from storage.migrate import upgrade
from tests.fakes.postgres import throwaway_database

TABLES = (
    "tie",
    "interaction_colleague",
    "interaction_contact",
    "follow_up",
    "interaction",
    "contact",
    "supplier_alias",
    "supplier",
    "pending_command",
    "colleague",
    "processed_event",
    "delivery",
    "digest_subscription",
    "workspace",
)
# Wednesday 25 November 2026, 10:00 in Amsterdam.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "covalis.db"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with throwaway_database("covalis_test") as url:
        engine = create_db_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A migrated, empty database on each engine."""
    if request.param == "sqlite":
        path = tmp_path / "covalis.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("postgres_url")
    engine = create_db_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database.from_url(database_url)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET="test-signing-secret",
        COVALIS_DATABASE_URL=database_url,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def services(settings: Settings, db: Database, clock: FixedClock) -> Services:
    return build_services(settings, db=db, clock=clock)
