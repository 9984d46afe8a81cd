"""Talks to the app as Slack does: signed requests to POST /slack/events.

`SlackHarness` calls the WSGI front door in-process (the signature and timestamp guard still runs) with Bolt set to
finish its listeners before it answers, so a test reads every effect right after the call. `HttpSlackHarness` has the
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
from urllib.parse import urlencode

import waitress
from slack_sdk.signature import SignatureVerifier
from waitress import wasyncore

from bot.app import create_app, web_client
from bot.container import Services
from bot.services.ticks import TickReport
from bot.web import SlackWsgi
from handlers.delivery import SlackDelivery
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


class Reply:
    def __init__(self, status: int, body: str) -> None:
        self.status = status
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class SlackHarness:
    """The app behind its WSGI front door, called in-process."""

    def __init__(self, services: Services, fake: FakeSlackApi, token: str | None = BOT_TOKEN) -> None:
        """`token` None: installed into many workspaces (OAuth), each request with its workspace's own token."""
        self.services = services
        self.fake = fake
        app = create_app(services, signing_secret=SIGNING_SECRET, token=token)
        self.wsgi = SlackWsgi(app, services.db, SIGNING_SECRET)
        self.verifier = SignatureVerifier(SIGNING_SECRET)
        self._responses = 0
        self._listeners_before_response(True)

    def _listeners_before_response(self, before: bool) -> None:
        """Bolt's `process_before_response`, as a FaaS deployment sets it: the answer comes after the listeners."""
        app = self.wsgi.app
        app._process_before_response = before
        app.listener_runner.process_before_response = before

    def close(self) -> None:
        self.wsgi.app.listener_runner.listener_executor.shutdown(wait=True)

    # --- raw requests --------------------------------------------------------------------------------------

    def signed(
        self, body: str, *, timestamp: str | None = None, signature: str | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The body as bytes and the two headers Slack signs a request with (or the given, forged ones)."""
        ts = timestamp if timestamp is not None else str(int(time.time()))
        raw = body.encode("utf-8")
        sig = signature if signature is not None else self.verifier.generate_signature(timestamp=ts, body=raw)
        return raw, {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}

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
        if method != "POST":
            raw = b""
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(raw)),
            "wsgi.input": io.BytesIO(raw),
        }
        for name, value in headers.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        statuses: list[str] = []
        answer = b"".join(self.wsgi(environ, lambda status, _headers: statuses.append(status)))
        return Reply(int(statuses[-1].split(" ", 1)[0]), answer.decode("utf-8"))

    def next_response_name(self) -> str:
        self._responses += 1
        return f"r{self._responses}"

    # --- Slack payloads ------------------------------------------------------------------------------------

    def command(
        self, text: str, *, user: str = "U_ALICE", team: str = TEAM_ID, channel: str = "C_GENERAL"
    ) -> tuple[Reply, str]:
        """Sends `/covalis text` the way Slack does (should_escape: & < > arrive escaped)."""
        name = self.next_response_name()
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        form = {
            "token": "legacy",
            "team_id": team,
            "team_domain": "covalis-test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/covalis",
            "text": escaped,
            "api_app_id": "A0000TEST",
            "response_url": self.fake.response_url(name),
            "trigger_id": f"trigger-{name}",
        }
        return self.request("/slack/events", urlencode(form)), name

    def command_raw_text(self, text: str, *, user: str = "U_ALICE", team: str = TEAM_ID) -> tuple[Reply, str]:
        """Like `command`, with `text` sent exactly as given (mentions and escapes already Slack-formatted)."""
        name = self.next_response_name()
        form = {
            "team_id": team,
            "channel_id": "C_GENERAL",
            "user_id": user,
            "command": "/covalis",
            "text": text,
            "response_url": self.fake.response_url(name),
            "trigger_id": f"trigger-{name}",
        }
        return self.request("/slack/events", urlencode(form)), name

    def interactive(self, payload: dict[str, Any]) -> Reply:
        return self.request("/slack/events", urlencode({"payload": json.dumps(payload)}))

    def click(
        self,
        button: dict[str, Any],
        *,
        user: str = "U_ALICE",
        team: str = TEAM_ID,
        channel: str = "C_GENERAL",
    ) -> tuple[Reply, str]:
        """Clicks a button element taken from a message the app sent."""
        name = self.next_response_name()
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": team},
            "team": {"id": team, "domain": "covalis-test"},
            "api_app_id": "A0000TEST",
            "trigger_id": f"trigger-{name}",
            "response_url": self.fake.response_url(name),
            "container": {"type": "message", "channel_id": channel, "is_ephemeral": True},
            "channel": {"id": channel},
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "b",
                    "value": button.get("value", ""),
                    "action_ts": str(time.time()),
                }
            ],
        }
        return self.interactive(payload), name

    def click_in_view(self, view: dict[str, Any], element: dict[str, Any], *, user: str = "U_ALICE") -> Reply:
        """Clicks a button inside a modal the app opened (after any confirm dialog Slack shows first)."""
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM_ID},
            "team": {"id": TEAM_ID, "domain": "covalis-test"},
            "api_app_id": "A0000TEST",
            "trigger_id": "trigger-in-view",
            "container": {"type": "view", "view_id": view.get("id", "V1")},
            "view": view,
            "actions": [
                {
                    "type": "button",
                    "action_id": element["action_id"],
                    "block_id": "b",
                    "value": element.get("value", ""),
                    "action_ts": str(time.time()),
                }
            ],
        }
        return self.interactive(payload)

    def shortcut(
        self, text: str, *, ts: str = "1764000000.000100", channel: str = "C_GENERAL", user: str = "U_ALICE"
    ) -> Reply:
        payload = {
            "type": "message_action",
            "callback_id": "log_to_covalis",
            "trigger_id": "trigger-shortcut",
            "user": {"id": user, "team_id": TEAM_ID},
            "team": {"id": TEAM_ID, "domain": "covalis-test"},
            "channel": {"id": channel, "name": "general"},
            "message": {"type": "message", "text": text, "ts": ts, "user": "U_BOB"},
            "message_ts": ts,
            "response_url": self.fake.response_url("shortcut"),
        }
        return self.interactive(payload)

    def options(self, typed: str, *, user: str = "U_ALICE", team: str = TEAM_ID) -> Reply:
        payload = {
            "type": "block_suggestion",
            "user": {"id": user, "team_id": team},
            "team": {"id": team},
            "action_id": "supplier_select",
            "block_id": "supplier",
            "value": typed,
            "view": {"id": "V1", "callback_id": "capture_modal", "type": "modal"},
        }
        return self.interactive(payload)

    def select_supplier(self, view: dict[str, Any], supplier_id: int, *, user: str = "U_ALICE") -> Reply:
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM_ID},
            "team": {"id": TEAM_ID},
            "trigger_id": "trigger-select",
            "view": {**view, "state": view.get("state") or {"values": {}}},
            "actions": [
                {
                    "type": "external_select",
                    "action_id": "supplier_select",
                    "block_id": "supplier",
                    "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": str(supplier_id)},
                }
            ],
        }
        return self.interactive(payload)

    def submit(
        self, view: dict[str, Any], values: dict[str, Any], *, user: str = "U_ALICE", team: str = TEAM_ID
    ) -> Reply:
        """Submits a view the app opened, with the given state values (as Slack nests them)."""
        payload = {
            "type": "view_submission",
            "user": {"id": user, "team_id": team},
            "team": {"id": team},
            "trigger_id": "trigger-submit",
            "view": {**view, "id": view.get("id", "V1"), "state": {"values": values}},
        }
        return self.interactive(payload)

    def event(self, event: dict[str, Any], *, event_id: str = "Ev1", team: str = TEAM_ID) -> Reply:
        body = {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A0000TEST",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
        }
        return self.request("/slack/events", json.dumps(body), content_type="application/json")

    # --- what the app answered -----------------------------------------------------------------------------

    def answer(self, name: str, timeout: float = 5.0) -> dict[str, Any]:
        """The body the app posted to a response_url: the user's visible answer."""
        return self.fake.wait_for(f"response_url:{name}", timeout=timeout)[-1].body


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
