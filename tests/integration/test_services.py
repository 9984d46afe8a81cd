"""Capture services on both engines, as of a frozen instant."""

import io
import json
from datetime import date, timedelta

import pytest

from bot.clock import FixedClock
from bot.container import Services
from bot.i18n import t
from bot.services.capture import InteractionDraft, UndoOutcome
from bot.services.errors import InvalidInput, NotAllowed, SupplierAmbiguous, SupplierNotFound
from bot.services.nudges import NudgeActions
from bot.services.rights import Rights
from bot.services.workspaces import Actor
from bot.text import from_slack
from storage.models import Supplier

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
OTHER_TEAM = Actor(team_id="T2", user_id="U_ALICE")
TZ = "Europe/Amsterdam"


def test_a_supplier_is_found_by_exact_name_prefix_alias_and_unicode_case(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Öztürk Çelik", "strategic")
    services.suppliers.add_alias(ALICE, acme.id, "OCS")
    assert services.suppliers.resolve(ALICE, "ÖZTÜRK ÇELIK").id == acme.id
    assert services.suppliers.resolve(ALICE, "özt").id == acme.id
    assert services.suppliers.resolve(ALICE, "ocs").id == acme.id


def test_a_prefix_shared_by_two_suppliers_asks_which_one(services: Services) -> None:
    services.suppliers.add(ALICE, "Acme Industries")
    services.suppliers.add(ALICE, "Acme Logistics")
    with pytest.raises(SupplierAmbiguous) as asked:
        services.suppliers.resolve(ALICE, "acme")
    assert [c.name for c in asked.value.candidates] == ["Acme Industries", "Acme Logistics"]


def test_an_exact_name_wins_over_longer_names_with_the_same_start(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme")
    services.suppliers.add(ALICE, "Acme Logistics")
    assert services.suppliers.resolve(ALICE, "acme").id == acme.id


def test_archived_suppliers_are_not_guessed_from_a_prefix_but_are_found_by_name(services: Services) -> None:
    old = services.suppliers.add(ALICE, "Oldco Metals")
    services.suppliers.set_archived(ALICE, old.id, True)
    with pytest.raises(SupplierNotFound):
        services.suppliers.resolve(ALICE, "oldco")
    assert services.suppliers.resolve(ALICE, "Oldco Metals").archived is True
    assert services.suppliers.resolve(ALICE, "oldco", include_archived=True).id == old.id


def test_renaming_keeps_the_old_name_working_as_an_alias(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme")
    services.suppliers.rename(ALICE, acme.id, "Acme Group")
    assert services.suppliers.resolve(ALICE, "Acme").name == "Acme Group"
    assert services.suppliers.aliases(ALICE, acme.id) == ["Acme"]


def test_duplicate_and_over_long_names_are_refused_with_nothing_written(services: Services) -> None:
    services.suppliers.add(ALICE, "Acme")
    with pytest.raises(InvalidInput) as duplicate:
        services.suppliers.add(ALICE, "ACME")
    assert duplicate.value.key == "supplier.exists"
    with pytest.raises(InvalidInput) as too_long:
        services.suppliers.add(ALICE, "x" * 76)
    assert too_long.value.key == "supplier_name.too_long"
    assert [s.name for s in services.suppliers.list_suppliers(ALICE)] == ["Acme"]


def test_another_workspace_sees_none_of_this_workspaces_suppliers(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme")
    assert services.suppliers.list_suppliers(OTHER_TEAM) == []
    with pytest.raises(SupplierNotFound):
        services.suppliers.resolve(OTHER_TEAM, "Acme")
    with pytest.raises(SupplierNotFound):
        services.relationships.card(OTHER_TEAM, acme.id)
    assert services.capture.undo(OTHER_TEAM, 1)[0] is UndoOutcome.ALREADY


def test_a_removed_contact_disappears_from_the_list_but_stays_on_past_interactions(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries", "account manager")
    services.capture.log_note(ALICE, acme.id, "lunch with Jan de Vries", tz=TZ)
    services.suppliers.remove_contact(ALICE, acme.id, "jan de vries")
    assert services.suppliers.contacts(ALICE, acme.id) == []
    card = services.relationships.card(ALICE, acme.id)
    assert card.recent[0].contacts == ["Jan de Vries"]
    contact, created = services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    assert created is False
    assert contact.role == "account manager"


def test_a_note_records_kind_participants_follow_up_and_the_last_touch(services: Services, clock: FixedClock) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    # As the command path hands it over: Slack's own mention arrives raw, and from_slack keeps it as a mention.
    text = from_slack("visit with Jan and <@U_BOB|bob> #bezoek opvolgen volgende week vrijdag offerte sturen")
    logged = services.capture.log_note(ALICE, acme.id, text, tz=TZ)
    assert logged.kind == "visit"
    assert logged.contacts == ["Jan de Vries"]
    assert logged.colleague_ids == ["U_ALICE", "U_BOB"]
    assert logged.follow_up is not None
    assert logged.follow_up.due_date == date(2026, 12, 4)
    assert logged.follow_up.text == "offerte sturen"
    card = services.relationships.card(ALICE, acme.id)
    assert card.last_touch_at == clock.now()
    assert [(f.text, f.owner_id) for f in card.follow_ups] == [("offerte sturen", "U_ALICE")]


def test_a_back_dated_interaction_never_makes_the_last_touch_older(services: Services, clock: FixedClock) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "call today", tz=TZ)
    services.capture.log_interaction(
        ALICE,
        InteractionDraft(acme.id, date(2026, 10, 1), "meeting", "old meeting", [], [], False),
        tz=TZ,
    )
    assert services.relationships.card(ALICE, acme.id).last_touch_at == clock.now()


def test_undo_removes_the_interaction_and_its_follow_up_and_recomputes_the_last_touch(
    services: Services, clock: FixedClock
) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    first = services.capture.log_note(ALICE, acme.id, "first call", tz=TZ)
    clock.set(clock.now() + timedelta(days=2))
    second = services.capture.log_note(ALICE, acme.id, "second call, follow up friday", tz=TZ)
    assert services.capture.undo(BOB, second.id)[0] is UndoOutcome.NOT_YOURS
    assert services.capture.undo(ALICE, second.id) == (UndoOutcome.UNDONE, "Acme")
    assert services.capture.undo(ALICE, second.id)[0] is UndoOutcome.ALREADY
    card = services.relationships.card(ALICE, acme.id)
    assert card.last_touch_at == first.occurred_at
    assert card.follow_ups == []
    services.capture.undo(ALICE, first.id)
    assert services.relationships.card(ALICE, acme.id).last_touch_at is None


def test_a_private_note_and_its_ties_are_shown_to_its_author_only(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    services.capture.log_note(ALICE, acme.id, "dinner with Jan, tricky pricing talk #private follow up monday", tz=TZ)
    mine = services.relationships.card(ALICE, acme.id)
    theirs = services.relationships.card(BOB, acme.id)
    assert [r.private for r in mine.recent] == [True]
    assert theirs.recent == []
    # The tie exists for Bob too (issue 11: the fact that Alice met Jan is not the note's text), but without its
    # count or date.
    assert [(t.colleague_id, t.contact_name, t.touches_90d, t.last_touch_at) for t in theirs.ties] == [
        ("U_ALICE", "Jan de Vries", None, None)
    ]
    assert theirs.follow_ups == []
    assert theirs.last_touch_at == mine.last_touch_at


def test_a_modal_date_in_the_future_of_the_users_time_zone_is_refused(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme")
    with pytest.raises(InvalidInput) as refused:
        services.capture.log_interaction(
            ALICE, InteractionDraft(acme.id, date(2026, 11, 26), "call", "tomorrow's call", [], [], False), tz=TZ
        )
    assert refused.value.key == "date.future"


def test_the_export_holds_everything_with_private_notes_marked(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme & Co", "strategic")
    services.suppliers.add_alias(ALICE, acme.id, "ACO")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries", "sales")
    services.capture.log_note(ALICE, acme.id, "call with Jan <!channel> #private follow up friday", tz=TZ)
    out = io.StringIO()
    services.export.write_json("T1", out, now=services.clock.now())
    document = json.loads(out.getvalue())
    assert document["format"] == "covalis-export"
    assert document["suppliers"][0]["name"] == "Acme & Co"
    assert document["suppliers"][0]["aliases"] == ["ACO"]
    interaction = document["interactions"][0]
    assert interaction["private"] is True
    assert interaction["visibility"] == "private"
    assert interaction["summary"] == "call with Jan <!channel> follow up friday"
    assert interaction["contact_ids"] == [document["contacts"][0]["id"]]
    assert document["follow_ups"][0]["due_date"] == "2026-11-27"


def test_the_language_is_the_users_own_then_the_workspaces_then_english(services: Services) -> None:
    assert services.people.language_for(ALICE) == "en"
    services.people.remember_profile(BOB, {"tz": TZ, "real_name": "Bob", "is_admin": True})
    services.workspace_settings.set_language(BOB, "nl")
    assert services.people.language_for(ALICE) == "nl"
    services.people.set_language(ALICE, "English")
    assert services.people.language_for(ALICE) == "en"
    assert services.people.language_for(BOB) == "nl"
    assert services.people.language_for(OTHER_TEAM) == "en"


def test_ties_follow_every_interaction_private_notes_too_and_undo(services: Services) -> None:
    from storage import queries

    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    first = services.capture.log_note(ALICE, acme.id, "call with Jan", tz=TZ)
    services.capture.log_note(ALICE, acme.id, from_slack("lunch with Jan and <@U_BOB>"), tz=TZ)
    services.capture.log_note(BOB, acme.id, "secret chat with Jan #private", tz=TZ)

    def ties() -> dict[str, int]:
        """Each colleague's touches with Jan, as coverage reads them from the interactions (private ones counted)."""
        with services.db.read() as session:
            workspace = queries.get_workspace(session, team_id=ALICE.team_id)
            assert workspace is not None
            assert workspace.id is not None
            rows = queries.tie_touches(
                session,
                workspace_id=workspace.id,
                supplier_ids=[acme.id],
                now=services.clock.now(),
                window=timedelta(days=90),
                viewer_id="",
            )
            return {row.user_id: row.touches_recent for row in rows}

    assert ties() == {"U_ALICE": 2, "U_BOB": 2}  # Bob's private chat with Jan is a tie too; its text stays private
    services.capture.undo(ALICE, first.id)
    assert ties() == {"U_ALICE": 1, "U_BOB": 2}


def test_a_pending_question_is_kept_a_week_and_a_seen_event_a_day(services: Services, clock: FixedClock) -> None:
    start = clock.now()
    pending_id = services.pending.save(ALICE, "Acme: call with Jan")
    assert services.people.claim_event("Ev1") is True
    clock.set(start + timedelta(days=6))
    assert services.pending.expire_pending() == 0
    assert services.pending.forget_seen_events() == 1
    assert services.pending.peek(ALICE, pending_id) == "Acme: call with Jan"
    assert services.people.claim_event("Ev1") is True  # forgotten: a copy this late is treated as new
    clock.set(start + timedelta(days=8))
    assert services.pending.expire_pending() == 1
    assert services.pending.peek(ALICE, pending_id) is None


CAROL = Actor(team_id="T1", user_id="U_CAROL")


def _bobs_follow_up_on_alices_supplier(services: Services) -> tuple[int, int]:
    """Acme is Alice's; Bob logs a call with a promise, so the follow-up is his."""
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    logged = services.capture.log_note(BOB, acme.id, "call #call follow up friday send the forecast", tz=TZ)
    assert logged.follow_up is not None
    assert logged.follow_up.id is not None
    return acme.id, logged.follow_up.id


@pytest.mark.parametrize("closer", ["follow-up owner", "supplier owner", "Slack admin", "COVALIS_ADMINS"])
def test_a_follow_up_may_be_closed_by_its_owner_the_suppliers_owner_or_an_admin(
    services: Services, closer: str
) -> None:
    acme_id, follow_up_id = _bobs_follow_up_on_alices_supplier(services)
    actions = NudgeActions(services.db, services.clock, Rights(frozenset({"U_ROOT"})))
    user_id = {"follow-up owner": "U_BOB", "supplier owner": "U_ALICE", "Slack admin": "U_CAROL"}.get(closer, "U_ROOT")
    if closer == "Slack admin":
        services.people.remember_profile(CAROL, {"tz": TZ, "real_name": "Carol", "is_admin": True})
    done = actions.complete_follow_up("T1", user_id, follow_up_id)
    assert done is not None
    assert done.status == "done"
    assert services.relationships.card(ALICE, acme_id).follow_ups == []


def test_a_third_colleague_cannot_close_someone_elses_follow_up_and_is_told_who_can(services: Services) -> None:
    acme_id, follow_up_id = _bobs_follow_up_on_alices_supplier(services)
    services.people.remember_profile(CAROL, {"tz": TZ, "real_name": "Carol", "is_admin": False})
    with pytest.raises(NotAllowed) as refused:
        services.nudge_actions.complete_follow_up("T1", "U_CAROL", follow_up_id)
    assert [f.id for f in services.relationships.card(ALICE, acme_id).follow_ups] == [follow_up_id]
    for lang in ("en", "nl"):
        text = t(lang, refused.value.key, **refused.value.params)
        assert "<@U_BOB>" in text, text
        assert "<@U_ALICE>" in text, text


def test_the_refusal_names_one_person_when_the_follow_up_and_supplier_have_the_same_owner(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    logged = services.capture.log_note(ALICE, acme.id, "call #call follow up friday send the forecast", tz=TZ)
    assert logged.follow_up is not None
    assert logged.follow_up.id is not None
    with pytest.raises(NotAllowed) as refused:
        services.nudge_actions.complete_follow_up("T1", "U_CAROL", logged.follow_up.id)
    for lang in ("en", "nl"):
        text = t(lang, refused.value.key, **refused.value.params)
        assert text.count("<@U_ALICE>") == 1, text
        assert "<@U_CAROL>" not in text, text


# --- who may change a supplier ---------------------------------------------------------------------------------

CHANGES = {
    "archive": lambda s, sid: s.suppliers.set_archived(BOB, sid, True),
    "rename": lambda s, sid: s.suppliers.rename(BOB, sid, "Bob's Acme"),
    "alias": lambda s, sid: s.suppliers.add_alias(BOB, sid, "ACM"),
    "owner": lambda s, sid: s.suppliers.set_owner(BOB, sid, "U_BOB"),
    "segment": lambda s, sid: s.suppliers.set_segment(BOB, sid, "routine"),
    "cadence": lambda s, sid: s.suppliers.set_cadence(BOB, sid, 0),
    "key contact": lambda s, sid: s.suppliers.set_key_contact(BOB, sid, "Jan de Vries", 30),
    "remove contact": lambda s, sid: s.suppliers.remove_contact(BOB, sid, "Jan de Vries"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_colleague_cannot_change_someone_elses_supplier_and_nothing_changes(services: Services, change: str) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries", "account manager")
    before = _supplier_state(services, acme.id)

    with pytest.raises(NotAllowed) as refused:
        CHANGES[change](services, acme.id)

    assert refused.value.params["owner"] == "U_ALICE"
    assert _supplier_state(services, acme.id) == before


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_an_admin_may_change_any_supplier(services: Services, change: str) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries", "account manager")
    services.people.remember_profile(BOB, {"tz": TZ, "real_name": "Bob", "is_admin": True})
    before = _supplier_state(services, acme.id)

    CHANGES[change](services, acme.id)

    assert _supplier_state(services, acme.id) != before


def _supplier_state(services: Services, supplier_id: int) -> tuple[object, ...]:
    """Everything the changes above may change: the supplier, its aliases and its contacts' standing."""
    contacts = services.suppliers.contacts(ALICE, supplier_id)
    return (
        services.suppliers.get(ALICE, supplier_id),
        tuple(services.suppliers.aliases(ALICE, supplier_id)),
        tuple((c.name, c.removed, c.cadence_days) for c in contacts),
    )


def test_only_the_owner_or_an_admin_may_snooze_a_supplier(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    until = date(2026, 12, 10)

    assert services.nudge_actions.snooze("T1", "U_BOB", "supplier", acme.id, until, TZ) is False
    with services.db.read() as session:
        stored = session.get(Supplier, acme.id)
        assert stored is not None
        assert stored.snoozed_until is None
    assert services.nudge_actions.snooze("T1", "U_ALICE", "supplier", acme.id, until, TZ) is True


def test_workspace_settings_refuse_a_colleague_whatever_the_caller_claims(services: Services) -> None:
    with pytest.raises(NotAllowed):
        services.workspace_settings.set_renudge(BOB, 3)
    with pytest.raises(NotAllowed):
        services.workspace_settings.set_hours(BOB, "08:00-16:00")
    assert services.workspace_settings.show(ALICE).renudge_days == 7
