"""Talks to the app as Slack does: signed requests to POST /slack/events.

`SlackHarness` is bot/sandbox/door.py's SlackDoor (shared with `covalis try`): the WSGI front door called in-process
(the signature and timestamp guard still runs) with Bolt set to finish its listeners before it answers, so a test
reads every effect right after the call. `HttpSlackHarness` has the
same API over real HTTP through waitress, with listeners after the ack as in production: the request guard's tests
and one smoke test per surface use it.
"""

import io
import json
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

import waitress
from waitress import wasyncore

from bot.app import web_client
from bot.container import Services
from bot.sandbox.door import Reply, SlackDoor
from bot.services.ticks import TickReport
from handlers.delivery import SlackDelivery
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


class SlackHarness(SlackDoor):
    """The app behind its WSGI front door, called in-process; U_ALICE acts unless a call names someone else."""

    def __init__(self, services: Services, fake: FakeSlackApi, token: str | None = BOT_TOKEN) -> None:
        """`token` None: installed into many workspaces (OAuth), each request with its workspace's own token."""
        super().__init__(services, fake, signing_secret=SIGNING_SECRET, token=token, user="U_ALICE")


def text_of(message: dict[str, Any]) -> str:
    """Everything a user reads in a message: fallback text and every text in its blocks."""
    parts = [message.get("text") or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    parts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or [])
    return "\n".join(parts)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for block in message.get("blocks") or []:
        if block.get("type") == "actions":
            found += [e for e in block["elements"] if e.get("type") == "button"]
    return found


def accessories(message: dict[str, Any], action_id_prefix: str = "") -> list[dict[str, Any]]:
    """The buttons beside lines (section accessories), e.g. each note's Edit, whose action id starts so."""
    return [
        block["accessory"]
        for block in message.get("blocks") or []
        if (block.get("accessory") or {}).get("type") == "button"
        and block["accessory"]["action_id"].startswith(action_id_prefix)
    ]


def button(message: dict[str, Any], action_id_prefix: str, index: int = 0) -> dict[str, Any]:
    matching = [b for b in buttons(message) if b["action_id"].startswith(action_id_prefix)]
    assert matching, f"no {action_id_prefix} button in {[b['action_id'] for b in buttons(message)]}"
    return matching[index]


def stored_view(fake: FakeSlackApi, method: str = "views.open", count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
    """The view as the stand-in holds it (with its id and hash) after the `count`-th call to `method`.

    The stand-in records a call before it answers it, so the view is looked for until it has been stored.
    """
    sent = fake.wait_for(method, count=count, timeout=timeout)[count - 1].body["view"]
    deadline = time.monotonic() + timeout
    while True:
        for view in list(fake.views.values()):
            if view["blocks"] == sent["blocks"] and view["callback_id"] == sent.get("callback_id", ""):
                return view
        assert time.monotonic() < deadline, f"the view sent by {method} was never stored"
        time.sleep(0.01)


class HttpSlackHarness(SlackHarness):
    """The same conversation over real HTTP: waitress serves the WSGI app on a loopback port, listeners run after
    the ack on Bolt's thread pool, as in production."""

    def __init__(self, services: Services, fake: FakeSlackApi, token: str | None = BOT_TOKEN) -> None:
        super().__init__(services, fake, token)
        self._listeners_before_response(False)
        self.server = waitress.create_server(self.wsgi, host="127.0.0.1", port=0, threads=4)
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.effective_port}"  # type: ignore[union-attr]

    def _serve(self) -> None:
        """waitress's event loop in short rounds, so that `close` can end it and everything closes in this thread."""
        socket_map = self.server._map  # type: ignore[union-attr]
        while not self._stopping.is_set():
            wasyncore.loop(timeout=0.05, map=socket_map, count=1)
        wasyncore.close_all(socket_map)

    def close(self) -> None:
        """Stops in order: listeners still running after their ack (they call the stand-in, which stops next), the
        worker threads (they wake the loop through its trigger pipe), then the loop, which closes the sockets itself.
        Closing them from this thread, or through a trigger thunk, races the loop's select() (EBADF, reused fds)."""
        super().close()
        self.server.task_dispatcher.shutdown()  # type: ignore[union-attr]
        self._stopping.set()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive(), "the app's HTTP server did not stop"

    def request(
        self,
        path: str,
        body: str = "",
        *,
        method: str = "POST",
        content_type: str = "application/x-www-form-urlencoded",
        timestamp: str | None = None,
        signature: str | None = None,
    ) -> Reply:
        raw, headers = self.signed(body, timestamp=timestamp, signature=signature)
        req = urllib.request.Request(self.url + path, data=raw if method == "POST" else None, method=method)
        req.add_header("Content-Type", content_type)
        for key, value in headers.items():
            req.add_header(key, value)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return Reply(response.status, response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read().decode("utf-8"))


# --- helpers every Slack test shares ---------------------------------------------------------------------------


def tick(slack: SlackHarness, at: datetime) -> TickReport:
    """One scheduler tick as of `at`, delivering to the Web API stand-in."""
    slack.services.clock.set(at)  # type: ignore[attr-defined]
    return slack.services.ticks.run(SlackDelivery(web_client(slack.services, BOT_TOKEN)))


def answer_to(slack: SlackHarness, text: str, **kwargs: Any) -> dict[str, Any]:
    """Runs `/covalis text` and returns the message the user sees, after checking Slack got its 200 ack."""
    reply, name = slack.command(text, **kwargs)
    assert reply.status == 200, reply.body
    return slack.answer(name)


def ask(slack: SlackHarness, text: str, **kwargs: Any) -> str:
    """Runs `/covalis text` and returns what the user reads in the answer."""
    return text_of(answer_to(slack, text, **kwargs))


def press(slack: SlackHarness, element: dict[str, Any], *, answers: int = 1, **kwargs: Any) -> dict[str, Any]:
    """Clicks a button and returns the last of `answers` messages posted to its response_url."""
    reply, name = slack.click(element, **kwargs)
    assert reply.status == 200, reply.body
    return slack.fake.wait_for(f"response_url:{name}", count=answers)[-1].body


def exported(slack: SlackHarness, team_id: str = TEAM_ID) -> dict[str, Any]:
    """The workspace's JSON export: what Covalis stored, as an operator would read it."""
    out = io.StringIO()
    slack.services.export.write_json(team_id, out, now=slack.services.clock.now())
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def dms_to(slack: SlackHarness, user: str) -> list[dict[str, Any]]:
    """The messages the app posted to a user's DM (the channel is the user id)."""
    return [c.body for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == user]
