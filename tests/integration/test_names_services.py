"""Issue 9, names: supplier names without accents, contacts added to a note after "which Jan?", and a follow-up added
by hand to a note — on SQLite and PostgreSQL."""

from datetime import date

import pytest

from bot.container import Services
from bot.services.errors import (
    ContactAmbiguous,
    InvalidInput,
    NotAllowed,
    SupplierAmbiguous,
    SupplierArchived,
    SupplierNotFound,
)
from bot.services.workspaces import Actor

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
OTHER_TEAM = Actor(team_id="T2", user_id="U_ALICE")
TZ = "Europe/Amsterdam"


def test_supplier_names_and_aliases_match_without_accents_and_case(services: Services) -> None:
    muller = services.suppliers.add(ALICE, "Müller GmbH")
    societe = services.suppliers.add(ALICE, "Société Générale")
    services.suppliers.add_alias(ALICE, societe.id, "Crédit Lyonnais")

    assert services.suppliers.resolve(ALICE, "muller gmbh").id == muller.id
    assert services.suppliers.resolve(ALICE, "MULLER").id == muller.id
    assert services.suppliers.resolve(ALICE, "Societe Generale").id == societe.id
    assert services.suppliers.resolve(ALICE, "credit lyonnais").id == societe.id
    with pytest.raises(SupplierNotFound):
        services.suppliers.resolve(OTHER_TEAM, "muller")


def test_an_accent_free_prefix_shared_by_two_suppliers_asks_and_archived_ones_only_when_asked(
    services: Services,
) -> None:
    services.suppliers.add(ALICE, "Élan Logistics")
    elan = services.suppliers.add(ALICE, "Élan Parts")
    services.suppliers.set_archived(ALICE, elan.id, True)

    assert services.suppliers.resolve(ALICE, "elan").name == "Élan Logistics"
    with pytest.raises(SupplierAmbiguous) as asked:
        services.suppliers.resolve(ALICE, "elan", include_archived=True)
    assert [c.name for c in asked.value.candidates] == ["Élan Logistics", "Élan Parts"]


def test_which_jan_is_asked_before_anything_is_written_and_the_answer_joins_the_note_with_its_tie(
    services: Services,
) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    jan, _ = services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    bakker, _ = services.suppliers.add_contact(ALICE, acme.id, "Jan Bakker")
    assert jan.id is not None

    with pytest.raises(ContactAmbiguous) as asked:
        services.capture.log_note(ALICE, acme.id, "call with Jan", tz=TZ)
    assert (asked.value.word, asked.value.candidates) == ("Jan", [(bakker.id, "Jan Bakker"), (jan.id, "Jan de Vries")])
    assert services.relationships.card(ALICE, acme.id).recent == []

    logged = services.capture.log_note(ALICE, acme.id, "call with Jan", tz=TZ, contact_choice=jan.id)
    neither = services.capture.log_note(ALICE, acme.id, "lunch with Jan", tz=TZ, contact_choice=0)

    assert logged.contacts == ["Jan de Vries"]
    assert neither.contacts == []
    ties = services.relationships.ties(ALICE, acme.id)
    assert [(tie.contact_id, tie.user_id) for tie in ties.ties] == [(jan.id, "U_ALICE")]


def test_a_note_for_an_archived_supplier_is_refused_before_anything_is_written(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.set_archived(ALICE, acme.id, True)

    with pytest.raises(SupplierArchived):
        services.capture.log_note(ALICE, acme.id, "call about the old contract", tz=TZ)
    assert services.relationships.card(ALICE, acme.id).recent == []


def test_a_follow_up_added_by_hand_belongs_to_the_note_and_is_validated(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme")
    logged = services.capture.log_note(ALICE, acme.id, "promised the forecast", tz=TZ)

    added = services.capture.add_follow_up_to(ALICE, logged.id, "  send the forecast ", date(2026, 11, 27), tz=TZ)

    assert (added.supplier_name, added.text, added.due_date) == ("Acme", "send the forecast", date(2026, 11, 27))
    rows = services.relationships.follow_ups(ALICE).rows
    assert [(r.text, r.due_date) for r in rows] == [("send the forecast", date(2026, 11, 27))]
    with pytest.raises(InvalidInput, match=r"follow_up\.date_past"):
        services.capture.add_follow_up_to(ALICE, logged.id, "late", date(2026, 11, 24), tz=TZ)
    with pytest.raises(InvalidInput, match=r"follow_up\.text_empty"):
        services.capture.add_follow_up_to(ALICE, logged.id, " \n ", date(2026, 11, 27), tz=TZ)
    with pytest.raises(NotAllowed, match=r"note\.not_author"):
        services.capture.add_follow_up_to(BOB, logged.id, "mine now", date(2026, 11, 27), tz=TZ)
    services.capture.undo(ALICE, logged.id)
    with pytest.raises(InvalidInput, match=r"note\.gone"):
        services.capture.add_follow_up_to(ALICE, logged.id, "again", date(2026, 11, 27), tz=TZ)
