"""A supplier's trend, for the status card's **Trend** picture: touches per month over the last 12 months, and per
quarter the active ties, the needed interfaces covered, promises kept and the pulse on both sides.

Nothing is computed differently from the card: each quarter's ties and interfaces are the coverage rules
(bot/services/coverage.py) applied as of that quarter's end (or now, for the current one), promises the outcomes of
bot/services/promises.py, the pulse the means of bot/services/pulse_gap.py. Counts are of what the reader may see:
someone else's private note is a fact for coverage, never a dated touch in a month's bar.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.clock import Clock
from bot.services.coverage import coverage
from bot.services.errors import SupplierNotFound
from bot.services.promises import KEPT, OPEN, Deadlines
from bot.services.pulse import OURS, THEIRS, scores_of
from bot.services.pulse_gap import side_view
from bot.services.tie_facts import supplier_facts
from bot.services.workspaces import Actor, workspace_and_supplier
from storage import queries
from storage.db import Database

MONTHS = 12
QUARTERS = 4


@dataclass(frozen=True)
class Quarter:
    label: str  # 2026Q4
    active_ties: int
    interfaces_covered: int
    interfaces_needed: int
    promises_kept: int  # of those due in the quarter and decided by now, kept on time
    promises_decided: int
    ours: float | None  # our view's mean score of the answers given in the quarter
    theirs: float | None


@dataclass(frozen=True)
class Trend:
    supplier: str
    months: tuple[tuple[date, int], ...]  # first day of each month (UTC), oldest first, with its touches
    quarters: tuple[Quarter, ...]  # oldest first, the current one last

    @property
    def touches(self) -> int:
        return sum(count for _, count in self.months)


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months, this one included, oldest first."""
    starts = []
    year, month = today.year, today.month
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def quarter_starts(today: date, count: int = QUARTERS) -> list[date]:
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    starts = [first]
    for _ in range(count - 1):
        month = starts[-1].month - 3
        starts.append(date(starts[-1].year - (month < 1), month + 12 if month < 1 else month, 1))
    return starts[::-1]


def _next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month > 12), month - 12 if month > 12 else month, 1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def count_per_month(times: list[datetime], starts: list[date]) -> tuple[tuple[date, int], ...]:
    counts = dict.fromkeys(starts, 0)
    for moment in times:
        day = moment.astimezone(UTC).date()
        key = date(day.year, day.month, 1)
        if key in counts:
            counts[key] += 1
    return tuple(counts.items())


class TrendService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def trend(self, actor: Actor, supplier_id: int) -> Trend:
        now = self.clock.now()
        today = now.astimezone(UTC).date()
        with self.db.read() as session:
            found = workspace_and_supplier(session, actor, supplier_id)
            if found is None:
                raise SupplierNotFound(str(supplier_id))
            workspace, supplier = found
            assert workspace.id is not None  # the helper returns stored rows only
            assert supplier.id is not None
            starts = month_starts(today)
            times = queries.interaction_times(
                session,
                workspace_id=workspace.id,
                supplier_id=supplier.id,
                since=_midnight(starts[0]) - timedelta(microseconds=1),
                until=now,
                viewer_id=actor.user_id,
            )
            deadlines = Deadlines(session, workspace)
            quarter_list = quarter_starts(today)
            promises = queries.promises_of_supplier(
                session, workspace_id=workspace.id, supplier_id=supplier.id, due_from=quarter_list[0]
            )
            answers = queries.pulse_answers_of(session, workspace_id=workspace.id, supplier_ids=[supplier.id])
            quarters = []
            for start in quarter_list:
                end = min(now, _midnight(_next_quarter(start)) - timedelta(microseconds=1))
                facts = supplier_facts(session, workspace, [supplier], end, viewer_id=actor.user_id)[0]
                cov = coverage(facts, end)
                outcomes = [
                    deadlines.outcome(f, now) for f, _ in promises if start <= f.due_date < _next_quarter(start)
                ]
                decided = [o for o in outcomes if o != OPEN]
                within = [a for a in answers if _midnight(start) <= a.answered_at <= end]
                quarters.append(
                    Quarter(
                        label=f"{start.year}Q{(start.month - 1) // 3 + 1}",
                        active_ties=cov.threads.active_ties,
                        interfaces_covered=sum(1 for _, ok in cov.interfaces if ok),
                        interfaces_needed=len(cov.interfaces),
                        promises_kept=sum(1 for o in decided if o == KEPT),
                        promises_decided=len(decided),
                        ours=side_view(scores_of(a) for a in within if a.side == OURS).score,
                        theirs=side_view(scores_of(a) for a in within if a.side == THEIRS).score,
                    )
                )
            return Trend(supplier.name, count_per_month(times, starts), tuple(quarters))
