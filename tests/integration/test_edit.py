"""Correcting a note after the fact, on SQLite and PostgreSQL: who may, and everything derived recomputed at once —
last touch (which may move back), contacts' touch, the schedule, the follow-ups' supplier and the search index."""

from datetime import date, timedelta

import pytest

from bot.clock import FixedClock
from bot.container import Services
from bot.services.capture import InteractionDraft
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.workspaces import Actor
from storage.db import Database
from storage.models import Contact, FollowUp, Supplier

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"


def _draft(
    supplier_id: int, day: date, summary: str, contact_ids: list[int], *, private: bool = False
) -> InteractionDraft:
    return InteractionDraft(supplier_id, day, "call", summary, contact_ids, [], private)


def test_moving_a_note_to_another_supplier_and_day_recomputes_touch_schedule_and_search(
    services: Services, db: Database, clock: FixedClock
) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    beta = services.suppliers.add(ALICE, "Beta", "strategic")
    sara, _ = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "planner")
    piet, _ = services.suppliers.add_contact(ALICE, beta.id, "Piet Smit", "buyer")
    today = clock.now().date()
    logged = services.capture.log_note(ALICE, acme.id, "Talked with Sara, send the forecast by friday", tz=TZ)
    assert logged.follow_up is not None

    edited = services.capture.edit(
        ALICE, logged.id, _draft(beta.id, today - timedelta(days=3), "Piet agreed the rebate", [piet.id]), tz=TZ
    )

    assert (edited.supplier_name, edited.contacts, edited.summary) == ("Beta", ["Piet Smit"], "Piet agreed the rebate")
    with db.read() as session:
        old = session.get(Supplier, acme.id)
        new = session.get(Supplier, beta.id)
        assert old is not None
        assert new is not None
        assert old.last_touch_at is None  # the only note went elsewhere: Acme was never touched
        assert new.last_touch_at is not None
        assert new.last_touch_at.date() == today - timedelta(days=3)
        assert new.due_at is not None
        assert old.due_at != new.due_at
        sara_row = session.get(Contact, sara.id)
        assert sara_row is not None
        assert sara_row.last_touch_at is None
        follow_up = session.get(FollowUp, logged.follow_up.id)
        assert follow_up is not None
        assert follow_up.supplier_id == beta.id
    assert [h.supplier_name for h in services.search.search(ALICE, "rebate", lang="en").rows] == ["Beta"]
    assert services.search.search(ALICE, "sara", lang="en").total == 0
    assert services.search.search(ALICE, "forecast", lang="en").rows[0].supplier_name == "Beta"  # the follow-up


def test_made_private_a_note_is_no_longer_found_by_others(services: Services, clock: FixedClock) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    logged = services.capture.log_note(ALICE, acme.id, "Rebate talk", tz=TZ)
    assert services.search.search(BOB, "rebate", lang="en").total == 1

    services.capture.edit(ALICE, logged.id, _draft(acme.id, clock.now().date(), "Rebate talk", [], private=True), tz=TZ)

    assert services.search.search(BOB, "rebate", lang="en").total == 0
    assert services.search.search(ALICE, "rebate", lang="en").total == 1


def test_only_the_author_may_correct_a_note_and_a_private_one_is_gone_for_others(
    services: Services, clock: FixedClock
) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    team = services.capture.log_note(ALICE, acme.id, "Visited", tz=TZ)
    private = services.capture.log_note(ALICE, acme.id, "Secret #private", tz=TZ)
    draft = _draft(acme.id, clock.now().date(), "Changed by Bob", [])

    with pytest.raises(NotAllowed):
        services.capture.edit(BOB, team.id, draft, tz=TZ)
    with pytest.raises(InvalidInput):
        services.capture.edit(BOB, private.id, draft, tz=TZ)
    with pytest.raises(InvalidInput):
        services.capture.edit(ALICE, team.id, _draft(acme.id, clock.now().date() + timedelta(days=1), "x", []), tz=TZ)
    assert services.search.search(ALICE, "visited", lang="en").total == 1
