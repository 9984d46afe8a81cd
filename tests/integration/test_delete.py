"""Deleting a note after the fact, on SQLite and PostgreSQL: who may, and everything derived recomputed exactly as
Undo does — the supplier's and contacts' last touch (which moves back), the schedule, follow-ups, the search index."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.container import Services
from bot.services.capture import InteractionDraft
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.workspaces import Actor
from storage.db import Database
from storage.models import Contact, FollowUp, SearchEntry, Supplier

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"


def _log(services: Services, supplier_id: int, day: date, summary: str, contact_ids: list[int]) -> int:
    draft = InteractionDraft(supplier_id, day, "call", summary, contact_ids, [], False)
    return services.capture.log_interaction(ALICE, draft, tz=TZ).id


def test_deleting_the_latest_note_moves_touch_and_schedule_back_and_empties_the_index(
    services: Services, db: Database, clock: FixedClock
) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "planner")
    today = clock.now().date()
    _log(services, acme.id, today - timedelta(days=10), "Older visit", [sara.id])
    with db.read() as session:
        supplier = session.get(Supplier, acme.id)
        assert supplier is not None
        due_before = supplier.due_at
    latest = services.capture.log_note(ALICE, acme.id, "Sara: send the forecast by friday", tz=TZ)
    assert latest.follow_up is not None

    name = services.capture.delete(ALICE, latest.id)

    assert name == "Acme"
    with db.read() as session:
        supplier = session.get(Supplier, acme.id)
        contact = session.get(Contact, sara.id)
        assert supplier is not None
        assert contact is not None
        assert supplier.last_touch_at is not None
        assert supplier.last_touch_at.date() == today - timedelta(days=10)
        assert supplier.due_at == due_before
        assert contact.last_touch_at is not None
        assert contact.last_touch_at.date() == today - timedelta(days=10)
        assert session.get(FollowUp, latest.follow_up.id) is None
        assert len(session.exec(select(SearchEntry)).all()) == 1  # the older visit only
    assert services.search.search(ALICE, "forecast", lang="en").total == 0
    assert services.search.search(ALICE, "older", lang="en").total == 1


def test_only_the_author_may_delete_and_someone_elses_private_note_is_gone(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    team = services.capture.log_note(ALICE, acme.id, "Visited", tz=TZ)
    private = services.capture.log_note(ALICE, acme.id, "Secret #private", tz=TZ)

    with pytest.raises(NotAllowed):
        services.capture.delete(BOB, team.id)
    with pytest.raises(InvalidInput) as gone:
        services.capture.delete(BOB, private.id)

    assert gone.value.key == "note.gone"
    assert services.search.search(ALICE, "visited", lang="en").total == 1
    assert services.search.search(ALICE, "secret", lang="en").total == 1
    services.capture.delete(ALICE, private.id)
    with pytest.raises(InvalidInput):
        services.capture.delete(ALICE, private.id)  # deleted twice: gone, not an error page
