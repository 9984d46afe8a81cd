"""What may be nudged now, and the delivery log that sends each nudge once."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import false, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.models import Colleague, Contact, Delivery, FollowUp, Supplier, Workspace
from storage.queries.base import insert_if_absent


def workspaces_with_due(session: Session, *, now: datetime) -> list[Workspace]:
    """Workspaces with a supplier, key contact or follow-up that may be due now (index-only probes)."""
    due_suppliers = select(Supplier.workspace_id).where(col(Supplier.next_nudge_at) <= now).distinct()
    due_contacts = select(Contact.workspace_id).where(col(Contact.next_nudge_at) <= now).distinct()
    open_follow_ups = select(FollowUp.workspace_id).where(FollowUp.status == "open").distinct()
    return list(
        session.exec(
            select(Workspace)
            .where(
                or_(
                    col(Workspace.id).in_(due_suppliers),
                    col(Workspace.id).in_(due_contacts),
                    col(Workspace.id).in_(open_follow_ups),
                )
            )
            .order_by(col(Workspace.id))
        ).all()
    )


def due_suppliers(session: Session, *, workspace_id: int, now: datetime) -> Iterable[tuple[Any, ...]]:
    """(owner, id, name, due_at, last_touch_at) of suppliers that may be nudged now, by owner."""
    # Core rows straight from the connection: the ORM layer costs more than the query here.
    return session.connection().execute(
        sa_select(
            col(Supplier.owner_id),
            col(Supplier.id),
            col(Supplier.name),
            col(Supplier.due_at),
            col(Supplier.last_touch_at),
        )
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.next_nudge_at) <= now)
        .where(col(Supplier.archived) == false())
        .order_by(col(Supplier.owner_id), col(Supplier.due_at))
        .execution_options(yield_per=2000)
    )


def due_contacts(session: Session, *, workspace_id: int, now: datetime) -> Iterable[tuple[Any, ...]]:
    """(owner, contact id, contact name, supplier id, supplier name, due_at, last_touch_at, interface, cadence days,
    fixed holder) of quiet key contacts who are still at the supplier."""
    # Core rows straight from the connection: the ORM layer costs more than the query here.
    return session.connection().execute(
        sa_select(
            col(Supplier.owner_id),
            col(Contact.id),
            col(Contact.name),
            col(Supplier.id),
            col(Supplier.name),
            col(Contact.due_at),
            col(Contact.last_touch_at),
            col(Contact.interface),
            col(Contact.cadence_days),
            col(Contact.holder_id),
        )
        .join(Supplier, col(Supplier.id) == col(Contact.supplier_id))
        .where(col(Contact.workspace_id) == workspace_id, col(Contact.next_nudge_at) <= now)
        .where(col(Supplier.archived) == false(), col(Contact.removed) == false(), col(Contact.left_at).is_(None))
        .order_by(col(Supplier.owner_id), col(Contact.due_at))
    )


def due_follow_ups(
    session: Session, *, workspace_id: int, latest_due: date, renudged_before: datetime
) -> Iterable[tuple[Any, ...]]:
    """(owner, id, text, due_date, supplier id, supplier name, snoozed_until, promise) of open follow-ups due by
    then."""
    # Core rows straight from the connection: the ORM layer costs more than the query here.
    return session.connection().execute(
        sa_select(
            col(FollowUp.owner_id),
            col(FollowUp.id),
            col(FollowUp.text),
            col(FollowUp.due_date),
            col(Supplier.id),
            col(Supplier.name),
            col(FollowUp.snoozed_until),
            col(FollowUp.promise),
        )
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .where(col(FollowUp.workspace_id) == workspace_id, col(FollowUp.status) == "open")
        .where(col(FollowUp.due_date) <= latest_due)
        .where(or_(col(FollowUp.last_nudged_at).is_(None), col(FollowUp.last_nudged_at) <= renudged_before))
        .where(col(Supplier.archived) == false())
        .order_by(col(FollowUp.owner_id), col(FollowUp.due_date))
    )


def time_zones_of(session: Session, *, workspace_id: int) -> dict[str, str | None]:
    """Every colleague's cached time zone, without loading whole rows."""
    rows = session.connection().execute(
        sa_select(col(Colleague.user_id), col(Colleague.tz)).where(col(Colleague.workspace_id) == workspace_id)
    )
    return {user_id: tz for user_id, tz in rows}  # noqa: C416 (a Result has keys(): dict() would misread it)


def colleagues_of(session: Session, *, workspace_id: int) -> dict[str, Colleague]:
    return {c.user_id: c for c in session.exec(select(Colleague).where(Colleague.workspace_id == workspace_id))}


def claim_delivery(
    session: Session, *, workspace_id: int, key: str, kind: str, recipient: str, now: datetime, lease_until: datetime
) -> Delivery | None:
    """Claims the delivery named `key`: new, or abandoned by a sender whose lease ran out. None: not ours to send."""
    inserted = insert_if_absent(
        session,
        Delivery,
        {
            "workspace_id": workspace_id,
            "key": key,
            "kind": kind,
            "recipient": recipient,
            "status": "claimed",
            "lease_until": lease_until,
            "attempts": 1,
            "created_at": now,
        },
        ["key"],
    )
    if not inserted:
        taken = session.connection().execute(
            update(Delivery)
            .where(col(Delivery.key) == key, col(Delivery.status) == "claimed", col(Delivery.lease_until) < now)
            .values(lease_until=lease_until, attempts=col(Delivery.attempts) + 1)
            .returning(col(Delivery.id))
        )
        if taken.first() is None:
            return None
    return session.exec(select(Delivery).where(Delivery.key == key)).one()


def mark_nudged(
    session: Session,
    *,
    workspace_id: int,
    table: type[Supplier] | type[Contact] | type[FollowUp],
    ids: Iterable[int],
    now: datetime,
) -> set[int]:
    """Stamps `last_nudged_at` on these rows of the workspace in one statement; returns the ids that exist."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    stamped = session.execute(
        update(table)
        .where(col(table.workspace_id) == workspace_id, col(table.id).in_(wanted))
        .values(last_nudged_at=now)
        .returning(col(table.id))
        .execution_options(synchronize_session="fetch")
    )
    return set(stamped.scalars().all())


def get_delivery(session: Session, *, workspace_id: int, delivery_id: int) -> Delivery | None:
    return session.exec(
        select(Delivery).where(Delivery.workspace_id == workspace_id, Delivery.id == delivery_id)
    ).first()


def suppliers_of_owner(session: Session, *, workspace_id: int, owner_id: str, limit: int) -> list[Supplier]:
    """The owner's active suppliers, those that need attention first (no cadence last)."""
    return list(
        session.exec(
            select(Supplier)
            .where(
                Supplier.workspace_id == workspace_id,
                Supplier.owner_id == owner_id,
                col(Supplier.archived).is_(False),
            )
            .order_by(col(Supplier.due_at).is_(None), col(Supplier.due_at), col(Supplier.name_key))
            .limit(limit)
        ).all()
    )
