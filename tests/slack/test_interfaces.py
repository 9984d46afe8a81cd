"""Interfaces as the user meets them: `contact add` says what it guessed and how to correct it, `contact
interface`/`contact raakvlak` corrects it, admins set with `settings interfaces` what each segment needs."""

from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, ask


def test_adding_a_contact_says_the_interface_guessed_from_the_role_and_how_to_correct_it(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")

    added = ask(slack, "contact add Acme: Sara Kok, sales director")

    assert "Added Sara Kok to *Acme* — interface: commercial (from “sales director”)." in added
    assert "Wrong? `/covalis contact interface Acme: Sara Kok <interface>`" in added


def test_a_contact_without_a_role_is_other_and_the_answer_says_how_to_set_it(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")

    no_role = ask(slack, "contact add Acme: Jan de Vries")
    no_match = ask(slack, "contact add Acme: Ann Smit, office manager")

    assert "interface: other, as no role was given" in no_role
    assert "Set it with `/covalis contact interface Acme: Jan de Vries <interface>`" in no_role
    assert "interface: other: “office manager” names none I know" in no_match


def test_a_dutch_user_reads_the_guess_in_dutch_and_corrects_it_with_raakvlak(slack: SlackHarness) -> None:
    ask(slack, "language nl")
    ask(slack, "leverancier toevoegen Acme strategisch")

    added = ask(slack, "contact toevoegen Acme: Piet Jansen, Kwaliteitsmanager")
    corrected = ask(slack, "contact raakvlak Acme: Piet Jansen techniek")

    assert "Piet Jansen toegevoegd aan *Acme* — raakvlak: kwaliteit (uit “Kwaliteitsmanager”)." in added
    assert "`/covalis contact raakvlak Acme: Piet Jansen <raakvlak>`" in added
    assert "Piet Jansen bij *Acme* valt nu onder techniek." in corrected
    assert "Piet Jansen — Kwaliteitsmanager (techniek)" in ask(slack, "contact lijst Acme")


def test_any_colleague_corrects_an_interface_and_the_contact_list_shows_it(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "contact add Acme: Sara Kok, sales director")
    assert "Sara Kok — sales director (commercial)" in ask(slack, "contact list Acme")

    corrected = ask(slack, "contact interface Acme: Sara Kok quality", user="U_BOB")

    assert "Sara Kok at *Acme* now counts as quality." in corrected
    assert "Sara Kok — sales director (quality)" in ask(slack, "contact list Acme")


def test_an_unknown_interface_word_gets_the_choices_and_the_usage_line(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "contact add Acme: Sara Kok, sales director")

    refused = ask(slack, "contact interface Acme: Sara Kok purchasing")

    assert "“purchasing” is not an interface. Use commercial, planning" in refused
    assert "contact interface <supplier>: <name> <interface>" in refused
    assert "(commercial)" in ask(slack, "contact list Acme")


def test_an_admin_sets_the_interfaces_a_segment_needs_and_settings_show_them(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    before = ask(slack, "settings")
    assert "*Interfaces needed:* strategic: commercial, planning, quality, engineering, executive;" in before
    assert "routine: none" in before

    answer = ask(slack, "settings interfaces bottleneck commercial, quality", user="U_ADMIN")

    assert "A bottleneck supplier now needs these interfaces covered: commercial, quality." in answer
    assert "bottleneck: commercial, quality;" in ask(slack, "settings")
    assert "Back to the default for bottleneck: commercial, planning, quality." in ask(
        slack, "settings interfaces bottleneck default", user="U_ADMIN"
    )


def test_a_dutch_admin_sets_them_in_dutch_and_other_is_refused(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    ask(slack, "language nl", user="U_ADMIN")

    answer = ask(slack, "instellingen raakvlakken strategisch commercieel,kwaliteit", user="U_ADMIN")
    none = ask(slack, "instellingen raakvlakken hefboom geen", user="U_ADMIN")
    refused = ask(slack, "instellingen raakvlakken routine overig", user="U_ADMIN")

    assert "Een leverancier in strategisch moet nu deze raakvlakken gedekt hebben: commercieel, kwaliteit." in answer
    assert "hefboom moet nu deze raakvlakken gedekt hebben: geen." in none
    assert "“overig” is nooit nodig" in refused
    shown = ask(slack, "instellingen", user="U_ADMIN")
    assert "*Nodige raakvlakken:* strategisch: commercieel, kwaliteit;" in shown
    assert "hefboom: geen; routine: geen" in shown


def test_a_colleague_who_is_not_an_admin_cannot_set_the_needed_interfaces(slack: SlackHarness) -> None:
    refused = ask(slack, "settings interfaces routine commercial", user="U_BOB")

    assert "Only Slack workspace admins and owners can change workspace settings." in refused
    assert "routine: none" in ask(slack, "settings")
