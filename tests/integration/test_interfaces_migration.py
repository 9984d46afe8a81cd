"""Revisions 0005, 0006 and 0009 on both engines: contacts from before 0005 get an interface guessed from their role,
once; 0006 rebuilds ties from every interaction, private notes too; 0009 drops them and its downgrade rebuilds them."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, inspect, text

from storage.db import create_db_engine
from storage.migrate import upgrade
from tests.fakes.postgres import throwaway_database


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    with throwaway_database("covalis_migration") as url:
        engine = create_db_engine(url)
        yield engine
        engine.dispose()


def _workspace_with_acme(conn: Connection) -> None:
    """Workspace 1 with supplier 1 (Acme), written as rows of the schema of the time."""
    conn.execute(text("INSERT INTO workspace (id, team_id, created_at) VALUES (1, 'T1', '2026-11-01 09:00:00')"))
    conn.execute(
        text(
            "INSERT INTO supplier (id, workspace_id, name, name_key, segment, owner_id, archived, created_at)"
            " VALUES (1, 1, 'Acme', 'acme', 'strategic', 'U1', false, '2026-11-01 09:00:00')"
        )
    )


def test_contacts_from_before_interfaces_get_one_guessed_from_their_role(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, "0004")
    with fresh_engine.begin() as conn:
        _workspace_with_acme(conn)
        for i, (name, role) in enumerate(
            [
                ("Sara Kok", "sales director"),
                ("Piet Jansen", "Kwaliteitsmanager"),
                ("Els de Boer", "financiële administratie"),
                ("Jan de Vries", "Directeur"),
                ("Ann Smit", "office manager"),
                ("Kees Bos", None),
            ],
            start=1,
        ):
            conn.execute(
                text(
                    "INSERT INTO contact (id, workspace_id, supplier_id, name, name_key, role, removed, created_at)"
                    " VALUES (:id, 1, 1, :name, :key, :role, false, '2026-11-01 09:00:00')"
                ),
                {"id": i, "name": name, "key": name.casefold(), "role": role},
            )

    upgrade(fresh_engine, "0005")

    with fresh_engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT name, interface FROM contact")).all())
        workspace = conn.execute(text("SELECT interfaces_strategic, interfaces_routine FROM workspace")).one()
    assert rows == {
        "Sara Kok": "commercial",
        "Piet Jansen": "quality",
        "Els de Boer": "finance",
        "Jan de Vries": "executive",
        "Ann Smit": "other",
        "Kees Bos": "other",
    }
    assert tuple(workspace) == (None, None)  # the built-in defaults


def test_ties_are_rebuilt_from_every_interaction_private_notes_too(fresh_engine: Engine) -> None:
    """Revision 0006: before it, a private note formed no tie; after it, every interaction does."""
    upgrade(fresh_engine, "0005")
    with fresh_engine.begin() as conn:
        _workspace_with_acme(conn)
        conn.execute(
            text(
                "INSERT INTO contact (id, workspace_id, supplier_id, name, name_key, removed, created_at)"
                " VALUES (1, 1, 1, 'Sara Kok', 'sara kok', false, '2026-11-01 09:00:00')"
            )
        )
        for interaction_id, user, visibility, day in (
            (1, "U1", "team", 2),
            (2, "U1", "team", 3),
            (3, "U2", "private", 4),
        ):
            conn.execute(
                text(
                    "INSERT INTO interaction (id, workspace_id, supplier_id, occurred_at, kind, summary, logged_by,"
                    " source, visibility, created_at) VALUES (:id, 1, 1, :at, 'call', 'x', :user, 'command', :vis, :at)"
                ),
                {"id": interaction_id, "at": f"2026-11-0{day} 09:00:00", "user": user, "vis": visibility},
            )
            conn.execute(text("INSERT INTO interaction_contact VALUES (:id, 1)"), {"id": interaction_id})
            conn.execute(
                text("INSERT INTO interaction_colleague VALUES (:id, :user)"), {"id": interaction_id, "user": user}
            )
        conn.execute(
            text(
                "INSERT INTO tie (contact_id, user_id, workspace_id, supplier_id, interactions, last_touch_at)"
                " VALUES (1, 'U1', 1, 1, 99, '2026-11-03 09:00:00')"  # stale: the rebuild must count 2
            )
        )

    upgrade(fresh_engine, "0006")

    with fresh_engine.connect() as conn:
        ties = conn.execute(text("SELECT user_id, interactions FROM tie ORDER BY user_id")).all()
    assert [tuple(t) for t in ties] == [("U1", 2), ("U2", 1)]


def test_dropping_ties_and_going_back_rebuilds_them_from_every_interaction(fresh_engine: Engine) -> None:
    """Revision 0009 drops the unread tie table; its downgrade rebuilds it from every interaction, private ones too."""
    from alembic import command

    from storage.migrate import alembic_config

    upgrade(fresh_engine, "0009")
    with fresh_engine.begin() as conn:
        assert "tie" not in inspect(conn).get_table_names()
        _workspace_with_acme(conn)
        conn.execute(
            text(
                "INSERT INTO contact (id, workspace_id, supplier_id, name, name_key, interface, removed, created_at)"
                " VALUES (1, 1, 1, 'Sara Kok', 'sara kok', 'other', false, '2026-11-01 09:00:00')"
            )
        )
        for interaction_id, user, visibility, day in (
            (1, "U1", "team", 2),
            (2, "U1", "team", 3),
            (3, "U2", "private", 4),
        ):
            conn.execute(
                text(
                    "INSERT INTO interaction (id, workspace_id, supplier_id, occurred_at, kind, summary, logged_by,"
                    " source, visibility, created_at) VALUES (:id, 1, 1, :at, 'call', 'x', :user, 'command', :vis, :at)"
                ),
                {"id": interaction_id, "at": f"2026-11-0{day} 09:00:00", "user": user, "vis": visibility},
            )
            conn.execute(text("INSERT INTO interaction_contact VALUES (:id, 1)"), {"id": interaction_id})
            conn.execute(
                text("INSERT INTO interaction_colleague VALUES (:id, :user)"), {"id": interaction_id, "user": user}
            )
    config = alembic_config()
    with fresh_engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
        conn.commit()
    with fresh_engine.connect() as conn:
        ties = conn.execute(text("SELECT user_id, interactions FROM tie ORDER BY user_id")).all()
    assert [tuple(t) for t in ties] == [("U1", 2), ("U2", 1)]
