"""Commands waiting on a question, and Slack event ids already seen."""

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import PendingCommand, ProcessedEvent
from storage.queries.base import insert_if_absent


def take_pending(session: Session, *, workspace_id: int, pending_id: int, user_id: str) -> PendingCommand | None:
    pending = session.exec(
        select(PendingCommand).where(
            PendingCommand.workspace_id == workspace_id,
            PendingCommand.id == pending_id,
            PendingCommand.user_id == user_id,
        )
    ).first()
    if pending is not None:
        session.delete(pending)
    return pending


def get_pending(session: Session, *, workspace_id: int, pending_id: int, user_id: str) -> PendingCommand | None:
    return session.exec(
        select(PendingCommand).where(
            PendingCommand.workspace_id == workspace_id,
            PendingCommand.id == pending_id,
            PendingCommand.user_id == user_id,
        )
    ).first()


def delete_pending_before(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(PendingCommand).where(col(PendingCommand.created_at) < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


def delete_events_before(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < before))
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim_event(session: Session, *, event_id: str, now: datetime) -> bool:
    """True for the first copy of an event; Slack's retries of it get False."""
    return insert_if_absent(session, ProcessedEvent, {"event_id": event_id, "received_at": now}, ["event_id"])


def forget_event(session: Session, *, event_id: str) -> None:
    """Lets a claim made with `claim_event` be made again (the work it stood for failed)."""
    session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.event_id) == event_id))
