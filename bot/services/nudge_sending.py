"""Sending nudges: one DM per person per local working day, batching their quiet relationships and due follow-ups.

What is due comes from the database (`next_nudge_at`, follow-up due dates), so a restart, a missed tick or a second
process changes nothing. Each DM is claimed in the delivery log before it is sent and marked after Slack says ok;
the claim is leased, so a sender that crashed is taken over by a later tick. The one window for a duplicate is a
crash between Slack accepting the message and the row being marked: Slack has no idempotency key.
"""

import json
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from time import monotonic
from typing import Protocol

from sqlmodel import Session

from bot.clock import Clock
from bot.i18n import DEFAULT_LANGUAGE
from bot.services import cadence, deliveries
from bot.services.deliveries import SendResult, SentCheck
from bot.services.holders import HolderQuestion, holders_of
from bot.services.nudge_selection import (
    LeaverNotice,
    Nudge,
    NudgeItem,
    Window,
    add_contact_items,
    add_follow_up_items,
    add_supplier_items,
    compose_nudge,
    in_working_hours,
    known_zone,
    local_moment,
    most_overdue_first,
)
from bot.services.public_holidays import is_holiday
from bot.services.pulse import claim_quarter, quarterly_rates, rate_period
from storage import queries
from storage.db import Database
from storage.models import Colleague, Contact, Delivery, FollowUp, Supplier, Workspace

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
SENDERS = 16  # DMs in flight at once per process


class NudgePort(SentCheck, Protocol):
    """How nudges leave the building: implemented with Slack's Web API in bot/delivery.py."""

    def send(self, nudge: Nudge, delivery_id: int, *, key: str) -> SendResult: ...


@dataclass
class NudgeReport:
    sent: int = 0
    failed: int = 0
    retry: int = 0
    skipped_outside_hours: int = 0
    skipped_orphaned: int = 0
    skipped_paused: int = 0
    skipped_holiday: int = 0
    skipped_no_time_zone: int = 0
    already_claimed: int = 0
    budget_exhausted: bool = False

    def __str__(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in asdict(self).items())


# Lines a recipient's nudge carries besides its items (a leaver's sole ties), per recipient; given by the composition
# root, so this module needs no knowledge of handovers.
NoticeSource = Callable[[Session, Workspace, datetime, set[str]], dict[str, list[LeaverNotice]]]


class NudgeService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        lease: timedelta = LEASE,
        notices: NoticeSource | None = None,
        senders: int = SENDERS,
    ) -> None:
        self.db = db
        self.clock = clock
        self.senders = senders
        self.lease = lease  # how long a claim holds before a later tick may take it over (COVALIS_LEASE_SECONDS)
        self.notices = notices

    def due_for(
        self, session: Session, workspace: Workspace, now: datetime, recipients: set[str] | None = None
    ) -> dict[str, list[NudgeItem]]:
        """Everything that may be nudged now, per recipient, most overdue first; only for `recipients` if given."""
        assert workspace.id is not None
        wid = workspace.id

        def wanted(owner: str) -> bool:
            return recipients is None or owner in recipients

        by_owner: dict[str, list[NudgeItem]] = {}
        add_supplier_items(by_owner, queries.due_suppliers(session, workspace_id=wid, now=now), now, wanted)
        contacts = list(queries.due_contacts(session, workspace_id=wid, now=now))
        questions = [HolderQuestion(row[1], row[9], row[0]) for row in contacts]
        holders = holders_of(session, workspace_id=wid, questions=questions, now=now)
        add_contact_items(by_owner, contacts, holders, now, wanted)
        follow_ups = queries.due_follow_ups(
            session,
            workspace_id=wid,
            latest_due=(now + timedelta(days=1)).date(),
            renudged_before=now - timedelta(days=workspace.renudge_days),
        )
        untold = queries.untold_open_promises(session, workspace_id=wid, due_before=now.date())
        zones = queries.time_zones_of(session, workspace_id=wid)
        add_follow_up_items(by_owner, follow_ups, now, zones, wanted, country=workspace.holiday_country, untold=untold)
        return most_overdue_first(by_owner)

    def run(self, port: NudgePort, *, budget_seconds: float = 240.0, team_id: str | None = None) -> NudgeReport:
        """Sends every nudge due now to people inside their working hours; the rest waits for a later tick. With
        `team_id`, only that workspace's (installed into many, each is sent with its own token)."""
        now = self.clock.now()
        started = monotonic()
        report = NudgeReport()
        with self.db.read() as session:
            workspaces = queries.workspaces_with_due(session, now=now)
            if _maybe_quarter_start(now):
                known = {w.id for w in workspaces}
                extra = [w for w in queries.workspaces_with_strategic(session) if w.id not in known]
                workspaces = sorted([*workspaces, *extra], key=lambda w: w.id or 0)
            if team_id is not None:
                workspaces = [w for w in workspaces if w.team_id == team_id]
        for workspace in workspaces:
            window = Window(workspace.work_start_minute, workspace.work_end_minute)
            with self.db.read() as session:
                assert workspace.id is not None
                colleagues = queries.colleagues_of(session, workspace_id=workspace.id)
                ready = self._ready(colleagues, now, window, report, workspace.holiday_country)
                due = self.due_for(session, workspace, now, recipients=ready) if ready else {}
                periods = _rate_periods(colleagues, ready, now, workspace.holiday_country)
                rates = quarterly_rates(session, workspace, periods)
                for owner in rates:
                    due.setdefault(owner, [])  # the quarter's Rate buttons come even on a day nothing else is due
                notices = self._notices(session, workspace, now, set(due))
            nudges = []
            for recipient, items in due.items():
                colleague = colleagues[recipient]
                nudge = compose_nudge(recipient, items, colleague, workspace, now)
                nudge.notices = notices.get(recipient, [])
                if rates.get(recipient):
                    nudge.rates, nudge.rate_period = rates[recipient], periods[recipient]
                nudges.append((nudge, local_moment(now, colleague.tz).date()))
            self._deliver_all(workspace, nudges, port, report, deadline=started + budget_seconds)
            if report.budget_exhausted:
                return report
        return report

    def _deliver_all(
        self,
        workspace: Workspace,
        nudges: list[tuple[Nudge, date]],
        port: NudgePort,
        report: NudgeReport,
        *,
        deadline: float,
    ) -> None:
        """Up to SENDERS DMs in flight at once, so a slow Slack (429s waited out by the client) doesn't stretch a
        tick into hours; one recipient's trouble never holds up the others. Past the deadline nothing new starts."""

        def one(nudge: Nudge, local_day: date) -> str:
            if monotonic() > deadline:
                return "budget_exhausted"
            try:
                return self._deliver(workspace, nudge, local_day, port)
            except Exception:
                logger.exception("delivering a nudge failed; its lease lets a later tick retry")
                return "retry"

        if not nudges:
            return
        with ThreadPoolExecutor(max_workers=min(self.senders, len(nudges)), thread_name_prefix="nudge") as pool:
            outcomes = list(pool.map(lambda pair: one(*pair), nudges))
        for outcome in outcomes:
            if outcome == "budget_exhausted":
                report.budget_exhausted = True
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)

    def _notices(
        self, session: Session, workspace: Workspace, now: datetime, recipients: set[str]
    ) -> dict[str, list[LeaverNotice]]:
        """The extra lines for these recipients; trouble working them out never holds a nudge back."""
        if self.notices is None or not recipients:
            return {}
        try:
            return self.notices(session, workspace, now, recipients)
        except Exception:
            logger.exception("working out the leavers' lines for the nudges failed; the nudges go without them")
            return {}

    @staticmethod
    def _ready(
        colleagues: dict[str, Colleague], now: datetime, window: Window, report: NudgeReport, country: str | None
    ) -> set[str]:
        """Who may get a nudge now: inside their working hours, not on a public holiday of the workspace's country
        (their own local date), not paused, still in Slack. The others' items are not even built; a later tick finds
        them again — on a holiday, the next working day."""
        ready = set()
        for user_id, colleague in colleagues.items():
            local_day = local_moment(now, colleague.tz).date()
            if colleague.deleted or colleague.is_bot:
                report.skipped_orphaned += 1
            elif not known_zone(colleague.tz):
                # Never guess a working day: without the person's own time zone it could be their night.
                report.skipped_no_time_zone += 1
            elif not in_working_hours(now, colleague.tz, window):
                report.skipped_outside_hours += 1
            elif is_holiday(country, local_day):
                report.skipped_holiday += 1
            elif colleague.paused_until is not None and colleague.paused_until >= local_day:
                report.skipped_paused += 1
            else:
                ready.add(user_id)
        return ready

    def _deliver(self, workspace: Workspace, nudge: Nudge, local_day: date, port: NudgePort) -> str:
        """Claim, send, record: a claim someone else holds means the nudge is theirs to send. Returns the report
        field to count it under."""
        now = self.clock.now()
        claim = self._claim(workspace, nudge, local_day, now)
        if claim is None:
            return "already_claimed"
        result = deliveries.send_once(port, claim, nudge.recipient, lambda: self._send(port, nudge, claim))
        return self._record(workspace, nudge, claim.id, result, now)

    def _claim(self, workspace: Workspace, nudge: Nudge, local_day: date, now: datetime) -> deliveries.Claim | None:
        assert workspace.id is not None
        key = f"nudge:{workspace.team_id}:{nudge.recipient}:{local_day.isoformat()}"
        with self.db.write() as session:
            return deliveries.claim(
                session,
                workspace_id=workspace.id,
                key=key,
                kind="nudge",
                recipient=nudge.recipient,
                now=now,
                lease=self.lease,
            )

    @staticmethod
    def _send(port: NudgePort, nudge: Nudge, claim: deliveries.Claim) -> SendResult:
        try:
            return port.send(nudge, claim.id, key=claim.key)
        except Exception:
            logger.exception("sending a nudge failed; a later tick retries")
            return SendResult(ok=False, error="exception")

    def _record(
        self,
        workspace: Workspace,
        nudge: Nudge,
        delivery_id: int,
        result: SendResult,
        now: datetime,
    ) -> str:
        """Sent: what it said, and its items marked nudged. Undeliverable: failed for today. Else: retried."""
        assert workspace.id is not None
        with self.db.write() as session:
            delivery = queries.get_delivery(session, workspace_id=workspace.id, delivery_id=delivery_id)
            assert delivery is not None
            outcome = deliveries.settle(delivery, result, now, language=nudge.language)
            if outcome == "sent":
                delivery.items = _dump(nudge)
                self._mark_nudged(session, workspace, nudge.items, now)
                if nudge.rate_period is not None:
                    claim_quarter(
                        session, workspace_id=workspace.id, user_id=nudge.recipient, period=nudge.rate_period, now=now
                    )
                for key in sorted({notice.key for notice in nudge.notices}):
                    queries.record_sent(
                        session, workspace_id=workspace.id, key=key, kind="notice", recipient=nudge.recipient, now=now
                    )
            elif outcome == "failed":
                logger.warning("nudge to %s not deliverable: %s", nudge.recipient, result.error)
            session.add(delivery)
        return outcome

    def _mark_nudged(self, session: Session, workspace: Workspace, items: Iterable[NudgeItem], now: datetime) -> None:
        """Each item's row is stamped as nudged now (one statement per kind), and its supplier's schedule refreshed."""
        assert workspace.id is not None
        items = list(items)
        stamped = {
            kind: queries.mark_nudged(
                session,
                workspace_id=workspace.id,
                table=table,
                ids=[item.id for item in items if item.kind == kind],
                now=now,
            )
            for kind, table in (("supplier", Supplier), ("contact", Contact), ("follow_up", FollowUp))
        }
        told = [item.id for item in items if item.kind == "follow_up" and item.promise == "missed"]
        queries.mark_missed_told(session, workspace_id=workspace.id, ids=told, now=now)
        supplier_ids = [item.supplier_id for item in items if item.id in stamped[item.kind]]
        session.flush()
        cadence.refresh_suppliers(session, workspace, supplier_ids)

    # --- what the recipient does with a nudge ----------------------------------------------------------------

    def load(self, team_id: str, delivery_id: int) -> tuple[Nudge, str | None, str | None] | None:
        """The nudge as sent (with the states of its items), and where it was sent."""
        with self.db.read() as session:
            delivery = _sent_nudge(session, team_id, delivery_id)
            if delivery is None or delivery.items is None:
                return None
            nudge = _load(delivery)
            return nudge, delivery.channel_id, delivery.message_ts

    def logging_clears(
        self, team_id: str, delivery_id: int, kind: str, item_id: int, supplier_id: int, contact_ids: list[int]
    ) -> bool:
        """Whether an interaction with this supplier (and these contacts) restarts the clock of the nudge item."""
        loaded = self.load(team_id, delivery_id)
        item = next((i for i in loaded[0].items if (i.kind, i.id) == (kind, item_id)), None) if loaded else None
        if item is None or item.supplier_id != supplier_id:
            return False
        return kind != "contact" or item_id in contact_ids

    def mark_item(
        self, team_id: str, delivery_id: int, kind: str, item_id: int, state: str, detail: str | None
    ) -> Nudge | None:
        """Records what was done with one item; doing it twice records the same thing."""
        with self.db.write() as session:
            delivery = _sent_nudge(session, team_id, delivery_id)
            if delivery is None or delivery.items is None:
                return None
            nudge = _load(delivery)
            nudge.items = [
                replace(i, state=state, detail=detail) if (i.kind, i.id) == (kind, item_id) else i for i in nudge.items
            ]
            delivery.items = _dump(nudge)
            session.add(delivery)
            return nudge


def _maybe_quarter_start(now: datetime) -> bool:
    """Somewhere on Earth it may be the first month of a quarter: a cheap test before looking for Rate buttons."""
    return any((now + timedelta(hours=h)).month in QUARTER_FIRST_MONTHS for h in (-14, 14))


QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


def _rate_periods(
    colleagues: dict[str, Colleague], ready: set[str], now: datetime, country: str | None
) -> dict[str, str]:
    """The quarter each ready colleague is owed Rate buttons for, by their own local date."""
    periods = {}
    for user_id in ready:
        period = rate_period(local_moment(now, colleagues[user_id].tz).date(), country)
        if period is not None:
            periods[user_id] = period
    return periods


def rewrite_items(delivery: Delivery, change: Callable[[Nudge], bool]) -> bool:
    """What a sent nudge said, read, changed in place by `change` (True: it changed something) and written back —
    the one way to rewrite it besides sending, so only `_dump` and `_load` know the stored format. Content that is
    not a nudge's is left as it is (False)."""
    if delivery.items is None:
        return False
    try:
        nudge = _load(delivery)
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    if not change(nudge):
        return False
    delivery.items = _dump(nudge)
    return True


def item_by_button(nudge: Nudge, kind: str, item_id: int) -> NudgeItem | None:
    """The item a button of the posted message names: by its id, or by an id it had before a merge."""
    return next((i for i in nudge.items if i.kind == kind and (i.id == item_id or item_id in i.was)), None)


def _dump(nudge: Nudge) -> str:
    """What a sent nudge said, kept so a click can redraw it: its items with their states, and how many waited."""
    items = [{k: v for k, v in asdict(i).items() if k != "touched_at" and (k != "was" or v)} for i in nudge.items]
    notices = [asdict(n) for n in nudge.notices]
    kept = {"hidden": nudge.hidden, "items": items, "hour": nudge.local_hour, "notices": notices}
    if nudge.rates:
        kept["rates"] = [list(rate) for rate in nudge.rates]
    return json.dumps(kept)


def _load(delivery: Delivery) -> Nudge:
    assert delivery.items is not None
    kept = json.loads(delivery.items)
    if not isinstance(kept, dict):
        raise ValueError("not a sent nudge")
    items = [NudgeItem(**raw) for raw in kept["items"]]
    hidden, hour = int(kept.get("hidden", 0)), kept.get("hour")
    notices = [LeaverNotice(**raw) for raw in kept.get("notices") or []]
    rates = [(int(sid), str(name)) for sid, name in kept.get("rates") or []]
    return Nudge(delivery.recipient, delivery.language or DEFAULT_LANGUAGE, items, hidden, hour, notices, rates)


def _sent_nudge(session: Session, team_id: str, delivery_id: int) -> Delivery | None:
    """A delivery of the team's own workspace: a button from another workspace finds nothing."""
    workspace = queries.get_workspace(session, team_id=team_id)
    if workspace is None or workspace.id is None:
        return None
    return queries.get_delivery(session, workspace_id=workspace.id, delivery_id=delivery_id)
