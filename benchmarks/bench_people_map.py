"""The people map: lay out and render a supplier with 30 contacts and 10 colleagues (issue 20's goal: under 300 ms).

The facts are built in memory (no database): 30 contacts over six interfaces, 10 colleagues, each colleague tied to
about a third of the contacts with a spread of warmth and touches. Times the layout (bot/services/people_map.py) and
the PNG (handlers/pictures.py, matplotlib Agg) separately, median of 7 runs after one warm-up that pays matplotlib's
import. Prints what it measured and the goal; the goal is not asserted here. With an argument, writes the PNG there.
"""

import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from bot.services.coverage import ContactFacts, SupplierFacts, TieFacts, coverage
from bot.services.people_map import PeopleMap, layout
from handlers.pictures import render_people_map

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CONTACTS = 30
COLLEAGUES = 10
RUNS = 7
GOAL_MS = 300
INTERFACES = ("commercial", "planning", "quality", "engineering", "finance", "executive")
FIRST = ("Sara", "Piet", "Kees", "Anna", "Joost", "Fleur", "Daan", "Eva", "Lars", "Noor")
LAST = ("Kok", "Bakker", "Smit", "de Vries", "Jansen", "Visser", "Mulder")


def facts() -> tuple[SupplierFacts, dict[str, str]]:
    contacts = tuple(
        ContactFacts(
            i + 1,
            f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}",
            INTERFACES[i % len(INTERFACES)],
            30 if i % 7 == 0 else None,
            ("account manager", "planner", "quality engineer", "R&D lead", "controller", "director")[i % 6],
            left=i == 29,
        )
        for i in range(CONTACTS)
    )
    users = [f"U{n:03d}" for n in range(COLLEAGUES)]
    ties = []
    for u, user in enumerate(users):
        for c in range(CONTACTS):
            if (c + u) % 3:
                continue
            age = timedelta(days=(c * 11 + u * 17) % 400)
            ties.append(TieFacts(c + 1, user, NOW - age - timedelta(days=30), NOW - age, (c + u) % 9, None, 0))
    supplier = SupplierFacts(
        1, "Acme Industries", "strategic", 30, INTERFACES[:5], contacts, tuple(ties), dict.fromkeys(users, 3), {}
    )
    return supplier, {user: f"Colleague {chr(65 + i)}. Example" for i, user in enumerate(users)}


def main() -> None:
    supplier, names = facts()
    people: PeopleMap = layout(coverage(supplier, NOW), supplier.contacts, names)
    started = time.perf_counter()
    png = render_people_map("en", people)
    first = time.perf_counter() - started
    layouts, renders, cpu = [], [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        people = layout(coverage(supplier, NOW), supplier.contacts, names)
        layouts.append(time.perf_counter() - started)
        started, cpu_started = time.perf_counter(), time.process_time()
        png = render_people_map("en", people)
        renders.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    layout_ms = statistics.median(layouts) * 1000
    render_ms = statistics.median(renders) * 1000
    total = layout_ms + render_ms
    print(f"people map: {CONTACTS} contacts x {COLLEAGUES} colleagues, {len(people.lines)} ties, {people.height_px} px")
    print(f"  first render (matplotlib import included): {first * 1000:.0f} ms")
    print(f"  layout {layout_ms:.1f} ms + render {render_ms:.0f} ms = {total:.0f} ms (goal: under {GOAL_MS} ms)")
    print(f"  render CPU time {statistics.median(cpu) * 1000:.0f} ms (wall time above includes waiting for a core)")
    print(f"  PNG {len(png) / 1024:.0f} KiB")
    if len(sys.argv) > 1:
        with open(sys.argv[1], "wb") as out:
            out.write(png)


if __name__ == "__main__":
    main()
