"""Posting each weekly digest once: due from its weekday and time until the week ends, claimed per ISO week."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.services.digest_content import Digest, NextPost, build_digest, next_post, scheduled_off_holidays
from bot.services.digest_subscriptions import Subscription, subscription_ref
from bot.services.errors import NotAllowed
from storage import queries
from storage.db import Database
from storage.models import DigestSubscription, Workspace

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})
# Not retried this week (no use asking again every five minutes); the subscription itself stays active.
WEEK_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "missing_scope", "invalid_blocks"})


class DigestPort(Protocol):
    def post_digest(self, digest: Digest, channel_id: str) -> tuple[bool, str | None]: ...


@dataclass
class DigestReport:
    posted: int = 0
    skipped_empty: int = 0
    failed: int = 0
    retry: int = 0

    def __str__(self) -> str:
        return f"posted={self.posted}, skipped_empty={self.skipped_empty}, failed={self.failed}, retry={self.retry}"


class DigestSending:
    """The sending half of DigestService."""

    db: Database
    clock: Clock
    lease: timedelta

    def build(self, team_id: str, subscription: Subscription, now: datetime) -> Digest:
        """The digest as of `now`: the 7 days before, and the state of things now. Aggregated in SQL."""
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
            if workspace is None or workspace.id is None:
                raise NotAllowed("digest.no_workspace")
            return build_digest(session, workspace, subscription, now)

    def preview(self, team_id: str, subscription: Subscription) -> tuple[Digest, NextPost | None]:
        """Exactly what the next post of this subscription will say, as things stand, and when it goes out (a
        public holiday moves it); as of now when no week in sight has a working day for it."""
        now = self.clock.now()
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
            if workspace is None or workspace.id is None:
                raise NotAllowed("digest.no_workspace")
            done = queries.digest_weeks_done(session, workspace_id=workspace.id, subscription_id=subscription.id)
            upcoming = next_post(now, subscription, workspace.holiday_country, done)
            return build_digest(session, workspace, subscription, upcoming.at if upcoming else now), upcoming

    def run(self, port: DigestPort, *, team_id: str | None = None) -> DigestReport:
        """Posts every digest due this week and not yet posted (with `team_id`, that workspace's only)."""
        now = self.clock.now()
        report = DigestReport()
        with self.db.read() as session:
            due = [
                (workspace, subscription_ref(sub))
                for sub, workspace in queries.sendable_subscriptions(session)
                if team_id is None or workspace.team_id == team_id
            ]
        for workspace, sub in due:
            at, week = scheduled_off_holidays(now, sub, workspace.holiday_country)
            if at is None or now < at or at < sub.created_at:
                continue
            self._send(workspace, sub, week, at, now, port, report)
        return report

    def _send(
        self,
        workspace: Workspace,
        sub: Subscription,
        week: str,
        at: datetime,
        now: datetime,
        port: DigestPort,
        report: DigestReport,
    ) -> None:
        """Claim this week's post, build it as of its scheduled time `at` (so a late post says what the preview
        said), post it (or skip an empty week), record how it went."""
        assert workspace.id is not None
        with self.db.write() as session:
            delivery = queries.claim_delivery(
                session,
                workspace_id=workspace.id,
                key=f"digest:{sub.id}:{week}",
                kind="digest",
                recipient=sub.channel_id,
                now=now,
                lease_until=now + self.lease,
            )
            if delivery is None or delivery.id is None:
                return
            delivery_id = delivery.id
        with self.db.read() as session:
            digest = build_digest(session, workspace, sub, at)
        skipped = digest.nothing_happened and sub.skip_empty
        ok, error = (True, None) if skipped else self._post(port, digest, sub.channel_id)
        if skipped:
            report.skipped_empty += 1
        self._record(workspace.id, sub, delivery_id, ok, error, skipped, now, report)

    @staticmethod
    def _post(port: DigestPort, digest: Digest, channel_id: str) -> tuple[bool, str | None]:
        try:
            return port.post_digest(digest, channel_id)
        except Exception:
            logger.exception("posting a digest failed; a later tick retries")
            return False, "exception"

    def _record(
        self,
        workspace_id: int,
        sub: Subscription,
        delivery_id: int,
        ok: bool,
        error: str | None,
        skipped: bool,
        now: datetime,
        report: DigestReport,
    ) -> None:
        """Posted (or skipped): sent. A channel we can't post in: failed, and told to whoever set it up. A token
        that can't: failed for this week. Anything else: retried by a later tick."""
        with self.db.write() as session:
            row = queries.get_delivery(session, workspace_id=workspace_id, delivery_id=delivery_id)
            assert row is not None
            if ok:
                row.status, row.sent_at, row.lease_until = "sent", now, None
                report.posted += 0 if skipped else 1
            elif error in CHANNEL_ERRORS:
                row.status, row.error, row.lease_until = "failed", error, None
                stored = session.get(DigestSubscription, sub.id)
                if stored is not None:
                    stored.error, stored.error_at, stored.error_seen = error, now, False
                    session.add(stored)
                report.failed += 1
            elif error in WEEK_ERRORS:
                row.status, row.error, row.lease_until = "failed", error, None
                report.failed += 1
            else:
                row.error, row.lease_until = error, now
                report.retry += 1
            session.add(row)
