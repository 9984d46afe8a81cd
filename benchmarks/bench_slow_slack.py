"""5,000 nudges through a slow, rate-limiting Slack, sent by two replicas on PostgreSQL (issue 17's goal: all once,
in under 5 minutes).

The loopback stand-in answers every Web API call 200 ms late and every 20th with HTTP 429 and `Retry-After: 1`.
One workspace, 5,000 colleagues in Amsterdam each owning one quiet strategic supplier, is seeded in bulk; then two
`covalis tick --at` processes start together as of a Wednesday 10:00 (the two replicas' timers firing at once), and
again in later rounds while anything is left to retry. Prints the total time with its goal, the rounds, the calls
and 429s, and how many DMs each recipient got; nothing is asserted. Needs PostgreSQL: a server at COVALIS_BENCH_PG
(default postgresql+psycopg://postgres@127.0.0.1:5432/), in a throwaway database dropped afterwards; without one
it says so and exits 0.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url
from sqlmodel import col

from bot.services import cadence
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Colleague, Delivery, Supplier, Workspace
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi

NUDGES = int(os.environ.get("COVALIS_BENCH_NUDGES", "5000"))
SLACK_SECONDS = 0.2
RATE_LIMIT_EVERY = 20
REPLICAS = 2
ROUNDS = 5
GOAL_SECONDS = 300.0
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam
TOKEN = "xoxb-test-token"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"
ROOT = Path(__file__).resolve().parents[1]
SENT = re.compile(r"nudges: sent=(\d+).*?already_claimed=(\d+)")


def _seed(db: Database) -> None:
    """5,000 owners, one strategic supplier each, untouched for 30 days (quiet since 16); the user list fresh."""
    workspace = Workspace(id=1, team_id=TEAM_ID, created_at=NOW - timedelta(days=60), users_synced_at=NOW)
    created = NOW - timedelta(days=30)
    plan = cadence.schedule(
        cadence_days=14,
        last_touch_at=created,
        created_at=created,
        snoozed_until=None,
        last_nudged_at=None,
        renudge_days=workspace.renudge_days,
        active=True,
    )
    owners = [f"U{i:07d}" for i in range(NUDGES)]
    colleagues = [
        {"workspace_id": 1, "user_id": o, "tz": "Europe/Amsterdam", "display_name": o, "deleted": False} for o in owners
    ]
    suppliers = [
        {
            "workspace_id": 1,
            "name": f"Supplier {i:05d} BV",
            "name_key": f"supplier {i:05d} bv",
            "segment": "strategic",
            "owner_id": owner,
            "archived": False,
            "created_at": created,
            "last_touch_at": created,
            "due_at": plan.due_at,
            "next_nudge_at": plan.next_nudge_at,
        }
        for i, owner in enumerate(owners)
    ]
    with db.write() as session:
        session.execute(insert(Workspace), [workspace.model_dump()])
        session.execute(insert(Colleague), colleagues)
        session.execute(insert(Supplier), suppliers)


def _tick(url: str, fake: FakeSlackApi, at: datetime, cwd: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COVALIS_"))}
    env.update(PYTHONPATH=str(ROOT), SLACK_BOT_TOKEN=TOKEN, SLACK_API_URL=fake.base_url, COVALIS_DATABASE_URL=url)
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "tick", "--at", at.isoformat()],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _sent(db: Database) -> int:
    with db.read() as session:
        counted = session.execute(select(func.count()).select_from(Delivery).where(col(Delivery.status) == "sent"))
        return int(counted.scalar_one())


def _deliver(url: str, db: Database, fake: FakeSlackApi) -> tuple[float, list[str]]:
    """Rounds of two ticks at once until every nudge is sent (a call that met three 429s in a row waits for the next
    round, as for the next timer tick); the time from the first start to the last exit, and what each round did."""
    rounds: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as cwd:
        for number in range(ROUNDS):
            at = NOW + timedelta(minutes=5 * number)
            processes = [_tick(url, fake, at, cwd) for _ in range(REPLICAS)]
            outcomes = []
            for process in processes:
                out, err = process.communicate(timeout=900)
                if process.returncode != 0:
                    raise SystemExit(f"a tick failed:\n{err[-3000:]}")
                found = SENT.search(out)
                outcomes.append(f"sent {found.group(1)}, already claimed {found.group(2)}" if found else "?")
            rounds.append(f"round {number + 1} at +{time.perf_counter() - started:.0f} s: " + "; ".join(outcomes))
            if _sent(db) >= NUDGES:
                break
    return time.perf_counter() - started, rounds


def _pg_admin(server: str) -> Any:
    import psycopg

    admin = make_url(server).set(drivername="postgresql", database="postgres")
    return psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True, connect_timeout=3)


def main() -> None:
    server = os.environ.get("COVALIS_BENCH_PG", DEFAULT_PG)
    try:
        admin = _pg_admin(server)
    except Exception as error:
        print(f"Slow Slack skipped: it needs PostgreSQL, and no server answers at {make_url(server)!s}", end=" ")
        print(f"({error.__class__.__name__}); set COVALIS_BENCH_PG to a server URL")
        return
    name = f"covalis_bench_slack_{os.getpid()}"
    url = make_url(server).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    admin.execute(f'CREATE DATABASE "{name}"')
    print(f"Slow Slack: seeding {NUDGES:,} due nudges in the throwaway database {name}, then sending", flush=True)
    db = Database.from_url(url)
    try:
        upgrade(db.engine)
        _seed(db)
        with FakeSlackApi() as fake:
            fake.slow_down(SLACK_SECONDS)
            fake.rate_limit_every(RATE_LIMIT_EVERY, retry_after=1)
            took, rounds = _deliver(url, db, fake)
            posts = fake.calls_to("chat.postMessage")
            per_recipient = Counter(len(messages) for messages in fake.history.values())
            calls, limited = len(fake.calls), fake.rate_limited
        sent = _sent(db)
    finally:
        db.dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    print(
        f"  {NUDGES:,} nudges, {REPLICAS} replicas (`covalis tick` processes) on PostgreSQL, every call "
        f"answered {SLACK_SECONDS * 1000:.0f} ms late, every {RATE_LIMIT_EVERY}th with 429 (Retry-After: 1)"
    )
    for line in rounds:
        print(f"  {line}")
    once = per_recipient.get(1, 0)
    print(f"  recorded sent: {sent:,}; DMs in Slack: {once:,} recipients once, {dict(per_recipient)} by count")
    print(f"  Web API calls: {calls:,}, of them chat.postMessage {len(posts):,}; answered 429: {limited:,}")
    verdict = "ok" if took < GOAL_SECONDS and once == NUDGES == sent and len(per_recipient) == 1 else "MISSED"
    print(f"  total {took:.0f} s — goal: all {NUDGES:,} once, in under {GOAL_SECONDS / 60:.0f} minutes  {verdict}")


if __name__ == "__main__":
    main()
