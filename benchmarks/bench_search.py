"""Search at 1,000,000 interactions (issue 22's goal: under 100 ms, so it fits in the 3-second ack with room).

Seeds one workspace with 1,000 suppliers and 1,000,000 interactions with their search entries in bulk (the entries
as storage/search_index.py writes them: folded text, the supplier's and people's names), then times the search
service — the query, the ranking and the ten results' details — for a rare pair of words, a common word, a prefix,
and one supplier's notes. Median of 5 runs each. SQLite always; PostgreSQL when COVALIS_BENCH_PG (a
postgresql+psycopg:// URL of an empty database) is set. Prints what it measured; the goal is not asserted here.
"""

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

from bot.clock import FixedClock
from bot.services.rights import Rights
from bot.services.search import SearchService
from bot.services.suppliers import SupplierService
from bot.services.workspaces import Actor
from storage import queries
from storage.db import Database
from storage.migrate import upgrade
from storage.models import SearchEntry
from storage.search_index import fold, scope

INTERACTIONS = int(os.environ.get("COVALIS_BENCH_SEARCH_ROWS", "1000000"))
SUPPLIERS = 1_000
BATCH = 20_000
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TEAM = "TBENCH"
ALICE = Actor(TEAM, "U0000BENCH")
TOPICS = ("forecast", "price index", "capacity", "quality audit", "lead times", "rebate", "drawings", "samples")
RUNS = 5


def _seed(db: Database) -> int:
    suppliers = SupplierService(db, FixedClock(NOW), Rights(frozenset()))
    ids = [suppliers.add(ALICE, f"Supplier {s:04d} BV", "strategic").id for s in range(SUPPLIERS)]
    first = NOW - timedelta(days=1000)
    with db.write() as session:
        workspace = queries.get_workspace(session, team_id=TEAM)
        assert workspace is not None
        assert workspace.id is not None
        wid = workspace.id
    for start in range(0, INTERACTIONS, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, INTERACTIONS)):
            at = first + timedelta(minutes=(i * 37) % (1000 * 24 * 60))
            rows.append(
                {
                    "workspace_id": wid,
                    "supplier_id": ids[i % SUPPLIERS],
                    "occurred_at": at,
                    "kind": "call",
                    "summary": f"Call {i} about the {TOPICS[i % len(TOPICS)]} with Jan, ticket {i % 9973}",
                    "logged_by": f"U{i % 20:04d}BENCH",
                    "source": "import",
                    "visibility": "private" if i % 50 == 0 else "team",
                    "created_at": at,
                }
            )
        with db.write() as session:
            new_ids = queries.insert_interactions(session, rows)
            entries = [
                {
                    "workspace_id": wid,
                    "supplier_id": row["supplier_id"],
                    "interaction_id": iid,
                    "follow_up_id": None,
                    "occurred_at": row["occurred_at"],
                    "visibility": row["visibility"],
                    "author_id": row["logged_by"],
                    "names": fold(f"Supplier {(row['supplier_id'] - ids[0]) % SUPPLIERS:04d} BV Jan de Vries"),
                    "body": fold(str(row["summary"])),
                    "scope": scope(row["supplier_id"]),
                }
                for iid, row in zip(new_ids, rows, strict=True)
            ]
            session.execute(insert(SearchEntry), entries)
    return ids[7]


def _median_ms(run: object) -> float:
    assert callable(run)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _run(url: str, label: str) -> None:
    db = Database.from_url(url)
    upgrade(db.engine)
    started = time.perf_counter()
    one_supplier = _seed(db)
    if db.engine.dialect.name == "postgresql":
        with db.write() as session:  # as autovacuum (or an import: storage/search_index.py) renews the statistics
            session.execute(text("ANALYZE search_entry"))
    seeded = time.perf_counter() - started
    print(f"{label}: seeded {INTERACTIONS:,} interactions with their search entries in {seeded:.0f} s")
    service = SearchService(db, FixedClock(NOW), Rights(frozenset()))
    cases = {
        "rare pair ('ticket 4711 samples')": lambda: service.search(ALICE, "ticket 4711 samples", lang="en"),
        "common word ('forecast')": lambda: service.search(ALICE, "forecast", lang="en"),
        "prefix ('capac')": lambda: service.search(ALICE, "capac", lang="en"),
        "one supplier ('samples')": lambda: service.search(ALICE, "samples", lang="en", supplier_id=one_supplier),
    }
    for name, run in cases.items():
        found = run()
        took = _median_ms(run)
        count = f"more than {found.total:,}" if found.more else f"{found.total:,}"  # a search ranks the newest 1,000
        print(f"{label}: search {name}: {took:6.1f} ms median of {RUNS} ({count} found) — goal under 100 ms")
    db.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        _run(f"sqlite:///{os.path.join(folder, 'bench.db')}", "SQLite")
    pg = os.environ.get("COVALIS_BENCH_PG")
    if pg:
        _run(pg, "PostgreSQL")


if __name__ == "__main__":
    main()
