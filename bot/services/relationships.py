"""The supplier card: cadence, last touch, who knows whom, recent interactions and open follow-ups."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.clock import Clock
from bot.services import cadence
from bot.services.coverage import ACTIVE, WARMTH_ORDER, ContactFacts, Coverage, TieView, coverage
from bot.services.errors import SupplierNotFound
from bot.services.holders import HolderQuestion, holders_of
from bot.services.paging import PAGE_SIZE, Page
from bot.services.promises import PromiseRecord, promise_record
from bot.services.pulse import PulseLine, pulse_line
from bot.services.rights import Rights
from bot.services.tie_facts import supplier_facts
from bot.services.workspaces import Actor, existing_workspace_id
from storage import queries
from storage.db import Database
from storage.models import Contact, Interaction, Supplier, Workspace

RECENT_LIMIT = 5
HOME_LIMIT = 30
QUIET_CONTACTS_MAX = 5000  # quiet key contacts read to route to their holders; far more than any team has
DUE_SOON = timedelta(days=3)


@dataclass(frozen=True)
class Tie:
    """An active tie as the card shows it; a tie only through someone else's private notes has no count or date."""

    colleague_id: str
    contact_name: str
    touches_90d: int | None
    last_touch_at: datetime | None
    warmth: str = "warm"


@dataclass(frozen=True)
class RecentInteraction:
    id: int
    occurred_at: datetime
    kind: str
    summary: str
    logged_by: str
    private: bool
    contacts: list[str]
    permalink: str | None
    can_edit: bool = False  # the viewer may correct or delete it (its author, an admin for a team note)


@dataclass(frozen=True)
class OpenFollowUp:
    id: int
    text: str
    due_date: date
    owner_id: str


@dataclass(frozen=True)
class SupplierCard:
    supplier_id: int
    name: str
    segment: str
    owner_id: str
    archived: bool
    cadence_days: int | None
    last_touch_at: datetime | None
    days_since_touch: int | None
    aliases: list[str]
    contacts: list[tuple[str, str | None]]
    ties: list[Tie]
    recent: list[RecentInteraction]
    follow_ups: list[OpenFollowUp]
    owner_left: bool = False
    as_of: datetime | None = None  # when the card was made, so it can count calendar days in the reader's zone
    coverage: Coverage | None = None
    interfaces: dict[str, str] = field(default_factory=dict)  # contact name → interface, for the card's people
    left_contacts: frozenset[str] = frozenset()  # names of the people who left the supplier (kept as history)
    promises: PromiseRecord | None = None  # promises due in 90 days, kept or missed; None when none were decided
    pulse: PulseLine | None = None  # customer of choice: our view, theirs, the biggest gap; None before any answer


@dataclass(frozen=True)
class SupplierTies:
    name: str
    contacts: tuple[ContactFacts, ...]
    ties: tuple[TieView, ...]


@dataclass(frozen=True)
class QuietRow:
    supplier_id: int
    supplier_name: str
    contact_name: str | None
    owner_id: str
    days_overdue: int
    last_touch_at: datetime | None
    snoozed_until: datetime | None
    holder_id: str | None = None  # key contacts: who holds the tie (the owner when nobody does)


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    text: str
    due_date: date
    supplier_name: str
    owner_id: str = ""
    can_close: bool = True  # the viewer may mark it done (its owner, the supplier's owner, an admin)
    promise: bool = False  # a promise to the supplier: Done records it kept


@dataclass(frozen=True)
class HomeRow:
    supplier_id: int
    name: str
    state: str  # quiet | due_soon | on_track | no_cadence
    due_at: datetime | None
    last_touch_at: datetime | None


@dataclass(frozen=True)
class HomeData:
    relationships: list[HomeRow]
    follow_ups: list[FollowUpRow]
    follow_ups_total: int = 0


class RelationshipService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def card(self, actor: Actor, supplier_id: int) -> SupplierCard:
        """What `/covalis status` shows; private notes of others never appear, their ties included."""
        now = self.clock.now()
        with self.db.read() as session:
            workspace, supplier = self._supplier(session, actor, supplier_id)
            assert workspace.id is not None
            assert supplier.id is not None
            last = supplier.last_touch_at or None
            owner = queries.get_colleague(session, workspace_id=workspace.id, user_id=supplier.owner_id)
            facts = supplier_facts(session, workspace, [supplier], now, viewer_id=actor.user_id)[0]
            cov = coverage(facts, now)
            return SupplierCard(
                supplier_id=supplier.id,
                name=supplier.name,
                segment=supplier.segment,
                owner_id=supplier.owner_id,
                archived=supplier.archived,
                cadence_days=cadence.supplier_cadence(workspace, supplier),
                last_touch_at=last,
                days_since_touch=(now - last).days if last else None,
                aliases=[
                    a.alias for a in queries.aliases_of(session, workspace_id=workspace.id, supplier_id=supplier.id)
                ],
                contacts=[(c.name, c.role) for c in facts.contacts],
                ties=_active_ties(cov, {c.id: c.name for c in facts.contacts}),
                recent=_recent(
                    session,
                    workspace.id,
                    supplier.id,
                    actor.user_id,
                    admin=self.rights.is_admin(session, workspace_id=workspace.id, user_id=actor.user_id),
                ),
                follow_ups=_open_follow_ups(session, workspace.id, supplier.id, actor.user_id),
                owner_left=bool(owner and owner.deleted),
                as_of=now,
                coverage=cov,
                interfaces={c.name: c.interface for c in facts.contacts},
                left_contacts=frozenset(c.name for c in facts.contacts if c.left),
                promises=promise_record(session, workspace, supplier, actor.user_id, now),
                pulse=pulse_line(session, supplier),
            )

    def ties(self, actor: Actor, supplier_id: int) -> SupplierTies:
        """`/covalis ties`: every tie of the supplier grouped by contact, and the contacts nobody has spoken with."""
        now = self.clock.now()
        with self.db.read() as session:
            workspace, supplier = self._supplier(session, actor, supplier_id)
            facts = supplier_facts(session, workspace, [supplier], now, viewer_id=actor.user_id)[0]
            return SupplierTies(supplier.name, facts.contacts, coverage(facts, now).ties)

    def _supplier(self, session: Session, actor: Actor, supplier_id: int) -> tuple[Workspace, Supplier]:
        workspace_id = existing_workspace_id(session, actor)
        supplier = (
            queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id) if workspace_id else None
        )
        workspace = session.get(Workspace, workspace_id) if workspace_id else None
        if supplier is None or workspace is None or supplier.id is None:
            raise SupplierNotFound(str(supplier_id))
        return workspace, supplier

    def quiet(self, actor: Actor, *, everyone: bool, offset: int = 0) -> Page[QuietRow]:
        """Relationships past their cadence now, most overdue first (the actor's own, or the whole team's): suppliers
        and key contacts merged into one order, one page of it."""
        now = self.clock.now()
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return Page([], 0, 0)
            owner = None if everyone else actor.user_id
            wanted = offset + PAGE_SIZE
            suppliers, supplier_total = queries.quiet_suppliers(
                session, workspace_id=workspace_id, now=now, owner_id=owner, limit=wanted
            )
            # Key contacts belong to whoever holds the tie (the owner when nobody does): all are read, then routed.
            every, _ = queries.quiet_contacts(
                session, workspace_id=workspace_id, now=now, owner_id=None, limit=QUIET_CONTACTS_MAX
            )
            holders = holders_of(
                session,
                workspace_id=workspace_id,
                questions=[HolderQuestion(c.id or 0, c.holder_id, s.owner_id) for c, s in every],
                now=now,
            )
        contacts = [(c, s, holders[c.id or 0].user_id) for c, s in every]
        if not everyone:
            contacts = [(c, s, holder) for c, s, holder in contacts if holder == actor.user_id]
        contact_total = len(contacts)
        merged = [(s.due_at or now, 0, s.id or 0, _quiet_supplier(now, s)) for s in suppliers] + [
            (c.due_at or now, 1, c.id or 0, _quiet_contact(now, c, s, holder)) for c, s, holder in contacts
        ]
        merged.sort(key=lambda entry: entry[:3])
        rows = [entry[3] for entry in merged[offset:wanted]]
        return Page(rows, offset, supplier_total + contact_total)

    def follow_ups(
        self, actor: Actor, *, everyone: bool = False, offset: int = 0, limit: int = PAGE_SIZE
    ) -> Page[FollowUpRow]:
        """Open follow-ups, earliest due first — the actor's own, or the team's (less others' private notes)."""
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return Page([], 0, 0)
            found, total = queries.open_follow_ups(
                session,
                workspace_id=workspace_id,
                owner_id=None if everyone else actor.user_id,
                viewer_id=actor.user_id,
                offset=offset,
                limit=limit,
            )
            admin = self.rights.is_admin(session, workspace_id=workspace_id, user_id=actor.user_id)
        rows = [
            FollowUpRow(
                f.id,
                f.text,
                f.due_date,
                s.name,
                f.owner_id,
                can_close=admin or actor.user_id in (f.owner_id, s.owner_id),
                promise=f.promise,
            )
            for f, s in found
            if f.id is not None
        ]
        return Page(rows, offset, total)

    def home(self, actor: Actor) -> HomeData:
        """The App Home: the actor's relationships with their state, and their open follow-ups."""
        now = self.clock.now()
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return HomeData([], [], 0)
            suppliers = queries.suppliers_of_owner(
                session, workspace_id=workspace_id, owner_id=actor.user_id, limit=HOME_LIMIT
            )
        rows = [
            HomeRow(s.id, s.name, _state(now, s.due_at), s.due_at, s.last_touch_at)
            for s in suppliers
            if s.id is not None
        ]
        follow_ups = self.follow_ups(actor, limit=HOME_LIMIT)
        return HomeData(rows, follow_ups.rows, follow_ups.total)


def _quiet_supplier(now: datetime, supplier: Supplier) -> QuietRow:
    assert supplier.id is not None
    return QuietRow(
        supplier.id,
        supplier.name,
        None,
        supplier.owner_id,
        cadence.days_overdue(now, supplier.due_at),
        supplier.last_touch_at,
        supplier.snoozed_until,
    )


def _quiet_contact(now: datetime, contact: Contact, supplier: Supplier, holder: str) -> QuietRow:
    assert supplier.id is not None
    return QuietRow(
        supplier.id,
        supplier.name,
        contact.name,
        supplier.owner_id,
        cadence.days_overdue(now, contact.due_at),
        contact.last_touch_at,
        contact.snoozed_until,
        holder,
    )


def _state(now: datetime, due_at: datetime | None) -> str:
    if due_at is None:
        return "no_cadence"
    if due_at <= now:
        return "quiet"
    return "due_soon" if due_at - now <= DUE_SOON else "on_track"


def _active_ties(cov: Coverage, contacts: dict[int, str]) -> list[Tie]:
    """The card's "who knows whom": the active ties, warmest first, as the reader may see them."""
    active = sorted(
        (v for v in cov.ties if v.warmth in ACTIVE and not v.left), key=lambda v: WARMTH_ORDER.index(v.warmth)
    )
    return [Tie(v.user_id, contacts.get(v.contact_id, "?"), v.touches_90d, v.last_touch, v.warmth) for v in active]


def _recent(
    session: Session, workspace_id: int, supplier_id: int, viewer_id: str, *, admin: bool
) -> list[RecentInteraction]:
    """The latest interactions the viewer may see, with the names of the contacts in them and whether the viewer
    may edit each (theirs, or any team note for an admin: the rule CaptureService.edit enforces)."""
    interactions = queries.visible_interactions(
        session, workspace_id=workspace_id, supplier_id=supplier_id, viewer_id=viewer_id, limit=RECENT_LIMIT
    )
    return interaction_rows(session, interactions, viewer_id, admin=admin)


def interaction_rows(
    session: Session, interactions: list[Interaction], viewer_id: str, *, admin: bool
) -> list[RecentInteraction]:
    """Interactions as the card, the history and the handover list them: with the names of the contacts in them and
    whether the viewer may edit each (theirs, or any team note for an admin: the rule CaptureService.edit enforces)."""
    names, _ = queries.participants_of(session, interaction_ids=[i.id for i in interactions if i.id])
    return [
        RecentInteraction(
            id=i.id,
            occurred_at=i.occurred_at,
            kind=i.kind,
            summary=i.summary,
            logged_by=i.logged_by,
            private=i.visibility == "private",
            contacts=names.get(i.id, []),
            permalink=i.permalink,
            can_edit=i.logged_by == viewer_id or (admin and i.visibility == "team"),
        )
        for i in interactions
        if i.id is not None
    ]


def _open_follow_ups(session: Session, workspace_id: int, supplier_id: int, viewer_id: str) -> list[OpenFollowUp]:
    return [
        OpenFollowUp(f.id, f.text, f.due_date, f.owner_id)
        for f in queries.open_follow_ups_of_supplier(
            session, workspace_id=workspace_id, supplier_id=supplier_id, viewer_id=viewer_id
        )
        if f.id is not None
    ]
