"""Pins the follow-up phrases users type, in English and Dutch, to the due dates they expect."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.services.followup_dates import FollowUpPhrase, extract_follow_up

WEDNESDAY = date(2026, 11, 25)
FRIDAY = date(2026, 11, 27)
SUNDAY = date(2026, 11, 29)
NEW_YEARS_EVE_EVE = date(2026, 12, 30)


def _due(text: str, today: date) -> date:
    found = extract_follow_up(text, today=today)
    assert found is not None, text
    return found.due


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("follow up friday", date(2026, 11, 27)),
        ("follow-up by Friday", date(2026, 11, 27)),
        ("followup fri", date(2026, 11, 27)),
        ("FOLLOW UP FRIDAY", date(2026, 11, 27)),
        ("follow up next friday", date(2026, 11, 27)),
        ("follow up wednesday", date(2026, 12, 2)),
        ("fu tomorrow", date(2026, 11, 26)),
        ("follow up today", date(2026, 11, 25)),
        ("follow up the day after tomorrow", date(2026, 11, 27)),
        ("follow up next week", date(2026, 11, 30)),
        ("follow up next week tuesday", date(2026, 12, 1)),
        ("follow up friday next week", date(2026, 12, 4)),
        ("follow up next month", date(2026, 12, 1)),
        ("follow up in 2 weeks", date(2026, 12, 9)),
        ("follow up in three days", date(2026, 11, 28)),
        ("follow up in a month", date(2026, 12, 25)),
        ("follow up 2 weeks from now", date(2026, 12, 9)),
        ("follow up on 3 december", date(2026, 12, 3)),
        ("follow up by 15 jan", date(2027, 1, 15)),
        ("follow up january 15", date(2027, 1, 15)),
        ("follow up on the 15th of January", date(2027, 1, 15)),
        ("follow up 3 december 2027", date(2027, 12, 3)),
        ("follow up 25 nov", date(2026, 11, 25)),
        ("follow up 2026-12-03", date(2026, 12, 3)),
        ("follow up 3/12", date(2026, 12, 3)),
        ("follow up 3-12", date(2026, 12, 3)),
        ("follow up 3-12-2026", date(2026, 12, 3)),
        ("follow up 1/11", date(2027, 11, 1)),
        ("follow up end of week", date(2026, 11, 27)),
        ("follow up end of month", date(2026, 11, 30)),
        ("follow up in a fortnight", date(2026, 12, 9)),
    ],
)
def test_english_phrases_on_a_wednesday_give_the_expected_due_date(text: str, expected: date) -> None:
    assert _due(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("opvolgen vrijdag", date(2026, 11, 27)),
        ("opvolgen vr", date(2026, 11, 27)),
        ("opvolgen volgende vrijdag", date(2026, 11, 27)),
        ("opvolgen volgende week vrijdag", date(2026, 12, 4)),
        ("opvolgen vrijdag volgende week", date(2026, 12, 4)),
        ("opvolgen volgende week", date(2026, 11, 30)),
        ("opvolgen vandaag", date(2026, 11, 25)),
        ("opvolgen morgen", date(2026, 11, 26)),
        ("opvolgen overmorgen", date(2026, 11, 27)),
        ("opvolgen over 2 weken", date(2026, 12, 9)),
        ("opvolgen over drie dagen", date(2026, 11, 28)),
        ("opvolgen over een maand", date(2026, 12, 25)),
        ("opvolgen voor 15 januari", date(2027, 1, 15)),
        ("opvolgen vóór 15 jan", date(2027, 1, 15)),
        ("opvolgen uiterlijk 3 december", date(2026, 12, 3)),
        ("opvolgen op 3 december", date(2026, 12, 3)),
        ("nabellen maandag", date(2026, 11, 30)),
        ("terugkomen op donderdag", date(2026, 11, 26)),
        ("opvolgen eind van de week", date(2026, 11, 27)),
        ("opvolgen eind deze week", date(2026, 11, 27)),
        ("opvolgen eind van de maand", date(2026, 11, 30)),
        ("opvolgen einde maand", date(2026, 11, 30)),
        ("opvolgen volgende maand", date(2026, 12, 1)),
    ],
)
def test_dutch_phrases_on_a_wednesday_give_the_expected_due_date(text: str, expected: date) -> None:
    assert _due(text, WEDNESDAY) == expected


def test_dutch_next_week_friday_is_friday_of_the_following_week() -> None:
    assert _due("opvolgen volgende week vrijdag", WEDNESDAY) == date(2026, 12, 4)
    assert _due("opvolgen vrijdag", WEDNESDAY) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("follow up friday", date(2026, 12, 4)),
        ("opvolgen vrijdag", date(2026, 12, 4)),
        ("follow up end of week", date(2026, 11, 27)),
        ("follow up next week", date(2026, 11, 30)),
        ("opvolgen volgende week vrijdag", date(2026, 12, 4)),
        ("follow up today", date(2026, 11, 27)),
    ],
)
def test_on_a_friday_a_weekday_means_next_week_but_end_of_week_means_today(text: str, expected: date) -> None:
    assert _due(text, FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("follow up next week", date(2026, 11, 30)),
        ("nabellen maandag", date(2026, 11, 30)),
        ("follow up next week tuesday", date(2026, 12, 1)),
        ("opvolgen volgende week vrijdag", date(2026, 12, 4)),
        ("follow up friday", date(2026, 12, 4)),
        ("follow up end of week", date(2026, 12, 4)),
        ("follow up sunday", date(2026, 12, 6)),
    ],
)
def test_on_a_sunday_next_week_starts_tomorrow(text: str, expected: date) -> None:
    assert _due(text, SUNDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("follow up 3 jan", date(2027, 1, 3)),
        ("follow up 3/1", date(2027, 1, 3)),
        ("opvolgen 15 december", date(2027, 12, 15)),
        ("follow up 30 december", date(2026, 12, 30)),
        ("follow up end of month", date(2026, 12, 31)),
        ("follow up next week", date(2027, 1, 4)),
        ("follow up next month", date(2027, 1, 1)),
        ("follow up in 2 months", date(2027, 2, 28)),
        ("opvolgen over 1 week", date(2027, 1, 6)),
    ],
)
def test_near_the_year_end_dates_wrap_into_next_year(text: str, expected: date) -> None:
    assert _due(text, NEW_YEARS_EVE_EVE) == expected


def test_a_phrase_in_the_middle_of_a_note_is_found_with_its_span_and_task() -> None:
    text = "Acme: called Jan about the forecast, follow up friday send new prices"

    found = extract_follow_up(text, today=WEDNESDAY)

    assert found == FollowUpPhrase(
        due=date(2026, 11, 27),
        start=text.index("follow"),
        end=text.index(" send"),
        task="send new prices",
    )
    assert text[found.start : found.end] == "follow up friday"


def test_a_dutch_phrase_at_the_end_of_a_note_spans_trigger_and_date_words() -> None:
    text = "Acme: gesprek met Piet #call opvolgen volgende week vrijdag"

    found = extract_follow_up(text, today=WEDNESDAY)

    assert found is not None
    assert text[found.start : found.end] == "opvolgen volgende week vrijdag"
    assert found.task == ""


def test_the_span_includes_the_connector() -> None:
    text = "Spoke to Lisa. Follow-up by Friday: send the contract."

    found = extract_follow_up(text, today=WEDNESDAY)

    assert found is not None
    assert text[found.start : found.end] == "Follow-up by Friday"
    assert found.task == "send the contract"


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("follow up friday send new prices", "send new prices"),
        ("follow up friday, then lunch", ""),
        ("follow up friday to send new prices. Then lunch", "send new prices"),
        ("follow up friday - send new prices", "send new prices"),
        ("opvolgen vrijdag om nieuwe prijzen te sturen", "nieuwe prijzen te sturen"),
        ("follow up 3 dec about the quote", "about the quote"),
        ("follow up tomorrow\nother notes", ""),
    ],
)
def test_the_task_is_the_rest_of_the_clause_after_the_date(text: str, task: str) -> None:
    found = extract_follow_up(text, today=WEDNESDAY)

    assert found is not None
    assert found.task == task


@pytest.mark.parametrize(
    "text",
    [
        "follow up with Jan about prices",
        "follow up Jan about prices",
        "no follow-up needed",
        "we will follow up",
        "opvolgend jaar",
        "",
        "refu friday",
        "follow-ups friday",
        "follow up on the proposal friday",
        "follow up 3 options",
        "opvolgen zo snel mogelijk",
        "fu do the thing",
        "follow up in january",
    ],
)
def test_text_without_a_dated_follow_up_gives_none(text: str) -> None:
    assert extract_follow_up(text, today=WEDNESDAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "follow up 2026-11-24",
        "follow up 15 jan 2025",
        "follow up 31/2",
        "follow up 3 weeks ago",
    ],
)
def test_a_past_or_impossible_date_is_not_a_due_date(text: str) -> None:
    assert extract_follow_up(text, today=WEDNESDAY) is None


def test_a_trigger_without_a_date_does_not_hide_a_later_dated_one() -> None:
    found = extract_follow_up("No follow-up on pricing; opvolgen morgen", today=WEDNESDAY)

    assert found is not None
    assert found.due == date(2026, 11, 26)


def test_importing_the_module_does_not_import_dateparser() -> None:
    probe = "import sys, bot.services.followup_dates; print('dateparser' in sys.modules)"

    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
    )

    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("follow up in a month", date(2027, 1, 31), date(2027, 2, 28)),
        ("follow up in 1 month", date(2028, 1, 31), date(2028, 2, 29)),
        ("opvolgen over 3 maanden", date(2026, 11, 30), date(2027, 2, 28)),
        ("follow up in a year", date(2028, 2, 29), date(2029, 2, 28)),
        ("follow up in 2 weeks", date(2026, 12, 24), date(2027, 1, 7)),
        ("follow up end of month", date(2028, 2, 10), date(2028, 2, 29)),
        ("opvolgen einde maand", date(2027, 2, 28), date(2027, 2, 28)),
        ("follow up next month", date(2027, 1, 31), date(2027, 2, 1)),
        ("follow up end of week", date(2026, 11, 28), date(2026, 12, 4)),
        ("follow up sunday", date(2026, 11, 29), date(2026, 12, 6)),
        ("follow up thurs", date(2026, 11, 25), date(2026, 11, 26)),
        ("follow up next week", date(2026, 11, 30), date(2026, 12, 7)),
        ("opvolgen volgende week zondag", date(2026, 11, 30), date(2026, 12, 13)),
    ],
)
def test_months_clamp_to_their_last_day_and_weeks_turn_at_monday(text: str, today: date, expected: date) -> None:
    assert _due(text, today) == expected
