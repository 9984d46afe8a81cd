"""What a weekly digest says and when it is due: the content aggregated in SQL, the week's send time."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.clock import zone
from bot.services.cadence import days_overdue
from bot.services.coverage import IMPORTANT_SEGMENTS, Coverage, coverage, thin_first, thin_order
from bot.services.digest_subscriptions import Subscription
from bot.services.promises import MISSED, Deadlines, PromiseView, counts_as_missed, view
from bot.services.public_holidays import working_day_in_week
from bot.services.pulse import PulseNews, pulse_news
from bot.services.tie_facts import facts_now, supplier_facts
from storage import queries
from storage.models import DigestSubscription, Workspace

ROWS = 5
HIGHLIGHT_SEGMENT = "strategic"  # whose interactions of the week the digest highlights


@dataclass(frozen=True)
class QuietLine:
    """A relationship gone quiet: a supplier, or one of its key contacts (`contact`)."""

    name: str  # the supplier
    owner_id: str
    days: int  # past its cadence
    contact: str | None = None


@dataclass(frozen=True)
class NextPost:
    """When a subscription's next digest goes out: `at`, or `planned` when a public holiday moved it."""

    at: datetime
    planned: datetime
    week: str
    overdue: bool = False  # its time has passed and it is not posted yet: the next tick posts it

    @property
    def moved(self) -> bool:
        return self.at != self.planned


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
    quiet: list[QuietLine] = field(default_factory=list)  # suppliers and key contacts, most overdue first
    quiet_total: int = 0
    thin: list[Coverage] = field(default_factory=list)  # strategic/bottleneck with a flag or a missing interface
    thin_total: int = 0
    overdue: list[tuple[str, str, date, str]] = field(default_factory=list)
    overdue_total: int = 0
    orphaned: list[tuple[str, str]] = field(default_factory=list)
    orphaned_total: int = 0
    highlights: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    missed_promises: list[PromiseView] = field(default_factory=list)  # at strategic and bottleneck suppliers
    missed_promises_total: int = 0
    pulse_news: list[PulseNews] = field(default_factory=list)  # strategic suppliers who see us less well this week

    @property
    def nothing_happened(self) -> bool:
        return not (
            self.interactions
            or self.quiet_total
            or self.thin_total
            or self.overdue_total
            or self.orphaned_total
            or self.missed_promises_total
            or self.pulse_news
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


def next_post(
    now: datetime, sub: DigestSubscription | Subscription, country: str | None, done_weeks: set[str]
) -> NextPost | None:
    """The digest the tick will post next: this week's if it is still to go (due, or later this week), else the
    first later week not skipped for lack of a working day. None only if no week in the next six has one."""
    for weeks_ahead in range(6):
        reference = now + timedelta(weeks=weeks_ahead)
        planned, week = scheduled_in_week(reference, sub)
        at, _ = scheduled_off_holidays(reference, sub, country)
        if at is None or week in done_weeks or at < sub.created_at:
            continue
        return NextPost(at, planned, week, overdue=at <= now)
    return None


def thin_relationships(
    session: Session, workspace: Workspace, now: datetime, *, segment: str | None, owner_id: str | None, limit: int
) -> tuple[list[Coverage], int]:
    """The first `limit` strategic and bottleneck suppliers with a flag or a needed interface uncovered, most
    important first, and how many there are. A channel sees only what the team may see: ties known only through
    private notes count but are never named.

    Ranked from each supplier's state now (coverage.thin_order, from tie_facts.facts_now), then full coverage is built
    for the ones shown only — the same as building it for every candidate, at a fraction of the reading.
    """
    assert workspace.id is not None
    suppliers = queries.active_supplier_rows(
        session, workspace_id=workspace.id, segments=IMPORTANT_SEGMENTS, segment=segment, owner_id=owner_id
    )
    facts, since = facts_now(session, workspace, suppliers, now)
    ranked = sorted(
        (order, supplier)
        for order, supplier in ((thin_order(f, now), s) for f, s in zip(facts, suppliers, strict=True))
        if order is not None
    )
    shown = [supplier for _order, supplier in ranked[:limit]]
    full = supplier_facts(session, workspace, shown, now, viewer_id="", only_coverage=True, since=since)
    return thin_first(coverage(f, now) for f in full), len(ranked)


PROMISE_LOOKBACK = timedelta(days=21)  # a promise due this long ago may only now count as missed (holidays)


def missed_promises(
    session: Session, workspace: Workspace, start: datetime, end: datetime, *, segment: str | None, owner_id: str | None
) -> list[PromiseView]:
    """Promises at strategic and bottleneck suppliers that came to count as missed in [start, end): the end of their
    owner's second working day after the due date passed, or Missed was pressed. A channel never sees the text of
    a promise from a private note."""
    assert workspace.id is not None
    segments = [s for s in IMPORTANT_SEGMENTS if segment in (None, s)]
    if not segments:
        return []
    deadlines = Deadlines(session, workspace)
    rows = queries.promises_due_between(
        session,
        workspace_id=workspace.id,
        segments=segments,
        due_from=(start - PROMISE_LOOKBACK).date(),
        due_to=end.date(),
        owner_id=owner_id,
    )
    found = []
    for follow_up, supplier, author in rows:
        outcome = deadlines.outcome(follow_up, end)
        if not counts_as_missed(outcome):
            continue
        moment = deadlines.missed_from(follow_up)
        if outcome == MISSED and follow_up.done_at is not None:
            moment = min(moment, follow_up.done_at)
        if start <= moment < end:
            found.append(view(follow_up, supplier.name, outcome, author, viewer=""))
    return found


def build_digest(session: Session, workspace: Workspace, sub: Subscription, now: datetime) -> Digest:
    """The digest as of `now` — its scheduled time, so a late post and a preview say the same: the 7 days before,
    and the state of things then."""
    assert workspace.id is not None
    wid, segment, owner = workspace.id, sub.segment, sub.owner_filter
    start, previous = now - timedelta(days=7), now - timedelta(days=14)
    logged, touched, active, before = queries.week_numbers(
        session, workspace_id=wid, previous=previous, start=start, end=now, segment=segment, owner_id=owner
    )
    suppliers, quiet_suppliers = queries.digest_quiet(
        session, workspace_id=wid, now=now, segment=segment, owner_id=owner, limit=ROWS
    )
    contacts, quiet_contacts = queries.digest_quiet_contacts(
        session, workspace_id=wid, now=now, segment=segment, owner_id=owner, limit=ROWS
    )
    quiet = sorted(
        [(due, QuietLine(name, owner_id, days_overdue(now, due))) for name, owner_id, due in suppliers]
        + [(due, QuietLine(name, owner_id, days_overdue(now, due), who)) for who, name, owner_id, due in contacts],
        key=lambda pair: pair[0],
    )
    thin, thin_total = thin_relationships(session, workspace, now, segment=segment, owner_id=owner, limit=ROWS)
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
    missed = missed_promises(session, workspace, start, now, segment=segment, owner_id=owner)
    return Digest(
        language=sub.language,
        segment=segment,
        owner_filter=owner,
        week_start=start.astimezone(zone(sub.tz)).date(),
        interactions=logged,
        suppliers_touched=touched,
        colleagues_active=active,
        previous_interactions=before,
        quiet=[line for _, line in quiet[:ROWS]],
        quiet_total=quiet_suppliers + quiet_contacts,
        thin=thin,
        thin_total=thin_total,
        overdue=overdue,
        overdue_total=overdue_total,
        orphaned=orphaned,
        orphaned_total=orphaned_total,
        highlights=best,
        missed_promises=missed[:ROWS],
        missed_promises_total=len(missed),
        pulse_news=pulse_news(session, workspace_id=wid, start=start, end=now, segment=segment, owner_id=owner),
    )
