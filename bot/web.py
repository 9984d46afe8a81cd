"""The HTTP mode front door: POST /slack/events for every Slack request, GET /healthz for load balancers.

Signatures are checked here before Bolt sees a request: Bolt answers 500 to a non-numeric timestamp and logs the
body of a request whose signature fails, and neither may happen.
"""

import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

from storage.db import Database

logger = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
BODY_MAX = 1_000_000
TIMESTAMP_DIGITS_MAX = 12

StartResponse = Callable[..., Any]


class SlackWsgi:
    def __init__(self, app: App, db: Database, signing_secret: str) -> None:
        self.app = app
        self.db = db
        self.verifier = SignatureVerifier(signing_secret)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            healthy = self.db.ping()
            return _reply(start_response, 200 if healthy else 503, "ok" if healthy else "database unreachable")
        if path != EVENTS_PATH:
            return _reply(start_response, 404, "not found")
        if method != "POST":
            return _reply(start_response, 405, "method not allowed")
        return self._slack(environ, start_response)

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
        headers = {
            key[5:].lower().replace("_", "-"): value for key, value in environ.items() if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        try:
            request = BoltRequest(body=body, query=environ.get("QUERY_STRING", ""), headers=headers)
        except ValueError:  # json.JSONDecodeError included: a signed body that is not the JSON it claims to be
            logger.warning("rejected a Slack request: malformed body")
            return _reply(start_response, 400, "malformed body")
        response = self.app.dispatch(request)
        out_headers = [(name, value) for name, values in response.headers.items() for value in values]
        payload = (response.body or "").encode("utf-8")
        start_response(f"{response.status} {_reason(response.status)}", out_headers)
        return [payload]


def _plain_timestamp(timestamp: str) -> bool:
    """ASCII digits of a sane length: `str.isdigit` also passes "²" and 5,000-digit numbers, which `int()` refuses."""
    text = timestamp.strip()
    return text.isascii() and text.isdigit() and len(text) <= TIMESTAMP_DIGITS_MAX


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


def _reply(start_response: StartResponse, status: int, text: str) -> Iterable[bytes]:
    payload = text.encode("utf-8")
    start_response(
        f"{status} {_reason(status)}",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(payload)))],
    )
    return [payload]
