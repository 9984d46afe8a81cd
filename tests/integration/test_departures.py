"""A contact who leaves their company, on both engines: who gets the follow-up, what is never nudged again, and what
Undo takes back."""

from datetime import date, timedelta

import pytest

from bot.container import Services
from bot.services.capture import InteractionDraft
from bot.services.departures import UndoOutcome
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.workspaces import Actor
from storage import queries
from storage.models import Contact, FollowUp
from tests.conftest import NOW

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
CAROL = Actor(team_id="T1", user_id="U_CAROL")
TZ = "Europe/Amsterdam"
TODAY = date(2026, 11, 25)
LATER = NOW + timedelta(days=60)


def _acme(services: Services) -> tuple[int, int]:
    """Acme (Alice's) with Sara Kok, a key commercial contact (cadence 10)."""
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")
    services.suppliers.set_key_contact(ALICE, acme.id, "Sara Kok", 10)
    assert sara.id is not None
    return acme.id, sara.id


def _met(services: Services, who: Actor, supplier_id: int, contact_id: int, days_ago: int) -> None:
    draft = InteractionDraft(supplier_id, TODAY - timedelta(days=days_ago), "call", "call", [contact_id], [], False)
    services.capture.log_interaction(who, draft, tz=TZ)


def _holder(services: Services, supplier_id: int) -> str | None:
    return services.departures.contact_left(ALICE, supplier_id, "Sara Kok", "Piet Jansen", tz=TZ).follow_up_owner


def _contact(services: Services, contact_id: int) -> Contact:
    with services.db.read() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        return contact


def test_the_follow_up_goes_to_whoever_met_the_leaver_most_in_180_days(services: Services) -> None:
    acme, sara = _acme(services)
    for days_ago in (170, 150):
        _met(services, BOB, acme, sara, days_ago)
    _met(services, CAROL, acme, sara, 1)  # latest, but once
    for days_ago in (400, 390, 380):
        _met(services, ALICE, acme, sara, days_ago)  # most, but long ago

    assert _holder(services, acme) == "U_BOB"


def test_equal_touches_go_to_the_latest_then_to_the_lowest_user_id(services: Services) -> None:
    acme, sara = _acme(services)
    _met(services, CAROL, acme, sara, 5)
    _met(services, BOB, acme, sara, 9)
    assert _holder(services, acme) == "U_CAROL"

    zeta, kok = _acme_like(services, "Zeta")
    _met(services, CAROL, zeta, kok, 5)
    _met(services, BOB, zeta, kok, 5)
    assert _holder(services, zeta) == "U_BOB"


def _acme_like(services: Services, name: str) -> tuple[int, int]:
    supplier = services.suppliers.add(ALICE, name)
    sara, _ = services.suppliers.add_contact(ALICE, supplier.id, "Sara Kok")
    assert sara.id is not None
    return supplier.id, sara.id


def test_a_colleague_who_left_slack_is_passed_over_and_with_nobody_the_owner_has_it(services: Services) -> None:
    acme, sara = _acme(services)
    _met(services, BOB, acme, sara, 3)
    services.people.sync_directory("T1", [{"id": "U_ALICE", "tz": TZ}, {"id": "U_BOB", "deleted": True}])

    assert _holder(services, acme) == "U_ALICE"


def test_the_follow_up_is_due_in_14_days_on_the_supplier_in_the_holders_language(services: Services) -> None:
    acme, sara = _acme(services)
    _met(services, BOB, acme, sara, 3)
    services.people.set_language(BOB, "nl")

    left = services.departures.contact_left(ALICE, acme, "Sara Kok", "Piet Jansen", tz=TZ)

    assert left.follow_up_due == TODAY + timedelta(days=14)
    with services.db.read() as session:
        assert left.follow_up_id is not None
        follow_up = session.get(FollowUp, left.follow_up_id)
        assert follow_up is not None
        assert (follow_up.owner_id, follow_up.supplier_id, follow_up.interaction_id) == ("U_BOB", acme, None)
        assert follow_up.text == "Bouw een band op met Piet Jansen (opvolger van Sara Kok)"
        assert follow_up.due_date == date(2026, 12, 9)


def test_the_successor_takes_the_interface_and_the_key_cadence(services: Services) -> None:
    acme, _ = _acme(services)

    left = services.departures.contact_left(ALICE, acme, "Sara Kok", "Piet Jansen", tz=TZ)

    assert left.successor_id is not None
    piet = _contact(services, left.successor_id)
    assert (piet.name, piet.interface, piet.cadence_days) == ("Piet Jansen", "commercial", 10)
    assert piet.due_at == NOW + timedelta(days=10)


def test_a_left_key_contact_has_no_schedule_and_no_query_offers_it_even_with_a_stale_one(services: Services) -> None:
    acme, sara = _acme(services)
    services.departures.contact_left(ALICE, acme, "Sara Kok", tz=TZ)
    assert (_contact(services, sara).due_at, _contact(services, sara).next_nudge_at) == (None, None)
    _met(services, BOB, acme, sara, 0)  # a note about them still logs, and sets no schedule again
    assert _contact(services, sara).next_nudge_at is None

    with services.db.write() as session:  # as if written before the rule: the queries still leave them out
        contact = session.get(Contact, sara)
        assert contact is not None
        contact.due_at = contact.next_nudge_at = NOW
        session.add(contact)
    with services.db.read() as session:
        workspace = queries.get_workspace(session, team_id="T1")
        assert workspace is not None
        assert workspace.id is not None
        wid = workspace.id
        assert list(queries.due_contacts(session, workspace_id=wid, now=LATER)) == []
        assert queries.quiet_contacts(session, workspace_id=wid, now=LATER, owner_id=None, limit=10) == ([], 0)
        assert queries.digest_quiet_contacts(
            session, workspace_id=wid, now=LATER, segment=None, owner_id=None, limit=10
        ) == ([], 0)


def test_undo_brings_the_contact_back_and_takes_only_what_the_command_made(services: Services) -> None:
    acme, sara = _acme(services)
    left = services.departures.contact_left(ALICE, acme, "Sara Kok", "Piet Jansen", tz=TZ)

    undone = services.departures.undo(ALICE, *left.undo_ids)

    assert undone.outcome is UndoOutcome.RESTORED
    assert (undone.successor_removed, undone.follow_up_removed) == ("Piet Jansen", True)
    restored = _contact(services, sara)
    assert restored.left_at is None
    assert restored.due_at == NOW + timedelta(days=10)
    with services.db.read() as session:
        assert [c.name for c in queries.contacts_of(session, workspace_id=restored.workspace_id, supplier_id=acme)] == [
            "Sara Kok"
        ]
    assert services.departures.undo(ALICE, *left.undo_ids).outcome is UndoOutcome.ALREADY


def test_undo_keeps_a_successor_someone_already_met(services: Services) -> None:
    acme, _ = _acme(services)
    left = services.departures.contact_left(ALICE, acme, "Sara Kok", "Piet Jansen", tz=TZ)
    assert left.successor_id is not None
    _met(services, BOB, acme, left.successor_id, 0)

    undone = services.departures.undo(ALICE, *left.undo_ids)

    assert undone.successor_removed is None
    assert _contact(services, left.successor_id).name == "Piet Jansen"


def test_only_the_owner_or_an_admin_may_mark_a_contact_as_left_or_undo_it(services: Services) -> None:
    acme, sara = _acme(services)
    with pytest.raises(NotAllowed):
        services.departures.contact_left(BOB, acme, "Sara Kok", tz=TZ)
    left = services.departures.contact_left(ALICE, acme, "Sara Kok", tz=TZ)
    with pytest.raises(NotAllowed):
        services.departures.undo(BOB, *left.undo_ids)
    assert _contact(services, sara).left_at == NOW


@pytest.mark.parametrize(
    ("name", "successor", "key"),
    [
        ("Sara Kook", None, "contact.not_found_did_you_mean"),
        ("Jan Bakker", None, "contact.not_found_people"),
        ("Sara Kok", "SARA KOK", "contact.successor_is_leaver"),
        ("Sara Kok", "", "successor_name.empty"),
    ],
)
def test_refusals_change_nothing(services: Services, name: str, successor: str | None, key: str) -> None:
    acme, sara = _acme(services)

    with pytest.raises(InvalidInput) as refused:
        services.departures.contact_left(ALICE, acme, name, successor, tz=TZ)

    assert refused.value.key == key
    assert _contact(services, sara).left_at is None


def test_someone_already_gone_is_said_so_and_contact_add_brings_them_back(services: Services) -> None:
    acme, sara = _acme(services)
    services.departures.contact_left(ALICE, acme, "Sara Kok", tz=TZ)

    with pytest.raises(InvalidInput) as refused:
        services.departures.contact_left(ALICE, acme, "Sara Kok", tz=TZ)
    contact, created = services.suppliers.add_contact(ALICE, acme, "Sara Kok")

    assert refused.value.key == "contact.already_left"
    assert (contact.id, created) == (sara, False)
    assert _contact(services, sara).left_at is None
    assert _contact(services, sara).due_at == NOW + timedelta(days=10)
