"""Promises to suppliers as a team meets them, through Bolt's dispatch against the Web API stand-in: made by a tag or
a phrase, switched on the confirmation, Kept / Missed / Snooze in the nudge, missed after the owner's second working
day (weekends and holidays skipped), the card line, the list, the digest section and the export.

Today is Wednesday 25 November 2026; Alice works in Amsterdam."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import SlackHarness, answer_to, ask, button, buttons, exported, press, text_of, tick
from tests.slack.nudge_kit import Listeners, act, item_actions, item_line, nudges_to, where_sent

FRIDAY = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)  # 10:30 in Amsterdam, the due day
PROMISE = "Promise to *Acme Industries*"
ALICE = Actor(team_id=TEAM_ID, user_id="U_ALICE")


@dataclass
class Nudged:
    slack: SlackHarness
    message: dict[str, Any]
    channel: str
    ts: str

    def use(self, phrase: str, action_id: str, *, user: str = "U_ALICE", selected_date: str | None = None) -> None:
        block = item_actions(self.message, phrase)
        act(self.slack, self.message, self.channel, self.ts, block, action_id, user=user, selected_date=selected_date)

    def updated(self, count: int = 1) -> dict[str, Any]:
        body = self.slack.fake.wait_for("chat.update", count=count)[count - 1].body
        assert (body["channel"], body["ts"]) == (self.channel, self.ts)
        return body


def latest_nudge(slack: SlackHarness, user: str = "U_ALICE") -> Nudged:
    sent = nudges_to(slack, user)
    assert sent, "no nudge was sent"
    channel, ts = where_sent(slack, user)
    return Nudged(slack, sent[-1], channel, ts)


@pytest.fixture
def promised(slack: SlackHarness) -> Nudged:
    """On Wednesday Alice promises Acme the forecast by Friday; Friday's nudge carries the promise."""
    Listeners(slack)
    ask(slack, "supplier add Acme Industries strategic")
    assert "Promise to Acme Industries:" in ask(slack, "note Acme: call with Jan, we'll send the forecast by friday")
    assert tick(slack, FRIDAY).nudges.sent == 1
    return latest_nudge(slack)


# --- made by a tag or a phrase, switched on the confirmation ---------------------------------------------------


def test_a_phrase_makes_a_promise_and_the_confirmation_switches_it_to_a_plain_follow_up_and_back(
    slack: SlackHarness,
) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    confirmed = answer_to(slack, "note Acme: we'll send the forecast by friday")
    assert "Promise to Acme Industries:* send the forecast — Fri 27 Nov 2026" in text_of(confirmed)

    plain = press(slack, button(confirmed, ids.ACTION_PROMISE_TOGGLE))
    assert "*Follow-up:* send the forecast — due Fri 27 Nov 2026" in text_of(plain)
    assert "Promise to" not in text_of(plain)
    assert "No promises to *Acme Industries* yet" in ask(slack, "promises Acme")

    again = press(slack, button(plain, ids.ACTION_PROMISE_TOGGLE))
    assert "Promise to Acme Industries:*" in text_of(again)
    assert "send the forecast — due Fri 27 Nov 2026" in ask(slack, "promises Acme")


def test_an_ordinary_follow_up_is_no_promise_but_its_confirmation_offers_to_make_it_one(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    confirmed = answer_to(slack, "note Acme: follow up friday")

    assert "*Follow-up:* follow up — due Fri 27 Nov 2026" in text_of(confirmed)
    assert "It's a promise" in text_of(confirmed)
    assert "No promises" in ask(slack, "promises Acme")


def test_the_dutch_tag_and_phrase_make_promises_listed_by_beloftes(slack: SlackHarness) -> None:
    ask(slack, "taal nl")
    ask(slack, "leverancier toevoegen Acme Industries strategisch")

    tagged = ask(slack, "notitie Acme: opvolgen vrijdag #belofte")
    phrased = ask(slack, "notitie Acme: we sturen de forecast voor maandag")
    listed = ask(slack, "beloftes Acme")

    assert "*Belofte aan Acme Industries:* opvolgen" in tagged
    assert "#belofte" not in tagged
    assert "*Belofte aan Acme Industries:* we sturen de forecast" in phrased
    assert "Beloftes aan Acme Industries" in listed
    assert "Open (2)" in listed
    assert "we sturen de forecast — uiterlijk ma 30 nov 2026" in listed


# --- Kept, Missed and Snooze in the nudge -----------------------------------------------------------------------


@both_engines
def test_kept_in_the_nudge_counts_on_the_card_and_in_the_list(promised: Nudged) -> None:
    slack = promised.slack
    line = item_line(promised.message, PROMISE)
    assert "send the forecast — due Fri 27 Nov 2026 (due today)" in line
    assert "Kept" in line
    assert "Missed" in line

    promised.use(PROMISE, ids.ACTION_NUDGE_KEPT)

    assert "Kept. Thank you." in item_line(promised.updated(), PROMISE)
    assert "1 of 1 promise kept in the last 90 days" in ask(slack, "status Acme")
    listed = ask(slack, "promises Acme")
    assert "Kept (1)" in listed
    assert "Open" not in listed


@both_engines
def test_missed_in_the_nudge_names_the_promise_on_the_card(promised: Nudged) -> None:
    promised.use(PROMISE, ids.ACTION_NUDGE_MISSED)

    assert "Missed." in item_line(promised.updated(), PROMISE)
    card = ask(promised.slack, "status Acme")
    assert "0 of 1 promise kept in the last 90 days (missed: send the forecast, Fri 27 Nov 2026)" in card
    assert "Missed (1)" in ask(promised.slack, "promises Acme")


def test_snoozing_a_promise_moves_its_due_date(promised: Nudged) -> None:
    promised.use(PROMISE, ids.ACTION_NUDGE_SNOOZE_UNTIL, selected_date="2026-12-02")

    assert "Due date moved to Wed 2 Dec 2026" in item_line(promised.updated(), PROMISE)
    assert "send the forecast — due Wed 2 Dec 2026" in ask(promised.slack, "promises Acme")


def test_a_colleague_cannot_keep_alices_promise_with_a_replayed_button(promised: Nudged) -> None:
    promised.use(PROMISE, ids.ACTION_NUDGE_KEPT, user="U_BOB")

    assert promised.slack.fake.calls_to("chat.update") == []
    assert "Open (1)" in ask(promised.slack, "promises Acme")


# --- the missed rule: the end of the owner's second working day after the due date -----------------------------


@both_engines
def test_a_promise_due_friday_counts_as_missed_after_tuesday_and_alice_is_told_once(promised: Nudged) -> None:
    slack = promised.slack
    _renudge_every(slack, 1)  # a due promise would come back every day

    tuesday = tick(slack, datetime(2026, 12, 1, 9, 30, tzinfo=UTC))  # Mon and Tue are the two working days
    assert tuesday.nudges.sent == 1
    assert "counts as missed" not in text_of(nudges_to(slack, "U_ALICE")[-1])
    assert "1 of" not in ask(slack, "status Acme")

    assert tick(slack, datetime(2026, 12, 2, 9, 30, tzinfo=UTC)).nudges.sent == 1  # Wednesday
    told = latest_nudge(slack)
    assert "Your promise to *Acme Industries* now counts as missed: send the forecast" in text_of(told.message)
    assert "0 of 1 promise kept" in ask(slack, "status Acme")

    tick(slack, datetime(2026, 12, 3, 9, 30, tzinfo=UTC))  # Thursday: told once, never again
    assert sum("counts as missed" in text_of(m) for m in nudges_to(slack, "U_ALICE")) == 1

    told.use("Your promise to", ids.ACTION_NUDGE_KEPT)
    assert "Kept late" in item_line(told.updated(), "Your promise to")
    listed = ask(slack, "promises Acme")
    assert "Missed (1)" in listed
    assert "(kept late)" in listed


def test_a_public_holiday_gives_a_promise_one_more_day(slack: SlackHarness, fake: FakeSlackApi) -> None:
    """Due Thursday 24 December; Christmas (Friday) is off in NL: Monday and Tuesday are the two working days."""
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    ask(slack, "settings holidays NL", user="U_ADMIN")
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "note Acme: we promised to send the price list by 24 December")
    ask(slack, "note Acme: catch-up call #call")  # keeps Acme itself from going quiet in the nudges below
    _renudge_every(slack, 30)

    tick(slack, datetime(2026, 12, 29, 9, 30, tzinfo=UTC))  # Tuesday: without the holiday it would be missed now
    assert all("counts as missed" not in text_of(m) for m in nudges_to(slack, "U_ALICE"))
    assert "Open (1)" in ask(slack, "promises Acme")

    tick(slack, datetime(2026, 12, 30, 9, 30, tzinfo=UTC))  # Wednesday
    assert "now counts as missed: we promised to send the price list" in text_of(nudges_to(slack, "U_ALICE")[-1])
    assert "Missed (1)" in ask(slack, "promises Acme")


# --- private notes, the digest and the export ------------------------------------------------------------------


def test_a_promise_from_alices_private_note_is_listed_to_bob_without_its_text(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "note Acme: we'll send the secret rebate sheet by friday #private")

    mine = ask(slack, "promises Acme")
    bobs = ask(slack, "promises Acme", user="U_BOB")

    assert "secret rebate sheet" in mine
    assert "secret rebate sheet" not in bobs
    assert "a promise from a private note" in bobs


def test_the_digest_lists_promises_missed_this_week_at_strategic_and_bottleneck_suppliers(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier add Initech routine")
    ask(slack, "note Acme: we'll send the forecast by friday")
    ask(slack, "note Acme: we'll send the secret rebate sheet by friday #private")
    ask(slack, "note Initech: we'll send the drawings by friday")
    assert "Digest number" in ask(slack, "digest here", channel="C_TEAM")

    tick(slack, datetime(2026, 11, 30, 8, 30, tzinfo=UTC))  # Monday: nothing missed yet
    first = [c.body for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == "C_TEAM"]
    assert "Promises missed" not in text_of(first[-1])

    tick(slack, datetime(2026, 12, 7, 8, 30, tzinfo=UTC))  # the next Monday: missed since Wednesday
    posts = [c.body for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == "C_TEAM"]
    shown = text_of(posts[-1]).split("Promises missed this week")[-1].split("Orphaned")[0]
    assert "Promises missed this week" in text_of(posts[-1])
    assert "*Acme Industries*: send the forecast — due Fri 27 Nov 2026, <@U_ALICE>" in shown
    assert "*Acme Industries*: _a promise from a private note_" in shown
    assert "secret rebate sheet" not in shown
    assert "drawings" not in shown  # a routine supplier


def test_the_export_holds_each_promise_and_its_outcome(promised: Nudged) -> None:
    promised.use(PROMISE, ids.ACTION_NUDGE_KEPT)
    promised.updated()
    ask(promised.slack, "note Acme: follow up on monday")

    rows = {row["text"]: row for row in exported(promised.slack)["follow_ups"]}

    assert (rows["send the forecast"]["promise"], rows["send the forecast"]["outcome"]) == (True, "kept")
    assert (rows["follow up"]["promise"], rows["follow up"]["outcome"]) == (False, None)


def _renudge_every(slack: SlackHarness, days: int) -> None:
    slack.services.people.remember_profile(ALICE, {"tz": "Europe/Amsterdam", "real_name": "Alice", "is_admin": True})
    slack.services.workspace_settings.set_renudge(ALICE, days)


def test_a_promise_tag_without_a_date_is_said_and_offers_add_a_follow_up(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")

    confirmation = answer_to(slack, "note Acme: call with Jan about the forecast #promise")

    shown = text_of(confirmation)
    assert "#promise" in shown
    assert "Promise to" not in shown
    assert any(b["action_id"] == "add_follow_up" for b in buttons(confirmation))


def test_the_followups_list_marks_a_promise(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "note Acme: we'll send the forecast by friday")
    ask(slack, "note Acme: follow up on the samples friday")

    listed = ask(slack, "followups")

    assert "send the forecast — due Fri 27 Nov 2026 _(a promise to them: Done = kept)_" in listed
    assert "samples — due Fri 27 Nov 2026 _(a promise" not in listed
