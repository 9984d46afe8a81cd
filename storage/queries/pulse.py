"""The customer-of-choice pulse: answers per supplier and side, asks, and the links suppliers open."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.models import PulseAnswer, PulseAsk, PulseLink, Supplier, Workspace


def pulse_answers_of(
    session: Session, *, workspace_id: int, supplier_ids: Sequence[int], side: str | None = None
) -> list[PulseAnswer]:
    """The answers about these suppliers (of one side, or both), oldest first."""
    if not supplier_ids:
        return []
    stmt = select(PulseAnswer).where(
        col(PulseAnswer.workspace_id) == workspace_id, col(PulseAnswer.supplier_id).in_(list(supplier_ids))
    )
    if side is not None:
        stmt = stmt.where(col(PulseAnswer.side) == side)
    return list(session.exec(stmt.order_by(col(PulseAnswer.answered_at), col(PulseAnswer.id))))


def get_pulse_answer(session: Session, *, workspace_id: int, answer_id: int) -> PulseAnswer | None:
    answer = session.get(PulseAnswer, answer_id)
    return answer if answer is not None and answer.workspace_id == workspace_id else None


def latest_pulse_answer_at(session: Session, *, workspace_id: int, supplier_id: int, side: str) -> datetime | None:
    stmt = select(func.max(PulseAnswer.answered_at)).where(
        col(PulseAnswer.workspace_id) == workspace_id,
        col(PulseAnswer.supplier_id) == supplier_id,
        col(PulseAnswer.side) == side,
    )
    latest: datetime | None = session.exec(stmt).first()
    return latest


def pulse_ask_facts(
    session: Session, *, workspace_id: int, supplier_id: int, user_id: str, side: str, kind: str
) -> tuple[datetime | None, datetime | None, datetime | None]:
    """In one statement: the supplier's latest answer from `side`, when anyone was last asked (of `kind`) about
    the supplier, and when this person was last asked about anything."""
    answered = select(func.max(PulseAnswer.answered_at)).where(
        col(PulseAnswer.workspace_id) == workspace_id,
        col(PulseAnswer.supplier_id) == supplier_id,
        col(PulseAnswer.side) == side,
    )
    asked = select(func.max(PulseAsk.asked_at)).where(
        col(PulseAsk.workspace_id) == workspace_id, PulseAsk.kind == kind, col(PulseAsk.supplier_id) == supplier_id
    )
    person = select(func.max(PulseAsk.asked_at)).where(
        col(PulseAsk.workspace_id) == workspace_id, PulseAsk.kind == kind, col(PulseAsk.user_id) == user_id
    )
    row = session.exec(select(answered.scalar_subquery(), asked.scalar_subquery(), person.scalar_subquery())).one()
    return row[0], row[1], row[2]


def pulse_asked(session: Session, *, workspace_id: int, supplier_id: int, user_id: str, at: datetime) -> bool:
    """Whether this person was asked the one tap about this supplier at that very moment (a note's confirmation)."""
    stmt = select(PulseAsk.id).where(
        col(PulseAsk.workspace_id) == workspace_id,
        col(PulseAsk.supplier_id) == supplier_id,
        col(PulseAsk.user_id) == user_id,
        col(PulseAsk.asked_at) == at,
    )
    return session.exec(stmt).first() is not None


def pulse_link_by_hash(session: Session, *, token_hash: str) -> PulseLink | None:
    """The link a token opens: the one lookup not scoped by workspace, since the token itself is the key."""
    return session.exec(select(PulseLink).where(col(PulseLink.token_hash) == token_hash)).first()


def revoke_pulse_links(session: Session, *, workspace_id: int, contact_id: int, at: datetime) -> int:
    """Revokes the contact's links still open: a new link replaces them."""
    stmt = (
        update(PulseLink)
        .where(
            col(PulseLink.workspace_id) == workspace_id,
            col(PulseLink.contact_id) == contact_id,
            col(PulseLink.revoked_at).is_(None),
            col(PulseLink.answered_at).is_(None),
        )
        .values(revoked_at=at)
    )
    return int(session.connection().execute(stmt).rowcount or 0)


def use_pulse_link(session: Session, *, link_id: int, at: datetime) -> bool:
    """Marks the link answered, once: True for the one request that did it (two submits racing: one wins)."""
    stmt = (
        update(PulseLink)
        .where(col(PulseLink.id) == link_id, col(PulseLink.answered_at).is_(None), col(PulseLink.revoked_at).is_(None))
        .values(answered_at=at)
        .returning(col(PulseLink.id))
    )
    return session.connection().execute(stmt).first() is not None


def strategic_suppliers_of_owner(session: Session, *, workspace_id: int, owner_id: str) -> list[Supplier]:
    stmt = select(Supplier).where(
        col(Supplier.workspace_id) == workspace_id,
        col(Supplier.owner_id) == owner_id,
        col(Supplier.segment) == "strategic",
        col(Supplier.archived).is_(False),
    )
    return list(session.exec(stmt.order_by(col(Supplier.name_key))))


def strategic_suppliers(session: Session, *, workspace_id: int) -> list[Supplier]:
    stmt = select(Supplier).where(
        col(Supplier.workspace_id) == workspace_id,
        col(Supplier.segment) == "strategic",
        col(Supplier.archived).is_(False),
    )
    return list(session.exec(stmt.order_by(col(Supplier.name_key))))


def pulse_quarter_claimed(session: Session, *, workspace_id: int, periods: Sequence[str]) -> set[tuple[str, str]]:
    """(user, period) of the owners who already had these quarters' Rate buttons."""
    stmt = select(PulseAsk.user_id, PulseAsk.period).where(
        col(PulseAsk.workspace_id) == workspace_id, PulseAsk.kind == "quarter", col(PulseAsk.period).in_(list(periods))
    )
    return {(user, period) for user, period in session.exec(stmt) if period is not None}


def workspaces_with_strategic(session: Session) -> list[Workspace]:
    """Workspaces with an active strategic supplier: the ones a quarter's Rate buttons may be owed in."""
    having = select(Supplier.workspace_id).where(Supplier.segment == "strategic", col(Supplier.archived).is_(False))
    return list(session.exec(select(Workspace).where(col(Workspace.id).in_(having)).order_by(col(Workspace.id))))
