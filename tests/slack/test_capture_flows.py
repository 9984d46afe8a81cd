"""One-line capture, in-process: questions with buttons, undo, escaping, privacy, languages, workspaces, input."""

import json
from datetime import UTC, datetime

import pytest

from bot.clock import FixedClock
from tests.conftest import NOW, both_engines
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, answer_to, ask, button, buttons, exported, press, text_of

OTHER_TEAM = "T_OTHER"


def summaries(slack: SlackHarness) -> list[str]:
    return [i["summary"] for i in exported(slack)["interactions"]]


# --- which supplier? --------------------------------------------------------------------------------------------


def test_an_ambiguous_prefix_offers_one_button_per_matching_supplier(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier add Acme Logistics")
    ask(slack, "supplier add Globex")

    question = answer_to(slack, "note acme: visit to the Rotterdam warehouse")

    assert "Which supplier did you mean by “acme”?" in text_of(question)
    picks = [b for b in buttons(question) if b["action_id"].startswith("pick_supplier")]
    assert [b["text"]["text"] for b in picks] == ["Acme Industries", "Acme Logistics"]
    assert summaries(slack) == []


@both_engines
def test_picking_a_candidate_logs_the_original_note_once_even_when_clicked_twice(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier add Acme Logistics")
    question = answer_to(slack, "note acme: visit to the Rotterdam warehouse #visit")
    logistics = button(question, "pick_supplier", 1)
    assert "visit to the Rotterdam warehouse" not in json.dumps(logistics), "the text must stay server-side"

    confirmation = text_of(press(slack, logistics))
    again = text_of(press(slack, logistics))

    assert "Logged a visit with *Acme Logistics*" in confirmation
    assert "visit to the Rotterdam warehouse" in confirmation
    assert "That question was already answered." in again
    assert summaries(slack) == ["visit to the Rotterdam warehouse"]
    assert "visit to the Rotterdam warehouse" in ask(slack, "status Acme Logistics")
    assert "visit to the Rotterdam warehouse" not in ask(slack, "status Acme Industries")


def test_an_unknown_supplier_can_be_created_by_the_user_and_the_note_is_logged_on_it(slack: SlackHarness) -> None:
    question = answer_to(slack, "note Globex: kickoff call with their planner #call", user="U_PIETER")
    assert "I don't know a supplier called “Globex” yet." in text_of(question)
    create = button(question, "create_supplier")
    assert create["text"]["text"] == "Create “Globex”"

    confirmation = text_of(press(slack, create, answers=2, user="U_PIETER"))

    assert "Logged a call with *Globex*" in confirmation
    (supplier,) = exported(slack)["suppliers"]
    assert (supplier["name"], supplier["owner_id"], supplier["segment"]) == ("Globex", "U_PIETER", "routine")
    assert summaries(slack) == ["kickoff call with their planner"]
    assert "owner <@U_PIETER>" in ask(slack, "supplier list")


def test_another_user_cannot_answer_someone_elses_question(slack: SlackHarness) -> None:
    question = answer_to(slack, "note Globex: kickoff call")

    refused = text_of(press(slack, button(question, "create_supplier"), user="U_BOB"))

    assert "already answered" in refused
    assert exported(slack)["suppliers"] == []
    assert "Logged a meeting" not in refused
    assert "Logged a note" not in refused


def test_open_the_form_puts_the_note_text_in_the_capture_modal(slack: SlackHarness, fake: FakeSlackApi) -> None:
    question = answer_to(slack, "note Globex: kickoff call about the Q1 forecast")

    reply, name = slack.click(button(question, "open_capture_form"))

    assert reply.status == 200
    (opened,) = fake.wait_for("views.open")
    assert opened.body["trigger_id"] == f"trigger-{name}"
    assert opened.body["view"]["callback_id"] == "capture_modal"
    summary = next(b for b in opened.body["view"]["blocks"] if b.get("block_id") == "summary")
    assert summary["element"]["initial_value"] == "kickoff call about the Q1 forecast"
    assert "Your text is in the form" in text_of(slack.answer(name))
    assert summaries(slack) == []


def test_cancel_echoes_the_users_text_so_nothing_typed_is_lost(slack: SlackHarness) -> None:
    question = answer_to(slack, "note Globex: kickoff call about the Q1 forecast")

    cancelled = text_of(press(slack, button(question, "cancel_pending")))

    assert "Cancelled; nothing was saved." in cancelled
    assert "kickoff call about the Q1 forecast" in cancelled
    assert exported(slack)["suppliers"] == []
    assert summaries(slack) == []


def test_a_cancelled_note_is_echoed_with_its_ampersands_escaped_once(slack: SlackHarness) -> None:
    question = answer_to(slack, "note Globex: R&D review <next week>")

    cancelled = press(slack, button(question, "cancel_pending"))

    shown = text_of(cancelled)
    assert "R&amp;D review &lt;next week&gt;" in shown
    assert "&amp;amp;" not in shown
    assert "&amp;lt;" not in shown


# --- undo -------------------------------------------------------------------------------------------------------


def test_undo_removes_the_interaction_and_moves_the_last_touch_back(slack: SlackHarness, clock: FixedClock) -> None:
    ask(slack, "supplier add Acme strategic")
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    first = answer_to(slack, "note Acme: quarterly review")
    clock.set(NOW)
    second = answer_to(slack, "note Acme: quick call about a late delivery")
    assert "*Last touch:* Wed 25 Nov 2026 (today)" in ask(slack, "status Acme")

    undone = text_of(press(slack, button(second, "undo_interaction")))

    assert "Undone: the interaction with *Acme* was removed." in undone
    card = ask(slack, "status Acme")
    assert "quick call about a late delivery" not in card
    assert "quarterly review" in card
    assert "*Last touch:* Mon 23 Nov 2026 (2 days ago)" in card

    press(slack, button(first, "undo_interaction"))
    assert "*Last touch:* nothing logged yet" in ask(slack, "status Acme")
    assert summaries(slack) == []


def test_a_second_undo_says_the_interaction_was_already_removed(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")
    logged = answer_to(slack, "note Acme: quarterly review")
    undo = button(logged, "undo_interaction")
    press(slack, undo)

    again = text_of(press(slack, undo))

    assert "This interaction was already removed." in again
    assert summaries(slack) == []


def test_only_the_author_can_undo_an_interaction(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")
    logged = answer_to(slack, "note Acme: quarterly review")

    refused = text_of(press(slack, button(logged, "undo_interaction"), user="U_BOB"))

    assert "Only the colleague who logged this interaction can undo it." in refused
    assert summaries(slack) == ["quarterly review"]
    assert "quarterly review" in ask(slack, "status Acme")


# --- escaping and privacy ---------------------------------------------------------------------------------------


def test_a_note_cannot_ping_the_channel_and_ampersands_are_escaped(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")

    confirmation = answer_to(slack, "note Acme: ping <!channel> & co")

    shown = text_of(confirmation)
    assert "ping &lt;!channel&gt; &amp; co" in shown
    assert "<!channel>" not in json.dumps(confirmation)
    assert summaries(slack) == ["ping <!channel> & co"], "stored as the user typed it, decoded once"
    card = answer_to(slack, "status Acme")
    assert "ping &lt;!channel&gt; &amp; co" in text_of(card)
    assert "<!channel>" not in json.dumps(card)


def test_a_private_note_is_seen_by_its_author_and_by_nobody_else(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")
    confirmation = ask(slack, "note Acme: their CFO hinted at a takeover #private")
    assert "private — only you see it" in confirmation

    alices_card = ask(slack, "status Acme")
    bobs_card = ask(slack, "status Acme", user="U_BOB")

    assert "their CFO hinted at a takeover" in alices_card
    assert "_(private)_" in alices_card
    assert "their CFO hinted at a takeover" not in bobs_card
    assert "Nothing logged yet." in bobs_card


# --- language ---------------------------------------------------------------------------------------------------


def test_a_user_who_chose_dutch_gets_dutch_answers(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "language nl")

    confirmation = ask(slack, "note Acme: overleg over de prognose")
    card = ask(slack, "status Acme")
    colleagues_card = ask(slack, "status Acme", user="U_BOB")

    assert "vastgelegd" in confirmation
    assert "Logged" not in confirmation
    assert "*Laatste contact:* wo 25 nov 2026" in card
    assert "*Last touch:* Wed 25 Nov 2026" in colleagues_card


def test_the_workspace_language_applies_to_users_without_their_own_setting(slack: SlackHarness) -> None:
    slack.fake.users["U_ALICE"]["is_admin"] = True  # workspace settings are for Slack admins
    ask(slack, "supplier add Acme strategic")
    ask(slack, "language en", user="U_BOB")

    ask(slack, "settings language nl")

    assert "Laatste contact" in ask(slack, "status Acme", user="U_PIETER")
    assert "vastgelegd" in ask(slack, "note Acme: kort belletje #call", user="U_PIETER")
    assert "Last touch" in ask(slack, "status Acme", user="U_BOB")


# --- workspaces -------------------------------------------------------------------------------------------------


@pytest.fixture
def otto(fake: FakeSlackApi) -> str:
    fake.add_user("U_OTTO", name="otto", tz="Europe/Amsterdam", team_id=OTHER_TEAM)
    return "U_OTTO"


def test_another_workspace_sees_none_of_our_suppliers(slack: SlackHarness, otto: str) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "note Acme: confidential price talks")

    their_list = ask(slack, "supplier list", user=otto, team=OTHER_TEAM)
    their_status = answer_to(slack, "status Acme", user=otto, team=OTHER_TEAM)

    assert "No suppliers yet" in their_list
    assert "Acme Industries" not in their_list
    shown = text_of(their_status)
    assert "Acme Industries" not in shown
    assert "confidential price talks" not in shown
    assert "*Owner:*" not in shown
    assert "I don't know a supplier called “Acme” yet." in shown
    assert buttons(their_status)[0]["action_id"] == "create_supplier"


def test_an_undo_button_from_another_workspace_removes_nothing(slack: SlackHarness, otto: str) -> None:
    ask(slack, "supplier add Acme")
    logged = answer_to(slack, "note Acme: quarterly review")

    press(slack, button(logged, "undo_interaction"), user=otto, team=OTHER_TEAM)

    assert summaries(slack) == ["quarterly review"]


# --- bad input --------------------------------------------------------------------------------------------------


def test_an_over_long_supplier_name_is_refused_with_the_limit(slack: SlackHarness) -> None:
    name = "A" * 76

    answer = ask(slack, f"supplier add {name}")

    assert "That name is 76 characters long; names can be at most 75." in answer
    assert "No suppliers yet" in ask(slack, "supplier list")


@both_engines
def test_a_name_that_looks_like_sql_is_stored_and_listed_literally(slack: SlackHarness) -> None:
    name = "Robert'); DROP TABLE supplier;--"

    added = ask(slack, f"supplier add {name}")

    assert f"Added *{name}* (routine)" in added
    assert f"*{name}*" in ask(slack, "supplier list")
    assert [s["name"] for s in exported(slack)["suppliers"]] == [name]
    assert f"Logged a note with *{name}*" in ask(slack, f"note {name}: quick call")


@both_engines
def test_nul_and_control_characters_are_stripped_from_names_and_notes(slack: SlackHarness) -> None:
    ask(slack, "supplier add Ac\x00me\x07 Tools")

    confirmation = ask(slack, "note Acme Tools: call\x00 about\x1b prices")

    assert "*Acme Tools*" in ask(slack, "supplier list")
    assert "Logged a note with *Acme Tools*" in confirmation
    assert summaries(slack) == ["call about prices"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("frobnicate the suppliers", "I don't know the command “frobnicate”."),
        ("supplier frobnicate Acme", "`/covalis supplier add <name> [strategic|bottleneck|leverage|routine]`"),
        ("note Acme without a colon", "For example: `/covalis note Acme: call with Jan"),
        ("status", "Usage: `/covalis status <supplier>`"),
        ("language klingon", "“klingon” is not a language Covalis speaks."),
        ("note : nothing before the colon", "For example: `/covalis note Acme:"),
        ("supplier add " + "x" * 3000, "names can be at most 75"),
    ],
)
def test_bad_input_gets_a_friendly_answer_with_http_200_and_never_a_stack_trace(
    slack: SlackHarness, text: str, expected: str
) -> None:
    reply, name = slack.command(text)

    assert reply.status == 200
    answer = slack.answer(name)
    shown = text_of(answer)
    assert expected in shown
    for leak in ("Traceback", "Exception", "Error:", 'File "'):
        assert leak not in shown
    assert exported(slack)["suppliers"] == []


def test_only_an_admin_may_set_the_workspace_language(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    refused = ask(slack, "settings language nl", user="U_BOB")
    assert "Only Slack workspace admins and owners" in refused
    assert "Last touch" in ask(slack, "status Acme", user="U_PIETER")
