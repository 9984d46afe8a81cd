"""The capture path over HTTP against its floor (issue 15): three servers on waitress, each in its own process.

- a Bolt app that only acks (the ack floor),
- a Bolt app that acks, INSERTs one row into SQLite and POSTs one response_url answer (the least a note needs),
- Covalis itself: `covalis run --http`, as an operator starts it (create_app + SlackWsgi, HTTP_THREADS threads).

Each gets the signed slash command `/covalis note Acme Metals: load test N with Piet` (a known supplier and contact,
no date phrase): 8 clients back to back (ack latency; notes fully answered per second — a note counts when its
response_url answer, a confirmation, reached the stand-in), then a steady 40 notes/s (ack p99, timed from when each
request was due, so a slow server cannot hide its queue). The Slack stand-in (bot/sandbox/slack_api.py) runs in a
process of its own too, so neither it nor the load generator starves a server of the interpreter. Also Covalis's
idle RSS after start-up. Median of 3 runs; goals printed beside the figures, not asserted.
"""

import http.client
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
TOKEN = "xoxb-test-token"
TEAM, USER = "T1", "U1"
ANSWERS = "bench"  # the stand-in records answers as "response_url:bench"
CLIENTS = 8
NOTES_PER_CLIENT = 120
STEADY_RATE = 40
STEADY_SECONDS = 10
WARM_UP = 40
RUNS = 3
SERVER_THREADS = 16  # bot/runtime.py HTTP_THREADS, checked in main()
FLOOR_ANSWER = "Logged it."
COVALIS_ANSWER = ":memo: Logged"
RSS_GOAL_MB = 100
THROUGHPUT_GOAL = 0.5
STEADY_GOAL = 1.3


# --- the processes under test ---------------------------------------------------------------------------------------


def _floor_app(kind: str, database: str, api_url: str) -> Any:
    """The floors: Bolt's own WSGI adapter on waitress, /healthz beside it so the benchmark knows it is up."""
    from slack_bolt import Ack, App, Respond
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    app = App(signing_secret=SECRET, client=WebClient(token=TOKEN, base_url=api_url))
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "db"):
            local.db = sqlite3.connect(database, timeout=10, isolation_level=None)
            local.db.execute("PRAGMA journal_mode=WAL")
        db: sqlite3.Connection = local.db
        return db

    if kind == "ack":

        @app.command("/covalis")
        def ack_only(ack: Ack) -> None:
            ack()

    else:
        with sqlite3.connect(database) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, team TEXT, user TEXT, text TEXT)")

        @app.command("/covalis")
        def insert_and_answer(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
            ack()
            connection().execute(
                "INSERT INTO note (team, user, text) VALUES (?, ?, ?)", (body["team_id"], body["user_id"], body["text"])
            )
            respond(text=FLOOR_ANSWER, response_type="ephemeral")

    handler = SlackRequestHandler(app)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return handler(environ, start_response)

    return wsgi


def serve_floor(kind: str, port: int, database: str, api_url: str) -> None:
    from bot.serving import serve

    serve(_floor_app(kind, database, api_url), host="127.0.0.1", port=port, threads=SERVER_THREADS)


def stand_in() -> None:
    """The Slack stand-in in its own process, driven over stdin: `clear`, `wait COUNT TIMEOUT MARKER` (answers
    with the wall-clock time the COUNT-th answer was in, and how many answers carry MARKER)."""
    from tests.fakes.slack_api import FakeSlackApi

    with FakeSlackApi() as fake:
        fake.add_user(USER, tz="Europe/Amsterdam")
        print(fake.base_url, fake.response_url(ANSWERS), flush=True)
        for line in sys.stdin:
            words = line.split(maxsplit=3)
            if words[0] == "clear":
                fake.clear()
                print("ok", flush=True)
            elif words[0] == "wait":
                try:
                    calls = fake.wait_for(f"response_url:{ANSWERS}", count=int(words[1]), timeout=float(words[2]))
                except AssertionError:
                    calls = fake.calls_to(f"response_url:{ANSWERS}")
                done = time.time()
                marker = words[3].strip() if len(words) > 3 else ""
                good = sum(1 for call in calls if str(call.body.get("text", "")).startswith(marker))
                print(done, len(calls), good, flush=True)


# --- the load generator ---------------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection sending signed slash commands, as one Slack sender would."""

    def __init__(self, port: int, response_url: str) -> None:
        self.port = port
        self.response_url = response_url
        self.verifier = SignatureVerifier(SECRET)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def note(self, number: int) -> None:
        body = urlencode(
            {
                "team_id": TEAM,
                "user_id": USER,
                "command": "/covalis",
                "text": f"note Acme Metals: load test {number} with Piet",
                "response_url": self.response_url,
                "trigger_id": "t",
            }
        ).encode()
        self.command(body)

    def command(self, body: bytes) -> None:
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": self.verifier.generate_signature(timestamp=ts, body=body),
        }
        for attempt in (1, 2):
            try:
                self.connection.request("POST", "/slack/events", body=body, headers=headers)
                response = self.connection.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"the server answered {response.status}")
                return
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise

    def close(self) -> None:
        self.connection.close()


class StandIn:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--stand-in"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdin is not None
        self.base_url, self.response_url = self.process.stdout.readline().split()

    def _ask(self, line: str) -> list[str]:
        assert self.process.stdout is not None
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().split()

    def clear(self) -> None:
        self._ask("clear")

    def wait(self, count: int, marker: str, timeout: float = 120) -> tuple[float, int, int]:
        done, seen, good = self._ask(f"wait {count} {timeout} {marker}")
        return float(done), int(seen), int(good)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"the server did not start (exit {process.poll()})")
        time.sleep(0.1)


@contextmanager
def server(kind: str, folder: str, stand: StandIn) -> Iterator[tuple[int, int]]:
    """Starts one server in its own process; yields its port and pid once /healthz answers; stops it with SIGTERM."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COVALIS_"))}
    env["PYTHONPATH"] = str(ROOT)
    if kind == "covalis":
        env.update(
            SLACK_BOT_TOKEN=TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=stand.base_url.rstrip("/"),
            COVALIS_DATABASE_URL=f"sqlite:///{folder}/covalis.db",
        )
        command = [sys.executable, "-m", "bot.cli", "run", "--http", "--port", str(port), "--host", "127.0.0.1"]
    else:
        command = [sys.executable, __file__, "--serve", kind, str(port), f"{folder}/{kind}.db", stand.base_url]
    log = Path(folder) / f"{kind}.log"  # Covalis logs a line per request at INFO, as in production
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(process, port)
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.returncode not in (0, -signal.SIGTERM):
            sys.stderr.write(log.read_text(errors="replace")[-2000:])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    """The server process's CPU time so far (user + system): what a note costs, however busy the machine is."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


@dataclass
class Figures:
    ack_p50: float
    ack_p99: float
    answered_per_s: float | None
    steady_p99: float
    cpu_ms_per_note: float
    idle_rss_mb: float | None = None


def back_to_back(port: int, stand: StandIn, marker: str | None) -> tuple[list[float], float | None]:
    """8 clients, each sending its next note as soon as the last was acked; the notes answered per second."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        sender = Client(port, stand.response_url)
        mine = []
        for i in range(NOTES_PER_CLIENT):
            started = time.perf_counter()
            sender.note(number * NOTES_PER_CLIENT + i)
            mine.append((time.perf_counter() - started) * 1000)
        sender.close()
        with lock:
            latencies.extend(mine)

    stand.clear()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if marker is None:
        return latencies, None
    total = CLIENTS * NOTES_PER_CLIENT
    done, seen, good = stand.wait(total, marker)
    if seen < total or good < total:
        raise SystemExit(f"only {good} of {total} notes were answered with a confirmation ({seen} answers)")
    return latencies, total / (done - started)


def steady(port: int, stand: StandIn, marker: str | None) -> list[float]:
    """STEADY_RATE notes a second, each timed from the moment it was due (a queue in the server shows)."""
    total = STEADY_RATE * STEADY_SECONDS
    interval = 1 / STEADY_RATE
    latencies: list[float] = []
    lock = threading.Lock()
    slots = iter(range(total))
    start = time.perf_counter() + 0.2

    def worker() -> None:
        sender = Client(port, stand.response_url)
        while True:
            with lock:
                slot = next(slots, None)
            if slot is None:
                break
            due = start + slot * interval
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            sender.note(100_000 + slot)
            with lock:
                latencies.append((time.perf_counter() - due) * 1000)
        sender.close()

    stand.clear()
    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if marker is not None:
        stand.wait(total, marker)  # every answer in before the next phase
    return latencies


def measure(kind: str, stand: StandIn) -> Figures:
    marker = {"ack": None, "insert": FLOOR_ANSWER, "covalis": COVALIS_ANSWER}[kind]
    with tempfile.TemporaryDirectory() as folder, server(kind, folder, stand) as (port, pid):
        time.sleep(1)  # start-up settled (the scheduler's thread started)
        rss = _rss_mb(pid) if kind == "covalis" else None
        warm = Client(port, stand.response_url)
        if kind == "covalis":
            for text in ("supplier add Acme Metals strategic", "contact add Acme Metals: Piet, planner"):
                body = {"team_id": TEAM, "user_id": USER, "command": "/covalis", "text": text}
                warm.command(urlencode({**body, "response_url": stand.response_url, "trigger_id": "t"}).encode())
        for i in range(WARM_UP):
            warm.note(-i)
        warm.close()
        if marker is not None:
            stand.wait(WARM_UP + (2 if kind == "covalis" else 0), "")
        cpu = _cpu_seconds(pid)
        latencies, answered = back_to_back(port, stand, marker)
        cpu_per_note = (_cpu_seconds(pid) - cpu) * 1000 / (CLIENTS * NOTES_PER_CLIENT)
        steady_latencies = steady(port, stand, marker)
    return Figures(statistics.median(latencies), _p99(latencies), answered, _p99(steady_latencies), cpu_per_note, rss)


def _median(values: list[float | None]) -> float:
    return statistics.median(v for v in values if v is not None)


def main() -> None:
    from bot.runtime import HTTP_THREADS

    assert HTTP_THREADS == SERVER_THREADS, "the floors run with Covalis's thread count"
    stand = StandIn()
    runs: dict[str, list[Figures]] = {"ack": [], "insert": [], "covalis": []}
    try:
        for run in range(RUNS):
            for kind in runs:
                runs[kind].append(measure(kind, stand))
            print(f"  run {run + 1} of {RUNS} done", flush=True)
    finally:
        stand.close()
    med = {
        kind: Figures(
            _median([f.ack_p50 for f in figures]),
            _median([f.ack_p99 for f in figures]),
            _median([f.answered_per_s for f in figures]) if kind != "ack" else None,
            _median([f.steady_p99 for f in figures]),
            _median([f.cpu_ms_per_note for f in figures]),
            _median([f.idle_rss_mb for f in figures]) if kind == "covalis" else None,
        )
        for kind, figures in runs.items()
    }
    names = {
        "ack": "Bolt that only acks",
        "insert": "Bolt that acks, INSERTs one row, answers",
        "covalis": "covalis run --http",
    }
    notes = CLIENTS * NOTES_PER_CLIENT
    print(
        f"`/covalis note Acme Metals: load test N with Piet`, waitress with {SERVER_THREADS} threads, each server in "
        f"its own process; median of {RUNS} runs ({CPUS} CPUs, load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"  {'server':<42} {f'ack p50 / p99, {CLIENTS} clients':>26} {f'answered notes/s ({notes})':>26} "
        f"{f'ack p99 at {STEADY_RATE}/s':>16} {'server CPU per note':>20}"
    )
    for kind, figures in med.items():
        answered = f"{figures.answered_per_s:.0f}" if figures.answered_per_s is not None else "—"
        print(
            f"  {names[kind]:<42} {f'{figures.ack_p50:.1f} / {figures.ack_p99:.1f} ms':>26} {answered:>26} "
            f"{f'{figures.steady_p99:.1f} ms':>16} {f'{figures.cpu_ms_per_note:.2f} ms':>20}"
        )
    covalis, insert, ack = med["covalis"], med["insert"], med["ack"]
    assert covalis.answered_per_s is not None
    assert insert.answered_per_s is not None
    throughput = covalis.answered_per_s / insert.answered_per_s
    steady_ratio = covalis.steady_p99 / ack.steady_p99
    rss = covalis.idle_rss_mb or float("nan")
    print(
        f"  answered notes/s vs the INSERT-and-answer floor: {throughput:.2f}× "
        f"(goal ≥ {THROUGHPUT_GOAL}×: {_ok(throughput >= THROUGHPUT_GOAL)})"
    )
    print(
        f"  ack p99 at {STEADY_RATE}/s vs the ack-only floor: {steady_ratio:.2f}× "
        f"(goal ≤ {STEADY_GOAL}×: {_ok(steady_ratio <= STEADY_GOAL)})"
    )
    print(f"  idle RSS of covalis run --http: {rss:.0f} MB (goal under {RSS_GOAL_MB} MB: {_ok(rss < RSS_GOAL_MB)})")


CPUS = os.cpu_count()


def _ok(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stand-in"]:
        stand_in()
    elif sys.argv[1:2] == ["--serve"]:
        serve_floor(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        main()
