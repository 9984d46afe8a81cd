"""Words that name a day ("vrijdag", "volgende week vrijdag", "15 jan", "na de kerst") and the day they name.

dateparser misreads composite Dutch phrases and over-captures neighbouring words, so the phrase is read with the
small grammar below; the library only sees the leftovers, behind a guard (see STYLE.md).

Rules for the ambiguous cases:
- A weekday, also "next/this/coming <weekday>" and "volgende/deze/komende/aanstaande <weekday>", is the first such
  day strictly after today. "next week <weekday>" / "<weekday> next week" is that weekday in the next ISO week.
- "next week" is Monday of the next ISO week; "next month" is the first day of the next month.
- "end of week" is the coming Friday (today on a Friday); "end of next week" is Friday of the next ISO week;
  "end of month" is the last day of this month.
- Numeric dates are day-first, except for an en-US author (month-first, as Slack's locale says); a date without a
  year that has passed means next year; a date with a year that has passed is recognised but past.
- Christmas is fixed, so a table beats a holidays dependency: "before Christmas"/"voor de kerst" is 24 December,
  "after Christmas"/"na de kerst" the first weekday after 26 December.
- The two-letter Dutch weekday abbreviations (ma, di, wo, do, vr, za, zo) double as ordinary words ("do", "zo"),
  so on their own they only count at the end of the clause.
- A month name without a day ("follow up with Jan") is never a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache

from dateutil.relativedelta import FR, MO, relativedelta, weekday

from bot.services.weekdays import AMBIGUOUS_WEEKDAY_WORDS, WEEKDAY_WORDS

__all__ = ["MAX_DATE_WORDS", "PAST", "DayFound", "find_day", "is_duration", "parse_day", "past_day"]

MAX_DATE_WORDS = 5  # the longest date phrase read, in words (follow-up dates read no longer ones either)


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

_DURATION_START = re.compile(rf"(?:\d{{1,3}}(?:[-–]\d{{1,3}})?|{_alternation(_NUMBER_WORDS)}|a\s+few|enkele|paar)")


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


def _friday_of_next_week(today: date) -> date:
    return _monday_of_next_week(today) + relativedelta(weekday=FR)


def _end_of_next_month(today: date) -> date:
    return today + relativedelta(months=1, day=31)


def _weekday_on_or_after(day: date) -> date:
    return day + relativedelta(weekday=MO) if day.weekday() >= 5 else day


def _before_christmas(today: date) -> date:
    christmas_eve = date(today.year, 12, 24)
    return christmas_eve if christmas_eve >= today else date(today.year + 1, 12, 24)


def _after_christmas(today: date) -> date:
    for year in (today.year, today.year + 1):
        day = _weekday_on_or_after(date(year, 12, 27))
        if day >= today:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


def _mid_or_end_of_month(m: re.Match[str], today: date) -> date | None:
    month = _MONTHS[m["mon"]]
    last = (date(today.year, month, 1) + relativedelta(day=31)).day
    return _upcoming(today, month, 15 if m["part"] in _MID else last, None)


_MID = {"mid", "midden", "half", "medio"}
_THE = r"(?:(?:the|het|de)\s+)?"
_END = rf"{_THE}(?:end|eind|einde)\s+(?:of\s+(?:the\s+)?|van\s+(?:de\s+)?)?"
_CHRISTMAS = r"(?:christmas|xmas|kerst|kerstmis|kerstdagen|de\s+kerst|de\s+kerstdagen|the\s+holidays|de\s+feestdagen)"

_Rule = Callable[[re.Match[str], date], date | None]

_RULES: list[tuple[re.Pattern[str], _Rule]] = [
    (re.compile(r"today|vandaag|eod|end\s+of\s+(?:the\s+)?day|einde?\s+van\s+de\s+dag"), lambda _m, today: today),
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
    (
        re.compile(
            rf"{_NEXT_WEEK}|(?:early|begin|start\s+of)\s+{_NEXT_WEEK}|begin\s+volgende\s+week|after\s+the\s+weekend|na\s+het\s+weekend"
        ),
        lambda _m, today: _monday_of_next_week(today),
    ),
    (
        re.compile(r"(?:(?:early|begin|start\s+of)\s+)?(?:next|volgende|komende)\s+(?:month|maand)"),
        lambda _m, today: _first_of_next_month(today),
    ),
    (re.compile(rf"(?:in|within|over|binnen)\s+{_NUM}\s+{_UNIT}"), _relative),
    (re.compile(rf"{_NUM}\s+{_UNIT}\s+(?:from\s+now|from\s+today|vanaf\s+nu|vanaf\s+vandaag)"), _relative),
    (
        re.compile(rf"{_END}(?:this\s+|deze\s+)?week|(?:later\s+)?(?:this|deze)\s+week"),
        lambda _m, today: _end_of_week(today),
    ),
    (re.compile(rf"{_END}(?:{_NEXT_WEEK})"), lambda _m, today: _friday_of_next_week(today)),
    (re.compile(rf"{_END}(?:this\s+|deze\s+)?(?:month|maand)"), lambda _m, today: _end_of_month(today)),
    (re.compile(rf"{_END}(?:next|volgende|komende)\s+(?:month|maand)"), lambda _m, today: _end_of_next_month(today)),
    (re.compile(rf"{_THE}{_CHRISTMAS}"), lambda _m, today: _before_christmas(today)),
    (re.compile(rf"(?:after|na)\s+{_THE}{_CHRISTMAS}"), lambda _m, today: _after_christmas(today)),
    (
        re.compile(rf"(?P<part>mid|midden|half|medio|eind|einde|end\s+of)\s+(?P<mon>{_MONTH})"),
        _mid_or_end_of_month,
    ),
    (
        re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
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

_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?")


@cache
def _rules(month_first: bool) -> list[tuple[re.Pattern[str], _Rule]]:
    """The numeric rule depends on the author's locale: 12/1 is December 1st in the US, 12 January elsewhere."""

    def numeric(m: re.Match[str], today: date) -> date | None:
        day, month = (m["b"], m["a"]) if month_first else (m["a"], m["b"])
        return _upcoming(today, int(month), int(day), m["y"])

    return [*_RULES, (_NUMERIC, numeric)]


class _Past:
    """A phrase that was read as a date, but a day that has passed or cannot exist."""

    def __repr__(self) -> str:
        return "PAST"


PAST = _Past()
DayFound = tuple[date | _Past, int]


def _upcoming(today: date, month: int, day: int, year: str | None) -> date | None:
    """A date with a year keeps it; one without means its next occurrence (29 Feb may wait years)."""
    if year is not None:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return _valid_date(full_year, month, day)
    for candidate_year in range(today.year, today.year + 9):
        candidate = _valid_date(candidate_year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _worth_asking_dateparser(words: list[str]) -> bool:
    """dateparser reads a bare "3" as a past day of this month and "Jan" as a date, so demand a day and a unit."""
    has_digit = any(ch.isdigit() for word in words for ch in word)
    has_anchor = any(word in _MONTHS or word in _UNITS for word in words)
    return "fortnight" in words or (has_digit and has_anchor)


def _parse_with_dateparser(phrase: str, today: date, month_first: bool) -> date | None:
    import dateparser

    parsed = dateparser.parse(
        phrase,
        languages=["en", "nl"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time(12)),
            "DATE_ORDER": "MDY" if month_first else "DMY",
        },
    )
    return None if parsed is None else parsed.date()


def is_duration(words: list[str]) -> bool:
    """ "2-3 jaar", "2 weeks", "een maand": an amount of time, which after "voor"/"by"/"for" is never a deadline."""
    return len(words) >= 2 and _DURATION_START.fullmatch(" ".join(words[:-1])) is not None and words[-1] in _UNITS


def _by_own_grammar(words: list[str], today: date, clause_continues: bool, month_first: bool) -> DayFound | None:
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        if phrase in AMBIGUOUS_WEEKDAY_WORDS and (clause_continues or count < len(words)):
            continue
        for pattern, rule in _rules(month_first):
            m = pattern.fullmatch(phrase)
            if m is not None:
                due = rule(m, today)
                return (PAST if due is None or due < today else due), count
    return None


def _by_dateparser(words: list[str], today: date, month_first: bool) -> DayFound | None:
    for count in range(len(words), 0, -1):
        if not _worth_asking_dateparser(words[:count]) or is_duration(words[:count]):
            continue
        due = _parse_with_dateparser(" ".join(words[:count]), today, month_first)
        if due is None:
            continue
        if due < today:
            return PAST, count
        while count > 1 and _parse_with_dateparser(" ".join(words[: count - 1]), today, month_first) == due:
            count -= 1
        return due, count
    return None


def find_day(
    words: list[str], today: date, *, clause_continues: bool = False, month_first: bool = False
) -> DayFound | None:
    """The date the first words name and how many words it took; PAST when they name a passed or impossible day.

    Own grammar on every prefix (longest first), then dateparser; a recognised date that is past or impossible
    ends the search, so "15 jan 2025" is not quietly shortened to next year's "15 jan"."""
    return _by_own_grammar(words, today, clause_continues, month_first) or _by_dateparser(words, today, month_first)


def parse_day(text: str, *, today: date, month_first: bool = False) -> date | None:
    """A phrase that is one whole date ("friday", "15 jan", "volgende week vrijdag", "2026-12-24"), or None."""
    words = [word.lower() for word in text.split()]
    if not words or len(words) > MAX_DATE_WORDS:
        return None
    found = find_day(words, today, month_first=month_first)
    if found is None or found[1] != len(words) or isinstance(found[0], _Past):
        return None
    return found[0]


_LAST = r"(?:last|previous|vorige|afgelopen)"
_PAST_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], date], date]]] = [
    (re.compile(r"gisteren|gister(?:avond|middag|ochtend|morgen)|yesterday(?:\s+(?:morning|afternoon|evening))?"),
     lambda _m, today: today - timedelta(days=1)),
    (re.compile(r"eergisteren|(?:the\s+)?day\s+before\s+yesterday"), lambda _m, today: today - timedelta(days=2)),
    (re.compile(rf"{_LAST}\s+week\s+(?:op\s+|on\s+)?{_WD}|{_WD.replace('wd', 'wd2')}\s+{_LAST}\s+week"),
     lambda m, today: _weekday_of_last_week(today, m["wd"] or m["wd2"])),
    (re.compile(rf"{_LAST}\s+{_WD}"),
     lambda m, today: today - timedelta(days=1) + relativedelta(weekday=weekday(WEEKDAY_WORDS[m["wd"]])(-1))),
]  # fmt: skip


def _weekday_of_last_week(today: date, word: str) -> date:
    monday_last_week = today - timedelta(days=today.weekday() + 7)
    return monday_last_week + timedelta(days=WEEKDAY_WORDS[word])


def past_day(words: list[str], today: date) -> tuple[date, int] | None:
    """The day a note's first words say it happened ("gisteren", "last Tuesday", "vorige week dinsdag")."""
    for count in range(min(len(words), MAX_DATE_WORDS), 0, -1):
        phrase = " ".join(words[:count])
        for pattern, rule in _PAST_RULES:
            m = pattern.fullmatch(phrase)
            if m is not None:
                return rule(m, today), count
    return None
