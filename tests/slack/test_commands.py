"""`/covalis` as signed requests, in-process, answered through response_url, against the Web API stand-in."""

import pytest

from tests.slack.harness import SlackHarness, ask, text_of


def test_help_lists_every_subcommand_and_help_for_one_shows_its_examples(slack: SlackHarness) -> None:
    reply, name = slack.command("help")
    assert reply.status == 200
    shown = text_of(slack.answer(name))
    for syntax in ("/covalis note <supplier>:", "/covalis supplier add", "/covalis contact add", "/covalis status"):
        assert syntax in shown
    assert "/covalis note Acme:" not in shown, "the overview is one line a command; examples are per command"

    _, one = slack.command("help note")
    note_help = text_of(slack.answer(one))
    assert "• `/covalis note Acme: call with Jan about the forecast #call follow up friday`" in note_help
    assert "/covalis supplier add" not in note_help


def test_dutch_help_for_a_group_uses_the_dutch_words(slack: SlackHarness) -> None:
    _, switched = slack.command("taal nl")
    slack.answer(switched)
    _, name = slack.command("hulp overzicht")
    shown = text_of(slack.answer(name))

    assert "• `/covalis overzicht wanneer maandag 09:00`" in shown
    assert "Ook in het Engels: `/covalis digest when`" in shown


def test_a_mistyped_subcommand_suggests_the_nearest_and_echoes_the_text(slack: SlackHarness) -> None:
    _, name = slack.command("supplier ad Acme Industries strategic")
    shown = text_of(slack.answer(name))

    assert "“ad” is not a command I know here." in shown
    assert "Did you mean `/covalis supplier add`?" in shown
    assert "You typed: supplier ad Acme Industries strategic" in shown


def test_a_note_on_a_new_supplier_is_logged_and_shows_on_its_card(slack: SlackHarness) -> None:
    _, added = slack.command("supplier add Acme Industries strategic")
    assert "Added *Acme Industries* (strategic)" in text_of(slack.answer(added))
    _, contact = slack.command("contact add Acme: Jan de Vries, account manager")
    assert "Jan de Vries" in text_of(slack.answer(contact))

    _, note = slack.command("note acme: call with Jan de Vries about the forecast #call follow up friday")
    confirmation = text_of(slack.answer(note))
    assert "Logged a call with *Acme Industries*" in confirmation
    assert "Jan de Vries" in confirmation
    assert "Fri 27 Nov 2026" in confirmation

    _, status = slack.command("status Acme")
    card = text_of(slack.answer(status))
    assert "<@U_ALICE> ↔ Jan de Vries" in card
    assert "call with Jan de Vries about the forecast" in card
    assert "every 14 days" in card


def test_supplier_mine_lists_only_the_suppliers_the_asker_owns_in_either_language(slack: SlackHarness) -> None:
    for text, user in (("supplier add Acme strategic", "U_ALICE"), ("supplier add Globex", "U_BOB")):
        _, added = slack.command(text, user=user)
        slack.answer(added)

    _, mine = slack.command("supplier mine")
    _, theirs = slack.command("leverancier mijn", user="U_BOB")
    _, nothing = slack.command("supplier mine", user="U_PIETER")

    alice_sees, bob_sees = text_of(slack.answer(mine)), text_of(slack.answer(theirs))
    assert "*Acme*" in alice_sees
    assert "Globex" not in alice_sees
    assert "*Globex*" in bob_sees
    assert "Acme" not in bob_sees
    assert "You don't own any suppliers yet" in text_of(slack.answer(nothing))


def _first_example(key: str) -> str:
    from handlers.blocks.help import examples
    from handlers.commands import COMMANDS

    return examples("en", COMMANDS[key])[0].removeprefix("/covalis ")


def _declared(who: str) -> list[str]:
    from handlers.commands import COMMANDS

    return sorted(key for key, command in COMMANDS.commands.items() if command.who.value == who)


@pytest.mark.parametrize("key", _declared("admin"))
def test_a_command_declared_for_admins_refuses_a_colleague_and_changes_nothing(slack: SlackHarness, key: str) -> None:
    _, before = slack.command("settings")
    settings_before = text_of(slack.answer(before))

    _, name = slack.command(_first_example(key), user="U_BOB")

    # The export is for the people in COVALIS_ADMINS only (none here), not for every Slack admin.
    refusal = "Only the people named in COVALIS_ADMINS" if key == "export" else "Only Slack workspace admins and owners"
    assert refusal in text_of(slack.answer(name))
    _, after = slack.command("settings")
    assert text_of(slack.answer(after)) == settings_before


def _as_slack_sends(example: str) -> str:
    return example.replace("@colleague", "<@U_PIETER>")


@pytest.mark.parametrize("key", _declared("owner"))
def test_a_command_declared_for_the_owner_refuses_another_colleague_naming_the_owner(
    slack: SlackHarness, key: str
) -> None:
    _, added = slack.command("supplier add Acme Industries strategic")
    slack.answer(added)
    _, contact = slack.command("contact add Acme: Jan de Vries, account manager")
    slack.answer(contact)
    slack.answer(slack.command("supplier add The Acme Company")[1])  # `supplier merge` merges it
    card_before = _card(slack, "Acme")

    _, name = slack.command(_as_slack_sends(_first_example(key)), user="U_BOB")

    answer = text_of(slack.answer(name))
    assert "<@U_ALICE>" in answer, answer
    assert _card(slack, "Acme") == card_before


def test_the_owner_may_use_every_command_declared_for_the_owner(slack: SlackHarness) -> None:
    """The other half: what is refused to a colleague works for the owner (examples need Acme and Jan de Vries)."""
    slack.answer(slack.command("supplier add Acme Industries strategic")[1])
    slack.answer(slack.command("contact add Acme: Jan de Vries, account manager")[1])
    slack.answer(slack.command("supplier add The Acme Company")[1])
    modals = 0
    for key in _declared("owner"):
        if key in ("supplier.owner", "contact.remove"):
            continue  # they hand the supplier over or remove Jan; tried last
        if key in ("supplier.merge", "contact.forget"):  # they answer with a confirmation modal
            slack.command(_first_example(key))
            modals += 1
            assert slack.fake.wait_for("views.open", count=modals), key
            continue
        answer = text_of(slack.answer(slack.command(_as_slack_sends(_first_example(key)))[1]))
        assert "Only the owner" not in answer, (key, answer)
    answer = text_of(slack.answer(slack.command(_as_slack_sends(_first_example("contact.remove")))[1]))
    assert "Removed Jan de Vries" in answer
    answer = text_of(slack.answer(slack.command(_as_slack_sends(_first_example("supplier.owner")))[1]))
    assert "<@U_PIETER> now owns" in answer


def _card(slack: SlackHarness, supplier: str) -> str:
    return ask(slack, f"status {supplier}")
