"""The migrated schema matches storage/models.py exactly, on both engines — but for the full-text machinery of
migration 0014, which is engine-specific by design (FTS5 tables on SQLite, tsvector columns and GIN indexes on
PostgreSQL) and lives in the migration only."""

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage.db import Database


def _not_full_text(_obj: Any, name: str | None, kind: str, _reflected: bool, _compare_to: Any) -> bool:
    if kind == "table" and name is not None and name.startswith("search_fts"):
        return False
    return not (kind in ("column", "index") and name is not None and "tsv_" in name)


def test_the_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _not_full_text})
        diff = compare_metadata(context, SQLModel.metadata)
        tables = set(db.engine.dialect.get_table_names(conn))
    assert {"pulse_link", "pulse_answer", "pulse_ask", "search_entry"} <= tables
    assert diff == []
