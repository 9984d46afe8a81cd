"""A workspace's records in a stable order, streamed in batches, for `covalis export`."""

from collections.abc import Iterator
from typing import Any

from sqlmodel import Session, col, select

from storage.models import (
    AuditEntry,
    Colleague,
    Contact,
    DigestSubscription,
    FollowUp,
    Interaction,
    PulseAnswer,
    PulseLink,
    Supplier,
    SupplierAlias,
)


def _records_statement(record_type: str, workspace_id: int) -> Any:
    if record_type == "suppliers":
        return select(Supplier).where(Supplier.workspace_id == workspace_id).order_by(col(Supplier.id))
    if record_type == "contacts":
        return select(Contact).where(Contact.workspace_id == workspace_id).order_by(col(Contact.id))
    if record_type == "interactions":
        return select(Interaction).where(Interaction.workspace_id == workspace_id).order_by(col(Interaction.id))
    if record_type == "follow_ups":
        return select(FollowUp).where(FollowUp.workspace_id == workspace_id).order_by(col(FollowUp.id))
    if record_type == "digest_subscriptions":
        return (
            select(DigestSubscription)
            .where(DigestSubscription.workspace_id == workspace_id)
            .order_by(col(DigestSubscription.id))
        )
    if record_type == "pulse_links":
        return select(PulseLink).where(PulseLink.workspace_id == workspace_id).order_by(col(PulseLink.id))
    if record_type == "pulse_answers":
        return select(PulseAnswer).where(PulseAnswer.workspace_id == workspace_id).order_by(col(PulseAnswer.id))
    if record_type == "audit_entries":
        return (
            select(AuditEntry)
            .where(AuditEntry.workspace_id == workspace_id)
            .order_by(col(AuditEntry.at), col(AuditEntry.id))
        )
    if record_type == "colleagues":
        return select(Colleague).where(Colleague.workspace_id == workspace_id).order_by(col(Colleague.user_id))
    raise ValueError(record_type)


def records_of(session: Session, *, workspace_id: int, record_type: str, batch: int) -> Iterator[Any]:
    """Every row of one record type of the workspace, `batch` rows fetched at a time."""
    yield from session.exec(_records_statement(record_type, workspace_id).execution_options(yield_per=batch))


def aliases_by_supplier(session: Session, *, workspace_id: int) -> dict[int, list[str]]:
    """Every alias of the workspace, per supplier id (unsorted)."""
    aliases: dict[int, list[str]] = {}
    for alias in session.exec(select(SupplierAlias).where(SupplierAlias.workspace_id == workspace_id)):
        aliases.setdefault(alias.supplier_id, []).append(alias.alias)
    return aliases


def private_interaction_ids(session: Session, *, workspace_id: int) -> dict[int, str]:
    """The workspace's private interactions and who wrote each: a follow-up from a private note is private too."""
    statement = select(Interaction.id, Interaction.logged_by).where(
        Interaction.workspace_id == workspace_id, Interaction.visibility == "private"
    )
    return {i: author for i, author in session.exec(statement) if i is not None}
