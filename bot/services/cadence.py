"""Cadences and the schedule they imply: when a relationship goes quiet and when it may next be nudged.

The schedule is denormalised onto suppliers and key contacts (`due_at`, `next_nudge_at`) and recomputed here
whenever an input changes, so the tick reads indexed columns instead of scanning interactions.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session

from bot.services.segments import DEFAULT_CADENCE_DAYS
from storage import queries
from storage.models import Contact, Supplier, Workspace


class HasCadence(Protocol):
    """A supplier, or a light row of one (what its cadence is read from)."""

    @property
    def segment(self) -> str: ...

    @property
    def cadence_days(self) -> int | None: ...


@dataclass(frozen=True)
class Schedule:
    due_at: datetime | None
    next_nudge_at: datetime | None


def workspace_cadence(workspace: Workspace, segment: str) -> int | None:
    """The workspace's cadence for a segment: its own setting (0 = off), else the built-in default."""
    own: int | None = getattr(workspace, f"cadence_{segment}", None)
    if own is not None:
        return own or None
    return DEFAULT_CADENCE_DAYS.get(segment)


def days_overdue(now: datetime, due_at: datetime | None) -> int:
    """Whole days since a relationship went quiet (0 when it is not quiet, or has no cadence)."""
    return max(0, (now - due_at).days) if due_at is not None else 0


def supplier_cadence(workspace: Workspace, supplier: HasCadence) -> int | None:
    if supplier.cadence_days is not None:
        return supplier.cadence_days or None
    return workspace_cadence(workspace, supplier.segment)


def schedule(
    *,
    cadence_days: int | None,
    last_touch_at: datetime | None,
    created_at: datetime,
    snoozed_until: datetime | None,
    last_nudged_at: datetime | None,
    renudge_days: int,
    active: bool,
) -> Schedule:
    """Quiet from last touch (or creation) + cadence; nudged no sooner than a snooze ends or the re-nudge wait."""
    if not active or not cadence_days:
        return Schedule(None, None)
    due = (last_touch_at or created_at) + timedelta(days=cadence_days)
    moments = [due]
    if snoozed_until is not None:
        moments.append(snoozed_until)
    if last_nudged_at is not None:
        moments.append(last_nudged_at + timedelta(days=renudge_days))
    return Schedule(due, max(moments))


def refresh_supplier(session: Session, workspace: Workspace, supplier: Supplier) -> None:
    plan = schedule(
        cadence_days=supplier_cadence(workspace, supplier),
        last_touch_at=supplier.last_touch_at,
        created_at=supplier.created_at,
        snoozed_until=supplier.snoozed_until,
        last_nudged_at=supplier.last_nudged_at,
        renudge_days=workspace.renudge_days,
        active=not supplier.archived,
    )
    supplier.due_at, supplier.next_nudge_at = plan.due_at, plan.next_nudge_at
    session.add(supplier)


def refresh_contact(session: Session, workspace: Workspace, contact: Contact, *, supplier_active: bool) -> None:
    plan = schedule(
        cadence_days=contact.cadence_days,
        last_touch_at=contact.last_touch_at,
        created_at=contact.created_at,
        snoozed_until=contact.snoozed_until,
        last_nudged_at=contact.last_nudged_at,
        renudge_days=workspace.renudge_days,
        active=supplier_active and not contact.removed and contact.left_at is None,
    )
    contact.due_at, contact.next_nudge_at = plan.due_at, plan.next_nudge_at
    session.add(contact)


def refresh_suppliers(session: Session, workspace: Workspace, supplier_ids: Iterable[int]) -> None:
    """These suppliers' schedules and their key contacts': two queries, whatever the number of suppliers."""
    ids = sorted(set(supplier_ids))
    if not ids:
        return
    assert workspace.id is not None
    suppliers = {s.id: s for s in queries.suppliers_by_ids(session, workspace_id=workspace.id, ids=ids)}
    for supplier in suppliers.values():
        refresh_supplier(session, workspace, supplier)
    for contact in queries.key_contacts_of_suppliers(
        session, workspace_id=workspace.id, supplier_ids=[i for i in suppliers if i is not None]
    ):
        refresh_contact(session, workspace, contact, supplier_active=not suppliers[contact.supplier_id].archived)


def refresh_workspace(session: Session, workspace: Workspace) -> int:
    """After a workspace setting changes (cadence defaults, re-nudge wait): every schedule, in batches."""
    assert workspace.id is not None
    count = 0
    last_id = 0
    while True:  # suppliers in batches, then key contacts
        batch = queries.supplier_batch(session, workspace_id=workspace.id, after_id=last_id, limit=1000)
        if not batch:
            break
        for supplier in batch:
            refresh_supplier(session, workspace, supplier)
        last_id = batch[-1].id or last_id
        count += len(batch)
        session.flush()
    for contact, archived in queries.key_contacts_of_workspace(session, workspace_id=workspace.id):
        refresh_contact(session, workspace, contact, supplier_active=not archived)
    return count
