"""Issue 19: the audit log records who changed what, in the unit of work of the change, and only admins read it;
retention empties old texts but keeps the history's shape, search included. On SQLite and PostgreSQL."""

import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.clock import FixedClock
from bot.container import Services
from bot.services import retention
from bot.services.errors import NotAllowed
from bot.services.import_files import read_table
from bot.services.importing import ImportOptions
from bot.services.workspaces import Actor
from handlers.blocks.history import entry_text
from storage import queries
from storage.models import Delivery, FollowUp, PulseAnswer
from tests.conftest import NOW

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"


def _make_admin(services: Services, user_id: str, team_id: str = "T1") -> int:
    with services.db.write() as session:
        workspace = queries.ensure_workspace(session, team_id=team_id, enterprise_id=None, now=services.clock.now())
        assert workspace.id is not None
        colleague = queries.ensure_colleague(session, workspace_id=workspace.id, user_id=user_id)
        colleague.is_admin = True
        session.add(colleague)
        return workspace.id


def test_changes_are_in_the_audit_log_newest_first_for_admins_only(services: Services) -> None:
    _make_admin(services, "U_ALICE")
    acme = services.suppliers.add(ALICE, "Acme", "routine")
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "Buyer")
    services.suppliers.set_owner(ALICE, acme.id, "U_BOB")
    services.suppliers.set_segment(BOB, acme.id, "strategic")
    services.suppliers.set_segment(BOB, acme.id, "strategic")  # no change, no entry
    services.suppliers.set_cadence(BOB, acme.id, 14)
    services.suppliers.set_key_contact(BOB, acme.id, "Sara Kok", 30)
    services.workspace_settings.set_hours(ALICE, "08:00-16:00")
    services.workspace_settings.set_retention(ALICE, "12")
    services.pulse.make_link(BOB, acme.id, "Sara Kok")
    table = read_table(b"name,segment,owner\nBeta,leverage,U_ALICE\n", "suppliers")
    services.imports.run("T1", table, ImportOptions(dry_run=True))  # nothing written, nothing logged
    services.imports.run("T1", table, ImportOptions(), admin_id="U_ALICE")

    log = services.audit.page(ALICE)

    assert [(row.action, row.actor_id) for row in log.page.rows] == [
        ("import", "U_ALICE"),
        ("pulse.link", "U_BOB"),
        ("settings", "U_ALICE"),
        ("settings", "U_ALICE"),
        ("contact.cadence", "U_BOB"),
        ("supplier.cadence", "U_BOB"),
        ("supplier.segment", "U_BOB"),
        ("supplier.owner", "U_ALICE"),
    ]
    rows = log.page.rows
    assert rows[-1].detail == {"supplier": "Acme", "old": "U_ALICE", "new": "U_BOB"}
    assert rows[2].detail == {"setting": "retention", "segment": None, "old": None, "new": 12}
    assert rows[3].detail == {"setting": "hours", "segment": None, "old": "09:00-17:00", "new": "08:00-16:00"}
    assert rows[0].detail == {"kind": "suppliers", "added": 1, "changed": 0}
    only_acme = services.audit.page(ALICE, supplier_id=acme.id)
    assert only_acme.supplier_name == "Acme"
    assert [row.action for row in only_acme.page.rows] == [
        "pulse.link",
        "contact.cadence",
        "supplier.cadence",
        "supplier.segment",
        "supplier.owner",
    ]
    with pytest.raises(NotAllowed):
        services.audit.page(BOB)


def test_retention_empties_old_texts_and_the_audit_log_its_old_entries_keeping_the_history(
    services: Services, clock: FixedClock
) -> None:
    workspace_id = _make_admin(services, "U_ALICE")
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "Buyer")
    long_ago = NOW - timedelta(days=400)
    clock.set(NOW - timedelta(days=800))
    services.suppliers.set_segment(ALICE, acme.id, "leverage")  # an audit entry older than 24 months
    clock.set(long_ago)
    old = services.capture.log_note(
        ALICE, acme.id, "call with Sara about the zeppelin forecast, follow up friday", tz=TZ
    )
    assert old.follow_up is not None
    services.nudge_actions.complete_follow_up("T1", "U_ALICE", old.follow_up.id)
    tap = services.pulse.record_tap(ALICE, acme.id, 4)
    services.pulse.add_comment(ALICE, tap.answer_id, "zeppelin pricing worries")
    item = {"kind": "follow_up", "id": old.follow_up.id, "supplier_id": acme.id, "supplier_name": "Acme"}
    with services.db.write() as session:
        sent = {"hidden": 0, "items": [item | {"text": "send the zeppelin forecast", "contact_name": "Sara Kok"}]}
        session.add(
            Delivery(
                workspace_id=workspace_id,
                key="nudge:T1:U_ALICE:old",
                kind="nudge",
                recipient="U_ALICE",
                status="sent",
                items=json.dumps(sent),
                created_at=long_ago,
            )
        )
    clock.set(NOW)
    recent = services.capture.log_note(ALICE, acme.id, "zeppelin launch went well", tz=TZ)
    asked = services.workspace_settings.set_retention(ALICE, "12")  # a typo must not empty texts unasked
    assert (asked.months, asked.to_empty) == (12, 3)  # the note, the closed follow-up, the pulse comment
    unasked = services.ticks.retention.run()  # only the audit log's own period applies
    assert str(unasked) == "notes=0 follow-ups=0 nudges=0 comments=0 audit entries=1"
    with pytest.raises(NotAllowed):
        services.workspace_settings.set_retention(BOB, "12", confirmed=True)
    services.workspace_settings.set_retention(ALICE, "12", confirmed=True)

    report = services.ticks.retention.run()
    again = services.ticks.retention.run()

    assert str(report) == "notes=1 follow-ups=1 nudges=1 comments=1 audit entries=0"
    assert str(again) == "notes=0 follow-ups=0 nudges=0 comments=0 audit entries=0"
    history = services.history.history(ALICE, acme.id).page.rows
    assert [(row.id, row.summary) for row in history] == [(recent.id, "zeppelin launch went well"), (old.id, "")]
    assert history[1].contacts == ["Sara Kok"]
    assert history[1].occurred_at == old.occurred_at
    assert entry_text("en", history[1], TZ).endswith("with Sara Kok\n_(no text)_")
    assert [r.interaction_id for r in services.search.search(ALICE, "zeppelin", lang="en").rows] == [recent.id]
    assert {r.interaction_id for r in services.search.search(ALICE, "Sara", lang="en").rows} == {old.id}
    with services.db.read() as session:
        follow_up = session.get(FollowUp, old.follow_up.id)
        assert follow_up is not None
        assert (follow_up.text, follow_up.status) == ("", "done")
        delivery = session.exec(select(Delivery).where(Delivery.key == "nudge:T1:U_ALICE:old")).one()
        assert delivery.items is not None
        cleared = item | {"text": None, "contact_name": "Sara Kok"}
        assert [{k: kept[k] for k in cleared} for kept in json.loads(delivery.items)["items"]] == [cleared]
        answer = session.get(PulseAnswer, tap.answer_id)
        assert answer is not None
        assert (answer.comment, answer.overall) == (None, 4)
    assert [row.action for row in services.audit.page(ALICE).page.rows] == ["settings"]


def test_retention_empties_in_batches_once_a_day_and_a_failing_workspace_stops_no_other(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    carol = Actor(team_id="T2", user_id="U_CAROL")
    first = _make_admin(services, "U_ALICE")
    _make_admin(services, "U_CAROL", "T2")
    services.suppliers.add(ALICE, "Acme", "strategic")
    beta = services.suppliers.add(carol, "Beta", "strategic")
    rows = "".join(f"Beta,21-10-2025,zeppelin call {n}\n" for n in range(14))
    services.imports.run("T2", read_table(f"supplier,date,summary\n{rows}".encode(), "interactions"), ImportOptions())
    services.imports.run(
        "T1", read_table(b"supplier,date,summary\nAcme,21-10-2025,zeppelin\n", "interactions"), ImportOptions()
    )
    services.workspace_settings.set_retention(ALICE, "12", confirmed=True)
    services.workspace_settings.set_retention(carol, "12", confirmed=True)
    assert services.search.search(carol, "zeppelin", lang="en").total == 14
    monkeypatch.setattr(retention, "BATCH", 2)
    clear = queries.clear_interaction_texts

    def broken_in_the_first(session: Any, *, workspace_id: int, **kwargs: Any) -> list[int]:
        if workspace_id == first:
            raise RuntimeError("disk trouble")
        return clear(session, workspace_id=workspace_id, **kwargs)

    monkeypatch.setattr(queries, "clear_interaction_texts", broken_in_the_first)
    sizes: list[int] = []

    def parameters(_conn: Any, _cursor: Any, _sql: str, params: Any, _context: Any, many: bool) -> None:
        sizes.extend(len(p) for p in (params if many else [params]) if p)

    event.listen(services.db.engine, "before_cursor_execute", parameters)
    with caplog.at_level(logging.ERROR):
        report = services.ticks.retention.run()
    event.remove(services.db.engine, "before_cursor_execute", parameters)
    monkeypatch.setattr(queries, "clear_interaction_texts", clear)
    retried = services.ticks.retention.run()
    same_day = services.ticks.retention.run()
    late = b"supplier,date,summary\nBeta,21-10-2025,zeppelin call imported late\n"
    services.imports.run("T2", read_table(late, "interactions"), ImportOptions())
    still_same_day = services.ticks.retention.run()
    clock.set(NOW + timedelta(days=1))
    next_day = services.ticks.retention.run()

    assert report.notes == 14  # Beta's, in 7 batches, although Acme's workspace failed before it
    assert max(sizes) < 14, sizes  # no statement grows with the number of old notes
    assert f"retention failed in workspace {first}; a later tick retries" in caplog.text
    assert retried.notes == 1  # Acme's claim was given back: the next tick did it
    assert same_day.notes == still_same_day.notes == 0  # once a day: the late note waits for tomorrow
    assert next_day.notes == 1
    assert services.search.search(carol, "zeppelin", lang="en").rows == []
    assert services.search.search(ALICE, "zeppelin", lang="en").rows == []
    assert services.history.history(carol, beta.id).page.rows[0].summary == ""
