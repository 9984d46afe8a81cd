"""Commands waiting on a question (which supplier?), kept server-side so nothing typed is lost."""

from datetime import timedelta

from bot.clock import Clock
from bot.services.workspaces import Actor, existing_workspace_id, workspace_of
from storage import queries
from storage.db import Database
from storage.models import PendingCommand

PENDING_TTL = timedelta(days=7)
EVENT_TTL = timedelta(days=1)


class PendingService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def save(self, actor: Actor, text: str) -> int:
        now = self.clock.now()
        with self.db.write() as session:
            workspace = workspace_of(session, actor, now)
            assert workspace.id is not None
            pending = PendingCommand(workspace_id=workspace.id, user_id=actor.user_id, text=text, created_at=now)
            session.add(pending)
            session.flush()
            assert pending.id is not None
            return pending.id

    def peek(self, actor: Actor, pending_id: int) -> str | None:
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return None
            pending = queries.get_pending(
                session, workspace_id=workspace_id, pending_id=pending_id, user_id=actor.user_id
            )
            return pending.text if pending else None

    def take(self, actor: Actor, pending_id: int) -> str | None:
        """The pending text, removed: a double click finds nothing the second time."""
        with self.db.write() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return None
            pending = queries.take_pending(
                session, workspace_id=workspace_id, pending_id=pending_id, user_id=actor.user_id
            )
            return pending.text if pending else None

    def expire_pending(self) -> int:
        """Pending questions older than a week are forgotten; how many were."""
        with self.db.write() as session:
            return queries.delete_pending_before(session, before=self.clock.now() - PENDING_TTL)

    def forget_seen_events(self) -> int:
        """Event ids past Slack's retry window are forgotten: no retry of them can come any more."""
        with self.db.write() as session:
            return queries.delete_events_before(session, before=self.clock.now() - EVENT_TTL)
