"""Find the follow-up phrase in a note ("follow up friday", "opvolgen volgende week vrijdag") and its due date.

dateparser misreads composite Dutch phrases and over-captures neighbouring words, so the phrase is cut with the
small grammar below; the library only sees the leftovers, behind a guard (see STYLE.md).

Rules for the ambiguous cases:
- A weekday, also "next/this/coming <weekday>" and "volgende/deze/komende/aanstaande <weekday>", is the first such
  day strictly after today. "next week <weekday>" / "<weekday> next week" is that weekday in the next ISO week.
- "next week" is Monday of the next ISO week; "next month" is the first day of the next month.
- "end of week" is the coming Friday (today on a Friday); "end of month" is the last day of this month.
- Numeric dates are day-first; a date without a year that has passed means next year; a date with a year that
  has passed is not a due date.
- The two-letter Dutch weekday abbreviations (ma, di, wo, do, vr, za, zo) double as ordinary words ("do", "zo"),
  so on their own they only count at the end of the clause.
- A month name without a day ("follow up with Jan") is never a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import FR, MO, relativedelta, weekday

from bot.services.weekdays import AMBIGUOUS_WEEKDAY_WORDS, WEEKDAY_WORDS

__all__ = ["FollowUpPhrase", "extract_follow_up"]


@dataclass(frozen=True)
class FollowUpPhrase:
    """A follow-up found in a note: when it is due, where it sits in the text, and what is to be done."""

    due: date
    start: int
    end: int
    task: str


_MAX_DATE_WORDS = 5


_MONTHS: dict[str, int] = {
    "january": 1,
    "januari": 1,
    "jan": 1,
    "february": 2,
    "februari": 2,
    "feb": 2,
    "march": 3,
    "maart": 3,
    "mar": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "mei": 5,
    "june": 6,
    "juni": 6,
    "jun": 6,
    "july": 7,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oktober": 10,
    "oct": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
}

_UNITS: dict[str, str] = {
    "day": "day",
    "days": "day",
    "dag": "day",
    "dagen": "day",
    "week": "week",
    "weeks": "week",
    "weken": "week",
    "month": "month",
    "months": "month",
    "maand": "month",
    "maanden": "month",
    "year": "year",
    "years": "year",
    "jaar": "year",
    "jaren": "year",
}


def _alternation(words: dict[str, int] | dict[str, str]) -> str:
    """Longest first, so "tues" is not read as "tue" plus leftovers."""
    return "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))


_WD = f"(?P<wd>{_alternation(WEEKDAY_WORDS)})"
_MONTH = _alternation(_MONTHS)
_NUM = rf"(?P<n>\d{{1,3}}|{_alternation(_NUMBER_WORDS)})"
_UNIT = f"(?P<unit>{_alternation(_UNITS)})"
_ORDINAL = r"(?:st|nd|rd|th|ste|de|e)?"
_NEXT_WEEK = r"(?:next|volgende|komende)\s+week"

# A promise is a trigger word and a date ("follow up friday", "opvolgen volgende week vrijdag"), or a deadline
# word and a date on its own ("send the forecast by friday", "offerte voor vrijdag"); without a date, nothing.
_TRIGGER_RE = re.compile(
    r"(?<![\w-])(?:(?:follow(?:\s+|-)?up|fu|opvolgen|nabellen|terugkomen)(?![\w-])"
    r"(?:\s*[:\-–—])?"
    r"(?:\s+(?:by|before|on|until|uiterlijk|voor|vóór|op)(?![\w-]))?"
    r"|(?:by|before|uiterlijk|voor|vóór)(?![\w-]))",
    re.IGNORECASE,
)
_DATE_WORDS_END_RE = re.compile(r"[,.;:!?\n]")
_TASK_END_RE = re.compile(r"[,.;!?\n]")
_TASK_LEAD_RE = re.compile(r"^[\s:\-–—]*(?:(?:to|om)\b)?[\s:\-–—]*", re.IGNORECASE)
_WORD_RE = re.compile(r"\S+")


def _next_weekday(today: date, day: int) -> date:
    """The first such weekday strictly after today."""
    return today + relativedelta(days=1, weekday=weekday(day))


def _monday_of_next_week(today: date) -> date:
    return today + relativedelta(days=1, weekday=MO)


def _weekday_of_next_week(today: date, word: str) -> date:
    return _monday_of_next_week(today) + relativedelta(weekday=weekday(WEEKDAY_WORDS[word]))


_STEPS = {
    "day": relativedelta(days=1),
    "week": relativedelta(weeks=1),
    "month": relativedelta(months=1),
    "year": relativedelta(years=1),
}


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _upcoming(today: date, month: int, day: int, year: str | None) -> date | None:
    """A date with a year must not have passed; one without means its next occurrence (29 Feb may wait years)."""
    if year is not None:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        explicit = _valid_date(full_year, month, day)
        return explicit if explicit is not None and explicit >= today else None
    for candidate_year in range(today.year, today.year + 9):
        candidate = _valid_date(candidate_year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _relative(m: re.Match[str], today: date) -> date:
    count = _number(m["n"])
    unit = _UNITS[m["unit"]]
    # relativedelta clamps to the month's last day: one month after 31 January is the end of February.
    return today + _STEPS[unit] * count


def _end_of_week(today: date) -> date:
    """The coming Friday, today on a Friday."""
    return today + relativedelta(weekday=FR)


def _end_of_month(today: date) -> date:
    return today + relativedelta(day=31)


def _first_of_next_month(today: date) -> date:
    return today + relativedelta(months=1, day=1)


_Rule = Callable[[re.Match[str], date], date | None]

_RULES: list[tuple[re.Pattern[str], _Rule]] = [
    (re.compile(r"today|vandaag"), lambda _m, today: today),
    (re.compile(r"tomorrow|morgen"), lambda _m, today: today + timedelta(days=1)),
    (
        re.compile(r"overmorgen|(?:the\s+)?day\s+after\s+tomorrow"),
        lambda _m, today: today + timedelta(days=2),
    ),
    (
        re.compile(rf"(?:(?:next|this|coming|volgende|deze|komende|aanstaande)\s+)?{_WD}"),
        lambda m, today: _next_weekday(today, WEEKDAY_WORDS[m["wd"]]),
    ),
    (
        re.compile(rf"{_NEXT_WEEK}\s+(?:on\s+|op\s+)?{_WD}"),
        lambda m, today: _weekday_of_next_week(today, m["wd"]),
    ),
    (re.compile(rf"{_WD}\s+{_NEXT_WEEK}"), lambda m, today: _weekday_of_next_week(today, m["wd"])),
    (re.compile(_NEXT_WEEK), lambda _m, today: _monday_of_next_week(today)),
    (re.compile(r"(?:next|volgende|komende)\s+(?:month|maand)"), lambda _m, today: _first_of_next_month(today)),
    (re.compile(rf"(?:in|within|over|binnen)\s+{_NUM}\s+{_UNIT}"), _relative),
    (re.compile(rf"{_NUM}\s+{_UNIT}\s+(?:from\s+now|from\s+today|vanaf\s+nu|vanaf\s+vandaag)"), _relative),
    (
        re.compile(r"end\s+of\s+(?:the\s+|this\s+)?week|einde?\s+(?:(?:van\s+)?(?:de|deze)\s+)?week"),
        lambda _m, today: _end_of_week(today),
    ),
    (
        re.compile(r"end\s+of\s+(?:the\s+|this\s+)?month|einde?\s+(?:(?:van\s+)?(?:de|deze)\s+)?maand"),
        lambda _m, today: _end_of_month(today),
    ),
    (
        re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
        lambda m, today: _upcoming(today, int(m["m"]), int(m["d"]), m["y"]),
    ),
    (
        re.compile(r"(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?"),
        lambda m, today: _upcoming(today, int(m["m"]), int(m["d"]), m["y"]),
    ),
    (
        re.compile(
            rf"(?:the\s+)?(?P<d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<mon>{_MONTH})(?:\s+(?P<y>\d{{4}}))?"
            rf"|(?P<mon2>{_MONTH})\s+(?P<d2>\d{{1,2}}){_ORDINAL}(?:\s+(?P<y2>\d{{4}}))?"
        ),
        lambda m, today: _upcoming(
            today,
            _MONTHS[m["mon"] or m["mon2"]],
            int(m["d"] or m["d2"]),
            m["y"] or m["y2"],
        ),
    ),
]


def _worth_asking_dateparser(words: list[str]) -> bool:
    """dateparser reads a bare "3" as a past day of this month and "Jan" as a date, so demand a day and a unit."""
    has_digit = any(ch.isdigit() for word in words for ch in word)
    has_anchor = any(word in _MONTHS or word in _UNITS for word in words)
    return "fortnight" in words or (has_digit and has_anchor)


def _parse_with_dateparser(phrase: str, today: date) -> date | None:
    import dateparser

    parsed = dateparser.parse(
        phrase,
        languages=["en", "nl"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time(12)),
            "DATE_ORDER": "DMY",
        },
    )
    return None if parsed is None else parsed.date()


def _find_date(words: list[str], today: date, clause_continues: bool) -> tuple[date, int] | None:
    """Own grammar on every prefix (longest first), then dateparser; a recognised date that is past or impossible
    ends the search, so "15 jan 2025" is not quietly shortened to next year's "15 jan"."""
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        if phrase in AMBIGUOUS_WEEKDAY_WORDS and (clause_continues or count < len(words)):
            continue
        for pattern, rule in _RULES:
            m = pattern.fullmatch(phrase)
            if m is not None:
                due = rule(m, today)
                return None if due is None else (due, count)
    for count in range(len(words), 0, -1):
        if not _worth_asking_dateparser(words[:count]):
            continue
        due = _parse_with_dateparser(" ".join(words[:count]), today)
        if due is None:
            continue
        if due < today:
            return None
        while count > 1 and _parse_with_dateparser(" ".join(words[: count - 1]), today) == due:
            count -= 1
        return due, count
    return None


def _match_at(text: str, trigger: re.Match[str], today: date) -> FollowUpPhrase | None:
    words_start = trigger.end()
    words_end_match = _DATE_WORDS_END_RE.search(text, words_start)
    words_end = words_end_match.start() if words_end_match else len(text)
    tokens = list(_WORD_RE.finditer(text, words_start, words_end))
    candidates = tokens[:_MAX_DATE_WORDS]
    found = _find_date(
        [token.group().lower() for token in candidates],
        today,
        clause_continues=len(tokens) > len(candidates),
    )
    if found is None:
        return None
    due, count = found
    end = candidates[count - 1].end()
    task_end_match = _TASK_END_RE.search(text, end)
    task_end = task_end_match.start() if task_end_match else len(text)
    task = _TASK_LEAD_RE.sub("", text[end:task_end], count=1).strip()
    return FollowUpPhrase(due=due, start=trigger.start(), end=end, task=task)


def extract_follow_up(text: str, *, today: date) -> FollowUpPhrase | None:
    """Return the first trigger ("follow up", "opvolgen", …) directly followed by a date; `today` is the user's."""
    for trigger in _TRIGGER_RE.finditer(text):
        found = _match_at(text, trigger, today)
        if found is not None:
            return found
    return None


def parse_day(text: str, *, today: date) -> date | None:
    """A phrase that is one whole date ("friday", "15 jan", "volgende week vrijdag", "2026-12-24"), or None."""
    words = [token.group().lower() for token in _WORD_RE.finditer(text)]
    if not words or len(words) > _MAX_DATE_WORDS:
        return None
    found = _find_date(words, today, clause_continues=False)
    if found is None or found[1] != len(words):
        return None
    return found[0]
