"""The people map of a supplier: who on our side knows whom on theirs, as a layout a renderer only has to draw.

Pure: it takes the coverage (bot/services/coverage.py) as the reader may see it and the names, and decides the
order of the people, the width, colour and style of each line, the needed interfaces nobody reaches and the flags for
the title — no pixels, no Slack, no matplotlib (handlers/pictures.py draws it). Keeping the decisions here lets tests
check them on data, and keeps the picture saying exactly what `/covalis ties` and the card say.

Lines cross little when each person sits near the people they are tied to: colleagues are ordered by the mean row
of their contacts, then contacts (within their interface) by the mean row of their colleagues — two barycentre
passes, the name breaking ties so the same data always gives the same picture.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import Clock
from bot.services.coverage import (
    BOW_TIE,
    COLD,
    COOLING,
    DORMANT,
    RESTS_ON_ONE,
    WARM,
    ContactFacts,
    Coverage,
    SupplierFacts,
    coverage,
)
from bot.services.errors import SupplierNotFound
from bot.services.interfaces import INTERFACES
from bot.services.tie_facts import supplier_facts
from bot.services.workspaces import Actor, workspace_and_supplier
from storage import queries
from storage.db import Database
from storage.models import Workspace

# Okabe & Ito's colour-blind-safe palette; the warmth is in the line style too, so it reads in grey as well.
LEFT = "left"  # a tie to a contact who left their company: history, drawn dashed and grey
COLOURS = {WARM: "#009E73", COOLING: "#E69F00", COLD: "#0072B2", DORMANT: "#999999", LEFT: "#999999"}
STYLES = {WARM: "solid", COOLING: "dashdot", COLD: "dotted", DORMANT: "sparse", LEFT: "dashed"}
WIDTH_MIN = 1.0  # a tie without touches in 90 days (or one the reader may not count)
WIDTH_PER_TOUCH = 0.5
WIDTH_MAX = 6.0
TITLE_ROWS = 4  # the title, the flags line, the legend and the column headings take this many rows of the picture
PIXELS_PER_ROW = 28
MIN_HEIGHT = 400
WIDTH_PX = 800
TITLE_FLAGS = (BOW_TIE, RESTS_ON_ONE)
MAX_CONTACTS = 60


@dataclass(frozen=True)
class Person:
    """One node: `key` is a colleague's user id or `c<contact id>`; `row` counts from the top, 0-based."""

    key: str
    label: str
    row: float
    interface: str | None = None  # theirs only
    role: str | None = None
    left: bool = False  # a contact who left their company
    tied: bool = True  # False: nobody on our side has a tie with this contact
    key_contact: bool = False


@dataclass(frozen=True)
class Group:
    """An interface on their side: its heading's row, and whether it is needed and reached by an active tie."""

    interface: str
    row: float
    needed: bool
    covered: bool
    empty: bool  # a needed interface in which the supplier has nobody we know of

    @property
    def missing(self) -> bool:
        return self.needed and not self.covered


@dataclass(frozen=True)
class Line:
    colleague: str  # user id
    contact: str  # the contact's node key
    warmth: str  # warm | cooling | cold | dormant | left
    width: float
    colour: str
    style: str  # solid | dashdot | dotted | sparse (loosely dotted) | dashed
    touches_90d: int | None  # None: a tie the reader may see only the warmth of


@dataclass(frozen=True)
class PeopleMap:
    supplier: str
    segment: str
    ours: tuple[Person, ...]  # top to bottom
    theirs: tuple[Person, ...]  # top to bottom, grouped by interface
    groups: tuple[Group, ...]
    lines: tuple[Line, ...]
    flags: tuple[str, ...]  # bow_tie, rests_on_one — for the title
    rests_on: str | None  # the name of the colleague it rests on, when the reader may know
    rows: int  # the picture's rows, the title's included
    hidden: int = 0  # contacts left out of a very large map (see drawn_contacts)

    @property
    def height_px(self) -> int:
        return max(MIN_HEIGHT, PIXELS_PER_ROW * self.rows)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(g.interface for g in self.groups if g.missing)

    @property
    def active_lines(self) -> int:
        return sum(1 for line in self.lines if line.warmth in (WARM, COOLING))


def line_width(touches_90d: int | None) -> float:
    """Thicker with more touches in 90 days, within bounds; a tie the reader may not count gets the thinnest."""
    return min(WIDTH_MAX, WIDTH_MIN + WIDTH_PER_TOUCH * (touches_90d or 0))


def _line_kind(warmth: str, left: bool) -> str:
    return LEFT if left else warmth


def drawn_contacts(cov: Coverage, contacts: Sequence[ContactFacts]) -> list[ContactFacts]:
    """At most MAX_CONTACTS, in their order: those with an active tie first, then other ties, then the rest, by name
    — a supplier with hundreds of people still gives a picture one can read (and draw in time)."""
    if len(contacts) <= MAX_CONTACTS:
        return list(contacts)
    active = {v.contact_id for v in cov.ties if v.warmth in (WARM, COOLING) and not v.left}
    tied = {v.contact_id for v in cov.ties}
    ranked = sorted(contacts, key=lambda c: (c.id not in active, c.id not in tied, c.left, c.name.casefold(), c.id))
    kept = {c.id for c in ranked[:MAX_CONTACTS]}
    return [c for c in contacts if c.id in kept]


def layout(cov: Coverage, all_contacts: Sequence[ContactFacts], names: Mapping[str, str]) -> PeopleMap:
    """The map of one supplier as the reader may see it. `names` maps user ids to display names (the id otherwise)."""
    contacts = drawn_contacts(cov, all_contacts)
    by_key = {f"c{c.id}": c for c in contacts}
    views = [v for v in cov.ties if f"c{v.contact_id}" in by_key]
    lines = [
        Line(
            colleague=v.user_id,
            contact=f"c{v.contact_id}",
            warmth=_line_kind(v.warmth, v.left),
            width=line_width(v.touches_90d),
            colour=COLOURS[_line_kind(v.warmth, v.left)],
            style=STYLES[_line_kind(v.warmth, v.left)],
            touches_90d=v.touches_90d,
        )
        for v in views
    ]
    needed = [name for name, _ in cov.interfaces]
    covered = {name for name, ok in cov.interfaces if ok}
    tied = {f"c{v.contact_id}" for v in views}
    key_contacts = {f"c{c.id}" for c in contacts if c.is_key}
    groups_in_order = [i for i in INTERFACES if i in needed or any(c.interface == i for c in contacts)]

    # Their side, first by interface then name; then the colleagues beside it; then theirs again within each group.
    by_group = {i: sorted((c for c in contacts if c.interface == i), key=_contact_name) for i in groups_in_order}
    their_rows = _their_rows(groups_in_order, {i: [f"c{c.id}" for c in by_group[i]] for i in groups_in_order})
    colleagues = sorted({line.colleague for line in lines}, key=lambda u: (names.get(u, u).casefold(), u))
    total = max(len(colleagues), len(their_rows.rows))
    our_rows = _barycentre_order(colleagues, lines, their_rows.positions, names, total)
    reordered = {
        i: _barycentre_within(
            [f"c{c.id}" for c in by_group[i]], lines, our_rows, {key: c.name for key, c in by_key.items()}
        )
        for i in groups_in_order
    }
    their_rows = _their_rows(groups_in_order, reordered)
    theirs = tuple(
        Person(
            key,
            by_key[key].name,
            their_rows.positions[key],
            interface=by_key[key].interface,
            role=by_key[key].role,
            left=by_key[key].left,
            tied=key in tied,
            key_contact=key in key_contacts,
        )
        for key in their_rows.rows
        if key in by_key
    )
    ours = tuple(Person(u, names.get(u, u), our_rows[u]) for u in sorted(our_rows, key=lambda u: our_rows[u]))
    groups = tuple(
        Group(i, their_rows.headings[i], i in needed, i in covered, not by_group[i] and i in needed)
        for i in groups_in_order
    )
    rests = next((f for f in cov.flags if f.kind == RESTS_ON_ONE), None)
    return PeopleMap(
        supplier=cov.name,
        segment=cov.segment,
        ours=ours,
        theirs=theirs,
        groups=groups,
        lines=tuple(lines),
        flags=tuple(f.kind for f in cov.flags if f.kind in TITLE_FLAGS),
        rests_on=names.get(rests.user_id or "", rests.user_id) if rests is not None and rests.named else None,
        rows=max(len(ours), len(their_rows.rows)) + TITLE_ROWS,
        hidden=len(all_contacts) - len(contacts),
    )


def _contact_name(contact: ContactFacts) -> tuple[str, int]:
    return contact.name.casefold(), contact.id


@dataclass(frozen=True)
class _Rows:
    rows: list[str]  # every row of their side: a heading `#<interface>` or a contact's key
    positions: dict[str, float]  # contact key → row
    headings: dict[str, float]  # interface → row of its heading


def _their_rows(groups: Sequence[str], members: Mapping[str, Sequence[str]]) -> _Rows:
    rows: list[str] = []
    positions: dict[str, float] = {}
    headings: dict[str, float] = {}
    for interface in groups:
        headings[interface] = float(len(rows))
        rows.append("#" + interface)
        for key in members[interface]:
            positions[key] = float(len(rows))
            rows.append(key)
    return _Rows(rows, positions, headings)


def _barycentre_order(
    colleagues: Sequence[str],
    lines: Sequence[Line],
    their: Mapping[str, float],
    names: Mapping[str, str],
    total: int,
) -> dict[str, float]:
    """Our side ordered by the mean row of each colleague's contacts, spread evenly over the rows their side takes."""

    def centre(user: str) -> float:
        rows = [their[line.contact] for line in lines if line.colleague == user and line.contact in their]
        return sum(rows) / len(rows) if rows else float(total)

    ordered = sorted(colleagues, key=lambda u: (centre(u), names.get(u, u).casefold(), u))
    if not ordered:
        return {}
    step = total / len(ordered)
    return {user: round((index + 0.5) * step - 0.5, 3) for index, user in enumerate(ordered)}


def _barycentre_within(
    keys: Sequence[str], lines: Sequence[Line], ours: Mapping[str, float], names: Mapping[str, str]
) -> list[str]:
    """One interface's contacts ordered by the mean row of their colleagues; untied contacts last, by name."""

    def order(key: str) -> tuple[int, float, str, str]:
        rows = [ours[line.colleague] for line in lines if line.contact == key and line.colleague in ours]
        centre = sum(rows) / len(rows) if rows else 0.0
        return (0 if rows else 1, centre, names.get(key, key).casefold(), key)

    return sorted(keys, key=order)


class PeopleMapService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def people_map(self, actor: Actor, supplier_id: int) -> PeopleMap:
        """The map as the asker may see it: ties only through someone else's private notes show their warmth alone."""
        now = self.clock.now()
        with self.db.read() as session:
            workspace, facts = _facts(session, actor, supplier_id, now)
            assert workspace.id is not None
            names = {
                user: colleague.display_name or user
                for user, colleague in queries.colleagues_of(session, workspace_id=workspace.id).items()
            }
        return layout(coverage(facts, now), facts.contacts, names)


def _facts(session: Session, actor: Actor, supplier_id: int, now: datetime) -> tuple[Workspace, SupplierFacts]:
    found = workspace_and_supplier(session, actor, supplier_id)
    if found is None:
        raise SupplierNotFound(str(supplier_id))
    workspace, supplier = found
    return workspace, supplier_facts(session, workspace, [supplier], now, viewer_id=actor.user_id)[0]
