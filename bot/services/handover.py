"""Handing relationships over, so they don't leave with a person: when a colleague leaves Slack (a DM to the admins,
sent by the tick) and when a supplier changes owner (a DM to the new owner). Pure of Slack: this module works out
what to say; the delivery port and the block builders say it.

Never any private note's text: ties and touch counts are facts about who met whom, not what was written.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Protocol

from sqlmodel import Session

from bot.clock import Clock
from bot.services import cadence, deliveries
from bot.services.coverage import ACTIVE, WINDOW_DAYS, ContactFacts, coverage, tie_cadence_days, warmth
from bot.services.deliveries import SendResult, SentCheck
from bot.services.errors import InvalidInput, SupplierNotFound
from bot.services.nudge_selection import (
    LeaverNotice,
    Window,
    colleague_language,
    in_working_hours,
    known_zone,
    local_moment,
)
from bot.services.nudge_sending import LEASE
from bot.services.public_holidays import is_holiday
from bot.services.relationships import (
    OpenFollowUp,
    RecentInteraction,
    RelationshipService,
    SupplierCard,
    interaction_rows,
)
from bot.services.rights import Rights
from bot.services.suppliers import SupplierRef, SupplierService
from bot.services.tie_facts import supplier_facts
from bot.services.workspaces import Actor, existing_workspace_id
from storage import queries
from storage.db import Database
from storage.models import Colleague, Contact, Supplier, Workspace

logger = logging.getLogger(__name__)

HANDOVER_MAX_AGE = timedelta(days=14)  # a leaver nobody could be told about for two weeks is not told about any more
NOTICE_MAX_AGE = timedelta(days=30)  # how long a sole-tie line waits for its owner's next nudge
WINDOW = timedelta(days=WINDOW_DAYS)
OWNED_MAX = 500
RECENT_LIMIT = 5


@dataclass(frozen=True)
class SupplierToReassign:
    """A supplier the leaver owned; `candidates` hold active ties to its contacts, most touches in 90 days first."""

    supplier_id: int
    name: str
    segment: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class SoleTie:
    """A contact the leaver was the only one on our side in active touch with, and who is best placed to pick it up
    (most touches with the supplier in 90 days among those still in Slack; else its owner; None: its owner left too).
    """

    contact_id: int
    contact_name: str
    supplier_id: int
    supplier_name: str
    supplier_owner: str
    pick_up: str | None


@dataclass(frozen=True)
class LeaverHandover:
    leaver_id: str
    leaver_name: str | None
    suppliers: tuple[SupplierToReassign, ...]
    sole_ties: tuple[SoleTie, ...]

    @property
    def empty(self) -> bool:
        return not self.suppliers and not self.sole_ties


@dataclass(frozen=True)
class HandoverLetter:
    """One admin's copy of a leaver's handover, in their language."""

    recipient: str
    language: str
    handover: LeaverHandover
    key: str = ""  # its delivery key, carried by the DM as metadata


class HandoverPort(SentCheck, Protocol):
    """How a leaver's handover leaves the building: implemented with Slack's Web API in handlers/delivery.py."""

    def send_handover(self, letter: HandoverLetter) -> SendResult: ...


@dataclass
class HandoverReport:
    sent: int = 0
    failed: int = 0
    retry: int = 0
    waiting: int = 0  # recipients outside their working hours (or without a known time zone): a later tick
    already_claimed: int = 0
    nothing_to_hand_over: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.__dict__.items())


@dataclass(frozen=True)
class HeldTie:
    """A tie the previous owner held at the supplier: whom, and how warm (no dates, no texts)."""

    contact_name: str
    role: str | None
    warmth: str


@dataclass(frozen=True)
class OwnerHandover:
    """What a supplier's new owner needs: the card's essentials, the previous owner's ties there, open follow-ups and
    the last few team-visible interactions."""

    card: SupplierCard
    previous_owner: str
    previous_left: bool  # the previous owner left Slack: nobody to tell
    previous_ties: tuple[HeldTie, ...]
    follow_ups: tuple[OpenFollowUp, ...]
    recent: tuple[RecentInteraction, ...]


@dataclass
class _Reach:
    """Who can be reached at one instant, read once per workspace."""

    colleagues: dict[str, Colleague] = field(default_factory=dict)

    def in_slack(self, user_id: str) -> bool:
        colleague = self.colleagues.get(user_id)
        return colleague is not None and not (colleague.deleted or colleague.is_guest or colleague.is_bot)


def _send(port: HandoverPort, letter: HandoverLetter) -> SendResult:
    try:
        return port.send_handover(letter)
    except Exception:
        logger.exception("sending a handover failed; a later tick retries")
        return SendResult(ok=False, error="exception")


class HandoverService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        rights: Rights,
        suppliers: SupplierService,
        relationships: RelationshipService,
        lease: timedelta = LEASE,
    ) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights
        self.suppliers = suppliers
        self.relationships = relationships
        self.lease = lease  # COVALIS_LEASE_SECONDS, as for nudges and digests

    # --- a colleague left Slack: the admins are told, through the tick --------------------------------------

    def run(self, port: HandoverPort, *, team_id: str | None = None) -> HandoverReport:
        """Each recent leaver's handover to each admin inside their working hours, claimed once per recipient (with
        `team_id`, that workspace's leavers only)."""
        now = self.clock.now()
        report = HandoverReport()
        with self.db.read() as session:
            leavers = queries.recent_leavers(session, since=now - HANDOVER_MAX_AGE)
            if team_id is not None:
                workspace = queries.get_workspace(session, team_id=team_id)
                wanted = None if workspace is None else workspace.id
                leavers = [leaver for leaver in leavers if leaver.workspace_id == wanted]
        for leaver in leavers:
            try:
                self._hand_over(leaver, now, port, report)
            except Exception:
                logger.exception("a leaver's handover failed; a later tick retries")
                report.retry += 1
        return report

    def _hand_over(self, leaver: Colleague, now: datetime, port: HandoverPort, report: HandoverReport) -> None:
        assert leaver.left_at is not None
        with self.db.read() as session:
            workspace = session.get(Workspace, leaver.workspace_id)
            assert workspace is not None
            assert workspace.id is not None
            reach = _Reach(queries.colleagues_of(session, workspace_id=workspace.id))
            ready = []
            for recipient in self._recipients(reach, leaver):
                if self._reachable(reach.colleagues.get(recipient), workspace, now):
                    ready.append(recipient)
                else:
                    report.waiting += 1
            if not ready:
                return
            handover = leaver_handover(session, workspace, leaver, reach, now)
        if handover.empty:
            report.nothing_to_hand_over += 1
            return
        for recipient in ready:
            key = f"handover:{leaver.id}:{leaver.left_at.isoformat()}:{recipient}"
            claim = self._claim(workspace, key, recipient, now)
            if claim is None:
                report.already_claimed += 1
                continue
            language = colleague_language(reach.colleagues.get(recipient), workspace)
            letter = HandoverLetter(recipient, language, handover, key)
            result = deliveries.send_once(port, claim, recipient, partial(_send, port, letter))
            self._record(workspace, claim.id, result, language, now, report)

    def _recipients(self, reach: _Reach, leaver: Colleague) -> list[str]:
        """COVALIS_ADMINS; only when that is empty, Slack's own admins (often IT staff) who are still in Slack."""
        if self.rights.admin_ids:
            chosen = set(self.rights.admin_ids)
        else:
            chosen = {c.user_id for c in reach.colleagues.values() if c.is_admin}
        return sorted(user for user in chosen if user != leaver.user_id)

    @staticmethod
    def _reachable(colleague: Colleague | None, workspace: Workspace, now: datetime) -> bool:
        """Still in Slack, in a known time zone, inside the workspace's hours on a working day there."""
        if colleague is None or colleague.deleted or colleague.is_bot or not known_zone(colleague.tz):
            return False
        window = Window(workspace.work_start_minute, workspace.work_end_minute)
        local_day: date = local_moment(now, colleague.tz).date()
        return in_working_hours(now, colleague.tz, window) and not is_holiday(workspace.holiday_country, local_day)

    def _claim(self, workspace: Workspace, key: str, recipient: str, now: datetime) -> deliveries.Claim | None:
        assert workspace.id is not None
        with self.db.write() as session:
            return deliveries.claim(
                session,
                workspace_id=workspace.id,
                key=key,
                kind="handover",
                recipient=recipient,
                now=now,
                lease=self.lease,
            )

    def _record(
        self,
        workspace: Workspace,
        delivery_id: int,
        result: SendResult,
        language: str,
        now: datetime,
        report: HandoverReport,
    ) -> None:
        assert workspace.id is not None
        with self.db.write() as session:
            delivery = queries.get_delivery(session, workspace_id=workspace.id, delivery_id=delivery_id)
            assert delivery is not None
            outcome = deliveries.settle(delivery, result, now, language=language)
            if outcome == "sent":
                report.sent += 1
            elif outcome == "failed":
                report.failed += 1
                logger.warning("handover to %s not deliverable: %s", delivery.recipient, result.error)
            else:
                report.retry += 1
            session.add(delivery)

    def notices(
        self, session: Session, workspace: Workspace, now: datetime, recipients: set[str]
    ) -> dict[str, list[LeaverNotice]]:
        """For the nudge run: owners of suppliers (not the leaver's own) where a recent leaver held a contact's only
        active tie, one line each, until it has been shown once."""
        assert workspace.id is not None
        leavers = queries.recent_leavers(session, since=now - NOTICE_MAX_AGE, workspace_id=workspace.id)
        if not leavers or not recipients:
            return {}
        reach = _Reach(queries.colleagues_of(session, workspace_id=workspace.id))
        found: dict[str, list[LeaverNotice]] = defaultdict(list)
        for leaver in leavers:
            assert leaver.left_at is not None
            for tie in sole_ties(session, workspace, leaver.user_id, reach, now):
                owner = tie.supplier_owner
                if owner == leaver.user_id or owner not in recipients:
                    continue
                key = f"soletie:{leaver.id}:{leaver.left_at.isoformat()}:{owner}"
                found[owner].append(LeaverNotice(key, leaver.user_id, tie.contact_name, tie.supplier_name, tie.pick_up))
        shown = queries.delivered_keys(
            session, workspace_id=workspace.id, keys=sorted({n.key for lines in found.values() for n in lines})
        )
        return {owner: kept for owner, lines in found.items() if (kept := [n for n in lines if n.key not in shown])}

    # --- an owner changes: the new owner gets the handover ----------------------------------------------------

    def assign_owner(self, actor: Actor, supplier_id: int, owner_id: str) -> SupplierRef:
        """An admin gives a leaver's supplier a new owner from the handover DM: a member still in Slack."""
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                raise SupplierNotFound(str(supplier_id))
            self.rights.require_admin(session, workspace_id=workspace_id, user_id=actor.user_id)
            known = queries.get_colleague(session, workspace_id=workspace_id, user_id=owner_id)
            if known is None or known.deleted or known.is_guest or known.is_bot:
                raise InvalidInput("supplier.owner_unknown", owner=owner_id)
        return self.suppliers.set_owner(actor, supplier_id, owner_id)

    def owner_handover(self, new_owner: Actor, supplier_id: int, previous_owner: str) -> OwnerHandover:
        """What the new owner is told, as they may see it: the card, the previous owner's ties there, open
        follow-ups (not from others' private notes) and the last five team-visible interactions."""
        card = self.relationships.card(new_owner, supplier_id)
        now = self.clock.now()
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, new_owner)
            workspace = session.get(Workspace, workspace_id) if workspace_id else None
            supplier = (
                queries.get_supplier(session, workspace_id=workspace.id, supplier_id=supplier_id)
                if workspace is not None and workspace.id is not None
                else None
            )
            if workspace is None or workspace.id is None or supplier is None:
                raise SupplierNotFound(str(supplier_id))
            previous = queries.get_colleague(session, workspace_id=workspace.id, user_id=previous_owner)
            ties = _held_ties(session, workspace, supplier, previous_owner, now)
            recent = queries.visible_interactions(
                session, workspace_id=workspace.id, supplier_id=supplier_id, viewer_id="", limit=RECENT_LIMIT
            )
            rows = interaction_rows(session, recent, "", admin=False)  # team-visible only: a DM, not anyone's view
        return OwnerHandover(
            card=card,
            previous_owner=previous_owner,
            previous_left=bool(previous and previous.deleted),
            previous_ties=ties,
            follow_ups=tuple(card.follow_ups),
            recent=tuple(rows),
        )


# --- what a handover says, worked out from the database ---------------------------------------------------------


def leaver_handover(
    session: Session, workspace: Workspace, leaver: Colleague, reach: _Reach, now: datetime
) -> LeaverHandover:
    """The leaver's active suppliers (with who could take each over) and the contacts only they were in touch with."""
    assert workspace.id is not None
    owned = queries.suppliers_of_owner(session, workspace_id=workspace.id, owner_id=leaver.user_id, limit=OWNED_MAX)
    owned.sort(key=lambda s: (s.name_key, s.id or 0))
    facts = supplier_facts(session, workspace, owned, now, viewer_id="")
    suppliers = []
    for supplier, fact in zip(owned, facts, strict=True):
        assert supplier.id is not None
        active = {view.user_id for view in coverage(fact, now).ties if view.warmth in ACTIVE}
        touches = fact.colleague_touches_90d
        candidates = sorted(
            (user for user in active if user != leaver.user_id and reach.in_slack(user)),
            key=lambda user: (-touches.get(user, 0), user),
        )
        suppliers.append(SupplierToReassign(supplier.id, supplier.name, supplier.segment, tuple(candidates)))
    return LeaverHandover(
        leaver_id=leaver.user_id,
        leaver_name=leaver.display_name,
        suppliers=tuple(suppliers),
        sole_ties=tuple(sole_ties(session, workspace, leaver.user_id, reach, now)),
    )


def sole_ties(session: Session, workspace: Workspace, leaver_id: str, reach: _Reach, now: datetime) -> list[SoleTie]:
    """Contacts (of any active supplier) whose only active tie on our side was the leaver's, by supplier and name."""
    assert workspace.id is not None
    touched = queries.suppliers_touched_by(session, workspace_id=workspace.id, user_id=leaver_id)
    suppliers = {
        s.id: s
        for s in queries.suppliers_by_ids(session, workspace_id=workspace.id, ids=touched)
        if s.id is not None and not s.archived
    }
    if not suppliers:
        return []
    ids = sorted(suppliers)
    contacts = {
        c.id: c
        for c in queries.contacts_of_suppliers(session, workspace_id=workspace.id, supplier_ids=ids)
        if c.id is not None and c.left_at is None
    }
    active: dict[int, set[str]] = defaultdict(set)
    for row in queries.tie_touches(
        session, workspace_id=workspace.id, supplier_ids=ids, now=now, window=WINDOW, viewer_id=""
    ):
        contact = contacts.get(row.contact_id)
        if contact is None or (row.user_id != leaver_id and not reach.in_slack(row.user_id)):
            continue
        supplier = suppliers[contact.supplier_id]
        if _active(row.last_touch, contact, workspace, supplier, now):
            active[row.contact_id].add(row.user_id)
    sole = [contacts[cid] for cid, users in active.items() if users == {leaver_id}]
    best = _best_placed(session, workspace, sorted({c.supplier_id for c in sole}), leaver_id, reach, now)
    found = []
    for contact in sole:
        assert contact.id is not None
        supplier = suppliers[contact.supplier_id]
        owner_here = reach.in_slack(supplier.owner_id) and supplier.owner_id != leaver_id
        pick_up = best.get(contact.supplier_id) or (supplier.owner_id if owner_here else None)
        found.append(SoleTie(contact.id, contact.name, supplier.id or 0, supplier.name, supplier.owner_id, pick_up))
    found.sort(key=lambda tie: (tie.supplier_name.casefold(), tie.contact_name.casefold(), tie.contact_id))
    return found


def _active(last_touch: datetime, contact: Contact, workspace: Workspace, supplier: Supplier, now: datetime) -> bool:
    facts = ContactFacts(contact.id or 0, contact.name, contact.interface, contact.cadence_days or None)
    days = tie_cadence_days(facts, cadence.supplier_cadence(workspace, supplier))
    return warmth(last_touch, days, now) in ACTIVE


def _best_placed(
    session: Session, workspace: Workspace, supplier_ids: Sequence[int], leaver_id: str, reach: _Reach, now: datetime
) -> dict[int, str]:
    """Per supplier, the colleague still in Slack with the most team-visible touches in 90 days (then the lowest id)."""
    assert workspace.id is not None
    best: dict[int, tuple[int, str]] = {}
    for supplier_id, user_id, recent, _before in queries.colleague_touches(
        session, workspace_id=workspace.id, supplier_ids=supplier_ids, now=now, window=WINDOW, viewer_id=""
    ):
        if recent <= 0 or user_id == leaver_id or not reach.in_slack(user_id):
            continue
        current = best.get(supplier_id)
        if current is None or (-recent, user_id) < (-current[0], current[1]):
            best[supplier_id] = (recent, user_id)
    return {supplier_id: user for supplier_id, (_count, user) in best.items()}


def _held_ties(
    session: Session, workspace: Workspace, supplier: Supplier, user_id: str, now: datetime
) -> tuple[HeldTie, ...]:
    """The ties `user_id` holds at the supplier (also when they left Slack), warmest first."""
    assert workspace.id is not None
    assert supplier.id is not None
    contacts = {
        c.id: c for c in queries.contacts_of(session, workspace_id=workspace.id, supplier_id=supplier.id) if c.id
    }
    held = []
    for row in queries.tie_touches(
        session, workspace_id=workspace.id, supplier_ids=[supplier.id], now=now, window=WINDOW, viewer_id=""
    ):
        contact = contacts.get(row.contact_id)
        if contact is None or row.user_id != user_id:
            continue
        facts = ContactFacts(row.contact_id, contact.name, contact.interface, contact.cadence_days or None)
        state = warmth(row.last_touch, tie_cadence_days(facts, cadence.supplier_cadence(workspace, supplier)), now)
        held.append((row.last_touch, HeldTie(contact.name, contact.role, state or "dormant")))
    held.sort(key=lambda pair: pair[0], reverse=True)
    return tuple(tie for _last, tie in held)
