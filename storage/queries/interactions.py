"""Interactions, their participants, and the last touch they move."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from storage.models import Contact, FollowUp, Interaction, InteractionColleague, InteractionContact, Supplier


def add_participants(
    session: Session, *, interaction_id: int, contact_ids: Iterable[int], colleague_ids: Iterable[str]
) -> None:
    for contact_id in sorted(set(contact_ids)):
        session.add(InteractionContact(interaction_id=interaction_id, contact_id=contact_id))
    for user_id in sorted(set(colleague_ids)):
        session.add(InteractionColleague(interaction_id=interaction_id, user_id=user_id))


def get_interaction(session: Session, *, workspace_id: int, interaction_id: int) -> Interaction | None:
    return session.exec(
        select(Interaction).where(Interaction.workspace_id == workspace_id, Interaction.id == interaction_id)
    ).first()


def latest_interaction_time(session: Session, *, workspace_id: int, supplier_id: int) -> datetime | None:
    return session.exec(
        select(func.max(Interaction.occurred_at)).where(
            Interaction.workspace_id == workspace_id, Interaction.supplier_id == supplier_id
        )
    ).one()


def move_last_touch_forward(session: Session, *, workspace_id: int, supplier_id: int, at: datetime) -> None:
    """The last touch only moves forward: a back-dated interaction never makes it older. Rows the session holds are
    left as they were (no evaluation of the criteria in Python): the caller expires them."""
    session.execute(
        update(Supplier)
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.id) == supplier_id)
        .where(or_(col(Supplier.last_touch_at).is_(None), col(Supplier.last_touch_at) < at))
        .values(last_touch_at=at)
        .execution_options(synchronize_session=False)
    )


def recompute_last_touch(session: Session, *, workspace_id: int, supplier_id: int) -> None:
    latest = latest_interaction_time(session, workspace_id=workspace_id, supplier_id=supplier_id)
    session.execute(
        update(Supplier)
        .where(col(Supplier.workspace_id) == workspace_id, col(Supplier.id) == supplier_id)
        .values(last_touch_at=latest)
    )


def move_contacts_touch_forward(
    session: Session, *, workspace_id: int, contact_ids: Sequence[int], at: datetime
) -> None:
    if not contact_ids:
        return
    session.execute(
        update(Contact)
        .where(col(Contact.workspace_id) == workspace_id, col(Contact.id).in_(contact_ids))
        .where(or_(col(Contact.last_touch_at).is_(None), col(Contact.last_touch_at) < at))
        .values(last_touch_at=at)
        .execution_options(synchronize_session=False)
    )


def recompute_contacts_touch(session: Session, *, workspace_id: int, contact_ids: Sequence[int]) -> None:
    """Each contact's last touch recomputed from the interactions left (after an undo)."""
    for contact_id in contact_ids:
        latest = session.exec(
            select(func.max(Interaction.occurred_at))
            .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
            .where(Interaction.workspace_id == workspace_id, InteractionContact.contact_id == contact_id)
        ).one()
        session.execute(
            update(Contact)
            .where(col(Contact.workspace_id) == workspace_id, col(Contact.id) == contact_id)
            .values(last_touch_at=latest)
        )


def contact_ids_of_interaction(session: Session, *, interaction_id: int) -> list[int]:
    return list(
        session.exec(select(InteractionContact.contact_id).where(InteractionContact.interaction_id == interaction_id))
    )


def delete_interaction(session: Session, *, workspace_id: int, interaction_id: int) -> None:
    """Deletes the interaction with its participants and the follow-ups it created."""
    session.execute(delete(FollowUp).where(col(FollowUp.interaction_id) == interaction_id))
    session.execute(delete(InteractionContact).where(col(InteractionContact.interaction_id) == interaction_id))
    session.execute(delete(InteractionColleague).where(col(InteractionColleague.interaction_id) == interaction_id))
    session.execute(
        delete(Interaction).where(col(Interaction.workspace_id) == workspace_id, col(Interaction.id) == interaction_id)
    )


def visible_interactions(
    session: Session, *, workspace_id: int, supplier_id: int, viewer_id: str, limit: int
) -> list[Interaction]:
    """Team-visible interactions plus the viewer's own private ones, newest first."""
    rows, _ = visible_interactions_page(
        session, workspace_id=workspace_id, supplier_id=supplier_id, viewer_id=viewer_id, offset=0, limit=limit
    )
    return rows


def visible_interactions_page(
    session: Session,
    *,
    workspace_id: int,
    supplier_id: int,
    viewer_id: str,
    contact_id: int | None = None,
    offset: int,
    limit: int,
    count: bool = False,
) -> tuple[list[Interaction], int]:
    """One page of what the viewer may see of a supplier (team notes and their own private ones), newest first,
    optionally only those a contact took part in; with how many there are in all when `count` is asked."""
    conditions = [
        col(Interaction.workspace_id) == workspace_id,
        col(Interaction.supplier_id) == supplier_id,
        or_(col(Interaction.visibility) == "team", col(Interaction.logged_by) == viewer_id),
    ]
    if contact_id is not None:
        conditions.append(
            col(Interaction.id).in_(
                select(InteractionContact.interaction_id).where(InteractionContact.contact_id == contact_id)
            )
        )
    rows = list(
        session.exec(
            select(Interaction)
            .where(*conditions)
            .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
    )
    total = session.exec(select(func.count()).select_from(Interaction).where(*conditions)).one() if count else 0
    return rows, int(total)


def interaction_times(
    session: Session, *, workspace_id: int, supplier_id: int, since: datetime, until: datetime, viewer_id: str
) -> list[datetime]:
    """When each interaction the viewer may see (team notes and their own private ones) happened in (since, until]."""
    return list(
        session.exec(
            select(Interaction.occurred_at)
            .where(col(Interaction.workspace_id) == workspace_id, col(Interaction.supplier_id) == supplier_id)
            .where(or_(col(Interaction.visibility) == "team", col(Interaction.logged_by) == viewer_id))
            .where(col(Interaction.occurred_at) > since, col(Interaction.occurred_at) <= until)
            .order_by(col(Interaction.occurred_at))
        ).all()
    )


def participants_of(
    session: Session, *, interaction_ids: Sequence[int]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Contact names and colleague ids per interaction, in two queries rather than one per row."""
    contacts: dict[int, list[str]] = {i: [] for i in interaction_ids}
    colleagues: dict[int, list[str]] = {i: [] for i in interaction_ids}
    if not interaction_ids:
        return contacts, colleagues
    for interaction_id, name in session.exec(
        select(InteractionContact.interaction_id, Contact.name)
        .join(Contact, col(Contact.id) == col(InteractionContact.contact_id))
        .where(col(InteractionContact.interaction_id).in_(interaction_ids))
        .order_by(col(Contact.name_key))
    ).all():
        contacts[interaction_id].append(name)
    for interaction_id, user_id in session.exec(
        select(InteractionColleague.interaction_id, InteractionColleague.user_id)
        .where(col(InteractionColleague.interaction_id).in_(interaction_ids))
        .order_by(col(InteractionColleague.user_id))
    ).all():
        colleagues[interaction_id].append(user_id)
    return contacts, colleagues


def participant_ids_of(
    session: Session, *, interaction_ids: Sequence[int]
) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    """Contact ids and colleague ids per interaction, in two queries rather than one per row."""
    contacts: dict[int, list[int]] = {i: [] for i in interaction_ids}
    colleagues: dict[int, list[str]] = {i: [] for i in interaction_ids}
    for interaction_id, contact_id in session.exec(
        select(InteractionContact.interaction_id, InteractionContact.contact_id)
        .where(col(InteractionContact.interaction_id).in_(interaction_ids))
        .order_by(col(InteractionContact.contact_id))
    ):
        contacts[interaction_id].append(contact_id)
    for interaction_id, user_id in session.exec(
        select(InteractionColleague.interaction_id, InteractionColleague.user_id)
        .where(col(InteractionColleague.interaction_id).in_(interaction_ids))
        .order_by(col(InteractionColleague.user_id))
    ):
        colleagues[interaction_id].append(user_id)
    return contacts, colleagues


def replace_participants(
    session: Session, *, interaction_id: int, contact_ids: Iterable[int], colleague_ids: Iterable[str]
) -> None:
    """An edited note's people: the old ones out, the new ones in."""
    session.execute(delete(InteractionContact).where(col(InteractionContact.interaction_id) == interaction_id))
    session.execute(delete(InteractionColleague).where(col(InteractionColleague.interaction_id) == interaction_id))
    add_participants(session, interaction_id=interaction_id, contact_ids=contact_ids, colleague_ids=colleague_ids)


def move_follow_ups(session: Session, *, interaction_id: int, supplier_id: int) -> None:
    """A note moved to another supplier takes its follow-ups along."""
    session.execute(
        update(FollowUp).where(col(FollowUp.interaction_id) == interaction_id).values(supplier_id=supplier_id)
    )
