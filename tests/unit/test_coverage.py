"""A supplier's coverage: which people-to-people ties it rests on, which interfaces they reach, and what is at risk."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.coverage import (
    COLD,
    COOLING,
    DORMANT,
    WARM,
    ContactFacts,
    Coverage,
    Flag,
    SupplierFacts,
    Threads,
    TieFacts,
    coverage,
    thin_first,
    tie_cadence_days,
    warmth,
)
from bot.services.interfaces import workspace_needed
from storage.models import Workspace

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def _contact(cid: int, interface: str = "commercial", *, key: int | None = None, name: str = "") -> ContactFacts:
    return ContactFacts(id=cid, name=name or f"Contact {cid}", interface=interface, key_cadence_days=key)


def _tie(
    cid: int,
    user: str,
    days_ago: float,
    *,
    was_days_ago: float | None = None,
    visible: bool = True,
    touches: int = 1,
) -> TieFacts:
    return TieFacts(
        contact_id=cid,
        user_id=user,
        first_touch=_ago(400),
        last_touch=_ago(days_ago),
        touches_90d=touches,
        last_touch_was=_ago(was_days_ago) if was_days_ago is not None else None,
        touches_90d_was=0,
        visible=visible,
    )


def _supplier(
    contacts: tuple[ContactFacts, ...] = (),
    ties: tuple[TieFacts, ...] = (),
    *,
    segment: str = "leverage",
    cadence: int | None = 30,
    needed: tuple[str, ...] = (),
    touches: Mapping[str, int] | None = None,
    touches_was: Mapping[str, int] | None = None,
    name: str = "Acme",
    sid: int = 1,
) -> SupplierFacts:
    return SupplierFacts(
        supplier_id=sid,
        name=name,
        segment=segment,
        cadence_days=cadence,
        needed_interfaces=needed,
        contacts=contacts,
        ties=ties,
        colleague_touches_90d=touches or {},
        colleague_touches_90d_was=touches_was or {},
    )


def _kinds(flags: tuple[Flag, ...]) -> list[str]:
    return [flag.kind for flag in flags]


# Warmth -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(days=30) - SECOND, WARM),
        (timedelta(days=30), COOLING),
        (timedelta(days=60) - SECOND, COOLING),
        (timedelta(days=60), COLD),
        (timedelta(days=365) - SECOND, COLD),
        (timedelta(days=365), DORMANT),
    ],
)
def test_a_tie_warms_cools_goes_cold_and_dormant_exactly_at_its_boundaries(age: timedelta, expected: str) -> None:
    assert warmth(NOW - age, 30, NOW) == expected


def test_a_year_without_a_touch_is_dormant_even_when_the_cadence_is_longer() -> None:
    assert warmth(_ago(364), 400, NOW) == WARM
    assert warmth(_ago(365), 400, NOW) == DORMANT


def test_a_tie_without_any_touch_has_no_warmth() -> None:
    assert warmth(None, 30, NOW) is None


def test_a_cadence_of_zero_falls_back_to_ninety_days_instead_of_making_every_tie_cold() -> None:
    assert warmth(_ago(89), 0, NOW) == WARM
    assert warmth(_ago(90), 0, NOW) == COOLING


def test_a_key_contacts_own_cadence_beats_the_suppliers() -> None:
    assert tie_cadence_days(_contact(1, key=14), 30) == 14


def test_an_ordinary_contact_follows_the_suppliers_cadence() -> None:
    assert tie_cadence_days(_contact(1), 30) == 30
    assert tie_cadence_days(None, 30) == 30


@pytest.mark.parametrize(("key", "supplier"), [(None, None), (0, 0), (None, 0), (0, None)])
def test_without_any_cadence_a_tie_is_measured_against_ninety_days(key: int | None, supplier: int | None) -> None:
    assert tie_cadence_days(_contact(1, key=key), supplier) == 90


def test_a_key_contact_with_cadence_zero_follows_the_supplier() -> None:
    assert tie_cadence_days(_contact(1, key=0), 45) == 45


def test_coverage_measures_each_tie_against_its_own_contacts_cadence() -> None:
    facts = _supplier(
        (_contact(1, key=14), _contact(2), _contact(3)),
        (_tie(1, "U1", 20), _tie(2, "U1", 20), _tie(3, "U1", 100)),
        cadence=30,
    )
    by_contact = {view.contact_id: view.warmth for view in coverage(facts, NOW).ties}
    assert by_contact == {1: COOLING, 2: WARM, 3: COLD}


def test_a_supplier_without_cadence_gives_its_ties_ninety_days() -> None:
    facts = _supplier((_contact(1),), (_tie(1, "U1", 89),), cadence=None)
    assert [view.warmth for view in coverage(facts, NOW).ties] == [WARM]


# Threads ------------------------------------------------------------------------------------------------------------


def test_threads_count_active_ties_colleagues_and_contacts_now_and_ninety_days_ago() -> None:
    facts = _supplier(
        (_contact(1), _contact(2), _contact(3)),
        (
            _tie(1, "U1", 5, was_days_ago=95),
            _tie(2, "U1", 10),
            _tie(3, "U1", 40),
            _tie(1, "U2", 2, was_days_ago=200),
            _tie(2, "U2", 70, was_days_ago=150),
        ),
    )
    result = coverage(facts, NOW)
    assert result.threads == Threads(active_ties=4, colleagues=2, contacts=3)
    assert result.threads_was == Threads(active_ties=1, colleagues=1, contacts=1)


def test_a_cooling_tie_is_a_thread_and_a_cold_one_is_not() -> None:
    facts = _supplier((_contact(1), _contact(2)), (_tie(1, "U1", 59), _tie(2, "U2", 60)))
    assert coverage(facts, NOW).threads == Threads(active_ties=1, colleagues=1, contacts=1)


def test_a_tie_to_a_removed_contact_counts_for_nothing() -> None:
    facts = _supplier((_contact(1),), (_tie(1, "U1", 5), _tie(9, "U2", 5)))
    result = coverage(facts, NOW)
    assert result.threads == Threads(active_ties=1, colleagues=1, contacts=1)
    assert [view.contact_id for view in result.ties] == [1]


# Interfaces ---------------------------------------------------------------------------------------------------------


def test_interfaces_are_covered_by_warm_and_cooling_ties_but_not_by_cold_ones() -> None:
    facts = _supplier(
        (_contact(1, "commercial"), _contact(2, "quality"), _contact(3, "planning")),
        (_tie(1, "U1", 5), _tie(2, "U1", 45), _tie(3, "U2", 61)),
        needed=("commercial", "quality", "planning", "executive"),
    )
    result = coverage(facts, NOW)
    assert result.interfaces == (("commercial", True), ("quality", True), ("planning", False), ("executive", False))
    assert result.missing_interfaces == ("planning", "executive")


def test_a_contact_in_other_never_covers_a_needed_interface() -> None:
    # "other" is never needed: even a stored list naming it (hand-edited, or from an old version) reads without it.
    needed = workspace_needed(Workspace(team_id="T1", interfaces_strategic="commercial,other"), "strategic")
    facts = _supplier((_contact(1, "other"),), (_tie(1, "U1", 1),), needed=needed)
    assert coverage(facts, NOW).interfaces == (("commercial", False),)


def test_a_needed_interface_without_any_contact_is_missing() -> None:
    facts = _supplier((), (), needed=("finance",))
    assert coverage(facts, NOW).missing_interfaces == ("finance",)


def test_interfaces_ninety_days_ago_use_the_ties_as_they_were_then() -> None:
    facts = _supplier(
        (_contact(1, "commercial"), _contact(2, "quality")),
        (_tie(1, "U1", 5, was_days_ago=100), _tie(2, "U1", 5, was_days_ago=200)),
        needed=("commercial", "quality"),
    )
    result = coverage(facts, NOW)
    assert result.interfaces == (("commercial", True), ("quality", True))
    assert result.interfaces_was == (("commercial", True), ("quality", False))


# Bow-tie ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("segment", ["strategic", "bottleneck"])
def test_an_important_supplier_reached_by_one_colleague_is_a_bow_tie(segment: str) -> None:
    facts = _supplier((_contact(1), _contact(2)), (_tie(1, "U1", 5), _tie(2, "U1", 5)), segment=segment)
    assert _kinds(coverage(facts, NOW).flags) == ["bow_tie"]


def test_an_important_supplier_reaching_one_contact_is_a_bow_tie() -> None:
    facts = _supplier((_contact(1), _contact(2)), (_tie(1, "U1", 5), _tie(1, "U2", 5)), segment="strategic")
    assert _kinds(coverage(facts, NOW).flags) == ["bow_tie"]


def test_two_colleagues_reaching_two_contacts_is_no_bow_tie() -> None:
    facts = _supplier((_contact(1), _contact(2)), (_tie(1, "U1", 5), _tie(2, "U2", 5)), segment="strategic")
    assert coverage(facts, NOW).flags == ()


def test_a_strategic_supplier_without_any_tie_is_a_bow_tie() -> None:
    assert _kinds(coverage(_supplier(segment="strategic"), NOW).flags) == ["bow_tie"]


def test_a_bow_tie_counts_only_active_ties() -> None:
    facts = _supplier((_contact(1), _contact(2)), (_tie(1, "U1", 5), _tie(2, "U2", 61)), segment="strategic")
    assert _kinds(coverage(facts, NOW).flags) == ["bow_tie"]


@pytest.mark.parametrize("segment", ["leverage", "routine"])
def test_a_leverage_or_routine_supplier_is_never_a_bow_tie(segment: str) -> None:
    facts = _supplier((_contact(1),), (_tie(1, "U1", 5),), segment=segment)
    assert coverage(facts, NOW).flags == ()


# Rests on one colleague ---------------------------------------------------------------------------------------------


def _two_colleagues(touches: Mapping[str, int], *, u2_days_ago: float = 5) -> SupplierFacts:
    return _supplier((_contact(1), _contact(2)), (_tie(1, "U1", 5), _tie(2, "U2", u2_days_ago)), touches=touches)


def test_a_supplier_rests_on_one_colleague_holding_exactly_seventy_percent() -> None:
    flags = coverage(_two_colleagues({"U1": 7, "U2": 3}), NOW).flags
    assert flags == (Flag("rests_on_one", user_id="U1", share_percent=70, touches=10),)


def test_sixty_nine_percent_is_not_resting_on_one_colleague() -> None:
    assert coverage(_two_colleagues({"U1": 69, "U2": 31}), NOW).flags == ()


def test_the_share_is_rounded_down() -> None:
    (flag,) = coverage(_two_colleagues({"U1": 7, "U2": 2}), NOW).flags
    assert (flag.user_id, flag.share_percent, flag.touches) == ("U1", 77, 9)


def test_five_touches_are_enough_to_rest_on_one_colleague() -> None:
    assert _kinds(coverage(_two_colleagues({"U1": 4, "U2": 1}), NOW).flags) == ["rests_on_one"]


def test_four_touches_are_too_few_to_rest_on_one_colleague() -> None:
    assert coverage(_two_colleagues({"U1": 3, "U2": 1}), NOW).flags == ()


def test_resting_on_one_needs_a_second_colleague_with_an_active_tie() -> None:
    assert coverage(_two_colleagues({"U1": 9, "U2": 1}, u2_days_ago=61), NOW).flags == ()


def test_a_colleague_without_any_tie_counts_in_the_share() -> None:
    flags = coverage(_two_colleagues({"U1": 1, "U2": 1, "U3": 8}), NOW).flags
    assert flags == (Flag("rests_on_one", user_id="U3", share_percent=80, touches=10, named=False),)


# Key contact without a tie ------------------------------------------------------------------------------------------


def test_a_key_contact_with_only_a_cold_tie_is_flagged_by_name() -> None:
    facts = _supplier((_contact(1, key=30, name="Eva de Vries"), _contact(2)), (_tie(1, "U1", 61), _tie(2, "U1", 5)))
    assert coverage(facts, NOW).flags == (Flag("key_without_tie", contact_id=1, contact_name="Eva de Vries"),)


def test_a_key_contact_with_a_cooling_tie_is_not_flagged() -> None:
    facts = _supplier((_contact(1, key=30),), (_tie(1, "U1", 59),))
    assert coverage(facts, NOW).flags == ()


def test_each_key_contact_without_a_tie_gets_its_own_flag_and_ordinary_contacts_none() -> None:
    facts = _supplier((_contact(1, key=30), _contact(2), _contact(3, key=14)))
    assert [flag.contact_id for flag in coverage(facts, NOW).flags] == [1, 3]


def test_a_key_contact_is_measured_against_its_own_cadence() -> None:
    facts = _supplier((_contact(1, key=10),), (_tie(1, "U1", 20),), cadence=30)
    assert _kinds(coverage(facts, NOW).flags) == ["key_without_tie"]


# Ninety days ago ----------------------------------------------------------------------------------------------------


def test_flags_ninety_days_ago_come_from_the_ties_and_touches_of_then() -> None:
    facts = _supplier(
        (_contact(1, key=30), _contact(2)),
        (_tie(1, "U1", 5, was_days_ago=100), _tie(2, "U2", 5, was_days_ago=100), _tie(2, "U1", 5)),
        segment="strategic",
        touches={"U1": 5, "U2": 5},
        touches_was={"U1": 9, "U2": 1},
    )
    result = coverage(facts, NOW)
    assert result.flags == ()
    assert result.flags_was == (Flag("rests_on_one", user_id="U1", share_percent=90, touches=10),)


def test_ninety_days_ago_a_strategic_supplier_reached_by_one_colleague_was_a_bow_tie() -> None:
    facts = _supplier(
        (_contact(1), _contact(2)),
        (_tie(1, "U1", 5, was_days_ago=100), _tie(2, "U1", 5, was_days_ago=120), _tie(2, "U2", 5)),
        segment="strategic",
    )
    result = coverage(facts, NOW)
    assert result.flags == ()
    assert result.flags_was == (Flag("bow_tie"),)
    assert result.threads_was == Threads(active_ties=2, colleagues=1, contacts=2)


def test_ninety_days_ago_a_key_contact_not_yet_met_was_without_a_tie() -> None:
    facts = _supplier((_contact(1, key=30), _contact(2)), (_tie(1, "U1", 5), _tie(2, "U2", 5, was_days_ago=95)))
    result = coverage(facts, NOW)
    assert result.flags == ()
    assert result.flags_was == (Flag("key_without_tie", contact_id=1, contact_name="Contact 1"),)


def test_ninety_days_ago_the_key_contacts_cadence_of_today_applies() -> None:
    facts = _supplier((_contact(1, key=10),), (_tie(1, "U1", 5, was_days_ago=115),), cadence=60)
    result = coverage(facts, NOW)
    assert result.threads == Threads(active_ties=1, colleagues=1, contacts=1)
    assert result.threads_was == Threads(active_ties=0, colleagues=0, contacts=0)
    assert _kinds(result.flags_was) == ["key_without_tie"]


# Private notes ------------------------------------------------------------------------------------------------------


def test_a_tie_only_through_private_notes_shows_its_warmth_but_no_dates_or_counts() -> None:
    facts = _supplier((_contact(1),), (_tie(1, "U2", 40, visible=False, touches=3),))
    (view,) = coverage(facts, NOW).ties
    assert (view.contact_id, view.user_id, view.warmth) == (1, "U2", COOLING)
    assert (view.first_touch, view.last_touch, view.touches_90d) == (None, None, None)


def test_a_visible_tie_shows_its_dates_and_count() -> None:
    facts = _supplier((_contact(1),), (_tie(1, "U2", 40, touches=3),))
    (view,) = coverage(facts, NOW).ties
    assert (view.first_touch, view.last_touch, view.touches_90d) == (_ago(400), _ago(40), 3)


def test_a_private_tie_still_counts_in_threads_and_interfaces() -> None:
    facts = _supplier(
        (_contact(1, "quality"), _contact(2, "commercial")),
        (_tie(1, "U2", 5, visible=False), _tie(2, "U1", 5)),
        segment="strategic",
        needed=("quality",),
    )
    result = coverage(facts, NOW)
    assert result.threads == Threads(active_ties=2, colleagues=2, contacts=2)
    assert result.interfaces == (("quality", True),)
    assert result.flags == ()


def test_resting_on_a_colleague_seen_only_through_private_notes_does_not_name_them() -> None:
    facts = _supplier(
        (_contact(1), _contact(2)), (_tie(1, "U1", 5, visible=False), _tie(2, "U2", 5)), touches={"U1": 8, "U2": 2}
    )
    (flag,) = coverage(facts, NOW).flags
    assert (flag.kind, flag.user_id, flag.named) == ("rests_on_one", "U1", False)


def test_resting_on_a_colleague_with_one_visible_tie_names_them() -> None:
    facts = _supplier(
        (_contact(1), _contact(2)),
        (_tie(1, "U1", 5, visible=False), _tie(2, "U1", 5), _tie(2, "U2", 5)),
        touches={"U1": 8, "U2": 2},
    )
    (flag,) = coverage(facts, NOW).flags
    assert (flag.user_id, flag.named) == ("U1", True)


def test_ninety_days_ago_a_colleague_is_named_only_for_a_visible_tie_that_existed_then() -> None:
    facts = _supplier(
        (_contact(1), _contact(2)),
        (
            _tie(1, "U1", 5, was_days_ago=100, visible=False),
            _tie(2, "U1", 5),
            _tie(2, "U2", 5, was_days_ago=100),
        ),
        touches={"U1": 8, "U2": 2},
        touches_was={"U1": 8, "U2": 2},
    )
    result = coverage(facts, NOW)
    assert [(flag.user_id, flag.named) for flag in result.flags] == [("U1", True)]
    assert [(flag.user_id, flag.named) for flag in result.flags_was] == [("U1", False)]


# Ties as listed -----------------------------------------------------------------------------------------------------


def test_ties_are_grouped_by_contact_and_listed_warmest_then_most_recent_first_dormant_included() -> None:
    facts = _supplier(
        (_contact(2), _contact(1)),
        (_tie(1, "U1", 400), _tie(2, "U3", 70), _tie(1, "U2", 3), _tie(2, "U1", 20), _tie(2, "U2", 10)),
    )
    listed = [(view.contact_id, view.user_id, view.warmth) for view in coverage(facts, NOW).ties]
    assert listed == [(2, "U2", WARM), (2, "U1", WARM), (2, "U3", COLD), (1, "U2", WARM), (1, "U1", DORMANT)]


def test_a_private_tie_is_listed_by_its_warmth_after_the_visible_ties_as_warm() -> None:
    facts = _supplier(
        (_contact(1),), (_tie(1, "U1", 400), _tie(1, "U2", 20), _tie(1, "U3", 3, visible=False), _tie(1, "U4", 50))
    )
    listed = [(view.user_id, view.warmth) for view in coverage(facts, NOW).ties]
    assert listed == [("U2", WARM), ("U3", WARM), ("U4", COOLING), ("U1", DORMANT)]


# Thin relationships -------------------------------------------------------------------------------------------------


def _thin(name: str, segment: str, *, missing: int = 0, flags: int = 0, sid: int = 0) -> Coverage:
    no_threads = Threads(0, 0, 0)
    return Coverage(
        supplier_id=sid,
        name=name,
        segment=segment,
        threads=no_threads,
        threads_was=no_threads,
        interfaces=(*((f"i{n}", False) for n in range(missing)), ("commercial", True)),
        interfaces_was=(),
        flags=tuple(Flag("key_without_tie", contact_id=n) for n in range(flags)),
        flags_was=(),
        ties=(),
    )


def test_a_strategic_supplier_with_a_flag_or_a_missing_interface_is_thin() -> None:
    assert _thin("A", "strategic", flags=1).is_thin
    assert _thin("B", "bottleneck", missing=1).is_thin
    assert not _thin("C", "strategic").is_thin
    assert not _thin("D", "leverage", missing=2, flags=2).is_thin


def test_thin_relationships_list_strategic_first_then_the_most_missing_then_by_name() -> None:
    items = [
        _thin("Bolt bottleneck", "bottleneck", missing=3, flags=3),
        _thin("Fine", "strategic"),
        _thin("Leverage", "leverage", missing=4),
        _thin("Beta", "strategic", flags=1),
        _thin("alpha", "strategic", flags=1),
        _thin("Many flags", "strategic", flags=2),
        _thin("Missing", "strategic", missing=1),
    ]
    names = [item.name for item in thin_first(items)]
    assert names == ["Missing", "Many flags", "alpha", "Beta", "Bolt bottleneck"]


def test_thin_relationships_come_from_real_coverage() -> None:
    ok = _supplier(
        (_contact(1), _contact(2)), (_tie(1, "U1", 5), _tie(2, "U2", 5)), segment="strategic", name="Ok", sid=1
    )
    bow = _supplier((_contact(1),), (_tie(1, "U1", 5),), segment="bottleneck", name="Bow", sid=2)
    assert [item.supplier_id for item in thin_first(coverage(f, NOW) for f in (ok, bow))] == [2]


# A contact who left their company ------------------------------------------------------------------------------------


def test_a_warm_tie_to_someone_who_left_is_history_not_a_thread_and_covers_nothing() -> None:
    sara = ContactFacts(id=1, name="Sara Kok", interface="commercial", key_cadence_days=30, left=True)
    kees = _contact(2, "planning")
    ties = (_tie(1, "U1", 1), _tie(1, "U2", 2), _tie(2, "U1", 3))
    facts = _supplier((sara, kees), ties, segment="strategic", needed=("commercial", "planning"))

    result = coverage(facts, NOW)

    assert result.threads == Threads(active_ties=1, colleagues=1, contacts=1)
    assert result.interfaces == (("commercial", False), ("planning", True))
    assert "key_without_tie" not in _kinds(result.flags)
    assert [(view.contact_id, view.warmth, view.left) for view in result.ties if view.contact_id == 1] == [
        (1, WARM, True),
        (1, WARM, True),
    ]


def test_the_same_tie_counts_while_the_contact_is_still_there() -> None:
    sara = ContactFacts(id=1, name="Sara Kok", interface="commercial", key_cadence_days=30)

    result = coverage(_supplier((sara,), (_tie(1, "U1", 1),), needed=("commercial",)), NOW)

    assert result.threads.active_ties == 1
    assert result.interfaces == (("commercial", True),)
    assert not any(view.left for view in result.ties)
