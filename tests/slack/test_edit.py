"""Issue 22, edit: an Edit button on each note the reader may correct — in `status`, in search results — opens the
capture form prefilled; saving goes through the service (author, or an admin for a team note), says what changed,
and a refusal shows beside the field or as a message. Through Bolt's dispatch, in English and Dutch."""

import json
from typing import Any

from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import SlackHarness, accessories, answer_to, ask, exported, press, stored_view, text_of
from tests.slack.test_modal_and_shortcut import block, form_values

ALICE = Actor(TEAM_ID, "U_ALICE")
BOB = Actor(TEAM_ID, "U_BOB")
TZ = "Europe/Amsterdam"


def edit_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return accessories(message, ids.ACTION_EDIT)


def open_edit(slack: SlackHarness, message: dict[str, Any], index: int = 0, *, user: str = "U_ALICE") -> dict[str, Any]:
    """Presses the index-th Edit button and returns the form Slack then holds."""
    before = len(slack.fake.calls_to("views.open"))
    reply, _ = slack.click(edit_buttons(message)[index], user=user)
    assert reply.status == 200
    return stored_view(slack.fake, "views.open", before + 1)


def stored_interactions(slack: SlackHarness) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = exported(slack)["interactions"]
    return rows


def test_edit_in_status_opens_the_form_prefilled_and_saving_says_what_changed(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = slack.services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "planner")
    jan, _ = slack.services.suppliers.add_contact(ALICE, acme.id, "Jan Smit", "buyer")
    slack.services.capture.log_note(ALICE, acme.id, "#call Sara agreed the price index", tz=TZ)

    form = open_edit(slack, answer_to(slack, "status Acme"))

    assert form["callback_id"] == ids.VIEW_EDIT
    assert form["title"]["text"] == "Edit note"
    supplier = block(form, ids.BLOCK_SUPPLIER)["element"]["initial_option"]
    assert (supplier["text"]["text"], supplier["value"]) == ("Acme", str(acme.id))
    chosen = block(form, f"{ids.BLOCK_CONTACTS}:{acme.id}")["element"]["initial_options"]
    assert [o["text"]["text"] for o in chosen] == ["Sara Kok"]
    assert block(form, ids.BLOCK_KIND)["element"]["initial_option"]["value"] == "call"
    assert block(form, ids.BLOCK_DATE)["element"]["initial_date"] == "2026-11-25"
    assert block(form, ids.BLOCK_SUMMARY)["element"]["initial_value"] == "Sara agreed the price index"

    values = form_values(acme.id, summary="Sara agreed the price index from March", day="2026-11-20", kind="call")
    slack.services.forgetting.forget_contact(ALICE, acme.id, jan.id)  # while the form is open
    values[f"{ids.BLOCK_CONTACTS}:{acme.id}"][ids.ACTION_CONTACTS]["selected_options"] = [
        {"value": str(sara.id)},
        {"value": str(jan.id)},
    ]
    refused = slack.submit(form, values).json()
    assert refused["response_action"] == "errors"
    assert "merged or forgotten meanwhile" in refused["errors"][f"{ids.BLOCK_CONTACTS}:{acme.id}"]
    values[f"{ids.BLOCK_CONTACTS}:{acme.id}"][ids.ACTION_CONTACTS]["selected_options"] = [{"value": str(sara.id)}]
    reply = slack.submit(form, values)

    assert reply.status == 200
    assert reply.body == ""
    (confirmation,) = fake.wait_for("chat.postEphemeral")
    shown = text_of(confirmation.body)
    assert "Saved your changes to the note at *Acme*: date, text." in shown
    assert "Fri 20 Nov 2026" in shown
    card = ask(slack, "status Acme")
    assert "Sara agreed the price index from March" in card
    assert "*Last touch:* Fri 20 Nov 2026 (5 days ago)" in card
    (stored,) = stored_interactions(slack)
    assert stored["contact_ids"] == [sara.id]
    slack.services.forgetting.forget_contact(ALICE, acme.id, sara.id)  # one already on the note may stay
    again = open_edit(slack, answer_to(slack, "status Acme"))
    chosen = block(again, f"{ids.BLOCK_CONTACTS}:{acme.id}")["element"]["initial_options"]
    values[ids.BLOCK_SUMMARY][ids.ACTION_SUMMARY]["value"] = "Agreed the price index from March"
    values[f"{ids.BLOCK_CONTACTS}:{acme.id}"][ids.ACTION_CONTACTS]["selected_options"] = chosen
    assert slack.submit(again, values).body == ""
    assert stored_interactions(slack)[0]["contact_ids"] == [sara.id]


def test_only_the_notes_the_reader_may_edit_have_the_button_and_an_admin_may_edit_team_notes(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    slack.services.capture.log_note(ALICE, acme.id, "Team visible visit", tz=TZ)
    slack.services.capture.log_note(BOB, acme.id, "Bob's own call", tz=TZ)
    fake.add_user("U_PIETER", name="pieter", is_admin=True)

    alice_card = answer_to(slack, "status Acme")
    pieter_card = answer_to(slack, "status Acme", user="U_PIETER")

    assert [b["value"] for b in edit_buttons(alice_card)] == [str(_id_of(slack, "Team visible visit"))]
    assert len(edit_buttons(pieter_card)) == 2
    form = open_edit(slack, pieter_card, 1, user="U_PIETER")
    slack.submit(form, form_values(acme.id, summary="Team visible plant visit", kind="visit"), user="U_PIETER")
    fake.wait_for("chat.postEphemeral")
    assert "Team visible plant visit" in ask(slack, "status Acme")


def _id_of(slack: SlackHarness, summary: str) -> int:
    return int(next(i["id"] for i in stored_interactions(slack) if i["summary"] == summary))


def test_a_forged_edit_of_someone_elses_note_is_refused_and_their_private_note_is_gone(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    team = slack.services.capture.log_note(ALICE, acme.id, "Price talk", tz=TZ)
    private = slack.services.capture.log_note(ALICE, acme.id, "Rebate idea #private", tz=TZ)
    card = answer_to(slack, "status Acme")

    refused = press(slack, {**edit_buttons(card)[0], "value": str(team.id)}, user="U_BOB")
    form = open_edit(slack, card)
    forged = {**form, "private_metadata": json.dumps({**json.loads(form["private_metadata"]), "edit": private.id})}
    reply = slack.submit(forged, form_values(acme.id, summary="Bob was here"), user="U_BOB")

    assert "Only <@U_ALICE>, who logged this note, or an admin can correct it." in text_of(refused)
    assert reply.status == 200
    (answer,) = fake.wait_for("chat.postEphemeral")
    assert answer.body["user"] == "U_BOB"
    assert "That note is no longer there" in text_of(answer.body)
    assert "Rebate idea" not in text_of(answer.body)
    assert sorted(i["summary"] for i in stored_interactions(slack)) == ["Price talk", "Rebate idea"]


def test_in_dutch_from_search_with_a_vanished_supplier_the_error_stands_beside_the_field(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    slack.services.capture.log_note(ALICE, acme.id, "Prijsindex besproken", tz=TZ)
    ask(slack, "taal nl")

    form = open_edit(slack, answer_to(slack, "zoeken prijsindex"))
    nowhere = slack.submit(form, form_values(999_999, summary="Prijsindex afgesproken"))
    saved = slack.submit(form, form_values(acme.id, summary="Prijsindex afgesproken", kind="call", day="2026-11-25"))

    assert form["title"]["text"] == "Notitie bewerken"
    assert form["submit"]["text"] == "Opslaan"
    assert nowhere.json() == {
        "response_action": "errors",
        "errors": {ids.BLOCK_SUPPLIER: "Die leverancier bestaat niet meer."},
    }
    assert saved.body == ""
    shown = text_of(fake.wait_for("chat.postEphemeral")[0].body)
    assert "Je wijzigingen in de notitie bij *Acme* zijn opgeslagen: soort, tekst." in shown
    assert "*Soort:* Telefoongesprek (zichtbaar voor het team)" in shown


def test_a_note_too_long_for_the_box_keeps_its_whole_text_when_the_text_is_left_alone(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    long_text = "Quarterly review. " + "word " * 1000
    slack.services.capture.log_note(ALICE, acme.id, long_text, tz=TZ)

    form = open_edit(slack, answer_to(slack, "status Acme"))
    shown = block(form, ids.BLOCK_SUMMARY)["element"]["initial_value"]
    slack.submit(form, form_values(acme.id, summary=shown, kind="meeting", day="2026-11-25"))

    assert shown.endswith("[…]")
    assert "only its beginning shows" in text_of(form)
    assert "Saved your changes to the note at *Acme*: kind." in text_of(fake.wait_for("chat.postEphemeral")[0].body)
    (stored,) = stored_interactions(slack)
    assert stored["summary"] == long_text.strip()


# --- delete -----------------------------------------------------------------------------------------------------


def delete_button(form: dict[str, Any]) -> dict[str, Any]:
    (found,) = [
        e
        for b in form["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ids.ACTION_DELETE
    ]
    return found


@both_engines
def test_delete_asks_first_then_removes_the_note_and_the_card_search_and_touch_follow(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    slack.services.capture.log_note(ALICE, acme.id, "Yesterday: plant visit", tz=TZ)
    slack.services.capture.log_note(ALICE, acme.id, "Price index call, send the forecast by friday", tz=TZ)
    form = open_edit(slack, answer_to(slack, "status Acme"))
    element = delete_button(form)

    reply = slack.click_in_view(form, element)

    assert element["confirm"]["title"]["text"] == "Delete this note?"
    assert element["confirm"]["confirm"]["text"] == "Delete"
    assert reply.status == 200
    (update,) = fake.wait_for("views.update")
    assert update.body["view_id"] == form["id"]
    assert "Deleted the note at *Acme*, with its follow-ups." in text_of(update.body["view"])
    card = ask(slack, "status Acme")
    assert "Price index call" not in card
    assert "*Last touch:* Tue 24 Nov 2026 (1 day ago)" in card
    assert "send the forecast" not in card  # its follow-up went with it
    assert "Nothing found" in ask(slack, "search price index")
    assert [i["summary"] for i in stored_interactions(slack)] == ["Yesterday: plant visit"]


def test_in_dutch_a_forged_delete_of_someone_elses_note_is_refused_in_the_form(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    mine = slack.services.capture.log_note(BOB, acme.id, "Bob's own call", tz=TZ)
    alices = slack.services.capture.log_note(ALICE, acme.id, "Prijsafspraak", tz=TZ)
    ask(slack, "taal nl", user="U_BOB")
    form = open_edit(slack, answer_to(slack, "status Acme", user="U_BOB"), user="U_BOB")
    element = delete_button(form)

    slack.click_in_view(form, {**element, "value": str(alices.id)}, user="U_BOB")

    assert element["value"] == str(mine.id)
    assert element["confirm"]["title"]["text"] == "Deze notitie verwijderen?"
    (update,) = fake.wait_for("views.update")
    shown = text_of(update.body["view"])
    assert "Alleen <@U_ALICE>, die deze notitie vastlegde, of een beheerder kan haar verbeteren." in shown
    assert sorted(i["summary"] for i in stored_interactions(slack)) == ["Bob's own call", "Prijsafspraak"]
