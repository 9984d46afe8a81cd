"""Nudge tick at workspace scale: deciding every nudge due, next to one hand-written SQL query for the same set.

Prints what it measured with issue 3's goals and issue 15's ratio (1.5x) next to the figures, medians of 3;
nothing is asserted. For each size a synthetic
workspace (5,000 owners, N suppliers, 10 interactions per supplier, one contact per supplier, a follow-up per four)
is seeded with bulk Core inserts; the measuring runs in a fresh process so its peak memory is not the seeding's.
SQLite always (a temporary file); PostgreSQL when a server answers at COVALIS_BENCH_PG (default
postgresql+psycopg://postgres@127.0.0.1:5432/), in a throwaway database that is dropped afterwards.
COVALIS_BENCH_SIZES=10000,30000 overrides the supplier counts.
"""

import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlalchemy.engine import make_url

from bot.clock import FixedClock, zone
from bot.services import cadence
from bot.services.holders import HolderQuestion, holders_of
from bot.services.nudges import NudgeService
from bot.services.segments import SEGMENTS
from storage import queries
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    Colleague,
    Contact,
    FollowUp,
    Interaction,
    InteractionContact,
    Supplier,
    Workspace,
)

SIZES = (10_000, 30_000, 100_000)
OWNERS = 5_000
INTERACTIONS_PER_SUPPLIER = 10
FOLLOW_UP_EVERY = 4  # one follow-up per this many suppliers
BATCH = 10_000
REPEATS = 3
SEED = 20261125
TEAM_ID = "TBENCH"
# A Wednesday morning: the same local date in every seeded zone, so one SQL `today` matches the service.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ZONES = ("Europe/Amsterdam", "America/New_York", "Asia/Singapore")
SEGMENT_WEIGHTS = (0.2, 0.2, 0.3, 0.3)  # strategic, bottleneck, leverage, routine (no cadence)
CONTACT_CADENCE = {"strategic": 30, "bottleneck": 60}  # key contacts; other segments' contacts are not key
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"
GOAL_SECONDS, GOAL_RATIO, GOAL_MB = 2.0, 1.5, 300.0  # issue 3; the ratio from issue 15

# Same set as NudgeService.due_for: suppliers by next_nudge_at, key contacts, open follow-ups due by today.
HAND_SQL = """
SELECT s.owner_id, 'supplier' AS kind, s.id, s.id AS supplier_id, s.name, CAST(NULL AS VARCHAR) AS contact_name,
       CAST(NULL AS TEXT) AS text, s.due_at, s.last_touch_at, CAST(NULL AS DATE) AS due_date
FROM supplier s
WHERE s.workspace_id = :ws AND s.next_nudge_at <= :now AND NOT s.archived
UNION ALL
SELECT s.owner_id, 'contact', c.id, s.id, s.name, c.name, NULL, c.due_at, c.last_touch_at, NULL
FROM contact c JOIN supplier s ON s.id = c.supplier_id
WHERE c.workspace_id = :ws AND c.next_nudge_at <= :now AND NOT s.archived AND NOT c.removed
UNION ALL
SELECT f.owner_id, 'follow_up', f.id, s.id, s.name, NULL, f.text, NULL, NULL, f.due_date
FROM follow_up f JOIN supplier s ON s.id = f.supplier_id
WHERE f.workspace_id = :ws AND f.status = 'open' AND f.due_date <= :today
  AND (f.snoozed_until IS NULL OR f.snoozed_until <= :today)
  AND (f.last_nudged_at IS NULL OR f.last_nudged_at <= :renudged_before)
  AND NOT s.archived
ORDER BY 1, 2, 8, 10
"""


def _log(message: str) -> None:
    print(f"  .. {message}", flush=True)


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _bulk(db: Database, table: Any, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with db.write() as session:
        for batch in _batches(rows):
            session.execute(insert(table), batch)
            count += len(batch)
    return count


# --- seeding -----------------------------------------------------------------------------------------------


def _workspace() -> Workspace:
    return Workspace(id=1, team_id=TEAM_ID, created_at=NOW - timedelta(days=400))


def _seed(db: Database, suppliers: int) -> dict[str, int]:
    rng = random.Random(SEED)
    workspace = _workspace()
    renudge = workspace.renudge_days
    counts: dict[str, int] = {}
    with db.write() as session:
        session.execute(insert(Workspace), [workspace.model_dump()])

    counts["colleagues"] = _bulk(
        db,
        Colleague,
        (
            {
                "workspace_id": 1,
                "user_id": f"U{i:07d}",
                "tz": ZONES[i % len(ZONES)],
                "display_name": f"Owner {i}",
                "deleted": False,
                "is_admin": False,
                "is_bot": False,
            }
            for i in range(OWNERS)
        ),
    )

    # One plan per supplier, kept small (tuples) so the parent does not hold a million dicts.
    cadence_of: dict[tuple[str, int | None], int | None] = {}
    plans: list[tuple[str, str, bool, datetime, datetime]] = []  # owner, segment, archived, created, last touch

    def supplier_rows() -> Iterator[dict[str, Any]]:
        for i in range(suppliers):
            segment = rng.choices(SEGMENTS, SEGMENT_WEIGHTS)[0]
            override = rng.choice((7, 21, 0)) if rng.random() < 0.05 else None
            if (segment, override) not in cadence_of:
                probe = Supplier(segment=segment, cadence_days=override)
                cadence_of[segment, override] = cadence.supplier_cadence(workspace, probe)
            owner = f"U{rng.randrange(OWNERS):07d}"
            archived = rng.random() < 0.02
            created = NOW - timedelta(days=rng.uniform(30, 120))
            touched = created + (NOW - created) * rng.random()
            snoozed = NOW + timedelta(days=rng.uniform(-5, 10)) if rng.random() < 0.05 else None
            nudged = NOW - timedelta(days=rng.uniform(0, 14)) if rng.random() < 0.3 else None
            plan = cadence.schedule(
                cadence_days=cadence_of[segment, override],
                last_touch_at=touched,
                created_at=created,
                snoozed_until=snoozed,
                last_nudged_at=nudged,
                renudge_days=renudge,
                active=not archived,
            )
            plans.append((owner, segment, archived, created, touched))
            name = f"Supplier {i:06d} BV"
            yield {
                "id": i + 1,
                "workspace_id": 1,
                "name": name,
                "name_key": name.casefold(),
                "segment": segment,
                "owner_id": owner,
                "cadence_days": override,
                "archived": archived,
                "created_at": created,
                "last_touch_at": touched,
                "due_at": plan.due_at,
                "next_nudge_at": plan.next_nudge_at,
                "snoozed_until": snoozed,
                "last_nudged_at": nudged,
            }

    started = time.perf_counter()
    counts["suppliers"] = _bulk(db, Supplier, supplier_rows())
    _log(f"{counts['suppliers']:,} suppliers in {time.perf_counter() - started:.1f} s")

    def occurred(index: int, j: int) -> datetime:
        _owner, _segment, _archived, created, touched = plans[index]
        return created + (touched - created) * ((j + 1) / INTERACTIONS_PER_SUPPLIER)  # the last one is the touch

    def interaction_rows() -> Iterator[dict[str, Any]]:
        for index, (owner, *_rest) in enumerate(plans):
            for j in range(INTERACTIONS_PER_SUPPLIER):
                at = occurred(index, j)
                yield {
                    "id": index * INTERACTIONS_PER_SUPPLIER + j + 1,
                    "workspace_id": 1,
                    "supplier_id": index + 1,
                    "occurred_at": at,
                    "kind": ("meeting", "call", "email", "chat", "visit")[j % 5],
                    "summary": f"touch {j} with supplier {index}",
                    "logged_by": owner,
                    "source": "command",
                    "visibility": "team",
                    "created_at": at,
                }

    started = time.perf_counter()
    counts["interactions"] = _bulk(db, Interaction, interaction_rows())
    _log(f"{counts['interactions']:,} interactions in {time.perf_counter() - started:.1f} s")

    # One contact per supplier, met in one of its interactions; key contacts on strategic and bottleneck ones.
    contact_touch = [rng.randrange(INTERACTIONS_PER_SUPPLIER) for _ in plans]

    def contact_rows() -> Iterator[dict[str, Any]]:
        for index, (_owner, segment, archived, created, _touched) in enumerate(plans):
            removed = rng.random() < 0.01
            key_cadence = CONTACT_CADENCE.get(segment)
            touched = occurred(index, contact_touch[index])
            nudged = NOW - timedelta(days=rng.uniform(0, 14)) if rng.random() < 0.3 else None
            plan = cadence.schedule(
                cadence_days=key_cadence,
                last_touch_at=touched,
                created_at=created,
                snoozed_until=None,
                last_nudged_at=nudged,
                renudge_days=renudge,
                active=not archived and not removed,
            )
            name = f"Contact {index:06d}"
            yield {
                "id": index + 1,
                "workspace_id": 1,
                "supplier_id": index + 1,
                "name": name,
                "name_key": name.casefold(),
                "role": "account manager",
                "removed": removed,
                "created_at": created,
                "cadence_days": key_cadence,
                "last_touch_at": touched,
                "due_at": plan.due_at,
                "next_nudge_at": plan.next_nudge_at,
                "last_nudged_at": nudged,
            }

    started = time.perf_counter()
    counts["contacts"] = _bulk(db, Contact, contact_rows())
    _bulk(
        db,
        InteractionContact,
        (
            {"interaction_id": index * INTERACTIONS_PER_SUPPLIER + j + 1, "contact_id": index + 1}
            for index, j in enumerate(contact_touch)
        ),
    )
    _log(f"{counts['contacts']:,} contacts (+ their interaction links) in {time.perf_counter() - started:.1f} s")

    def follow_up_rows() -> Iterator[dict[str, Any]]:
        today = NOW.date()
        for number, index in enumerate(range(0, len(plans), FOLLOW_UP_EVERY)):
            owner = plans[index][0]
            open_ = rng.random() < 0.7
            yield {
                "id": number + 1,
                "workspace_id": 1,
                "supplier_id": index + 1,
                "interaction_id": (index + 1) * INTERACTIONS_PER_SUPPLIER,
                "text": f"send the forecast ({number})",
                "due_date": today + timedelta(days=rng.randint(-30, 30)),
                "owner_id": owner,
                "status": "open" if open_ else "done",
                "created_at": NOW - timedelta(days=40),
                "done_at": None if open_ else NOW - timedelta(days=1),
                "snoozed_until": today + timedelta(days=rng.randint(-3, 5)) if rng.random() < 0.1 else None,
                "last_nudged_at": NOW - timedelta(days=rng.uniform(0, 14)) if rng.random() < 0.3 else None,
            }

    started = time.perf_counter()
    counts["follow_ups"] = _bulk(db, FollowUp, follow_up_rows())
    _log(f"{counts['follow_ups']:,} follow-ups in {time.perf_counter() - started:.1f} s")
    return counts


# --- measuring (in a fresh process) ----------------------------------------------------------------------


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _hand_sql(engine: Engine) -> tuple[str, dict[str, Any]]:
    """The query in the driver's paramstyle, with values bound the way the columns store them."""
    dialect = engine.dialect
    today = NOW.astimezone(zone(ZONES[0])).date()
    values = {"ws": 1, "now": NOW, "today": today, "renudged_before": NOW - timedelta(days=_workspace().renudge_days)}
    types = {
        "now": Supplier.__table__.c.next_nudge_at.type,  # type: ignore[attr-defined]
        "renudged_before": FollowUp.__table__.c.last_nudged_at.type,  # type: ignore[attr-defined]
        "today": FollowUp.__table__.c.due_date.type,  # type: ignore[attr-defined]
    }
    for name, type_ in types.items():
        process = type_.bind_processor(dialect)
        if process is not None:
            values[name] = process(values[name])
    sql = HAND_SQL
    if dialect.name == "postgresql":
        sql = re.sub(r":(\w+)", r"%(\1)s", sql)
    return sql, values


def _run_hand_sql(engine: Engine, sql: str, values: dict[str, Any]) -> list[Any]:
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(sql, values)
        rows = cursor.fetchall()
        cursor.close()
        connection.rollback()
        return rows
    finally:
        connection.close()


def measure(url: str) -> dict[str, Any]:
    db = Database.from_url(url)
    service = NudgeService(db, FixedClock(NOW))
    with db.read() as session:
        workspace = queries.get_workspace(session, team_id=TEAM_ID)
    assert workspace is not None
    assert workspace.id is not None

    def decide() -> dict[str, list[Any]]:
        with db.read() as session:
            return service.due_for(session, workspace, NOW)

    rss_before = _maxrss_mb()
    started = time.perf_counter()
    due = decide()  # cold: the RSS high-water mark of one tick's decision
    cold = time.perf_counter() - started
    rss_delta = _maxrss_mb() - rss_before
    decided = {(item.kind, item.id) for items in due.values() for item in items}
    del due
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        due = decide()
        samples.append(time.perf_counter() - started)
        del due  # freeing the result is not part of deciding
    tracemalloc.start()
    due = decide()
    py_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    del due

    sql, values = _hand_sql(db.engine)
    rows = _run_hand_sql(db.engine, sql, values)
    sql_samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        _run_hand_sql(db.engine, sql, values)
        sql_samples.append(time.perf_counter() - started)
    by_sql = {(row[1], row[2]) for row in rows}

    holder_samples = []
    for _ in range(REPEATS):
        with db.read() as session:
            contacts = list(queries.due_contacts(session, workspace_id=workspace.id, now=NOW))
            questions = [HolderQuestion(row[1], row[9], row[0]) for row in contacts]
            started = time.perf_counter()
            holders_of(session, workspace_id=workspace.id, questions=questions, now=NOW)
            holder_samples.append(time.perf_counter() - started)

    probes = []
    for _ in range(2):  # the second is warm, like the decision's samples
        started = time.perf_counter()
        with db.read() as session:
            queries.workspaces_with_due(session, now=NOW)
        probes.append(time.perf_counter() - started)
    probe = probes[-1]
    db.dispose()
    return {
        "due": len(decided),
        "kinds": {kind: sum(1 for k, _ in decided if k == kind) for kind in ("supplier", "contact", "follow_up")},
        "same_set": decided == by_sql,
        "only_tick": len(decided - by_sql),
        "only_sql": len(by_sql - decided),
        "decide_s": statistics.median(samples),
        "decide_cold_s": cold,
        "sql_s": statistics.median(sql_samples),
        "holders_s": statistics.median(holder_samples),
        "probe_s": probe,
        "py_peak_mb": py_peak,
        "rss_delta_mb": rss_delta,
        "rss_total_mb": _maxrss_mb(),
    }


# Linux keeps a process's peak RSS across exec, so a child spawned from this process after seeding would start with
# the seeding's peak and its ru_maxrss delta would read 0. Children are spawned by a small launcher started first.
LAUNCHER = """
import json, subprocess, sys
for line in sys.stdin:
    request = json.loads(line)
    done = subprocess.run(request["argv"], env=request["env"], capture_output=True, text=True)
    print(json.dumps({"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr}), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def measure(self, url: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        env = {**os.environ, "COVALIS_BENCH_URL": url}  # the URL stays out of the process list
        request = {"argv": [sys.executable, os.path.abspath(__file__), "--measure"], "env": env}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        done = json.loads(self.process.stdout.readline())
        if done["rc"] != 0:
            raise RuntimeError(f"measuring failed:\n{done['stderr']}")
        result: dict[str, Any] = json.loads(done["stdout"].strip().splitlines()[-1])
        return result

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


# --- engines ----------------------------------------------------------------------------------------------


def _prepare(url: str) -> Database:
    db = Database.from_url(url)
    upgrade(db.engine)
    return db


def _run_size(launcher: Launcher, url: str, suppliers: int, label: str) -> dict[str, Any]:
    print(f"  {label}, {suppliers:,} suppliers: seeding", flush=True)
    db = _prepare(url)
    try:
        started = time.perf_counter()
        counts = _seed(db, suppliers)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))  # what autovacuum does soon after a bulk load
        # SQLite gets no ANALYZE: Covalis never runs one, so the planner works without statistics as in production.
        _log(f"seeded in {time.perf_counter() - started:.1f} s; measuring in a fresh process")
    finally:
        db.dispose()
    result = launcher.measure(url)
    result.update(suppliers=counts["suppliers"], interactions=counts["interactions"])
    _log(
        f"due {result['due']:,} ({', '.join(f'{k} {v:,}' for k, v in result['kinds'].items())}); "
        f"same set as the SQL: {'yes' if result['same_set'] else 'NO'}"
        + ("" if result["same_set"] else f" (only tick {result['only_tick']}, only SQL {result['only_sql']})")
        + f"; cold {result['decide_cold_s']:.2f} s; workspaces_with_due {result['probe_s'] * 1000:.0f} ms"
    )
    return result


def _table(label: str, results: list[dict[str, Any]]) -> None:
    print(f"\n{label}: deciding every nudge due (NudgeService.due_for), median of {REPEATS}")
    header = (
        f"  {'suppliers':>9} {'interactions':>12} {'due items':>9} {'decide s':>9} {'SQL s':>7} {'ratio':>6}"
        f" {'py peak MB':>10} {'RSS Δ MB':>8} {'RSS MB':>7} {'µs/supplier':>11}"
    )
    print(header)
    for r in results:
        ratio = r["decide_s"] / r["sql_s"] if r["sql_s"] else float("inf")
        print(
            f"  {r['suppliers']:>9,} {r['interactions']:>12,} {r['due']:>9,} {r['decide_s']:>9.3f} {r['sql_s']:>7.3f}"
            f" {ratio:>6.1f} {r['py_peak_mb']:>10.1f} {r['rss_delta_mb']:>8.1f} {r['rss_total_mb']:>7.1f}"
            f" {r['decide_s'] / r['suppliers'] * 1e6:>11.1f}"
        )
    largest, smallest = results[-1], results[0]
    ratio = largest["decide_s"] / largest["sql_s"] if largest["sql_s"] else float("inf")
    peak = max(max(r["py_peak_mb"], r["rss_delta_mb"]) for r in results)
    growth = largest["decide_s"] / smallest["decide_s"] if smallest["decide_s"] else float("inf")
    size_growth = largest["suppliers"] / smallest["suppliers"]

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"  goals at {largest['suppliers']:,} suppliers:")
    decide = largest["decide_s"]
    print(f"    decide under {GOAL_SECONDS:.0f} s: {decide:.3f} s  {verdict(decide < GOAL_SECONDS)}")
    print(f"    within {GOAL_RATIO:.1f}x of the hand-written SQL: {ratio:.2f}x  {verdict(ratio <= GOAL_RATIO)}")
    holders = largest["holders_s"]
    print(
        f"      of the decision, choosing each quiet key contact's holder (which the SQL does not): {holders:.3f} s;"
        f" without it {(decide - holders) / largest['sql_s']:.2f}x"
    )
    print(f"    peak memory under {GOAL_MB:.0f} MB (max of py peak, RSS Δ): {peak:.1f} MB  {verdict(peak < GOAL_MB)}")
    if len(results) > 1:
        print(
            f"    linear or better (at most 1.2x proportional): {size_growth:.1f}x suppliers took {growth:.1f}x"
            f" the time  {verdict(growth <= size_growth * 1.2)}"
        )


def run_sqlite(launcher: Launcher, sizes: list[int]) -> None:
    print("SQLite (temporary file)", flush=True)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for suppliers in sizes:
            results.append(_run_size(launcher, f"sqlite:///{folder}/tick_{suppliers}.db", suppliers, "SQLite"))
            os.remove(f"{folder}/tick_{suppliers}.db")
    _table("SQLite", results)


def _pg_admin(server: str) -> Any:
    import psycopg

    admin = make_url(server).set(drivername="postgresql", database="postgres")
    return psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True, connect_timeout=3)


def run_postgresql(launcher: Launcher, sizes: list[int]) -> None:
    server = os.environ.get("COVALIS_BENCH_PG", DEFAULT_PG)
    try:
        admin = _pg_admin(server)
    except Exception as error:
        print(f"\nPostgreSQL skipped: no server at {make_url(server).render_as_string()} ({error.__class__.__name__})")
        return
    name = f"covalis_bench_{os.getpid()}"
    url = make_url(server).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    print(f"\nPostgreSQL (throwaway database {name})", flush=True)
    results = []
    try:
        for suppliers in sizes:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
            results.append(_run_size(launcher, url, suppliers, "PostgreSQL"))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    _table("PostgreSQL", results)


def main() -> None:
    raw = os.environ.get("COVALIS_BENCH_SIZES")
    sizes = sorted(int(s.replace("_", "")) for s in raw.split(",") if s.strip()) if raw else list(SIZES)
    assert len({NOW.astimezone(zone(tz)).date() for tz in ZONES}) == 1, "NOW must be one local date in every zone"
    started = time.perf_counter()
    print(f"Nudge tick: {OWNERS:,} owners, {INTERACTIONS_PER_SUPPLIER} interactions per supplier, sizes {sizes}")
    launcher = Launcher()
    try:
        run_sqlite(launcher, sizes)
        run_postgresql(launcher, sizes)
    finally:
        launcher.close()
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure(os.environ["COVALIS_BENCH_URL"])))
    else:
        main()
