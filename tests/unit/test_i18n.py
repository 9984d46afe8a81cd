"""Both catalogs say the same things with the same placeholders, and every key the code asks for exists."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from bot.i18n import (
    CATALOGS,
    COUNT_PARAMS,
    Entry,
    count_param,
    en,
    format_date,
    language_from_locale,
    nl,
    parse_language,
    placeholders,
    required_categories,
    t,
    weekday_name,
)
from bot.services.notes import KINDS
from bot.services.segments import SEGMENTS
from handlers.blocks.help import catalog_keys
from handlers.commands import COMMANDS
from handlers.registry import GROUPS, Who

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("bot", "handlers", "storage")

# Call name → position of the message key among its positional arguments.
KEY_ARGUMENT = {
    "t": 1,
    "InvalidInput": 0,
    "NotAllowed": 0,
    "CovalisError": 0,
    "UsageError": 1,
    "error_message": 1,
    "supplier_changed": 1,
}


def _forms(entry: Entry) -> list[str]:
    """A plain text, or every form of a plural text."""
    return [entry] if isinstance(entry, str) else list(entry.values())


def _placeholders(entry: Entry) -> set[str]:
    return {name for form in _forms(entry) for name in placeholders(form)}


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literals(node: ast.AST | None) -> list[str]:
    """String constants an expression can evaluate to (a plain constant or either branch of `a if c else b`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _source_files() -> list[Path]:
    return [p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py") if "i18n" not in p.parts]


def _keys_used_in_source() -> dict[str, str]:
    """Literal message keys in the code, each with where it was found."""
    found: dict[str, str] = {}
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            keys: list[str] = []
            if isinstance(node, ast.Call):
                name = _call_name(node)
                position = KEY_ARGUMENT.get(name or "")
                if position is not None and len(node.args) > position:
                    keys += _literals(node.args[position])
                keys += [lit for kw in node.keywords if kw.arg == "key" for lit in _literals(kw.value)]
                if name == "valid_name":
                    for kw in node.keywords:
                        keys += [f"{what}.{end}" for what in _literals(kw.value) for end in ("empty", "too_long")]
                if name == "__init__" and isinstance(node.func, ast.Attribute) and node.args:
                    keys += _literals(node.args[0])
            elif isinstance(node, ast.Assign) and any(
                isinstance(t_, ast.Name) and t_.id == "key" for t_ in node.targets
            ):
                keys += _literals(node.value)
            for key in keys:
                found.setdefault(key, f"{where}:{getattr(node, 'lineno', '?')}")
    return found


def test_both_catalogs_have_exactly_the_same_keys() -> None:
    assert set(en.MESSAGES) - set(nl.MESSAGES) == set(), "missing in Dutch"
    assert set(nl.MESSAGES) - set(en.MESSAGES) == set(), "missing in English"


@pytest.mark.parametrize("key", sorted(en.MESSAGES))
def test_each_text_has_the_same_placeholders_in_dutch_and_english(key: str) -> None:
    assert _placeholders(nl.MESSAGES[key]) == _placeholders(en.MESSAGES[key])


@pytest.mark.parametrize("key", sorted(en.MESSAGES))
def test_a_text_that_counts_in_one_language_counts_in_the_other_with_the_same_exact_forms(key: str) -> None:
    english, dutch = en.MESSAGES[key], nl.MESSAGES[key]
    assert isinstance(english, str) == isinstance(dutch, str)
    if not isinstance(english, str) and not isinstance(dutch, str):
        assert {f for f in english if f.startswith("=")} == {f for f in dutch if f.startswith("=")}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_text_fills_each_of_its_placeholders(lang: str) -> None:
    for key, entry in CATALOGS[lang].items():
        names = _placeholders(entry)
        params: dict[str, object] = {name: f"<{name}-value>" for name in names}
        counter = None if isinstance(entry, str) else count_param(entry)
        for count in [None] if counter is None else [0, 1, 2, 7]:
            if counter is not None:
                params[counter] = count
            rendered = t(lang, key, **params)
            assert all(f"<{name}-value>" in rendered for name in names - {counter}), key
            assert "{" not in rendered, key
            assert "}" not in rendered, key


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_text_is_empty(lang: str) -> None:
    """Except a command's argument syntax or example, which is empty when the command takes no arguments."""
    optional = (".args", ".examples")
    empty = [key for key, entry in CATALOGS[lang].items() if not all(form.strip() for form in _forms(entry))]
    assert [key for key in empty if not key.endswith(optional)] == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_plural_text_has_exactly_the_forms_cldr_defines_for_its_language(lang: str) -> None:
    """English and Dutch need "one" and "other"; "=0" is an extra exact form where zero reads differently."""
    for key, entry in CATALOGS[lang].items():
        if isinstance(entry, str):
            continue
        assert {f for f in entry if not f.startswith("=")} == required_categories(lang), key
        assert all(re.fullmatch(r"=\d+", f) for f in entry if f.startswith("=")), key


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_plural_text_counts_by_one_parameter_that_its_plural_form_shows(lang: str) -> None:
    for key, entry in CATALOGS[lang].items():
        if not isinstance(entry, str):
            assert len(placeholders(entry["other"]) & set(COUNT_PARAMS)) == 1, key


def test_english_and_dutch_need_a_singular_and_a_plural() -> None:
    assert required_categories("en") == required_categories("nl") == {"one", "other"}


def test_the_source_scan_finds_keys_so_the_next_test_can_fail() -> None:
    used = _keys_used_in_source()

    assert {"undo.done", "supplier.gone", "note.empty", "usage.note_empty", "supplier_name.too_long"} <= set(used)


def test_every_message_key_used_in_the_code_exists() -> None:
    missing = {key: where for key, where in _keys_used_in_source().items() if key not in en.MESSAGES}

    assert missing == {}


def test_every_key_built_from_a_name_exists() -> None:
    built = (
        [f"segment.{s}" for s in SEGMENTS]
        + [f"kind.{k}" for k in KINDS]
        + [key for command in COMMANDS.commands.values() for key in catalog_keys(command)]
        + [f"group.{g}" for g in GROUPS]
        + [f"who.{w.value}" for w in Who if w is not Who.ANYONE]
        + ["usage.wrong"]
    )

    assert [key for key in built if key not in en.MESSAGES] == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_dates_name_seven_different_weekdays_and_twelve_different_months(lang: str) -> None:
    week = [format_date(lang, date(2026, 11, 23 + offset)).split()[0] for offset in range(7)]
    months = [format_date(lang, date(2026, month, 1)).split()[2] for month in range(1, 13)]
    assert len(set(week)) == 7
    assert len(set(months)) == 12


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
        ("nl", ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]),
    ],
)
def test_weekday_names_are_whole_words_in_the_users_language(lang: str, names: list[str]) -> None:
    assert [weekday_name(lang, weekday) for weekday in range(7)] == names


@pytest.mark.parametrize(
    ("lang", "day", "shown"),
    [
        ("en", date(2026, 11, 27), "Fri 27 Nov 2026"),
        ("nl", date(2026, 11, 27), "vr 27 nov 2026"),
        ("en", date(2026, 3, 2), "Mon 2 Mar 2026"),
        ("nl", date(2026, 3, 2), "ma 2 mrt 2026"),
        ("nl", date(2027, 5, 9), "zo 9 mei 2027"),
        ("en", date(2026, 9, 3), "Thu 3 Sep 2026"),
        ("nl", date(2026, 10, 14), "wo 14 okt 2026"),
        ("nl", date(2026, 3, 31), "di 31 mrt 2026"),
    ],
)
def test_dates_are_shown_in_the_users_language(lang: str, day: date, shown: str) -> None:
    assert format_date(lang, day) == shown


def test_an_unknown_language_falls_back_to_english() -> None:
    assert t("fr", "button.undo") == "Undo"
    assert format_date("fr", date(2026, 11, 27)) == "Fri 27 Nov 2026"
    assert weekday_name("fr", 4) == "Friday"
    assert t("fr", "nudge.overdue", days=1) == "1 day overdue"


def test_the_same_key_reads_differently_in_dutch() -> None:
    assert t("nl", "button.undo") == "Ongedaan maken"
    assert t("en", "supplier.not_found", name="Acme") == "I can't find a supplier called “Acme”."
    assert t("nl", "supplier.not_found", name="Acme") == "Ik kan geen leverancier “Acme” vinden."


@pytest.mark.parametrize(
    ("locale", "language"),
    [("en-US", "en"), ("en-GB", "en"), ("nl-NL", "nl"), ("fr-FR", None), ("de-DE", None), (None, None), ("", None)],
)
def test_slacks_locale_gives_a_language_only_when_covalis_speaks_it(locale: str | None, language: str | None) -> None:
    assert language_from_locale(locale) == language


@pytest.mark.parametrize(
    ("word", "language"),
    [
        ("en", "en"),
        ("nl", "nl"),
        ("English", "en"),
        ("Nederlands", "nl"),
        ("dutch", "nl"),
        (" NL ", "nl"),
        ("fr", None),
        ("", None),
    ],
)
def test_a_language_can_be_chosen_by_code_or_by_name(word: str, language: str | None) -> None:
    assert parse_language(word) == language


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [("en", "1 day overdue", "2 days overdue"), ("nl", "1 dag te laat", "2 dagen te laat")],
)
def test_one_day_is_singular_in_both_languages(lang: str, one: str, many: str) -> None:
    assert t(lang, "nudge.overdue", days=1) == one
    assert t(lang, "nudge.overdue", days=2) == many


def test_no_catalog_keeps_hand_made_singular_keys() -> None:
    """Singulars are plural forms of their own text now, chosen by CLDR's rules, not "<key>.one" siblings."""
    for catalog in (en.MESSAGES, nl.MESSAGES):
        assert [key for key in catalog if key.endswith(".one")] == []


def _command_mentions(lang: str) -> list[tuple[str, str]]:
    """(key, words) for every `/covalis …` a text of the catalog tells the user to type (not the help texts)."""
    found = []
    for key, entry in CATALOGS[lang].items():
        if key.startswith("cmd."):
            continue
        for form in _forms(entry):
            found += [(key, words) for words in re.findall(r"`/covalis ([^`]*)`", form)]
    return found


# Texts that name the other language's command on purpose: how to switch to it.
SWITCH_LANGUAGE = {("nl", "help.footer"), ("nl", "home.hint"), ("en", "help.footer"), ("en", "home.hint")}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_command_a_text_mentions_is_written_with_that_languages_words(lang: str) -> None:
    first_words = {c.path[0].shown(lang) for c in COMMANDS.commands.values()}
    other = "en" if lang == "nl" else "nl"
    foreign = {w.shown(other) for c in COMMANDS.commands.values() for w in c.path} - {
        w.shown(lang) for c in COMMANDS.commands.values() for w in c.path
    }
    mentions = _command_mentions(lang)
    assert len(mentions) > 10, "the scan finds the mentions"

    for key, words in mentions:
        if (lang, key) in SWITCH_LANGUAGE:
            continue
        tokens = words.split()
        assert tokens[0] in first_words, (key, words)
        second = tokens[1].split("|") if len(tokens) > 1 else []
        assert not set(second) & foreign, (key, words)
