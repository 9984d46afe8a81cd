"""Importing history: 100,000 interactions from a CSV file on SQLite (issue 18's goal: under a minute), then the
same file again (nothing changes, every row is matched).

The file is what a team's ERP export looks like: 1,000 suppliers with 3 contacts each, one row per interaction with
a colleague and a contact. Prints what it measured; the goal is not asserted here. SQLite always, PostgreSQL when
COVALIS_BENCH_PG (a postgresql+psycopg:// URL) is set.
"""

import io
import os
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from bot.clock import FixedClock
from bot.services.import_files import read_table
from bot.services.importing import ImportOptions, ImportReport, ImportService
from bot.services.rights import Rights
from storage.db import Database
from storage.migrate import upgrade

INTERACTIONS = 100_000
SUPPLIERS = 1_000
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TEAM = "TBENCH"


def _csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _files() -> tuple[bytes, bytes, bytes]:
    suppliers = _csv(
        "name;segment;owner;cadence", [f"Supplier {s:04d} BV;strategic;U{s % 20:04d}BENCH;30" for s in range(SUPPLIERS)]
    )
    contacts = _csv(
        "supplier;name;role",
        [f"Supplier {s:04d} BV;Contact {c} of {s};Account manager" for s in range(SUPPLIERS) for c in range(3)],
    )
    out = io.StringIO()
    out.write("supplier;date;kind;summary;colleagues;contacts;external id\n")
    first = date(2024, 1, 1)
    for i in range(INTERACTIONS):
        s = i % SUPPLIERS
        day = first + timedelta(days=(i * 7) % 1000)
        out.write(
            f"Supplier {s:04d} BV;{day:%d-%m-%Y};call;Call number {i} about the forecast;"
            f"U{i % 20:04d}BENCH;Contact {i % 3} of {s};ERP-{i}\n"
        )
    return suppliers, contacts, out.getvalue().encode("utf-8")


def _check(report: ImportReport) -> None:
    if not report.written or report.bad_rows:
        raise SystemExit(f"the benchmark's file did not import: {report.bad_rows[:3]}")


def _run(url: str, label: str) -> None:
    db = Database.from_url(url)
    upgrade(db.engine)
    service = ImportService(db, FixedClock(NOW), Rights(frozenset()))
    suppliers, contacts, history = _files()
    for kind, data in (("suppliers", suppliers), ("contacts", contacts)):
        report = service.run(TEAM, read_table(data, kind), ImportOptions())
        _check(report)
    for attempt in ("first import", "same file again"):
        start = time.perf_counter()
        table = read_table(history, "interactions")
        read = time.perf_counter() - start
        report = service.run(TEAM, table, ImportOptions())
        took = time.perf_counter() - start
        _check(report)
        print(
            f"{label}: {INTERACTIONS:,} interactions, {attempt}: {took:5.1f} s "
            f"(reading the file {read:4.1f} s; added {len(report.added):,}, left alone {report.unchanged:,})"
        )
    db.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        _run(f"sqlite:///{os.path.join(folder, 'bench.db')}", "SQLite")
    pg = os.environ.get("COVALIS_BENCH_PG")
    if pg:
        _run(pg, "PostgreSQL")


if __name__ == "__main__":
    main()
