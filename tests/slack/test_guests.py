"""Slack's guests (restricted and ultra-restricted accounts, often a supplier's own people) are refused everything,
before any listener runs: commands, buttons, shortcuts and events; nothing of theirs is stored."""

from datetime import timedelta
from typing import Any

from bot.clock import FixedClock
from tests.slack.harness import SlackHarness, answer_to, ask, button, text_of

REFUSED = "Covalis is for this workspace's members: guest accounts can't use it."


def _suppliers(slack: SlackHarness) -> list[str]:
    from sqlmodel import select

    from storage.models import Supplier

    with slack.services.db.read() as session:
        return [s.name for s in session.exec(select(Supplier))]


def test_a_guests_command_is_refused_in_their_language_and_stores_nothing(slack: SlackHarness) -> None:
    slack.fake.add_user("U_GUEST", name="gast", locale="nl-NL", is_restricted=True)
    slack.fake.add_user("U_SINGLE", name="single", is_ultra_restricted=True)

    # A refused command is answered in its ack: ephemeral, with no call to Slack before or after it.
    dutch_reply, _ = slack.command("supplier add Acme strategic", user="U_GUEST")
    english_reply, _ = slack.command("note Acme: call with Jan", user="U_SINGLE")
    dutch, english = text_of(dutch_reply.json()), text_of(english_reply.json())

    assert "gastaccounts kunnen het niet gebruiken" in dutch
    assert REFUSED in english
    assert dutch_reply.json()["response_type"] == "ephemeral"
    assert [c for c in slack.fake.calls if c.method.startswith("response_url")] == []
    assert _suppliers(slack) == []
    assert "Acme" not in ask(slack, "supplier list")


def test_a_member_turned_guest_cannot_press_the_button_they_were_given(slack: SlackHarness) -> None:
    slack.fake.add_user("U_PARTNER", name="partner")
    question = answer_to(slack, "note Globex: kickoff call #call", user="U_PARTNER")
    create = button(question, "create_supplier")

    member = slack.fake.add_user("U_PARTNER", name="partner", is_restricted=True)
    assert slack.event({"type": "user_change", "user": member}, event_id="EvGuest").status == 200
    reply, name = slack.click(create, user="U_PARTNER")

    assert reply.status == 200
    assert REFUSED in text_of(slack.answer(name))
    assert _suppliers(slack) == []


def test_a_guests_message_shortcut_opens_no_form(slack: SlackHarness) -> None:
    slack.fake.add_user("U_GUEST", name="guest", is_restricted=True)

    reply = slack.shortcut("call with Jan about the Q3 forecast", user="U_GUEST")

    assert reply.status == 200
    assert REFUSED in text_of(slack.answer("shortcut"))
    assert slack.fake.calls_to("views.open") == []


def test_a_guest_opening_the_app_home_gets_nothing_published(slack: SlackHarness) -> None:
    slack.fake.add_user("U_GUEST", name="guest", is_restricted=True)
    event: dict[str, Any] = {"type": "app_home_opened", "user": "U_GUEST", "tab": "home", "event_ts": "1764000000.1"}

    assert slack.event(event).status == 200

    assert slack.fake.calls_to("views.publish") == []
    assert slack.fake.calls_to("chat.postMessage") == []


def test_a_member_is_not_refused(slack: SlackHarness) -> None:
    assert "Added *Acme*" in ask(slack, "supplier add Acme strategic")
    assert _suppliers(slack) == ["Acme"]


def test_a_member_turned_guest_submitting_an_open_form_is_told_in_the_form_and_nothing_is_stored(
    slack: SlackHarness,
) -> None:
    slack.fake.add_user("U_PARTNER", name="partner")
    assert "Added" in ask(slack, "supplier add Acme strategic")
    slack.command("note", user="U_PARTNER")
    (opened,) = slack.fake.wait_for("views.open")
    view = opened.body["view"]

    member = slack.fake.add_user("U_PARTNER", name="partner", is_restricted=True)
    slack.event({"type": "user_change", "user": member}, event_id="EvGuest2")
    submitted = slack.submit(view, {}, user="U_PARTNER")
    options = slack.options("Ac", user="U_PARTNER")

    answer = submitted.json()
    assert answer["response_action"] == "update"
    assert REFUSED in text_of(answer["view"])
    assert answer["view"]["close"]["text"] == "Close"
    assert options.json() == {"options": []}
    assert slack.fake.calls_to("chat.postMessage") == [], "no DM per keystroke or per refusal"
    assert _interactions(slack) == 0


def _interactions(slack: SlackHarness) -> int:
    from sqlmodel import func, select

    from storage.models import Interaction

    with slack.services.db.read() as session:
        return int(session.exec(select(func.count()).select_from(Interaction)).one())


def test_slacks_daily_profile_answers_the_command_that_read_it_and_a_new_guest_is_refused_next(
    slack: SlackHarness, clock: FixedClock
) -> None:
    """Who asks is read once, before the ack, and reused after it — except when the daily profile refresh just
    changed it: then the answer is in the language Slack now gives, and the guest flag holds from the next request."""
    ask(slack, "supplier add Acme strategic")
    assert "Logged a note with *Acme*" in ask(slack, "note Acme: call about the forecast")

    slack.fake.add_user("U_ALICE", name="alice", locale="nl-NL", tz="America/New_York")
    clock.set(clock.now() + timedelta(days=2))
    assert "Contactmoment met *Acme* vastgelegd" in ask(slack, "note Acme: nog een gesprek")

    slack.fake.add_user("U_ALICE", name="alice", locale="nl-NL", is_restricted=True)
    clock.set(clock.now() + timedelta(days=2))
    ask(slack, "supplier list")  # cached as a member until this request's refresh read Slack
    refused, _ = slack.command("note Acme: derde gesprek")
    assert "gastaccounts kunnen het niet gebruiken" in text_of(refused.json())
    with slack.services.db.read() as session:
        from sqlmodel import select

        from storage.models import Interaction

        assert [i.summary for i in session.exec(select(Interaction))] == ["call about the forecast", "nog een gesprek"]
