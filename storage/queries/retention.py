"""What retention removes: old note texts, follow-up texts, sent-nudge item texts and pulse comments. The rows stay
(dates, kinds, people, supplier); only their words go."""

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.models import Delivery, FollowUp, Interaction, PulseAnswer, Workspace


def workspaces_keeping_texts(session: Session) -> list[Workspace]:
    """Every workspace, for the tick's retention step (the audit log has a period in each)."""
    return list(session.exec(select(Workspace).order_by(col(Workspace.id))).all())


def clear_interaction_texts(session: Session, *, workspace_id: int, before: datetime, limit: int) -> list[int]:
    """Empties the summaries of at most `limit` interactions that happened before `before`; the ids emptied now
    (fewer than `limit`: none is left). Batches keep every statement far below PostgreSQL's 65,535 parameters."""
    ids = [
        i
        for i in session.exec(
            select(Interaction.id)
            .where(
                Interaction.workspace_id == workspace_id,
                col(Interaction.occurred_at) < before,
                Interaction.summary != "",
            )
            .order_by(col(Interaction.id))
            .limit(limit)
        ).all()
        if i is not None
    ]
    if ids:
        session.execute(update(Interaction).where(col(Interaction.id).in_(ids)).values(summary=""))
    return ids


def clear_follow_up_texts(session: Session, *, workspace_id: int, before: datetime, limit: int) -> list[int]:
    """Empties the texts of at most `limit` closed follow-ups created before `before` (an open one keeps its words
    until it is done); the ids emptied now (fewer than `limit`: none is left)."""
    ids = [
        f
        for f in session.exec(
            select(FollowUp.id)
            .where(
                FollowUp.workspace_id == workspace_id,
                col(FollowUp.created_at) < before,
                FollowUp.status != "open",
                FollowUp.text != "",
            )
            .order_by(col(FollowUp.id))
            .limit(limit)
        ).all()
        if f is not None
    ]
    if ids:
        session.execute(update(FollowUp).where(col(FollowUp.id).in_(ids)).values(text=""))
    return ids


def count_texts_before(session: Session, *, workspace_id: int, before: datetime) -> int:
    """How many note texts, closed follow-up texts and pulse comments retention would empty with this cutoff."""
    notes = session.exec(
        select(func.count())
        .select_from(Interaction)
        .where(
            Interaction.workspace_id == workspace_id, col(Interaction.occurred_at) < before, Interaction.summary != ""
        )
    ).one()
    follow_ups = session.exec(
        select(func.count())
        .select_from(FollowUp)
        .where(
            FollowUp.workspace_id == workspace_id,
            col(FollowUp.created_at) < before,
            FollowUp.status != "open",
            FollowUp.text != "",
        )
    ).one()
    comments = session.exec(
        select(func.count())
        .select_from(PulseAnswer)
        .where(
            col(PulseAnswer.workspace_id) == workspace_id,
            col(PulseAnswer.answered_at) < before,
            col(PulseAnswer.comment).is_not(None),
        )
    ).one()
    return int(notes) + int(follow_ups) + int(comments)


def deliveries_with_texts(session: Session, *, workspace_id: int, before: datetime) -> list[Delivery]:
    """Sent nudges from before `before` whose kept items still carry a text (as `_dump` writes it)."""
    return list(
        session.exec(
            select(Delivery).where(
                Delivery.workspace_id == workspace_id,
                col(Delivery.created_at) < before,
                col(Delivery.items).contains('"text": "'),
            )
        ).all()
    )


def clear_pulse_comments(session: Session, *, workspace_id: int, before: datetime) -> int:
    """Removes the comments of pulse answers given before `before`; how many."""
    result = session.execute(
        update(PulseAnswer)
        .where(
            col(PulseAnswer.workspace_id) == workspace_id,
            col(PulseAnswer.answered_at) < before,
            col(PulseAnswer.comment).is_not(None),
        )
        .values(comment=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
