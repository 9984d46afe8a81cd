"""One table of weekday words: the digest schedule and follow-up dates understand the same words."""

from datetime import date, timedelta

import pytest

from bot.services.digests import parse_when
from bot.services.errors import InvalidInput
from bot.services.followup_dates import parse_day
from bot.services.weekdays import WEEKDAY_WORDS

SUNDAY = date(2026, 11, 29)


@pytest.mark.parametrize("word", sorted(WEEKDAY_WORDS))
def test_every_weekday_word_means_the_same_day_for_a_digest_and_a_follow_up(word: str) -> None:
    weekday, minute = parse_when(word, "09:30")
    assert (weekday, minute) == (WEEKDAY_WORDS[word], 570)
    assert parse_day(word, today=SUNDAY) == SUNDAY + timedelta(days=weekday + 1)


@pytest.mark.parametrize(
    ("word", "weekday"),
    [("Thurs", 3), ("tues", 1), ("Vrijdag", 4), ("vr.", 4), ("ZO", 6), ("maandag", 0), ("wed", 2)],
)
def test_a_digest_can_be_scheduled_with_full_names_and_abbreviations_in_both_languages(word: str, weekday: int) -> None:
    assert parse_when(word, "16:00") == (weekday, 960)


@pytest.mark.parametrize("word", ["someday", "mo", "vrij", ""])
def test_a_word_that_is_no_weekday_gets_the_usage_answer(word: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_when(word, "09:00")
    assert refused.value.key == "digest.bad_when"


def test_english_and_dutch_name_all_seven_days_in_full_and_short() -> None:
    for names in (
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        ["ma", "di", "wo", "do", "vr", "za", "zo"],
    ):
        assert [WEEKDAY_WORDS[name] for name in names] == list(range(7))
