"""The customer-of-choice arithmetic, pure: a side's view, the gap per driver, the biggest gap, and a fall.

Research (Schiele, Pulles, Vos et al. 2016) names the drivers of supplier satisfaction and finds that satisfaction
relative to the supplier's best other customer predicts preferential treatment best, so the relative question is
asked beside them. A view is read from each respondent's latest answer (a colleague on our side, a contact on
theirs) within VIEW_DAYS of that side's newest answer: one person's old answer neither lingers nor counts twice.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

DRIVERS = ("growth", "profitability", "operational", "reliability", "support", "involvement", "accessibility")
SCORE_MIN, SCORE_MAX = 1, 5
RELATIVE_PAR = 3  # "as good as your best customer"
VIEW_DAYS = 180
FALL = 1.0  # a supplier's latest answer this much below their previous one is news for the digest


@dataclass(frozen=True)
class Scores:
    """One answer as plain data: who gave it, when, the one tap (`overall`) or the drivers, and the relative one."""

    respondent: str
    answered_at: datetime
    overall: int | None = None
    drivers: Mapping[str, int] = field(default_factory=dict)
    relative: int | None = None

    @property
    def score(self) -> float | None:
        """The answer in one number: the mean of its drivers, else its one tap."""
        values = [v for k, v in self.drivers.items() if k in DRIVERS]
        if values:
            return sum(values) / len(values)
        return float(self.overall) if self.overall is not None else None


@dataclass(frozen=True)
class SideView:
    """Our view or theirs: the headline score, each driver's mean, the relative answer's mean, the newest answer."""

    score: float | None
    drivers: dict[str, float]
    relative: float | None
    latest_at: datetime | None
    respondents: int


def valid_score(value: int | None) -> bool:
    return value is None or SCORE_MIN <= value <= SCORE_MAX


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def latest_per_respondent(answers: Iterable[Scores]) -> list[Scores]:
    """Each respondent's newest answer, if it falls within VIEW_DAYS of the side's newest one."""
    newest: dict[str, Scores] = {}
    for answer in answers:
        known = newest.get(answer.respondent)
        if known is None or answer.answered_at > known.answered_at:
            newest[answer.respondent] = answer
    if not newest:
        return []
    cutoff = max(a.answered_at for a in newest.values()) - timedelta(days=VIEW_DAYS)
    return sorted((a for a in newest.values() if a.answered_at >= cutoff), key=lambda a: a.answered_at)


def side_view(answers: Iterable[Scores]) -> SideView:
    """A side's view: means over each respondent's latest answer."""
    latest = latest_per_respondent(answers)
    scores = [s for s in (a.score for a in latest) if s is not None]
    drivers: dict[str, float] = {}
    for driver in DRIVERS:
        mean = _mean([a.drivers[driver] for a in latest if driver in a.drivers])
        if mean is not None:
            drivers[driver] = mean
    relative = _mean([a.relative for a in latest if a.relative is not None])
    latest_at = latest[-1].answered_at if latest else None
    return SideView(_mean(scores), drivers, relative, latest_at, len(latest))


def gaps(ours: SideView, theirs: SideView) -> dict[str, float]:
    """Theirs − ours per driver both sides scored: negative where we think better of ourselves than they do."""
    return {
        d: round(theirs.drivers[d] - ours.drivers[d], 2) for d in DRIVERS if d in ours.drivers and d in theirs.drivers
    }


def biggest_gap(gap: Mapping[str, float]) -> tuple[str, float] | None:
    """The most negative gap (ties: the driver listed first); None when no driver falls short."""
    short = [(value, DRIVERS.index(driver), driver) for driver, value in gap.items() if value < 0]
    if not short:
        return None
    value, _, driver = min(short)
    return driver, value


def worth_telling(previous: Scores | None, latest: Scores) -> tuple[bool, bool]:
    """(fell, below best): the latest supplier answer fell by FALL or more from the previous one of the supplier,
    and whether it rated us below their best customer."""
    before, now = (previous.score if previous else None), latest.score
    fell = before is not None and now is not None and before - now >= FALL
    below = latest.relative is not None and latest.relative < RELATIVE_PAR
    return fell, below
