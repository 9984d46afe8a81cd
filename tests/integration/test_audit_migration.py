"""Migration 0017 (audit log and retention) on a database with data, both ways: nothing that belongs to a workspace
is lost going up or down (a batch rebuild of the workspace table on SQLite would cascade-delete it all)."""

from pathlib import Path

from alembic import command
from sqlalchemy import text

from storage.db import create_db_engine
from storage.migrate import alembic_config, current_revision, upgrade


def test_migration_0017_keeps_every_workspace_row_up_and_down(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0016")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workspace (id, team_id, created_at) VALUES (1, 'T1', '2026-11-01 09:00:00')"))
        conn.execute(
            text(
                "INSERT INTO supplier (id, workspace_id, name, name_key, segment, owner_id, archived, created_at)"
                " VALUES (1, 1, 'Acme', 'acme', 'strategic', 'U1', false, '2026-11-01 09:00:00')"
            )
        )
    upgrade(engine, "0017")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT retention_months, audit_months FROM workspace")).one() == (None, 24)
        conn.execute(
            text(
                "INSERT INTO audit_entry (workspace_id, at, action, detail)"
                " VALUES (1, '2026-11-02 09:00', 'export', '{}')"
            )
        )
    config = alembic_config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0016")
        conn.commit()

    assert current_revision(engine) == "0016"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM supplier")).scalars().all() == ["Acme"]
        columns = [row[1] for row in conn.execute(text("PRAGMA table_info(workspace)"))]
        assert "retention_months" not in columns
    engine.dispose()
