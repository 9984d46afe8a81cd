"""The customer-of-choice pulse in Slack (issue 14), through Bolt's dispatch against the Web API stand-in: the one
tap after a note (strategic suppliers, once a month per supplier, never the same person twice in a week), its
comment, `/covalis pulse <supplier>`, the card line and `/covalis pulse send`.

Today is Wednesday 25 November 2026; Alice works in Amsterdam."""

from datetime import timedelta
from typing import Any

from bot.clock import FixedClock
from handlers import ids
from tests.conftest import both_engines
from tests.slack.harness import SlackHarness, answer_to, ask, button, buttons, press, stored_view, text_of

QUESTION = "How did *Acme* seem to experience us as a customer?"


def _taps(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in buttons(message) if b["action_id"].startswith(ids.ACTION_PULSE_TAP)]


def _note(slack: SlackHarness, text: str, user: str = "U_ALICE") -> dict[str, Any]:
    return answer_to(slack, f"note {text}", user=user)


def _later(slack: SlackHarness, days: int) -> None:
    clock = slack.services.clock
    assert isinstance(clock, FixedClock)
    clock.set(clock.now() + timedelta(days=days))


def test_a_note_on_a_strategic_supplier_asks_the_one_tap_and_a_tap_is_thanked_in_place(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    confirmation = _note(slack, "Acme: call with Jan about the forecast")
    assert QUESTION in text_of(confirmation)
    assert [b["text"]["text"] for b in _taps(confirmation)] == ["1", "2", "3", "4", "5"]

    thanked = press(slack, _taps(confirmation)[3])
    assert thanked["replace_original"] is True
    assert "Noted: *4/5* for how Acme experiences us" in text_of(thanked)
    assert button(thanked, ids.ACTION_UNDO)  # the confirmation stays, with its Undo
    assert _taps(thanked) == []
    assert "*Overall:* ours 4.0 · theirs —" in ask(slack, "pulse Acme")


def test_routine_and_leverage_suppliers_are_never_asked(slack: SlackHarness) -> None:
    ask(slack, "supplier add Paperclips routine")
    assert _taps(_note(slack, "Paperclips: ordered more")) == []


@both_engines
def test_once_a_month_per_supplier_and_never_the_same_person_twice_in_a_week(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "supplier add Beta strategic")
    assert _taps(_note(slack, "Acme: call with Jan"))  # asked, not answered
    assert _taps(_note(slack, "Acme: second call", user="U_BOB")) == []  # Acme was asked this month
    _later(slack, 3)
    assert _taps(_note(slack, "Beta: visit")) == []  # Alice was asked three days ago
    assert _taps(_note(slack, "Beta: visit", user="U_BOB"))  # Bob was not
    _later(slack, 28)  # 31 days after Acme's question
    assert _taps(_note(slack, "Acme: call again"))


def test_an_answer_for_the_supplier_in_the_last_30_days_means_no_question(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    press(slack, _taps(_note(slack, "Acme: call"))[2])
    _later(slack, 29)
    assert _taps(_note(slack, "Acme: call", user="U_BOB")) == []
    _later(slack, 2)
    assert _taps(_note(slack, "Acme: call", user="U_BOB"))


def test_a_comment_to_the_tap_is_saved_and_shown_escaped_in_the_pulse(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    thanked = press(slack, _taps(_note(slack, "Acme: call"))[1])
    reply, _ = slack.click(button(thanked, ids.ACTION_PULSE_COMMENT))
    assert reply.status == 200
    view = stored_view(slack.fake)
    assert view["callback_id"] == ids.VIEW_PULSE_COMMENT
    values = {ids.BLOCK_PULSE_COMMENT: {ids.ACTION_PULSE_COMMENT_TEXT: {"value": "Late payments <@channel> hurt"}}}
    assert slack.submit(view, values).status == 200
    report = ask(slack, "pulse Acme")
    assert "Late payments &lt;@channel&gt; hurt" in report
    assert "<@U_ALICE>" in report


def test_the_one_tap_reads_in_dutch(slack: SlackHarness) -> None:
    ask(slack, "language nl")
    ask(slack, "leverancier toevoegen Acme strategisch")
    confirmation = _note(slack, "Acme: gebeld met Jan")
    assert "Hoe leek *Acme* ons als klant te ervaren?" in text_of(confirmation)
    assert "Genoteerd: *5/5*" in text_of(press(slack, _taps(confirmation)[4]))
    assert "*Totaal:* wij 5,0 · zij —" in ask(slack, "peiling Acme")


def test_the_pulse_of_a_supplier_without_answers_says_how_answers_come(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    assert "No answers yet for *Acme*" in ask(slack, "pulse Acme")


def test_pulse_send_without_a_public_address_says_what_to_configure(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "contact add Acme: Jan de Vries")
    assert "COVALIS_PUBLIC_URL" in ask(slack, "pulse send Acme: Jan de Vries")
