"""Follow-ups as a supplier card shows them."""

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage.models import FollowUp, Interaction


def open_follow_ups_of_supplier(
    session: Session, *, workspace_id: int, supplier_id: int, viewer_id: str
) -> list[FollowUp]:
    """Open follow-ups of a supplier; those from someone's private note only for their author."""
    private_other = (
        select(Interaction.id)
        .where(Interaction.supplier_id == supplier_id, Interaction.visibility == "private")
        .where(Interaction.logged_by != viewer_id)
    )
    return list(
        session.exec(
            select(FollowUp)
            .where(
                FollowUp.workspace_id == workspace_id, FollowUp.supplier_id == supplier_id, FollowUp.status == "open"
            )
            .where(or_(col(FollowUp.interaction_id).is_(None), col(FollowUp.interaction_id).not_in(private_other)))
            .order_by(col(FollowUp.due_date), col(FollowUp.id))
        ).all()
    )


def get_follow_up(session: Session, *, workspace_id: int, follow_up_id: int) -> FollowUp | None:
    return session.exec(
        select(FollowUp).where(FollowUp.workspace_id == workspace_id, FollowUp.id == follow_up_id)
    ).first()
