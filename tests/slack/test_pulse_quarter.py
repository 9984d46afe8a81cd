"""The quarterly look (issue 14): from the first working day of a calendar quarter, at the owner's first tick inside
working hours (catch-up during the quarter's first month), each owner of strategic suppliers gets a Rate button per
supplier (at most 10, most recently touched first) in that day's one DM, once per owner and quarter; Rate opens the
drivers modal, and its answer is our view.

Alice works in Amsterdam; Friday 1 January 2027 is the first working day of the quarter unless the workspace keeps
Dutch public holidays (then Monday 4 January)."""

from datetime import UTC, datetime
from typing import Any

from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, ask, dms_to, stored_view, text_of, tick

NEW_YEAR = datetime(2027, 1, 1, 9, 30, tzinfo=UTC)  # Friday, 10:30 in Amsterdam
MONDAY = datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
LATE_JANUARY = datetime(2027, 1, 20, 9, 30, tzinfo=UTC)
FEBRUARY = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 30, 9, 30, tzinfo=UTC)


def _rate_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e
        for b in message.get("blocks") or []
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["action_id"].startswith(ids.ACTION_PULSE_RATE)
    ]


def _rated(slack: SlackHarness, user: str = "U_ALICE") -> list[list[str]]:
    """The Rate buttons' labels of each DM `user` got, in order (DMs without them left out)."""
    return [[b["text"]["text"] for b in _rate_buttons(m)] for m in dms_to(slack, user) if _rate_buttons(m)]


def _suppliers(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "supplier add Beta strategic")
    ask(slack, "supplier add Paperclips routine")
    ask(slack, "supplier add Gamma strategic", user="U_BOB")


@both_engines
def test_the_quarters_rate_buttons_come_once_per_owner_and_quarter(slack: SlackHarness) -> None:
    _suppliers(slack)
    tick(slack, DECEMBER)
    assert _rated(slack) == []
    tick(slack, NEW_YEAR)
    assert _rated(slack) == [["Rate Acme", "Rate Beta"]]
    tick(slack, MONDAY)
    tick(slack, LATE_JANUARY)
    assert _rated(slack) == [["Rate Acme", "Rate Beta"]]


def test_an_owner_away_on_the_first_day_catches_up_in_the_first_month_only(slack: SlackHarness) -> None:
    _suppliers(slack)
    ask(slack, "pause until 2027-01-19")
    tick(slack, NEW_YEAR)
    assert _rated(slack) == []
    tick(slack, LATE_JANUARY)
    assert len(_rated(slack)) == 1
    ask(slack, "pause until 2027-01-31", user="U_BOB")
    tick(slack, FEBRUARY)
    assert _rated(slack, "U_BOB") == []


def test_a_public_holiday_moves_the_quarters_first_working_day(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADA", name="ada", is_admin=True)
    ask(slack, "settings holidays NL", user="U_ADA")
    _suppliers(slack)
    tick(slack, NEW_YEAR)
    assert _rated(slack) == []
    tick(slack, MONDAY)
    assert _rated(slack) == [["Rate Acme", "Rate Beta"]]


def test_at_most_ten_and_the_most_recently_touched_first(slack: SlackHarness) -> None:
    for n in range(12):
        ask(slack, f"supplier add Supplier {n:02d} strategic")
    ask(slack, "note Supplier 07: call with the planner")
    tick(slack, NEW_YEAR)
    (rated,) = _rated(slack)
    assert len(rated) == 10
    assert rated[0] == "Rate Supplier 07"


def test_rate_opens_the_drivers_modal_and_the_answer_is_our_view(slack: SlackHarness) -> None:
    _suppliers(slack)
    tick(slack, NEW_YEAR)
    (message,) = [m for m in dms_to(slack, "U_ALICE") if _rate_buttons(m)]
    assert "A new quarter" in text_of(message)
    reply, _ = slack.click(_rate_buttons(message)[0])
    assert reply.status == 200
    view = stored_view(slack.fake)
    assert view["callback_id"] == ids.VIEW_PULSE_LOOK
    assert "Reliability" in text_of(view)

    def pick(score: str) -> dict[str, Any]:
        return {ids.ACTION_PULSE_SCORE: {"selected_option": {"value": score}}}

    nothing = slack.submit(view, {})
    assert nothing.status == 200
    assert "Score at least one driver" in nothing.body
    values = {
        ids.BLOCK_PULSE_DRIVER_PREFIX + "growth": pick("4"),
        ids.BLOCK_PULSE_DRIVER_PREFIX + "reliability": pick("2"),
        ids.BLOCK_PULSE_RELATIVE: pick("3"),
        ids.BLOCK_PULSE_COMMENT: {ids.ACTION_PULSE_COMMENT_TEXT: {"value": "They wait on our specs"}},
    }
    assert slack.submit(view, values).status == 200
    report = ask(slack, "pulse Acme")
    assert "• Reliability: 2.0 · — · —" in report
    assert "*Overall:* ours 3.0 · theirs —" in report
    assert "They wait on our specs" in report


def test_a_forged_score_in_the_modal_is_refused(slack: SlackHarness) -> None:
    _suppliers(slack)
    tick(slack, NEW_YEAR)
    (message,) = [m for m in dms_to(slack, "U_ALICE") if _rate_buttons(m)]
    slack.click(_rate_buttons(message)[0])
    view = stored_view(slack.fake)
    forged = {ids.BLOCK_PULSE_DRIVER_PREFIX + "growth": {ids.ACTION_PULSE_SCORE: {"selected_option": {"value": "9"}}}}
    assert "A score is 1 to 5" in slack.submit(view, forged).body
    assert "No answers yet" in ask(slack, "pulse Acme")


def test_the_rate_buttons_read_in_dutch(slack: SlackHarness) -> None:
    ask(slack, "language nl")
    _suppliers(slack)
    tick(slack, NEW_YEAR)
    assert _rated(slack) == [["Beoordeel Acme", "Beoordeel Beta"]]
