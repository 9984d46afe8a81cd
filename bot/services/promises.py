"""Promises to suppliers: when one counts as missed, how each turned out, and the record a supplier card shows.

A promise still open when its owner's second working day after the due date ends (Monday–Friday minus the
workspace's public holidays, in the owner's time zone) counts as missed; kept after that is "kept late", which counts
as missed too. Rights are those of follow-ups: the promise's owner, the supplier's owner or an admin.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.clock import Clock, zone
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.public_holidays import next_working_day
from bot.services.rights import Rights
from bot.services.workspaces import Actor, workspace_and_supplier
from storage import queries
from storage.db import Database
from storage.models import FollowUp, Supplier, Workspace

GRACE_WORKING_DAYS = 2
RECORD_DAYS = 90
OPEN, KEPT, LATE, MISSED = "open", "kept", "late", "missed"


def missed_from(due: date, tz: str | None, country: str | None) -> datetime:
    """The moment an open promise counts as missed: the end of the owner's second working day after `due`."""
    day = due
    for _ in range(GRACE_WORKING_DAYS):
        day = next_working_day(country, day)
    return datetime.combine(day + timedelta(days=1), time(0), zone(tz))


def outcome_of(follow_up: FollowUp, missed_at: datetime, now: datetime) -> str:
    """open, kept, late (kept after it counted as missed) or missed."""
    if follow_up.outcome in (KEPT, LATE, MISSED):
        return follow_up.outcome
    if follow_up.status == "done":  # closed as a plain follow-up before it was a promise: kept when it was done
        done = follow_up.done_at or now
        return KEPT if done < missed_at else LATE
    return MISSED if now >= missed_at else OPEN


def counts_as_missed(outcome: str) -> bool:
    return outcome in (LATE, MISSED)


@dataclass(frozen=True)
class PromiseView:
    """A promise as others may see it: `text` is None when it came from someone else's private note."""

    id: int
    supplier_name: str
    text: str | None
    due_date: date
    owner_id: str
    outcome: str


@dataclass(frozen=True)
class PromiseRecord:
    """How a supplier's promises due in the last 90 days turned out: kept on time of those decided, and the missed."""

    kept: int
    decided: int
    missed: list[PromiseView] = field(default_factory=list)


@dataclass(frozen=True)
class PromiseList:
    supplier_name: str
    open: list[PromiseView]
    kept: list[PromiseView]
    missed: list[PromiseView]


class Deadlines:
    """When each owner's promises count as missed: their time zone and the workspace's holidays, read once."""

    def __init__(self, session: Session, workspace: Workspace) -> None:
        assert workspace.id is not None
        self.zones = queries.time_zones_of(session, workspace_id=workspace.id)
        self.country = workspace.holiday_country

    def missed_from(self, follow_up: FollowUp) -> datetime:
        return missed_from(follow_up.due_date, self.zones.get(follow_up.owner_id), self.country)

    def outcome(self, follow_up: FollowUp, now: datetime) -> str:
        return outcome_of(follow_up, self.missed_from(follow_up), now)


def view(follow_up: FollowUp, supplier_name: str, outcome: str, private_author: str | None, viewer: str) -> PromiseView:
    assert follow_up.id is not None
    hidden = private_author is not None and private_author != viewer
    return PromiseView(
        follow_up.id, supplier_name, None if hidden else follow_up.text, follow_up.due_date, follow_up.owner_id, outcome
    )


def promise_record(
    session: Session, workspace: Workspace, supplier: Supplier, viewer: str, now: datetime
) -> PromiseRecord | None:
    """The card's line: promises due in the last 90 days, kept on time of those decided; None when there were none.
    Someone else's private promise counts, but its text is never shown."""
    assert workspace.id is not None
    assert supplier.id is not None
    deadlines = Deadlines(session, workspace)
    since = now.date() - timedelta(days=RECORD_DAYS)
    kept, decided, missed = 0, 0, []
    for follow_up, author in queries.promises_of_supplier(
        session, workspace_id=workspace.id, supplier_id=supplier.id, due_from=since
    ):
        outcome = deadlines.outcome(follow_up, now)
        if outcome == OPEN:
            continue
        decided += 1
        kept += outcome == KEPT
        if counts_as_missed(outcome):
            missed.append(view(follow_up, supplier.name, outcome, author, viewer))
    return PromiseRecord(kept, decided, missed) if decided else None


def _not_allowed(owner: str, supplier_owner: str) -> NotAllowed:
    """The refusal names who may close the promise, once each."""
    if owner == supplier_owner:
        return NotAllowed("follow_up.not_allowed_owner", owner=owner)
    return NotAllowed("follow_up.not_allowed", owner=owner, supplier_owner=supplier_owner)


def settle(session: Session, workspace: Workspace, follow_up: FollowUp, kept: bool, now: datetime) -> str:
    """Closes a promise as kept (late once it counted as missed) or missed; a closed one keeps its outcome."""
    if follow_up.status == "done" and follow_up.outcome:
        return follow_up.outcome
    late = now >= Deadlines(session, workspace).missed_from(follow_up)
    follow_up.outcome = (LATE if late else KEPT) if kept else MISSED
    follow_up.status, follow_up.done_at = "done", now
    session.add(follow_up)
    return follow_up.outcome


def move_due(session: Session, workspace: Workspace, follow_up: FollowUp, until: date, now: datetime) -> bool:
    """Snoozing a promise moves its due date; one that already counts as missed stays missed (False)."""
    if follow_up.status != "open" or now >= Deadlines(session, workspace).missed_from(follow_up):
        return False
    follow_up.due_date, follow_up.snoozed_until = until, None
    session.add(follow_up)
    return True


class PromiseService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def settle(self, team_id: str, user_id: str, follow_up_id: int, *, kept: bool) -> str | None:
        """Kept or Missed from a nudge: the outcome recorded (twice is once); None when there is no such promise."""
        now = self.clock.now()
        with self.db.write() as session:
            found = self._promise(session, team_id, user_id, follow_up_id)
            if found is None:
                return None
            workspace, follow_up = found
            return settle(session, workspace, follow_up, kept, now)

    def set_promise(self, actor: Actor, follow_up_id: int, promise: bool) -> tuple[FollowUp, str]:
        """Makes a follow-up a promise or a plain follow-up again (the confirmation's button); with its supplier."""
        with self.db.write() as session:
            found = self._allowed(session, actor.team_id, actor.user_id, follow_up_id)
            if found is None:
                raise InvalidInput("promise.gone")
            _, follow_up, supplier = found
            if follow_up.status == "open":
                follow_up.promise = promise
                session.add(follow_up)
            return follow_up, supplier.name

    def list_for(self, actor: Actor, supplier_id: int) -> PromiseList:
        """`/covalis promises <supplier>`: open, kept and missed promises, latest due first among the closed ones.
        A promise from someone else's private note is listed without its text."""
        now = self.clock.now()
        with self.db.read() as session:
            found = workspace_and_supplier(session, actor, supplier_id)
            if found is None:
                raise InvalidInput("promise.no_supplier")
            workspace, supplier = found
            assert workspace.id is not None  # the helper returns stored rows only
            assert supplier.id is not None
            deadlines = Deadlines(session, workspace)
            lists: dict[str, list[PromiseView]] = {OPEN: [], KEPT: [], MISSED: []}
            for follow_up, author in queries.promises_of_supplier(
                session, workspace_id=workspace.id, supplier_id=supplier.id
            ):
                outcome = deadlines.outcome(follow_up, now)
                shown = view(follow_up, supplier.name, outcome, author, actor.user_id)
                lists[MISSED if counts_as_missed(outcome) else outcome].append(shown)
            return PromiseList(supplier.name, lists[OPEN], list(reversed(lists[KEPT])), list(reversed(lists[MISSED])))

    def _promise(
        self, session: Session, team_id: str, user_id: str, follow_up_id: int
    ) -> tuple[Workspace, FollowUp] | None:
        found = self._allowed(session, team_id, user_id, follow_up_id)
        if found is None or not found[1].promise:
            return None
        return found[0], found[1]

    def _allowed(
        self, session: Session, team_id: str, user_id: str, follow_up_id: int
    ) -> tuple[Workspace, FollowUp, Supplier] | None:
        """The follow-up of the team's workspace, if the user may change it (else NotAllowed naming who may)."""
        workspace = queries.get_workspace(session, team_id=team_id)
        follow_up = session.get(FollowUp, follow_up_id)
        if workspace is None or workspace.id is None or follow_up is None or follow_up.workspace_id != workspace.id:
            return None
        supplier = queries.get_supplier(session, workspace_id=workspace.id, supplier_id=follow_up.supplier_id)
        if supplier is None:
            return None
        if user_id not in (follow_up.owner_id, supplier.owner_id) and not self.rights.is_admin(
            session, workspace_id=workspace.id, user_id=user_id
        ):
            raise _not_allowed(follow_up.owner_id, supplier.owner_id)
        return workspace, follow_up, supplier
