"""Promises to suppliers: the follow-ups marked as one, with whose private note (if any) each came from."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import false, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.models import FollowUp, Interaction, Supplier


def _with_privacy(stmt: Any) -> Any:
    """The author of the private note a row came from (None: a team note, or none at all)."""
    return stmt.outerjoin(
        Interaction,
        (col(Interaction.id) == col(FollowUp.interaction_id)) & (col(Interaction.visibility) == "private"),
    )


def promises_of_supplier(
    session: Session, *, workspace_id: int, supplier_id: int, due_from: date | None = None
) -> list[tuple[FollowUp, str | None]]:
    """The supplier's promises due from `due_from` on (all when None), earliest due first, each with the author of
    the private note it came from."""
    stmt = _with_privacy(sa_select(FollowUp, col(Interaction.logged_by))).where(
        col(FollowUp.workspace_id) == workspace_id,
        col(FollowUp.supplier_id) == supplier_id,
        col(FollowUp.promise).is_(True),
    )
    if due_from is not None:
        stmt = stmt.where(col(FollowUp.due_date) >= due_from)
    rows = session.execute(stmt.order_by(col(FollowUp.due_date), col(FollowUp.id))).all()
    return [(row[0], row[1]) for row in rows]


def promises_due_between(
    session: Session, *, workspace_id: int, segments: Sequence[str], due_from: date, due_to: date, owner_id: str | None
) -> list[tuple[FollowUp, Supplier, str | None]]:
    """Promises due in [due_from, due_to] at active suppliers of these segments, with the private note's author."""
    stmt = (
        _with_privacy(sa_select(FollowUp, Supplier, col(Interaction.logged_by)))
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .where(col(FollowUp.workspace_id) == workspace_id, col(FollowUp.promise).is_(True))
        .where(col(FollowUp.due_date) >= due_from, col(FollowUp.due_date) <= due_to)
        .where(col(Supplier.segment).in_(list(segments)), col(Supplier.archived) == false())
    )
    if owner_id is not None:
        stmt = stmt.where(col(Supplier.owner_id) == owner_id)
    rows = session.execute(stmt.order_by(col(FollowUp.due_date), col(FollowUp.id))).all()
    return [(row[0], row[1], row[2]) for row in rows]


def untold_open_promises(session: Session, *, workspace_id: int, due_before: date) -> list[tuple[Any, ...]]:
    """(owner, id, text, due_date, supplier id, supplier name, snoozed_until) of open promises due before that day
    whose owner has not been told they count as missed: the candidates for the one line that says so."""
    rows = session.connection().execute(
        sa_select(
            col(FollowUp.owner_id),
            col(FollowUp.id),
            col(FollowUp.text),
            col(FollowUp.due_date),
            col(Supplier.id),
            col(Supplier.name),
            col(FollowUp.snoozed_until),
        )
        .join(Supplier, col(Supplier.id) == col(FollowUp.supplier_id))
        .where(col(FollowUp.workspace_id) == workspace_id, col(FollowUp.status) == "open")
        .where(col(FollowUp.promise).is_(True), col(FollowUp.missed_told_at).is_(None))
        .where(col(FollowUp.due_date) < due_before, col(Supplier.archived) == false())
        .order_by(col(FollowUp.owner_id), col(FollowUp.due_date))
    )
    return [tuple(row) for row in rows]


def mark_missed_told(session: Session, *, workspace_id: int, ids: Sequence[int], now: datetime) -> None:
    """The owners of these promises have been told they count as missed."""
    if ids:
        session.execute(
            update(FollowUp)
            .where(col(FollowUp.workspace_id) == workspace_id, col(FollowUp.id).in_(sorted(set(ids))))
            .values(missed_told_at=now)
            .execution_options(synchronize_session="fetch")
        )


def follow_up_of_interaction(session: Session, *, workspace_id: int, interaction_id: int) -> FollowUp | None:
    """The follow-up a note made (a note makes one at most)."""
    return session.exec(
        select(FollowUp)
        .where(FollowUp.workspace_id == workspace_id, FollowUp.interaction_id == interaction_id)
        .order_by(col(FollowUp.id))
    ).first()
