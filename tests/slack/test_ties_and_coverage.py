"""Ties, warmth and coverage as a supplier manager meets them: `/covalis ties`, the card, the digest — both
languages, private notes kept private, through Bolt's dispatch against the Web API stand-in."""

from tests.slack.harness import SlackHarness, ask


def _acme(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "contact add Acme: Sara Kok, sales director")
    ask(slack, "contact add Acme: Piet Bakker, quality manager")
    ask(slack, "contact add Acme: Kees Smit, planner")


def test_ties_lists_each_contact_with_its_interface_our_colleagues_and_their_warmth(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "note Acme: call with Sara Kok about the forecast")
    ask(slack, "note Acme: audit with Piet Bakker", user="U_BOB")

    shown = ask(slack, "ties Acme")

    assert "2 ties with Acme Industries" in shown
    assert "*Sara Kok* (commercial)" in shown
    assert "<@U_ALICE> — :large_green_circle: warm, last touch Wed 25 Nov 2026, 1 touch in 90 days" in shown
    assert "*Piet Bakker* (quality)" in shown
    assert "<@U_BOB> — :large_green_circle: warm" in shown
    assert "*Kees Smit* (planning) — no tie yet" in shown


def test_a_tie_only_through_a_private_note_shows_its_warmth_but_no_dates_to_others(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "note Acme: dinner with Sara Kok, tricky pricing talk #private", user="U_BOB")

    alice_sees = ask(slack, "ties Acme")
    bob_sees = ask(slack, "ties Acme", user="U_BOB")

    assert "<@U_BOB> — :large_green_circle: warm _(through private notes)_" in alice_sees
    assert "tricky pricing" not in alice_sees
    assert "Wed 25 Nov 2026" not in alice_sees
    assert "<@U_BOB> — :large_green_circle: warm, last touch Wed 25 Nov 2026" in bob_sees


def test_the_card_explains_threads_interfaces_and_flags(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "note Acme: call with Sara Kok about the forecast")

    card = ask(slack, "status Acme")

    assert "1 active tie between 1 colleague and 1 contact (90 days ago: 0)" in card
    assert "commercial ✓" in card
    assert "planning ✗" in card
    assert "quality ✗" in card
    assert "*Bow-tie:* the relationship hangs on 1 contact and 1 colleague" in card
    assert "Sara Kok (sales director · commercial)" in card
    assert "<@U_ALICE> ↔ Sara Kok — :large_green_circle: warm, 1× in 90 days, last Wed 25 Nov 2026" in card


def test_the_card_reads_in_dutch(slack: SlackHarness) -> None:
    ask(slack, "taal nl")
    _acme(slack)
    ask(slack, "notitie Acme: gebeld met Sara Kok en Piet Bakker")

    card = ask(slack, "status Acme")

    assert "2 actieve banden tussen 1 collega en 2 contactpersonen" in card
    assert "commercieel ✓" in card
    assert "kwaliteit ✓" in card
    assert "*Vlinderdas:*" in card


def test_the_digest_lists_thin_relationships_with_their_reasons_and_names_no_private_tie(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "note Acme: call with Sara Kok")
    ask(slack, "note Acme: secret dinner with Piet Bakker #private", user="U_BOB")
    ask(slack, "digest here", channel="C_TEAM")

    preview = ask(slack, "digest preview", channel="C_TEAM")

    assert ":thread: Thin relationships" in preview
    assert "*Acme Industries* (strategic) — no active tie in planning, engineering, executive" in preview
    assert "U_BOB" not in preview
    assert "secret dinner" not in preview


def test_the_card_and_ties_never_show_the_dates_of_someone_elses_private_notes(slack: SlackHarness) -> None:
    _acme(slack)
    ask(slack, "note Acme: dinner with Sara Kok #private", user="U_BOB")

    card = ask(slack, "status Acme")
    ties = ask(slack, "ties Acme")

    assert "<@U_BOB> ↔ Sara Kok — :large_green_circle: warm _(through private notes)_" in card
    assert "1× in 90 days" not in card
    assert "Wed 25 Nov 2026 · Note" not in card
    assert "last touch" not in ties
