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
from sqlmodel import SQLModel

from bot.clock import FixedClock
from bot.config import Settings
from bot.container import Services, build_services
from storage import models  # noqa: F401  (registers the tables in SQLModel.metadata)
from storage.db import Database, create_db_engine
from storage.migrate import upgrade
from tests.fakes.postgres import throwaway_database

# Every table of the schema, for the PostgreSQL clean-up between tests (Alembic's own table stays).
TABLES = tuple(table.name for table in SQLModel.metadata.sorted_tables)
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


ENGINES = ("sqlite", "postgresql")
#: For a test in a SQLite-only folder (tests/slack) that covers storage, claims or concurrency: run it on both engines.
both_engines = pytest.mark.parametrize("database_url", ENGINES, indirect=True)
#: For a subprocess test in a both-engines folder whose subject is not the engine (a signal, a process's start-up):
#: the suite's time goes to what the engine changes.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def migrated_empty_database(request: pytest.FixtureRequest, engine: str, tmp_path: Path, template: Path) -> str:
    if engine == "sqlite":
        path = tmp_path / "covalis.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    db_engine = create_db_engine(url)
    with db_engine.begin() as conn:
        # DELETE, children first, and the sequences restarted: a tenth of what one TRUNCATE of every table costs
        # (TRUNCATE makes new files for each table), and the same empty database with ids from 1.
        for table in reversed(TABLES):
            conn.execute(text(f"DELETE FROM {table}"))
        for (sequence,) in conn.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")):
            conn.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    db_engine.dispose()
    return url


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, empty database on each engine."""
    return migrated_empty_database(request, request.param, tmp_path, sqlite_template)


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
