"""Who is asking: the workspace and user every service call is scoped to."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from storage import queries
from storage.models import Supplier, Workspace


@dataclass(frozen=True)
class Actor:
    team_id: str
    user_id: str
    enterprise_id: str | None = None


def workspace_of(session: Session, actor: Actor, now: datetime) -> Workspace:
    """The actor's workspace row, created on first contact."""
    return queries.ensure_workspace(session, team_id=actor.team_id, enterprise_id=actor.enterprise_id, now=now)


def existing_workspace_id(session: Session, actor: Actor) -> int | None:
    """For reads: a workspace that never wrote anything has no data to show."""
    workspace = queries.get_workspace(session, team_id=actor.team_id)
    return workspace.id if workspace else None


def supplier_of(session: Session, actor: Actor, supplier_id: int, *, for_update: bool = False) -> Supplier | None:
    """The supplier of the actor's own workspace, or None. `for_update`: locked until the unit of work ends (on
    PostgreSQL; SQLite's write transactions are serial already), so a note written meanwhile waits for it."""
    workspace_id = existing_workspace_id(session, actor)
    if workspace_id is None:
        return None
    return queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id, for_update=for_update)


def workspace_and_supplier(session: Session, actor: Actor, supplier_id: int) -> tuple[Workspace, Supplier] | None:
    """For reads: the actor's workspace and its supplier `supplier_id` (both with ids), or None when either is not
    there — a workspace that never wrote anything, or a supplier of another workspace."""
    supplier = supplier_of(session, actor, supplier_id)
    workspace = session.get(Workspace, supplier.workspace_id) if supplier is not None else None
    if workspace is None or workspace.id is None or supplier is None or supplier.id is None:
        return None
    return workspace, supplier
