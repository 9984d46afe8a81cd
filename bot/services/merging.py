"""Merging duplicates: one supplier into another, or one contact into another at the same supplier.

Nothing is lost: every interaction, tie (ties are read from the interactions), follow-up, promise, pulse answer and
link, holder, alias and sent-nudge reference moves to the one that stays, and the merged name becomes an alias of it,
so notes typed the old way still find it. What depends on them — last touch, the schedule of the next nudge, the
search index — is recomputed in the same unit of work. The supplier's owner or an admin may merge; a merge of
suppliers needs the right to change both.
"""

from dataclasses import dataclass

from sqlmodel import Session

from bot.clock import Clock
from bot.services import audit, cadence
from bot.services.departures import named_contact
from bot.services.errors import InvalidInput, SupplierAmbiguous, SupplierNotFound
from bot.services.interfaces import OTHER
from bot.services.nudge_selection import Nudge
from bot.services.nudge_sending import rewrite_items
from bot.services.rights import Rights
from bot.services.suppliers import SupplierRef, SupplierService
from bot.services.workspaces import Actor, supplier_of
from bot.text import name_key
from storage import queries, search_index
from storage.db import Database
from storage.models import Contact, ContactAlias, Supplier, SupplierAlias, Workspace

#: What a merge shows before it moves anything, in this order (each a plural text `merge.count.<key>`).
SUPPLIER_COUNTS = ("interactions", "contacts", "follow_ups", "pulse_answers", "aliases")
CONTACT_COUNTS = ("interactions", "follow_ups", "pulse_answers")


@dataclass(frozen=True)
class MergePlan:
    """A merge to confirm (or one done): what goes into what, and how much of it moves."""

    kind: str  # "supplier" or "contact"
    from_id: int
    into_id: int
    from_name: str
    into_name: str
    supplier_id: int  # a contact merge: their supplier; a supplier merge: the one that stays
    supplier_name: str
    counts: tuple[tuple[str, int], ...]


class MergeService:
    def __init__(self, db: Database, clock: Clock, rights: Rights, suppliers: SupplierService) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights
        self.suppliers = suppliers

    # --- suppliers ------------------------------------------------------------------------------------------------

    def plan_supplier_merge(self, actor: Actor, from_phrase: str, into_phrase: str) -> MergePlan:
        """What `supplier merge <a> into <b>` would move; refused before anything is shown when it cannot be done."""
        merged, kept = self._named(actor, from_phrase), self._named(actor, into_phrase)
        with self.db.read() as session:
            source, target = self._suppliers_to_merge(session, actor, merged.id, kept.id)
            assert source.id is not None
            counts = queries.supplier_row_counts(session, workspace_id=source.workspace_id, supplier_id=source.id)
            return _supplier_plan(source, target, counts)

    def merge_suppliers(self, actor: Actor, from_id: int, into_id: int) -> MergePlan:
        """Moves everything of one supplier onto another and deletes the first; its name becomes an alias."""
        with self.db.write() as session:
            source, target = self._suppliers_to_merge(session, actor, from_id, into_id, lock=True)
            assert source.id is not None
            assert target.id is not None
            workspace_id = source.workspace_id
            plan = _supplier_plan(
                source, target, queries.supplier_row_counts(session, workspace_id=workspace_id, supplier_id=source.id)
            )
            interaction_ids = queries.interaction_ids_of_supplier(
                session, workspace_id=workspace_id, supplier_id=source.id
            )
            follow_up_ids = queries.follow_up_ids_of_supplier(session, workspace_id=workspace_id, supplier_id=source.id)
            moved: list[int] = []
            touched: set[int] = set()
            for contact in queries.contacts_of(
                session, workspace_id=workspace_id, supplier_id=source.id, include_removed=True
            ):
                assert contact.id is not None
                twin = queries.contact_by_key(
                    session, workspace_id=workspace_id, supplier_id=target.id, key=contact.name_key
                )
                if twin is None:
                    moved.append(contact.id)
                    continue
                assert twin.id is not None
                _merge_contact_into(session, contact, twin)
                touched.add(twin.id)
            queries.move_contacts(session, workspace_id=workspace_id, contact_ids=moved, supplier_id=target.id)
            queries.move_supplier_rows(session, workspace_id=workspace_id, from_id=source.id, to_id=target.id)
            if not queries.alias_key_taken(session, workspace_id=workspace_id, key=source.name_key):
                session.add(
                    SupplierAlias(
                        workspace_id=workspace_id, supplier_id=target.id, alias=source.name, alias_key=source.name_key
                    )
                )
            _retarget_deliveries(session, workspace_id, "supplier", source.id, target.id, target.name)
            audit.record(
                session,
                workspace_id=workspace_id,
                actor_id=actor.user_id,
                action="supplier.merge",
                at=self.clock.now(),
                supplier_id=target.id,
                detail={"supplier": target.name, "merged": source.name},
            )
            session.delete(source)
            session.flush()
            session.expire_all()  # the rows moved in bulk: read them afresh
            queries.recompute_last_touch(session, workspace_id=workspace_id, supplier_id=target.id)
            queries.recompute_contacts_touch(session, workspace_id=workspace_id, contact_ids=sorted(touched))
            search_index.reindex(session, interaction_ids=interaction_ids, follow_up_ids=follow_up_ids)
            _refresh_schedule(session, workspace_id, target.id)
            return plan

    def _named(self, actor: Actor, phrase: str) -> SupplierRef:
        """A supplier for a merge: by name, alias or a unique prefix; several or none is said, never guessed."""
        try:
            return self.suppliers.resolve(actor, phrase, include_archived=True)
        except SupplierAmbiguous as exc:
            names = ", ".join(c.name for c in exc.candidates)
            raise InvalidInput("merge.supplier_ambiguous", name=exc.phrase, names=names) from None
        except SupplierNotFound as exc:
            raise InvalidInput("merge.supplier_unknown", name=exc.phrase) from None

    def _suppliers_to_merge(
        self, session: Session, actor: Actor, from_id: int, into_id: int, *, lock: bool = False
    ) -> tuple[Supplier, Supplier]:
        """Both suppliers. `lock`: the merged one locked, so a note written for it meanwhile waits for the merge (and
        then finds it gone) instead of losing its supplier."""
        source, target = self._load(session, actor, from_id, lock=lock), self._load(session, actor, into_id)
        if source.id == target.id:
            raise InvalidInput("merge.same_supplier", name=source.name)
        self.rights.require_owner(session, source, actor.user_id, "merge.not_allowed")
        self.rights.require_owner(session, target, actor.user_id, "merge.not_allowed")
        return source, target

    # --- contacts -------------------------------------------------------------------------------------------------

    def plan_contact_merge(
        self, actor: Actor, supplier_id: int, from_name: str, into_name: str, into_supplier: str | None = None
    ) -> MergePlan:
        """What `contact merge <supplier>: <a> into <b>` would move. Both must be the same supplier's people: `b`
        named with another supplier (`into Beta: Piet`) is refused."""
        with self.db.read() as session:
            supplier = self._load(session, actor, supplier_id)
            self.rights.require_owner(session, supplier, actor.user_id, "merge.not_allowed")
            source = named_contact(session, supplier, from_name)
        if into_supplier is not None and self._named(actor, into_supplier).id != supplier_id:
            raise InvalidInput("merge.other_supplier", name=source.name, supplier=supplier.name)
        with self.db.read() as session:
            target = named_contact(session, supplier, into_name)
            if source.id == target.id:
                raise InvalidInput("merge.same_contact", name=target.name)
            assert source.id is not None
            return _contact_plan(supplier, source, target, queries.contact_row_counts(session, contact_id=source.id))

    def merge_contacts(self, actor: Actor, supplier_id: int, from_id: int, into_id: int) -> MergePlan:
        """Moves everything of one contact onto another of the same supplier and deletes the first; its name
        becomes the other's alias."""
        with self.db.write() as session:
            supplier = self._load(session, actor, supplier_id)
            assert supplier.id is not None
            self.rights.require_owner(session, supplier, actor.user_id, "merge.not_allowed")
            found = {
                c.id: c
                for c in queries.contacts_by_ids(  # locked: a note naming them meanwhile waits for the merge
                    session,
                    workspace_id=supplier.workspace_id,
                    supplier_id=supplier.id,
                    ids=[from_id, into_id],
                    for_update=True,
                )
            }
            source, target = found.get(from_id), found.get(into_id)
            if source is None or target is None:
                raise InvalidInput("merge.gone")
            if source.id == target.id:
                raise InvalidInput("merge.same_contact", name=target.name)
            assert source.id is not None
            assert target.id is not None
            plan = _contact_plan(supplier, source, target, queries.contact_row_counts(session, contact_id=source.id))
            interaction_ids = queries.interaction_ids_of_contact(session, contact_id=source.id)
            audit.record(
                session,
                workspace_id=supplier.workspace_id,
                actor_id=actor.user_id,
                action="contact.merge",
                at=self.clock.now(),
                supplier_id=supplier.id,
                detail={"supplier": supplier.name, "contact": target.name, "merged": source.name},
            )
            _merge_contact_into(session, source, target)
            session.expire_all()
            queries.recompute_contacts_touch(session, workspace_id=supplier.workspace_id, contact_ids=[target.id])
            search_index.reindex(session, interaction_ids=interaction_ids)
            _refresh_schedule(session, supplier.workspace_id, supplier.id)
            return plan

    # --- internals ------------------------------------------------------------------------------------------------

    def _load(self, session: Session, actor: Actor, supplier_id: int, *, lock: bool = False) -> Supplier:
        supplier = supplier_of(session, actor, supplier_id, for_update=lock)
        if supplier is None:
            raise InvalidInput("merge.gone")
        return supplier


def _supplier_plan(source: Supplier, target: Supplier, counts: dict[str, int]) -> MergePlan:
    assert source.id is not None
    assert target.id is not None
    shown = tuple((key, counts[key]) for key in SUPPLIER_COUNTS)
    return MergePlan("supplier", source.id, target.id, source.name, target.name, target.id, target.name, shown)


def _contact_plan(supplier: Supplier, source: Contact, target: Contact, counts: dict[str, int]) -> MergePlan:
    assert source.id is not None
    assert target.id is not None
    assert supplier.id is not None
    shown = tuple((key, counts[key]) for key in CONTACT_COUNTS)
    return MergePlan("contact", source.id, target.id, source.name, target.name, supplier.id, supplier.name, shown)


def _merge_contact_into(session: Session, source: Contact, target: Contact) -> None:
    """One contact's rows onto another's; the one that stays keeps what it has and takes what it lacks (role,
    e-mail, interface, key cadence, holder), and the merged name as an alias. The caller recomputes last touch."""
    assert source.id is not None
    assert target.id is not None
    queries.move_contact_rows(session, from_id=source.id, to_id=target.id)
    target.role = target.role or source.role
    target.email = target.email or source.email
    if target.interface == OTHER:
        target.interface = source.interface
    target.cadence_days = target.cadence_days or source.cadence_days
    target.holder_id = target.holder_id or source.holder_id
    target.removed = target.removed and source.removed
    if target.left_at is not None and source.left_at is None and not source.removed:
        target.left_at = None  # the one still there is who the merged contact is
    session.add(target)
    known = {name_key(a) for a in queries.contact_aliases_of(session, contact_ids=[target.id]).get(target.id, [])}
    if source.name_key != target.name_key and source.name_key not in known:
        session.add(
            ContactAlias(
                workspace_id=target.workspace_id, contact_id=target.id, alias=source.name, alias_key=source.name_key
            )
        )
    _retarget_deliveries(session, target.workspace_id, "contact", source.id, target.id, target.name)
    session.flush()
    session.delete(source)
    session.flush()


def _retarget_deliveries(session: Session, workspace_id: int, kind: str, from_id: int, to_id: int, name: str) -> None:
    """Sent nudges keep what they said, so their buttons still work after a merge: each item (and Rate button) that
    named the merged supplier or contact names the one that stays, and remembers the id the posted buttons carry."""
    for delivery in queries.deliveries_with_items(session, workspace_id=workspace_id):
        if rewrite_items(delivery, lambda nudge: _retarget(nudge, kind, from_id, to_id, name)):
            session.add(delivery)


def _retarget(nudge: Nudge, kind: str, from_id: int, to_id: int, name: str) -> bool:
    """One sent nudge rewritten in place; True when anything in it named the merged one."""
    changed = False
    if kind == "supplier" and any(rate[0] == from_id for rate in nudge.rates):  # the quarter's Rate buttons
        nudge.rates = [(to_id, name) if rate[0] == from_id else rate for rate in nudge.rates]
        changed = True
    for item in nudge.items:
        if kind == "supplier" and item.supplier_id == from_id:
            item.supplier_id, item.supplier_name, changed = to_id, name, True
        if item.kind == kind and item.id == from_id:
            item.was = [*item.was, from_id]
            item.id, changed = to_id, True
            if kind == "contact":
                item.contact_name = name
    return changed


def _refresh_schedule(session: Session, workspace_id: int, supplier_id: int) -> None:
    session.expire_all()
    workspace = session.get(Workspace, workspace_id)
    assert workspace is not None
    cadence.refresh_suppliers(session, workspace, [supplier_id])
