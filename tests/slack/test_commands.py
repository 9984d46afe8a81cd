"""`/covalis` as signed requests, in-process, answered through response_url, against the Web API stand-in."""

from tests.slack.harness import SlackHarness, text_of


def test_help_lists_every_subcommand_with_an_example(slack: SlackHarness) -> None:
    reply, name = slack.command("help")
    assert reply.status == 200
    shown = text_of(slack.answer(name))
    for example in ("/covalis note Acme:", "/covalis supplier add", "/covalis contact add", "/covalis status"):
        assert example in shown


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
