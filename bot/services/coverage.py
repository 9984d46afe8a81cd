"""Coverage of a supplier: the person-to-person ties it rests on, the interfaces they reach, and the risks in them.

Companies don't have relationships, people do: this module turns a supplier's ties (colleague ↔ contact) into
warmth, threads, covered interfaces and flags, now and 90 days ago. It is pure — the caller gathers the facts and
passes `now`; it returns data, never text, so the Slack side words each reason in the reader's language.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

WARM, COOLING, COLD, DORMANT = "warm", "cooling", "cold", "dormant"
ACTIVE = frozenset({WARM, COOLING})
WARMTH_ORDER = (WARM, COOLING, COLD, DORMANT)
DEFAULT_TIE_CADENCE_DAYS = 90
DORMANT_DAYS = 365
WINDOW_DAYS = 90  # "touches in 90 days" and the "was" look-back

IMPORTANT_SEGMENTS = ("strategic", "bottleneck")  # the segments that can be "thin", most important first
REST_ON_ONE_SHARE_PERCENT = 70
REST_ON_ONE_MIN_TOUCHES = 5
REST_ON_ONE_MIN_COLLEAGUES = 2

BOW_TIE, RESTS_ON_ONE, KEY_WITHOUT_TIE = "bow_tie", "rests_on_one", "key_without_tie"


@dataclass(frozen=True)
class ContactFacts:
    id: int
    name: str
    interface: str  # commercial | planning | quality | engineering | finance | executive | other
    key_cadence_days: int | None  # a key contact's own cadence; None (or 0) = not a key contact
    role: str | None = None  # as typed, shown on the card
    left: bool = False  # they left their company: their ties are history, never active, never counted

    @property
    def is_key(self) -> bool:
        """A key contact still at the supplier: one who left keeps their cadence only for the record."""
        return bool(self.key_cadence_days) and not self.left


@dataclass(frozen=True)
class TieFacts:
    contact_id: int
    user_id: str
    first_touch: datetime
    last_touch: datetime
    touches_90d: int  # interactions in (now-90d, now]
    last_touch_was: datetime | None  # latest touch at or before now-90d (None: the tie did not exist yet)
    touches_90d_was: int  # interactions in (now-180d, now-90d]
    visible: bool = True  # False: the reader may see only its warmth (a tie only through someone's private notes)
    # What the reader may see of a visible tie when some of its touches are someone else's private notes
    # (None: the same as above — every touch may be shown).
    shown_first_touch: datetime | None = None
    shown_last_touch: datetime | None = None
    shown_touches_90d: int | None = None


@dataclass(frozen=True)
class SupplierFacts:
    supplier_id: int
    name: str
    segment: str  # strategic | bottleneck | leverage | routine
    cadence_days: int | None  # the supplier's effective cadence (None or 0 = none)
    needed_interfaces: tuple[str, ...]  # in the workspace's order; never contains "other"
    contacts: tuple[ContactFacts, ...]  # current contacts (removed ones excluded by the caller)
    ties: tuple[TieFacts, ...]
    colleague_touches_90d: Mapping[str, int]  # user_id → distinct interactions with this supplier in (now-90d, now]
    colleague_touches_90d_was: Mapping[str, int]  # same for (now-180d, now-90d]


def tie_cadence_days(contact: ContactFacts | None, supplier_cadence_days: int | None) -> int:
    """A key contact's own cadence, else the supplier's, else 90 days (0 counts as none at every level)."""
    if contact is not None and contact.key_cadence_days:
        return contact.key_cadence_days
    return supplier_cadence_days or DEFAULT_TIE_CADENCE_DAYS


def warmth(last_touch: datetime | None, cadence_days: int, now: datetime) -> str | None:
    """Warm within one cadence, cooling within two, cold after that, dormant after a year; None before any touch.

    A cadence of 0 or less means "none" and falls back to the 90-day default rather than making every tie cold.
    """
    if last_touch is None:
        return None
    cadence = timedelta(days=cadence_days if cadence_days > 0 else DEFAULT_TIE_CADENCE_DAYS)
    age = now - last_touch
    if age >= timedelta(days=DORMANT_DAYS):
        return DORMANT
    if age >= 2 * cadence:
        return COLD
    if age >= cadence:
        return COOLING
    return WARM


@dataclass(frozen=True)
class TieView:
    """One tie as the reader may see it: a tie known only through someone's private notes shows its warmth alone."""

    contact_id: int
    user_id: str
    warmth: str
    first_touch: datetime | None  # None when not visible
    last_touch: datetime | None  # None when not visible
    touches_90d: int | None  # None when not visible
    visible: bool = True
    also_private: bool = False  # its warmth comes from later touches the reader may not see (private notes)
    left: bool = False  # the contact left their company: history, not an active tie


@dataclass(frozen=True)
class Threads:
    active_ties: int
    colleagues: int
    contacts: int


@dataclass(frozen=True)
class Flag:
    kind: str  # "bow_tie" | "rests_on_one" | "key_without_tie"
    user_id: str | None = None  # rests_on_one: the colleague it rests on
    share_percent: int | None = None  # rests_on_one: their share, rounded down
    touches: int | None = None  # rests_on_one: the supplier's touches in 90 days
    contact_id: int | None = None  # key_without_tie
    contact_name: str | None = None
    named: bool = True  # False when naming the colleague would reveal a tie known only through private notes


@dataclass(frozen=True)
class Coverage:
    supplier_id: int
    name: str
    segment: str
    threads: Threads
    threads_was: Threads
    interfaces: tuple[tuple[str, bool], ...]  # (needed interface, covered now), in needed order
    interfaces_was: tuple[tuple[str, bool], ...]
    flags: tuple[Flag, ...]
    flags_was: tuple[Flag, ...]
    ties: tuple[TieView, ...]  # every tie (dormant ones included), grouped by contact then warmest first

    @property
    def missing_interfaces(self) -> tuple[str, ...]:
        return tuple(name for name, covered in self.interfaces if not covered)

    @property
    def is_thin(self) -> bool:
        """A strategic or bottleneck supplier that carries a flag or misses a needed interface."""
        return self.segment in IMPORTANT_SEGMENTS and bool(self.flags or self.missing_interfaces)


@dataclass(frozen=True)
class _TieState:
    """A tie at one moment: its warmth then (None: it did not exist yet) and whether the reader may see it."""

    contact_id: int
    user_id: str
    warmth: str | None
    visible: bool
    left: bool = False  # the contact left their company: however recent, the tie is history

    @property
    def active(self) -> bool:
        return self.warmth in ACTIVE and not self.left


def coverage(facts: SupplierFacts, now: datetime) -> Coverage:
    """The supplier's coverage now and, by today's contacts, interfaces and cadences, as it was 90 days ago.

    Ties to contacts that are not among `facts.contacts` (removed people) are left out of everything; ties to
    contacts who left their company are kept as history but never active, so they cover nothing and count nowhere.
    """
    ties, cadences, left, states = _now(facts, now)
    then = now - timedelta(days=WINDOW_DAYS)
    states_was = [_state(t, t.last_touch_was, cadences[t.contact_id], then, left) for t in ties]
    return Coverage(
        supplier_id=facts.supplier_id,
        name=facts.name,
        segment=facts.segment,
        threads=_threads(states),
        threads_was=_threads(states_was),
        interfaces=_interfaces(facts.needed_interfaces, facts.contacts, states),
        interfaces_was=_interfaces(facts.needed_interfaces, facts.contacts, states_was),
        flags=_flags(facts, states, facts.colleague_touches_90d),
        flags_was=_flags(facts, states_was, facts.colleague_touches_90d_was),
        ties=_tie_views(facts.contacts, ties, states),
    )


ThinOrder = tuple[int, int, int, str, int]


def _thin_order(facts: SupplierFacts | Coverage, missing: int, flags: int) -> ThinOrder:
    """Strategic before bottleneck, then the most missing, then the most flags, then by name."""
    return (IMPORTANT_SEGMENTS.index(facts.segment), -missing, -flags, facts.name.casefold(), facts.supplier_id)


def thin_first(items: Iterable[Coverage]) -> list[Coverage]:
    """The digest's "thin relationships": strategic before bottleneck, then the most missing, then by name."""
    return sorted(
        (item for item in items if item.is_thin),
        key=lambda item: _thin_order(item, len(item.missing_interfaces), len(item.flags)),
    )


def thin_order(facts: SupplierFacts, now: datetime) -> ThinOrder | None:
    """Where `coverage(facts, now)` would stand in thin_first (None: not thin), from the state now alone.

    Interfaces and flags now depend only on which ties are active now and, for "rests on one", on the colleague
    touches in 90 days, so the digest can rank thousands of suppliers from each tie's last touch and build the
    full coverage (90 days ago, every tie's dates) only for the few it shows.
    """
    if facts.segment not in IMPORTANT_SEGMENTS:
        return None
    _ties, _cadences, _left, states = _now(facts, now)
    missing = sum(1 for _name, covered in _interfaces(facts.needed_interfaces, facts.contacts, states) if not covered)
    flags = len(_flags(facts, states, facts.colleague_touches_90d))
    if not (missing or flags):
        return None
    return _thin_order(facts, missing, flags)


def active_days(cadence_days: int) -> int:
    """How long after its last touch a tie measured against `cadence_days` stays active (see warmth)."""
    cadence = cadence_days if cadence_days > 0 else DEFAULT_TIE_CADENCE_DAYS
    return min(2 * cadence, DORMANT_DAYS)


def _now(facts: SupplierFacts, now: datetime) -> tuple[list[TieFacts], dict[int, int], set[int], list[_TieState]]:
    """The ties to current contacts, each contact's tie cadence, the contacts who left, and each tie's state now."""
    contacts = {contact.id: contact for contact in facts.contacts}
    ties = [tie for tie in facts.ties if tie.contact_id in contacts]
    cadences = {cid: tie_cadence_days(contact, facts.cadence_days) for cid, contact in contacts.items()}
    left = {cid for cid, contact in contacts.items() if contact.left}
    states = [_state(t, t.last_touch, cadences[t.contact_id], now, left) for t in ties]
    return ties, cadences, left, states


def _state(tie: TieFacts, last_touch: datetime | None, cadence_days: int, at: datetime, left: set[int]) -> _TieState:
    tie_warmth = warmth(last_touch, cadence_days, at)
    return _TieState(tie.contact_id, tie.user_id, tie_warmth, tie.visible, tie.contact_id in left)


def _threads(states: Sequence[_TieState]) -> Threads:
    active = [state for state in states if state.active]
    return Threads(
        active_ties=len(active),
        colleagues=len({state.user_id for state in active}),
        contacts=len({state.contact_id for state in active}),
    )


def _interfaces(
    needed: Sequence[str], contacts: Sequence[ContactFacts], states: Sequence[_TieState]
) -> tuple[tuple[str, bool], ...]:
    """A needed interface is covered when a contact working in it has an active tie ("other" is never needed, see
    interfaces.NEEDABLE, so it covers nothing)."""
    reached = {state.contact_id for state in states if state.active}
    covered = {c.interface for c in contacts if c.id in reached}
    return tuple((name, name in covered) for name in needed)


def _flags(facts: SupplierFacts, states: Sequence[_TieState], touches: Mapping[str, int]) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    threads = _threads(states)
    if facts.segment in IMPORTANT_SEGMENTS and (threads.contacts <= 1 or threads.colleagues <= 1):
        flags.append(Flag(BOW_TIE))
    rests = _rests_on_one(threads, states, touches)
    if rests is not None:
        flags.append(rests)
    reached = {state.contact_id for state in states if state.active}
    flags.extend(
        Flag(KEY_WITHOUT_TIE, contact_id=c.id, contact_name=c.name)
        for c in facts.contacts
        if c.is_key and c.id not in reached
    )
    return tuple(flags)


def _rests_on_one(threads: Threads, states: Sequence[_TieState], touches: Mapping[str, int]) -> Flag | None:
    """Several colleagues hold active ties, yet one of them does at least 70% of at least 5 touches.

    The touches are colleague-touches: an interaction two colleagues took part in counts once for each.
    The colleague is named only when the reader can see one of their ties (existing at that moment) anyway.
    """
    if threads.colleagues < REST_ON_ONE_MIN_COLLEAGUES:
        return None
    counts = {user: count for user, count in touches.items() if count > 0}
    total = sum(counts.values())
    if total < REST_ON_ONE_MIN_TOUCHES:
        return None
    user, most = max(counts.items(), key=lambda item: item[1])
    if most * 100 < REST_ON_ONE_SHARE_PERCENT * total:
        return None
    named = any(s.visible for s in states if s.user_id == user and s.warmth is not None)
    return Flag(RESTS_ON_ONE, user_id=user, share_percent=most * 100 // total, touches=total, named=named)


def _tie_views(
    contacts: Sequence[ContactFacts], ties: Sequence[TieFacts], states: Sequence[_TieState]
) -> tuple[TieView, ...]:
    """Grouped by contact (in the contacts' order), warmest then most recent first.

    A tie the reader can't see goes last among those of its warmth, so its place gives no date away.
    """
    place = {contact.id: index for index, contact in enumerate(contacts)}

    def order(pair: tuple[TieFacts, _TieState]) -> tuple[int, int, float, str]:
        tie, state = pair
        recency = -(tie.shown_last_touch or tie.last_touch).timestamp() if tie.visible else math.inf
        return (
            place[tie.contact_id],
            WARMTH_ORDER.index(state.warmth or DORMANT),
            recency,
            tie.user_id,
        )

    return tuple(
        _view(tie, state.warmth or DORMANT, state.left)
        for tie, state in sorted(zip(ties, states, strict=True), key=order)
    )


def _view(tie: TieFacts, tie_warmth: str, left: bool) -> TieView:
    if not tie.visible:
        return TieView(tie.contact_id, tie.user_id, tie_warmth, None, None, None, visible=False, left=left)
    first = tie.shown_first_touch or tie.first_touch
    last = tie.shown_last_touch or tie.last_touch
    touches = tie.touches_90d if tie.shown_touches_90d is None else tie.shown_touches_90d
    also_private = last < tie.last_touch
    return TieView(tie.contact_id, tie.user_id, tie_warmth, first, last, touches, also_private=also_private, left=left)
