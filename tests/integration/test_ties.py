"""Ties as the interactions show them, on both engines: private notes form ties too; who may see their dates."""

from datetime import date, timedelta

from bot.container import Services
from bot.services.capture import InteractionDraft
from bot.services.workspaces import Actor
from storage import queries
from tests.conftest import NOW

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"
TODAY = date(2026, 11, 25)
WINDOW = timedelta(days=90)


def _log(services: Services, who: Actor, supplier_id: int, days_ago: int, contacts: list[int], private: bool) -> None:
    draft = InteractionDraft(supplier_id, TODAY - timedelta(days=days_ago), "call", "call", contacts, [], private)
    services.capture.log_interaction(who, draft, tz=TZ)


def _acme_with_history(services: Services) -> tuple[int, int, int]:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    jan, _ = services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    piet, _ = services.suppliers.add_contact(ALICE, acme.id, "Piet Bakker")
    assert jan.id is not None
    assert piet.id is not None
    for days_ago in (200, 100, 10):
        _log(services, ALICE, acme.id, days_ago, [jan.id], private=False)
    _log(services, BOB, acme.id, 20, [piet.id], private=True)
    return acme.id, jan.id, piet.id


def _touches(services: Services, supplier_id: int, viewer: str) -> dict[tuple[int, str], queries.TieTouches]:
    with services.db.read() as session:
        workspace = queries.get_workspace(session, team_id="T1")
        assert workspace is not None
        assert workspace.id is not None
        rows = queries.tie_touches(
            session, workspace_id=workspace.id, supplier_ids=[supplier_id], now=NOW, window=WINDOW, viewer_id=viewer
        )
    return {(r.contact_id, r.user_id): r for r in rows}


def test_a_tie_knows_its_first_and_last_touch_and_its_touches_now_and_ninety_days_ago(services: Services) -> None:
    acme, jan, _ = _acme_with_history(services)

    tie = _touches(services, acme, "U_ALICE")[(jan, "U_ALICE")]

    assert tie.first_touch.date() == TODAY - timedelta(days=200)
    assert tie.last_touch.date() == TODAY - timedelta(days=10)
    assert tie.touches_recent == 1
    assert tie.last_touch_before is not None
    assert tie.last_touch_before.date() == TODAY - timedelta(days=100)
    assert tie.touches_before == 1
    assert tie.visible


def test_a_private_note_forms_a_tie_whose_dates_only_its_author_may_see(services: Services) -> None:
    acme, _, piet = _acme_with_history(services)

    seen_by_alice = _touches(services, acme, "U_ALICE")[(piet, "U_BOB")]
    seen_by_bob = _touches(services, acme, "U_BOB")[(piet, "U_BOB")]

    assert not seen_by_alice.visible
    assert seen_by_bob.visible
    assert seen_by_alice.touches_recent == 1


def test_each_interaction_counts_once_per_colleague_in_the_touch_windows(services: Services) -> None:
    acme, jan, piet = _acme_with_history(services)
    _log(services, ALICE, acme, 5, [jan, piet], private=False)  # one interaction, two contacts

    with services.db.read() as session:
        workspace = queries.get_workspace(session, team_id="T1")
        assert workspace is not None
        assert workspace.id is not None
        seen_by_bob = queries.colleague_touches(
            session, workspace_id=workspace.id, supplier_ids=[acme], now=NOW, window=WINDOW, viewer_id="U_BOB"
        )
        seen_by_alice = queries.colleague_touches(
            session, workspace_id=workspace.id, supplier_ids=[acme], now=NOW, window=WINDOW, viewer_id="U_ALICE"
        )

    assert sorted(seen_by_bob) == [(acme, "U_ALICE", 2, 1), (acme, "U_BOB", 1, 0)]
    assert sorted(seen_by_alice) == [(acme, "U_ALICE", 2, 1)]  # Bob's touch is a private note: not counted for her


def test_another_workspace_and_another_supplier_are_left_out(services: Services) -> None:
    acme, _, _ = _acme_with_history(services)
    globex = services.suppliers.add(ALICE, "Globex", "strategic")
    other = Actor(team_id="T2", user_id="U_ALICE")
    elsewhere = services.suppliers.add(other, "Acme", "strategic")
    contact, _ = services.suppliers.add_contact(other, elsewhere.id, "Jan de Vries")
    assert contact.id is not None
    _log(services, other, elsewhere.id, 3, [contact.id], private=False)

    with services.db.read() as session:
        workspace = queries.get_workspace(session, team_id="T1")
        assert workspace is not None
        assert workspace.id is not None
        # The other workspace's supplier id is asked for too: the workspace alone must keep it out.
        rows = queries.tie_touches(
            session,
            workspace_id=workspace.id,
            supplier_ids=[acme, globex.id, elsewhere.id],
            now=NOW,
            window=WINDOW,
            viewer_id="",
        )

    assert {row.supplier_id for row in rows} == {acme}
    assert len(rows) == 2


def test_the_card_counts_a_private_only_tie_but_only_its_author_sees_its_dates(services: Services) -> None:
    acme, jan, piet = _acme_with_history(services)

    alice_card = services.relationships.card(ALICE, acme)
    bob_ties = services.relationships.ties(BOB, acme)
    alice_ties = services.relationships.ties(ALICE, acme)

    assert alice_card.coverage is not None
    assert alice_card.coverage.threads.active_ties == 2  # Alice ↔ Jan (10 days ago) and Bob ↔ Piet (private)
    [bobs_seen_by_alice] = [tie for tie in alice_ties.ties if tie.user_id == "U_BOB"]
    [bobs_seen_by_bob] = [tie for tie in bob_ties.ties if tie.user_id == "U_BOB"]
    assert bobs_seen_by_alice.last_touch is None
    assert bobs_seen_by_alice.touches_90d is None
    assert bobs_seen_by_bob.last_touch is not None
    assert {c.id for c in alice_ties.contacts} == {jan, piet}


def test_a_removed_contact_and_a_colleague_who_left_hold_no_active_tie(services: Services) -> None:
    acme, _, _ = _acme_with_history(services)
    services.suppliers.remove_contact(ALICE, acme, "Piet Bakker")
    services.people.sync_directory("T1", [{"id": "U_ALICE", "tz": TZ}, {"id": "U_BOB", "deleted": True}])

    coverage = services.relationships.card(ALICE, acme).coverage

    assert coverage is not None
    assert coverage.threads.active_ties == 1
    assert {tie.user_id for tie in coverage.ties} == {"U_ALICE"}


def test_the_digest_reads_less_history_and_reaches_the_same_coverage(services: Services) -> None:
    from bot.services.coverage import coverage
    from bot.services.tie_facts import supplier_facts
    from storage.models import Supplier, Workspace

    acme, jan, piet = _acme_with_history(services)
    _log(services, ALICE, acme, 400, [piet], private=False)  # long dormant, outside what the digest reads
    services.suppliers.set_key_contact(ALICE, acme, "Piet Bakker", 120)  # a long cadence reaches further back

    with services.db.read() as session:
        supplier = session.get(Supplier, acme)
        assert supplier is not None
        workspace = session.get(Workspace, supplier.workspace_id)
        assert workspace is not None
        full = coverage(supplier_facts(session, workspace, [supplier], NOW, viewer_id="")[0], NOW)
        lean = coverage(supplier_facts(session, workspace, [supplier], NOW, viewer_id="", only_coverage=True)[0], NOW)

    assert (lean.threads, lean.threads_was, lean.interfaces, lean.interfaces_was) == (
        full.threads,
        full.threads_was,
        full.interfaces,
        full.interfaces_was,
    )
    assert (lean.flags, lean.flags_was) == (full.flags, full.flags_was)
    dormant = [(t.contact_id, t.user_id) for t in full.ties if t.warmth == "dormant"]
    assert dormant == [(piet, "U_ALICE")]
    assert (piet, "U_ALICE") not in [(t.contact_id, t.user_id) for t in lean.ties]
    assert (jan, "U_ALICE") in [(t.contact_id, t.user_id) for t in lean.ties]


def test_a_tie_with_old_team_notes_and_recent_private_ones_shows_only_the_team_notes_dates(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")
    assert sara.id is not None
    _log(services, BOB, acme.id, 300, [sara.id], private=False)
    for days_ago in (40, 30, 20, 10):
        _log(services, BOB, acme.id, days_ago, [sara.id], private=True)

    [seen_by_alice] = services.relationships.ties(ALICE, acme.id).ties
    [seen_by_bob] = services.relationships.ties(BOB, acme.id).ties

    assert seen_by_alice.last_touch is not None
    assert seen_by_alice.last_touch.date() == TODAY - timedelta(days=300)
    assert seen_by_alice.touches_90d == 0
    assert seen_by_alice.also_private
    assert seen_by_alice.warmth == "warm"  # the private dinners still keep the tie warm
    assert seen_by_bob.touches_90d == 4
    assert not seen_by_bob.also_private


def test_rests_on_one_colleague_never_counts_someone_elses_private_notes(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")
    piet, _ = services.suppliers.add_contact(ALICE, acme.id, "Piet Bakker", "quality manager")
    assert sara.id is not None
    assert piet.id is not None
    _log(services, ALICE, acme.id, 5, [piet.id], private=False)
    _log(services, BOB, acme.id, 200, [sara.id], private=False)
    for days_ago in (40, 30, 20, 15, 10, 5):
        _log(services, BOB, acme.id, days_ago, [sara.id], private=True)

    alice_sees = services.relationships.card(ALICE, acme.id).coverage
    bob_sees = services.relationships.card(BOB, acme.id).coverage

    assert alice_sees is not None
    assert bob_sees is not None
    assert [f.kind for f in alice_sees.flags if f.kind == "rests_on_one"] == []
    [rests] = [f for f in bob_sees.flags if f.kind == "rests_on_one"]
    assert rests.user_id == "U_BOB"


def test_the_digest_ranks_thin_relationships_from_ties_now_and_shows_the_same_coverage_as_for_all(
    services: Services,
) -> None:
    """The digest ranks candidates from each tie's last touch and builds full coverage only for the ones it shows;
    what it shows and counts must be what full coverage of every candidate gives."""
    from bot.services.coverage import IMPORTANT_SEGMENTS, coverage, thin_first
    from bot.services.digest_content import thin_relationships
    from bot.services.tie_facts import supplier_facts

    def supplier(name: str, segment: str, *people: str) -> tuple[int, list[int]]:
        ref = services.suppliers.add(ALICE, name, segment)
        ids = []
        for person in people:
            contact, _ = services.suppliers.add_contact(ALICE, ref.id, person)
            assert contact.id is not None
            ids.append(contact.id)
        return ref.id, ids

    acme, [jan] = supplier("Acme", "strategic", "Jan")  # two colleagues, one contact, rests on Alice
    for days_ago in (1, 2, 3, 4, 5):
        _log(services, ALICE, acme, days_ago, [jan], private=False)
    _log(services, BOB, acme, 6, [jan], private=False)
    bolt, [kees, anna] = supplier("Bolt", "bottleneck", "Kees", "Anna")  # one tie active at 50 days, one not at 70
    _log(services, ALICE, bolt, 50, [kees], private=False)
    _log(services, BOB, bolt, 70, [anna], private=False)
    services.suppliers.set_interface(ALICE, bolt, "Kees", "planning")
    corus, [eva, tom] = supplier("Corus", "strategic", "Eva", "Tom")  # well covered, a key contact with a long cadence
    services.suppliers.set_key_contact(ALICE, corus, "Eva", 120)
    _log(services, ALICE, corus, 200, [eva], private=False)
    _log(services, BOB, corus, 10, [eva, tom], private=False)
    _log(services, ALICE, corus, 12, [tom], private=False)
    delta, [ria] = supplier("Delta", "strategic", "Ria")  # a tie only through a private note
    _log(services, BOB, delta, 5, [ria], private=True)
    supplier("Emco", "strategic")  # nobody to talk to
    routine, [wim] = supplier("Fabri", "routine", "Wim")  # never thin
    _log(services, ALICE, routine, 3, [wim], private=False)

    with services.db.read() as session:
        workspace = queries.get_workspace(session, team_id="T1")
        assert workspace is not None
        assert workspace.id is not None
        candidates = queries.coverage_candidates(
            session, workspace_id=workspace.id, segments=IMPORTANT_SEGMENTS, segment=None, owner_id=None
        )
        facts = supplier_facts(session, workspace, candidates, NOW, viewer_id="", only_coverage=True)
        expected = thin_first(coverage(f, NOW) for f in facts)
        shown = {
            limit: thin_relationships(session, workspace, NOW, segment=None, owner_id=None, limit=limit)
            for limit in (2, 10)
        }
        bottleneck = thin_relationships(session, workspace, NOW, segment="bottleneck", owner_id=None, limit=10)

    assert [c.name for c in expected] == ["Acme", "Delta", "Emco", "Corus", "Bolt"]
    assert shown[2] == (expected[:2], 5)
    assert shown[10] == (expected, 5)
    assert bottleneck == ([c for c in expected if c.name == "Bolt"], 1)
    assert [f.kind for f in expected[0].flags] == ["bow_tie", "rests_on_one"]
    assert expected[4].missing_interfaces == ("commercial", "quality")  # Kees's tie, 50 days old, covers planning
