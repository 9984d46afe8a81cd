"""What a weekly digest says and when it is due: the content aggregated in SQL, the week's send time."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.clock import zone
from bot.services.cadence import days_overdue
from bot.services.coverage import IMPORTANT_SEGMENTS, Coverage, coverage, thin_first
from bot.services.digest_subscriptions import Subscription
from bot.services.public_holidays import working_day_in_week
from bot.services.tie_facts import supplier_facts
from storage import queries
from storage.models import DigestSubscription, Workspace

ROWS = 5
HIGHLIGHT_SEGMENT = "strategic"  # whose interactions of the week the digest highlights


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
    thin: list[Coverage] = field(default_factory=list)  # strategic/bottleneck with a flag or a missing interface
    thin_total: int = 0
    overdue: list[tuple[str, str, date, str]] = field(default_factory=list)
    overdue_total: int = 0
    orphaned: list[tuple[str, str]] = field(default_factory=list)
    orphaned_total: int = 0
    highlights: list[tuple[str, str, str, datetime]] = field(default_factory=list)

    @property
    def nothing_happened(self) -> bool:
        return not (
            self.interactions or self.quiet_total or self.thin_total or self.overdue_total or self.orphaned_total
        )


def scheduled_in_week(now: datetime, sub: DigestSubscription | Subscription) -> tuple[datetime, str]:
    """This week's send time (aware) for the subscription, and the ISO week it belongs to."""
    local_now = now.astimezone(zone(sub.tz))
    monday = local_now.date() - timedelta(days=local_now.weekday())
    day = monday + timedelta(days=sub.weekday)
    at = datetime.combine(day, time(sub.minute // 60, sub.minute % 60), zone(sub.tz))
    year, week, _ = day.isocalendar()
    return at, f"{year}-W{week:02d}"


def scheduled_off_holidays(
    now: datetime, sub: DigestSubscription | Subscription, country: str | None
) -> tuple[datetime | None, str]:
    """This week's send time, moved off a public holiday in `country` to the next working day of the same ISO week
    at the same time; None when no working day is left that week (the week is skipped)."""
    at, week = scheduled_in_week(now, sub)
    day = working_day_in_week(country, at.date())
    if day is None:
        return None, week
    return datetime.combine(day, time(sub.minute // 60, sub.minute % 60), zone(sub.tz)), week


def thin_relationships(
    session: Session, workspace: Workspace, now: datetime, *, segment: str | None, owner_id: str | None
) -> list[Coverage]:
    """Strategic and bottleneck suppliers with a flag or a needed interface uncovered, most important first. A
    channel sees only what the team may see: ties known only through private notes count but are never named."""
    assert workspace.id is not None
    suppliers = queries.coverage_candidates(
        session, workspace_id=workspace.id, segments=IMPORTANT_SEGMENTS, segment=segment, owner_id=owner_id
    )
    facts = supplier_facts(session, workspace, suppliers, now, viewer_id="", only_coverage=True)
    return thin_first(coverage(f, now) for f in facts)


def build_digest(session: Session, workspace: Workspace, sub: Subscription, now: datetime) -> Digest:
    """The digest as of `now`: the 7 days before, and the state of things now."""
    assert workspace.id is not None
    wid, segment, owner = workspace.id, sub.segment, sub.owner_filter
    start, previous = now - timedelta(days=7), now - timedelta(days=14)
    logged, touched, active, before = queries.week_numbers(
        session, workspace_id=wid, previous=previous, start=start, end=now, segment=segment, owner_id=owner
    )
    quiet, quiet_total = queries.digest_quiet(
        session, workspace_id=wid, now=now, segment=segment, owner_id=owner, limit=ROWS
    )
    thin = thin_relationships(session, workspace, now, segment=segment, owner_id=owner)
    today = now.astimezone(zone(sub.tz)).date()
    overdue, overdue_total = queries.overdue_follow_ups(
        session, workspace_id=wid, before=today, segment=segment, owner_id=owner, limit=ROWS
    )
    orphaned, orphaned_total = queries.orphaned_suppliers(
        session, workspace_id=wid, segment=segment, owner_id=owner, limit=ROWS
    )
    best = (
        queries.highlights(
            session, workspace_id=wid, segment=HIGHLIGHT_SEGMENT, start=start, end=now, owner_id=owner, limit=ROWS
        )
        if segment in (None, HIGHLIGHT_SEGMENT)
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
        thin=thin[:ROWS],
        thin_total=len(thin),
        overdue=overdue,
        overdue_total=overdue_total,
        orphaned=orphaned,
        orphaned_total=orphaned_total,
        highlights=best,
    )
