"""Message catalogs in English and Dutch. Every user-facing text goes through `t`.

Plain dict catalogs checked by a test (same keys, same placeholders in both languages) serve this app better than
gettext: no compile step for .mo files, and a missing Dutch text fails the suite instead of falling back silently.
"""

from datetime import date
from typing import Any

from bot.i18n import en, nl

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"
CATALOGS: dict[str, dict[str, str]] = {"en": en.MESSAGES, "nl": nl.MESSAGES}

_LANGUAGE_WORDS = {
    "en": "en",
    "english": "en",
    "engels": "en",
    "nl": "nl",
    "dutch": "nl",
    "nederlands": "nl",
    "nederlandse": "nl",
}


def t(lang: str, key: str, **params: Any) -> str:
    """The text for key in the language, with params filled in; English when the language is unknown."""
    catalog = CATALOGS.get(lang, CATALOGS[DEFAULT_LANGUAGE])
    if (params.get("days") == 1 or params.get("count") == 1) and key + ".one" in catalog:
        key += ".one"  # "1 day", "1 dag": the singular where a catalog has one
    template = catalog.get(key) or CATALOGS[DEFAULT_LANGUAGE][key]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in CATALOGS[DEFAULT_LANGUAGE]


def parse_language(word: str) -> str | None:
    return _LANGUAGE_WORDS.get(word.strip().casefold())


def language_from_locale(locale: str | None) -> str | None:
    """Slack's locale (`en-US`, `nl-NL`) when Covalis speaks it; Slack has no Dutch, so mostly English."""
    if not locale:
        return None
    prefix = locale.split("-")[0].casefold()
    return prefix if prefix in CATALOGS else None


def weekday_name(language: str, weekday: int) -> str:
    """The abbreviated weekday name, Monday = 0."""
    return t(language, "date.weekdays").split(",")[weekday]


def format_date(language: str, day: date) -> str:
    """`Fri 27 Nov 2026` / `vr 27 nov 2026`, in the user's language rather than Slack's."""
    weekday = t(language, "date.weekdays").split(",")[day.weekday()]
    month = t(language, "date.months").split(",")[day.month - 1]
    return f"{weekday} {day.day} {month} {day.year}"
