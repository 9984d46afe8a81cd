"""Public holidays: the days a workspace's country has off. Pure functions over the `holidays` library, which is
imported only when a workspace has a country set (idle memory counts) and read once per country and year."""

from datetime import date, timedelta
from functools import cache

from bot.services.errors import InvalidInput
from bot.services.settings_words import OFF_WORDS

WORKING_DAYS = range(0, 5)  # Monday–Friday


def parse_country(raw: str) -> str | None:
    """`NL` (any case) → "NL"; `off`/`uit` → None. A code the `holidays` library doesn't know is refused."""
    word = raw.strip()
    if word.casefold() in OFF_WORDS:
        return None
    code = word.upper()
    if not code.isalpha() or code not in _supported():
        raise InvalidInput("settings.bad_holidays", country=word)
    return code


def is_holiday(country: str | None, day: date) -> bool:
    """Whether `day` is a public holiday in `country` (None: no country, never)."""
    return country is not None and day in _holidays_of(country, day.year)


def is_working_day(country: str | None, day: date) -> bool:
    """Monday–Friday and not a public holiday in `country`."""
    return day.weekday() in WORKING_DAYS and not is_holiday(country, day)


def next_working_day(country: str | None, day: date) -> date:
    """The first working day after `day` (weekends and `country`'s public holidays skipped)."""
    later = day + timedelta(days=1)
    while not is_working_day(country, later):
        later += timedelta(days=1)
    return later


def working_day_in_week(country: str | None, day: date) -> date | None:
    """`day` itself if it is no holiday; else the next working day of the same ISO week, or None if none is left."""
    if not is_holiday(country, day):
        return day
    later = day + timedelta(days=1)
    while later.weekday() != 0:  # until the next Monday: a new week
        if is_working_day(country, later):
            return later
        later += timedelta(days=1)
    return None


@cache
def _supported() -> frozenset[str]:
    import holidays  # lazily: most workspaces never set a country

    return frozenset(holidays.list_supported_countries())


@cache
def _holidays_of(country: str, year: int) -> frozenset[date]:
    import holidays  # lazily: most workspaces never set a country

    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # a code a later version of the library dropped: no holidays, rather than no nudges
        return frozenset()
