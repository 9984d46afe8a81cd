"""When an open promise counts as missed: the end of its owner's second working day after the due date, in their own
time zone, weekends and the workspace's public holidays skipped."""

from datetime import UTC, date, datetime

import pytest

from bot.services.promises import missed_from


@pytest.mark.parametrize(
    ("due", "country", "missed_at"),
    [
        (date(2026, 11, 25), None, datetime(2026, 11, 27, 23, 0, tzinfo=UTC)),  # Wed: Thu, Fri → Sat 00:00 CET
        (date(2026, 11, 27), None, datetime(2026, 12, 1, 23, 0, tzinfo=UTC)),  # Fri: Mon, Tue (the weekend skipped)
        (date(2026, 11, 28), None, datetime(2026, 12, 1, 23, 0, tzinfo=UTC)),  # due on a Saturday: Mon, Tue too
        (date(2026, 12, 24), None, datetime(2026, 12, 28, 23, 0, tzinfo=UTC)),  # Thu: Fri 25, Mon 28
        (date(2026, 12, 24), "NL", datetime(2026, 12, 29, 23, 0, tzinfo=UTC)),  # Christmas off: Mon 28, Tue 29
        (date(2027, 4, 26), "NL", datetime(2027, 4, 29, 22, 0, tzinfo=UTC)),  # King's Day Tue 27 off: Wed, Thu (CEST)
    ],
)
def test_a_promise_counts_as_missed_when_the_second_working_day_after_it_ends_in_amsterdam(
    due: date, country: str | None, missed_at: datetime
) -> None:
    assert missed_from(due, "Europe/Amsterdam", country) == missed_at


def test_the_owners_own_time_zone_decides_when_their_working_day_ends() -> None:
    friday = date(2026, 11, 27)

    assert missed_from(friday, "America/New_York", None) == datetime(2026, 12, 2, 5, 0, tzinfo=UTC)
    assert missed_from(friday, "Asia/Tokyo", None) == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert missed_from(friday, None, None) == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)  # no zone known: UTC
