"""Issue 10, lists people can use: 40 rows a page with More and Back, filters, the team's follow-ups, and a page that
stays a page after Done — through Bolt's dispatch against the Web API stand-in."""

import re
from datetime import timedelta
from typing import Any

from bot.clock import FixedClock
from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID
from tests.slack.harness import SlackHarness, answer_to, ask, button, buttons, press, text_of

ALICE = Actor(TEAM_ID, "U_ALICE")
BOB = Actor(TEAM_ID, "U_BOB")
TZ = "Europe/Amsterdam"


def _names(message: dict[str, Any]) -> list[str]:
    """Supplier names in bold at the start of each row, in the order shown."""
    return re.findall(r"^• \*([^*]+)\*", text_of(message), re.MULTILINE)


def _showing(message: dict[str, Any]) -> str:
    return next(
        e["text"] for b in message["blocks"] if b["type"] == "context" for e in b["elements"] if "–" in e["text"]
    )


def _add_suppliers(slack: SlackHarness, count: int, *, segment: str = "routine", owner: Actor = ALICE) -> None:
    for i in range(count):
        slack.services.suppliers.add(owner, f"Supplier {i:03d}", segment)


@both_engines
def test_ninety_suppliers_page_through_more_and_back_each_seen_exactly_once(slack: SlackHarness) -> None:
    _add_suppliers(slack, 90)

    first = answer_to(slack, "supplier list")
    second = press(slack, button(first, ids.ACTION_LIST_MORE))
    third = press(slack, button(second, ids.ACTION_LIST_MORE))
    back = press(slack, button(third, ids.ACTION_LIST_BACK))

    assert "Suppliers (90)" in first["text"]
    assert (_showing(first), _showing(second), _showing(third)) == ("1–40 of 90", "41–80 of 90", "81–90 of 90")
    assert _names(first) + _names(second) + _names(third) == [f"Supplier {i:03d}" for i in range(90)]
    assert [b["action_id"] for b in buttons(first)] == [ids.ACTION_LIST_MORE]
    assert [b["action_id"] for b in buttons(second)] == [ids.ACTION_LIST_BACK, ids.ACTION_LIST_MORE]
    assert [b["action_id"] for b in buttons(third)] == [ids.ACTION_LIST_BACK]
    assert _names(back) == _names(second)
    assert "…and" not in text_of(first)
    assert second["replace_original"] is True, "a page replaces the one the button was on"


def test_a_segment_and_an_owner_narrow_the_list_in_either_language(slack: SlackHarness) -> None:
    _add_suppliers(slack, 3, segment="strategic")
    slack.services.suppliers.add(BOB, "Globex", "strategic")
    slack.services.suppliers.add(BOB, "Initech", "routine")

    bobs_strategic = answer_to(slack, "supplier list strategic <@U_BOB>")
    dutch = answer_to(slack, "leverancier lijst strategisch", user="U_PIETER")
    nobody = answer_to(slack, "supplier list leverage")

    assert _names(bobs_strategic) == ["Globex"]
    assert "strategic, owner <@U_BOB>" in text_of(bobs_strategic)
    assert _names(dutch) == ["Globex", "Supplier 000", "Supplier 001", "Supplier 002"]
    assert text_of(nobody).startswith("No suppliers match: leverage.")


def test_more_keeps_the_filter_it_was_made_with(slack: SlackHarness) -> None:
    _add_suppliers(slack, 45, segment="leverage")
    slack.services.suppliers.add(ALICE, "Zeta routine", "routine")

    first = answer_to(slack, "supplier list leverage")
    second = press(slack, button(first, ids.ACTION_LIST_MORE))

    assert _names(second) == [f"Supplier {i:03d}" for i in range(40, 45)]
    assert "Zeta routine" not in text_of(second)


def test_a_forged_or_stale_page_button_gets_a_clear_answer(slack: SlackHarness) -> None:
    _add_suppliers(slack, 45)
    first = answer_to(slack, "supplier list")
    more = button(first, ids.ACTION_LIST_MORE)

    forged = press(slack, {**more, "value": "suppliers:40::purple:"})
    for i in range(10):
        slack.services.suppliers.set_archived(ALICE, _supplier_id(slack, f"Supplier {i:03d}"), True)
    stale = press(slack, more)

    assert "That button no longer matches anything here" in text_of(forged)
    assert _names(stale) == [f"Supplier {i:03d}" for i in range(10, 45)], "past the end: the page there is now"
    assert buttons(stale) == []


def _supplier_id(slack: SlackHarness, name: str) -> int:
    return next(s.id for s in slack.services.suppliers.list_suppliers(ALICE) if s.name == name)


@both_engines
def test_followups_all_shows_the_teams_but_not_others_private_notes_and_done_only_where_allowed(
    slack: SlackHarness,
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    globex = slack.services.suppliers.add(BOB, "Globex", "strategic")
    slack.services.capture.log_note(ALICE, acme.id, "call #call send the forecast by friday", tz=TZ)
    slack.services.capture.log_note(BOB, acme.id, "meeting, follow up with prices by friday", tz=TZ)
    slack.services.capture.log_note(BOB, globex.id, "call, send the drawings by friday", tz=TZ)
    slack.services.capture.log_note(BOB, globex.id, "#private the secret plan, follow up by friday", tz=TZ)

    mine = answer_to(slack, "followups")
    team = answer_to(slack, "acties alle")

    assert "Your open follow-ups (1)" in mine["text"]
    assert "The team's open follow-ups (3)" in team["text"]
    shown = text_of(team)
    assert "secret plan" not in shown
    rows = [b for b in team["blocks"] if b["type"] == "section" and "—" in b["text"]["text"]]
    closable = {("Acme" in r["text"]["text"], "<@U_BOB>" in r["text"]["text"]): "accessory" in r for r in rows}
    assert closable == {(True, False): True, (True, True): True, (False, True): False}, (
        "Alice may close her own and those on her supplier, not Bob's on his"
    )


def test_done_on_the_second_page_of_the_teams_follow_ups_shows_that_page_again(
    slack: SlackHarness, clock: FixedClock
) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    friday = clock.now().date() + timedelta(days=2)
    for i in range(45):
        slack.services.capture.log_note(BOB, acme.id, f"call, follow up {i:02d} by {friday:%d %B}", tz=TZ)

    first = answer_to(slack, "followups all")
    second = press(slack, button(first, ids.ACTION_LIST_MORE))
    done = next(b["accessory"] for b in second["blocks"] if "accessory" in b)
    after = press(slack, done)

    assert _showing(second) == "41–45 of 45"
    assert _showing(after) == "41–44 of 44"
    assert "The team's open follow-ups (44)" in after["text"]


def test_quiet_relationships_page_too_with_key_contacts_in_the_same_order(
    slack: SlackHarness, clock: FixedClock
) -> None:
    _add_suppliers(slack, 45, segment="strategic")
    slack.services.suppliers.add_contact(ALICE, _supplier_id(slack, "Supplier 000"), "Sara Kok")
    ask(slack, "contact key Supplier 000: Sara Kok 7")
    clock.set(clock.now() + timedelta(days=20))

    first = answer_to(slack, "quiet")
    second = press(slack, button(first, ids.ACTION_LIST_MORE))

    assert "Your quiet relationships (46)" in first["text"]
    assert _showing(first) == "1–40 of 46"
    assert _showing(second) == "41–46 of 46"
    assert "*Sara Kok* at *Supplier 000*" in text_of(first), "the longest overdue first"
    every = text_of(first) + text_of(second)
    assert all(f"*Supplier {i:03d}*" in every for i in range(45))
