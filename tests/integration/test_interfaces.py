"""Interfaces on both engines: guessed when a contact is added, corrected by anyone, needed per segment by admins."""

import io
import json

import pytest

from bot.container import Services
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.interfaces import DEFAULT_NEEDED, workspace_needed
from bot.services.workspaces import Actor
from storage import queries

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
CAROL = Actor(team_id="T1", user_id="U_CAROL")
OTHER_TEAM = Actor(team_id="T2", user_id="U_ALICE")
TZ = "Europe/Amsterdam"


def _admin(services: Services, actor: Actor) -> None:
    services.people.remember_profile(actor, {"tz": TZ, "real_name": "Admin", "is_admin": True})


def test_a_new_contact_gets_the_interface_its_role_names_and_other_without_one(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")

    sara, _ = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")
    piet, _ = services.suppliers.add_contact(ALICE, acme.id, "Piet Jansen", "kwaliteitsmanager")
    jan, _ = services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")

    assert (sara.interface, piet.interface, jan.interface) == ("commercial", "quality", "other")
    listed = {c.name: c.interface for c in services.suppliers.contacts(ALICE, acme.id)}
    assert listed == {"Sara Kok": "commercial", "Piet Jansen": "quality", "Jan de Vries": "other"}


def test_any_colleague_may_correct_an_interface_and_it_sticks(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")

    corrected = services.suppliers.set_interface(BOB, acme.id, "sara kok", "kwaliteit")

    assert corrected.interface == "quality"
    assert [c.interface for c in services.suppliers.contacts(ALICE, acme.id)] == ["quality"]


def test_a_removed_contact_that_comes_back_keeps_its_corrected_interface(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")
    services.suppliers.set_interface(ALICE, acme.id, "Sara Kok", "executive")
    services.suppliers.remove_contact(ALICE, acme.id, "Sara Kok")

    back, created = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")

    assert created is False
    assert back.interface == "executive"


def test_an_unknown_interface_or_contact_is_refused_and_nothing_changes(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")

    with pytest.raises(InvalidInput) as unknown:
        services.suppliers.set_interface(ALICE, acme.id, "Sara Kok", "purchasing")
    with pytest.raises(InvalidInput) as nobody:
        services.suppliers.set_interface(ALICE, acme.id, "Piet", "quality")

    assert unknown.value.key == "interface.unknown"
    assert nobody.value.key == "contact.not_found"
    assert [c.interface for c in services.suppliers.contacts(ALICE, acme.id)] == ["commercial"]


def test_needed_interfaces_are_the_defaults_until_an_admin_changes_them(services: Services) -> None:
    assert services.workspace_settings.show(ALICE).needed_interfaces == DEFAULT_NEEDED
    _admin(services, BOB)

    assert services.workspace_settings.set_interfaces(BOB, "strategic", "commercieel, kwaliteit") == (
        ("commercial", "quality"),
        False,
    )
    assert services.workspace_settings.set_interfaces(BOB, "leverage", "none") == ((), False)

    shown = services.workspace_settings.show(ALICE).needed_interfaces
    assert shown["strategic"] == ("commercial", "quality")
    assert shown["leverage"] == ()
    assert shown["bottleneck"] == DEFAULT_NEEDED["bottleneck"]
    assert services.workspace_settings.set_interfaces(BOB, "strategic", "default") == (
        DEFAULT_NEEDED["strategic"],
        True,
    )
    assert services.workspace_settings.show(ALICE).needed_interfaces == {**DEFAULT_NEEDED, "leverage": ()}


def test_only_an_admin_may_set_the_needed_interfaces(services: Services) -> None:
    with pytest.raises(NotAllowed):
        services.workspace_settings.set_interfaces(BOB, "strategic", "commercial")
    with pytest.raises(NotAllowed):
        services.workspace_settings.set_interfaces(BOB, "strategic", "nonsense")  # refused before the input is read

    assert services.workspace_settings.show(ALICE).needed_interfaces["strategic"] == DEFAULT_NEEDED["strategic"]


def test_other_is_refused_as_a_needed_interface(services: Services) -> None:
    _admin(services, BOB)

    with pytest.raises(InvalidInput) as refused:
        services.workspace_settings.set_interfaces(BOB, "strategic", "commercial,other")

    assert refused.value.key == "interface.other_not_needed"
    assert services.workspace_settings.show(ALICE).needed_interfaces["strategic"] == DEFAULT_NEEDED["strategic"]


def test_other_code_reads_what_a_segment_needs_in_its_own_workspace(services: Services) -> None:
    _admin(services, BOB)
    services.workspace_settings.set_interfaces(BOB, "routine", "finance")
    services.suppliers.add(OTHER_TEAM, "Globex")

    with services.db.read() as session:
        mine = queries.get_workspace(session, team_id="T1")
        theirs = queries.get_workspace(session, team_id="T2")
        assert mine is not None
        assert mine.id is not None
        assert theirs is not None
        assert workspace_needed(mine, "routine") == ("finance",)
        assert workspace_needed(theirs, "routine") == ()
        assert workspace_needed(theirs, "strategic") == DEFAULT_NEEDED["strategic"]


def test_the_export_holds_each_contacts_interface_and_what_each_segment_needs(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")
    _admin(services, CAROL)
    services.workspace_settings.set_interfaces(CAROL, "routine", "planning")

    out = io.StringIO()
    services.export.write_json("T1", out, now=services.clock.now())
    document = json.loads(out.getvalue())

    assert document["contacts"][0]["interface"] == "commercial"
    assert document["workspace"]["needed_interfaces"]["routine"] == ["planning"]
    assert document["workspace"]["needed_interfaces"]["strategic"] == list(DEFAULT_NEEDED["strategic"])
