"""The migrated schema (pulse tables included) matches storage/models.py exactly, on both engines."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage.db import Database


def test_the_migrated_schema_matches_the_models_pulse_tables_included(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        tables = set(db.engine.dialect.get_table_names(conn))
    assert {"pulse_link", "pulse_answer", "pulse_ask"} <= tables
    assert diff == []
