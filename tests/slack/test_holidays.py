"""Public holidays as a team meets them: an admin names the country, and nudges wait for the next working day."""

from datetime import UTC, datetime

from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, ask, tick
from tests.slack.nudge_kit import nudges_to


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_an_admin_sets_the_holiday_country_the_settings_show_it_and_off_clears_it(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    assert "*Public holidays:* off" in ask(slack, "settings")

    assert "No nudges on public holidays in NL" in ask(slack, "settings holidays nl", user="U_ADMIN")
    assert "*Public holidays:* NL" in ask(slack, "settings")

    assert "Public holidays are off" in ask(slack, "instellingen feestdagen uit", user="U_ADMIN")
    assert "*Public holidays:* off" in ask(slack, "settings")


def test_an_unknown_country_or_a_non_admin_is_refused_clearly(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)

    unknown = ask(slack, "settings holidays XX", user="U_ADMIN")
    refused = ask(slack, "settings holidays NL", user="U_BOB")

    assert "“XX” is not a country code I know holidays for" in unknown
    assert "Only Slack workspace admins and owners can change workspace settings." in refused
    assert "*Public holidays:* off" in ask(slack, "settings")


def test_no_nudge_on_kings_day_it_comes_the_next_working_day(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    slack.services.clock.set(utc("2027-04-01T09:00"))  # type: ignore[attr-defined]
    assert "Added" in ask(slack, "supplier add Acme Industries strategic")  # quiet from 15 April
    ask(slack, "settings holidays NL", user="U_ADMIN")

    kings_day = tick(slack, utc("2027-04-27T09:00"))  # Tuesday 11:00 in Amsterdam

    assert kings_day.nudges.sent == 0
    assert kings_day.nudges.skipped_holiday == 3  # Alice, Pieter and the admin, all in Amsterdam
    assert nudges_to(slack, "U_ALICE") == []
    assert tick(slack, utc("2027-04-28T07:30")).nudges.sent == 1  # Wednesday 09:30
    assert len(nudges_to(slack, "U_ALICE")) == 1


def test_a_monday_digest_on_easter_monday_is_posted_on_tuesday(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    slack.services.clock.set(utc("2027-03-01T09:00"))  # type: ignore[attr-defined]
    ask(slack, "supplier add Acme Industries strategic")
    assert "Digest number" in ask(slack, "digest here", channel="C_TEAM")  # Mondays 09:00
    ask(slack, "settings holidays NL", user="U_ADMIN")

    assert tick(slack, utc("2027-03-29T08:30")).digests.posted == 0  # Easter Monday 10:30 in Amsterdam
    assert tick(slack, utc("2027-03-30T06:30")).digests.posted == 0  # Tuesday 08:30: not yet its hour
    assert tick(slack, utc("2027-03-30T07:30")).digests.posted == 1  # Tuesday 09:30
    assert tick(slack, utc("2027-03-31T07:30")).digests.posted == 0  # once a week
