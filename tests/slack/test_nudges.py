"""Quiet-relationship nudges end to end: the tick against the Web API stand-in, buttons in-process."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.slack.harness import SlackHarness, dms_to, text_of, tick

# Thursday 10 December 2026, 10:30 in Amsterdam: 15 days after the suppliers are added on 25 November.
THURSDAY_MORNING = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def quiet_acme(slack: SlackHarness) -> SlackHarness:
    _, name = slack.command("supplier add Acme Industries strategic")
    slack.answer(name)
    _, name = slack.command("supplier add Bolts & Nuts routine")
    slack.answer(name)
    return slack


def test_a_quiet_strategic_supplier_is_nudged_once_at_the_first_tick_in_working_hours(quiet_acme: SlackHarness) -> None:
    slack = quiet_acme
    report = tick(slack, THURSDAY_MORNING)
    assert report.nudges.sent == 1
    [dm] = dms_to(slack, "U_ALICE")
    shown = text_of(dm)
    assert "*Acme Industries* has gone quiet" in shown
    assert "1 day past its cadence" in shown  # quiet since Wednesday 9 December, 09:00 UTC
    assert "Bolts" not in shown
    tick(slack, THURSDAY_MORNING + timedelta(hours=2))
    assert len(dms_to(slack, "U_ALICE")) == 1


def test_no_nudge_at_night_or_on_a_weekend_in_the_owners_time_zone(quiet_acme: SlackHarness) -> None:
    slack = quiet_acme
    assert tick(slack, datetime(2026, 12, 10, 6, 0, tzinfo=UTC)).nudges.sent == 0  # 07:00 Amsterdam
    assert tick(slack, datetime(2026, 12, 10, 16, 30, tzinfo=UTC)).nudges.sent == 0  # 17:30 Amsterdam
    assert tick(slack, datetime(2026, 12, 12, 10, 0, tzinfo=UTC)).nudges.sent == 0  # Saturday
    assert dms_to(slack, "U_ALICE") == []
    assert tick(slack, datetime(2026, 12, 14, 8, 5, tzinfo=UTC)).nudges.sent == 1  # Monday 09:05


def test_a_renudge_comes_only_after_seven_days(quiet_acme: SlackHarness) -> None:
    slack = quiet_acme
    tick(slack, THURSDAY_MORNING)
    for days in range(1, 7):
        tick(slack, THURSDAY_MORNING + timedelta(days=days))
    assert len(dms_to(slack, "U_ALICE")) == 1
    tick(slack, THURSDAY_MORNING + timedelta(days=7))
    assert len(dms_to(slack, "U_ALICE")) == 2


def test_logging_an_interaction_clears_the_nudge(quiet_acme: SlackHarness) -> None:
    slack = quiet_acme
    slack.services.clock.set(THURSDAY_MORNING - timedelta(days=1))  # type: ignore[attr-defined]
    _, name = slack.command("note Acme: quarterly review #meeting")
    slack.answer(name)
    assert tick(slack, THURSDAY_MORNING).nudges.sent == 0


def test_a_click_keeps_the_count_of_items_left_for_another_day(slack: SlackHarness) -> None:
    for i in range(17):
        _, name = slack.command(f"supplier add Supplier {i:02d} strategic")
        slack.answer(name)
    tick(slack, THURSDAY_MORNING)
    [dm] = dms_to(slack, "U_ALICE")
    assert "…and 2 more" in text_of(dm)
    delivery_id = next(
        int(b["block_id"].split(":")[1]) for b in dm["blocks"] if str(b.get("block_id", "")).startswith("nudge:")
    )
    nudge = slack.services.nudges.mark_item("T0000TEST", delivery_id, "supplier", 1, "snoozed", "Thu 17 Dec")
    assert nudge is not None
    assert nudge.hidden == 2
