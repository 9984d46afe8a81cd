"""Merging duplicates and forgetting people: moving a supplier's or a contact's rows onto another, and reading and
rewriting text columns. Which rows and columns, and what the new text is, the services decide."""

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, update
from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    AuditEntry,
    Colleague,
    Contact,
    ContactAlias,
    Delivery,
    FollowUp,
    Interaction,
    InteractionColleague,
    InteractionContact,
    PulseAnswer,
    PulseAsk,
    PulseLink,
    SearchEntry,
    Supplier,
    SupplierAlias,
)


def _count(session: Session, stmt: Any) -> int:
    return int(session.exec(stmt).one())


def supplier_row_counts(session: Session, *, workspace_id: int, supplier_id: int) -> dict[str, int]:
    """How many of a supplier's rows of each kind there are (what a merge moves)."""

    def count(model: Any, *more: Any) -> int:
        return _count(
            session,
            select(func.count()).where(model.workspace_id == workspace_id, model.supplier_id == supplier_id, *more),
        )

    return {
        "interactions": count(Interaction),
        "contacts": count(Contact, col(Contact.removed).is_(False)),
        "follow_ups": count(FollowUp),
        "pulse_answers": count(PulseAnswer),
        "aliases": count(SupplierAlias),
    }


def contact_row_counts(session: Session, *, contact_id: int) -> dict[str, int]:
    """How many interactions a contact took part in, the follow-ups of those, and the pulse answers they gave."""
    interactions = select(InteractionContact.interaction_id).where(InteractionContact.contact_id == contact_id)
    return {
        "interactions": _count(session, select(func.count()).select_from(interactions.subquery())),
        "follow_ups": _count(
            session, select(func.count()).where(col(FollowUp.interaction_id).in_(interactions.scalar_subquery()))
        ),
        "pulse_answers": _count(session, select(func.count()).where(PulseAnswer.contact_id == contact_id)),
    }


def move_supplier_rows(session: Session, *, workspace_id: int, from_id: int, to_id: int) -> None:
    """Every row that hangs off one supplier moved to another (contacts are the caller's: they may collide); its
    audit entries too, so the kept supplier's log tells its whole story."""
    for model in (Interaction, FollowUp, PulseLink, PulseAnswer, PulseAsk, SupplierAlias, SearchEntry, AuditEntry):
        table: Any = model
        session.execute(
            update(model)
            .where(col(table.workspace_id) == workspace_id, col(table.supplier_id) == from_id)
            .values(supplier_id=to_id)
        )


def move_contacts(session: Session, *, workspace_id: int, contact_ids: Sequence[int], supplier_id: int) -> None:
    if contact_ids:
        session.execute(
            update(Contact)
            .where(col(Contact.workspace_id) == workspace_id, col(Contact.id).in_(list(contact_ids)))
            .values(supplier_id=supplier_id)
        )


def interaction_ids_of_contact(session: Session, *, contact_id: int) -> list[int]:
    return list(
        session.exec(select(InteractionContact.interaction_id).where(InteractionContact.contact_id == contact_id))
    )


def interaction_ids_of_supplier(session: Session, *, workspace_id: int, supplier_id: int) -> list[int]:
    return [
        i
        for i in session.exec(
            select(Interaction.id).where(
                Interaction.workspace_id == workspace_id, Interaction.supplier_id == supplier_id
            )
        )
        if i is not None
    ]


def follow_up_ids_of_supplier(session: Session, *, workspace_id: int, supplier_id: int) -> list[int]:
    return [
        f
        for f in session.exec(
            select(FollowUp.id).where(FollowUp.workspace_id == workspace_id, FollowUp.supplier_id == supplier_id)
        )
        if f is not None
    ]


def interaction_ids_of_colleague(session: Session, *, workspace_id: int, user_id: str) -> list[int]:
    """The interactions a colleague logged or took part in."""
    logged = select(Interaction.id).where(Interaction.workspace_id == workspace_id, Interaction.logged_by == user_id)
    joined = (
        select(InteractionColleague.interaction_id)
        .join(Interaction, col(Interaction.id) == col(InteractionColleague.interaction_id))
        .where(Interaction.workspace_id == workspace_id, InteractionColleague.user_id == user_id)
    )
    return sorted({i for i in session.exec(logged) if i is not None} | set(session.exec(joined)))


def follow_up_ids_of_owner(session: Session, *, workspace_id: int, user_id: str) -> list[int]:
    stmt = select(FollowUp.id).where(FollowUp.workspace_id == workspace_id, FollowUp.owner_id == user_id)
    return [f for f in session.exec(stmt) if f is not None]


def follow_up_ids_of_interactions(session: Session, *, interaction_ids: Sequence[int]) -> list[int]:
    if not interaction_ids:
        return []
    return [
        f
        for f in session.exec(select(FollowUp.id).where(col(FollowUp.interaction_id).in_(list(interaction_ids))))
        if f is not None
    ]


def move_contact_rows(session: Session, *, from_id: int, to_id: int) -> None:
    """Everything that names one contact made to name another: the interactions they took part in (once each),
    pulse links and answers, and their aliases (a name the other already has is dropped)."""
    both = set(session.exec(select(InteractionContact.interaction_id).where(InteractionContact.contact_id == to_id)))
    for interaction_id in interaction_ids_of_contact(session, contact_id=from_id):
        if interaction_id not in both:
            session.add(InteractionContact(interaction_id=interaction_id, contact_id=to_id))
    session.flush()
    session.execute(delete(InteractionContact).where(col(InteractionContact.contact_id) == from_id))
    session.execute(update(PulseLink).where(col(PulseLink.contact_id) == from_id).values(contact_id=to_id))
    session.execute(update(PulseAnswer).where(col(PulseAnswer.contact_id) == from_id).values(contact_id=to_id))
    kept = set(session.exec(select(ContactAlias.alias_key).where(ContactAlias.contact_id == to_id)))
    for alias in session.exec(select(ContactAlias).where(ContactAlias.contact_id == from_id)).all():
        if alias.alias_key in kept:
            session.delete(alias)
        else:
            alias.contact_id = to_id
            kept.add(alias.alias_key)
            session.add(alias)


def contact_aliases_of(session: Session, *, contact_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if contact_ids:
        for contact_id, alias in session.exec(
            select(ContactAlias.contact_id, ContactAlias.alias)
            .where(col(ContactAlias.contact_id).in_(list(contact_ids)))
            .order_by(col(ContactAlias.id))
        ):
            found.setdefault(contact_id, []).append(alias)
    return found


def delete_contact_aliases(session: Session, *, contact_id: int) -> None:
    session.execute(delete(ContactAlias).where(col(ContactAlias.contact_id) == contact_id))


def deliveries_with_items(session: Session, *, workspace_id: int) -> list[Delivery]:
    return list(
        session.exec(
            select(Delivery).where(Delivery.workspace_id == workspace_id, col(Delivery.items).is_not(None))
        ).all()
    )


def text_rows(
    session: Session, model: type[SQLModel], column: str, *, workspace_id: int, batch: int = 1000
) -> Iterator[tuple[int, str]]:
    """(id, text) of every row of the workspace with a text in that column, read `batch` rows at a time in id order
    (each batch read whole, so the caller may rewrite rows it was given)."""
    table: Any = model
    after = 0
    while True:
        stmt = (
            select(table.id, getattr(table, column))
            .where(
                col(table.workspace_id) == workspace_id,
                col(getattr(table, column)).is_not(None),
                col(table.id) > after,
            )
            .order_by(col(table.id))
            .limit(batch)
        )
        rows = list(session.exec(stmt))
        yield from ((row_id, text) for row_id, text in rows if text)
        if len(rows) < batch:
            return
        after = rows[-1][0]


def names_of_workspace(session: Session, *, workspace_id: int) -> list[tuple[str, str]]:
    """(who, name) of every name the workspace knows: contacts (`contact:<id>`) and their aliases, colleagues
    (`colleague:<user id>`), suppliers and their aliases (`supplier`)."""
    found: list[tuple[str, str]] = []
    for contact_id, name in session.exec(select(Contact.id, Contact.name).where(Contact.workspace_id == workspace_id)):
        found.append((f"contact:{contact_id}", name))
    for contact_id, alias in session.exec(
        select(ContactAlias.contact_id, ContactAlias.alias).where(ContactAlias.workspace_id == workspace_id)
    ):
        found.append((f"contact:{contact_id}", alias))
    for user_id, display_name in session.exec(
        select(Colleague.user_id, Colleague.display_name).where(Colleague.workspace_id == workspace_id)
    ):
        if display_name:
            found.append((f"colleague:{user_id}", display_name))
    names = session.exec(select(Supplier.name).where(Supplier.workspace_id == workspace_id))
    found += [("supplier", name) for name in names]
    found += [
        ("supplier", alias)
        for alias in session.exec(select(SupplierAlias.alias).where(SupplierAlias.workspace_id == workspace_id))
    ]
    return found


def set_texts(session: Session, model: type[SQLModel], column: str, rows: Sequence[tuple[int, str]]) -> None:
    """(id, new text) of rows of that table, written in one statement (executemany)."""
    if not rows:
        return
    table: Any = model.__table__  # type: ignore[attr-defined]
    stmt = update(table).where(table.c.id == bindparam("row_id")).values({column: bindparam("new_text")})
    session.connection().execute(stmt, [{"row_id": row_id, "new_text": text} for row_id, text in rows])
