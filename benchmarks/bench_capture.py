"""Capture path at workspace scale: supplier lookup (exact, prefix, type-ahead) and logging a note.

Prints what it measured; goals are in the README of each issue, not asserted here. SQLite always, PostgreSQL when
COVALIS_BENCH_PG (a postgresql+psycopg:// URL) is set.
"""

import os
import statistics
import tempfile
import time
from datetime import UTC, datetime

from sqlalchemy import insert

from bot.clock import FixedClock
from bot.services.capture import CaptureService
from bot.services.rights import Rights
from bot.services.suppliers import SupplierService
from bot.services.workspaces import Actor
from bot.text import name_key
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Supplier, Workspace

SUPPLIERS = 10_000
ROUNDS = 300
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ACTOR = Actor(team_id="TBENCH", user_id="UBENCH")


def _seed(db: Database) -> None:
    with db.write() as session:
        session.add(Workspace(team_id="TBENCH", created_at=NOW))
        session.flush()
    with db.write() as session:
        rows = []
        for i in range(SUPPLIERS):
            name = f"Supplier {i:05d} BV"
            rows.append(
                {
                    "workspace_id": 1,
                    "name": name,
                    "name_key": name_key(name),
                    "segment": "strategic",
                    "owner_id": "UBENCH",
                    "archived": False,
                    "created_at": NOW,
                }
            )
        session.execute(insert(Supplier), rows)


def _time(label: str, fn: object) -> None:
    assert callable(fn)
    samples = []
    for i in range(ROUNDS):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    print(
        f"  {label:<38} median {statistics.median(samples):7.2f} ms   p95 {samples[int(len(samples) * 0.95)]:7.2f} ms"
    )


def run(url: str, label: str) -> None:
    db = Database.from_url(url)
    upgrade(db.engine)
    _seed(db)
    clock = FixedClock(NOW)
    suppliers, capture = SupplierService(db, clock, Rights(frozenset())), CaptureService(db, clock)
    print(f"{label}: {SUPPLIERS} suppliers, {ROUNDS} rounds each")
    _time("resolve exact name", lambda i: suppliers.resolve(ACTOR, f"supplier {i:05d} bv"))
    _time("resolve unique prefix", lambda i: suppliers.resolve(ACTOR, f"supplier {i:05d}"))
    _time("type-ahead (options endpoint)", lambda i: suppliers.search(ACTOR, f"{i:03d}"))
    _time(
        "log a note with a follow-up", lambda i: capture.log_note(ACTOR, 1 + i, "call #call follow up friday", tz="UTC")
    )
    db.dispose()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/bench.db", "SQLite")
    if os.environ.get("COVALIS_BENCH_PG"):
        run(os.environ["COVALIS_BENCH_PG"], "PostgreSQL")
