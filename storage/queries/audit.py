"""The audit log's rows: written in the caller's unit of work, read newest first, removed when past their period."""

from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import AuditEntry


def audit_page(
    session: Session, *, workspace_id: int, supplier_id: int | None, offset: int, limit: int
) -> tuple[list[AuditEntry], int]:
    """One page of the workspace's entries (or one supplier's), newest first, and how many there are in all."""
    where = [AuditEntry.workspace_id == workspace_id]
    if supplier_id is not None:
        where.append(AuditEntry.supplier_id == supplier_id)
    total = session.exec(select(func.count()).select_from(AuditEntry).where(*where)).one()
    rows = session.exec(
        select(AuditEntry)
        .where(*where)
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return list(rows), int(total)


def delete_audit_before(session: Session, *, workspace_id: int, before: datetime) -> int:
    """Removes the workspace's entries older than `before`; how many went."""
    result = session.execute(
        delete(AuditEntry).where(col(AuditEntry.workspace_id) == workspace_id, col(AuditEntry.at) < before)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
