"""What one nudge DM holds: at most fifteen items, and a long list of quiet suppliers never hides a promise."""

from bot.services.nudges import ITEMS_MAX, NudgeItem, pick_for_message


def _items(kind: str, count: int) -> list[NudgeItem]:
    return [
        NudgeItem(kind=kind, id=i, supplier_id=i, supplier_name=f"S{i}", days_overdue=count - i) for i in range(count)
    ]


def test_follow_ups_keep_their_place_when_many_suppliers_are_quiet() -> None:
    shown, hidden = pick_for_message(_items("supplier", 30) + _items("follow_up", 2))
    assert len(shown) == ITEMS_MAX
    assert [i.kind for i in shown].count("follow_up") == 2
    assert hidden == 32 - ITEMS_MAX


def test_a_short_list_is_shown_whole() -> None:
    items = _items("supplier", 3) + _items("contact", 2) + _items("follow_up", 4)
    assert pick_for_message(items) == (items, 0)


def test_many_follow_ups_and_few_suppliers_fill_the_message_with_follow_ups() -> None:
    shown, hidden = pick_for_message(_items("supplier", 2) + _items("follow_up", 20))
    assert [i.kind for i in shown].count("supplier") == 2
    assert len(shown) == ITEMS_MAX
    assert hidden == 7
