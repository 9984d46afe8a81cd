"""Weekly channel digests: subscriptions, what a digest says, and sending each one once a week.

A digest is due from its weekday and time (in the time zone of whoever set it up) until the week ends, so a bot
that was down on Monday still sends on Tuesday, and three missed weeks give one digest, not three. Each is claimed
in the delivery log under (subscription, ISO week) before it is posted.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol

from sqlmodel import Session

from bot.clock import Clock, zone
from bot.services.cadence import days_overdue
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.workspaces import Actor, existing_workspace_id, workspace_of
from storage import queries
from storage.db import Database
from storage.models import DigestSubscription, Workspace

logger = logging.getLogger(__name__)

ROWS = 5
LEASE = timedelta(minutes=5)
CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})
# Not retried this week (no use asking again every five minutes); the subscription itself stays active.
WEEK_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "missing_scope", "invalid_blocks"})
WEEKDAY_WORDS = {
    "monday": 0, "mon": 0, "maandag": 0, "ma": 0,
    "tuesday": 1, "tue": 1, "dinsdag": 1, "di": 1,
    "wednesday": 2, "wed": 2, "woensdag": 2, "wo": 2,
    "thursday": 3, "thu": 3, "donderdag": 3, "do": 3,
    "friday": 4, "fri": 4, "vrijdag": 4, "vr": 4,
    "saturday": 5, "sat": 5, "zaterdag": 5, "za": 5,
    "sunday": 6, "sun": 6, "zondag": 6, "zo": 6,
}  # fmt: skip


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


@dataclass
class Digest:
    """What one digest says; rendered to Block Kit by handlers/blocks/digests.py."""

    language: str
    segment: str | None
    owner_filter: str | None
    week_start: date
    interactions: int
    suppliers_touched: int
    colleagues_active: int
    previous_interactions: int
    quiet: list[tuple[str, str, int]] = field(default_factory=list)
    quiet_total: int = 0
    single_threaded: list[tuple[str, str]] = field(default_factory=list)
    single_threaded_total: int = 0
    overdue: list[tuple[str, str, date, str]] = field(default_factory=list)
    overdue_total: int = 0
    orphaned: list[tuple[str, str]] = field(default_factory=list)
    orphaned_total: int = 0
    highlights: list[tuple[str, str, str, datetime]] = field(default_factory=list)

    @property
    def nothing_happened(self) -> bool:
        return not (
            self.interactions
            or self.quiet_total
            or self.single_threaded_total
            or self.overdue_total
            or self.orphaned_total
        )


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


def _ref(sub: DigestSubscription) -> Subscription:
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


def parse_when(weekday_word: str, hhmm: str) -> tuple[int, int]:
    weekday = WEEKDAY_WORDS.get(weekday_word.strip().casefold().rstrip("."))
    hours, _, minutes = hhmm.replace(".", ":").partition(":")
    if weekday is None or not hours.isdigit() or not minutes.isdigit():
        raise InvalidInput("digest.bad_when", when=f"{weekday_word} {hhmm}")
    if int(hours) > 23 or int(minutes) > 59:
        raise InvalidInput("digest.bad_when", when=f"{weekday_word} {hhmm}")
    return weekday, int(hours) * 60 + int(minutes)


def scheduled_in_week(now: datetime, sub: DigestSubscription | Subscription) -> tuple[datetime, str]:
    """This week's send time (aware) for the subscription, and the ISO week it belongs to."""
    local_now = now.astimezone(zone(sub.tz))
    monday = local_now.date() - timedelta(days=local_now.weekday())
    day = monday + timedelta(days=sub.weekday)
    at = datetime.combine(day, time(sub.minute // 60, sub.minute % 60), zone(sub.tz))
    year, week, _ = day.isocalendar()
    return at, f"{year}-W{week:02d}"


class DigestService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # --- subscriptions ---------------------------------------------------------------------------------------

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
                return _ref(existing), False
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
            return _ref(sub), True

    def subscriptions(self, actor: Actor) -> list[Subscription]:
        with self.db.read() as session:
            workspace_id = existing_workspace_id(session, actor)
            if workspace_id is None:
                return []
            return [_ref(s) for s in queries.active_subscriptions(session, workspace_id=workspace_id)]

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
            return _ref(sub)

    def reschedule(self, actor: Actor, subscription_id: int, weekday: int, minute: int) -> Subscription:
        """A new day and time, in the time zone of whoever set the digest up."""
        with self.db.write() as session:
            sub = self._own(session, actor, subscription_id)
            sub.weekday, sub.minute = weekday, minute
            session.add(sub)
            return _ref(sub)

    def set_skip_empty(self, actor: Actor, subscription_id: int, skip: bool) -> Subscription:
        """Whether a week in which nothing at all happened is skipped (True) or said in one line (False)."""
        with self.db.write() as session:
            sub = self._own(session, actor, subscription_id)
            sub.skip_empty = skip
            session.add(sub)
            return _ref(sub)

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
            return [_ref(r) for r in rows]

    def _own(self, session: Session, actor: Actor, subscription_id: int) -> DigestSubscription:
        workspace_id = existing_workspace_id(session, actor)
        sub = session.get(DigestSubscription, subscription_id)
        if sub is None or sub.workspace_id != workspace_id or not sub.active:
            raise InvalidInput("digest.no_such_number", number=subscription_id)
        return sub

    # --- content ---------------------------------------------------------------------------------------------

    def build(self, team_id: str, subscription: Subscription, now: datetime) -> Digest:
        """The digest as of `now`: the 7 days before, and the state of things now. Aggregated in SQL."""
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
            if workspace is None or workspace.id is None:
                raise NotAllowed("digest.no_workspace")
            return self._build(session, workspace, subscription, now)

    def _build(self, session: Session, workspace: Workspace, sub: Subscription, now: datetime) -> Digest:
        assert workspace.id is not None
        wid, segment, owner = workspace.id, sub.segment, sub.owner_filter
        start, previous = now - timedelta(days=7), now - timedelta(days=14)
        logged, touched, active, before = queries.week_numbers(
            session, workspace_id=wid, previous=previous, start=start, end=now, segment=segment, owner_id=owner
        )
        quiet, quiet_total = queries.digest_quiet(
            session, workspace_id=wid, now=now, segment=segment, owner_id=owner, limit=ROWS
        )
        single, single_total = queries.single_threaded(
            session, workspace_id=wid, segment=segment, owner_id=owner, limit=ROWS
        )
        today = now.astimezone(zone(sub.tz)).date()
        overdue, overdue_total = queries.overdue_follow_ups(
            session, workspace_id=wid, before=today, segment=segment, owner_id=owner, limit=ROWS
        )
        orphaned, orphaned_total = queries.orphaned_suppliers(
            session, workspace_id=wid, segment=segment, owner_id=owner, limit=ROWS
        )
        best = (
            queries.highlights(session, workspace_id=wid, start=start, end=now, owner_id=owner, limit=ROWS)
            if segment in (None, "strategic")
            else []
        )
        return Digest(
            language=sub.language,
            segment=segment,
            owner_filter=owner,
            week_start=start.astimezone(zone(sub.tz)).date(),
            interactions=logged,
            suppliers_touched=touched,
            colleagues_active=active,
            previous_interactions=before,
            quiet=[(name, owner_id, days_overdue(now, due)) for name, owner_id, due in quiet],
            quiet_total=quiet_total,
            single_threaded=single,
            single_threaded_total=single_total,
            overdue=overdue,
            overdue_total=overdue_total,
            orphaned=orphaned,
            orphaned_total=orphaned_total,
            highlights=best,
        )

    # --- sending ---------------------------------------------------------------------------------------------

    def run(self, port: DigestPort) -> DigestReport:
        """Posts every digest due this week and not yet posted."""
        now = self.clock.now()
        report = DigestReport()
        with self.db.read() as session:
            due = [(workspace, _ref(sub)) for sub, workspace in queries.sendable_subscriptions(session)]
        for workspace, sub in due:
            at, week = scheduled_in_week(now, sub)
            if now < at or at < sub.created_at:
                continue
            self._send(workspace, sub, week, now, port, report)
        return report

    def _send(
        self, workspace: Workspace, sub: Subscription, week: str, now: datetime, port: DigestPort, report: DigestReport
    ) -> None:
        assert workspace.id is not None
        with self.db.write() as session:
            delivery = queries.claim_delivery(
                session,
                workspace_id=workspace.id,
                key=f"digest:{sub.id}:{week}",
                kind="digest",
                recipient=sub.channel_id,
                now=now,
                lease_until=now + LEASE,
            )
            if delivery is None or delivery.id is None:
                return
            delivery_id = delivery.id
        with self.db.read() as session:
            digest = self._build(session, workspace, sub, now)
        if digest.nothing_happened and sub.skip_empty:
            ok, error = True, None
            report.skipped_empty += 1
        else:
            try:
                ok, error = port.post_digest(digest, sub.channel_id)
            except Exception:
                logger.exception("posting a digest failed; a later tick retries")
                ok, error = False, "exception"
        with self.db.write() as session:
            row = queries.get_delivery(session, workspace_id=workspace.id, delivery_id=delivery_id)
            assert row is not None
            if ok:
                row.status, row.sent_at, row.lease_until = "sent", now, None
                report.posted += 0 if digest.nothing_happened and sub.skip_empty else 1
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
