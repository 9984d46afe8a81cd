"""The page a supplier's contact opens to say how they experience us: GET and POST /pulse/<token>, HTTP mode only.

Plain HTML from Jinja2 templates (autoescaped; Jinja2 is imported on the first request, so a bot that never serves
the page never loads it), one same-origin stylesheet, no JavaScript. A GET never uses the link up (link previewers
and mail scanners open it first); a POST stores the answer once. The form carries an anti-CSRF field signed with
COVALIS_SECRET_KEY; bodies are capped; each client address is rate limited (X-Forwarded-For is believed only from
COVALIS_TRUSTED_PROXIES).
"""

import hashlib
import hmac
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from http import HTTPStatus
from ipaddress import IPv4Network, IPv6Network, ip_address
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from bot.i18n import LANGUAGES, t
from bot.services.errors import CovalisError
from bot.services.pulse import COMMENT_MAX, AnswerStored, PulseService
from bot.services.pulse_gap import DRIVERS, SCORE_MAX, SCORE_MIN

logger = logging.getLogger(__name__)

PREFIX = "/pulse/"
STYLESHEET = "/pulse/page.css"
TEMPLATES = Path(__file__).parent / "templates"
BODY_MAX = 16_384  # seven radio buttons, a language, a signature and a 2,000-character comment fit easily
CSRF_SECONDS = 24 * 3600  # a form left open overnight still sends
RATE_REQUESTS, RATE_SECONDS = 30, 60.0
RATE_ADDRESSES_MAX = 10_000
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex"),
    ("X-Content-Type-Options", "nosniff"),
]

StartResponse = Callable[..., Any]
Network = IPv4Network | IPv6Network


@cache
def _templates() -> Any:
    """Jinja2 on first use: autoescaping on for every template."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)


class RateLimit:
    """At most `requests` per `seconds` per address, in this process (a sliding window)."""

    def __init__(self, requests: int = RATE_REQUESTS, seconds: float = RATE_SECONDS) -> None:
        self.requests, self.seconds = requests, seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str, now: float | None = None) -> bool:
        moment = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) >= RATE_ADDRESSES_MAX:
                self._forget(moment)
            hits = self._hits.setdefault(address, deque())
            while hits and hits[0] <= moment - self.seconds:
                hits.popleft()
            if len(hits) >= self.requests:
                return False
            hits.append(moment)
            return True

    def _forget(self, moment: float) -> None:
        for address in [a for a, hits in self._hits.items() if not hits or hits[-1] <= moment - self.seconds]:
            del self._hits[address]
        if len(self._hits) >= RATE_ADDRESSES_MAX:
            self._hits.clear()  # flooded from everywhere at once: start over rather than grow without end


def client_address(environ: dict[str, Any], trusted: Sequence[Network]) -> str:
    """The client's address: REMOTE_ADDR, or — when that is a trusted proxy — the nearest untrusted hop of
    X-Forwarded-For (read from the right, since a client can write anything on the left)."""
    remote = str(environ.get("REMOTE_ADDR") or "")
    if not _trusted(remote, trusted):
        return remote
    hops = [hop.strip() for hop in str(environ.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop if _is_ip(hop) else remote
    return hops[0] if hops and _is_ip(hops[0]) else remote


def _is_ip(text: str) -> bool:
    try:
        ip_address(text)
        return True
    except ValueError:
        return False


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


class CsrfSigner:
    """`<issued>.<hmac>` over the link's token and the moment the form was served."""

    def __init__(self, key: str) -> None:
        self._key = hashlib.sha256(b"covalis-pulse-csrf:" + key.encode("utf-8")).digest()

    def _mac(self, token: str, issued: int) -> str:
        return hmac.new(self._key, f"{token}:{issued}".encode(), hashlib.sha256).hexdigest()

    def sign(self, token: str, now: float | None = None) -> str:
        issued = int(time.time() if now is None else now)
        return f"{issued}.{self._mac(token, issued)}"

    def valid(self, token: str, value: str, now: float | None = None) -> bool:
        issued_text, _, mac = value.partition(".")
        if not issued_text.isascii() or not issued_text.isdigit() or len(issued_text) > 12:
            return False
        issued = int(issued_text)
        moment = time.time() if now is None else now
        if not issued - 60 <= moment <= issued + CSRF_SECONDS:
            return False
        return hmac.compare_digest(self._mac(token, issued), mac)


class BadForm(Exception):
    """A POST body that is not the form we served."""


class PulsePage:
    def __init__(
        self,
        pulse: PulseService,
        *,
        secret_key: str,
        trusted_proxies: Sequence[Network] = (),
        notify: Callable[[AnswerStored], None] | None = None,
        limit: RateLimit | None = None,
    ) -> None:
        self.pulse = pulse
        self.csrf = CsrfSigner(secret_key)
        self.trusted = tuple(trusted_proxies)
        self.notify = notify
        self.limit = limit or RateLimit()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if path == STYLESHEET and method in ("GET", "HEAD"):
            return _send(start_response, 200, (TEMPLATES / "page.css").read_bytes(), "text/css; charset=utf-8")
        token = path.removeprefix(PREFIX)
        query = parse_qs(environ.get("QUERY_STRING") or "")
        lang = _language((query.get("lang") or [""])[0])
        if not self.limit.allow(client_address(environ, self.trusted)):
            return self._message(start_response, 429, lang or "en", "page.error_title", "page.too_many")
        if method in ("GET", "HEAD"):
            return self._show(start_response, token, lang)
        if method == "POST":
            return self._answer(environ, start_response, token)
        return self._message(start_response, 405, lang or "en", "page.error_title", "page.invalid", allow="GET, POST")

    def _show(self, start_response: StartResponse, token: str, lang: str | None) -> Iterable[bytes]:
        page = self.pulse.open_link(token)
        if page is None:
            return self._message(start_response, 404, lang or "en", "page.gone_title", "page.gone")
        lang = lang or page.language
        if page.answered:
            return self._message(start_response, 200, lang, "page.thanks_title", "page.already")
        notice = (
            t(lang, "page.notice", owner=page.owner_name, supplier=page.supplier_name)
            if page.owner_name
            else t(lang, "page.notice_no_owner", supplier=page.supplier_name)
        )
        html = _render(
            "pulse.html",
            lang,
            page=page,
            csrf=self.csrf.sign(token),
            drivers=DRIVERS,
            scores=range(SCORE_MIN, SCORE_MAX + 1),
            languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            notice=notice,
            comment_max=COMMENT_MAX,
        )
        return _send(start_response, 200, html.encode("utf-8"))

    def _answer(self, environ: dict[str, Any], start_response: StartResponse, token: str) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > BODY_MAX:
            return self._message(start_response, 413, "en", "page.error_title", "page.too_large")
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            form = _form(raw)
        except BadForm:
            return self._message(start_response, 400, "en", "page.error_title", "page.invalid")
        lang = _language(form.get("lang", "")) or "en"
        if not self.csrf.valid(token, form.get("csrf", "")):
            return self._message(start_response, 400, lang, "page.error_title", "page.invalid")
        try:
            drivers = {d: _score(form.get(d, "")) for d in DRIVERS}
            relative = _score(form.get("relative", ""))
            stored = self.pulse.answer_link(token, drivers, relative, form.get("comment"))
        except (BadForm, CovalisError):
            return self._message(start_response, 400, lang, "page.error_title", "page.invalid")
        if stored is None:
            return self._message(start_response, 404, lang, "page.gone_title", "page.gone")
        if stored is False:
            return self._message(start_response, 200, lang, "page.thanks_title", "page.already")
        assert isinstance(stored, AnswerStored)
        if self.notify is not None:
            try:
                self.notify(stored)
            except Exception:  # the answer is stored; only the owner's DM failed
                logger.exception("could not tell the owner about a pulse answer")
        return self._message(start_response, 200, lang, "page.thanks_title", "page.thanks", contact=stored.contact_name)

    def _message(
        self,
        start_response: StartResponse,
        status: int,
        lang: str,
        title: str,
        text: str,
        allow: str = "",
        **params: str,
    ) -> Iterable[bytes]:
        html = _render("message.html", lang, title=t(lang, title), text=t(lang, text, **params))
        extra = [("Allow", allow)] if allow else []
        if status == 429:
            extra.append(("Retry-After", str(int(RATE_SECONDS))))
        return _send(start_response, status, html.encode("utf-8"), extra=extra)


def _language(value: str) -> str | None:
    return value if value in LANGUAGES else None


def _render(name: str, lang: str, **values: Any) -> str:
    def translate(key: str, **params: Any) -> str:
        return t(lang, key, **params)

    html: str = _templates().get_template(name).render(lang=lang, t=translate, **values)
    return html


def _form(raw: bytes) -> dict[str, str]:
    """The urlencoded form, one value per field; a body that is not UTF-8 or repeats a field is not ours."""
    try:
        text = raw.decode("utf-8")
        fields = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadForm from exc
    if any(len(values) != 1 for values in fields.values()):
        raise BadForm
    return {name: values[0] for name, values in fields.items()}


def _score(value: str) -> int | None:
    if value == "":
        return None
    if value not in {str(n) for n in range(SCORE_MIN, SCORE_MAX + 1)}:
        raise BadForm
    return int(value)


def _send(
    start_response: StartResponse,
    status: int,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    extra: list[tuple[str, str]] | None = None,
) -> Iterable[bytes]:
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        *SECURITY_HEADERS,
        *(extra or []),
    ]
    start_response(f"{status} {HTTPStatus(status).phrase}", headers)
    return [body]
