"""Talks to the app as Slack does: signed requests into the WSGI front door (POST /slack/events), in-process.

The signature and timestamp guard still runs; Bolt finishes its listeners before it answers (its
`process_before_response`, as a FaaS deployment sets it), so every effect is visible right after a call. The tests'
harness (tests/slack/harness.py) and `covalis try` both talk through this door.
"""

import io
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.app import create_app
from bot.container import Services
from bot.sandbox.slack_api import APP_ID, TEAM_ID, FakeSlackApi
from bot.web import SlackWsgi

DEFAULT_CHANNEL = "C_GENERAL"


class Reply:
    """The HTTP answer to one request: Slack reads an ack's body (a message, or a view's response_action)."""

    def __init__(self, status: int, body: str) -> None:
        self.status = status
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class SlackDoor:
    """The app behind its WSGI front door, called in-process; `user` is who acts when a call names nobody."""

    def __init__(
        self, services: Services, fake: FakeSlackApi, *, signing_secret: str, token: str | None, user: str
    ) -> None:
        self.services = services
        self.fake = fake
        self.user = user
        app = create_app(services, signing_secret=signing_secret, token=token)
        self.wsgi = SlackWsgi(app, services.db, signing_secret, oauth=services.config.oauth_mode)
        self.verifier = SignatureVerifier(signing_secret)
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
        sig = signature if signature is not None else str(self.verifier.generate_signature(timestamp=ts, body=raw))
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
        self, text: str, *, user: str | None = None, team: str = TEAM_ID, channel: str = DEFAULT_CHANNEL
    ) -> tuple[Reply, str]:
        """Sends `/covalis text` the way Slack does (should_escape: & < > arrive escaped)."""
        user = user or self.user
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
            "api_app_id": APP_ID,
            "response_url": self.fake.response_url(name),
            "trigger_id": f"trigger-{name}",
        }
        return self.request("/slack/events", urlencode(form)), name

    def command_raw_text(self, text: str, *, user: str | None = None, team: str = TEAM_ID) -> tuple[Reply, str]:
        """Like `command`, with `text` sent exactly as given (mentions and escapes already Slack-formatted)."""
        name = self.next_response_name()
        form = {
            "team_id": team,
            "channel_id": DEFAULT_CHANNEL,
            "user_id": user or self.user,
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
        user: str | None = None,
        team: str = TEAM_ID,
        channel: str = DEFAULT_CHANNEL,
    ) -> tuple[Reply, str]:
        """Clicks a button element taken from an ephemeral message the app sent."""
        user = user or self.user
        name = self.next_response_name()
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": team},
            "team": {"id": team, "domain": "covalis-test"},
            "api_app_id": APP_ID,
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

    def block_action(
        self,
        message: dict[str, Any],
        channel: str,
        ts: str,
        block_id: str,
        action: dict[str, Any],
        *,
        user: str | None = None,
        ephemeral: bool = False,
    ) -> tuple[Reply, str]:
        """Uses one element (`action`: what Slack reports of it) of a message the app posted to a channel or DM,
        shaped as Slack's block_actions payload for it (Slack leaves an ephemeral message's content out)."""
        user = user or self.user
        name = self.next_response_name()
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "legacy",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": ephemeral},
            "trigger_id": f"trigger-{name}",
            "team": {"id": TEAM_ID, "domain": "covalis-test"},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel, "name": "directmessage"},
            "message": {**message, "type": "message", "ts": ts, "user": "UBOT", "bot_id": "BBOT"},
            "state": {"values": {}},
            "response_url": self.fake.response_url(name),
            "actions": [{**action, "block_id": block_id, "action_ts": f"{time.time():.6f}"}],
        }
        if ephemeral:
            del payload["message"]
        return self.interactive(payload), name

    def view_action(
        self, view: dict[str, Any], block_id: str, action: dict[str, Any], *, user: str | None = None
    ) -> Reply:
        """An element of an open modal was used (a select that dispatches its action), with the modal's state."""
        payload = {
            "type": "block_actions",
            "user": {"id": user or self.user, "team_id": TEAM_ID},
            "team": {"id": TEAM_ID, "domain": "covalis-test"},
            "api_app_id": APP_ID,
            "trigger_id": "trigger-in-view",
            "container": {"type": "view", "view_id": view.get("id", "V1")},
            "view": {**view, "state": view.get("state") or {"values": {}}},
            "actions": [{**action, "block_id": block_id, "action_ts": f"{time.time():.6f}"}],
        }
        return self.interactive(payload)

    def click_in_view(self, view: dict[str, Any], element: dict[str, Any], *, user: str | None = None) -> Reply:
        """Clicks a button inside a modal the app opened (after any confirm dialog Slack shows first)."""
        payload = {
            "type": "block_actions",
            "user": {"id": user or self.user, "team_id": TEAM_ID},
            "team": {"id": TEAM_ID, "domain": "covalis-test"},
            "api_app_id": APP_ID,
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
        self,
        text: str,
        *,
        ts: str = "1764000000.000100",
        channel: str = DEFAULT_CHANNEL,
        user: str | None = None,
        author: str = "U_BOB",
    ) -> Reply:
        """Runs the "Log to Covalis" message shortcut on a message `author` wrote."""
        payload = {
            "type": "message_action",
            "callback_id": "log_to_covalis",
            "trigger_id": "trigger-shortcut",
            "user": {"id": user or self.user, "team_id": TEAM_ID},
            "team": {"id": TEAM_ID, "domain": "covalis-test"},
            "channel": {"id": channel, "name": "general"},
            "message": {"type": "message", "text": text, "ts": ts, "user": author},
            "message_ts": ts,
            "response_url": self.fake.response_url("shortcut"),
        }
        return self.interactive(payload)

    def options(self, typed: str, *, user: str | None = None, team: str = TEAM_ID) -> Reply:
        payload = {
            "type": "block_suggestion",
            "user": {"id": user or self.user, "team_id": team},
            "team": {"id": team},
            "action_id": "supplier_select",
            "block_id": "supplier",
            "value": typed,
            "view": {"id": "V1", "callback_id": "capture_modal", "type": "modal"},
        }
        return self.interactive(payload)

    def select_supplier(self, view: dict[str, Any], supplier_id: int, *, user: str | None = None) -> Reply:
        payload = {
            "type": "block_actions",
            "user": {"id": user or self.user, "team_id": TEAM_ID},
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
        self, view: dict[str, Any], values: dict[str, Any], *, user: str | None = None, team: str = TEAM_ID
    ) -> Reply:
        """Submits a view the app opened, with the given state values (as Slack nests them)."""
        payload = {
            "type": "view_submission",
            "user": {"id": user or self.user, "team_id": team},
            "team": {"id": team},
            "trigger_id": "trigger-submit",
            "view": {**view, "id": view.get("id", "V1"), "state": {"values": values}},
        }
        return self.interactive(payload)

    def event(
        self, event: dict[str, Any], *, event_id: str = "Ev1", team: str = TEAM_ID, event_time: int | None = None
    ) -> Reply:
        body = {
            "token": "legacy",
            "team_id": team,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()) if event_time is None else event_time,
        }
        return self.request("/slack/events", json.dumps(body), content_type="application/json")

    # --- what the app answered -----------------------------------------------------------------------------

    def answer(self, name: str, timeout: float = 5.0) -> dict[str, Any]:
        """The body the app posted to a response_url: the user's visible answer."""
        return self.fake.wait_for(f"response_url:{name}", timeout=timeout)[-1].body
