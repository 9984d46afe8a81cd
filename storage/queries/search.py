"""Full-text search over search_entry with the engine's own index: FTS5 on SQLite, tsvector on PostgreSQL.

Terms arrive already folded (storage/search_index.fold) and made of word characters only, so nothing typed can
become query syntax. All terms must match; the last one also as a prefix (typing "forec" finds "forecast").
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session, SQLModel, col, select

from storage.models import FollowUp, Interaction, Supplier, UTCDateTime

M = TypeVar("M", bound=SQLModel)

#: PostgreSQL's text search configuration per workspace language; the generated column that uses it.
CONFIGS = {"nl": ("dutch", "tsv_nl"), "en": ("english", "tsv_en")}


@dataclass(frozen=True)
class SearchHit:
    entry_id: int
    interaction_id: int | None
    follow_up_id: int | None
    supplier_id: int
    occurred_at: datetime


#: A search ranks at most this many of the newest matches: a word in every eighth of a million notes would otherwise
#: be ranked and counted whole, seconds instead of milliseconds. More than this says "more than 1,000" and asks for
#: a narrower search.
CONSIDERED = 1000


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int  # the matches ranked: at most CONSIDERED
    more: bool  # there are more matches than were ranked: only the newest CONSIDERED were


@dataclass(frozen=True)
class HitRows:
    """What a page of hits shows, read in one query per table: the follow-ups, their notes, the suppliers."""

    follow_ups: dict[int, FollowUp]
    notes: dict[int, Interaction]
    suppliers: dict[int, Supplier]


def rows_of_hits(session: Session, hits: list[SearchHit]) -> HitRows:
    follow_up_ids = [h.follow_up_id for h in hits if h.follow_up_id is not None]
    follow_ups = {f.id: f for f in _by_id(session, FollowUp, follow_up_ids) if f.id is not None}
    note_ids = {h.interaction_id for h in hits if h.interaction_id is not None}
    note_ids |= {f.interaction_id for f in follow_ups.values() if f.interaction_id is not None}
    notes = {i.id: i for i in _by_id(session, Interaction, list(note_ids)) if i.id is not None}
    suppliers = {s.id: s for s in _by_id(session, Supplier, [h.supplier_id for h in hits]) if s.id is not None}
    return HitRows(follow_ups, notes, suppliers)


def _by_id(session: Session, model: type[M], ids: list[int]) -> Sequence[M]:
    if not ids:
        return []
    return session.exec(select(model).where(col(model.id).in_(ids))).all()  # type: ignore[attr-defined]


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
) -> SearchPage:
    """One page of the best matches first (then the newest), among the newest CONSIDERED matches, and how many
    were ranked. Someone else's private note is never among them, nor another workspace's.

    Two steps in one statement: the newest matches the index hands out cheaply (SQLite: FTS5 walks its rowids, the
    newest written first; PostgreSQL: the workspace's entries by date or the GIN index, whichever the planner finds
    cheaper), at most CONSIDERED of them, then those ranked."""
    if not terms:
        return SearchPage([], 0, False)
    params: dict[str, Any] = {
        "ws": workspace_id,
        "viewer": viewer_id,
        "offset": offset,
        "limit": limit,
        "considered": CONSIDERED,
    }
    where = "e.workspace_id = :ws AND (e.visibility = 'team' OR e.author_id = :viewer)"
    if supplier_id is not None:
        where += " AND e.supplier_id = :supplier"
        params["supplier"] = supplier_id
    if session.get_bind().dialect.name == "sqlite":
        # The typed words in the names and the text. One supplier's notes: its token in the scope column, so FTS5
        # skips the other suppliers' matches inside the index instead of handing each out to be filtered.
        words = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
        params["q"] = f"{{names body}} : ({words.strip()})"
        if supplier_id is not None:
            params["q"] = f'scope : "s{supplier_id}" AND ' + params["q"]
        # CROSS JOIN fixes SQLite's join order: the full-text index first, then each match's entry by its id (a plain
        # JOIN ran the MATCH once per entry of the workspace). FTS5 hands out rowids newest first without sorting.
        # tests/integration/test_search.py pins the plan.
        newest = (
            "SELECT e.id, e.interaction_id, e.follow_up_id, e.supplier_id, e.occurred_at, "
            "bm25(search_fts, 2.0, 1.0, 0.0) AS score "
            f"FROM search_fts CROSS JOIN search_entry e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH :q AND {where} ORDER BY search_fts.rowid DESC"
        )
    else:
        config, column = CONFIGS.get(language, CONFIGS["en"])
        params["q"] = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
        # One supplier's notes: walked newest first by their index and each matched (ts_match_vq is @@ without the
        # GIN index, which the planner would otherwise AND with it — a prefix's every match in the workspace read
        # to keep a few hundred). The whole workspace: the planner walks the newest entries for a common word and
        # uses the GIN index for a rare one.
        matches = f"ts_match_vq(e.{column}, q)" if supplier_id is not None else f"e.{column} @@ q"
        source = f"search_entry e, to_tsquery('{config}', :q) q"
        if supplier_id is None and len(terms) > 1 and _has_lexemes(session, config, terms[:-1]):
            # The whole words through the GIN index, the last one (a prefix) as a check of what they found: a
            # prefix read from the index is every match of every word it starts (a common one: 125,000 rows).
            params["words"] = " & ".join(terms[:-1])
            source += f", to_tsquery('{config}', :words) w"
            matches = f"e.{column} @@ w AND ts_match_vq(e.{column}, q)"
        newest = (
            "SELECT e.id, e.interaction_id, e.follow_up_id, e.supplier_id, e.occurred_at, "
            f"-ts_rank(e.{column}, q) AS score "
            f"FROM {source} "
            f"WHERE {matches} AND {where} ORDER BY e.occurred_at DESC, e.id DESC"
        )
    # One more than is ranked is walked to, so the same statement says whether there are more: the walk's last row
    # is dropped (in the walk's own order) before the ranking.
    walk = "id DESC" if session.get_bind().dialect.name == "sqlite" else "occurred_at DESC, id DESC"
    params["walked"] = CONSIDERED + 1
    rows = session.execute(
        text(
            f"WITH m AS ({newest} LIMIT :walked), k AS (SELECT * FROM m ORDER BY {walk} LIMIT :considered) "
            "SELECT id, interaction_id, follow_up_id, supplier_id, occurred_at, (SELECT count(*) FROM m) AS found "
            "FROM k ORDER BY score, occurred_at DESC, id DESC LIMIT :limit OFFSET :offset"
        ).columns(occurred_at=UTCDateTime()),
        params,
    ).all()
    if rows:
        found = int(rows[0][5])
    else:  # a page past the end: how many there are, for the last page
        found = int(session.execute(text(f"SELECT count(*) FROM ({newest} LIMIT :walked) m"), params).scalar_one())
    hits = [SearchHit(r[0], r[1], r[2], r[3], r[4]) for r in rows]
    return SearchPage(hits, min(found, CONSIDERED), found > CONSIDERED)


def _has_lexemes(session: Session, config: str, words: list[str]) -> bool:
    """Whether the words are more than stop words in the configuration (`the`, `de`): an empty query matches
    nothing, so then the prefix alone has to be looked up in the index."""
    found = session.execute(text(f"SELECT numnode(to_tsquery('{config}', :words))"), {"words": " & ".join(words)})
    return int(found.scalar_one()) > 0
