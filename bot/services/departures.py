"""A contact leaves their company: kept with their ties as history (never nudged, never an active tie), with an
optional successor who inherits the interface and the key cadence, and a follow-up for whoever on our side knew the
leaver best to build a tie with that successor — the moment a relationship is most likely to slip.

Undo puts everything back as it was when the command ran: the button carries ids, and only rows made by that very
command (same supplier, created at the moment of leaving) are taken away.
"""

import difflib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from sqlmodel import Session

from bot.clock import Clock, zone
from bot.i18n import t
from bot.services import cadence
from bot.services.errors import InvalidInput, SupplierNotFound
from bot.services.holders import HolderQuestion, holders_of
from bot.services.interfaces import OTHER
from bot.services.people import language_of
from bot.services.rights import Rights
from bot.services.suppliers import valid_name
from bot.services.workspaces import Actor, existing_workspace_id, supplier_of
from bot.text import clean_name, loose_key, name_key
from storage import queries
from storage.db import Database
from storage.models import Contact, FollowUp, Supplier, Workspace

FOLLOW_UP_DAYS = 14
SUGGESTIONS = 3
LISTED = 10


@dataclass(frozen=True)
class Departure:
    """What `contact left` did, for its confirmation and its Undo button."""

    contact_id: int
    contact_name: str
    supplier_id: int
    supplier_name: str
    interface: str
    successor_id: int | None = None
    successor_name: str | None = None
    successor_created: bool = False
    successor_interface: str = OTHER
    successor_cadence_days: int | None = None  # the successor is a key contact with this cadence
    follow_up_id: int | None = None
    follow_up_owner: str | None = None
    follow_up_due: date | None = None

    @property
    def undo_ids(self) -> tuple[int, int, int]:
        """What Undo takes back: the contact, the follow-up, and the successor only if this made them (0: none)."""
        successor = self.successor_id if self.successor_created and self.successor_id else 0
        return self.contact_id, self.follow_up_id or 0, successor


class UndoOutcome(Enum):
    RESTORED = "restored"
    ALREADY = "already"  # undone before, brought back by `contact add`, or gone


@dataclass(frozen=True)
class DepartureUndone:
    outcome: UndoOutcome
    contact_name: str = ""
    supplier_name: str = ""
    successor_removed: str | None = None  # the successor's name, when this undo took them away
    follow_up_removed: bool = False


class DepartureService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def contact_left(
        self, actor: Actor, supplier_id: int, raw_name: str, raw_successor: str | None = None, *, tz: str
    ) -> Departure:
        """Marks the contact as left; with a successor, adds (or reuses) them and gives the colleague who held the
        leaver's strongest tie a follow-up due in 14 days. The supplier's owner or an admin only."""
        successor_name = valid_name(raw_successor, what="successor_name") if raw_successor is not None else None
        now = self.clock.now()
        with self.db.write() as session:
            workspace, supplier = self._supplier(session, actor, supplier_id)
            assert supplier.id is not None
            contact = named_contact(session, supplier, raw_name)
            assert contact.id is not None
            if contact.left_at is not None:
                raise InvalidInput("contact.already_left", name=contact.name, supplier=supplier.name)
            successor, created = (None, False)
            if successor_name is not None:
                successor, created = self._successor(session, supplier, contact, successor_name, now)
            contact.left_at = now
            session.add(contact)
            session.flush()
            cadence.refresh_suppliers(session, workspace, [supplier.id])
            departure = Departure(contact.id, contact.name, supplier.id, supplier.name, contact.interface)
            if successor is None:
                return departure
            assert successor.id is not None
            holder = _strongest_tie_holder(session, supplier, contact, now)
            due = now.astimezone(zone(tz)).date() + timedelta(days=FOLLOW_UP_DAYS)
            language = language_of(session, actor.team_id, holder)
            follow_up = FollowUp(
                workspace_id=supplier.workspace_id,
                supplier_id=supplier.id,
                text=t(language, "contact_left.follow_up_text", successor=successor.name, contact=contact.name),
                due_date=due,
                owner_id=holder,
                created_at=now,
            )
            session.add(follow_up)
            session.flush()
            return Departure(
                contact.id,
                contact.name,
                supplier.id,
                supplier.name,
                contact.interface,
                successor_id=successor.id,
                successor_name=successor.name,
                successor_created=created,
                successor_interface=successor.interface,
                successor_cadence_days=successor.cadence_days,
                follow_up_id=follow_up.id,
                follow_up_owner=holder,
                follow_up_due=due,
            )

    def undo(self, actor: Actor, contact_id: int, follow_up_id: int = 0, successor_id: int = 0) -> DepartureUndone:
        """Brings the contact back; removes the follow-up and the successor only when that `contact left` made them
        (created at the moment of leaving, at the same supplier) and the successor is in no interaction yet."""
        with self.db.write() as session:
            workspace_id = existing_workspace_id(session, actor)
            contact = session.get(Contact, contact_id) if workspace_id else None
            if contact is None or contact.workspace_id != workspace_id:
                return DepartureUndone(UndoOutcome.ALREADY)
            if contact.left_at is None:
                return DepartureUndone(UndoOutcome.ALREADY, contact.name)
            workspace, supplier = self._supplier(session, actor, contact.supplier_id)
            assert supplier.id is not None
            left_at, contact.left_at = contact.left_at, None
            session.add(contact)
            follow_up = (
                queries.get_follow_up(session, workspace_id=supplier.workspace_id, follow_up_id=follow_up_id)
                if follow_up_id
                else None
            )
            removed_follow_up = False
            if (
                follow_up is not None
                and follow_up.interaction_id is None
                and _made_then(follow_up.supplier_id, follow_up.created_at, supplier, left_at)
            ):
                session.delete(follow_up)
                removed_follow_up = True
            successor = session.get(Contact, successor_id) if successor_id else None
            removed_successor = None
            if (
                successor is not None
                and successor.workspace_id == supplier.workspace_id
                and successor.id != contact.id
                and _made_then(successor.supplier_id, successor.created_at, supplier, left_at)
                and not queries.contact_has_interactions(session, contact_id=successor_id)
            ):
                removed_successor = successor.name
                session.delete(successor)
            session.flush()
            cadence.refresh_suppliers(session, workspace, [supplier.id])
            return DepartureUndone(
                UndoOutcome.RESTORED, contact.name, supplier.name, removed_successor, removed_follow_up
            )

    # --- internals ------------------------------------------------------------------------------------------

    def _supplier(self, session: Session, actor: Actor, supplier_id: int) -> tuple[Workspace, Supplier]:
        """The supplier, of the actor's own workspace, and only for its owner or an admin."""
        supplier = supplier_of(session, actor, supplier_id)
        workspace = session.get(Workspace, supplier.workspace_id) if supplier else None
        if supplier is None or workspace is None:
            raise SupplierNotFound(str(supplier_id))
        self.rights.require_owner(session, supplier, actor.user_id)
        return workspace, supplier

    def _successor(
        self, session: Session, supplier: Supplier, leaver: Contact, name: str, now: datetime
    ) -> tuple[Contact, bool]:
        """The successor, made with the leaver's interface and key cadence — or the existing contact of that name,
        brought back if removed, given the interface when theirs was `other` and the cadence when they had none."""
        assert supplier.id is not None
        key = name_key(name)
        if key == leaver.name_key:
            raise InvalidInput("contact.successor_is_leaver", name=leaver.name)
        existing = queries.contact_by_key(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, key=key)
        if existing is not None:
            if existing.left_at is not None:
                raise InvalidInput("contact.successor_left", name=existing.name, supplier=supplier.name)
            existing.removed = False
            if existing.interface == OTHER:
                existing.interface = leaver.interface
            existing.cadence_days = existing.cadence_days or leaver.cadence_days
            session.add(existing)
            return existing, False
        successor = Contact(
            workspace_id=supplier.workspace_id,
            supplier_id=supplier.id,
            name=name,
            name_key=key,
            interface=leaver.interface,
            cadence_days=leaver.cadence_days,
            created_at=now,
        )
        session.add(successor)
        session.flush()
        return successor, True


def named_contact(session: Session, supplier: Supplier, raw_name: str) -> Contact:
    """The supplier's contact by that name (who left included, so "already left" can be said), or a refusal that
    offers the closest names — or, with none close, the supplier's people."""
    assert supplier.id is not None
    typed = clean_name(raw_name)
    contact = queries.contact_by_key(
        session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, key=name_key(typed)
    )
    if contact is not None and not contact.removed:
        return contact
    people = [
        c.name
        for c in queries.contacts_of(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id)
        if c.left_at is None
    ]
    if not people:
        raise InvalidInput("contact.not_found", name=typed, supplier=supplier.name)
    by_key = {loose_key(name): name for name in people}
    wanted = loose_key(typed)
    close = difflib.get_close_matches(wanted, list(by_key), n=SUGGESTIONS, cutoff=0.6)
    close += [key for key in by_key if wanted and key.split(" ")[0] == wanted.split(" ")[0] and key not in close]
    if close:
        names = ", ".join(by_key[key] for key in close[:SUGGESTIONS])
        raise InvalidInput("contact.not_found_did_you_mean", name=typed, supplier=supplier.name, names=names)
    shown = ", ".join(people[:LISTED]) + (" …" if len(people) > LISTED else "")
    raise InvalidInput("contact.not_found_people", name=typed, supplier=supplier.name, names=shown)


def _strongest_tie_holder(session: Session, supplier: Supplier, contact: Contact, now: datetime) -> str:
    """Whoever holds the leaver's tie, by the holder rule (bot/services/holders.py); nobody → the supplier's owner."""
    assert contact.id is not None
    question = HolderQuestion(contact.id, contact.holder_id, supplier.owner_id)
    return holders_of(session, workspace_id=supplier.workspace_id, questions=[question], now=now)[contact.id].user_id


def _made_then(supplier_id: int, created_at: datetime, supplier: Supplier, left_at: datetime) -> bool:
    """Made by the `contact left` being undone: at the same supplier, at the very moment the contact left."""
    return supplier_id == supplier.id and created_at == left_at
