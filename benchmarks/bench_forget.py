"""Forgetting a contact in a workspace of 10,000 notes (issue 19's review: 9.4 s before texts were folded once and
passed by unless they hold a word of the person's names).

Seeds one supplier with 10,000 notes in bulk — one in a hundred names the person, the others mix accents, prices and
other people — then times `forget_contact` on SQLite, and on PostgreSQL when COVALIS_BENCH_PG (a
postgresql+psycopg:// URL of an empty database) is set. Prints what it measured; the goal is not asserted here.
Run from the checkout: `PYTHONPATH=. python benchmarks/bench_forget.py` (measured on the 2-core machine under load:
0.55 s wall, 0.18 s CPU, 100 texts changed; before: 6.5–9 s and 2,500 texts, "price" rewritten too).
"""

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta

from bot.clock import FixedClock
from bot.config import Settings
from bot.container import Services, build_services
from bot.services.workspaces import Actor
from storage import queries
from storage.db import Database
from storage.migrate import upgrade

NOTES = int(os.environ.get("COVALIS_BENCH_FORGET_ROWS", "10000"))
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ALICE = Actor("TBENCH", "U0000BENCH")
TEXTS = (
    "Call about the price index with Piet",
    "Een groot probleem met de levertijden, José Müller belt terug",
    "Quarterly review: capacity, rebate and drawings",
    "Visit to the plant in Łódź with Zoë and Pieter",
)


def _run(url: str) -> float:
    db = Database.from_url(url)
    upgrade(db.engine)
    services: Services = build_services(Settings(database_url=url), db=db, clock=FixedClock(NOW))  # type: ignore[call-arg]
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Anna Price", raw_email="anna@acme.example")
    with db.write() as session:
        workspace = queries.get_workspace(session, team_id=ALICE.team_id)
        assert workspace is not None
        rows = [
            {
                "workspace_id": workspace.id,
                "supplier_id": acme.id,
                "occurred_at": NOW - timedelta(minutes=i),
                "kind": "call",
                "summary": f"{TEXTS[i % len(TEXTS)]} #{i}" if i % 100 else f"Anna Price called about order {i}",
                "logged_by": "U0000BENCH",
                "source": "import",
                "visibility": "team",
                "created_at": NOW,
            }
            for i in range(NOTES)
        ]
        queries.insert_interactions(session, rows)
    plan = services.forgetting.plan_forget_contact(ALICE, acme.id, "Anna Price")
    started, cpu = time.perf_counter(), time.process_time()
    done = services.forgetting.forget_contact(ALICE, acme.id, plan.contact_id)
    elapsed = time.perf_counter() - started
    db.dispose()
    print(f"  {done.texts_changed} texts changed; {time.process_time() - cpu:.2f} s of CPU")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(f"SQLite, {NOTES:,} notes: forget took {_run(f'sqlite:///{folder}/bench.db'):.2f} s")
    if url := os.environ.get("COVALIS_BENCH_PG"):
        print(f"PostgreSQL, {NOTES:,} notes: forget took {_run(url):.2f} s")


if __name__ == "__main__":
    main()
