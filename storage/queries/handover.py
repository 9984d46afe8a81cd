"""Handovers: colleagues who just left Slack, the suppliers they touched, and notices already given."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Colleague, Delivery, Interaction, InteractionColleague
from storage.queries.base import insert_if_absent


def recent_leavers(session: Session, *, since: datetime, workspace_id: int | None = None) -> list[Colleague]:
    """Colleagues who left Slack at or after `since` and are still gone (one who came back needs no handover)."""
    stmt = select(Colleague).where(col(Colleague.left_at) >= since, col(Colleague.deleted).is_(True))
    if workspace_id is not None:
        stmt = stmt.where(Colleague.workspace_id == workspace_id)
    return list(session.exec(stmt.order_by(col(Colleague.workspace_id), col(Colleague.left_at))).all())


def suppliers_touched_by(session: Session, *, workspace_id: int, user_id: str) -> list[int]:
    """The suppliers of every interaction the colleague took part in (private notes too: only the fact is used)."""
    rows = session.exec(
        select(Interaction.supplier_id)
        .join(InteractionColleague, col(InteractionColleague.interaction_id) == col(Interaction.id))
        .where(Interaction.workspace_id == workspace_id, InteractionColleague.user_id == user_id)
        .distinct()
    ).all()
    return sorted(rows)


def delivered_keys(session: Session, *, workspace_id: int, keys: Sequence[str]) -> set[str]:
    """Which of these delivery keys are already in the log."""
    if not keys:
        return set()
    return set(
        session.exec(
            select(Delivery.key).where(Delivery.workspace_id == workspace_id, col(Delivery.key).in_(list(keys)))
        ).all()
    )


def record_sent(session: Session, *, workspace_id: int, key: str, kind: str, recipient: str, now: datetime) -> bool:
    """Logs something told to `recipient` inside another message (a line of a nudge), so it is told once."""
    values = {
        "workspace_id": workspace_id,
        "key": key,
        "kind": kind,
        "recipient": recipient,
        "status": "sent",
        "attempts": 1,
        "created_at": now,
        "sent_at": now,
    }
    return insert_if_absent(session, Delivery, values, ["key"])
