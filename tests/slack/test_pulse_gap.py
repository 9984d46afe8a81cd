"""The gap where people look (issue 14): the card line on `/covalis status`, `/covalis pulse <supplier>` side by
side, the digest's entry for strategic suppliers who see us less well, and the export of links and answers.

Today is Wednesday 25 November 2026; Alice owns Acme."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.services.pulse_gap import DRIVERS
from bot.services.workspaces import Actor
from storage.db import Database
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import SlackHarness, ask, exported, text_of, tick
from tests.slack.pulse_kit import ALL_FOURS, call, make_link, page_harness

ALICE = Actor(team_id=TEAM_ID, user_id="U_ALICE")


@pytest.fixture
def page_slack(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[SlackHarness]:
    harness = page_harness(fake, database_url, db, clock)
    yield harness
    harness.close()


def _later(slack: SlackHarness, days: int) -> None:
    clock = slack.services.clock
    assert isinstance(clock, FixedClock)
    clock.set(clock.now() + timedelta(days=days))


def _our_look(slack: SlackHarness, supplier: str = "Acme", **overrides: int) -> None:
    """Alice's quarterly look: 4 on every driver unless said otherwise."""
    supplier_id = slack.services.suppliers.resolve(ALICE, supplier).id
    drivers = {d: overrides.get(d, 4) for d in DRIVERS}
    slack.services.pulse.record_look(ALICE, supplier_id, drivers, overrides.get("relative"), None)


def _their_answer(slack: SlackHarness, contact: str = "Jan de Vries", **scores: str) -> None:
    token = make_link(slack, contact=contact)
    csrf = call(slack, f"/pulse/{token}").csrf()
    posted = call(slack, f"/pulse/{token}", method="POST", form={**ALL_FOURS, "csrf": csrf, **scores})
    assert posted.status == 200


def _acme(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "contact add Acme: Jan de Vries")
    ask(slack, "contact add Acme: Piet Jansen")


@both_engines
def test_the_card_shows_both_views_with_their_months_and_the_biggest_gap(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    assert "customer of choice" not in ask(page_slack, "status Acme")  # nobody answered yet
    _our_look(page_slack, reliability=5)
    _later(page_slack, 10)  # into December
    _their_answer(page_slack)  # reliability 2 of theirs, 4 elsewhere
    _their_answer(page_slack, contact="Piet Jansen", reliability="5")  # Jan's and Piet's latest averaged
    card = ask(page_slack, "status Acme")
    assert "customer of choice — our view 4.1 (Nov) · their view 3.9 (Dec) · biggest gap: reliability −1.5" in card


def test_the_pulse_puts_the_drivers_side_by_side_with_relatives_and_comments(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    _our_look(page_slack, reliability=5, relative=4)
    _their_answer(page_slack)
    report = ask(page_slack, "pulse Acme")
    assert "• Reliability: 5.0 · 2.0 · −3.0" in report
    assert "• Growth: 4.0 · 4.0 · 0.0" in report
    assert "Biggest gap: *Reliability* −3.0" in report
    assert "• Jan de Vries: 2/5" in report
    assert "• <@U_ALICE>: 4/5" in report
    assert "Forecasts come &lt;late&gt;" in report


def test_the_pulse_reads_in_dutch_with_decimal_commas(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    ask(page_slack, "language nl")
    _our_look(page_slack, reliability=5)
    _their_answer(page_slack)
    assert "• Betrouwbaarheid: 5,0 · 2,0 · −3,0" in ask(page_slack, "peiling Acme")
    assert "grootste verschil: betrouwbaarheid −3,0" in ask(page_slack, "status Acme")


def test_the_digest_names_a_strategic_supplier_whose_answer_fell_or_rates_us_below_their_best(
    page_slack: SlackHarness,
) -> None:
    _acme(page_slack)
    ask(page_slack, "supplier add Beta strategic")
    ask(page_slack, "contact add Beta: Bea")
    assert "Digest number" in ask(page_slack, "digest here", channel="C_TEAM")
    _their_answer(page_slack, relative="3")  # 3.7 on average, as good as their best: no news
    _their_answer(page_slack, contact="Piet Jansen", growth="1", profitability="1", support="1", relative="4")
    beta = make_link(page_slack, supplier="Beta", contact="Bea")
    csrf = call(page_slack, f"/pulse/{beta}").csrf()
    call(page_slack, f"/pulse/{beta}", method="POST", form={**ALL_FOURS, "csrf": csrf, "relative": "2"})

    tick(page_slack, datetime(2026, 11, 30, 8, 30, tzinfo=UTC))  # Monday's digest
    posts = [c.body for c in page_slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == "C_TEAM"]
    digest = text_of(posts[-1])
    assert "Customer of choice: suppliers who see us less well" in digest
    assert "*Acme*: their latest answer fell from 3.7 to 2.4" in digest
    assert "*Beta*: rates us below their best customer (2/5)" in digest

    tick(page_slack, datetime(2026, 12, 7, 8, 30, tzinfo=UTC))  # a week without new answers: not again
    posts = [c.body for c in page_slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == "C_TEAM"]
    assert "Customer of choice" not in text_of(posts[-1])


def test_the_export_holds_links_without_their_hash_and_every_answer(page_slack: SlackHarness) -> None:
    _acme(page_slack)
    _our_look(page_slack, relative=3)
    _their_answer(page_slack)
    data = exported(page_slack)
    (link,) = data["pulse_links"]
    assert "token_hash" not in link
    assert link["answered_at"] is not None
    sides = sorted((a["side"], a["source"], a["reliability"]) for a in data["pulse_answers"])
    assert sides == [("ours", "quarter", 4), ("theirs", "page", 2)]
    theirs = next(a for a in data["pulse_answers"] if a["side"] == "theirs")
    assert theirs["comment"] == "Forecasts come <late>"
    assert theirs["link_id"] == link["id"]
