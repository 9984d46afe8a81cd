"""Ties: colleague ↔ contact, derived from team-visible interactions."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from storage.models import Interaction, InteractionColleague, InteractionContact, Tie
from storage.queries.base import insert_if_absent


def bump_ties(
    session: Session,
    *,
    workspace_id: int,
    supplier_id: int,
    contact_ids: Sequence[int],
    user_ids: Sequence[str],
    at: datetime,
) -> None:
    """One more team-visible interaction between each colleague and each contact in it."""
    for contact_id in sorted(set(contact_ids)):
        for user_id in sorted(set(user_ids)):
            insert_if_absent(
                session,
                Tie,
                {
                    "contact_id": contact_id,
                    "user_id": user_id,
                    "workspace_id": workspace_id,
                    "supplier_id": supplier_id,
                    "interactions": 0,
                    "last_touch_at": at,
                },
                ["contact_id", "user_id"],
            )
            session.execute(
                update(Tie)
                .where(col(Tie.contact_id) == contact_id, col(Tie.user_id) == user_id)
                .values(
                    interactions=col(Tie.interactions) + 1,
                    last_touch_at=case((col(Tie.last_touch_at) < at, at), else_=col(Tie.last_touch_at)),
                )
            )


def rebuild_ties(session: Session, *, workspace_id: int, contact_ids: Sequence[int]) -> None:
    """Ties of these contacts recomputed from their team-visible interactions (after an undo)."""
    if not contact_ids:
        return
    session.execute(delete(Tie).where(col(Tie.workspace_id) == workspace_id, col(Tie.contact_id).in_(contact_ids)))
    aggregate = (
        sa_select(
            col(InteractionContact.contact_id),
            col(InteractionColleague.user_id),
            col(Interaction.supplier_id),
            func.count(),
            func.max(col(Interaction.occurred_at)),
        )
        .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
        .join(InteractionColleague, col(InteractionColleague.interaction_id) == col(Interaction.id))
        .where(col(Interaction.workspace_id) == workspace_id, col(Interaction.visibility) == "team")
        .where(col(InteractionContact.contact_id).in_(contact_ids))
        .group_by(
            col(InteractionContact.contact_id),
            col(InteractionColleague.user_id),
            col(Interaction.supplier_id),
        )
    )
    for contact_id, user_id, supplier_id, count, last in session.connection().execute(aggregate).all():
        session.add(
            Tie(
                contact_id=contact_id,
                user_id=user_id,
                workspace_id=workspace_id,
                supplier_id=supplier_id,
                interactions=count,
                last_touch_at=last,
            )
        )
