"""Services take a clock instead of calling datetime.now(), so the timer and tests can run them as of any instant."""

from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock stopped at one instant: `covalis tick --at` and the tests use it."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at.astimezone(UTC)


def zone(tz: str | None) -> ZoneInfo:
    """The named time zone, or UTC when Slack gave none or one Python does not know."""
    try:
        return ZoneInfo(tz) if tz else ZoneInfo("UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")
