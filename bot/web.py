"""The HTTP mode front door: POST /slack/events for every Slack request, GET /healthz (alive: the database answers)
and GET /readyz (ready: the database answers and is migrated, and Slack took the bot token at the last check).

Signatures are checked here before Bolt sees a request: Bolt answers 500 to a non-numeric timestamp and logs the
body of a request whose signature fails, and neither may happen.
"""

import html
import logging
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from bot.i18n import LANGUAGES, t
from bot.manifest import INSTALL_PATH, REDIRECT_PATH
from bot.pulse_web import RATE_SECONDS, Network, RateLimit, client_address
from storage.db import Database
from storage.migrate import current_revision, head_revision

logger = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
PULSE_PREFIX = "/pulse/"
BODY_MAX = 1_000_000
TIMESTAMP_DIGITS_MAX = 12

StartResponse = Callable[..., Any]


# auth.test errors that mean the token itself is refused (not a network hiccup, not a rate limit).
TOKEN_REFUSALS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})


class Readiness:
    """What /readyz answers, never with a Slack call per probe: the database reachable and at the migrations' head
    (asked each probe, one cheap query), the bot token as last checked — at start-up and before each tick."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.token_ok = True  # start-up stops on a refused token, so a serving process begins with a good one
        self._head = head_revision()

    def refresh_token(self, client: WebClient) -> None:
        try:
            client.auth_test()
            self.token_ok = True
        except SlackApiError as exc:
            if exc.response.get("error") in TOKEN_REFUSALS:
                self.token_ok = False
                logger.error("Slack refuses the bot token (%s): not ready", exc.response.get("error"))
        except OSError:
            pass  # Slack out of reach is not this process's fault: keep the last answer

    def check(self) -> tuple[bool, str]:
        try:
            revision = current_revision(self.db.engine)
        except Exception:
            return False, "database unreachable"
        if revision != self._head:
            return False, f"database not migrated (at {revision}, this Covalis needs {self._head})"
        if not self.token_ok:
            return False, "Slack refuses the bot token"
        return True, "ready"


class SlackWsgi:
    def __init__(
        self,
        app: App,
        db: Database,
        signing_secret: str,
        readiness: Readiness | None = None,
        pulse: Callable[[dict[str, Any], StartResponse], Iterable[bytes]] | None = None,
        *,
        oauth: bool = False,
        trusted_proxies: Sequence[Network] = (),
    ) -> None:
        self.app = app
        self.db = db
        self.verifier = SignatureVerifier(signing_secret)
        self.readiness = readiness or Readiness(db)
        self.pulse = pulse  # the supplier's pulse page (bot/pulse_web.py), when COVALIS_SECRET_KEY is set
        self.oauth = oauth and app.oauth_flow is not None  # installing into many workspaces (SLACK_CLIENT_ID)
        self.trusted = tuple(trusted_proxies)
        self.limit = RateLimit()  # the install pages need no login, and each visit writes a state

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            healthy = self.db.ping()
            return _reply(start_response, 200 if healthy else 503, "ok" if healthy else "database unreachable")
        if path == READY_PATH and method in ("GET", "HEAD"):
            ready, why = self.readiness.check()
            return _reply(start_response, 200 if ready else 503, why)
        if self.pulse is not None and path.startswith(PULSE_PREFIX):
            return self.pulse(environ, start_response)
        if path in (INSTALL_PATH, REDIRECT_PATH) and self.oauth:
            if method not in ("GET", "HEAD"):
                return _reply(start_response, 405, "method not allowed")
            if not self.limit.allow(client_address(environ, self.trusted)):
                return _reply(start_response, 429, "too many requests: try again in a minute", retry=True)
            return self._oauth(path, environ, start_response)
        if path != EVENTS_PATH:
            return _reply(start_response, 404, "not found")
        if method != "POST":
            return _reply(start_response, 405, "method not allowed")
        return self._slack(environ, start_response)

    def _oauth(self, path: str, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Installing into a workspace (OAuth mode): the install page with a fresh state, and Slack's redirect
        back, which checks the state (once, ten minutes) and exchanges the code for the workspace's token."""
        flow = self.app.oauth_flow
        assert flow is not None
        headers = _headers(environ)
        try:
            request = BoltRequest(body="", query=environ.get("QUERY_STRING", ""), headers=headers)
            response = flow.handle_installation(request) if path == INSTALL_PATH else flow.handle_callback(request)
        except Exception as exc:  # Slack or the database out of reach: a page that says what to do, not a bare 500
            logger.exception("installing failed at %s (%s)", path, type(exc).__name__)
            return self._install_failed(start_response)
        return self._answer(response, start_response)

    def _install_failed(self, start_response: StartResponse) -> Iterable[bytes]:
        """In both languages: the installer's browser says nothing we could trust about which."""
        link = f'<a href="{INSTALL_PATH}">{INSTALL_PATH}</a>'
        lines = [
            html.escape(t(lang, "install.failed", path=INSTALL_PATH)).replace(INSTALL_PATH, link) for lang in LANGUAGES
        ]
        page = '<!doctype html><meta charset="utf-8"><title>Covalis</title>' + "".join(
            f"<p>{line}</p>" for line in lines
        )
        payload = page.encode("utf-8")
        start_response(
            "500 Internal Server Error",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(payload))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [payload]

    def _answer(self, response: BoltResponse, start_response: StartResponse) -> Iterable[bytes]:
        out_headers = [(name, value) for name, values in response.headers.items() for value in values]
        payload = (response.body or "").encode("utf-8")
        start_response(f"{response.status} {_reason(response.status)}", out_headers)
        return [payload]

    def _slack(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, 400, "bad content length")
        if length > BODY_MAX:
            return _reply(start_response, 413, "request too large")
        raw = environ["wsgi.input"].read(length) if length else b""
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        if timestamp is None or signature is None:
            logger.warning("rejected a Slack request: no Slack signature headers")
            return _reply(start_response, 401, "missing Slack signature headers")
        if not _plain_timestamp(timestamp):
            logger.warning("rejected a Slack request: missing or non-numeric timestamp")
            return _reply(start_response, 400, "invalid request timestamp")
        try:  # before the signature: the verifier decodes the body itself and raises on bytes that are not UTF-8
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            logger.warning("rejected a Slack request: body is not UTF-8")
            return _reply(start_response, 400, "body is not UTF-8")
        if not self.verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
            logger.warning("rejected a Slack request: invalid or stale signature")
            return _reply(start_response, 401, "invalid signature")
        headers = _headers(environ)
        try:
            request = BoltRequest(body=body, query=environ.get("QUERY_STRING", ""), headers=headers)
        except ValueError:  # json.JSONDecodeError included: a signed body that is not the JSON it claims to be
            logger.warning("rejected a Slack request: malformed body")
            return _reply(start_response, 400, "malformed body")
        return self._answer(self.app.dispatch(request), start_response)


def _headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {
        key[5:].lower().replace("_", "-"): value for key, value in environ.items() if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    return headers


def _plain_timestamp(timestamp: str) -> bool:
    """ASCII digits of a sane length: `str.isdigit` also passes "²" and 5,000-digit numbers, which `int()` refuses."""
    text = timestamp.strip()
    return text.isascii() and text.isdigit() and len(text) <= TIMESTAMP_DIGITS_MAX


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


def _reply(start_response: StartResponse, status: int, text: str, *, retry: bool = False) -> Iterable[bytes]:
    payload = text.encode("utf-8")
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(payload)))]
    if retry:
        headers.append(("Retry-After", str(int(RATE_SECONDS))))
    start_response(f"{status} {_reason(status)}", headers)
    return [payload]
