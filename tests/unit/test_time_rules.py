"""The time rules on their own, as pure functions: working hours in the recipient's zone (DST weeks included), how
many days a relationship is overdue, and which week a digest belongs to. A broken rule fails here by name; the
Slack-level tests in tests/slack show the same rules end to end."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from bot.services.cadence import days_overdue
from bot.services.digests import parse_when, scheduled_in_week
from bot.services.errors import InvalidInput
from bot.services.nudges import Window, in_working_hours, known_zone, local_moment

NINE_TO_FIVE = Window(9 * 60, 17 * 60)


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


# --- working hours ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "at", "inside"),
    [
        # Europe falls back on Sunday 25 October 2026: Monday's 09:00 is 08:00 UTC.
        ("Europe/Amsterdam", "2026-10-26T07:59", False),
        ("Europe/Amsterdam", "2026-10-26T08:00", True),
        ("Europe/Amsterdam", "2026-10-26T15:59", True),
        ("Europe/Amsterdam", "2026-10-26T16:00", False),
        # Europe springs forward on Sunday 28 March 2027: Monday's 09:00 is 07:00 UTC.
        ("Europe/Amsterdam", "2027-03-29T06:59", False),
        ("Europe/Amsterdam", "2027-03-29T07:00", True),
        ("Europe/Amsterdam", "2027-03-29T14:59", True),
        ("Europe/Amsterdam", "2027-03-29T15:00", False),
        # The US falls back on Sunday 1 November 2026 and springs forward on Sunday 14 March 2027.
        ("America/New_York", "2026-11-02T13:59", False),
        ("America/New_York", "2026-11-02T14:00", True),
        ("America/New_York", "2027-03-15T12:59", False),
        ("America/New_York", "2027-03-15T13:00", True),
        # Singapore has no DST.
        ("Asia/Singapore", "2027-03-29T00:59", False),
        ("Asia/Singapore", "2027-03-29T01:00", True),
    ],
)
def test_working_hours_are_nine_to_five_on_the_recipients_own_clock_in_dst_change_weeks(
    tz: str, at: str, inside: bool
) -> None:
    assert in_working_hours(utc(at), tz, NINE_TO_FIVE) is inside


@pytest.mark.parametrize(
    ("at", "why"),
    [
        ("2026-12-12T10:00", "Saturday"),
        ("2026-12-13T10:00", "Sunday"),
        ("2026-12-14T00:30", "Monday 01:30, in the night"),
    ],
)
def test_weekends_and_nights_are_outside_working_hours(at: str, why: str) -> None:
    assert in_working_hours(utc(at), "Europe/Amsterdam", NINE_TO_FIVE) is False, why


def test_a_day_that_is_friday_in_new_york_and_saturday_in_singapore_is_a_working_day_only_in_new_york() -> None:
    at = utc("2026-12-11T18:00")  # Friday 13:00 in New York, Saturday 02:00 in Singapore

    assert in_working_hours(at, "America/New_York", NINE_TO_FIVE) is True
    assert in_working_hours(at, "Asia/Singapore", Window(0, 24 * 60)) is False


def test_a_narrowed_workspace_window_is_kept_to_the_minute() -> None:
    ten_to_twelve = Window(10 * 60, 12 * 60)

    assert in_working_hours(utc("2026-12-10T08:59"), "Europe/Amsterdam", ten_to_twelve) is False  # 09:59
    assert in_working_hours(utc("2026-12-10T09:00"), "Europe/Amsterdam", ten_to_twelve) is True  # 10:00
    assert in_working_hours(utc("2026-12-10T11:00"), "Europe/Amsterdam", ten_to_twelve) is False  # 12:00


@pytest.mark.parametrize(("tz", "known"), [("Europe/Amsterdam", True), ("Mars/Olympus_Mons", False), ("", False)])
def test_only_a_real_time_zone_counts_as_known(tz: str, known: bool) -> None:
    assert known_zone(tz) is known
    assert known_zone(None) is False


def test_the_local_moment_is_the_same_instant_on_the_recipients_clock() -> None:
    at = utc("2026-12-10T23:30")

    local = local_moment(at, "Europe/Amsterdam")

    assert local == at
    assert (local.day, local.hour, local.minute) == (11, 0, 30)
    assert local_moment(at, None).hour == 23  # no zone: UTC, never a guess


# --- days overdue ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "due", "days"),
    [
        ("2026-12-10T09:30", "2026-12-09T09:00", 1),
        ("2026-12-10T08:59", "2026-12-09T09:00", 0),  # 23 h 59 min: not a whole day yet
        ("2026-12-08T09:00", "2026-12-09T09:00", 0),  # not quiet yet
        ("2026-12-28T09:30", "2026-12-25T09:00", 3),
    ],
)
def test_days_overdue_counts_whole_days_since_the_relationship_went_quiet(now: str, due: str, days: int) -> None:
    assert days_overdue(utc(now), utc(due)) == days


def test_a_relationship_without_a_cadence_is_never_overdue() -> None:
    assert days_overdue(utc("2026-12-10T09:30"), None) == 0


# --- the digest's week -----------------------------------------------------------------------------------------


def subscription(weekday: int, minute: int, tz: str = "Europe/Amsterdam") -> SimpleNamespace:
    return SimpleNamespace(weekday=weekday, minute=minute, tz=tz)


def test_the_digest_is_due_on_its_weekday_and_time_in_the_zone_of_whoever_set_it_up() -> None:
    at, week = scheduled_in_week(utc("2026-12-16T12:00"), subscription(0, 9 * 60))  # asked on a Wednesday

    assert at == utc("2026-12-14T08:00")  # Monday 09:00 in Amsterdam
    assert week == "2026-W51"


def test_the_digest_time_follows_the_clock_change() -> None:
    before, _ = scheduled_in_week(utc("2026-10-20T12:00"), subscription(0, 9 * 60))
    after, _ = scheduled_in_week(utc("2026-10-27T12:00"), subscription(0, 9 * 60))

    assert before == utc("2026-10-19T07:00")  # 09:00 CEST
    assert after == utc("2026-10-26T08:00")  # 09:00 CET


def test_a_sunday_belongs_to_the_week_that_began_the_monday_before() -> None:
    at, week = scheduled_in_week(utc("2026-12-20T12:00"), subscription(0, 9 * 60))

    assert at == utc("2026-12-14T08:00")
    assert week == "2026-W51"


def test_the_week_label_is_the_iso_week_across_the_new_year() -> None:
    _, last = scheduled_in_week(utc("2026-12-31T12:00"), subscription(0, 9 * 60))
    _, first = scheduled_in_week(utc("2027-01-05T12:00"), subscription(4, 16 * 60))

    assert last == "2026-W53"
    assert first == "2027-W01"


def test_the_local_day_decides_the_week_not_the_utc_day() -> None:
    # Sunday 23:30 UTC is already Monday 08:30 in Singapore: next week's digest there.
    at, week = scheduled_in_week(utc("2026-12-20T23:30"), subscription(0, 9 * 60, "Asia/Singapore"))

    assert at == utc("2026-12-21T01:00")
    assert week == "2026-W52"


@pytest.mark.parametrize(
    ("word", "hhmm", "expected"),
    [("monday", "09:00", (0, 540)), ("Vrijdag", "16.30", (4, 990)), ("sun.", "23:59", (6, 1439))],
)
def test_digest_times_are_read_in_both_languages(word: str, hhmm: str, expected: tuple[int, int]) -> None:
    assert parse_when(word, hhmm) == expected


@pytest.mark.parametrize(("word", "hhmm"), [("someday", "09:00"), ("monday", "24:00"), ("monday", "9am")])
def test_a_digest_time_that_is_not_a_weekday_and_a_clock_time_is_refused(word: str, hhmm: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_when(word, hhmm)
    assert refused.value.key == "digest.bad_when"
