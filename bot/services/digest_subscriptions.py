"""Weekly digest subscriptions: which channel gets which digest, set up and changed by commands."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import Clock
from bot.services.errors import InvalidInput
from bot.services.workspaces import Actor, existing_workspace_id, workspace_of
from storage import queries
from storage.db import Database
from storage.models import DigestSubscription


@dataclass(frozen=True)
class Subscription:
    id: int
    channel_id: str
    channel_name: str | None
    segment: str | None
    owner_filter: str | None
    created_by: str
    tz: str
    language: str
    weekday: int
    minute: int
    skip_empty: bool
    error: str | None
    created_at: datetime


def subscription_ref(sub: DigestSubscription) -> Subscription:
    assert sub.id is not None
    return Subscription(
        sub.id,
        sub.channel_id,
        sub.channel_name,
        sub.segment,
        sub.owner_filter,
        sub.created_by,
        sub.tz,
        sub.language,
        sub.weekday,
        sub.minute,
        sub.skip_empty,
        sub.error,
        sub.created_at,
    )


class DigestSubscriptions:
    """The subscription half of DigestService."""

    db: Database
    clock: Clock

    def subscribe(
        self,
        actor: Actor,
        *,
        channel_id: str,
        channel_name: str | None,
        segment: str | None,
        owner_filter: str | None,
        tz: str,
        language: str,
    ) -> tuple[Subscription, bool]:
        """A digest for the channel with that filter; setting up the same one again clears a recorded error."""
        if channel_id.startswith("D") or channel_name == "directmessage" or (channel_name or "").startswith("mpdm-"):
            raise InvalidInput("digest.not_in_dm")
        now = self.clock.now()
        with self.db.write() as session:
            workspace = workspace_of(session, actor, now)
            assert workspace.id is not None
            existing = queries.active_subscription(
                session, workspace_id=workspace.id, channel_id=channel_id, segment=segment, owner_filter=owner_filter
            )
            if existing is not None:
                if existing.error is not None and existing.id is not None:
                    # Set up again after a failed post (the bot was invited): this week's digest may go out now.
                    queries.forget_failed_digest_posts(session, workspace_id=workspace.id, subscription_id=existing.id)
                existing.error, existing.error_at, existing.error_seen = None, None, False
                session.add(existing)
                return subscription_ref(existing), False
            sub = DigestSubscription(
                workspace_id=workspace.id,
                channel_id=channel_id,
                channel_name=channel_name,
                segment=segment,
                owner_filter=owner_filter,
                created_by=actor.user_id,
                tz=tz,
                language=language,
                created_at=now,
            )
            session.add(sub)
            session.flush()
            return subscription_ref(sub), True

    def subscriptions(self, actor: Actor) -> list[Subscription]:
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return []
            return [subscription_ref(s) for s in queries.active_subscriptions(session, workspace_id=workspace_id)]

    def pick(self, actor: Actor, channel_id: str, number: int | None) -> Subscription:
        """The subscription a command acts on: by number, or this channel's only one."""
        subs = self.subscriptions(actor)
        if number is not None:
            chosen = [s for s in subs if s.id == number]
            if not chosen:
                raise InvalidInput("digest.no_such_number", number=number)
            return chosen[0]
        here = [s for s in subs if s.channel_id == channel_id]
        if not here:
            raise InvalidInput("digest.none_here")
        if len(here) > 1:
            raise InvalidInput("digest.several_here", numbers=", ".join(str(s.id) for s in here))
        return here[0]

    def unsubscribe(self, actor: Actor, subscription_id: int) -> Subscription:
        with self.db.write() as session:
            sub = self._own(session, actor, subscription_id)
            sub.active = False
            session.add(sub)
            return subscription_ref(sub)

    def reschedule(self, actor: Actor, subscription_id: int, weekday: int, minute: int) -> Subscription:
        """A new day and time, in the time zone of whoever set the digest up."""
        with self.db.write() as session:
            sub = self._own(session, actor, subscription_id)
            sub.weekday, sub.minute = weekday, minute
            session.add(sub)
            return subscription_ref(sub)

    def set_skip_empty(self, actor: Actor, subscription_id: int, skip: bool) -> Subscription:
        """Whether a week in which nothing at all happened is skipped (True) or said in one line (False)."""
        with self.db.write() as session:
            sub = self._own(session, actor, subscription_id)
            sub.skip_empty = skip
            session.add(sub)
            return subscription_ref(sub)

    def unseen_errors(self, actor: Actor) -> list[Subscription]:
        """Failed posts not yet told to whoever set the digest up; telling marks them seen."""
        with self.db.write() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return []
            rows = queries.unseen_subscription_errors(session, workspace_id=workspace_id, created_by=actor.user_id)
            for row in rows:
                row.error_seen = True
                session.add(row)
            return [subscription_ref(r) for r in rows]

    def _own(self, session: Session, actor: Actor, subscription_id: int) -> DigestSubscription:
        workspace_id = existing_workspace_id(session, actor)
        sub = session.get(DigestSubscription, subscription_id)
        if sub is None or sub.workspace_id != workspace_id or not sub.active:
            raise InvalidInput("digest.no_such_number", number=subscription_id)
        return sub
