"""App Home: the home view published on app_home_opened, in the user's language, once per event; its button."""

from typing import Any

from bot.services.workspaces import Actor
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import SlackHarness, text_of


def home_opened(user: str) -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D_HOME", "tab": "home", "event_ts": "1764000000.1"}


def test_opening_the_app_home_publishes_the_home_view_for_that_user(slack: SlackHarness, fake: FakeSlackApi) -> None:
    reply = slack.event(home_opened("U_ALICE"), event_id="Ev_HOME_1")

    assert reply.status == 200
    (published,) = fake.wait_for("views.publish")
    assert published.body["user_id"] == "U_ALICE"
    view = published.body["view"]
    assert view["type"] == "home"
    assert "Log interaction" in text_of({"blocks": view["blocks"]})


def test_the_home_view_is_in_the_users_language(slack: SlackHarness, fake: FakeSlackApi) -> None:
    _, name = slack.command("language nl", user="U_PIETER")
    slack.answer(name)

    slack.event(home_opened("U_PIETER"), event_id="Ev_HOME_NL")

    (published,) = fake.wait_for("views.publish")
    shown = text_of({"blocks": published.body["view"]["blocks"]})
    assert "Log interaction" not in shown
    assert "Houd je belangrijkste leveranciersrelaties dichtbij" in shown
    assert "Je relaties" in shown


@both_engines
def test_a_retried_event_publishes_the_home_view_once(slack: SlackHarness, fake: FakeSlackApi) -> None:
    first = slack.event(home_opened("U_ALICE"), event_id="Ev_DUP")
    retry = slack.event(home_opened("U_ALICE"), event_id="Ev_DUP")
    slack.event(home_opened("U_BOB"), event_id="Ev_OTHER")

    assert (first.status, retry.status) == (200, 200)
    fake.wait_for("views.publish", count=2)
    assert sorted(c.body["user_id"] for c in fake.calls_to("views.publish")) == ["U_ALICE", "U_BOB"]


def home_button_click(user: str = "U_ALICE") -> dict[str, Any]:
    """A click on the Home tab's button: Slack sends a view container and no response_url."""
    return {
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM_ID},
        "team": {"id": TEAM_ID, "domain": "covalis-test"},
        "api_app_id": "A0000TEST",
        "trigger_id": "trigger-home",
        "container": {"type": "view", "view_id": "V_HOME"},
        "view": {"id": "V_HOME", "type": "home", "blocks": [], "private_metadata": "", "callback_id": ""},
        "actions": [
            {"type": "button", "action_id": "home_log_interaction", "block_id": "b", "value": "home", "action_ts": "1"}
        ],
    }


def test_the_home_tabs_button_opens_the_capture_modal(slack: SlackHarness, fake: FakeSlackApi) -> None:
    reply = slack.interactive(home_button_click())

    assert reply.status == 200
    (opened,) = fake.wait_for("views.open")
    assert opened.body["trigger_id"] == "trigger-home"
    assert opened.body["view"]["callback_id"] == "capture_modal"


def test_when_the_home_tabs_modal_cannot_open_the_user_is_told_by_direct_message(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.fail_next("views.open", "expired_trigger_id")

    slack.interactive(home_button_click())

    (dm,) = fake.wait_for("chat.postMessage")
    assert dm.body["channel"] == "U_ALICE"
    assert "I couldn't open the form" in text_of(dm.body)


def test_home_is_published_when_opened_or_changed_from_it_not_after_every_note(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    """Slack's guidance: publish Home when it is opened, or when it changed for someone looking at it — a note
    logged in a channel is seen on Home when it is next opened (and rebuilt then)."""
    from tests.slack.harness import ask
    from tests.slack.test_modal_and_shortcut import form_values, opened_view

    acme = slack.services.suppliers.add(Actor(TEAM_ID, "U_ALICE"), "Acme", "strategic")
    assert "Logged" in ask(slack, "note Acme: call with Jan about the forecast")
    assert fake.calls_to("views.publish") == []

    slack.interactive(home_button_click())
    slack.submit(opened_view(fake), form_values(acme.id, summary="Plant tour from the Home tab"))

    (published,) = fake.wait_for("views.publish")
    assert published.body["user_id"] == "U_ALICE"
    assert "Acme" in text_of({"blocks": published.body["view"]["blocks"]})
