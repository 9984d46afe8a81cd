"""Keeping the supplier list right with `/covalis supplier …` and `/covalis contact …`: archive, rename, aliases,
owner, segment, cadence, and a supplier's people, as the user reads the answers."""

import pytest

from tests.slack.harness import SlackHarness, ask, text_of


def test_an_archived_supplier_leaves_the_list_and_comes_back_when_unarchived(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier add Globex")

    archived = ask(slack, "supplier archive Acme")

    assert "Archived *Acme Industries*" in archived
    assert "Acme Industries" not in ask(slack, "supplier list")
    assert "Acme Industries" in ask(slack, "supplier list all")
    assert "*Acme Industries* is active again." in ask(slack, "supplier unarchive Acme Industries")
    assert "Acme Industries" in ask(slack, "supplier list")


def test_a_renamed_supplier_is_still_found_by_its_old_name_and_by_an_alias(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")

    # A new name the old one isn't a prefix of, so only the kept alias can find it by the old name.
    assert "Renamed *Acme* to *Globex Group*" in ask(slack, "supplier rename Acme: Globex Group")
    assert "can now also be found as “GXG”" in ask(slack, "supplier alias Globex Group: GXG")

    assert "Globex Group" in ask(slack, "status Acme")
    assert "Globex Group" in ask(slack, "status GXG")
    assert "*Globex Group*" in ask(slack, "supplier list")


def test_a_new_owner_and_segment_show_on_the_list_and_the_card(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")

    reply, name = slack.command_raw_text("supplier owner Acme <@U_BOB|bob>")
    assert reply.status == 200
    assert "<@U_BOB> now owns *Acme*" in text_of(slack.answer(name))
    assert "owner <@U_BOB>" in ask(slack, "supplier list")
    assert "Only the owner of *Acme* (<@U_BOB>)" in ask(slack, "supplier segment Acme bottleneck")
    assert "*Acme* is now bottleneck" in ask(slack, "supplier segment Acme bottleneck", user="U_BOB")
    assert "every 30 days" in ask(slack, "status Acme")


def test_a_suppliers_own_cadence_replaces_the_segments_until_set_back_to_default(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")

    ask(slack, "supplier cadence Acme 21")
    assert "*Cadence:* every 21 days" in ask(slack, "status Acme")

    ask(slack, "supplier cadence Acme default")
    assert "*Cadence:* every 14 days" in ask(slack, "status Acme")


def test_contacts_are_listed_removed_and_restored(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    ask(slack, "contact add Acme: Jan de Vries, account manager")
    ask(slack, "contact add Acme: Piet Jansen, planner")

    listed = ask(slack, "contact list Acme")
    assert "People at Acme (2)" in listed
    assert "Jan de Vries" in listed
    assert "account manager" in listed
    assert "Piet Jansen" in listed

    assert "Removed Jan de Vries from *Acme*" in ask(slack, "contact remove Acme: Jan de Vries")
    after = ask(slack, "contact list Acme")
    assert "People at Acme (1)" in after
    assert "Jan de Vries" not in after

    assert "Jan de Vries is back among *Acme*'s contacts" in ask(slack, "contact add Acme: Jan de Vries")


def test_a_supplier_cannot_be_handed_to_someone_slack_does_not_know(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")

    reply, name = slack.command_raw_text("supplier owner Acme <@U_NOBODY>")

    assert reply.status == 200
    assert "<@U_NOBODY> can't own a supplier" in text_of(slack.answer(name))
    assert "owner <@U_ALICE>" in ask(slack, "supplier list")


@pytest.mark.parametrize("typed", ["Acme,", "Acme:", "*Acme*", "_Acme_ ,", "`Acme`"])
def test_punctuation_and_formatting_around_a_new_suppliers_name_are_not_part_of_it(
    slack: SlackHarness, typed: str
) -> None:
    assert "Added *Acme* (routine)" in ask(slack, f"supplier add {typed}")
