"""Finding what was logged: full-text search over interactions and follow-ups, best match first.

Words are folded like the index (accents optional) and matched by the engine's full-text index; the snippet marks
the words that matched, as pieces the view escapes and bolds — the text itself never becomes markup.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.i18n import DEFAULT_LANGUAGE
from bot.services.errors import InvalidInput
from bot.services.paging import Page
from bot.services.rights import Rights
from bot.services.workspaces import Actor, existing_workspace_id
from bot.text import as_typed
from storage import queries
from storage.db import Database
from storage.queries.search import HitRows, SearchHit, rows_of_hits, search_entries
from storage.search_index import fold

SEARCH_PAGE = 10
MAX_TERMS = 12
QUERY_MAX = 200  # characters of a query kept in a More button's value
SNIPPET_MAX = 240
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchResult:
    interaction_id: int | None  # None: a follow-up without a note
    follow_up_id: int | None  # set when the hit is a follow-up
    supplier_name: str
    occurred_at: datetime
    author_id: str
    contacts: list[str]
    snippet: tuple[tuple[str, bool], ...]  # pieces of plain text; True = a matched word
    permalink: str | None
    private: bool
    can_edit: bool


def terms_of(words: str) -> list[str]:
    """The words a search looks for: folded and lower-cased word characters, nothing that is query syntax."""
    return _WORD.findall(fold(words).casefold())[:MAX_TERMS]


def _matches(word: str, terms: list[str]) -> bool:
    """Whether a word of the text is one the search found: the same word, a longer one it starts (the last term is
    a prefix), or one sharing a stem (prijs / prijzen, agreed / agreement)."""
    folded = fold(word).casefold()
    for term in terms:
        if folded.startswith(term):
            return True
        shared = len(_common_prefix(folded, term))
        if shared >= 4 and shared >= min(len(folded), len(term)) - 2:
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def snippet(text: str, terms: list[str], limit: int = SNIPPET_MAX) -> tuple[tuple[str, bool], ...]:
    """Up to `limit` characters of the text around its first matched word, as pieces with matched words marked."""
    flat = " ".join(as_typed(text).split())
    words = list(_WORD.finditer(flat))
    first = next((w for w in words if _matches(w.group(), terms)), None)
    start = 0
    if first is not None and first.start() > limit // 3:
        start = flat.rfind(" ", 0, first.start() - limit // 4) + 1
    end = min(len(flat), start + limit)
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    at = start
    for w in words:
        if w.start() < start or w.end() > end:
            continue
        if _matches(w.group(), terms):
            if w.start() > at:
                pieces.append((flat[at : w.start()], False))
            pieces.append((w.group(), True))
            at = w.end()
    if end > at:
        pieces.append((flat[at:end], False))
    if end < len(flat):
        pieces.append(("…", False))
    return tuple(pieces)


@dataclass(frozen=True)
class SearchResults(Page[SearchResult]):
    """A page of matches. `more`: more matched than a search ranks (CONSIDERED); the best of the newest are shown."""

    more: bool = False


class SearchService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def search(
        self, actor: Actor, words: str, *, lang: str, supplier_id: int | None = None, offset: int = 0
    ) -> SearchResults:
        """One page of what the actor may see that matches every word, best first. The workspace's language picks
        PostgreSQL's stemming (`lang`, the asker's, when the workspace has none)."""
        terms = terms_of(words)
        if not terms:
            raise InvalidInput("search.no_words")
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return SearchResults([], 0, 0, SEARCH_PAGE)
            self.rights.require_member(session, workspace_id=workspace_id, user_id=actor.user_id)
            workspace = queries.get_workspace(session, team_id=actor.team_id)
            language = (workspace.language if workspace else None) or lang or DEFAULT_LANGUAGE
            found = search_entries(
                session,
                workspace_id=workspace_id,
                viewer_id=actor.user_id,
                terms=terms,
                language=language,
                supplier_id=supplier_id,
                offset=offset,
                limit=SEARCH_PAGE,
            )
            admin = self.rights.is_admin(session, workspace_id=workspace_id, user_id=actor.user_id)
            stored = rows_of_hits(session, found.hits)
            note_ids = list(stored.notes)
            contacts = queries.participants_of(session, interaction_ids=note_ids)[0] if note_ids else {}
            rows = [_result(stored, contacts, hit, terms, actor, admin) for hit in found.hits]
            shown = [r for r in rows if r is not None]
            return SearchResults(shown, offset, found.total, SEARCH_PAGE, more=found.more)


def _result(
    stored: HitRows, contacts: dict[int, list[str]], hit: SearchHit, terms: list[str], actor: Actor, admin: bool
) -> SearchResult | None:
    follow_up = stored.follow_ups.get(hit.follow_up_id) if hit.follow_up_id is not None else None
    note_id = follow_up.interaction_id if follow_up is not None else hit.interaction_id
    note = stored.notes.get(note_id) if note_id is not None else None
    supplier_id = follow_up.supplier_id if follow_up is not None else note.supplier_id if note else None
    supplier = stored.suppliers.get(supplier_id) if supplier_id is not None else None
    if supplier is None or (follow_up is None and note is None):
        return None  # gone since the index was read
    text = follow_up.text if follow_up is not None else note.summary if note is not None else ""
    author = note.logged_by if note is not None else follow_up.owner_id if follow_up is not None else ""
    return SearchResult(
        interaction_id=note.id if note is not None else None,
        follow_up_id=follow_up.id if follow_up is not None else None,
        supplier_name=supplier.name,
        occurred_at=note.occurred_at
        if note is not None
        else follow_up.created_at
        if follow_up
        else supplier.created_at,
        author_id=author,
        contacts=contacts.get(note.id, []) if note is not None and note.id is not None else [],
        snippet=snippet(text, terms),
        permalink=note.permalink if note is not None else None,
        private=note is not None and note.visibility == "private",
        can_edit=note is not None and (note.logged_by == actor.user_id or admin),
    )
