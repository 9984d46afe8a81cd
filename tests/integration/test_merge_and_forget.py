"""Issue 19 in the services, on SQLite and PostgreSQL: merging duplicate suppliers and contacts keeps everything and
recomputes what depends on it; forgetting a person leaves their full name, surname and e-mail in no text column of
any table and nowhere in the export, while what happened stays."""

import contextlib
import io
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import String, Text, create_engine, text
from sqlalchemy import select as sa_select
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, select

from bot.cli import main
from bot.clock import FixedClock
from bot.container import Services
from bot.services import forgetting, merging
from bot.services.capture import InteractionDraft
from bot.services.errors import CovalisError, NotAllowed
from bot.services.people import apply_member
from bot.services.restore import RestoreService
from bot.services.workspaces import Actor
from storage.db import Database
from storage.models import AuditEntry, Colleague, Delivery, FollowUp, PulseAnswer, SearchEntry, Supplier, Workspace

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
TZ = "Europe/Amsterdam"


def _search(services: Services, words: str) -> list[str]:
    return [hit.supplier_name for hit in services.search.search(ALICE, words, lang="en").rows]


def test_merging_suppliers_and_contacts_keeps_every_note_tie_and_name(
    services: Services, db: Database, clock: FixedClock
) -> None:
    kept = services.suppliers.add(ALICE, "Acme Industries", "strategic")
    dup = services.suppliers.add(ALICE, "Acme BV", "strategic")
    services.suppliers.add_contact(ALICE, kept.id, "Jan de Vries", "Buyer")
    services.suppliers.add_contact(ALICE, dup.id, "Jan de Vries")
    services.suppliers.add_contact(ALICE, dup.id, "Sara Kok", raw_email="sara@acme.example")
    services.suppliers.add_alias(ALICE, dup.id, "ACME-NL")
    services.capture.log_note(ALICE, kept.id, "visit with Jan de Vries about tooling", tz=TZ)
    clock.set(clock.now() + timedelta(days=2))
    services.capture.log_note(ALICE, dup.id, "call with Jan de Vries and Sara Kok on pallets, follow up Friday", tz=TZ)

    with pytest.raises(CovalisError) as same:
        services.merging.plan_supplier_merge(ALICE, "Acme BV", "ACME-NL")
    assert same.value.key == "merge.same_supplier"
    with pytest.raises(CovalisError) as unknown:
        services.merging.plan_supplier_merge(ALICE, "Globex", "Acme Industries")
    assert unknown.value.key == "merge.supplier_unknown"
    services.suppliers.set_owner(ALICE, dup.id, "U_BOB")
    with pytest.raises(NotAllowed):
        services.merging.plan_supplier_merge(BOB, "Acme BV", "Acme Industries")  # Bob owns only one of them
    services.suppliers.set_owner(BOB, dup.id, "U_ALICE")

    sara = next(c.id for c in services.suppliers.contacts(ALICE, dup.id) if c.name == "Sara Kok")
    sent = {
        "items": [
            {"kind": "supplier", "id": dup.id, "supplier_id": dup.id, "supplier_name": "Acme BV"},
            {"kind": "contact", "id": sara, "supplier_id": dup.id, "supplier_name": "Acme BV", "contact_name": "Sara"},
        ],
        "rates": [[dup.id, "Acme BV"]],
    }
    _sent_nudge(db, sent)
    due_before = _due_at(db, kept.id)
    plan = services.merging.plan_supplier_merge(ALICE, "Acme BV", "Acme Industries")
    assert dict(plan.counts) == {"interactions": 1, "contacts": 2, "follow_ups": 1, "pulse_answers": 0, "aliases": 1}
    services.merging.merge_suppliers(ALICE, plan.from_id, plan.into_id)

    assert [s.name for s in services.suppliers.list_suppliers(ALICE)] == ["Acme Industries"]
    assert services.suppliers.resolve(ALICE, "Acme BV").id == kept.id  # the merged name is an alias now
    with db.read() as session:  # a nudge sent before still works: its buttons name the supplier that stays
        redrawn = json.loads(session.exec(select(Delivery.items)).one() or "")
    assert [(i["id"], i["supplier_id"], i["supplier_name"]) for i in redrawn["items"]] == [
        (kept.id, kept.id, "Acme Industries"),
        (sara, kept.id, "Acme Industries"),
    ]
    assert redrawn["rates"] == [[kept.id, "Acme Industries"]]
    assert services.suppliers.resolve(ALICE, "ACME-NL").id == kept.id
    card = services.relationships.card(ALICE, kept.id)
    assert card.last_touch_at == clock.now()
    assert _due_at(db, kept.id) - due_before == timedelta(days=2)  # the next nudge waits for the later touch
    contacts = {c.name: c for c in services.suppliers.contacts(ALICE, kept.id)}
    assert sorted(contacts) == ["Jan de Vries", "Sara Kok"]
    assert contacts["Jan de Vries"].role == "Buyer"
    assert contacts["Jan de Vries"].last_touch_at == clock.now()  # one Jan with the touches of both
    history = services.history.history(ALICE, kept.id, contact="Jan de Vries")
    assert history.page.total == 2
    assert _search(services, "pallets") == ["Acme Industries"] * 2  # the note and its follow-up, under the one kept
    assert [f.text for f in card.follow_ups] == ["call with Jan de Vries and Sara Kok on pallets"]
    with db.read() as session:
        assert set(session.exec(select(SearchEntry.supplier_id))) == {kept.id}
        logged = [(e.action, e.supplier_id, e.detail) for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert logged[-1] == ("supplier.merge", kept.id, '{"merged": "Acme BV", "supplier": "Acme Industries"}')
    assert {supplier for action, supplier, _ in logged if action == "supplier.owner"} == {kept.id}  # Acme BV's too

    # A contact typed twice at one supplier: merged, the short name becomes an alias that notes find.
    services.suppliers.add_contact(ALICE, kept.id, "J. Kok")
    services.capture.log_note(ALICE, kept.id, "lunch with J. Kok", tz=TZ)
    with pytest.raises(CovalisError) as self_merge:
        services.merging.plan_contact_merge(ALICE, kept.id, "Sara Kok", "sara kok")
    assert self_merge.value.key == "merge.same_contact"
    other = services.suppliers.add(ALICE, "Globex")
    with pytest.raises(CovalisError) as elsewhere:
        services.merging.plan_contact_merge(ALICE, kept.id, "J. Kok", "Sara Kok", into_supplier="Globex")
    assert elsewhere.value.key == "merge.other_supplier"
    assert other.id != kept.id
    plan = services.merging.plan_contact_merge(ALICE, kept.id, "J. Kok", "Sara Kok")
    assert dict(plan.counts) == {"interactions": 1, "follow_ups": 0, "pulse_answers": 0}
    services.merging.merge_contacts(ALICE, kept.id, plan.from_id, plan.into_id)

    assert sorted(c.name for c in services.suppliers.contacts(ALICE, kept.id)) == ["Jan de Vries", "Sara Kok"]
    assert services.history.history(ALICE, kept.id, contact="Sara Kok").page.total == 2
    logged = services.capture.log_note(ALICE, kept.id, "J. Kok called back", tz=TZ)
    assert logged.contacts == ["Sara Kok"]
    assert services.history.history(ALICE, kept.id, contact="J. Kok").page.total == 3  # the alias finds her too
    document = json.loads(_export(services))
    assert [(c["name"], c["aliases"]) for c in document["contacts"]] == [("Jan de Vries", []), ("Sara Kok", ["J. Kok"])]
    RestoreService(services.db, services.clock).restore("T2", document)  # the aliases come back with a restore
    t2 = Actor(team_id="T2", user_id="U_ALICE")
    restored = services.suppliers.resolve(t2, "Acme BV")
    assert services.history.history(t2, restored.id, contact="J. Kok").contact_name == "Sara Kok"


def _due_at(db: Database, supplier_id: int) -> datetime:
    with db.read() as session:
        due = session.exec(select(Supplier.due_at).where(Supplier.id == supplier_id)).one()
    assert due is not None
    return due


def _sent_nudge(db: Database, kept: dict[str, object]) -> None:
    with db.write() as session:
        workspace = session.exec(select(Workspace)).one()
        assert workspace.id is not None
        session.add(
            Delivery(
                workspace_id=workspace.id,
                key="nudge:T1:U_ALICE:2026-11-20",
                kind="nudge",
                recipient="U_ALICE",
                status="sent",
                items=json.dumps(kept),
                created_at=datetime(2026, 11, 20, tzinfo=UTC),
            )
        )


FULL, SURNAME, EMAIL = "Anaïs de Groot", "de Groot", "a.degroot@acme.example"


def _everything_that_names(db: Database, *needles: str, exact: bool = False) -> list[str]:
    """Every String/Text column of every table, read whole and JSON decoded (JSON escapes accents), for the needles
    (ignoring case, unless `exact`)."""

    def fold(text: str) -> str:
        return text if exact else text.casefold()

    found = []
    with db.read() as session:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for column in columns:
                for (value,) in session.execute(sa_select(column)):
                    text = str(value or "")
                    with contextlib.suppress(ValueError):
                        text = json.dumps(json.loads(text), ensure_ascii=False)
                    for needle in needles:
                        if value and fold(needle) in fold(text):
                            found.append(f"{table.name}.{column.name}: {value!r}")
    return found


def _export(services: Services) -> str:
    out = io.StringIO()
    services.export.write_json("T1", out, now=datetime(2026, 12, 1, tzinfo=UTC))
    return out.getvalue()


def test_a_forgotten_contact_is_in_no_text_column_and_not_in_the_export(services: Services, db: Database) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    globex = services.suppliers.add(ALICE, "Globex")
    services.suppliers.add_contact(ALICE, acme.id, FULL, "Planner", raw_email=EMAIL)
    services.suppliers.add_contact(ALICE, acme.id, "Piet de Groot")  # shares the surname: keeps his name
    services.suppliers.add_contact(ALICE, globex.id, "Anaïs Bos")
    services.suppliers.add_contact(ALICE, globex.id, "Lotte")  # a one-word name: a first name
    met = services.capture.log_note(
        ALICE, acme.id, f"call with {FULL} ({EMAIL}); Anaïs sends the plan, follow up Friday: ask Anais", tz=TZ
    )
    services.capture.log_note(ALICE, globex.id, "heard De Groot moves to Globex; Anaïs Bos agrees", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "visit with Piet de Groot", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "een groot probleem: Lotte from Globex asked about it", tz=TZ)
    services.capture.log_note(ALICE, globex.id, "lunch with Lotte", tz=TZ)
    services.pending.save(ALICE, f"note Acm: mail {EMAIL}")
    with db.write() as session:
        workspace = session.exec(select(Workspace)).one()
        session.add(
            PulseAnswer(
                workspace_id=workspace.id,
                supplier_id=acme.id,
                side="theirs",
                source="page",
                comment=f"Regards, {FULL}",
                answered_at=datetime(2026, 11, 20, tzinfo=UTC),
            )
        )
    nudge = {"kind": "contact", "id": 1, "supplier_id": acme.id, "supplier_name": "Acme", "contact_name": FULL}
    _sent_nudge(db, {"items": [nudge | {"text": "De Groot is quiet"}]})
    services.suppliers.set_key_contact(ALICE, acme.id, FULL, 30)  # the audit log names her
    assert "audit_entry.detail" in " ".join(_everything_that_names(db, FULL))
    with pytest.raises(NotAllowed):
        services.forgetting.plan_forget_contact(BOB, acme.id, FULL)
    plan = services.forgetting.plan_forget_contact(ALICE, acme.id, "ANAÏS de groot")
    assert (plan.contact_name, plan.interactions, plan.marker) == (FULL, 1, "[former contact]")

    done = services.forgetting.forget_contact(ALICE, acme.id, plan.contact_id)

    assert done.texts_changed == 7
    with db.read() as session:
        logged = session.exec(select(AuditEntry).where(AuditEntry.action == "contact.forget")).one()
    assert (logged.actor_id, logged.supplier_id, logged.detail) == ("U_ALICE", acme.id, '{"supplier": "Acme"}')
    assert _everything_that_names(db, FULL, EMAIL) == []
    assert sorted(_everything_that_names(db, "Groot", exact=True)) == [  # only in Piet's name, kept whole
        "contact.name: 'Piet de Groot'",
        "interaction.summary: 'visit with Piet de Groot'",
        "search_entry.body: 'visit with Piet de Groot'",
        "search_entry.names: 'Acme Piet de Groot'",
    ]
    exported = json.dumps(json.loads(_export(services)), ensure_ascii=False)
    assert FULL not in exported
    assert EMAIL not in exported
    assert re.findall(r"\w+ de Groot", exported) == ["Piet de Groot"] * exported.count("de Groot")
    notes = services.history.history(ALICE, acme.id).page
    texts = sorted(row.summary for row in notes.rows)
    assert texts == [
        "call with [former contact] ([former contact]); [former contact] sends the plan, follow up Friday: ask "
        "[former contact]",
        "een groot probleem: Lotte from Globex asked about it",
        "visit with Piet de Groot",
    ]
    assert notes.rows[-1].contacts == ["[former contact]"]  # the interaction keeps its shape: one of them was there
    globex_notes = services.history.history(ALICE, globex.id).page.rows
    assert globex_notes[-1].summary == "heard [former contact] moves to Globex; Anaïs Bos agrees"  # first name kept
    assert _search(services, "Groot") == ["Acme", "Acme"]  # Piet's visit, and "een groot probleem"
    assert met.id in [row.id for row in notes.rows]
    assert [c.name for c in services.suppliers.contacts(ALICE, acme.id)] == ["Piet de Groot"]
    services.forgetting.forget_contact_as_operator("T1", "Globex", "Lotte")  # a first name: only where she was
    assert "een groot probleem: Lotte from Globex asked about it" in _everything_that_names(db, "Lotte")[0]
    assert sorted(row.summary for row in services.history.history(ALICE, globex.id).page.rows) == [
        "heard [former contact] moves to Globex; Anaïs Bos agrees",
        "lunch with [former contact]",
    ]
    services.forgetting.forget_contact_as_operator("T1", "Acme", "Piet de Groot")  # two forgotten at one supplier
    RestoreService(services.db, services.clock).restore("T2", json.loads(_export(services)))


def test_the_operator_forgets_on_the_cli_and_slack_never_brings_a_colleague_s_name_back(
    services: Services, db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COVALIS_DATABASE_URL", database_url)
    monkeypatch.setattr("bot.cli.configure_logging", lambda _level, **_options: None)
    acme = services.suppliers.add(ALICE, "Heijmans", "strategic")  # the contact's surname is the supplier's name
    services.suppliers.add_contact(ALICE, acme.id, "Jan Heijmans", raw_email="jan@acme.example")
    services.capture.log_note(ALICE, acme.id, "call with Jan Heijmans (jan@acme.example)", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "quarterly review at Heijmans; Eva Jansen joined", tz=TZ)
    draft = InteractionDraft(
        acme.id, date(2026, 11, 24), "visit", "Bob Jansen presented, ask Bob", [], ["U_BOB"], False
    )
    services.capture.log_interaction(ALICE, draft, tz=TZ)
    services.capture.log_note(ALICE, acme.id, "Bob from Globex called", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "Ria Smit sent the plan", tz=TZ)  # a colleague Covalis never named
    with db.write() as session:
        workspace = session.exec(select(Workspace)).one()
        session.add(Colleague(workspace_id=workspace.id, user_id="U_BOB", display_name="Bob Jansen"))
        session.add(Colleague(workspace_id=workspace.id, user_id="U_EVA", display_name="Eva Jansen"))
        session.add(Colleague(workspace_id=workspace.id, user_id="U_NONAME", deleted=True))
        assert workspace.id is not None
        session.add(  # a follow-up of Bob's of its own, found in search by its owner's name
            FollowUp(
                workspace_id=workspace.id,
                supplier_id=acme.id,
                text="build a tie with their planner",
                due_date=date(2026, 12, 1),
                owner_id="U_BOB",
                created_at=datetime(2026, 11, 20, tzinfo=UTC),
            )
        )
    assert _everything_that_names(db, "Bob Jansen")
    services.suppliers.remove_contact(ALICE, acme.id, "Jan Heijmans")  # out of the lists, but still kept: forgettable
    runner = CliRunner()

    unknown = runner.invoke(main, ["forget-contact", "--team", "T1", "--supplier", "Heijmans", "--name", "Piet"])
    assert unknown.exit_code == 1
    assert "Heijmans has no contact called “Piet”." in unknown.output
    nameless = runner.invoke(main, ["forget-colleague", "--team", "T1", "--user", "U_NONAME"])
    assert nameless.exit_code == 1
    assert "Covalis never stored a name for U_NONAME" in nameless.output
    still_here = runner.invoke(main, ["forget-colleague", "--team", "T1", "--user", "U_BOB"])
    assert still_here.exit_code == 1
    assert "U_BOB is still in Slack: only a colleague who left can be forgotten" in still_here.output
    with db.write() as session:
        bob = session.exec(select(Colleague).where(Colleague.user_id == "U_BOB")).one()
        bob.deleted = True
        session.add(bob)

    done = runner.invoke(main, ["forget-contact", "--team", "T1", "--supplier", "heijmans", "--name", "Jan Heijmans"])
    assert done.exit_code == 0, done.output
    assert "Forgotten; 1 text changed." in done.output
    left = runner.invoke(main, ["forget-colleague", "--team", "T1", "--user", "U_BOB"])
    assert left.exit_code == 0, left.output

    named = runner.invoke(main, ["forget-colleague", "--team", "T1", "--user", "U_NONAME", "--name", "Ria Smit"])
    assert named.exit_code == 0, named.output

    assert _everything_that_names(db, "Jan Heijmans", "jan@acme.example", "Bob Jansen") == []
    assert [found.split(":")[0] for found in _everything_that_names(db, "Jansen")] == [
        "colleague.display_name",
        "interaction.summary",
        "search_entry.body",
    ]  # Eva's name, a colleague's, is kept whole
    texts = sorted(row.summary for row in services.history.history(ALICE, acme.id).page.rows)
    assert texts == [
        "Bob from Globex called",  # Bob took no part: the first name alone may be anyone
        "[former colleague] presented, ask [former colleague]",
        "[former colleague] sent the plan",
        "call with [former contact] ([former contact])",
        "quarterly review at Heijmans; Eva Jansen joined",  # the supplier's name stays
    ]
    with db.read() as session:
        logged = session.exec(select(AuditEntry.detail).where(AuditEntry.action == "contact.forget")).one()
    assert logged == '{"supplier": "Heijmans"}'
    with db.write() as session:
        bob = session.exec(select(Colleague).where(Colleague.user_id == "U_BOB")).one()
        apply_member(bob, {"id": "U_BOB", "deleted": True, "real_name": "Bob Jansen"}, datetime.now(UTC))
        assert bob.display_name == ""


def test_on_postgresql_a_note_naming_a_contact_waits_while_it_is_merged_or_forgotten(
    services: Services, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note linking the contact, written meanwhile, would otherwise lose its link (merge) or keep the name
    (forget): the merged or forgotten contact is locked first, so it waits (here: times out at once)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite's write transactions are serial already")
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    for name in ("Jan de Vries", "J. de Vries", "Sara Kok"):
        services.suppliers.add_contact(ALICE, acme.id, name)
    other = services.capture.log_note(ALICE, acme.id, "visit to the plant", tz=TZ)
    ids = {c.name: c.id for c in services.suppliers.contacts(ALICE, acme.id)}
    engine = create_engine(database_url)
    waited: list[str] = []

    def link_meanwhile(name: str) -> None:
        with engine.connect() as conn:
            conn.execute(text("SET lock_timeout = '100ms'"))
            try:
                conn.execute(
                    text("INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (:i, :c)"),
                    {"i": other.id, "c": ids[name]},
                )
            except DBAPIError:
                waited.append(name)
            conn.rollback()

    def wrap(module: object, attribute: str, name: str) -> None:
        real = getattr(module, attribute)

        def meanwhile(*args: object, **kwargs: object) -> object:
            link_meanwhile(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, attribute, meanwhile)

    wrap(merging, "_merge_contact_into", "J. de Vries")
    wrap(forgetting, "_forget_contact", "Sara Kok")
    plan = services.merging.plan_contact_merge(ALICE, acme.id, "J. de Vries", "Jan de Vries")
    services.merging.merge_contacts(ALICE, acme.id, plan.from_id, plan.into_id)
    services.forgetting.forget_contact(ALICE, acme.id, ids["Sara Kok"])
    engine.dispose()

    assert waited == ["J. de Vries", "Sara Kok"]
