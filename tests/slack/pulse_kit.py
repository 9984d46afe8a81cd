"""The supplier's pulse page for tests: a harness whose front door serves it, a link made as a user makes one, and
GET / POST calls in-process (or over real HTTP) that return what a browser gets."""

import io
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.app import web_client
from bot.clock import FixedClock
from bot.container import build_services
from bot.runtime import pulse_page
from storage.db import Database
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import slack_settings
from tests.slack.harness import BOT_TOKEN, HttpSlackHarness, SlackHarness, ask

PUBLIC_URL = "https://covalis.example.com"
SECRET_KEY = "test-secret-key-for-the-pulse-page-0123456789"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/pulse/([A-Za-z0-9_-]+)")


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: str

    def csrf(self) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.body)
        assert found, "the page has no anti-CSRF field"
        return found.group(1)


def _serving(harness: SlackHarness) -> SlackHarness:
    harness.wsgi.pulse = pulse_page(harness.services, web_client(harness.services, BOT_TOKEN))
    return harness


def _settings(fake: FakeSlackApi, database_url: str) -> Any:
    return slack_settings(fake, database_url, COVALIS_PUBLIC_URL=PUBLIC_URL, COVALIS_SECRET_KEY=SECRET_KEY)


def page_harness(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> SlackHarness:
    """The app with its pulse page, called in-process."""
    return _serving(SlackHarness(build_services(_settings(fake, database_url), db=db, clock=clock), fake))


def page_http_harness(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> HttpSlackHarness:
    """The app with its pulse page behind a real HTTP server."""
    harness = HttpSlackHarness(build_services(_settings(fake, database_url), db=db, clock=clock), fake)
    _serving(harness)
    return harness


def make_link(slack: SlackHarness, supplier: str = "Acme", contact: str = "Jan de Vries", user: str = "U_ALICE") -> str:
    """`/covalis pulse send` as the owner types it; the token of the link it shows."""
    said = ask(slack, f"pulse send {supplier}: {contact}", user=user)
    found = LINK.search(said)
    assert found, said
    return found.group(1)


def call(
    slack: SlackHarness,
    path: str,
    *,
    method: str = "GET",
    form: dict[str, str] | None = None,
    raw: bytes | None = None,
    query: str = "",
    remote: str = "203.0.113.7",
    forwarded: str | None = None,
) -> Page:
    """One browser request to the front door, in-process."""
    body = raw if raw is not None else urlencode(form or {}).encode("utf-8")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)) if method == "POST" else "",
        "REMOTE_ADDR": remote,
        "wsgi.input": io.BytesIO(body if method == "POST" else b""),
    }
    if forwarded is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    got: list[tuple[str, list[tuple[str, str]]]] = []
    answer = b"".join(slack.wsgi(environ, lambda status, headers: got.append((status, headers))))
    status, headers = got[-1]
    return Page(int(status.split(" ", 1)[0]), dict(headers), answer.decode("utf-8"))


def over_http(url: str, *, form: dict[str, str] | None = None) -> Page:
    data = urlencode(form).encode("utf-8") if form is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Page(response.status, dict(response.headers.items()), response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return Page(exc.code, dict(exc.headers.items()), exc.read().decode("utf-8"))


ALL_FOURS = {
    "growth": "4",
    "profitability": "4",
    "operational": "4",
    "reliability": "2",
    "support": "4",
    "involvement": "4",
    "accessibility": "4",
    "relative": "2",
    "comment": "Forecasts come <late>",
}
