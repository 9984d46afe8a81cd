"""The note grammar end to end: false follow-ups stay out, back-dating, the author's date order, and problems kept."""

from bot.services.workspaces import Actor
from tests.fakes.slack_api import TEAM_ID
from tests.slack.harness import SlackHarness, ask, exported


def follow_ups(slack: SlackHarness) -> list[tuple[str, str]]:
    return [(f["text"], f["due_date"]) for f in exported(slack)["follow_ups"]]


def test_a_quantity_or_a_change_before_voor_or_by_logs_the_note_without_a_follow_up(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")

    ask(slack, "note Acme: korting van 5% voor 2-3 jaar")
    ask(slack, "note Acme: delivery delayed by 2 weeks")
    ask(slack, "note Acme: dank voor maandag, goed gesprek")

    assert len(exported(slack)["interactions"]) == 3
    assert follow_ups(slack) == []


def test_a_task_with_a_deadline_logs_a_readable_follow_up(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")

    ask(slack, "note Acme: Jan terugbellen vrijdag")

    assert follow_ups(slack) == [("Jan terugbellen", "2026-11-27")]


def test_gisteren_at_the_start_back_dates_the_note_to_yesterday(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")

    ask(slack, "note Acme: gisteren met Jan gebeld #call")
    ask(slack, "note Acme: call with Jan about prices")

    days = sorted(i["occurred_at"][:10] for i in exported(slack)["interactions"])
    assert days == ["2026-11-24", "2026-11-25"]


def test_12_1_is_december_for_an_en_us_author_and_january_for_a_dutch_one(slack: SlackHarness) -> None:
    slack.fake.add_user("U_ANNE", locale="nl-NL")
    ask(slack, "supplier add Acme")

    ask(slack, "note Acme: follow up 12/1 send prices")
    ask(slack, "note Acme: opvolgen 12/1 prijzen sturen", user="U_ANNE")

    assert sorted(follow_ups(slack)) == [("prijzen sturen", "2027-01-12"), ("send prices", "2026-12-01")]


def test_opvolgen_without_a_date_makes_no_follow_up_and_says_so_in_the_logged_note(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme")
    ask(slack, "note Acme: opvolgen met Jan over de prijzen")
    acme = exported(slack)["suppliers"][0]["id"]

    logged = slack.services.capture.log_note(
        Actor(TEAM_ID, "U_ALICE"), acme, "follow up with Jan about prices", tz="Europe/Amsterdam"
    )

    assert follow_ups(slack) == []
    assert (logged.follow_up, logged.follow_up_problem, logged.follow_up_seen) == (None, "no_date", "follow up")
