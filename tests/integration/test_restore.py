"""Issue 18: a whole workspace restored from `covalis export` — export, restore into an empty workspace, export again:
the same document, ids and the export's own timestamp aside. On SQLite and PostgreSQL."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlmodel import select

from bot.cli import main
from bot.container import Services
from bot.services.errors import InvalidInput
from bot.services.import_files import read_table
from bot.services.importing import ImportOptions
from bot.services.restore import RestoreService
from bot.services.workspaces import Actor
from storage.models import Workspace

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"


def _fill(services: Services) -> None:
    """One of every record type the export writes, and settings away from their defaults."""
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_alias(ALICE, acme.id, "ACO")
    services.suppliers.set_cadence(ALICE, acme.id, 21)
    beta = services.suppliers.add(BOB, "Beta <b&v>", "leverage")
    services.suppliers.set_archived(BOB, beta.id, True)
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "Quality manager", "sara@acme.example")
    services.suppliers.add_contact(ALICE, acme.id, "Jan", "Buyer")
    services.suppliers.set_key_contact(ALICE, acme.id, "Sara Kok", 30)
    services.suppliers.remove_contact(ALICE, acme.id, "Jan")
    services.capture.log_note(ALICE, acme.id, "#call with Sara about the forecast, follow up friday", tz=TZ)
    services.capture.log_note(BOB, acme.id, "#private Sara hinted at a price rise <https://x.example|here>", tz=TZ)
    table = read_table(b"supplier,date,summary,external_id\nACO,2-11-2026,From the ERP,ERP-7\n", "interactions")
    services.imports.run("T1", table, ImportOptions())
    services.people.set_language(BOB, "nl")
    services.digests.subscribe(
        ALICE, channel_id="C1", channel_name="sourcing", segment="strategic", owner_filter=None, tz=TZ, language="nl"
    )
    with services.db.write() as session:
        workspace = session.exec(select(Workspace).where(Workspace.team_id == "T1")).one()
        workspace.language = "nl"
        workspace.cadence_leverage = 45
        workspace.interfaces_bottleneck = "commercial,finance"
        workspace.work_start_minute, workspace.renudge_days = 8 * 60, 5


def _export(services: Services, team: str) -> dict[str, Any]:
    out = io.StringIO()
    services.export.write_json(team, out, now=services.clock.now())
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def _without_ids(document: dict[str, Any]) -> dict[str, Any]:
    """Every id replaced by the record's position in its list (ids are the database's, not the data's)."""
    doc = json.loads(json.dumps(document))
    doc.pop("exported_at")
    if doc["audit_entries"] and doc["audit_entries"][-1]["action"] == "restore":  # the restore's own entry
        doc["audit_entries"].pop()
    doc["workspace"].pop("team_id")
    position = {
        kind: {row["id"]: n for n, row in enumerate(doc[kind])}
        for kind in ("suppliers", "contacts", "interactions", "follow_ups", "digest_subscriptions", "audit_entries")
    }
    for kind, rows in doc.items():
        if not isinstance(rows, list):
            continue
        for row in rows:
            if "id" in row:
                row["id"] = position[kind][row["id"]]
            for field, target in (("supplier_id", "suppliers"), ("interaction_id", "interactions")):
                if row.get(field) is not None:
                    row[field] = position[target][row[field]]
            if "contact_ids" in row:
                row["contact_ids"] = sorted(position["contacts"][c] for c in row["contact_ids"])
    return doc


def test_export_restore_export_gives_the_same_document(services: Services) -> None:
    _fill(services)
    before = _export(services, "T1")
    assert all(before[kind] for kind in ("suppliers", "contacts", "interactions", "follow_ups", "digest_subscriptions"))
    assert before["colleagues"]
    assert before["workspace"]["cadence_days"]["leverage"] == 45

    newer = json.loads(json.dumps(before))  # an entry of an action this version doesn't know is left out
    future = {"id": 999, "at": before["exported_at"], "actor_id": None, "action": "from.the.future", "detail": {}}
    newer["audit_entries"].append(future | {"supplier_id": None})
    restored = RestoreService(services.db, services.clock).restore("T2", newer)

    assert restored.counts["interactions"] == 3
    after = _export(services, "T2")
    assert _without_ids(after) == _without_ids(before)
    assert [e["action"] for e in before["audit_entries"]] == ["supplier.cadence", "contact.cadence", "import"]
    assert after["audit_entries"][-1]["detail"] == {"interactions": 3, "suppliers": 2}


def test_a_restored_workspace_works_again_quiet_relationships_and_ties(services: Services) -> None:
    _fill(services)
    RestoreService(services.db, services.clock).restore("T2", _export(services, "T1"))

    alice = Actor(team_id="T1", user_id="U_ALICE")
    carol = Actor(team_id="T2", user_id="U_ALICE")
    original = services.relationships.card(alice, services.suppliers.resolve(alice, "ACO").id)
    card = services.relationships.card(carol, services.suppliers.resolve(carol, "ACO").id)
    assert card.last_touch_at == original.last_touch_at
    ties = {(tie.colleague_id, tie.contact_name) for tie in card.ties}
    assert ties == {(tie.colleague_id, tie.contact_name) for tie in original.ties}
    assert ("U_ALICE", "Sara Kok") in ties


def test_a_workspace_with_suppliers_is_not_restored_over(services: Services) -> None:
    _fill(services)
    document = _export(services, "T1")

    with pytest.raises(InvalidInput) as refused:
        RestoreService(services.db, services.clock).restore("T1", document)

    assert refused.value.key == "restore.not_empty"
    assert len(_export(services, "T1")["suppliers"]) == 2


def test_a_document_that_is_not_an_export_is_refused(services: Services) -> None:
    with pytest.raises(InvalidInput) as refused:
        RestoreService(services.db, services.clock).restore("T2", {"suppliers": []})
    assert refused.value.key == "restore.not_an_export"


def test_the_command_restores_a_file_into_a_new_database(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(services)
    path = tmp_path / "covalis-export.json"
    path.write_text(json.dumps(_export(services, "T1")), encoding="utf-8")
    monkeypatch.setattr("bot.cli.configure_logging", lambda _level, **_options: None)
    monkeypatch.setenv("COVALIS_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0

    result = CliRunner().invoke(main, ["import", "workspace", str(path), "--team", "T1"])
    again = CliRunner().invoke(main, ["import", "workspace", str(path), "--team", "T1"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Restored into T1: 2 suppliers")
    assert again.exit_code == 1
    assert "already has suppliers" in again.output
    exported = json.loads(CliRunner().invoke(main, ["export", "--team", "T1"]).output)
    assert _without_ids(exported) | {"workspace": None} == _without_ids(json.loads(path.read_text())) | {
        "workspace": None
    }
