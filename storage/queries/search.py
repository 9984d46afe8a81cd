"""Full-text search over search_entry with the engine's own index: FTS5 on SQLite, tsvector on PostgreSQL.

Terms arrive already folded (storage/search_index.fold) and made of word characters only, so nothing typed can
become query syntax. All terms must match; the last one also as a prefix (typing "forec" finds "forecast").
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from storage.models import UTCDateTime

#: PostgreSQL's text search configuration per workspace language; the generated column that uses it.
CONFIGS = {"nl": ("dutch", "tsv_nl"), "en": ("english", "tsv_en")}


@dataclass(frozen=True)
class SearchHit:
    entry_id: int
    interaction_id: int | None
    follow_up_id: int | None
    supplier_id: int
    occurred_at: datetime


def search_entries(
    session: Session,
    *,
    workspace_id: int,
    viewer_id: str,
    terms: list[str],
    language: str,
    supplier_id: int | None,
    offset: int,
    limit: int,
) -> tuple[list[SearchHit], int]:
    """The best matches first (then the newest), one page, and how many there are in all. Someone else's private
    note is never among them, nor another workspace's."""
    if not terms:
        return [], 0
    params: dict[str, Any] = {"ws": workspace_id, "viewer": viewer_id, "offset": offset, "limit": limit}
    where = "e.workspace_id = :ws AND (e.visibility = 'team' OR e.author_id = :viewer)"
    if supplier_id is not None:
        where += " AND e.supplier_id = :supplier"
        params["supplier"] = supplier_id
    if session.get_bind().dialect.name == "sqlite":
        params["q"] = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
        # CROSS JOIN fixes SQLite's join order: the full-text index first, then each match's entry by its id. With a
        # plain JOIN the count (no ORDER BY) walked the workspace's entries and ran the MATCH once per entry: seconds
        # at 20,000 notes. tests/integration/test_search.py pins the plan.
        source = "search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid"
        match = "search_fts MATCH :q"
        rank = "bm25(search_fts, 2.0, 1.0)"
    else:
        config, column = CONFIGS.get(language, CONFIGS["en"])
        params["q"] = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
        source = f"search_entry e, to_tsquery('{config}', :q) q"
        match = f"e.{column} @@ q"
        rank = f"-ts_rank(e.{column}, q)"
    rows = session.execute(
        text(
            "SELECT e.id, e.interaction_id, e.follow_up_id, e.supplier_id, e.occurred_at "
            f"FROM {source} WHERE {match} AND {where} "
            f"ORDER BY {rank}, e.occurred_at DESC, e.id DESC LIMIT :limit OFFSET :offset"
        ).columns(occurred_at=UTCDateTime()),
        params,
    ).all()
    total = session.execute(text(f"SELECT count(*) FROM {source} WHERE {match} AND {where}"), params).scalar_one()
    return [SearchHit(r[0], r[1], r[2], r[3], r[4]) for r in rows], int(total)
