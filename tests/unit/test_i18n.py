"""Both catalogs say the same things with the same placeholders, and every key the code asks for exists."""

import ast
import string
from datetime import date
from pathlib import Path

import pytest

from bot.i18n import CATALOGS, en, format_date, language_from_locale, nl, parse_language, t
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


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


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


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_text_fills_each_of_its_placeholders(lang: str) -> None:
    for key, template in CATALOGS[lang].items():
        names = _placeholders(template)
        rendered = t(lang, key, **{name: f"<{name}-value>" for name in names})
        assert all(f"<{name}-value>" in rendered for name in names), key
        assert "{" not in rendered and "}" not in rendered, key


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_text_is_empty(lang: str) -> None:
    """Except a command's argument syntax or example, which is empty when the command takes no arguments."""
    optional = (".args", ".examples")
    assert [key for key, text in CATALOGS[lang].items() if not text.strip() and not key.endswith(optional)] == []


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
def test_there_are_seven_weekdays_and_twelve_months(lang: str) -> None:
    assert len(t(lang, "date.weekdays").split(",")) == 7
    assert len(t(lang, "date.months").split(",")) == 12


@pytest.mark.parametrize(
    ("lang", "day", "shown"),
    [
        ("en", date(2026, 11, 27), "Fri 27 Nov 2026"),
        ("nl", date(2026, 11, 27), "vr 27 nov 2026"),
        ("en", date(2026, 3, 2), "Mon 2 Mar 2026"),
        ("nl", date(2026, 3, 2), "ma 2 mrt 2026"),
        ("nl", date(2027, 5, 9), "zo 9 mei 2027"),
    ],
)
def test_dates_are_shown_in_the_users_language(lang: str, day: date, shown: str) -> None:
    assert format_date(lang, day) == shown


def test_an_unknown_language_falls_back_to_english() -> None:
    assert t("fr", "button.undo") == "Undo"
    assert format_date("fr", date(2026, 11, 27)) == "Fri 27 Nov 2026"


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


def test_every_singular_form_has_its_plural_in_both_catalogs() -> None:
    for catalog in (en.MESSAGES, nl.MESSAGES):
        assert all(key.removesuffix(".one") in catalog for key in catalog if key.endswith(".one"))
