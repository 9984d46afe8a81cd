"""`covalis try --seed`: a small sample world typed in through the same door as everything else — six suppliers in
all four segments, their people on several interfaces, three months of notes from four colleagues, open follow-ups
and a promise, a weekly digest — so status, quiet, ties, the nudges and the digest show something at once.

Each step runs as of its own day (the sandbox clock is moved back for it), so the notes really are months old.
"""

from datetime import date, timedelta

from bot.clock import FixedClock
from bot.sandbox.door import SlackDoor
from bot.sandbox.world import BY_ID, HOME_ZONE

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(d: date) -> str:
    """A date as the note grammar reads it in English: "3 December"."""
    return f"{d.day} {MONTHS[d.month - 1]}"


def steps(start: date) -> list[tuple[int, str, str]]:
    """(days before the sandbox starts, who, what they typed after /covalis)."""
    yesterday = start - timedelta(days=1)
    return [
        (95, "U_SANNE", "language nl"),
        (95, "U_ALEX", "supplier add Acme Industries strategic"),
        (95, "U_MEI", "supplier add Helix Packaging strategic"),
        (95, "U_SANNE", "supplier add Brightwave Semiconductors bottleneck"),
        (95, "U_JORDAN", "supplier add Nordic Metals leverage"),
        (95, "U_ALEX", "supplier add Delta Logistics leverage"),
        (95, "U_SANNE", "supplier add OfficeHub routine"),
        (95, "U_ALEX", "contact add Acme: Jan de Vries, account manager"),
        (95, "U_ALEX", "contact add Acme: Sara Kok, quality manager"),
        (95, "U_ALEX", "contact add Acme: Tom Bakker, production planner"),
        (95, "U_ALEX", "contact add Acme: Lisa Chen, CEO"),
        (95, "U_ALEX", "contact key Acme: Sara Kok 21"),
        (95, "U_MEI", "contact add Helix: Priya Nair, sales director"),
        (95, "U_MEI", "contact add Helix: Marco Rossi, packaging engineer"),
        (95, "U_SANNE", "contact add Brightwave: Pieter Smit, sales manager"),
        (95, "U_SANNE", "contact add Brightwave: Emma Jansen, supply planner"),
        (95, "U_SANNE", "contact add Brightwave: Wei Zhang, quality engineer"),
        (95, "U_JORDAN", "contact add Nordic Metals: Erik Lund, key account manager"),
        (95, "U_JORDAN", "contact add Nordic Metals: Ingrid Berg, finance controller"),
        (95, "U_ALEX", "contact add Delta Logistics: Carlos Ruiz, account manager"),
        (95, "U_SANNE", "contact add OfficeHub: Femke Visser, customer service"),
        (95, "U_ALEX", "digest <#C_SUPPLIERS|supplier-news>"),
        (88, "U_ALEX", "note Acme: kick-off with Jan de Vries and Lisa Chen about the 2027 contract #meeting"),
        (80, "U_SANNE", "note Brightwave: call with Pieter Smit about the allocation for Q1 #call"),
        (75, "U_JORDAN", "note Nordic Metals: price review with Erik Lund #meeting"),
        (70, "U_ALEX", "note Delta Logistics: call with Carlos Ruiz about the tender #call"),
        (65, "U_MEI", "note Helix: visit with Priya Nair and Marco Rossi at their plant #visit"),
        (60, "U_ALEX", "note Acme: quality review with Sara Kok, two open 8D reports #meeting"),
        (55, "U_JORDAN", "note Acme: forecast call with Tom Bakker #call"),
        (45, "U_SANNE", "note Brightwave: call with Emma Jansen about lead times #call"),
        (40, "U_SANNE", "note Brightwave: quality escalation with Wei Zhang #meeting"),
        (30, "U_MEI", "note Helix: call with Priya Nair about the 2027 volumes #call"),
        (25, "U_ALEX", "note Acme: call with Jan de Vries about the price index #call"),
        (20, "U_JORDAN", "note Nordic Metals: call with Erik Lund and Ingrid Berg about payment terms #call"),
        (16, "U_ALEX", f"note Acme: lunch with Jan de Vries, we promised to send the forecast by {_day(start)} #event"),
        (10, "U_MEI", "note Helix: call with Marco Rossi about the new tray design #call"),
        (
            6,
            "U_JORDAN",
            f"note Nordic Metals: mail from Erik Lund about surcharges, follow up {_day(yesterday)} #email",
        ),
        (4, "U_SANNE", "note OfficeHub: chat with Femke Visser about the new order portal #chat"),
    ]


def seed(door: SlackDoor, clock: FixedClock) -> None:
    """Types the sample world in, each step as of its day, then sets the clock back to the sandbox's start."""
    start = clock.now()
    local_start = start.astimezone(HOME_ZONE).date()
    for days, user, text in steps(local_start):
        assert user in BY_ID
        clock.set(start - timedelta(days=days))
        door.command_raw_text(text, user=user)
    clock.set(start)
