"""The lists people page through (`supplier list`, `quiet`, `followups`): one page of rows in a stable order, and how
many there are in all. The order ends on an id, so a row is never on two pages nor on none."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.models import Contact, FollowUp, Interaction, Supplier


def _count(session: Session, stmt: Any) -> int:
    return int(session.exec(select(func.count()).select_from(stmt.subquery())).one())


def supplier_page(
    session: Session,
    *,
    workspace_id: int,
    include_archived: bool,
    segment: str | None,
    owner_id: str | None,
    offset: int,
    limit: int,
) -> tuple[list[Supplier], int]:
    """Suppliers by name (archived ones last), optionally of one segment or one owner."""
    stmt: SelectOfScalar[Supplier] = select(Supplier).where(Supplier.workspace_id == workspace_id)
    if not include_archived:
        stmt = stmt.where(col(Supplier.archived).is_(False))
    if segment is not None:
        stmt = stmt.where(Supplier.segment == segment)
    if owner_id is not None:
        stmt = stmt.where(Supplier.owner_id == owner_id)
    ordered = stmt.order_by(col(Supplier.archived), col(Supplier.name_key), col(Supplier.id))
    return list(session.exec(ordered.offset(offset).limit(limit)).all()), _count(session, stmt)


def quiet_suppliers(
    session: Session, *, workspace_id: int, now: datetime, owner_id: str | None, limit: int
) -> tuple[list[Supplier], int]:
    """Active suppliers past their cadence, most overdue first (the first `limit`), and how many there are in all."""
    stmt = select(Supplier).where(
        Supplier.workspace_id == workspace_id, col(Supplier.archived).is_(False), col(Supplier.due_at) <= now
    )
    if owner_id is not None:
        stmt = stmt.where(Supplier.owner_id == owner_id)
    ordered = stmt.order_by(col(Supplier.due_at), col(Supplier.id))
    return list(session.exec(ordered.limit(limit)).all()), _count(session, stmt)


def quiet_contacts(
    session: Session, *, workspace_id: int, now: datetime, owner_id: str | None, limit: int
) -> tuple[list[tuple[Contact, Supplier]], int]:
    """Key contacts of active suppliers past their cadence, most overdue first, and how many there are in all."""
    stmt = (
        select(Contact, Supplier)
        .join(Supplier, col(Supplier.id) == col(Contact.supplier_id))
        .where(Contact.workspace_id == workspace_id, col(Contact.due_at) <= now)
        .where(col(Supplier.archived).is_(False), col(Contact.removed).is_(False), col(Contact.left_at).is_(None))
    )
    if owner_id is not None:
        stmt = stmt.where(Supplier.owner_id == owner_id)
    rows = session.exec(stmt.order_by(col(Contact.due_at), col(Contact.id)).limit(limit)).all()
    return [(c, s) for c, s in rows], _count(session, stmt)


def open_follow_ups(
    session: Session, *, workspace_id: int, owner_id: str | None, viewer_id: str, offset: int, limit: int
) -> tuple[list[tuple[FollowUp, Supplier]], int]:
    """Open follow-ups, earliest due first: one owner's, or the team's. A follow-up from someone else's private note
    is left out of what the viewer sees — its text is that note's."""
    stmt = (
        select(FollowUp, Supplier)
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .outerjoin(Interaction, col(Interaction.id) == col(FollowUp.interaction_id))
        .where(FollowUp.workspace_id == workspace_id, FollowUp.status == "open")
        .where(
            or_(
                col(Interaction.id).is_(None),
                col(Interaction.visibility) != "private",
                col(Interaction.logged_by) == viewer_id,
                col(FollowUp.owner_id) == viewer_id,
            )
        )
    )
    if owner_id is not None:
        stmt = stmt.where(FollowUp.owner_id == owner_id)
    ordered = stmt.order_by(col(FollowUp.due_date), col(FollowUp.id))
    rows = session.exec(ordered.offset(offset).limit(limit)).all()
    return [(f, s) for f, s in rows], _count(session, stmt)
