"""Suppliers and their aliases."""

from collections.abc import Sequence

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage.models import Supplier, SupplierAlias


def get_supplier(session: Session, *, workspace_id: int, supplier_id: int, for_update: bool = False) -> Supplier | None:
    """`for_update`: the row locked until the transaction ends (SELECT … FOR UPDATE; SQLite ignores it)."""
    stmt = select(Supplier).where(Supplier.workspace_id == workspace_id, Supplier.id == supplier_id)
    return session.exec(stmt.with_for_update() if for_update else stmt).first()


def supplier_by_key(session: Session, *, workspace_id: int, key: str) -> Supplier | None:
    return session.exec(select(Supplier).where(Supplier.workspace_id == workspace_id, Supplier.name_key == key)).first()


def supplier_by_alias_key(session: Session, *, workspace_id: int, key: str) -> Supplier | None:
    return session.exec(
        select(Supplier)
        .join(SupplierAlias, col(SupplierAlias.supplier_id) == col(Supplier.id))
        .where(SupplierAlias.workspace_id == workspace_id, SupplierAlias.alias_key == key)
    ).first()


def suppliers_by_prefix(
    session: Session, *, workspace_id: int, prefix: str, include_archived: bool, limit: int
) -> list[Supplier]:
    """Suppliers whose name or an alias starts with the key prefix, by name."""
    alias_hit = (
        select(SupplierAlias.supplier_id)
        .where(SupplierAlias.workspace_id == workspace_id)
        .where(col(SupplierAlias.alias_key).startswith(prefix, autoescape=True))
    )
    stmt = select(Supplier).where(
        Supplier.workspace_id == workspace_id,
        or_(col(Supplier.name_key).startswith(prefix, autoescape=True), col(Supplier.id).in_(alias_hit)),
    )
    if not include_archived:
        stmt = stmt.where(col(Supplier.archived).is_(False))
    return list(session.exec(stmt.order_by(col(Supplier.name_key)).limit(limit)).all())


def suppliers_containing(session: Session, *, workspace_id: int, fragment: str, limit: int) -> list[Supplier]:
    """Active suppliers whose name key contains the fragment: the type-ahead of the capture modal."""
    return list(
        session.exec(
            select(Supplier)
            .where(
                Supplier.workspace_id == workspace_id,
                col(Supplier.archived).is_(False),
                col(Supplier.name_key).contains(fragment, autoescape=True),
            )
            .order_by(col(Supplier.name_key))
            .limit(limit)
        ).all()
    )


def list_suppliers(session: Session, *, workspace_id: int, include_archived: bool) -> list[Supplier]:
    stmt = select(Supplier).where(Supplier.workspace_id == workspace_id)
    if not include_archived:
        stmt = stmt.where(col(Supplier.archived).is_(False))
    return list(session.exec(stmt.order_by(col(Supplier.archived), col(Supplier.name_key))).all())


def aliases_of(session: Session, *, workspace_id: int, supplier_id: int) -> list[SupplierAlias]:
    return list(
        session.exec(
            select(SupplierAlias)
            .where(SupplierAlias.workspace_id == workspace_id, SupplierAlias.supplier_id == supplier_id)
            .order_by(col(SupplierAlias.alias_key))
        ).all()
    )


def alias_key_taken(session: Session, *, workspace_id: int, key: str) -> bool:
    return (
        session.exec(
            select(SupplierAlias.id).where(SupplierAlias.workspace_id == workspace_id, SupplierAlias.alias_key == key)
        ).first()
        is not None
    )


def suppliers_by_ids(session: Session, *, workspace_id: int, ids: Sequence[int]) -> list[Supplier]:
    return list(
        session.exec(select(Supplier).where(Supplier.workspace_id == workspace_id, col(Supplier.id).in_(ids))).all()
    )


def supplier_batch(session: Session, *, workspace_id: int, after_id: int, limit: int) -> list[Supplier]:
    """The next `limit` suppliers by id after `after_id`: walks a workspace without loading it whole."""
    return list(
        session.exec(
            select(Supplier)
            .where(Supplier.workspace_id == workspace_id, col(Supplier.id) > after_id)
            .order_by(col(Supplier.id))
            .limit(limit)
        ).all()
    )


def aliases_of_workspace(session: Session, *, workspace_id: int) -> list[SupplierAlias]:
    """Every alias of the workspace: for matching names without accents, which SQL can't fold on both engines."""
    return list(session.exec(select(SupplierAlias).where(SupplierAlias.workspace_id == workspace_id)).all())
