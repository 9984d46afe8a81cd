"""A supplier's history: every note the reader may see, newest first, ten at a time, optionally with one contact."""

from dataclasses import dataclass

from sqlmodel import Session

from bot.clock import Clock
from bot.services.errors import InvalidInput, SupplierNotFound
from bot.services.paging import Page
from bot.services.relationships import RecentInteraction, interaction_rows
from bot.services.rights import Rights
from bot.services.workspaces import Actor, existing_workspace_id
from bot.text import clean_name, name_key
from storage import queries
from storage.db import Database
from storage.models import Contact, Supplier

HISTORY_PAGE = 10


@dataclass(frozen=True)
class History:
    supplier_id: int
    supplier_name: str
    contact_id: int | None
    contact_name: str | None
    page: Page[RecentInteraction]


class HistoryService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def history(
        self,
        actor: Actor,
        supplier_id: int,
        *,
        contact: str | None = None,
        contact_id: int | None = None,
        offset: int = 0,
    ) -> History:
        """One page of the supplier's notes as the card shows them: team notes and the reader's own private ones
        (someone else's private note is not listed at all). `contact` is a name as typed, `contact_id` one read
        back from a More button; either keeps only the notes that person took part in."""
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            supplier = (
                queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id)
                if workspace_id
                else None
            )
            if supplier is None or workspace_id is None:
                raise SupplierNotFound(str(supplier_id))
            self.rights.require_member(session, workspace_id=workspace_id, user_id=actor.user_id)
            person = _contact(session, supplier, contact, contact_id)
            rows, total = queries.visible_interactions_page(
                session,
                workspace_id=workspace_id,
                supplier_id=supplier_id,
                viewer_id=actor.user_id,
                contact_id=person.id if person is not None else None,
                offset=offset,
                limit=HISTORY_PAGE,
                count=True,
            )
            admin = self.rights.is_admin(session, workspace_id=workspace_id, user_id=actor.user_id)
            entries = interaction_rows(session, rows, actor.user_id, admin=admin)
            return History(
                supplier_id=supplier_id,
                supplier_name=supplier.name,
                contact_id=person.id if person is not None else None,
                contact_name=person.name if person is not None else None,
                page=Page(entries, offset, total, HISTORY_PAGE),
            )


def _contact(session: Session, supplier: Supplier, typed: str | None, contact_id: int | None) -> Contact | None:
    """The contact by full name, or by a first name only one of the supplier's people has — those who left or were
    removed included, since their notes are still history."""
    assert supplier.id is not None
    if contact_id is not None:
        found = queries.contacts_by_ids(
            session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, ids=[contact_id]
        )
        if not found:
            raise InvalidInput("history.contact_gone")
        return found[0]
    if typed is None:
        return None
    name = clean_name(typed)
    key = name_key(name)
    people = queries.contacts_of(
        session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, include_removed=True
    )
    exact = [c for c in people if c.name_key == key]
    if not exact:  # an alias: the name of a duplicate merged into them
        alias_of = queries.contact_by_key(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, key=key)
        exact = [alias_of] if alias_of is not None else []
    first = [c for c in people if c.name_key.split(" ")[0] == key]
    if exact or len(first) == 1:
        return (exact or first)[0]
    raise InvalidInput("contact.not_found", name=name, supplier=supplier.name)
