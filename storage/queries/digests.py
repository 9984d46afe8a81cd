"""What a weekly digest says, aggregated in SQL."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import case, false, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.models import Colleague, Contact, FollowUp, Interaction, InteractionColleague, Supplier


def _filtered(stmt: Any, *, segment: str | None, owner_id: str | None) -> Any:
    if segment is not None:
        stmt = stmt.where(col(Supplier.segment) == segment)
    if owner_id is not None:
        stmt = stmt.where(col(Supplier.owner_id) == owner_id)
    return stmt


def week_numbers(
    session: Session,
    *,
    workspace_id: int,
    previous: datetime,
    start: datetime,
    end: datetime,
    segment: str | None,
    owner_id: str | None,
) -> tuple[int, int, int, int]:
    """(interactions, suppliers touched, colleagues active) in [start, end) and the interactions in [previous,
    start). Private notes count (in totals only).

    Two statements that read only indexes: the interactions are reached through their suppliers' ids (which scope
    them to the workspace), so (supplier_id, occurred_at) covers the counts; counted distinct over a join with the
    colleagues, the same took five times as long at 1M interactions.
    """
    suppliers = _filtered(
        sa_select(col(Supplier.id)).where(
            col(Supplier.workspace_id) == workspace_id, col(Supplier.archived) == false()
        ),
        segment=segment,
        owner_id=owner_id,
    )
    occurred = col(Interaction.occurred_at)
    this_week = occurred >= start
    counts = (
        sa_select(
            func.coalesce(func.sum(case((this_week, 1), else_=0)), 0),
            func.count(func.distinct(case((this_week, col(Interaction.supplier_id))))),
            func.coalesce(func.sum(case((this_week, 0), else_=1)), 0),
        )
        .where(col(Interaction.supplier_id).in_(suppliers))
        .where(occurred >= previous, occurred < end)
    )
    logged, touched, before = session.execute(counts).one()
    colleagues = (
        sa_select(func.count(func.distinct(col(InteractionColleague.user_id))))
        .select_from(Interaction)
        .join(InteractionColleague, col(InteractionColleague.interaction_id) == col(Interaction.id))
        .where(col(Interaction.supplier_id).in_(suppliers))
        .where(occurred >= start, occurred < end)
    )
    active = session.execute(colleagues).scalar_one()
    return int(logged), int(touched), int(active), int(before)


def digest_quiet(
    session: Session, *, workspace_id: int, now: datetime, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str, datetime]], int]:
    """(name, owner, due_at) of quiet suppliers, most overdue first, and the total."""
    base = (
        sa_select(col(Supplier.name), col(Supplier.owner_id), col(Supplier.due_at))
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.archived).is_(False))
        .where(col(Supplier.due_at) <= now)
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(Supplier.due_at)).limit(limit)).all()
    return [(r[0], r[1], r[2]) for r in rows], int(total)


def digest_quiet_contacts(
    session: Session, *, workspace_id: int, now: datetime, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str, str, datetime]], int]:
    """(contact, supplier, owner, due_at) of key contacts gone quiet at active suppliers, most overdue first, and
    the total."""
    base = (
        sa_select(col(Contact.name), col(Supplier.name), col(Supplier.owner_id), col(Contact.due_at))
        .join(Supplier, col(Supplier.id) == col(Contact.supplier_id))
        .where(col(Contact.workspace_id) == workspace_id, col(Contact.due_at) <= now)
        .where(col(Supplier.archived).is_(False), col(Contact.removed).is_(False), col(Contact.left_at).is_(None))
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(Contact.due_at), col(Contact.id)).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows], int(total)


def coverage_candidates(
    session: Session, *, workspace_id: int, segments: Sequence[str], segment: str | None, owner_id: str | None
) -> list[Supplier]:
    """Active suppliers of `segments` within the digest's filter (`segment`, `owner_id`), by name."""
    stmt = (
        select(Supplier)
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.archived) == false())
        .where(col(Supplier.segment).in_(list(segments)))
    )
    stmt = _filtered(stmt, segment=segment, owner_id=owner_id)
    return list(session.exec(stmt.order_by(col(Supplier.name_key))).all())


class SupplierRow(NamedTuple):
    """What a digest needs of a supplier (coverage, pulse news), without loading the whole row."""

    id: int
    name: str
    segment: str
    cadence_days: int | None


def active_supplier_rows(
    session: Session, *, workspace_id: int, segments: Sequence[str], segment: str | None, owner_id: str | None
) -> list[SupplierRow]:
    """Active suppliers of `segments` within a digest's filter, by name, as light rows: a digest reads thousands."""
    stmt = (
        sa_select(col(Supplier.id), col(Supplier.name), col(Supplier.segment), col(Supplier.cadence_days))
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.archived) == false())
        .where(col(Supplier.segment).in_(list(segments)))
    )
    stmt = _filtered(stmt, segment=segment, owner_id=owner_id)
    return [SupplierRow(*row) for row in session.execute(stmt.order_by(col(Supplier.name_key))).all()]


def overdue_follow_ups(
    session: Session, *, workspace_id: int, before: date, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str, date, str]], int]:
    """(supplier, text, due date, owner) of open follow-ups due before `before`; never from a private note."""
    private = sa_select(col(Interaction.id)).where(
        col(Interaction.workspace_id) == workspace_id, col(Interaction.visibility) == "private"
    )
    base = (
        sa_select(col(Supplier.name), col(FollowUp.text), col(FollowUp.due_date), col(FollowUp.owner_id))
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .where(col(FollowUp.workspace_id) == workspace_id, col(FollowUp.status) == "open")
        .where(col(FollowUp.due_date) < before, col(Supplier.archived).is_(False))
        .where(or_(col(FollowUp.interaction_id).is_(None), col(FollowUp.interaction_id).not_in(private)))
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(FollowUp.due_date)).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows], int(total)


def orphaned_suppliers(
    session: Session, *, workspace_id: int, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[tuple[str, str]], int]:
    """(supplier, former owner) of active suppliers whose owner has left Slack."""
    base = (
        sa_select(col(Supplier.name), col(Supplier.owner_id))
        .join(
            Colleague,
            (col(Colleague.workspace_id) == col(Supplier.workspace_id))
            & (col(Colleague.user_id) == col(Supplier.owner_id)),
        )
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.archived).is_(False))
        .where(col(Colleague.deleted).is_(True))
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    total = session.execute(sa_select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(base.order_by(col(Supplier.name_key)).limit(limit)).all()
    return [(r[0], r[1]) for r in rows], int(total)


def highlights(
    session: Session,
    *,
    workspace_id: int,
    segment: str,
    start: datetime,
    end: datetime,
    owner_id: str | None,
    limit: int,
) -> list[tuple[str, str, str, datetime]]:
    """(supplier, kind, summary, when) of the latest team-visible interactions with active suppliers of `segment`."""
    base = (
        sa_select(col(Supplier.name), col(Interaction.kind), col(Interaction.summary), col(Interaction.occurred_at))
        .join(Supplier, col(Supplier.id) == col(Interaction.supplier_id))
        .where(col(Interaction.workspace_id) == workspace_id, col(Interaction.visibility) == "team")
        .where(col(Interaction.occurred_at) >= start, col(Interaction.occurred_at) < end)
        .where(col(Supplier.archived).is_(False))
    )
    base = _filtered(base, segment=segment, owner_id=owner_id)
    rows = session.execute(base.order_by(col(Interaction.occurred_at).desc()).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]
