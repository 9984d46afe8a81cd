"""The workspace's public-holiday country on both engines: admins set and clear it, everyone else is refused."""

import pytest

from bot.container import Services
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.workspaces import Actor

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
OTHER_TEAM = Actor(team_id="T2", user_id="U_ALICE")


def _admin(services: Services, actor: Actor) -> None:
    services.people.remember_profile(actor, {"tz": "Europe/Amsterdam", "real_name": "Admin", "is_admin": True})


def test_holidays_are_off_until_an_admin_names_a_country_and_off_clears_it(services: Services) -> None:
    _admin(services, BOB)
    assert services.workspace_settings.show(ALICE).holiday_country is None

    assert services.workspace_settings.set_holidays(BOB, "nl") == "NL"
    assert services.workspace_settings.show(ALICE).holiday_country == "NL"
    assert services.workspace_settings.show(OTHER_TEAM).holiday_country is None  # another workspace's own setting

    assert services.workspace_settings.set_holidays(BOB, "uit") is None
    assert services.workspace_settings.show(ALICE).holiday_country is None


def test_only_an_admin_may_set_the_holiday_country(services: Services) -> None:
    with pytest.raises(NotAllowed):
        services.workspace_settings.set_holidays(ALICE, "NL")
    with pytest.raises(NotAllowed):
        services.workspace_settings.set_holidays(ALICE, "nonsense")  # refused before the input is read

    assert services.workspace_settings.show(ALICE).holiday_country is None


def test_an_unknown_country_is_refused_and_the_setting_kept(services: Services) -> None:
    _admin(services, BOB)
    services.workspace_settings.set_holidays(BOB, "DE")

    with pytest.raises(InvalidInput) as refused:
        services.workspace_settings.set_holidays(BOB, "XX")

    assert refused.value.key == "settings.bad_holidays"
    assert services.workspace_settings.show(ALICE).holiday_country == "DE"
