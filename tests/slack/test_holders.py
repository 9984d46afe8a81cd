"""Issue 12, holders: a quiet key contact is nudged to whoever holds the tie, not to the supplier's owner; `contact
holder` fixes it; `quiet all` shows holder and owner — through Bolt's dispatch against the Web API stand-in."""

from datetime import UTC, datetime

from handlers import ids
from tests.conftest import both_engines
from tests.slack.harness import SlackHarness, ask, text_of, tick
from tests.slack.nudge_kit import act, element, item_actions, nudges_to, where_sent


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# 15:00 UTC on a Monday: 16:00 in Amsterdam (Alice, Pieter), 10:00 in New York (Bob) — everyone's working hours.
MONDAY_AFTERNOON = utc("2027-01-11T15:00")


def _at(slack: SlackHarness, when: str) -> None:
    slack.services.clock.set(utc(when))  # type: ignore[attr-defined]


def acme_with_sara(slack: SlackHarness) -> None:
    """Alice owns Acme (routine: no supplier cadence); Sara Kok, sales, is a key contact every 30 days."""
    _at(slack, "2026-11-25T09:00")
    ask(slack, "supplier add Acme Industries routine")
    ask(slack, "contact add Acme: Sara Kok, sales manager")
    assert "30" in ask(slack, "contact key Acme: Sara Kok 30")


@both_engines
def test_a_quiet_key_contact_is_nudged_to_the_colleague_who_holds_the_tie_not_the_owner(slack: SlackHarness) -> None:
    acme_with_sara(slack)
    _at(slack, "2026-11-30T10:00")
    ask(slack, "note Acme: call with Sara about the forecast #call", user="U_BOB")
    ask(slack, "note Acme: lunch with Sara #meeting", user="U_BOB")
    ask(slack, "note Acme: email to Sara #email", user="U_PIETER")

    report = tick(slack, MONDAY_AFTERNOON)  # 42 days after Bob's last touch, 12 past the cadence

    (bobs,) = nudges_to(slack, "U_BOB")
    assert "Your tie to *Sara Kok* (Acme Industries, commercial) has been quiet 42 days; cadence 30." in text_of(bobs)
    assert nudges_to(slack, "U_ALICE") == [], "the owner is not nudged about a tie someone else holds"
    assert nudges_to(slack, "U_PIETER") == []
    assert report.nudges.sent == 1
    assert tick(slack, utc("2027-01-11T16:00")).nudges.sent == 0, "claimed once"


def test_with_no_tie_at_all_the_owner_hears_that_nobody_has_spoken_with_them(slack: SlackHarness) -> None:
    acme_with_sara(slack)

    tick(slack, utc("2026-12-28T15:00"))

    (alices,) = nudges_to(slack, "U_ALICE")
    assert "Nobody on our side has spoken with *Sara Kok* (Acme Industries, commercial) yet; cadence 30." in text_of(
        alices
    )


def test_contact_holder_fixes_the_holder_and_auto_lets_the_touches_decide_again(slack: SlackHarness) -> None:
    acme_with_sara(slack)
    _at(slack, "2026-11-30T10:00")
    ask(slack, "note Acme: call with Sara #call", user="U_BOB")

    said = ask(slack, "contact holder Acme: Sara Kok <@U_PIETER>")
    tick(slack, MONDAY_AFTERNOON)
    dutch = ask(slack, "contact houder Acme: Sara Kok auto")

    assert "<@U_PIETER> now holds the relationship with *Sara Kok* at *Acme Industries*" in said
    assert len(nudges_to(slack, "U_PIETER")) == 1
    assert nudges_to(slack, "U_BOB") == []
    assert "Whoever has spoken most with *Sara Kok* at *Acme Industries* lately" in dutch


def test_only_the_owner_or_an_admin_fixes_a_holder_and_only_to_someone_in_slack(slack: SlackHarness) -> None:
    acme_with_sara(slack)
    slack.fake.add_user("U_GUEST", name="guest", is_restricted=True)

    refused = ask(slack, "contact holder Acme: Sara Kok <@U_PIETER>", user="U_BOB")
    guest = ask(slack, "contact holder Acme: Sara Kok <@U_GUEST>")
    nobody = ask(slack, "contact holder Acme: Sara Kok <@U_NOBODY>")
    typo = ask(slack, "contact holder Acme: Sara Kok Pieter")

    assert "Only the owner of *Acme Industries* (<@U_ALICE>) or an admin can change it." in refused
    assert "<@U_GUEST> can't hold a relationship" in guest
    assert "<@U_NOBODY> can't hold a relationship" in nobody
    assert "/covalis contact holder <supplier>: <name> @colleague|auto" in typo


def test_quiet_all_names_holder_and_owner_and_quiet_lists_the_contacts_you_hold(slack: SlackHarness) -> None:
    acme_with_sara(slack)
    _at(slack, "2026-11-30T10:00")
    ask(slack, "note Acme: call with Sara #call", user="U_BOB")
    _at(slack, "2027-01-11T15:00")

    team = ask(slack, "quiet all")
    bobs = ask(slack, "quiet", user="U_BOB")
    alices = ask(slack, "quiet")

    assert "*Sara Kok* at *Acme Industries*" in team
    assert "holder <@U_BOB>, owner <@U_ALICE>" in team
    assert "*Sara Kok* at *Acme Industries*" in bobs
    assert "Sara Kok" not in alices


def test_the_holder_may_snooze_the_contact_from_their_nudge(slack: SlackHarness) -> None:
    acme_with_sara(slack)
    _at(slack, "2026-11-30T10:00")
    ask(slack, "note Acme: call with Sara #call", user="U_BOB")
    tick(slack, MONDAY_AFTERNOON)
    (nudge,) = nudges_to(slack, "U_BOB")
    channel, ts = where_sent(slack, "U_BOB")

    block = item_actions(nudge, "Sara Kok")
    element(block, ids.ACTION_NUDGE_SNOOZE)
    act(slack, nudge, channel, ts, block, ids.ACTION_NUDGE_SNOOZE, user="U_BOB", option="week")

    assert "*Sara Kok* at *Acme Industries* — 12 days past cadence, last touch Mon 30 Nov 2026 _(snoozed until" in (
        ask(slack, "quiet", user="U_BOB")
    ), "snoozed by its holder"


def test_a_paused_holders_item_waits_for_them_and_goes_to_nobody_else(slack: SlackHarness) -> None:
    acme_with_sara(slack)
    _at(slack, "2026-11-30T10:00")
    ask(slack, "note Acme: call with Sara #call", user="U_BOB")
    ask(slack, "pause until 15 January 2027", user="U_BOB")

    tick(slack, MONDAY_AFTERNOON)
    tick(slack, utc("2027-01-18T15:00"))

    assert nudges_to(slack, "U_ALICE") == []
    (later,) = nudges_to(slack, "U_BOB")
    assert "Your tie to *Sara Kok*" in text_of(later)


def test_the_service_itself_refuses_a_holder_change_by_someone_else(slack: SlackHarness) -> None:
    import pytest

    from bot.services.errors import NotAllowed
    from bot.services.workspaces import Actor
    from tests.fakes.slack_api import TEAM_ID

    acme_with_sara(slack)
    acme = slack.services.suppliers.list_suppliers(Actor(TEAM_ID, "U_ALICE"))[0]

    with pytest.raises(NotAllowed, match=r"contact\.holder_not_allowed"):
        slack.services.suppliers.set_holder(Actor(TEAM_ID, "U_BOB"), acme.id, "Sara Kok", "U_BOB")
