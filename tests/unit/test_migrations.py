"""Migrations are frozen in time: they never import the application, whose code moves on after them."""

import ast
from pathlib import Path

import pytest

VERSIONS = Path(__file__).resolve().parents[2] / "storage" / "migrations" / "versions"
MIGRATIONS = sorted(VERSIONS.glob("*.py"))


def _imported_modules(path: Path) -> list[str]:
    """Every module the file imports, at the top or inside a function."""
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    return modules


def test_there_are_migrations_to_check() -> None:
    assert len(MIGRATIONS) >= 4


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: p.stem)
def test_a_migration_imports_nothing_from_bot_or_handlers(path: Path) -> None:
    app_imports = [m for m in _imported_modules(path) if m.split(".")[0] in ("bot", "handlers")]
    assert app_imports == [], f"{path.name} imports application code: {app_imports}"
