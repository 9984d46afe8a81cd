"""The holder rule (issue 12): most touches in 180 days, then the latest touch, then the lowest user id, among
colleagues still in Slack; a holder fixed by hand while they are in Slack; nobody → the owner."""

from datetime import UTC, datetime

from bot.services.holders import Holder, choose_holder

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_most_touches_wins() -> None:
    touches = [("U_A", 1, TUESDAY), ("U_B", 3, MONDAY)]
    assert choose_holder(touches, fixed=None, owner="U_OWNER", unable=set()) == Holder("U_B", holds_tie=True)


def test_equal_touches_go_to_the_latest_touch_then_the_lowest_user_id() -> None:
    assert choose_holder([("U_A", 2, MONDAY), ("U_B", 2, TUESDAY)], fixed=None, owner="U_O", unable=set()).user_id == (
        "U_B"
    )
    assert choose_holder([("U_B", 2, MONDAY), ("U_A", 2, MONDAY)], fixed=None, owner="U_O", unable=set()).user_id == (
        "U_A"
    )


def test_a_colleague_who_left_slack_holds_nothing_and_nobody_left_means_the_owner() -> None:
    touches = [("U_GONE", 9, TUESDAY), ("U_A", 1, MONDAY)]
    assert choose_holder(touches, fixed=None, owner="U_O", unable={"U_GONE"}).user_id == "U_A"
    assert choose_holder(touches, fixed=None, owner="U_O", unable={"U_GONE", "U_A"}) == Holder("U_O", holds_tie=False)
    assert choose_holder([], fixed=None, owner="U_O", unable=set()) == Holder("U_O", holds_tie=False)


def test_a_fixed_holder_wins_while_in_slack() -> None:
    touches = [("U_A", 5, TUESDAY)]
    assert choose_holder(touches, fixed="U_F", owner="U_O", unable=set()) == Holder("U_F", holds_tie=True, fixed=True)
    assert choose_holder(touches, fixed="U_F", owner="U_O", unable={"U_F"}).user_id == "U_A"
