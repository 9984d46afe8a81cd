"""The buttons on a nudge DM, used as Slack sends them: signed block_actions in-process, built from the DM the Web API
stand-in received, on SQLite (claims on both engines)."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import Reply, SlackHarness, ask, stored_view, text_of, tick
from tests.slack.nudge_kit import Listeners, act, item_actions, item_line, nudges_to, where_sent

ALICE = Actor(team_id=TEAM_ID, user_id="U_ALICE")
# Thursday 10 December 2026, 10:30 in Amsterdam: both suppliers, added on 25 November, are a day past 14 days.
THURSDAY = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)
ACME = "*Acme Industries*"
GLOBEX = "*Globex*"


@dataclass
class Nudged:
    """Alice's nudge DM as Slack shows it, and the means to use its elements."""

    slack: SlackHarness
    listeners: Listeners
    message: dict[str, Any]
    channel: str
    ts: str

    def use(
        self,
        phrase: str,
        action_id: str,
        *,
        user: str = "U_ALICE",
        option: str | None = None,
        selected_date: str | None = None,
    ) -> tuple[Reply, str]:
        block = item_actions(self.message, phrase)
        return act(
            self.slack,
            self.message,
            self.channel,
            self.ts,
            block,
            action_id,
            user=user,
            option=option,
            selected_date=selected_date,
        )

    def updates(self) -> list[dict[str, Any]]:
        return [c.body for c in self.slack.fake.calls_to("chat.update")]

    def updated(self, count: int = 1) -> dict[str, Any]:
        """The DM after the `count`-th chat.update, checked to replace the DM itself and nothing else."""
        body = self.slack.fake.wait_for("chat.update", count=count)[count - 1].body
        assert (body["channel"], body["ts"]) == (self.channel, self.ts)
        return body


def supplier_id(slack: SlackHarness, name: str) -> int:
    found = [s.id for s in slack.services.suppliers.list_suppliers(ALICE) if s.name == name]
    assert found, f"no supplier {name}"
    return found[0]


def latest_nudge(slack: SlackHarness) -> str:
    sent = nudges_to(slack, "U_ALICE")
    assert sent, "no nudge was sent"
    return text_of(sent[-1])


@pytest.fixture
def nudged(slack: SlackHarness) -> Nudged:
    listeners = Listeners(slack)
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier add Globex strategic")
    assert tick(slack, THURSDAY).nudges.sent == 1
    (message,) = nudges_to(slack, "U_ALICE")
    assert ACME in text_of(message)
    assert GLOBEX in text_of(message)
    channel, ts = where_sent(slack, "U_ALICE")
    return Nudged(slack, listeners, message, channel, ts)


def capture_values(supplier: int, day: str, summary: str) -> dict[str, Any]:
    """The capture modal's state as Slack submits it."""
    return {
        ids.BLOCK_SUPPLIER: {
            ids.ACTION_SUPPLIER_SELECT: {
                "type": "external_select",
                "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": str(supplier)},
            }
        },
        ids.BLOCK_KIND: {
            ids.ACTION_KIND: {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": "call"}, "value": "call"},
            }
        },
        ids.BLOCK_DATE: {ids.ACTION_DATE: {"type": "datepicker", "selected_date": day}},
        ids.BLOCK_SUMMARY: {ids.ACTION_SUMMARY: {"type": "plain_text_input", "value": summary}},
        ids.BLOCK_COLLEAGUES: {ids.ACTION_COLLEAGUES: {"type": "multi_users_select", "selected_users": []}},
        ids.BLOCK_PRIVATE: {ids.ACTION_PRIVATE: {"type": "checkboxes", "selected_options": []}},
    }


# --- snooze -----------------------------------------------------------------------------------------------------


def test_snoozing_a_week_hides_the_supplier_until_the_snooze_ends_then_it_is_nudged_again(nudged: Nudged) -> None:
    slack = nudged.slack
    slack.services.people.remember_profile(ALICE, {"tz": "Europe/Amsterdam", "real_name": "Alice", "is_admin": True})
    slack.services.workspace_settings.set_renudge(ALICE, 1)  # only the snooze holds Acme back

    nudged.use(ACME, ids.ACTION_NUDGE_SNOOZE, option="week")

    shown = nudged.updated()
    assert "Snoozed until Thu 17 Dec 2026" in item_line(shown, ACME)
    assert "Log interaction" in item_line(shown, GLOBEX)
    for day in (11, 14, 15, 16):
        tick(slack, datetime(2026, 12, day, 9, 30, tzinfo=UTC))
        assert GLOBEX in latest_nudge(slack), f"on {day} December"
        assert ACME not in latest_nudge(slack), f"on {day} December"
    assert len(nudges_to(slack, "U_ALICE")) == 5
    tick(slack, datetime(2026, 12, 17, 9, 30, tzinfo=UTC))
    assert ACME in latest_nudge(slack)


def test_a_button_posted_before_a_merge_acts_on_the_supplier_that_stays(nudged: Nudged) -> None:
    slack = nudged.slack
    ask(slack, "supplier add Acme NV strategic")
    plan = slack.services.merging.plan_supplier_merge(ALICE, "Acme Industries", "Acme NV")
    slack.services.merging.merge_suppliers(ALICE, plan.from_id, plan.into_id)

    nudged.use(ACME, ids.ACTION_NUDGE_SNOOZE, option="week")  # the message still carries Acme Industries' id

    shown = nudged.updated()
    assert "Snoozed until Thu 17 Dec 2026" in item_line(shown, "*Acme NV*")
    assert "Log interaction" in item_line(shown, GLOBEX)
    nudged.message = shown
    nudged.use(GLOBEX, ids.ACTION_NUDGE_SNOOZE, option="month")  # the redrawn buttons work as ever
    assert "Snoozed until Sun 10 Jan 2027" in item_line(nudged.updated(2), GLOBEX)


def test_snoozing_until_a_date_keeps_the_supplier_quiet_past_the_renudge_until_that_day(nudged: Nudged) -> None:
    slack = nudged.slack

    nudged.use(ACME, ids.ACTION_NUDGE_SNOOZE_UNTIL, selected_date="2026-12-21")

    assert "Snoozed until Mon 21 Dec 2026" in item_line(nudged.updated(), ACME)
    assert "(snoozed until Mon 21 Dec 2026)" in ask(slack, "quiet")
    tick(slack, datetime(2026, 12, 17, 9, 30, tzinfo=UTC))  # the 7-day re-nudge of Globex
    assert GLOBEX in latest_nudge(slack)
    assert ACME not in latest_nudge(slack)
    tick(slack, datetime(2026, 12, 21, 9, 30, tzinfo=UTC))
    assert ACME in latest_nudge(slack)


@pytest.mark.parametrize("day", ["2026-12-09", "2026-12-10"], ids=["yesterday", "today"])
def test_snoozing_until_a_day_that_is_not_in_the_future_is_refused_politely(nudged: Nudged, day: str) -> None:
    slack = nudged.slack

    _, name = nudged.use(ACME, ids.ACTION_NUDGE_SNOOZE_UNTIL, selected_date=day)

    assert "Pick a date after today to snooze until." in text_of(slack.answer(name))
    nudged.listeners.settle()
    assert nudged.updates() == []
    assert "snoozed" not in ask(slack, "quiet")
    tick(slack, datetime(2026, 12, 17, 9, 30, tzinfo=UTC))
    assert ACME in latest_nudge(slack)


# --- cadence ----------------------------------------------------------------------------------------------------


def test_changing_the_cadence_to_60_days_shows_it_and_the_supplier_is_no_longer_quiet(nudged: Nudged) -> None:
    slack = nudged.slack

    nudged.use(ACME, ids.ACTION_NUDGE_CADENCE, option="60")

    assert "Cadence changed: Every 60 days" in item_line(nudged.updated(), ACME)
    assert "*Cadence:* every 60 days" in ask(slack, "status Acme")
    quiet = ask(slack, "quiet")
    assert "Globex" in quiet
    assert "Acme" not in quiet
    tick(slack, datetime(2026, 12, 17, 9, 30, tzinfo=UTC))
    assert GLOBEX in latest_nudge(slack)
    assert ACME not in latest_nudge(slack)


# --- log interaction --------------------------------------------------------------------------------------------


def test_log_interaction_opens_the_form_for_that_supplier_and_logging_clears_the_nudge(
    nudged: Nudged, fake: FakeSlackApi
) -> None:
    slack = nudged.slack
    acme = supplier_id(slack, "Acme Industries")

    _, name = nudged.use(ACME, ids.ACTION_NUDGE_LOG)

    (opened,) = fake.wait_for("views.open")
    assert opened.body["trigger_id"] == f"trigger-{name}"
    supplier_block = next(b for b in opened.body["view"]["blocks"] if b.get("block_id") == ids.BLOCK_SUPPLIER)
    assert supplier_block["element"]["initial_option"]["value"] == str(acme)
    assert nudged.updates() == []

    reply = slack.submit(stored_view(fake), capture_values(acme, "2026-12-10", "Call with their planner"))

    assert reply.status == 200
    assert reply.body == ""
    shown = nudged.updated()
    assert "Logged. The clock restarts." in item_line(shown, ACME)
    assert "Log interaction" in item_line(shown, GLOBEX)
    assert "*Last touch:* Thu 10 Dec 2026" in ask(slack, "status Acme")
    for at in (datetime(2026, 12, 17, 9, 30, tzinfo=UTC), datetime(2026, 12, 21, 9, 30, tzinfo=UTC)):
        tick(slack, at)
        assert GLOBEX in latest_nudge(slack), at
        assert ACME not in latest_nudge(slack), at


# --- follow-ups -------------------------------------------------------------------------------------------------


@pytest.fixture
def follow_up_due(slack: SlackHarness) -> Nudged:
    """On Wednesday Alice promises a call by Friday; Friday's nudge carries it."""
    listeners = Listeners(slack)
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "note Acme: call #call follow up friday")
    assert tick(slack, datetime(2026, 11, 26, 9, 30, tzinfo=UTC)).nudges.sent == 0  # Thursday: not due yet
    assert tick(slack, datetime(2026, 11, 27, 9, 30, tzinfo=UTC)).nudges.sent == 1  # Friday, the due day
    (message,) = nudges_to(slack, "U_ALICE")
    channel, ts = where_sent(slack, "U_ALICE")
    return Nudged(slack, listeners, message, channel, ts)


def test_a_follow_up_is_in_the_dm_on_its_due_day_and_done_takes_it_off_the_list(follow_up_due: Nudged) -> None:
    slack = follow_up_due.slack
    line = item_line(follow_up_due.message, "Follow-up for *Acme Industries*")
    assert "due today" in line
    assert "Done" in line
    assert "has gone quiet" not in text_of(follow_up_due.message)
    assert "*Acme Industries*" in ask(slack, "followups")

    follow_up_due.use("Follow-up for", ids.ACTION_NUDGE_DONE)

    assert "Done." in item_line(follow_up_due.updated(), "Follow-up for")
    assert "No open follow-ups." in ask(slack, "followups")
    tick(slack, datetime(2026, 11, 30, 9, 30, tzinfo=UTC))
    assert len(nudges_to(slack, "U_ALICE")) == 1


@both_engines
def test_done_clicked_twice_finishes_the_follow_up_once(follow_up_due: Nudged) -> None:
    follow_up_due.use("Follow-up for", ids.ACTION_NUDGE_DONE)
    follow_up_due.updated()
    follow_up_due.use("Follow-up for", ids.ACTION_NUDGE_DONE)
    follow_up_due.listeners.settle()

    contents = {json.dumps([u["text"], u["blocks"]]) for u in follow_up_due.updates()}
    assert len(contents) == 1
    assert "No open follow-ups." in ask(follow_up_due.slack, "followups")


# --- double clicks and other people's clicks --------------------------------------------------------------------


@both_engines
@pytest.mark.parametrize(
    ("action_id", "option", "day", "shown"),
    [
        (ids.ACTION_NUDGE_SNOOZE, "week", None, "Snoozed until Thu 17 Dec 2026"),
        (ids.ACTION_NUDGE_SNOOZE, "month", None, "Snoozed until Sun 10 Jan 2027"),
        (ids.ACTION_NUDGE_SNOOZE_UNTIL, None, "2026-12-21", "Snoozed until Mon 21 Dec 2026"),
        (ids.ACTION_NUDGE_CADENCE, "60", None, "Cadence changed: Every 60 days"),
        (ids.ACTION_NUDGE_CADENCE, "off", None, "Cadence changed: No cadence (off)"),
    ],
    ids=["snooze-week", "snooze-month", "snooze-until", "cadence-60", "cadence-off"],
)
def test_a_double_click_shows_one_result_and_changes_nothing_more(
    nudged: Nudged, action_id: str, option: str | None, day: str | None, shown: str
) -> None:
    slack = nudged.slack
    nudged.use(ACME, action_id, option=option, selected_date=day)
    assert shown in item_line(nudged.updated(), ACME)
    after_one = (ask(slack, "quiet"), ask(slack, "status Acme"))

    nudged.use(ACME, action_id, option=option, selected_date=day)
    nudged.listeners.settle()

    contents = {json.dumps([u["text"], u["blocks"]]) for u in nudged.updates()}
    assert len(contents) == 1
    assert (ask(slack, "quiet"), ask(slack, "status Acme")) == after_one


def test_log_interaction_clicked_twice_opens_the_form_twice_and_logs_nothing(
    nudged: Nudged, fake: FakeSlackApi
) -> None:
    nudged.use(ACME, ids.ACTION_NUDGE_LOG)
    nudged.use(ACME, ids.ACTION_NUDGE_LOG)
    nudged.listeners.settle()

    assert len(fake.calls_to("views.open")) == 2
    assert nudged.updates() == []
    assert "*Last touch:* nothing logged yet" in ask(nudged.slack, "status Acme")


def test_bob_using_the_buttons_of_alices_nudge_changes_nothing(nudged: Nudged, fake: FakeSlackApi) -> None:
    slack = nudged.slack
    before = (ask(slack, "quiet"), ask(slack, "status Acme"))

    nudged.use(ACME, ids.ACTION_NUDGE_SNOOZE, user="U_BOB", option="month")
    nudged.use(ACME, ids.ACTION_NUDGE_SNOOZE_UNTIL, user="U_BOB", selected_date="2027-01-31")
    nudged.use(ACME, ids.ACTION_NUDGE_CADENCE, user="U_BOB", option="off")
    nudged.use(ACME, ids.ACTION_NUDGE_LOG, user="U_BOB")
    nudged.listeners.settle()

    assert nudged.updates() == []
    assert fake.calls_to("views.open") == []
    assert (ask(slack, "quiet"), ask(slack, "status Acme")) == before
    assert "*Cadence:* every 14 days" in before[1]
    tick(slack, THURSDAY + timedelta(days=7))
    assert ACME in latest_nudge(slack)


def test_snoozing_a_follow_up_brings_it_back_on_the_chosen_day(follow_up_due: Nudged) -> None:
    slack = follow_up_due.slack

    follow_up_due.use("Follow-up for", ids.ACTION_NUDGE_SNOOZE_UNTIL, selected_date="2026-12-08")

    assert "Snoozed until Tue 8 Dec 2026" in item_line(follow_up_due.updated(), "Follow-up for")
    assert "*Acme Industries*" in ask(slack, "followups")
    for day in (4, 7):  # a week after the nudge, but still snoozed
        tick(slack, datetime(2026, 12, day, 9, 30, tzinfo=UTC))
    assert len(nudges_to(slack, "U_ALICE")) == 1
    tick(slack, datetime(2026, 12, 8, 9, 30, tzinfo=UTC))
    assert "Follow-up for *Acme Industries*" in latest_nudge(slack)


# --- found bugs -------------------------------------------------------------------------------------------------


def test_logging_from_a_quiet_key_contacts_nudge_restarts_that_contacts_clock(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    listeners = Listeners(slack)
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "contact add Acme Industries: Jan de Vries, account manager")
    ask(slack, "contact add Acme Industries: Piet Jansen, planner")
    ask(slack, "contact key Acme: Jan de Vries 10")
    tick(slack, datetime(2026, 12, 7, 9, 30, tzinfo=UTC))  # Jan is 2 days quiet, Acme is not yet
    (message,) = nudges_to(slack, "U_ALICE")
    channel, ts = where_sent(slack, "U_ALICE")
    nudged = Nudged(slack, listeners, message, channel, ts)
    acme = supplier_id(slack, "Acme Industries")

    nudged.use("*Jan de Vries*", ids.ACTION_NUDGE_LOG)
    view = stored_view(fake)
    contacts = next(b for b in view["blocks"] if str(b.get("block_id", "")).startswith(ids.BLOCK_CONTACTS))
    values = capture_values(acme, "2026-12-07", "Call about the forecast")
    values[contacts["block_id"]] = {  # submitted as the form was prefilled
        ids.ACTION_CONTACTS: {
            "type": "multi_static_select",
            "selected_options": contacts["element"].get("initial_options", []),
        }
    }
    slack.submit(view, values)

    assert "Logged. The clock restarts." in item_line(nudged.updated(), "*Jan de Vries*")
    assert "Jan de Vries" not in ask(slack, "quiet")


def test_logging_another_supplier_from_acmes_form_does_not_mark_acme_logged(nudged: Nudged, fake: FakeSlackApi) -> None:
    slack = nudged.slack
    globex = supplier_id(slack, "Globex")
    nudged.use(ACME, ids.ACTION_NUDGE_LOG)

    slack.submit(stored_view(fake), capture_values(globex, "2026-12-10", "Call with Globex"))
    nudged.listeners.settle()

    assert "Acme Industries" in ask(slack, "quiet")
    updates = nudged.updates()
    shown = updates[-1] if updates else nudged.message
    assert "Logged" not in item_line(shown, ACME)


# --- greeting and follow-up rights ---------------------------------------------------------------------------------


def test_the_greeting_fits_the_recipients_hour_and_stays_when_the_dm_is_redrawn(nudged: Nudged) -> None:
    assert "Good morning!" in text_of(nudged.message)  # 10:30 in Amsterdam

    nudged.slack.services.clock.set(THURSDAY + timedelta(hours=5))  # type: ignore[attr-defined]
    nudged.use(ACME, ids.ACTION_NUDGE_SNOOZE, option="week")

    assert "Good morning!" in text_of(nudged.updated()), "a click in the afternoon redraws the same message"


def test_an_afternoon_nudge_says_good_afternoon_in_the_recipients_language(slack: SlackHarness) -> None:
    ask(slack, "language nl")
    ask(slack, "supplier add Acme Industries strategic")

    tick(slack, datetime(2026, 12, 10, 13, 30, tzinfo=UTC))  # 14:30 in Amsterdam

    assert "Goedemiddag!" in latest_nudge(slack)


def test_a_colleague_cannot_close_alices_follow_up_with_a_replayed_done_button(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "note Acme: call #call follow up friday")
    _, listed = slack.command("followups")
    accessories = [b.get("accessory") or {} for b in slack.answer(listed)["blocks"]]
    done = [a for a in accessories if str(a.get("action_id", "")).startswith(ids.ACTION_FOLLOW_UP_DONE)]
    assert len(done) == 1

    _, refused = slack.click(done[0], user="U_BOB")

    assert "<@U_ALICE>" in text_of(slack.answer(refused))
    assert "*Acme Industries*" in ask(slack, "followups"), "the follow-up stays open"
