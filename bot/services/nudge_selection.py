"""Which nudge items are due, for whom, and what fits in one message: pure functions over rows and settings."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import zone
from bot.i18n import DEFAULT_LANGUAGE, language_from_locale
from bot.services import cadence
from bot.services.holders import Holder
from bot.services.promises import missed_from
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
    # Key contacts: whose tie it is. "tie": the recipient holds it; "none": nobody on our side ever spoke with them
    # (the owner is told); "": the owner stands in for a holder who is gone.
    tie: str = ""
    interface: str | None = None
    cadence_days: int | None = None
    days_quiet: int | None = None  # since the last touch
    # Follow-ups: "due" for a promise to the supplier, "missed" for the one line saying a promise counts as missed.
    promise: str = ""
    # The ids this item had before merges moved it (its supplier or contact merged into another): the buttons of the
    # message already posted still carry the old one, and find the item by it.
    was: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class LeaverNotice:
    """A line for a supplier's owner: a colleague who left Slack was our only active tie to one of its contacts."""

    key: str  # logged once shown, so the line is shown once
    leaver_id: str
    contact_name: str
    supplier_name: str
    pick_up: str | None  # who is best placed to pick the contact up (None: nobody in touch with the supplier)


@dataclass
class Nudge:
    recipient: str
    language: str
    items: list[NudgeItem] = field(default_factory=list)
    hidden: int = 0  # items due but left for another day, so the message stays short
    local_hour: int | None = None  # the recipient's hour when it was sent: the greeting fits their time of day
    notices: list[LeaverNotice] = field(default_factory=list)
    # The quarter's Rate buttons (customer-of-choice pulse): (supplier id, name), and the quarter they are for.
    rates: list[tuple[int, str]] = field(default_factory=list)
    rate_period: str | None = None


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


def compose_nudge(
    recipient: str, items: list[NudgeItem], colleague: Colleague, workspace: Workspace, now: datetime
) -> Nudge:
    """The message for one recipient: what fits, last touches as dates in their own time zone, their language,
    and their hour now (for the greeting)."""
    shown, hidden = pick_for_message(items)
    for item in shown:
        if item.touched_at is not None:
            item.last_touch = local_moment(item.touched_at, colleague.tz).date().isoformat()
    hour = local_moment(now, colleague.tz).hour
    return Nudge(recipient, colleague_language(colleague, workspace), shown, hidden, hour)


Wanted = Callable[[str], bool]
ByRecipient = dict[str, list[NudgeItem]]


def add_supplier_items(by_owner: ByRecipient, rows: Iterable[tuple[Any, ...]], now: datetime, wanted: Wanted) -> None:
    """Quiet suppliers, from (owner, id, name, due_at, last_touch_at) rows."""
    for owner, sid, name, due_at, last_touch in rows:
        if wanted(owner):
            by_owner.setdefault(owner, []).append(
                NudgeItem(
                    kind="supplier",
                    id=sid,
                    supplier_id=sid,
                    supplier_name=name,
                    days_overdue=cadence.days_overdue(now, due_at),
                    touched_at=last_touch,
                )
            )


def add_contact_items(
    by_recipient: ByRecipient,
    rows: Iterable[tuple[Any, ...]],
    holders: dict[int, Holder],
    now: datetime,
    wanted: Wanted,
) -> None:
    """Quiet key contacts, each to whoever holds the tie (the owner only when nobody does), from (owner, contact id,
    name, supplier id, supplier name, due_at, last_touch_at, interface, cadence days, fixed holder) rows."""
    for owner, cid, cname, sid, sname, due_at, last_touch, interface, cadence_days, _fixed in rows:
        holder = holders.get(cid)
        recipient = holder.user_id if holder is not None else owner
        if not wanted(recipient):
            continue
        tie = "tie" if holder is not None and holder.holds_tie else "none" if last_touch is None else ""
        by_recipient.setdefault(recipient, []).append(
            NudgeItem(
                kind="contact",
                id=cid,
                supplier_id=sid,
                supplier_name=sname,
                contact_name=cname,
                days_overdue=cadence.days_overdue(now, due_at),
                touched_at=last_touch,
                tie=tie,
                interface=interface,
                cadence_days=cadence_days,
                days_quiet=(now - last_touch).days if last_touch is not None else None,
            )
        )


def add_follow_up_items(
    by_owner: ByRecipient,
    rows: Iterable[tuple[Any, ...]],
    now: datetime,
    zones: dict[str, str | None],
    wanted: Wanted,
    *,
    country: str | None = None,
    untold: Iterable[tuple[Any, ...]] = (),
) -> None:
    """Follow-ups due by the owner's own today and not snoozed past it, from (owner, id, text, due_date, supplier id,
    supplier name, snoozed_until, promise) rows; the owner's today is worked out once per owner. A promise past its
    owner's second working day after the due date counts as missed: it is no longer nudged as due, and its owner is
    told once, from the `untold` rows (open promises nobody was told about yet)."""
    todays: dict[str, date] = {}

    def today_of(owner: str) -> date:
        if owner not in todays:
            todays[owner] = now.astimezone(zone(zones.get(owner) or DEFAULT_TZ)).date()
        return todays[owner]

    def item(owner: str, fid: int, text: str, due: date, sid: int, sname: str, promise: str) -> None:
        by_owner.setdefault(owner, []).append(
            NudgeItem(
                kind="follow_up",
                id=fid,
                supplier_id=sid,
                supplier_name=sname,
                text=text,
                due_date=due.isoformat(),
                days_overdue=(today_of(owner) - due).days,
                promise=promise,
            )
        )

    def missed(owner: str, due: date) -> bool:
        return now >= missed_from(due, zones.get(owner), country)

    told: set[int] = set()
    for owner, fid, text, due, sid, sname, _snoozed in untold:
        if wanted(owner) and missed(owner, due):
            told.add(fid)
            item(owner, fid, text, due, sid, sname, "missed")
    for owner, fid, text, due, sid, sname, snoozed, promise in rows:
        if not wanted(owner) or fid in told:
            continue
        today = today_of(owner)
        if due > today or (snoozed is not None and snoozed > today) or (promise and missed(owner, due)):
            continue
        item(owner, fid, text, due, sid, sname, "due" if promise else "")


def most_overdue_first(by_owner: ByRecipient) -> ByRecipient:
    """Relationships before follow-ups, each most overdue first."""
    for items in by_owner.values():
        items.sort(key=lambda item: (item.kind == "follow_up", -item.days_overdue))
    return by_owner
