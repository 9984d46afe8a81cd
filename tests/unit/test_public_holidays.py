"""Public holidays: which days a country has off, and where a nudge or a digest due on one goes instead."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from bot.services.digest_content import scheduled_off_holidays
from bot.services.errors import InvalidInput
from bot.services.public_holidays import is_holiday, is_working_day, parse_country, working_day_in_week


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2027, 4, 27), True),  # King's Day
        (date(2026, 12, 25), True),  # Christmas Day
        (date(2027, 3, 29), True),  # Easter Monday
        (date(2027, 4, 28), False),
        (date(2026, 12, 24), False),
    ],
)
def test_dutch_public_holidays_are_known(day: date, holiday: bool) -> None:
    assert is_holiday("NL", day) is holiday


def test_without_a_country_no_day_is_a_holiday() -> None:
    assert not is_holiday(None, date(2026, 12, 25))
    assert is_working_day(None, date(2026, 12, 25))  # a Friday


def test_kings_day_is_dutch_not_german() -> None:
    assert is_holiday("NL", date(2027, 4, 27))
    assert not is_holiday("DE", date(2027, 4, 27))


def test_a_weekend_is_no_working_day_even_without_holidays() -> None:
    assert not is_working_day("NL", date(2027, 5, 1))  # a Saturday


@pytest.mark.parametrize(("raw", "country"), [("NL", "NL"), ("nl", "NL"), (" de ", "DE"), ("off", None), ("uit", None)])
def test_a_country_code_in_any_case_or_off(raw: str, country: str | None) -> None:
    assert parse_country(raw) == country


@pytest.mark.parametrize("raw", ["XX", "Netherlands", "N1", "", "12"])
def test_an_unknown_country_code_is_refused_with_what_was_typed(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_country(raw)
    assert refused.value.key == "settings.bad_holidays"


def test_a_holiday_moves_to_the_next_working_day_of_the_week() -> None:
    assert working_day_in_week("NL", date(2027, 3, 29)) == date(2027, 3, 30)  # Easter Monday → Tuesday
    assert working_day_in_week("NL", date(2027, 3, 30)) == date(2027, 3, 30)  # no holiday: stays


def test_a_holiday_on_the_last_working_day_of_the_week_skips_the_week() -> None:
    assert working_day_in_week("NL", date(2026, 12, 25)) is None  # Christmas Day, a Friday
    assert working_day_in_week("DE", date(2027, 3, 26)) is None  # Good Friday


def subscription(weekday: int, minute: int, tz: str = "Europe/Amsterdam") -> SimpleNamespace:
    return SimpleNamespace(weekday=weekday, minute=minute, tz=tz)


def test_a_monday_digest_on_easter_monday_goes_out_on_tuesday_at_the_same_time() -> None:
    at, week = scheduled_off_holidays(utc("2027-03-31T12:00"), subscription(0, 9 * 60), "NL")

    assert at == utc("2027-03-30T07:00")  # Tuesday 09:00 CEST
    assert week == "2027-W13"


def test_a_friday_digest_on_good_friday_skips_the_week() -> None:
    at, week = scheduled_off_holidays(utc("2027-03-25T12:00"), subscription(4, 16 * 60, "Europe/Berlin"), "DE")

    assert at is None
    assert week == "2027-W12"


def test_without_a_country_the_digest_keeps_its_day() -> None:
    at, _ = scheduled_off_holidays(utc("2027-03-31T12:00"), subscription(0, 9 * 60), None)

    assert at == utc("2027-03-29T07:00")  # Easter Monday 09:00 CEST
