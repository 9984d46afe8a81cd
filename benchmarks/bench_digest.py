"""Building one weekly digest for a workspace of 10,000 suppliers and 1,000,000 interactions (issue 15's goal: under
0.5 s on SQLite, median of 3; aggregated in SQL, not in Python loops). Prints what it measured next to the goal: the
wall time, and the CPU time of this process (what a shared machine's other work does not inflate as much).

SQLite always (temporary file); PostgreSQL at COVALIS_BENCH_PG (default postgres@127.0.0.1:5432) when reachable,
in a throwaway database.
"""

import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from bot.clock import FixedClock
from bot.services.digests import DigestService, Subscription
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    Colleague,
    Contact,
    FollowUp,
    Interaction,
    InteractionColleague,
    InteractionContact,
    Supplier,
    Workspace,
)

SUPPLIERS = int(os.environ.get("COVALIS_BENCH_DIGEST_SUPPLIERS", "10000"))
INTERACTIONS = int(os.environ.get("COVALIS_BENCH_DIGEST_INTERACTIONS", "1000000"))
COLLEAGUES = 200
BATCH = 20_000
REPEATS = 3
GOAL_SECONDS = 0.5  # issue 15, on SQLite
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"
SEGMENTS = ("strategic", "bottleneck", "leverage", "routine")


def _bulk(db: Database, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    iterator = iter(rows)
    with db.write() as session:
        while batch := list(islice(iterator, BATCH)):
            session.execute(insert(table), batch)


def seed(db: Database) -> None:
    rng = random.Random(20261130)
    with db.write() as session:
        session.execute(insert(Workspace), [{"id": 1, "team_id": "TBENCH", "created_at": NOW - timedelta(days=400)}])
    _bulk(
        db,
        Colleague,
        ({"workspace_id": 1, "user_id": f"U{i:05d}", "deleted": i % 97 == 0, "is_admin": False, "is_bot": False}
         for i in range(COLLEAGUES)),
    )  # fmt: skip

    def suppliers() -> Iterator[dict[str, Any]]:
        for i in range(SUPPLIERS):
            touched = NOW - timedelta(days=rng.uniform(0, 90))
            due = touched + timedelta(days=14) if i % 4 < 2 else None
            yield {
                "id": i + 1, "workspace_id": 1, "name": f"Supplier {i:05d}", "name_key": f"supplier {i:05d}",
                "segment": SEGMENTS[i % 4], "owner_id": f"U{rng.randrange(COLLEAGUES):05d}", "archived": i % 50 == 0,
                "created_at": NOW - timedelta(days=200), "last_touch_at": touched, "due_at": due, "next_nudge_at": due,
            }  # fmt: skip

    _bulk(db, Supplier, suppliers())
    _bulk(
        db,
        Contact,
        ({"id": i + 1, "workspace_id": 1, "supplier_id": i + 1, "name": f"Contact {i}", "name_key": f"contact {i}",
          "removed": False, "created_at": NOW - timedelta(days=200)} for i in range(SUPPLIERS)),
    )  # fmt: skip

    def interactions() -> Iterator[dict[str, Any]]:
        for i in range(INTERACTIONS):
            at = NOW - timedelta(seconds=rng.uniform(0, 120 * 86400))
            yield {
                "id": i + 1, "workspace_id": 1, "supplier_id": (i % SUPPLIERS) + 1, "occurred_at": at,
                "kind": "call", "summary": f"call number {i} about the forecast", "logged_by": f"U{i % COLLEAGUES:05d}",
                "source": "command", "visibility": "private" if i % 20 == 0 else "team", "created_at": at,
            }  # fmt: skip

    started = time.perf_counter()
    _bulk(db, Interaction, interactions())
    _bulk(
        db,
        InteractionColleague,
        ({"interaction_id": i + 1, "user_id": f"U{(i * 7) % COLLEAGUES:05d}"} for i in range(INTERACTIONS)),
    )
    _bulk(
        db,
        InteractionContact,
        ({"interaction_id": i + 1, "contact_id": (i % SUPPLIERS) + 1} for i in range(0, INTERACTIONS, 3)),
    )
    _bulk(
        db,
        FollowUp,
        ({"workspace_id": 1, "supplier_id": (i % SUPPLIERS) + 1, "text": f"send prices {i}", "owner_id": "U00001",
          "due_date": (NOW - timedelta(days=i % 30)).date(), "status": "open", "created_at": NOW}
         for i in range(SUPPLIERS // 2)),
    )  # fmt: skip
    print(
        f"  seeded {SUPPLIERS:,} suppliers and {INTERACTIONS:,} interactions in {time.perf_counter() - started:.0f} s"
    )


def measure(db: Database, label: str) -> None:
    service = DigestService(db, FixedClock(NOW))
    subscription = Subscription(
        id=1, channel_id="C1", channel_name=None, segment=None, owner_filter=None, created_by="U00001",
        tz="Europe/Amsterdam", language="en", weekday=0, minute=540, skip_empty=False, error=None,
        created_at=NOW - timedelta(days=30),
    )  # fmt: skip
    service.build("TBENCH", subscription, NOW)  # warm the caches once
    samples, cpu = [], []
    for _ in range(REPEATS):
        started, started_cpu = time.perf_counter(), time.process_time()
        digest = service.build("TBENCH", subscription, NOW)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    median, median_cpu = statistics.median(samples), statistics.median(cpu)
    goal = f"goal under {GOAL_SECONDS} s on SQLite: " + ("ok" if median < GOAL_SECONDS else "MISSED")
    print(
        f"  {label}: digest built in {median:.3f} s ({median_cpu:.3f} s CPU), median of {REPEATS}"
        f"{f'  [{goal}]' if label == 'SQLite' else ''}; "
        f"{digest.interactions:,} interactions this week, {digest.quiet_total:,} quiet, "
        f"{digest.thin_total:,} thin relationships, {digest.overdue_total:,} overdue follow-ups"
    )


def main() -> None:
    print(f"Digest build: {SUPPLIERS:,} suppliers, {INTERACTIONS:,} interactions")
    with tempfile.TemporaryDirectory() as folder:
        db = Database.from_url(f"sqlite:///{folder}/digest.db")
        upgrade(db.engine)
        seed(db)
        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
        measure(db, "SQLite")
        db.dispose()
    server = os.environ.get("COVALIS_BENCH_PG", DEFAULT_PG)
    try:
        import psycopg

        admin_url = make_url(server).set(drivername="postgresql", database="postgres")
        admin = psycopg.connect(admin_url.render_as_string(hide_password=False), autocommit=True, connect_timeout=3)
    except Exception as error:
        print(f"  PostgreSQL skipped: no server at {make_url(server).render_as_string()} ({type(error).__name__})")
        return
    name = f"covalis_bench_digest_{os.getpid()}"
    url = make_url(server).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        db = Database.from_url(url)
        upgrade(db.engine)
        seed(db)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        measure(db, "PostgreSQL")
        db.dispose()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
