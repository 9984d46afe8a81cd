"""Contacts: the people at a supplier."""

from collections.abc import Iterable, Sequence

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.models import Contact, ContactAlias, InteractionContact, Supplier


def contacts_of(
    session: Session, *, workspace_id: int, supplier_id: int, include_removed: bool = False
) -> list[Contact]:
    stmt = select(Contact).where(Contact.workspace_id == workspace_id, Contact.supplier_id == supplier_id)
    if not include_removed:
        stmt = stmt.where(col(Contact.removed).is_(False))
    return list(session.exec(stmt.order_by(col(Contact.name_key))).all())


def contact_by_key(session: Session, *, workspace_id: int, supplier_id: int, key: str) -> Contact | None:
    """The supplier's contact by that name, or else by an alias (the name of a duplicate merged into it)."""
    found = session.exec(
        select(Contact).where(
            Contact.workspace_id == workspace_id, Contact.supplier_id == supplier_id, Contact.name_key == key
        )
    ).first()
    if found is not None:
        return found
    return session.exec(
        select(Contact)
        .join(ContactAlias, col(ContactAlias.contact_id) == col(Contact.id))
        .where(
            ContactAlias.workspace_id == workspace_id, Contact.supplier_id == supplier_id, ContactAlias.alias_key == key
        )
    ).first()


def contacts_by_ids(
    session: Session, *, workspace_id: int, supplier_id: int, ids: Iterable[int], for_update: bool = False
) -> list[Contact]:
    """`for_update`: the rows locked until the transaction ends (SELECT … FOR UPDATE; SQLite ignores it)."""
    wanted = list(ids)
    if not wanted:
        return []
    stmt = select(Contact).where(
        Contact.workspace_id == workspace_id, Contact.supplier_id == supplier_id, col(Contact.id).in_(wanted)
    )
    return list(session.exec(stmt.with_for_update() if for_update else stmt).all())


def key_contacts_of_suppliers(session: Session, *, workspace_id: int, supplier_ids: Sequence[int]) -> list[Contact]:
    """Contacts with their own cadence (key contacts) of these suppliers."""
    return list(
        session.exec(
            select(Contact).where(
                Contact.workspace_id == workspace_id,
                col(Contact.supplier_id).in_(supplier_ids),
                col(Contact.cadence_days).is_not(None),
            )
        ).all()
    )


def key_contacts_of_workspace(session: Session, *, workspace_id: int) -> list[tuple[Contact, bool]]:
    """Every key contact of the workspace, with whether its supplier is archived."""
    return [
        (contact, archived)
        for contact, archived in session.exec(
            select(Contact, Supplier.archived)
            .join(Supplier, col(Supplier.id) == col(Contact.supplier_id))
            .where(Contact.workspace_id == workspace_id, col(Contact.cadence_days).is_not(None))
        )
    ]


def contacts_of_suppliers(session: Session, *, workspace_id: int, supplier_ids: Sequence[int]) -> list[Contact]:
    """The current contacts of several suppliers at once, by supplier then name."""
    if not supplier_ids:
        return []
    stmt = select(Contact).where(
        Contact.workspace_id == workspace_id,
        col(Contact.supplier_id).in_(supplier_ids),
        col(Contact.removed).is_(False),
    )
    return list(session.exec(stmt.order_by(col(Contact.supplier_id), col(Contact.name_key))).all())


def contact_rows_of_suppliers(
    session: Session, *, workspace_id: int, supplier_ids: Sequence[int]
) -> list[tuple[int, int, str, str, int | None, str | None, bool]]:
    """contacts_of_suppliers as light rows: (id, supplier, name, interface, cadence, role, left their company)."""
    if not supplier_ids:
        return []
    stmt = (
        sa_select(
            col(Contact.id),
            col(Contact.supplier_id),
            col(Contact.name),
            col(Contact.interface),
            col(Contact.cadence_days),
            col(Contact.role),
            col(Contact.left_at).is_not(None),
        )
        .where(col(Contact.workspace_id) == workspace_id, col(Contact.supplier_id).in_(supplier_ids))
        .where(col(Contact.removed).is_(False))
        .order_by(col(Contact.supplier_id), col(Contact.name_key))
    )
    return [(c, s, n, i, d, r, bool(gone)) for c, s, n, i, d, r, gone in session.execute(stmt).all()]


def contact_has_interactions(session: Session, *, contact_id: int) -> bool:
    """Whether any interaction names the contact (then deleting it would take it out of history)."""
    found = session.exec(
        select(InteractionContact.contact_id).where(InteractionContact.contact_id == contact_id).limit(1)
    ).first()
    return found is not None
