"""`/covalis contact left`: a contact who leaves their company stays in history, is never nudged or counted, and a
successor is handed to whoever knew them best — in English and Dutch, through Bolt's dispatch against the Web API
stand-in."""

from datetime import UTC, datetime

from bot.services.workspaces import Actor
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID
from tests.slack.harness import SlackHarness, answer_to, ask, button, dms_to, press, stored_view, text_of, tick

ALICE = Actor(team_id=TEAM_ID, user_id="U_ALICE")

# Thursday 10 December 2026, 10:30 in Amsterdam: 15 days after the suppliers are added on 25 November.
THURSDAY_MORNING = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)
# The same Thursday at 16:00 in Amsterdam and 10:00 in New York: Alice and Bob both at work.
BOTH_AT_WORK = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)


def _acme(slack: SlackHarness) -> None:
    """Acme (strategic, Alice's): Sara Kok, a key commercial contact Bob knows best, and Kees Smit, a key planner."""
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "contact add Acme: Sara Kok, sales director")
    ask(slack, "contact add Acme: Kees Smit, planner")
    ask(slack, "contact key Acme: Sara Kok 10")
    ask(slack, "contact key Acme: Kees Smit 10")
    ask(slack, "note Acme: call with Sara Kok", user="U_BOB")
    ask(slack, "note Acme: visit with Sara Kok", user="U_BOB")
    ask(slack, "note Acme: lunch with Sara Kok")


def test_the_answer_says_who_left_who_follows_and_who_builds_the_tie_by_when(slack: SlackHarness) -> None:
    _acme(slack)

    shown = ask(slack, "contact left Acme: Sara Kok, successor Piet Jansen")

    assert "Sara Kok (*Acme Industries*) marked as left — kept in history, no more nudges." in shown
    assert "Successor Piet Jansen added (commercial)." in shown
    assert "Key contact: every 10 days." in shown
    assert "<@U_BOB> has a follow-up to build a tie with Piet Jansen, due Wed 9 Dec 2026." in shown
    bob_sees = ask(slack, "followups", user="U_BOB")
    assert "*Acme Industries*: Build a tie with Piet Jansen (successor of Sara Kok) — due Wed 9 Dec 2026" in bob_sees
    assert "Piet Jansen" not in ask(slack, "followups")  # Alice knew Sara less well


@both_engines
def test_a_left_key_contact_is_not_nudged_nor_quiet_nor_counted_and_shows_as_left(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "contact left Acme: Sara Kok")

    tick(slack, THURSDAY_MORNING)

    [dm] = dms_to(slack, "U_ALICE")
    assert "Nobody on our side has spoken with *Kees Smit*" in text_of(dm)
    assert "Sara Kok" not in text_of(dm)
    quiet = ask(slack, "quiet")
    assert "Kees Smit" in quiet
    assert "Sara Kok" not in quiet
    card = ask(slack, "status Acme")
    assert "Sara Kok (sales director · commercial · left)" in card
    assert "No active ties." in card
    assert "commercial ✗" in card
    assert "*Sara Kok* is a key contact" not in card
    ties = ask(slack, "ties Acme")
    assert "*Sara Kok* (commercial) — left the supplier, kept as history" in ties
    assert "<@U_BOB> — :white_circle: past tie, last touch Wed 25 Nov 2026, 2 touches in 90 days" in ties
    assert "Sara Kok — sales director (commercial) _left_" in ask(slack, "contact list Acme")


def test_the_same_ties_count_while_the_contact_is_still_there(slack: SlackHarness) -> None:
    """The other side of the test above: before leaving, Sara's ties cover commercial and she is nudged."""
    _acme(slack)

    card = ask(slack, "status Acme")
    tick(slack, BOTH_AT_WORK)

    assert "commercial ✓" in card
    assert "Your tie to *Sara Kok*" in text_of(dms_to(slack, "U_BOB")[0]), "Bob holds the tie"


def test_it_reads_in_dutch_and_undo_puts_everything_back(slack: SlackHarness) -> None:
    ask(slack, "taal nl")
    _acme(slack)

    answer = answer_to(slack, "contact vertrokken Acme: Sara Kok, opvolger Piet Jansen")
    shown = text_of(answer)
    assert "Sara Kok (*Acme Industries*) staat nu als vertrokken — blijft in de geschiedenis" in shown
    assert "Opvolger Piet Jansen toegevoegd (commercieel)." in shown
    assert "<@U_BOB> heeft een actie om een band op te bouwen met Piet Jansen, uiterlijk wo 9 dec 2026." in shown

    undone = text_of(press(slack, button(answer, "undo_contact_left")))

    assert "Ongedaan gemaakt: Sara Kok is weer een huidige contactpersoon van *Acme Industries*." in undone
    assert "Piet Jansen is weer verwijderd." in undone
    assert "De actie is weg." in undone
    people = ask(slack, "contact lijst Acme")
    assert "Piet Jansen" not in people
    assert "vertrokken" not in people
    assert "Piet Jansen" not in ask(slack, "followups", user="U_BOB")
    tick(slack, BOTH_AT_WORK)
    assert "Sara Kok" in text_of(dms_to(slack, "U_BOB")[0])  # nudged again, as before, to the holder


def test_undo_keeps_a_successor_who_already_was_a_contact_and_a_second_undo_changes_nothing(
    slack: SlackHarness,
) -> None:
    _acme(slack)
    answer = answer_to(slack, "contact left Acme: Sara Kok, successor Kees Smit")
    assert "Successor Kees Smit was already a contact and takes over (planning)." in text_of(answer)
    undo = button(answer, "undo_contact_left")

    press(slack, undo)
    again = text_of(press(slack, undo))

    assert "Nothing left to undo" in again
    people = ask(slack, "contact list Acme")
    assert "Kees Smit" in people
    assert "_left_" not in people


def test_only_the_owner_or_an_admin_may_mark_someone_as_left_or_undo_it(slack: SlackHarness) -> None:
    _acme(slack)

    refused = ask(slack, "contact left Acme: Sara Kok", user="U_BOB")
    answer = answer_to(slack, "contact left Acme: Sara Kok")
    not_undone = text_of(press(slack, button(answer, "undo_contact_left"), user="U_BOB"))

    assert "<@U_ALICE>" in refused
    assert "marked as left" not in refused
    assert "<@U_ALICE>" in not_undone
    assert "_left_" in ask(slack, "contact list Acme")


def test_clear_refusals_for_an_unknown_name_someone_already_gone_and_a_wrong_successor(slack: SlackHarness) -> None:
    _acme(slack)

    assert "has no contact called “Sara Kook”. Did you mean Sara Kok?" in ask(slack, "contact left Acme: Sara Kook")
    assert "Its people: Kees Smit, Sara Kok." in ask(slack, "contact left Acme: Jan Bakker")
    assert "can't be their own successor" in ask(slack, "contact left Acme: Sara Kok, successor sara kok")
    assert "Who is the successor?" in ask(slack, "contact left Acme: Sara Kok, successor")
    assert "I expected `successor <full name>`" in ask(slack, "contact left Acme: Sara Kok, Piet Jansen")
    ask(slack, "contact left Acme: Sara Kok")
    assert "Sara Kok is already marked as left *Acme Industries*" in ask(slack, "contact left Acme: Sara Kok")


def test_dutch_refusals_read_in_dutch(slack: SlackHarness) -> None:
    ask(slack, "taal nl")
    _acme(slack)

    assert "Bedoelde je Sara Kok?" in ask(slack, "contact vertrokken Acme: Sara Kook")
    assert "Wie is de opvolger?" in ask(slack, "contact vertrokken Acme: Sara Kok, opvolger")
    ask(slack, "contact vertrokken Acme: Sara Kok")
    assert "Sara Kok staat al als vertrokken" in ask(slack, "contact vertrokken Acme: Sara Kok")


def test_adding_a_left_contact_again_brings_them_back(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "contact left Acme: Sara Kok")

    shown = ask(slack, "contact add Acme: Sara Kok")
    tick(slack, BOTH_AT_WORK)

    assert "Sara Kok is back among *Acme Industries*'s contacts" in shown
    assert "_left_" not in ask(slack, "contact list Acme")
    assert "Sara Kok" in text_of(dms_to(slack, "U_BOB")[0])


def test_a_first_name_means_the_current_contact_not_the_one_who_left(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "contact add Acme: Sara de Vries, buyer")
    ask(slack, "contact left Acme: Sara Kok")

    by_first_name = ask(slack, "note Acme: call with Sara about prices")
    by_full_name = ask(slack, "note Acme: farewell drinks with Sara Kok")

    assert "Which Sara" not in by_first_name
    assert "*Who:* <@U_ALICE>, Sara de Vries\n" in by_first_name + "\n"
    assert "*Who:* <@U_ALICE>, Sara Kok\n" in by_full_name + "\n"


def test_the_capture_form_does_not_offer_someone_who_left(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "contact left Acme: Sara Kok, successor Piet Jansen")
    acme = slack.services.suppliers.list_suppliers(ALICE)[0].id
    slack.command("note")
    opened = stored_view(slack.fake, "views.open")

    slack.select_supplier(opened, acme)

    (update,) = slack.fake.wait_for("views.update")
    [people] = [b for b in update.body["view"]["blocks"] if str(b.get("block_id", "")).startswith("contacts")]
    assert sorted(o["text"]["text"] for o in people["element"]["options"]) == ["Kees Smit", "Piet Jansen"]
