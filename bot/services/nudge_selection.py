"""Which nudge items are due, for whom, and what fits in one message: pure functions over rows and settings."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.clock import zone
from bot.i18n import DEFAULT_LANGUAGE, language_from_locale
from storage.models import Colleague, Workspace

DEFAULT_TZ = "UTC"
WEEKDAYS = range(0, 5)


@dataclass(slots=True)
class NudgeItem:
    """One line of a nudge DM; `state` records what the recipient did with it, so the DM can show it."""

    kind: str  # supplier | contact | follow_up
    id: int
    supplier_id: int
    supplier_name: str
    contact_name: str | None = None
    text: str | None = None
    days_overdue: int = 0
    last_touch: str | None = None  # ISO date, local to the recipient
    due_date: str | None = None  # follow-ups: ISO date
    state: str = "open"  # open | logged | snoozed | cadence | done
    detail: str | None = None
    touched_at: datetime | None = None  # UTC; turned into `last_touch` in the recipient's zone only when sent


@dataclass
class Nudge:
    recipient: str
    language: str
    items: list[NudgeItem] = field(default_factory=list)
    hidden: int = 0  # items due but left for another day, so the message stays short


ITEMS_MAX = 15
FOLLOW_UP_SLOTS = 5


def pick_for_message(items: list[NudgeItem]) -> tuple[list[NudgeItem], int]:
    """At most ITEMS_MAX items, most overdue relationships first, with room kept for due follow-ups so a long
    list of quiet suppliers never hides a promise. Items left out are not marked nudged: they come again."""
    follow_ups = [i for i in items if i.kind == "follow_up"]
    relationships = [i for i in items if i.kind != "follow_up"]
    follow_up_room = max(FOLLOW_UP_SLOTS, ITEMS_MAX - len(relationships))
    take_follow_ups = min(len(follow_ups), follow_up_room)
    shown = relationships[: ITEMS_MAX - take_follow_ups] + follow_ups[:take_follow_ups]
    return shown, len(items) - len(shown)


@dataclass(frozen=True)
class Window:
    start_minute: int
    end_minute: int


def local_moment(now: datetime, tz: str | None) -> datetime:
    return now.astimezone(zone(tz or DEFAULT_TZ))


def known_zone(tz: str | None) -> bool:
    if not tz:
        return False
    try:
        ZoneInfo(tz)
    except (KeyError, ValueError):
        return False
    return True


def in_working_hours(now: datetime, tz: str | None, window: Window) -> bool:
    """Monday–Friday, inside the workspace's hours, in the recipient's own time zone."""
    local = local_moment(now, tz)
    minute = local.hour * 60 + local.minute
    return local.weekday() in WEEKDAYS and window.start_minute <= minute < window.end_minute


def colleague_language(colleague: Colleague | None, workspace: Workspace) -> str:
    if colleague is not None and colleague.language:
        return colleague.language
    locale = colleague.slack_locale if colleague else None
    return workspace.language or language_from_locale(locale) or DEFAULT_LANGUAGE


def start_of_local_day(day: date, tz: str | None) -> datetime:
    return datetime.combine(day, time(0), zone(tz or DEFAULT_TZ))
