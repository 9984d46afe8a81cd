"""INSERT … ON CONFLICT DO NOTHING on both engines: the building block of every claim."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_if_absent(session: Session, model: type[SQLModel], values: dict[str, Any], keys: Sequence[str]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on both engines; True when this call inserted the row."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__  # type: ignore[attr-defined]
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=list(keys)).returning(table.c[keys[0]])
    # RETURNING tells whether this call inserted: rowcount is -1 here with psycopg 3.
    return session.connection().execute(stmt).first() is not None
