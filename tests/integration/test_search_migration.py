"""Revisions 0014 and 0015 on both engines: notes and follow-ups logged before search existed are found after the
upgrade, with their supplier's and contacts' names, without their accents and within one supplier, and the downgrade
leaves no index behind."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from bot.config import Settings
from bot.container import build_services
from bot.services.workspaces import Actor
from storage.db import Database, create_db_engine
from storage.migrate import upgrade
from tests.fakes.postgres import throwaway_database


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with throwaway_database("covalis_search_migration") as url:
        yield url


def _old_rows(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workspace (id, team_id, created_at) VALUES (1, 'T1', '2026-11-01 09:00:00')"))
        conn.execute(
            text(
                "INSERT INTO supplier (id, workspace_id, name, name_key, segment, owner_id, archived, created_at)"
                " VALUES (1, 1, 'Acme', 'acme', 'strategic', 'U1', false, '2026-11-01 09:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO contact (id, workspace_id, supplier_id, name, name_key, removed, created_at)"
                " VALUES (1, 1, 1, 'Sara Kok', 'sara kok', false, '2026-11-01 09:00:00')"
            )
        )
        for iid, user, visibility, summary in ((1, "U1", "team", "Lunch at the café"), (2, "U2", "private", "Café")):
            conn.execute(
                text(
                    "INSERT INTO interaction (id, workspace_id, supplier_id, occurred_at, kind, summary, logged_by,"
                    " source, visibility, created_at) VALUES (:id, 1, 1, '2026-11-02 09:00:00', 'call', :summary,"
                    " :user, 'command', :vis, '2026-11-02 09:00:00')"
                ),
                {"id": iid, "user": user, "vis": visibility, "summary": summary},
            )
            conn.execute(text("INSERT INTO interaction_contact VALUES (:id, 1)"), {"id": iid})
        conn.execute(
            text(
                "INSERT INTO follow_up (id, workspace_id, supplier_id, interaction_id, text, due_date, owner_id,"
                " status, created_at, promise) VALUES (1, 1, 1, 1, 'send the forecast', '2026-11-06', 'U1', 'open',"
                " '2026-11-02 09:00:00', false)"
            )
        )


def test_what_was_logged_before_search_is_found_after_the_upgrade(fresh_url: str) -> None:
    engine = create_db_engine(fresh_url)
    upgrade(engine, "0011")
    _old_rows(engine)
    upgrade(engine)  # 0014 indexes them, 0015 gives each its supplier as a token
    engine.dispose()
    db = Database.from_url(fresh_url)
    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET="test-signing-secret",
        COVALIS_DATABASE_URL=fresh_url,
        _env_file=None,  # type: ignore[call-arg]
    )
    services = build_services(settings, db=db)
    u1 = Actor("T1", "U1")

    cafe = services.search.search(u1, "cafe kok", lang="en")
    forecast = services.search.search(u1, "acme forecast", lang="en")
    theirs = services.search.search(Actor("T1", "U2"), "cafe", lang="en")
    one_supplier = services.search.search(u1, "cafe", lang="en", supplier_id=1)
    scope_words = services.search.search(u1, "s1", lang="en")
    db.dispose()

    assert [hit.interaction_id for hit in cafe.rows] == [1]  # U2's private note is not U1's to find
    assert [hit.follow_up_id for hit in forecast.rows] == [1]
    assert sorted(hit.interaction_id for hit in theirs.rows) == [1, 2]
    assert one_supplier.total == 1
    assert scope_words.total == 0  # the scope's tokens (`s1`) are not words to find


def test_the_downgrade_removes_the_index(fresh_url: str) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    engine = create_db_engine(fresh_url)
    upgrade(engine)
    built = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0011")
        conn.commit()
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    full_text = {"search_entry", "search_fts"} if engine.dialect.name == "sqlite" else {"search_entry"}
    assert full_text <= built, "0014 built the index the downgrade is to remove"
    assert not full_text & tables
