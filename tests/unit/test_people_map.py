"""The people map's layout, decided on data before any pixel: who sits where, how thick and which colour each tie is,
what is marked missing, and what the title flags. The PNG itself is checked where Slack receives it
(tests/slack/test_pictures_and_brief.py), with `png_size` from here."""

import struct
from datetime import UTC, datetime, timedelta

from bot.services.coverage import ContactFacts, SupplierFacts, TieFacts, coverage
from bot.services.people_map import PeopleMap, layout, line_width

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
NAMES = {"U_A": "Zoe", "U_B": "Adam", "U_C": "Mia"}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature (no imaging library needed)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _tie(contact: int, user: str, days: int, touches: int, *, visible: bool = True) -> TieFacts:
    last = NOW - timedelta(days=days)
    return TieFacts(contact, user, last - timedelta(days=10), last, touches, None, 0, visible=visible)


def _acme() -> PeopleMap:
    contacts = (
        ContactFacts(1, "Anna Berg", "commercial", None, "buyer"),
        ContactFacts(2, "Sara Kok", "commercial", None, "sales director"),
        ContactFacts(3, "Piet Bakker", "quality", None, "quality manager", left=True),
        ContactFacts(4, "Kees Smit", "planning", None, "planner"),
    )
    ties = (
        _tie(1, "U_A", 5, 4),  # warm, 4 touches
        _tie(3, "U_A", 10, 2),  # Piet left: history
        _tie(2, "U_C", 40, 1),  # cooling
        _tie(4, "U_C", 400, 0),  # dormant
        _tie(4, "U_B", 70, 5, visible=False),  # cold, only through someone else's private notes
    )
    facts = SupplierFacts(
        1,
        "Acme Industries",
        "strategic",
        30,
        ("commercial", "quality", "engineering"),
        contacts,
        ties,
        {"U_A": 8, "U_C": 1},
        {},
    )
    return layout(coverage(facts, NOW), contacts, NAMES)


def test_people_sit_by_the_barycentre_of_their_ties_so_lines_cross_little() -> None:
    people = _acme()

    # By name it would be Adam, Mia, Zoe; by where their contacts sit it is Mia (Sara, Kees), Zoe (Anna, Piet), Adam.
    assert [p.label for p in people.ours] == ["Mia", "Zoe", "Adam"]
    # Their side keeps its interface groups; within one, Sara (Mia's, higher up) comes before Anna despite the name.
    assert [(p.label, p.interface) for p in people.theirs] == [
        ("Sara Kok", "commercial"),
        ("Anna Berg", "commercial"),
        ("Kees Smit", "planning"),
        ("Piet Bakker", "quality"),
    ]
    assert [g.interface for g in people.groups] == ["commercial", "planning", "quality", "engineering"]
    rows = [p.row for p in people.theirs]
    assert rows == sorted(rows)
    assert people.rows == 8 + 4  # eight rows on their side (four headings), four for title, flags, legend, columns
    assert people.height_px == 400  # 12 rows × 28 px is less than the minimum


def test_each_line_shows_touches_as_width_and_warmth_as_colour_and_style() -> None:
    lines = {(line.colleague, line.contact): line for line in _acme().lines}

    warm, cooling = lines[("U_A", "c1")], lines[("U_C", "c2")]
    assert (warm.warmth, warm.colour, warm.style, warm.width) == ("warm", "#009E73", "solid", 3.0)
    assert (cooling.warmth, cooling.colour, cooling.style, cooling.width) == ("cooling", "#E69F00", "dashdot", 1.5)
    dormant = lines[("U_C", "c4")]
    assert (dormant.warmth, dormant.colour, dormant.style, dormant.width) == ("dormant", "#999999", "sparse", 1.0)
    left = lines[("U_A", "c3")]
    assert (left.warmth, left.colour, left.style) == ("left", "#999999", "dashed")
    # A tie the reader knows only through someone else's private notes: its warmth, never its count.
    private = lines[("U_B", "c4")]
    assert (private.warmth, private.colour, private.style) == ("cold", "#0072B2", "dotted")
    assert (private.touches_90d, private.width) == (None, 1.0)
    assert line_width(100) == 6.0


def test_needed_interfaces_nobody_reaches_and_the_flags_are_marked() -> None:
    people = _acme()

    assert people.missing == ("quality", "engineering")  # Piet left, and nobody is known in engineering
    groups = {g.interface: g for g in people.groups}
    assert groups["engineering"].empty
    assert not groups["quality"].empty
    assert not groups["planning"].needed
    assert people.flags == ("rests_on_one",)
    assert people.rests_on == "Zoe"
    piet = next(p for p in people.theirs if p.label == "Piet Bakker")
    assert piet.left
    assert people.active_lines == 2


def test_a_supplier_with_very_many_people_draws_those_we_are_in_touch_with_first() -> None:
    contacts = tuple(ContactFacts(i, f"Person {i:03d}", "commercial", None) for i in range(1, 71))
    ties = (_tie(70, "U_A", 5, 1), _tie(69, "U_A", 300, 0))  # one warm, one cold: drawn before the untied
    facts = SupplierFacts(1, "Big", "routine", None, (), contacts, ties, {}, {})

    people = layout(coverage(facts, NOW), contacts, NAMES)

    assert len(people.theirs) == 60
    assert people.hidden == 10
    drawn = {p.label for p in people.theirs}
    assert {"Person 070", "Person 069", "Person 001"} <= drawn
    assert "Person 068" not in drawn  # untied, and last by name
