"""Arrows point one way: handlers → bot/services → storage. Only the composition root knows both sides."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSITION_ROOT = {"bot/app.py", "bot/runtime.py", "bot/cli.py"}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _offenders(folder: str, forbidden: tuple[str, ...], allowed: set[str] | None = None) -> dict[str, list[str]]:
    offenders = {}
    for path in _modules(folder):
        where = str(path.relative_to(ROOT))
        if allowed and where in allowed:
            continue
        bad = sorted(m for m in _imports(path) if m.split(".")[0] in forbidden)
        if bad:
            offenders[where] = bad
    return offenders


def test_the_import_scan_sees_imports_so_the_layer_tests_can_fail() -> None:
    assert "handlers" in {m.split(".")[0] for m in _imports(ROOT / "bot" / "app.py")}
    assert _offenders("bot", ("handlers",)) != {}, "the composition root imports handlers"


def test_bot_imports_handlers_only_in_the_composition_root() -> None:
    assert _offenders("bot", ("handlers",), allowed=COMPOSITION_ROOT) == {}


@pytest.mark.parametrize("forbidden", ["bot", "handlers"])
def test_storage_knows_nothing_of_services_or_slack(forbidden: str) -> None:
    assert _offenders("storage", (forbidden,)) == {}


def test_handlers_never_run_sql() -> None:
    assert _offenders("handlers", ("storage", "sqlmodel", "sqlalchemy")) == {}


def test_services_know_nothing_of_slack() -> None:
    assert _offenders("bot/services", ("slack_sdk", "slack_bolt", "handlers")) == {}
