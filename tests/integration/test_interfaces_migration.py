"""Revision 0005 on both engines: contacts from before it get an interface guessed from their role, once."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

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


def test_contacts_from_before_interfaces_get_one_guessed_from_their_role(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, "0004")
    with fresh_engine.begin() as conn:
        conn.execute(text("INSERT INTO workspace (id, team_id, created_at) VALUES (1, 'T1', '2026-11-01 09:00:00')"))
        conn.execute(
            text(
                "INSERT INTO supplier (id, workspace_id, name, name_key, segment, owner_id, archived, created_at)"
                " VALUES (1, 1, 'Acme', 'acme', 'strategic', 'U1', false, '2026-11-01 09:00:00')"
            )
        )
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
