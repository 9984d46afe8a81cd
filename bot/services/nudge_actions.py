"""What a person does from a nudge or a list: snooze an item, finish a follow-up."""

from datetime import date

from sqlmodel import Session

from bot.clock import Clock
from bot.services import cadence
from bot.services.errors import NotAllowed
from bot.services.holders import HolderQuestion, holders_of
from bot.services.nudge_selection import start_of_local_day
from bot.services.promises import move_due, settle
from bot.services.rights import Rights
from storage import queries
from storage.db import Database
from storage.models import Contact, FollowUp, Supplier


class NudgeActions:
    """What a person does from a nudge or a list: snooze, finish a follow-up. Idempotent: twice is once."""

    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def snooze(self, team_id: str, user_id: str, kind: str, item_id: int, until: date, tz: str | None) -> bool:
        """Quiet until the start of `until` in the user's time zone; False when the item is not theirs to snooze."""
        start = start_of_local_day(until, tz)
        with self.db.write() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
            if workspace is None or workspace.id is None:
                return False
            if kind == "follow_up":
                follow_up = session.get(FollowUp, item_id)
                if follow_up is None or follow_up.workspace_id != workspace.id or follow_up.owner_id != user_id:
                    return False
                if follow_up.promise:
                    return move_due(session, workspace, follow_up, until, self.clock.now())
                follow_up.snoozed_until = until
                session.add(follow_up)
                return True
            row: Supplier | Contact | None = (
                session.get(Supplier, item_id) if kind == "supplier" else session.get(Contact, item_id)
            )
            if row is None or row.workspace_id != workspace.id:
                return False
            supplier = row if isinstance(row, Supplier) else session.get(Supplier, row.supplier_id)
            if supplier is None:
                return False
            holder = isinstance(row, Contact) and self._holds(session, row, supplier, user_id)
            if not holder and not self.rights.may_change(session, supplier, user_id):
                return False
            row.snoozed_until = start
            session.add(row)
            session.flush()
            supplier_id = row.id if isinstance(row, Supplier) else row.supplier_id
            assert supplier_id is not None
            cadence.refresh_suppliers(session, workspace, [supplier_id])
            return True

    def _holds(self, session: Session, contact: Contact, supplier: Supplier, user_id: str) -> bool:
        """Whether the user holds the tie to this contact: the one their quiet-contact nudge goes to."""
        assert contact.id is not None
        question = HolderQuestion(contact.id, contact.holder_id, supplier.owner_id)
        found = holders_of(session, workspace_id=contact.workspace_id, questions=[question], now=self.clock.now())
        return found[contact.id].user_id == user_id

    def complete_follow_up(self, team_id: str, user_id: str, follow_up_id: int) -> FollowUp | None:
        """Marks the follow-up done; None when the workspace has no such follow-up. Only its owner, the supplier's
        owner or an admin may: anyone else gets NotAllowed, whatever button they replay, and it stays open."""
        with self.db.write() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
            follow_up = session.get(FollowUp, follow_up_id)
            if workspace is None or workspace.id is None or follow_up is None or follow_up.workspace_id != workspace.id:
                return None
            supplier = queries.get_supplier(session, workspace_id=workspace.id, supplier_id=follow_up.supplier_id)
            supplier_owner = supplier.owner_id if supplier else follow_up.owner_id
            if user_id not in (follow_up.owner_id, supplier_owner) and not self.rights.is_admin(
                session, workspace_id=workspace.id, user_id=user_id
            ):
                raise _not_allowed(follow_up.owner_id, supplier_owner)
            if follow_up.promise:  # done with a promise is keeping it (late, once it counted as missed)
                settle(session, workspace, follow_up, True, self.clock.now())
            elif follow_up.status != "done":
                follow_up.status, follow_up.done_at = "done", self.clock.now()
                session.add(follow_up)
            return follow_up


def _not_allowed(owner: str, supplier_owner: str) -> NotAllowed:
    """The refusal names who may close the follow-up, once each."""
    if owner == supplier_owner:
        return NotAllowed("follow_up.not_allowed_owner", owner=owner)
    return NotAllowed("follow_up.not_allowed", owner=owner, supplier_owner=supplier_owner)
