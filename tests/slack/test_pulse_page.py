"""The page a supplier's contact opens (issue 14): `/covalis pulse send` makes the link, GET shows the form without
using it up, POST stores the answer once and tells the owner; every edge answered with a friendly page and the
security headers. In-process through the WSGI front door, and once over real HTTP.

Today is Wednesday 25 November 2026."""

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from ipaddress import ip_network

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.pulse_web import PulsePage
from storage.db import Database
from storage.models import PulseLink
from tests.conftest import both_engines
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import HttpSlackHarness, SlackHarness, ask, dms_to, exported, text_of
from tests.slack.pulse_kit import (
    ALL_FOURS,
    PUBLIC_URL,
    Page,
    call,
    make_link,
    over_http,
    page_harness,
    page_http_harness,
)


@pytest.fixture
def page_slack(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[SlackHarness]:
    harness = page_harness(fake, database_url, db, clock)
    yield harness
    harness.close()


@pytest.fixture
def page_http(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[HttpSlackHarness]:
    harness = page_http_harness(fake, database_url, db, clock)
    yield harness
    harness.close()


HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
}


def _acme(slack: SlackHarness, contact: str = "Jan de Vries") -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, f"contact add Acme: {contact}")


def _secure(page: Page) -> None:
    for name, value in HEADERS.items():
        assert page.headers.get(name) == value, name
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"


def _answer(slack: SlackHarness, token: str, **overrides: str) -> Page:
    form = call(slack, f"/pulse/{token}")
    return call(slack, f"/pulse/{token}", method="POST", form={**ALL_FOURS, "csrf": form.csrf(), **overrides})


def test_the_owner_gets_a_link_with_a_suggested_message_and_only_its_hash_is_stored(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    said = ask(page_slack, "pulse send Acme: Jan de Vries")
    assert f"{PUBLIC_URL}/pulse/" in said
    assert "Covalis sends no e-mail" in said
    token = make_link(page_slack)
    assert len(token) >= 22  # at least 128 random bits in URL-safe base64
    with page_slack.services.db.read() as session:
        stored = session.exec(select(PulseLink)).all()
    assert hashlib.sha256(token.encode()).hexdigest() in {link.token_hash for link in stored}
    assert token not in str(exported(page_slack))


def test_only_the_owner_or_an_admin_may_send_a_link(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    assert "/pulse/" not in ask(page_slack, "pulse send Acme: Jan de Vries", user="U_BOB")


def test_a_get_shows_the_form_escaped_and_never_uses_the_link(page_slack: SlackHarness) -> None:
    _acme(page_slack, "Jan <b>de</b> Vries")
    token = make_link(page_slack, contact="Jan <b>de</b> Vries")
    for _ in range(3):  # link previewers and mail scanners open it first
        page = call(page_slack, f"/pulse/{token}")
        assert page.status == 200
        _secure(page)
    assert "This customer keeps its promises" in page.body
    assert "Jan &lt;b&gt;de&lt;/b&gt; Vries" in page.body
    assert "<b>de</b>" not in page.body
    assert "<script" not in page.body
    assert _answer(page_slack, token).status == 200


def test_a_post_stores_the_answer_once_and_tells_the_owner(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    token = make_link(page_slack)
    csrf = call(page_slack, f"/pulse/{token}").csrf()
    first = call(page_slack, f"/pulse/{token}", method="POST", form={**ALL_FOURS, "csrf": csrf})
    assert first.status == 200
    assert "Thank you, Jan de Vries" in first.body
    _secure(first)
    told = [text_of(dm) for dm in dms_to(page_slack, "U_ALICE")]
    assert any("*Jan de Vries* of *Acme* answered" in dm and "2/5" in dm for dm in told), told

    again = call(page_slack, f"/pulse/{token}", method="POST", form={**ALL_FOURS, "csrf": csrf})  # a second submit
    assert again.status == 200
    assert "already been answered" in again.body
    assert "already been answered" in call(page_slack, f"/pulse/{token}").body
    assert len(dms_to(page_slack, "U_ALICE")) == len(told)
    report = ask(page_slack, "pulse Acme")
    assert "Forecasts come &lt;late&gt;" in report
    assert "Reliability: — · 2.0 · —" in report


def test_unknown_tokens_get_a_friendly_404(page_slack: SlackHarness) -> None:
    for path in ("/pulse/not-a-token", "/pulse/", "/pulse/" + "x" * 500):
        page = call(page_slack, path)
        assert page.status == 404
        assert "This link does not work" in page.body
        _secure(page)


@both_engines
def test_an_expired_link_gets_the_404(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    token = make_link(page_slack)
    clock = page_slack.services.clock
    assert isinstance(clock, FixedClock)
    clock.set(clock.now() + timedelta(days=30, seconds=1))
    assert call(page_slack, f"/pulse/{token}").status == 404


@both_engines
def test_a_new_link_to_the_same_contact_revokes_the_earlier_one(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    old = make_link(page_slack)
    form = call(page_slack, f"/pulse/{old}")
    said = ask(page_slack, "pulse send Acme: Jan de Vries")
    assert "The earlier link to Jan de Vries no longer works." in said
    new = make_link(page_slack)
    assert call(page_slack, f"/pulse/{old}").status == 404
    posted = call(page_slack, f"/pulse/{old}", method="POST", form={**ALL_FOURS, "csrf": form.csrf()})
    assert posted.status == 404
    assert _answer(page_slack, new).status == 200


def test_a_form_without_a_valid_anti_csrf_field_is_refused_and_the_link_kept(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    token = make_link(page_slack)
    other = make_link(page_slack, supplier="Acme", contact="Jan de Vries")  # revokes the first
    good = call(page_slack, f"/pulse/{other}").csrf()
    for csrf in ("", "123.abc", good[:-1] + ("0" if good[-1] != "0" else "1"), call(page_slack, "/pulse/x").body[:0]):
        refused = call(page_slack, f"/pulse/{other}", method="POST", form={**ALL_FOURS, "csrf": csrf})
        assert refused.status == 400
        assert "Something went wrong with the form" in refused.body
    assert token != other
    assert _answer(page_slack, other).status == 200


def test_a_form_signed_for_another_link_is_refused(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    ask(page_slack, "contact add Acme: Piet Jansen")
    jan, piet = make_link(page_slack), make_link(page_slack, contact="Piet Jansen")
    form = {**ALL_FOURS, "csrf": call(page_slack, f"/pulse/{jan}").csrf()}
    assert call(page_slack, f"/pulse/{piet}", method="POST", form=form).status == 400


def test_scores_outside_the_scale_and_repeated_fields_are_refused(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    token = make_link(page_slack)
    csrf = call(page_slack, f"/pulse/{token}").csrf()
    assert call(page_slack, f"/pulse/{token}", method="POST", form={"csrf": csrf, "growth": "7"}).status == 400
    raw = f"csrf={csrf}&growth=4&growth=5".encode()
    assert call(page_slack, f"/pulse/{token}", method="POST", raw=raw).status == 400
    assert call(page_slack, f"/pulse/{token}", method="POST", raw=b"csrf=\xff\xfe").status == 400
    assert _answer(page_slack, token).status == 200


def test_a_body_over_the_cap_is_refused(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    token = make_link(page_slack)
    csrf = call(page_slack, f"/pulse/{token}").csrf()
    page = call(page_slack, f"/pulse/{token}", method="POST", form={"csrf": csrf, "comment": "x" * 20_000})
    assert page.status == 413
    _secure(page)


def test_each_address_is_rate_limited_and_a_forged_forwarded_for_does_not_help(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    token = make_link(page_slack)
    statuses = [call(page_slack, f"/pulse/{token}", forwarded=f"198.51.100.{i}").status for i in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    limited = call(page_slack, f"/pulse/{token}", method="POST", form=ALL_FOURS)
    assert limited.status == 429
    assert limited.headers["Retry-After"] == "60"
    assert call(page_slack, f"/pulse/{token}", remote="203.0.113.8").status == 200


def test_behind_a_trusted_proxy_the_forwarded_client_is_limited(page_slack: SlackHarness) -> None:
    page = page_slack.wsgi.pulse
    assert isinstance(page, PulsePage)
    page.trusted = (ip_network("10.0.0.0/8"),)  # COVALIS_TRUSTED_PROXIES=10.0.0.0/8
    _acme(page_slack)
    token = make_link(page_slack)
    for _ in range(30):
        assert call(page_slack, f"/pulse/{token}", remote="10.0.0.2", forwarded="198.51.100.9").status == 200
    assert call(page_slack, f"/pulse/{token}", remote="10.0.0.2", forwarded="198.51.100.9").status == 429
    assert call(page_slack, f"/pulse/{token}", remote="10.0.0.2", forwarded="198.51.100.10").status == 200
    # A client writing its own X-Forwarded-For on the left gains nothing: the proxy's hop on the right counts.
    spoofed = "1.2.3.4, 198.51.100.9"
    assert call(page_slack, f"/pulse/{token}", remote="10.0.0.2", forwarded=spoofed).status == 429


def test_the_page_speaks_the_workspace_language_and_switches(page_slack: SlackHarness) -> None:
    page_slack.fake.add_user("U_ADA", name="ada", is_admin=True)
    _acme(page_slack)
    ask(page_slack, "settings language nl", user="U_ADA")
    token = make_link(page_slack, user="U_ADA")  # an admin may send a link too
    dutch = call(page_slack, f"/pulse/{token}")
    assert "Deze klant komt zijn beloftes na" in dutch.body
    assert 'href="?lang=en"' in dutch.body
    english = call(page_slack, f"/pulse/{token}", query="lang=en")
    assert "This customer keeps its promises" in english.body
    thanks = _answer(page_slack, token, lang="nl")
    assert "Dank u wel, Jan de Vries" in thanks.body


def test_other_methods_are_refused(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    token = make_link(page_slack)
    page = call(page_slack, f"/pulse/{token}", method="DELETE")
    assert page.status == 405
    assert page.headers["Allow"] == "GET, POST"


def test_the_stylesheet_is_served_from_the_same_origin(page_slack: SlackHarness) -> None:
    css = call(page_slack, "/pulse/page.css")
    assert css.status == 200
    assert css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert "grid-template-columns" in css.body


def test_without_a_secret_key_there_is_no_page(slack: SlackHarness) -> None:
    assert call(slack, "/pulse/anything").status == 404
    assert call(slack, "/pulse/anything").body == "not found"


def test_the_page_over_real_http(page_http: HttpSlackHarness) -> None:
    _acme(page_http)
    token = make_link(page_http)
    url = f"{page_http.url}/pulse/{token}"
    form = over_http(url)
    assert form.status == 200
    assert form.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    done = over_http(url, form={**ALL_FOURS, "csrf": form.csrf()})
    assert done.status == 200
    assert "Thank you" in done.body
    assert over_http(f"{page_http.url}/pulse/nope").status == 404
