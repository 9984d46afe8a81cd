"""Promises in the services and storage, on SQLite and PostgreSQL: who may settle one, how the card counts them
(someone else's private promise counted, its text never shown), and the list by outcome."""

from datetime import UTC, datetime

import pytest

from bot.clock import FixedClock
from bot.container import Services
from bot.services.errors import NotAllowed
from bot.services.workspaces import Actor

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"


def _promise(services: Services, supplier_id: int, text: str, actor: Actor = ALICE) -> int:
    logged = services.capture.log_note(actor, supplier_id, text, tz=TZ)
    assert logged.follow_up is not None
    assert logged.follow_up.promise
    return logged.follow_up.id


def test_only_the_owner_the_suppliers_owner_or_an_admin_may_settle_a_promise(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    promise = _promise(services, acme.id, "we'll send the forecast by friday")

    with pytest.raises(NotAllowed):
        services.promises.settle("T1", BOB.user_id, promise, kept=True)
    assert services.promises.list_for(ALICE, acme.id).open != []

    assert services.promises.settle("T1", ALICE.user_id, promise, kept=True) == "kept"
    assert services.promises.settle("T1", ALICE.user_id, promise, kept=False) == "kept"  # twice is once


def test_the_card_counts_kept_of_decided_and_names_the_missed_but_never_anothers_private_text(
    services: Services, clock: FixedClock
) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    kept = _promise(services, acme.id, "we'll send the forecast by friday")
    _promise(services, acme.id, "we promised the price list by friday")
    _promise(services, acme.id, "we'll send the rebate sheet by friday #private")
    _promise(services, acme.id, "we'll send the drawings by 20 December")  # still open: not counted
    services.promises.settle("T1", ALICE.user_id, kept, kept=True)
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wednesday: the two open ones due Friday count as missed

    alices = services.relationships.card(ALICE, acme.id).promises
    bobs = services.relationships.card(BOB, acme.id).promises

    assert alices is not None
    assert bobs is not None
    assert (alices.kept, alices.decided) == (bobs.kept, bobs.decided) == (1, 3)
    assert [p.text for p in alices.missed] == ["we promised the price list", "send the rebate sheet"]
    assert [p.text for p in bobs.missed] == ["we promised the price list", None]


def test_the_list_sorts_promises_into_open_kept_and_missed(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    kept = _promise(services, acme.id, "we'll send the forecast by friday")
    missed = _promise(services, acme.id, "we promised the price list by friday")
    _promise(services, acme.id, "we'll send the drawings by 20 December")
    services.promises.settle("T1", ALICE.user_id, kept, kept=True)
    services.promises.settle("T1", ALICE.user_id, missed, kept=False)

    listed = services.promises.list_for(ALICE, acme.id)

    assert [p.text for p in listed.open] == ["send the drawings"]
    assert [(p.text, p.outcome) for p in listed.kept] == [("send the forecast", "kept")]
    assert [(p.text, p.outcome) for p in listed.missed] == [("we promised the price list", "missed")]
