"""Two replicas on one PostgreSQL database, one of them killed (SIGKILL) in the middle of its tick while Slack is slow:
every note stored once, every nudge and digest delivered, none twice (issue 17).

Two real `covalis run --http` processes, each with its own timer (`COVALIS_TICK_SECONDS=1`) and short leases
(`COVALIS_LEASE_SECONDS=2`), against the loopback stand-in answering every post half a second late. Each replica has
its own bot token, so the stand-in's record tells which one made a call.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, available_timezones

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import insert
from sqlmodel import select

from bot.container import Services
from bot.services import cadence
from bot.services.workspaces import Actor
from storage import queries
from storage.models import Colleague, Delivery, Interaction, Supplier
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-signing-secret"
TOKENS = {"a": "xoxb-replica-a", "b": "xoxb-replica-b"}
OWNERS = [f"U_OWNER{i:03d}" for i in range(64)]  # one quiet strategic supplier each: 64 nudges
NOTER = "U_NOTER"
DIGESTS = ["C_DIGEST1", "C_DIGEST2"]
NOTES = 6
SLACK_SECONDS = 0.5  # every post answered this late: with 16 in flight per replica, a tick takes seconds
KILL_AFTER_POSTS = 20  # the first replica to have made this many posts is killed, with up to 16 still unanswered

# `covalis` as `python -m bot.cli` runs it, with the clock its services read moved on by whole days (argv[1]; 0 on a
# weekday). Nudges go out Monday to Friday in working hours where the recipient is; on a weekend no time zone on Earth
# has a weekday morning, so there the processes live a day or two ahead. Timers, leases and Slack's clock stay real.
SHIFTED_COVALIS = """
import sys
from datetime import timedelta
from bot import clock
shift = timedelta(days=int(sys.argv.pop(1)))
real_now = clock.SystemClock.now
clock.SystemClock.now = lambda self: real_now(self) + shift
from bot.cli import main
main(prog_name="covalis")
"""


def a_working_morning(now: datetime) -> tuple[str, int]:
    """A time zone where it is a weekday between 10:00 and 15:00 (inside the default 09:00-17:00 with room for the
    test), after moving the clock on by as few whole days as needed (0 except on weekends)."""
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "posix/", "right/")))
    for days in range(4):
        for name in zones:
            local = (now + timedelta(days=days)).astimezone(ZoneInfo(name))
            if local.weekday() < 5 and 10 <= local.hour < 15:
                return name, days
    raise AssertionError("every four days hold a weekday morning somewhere")


def seed(services: Services, tz: str, now: datetime) -> None:
    """A routine supplier to log notes on, weekly digests due since Monday 09:00 in `tz`, and each owner's strategic
    supplier added 30 days ago (quiet after 14) — written in bulk with the schedule the service would give them."""
    services.clock.set(now - timedelta(days=30))  # type: ignore[attr-defined]
    services.suppliers.add(Actor(TEAM_ID, NOTER), "Routine BV", "routine")
    for channel in DIGESTS:
        services.digests.subscribe(
            Actor(TEAM_ID, NOTER),
            channel_id=channel,
            channel_name=channel.lower(),
            segment=None,
            owner_filter=None,
            tz=tz,
            language="en",
        )
    added = now - timedelta(days=30)
    plan = cadence.schedule(
        cadence_days=14,
        last_touch_at=added,
        created_at=added,
        snoozed_until=None,
        last_nudged_at=None,
        renudge_days=7,
        active=True,
    )
    with services.db.write() as session:
        workspace = queries.get_workspace(session, team_id=TEAM_ID)
        assert workspace is not None
        colleagues = [{"workspace_id": workspace.id, "user_id": owner} for owner in OWNERS]
        suppliers = [
            {
                "workspace_id": workspace.id,
                "name": f"Supplier {index:03d}",
                "name_key": f"supplier {index:03d}",
                "segment": "strategic",
                "owner_id": owner,
                "created_at": added,
                "last_touch_at": added,
                "due_at": plan.due_at,
                "next_nudge_at": plan.next_nudge_at,
            }
            for index, owner in enumerate(OWNERS)
        ]
        session.execute(insert(Colleague), colleagues)  # their time zones come from Slack's user list at a tick
        session.execute(insert(Supplier), suppliers)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Replica:
    """One `covalis run --http` process; its output goes to a file (a pipe nobody reads would fill up)."""

    def __init__(self, name: str, fake: FakeSlackApi, database_url: str, shift_days: int, folder: Path) -> None:
        self.name, self.port, self.log = name, _free_port(), folder / f"replica-{name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COVALIS_"))}
        env.update(
            PYTHONPATH=str(ROOT),
            SLACK_BOT_TOKEN=TOKENS[name],
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=fake.base_url,
            COVALIS_DATABASE_URL=database_url,
            COVALIS_TICK_SECONDS="1",
            COVALIS_LEASE_SECONDS="2",
        )
        argv = [sys.executable, "-c", SHIFTED_COVALIS, str(shift_days), "run", "--http", "--host", "127.0.0.1"]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [*argv, "--port", str(self.port)], cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_until_serving(self, deadline: float) -> None:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"replica {self.name} did not start:\n{self.output()}") from None
                time.sleep(0.1)

    def note(self, fake: FakeSlackApi, number: int) -> None:
        """`/covalis note …` as Slack sends it: form body, signed."""
        body = urlencode(
            {
                "team_id": TEAM_ID,
                "user_id": NOTER,
                "command": "/covalis",
                "text": f"note Routine BV: check-in number {number}",
                "response_url": fake.response_url(f"note{number}"),
                "trigger_id": f"trigger{number}",
            }
        ).encode()
        stamp = str(int(time.time()))
        signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
        assert signature is not None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/slack/events", data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("X-Slack-Request-Timestamp", stamp)
        request.add_header("X-Slack-Signature", signature)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200, f"replica {self.name} refused note {number}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@contextlib.contextmanager
def replicas(fake: FakeSlackApi, database_url: str, shift_days: int, folder: Path) -> Iterator[dict[str, Replica]]:
    started = {name: Replica(name, fake, database_url, shift_days, folder) for name in TOKENS}
    try:
        deadline = time.monotonic() + 30
        for replica in started.values():
            replica.wait_until_serving(deadline)
        yield started
    finally:
        for replica in started.values():
            if replica.process.poll() is None:
                replica.process.kill()
                replica.process.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_replica_killed_mid_tick_leaves_every_note_stored_and_every_nudge_and_digest_delivered_once(
    tmp_path: Path, services: Services
) -> None:
    real_now = datetime.now(UTC)
    tz, shift_days = a_working_morning(real_now)
    seed(services, tz, real_now + timedelta(days=shift_days))

    with FakeSlackApi(valid_tokens=set(TOKENS.values())) as fake:
        for user in [*OWNERS, NOTER]:
            fake.add_user(user, tz=tz)
        fake.use_wall_clock(offset=shift_days * 86_400.0)  # Slack's clock and the replicas' agree
        fake.slow_down(SLACK_SECONDS, "chat.postMessage")
        url = services.config.database_url

        def posts_by(name: str) -> list[str]:
            return [str(c.body.get("channel")) for c in fake.calls_to("chat.postMessage") if c.token == TOKENS[name]]

        with replicas(fake, url, shift_days, tmp_path) as running:
            a, b = running["a"], running["b"]
            with ThreadPoolExecutor(NOTES) as users:  # alternately, at once, while the timers start their ticks
                list(users.map(lambda number: (a if number % 2 == 0 else b).note(fake, number), range(NOTES)))
            for number in range(NOTES):
                fake.wait_for(f"response_url:note{number}", timeout=15)  # stored and answered: safe to kill
            wait_until(lambda: max(len(posts_by(n)) for n in TOKENS) >= KILL_AFTER_POSTS, 45, "nudges to go out")
            killed, survivor = (a, b) if len(posts_by("a")) >= KILL_AFTER_POSTS else (b, a)
            killed.process.send_signal(signal.SIGKILL)
            killed.process.wait(timeout=10)
            # Digests go one at a time, so at most one of the killed replica's was in flight.
            digest_window = min(1, sum(1 for channel in posts_by(killed.name) if channel in DIGESTS))

            def all_sent() -> bool:
                with services.db.read() as session:
                    rows = session.exec(select(Delivery)).all()
                return len(rows) == len(OWNERS) + len(DIGESTS) and all(r.status == "sent" for r in rows)

            wait_until(all_sent, 40, f"the survivor to deliver everything:\n{survivor.output()[-3000:]}")
            survivor.process.send_signal(signal.SIGTERM)
            assert survivor.process.wait(timeout=20) == 0, survivor.output()[-3000:]

        # Every note stored once, whichever replica took it.
        with services.db.read() as session:
            summaries = Counter(i.summary for i in session.exec(select(Interaction)))
            deliveries = {d.recipient: d for d in session.exec(select(Delivery))}
        assert summaries == Counter(f"check-in number {n}" for n in range(NOTES))
        for number in range(NOTES):
            assert "Logged" in str(fake.calls_to(f"response_url:note{number}")[-1].body)

        # What Slack holds: one message per DM and per digest channel. A nudge taken over from the killed replica is
        # read back from the recipient's DM first, so the crash window allows no duplicate nudge at all. Digests are
        # not read back (that would need channels:history): the window allows one duplicate digest if the replica
        # died while posting one (they go one at a time), none when it died among its nudges (digest_window).
        in_slack = Counter({channel: len(messages) for channel, messages in fake.history.items()})
        once_each = Counter({**{"D" + o[1:]: 1 for o in OWNERS}, **dict.fromkeys(DIGESTS, 1)})
        assert not once_each - in_slack, f"not delivered: {once_each - in_slack}"
        twice = in_slack - once_each
        assert set(twice) <= set(DIGESTS), f"sent twice: {twice}"
        assert sum(twice.values()) <= digest_window, f"digests sent twice: {twice}"
        assert {d.status for d in deliveries.values()} == {"sent"}
        for owner in OWNERS:  # recorded with the message Slack holds, so its buttons update that one
            assert deliveries[owner].message_ts == fake.history["D" + owner[1:]][0]["ts"]

        # The crash window was really met: the killed replica had DMs in flight, which the survivor took over, found
        # in Slack and recorded instead of sending them again.
        posted_by_killed = set(posts_by(killed.name))
        read_back = [o for o, d in deliveries.items() if d.attempts > 1 and o in posted_by_killed and o in OWNERS]
        assert read_back, "no DM of the killed replica was in flight: the kill came too late"
        assert not set(posts_by(survivor.name)) & set(read_back), "the survivor sent none of them again"
        assert any(c.token == TOKENS[survivor.name] for c in fake.calls_to("conversations.history"))
        assert "Traceback" not in survivor.output(), survivor.output()[-3000:]
