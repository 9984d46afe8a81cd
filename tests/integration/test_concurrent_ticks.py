"""Each nudge is sent once, even with two `covalis tick` processes at the same instant on the same database, and a
claim left by a sender that crashed is taken over while a live one is left alone. SQLite and PostgreSQL."""

import contextlib
import itertools
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import web_client
from bot.clock import FixedClock
from bot.config import Settings
from bot.container import Services, build_services
from bot.services.ticks import TickReport
from bot.services.workspaces import Actor
from handlers.delivery import SlackDelivery
from storage import queries
from storage.db import Database
from storage.models import Delivery
from tests.conftest import sqlite_only
from tests.fakes.postgres import throwaway_database
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "xoxb-test-token"
OWNERS = [f"U_OWNER{i:02d}" for i in range(30)]
# Thursday 10 December at 10:30 in Amsterdam; the suppliers, added on Wednesday 25 November, are quiet from 9 December.
ROUND = "2026-12-10T09:30:00+00:00"
SENT = re.compile(r"nudges: sent=(\d+)")


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        for owner in OWNERS:
            api.add_user(owner, tz="Europe/Amsterdam")
        yield api


def slow_post_message(fake: FakeSlackApi) -> None:
    """chat.postMessage takes a moment, as Slack's does, so two ticks overlap while they send."""
    numbers = itertools.count(1)

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        time.sleep(0.02)
        ts = f"1765000000.{next(numbers):06d}"
        return {"channel": "D" + str(body["channel"])[1:], "ts": ts, "message": {"text": body.get("text", "")}}

    fake.set_handler("chat.postMessage", answer)


def seed(services: Services, owners: list[str]) -> None:
    """Each owner adds one strategic supplier on Wednesday 25 November 2026."""
    for index, owner in enumerate(owners):
        services.suppliers.add(Actor(team_id=TEAM_ID, user_id=owner), f"Supplier {index:02d}", "strategic")


def env(fake: FakeSlackApi, database_url: str) -> dict[str, str]:
    variables = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COVALIS_"))}
    variables.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_API_URL=fake.base_url,
        COVALIS_DATABASE_URL=database_url,
    )
    return variables


def posts_per_owner(fake: FakeSlackApi) -> Counter[str]:
    # A request cut off by a killed process (no channel in what arrived) never became a message.
    return Counter(str(c.body["channel"]) for c in fake.calls_to("chat.postMessage") if c.body.get("channel"))


@pytest.mark.slow
def test_two_tick_processes_at_once_send_each_nudge_exactly_once(
    tmp_path: Path, database_url: str, services: Services, fake: FakeSlackApi
) -> None:
    seed(services, OWNERS)
    slow_post_message(fake)

    runs = two_ticks(ROUND, fake, database_url, tmp_path)

    for process, _, err in runs:
        assert process.returncode == 0, err
        assert "Traceback" not in err, err
    assert posts_per_owner(fake) == Counter(dict.fromkeys(OWNERS, 1))
    sent = [int(m.group(1)) for _, out, _ in runs for m in SENT.finditer(out)]
    assert sum(sent) == len(OWNERS), [out for _, out, _ in runs]


@contextlib.contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """An empty database that no process has migrated yet."""
    if kind == "sqlite":
        folder.mkdir(parents=True)
        yield f"sqlite:///{folder / 'covalis.db'}"
        return
    with throwaway_database("covalis_fresh") as url:
        yield url


def two_ticks(at: str, fake: FakeSlackApi, url: str, cwd: Path) -> list[tuple[subprocess.Popen[str], str, str]]:
    """Two real `covalis tick --at` processes started together; (process, stdout, stderr) once both ended."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "tick", "--at", at],
            cwd=cwd,
            env=env(fake, url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    return [(p, *p.communicate(timeout=120)) for p in processes]


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind",
    ["sqlite", "postgresql"],
)
def test_two_tick_processes_on_a_database_not_yet_migrated_both_exit_0(
    tmp_path: Path, fake: FakeSlackApi, kind: str
) -> None:
    """A new release with a migration meets two cron'd ticks (or replicas) starting in the same second."""
    with fresh_database(kind, tmp_path / "fresh") as url:
        for process, _, err in two_ticks(ROUND, fake, url, tmp_path):
            assert process.returncode == 0, err[-2000:]


# --- claims left behind -----------------------------------------------------------------------------------------

AT = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def tick_services(fake: FakeSlackApi, database_url: str, db: Database) -> Services:
    settings = Settings(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_API_URL=fake.base_url,
        COVALIS_DATABASE_URL=database_url,
        _env_file=None,  # type: ignore[call-arg]
    )
    services = build_services(settings, db=db, clock=FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC)))
    seed(services, OWNERS[:2])
    return services


def run_tick(services: Services, at: datetime) -> TickReport:
    services.clock.set(at)  # type: ignore[attr-defined]
    return services.ticks.run(SlackDelivery(web_client(services, TOKEN)))


def leave_claim(services: Services, recipient: str, lease_until: datetime) -> None:
    """The row a sender writes before it sends, as it stays when that sender dies before marking it."""
    with services.db.write() as session:
        workspace = queries.get_workspace(session, team_id=TEAM_ID)
        assert workspace is not None
        assert workspace.id is not None
        session.add(
            Delivery(
                workspace_id=workspace.id,
                key=f"nudge:{TEAM_ID}:{recipient}:{AT.date().isoformat()}",
                kind="nudge",
                recipient=recipient,
                status="claimed",
                lease_until=lease_until,
                attempts=1,
                created_at=AT - timedelta(minutes=10),
            )
        )


def delivery_of(services: Services, recipient: str) -> Delivery:
    with services.db.read() as session:
        return session.exec(select(Delivery).where(Delivery.recipient == recipient)).one()


def test_a_crashed_senders_expired_claim_is_taken_over_and_sent_once(
    tick_services: Services, fake: FakeSlackApi
) -> None:
    crashed, other = OWNERS[0], OWNERS[1]
    leave_claim(tick_services, crashed, lease_until=AT - timedelta(minutes=1))

    report = run_tick(tick_services, AT)

    assert report.nudges.sent == 2
    assert posts_per_owner(fake) == Counter({crashed: 1, other: 1})
    row = delivery_of(tick_services, crashed)
    assert (row.status, row.attempts) == ("sent", 2)
    run_tick(tick_services, AT + timedelta(minutes=10))
    assert posts_per_owner(fake) == Counter({crashed: 1, other: 1})


def test_a_live_claim_is_left_alone_and_sent_by_a_later_tick_once_its_lease_ends(
    tick_services: Services, fake: FakeSlackApi
) -> None:
    busy, other = OWNERS[0], OWNERS[1]
    leave_claim(tick_services, busy, lease_until=AT + timedelta(minutes=4))

    report = run_tick(tick_services, AT)

    assert (report.nudges.sent, report.nudges.already_claimed) == (1, 1)
    assert posts_per_owner(fake) == Counter({other: 1})
    assert delivery_of(tick_services, busy).status == "claimed"
    run_tick(tick_services, AT + timedelta(minutes=2))
    assert posts_per_owner(fake) == Counter({other: 1})
    run_tick(tick_services, AT + timedelta(minutes=6))  # the lease has run out: the sender is presumed dead
    assert posts_per_owner(fake) == Counter({busy: 1, other: 1})


# --- exactly once across a crash: the DM carries its key, read back before a re-send (issue 21) -------------------


def key_of(recipient: str) -> str:
    return f"nudge:{TEAM_ID}:{recipient}:{AT.date().isoformat()}"


def slack_already_has(fake: FakeSlackApi, recipient: str, ts: str) -> None:
    """The DM Slack accepted from a sender that died before it could record the answer."""
    fake.history.setdefault("D" + recipient[1:], []).append(
        {
            "type": "message",
            "bot_id": "B0000TEST",
            "text": "Good morning!",
            "ts": ts,
            "metadata": {"event_type": "covalis_delivery", "event_payload": {"key": key_of(recipient)}},
        }
    )


def test_every_nudge_dm_carries_its_delivery_key_as_metadata(tick_services: Services, fake: FakeSlackApi) -> None:
    run_tick(tick_services, AT)

    sent = {c.body["channel"]: c.body["metadata"] for c in fake.calls_to("chat.postMessage")}
    assert sent == {
        owner: {"event_type": "covalis_delivery", "event_payload": {"key": key_of(owner)}} for owner in OWNERS[:2]
    }


def test_a_dm_slack_took_before_its_sender_died_is_found_and_not_sent_again(
    tick_services: Services, fake: FakeSlackApi
) -> None:
    crashed, other = OWNERS[0], OWNERS[1]
    leave_claim(tick_services, crashed, lease_until=AT - timedelta(minutes=1))
    ts = f"{(AT - timedelta(minutes=9)).timestamp():.6f}"
    slack_already_has(fake, crashed, ts)

    run_tick(tick_services, AT)

    assert posts_per_owner(fake) == Counter({other: 1}), "nothing sent twice"
    row = delivery_of(tick_services, crashed)
    assert (row.status, row.channel_id, row.message_ts) == ("sent", "D" + crashed[1:], ts), "its buttons can update it"
    (looked,) = fake.calls_to("conversations.history")
    assert looked.body["include_all_metadata"] in (True, "true", "1")


def test_without_im_history_a_taken_over_claim_is_sent_again_and_that_is_logged_once(
    tick_services: Services, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    from handlers import delivery

    delivery._history_warned.clear()  # logged once per process: this test is the process's first
    for crashed in OWNERS[:2]:
        leave_claim(tick_services, crashed, lease_until=AT - timedelta(minutes=1))
        slack_already_has(fake, crashed, f"{(AT - timedelta(minutes=9)).timestamp():.6f}")
    fake.set_handler("conversations.history", lambda _body: {"ok": False, "error": "missing_scope"})

    with caplog.at_level("WARNING"):
        run_tick(tick_services, AT)

    assert posts_per_owner(fake) == Counter(dict.fromkeys(OWNERS[:2], 1)), "today's behaviour: sent once more"
    assert {delivery_of(tick_services, owner).status for owner in OWNERS[:2]} == {"sent"}
    warned = [r.getMessage() for r in caplog.records if "im:history" in r.getMessage()]
    assert len(warned) == 1, "said once, not once per message"
    assert "missing_scope" in warned[0]


@pytest.mark.slow
@sqlite_only  # PostgreSQL: tests/integration/test_replicas.py kills a replica mid-send on it
def test_a_tick_killed_while_slack_answers_leaves_every_dm_delivered_exactly_once(
    tmp_path: Path, database_url: str, services: Services, fake: FakeSlackApi
) -> None:
    owners = OWNERS[:8]
    seed(services, owners)
    numbers = itertools.count(1)

    def slack_takes_it_then_answers_slowly(body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("channel"):  # the request of a process killed while it was sending, cut short
            return {"ok": False, "error": "channel_not_found"}
        ts = f"{AT.timestamp() + next(numbers):.6f}"
        channel = "D" + str(body["channel"])[1:]
        message = {"type": "message", "bot_id": "B0000TEST", "ts": ts, "metadata": body.get("metadata")}
        fake.history.setdefault(channel, []).append(message)  # Slack has the message now…
        time.sleep(0.4)  # …and answers late: a kill in here is the crash window the delivery key closes
        return {"channel": channel, "ts": ts}

    fake.set_handler("chat.postMessage", slack_takes_it_then_answers_slowly)
    variables = {**env(fake, database_url), "COVALIS_LEASE_SECONDS": "60"}

    def tick_at(at: datetime) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "tick", "--at", at.isoformat()],
            cwd=tmp_path,
            env=variables,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    killed = tick_at(AT)
    fake.wait_for("chat.postMessage", count=3, timeout=60)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    for at in (AT, AT + timedelta(minutes=2)):  # the lease still live, then run out
        process = tick_at(at)
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err

    assert posts_per_owner(fake) == Counter(dict.fromkeys(owners, 1)), "every DM once: none lost, none twice"
    cut_short = [c for c in fake.calls_to("chat.postMessage") if not c.body.get("channel")]
    assert len(cut_short) <= 1, "only the request in flight when the process died may arrive cut short"
    with services.db.read() as session:
        statuses = {d.recipient: d.status for d in session.exec(select(Delivery))}
    assert statuses == dict.fromkeys(owners, "sent")
