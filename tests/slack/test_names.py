"""Issue 9, names and nothing lost, through Bolt's dispatch: which Jan?, names without accents, archived suppliers,
the no-contact hint, notes without `note` or with a dash, errors that echo the text, and Add a follow-up."""

import json
from datetime import date
from typing import Any

import pytest

from bot.services.capture import InteractionDraft
from bot.services.workspaces import Actor
from tests.conftest import both_engines
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, answer_to, ask, button, buttons, exported, press, stored_view, text_of

ALICE = Actor(team_id="T0000TEST", user_id="U_ALICE")


def with_two_jans(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "contact add Acme: Jan de Vries, account manager")
    ask(slack, "contact add Acme: Jan Bakker, planner")


# --- which Jan? -------------------------------------------------------------------------------------------------


@both_engines
def test_a_first_name_shared_by_two_contacts_asks_which_and_logs_the_note_with_the_one_picked(
    slack: SlackHarness,
) -> None:
    with_two_jans(slack)

    question = answer_to(slack, "note Acme: call with Jan about the forecast #call")

    assert "Which Jan did you mean at *Acme*?" in text_of(question)
    picks = [b for b in buttons(question) if b["action_id"].startswith("pick_contact")]
    assert [b["text"]["text"] for b in picks] == ["Jan Bakker", "Jan de Vries", "Neither"]
    assert "forecast" not in json.dumps(question["blocks"][1]), "the note stays server-side"
    assert exported(slack)["interactions"] == []

    confirmation = text_of(press(slack, picks[1]))
    again = text_of(press(slack, picks[0]))

    assert "Logged a call with *Acme*" in confirmation
    assert "Jan de Vries" in confirmation
    assert "Jan Bakker" not in confirmation
    assert "already answered" in again
    (logged,) = exported(slack)["interactions"]
    assert logged["summary"] == "call with Jan about the forecast"
    shown = ask(slack, "ties Acme")
    assert "*Jan de Vries* (commercial)\n• <@U_ALICE>" in shown, "the note made a tie with the Jan picked"
    assert "*Jan Bakker* (planning) — no tie yet" in shown


def test_neither_logs_the_note_without_a_contact_and_cancel_gives_the_text_back(slack: SlackHarness) -> None:
    with_two_jans(slack)
    question = answer_to(slack, "note Acme: lunch with Jan")
    neither = next(b for b in buttons(question) if b["text"]["text"] == "Neither")

    confirmation = text_of(press(slack, neither))

    assert "Logged a note with *Acme*" in confirmation
    assert "Jan de Vries" not in confirmation
    assert "Jan Bakker" not in confirmation
    cancelled = text_of(press(slack, button(answer_to(slack, "note Acme: dinner with Jan"), "cancel_pending")))
    assert "dinner with Jan" in cancelled
    assert [i["summary"] for i in exported(slack)["interactions"]] == ["lunch with Jan"]


def test_a_full_name_or_a_lower_case_word_asks_nothing(slack: SlackHarness) -> None:
    with_two_jans(slack)

    full_name = ask(slack, "note Acme: call with Jan Bakker about Jan's leave")
    assert "Logged a note with *Acme*" in full_name
    assert "Which Jan" not in full_name
    assert "Logged" in ask(slack, "note Acme: jan-feb volumes agreed")


def test_which_jan_is_asked_in_dutch(slack: SlackHarness) -> None:
    with_two_jans(slack)
    ask(slack, "language nl")

    question = answer_to(slack, "notitie Acme: Jan gebeld over de prognose")

    assert "Welke Jan bedoel je bij *Acme*?" in text_of(question)
    assert "Geen van beiden" in [b["text"]["text"] for b in buttons(question)]


# --- supplier names without accents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "typed"),
    [("Müller GmbH", "Muller GmbH"), ("Société Générale", "societe generale"), ("Société Générale", "Societe")],
)
def test_a_supplier_is_found_without_its_accents_and_case(slack: SlackHarness, name: str, typed: str) -> None:
    ask(slack, f"supplier add {name}")

    assert f"Logged a call with *{name}*" in ask(slack, f"note {typed}: quick call #call")
    assert "Create" not in ask(slack, f"status {typed}")


# --- archived suppliers ----------------------------------------------------------------------------------------


@both_engines
def test_a_note_for_an_archived_supplier_offers_to_unarchive_and_log(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier archive Acme Industries")

    question = answer_to(slack, "note Acme Industries: they called back")

    assert "*Acme Industries* is archived." in text_of(question)
    assert not [b for b in buttons(question) if b["action_id"] == "create_supplier"], "no duplicate offered"
    confirmation = text_of(press(slack, button(question, "unarchive_and_log")))
    assert "Logged a note with *Acme Industries*" in confirmation
    assert "_(archived)_" not in ask(slack, "supplier list all")
    assert [i["summary"] for i in exported(slack)["interactions"]] == ["they called back"]


def test_someone_who_may_not_unarchive_is_told_the_owner_and_gets_their_text_back(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "supplier archive Acme")
    question = answer_to(slack, "note Acme: they called back about the audit", user="U_BOB")

    refused = text_of(press(slack, button(question, "unarchive_and_log"), user="U_BOB"))

    assert "<@U_ALICE>" in refused
    assert "they called back about the audit" in refused
    assert exported(slack)["interactions"] == []
    assert "archived" in ask(slack, "supplier list all")


def test_the_archived_question_in_dutch(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "supplier archive Acme")
    ask(slack, "language nl")

    question = answer_to(slack, "notitie Acme: teruggebeld")

    assert "*Acme* is gearchiveerd." in text_of(question)
    assert "Uit archief halen en vastleggen" in text_of(question)


# --- the no-contact hint ---------------------------------------------------------------------------------------


def test_the_no_contact_hint_shows_only_where_the_supplier_has_contacts(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")
    ask(slack, "supplier add Globex")
    ask(slack, "contact add Globex: Sara Kok, buyer")

    assert "No contact of Acme was named" not in ask(slack, "note Acme: call about prices")
    assert "No contact of Globex was named" in ask(slack, "note Globex: call about prices")


# --- nothing typed is lost -------------------------------------------------------------------------------------


def test_a_known_supplier_and_a_colon_without_note_is_a_note(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")

    confirmation = ask(slack, "Acme: call with Jan about the forecast #call")

    assert "Logged a call with *Acme*" in confirmation
    assert [i["summary"] for i in exported(slack)["interactions"]] == ["call with Jan about the forecast"]


def test_an_unknown_word_with_a_colon_is_still_an_unknown_command_with_the_text(slack: SlackHarness) -> None:
    refused = ask(slack, "Globex: call with Jan about the forecast")

    assert "call with Jan about the forecast" in refused
    assert exported(slack)["interactions"] == []


@pytest.mark.parametrize("dash", ["-", "–", "—"])
def test_a_dash_instead_of_a_colon_is_a_note(slack: SlackHarness, dash: str) -> None:
    ask(slack, "supplier add Acme")

    assert "Logged a note with *Acme*" in ask(slack, f"note Acme {dash} call with Jan")
    assert [i["summary"] for i in exported(slack)["interactions"]] == ["call with Jan"]


def test_a_dutch_note_with_a_dash_and_no_note_word(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")
    ask(slack, "language nl")

    assert "Acme" in ask(slack, "notitie Acme - gebeld met Jan")
    assert "Acme" in ask(slack, "Acme: nog een keer gebeld")
    assert [i["summary"] for i in exported(slack)["interactions"]] == ["gebeld met Jan", "nog een keer gebeld"]


@pytest.mark.parametrize(
    ("typed", "echoed"),
    [
        ("supplier add Acme strategic", "supplier add Acme strategic"),  # exists already
        ("supplier rename Acme: Globex Group", "supplier rename Acme: Globex Group"),  # not the owner
        ("note Acme: " + "x" * 40_001, "x" * 100),  # too long
        ("contact remove Acme: Nobody Here", "contact remove Acme: Nobody Here"),
        ("supplier lst everything", "supplier lst everything"),  # mistyped
    ],
)
def test_every_command_error_echoes_the_typed_text(slack: SlackHarness, typed: str, echoed: str) -> None:
    ask(slack, "supplier add Acme strategic", user="U_BOB")

    refused = ask(slack, typed)

    assert "Your text, so nothing is lost" in refused or "You typed:" in refused
    assert echoed in refused


# --- add a follow-up by hand -----------------------------------------------------------------------------------


def open_follow_up_form(slack: SlackHarness, fake: FakeSlackApi, **kwargs: Any) -> tuple[dict[str, Any], int]:
    ask(slack, "supplier add Acme")
    confirmation = answer_to(slack, "note Acme: promised them the forecast, follow up soon")
    interaction_id = int(button(confirmation, "undo_interaction")["value"])
    reply, _ = slack.click({"action_id": "add_follow_up", "value": str(interaction_id)}, **kwargs)
    assert reply.status == 200
    return stored_view(fake), interaction_id


def follow_up_values(text: str, day: str | None) -> dict[str, Any]:
    return {
        "follow_up_text": {"follow_up_text_input": {"type": "plain_text_input", "value": text}},
        "follow_up_due": {"follow_up_due_pick": {"type": "datepicker", "selected_date": day}},
    }


@both_engines
def test_add_a_follow_up_opens_a_form_and_creates_the_follow_up_on_the_note(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    view, _ = open_follow_up_form(slack, fake)
    blocks = {b["block_id"]: b for b in view["blocks"]}

    assert view["callback_id"] == "add_follow_up_modal"
    assert blocks["follow_up_text"]["element"]["initial_value"] == "promised them the forecast, follow up soon"
    # NOW is Wednesday 25 November 2026: the next working day is Thursday.
    assert blocks["follow_up_due"]["element"]["initial_date"] == "2026-11-26"

    reply = slack.submit(view, follow_up_values("send the forecast", "2026-11-27"))

    assert reply.status == 200
    assert "errors" not in reply.body
    (posted,) = fake.wait_for("chat.postEphemeral")
    assert "send the forecast" in posted.body["text"]
    followups = ask(slack, "followups")
    assert "send the forecast" in followups
    assert "Acme" in followups


def test_the_follow_up_form_refuses_a_past_date_and_an_empty_task_beside_the_field(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    view, _ = open_follow_up_form(slack, fake)

    past = slack.submit(view, follow_up_values("send it", "2026-11-24")).json()
    empty = slack.submit(view, follow_up_values("  ", "2026-11-27")).json()
    no_day = slack.submit(view, follow_up_values("send it", None)).json()

    assert past["errors"] == {"follow_up_due": "That date has passed: pick today or later."}
    assert empty["errors"] == {"follow_up_text": "Say what is to be done."}
    assert no_day["errors"] == {"follow_up_due": "Pick a date."}
    assert "No open follow-ups" in ask(slack, "followups")


def test_only_the_notes_author_may_add_its_follow_up(slack: SlackHarness, fake: FakeSlackApi) -> None:
    ask(slack, "supplier add Acme")
    confirmation = answer_to(slack, "note Acme: promised them the forecast")
    interaction_id = int(button(confirmation, "undo_interaction")["value"])

    refused = text_of(press(slack, {"action_id": "add_follow_up", "value": str(interaction_id)}, user="U_BOB"))

    assert "Only <@U_ALICE>, who logged this note, can add to it." in refused
    assert fake.calls_to("views.open") == []


def test_the_follow_up_form_speaks_dutch(slack: SlackHarness, fake: FakeSlackApi) -> None:
    ask(slack, "language nl")
    view, _ = open_follow_up_form(slack, fake)

    assert view["title"]["text"] == "Actie toevoegen"
    past = slack.submit(view, follow_up_values("stuur het", "2026-11-01")).json()
    assert past["errors"] == {"follow_up_due": "Die datum is al voorbij: kies vandaag of later."}


def test_a_create_supplier_button_that_fails_gives_the_note_back(slack: SlackHarness) -> None:
    question = answer_to(slack, "note Globex: kickoff call about the Q1 forecast")
    ask(slack, "supplier add Globex", user="U_BOB")

    refused = text_of(press(slack, button(question, "create_supplier")))

    assert "kickoff call about the Q1 forecast" in refused
    assert exported(slack)["interactions"] == []


def test_a_trigger_without_a_date_is_said_and_its_button_makes_the_follow_up(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    """The grammar reports what it missed; the confirmation says so and its own button leads to the follow-up."""
    ask(slack, "supplier add Acme")
    confirmation = answer_to(slack, "note Acme: good talk about the forecast, follow up soon")
    shown = text_of(confirmation)

    assert "no follow-up was made" in shown
    assert "No open follow-ups" in ask(slack, "followups")
    reply, _ = slack.click(button(confirmation, "add_follow_up"))
    assert reply.status == 200
    view = stored_view(fake)
    assert slack.submit(view, follow_up_values("send the forecast", "2026-11-27")).status == 200
    assert "send the forecast" in ask(slack, "followups")


def test_a_past_date_is_said_in_dutch_and_nothing_is_due(slack: SlackHarness) -> None:
    ask(slack, "taal nl")
    ask(slack, "leverancier toevoegen Acme")

    shown = ask(slack, "notitie Acme: offerte besproken, opvolgen 3 november 2026")

    assert "is al voorbij" in shown
    assert "Actie toevoegen" in shown
    assert "offerte" not in ask(slack, "acties")


def test_the_follow_up_form_shows_no_hidden_marks_and_typed_links_stay_inert(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    ask(slack, "supplier add Acme")
    _, name = slack.command_raw_text("note Acme: promised <https://acme.nl/deck|the deck>, follow up soon")
    interaction_id = int(button(slack.answer(name), "undo_interaction")["value"])
    slack.click({"action_id": "add_follow_up", "value": str(interaction_id)})
    view = stored_view(fake)
    prefilled = {b["block_id"]: b for b in view["blocks"]}["follow_up_text"]["element"]["initial_value"]

    assert "\ufff9" not in prefilled
    assert "<https://acme.nl/deck|the deck>" in prefilled
    typed = prefilled + " and \ufff9<https://evil.example|click here>\ufffb"
    slack.submit(view, follow_up_values(typed, "2026-11-27"))
    listed = answer_to(slack, "followups")

    shown = json.dumps(listed)
    assert "<https://acme.nl/deck|the deck>" in shown
    assert "<https://evil.example|click here>" not in shown
    assert "\\ufff9" not in shown


def test_a_command_word_with_a_colon_is_the_command_never_a_note_for_a_supplier_it_prefixes(
    slack: SlackHarness,
) -> None:
    ask(slack, "supplier add Helpdesk Partners")
    ask(slack, "supplier add Status Logistics")

    help_answer = ask(slack, "help: notes")
    card = ask(slack, "status: Helpdesk")
    by_prefix = ask(slack, "Helpdesk: call about the contract")

    assert "Logged" not in help_answer
    assert "*Helpdesk Partners*" in card
    assert "Logged" not in by_prefix  # a bare note needs the exact name; a prefix is never guessed
    assert exported(slack)["interactions"] == []


def test_a_back_dated_note_moved_into_the_form_keeps_its_day(slack: SlackHarness, fake: FakeSlackApi) -> None:
    question = answer_to(slack, "note Globex: gisteren met Jan gebeld over de forecast")
    reply, _ = slack.click(button(question, "open_capture_form"))
    assert reply.status == 200

    day = {b.get("block_id"): b for b in stored_view(fake)["blocks"]}["date"]["element"]["initial_date"]

    assert day == "2026-11-24"


def test_a_follow_up_without_a_date_in_the_form_is_said_too(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")
    acme = slack.services.suppliers.list_suppliers(ALICE)[0].id
    draft = InteractionDraft(acme, date(2026, 11, 25), "call", "call, follow up soon with Jan", [], [], False)

    logged = slack.services.capture.log_interaction(ALICE, draft, tz="Europe/Amsterdam")

    assert logged.follow_up is None
    assert logged.follow_up_problem == "no_date"


def test_a_note_without_a_colon_is_refused_with_the_text_given_back(slack: SlackHarness) -> None:
    shown = ask(slack, "note Acme call with Jan about the forecast, follow up friday")

    assert "Put a colon after the supplier's name" in shown
    assert "You typed: note Acme call with Jan about the forecast, follow up friday" in shown
