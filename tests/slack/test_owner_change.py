"""An owner change tells the people it concerns, by DM, once it is committed: the new owner gets the supplier card,
the previous owner a line; whoever made the change already has the answer, and a failed DM undoes nothing."""

from tests.slack.harness import SlackHarness, ask, dms_to, text_of


def test_an_admin_moving_a_supplier_dms_the_new_owner_the_card_and_the_previous_owner_a_line(
    slack: SlackHarness,
) -> None:
    slack.fake.add_user("U_PIETER", name="pieter", locale="nl-NL", is_admin=True)
    ask(slack, "supplier add Acme strategic")
    ask(slack, "contact add Acme: Jan de Vries, account manager")

    reply, name = slack.command_raw_text("supplier owner Acme <@U_BOB|bob>", user="U_PIETER")
    assert reply.status == 200
    assert "U_BOB" in text_of(slack.answer(name))

    (to_bob,) = dms_to(slack, "U_BOB")
    card = text_of(to_bob)
    assert "<@U_PIETER> made you the owner of *Acme*" in card
    assert "Jan de Vries" in card  # the card, as `status` shows it
    assert "every 14 days" in card
    (to_alice,) = dms_to(slack, "U_ALICE")
    assert "<@U_PIETER> handed *Acme* over to <@U_BOB>: you no longer own it." in text_of(to_alice)
    assert dms_to(slack, "U_PIETER") == []


def test_handing_over_ones_own_supplier_dms_only_the_new_owner(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")

    ask(slack, "supplier owner Acme <@U_BOB>")

    assert len(dms_to(slack, "U_BOB")) == 1
    assert dms_to(slack, "U_ALICE") == []
    ask(slack, "supplier owner Acme <@U_BOB>", user="U_BOB")  # no change: no DM
    assert len(dms_to(slack, "U_BOB")) == 1


def test_a_failed_dm_is_logged_and_the_change_stands(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme strategic")
    slack.fake.fail_next("chat.postMessage", "channel_not_found")

    assert "<@U_BOB> now owns *Acme*" in ask(slack, "supplier owner Acme <@U_BOB>")

    assert len(dms_to(slack, "U_BOB")) == 1  # tried, and refused by Slack
    assert "owner <@U_BOB>" in ask(slack, "supplier list")
