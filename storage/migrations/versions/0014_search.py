"""Search: a full-text index over interactions and follow-ups

- search_entry: one row per interaction and per follow-up — who may see it (visibility, author), when, and the
  words it is found by: `names` (supplier, contacts, colleagues) and `body` (the note's or follow-up's text), both
  with accents removed so that "cafe" finds "café" on either engine.
- SQLite: search_fts, an FTS5 index over search_entry (external content, unicode61 with diacritics removed), kept
  current by triggers on search_entry.
- PostgreSQL: tsv_nl and tsv_en, tsvector columns generated from names and body with the `dutch` and `english`
  configurations, each with a GIN index; a search uses the one of the workspace's language, so changing the
  language needs no re-indexing.

The application writes search_entry in the same unit of work that writes the note (storage/search_index.py).
Existing rows are indexed here. Frozen in time like every migration: no imports from the application.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 23:50:00
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MARKUP = re.compile("\ufff9<([^<>\ufff9\ufffb]*)>\ufffb")


def _fold(text: str) -> str:
    """Accents removed (NFKD, combining marks dropped), kept markup as its readable part."""
    text = _MARKUP.sub(lambda m: m.group(1).split("|")[-1].lstrip("@#"), text)
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def upgrade() -> None:
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.Integer(), sa.ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False),
        sa.Column("supplier_id", sa.Integer(), sa.ForeignKey("supplier.id", ondelete="CASCADE"), nullable=False),
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interaction.id", ondelete="CASCADE"), nullable=True),
        sa.Column("follow_up_id", sa.Integer(), sa.ForeignKey("follow_up.id", ondelete="CASCADE"), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visibility", sa.String(length=8), nullable=False),
        sa.Column("author_id", sa.String(length=32), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.UniqueConstraint("interaction_id"),
        sa.UniqueConstraint("follow_up_id"),
    )
    op.create_index("ix_search_entry_workspace_id", "search_entry", ["workspace_id"])
    op.create_index("ix_search_entry_supplier", "search_entry", ["workspace_id", "supplier_id", "occurred_at"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(names, body, content='search_entry', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
            "INSERT INTO search_fts(rowid, names, body) VALUES (new.id, new.names, new.body); END"
        )
        op.execute(
            "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, names, body) VALUES ('delete', old.id, old.names, old.body); "
            "END"
        )
        op.execute(
            "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, names, body) VALUES ('delete', old.id, old.names, old.body); "
            "INSERT INTO search_fts(rowid, names, body) VALUES (new.id, new.names, new.body); END"
        )
    else:
        for column, config in (("tsv_nl", "dutch"), ("tsv_en", "english")):
            op.execute(
                f"ALTER TABLE search_entry ADD COLUMN {column} tsvector GENERATED ALWAYS AS ("
                f"setweight(to_tsvector('{config}', names), 'A') || setweight(to_tsvector('{config}', body), 'B')"
                ") STORED"
            )
            op.execute(f"CREATE INDEX ix_search_entry_{column} ON search_entry USING gin ({column})")
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    suppliers: dict[int, str] = {}
    for supplier_id, supplier_name in bind.execute(sa.text("SELECT id, name FROM supplier")).all():
        suppliers[supplier_id] = supplier_name
    colleague_names = {
        (ws, user): name
        for ws, user, name in bind.execute(sa.text("SELECT workspace_id, user_id, display_name FROM colleague")).all()
    }
    contacts: dict[int, list[str]] = defaultdict(list)
    for interaction_id, name in bind.execute(
        sa.text(
            "SELECT ic.interaction_id, c.name FROM interaction_contact ic JOIN contact c ON c.id = ic.contact_id "
            "ORDER BY c.name_key"
        )
    ).all():
        contacts[interaction_id].append(name)
    colleagues: dict[int, list[str]] = defaultdict(list)
    for interaction_id, user_id in bind.execute(
        sa.text("SELECT interaction_id, user_id FROM interaction_colleague ORDER BY user_id")
    ).all():
        colleagues[interaction_id].append(user_id)

    def names(workspace_id: int, supplier_id: int, interaction_id: int | None, author: str) -> str:
        people = contacts.get(interaction_id, []) if interaction_id else []
        users = list(dict.fromkeys([author, *(colleagues.get(interaction_id, []) if interaction_id else [])]))
        shown = [colleague_names.get((workspace_id, u)) or "" for u in users]
        return _fold(" ".join([suppliers.get(supplier_id, ""), *people, *shown]).strip())

    entry = sa.table(
        "search_entry",
        sa.column("workspace_id"),
        sa.column("supplier_id"),
        sa.column("interaction_id"),
        sa.column("follow_up_id"),
        sa.column("occurred_at"),
        sa.column("visibility"),
        sa.column("author_id"),
        sa.column("names"),
        sa.column("body"),
    )
    interactions = bind.execute(
        sa.text("SELECT id, workspace_id, supplier_id, occurred_at, visibility, logged_by, summary FROM interaction")
    ).all()
    visibility = {row[0]: (row[4], row[5], row[3]) for row in interactions}
    rows = [
        {
            "workspace_id": ws,
            "supplier_id": sup,
            "interaction_id": iid,
            "follow_up_id": None,
            "occurred_at": at,
            "visibility": vis,
            "author_id": by,
            "names": names(ws, sup, iid, by),
            "body": _fold(summary),
        }
        for iid, ws, sup, at, vis, by, summary in interactions
    ]
    for fid, ws, sup, iid, owner, text, created in bind.execute(
        sa.text("SELECT id, workspace_id, supplier_id, interaction_id, owner_id, text, created_at FROM follow_up")
    ).all():
        vis, by, at = visibility.get(iid, ("team", owner, created))
        rows.append(
            {
                "workspace_id": ws,
                "supplier_id": sup,
                "interaction_id": None,
                "follow_up_id": fid,
                "occurred_at": at,
                "visibility": vis,
                "author_id": by,
                "names": names(ws, sup, iid, by),
                "body": _fold(text),
            }
        )
    for start in range(0, len(rows), 1000):
        op.bulk_insert(entry, rows[start : start + 1000])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_entry_au")
        op.execute("DROP TRIGGER IF EXISTS search_entry_ad")
        op.execute("DROP TRIGGER IF EXISTS search_entry_ai")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_index("ix_search_entry_supplier", table_name="search_entry")
    op.drop_index("ix_search_entry_workspace_id", table_name="search_entry")
    op.drop_table("search_entry")
