"""Message catalogs in English and Dutch. Every user-facing text goes through `t`.

Plain dict catalogs checked by a test (same keys, same placeholders in both languages) serve this app better than
gettext: no compile step for .mo files, and a missing Dutch text fails the suite instead of falling back silently.
A text that counts something is a dict of forms: Babel's CLDR plural categories ("one", "other", …), plus optional
exact forms such as "=0" ("today" reads better than "0 days ago"). Dates and weekday names come from Babel too.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from string import Formatter
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names

from bot.i18n import en, nl

Plural = dict[str, str]
Entry = str | Plural

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"
CATALOGS: dict[str, dict[str, Entry]] = {"en": en.MESSAGES, "nl": nl.MESSAGES}
# The parameters a plural text can be chosen by; each plural text has exactly one of them in its "other" form.
COUNT_PARAMS = ("count", "days")
# `Fri 27 Nov 2026` / `vr 27 nov 2026`: short enough for a list row, unambiguous in both languages.
DATE_PATTERN = "EEE d MMM y"

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
    if lang not in CATALOGS:
        lang = DEFAULT_LANGUAGE
    entry = CATALOGS[lang].get(key) or CATALOGS[DEFAULT_LANGUAGE][key]
    template = entry if isinstance(entry, str) else _form(lang, key, entry, params)
    return template.format(**params) if params else template


def _form(lang: str, key: str, forms: Plural, params: dict[str, Any]) -> str:
    """The form for the count: an exact "=N" form if the catalog has one, else the CLDR category of the language."""
    name = count_param(forms)
    if name is None or name not in params:
        raise KeyError(f"{key} counts by one of {COUNT_PARAMS}; none was given")
    number = _number(params[name])
    if number is None:
        return forms["other"]  # not a number (a user's "abc" echoed in an error): the plural reads best
    exact = forms.get(f"={number}")
    if exact is not None:
        return exact
    return forms.get(plural_category(lang, number), forms["other"])


def count_param(forms: Plural) -> str | None:
    """The parameter a plural text is chosen by: the count-like placeholder of its "other" form."""
    names = placeholders(forms["other"])
    return next((name for name in COUNT_PARAMS if name in names), None)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def _number(value: Any) -> int | Decimal | None:
    """Counts arrive as ints, or as strings when an error message echoes the user's input."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else number


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def plural_category(lang: str, number: int | Decimal) -> str:
    """CLDR's plural category of the number in the language ("one" for 1 in English and Dutch)."""
    return str(_locale(lang).plural_form(number))


def required_categories(lang: str) -> frozenset[str]:
    """The plural categories CLDR defines for the language; a plural text needs a form for each."""
    return frozenset(_locale(lang).plural_form.tags) | {"other"}


def parse_language(word: str) -> str | None:
    return _LANGUAGE_WORDS.get(word.strip().casefold())


def language_from_locale(locale: str | None) -> str | None:
    """Slack's locale (`en-US`, `nl-NL`) when Covalis speaks it; Slack has no Dutch, so mostly English."""
    if not locale:
        return None
    prefix = locale.split("-")[0].casefold()
    return prefix if prefix in CATALOGS else None


def _known(language: str) -> str:
    return language if language in CATALOGS else DEFAULT_LANGUAGE


def format_date(language: str, day: date) -> str:
    """`Fri 27 Nov 2026` / `vr 27 nov 2026`, in the user's language rather than Slack's (names from CLDR)."""
    return babel_format_date(day, DATE_PATTERN, locale=_known(language))


def weekday_name(language: str, weekday: int) -> str:
    """`Monday` / `maandag` for 0, as `date.weekday()` counts."""
    return str(get_day_names("wide", locale=_known(language))[weekday])


def month_label(language: str, day: date) -> str:
    """`Nov` / `nov` — a month's short name for a chart's axis (names from CLDR)."""
    return str(babel_format_date(day, "LLL", locale=_known(language))).rstrip(".")
