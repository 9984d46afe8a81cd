"""The trend and the brief on both engines: what each quarter and month counts, and who sees which private note."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.container import Services
from bot.services.brief import ELSEWHERE, NOT_MEMBER, TOO_MANY, UNCHECKED, NotSent
from bot.services.capture import InteractionDraft
from bot.services.trend import month_starts, quarter_starts
from bot.services.workspaces import Actor
from storage import queries
from storage.models import FollowUp, PulseAnswer

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"
TODAY = date(2026, 11, 25)


def _log(services: Services, who: Actor, supplier_id: int, day: date, contacts: list[int], *, private: bool) -> None:
    draft = InteractionDraft(supplier_id, day, "call", f"call on {day} by {who.user_id}", contacts, [], private)
    services.capture.log_interaction(who, draft, tz=TZ)


def _acme(services: Services) -> tuple[int, int, int]:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "sales director")
    piet, _ = services.suppliers.add_contact(ALICE, acme.id, "Piet Bakker", "quality manager")
    assert sara.id is not None
    assert piet.id is not None
    return acme.id, sara.id, piet.id


def test_the_trend_counts_visible_touches_per_month_and_each_quarter_by_the_cards_rules(services: Services) -> None:
    acme, sara, piet = _acme(services)
    _log(services, ALICE, acme, date(2026, 6, 25), [sara], private=False)
    _log(services, ALICE, acme, date(2026, 11, 20), [sara], private=False)
    _log(services, ALICE, acme, date(2026, 11, 21), [sara], private=True)
    _log(services, BOB, acme, date(2026, 11, 22), [piet], private=True)  # a fact for coverage, no dated bar for Alice
    with services.db.write() as session:
        workspace = queries.get_workspace(session, team_id="T1")
        assert workspace is not None
        assert workspace.id is not None
        for due, outcome in ((date(2026, 10, 5), "kept"), (date(2026, 10, 12), "missed")):
            session.add(
                FollowUp(
                    workspace_id=workspace.id,
                    supplier_id=acme,
                    text="price list",
                    due_date=due,
                    owner_id="U_ALICE",
                    status="done",
                    promise=True,
                    outcome=outcome,
                    created_at=datetime(2026, 10, 1, tzinfo=UTC),
                )
            )
        for side, score in (("ours", 4), ("theirs", 2)):
            session.add(
                PulseAnswer(
                    workspace_id=workspace.id,
                    supplier_id=acme,
                    side=side,
                    source="tap",
                    answered_by="U_ALICE" if side == "ours" else None,
                    contact_id=None if side == "ours" else sara,
                    overall=score,
                    answered_at=datetime(2026, 11, 1, tzinfo=UTC),
                )
            )

    trend = services.trend.trend(ALICE, acme)

    months = dict(trend.months)
    assert list(months) == month_starts(TODAY)
    assert months[date(2026, 11, 1)] == 2  # Bob's private note is not Alice's to count
    assert months[date(2026, 6, 1)] == 1
    assert trend.touches == 3
    assert [q.label for q in trend.quarters] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert quarter_starts(TODAY)[-1] == date(2026, 10, 1)
    q2, q3, q4 = trend.quarters[1:]
    assert (q2.active_ties, q3.active_ties, q4.active_ties) == (1, 0, 2)  # warm at the end of June, cold by September
    assert (q4.interfaces_covered, q4.interfaces_needed) == (2, 5)
    assert (q4.promises_kept, q4.promises_decided) == (1, 2)
    assert (q4.ours, q4.theirs) == (4.0, 2.0)
    assert q3.ours is None


def test_the_brief_keeps_private_notes_to_their_author_and_copies_only_to_members(services: Services) -> None:
    acme, sara, piet = _acme(services)
    _log(services, ALICE, acme, TODAY - timedelta(days=1), [sara], private=True)
    _log(services, BOB, acme, TODAY - timedelta(days=1), [piet], private=True)
    _log(services, ALICE, acme, TODAY - timedelta(days=20), [piet], private=False)
    _log(services, ALICE, acme, TODAY - timedelta(days=30), [sara], private=False)
    services.people.sync_directory(
        "T1",
        [
            {"id": "U_BOB", "tz": "Europe/Amsterdam"},
            {"id": "U_GUEST", "is_restricted": True},
            {"id": "U_GONE"},
            {"id": "U_OTHER"},  # a Slack Connect user of another company, cached like a colleague
        ],
    )
    services.people.remember_member("T1", {"id": "U_GONE", "deleted": True})
    profiles = {user: {"id": user, "team_id": "T1"} for user in ("U_BOB", "U_GUEST", "U_GONE")}
    profiles["U_OTHER"] = {"id": "U_OTHER", "team_id": "T_OTHER"}
    named = ["U_BOB", "U_GUEST", "U_GONE", "U_ALICE", "U_NEVER", "U_OTHER"] + [f"U_{i}" for i in range(6)]

    plan = services.briefs.brief(ALICE, acme, named, profiles)

    mine = plan.mine
    assert mine.attendees == ("U_ALICE", "U_BOB")
    assert plan.not_sent == (
        NotSent("U_GUEST", NOT_MEMBER),
        NotSent("U_GONE", NOT_MEMBER),
        NotSent("U_NEVER", UNCHECKED),  # Slack could not say who they are: no copy on the cache's word
        NotSent("U_OTHER", ELSEWHERE),
        *(NotSent(f"U_{i}", UNCHECKED) for i in range(5)),
        NotSent("U_5", TOO_MANY),  # the eleventh colleague named, the asker not counted
    )
    assert [r.summary for r in mine.recent if r.private] == [f"call on {TODAY - timedelta(days=1)} by U_ALICE"]
    bob_tie = next(t for t in mine.ties if t.user_id == "U_BOB")
    assert bob_tie.last_touch is None  # through Bob's private note: its warmth alone
    assert [(t.user_id, t.contact_name, t.warmth) for t in mine.warm_up] == [("U_ALICE", "Piet Bakker", "cooling")]
    [copy] = plan.copies
    assert copy.user_id == "U_BOB"
    assert all(not r.private for r in copy.brief.recent)
    alice_sara = next(t for t in copy.brief.ties if (t.user_id, t.contact_name) == ("U_ALICE", "Sara Kok"))
    assert alice_sara.last_touch is not None
    assert alice_sara.last_touch.date() == TODAY - timedelta(days=30)  # the team note, not Alice's private one
    assert alice_sara.also_private
    assert alice_sara.warmth == "warm"  # the warmth may tell; the date of the private note may not
    assert [g.interface for g in mine.gaps] == ["planning", "engineering", "executive"]
    same_org = {"id": "U_OTHER", "team_id": "T2", "enterprise_user": {"enterprise_id": "E1"}}
    grid = services.briefs.brief(replace(ALICE, enterprise_id="E1"), acme, ["U_OTHER"], {"U_OTHER": same_org})
    assert [c.user_id for c in grid.copies] == ["U_OTHER"]  # another workspace of our own Enterprise Grid org
