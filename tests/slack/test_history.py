"""Issue 22, history: `/covalis history <supplier>` and `geschiedenis` through Bolt's dispatch — newest first, ten a
page with More and Back, filtered by contact, others' private notes left out, and Edit where the reader may edit."""

from datetime import date, timedelta

from bot.services.capture import InteractionDraft
from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID
from tests.slack.harness import SlackHarness, accessories, answer_to, ask, button, buttons, press, stored_view, text_of
from tests.slack.test_modal_and_shortcut import block

ALICE = Actor(TEAM_ID, "U_ALICE")
BOB = Actor(TEAM_ID, "U_BOB")
TZ = "Europe/Amsterdam"
DAY = date(2026, 11, 25)


def log(slack: SlackHarness, actor: Actor, supplier_id: int, days_ago: int, summary: str, contacts: list[int]) -> int:
    draft = InteractionDraft(supplier_id, DAY - timedelta(days=days_ago), "call", summary, contacts, [], False)
    return slack.services.capture.log_interaction(actor, draft, tz=TZ).id


@both_engines
def test_twelve_notes_page_ten_at_a_time_newest_first_with_more_and_back(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    for n in range(12):
        log(slack, ALICE, acme.id, n, f"Weekly call {n:02d}", [])

    first = answer_to(slack, "history Acme")
    second = press(slack, button(first, ids.ACTION_HISTORY_MORE))
    back = press(slack, button(second, ids.ACTION_HISTORY_BACK))

    shown = text_of(first)
    assert "12 notes with Acme, newest first" in shown
    assert shown.index("Weekly call 00") < shown.index("Weekly call 01") < shown.index("Weekly call 09")
    assert "Weekly call 10" not in shown
    assert "*Wed 25 Nov 2026* · Call · <@U_ALICE>" in shown
    assert "Weekly call 10" in text_of(second)
    assert "Weekly call 11" in text_of(second)
    assert "11–12 of 12" in text_of(second)
    assert [b["action_id"] for b in buttons(second)] == [ids.ACTION_HISTORY_BACK]
    assert text_of(back) == shown
    assert second["replace_original"] is True


@both_engines
def test_filtered_by_contact_and_others_private_notes_are_left_out(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = slack.services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "planner")
    jan, _ = slack.services.suppliers.add_contact(ALICE, acme.id, "Jan Smit", "buyer")
    log(slack, ALICE, acme.id, 3, "Forecast with Sara", [sara.id])
    log(slack, ALICE, acme.id, 2, "Contract with Jan & co <!channel>", [jan.id])
    slack.services.capture.log_note(BOB, acme.id, "Sara hinted at a rebate #private", tz=TZ)

    with_sara = ask(slack, "history Acme: Sara Kok")
    by_first_name = ask(slack, "history Acme: sara")
    everything = ask(slack, "history Acme")

    assert "1 note with Sara Kok of Acme, newest first" in with_sara
    assert "Forecast with Sara" in with_sara
    assert "Contract" not in with_sara
    assert by_first_name == with_sara
    assert "rebate" not in everything
    assert "Contract with Jan &amp; co &lt;!channel&gt;" in everything
    assert "with Jan Smit" in everything
    assert "rebate" in ask(slack, "history Acme", user="U_BOB")
    assert "*Acme* has no contact called “Piet”." in ask(slack, "history Acme: Piet")


def test_each_line_has_edit_where_the_reader_may_and_it_opens_the_form(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    mine = log(slack, ALICE, acme.id, 1, "My visit", [])
    log(slack, BOB, acme.id, 2, "Bob's call", [])

    shown = answer_to(slack, "history Acme")
    (edit,) = accessories(shown, ids.ACTION_EDIT)
    reply, _ = slack.click(edit)

    assert edit["value"] == str(mine)
    assert reply.status == 200
    form = stored_view(slack.fake, "views.open")
    assert form["callback_id"] == ids.VIEW_EDIT
    assert block(form, ids.BLOCK_SUMMARY)["element"]["initial_value"] == "My visit"


def test_geschiedenis_in_dutch_and_a_forged_page_is_refused(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    slack.services.suppliers.add(ALICE, "Beta", "routine")
    for n in range(11):
        log(slack, ALICE, acme.id, n, f"Overleg {n}", [])
    ask(slack, "taal nl")

    first = answer_to(slack, "geschiedenis Acme")
    forged = press(slack, {**button(first, ids.ACTION_HISTORY_MORE), "value": "10:999999:"})

    assert "11 notities bij Acme, nieuwste eerst" in text_of(first)
    assert "*wo 25 nov 2026* · Telefoongesprek · <@U_ALICE>" in text_of(first)
    assert [b["text"]["text"] for b in accessories(first, ids.ACTION_EDIT)][:1] == ["Bewerken"]
    assert "Die knop hoort bij niets meer hier" in text_of(forged)
    assert forged["replace_original"] is False
    assert "Er is nog niets vastgelegd bij *Beta* dat jij mag zien." in ask(slack, "geschiedenis Beta")
