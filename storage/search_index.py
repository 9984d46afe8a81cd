"""The search index, kept current by the unit of work that writes a note.

Any session that flushes a new or changed interaction, follow-up or participant — or renames a supplier, a contact or
a colleague — has the search entries of what it touched rewritten just before it commits, in the same transaction:
nothing is found that was rolled back, and nothing written is missing. Deleted rows take their entries with them
(ON DELETE CASCADE). The full-text index over search_entry is the engine's own (migration 0014).
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, event, insert, inspect, or_, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, col, select

from storage.models import (
    Colleague,
    Contact,
    FollowUp,
    Interaction,
    InteractionColleague,
    InteractionContact,
    SearchEntry,
    Supplier,
)

_PENDING = "search_pending"
ANALYZE_AFTER = 5_000  # entries written at once (an import, a restore) after which PostgreSQL's statistics are renewed
_KEPT = re.compile("\ufff9<([^<>\ufff9\ufffb]*)>\ufffb")


def fold(text: str) -> str:
    """Accents removed (NFKD without combining marks, then NFKC); a kept link or mention as its readable part.
    The same on both engines, so that "cafe" finds "café" whatever the database offers."""
    text = _KEPT.sub(lambda m: m.group(1).split("|")[-1].lstrip("@#"), text)
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def reindex(
    session: Session,
    *,
    interaction_ids: Iterable[int] = (),
    follow_up_ids: Iterable[int] = (),
    fresh: Iterable[tuple[str, int]] = (),
) -> None:
    """Rewrites the entries of these interactions (with their follow-ups) and follow-ups from what is stored now.

    `fresh`: ("i", id) and ("f", id) of rows this unit of work created through the session, whose follow-ups the
    session saw created too; they have no entries yet and no follow-ups to look for (a new note: three statements
    fewer)."""
    interaction_set = set(interaction_ids)
    follow_up_set = set(follow_up_ids)
    new = set(fresh)
    older = {i for i in interaction_set if ("i", i) not in new}
    if older:
        found = session.exec(select(FollowUp.id).where(col(FollowUp.interaction_id).in_(older))).all()
        follow_up_set |= {f for f in found if f is not None}
    if not interaction_set and not follow_up_set:
        return
    if older or any(("f", f) not in new for f in follow_up_set):
        session.execute(
            delete(SearchEntry).where(
                or_(
                    col(SearchEntry.interaction_id).in_(interaction_set),
                    col(SearchEntry.follow_up_id).in_(follow_up_set),
                )
            )
        )
    interactions = list(session.exec(select(Interaction).where(col(Interaction.id).in_(interaction_set))).all())
    follow_ups = (
        list(session.exec(select(FollowUp).where(col(FollowUp.id).in_(follow_up_set))).all()) if follow_up_set else []
    )
    parents = {i.id: i for i in interactions}
    missing = {f.interaction_id for f in follow_ups if f.interaction_id is not None} - set(parents)
    if missing:
        parents |= {i.id: i for i in session.exec(select(Interaction).where(col(Interaction.id).in_(missing))).all()}
    names = _names(session, list(parents.values()), follow_ups)
    rows: list[dict[str, Any]] = []
    for i in interactions:
        assert i.id is not None
        rows.append(
            _row(i.workspace_id, i.supplier_id, i.occurred_at, i.visibility, i.logged_by, names[("i", i.id)], i.summary)
            | {"interaction_id": i.id}
        )
    for f in follow_ups:
        assert f.id is not None
        parent = parents.get(f.interaction_id)
        visibility, author, at = (
            (parent.visibility, parent.logged_by, parent.occurred_at) if parent else ("team", f.owner_id, f.created_at)
        )
        rows.append(
            _row(f.workspace_id, f.supplier_id, at, visibility, author, names[("f", f.id)], f.text)
            | {"follow_up_id": f.id}
        )
    if rows:
        session.execute(insert(SearchEntry), rows)
    if len(rows) >= ANALYZE_AFTER and session.get_bind().dialect.name == "postgresql":
        # PostgreSQL plans a search by its statistics of the index (a common word: walk the newest entries; a rare
        # one: the GIN index). Autovacuum refreshes them in its own time; after an import they are refreshed now —
        # without, a common word was looked up through the index and took half a second instead of 15 ms.
        session.execute(text("ANALYZE search_entry"))


def scope(supplier_id: int) -> str:
    """The token that keeps a search within one supplier (a column of SQLite's FTS5 index, never matched by words)."""
    return f"s{supplier_id}"


def _row(
    workspace_id: int, supplier_id: int, at: Any, visibility: str, author: str, names: str, body: str
) -> dict[str, Any]:
    return {
        "scope": scope(supplier_id),
        "workspace_id": workspace_id,
        "supplier_id": supplier_id,
        "interaction_id": None,
        "follow_up_id": None,
        "occurred_at": at,
        "visibility": visibility,
        "author_id": author,
        "names": fold(names),
        "body": fold(body),
    }


def _names(session: Session, interactions: list[Interaction], follow_ups: list[FollowUp]) -> dict[tuple[str, int], str]:
    """What each entry is found by besides its text: the supplier, the contacts and the colleagues (their names)."""
    ids = [i.id for i in interactions if i.id is not None]
    contacts: dict[int, list[str]] = {i: [] for i in ids}
    users: dict[int, list[str]] = {i.id: [i.logged_by] for i in interactions if i.id is not None}
    if ids:
        for iid, name in session.exec(
            select(InteractionContact.interaction_id, Contact.name)
            .join(Contact, col(Contact.id) == col(InteractionContact.contact_id))
            .where(col(InteractionContact.interaction_id).in_(ids))
            .order_by(col(Contact.name_key))
        ).all():
            contacts[iid].append(name)
        for iid, user_id in session.exec(
            select(InteractionColleague.interaction_id, InteractionColleague.user_id).where(
                col(InteractionColleague.interaction_id).in_(ids)
            )
        ).all():
            if user_id not in users[iid]:
                users[iid].append(user_id)
    supplier_ids = {i.supplier_id for i in interactions} | {f.supplier_id for f in follow_ups}
    suppliers = dict(session.exec(select(Supplier.id, Supplier.name).where(col(Supplier.id).in_(supplier_ids))).all())
    workspace_ids = {i.workspace_id for i in interactions} | {f.workspace_id for f in follow_ups}
    every_user = {u for us in users.values() for u in us} | {f.owner_id for f in follow_ups}
    shown = {
        (ws, user): name or ""
        for ws, user, name in session.exec(
            select(Colleague.workspace_id, Colleague.user_id, Colleague.display_name).where(
                col(Colleague.workspace_id).in_(workspace_ids), col(Colleague.user_id).in_(every_user)
            )
        ).all()
    }

    def of(workspace_id: int, supplier_id: int, iid: int | None, fallback_user: str) -> str:
        people = contacts.get(iid, []) if iid is not None else []
        colleagues = users.get(iid, [fallback_user]) if iid is not None else [fallback_user]
        parts = [suppliers.get(supplier_id, ""), *people, *(shown.get((workspace_id, u), "") for u in colleagues)]
        return " ".join(p for p in parts if p)

    found = {("i", i.id): of(i.workspace_id, i.supplier_id, i.id, i.logged_by) for i in interactions if i.id}
    found |= {("f", f.id): of(f.workspace_id, f.supplier_id, f.interaction_id, f.owner_id) for f in follow_ups if f.id}
    return found


# --- the unit-of-work hook ------------------------------------------------------------------------------------------


def _changed(obj: Any, attribute: str) -> bool:
    return bool(inspect(obj).attrs[attribute].history.has_changes())


def _after_flush(session: OrmSession, _flush: UOWTransaction) -> None:
    pending: dict[str, set[Any]] = session.info.setdefault(_PENDING, {k: set() for k in "ifscun"})
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Interaction) and obj.id is not None:
            pending["i"].add(obj.id)
            if obj in session.new:
                pending["n"].add(("i", obj.id))
        elif isinstance(obj, FollowUp) and obj.id is not None and (obj in session.new or _changed(obj, "text")):
            pending["f"].add(obj.id)
            if obj in session.new:
                pending["n"].add(("f", obj.id))
        elif isinstance(obj, InteractionContact | InteractionColleague):
            pending["i"].add(obj.interaction_id)
        elif isinstance(obj, Supplier) and obj in session.dirty and _changed(obj, "name"):
            pending["s"].add(obj.id)
        elif isinstance(obj, Contact) and obj in session.dirty and _changed(obj, "name"):
            pending["c"].add(obj.id)
        elif isinstance(obj, Colleague) and obj in session.dirty and _changed(obj, "display_name"):
            pending["u"].add((obj.workspace_id, obj.user_id))


def _before_commit(session: OrmSession) -> None:
    session.flush()
    pending: dict[str, set[Any]] = session.info.pop(_PENDING, None) or {}
    if not any(pending.values()):
        return
    assert isinstance(session, Session)
    interaction_ids = set(pending["i"])
    follow_up_ids = set(pending["f"])
    for workspace_id, user_id in pending["u"]:
        interaction_ids |= set(
            session.exec(
                select(Interaction.id).where(Interaction.workspace_id == workspace_id, Interaction.logged_by == user_id)
            ).all()
        )
        interaction_ids |= set(
            session.exec(
                select(InteractionColleague.interaction_id)
                .join(Interaction, col(Interaction.id) == col(InteractionColleague.interaction_id))
                .where(Interaction.workspace_id == workspace_id, InteractionColleague.user_id == user_id)
            ).all()
        )
    if pending["s"]:
        interaction_ids |= set(
            session.exec(select(Interaction.id).where(col(Interaction.supplier_id).in_(pending["s"]))).all()
        )
        follow_up_ids |= set(session.exec(select(FollowUp.id).where(col(FollowUp.supplier_id).in_(pending["s"]))).all())
    if pending["c"]:
        interaction_ids |= set(
            session.exec(
                select(InteractionContact.interaction_id).where(col(InteractionContact.contact_id).in_(pending["c"]))
            ).all()
        )
    reindex(
        session,
        interaction_ids={i for i in interaction_ids if i is not None},
        follow_up_ids={f for f in follow_up_ids if f is not None},
        fresh=pending["n"],
    )
    session.info.pop(_PENDING, None)


def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_PENDING, None)


event.listen(OrmSession, "after_flush", _after_flush)
event.listen(OrmSession, "before_commit", _before_commit)
event.listen(OrmSession, "after_soft_rollback", lambda session, _previous: _after_rollback(session))
