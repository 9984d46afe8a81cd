"""Suppliers, their aliases and contacts: creation, lookup by name/prefix/alias, and upkeep."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import Clock
from bot.services import audit, cadence
from bot.services.errors import Candidate, InvalidInput, SupplierAmbiguous, SupplierNotFound
from bot.services.interfaces import OTHER, guess_interface, parse_interface
from bot.services.paging import PAGE_SIZE, Page
from bot.services.rights import Rights
from bot.services.segments import SEGMENTS
from bot.services.workspaces import Actor, existing_workspace_id, workspace_of
from bot.text import NAME_MAX, clean_name, loose_key, name_key
from storage import queries
from storage.db import Database
from storage.models import Contact, Supplier, SupplierAlias, Workspace

MAX_CANDIDATES = 5
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class SupplierRef:
    id: int
    name: str
    segment: str
    owner_id: str
    archived: bool
    last_touch_at: datetime | None
    cadence_days: int | None


def _current_contact(session: Session, supplier: Supplier, raw_name: str) -> Contact:
    """The supplier's contact by that name (not removed), or a refusal that names both."""
    assert supplier.id is not None
    key = name_key(clean_name(raw_name))
    contact = queries.contact_by_key(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, key=key)
    if contact is None or contact.removed:
        raise InvalidInput("contact.not_found", name=clean_name(raw_name), supplier=supplier.name)
    return contact


def _ref(supplier: Supplier) -> SupplierRef:
    assert supplier.id is not None
    return SupplierRef(
        supplier.id,
        supplier.name,
        supplier.segment,
        supplier.owner_id,
        supplier.archived,
        supplier.last_touch_at,
        supplier.cadence_days,
    )


def _loose_matches(
    session: Session, workspace_id: int, key: str, *, include_archived: bool, exact_only: bool = False
) -> list[Supplier]:
    """Names and aliases matched without accents (Muller finds Müller, Societe Société): exact first, then prefix.

    Only reached when the keyed lookups found nothing, so the scan of the workspace's names is the rare path.
    """
    loose = loose_key(key)
    suppliers = queries.list_suppliers(session, workspace_id=workspace_id, include_archived=True)
    by_id = {s.id: s for s in suppliers}
    names: list[tuple[str, Supplier]] = [(loose_key(s.name_key), s) for s in suppliers]
    for alias in queries.aliases_of_workspace(session, workspace_id=workspace_id):
        if alias.supplier_id in by_id:
            names.append((loose_key(alias.alias_key), by_id[alias.supplier_id]))
    exact = [s for name, s in names if name == loose]
    if exact or exact_only:
        return exact[:1]
    found: dict[int | None, Supplier] = {}
    for name, s in names:
        if name.startswith(loose) and (include_archived or not s.archived):
            found.setdefault(s.id, s)
    return sorted(found.values(), key=lambda s: s.name_key)[: MAX_CANDIDATES + 1]


_FORMATTING = "*_~`"


def valid_name(raw: str, *, what: str = "name") -> str:
    """A cleaned name, or a friendly refusal: empty and over-long names never reach the database. A trailing comma,
    colon or semicolon (`supplier add Acme,`) and Slack formatting around the whole name (`*Acme*`) are typing, not
    part of the name."""
    name = clean_name(raw).strip(" ,;:")
    while len(name) > 2 and name[0] == name[-1] and name[0] in _FORMATTING:
        name = name[1:-1].strip(" ,;:")
    if not name:
        raise InvalidInput(f"{what}.empty")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"{what}.too_long", max=NAME_MAX, length=len(name))
    return name


class SupplierService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def require_owner(self, actor: Actor, supplier_id: int) -> None:
        """Refuses at once anyone but the supplier's owner or an admin (each change checks again as it writes)."""
        with self.db.read() as session:
            self.rights.require_owner(session, self._load(session, actor, supplier_id), actor.user_id)

    def _load_to_change(
        self, session: Session, actor: Actor, supplier_id: int, key: str = "supplier.not_allowed"
    ) -> Supplier:
        supplier = self._load(session, actor, supplier_id)
        self.rights.require_owner(session, supplier, actor.user_id, key)
        return supplier

    # --- lookup ---------------------------------------------------------------------------------------------

    def resolve(
        self, actor: Actor, phrase: str, *, include_archived: bool = False, exact_only: bool = False
    ) -> SupplierRef:
        """Exact name or alias first, then a unique prefix (not with `exact_only`); ambiguity and absence are errors
        the handler asks about. Accents never matter."""
        key = name_key(clean_name(phrase))
        if not key:
            raise SupplierNotFound(phrase)
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                raise SupplierNotFound(clean_name(phrase))
            exact = queries.supplier_by_key(session, workspace_id=workspace_id, key=key)
            exact = exact or queries.supplier_by_alias_key(session, workspace_id=workspace_id, key=key)
            if exact is not None:
                return _ref(exact)
            if exact_only:
                hits = _loose_matches(session, workspace_id, key, include_archived=True, exact_only=True)
                if not hits:
                    raise SupplierNotFound(clean_name(phrase))
                return _ref(hits[0])
            hits = queries.suppliers_by_prefix(
                session,
                workspace_id=workspace_id,
                prefix=key,
                include_archived=include_archived,
                limit=MAX_CANDIDATES + 1,
            )
            if not hits:
                hits = _loose_matches(session, workspace_id, key, include_archived=include_archived)
        if len(hits) == 1:
            return _ref(hits[0])
        if not hits:
            raise SupplierNotFound(clean_name(phrase))
        candidates = [Candidate(s.id, s.name, s.archived) for s in hits[:MAX_CANDIDATES] if s.id is not None]
        raise SupplierAmbiguous(clean_name(phrase), candidates, more=len(hits) > MAX_CANDIDATES)

    def get(self, actor: Actor, supplier_id: int) -> SupplierRef:
        with self.db.read() as session:
            supplier = self._load(session, actor, supplier_id)
            return _ref(supplier)

    def search(self, actor: Actor, typed: str, *, limit: int = 20) -> list[SupplierRef]:
        """Type-ahead for the capture modal: prefix matches first, then names containing what was typed."""
        key = name_key(clean_name(typed))
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return []
            first = queries.suppliers_by_prefix(
                session, workspace_id=workspace_id, prefix=key, include_archived=False, limit=limit
            )
            seen = {s.id for s in first}
            rest = queries.suppliers_containing(session, workspace_id=workspace_id, fragment=key, limit=limit)
            merged = first + [s for s in rest if s.id not in seen]
            return [_ref(s) for s in merged[:limit]]

    def list_suppliers(
        self, actor: Actor, *, include_archived: bool = True, owned_by: str | None = None
    ) -> list[SupplierRef]:
        """The workspace's suppliers; `owned_by` keeps those one colleague owns."""
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return []
            suppliers = queries.list_suppliers(session, workspace_id=workspace_id, include_archived=include_archived)
            return [_ref(s) for s in suppliers if owned_by is None or s.owner_id == owned_by]

    def page(
        self,
        actor: Actor,
        *,
        include_archived: bool = False,
        segment: str | None = None,
        owner_id: str | None = None,
        offset: int = 0,
    ) -> Page[SupplierRef]:
        """One page of `supplier list`: by name, archived last, optionally one segment's or one owner's."""
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return Page([], 0, 0)
            suppliers, total = queries.supplier_page(
                session,
                workspace_id=workspace_id,
                include_archived=include_archived,
                segment=segment,
                owner_id=owner_id,
                offset=offset,
                limit=PAGE_SIZE,
            )
            return Page([_ref(s) for s in suppliers], offset, total)

    # --- changes --------------------------------------------------------------------------------------------

    def add(self, actor: Actor, raw_name: str, segment: str = "routine") -> SupplierRef:
        name = valid_name(raw_name, what="supplier_name")
        if segment not in SEGMENTS:
            raise InvalidInput("segment.unknown", segment=segment)
        now = self.clock.now()
        with self.db.write() as session:
            workspace = workspace_of(session, actor, now)
            assert workspace.id is not None
            key = name_key(name)
            existing = queries.supplier_by_key(session, workspace_id=workspace.id, key=key)
            existing = existing or queries.supplier_by_alias_key(session, workspace_id=workspace.id, key=key)
            if existing is not None:
                raise InvalidInput("supplier.exists", name=existing.name)
            supplier = Supplier(
                workspace_id=workspace.id,
                name=name,
                name_key=key,
                segment=segment,
                owner_id=actor.user_id,
                created_at=now,
            )
            session.add(supplier)
            session.flush()
            cadence.refresh_supplier(session, workspace, supplier)
            return _ref(supplier)

    def set_archived(self, actor: Actor, supplier_id: int, archived: bool) -> SupplierRef:
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id)
            supplier.archived = archived
            self._refresh(session, supplier)
            return _ref(supplier)

    def rename(self, actor: Actor, supplier_id: int, raw_name: str) -> tuple[str, SupplierRef]:
        """Renames and keeps the old name as an alias, so notes typed the old way still find it."""
        name = valid_name(raw_name, what="supplier_name")
        key = name_key(name)
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id)
            old_name, old_key = supplier.name, supplier.name_key
            clash = queries.supplier_by_key(session, workspace_id=supplier.workspace_id, key=key)
            if clash is not None and clash.id != supplier.id:
                raise InvalidInput("supplier.exists", name=clash.name)
            alias_owner = queries.supplier_by_alias_key(session, workspace_id=supplier.workspace_id, key=key)
            if alias_owner is not None and alias_owner.id != supplier.id:
                raise InvalidInput("alias.taken", alias=name, name=alias_owner.name)
            supplier.name, supplier.name_key = name, key
            session.add(supplier)
            if old_key != key and not queries.alias_key_taken(session, workspace_id=supplier.workspace_id, key=old_key):
                assert supplier.id is not None
                session.add(
                    SupplierAlias(
                        workspace_id=supplier.workspace_id, supplier_id=supplier.id, alias=old_name, alias_key=old_key
                    )
                )
            return old_name, _ref(supplier)

    def add_alias(self, actor: Actor, supplier_id: int, raw_alias: str) -> SupplierRef:
        alias = valid_name(raw_alias, what="alias")
        key = name_key(alias)
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id)
            by_name = queries.supplier_by_key(session, workspace_id=supplier.workspace_id, key=key)
            if by_name is not None:
                raise InvalidInput("alias.is_a_name", alias=alias, name=by_name.name)
            by_alias = queries.supplier_by_alias_key(session, workspace_id=supplier.workspace_id, key=key)
            if by_alias is not None:
                raise InvalidInput("alias.taken", alias=alias, name=by_alias.name)
            assert supplier.id is not None
            session.add(
                SupplierAlias(workspace_id=supplier.workspace_id, supplier_id=supplier.id, alias=alias, alias_key=key)
            )
            return _ref(supplier)

    def aliases(self, actor: Actor, supplier_id: int) -> list[str]:
        with self.db.read() as session:
            supplier = self._load(session, actor, supplier_id)
            assert supplier.id is not None
            return [
                a.alias
                for a in queries.aliases_of(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id)
            ]

    def set_owner(self, actor: Actor, supplier_id: int, owner_id: str) -> SupplierRef:
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id)
            known = queries.get_colleague(session, workspace_id=supplier.workspace_id, user_id=owner_id)
            if known is not None and (known.deleted or known.is_guest or known.is_bot):
                raise InvalidInput("supplier.owner_unknown", owner=owner_id)  # left Slack, a guest or a bot
            if supplier.owner_id != owner_id:
                self._audit(session, actor, supplier, "supplier.owner", supplier.owner_id, owner_id)
                # The new owner starts fresh: the previous owner's snooze and re-nudge wait were theirs.
                supplier.owner_id = owner_id
                supplier.snoozed_until = supplier.last_nudged_at = None
                for contact in queries.contacts_of(
                    session, workspace_id=supplier.workspace_id, supplier_id=supplier_id
                ):
                    contact.snoozed_until = contact.last_nudged_at = None
                    session.add(contact)
            self._refresh(session, supplier)
            return _ref(supplier)

    def set_cadence(self, actor: Actor, supplier_id: int, days: int | None) -> SupplierRef:
        """The supplier's own cadence (None: the workspace default, 0: off); its owner or an admin may set it."""
        if days is not None and not 0 <= days <= 3650:
            raise InvalidInput("cadence.invalid", days=days)
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id, "cadence.not_allowed")
            if supplier.cadence_days != days:
                self._audit(session, actor, supplier, "supplier.cadence", supplier.cadence_days, days)
            supplier.cadence_days = days
            self._refresh(session, supplier)
            return _ref(supplier)

    def set_holder(self, actor: Actor, supplier_id: int, raw_name: str, holder_id: str | None) -> Contact:
        """Fixes who holds the relationship with a contact (None: the touches decide again); the supplier's owner or
        an admin may, and only to a colleague in Slack — not one who left, a guest or a bot."""
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id, "contact.holder_not_allowed")
            contact = _current_contact(session, supplier, raw_name)
            if holder_id is not None:
                known = queries.get_colleague(session, workspace_id=supplier.workspace_id, user_id=holder_id)
                if known is None or known.deleted or known.is_guest or known.is_bot:
                    raise InvalidInput("contact.holder_unknown", holder=holder_id)
            contact.holder_id = holder_id
            session.add(contact)
            return contact

    def set_key_contact(
        self, actor: Actor, supplier_id: int, raw_name: str, days: int | None
    ) -> tuple[Contact, int | None]:
        """Makes a contact a key contact with its own cadence (default: the supplier's), or not (`days` = 0)."""
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id, "cadence.not_allowed")
            contact = _current_contact(session, supplier, raw_name)
            workspace = session.get(Workspace, supplier.workspace_id)
            assert workspace is not None
            if days is None:
                days = cadence.supplier_cadence(workspace, supplier) or 30
            if not 0 <= days <= 3650:
                raise InvalidInput("cadence.invalid", days=days)
            if contact.cadence_days != (days or None):
                detail: audit.Detail = {
                    "supplier": supplier.name,
                    "contact": contact.name,
                    "contact_id": contact.id,
                    "old": contact.cadence_days,
                    "new": days,
                }
                audit.record(
                    session,
                    workspace_id=supplier.workspace_id,
                    actor_id=actor.user_id,
                    action="contact.cadence",
                    at=self.clock.now(),
                    supplier_id=supplier.id,
                    detail=detail,
                )
            contact.cadence_days = days or None
            cadence.refresh_contact(session, workspace, contact, supplier_active=not supplier.archived)
            return contact, contact.cadence_days

    def set_segment(self, actor: Actor, supplier_id: int, segment: str) -> SupplierRef:
        if segment not in SEGMENTS:
            raise InvalidInput("segment.unknown", segment=segment)
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id)
            if supplier.segment != segment:
                self._audit(session, actor, supplier, "supplier.segment", supplier.segment, segment)
            supplier.segment = segment
            self._refresh(session, supplier)
            return _ref(supplier)

    # --- contacts -------------------------------------------------------------------------------------------

    def add_contact(
        self, actor: Actor, supplier_id: int, raw_name: str, raw_role: str | None = None, raw_email: str | None = None
    ) -> tuple[Contact, bool]:
        """Adds a contact, or brings back a removed one of the same name, or one who had left; (contact, created).

        A new contact's interface is guessed from its role; a returning one keeps what it had (perhaps corrected by
        hand), unless that was `other` and the new role names one.
        """
        name = valid_name(raw_name, what="contact_name")
        role = valid_name(raw_role, what="role") if raw_role and clean_name(raw_role) else None
        email = clean_name(raw_email) if raw_email else None
        if email and (len(email) > 254 or not _EMAIL.match(email)):
            raise InvalidInput("contact.bad_email", email=email)
        key = name_key(name)
        with self.db.write() as session:
            supplier = self._load(session, actor, supplier_id)
            assert supplier.id is not None
            existing = queries.contact_by_key(
                session, workspace_id=supplier.workspace_id, supplier_id=supplier.id, key=key
            )
            if existing is not None and not existing.removed and existing.left_at is None:
                raise InvalidInput("contact.exists", name=existing.name, supplier=supplier.name)
            if existing is not None:
                existing.removed = False
                existing.left_at = None
                existing.name = name
                existing.role = role or existing.role
                existing.email = email or existing.email
                if existing.interface == OTHER:
                    existing.interface = guess_interface(role)
                session.add(existing)
                self._refresh(session, supplier)
                return existing, False
            contact = Contact(
                workspace_id=supplier.workspace_id,
                supplier_id=supplier.id,
                name=name,
                name_key=key,
                role=role,
                email=email,
                interface=guess_interface(role),
                created_at=self.clock.now(),
            )
            session.add(contact)
            session.flush()
            return contact, True

    def set_interface(self, actor: Actor, supplier_id: int, raw_name: str, word: str) -> Contact:
        """Corrects a contact's interface; anyone in the workspace may, as it is a matter of getting the data right."""
        interface = parse_interface(word)
        if interface is None:
            raise InvalidInput("interface.unknown", interface=word)
        with self.db.write() as session:
            supplier = self._load(session, actor, supplier_id)
            contact = _current_contact(session, supplier, raw_name)
            contact.interface = interface
            session.add(contact)
            session.flush()
            return contact

    def contacts(self, actor: Actor, supplier_id: int) -> list[Contact]:
        with self.db.read() as session:
            supplier = self._load(session, actor, supplier_id)
            assert supplier.id is not None
            return queries.contacts_of(session, workspace_id=supplier.workspace_id, supplier_id=supplier.id)

    def remove_contact(self, actor: Actor, supplier_id: int, raw_name: str) -> Contact:
        """Hides the contact from lists and matching; the interactions it took part in keep it."""
        with self.db.write() as session:
            supplier = self._load_to_change(session, actor, supplier_id)
            contact = _current_contact(session, supplier, raw_name)
            contact.removed = True
            session.add(contact)
            self._refresh(session, supplier)
            return contact

    # --- internals ------------------------------------------------------------------------------------------

    def _audit(
        self,
        session: Session,
        actor: Actor,
        supplier: Supplier,
        action: str,
        old: str | int | None,
        new: str | int | None,
    ) -> None:
        detail = {"supplier": supplier.name, "old": old, "new": new}
        audit.record(
            session,
            workspace_id=supplier.workspace_id,
            actor_id=actor.user_id,
            action=action,
            at=self.clock.now(),
            supplier_id=supplier.id,
            detail=detail,
        )

    def _refresh(self, session: Session, supplier: Supplier) -> None:
        session.flush()
        workspace = session.get(Workspace, supplier.workspace_id)
        assert workspace is not None
        assert supplier.id is not None
        cadence.refresh_suppliers(session, workspace, [supplier.id])

    def _load(self, session: Session, actor: Actor, supplier_id: int) -> Supplier:
        """A supplier of the actor's own workspace, or not found: ids from another workspace see nothing."""
        workspace_id = existing_workspace_id(session, actor)
        supplier = (
            queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id) if workspace_id else None
        )
        if supplier is None:
            raise SupplierNotFound(str(supplier_id))
        return supplier
