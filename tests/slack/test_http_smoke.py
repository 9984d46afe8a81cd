"""One path per Slack surface as Slack drives it: signed requests over real HTTP, listeners after the ack on Bolt's
thread pool, answers through the Web API stand-in. The rules behind each surface are tested in-process elsewhere."""

from typing import Any

from bot.services.workspaces import Actor
from handlers import ids
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import HttpSlackHarness, answer_to, ask, button, stored_view, text_of


def capture_values(supplier: str, summary: str) -> dict[str, Any]:
    return {
        ids.BLOCK_SUPPLIER: {ids.ACTION_SUPPLIER_SELECT: {"selected_option": {"value": supplier}}},
        ids.BLOCK_KIND: {ids.ACTION_KIND: {"selected_option": {"value": "call"}}},
        ids.BLOCK_DATE: {ids.ACTION_DATE: {"selected_date": "2026-11-25"}},
        ids.BLOCK_SUMMARY: {ids.ACTION_SUMMARY: {"value": summary}},
    }


def test_a_slash_command_is_acked_and_answered_through_its_response_url(slack_http: HttpSlackHarness) -> None:
    reply, name = slack_http.command("supplier add Acme Industries strategic")

    assert reply.status == 200
    assert "Added *Acme Industries* (strategic)" in text_of(slack_http.answer(name))


def test_a_button_click_is_acked_and_answered_through_its_response_url(slack_http: HttpSlackHarness) -> None:
    ask(slack_http, "supplier add Acme")
    logged = answer_to(slack_http, "note Acme: quarterly review")

    reply, name = slack_http.click(button(logged, "undo_interaction"))

    assert reply.status == 200
    assert "Undone: the interaction with *Acme* was removed." in text_of(slack_http.answer(name))


def test_a_modal_submission_is_acked_with_an_empty_body_and_confirmed_ephemerally(
    slack_http: HttpSlackHarness, fake: FakeSlackApi
) -> None:
    ask(slack_http, "supplier add Acme Industries strategic")
    (acme,) = slack_http.services.suppliers.list_suppliers(Actor(TEAM_ID, "U_ALICE"))
    slack_http.command("note")

    reply = slack_http.submit(stored_view(fake), capture_values(str(acme.id), "Call about the forecast"))

    assert (reply.status, reply.body) == (200, "")
    (confirmation,) = fake.wait_for("chat.postEphemeral")
    assert "Logged a call with *Acme Industries*" in text_of(confirmation.body)


def test_a_message_shortcut_opens_the_capture_modal_with_the_message_text(
    slack_http: HttpSlackHarness, fake: FakeSlackApi
) -> None:
    reply = slack_http.shortcut("Lead times go up by two weeks")

    assert reply.status == 200
    (opened,) = fake.wait_for("views.open")
    summary = next(b for b in opened.body["view"]["blocks"] if b.get("block_id") == ids.BLOCK_SUMMARY)
    assert summary["element"]["initial_value"] == "Lead times go up by two weeks"


def test_an_event_is_acked_and_publishes_the_home_view(slack_http: HttpSlackHarness, fake: FakeSlackApi) -> None:
    event = {"type": "app_home_opened", "user": "U_ALICE", "channel": "D_HOME", "tab": "home", "event_ts": "1.1"}

    reply = slack_http.event(event, event_id="Ev_SMOKE")

    assert reply.status == 200
    (published,) = fake.wait_for("views.publish")
    assert published.body["user_id"] == "U_ALICE"
    assert "Log interaction" in text_of({"blocks": published.body["view"]["blocks"]})


def test_a_type_ahead_is_answered_in_the_http_response(slack_http: HttpSlackHarness) -> None:
    ask(slack_http, "supplier add Acme Industries")
    ask(slack_http, "supplier add Globex")

    reply = slack_http.options("acm")

    assert reply.status == 200
    assert [o["text"]["text"] for o in reply.json()["options"]] == ["Acme Industries"]
