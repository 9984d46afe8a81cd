"""Bulk reads and writes for `covalis import`: a workspace's names and history loaded once, participants inserted
many at a time, so a file of 100,000 interactions is a few statements per thousand rows, not one per row."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.models import (
    Contact,
    DigestSubscription,
    Interaction,
    InteractionColleague,
    InteractionContact,
    Supplier,
    SupplierAlias,
)

BATCH = 5000


def contacts_of_workspace(session: Session, *, workspace_id: int) -> list[Contact]:
    """Every contact of the workspace, removed ones too (an import brings a removed contact back, never a twin)."""
    return list(session.exec(select(Contact).where(Contact.workspace_id == workspace_id)).all())


def interaction_identities(
    session: Session, *, workspace_id: int
) -> list[tuple[int, int, datetime, str, str, str | None]]:
    """(id, supplier id, occurred at, kind, summary, external id) of every interaction of the workspace."""
    statement = sa_select(
        col(Interaction.id),
        col(Interaction.supplier_id),
        col(Interaction.occurred_at),
        col(Interaction.kind),
        col(Interaction.summary),
        col(Interaction.external_id),
    ).where(col(Interaction.workspace_id) == workspace_id)
    return [(i, s, o, k, t, e) for i, s, o, k, t, e in session.execute(statement)]


def participants_of_workspace(
    session: Session, *, workspace_id: int
) -> tuple[dict[int, set[int]], dict[int, set[str]]]:
    """Each interaction's contact ids and colleague ids, for the whole workspace in two queries."""
    contacts: dict[int, set[int]] = {}
    colleagues: dict[int, set[str]] = {}
    in_workspace = select(Interaction.id).where(Interaction.workspace_id == workspace_id)
    for interaction_id, contact_id in session.exec(
        select(InteractionContact.interaction_id, InteractionContact.contact_id).where(
            col(InteractionContact.interaction_id).in_(in_workspace)
        )
    ):
        contacts.setdefault(interaction_id, set()).add(contact_id)
    for interaction_id, user_id in session.exec(
        select(InteractionColleague.interaction_id, InteractionColleague.user_id).where(
            col(InteractionColleague.interaction_id).in_(in_workspace)
        )
    ):
        colleagues.setdefault(interaction_id, set()).add(user_id)
    return contacts, colleagues


def insert_interactions(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Inserts interactions (column values as dicts) and returns their new ids, in order."""
    table = Interaction.__table__  # type: ignore[attr-defined]
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        result = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk)
        ids += [row[0] for row in result]
    return ids


def insert_participants(
    session: Session, *, contacts: Iterable[tuple[int, int]], colleagues: Iterable[tuple[int, str]]
) -> None:
    """(interaction id, contact id) and (interaction id, user id) pairs, inserted many at a time."""
    contact_rows = [{"interaction_id": i, "contact_id": c} for i, c in contacts]
    colleague_rows = [{"interaction_id": i, "user_id": u} for i, u in colleagues]
    contact_table: Table = InteractionContact.__table__  # type: ignore[attr-defined]
    colleague_table: Table = InteractionColleague.__table__  # type: ignore[attr-defined]
    for table, rows in ((contact_table, contact_rows), (colleague_table, colleague_rows)):
        for start in range(0, len(rows), BATCH):
            session.execute(insert(table), rows[start : start + BATCH])


def clear_participants(session: Session, *, interaction_id: int) -> None:
    session.execute(delete(InteractionContact).where(col(InteractionContact.interaction_id) == interaction_id))
    session.execute(delete(InteractionColleague).where(col(InteractionColleague.interaction_id) == interaction_id))


def delete_aliases(session: Session, *, workspace_id: int, supplier_id: int) -> None:
    session.execute(
        delete(SupplierAlias).where(
            col(SupplierAlias.workspace_id) == workspace_id, col(SupplierAlias.supplier_id) == supplier_id
        )
    )


def workspace_has_data(session: Session, *, workspace_id: int) -> bool:
    """True when the workspace holds a supplier or a digest subscription: a restore goes only into an empty one
    (colleagues Slack's member list brought in are not data: their settings are restored onto them)."""
    for model in (Supplier, DigestSubscription):
        statement = select(model.id).where(model.workspace_id == workspace_id).limit(1)
        if session.exec(statement).first() is not None:
            return True
    return False
