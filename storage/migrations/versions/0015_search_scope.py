"""Search at a million notes: the newest matches without ranking every match

- search_entry.scope: the token `s<supplier id>`, indexed on SQLite as a third FTS5 column, so the full-text index
  itself keeps a search within one supplier: a common word in the other suppliers' notes costs nothing. Searches
  match typed words in `names` and `body` only, never in `scope`.
- ix_search_entry_newest (workspace_id, occurred_at, id): PostgreSQL walks a workspace's entries newest first and
  stops at the newest thousand matches of a common word, instead of ranking all of them.

Frozen in time like every migration: no imports from the application.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FTS_TRIGGERS = ("search_entry_ai", "search_entry_ad", "search_entry_au")


def _fts(columns: str) -> None:
    """The FTS5 table over search_entry with these columns, its triggers, and its index built from what is stored."""
    for trigger in _FTS_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute(
        f"CREATE VIRTUAL TABLE search_fts USING fts5({columns}, content='search_entry', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    op.execute(
        f"CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
        f"INSERT INTO search_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO search_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # the triggers would re-index every row for the backfill below; the index is rebuilt once instead
        for trigger in _FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.add_column("search_entry", sa.Column("scope", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE search_entry SET scope = 's' || supplier_id")
    op.create_index("ix_search_entry_newest", "search_entry", ["workspace_id", "occurred_at", "id"])
    if sqlite:
        _fts("names, body, scope")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_search_entry_newest", table_name="search_entry")
    if sqlite:
        for trigger in _FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
        with op.batch_alter_table("search_entry") as batch:
            batch.drop_column("scope")
        _fts("names, body")
    else:
        op.drop_column("search_entry", "scope")
