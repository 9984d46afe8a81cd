"""A loopback stand-in for Slack's Web API and for ``response_url`` endpoints: the tests' Slack, and the Slack of
`covalis try` (the terminal sandbox).

Why a real HTTP server instead of mocks: a mock of ``WebClient`` accepts any
call with any arguments, so a misspelt method, a missing ``trigger_id`` or a
modal title longer than Slack allows would pass the tests and fail in
production.  This server is reached through the real ``slack_sdk`` code paths
(URL building, form/JSON encoding, auth header, error parsing, 429 handling)
and answers the way Slack does, including Slack's error codes, so the code
under test meets the same behaviour it will meet against slack.com.

Only the standard library is used so the fake has no moving parts of its own.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

__all__ = ["DEFAULT_TOKENS", "TEAM_ID", "Call", "FakeSlackApi", "Handler", "Upload"]

TEAM_ID = "T0000TEST"
TEAM_NAME = "Covalis Test"
TEAM_URL = "https://covalis-test.slack.com/"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
APP_ID = "A0000TEST"
DEFAULT_TOKENS = frozenset({"xoxb-test-token", "xapp-test-token"})

#: Fields that slack_sdk sends as JSON text inside form bodies; decoded so
#: tests can assert on structures instead of on serialised strings.
JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "files")

#: Slack's limit on blocks in one message. Views and blocks are checked with
#: slack_sdk's own View and Block models (title and button lengths, 100 blocks
#: a view, private_metadata, callback_id, text lengths); the models do not
#: count a message's blocks, so this one limit stays here.
MAX_MESSAGE_BLOCKS = 50

#: Methods Slack accepts only with an app-level token (``xapp-``); a bot token gets ``not_allowed_token_type``.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})

#: Answer produced by a handler: the JSON body Slack would send.
Handler = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Call:
    """One request the fake received, kept so tests can assert on what was sent.

    ``method`` is the Web API method (``"chat.postMessage"``) or
    ``"response_url:{name}"`` for posts to a response URL.  ``body`` merges the
    query string and the form or JSON body, with JSON-valued form fields
    decoded.
    """

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    token: str | None
    raw_body: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Upload:
    """One file shared through Slack's upload flow (``files_upload_v2``), as the three calls left it."""

    file_id: str
    channel: str
    filename: str
    title: str
    alt_txt: str | None
    initial_comment: str | None
    content: bytes


@dataclass(frozen=True)
class _Fault:
    """A queued misbehaviour, consumed in order by the next call to a method."""

    error: str
    retry_after: int | None = None  # set => HTTP 429 rate limit


@dataclass(frozen=True)
class _Reply:
    """What the HTTP layer should send back."""

    status: int
    payload: dict[str, Any] | str | bytes
    headers: dict[str, str] = field(default_factory=dict)


class _SlackError(Exception):
    """Raised inside method implementations to answer ``{"ok": false}`` like Slack."""

    def __init__(self, error: str, messages: list[str] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.messages:
            body["response_metadata"] = {"messages": self.messages}
        return body


def _truthy(value: Any) -> bool:
    """Interpret Slack's boolean arguments, which arrive as ``true``/``1`` in forms."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def _block_problems(blocks: list[Any], pointer: str) -> list[str]:
    """What slack_sdk's Block models reject in ``blocks``: unknown block types and broken limits."""
    problems: list[str] = []
    for index, raw in enumerate(blocks):
        try:
            parsed = Block.parse(raw)
        except (TypeError, ValueError) as exc:  # a known type without its required fields
            problems.append(f"[ERROR] {exc} [json-pointer:{pointer}/{index}]")
            continue
        if parsed is None:
            kind = raw.get("type") if isinstance(raw, dict) else raw
            problems.append(f"[ERROR] unsupported block type {kind!r} [json-pointer:{pointer}/{index}]")
            continue
        try:
            parsed.validate_json()
        except SlackObjectFormationError as exc:
            problems.append(f"[ERROR] {exc} [json-pointer:{pointer}/{index}]")
    return problems


def _tz_offset(tz: str) -> int:
    """Seconds east of UTC for ``tz`` now, as Slack reports in ``tz_offset``."""
    try:
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset is not None else 0


class _RequestHandler(BaseHTTPRequestHandler):
    """Turns HTTP requests into calls on the owning :class:`FakeSlackApi`."""

    server: _Server

    def do_POST(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: request logs would drown pytest's output."""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = dict(self.headers.items())
        try:
            reply = self.server.fake._dispatch(self.path, headers, raw)
        except Exception as exc:  # a bug in the fake or in a test's handler
            self.server.fake._record_error(exc)
            reply = _Reply(500, {"ok": False, "error": "fatal_error"})
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the caller died waiting: Slack shrugs
            self._send(reply)

    def _send(self, reply: _Reply) -> None:
        if isinstance(reply.payload, bytes):
            data = reply.payload
            content_type = "application/octet-stream"
        elif isinstance(reply.payload, str):
            data = reply.payload.encode("utf-8")
            content_type = "text/plain; charset=utf-8"
        else:
            data = json.dumps(reply.payload).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        self.send_response(reply.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its fake; daemon threads so a hung test cannot block exit. A listen backlog
    for dozens of senders connecting at once (the default 5 drops connections, which the client retries a second
    later — a delay that is the stand-in's, not the code's)."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, fake: FakeSlackApi) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.fake = fake


class FakeSlackApi:
    """Stand-in for ``https://slack.com/api/`` and Slack ``response_url`` endpoints.

    Use as a context manager (or ``start()``/``stop()``), point
    ``WebClient(base_url=fake.base_url)`` at it, and assert on :attr:`calls`.
    Users and channels the code may look up are registered with
    :meth:`add_user` / :meth:`add_channel`, because real Slack answers
    ``user_not_found``/``channel_not_found`` for anything it does not know.
    """

    def __init__(self, valid_tokens: set[str] | frozenset[str] | None = None) -> None:
        self.valid_tokens: set[str] = set(DEFAULT_TOKENS if valid_tokens is None else valid_tokens)
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        #: Uploaded files: id → (Slack's file object, content), served at their ``url_private`` to a bot token.
        self.files: dict[str, tuple[dict[str, Any], bytes]] = {}
        #: Files the bot shared with ``files_upload_v2``, oldest first: each the three steps' facts and the bytes.
        self.uploads: list[Upload] = []
        self._pending_uploads: dict[str, dict[str, Any]] = {}
        #: Messages the bot posted, per channel id, oldest first (``conversations.history`` reads them back).
        self.history: dict[str, list[dict[str, Any]]] = {}
        #: What ``apps.connections.open`` answers: a Socket Mode server's ws:// URL (tests/fakes/socket_mode.py).
        self.socket_mode_url: str | None = None
        self._home_views: dict[str, str] = {}
        self.server_errors: list[BaseException] = []
        self._calls: list[Call] = []
        self._cond = threading.Condition()
        self._faults: dict[str, deque[_Fault]] = {}
        self._handlers: dict[str, Handler] = {}
        self._ids = itertools.count(1)
        self._ts_micros = itertools.count(1_764_000_000_000_100, 100)
        self._wall_clock_offset: float | None = None  # set: message ts from the wall clock (use_wall_clock)
        self._last_micros = 0
        self._latency: dict[str | None, float] = {}  # method (None: every Web API call) → seconds answered late
        self._rate_limit: tuple[int, int, frozenset[str]] | None = None  # every nth call, Retry-After, methods
        self._rate_limit_count = 0
        #: How many calls rate_limit_every answered with 429.
        self.rate_limited = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        #: Installing into many workspaces: the app's OAuth credentials, the codes Slack would hand an installer,
        #: the team each token belongs to (others: TEAM_ID), and the refresh tokens not yet spent.
        self.client_id: str | None = None
        self.client_secret: str | None = None
        self.token_teams: dict[str, str] = {}
        self._codes: dict[str, dict[str, Any]] = {}
        self._refresh_tokens: dict[str, dict[str, Any]] = {}
        self._methods: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "apps.connections.open": self._apps_connections_open,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.open": self._conversations_open,
            "conversations.history": self._conversations_history,
            "conversations.info": self._conversations_info,
            "files.getUploadURLExternal": self._files_get_upload_url_external,
            "files.completeUploadExternal": self._files_complete_upload_external,
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Bind an ephemeral loopback port and serve from a daemon thread."""
        if self._server is not None:
            return self
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},  # how soon stop() returns
            name="FakeSlackApi",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down; re-raise any exception raised while answering.

        Errors inside the server thread would otherwise only show up as a
        puzzling ``fatal_error`` in the client, so they surface here.
        """
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        if self.server_errors:
            first = self.server_errors[0]
            raise RuntimeError(f"FakeSlackApi raised while answering: {first!r}") from first

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port; only meaningful once started."""
        if self._server is None:
            raise RuntimeError("FakeSlackApi is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """Value for ``WebClient(base_url=...)``."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "default") -> str:
        """A ``response_url`` to put in synthetic payloads; posts are recorded as ``response_url:{name}``."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # ------------------------------------------------------------------ recorded calls

    @property
    def calls(self) -> list[Call]:
        """Snapshot of every request so far, oldest first (a copy: safe while the server runs)."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """Requests made to one method (or ``response_url:{name}``)."""
        with self._cond:
            return [call for call in self._calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls to ``method`` were made; needed when the code posts from another thread.

        Raises ``AssertionError`` naming the methods actually called, so a
        failing test says what happened instead of only what did not.
        """
        with self._cond:
            matched = self._cond.wait_for(
                lambda: sum(1 for call in self._calls if call.method == method) >= count,
                timeout=timeout,
            )
            found = [call for call in self._calls if call.method == method]
            if not matched:
                seen = [call.method for call in self._calls]
                raise AssertionError(
                    f"expected {count} call(s) to {method!r} within {timeout}s, got {len(found)}; "
                    f"methods called: {seen}"
                )
            return found

    def clear(self) -> None:
        """Forget recorded calls (users, channels, faults and handlers stay)."""
        with self._cond:
            self._calls.clear()

    # ------------------------------------------------------------------ programming the fake

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        email: str | None = None,
        tz: str = "Europe/Amsterdam",
        locale: str = "en-US",
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        deleted: bool = False,
        team_id: str = TEAM_ID,
        is_restricted: bool = False,
        is_ultra_restricted: bool = False,
    ) -> dict[str, Any]:
        """Register a workspace member, shaped like Slack's user object, and return it."""
        handle = name or user_id.lower()
        display = real_name or handle.replace(".", " ").title()
        profile: dict[str, Any] = {
            "real_name": display,
            "display_name": handle,
            "real_name_normalized": display,
            "display_name_normalized": handle,
            "team": team_id,
        }
        if email is not None:
            profile["email"] = email
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": team_id,
            "name": handle,
            "deleted": deleted,
            "real_name": display,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": _tz_offset(tz),
            "profile": profile,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_restricted": is_restricted,
            "is_ultra_restricted": is_ultra_restricted,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": 1_764_000_000,
            "locale": locale,
        }
        with self._cond:
            self.users[user_id] = user
        return user

    def add_file(self, name: str, content: bytes, *, filetype: str = "csv", user: str = "U_ALICE") -> dict[str, Any]:
        """Register an uploaded file (as a ``file_input`` hands it over) and return Slack's file object.

        Like Slack's file host, ``url_private`` serves the content only with a valid token in an
        ``Authorization: Bearer`` header; each download is recorded as a call ``file:<id>``.
        """
        file_id = self._next_id("F")
        url = f"http://127.0.0.1:{self.port}/files-pri/{TEAM_ID}-{file_id}/{name}"
        info: dict[str, Any] = {
            "id": file_id,
            "name": name,
            "title": name,
            "filetype": filetype,
            "mimetype": "text/csv" if filetype == "csv" else "application/octet-stream",
            "size": len(content),
            "user": user,
            "url_private": url,
            "url_private_download": url.replace("/files-pri/", "/files-pri/download/", 1),
        }
        with self._cond:
            self.files[file_id] = (info, content)
        return dict(info)

    def _serve_file(self, path: str, headers: dict[str, str], body: dict[str, Any], raw: bytes) -> _Reply:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        token = auth[7:].strip() if auth.startswith("Bearer ") else None
        file_id = path.removeprefix("/files-pri/").removeprefix("download/").split("/", 1)[0].rsplit("-", 1)[-1]
        self._record(f"file:{file_id}", body, headers, token, raw)
        with self._cond:
            found = self.files.get(file_id)
        if found is None:
            return _Reply(404, "Not Found")
        if token not in self.valid_tokens:
            return _Reply(403, "Forbidden")  # Slack shows a sign-in page instead of the file
        return _Reply(200, found[1])

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str | None = None,
        is_private: bool = False,
        is_archived: bool = False,
        is_member: bool = True,
    ) -> dict[str, Any]:
        """Register a conversation for ``conversations.info``; the id prefix decides its kind (C/G/D)."""
        is_im = channel_id.startswith("D")
        channel: dict[str, Any] = {
            "id": channel_id,
            "created": 1_764_000_000,
            "is_archived": is_archived,
            "is_im": is_im,
            "is_org_shared": False,
            "context_team_id": TEAM_ID,
        }
        if is_im:
            channel.update({"user": "U" + channel_id[1:], "is_user_deleted": False, "priority": 0})
        else:
            channel.update(
                {
                    "name": name or channel_id.lower(),
                    "is_channel": not is_private,
                    "is_group": is_private,
                    "is_private": is_private,
                    "is_general": False,
                    "is_member": is_member,
                    "creator": BOT_USER_ID,
                }
            )
        with self._cond:
            self.channels[channel_id] = channel
        return channel

    def fail_next(self, method: str, error: str, *, times: int = 1) -> None:
        """Make the next ``times`` calls to ``method`` answer ``{"ok": false, "error": error}``.

        For ``response_url:{name}`` the fault is an HTTP error with ``error``
        as plain-text body, as Slack answers there.
        """
        self._queue(method, [_Fault(error)] * times)

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Make the next ``times`` calls to ``method`` answer HTTP 429 with ``Retry-After``."""
        self._queue(method, [_Fault("ratelimited", retry_after)] * times)

    def set_handler(self, method: str, fn: Handler | None) -> None:
        """Override the answer for ``method`` (also makes an unimplemented method known).

        ``fn(body)`` returns the JSON answer; ``"ok": true`` is filled in when
        absent.  Auth checks and queued faults still apply first.  ``None``
        restores the built-in behaviour.
        """
        with self._cond:
            if fn is None:
                self._handlers.pop(method, None)
            else:
                self._handlers[method] = fn

    def slow_down(self, seconds: float, *methods: str) -> None:
        """Answer every call to `methods` (every Web API call when none is named) `seconds` late, as a slow Slack.

        What the call does is done at once — a posted message is in its channel's history before the answer — so a
        sender that dies while it waits has delivered a message it never heard about: the crash window."""
        with self._cond:
            for method in methods or (None,):
                self._latency[method] = seconds

    def rate_limit_every(self, nth: int, *methods: str, retry_after: int = 1) -> None:
        """Answer every `nth` call to `methods` (counted together; every Web API call when none is named) with HTTP
        429 and `Retry-After`, as Slack's rate limits do under steady load; the call does nothing."""
        with self._cond:
            self._rate_limit = (nth, retry_after, frozenset(methods))
            self._rate_limit_count = 0

    def use_wall_clock(self, offset: float = 0.0) -> None:
        """Message timestamps from the wall clock (plus `offset` seconds), still strictly increasing: for code that
        compares them with its own clock, as reading a DM back "since the claim" does. Otherwise they start in
        November 2025."""
        with self._cond:
            self._wall_clock_offset = offset

    def _rate_limited(self, method: str) -> _Reply | None:
        with self._cond:
            if self._rate_limit is None:
                return None
            nth, retry_after, methods = self._rate_limit
            if methods and method not in methods:
                return None
            self._rate_limit_count += 1
            if self._rate_limit_count % nth:
                return None
            self.rate_limited += 1
        return _Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})

    def _answer_late(self, method: str) -> None:
        with self._cond:
            delay = self._latency.get(method, self._latency.get(None, 0.0))
        if delay:
            time.sleep(delay)

    def _queue(self, method: str, faults: list[_Fault]) -> None:
        with self._cond:
            self._faults.setdefault(method, deque()).extend(faults)

    def _take_fault(self, method: str) -> _Fault | None:
        with self._cond:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    def _record_error(self, exc: BaseException) -> None:
        with self._cond:
            self.server_errors.append(exc)

    # ------------------------------------------------------------------ dispatch

    def _refusal(self, method: str, handled: bool, token: str | None, unparsable: bool) -> _Reply | None:
        """Slack's answer to a call it won't run: unknown method, bad JSON, missing, wrong or wrong kind of token."""
        error = None
        if not handled and method not in self._methods:
            return _Reply(200, {"ok": False, "error": "unknown_method", "req_method": method})
        if unparsable:
            error = "invalid_json"
        elif token is None:
            error = "not_authed"
        elif token not in self.valid_tokens:
            error = "invalid_auth"
        elif method in APP_TOKEN_METHODS and not token.startswith("xapp-"):
            error = "not_allowed_token_type"
        return _Reply(200, {"ok": False, "error": error}) if error else None

    def _dispatch(self, path: str, headers: dict[str, str], raw: bytes) -> _Reply:
        """Record the request, then answer it as Slack would."""
        parts = urlsplit(path)
        body: dict[str, Any] = dict(parse_qsl(parts.query, keep_blank_values=True))
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        parse_error = None
        try:
            body.update(self._parse_body(raw, content_type))
        except (ValueError, UnicodeDecodeError) as exc:
            parse_error = exc

        if not parts.path.startswith("/api/"):
            return self._not_api(parts.path, headers, body, raw, parse_error is not None)

        method = parts.path.removeprefix("/api/")
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        token: str | None = auth[7:].strip() if auth.startswith("Bearer ") else None
        if token is None and isinstance(body.get("token"), str) and body["token"]:
            token = body["token"]
        self._record(method, body, headers, token, raw)
        if method == "oauth.v2.access" and parse_error is None:
            return self._oauth_v2_access(auth, body)

        with self._cond:
            handler = self._handlers.get(method)
        refusal = self._refusal(method, handler is not None, token, parse_error is not None)
        if refusal is not None:
            return refusal

        reply = self._answer(method, handler, body, token)
        self._answer_late(method)
        return reply

    def _answer(self, method: str, handler: Handler | None, body: dict[str, Any], token: str | None) -> _Reply:
        fault = self._take_fault(method)
        if fault is not None:
            if fault.retry_after is not None:
                return _Reply(
                    429,
                    {"ok": False, "error": fault.error},
                    {"Retry-After": str(fault.retry_after)},
                )
            return _Reply(200, {"ok": False, "error": fault.error})
        limited = self._rate_limited(method)
        if limited is not None:
            return limited

        answer = self._run(method, handler, body, token)
        if method == "chat.postMessage" and answer.get("ok") and answer.get("ts"):
            self._keep_posted(body, answer)
        return _Reply(200, answer)

    def _run(self, method: str, handler: Handler | None, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        """A test's handler, or the built-in method (auth.test also learns the token: each belongs to a team)."""
        try:
            if handler is not None:
                answer = dict(handler(dict(body)))
                answer.setdefault("ok", True)
                return answer
            if method in ("auth.test", "users.list"):
                with self._cond:
                    team = self.token_teams.get(token or "", TEAM_ID)
                return self._methods[method]({**body, "_team": team})
            return self._methods[method](body)
        except _SlackError as err:
            return err.payload()

    def _keep_posted(self, body: dict[str, Any], answer: dict[str, Any]) -> None:
        """Every message the bot posted, kept in its channel's history (metadata too), whoever answered the call."""
        channel = str(answer.get("channel") or self._dm_channel(str(body.get("channel") or "")))
        message = self._message(body, str(answer["ts"]))
        with self._cond:
            kept = self.history.setdefault(channel, [])
            if all(m["ts"] != message["ts"] for m in kept):  # a handler may have kept it itself
                kept.append(message)

    def _not_api(self, path: str, headers: dict[str, str], body: dict[str, Any], raw: bytes, malformed: bool) -> _Reply:
        """Response URLs and the file host; anything else is not Slack's."""
        if path.startswith("/response/"):
            call = self._record(f"response_url:{path.removeprefix('/response/')}", body, headers, None, raw)
            return self._answer_response_url(call, malformed)
        if path.startswith("/files-pri/"):
            return self._serve_file(path, headers, body, raw)
        if path.startswith("/upload/v1/"):
            return self._receive_upload(path.removeprefix("/upload/v1/"), headers, body, raw)
        self._record(f"unknown:{path}", body, headers, None, raw)
        return _Reply(404, "Not Found")

    @staticmethod
    def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
        """Decode form or JSON bodies; JSON-in-form fields become Python objects."""
        if not raw:
            return {}
        if "json" in content_type.lower():
            parsed = json.loads(raw.decode("utf-8"))
            if not isinstance(parsed, dict):
                raise ValueError("JSON body is not an object")
            body: dict[str, Any] = parsed
        else:
            body = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        for key in JSON_FIELDS:
            value = body.get(key)
            if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
                with contextlib.suppress(ValueError):
                    body[key] = json.loads(value)
        return body

    def _record(
        self, method: str, body: dict[str, Any], headers: dict[str, str], token: str | None, raw: bytes
    ) -> Call:
        call = Call(method=method, body=body, headers=headers, token=token, raw_body=raw)
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()
        return call

    def _answer_response_url(self, call: Call, malformed: bool) -> _Reply:
        """Slack answers response_url posts with plain text: ``ok`` or an error word."""
        fault = self._take_fault(call.method)
        if fault is not None:
            if fault.retry_after is not None:
                return _Reply(429, fault.error, {"Retry-After": str(fault.retry_after)})
            status = 404 if fault.error in {"expired_url", "used_url", "no_service"} else 400
            return _Reply(status, fault.error)
        if malformed:
            return _Reply(400, "invalid_payload")
        body = call.body
        has_content = any(body.get(key) for key in ("text", "blocks", "attachments"))
        if not has_content and not _truthy(body.get("delete_original", False)):
            return _Reply(400, "no_text")
        return _Reply(200, "ok")

    # ------------------------------------------------------------------ id generation

    def _next_ts(self) -> str:
        """Message timestamps that increase like Slack's, so ordering assertions hold."""
        with self._cond:
            if self._wall_clock_offset is None:
                micros = next(self._ts_micros)
            else:
                micros = max(self._last_micros + 1, int((time.time() + self._wall_clock_offset) * 1_000_000))
                self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}TST"

    # ------------------------------------------------------------------ Web API methods

    @staticmethod
    def _require(body: dict[str, Any], *names: str, error: str = "invalid_arguments") -> None:
        missing = [name for name in names if not body.get(name)]
        if missing:
            raise _SlackError(error, [f"[ERROR] missing required field: {name}" for name in missing])

    # ------------------------------------------------------------------ OAuth (installing into many workspaces)

    def enable_oauth(self, client_id: str, client_secret: str) -> None:
        """The app's credentials: oauth.v2.access answers only to them (HTTP Basic auth, as slack_sdk sends)."""
        self.client_id, self.client_secret = client_id, client_secret

    def add_install(
        self,
        code: str,
        *,
        team_id: str,
        bot_token: str,
        team_name: str = "Another Team",
        installer: str = "U_INSTALLER",
        bot_user_id: str = BOT_USER_ID,
        refresh_token: str | None = None,
        expires_in: int | None = None,
    ) -> None:
        """A code Slack would hand the installer of `team_id`: good once, for oauth.v2.access, which answers with
        `bot_token` (and, with token rotation, `refresh_token` and `expires_in`)."""
        with self._cond:
            self._codes[code] = {
                "team_id": team_id,
                "team_name": team_name,
                "bot_token": bot_token,
                "installer": installer,
                "bot_user_id": bot_user_id,
                "refresh_token": refresh_token,
                "expires_in": expires_in,
            }

    def revoke(self, token: str) -> None:
        """Slack no longer takes the token (uninstalled, revoked)."""
        with self._cond:
            self.valid_tokens.discard(token)

    def _grant(self, token: str, team_id: str, refresh_token: str | None, expires_in: int | None) -> None:
        with self._cond:
            self.valid_tokens.add(token)
            self.token_teams[token] = team_id
            if refresh_token is not None:
                self._refresh_tokens[refresh_token] = {"team_id": team_id, "expires_in": expires_in or 43_200}

    def _oauth_v2_access(self, auth: str, body: dict[str, Any]) -> _Reply:
        """The code exchange and the token refresh, as Slack answers them."""
        expected = f"{self.client_id}:{self.client_secret}"
        try:
            given = base64.b64decode(auth.removeprefix("Basic ").strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            given = ""
        if not auth.startswith("Basic ") or self.client_id is None or given != expected:
            return _Reply(200, {"ok": False, "error": "invalid_client_id" if given else "bad_client_secret"})
        if body.get("grant_type") == "refresh_token":
            with self._cond:
                spent = self._refresh_tokens.pop(str(body.get("refresh_token") or ""), None)
            if spent is None:
                return _Reply(200, {"ok": False, "error": "invalid_refresh_token"})
            fresh, next_refresh = f"xoxb-{self._next_id('R')}", f"xoxe-1-{self._next_id('E')}"
            self._grant(fresh, spent["team_id"], next_refresh, spent["expires_in"])
            return _Reply(
                200,
                {
                    "ok": True,
                    "app_id": APP_ID,
                    "access_token": fresh,
                    "token_type": "bot",
                    "refresh_token": next_refresh,
                    "expires_in": spent["expires_in"],
                    "team": {"id": spent["team_id"]},
                },
            )
        with self._cond:
            grant = self._codes.pop(str(body.get("code") or ""), None)
        if grant is None:
            return _Reply(200, {"ok": False, "error": "invalid_code"})
        self._grant(grant["bot_token"], grant["team_id"], grant["refresh_token"], grant["expires_in"])
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": APP_ID,
            "authed_user": {"id": grant["installer"]},
            "scope": "commands,chat:write,users:read",
            "token_type": "bot",
            "access_token": grant["bot_token"],
            "bot_user_id": grant["bot_user_id"],
            "team": {"id": grant["team_id"], "name": grant["team_name"]},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if grant["refresh_token"] is not None:
            answer["refresh_token"] = grant["refresh_token"]
            answer["expires_in"] = grant["expires_in"] or 43_200
        return _Reply(200, answer)

    def _auth_test(self, body: dict[str, Any]) -> dict[str, Any]:
        team_id = str(body.get("_team") or TEAM_ID)
        return {
            "ok": True,
            "url": TEAM_URL,
            "team": TEAM_NAME,
            "user": "covalis",
            "team_id": team_id,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _apps_connections_open(self, _body: dict[str, Any]) -> dict[str, Any]:
        if self.socket_mode_url is None:
            raise RuntimeError("apps.connections.open was called, but the test set no socket_mode_url")
        return {"ok": True, "url": self.socket_mode_url}

    def _public_user(self, user: dict[str, Any], include_locale: bool) -> dict[str, Any]:
        """Copy of a user as Slack returns it: ``locale`` only when ``include_locale`` was asked for."""
        shown = copy.deepcopy(user)
        if not include_locale:
            shown.pop("locale", None)
        return shown

    def _users_info(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            user = self.users.get(str(body.get("user", "")))
        if user is None:
            raise _SlackError("user_not_found")
        return {"ok": True, "user": self._public_user(user, _truthy(body.get("include_locale")))}

    def _users_list(self, body: dict[str, Any]) -> dict[str, Any]:
        """Cursor paging like Slack: opaque ``next_cursor``, empty string on the last page."""
        team_id = str(body.get("_team") or TEAM_ID)  # the members of the token's own workspace
        with self._cond:
            members = [user for user in self.users.values() if user.get("team_id", TEAM_ID) == team_id]
        try:
            limit = int(body.get("limit") or 0)
        except (TypeError, ValueError) as exc:
            raise _SlackError("invalid_limit") from exc
        start = 0
        cursor = str(body.get("cursor") or "")
        if cursor:
            try:
                decoded = base64.b64decode(cursor.encode(), validate=True).decode()
            except (binascii.Error, UnicodeDecodeError) as exc:
                raise _SlackError("invalid_cursor") from exc
            if not decoded.startswith("user:"):
                raise _SlackError("invalid_cursor")
            ids = [member["id"] for member in members]
            wanted = decoded.removeprefix("user:")
            if wanted not in ids:
                raise _SlackError("invalid_cursor")
            start = ids.index(wanted)
        page_size = limit if limit > 0 else 1000
        page = members[start : start + page_size]
        rest = members[start + page_size :]
        next_cursor = base64.b64encode(f"user:{rest[0]['id']}".encode()).decode() if rest else ""
        include_locale = _truthy(body.get("include_locale"))
        return {
            "ok": True,
            "members": [self._public_user(member, include_locale) for member in page],
            "cache_ts": int(datetime.now(UTC).timestamp()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _check_view(self, view: Any, expected_types: set[str]) -> dict[str, Any]:
        """Validate a view as Slack does (``invalid_arguments``), with slack_sdk's View and Block models."""
        if not isinstance(view, dict):
            raise _SlackError("invalid_arguments", ["[ERROR] missing required field: view"])
        problems: list[str] = []
        kind = view.get("type")
        if kind not in expected_types:
            problems.append(f"[ERROR] must be one of {sorted(expected_types)} [json-pointer:/view/type]")
        if kind == "modal" and not view.get("title"):
            problems.append("[ERROR] missing required field: title [json-pointer:/view/title]")
        blocks = view.get("blocks")
        if not isinstance(blocks, list):
            problems.append("[ERROR] missing required field: blocks [json-pointer:/view/blocks]")
        else:
            problems += _block_problems(blocks, "/view/blocks")
        if not problems:
            try:
                View(**view).validate_json()
            except (SlackObjectFormationError, TypeError) as exc:
                problems.append(f"[ERROR] {exc} [json-pointer:/view]")
        if problems:
            raise _SlackError("invalid_arguments", problems)
        return view

    def _store_view(
        self, view: dict[str, Any], view_id: str | None = None, previous_view_id: str | None = None
    ) -> dict[str, Any]:
        stored: dict[str, Any] = {
            "type": view["type"],
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            **{key: view[key] for key in ("title", "submit", "close") if key in view},
            "id": view_id or self._next_id("V"),
            "team_id": TEAM_ID,
            "state": {"values": {}},
            "hash": f"1764000000.{next(self._ids):08x}",
            "previous_view_id": previous_view_id,
            "root_view_id": None,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        }
        stored["root_view_id"] = stored["id"]
        with self._cond:
            self.views[stored["id"]] = stored
        return {"ok": True, "view": stored}

    def _views_open(self, body: dict[str, Any]) -> dict[str, Any]:
        self._require(body, "trigger_id", "view")
        return self._store_view(self._check_view(body["view"], {"modal"}))

    def _views_push(self, body: dict[str, Any]) -> dict[str, Any]:
        self._require(body, "trigger_id", "view")
        return self._store_view(self._check_view(body["view"], {"modal"}))

    def _views_publish(self, body: dict[str, Any]) -> dict[str, Any]:
        """Each user has one Home tab, so republishing keeps its view id."""
        self._require(body, "user_id", "view")
        view = self._check_view(body["view"], {"home"})
        user_id = str(body["user_id"])
        with self._cond:
            existing = self._home_views.get(user_id)
        answer = self._store_view(view, existing)
        with self._cond:
            self._home_views[user_id] = answer["view"]["id"]
        return answer

    def _views_update(self, body: dict[str, Any]) -> dict[str, Any]:
        """Update by ``view_id`` or ``external_id``.

        Ids the fake never issued are accepted because tests often build
        interaction payloads by hand; a stale ``hash`` for a view the fake did
        issue answers ``hash_conflict`` as Slack does.
        """
        self._require(body, "view")
        view_id = str(body.get("view_id") or "")
        external_id = str(body.get("external_id") or "")
        if not view_id and not external_id:
            raise _SlackError("invalid_arguments", ["[ERROR] view_id or external_id is required"])
        view = self._check_view(body["view"], {"modal", "home"})
        with self._cond:
            if not view_id:
                view_id = next((vid for vid, v in self.views.items() if v.get("external_id") == external_id), "")
            known = self.views.get(view_id)
        if known is not None and body.get("hash") and body["hash"] != known["hash"]:
            raise _SlackError("hash_conflict")
        previous = known.get("previous_view_id") if known else None
        return self._store_view(view, view_id or None, previous)

    def _dm_channel(self, channel: str) -> str:
        """Slack answers posts addressed to a user id with the user's IM channel id."""
        return "D" + channel[1:] if channel.startswith(("U", "W")) else channel

    def _check_message(self, body: dict[str, Any]) -> None:
        self._require(body, "channel", error="channel_not_found")
        if not any(body.get(key) for key in ("text", "blocks", "attachments")):
            raise _SlackError("no_text")
        blocks = body.get("blocks")
        if blocks is not None and not isinstance(blocks, list):
            raise _SlackError("invalid_blocks_format")
        if isinstance(blocks, list) and len(blocks) > MAX_MESSAGE_BLOCKS:
            raise _SlackError("invalid_blocks", ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"])
        if isinstance(blocks, list) and (problems := _block_problems(blocks, "/blocks")):
            raise _SlackError("invalid_blocks", problems)
        with self._cond:
            known = self.channels.get(str(body["channel"]))
        if known is not None and known.get("is_archived"):
            raise _SlackError("is_archived")

    def _message(self, body: dict[str, Any], ts: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": body.get("text", ""),
            "ts": ts,
        }
        for key in ("blocks", "attachments", "metadata", "thread_ts"):
            if body.get(key):
                message[key] = body[key]
        return message

    def _chat_post_message(self, body: dict[str, Any]) -> dict[str, Any]:
        self._check_message(body)
        ts = self._next_ts()
        return {
            "ok": True,
            "channel": self._dm_channel(str(body["channel"])),
            "ts": ts,
            "message": self._message(body, ts),
        }

    def _chat_post_ephemeral(self, body: dict[str, Any]) -> dict[str, Any]:
        self._require(body, "user", error="user_not_found")
        self._check_message(body)
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, body: dict[str, Any]) -> dict[str, Any]:
        self._require(body, "channel", error="channel_not_found")
        self._require(body, "ts", error="message_not_found")
        channel = self._dm_channel(str(body["channel"]))
        ts = str(body["ts"])
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": body.get("text", ""),
            "message": self._message(body, ts),
        }

    def _chat_get_permalink(self, body: dict[str, Any]) -> dict[str, Any]:
        self._require(body, "channel", error="channel_not_found")
        self._require(body, "message_ts", error="message_not_found")
        channel = str(body["channel"])
        ts = str(body["message_ts"]).replace(".", "")
        return {"ok": True, "channel": channel, "permalink": f"{TEAM_URL}archives/{channel}/p{ts}"}

    def _conversations_open(self, body: dict[str, Any]) -> dict[str, Any]:
        channel_id = str(body.get("channel") or "")
        users = [u for u in str(body.get("users") or "").split(",") if u]
        if not channel_id and not users:
            raise _SlackError("users_list_not_supplied")
        if not channel_id:
            channel_id = "D" + users[0][1:] if len(users) == 1 else "G" + "".join(u[1:4] for u in users)
        with self._cond:
            known = channel_id in self.channels
        channel = self.channels[channel_id] if known else self.add_channel(channel_id, is_private=True)
        if _truthy(body.get("return_im")):
            return {"ok": True, "channel": channel}
        return {"ok": True, "channel": {"id": channel["id"]}}

    def _conversations_history(self, body: dict[str, Any]) -> dict[str, Any]:
        """Newest first, `oldest`/`latest` exclusive as Slack's defaults; message metadata only with
        `include_all_metadata` (Slack leaves it out otherwise); `limit` (default 100) with a cursor."""
        channel_id = str(body.get("channel") or "")
        if not channel_id:
            raise _SlackError("channel_not_found")
        oldest = float(body.get("oldest") or 0)
        latest = float(body.get("latest") or "inf")
        limit = int(body.get("limit") or 100)
        start = int(body.get("cursor") or 0)
        with self._cond:
            kept = list(self.history.get(channel_id, []))
        found = [dict(m) for m in reversed(kept) if oldest < float(m["ts"]) < latest]
        if not _truthy(body.get("include_all_metadata", False)):
            for message in found:
                message.pop("metadata", None)
        page = found[start : start + limit]
        more = start + limit < len(found)
        answer: dict[str, Any] = {"ok": True, "messages": page, "has_more": more}
        if more:
            answer["response_metadata"] = {"next_cursor": str(start + limit)}
        return answer

    def _files_get_upload_url_external(self, body: dict[str, Any]) -> dict[str, Any]:
        """Step 1 of an upload: a file id and a one-time URL for the bytes (``length`` must be a positive number,
        ``alt_txt`` at most 1,000 characters, as Slack says)."""
        self._require(body, "filename", "length")
        try:
            length = int(body["length"])
        except ValueError:
            raise _SlackError("invalid_arguments", ["[ERROR] length must be an integer"]) from None
        if length <= 0:
            raise _SlackError("invalid_arguments", ["[ERROR] length must be positive"])
        alt_txt = body.get("alt_txt")
        if alt_txt is not None and len(str(alt_txt)) > 1000:
            raise _SlackError("invalid_arguments", ["[ERROR] alt_txt must be 1000 characters or fewer"])
        file_id = self._next_id("F")
        with self._cond:
            self._pending_uploads[file_id] = {
                "filename": str(body["filename"]),
                "length": length,
                "alt_txt": None if alt_txt is None else str(alt_txt),
                "content": None,
            }
        return {"ok": True, "file_id": file_id, "upload_url": f"http://127.0.0.1:{self.port}/upload/v1/{file_id}"}

    def _receive_upload(self, file_id: str, headers: dict[str, str], body: dict[str, Any], raw: bytes) -> _Reply:
        """Step 2: the bytes, posted to the URL of step 1 (no token: the URL is the secret)."""
        self._record(f"upload:{file_id}", body, headers, None, raw)
        with self._cond:
            pending = self._pending_uploads.get(file_id)
            if pending is None or pending["content"] is not None:
                return _Reply(404, "Not Found")
            if len(raw) != pending["length"]:
                return _Reply(400, "length mismatch")
            pending["content"] = raw
        return _Reply(200, f"OK - {len(raw)}")

    def _files_complete_upload_external(self, body: dict[str, Any]) -> dict[str, Any]:
        """Step 3: share the uploaded files into a channel. Slack takes only a channel id (``C``/``G``/``D``) here;
        a user id is refused, which is why a DM's id comes from ``conversations.open`` first."""
        files = body.get("files")
        if not isinstance(files, list) or not files:
            raise _SlackError("invalid_arguments", ["[ERROR] files must be a JSON list"])
        channel = str(body.get("channel_id") or "")
        if channel and channel[:1] not in ("C", "G", "D"):
            raise _SlackError("channel_not_found")
        shared: list[dict[str, Any]] = []
        with self._cond:
            for item in files:
                file_id = str(item.get("id") or "") if isinstance(item, dict) else ""
                pending = self._pending_uploads.get(file_id)
                if pending is None or pending["content"] is None:
                    raise _SlackError("file_not_found")
            for item in files:
                pending = self._pending_uploads.pop(str(item["id"]))
                title = str(item.get("title") or pending["filename"])
                upload = Upload(
                    file_id=str(item["id"]),
                    channel=channel,
                    filename=pending["filename"],
                    title=title,
                    alt_txt=pending["alt_txt"],
                    initial_comment=body.get("initial_comment"),
                    content=pending["content"],
                )
                self.uploads.append(upload)
                shared.append({"id": upload.file_id, "name": upload.filename, "title": title, "channels": [channel]})
        return {"ok": True, "files": shared}

    def _conversations_info(self, body: dict[str, Any]) -> dict[str, Any]:
        """Known channels only, as Slack; IM ids (``D…``) are always known, like a bot's DMs."""
        channel_id = str(body.get("channel") or "")
        with self._cond:
            channel = self.channels.get(channel_id)
        if channel is None and channel_id.startswith("D"):
            channel = self.add_channel(channel_id)
        if channel is None:
            raise _SlackError("channel_not_found")
        return {"ok": True, "channel": channel}
