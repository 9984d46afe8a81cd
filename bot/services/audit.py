"""The audit log: who changed what in a workspace, kept `workspace.audit_months` (24) and shown to admins.

Recording is one call inside the caller's own unit of work, so an entry exists exactly when the change committed:

    audit.record(session, workspace_id=ws.id, actor_id=actor.user_id, action="supplier.owner", at=now,
                 supplier_id=supplier.id, detail={"supplier": "Acme", "old": "U1", "new": "U2"})

`action` is one of ACTIONS; `detail` holds the facts its line shows (the keys ACTIONS names; values str, int, None
or a list of str) and is stored as JSON. `actor_id` None: the operator's CLI or the tick. Details may name people
(a contact's name in `contact.cadence`, `pulse.link` and `contact.merge`, with its `contact_id` where there is one).
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.clock import Clock
from bot.services.errors import SupplierNotFound
from bot.services.paging import PAGE_SIZE, Page
from bot.services.rights import Rights
from bot.services.workspaces import Actor, existing_workspace_id
from storage import queries
from storage.db import Database
from storage.models import AuditEntry

# Every action and the detail keys its line shows (the catalogs' `audit.action.<action>` use them).
ACTIONS: dict[str, tuple[str, ...]] = {
    "supplier.owner": ("supplier", "old", "new"),  # user ids
    "supplier.segment": ("supplier", "old", "new"),  # segment keys
    "supplier.cadence": ("supplier", "old", "new"),  # days; None = the workspace default, 0 = off
    "contact.cadence": ("supplier", "contact", "old", "new"),  # a key contact's days (None or 0: not key); contact_id
    # setting: cadence | interfaces | hours | renudge | language | holidays | retention | audit_retention;
    # segment for cadence and interfaces; old/new as stored (days, interface keys, "09:00-17:00", months …)
    "settings": ("setting", "segment", "old", "new"),
    "import": ("kind", "added", "changed"),  # kind: suppliers | contacts | interactions
    "restore": ("suppliers", "interactions"),  # counts restored from an export
    "export": ("via",),  # slack | cli
    "pulse.link": ("supplier", "contact", "contact_id"),  # a link made for a contact of the supplier
    # For the merge and forget features (issue 19): the supplier kept and the name merged into it; a forgotten
    # contact or colleague is never named again.
    "supplier.merge": ("supplier", "merged"),
    "contact.merge": ("supplier", "contact", "merged"),
    "contact.forget": ("supplier",),
    "colleague.forget": (),
}
AUDIT_PAGE = PAGE_SIZE  # 40 entries a page
Detail = Mapping[str, str | int | list[str] | None]


def record(
    session: Session,
    *,
    workspace_id: int,
    actor_id: str | None,
    action: str,
    at: datetime,
    supplier_id: int | None = None,
    detail: Detail | None = None,
) -> None:
    """Adds one entry to the caller's unit of work: it commits or rolls back with the change it describes."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEntry(
            workspace_id=workspace_id,
            at=at,
            actor_id=actor_id,
            action=action,
            supplier_id=supplier_id,
            detail=json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True),
        )
    )


def read_detail(entry: AuditEntry) -> dict[str, Any]:
    """An entry's detail; a damaged one reads as empty rather than failing a whole page."""
    try:
        loaded = json.loads(entry.detail)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor_id: str | None
    action: str
    supplier_id: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class AuditLog:
    supplier_id: int | None
    supplier_name: str | None
    page: Page[AuditRow]


class AuditService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def page(self, actor: Actor, *, supplier_id: int | None = None, offset: int = 0) -> AuditLog:
        """One page of the log, newest first — the whole workspace's or one supplier's. Admins only."""
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            self.rights.require_admin(
                session, workspace_id=workspace_id or -1, user_id=actor.user_id, key="audit.not_allowed"
            )
            if workspace_id is None:
                return AuditLog(supplier_id, None, Page([], offset, 0, AUDIT_PAGE))
            name = None
            if supplier_id is not None:
                supplier = queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id)
                if supplier is None:
                    raise SupplierNotFound(str(supplier_id))
                name = supplier.name
            rows, total = queries.audit_page(
                session, workspace_id=workspace_id, supplier_id=supplier_id, offset=offset, limit=AUDIT_PAGE
            )
            shown = [AuditRow(e.at, e.actor_id, e.action, e.supplier_id, read_detail(e)) for e in rows]
            return AuditLog(supplier_id, name, Page(shown, offset, total, AUDIT_PAGE))
