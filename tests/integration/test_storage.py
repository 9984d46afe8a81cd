"""Storage behaves the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from storage import queries
from storage.db import Database
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Contact, Interaction, Supplier, Workspace

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _workspace(db: Database, team: str = "T1") -> int:
    with db.write() as session:
        workspace = queries.ensure_workspace(session, team_id=team, enterprise_id=None, now=NOW)
        assert workspace.id is not None
        return workspace.id


def test_timestamps_come_back_timezone_aware_in_utc_on_both_engines(db: Database) -> None:
    amsterdam = timezone(timedelta(hours=1))
    with db.write() as session:
        session.add(Workspace(team_id="T1", created_at=datetime(2026, 11, 25, 10, 0, tzinfo=amsterdam)))
    with db.read() as session:
        stored = session.exec(select(Workspace)).one().created_at
    assert stored.tzinfo is not None
    assert stored == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_a_naive_datetime_is_refused_rather_than_guessed(db: Database) -> None:
    def write_a_naive_time() -> None:
        with db.write() as session:
            session.add(Workspace(team_id="T1", created_at=datetime(2026, 11, 25, 9, 0)))  # noqa: DTZ001 (the point)
            session.flush()

    with pytest.raises(Exception, match="naive"):
        write_a_naive_time()


def test_a_failed_unit_of_work_leaves_nothing_half_written(db: Database) -> None:
    workspace_id = _workspace(db)

    def fail_half_way() -> None:
        with db.write() as session:
            session.add(
                Supplier(
                    workspace_id=workspace_id,
                    name="Acme",
                    name_key="acme",
                    segment="routine",
                    owner_id="U1",
                    created_at=NOW,
                )
            )
            session.flush()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_half_way()
    with db.read() as session:
        assert session.exec(select(Supplier)).all() == []


def test_insert_if_absent_inserts_once_and_reports_it(db: Database) -> None:
    with db.write() as session:
        assert queries.claim_event(session, event_id="Ev1", now=NOW) is True
    with db.write() as session:
        assert queries.claim_event(session, event_id="Ev1", now=NOW) is False


def test_foreign_keys_are_enforced_on_both_engines(db: Database) -> None:
    def add_to_a_missing_workspace() -> None:
        with db.write() as session:
            session.add(
                Supplier(workspace_id=999, name="X", name_key="x", segment="routine", owner_id="U1", created_at=NOW)
            )
            session.flush()

    with pytest.raises(IntegrityError):
        add_to_a_missing_workspace()


def test_the_last_touch_only_moves_forward(db: Database) -> None:
    workspace_id = _workspace(db)
    with db.write() as session:
        supplier = Supplier(
            workspace_id=workspace_id, name="Acme", name_key="acme", segment="routine", owner_id="U1", created_at=NOW
        )
        session.add(supplier)
        session.flush()
        assert supplier.id is not None
        queries.move_last_touch_forward(session, workspace_id=workspace_id, supplier_id=supplier.id, at=NOW)
        queries.move_last_touch_forward(
            session, workspace_id=workspace_id, supplier_id=supplier.id, at=NOW - timedelta(days=30)
        )
        supplier_id = supplier.id
    with db.read() as session:
        stored = queries.get_supplier(session, workspace_id=workspace_id, supplier_id=supplier_id)
        assert stored is not None
        assert stored.last_touch_at == NOW


def _supplier_with_a_contact(db: Database, workspace_id: int, last_touch: datetime) -> tuple[int, int]:
    """A supplier and a contact touched at `last_touch`, with no interaction behind it."""
    with db.write() as session:
        supplier = Supplier(
            workspace_id=workspace_id,
            name="Acme",
            name_key="acme",
            segment="routine",
            owner_id="U1",
            created_at=NOW,
            last_touch_at=last_touch,
        )
        session.add(supplier)
        session.flush()
        assert supplier.id is not None
        contact = Contact(
            workspace_id=workspace_id,
            supplier_id=supplier.id,
            name="Jan",
            name_key="jan",
            created_at=NOW,
            last_touch_at=last_touch,
        )
        session.add(contact)
        session.flush()
        assert contact.id is not None
        return supplier.id, contact.id


def _call(db: Database, workspace_id: int, supplier_id: int, contact_id: int, at: datetime) -> None:
    """A call of U1 with the contact at `at`, which alone forms their tie."""
    with db.write() as session:
        interaction = Interaction(
            workspace_id=workspace_id,
            supplier_id=supplier_id,
            occurred_at=at,
            kind="call",
            summary="call",
            logged_by="U1",
            source="command",
            visibility="team",
            created_at=at,
        )
        session.add(interaction)
        session.flush()
        assert interaction.id is not None
        queries.add_participants(session, interaction_id=interaction.id, contact_ids=[contact_id], colleague_ids=["U1"])


def test_touch_updates_and_tie_reads_never_reach_into_another_workspace(db: Database) -> None:
    mine, theirs = _workspace(db, "T1"), _workspace(db, "T2")
    earlier = NOW - timedelta(days=30)
    my_supplier, my_contact = _supplier_with_a_contact(db, mine, earlier)
    their_supplier, their_contact = _supplier_with_a_contact(db, theirs, earlier)
    # Their tie, from a call older than their rows' last touch: a recompute reaching into their workspace would
    # move their last touch back to it.
    _call(db, theirs, their_supplier, their_contact, NOW - timedelta(days=60))
    with db.write() as session:
        for supplier_id, contact_id in ((my_supplier, my_contact), (their_supplier, their_contact)):
            queries.move_last_touch_forward(session, workspace_id=mine, supplier_id=supplier_id, at=NOW)
            queries.move_contacts_touch_forward(session, workspace_id=mine, contact_ids=[contact_id], at=NOW)
    with db.read() as session:
        assert session.get(Supplier, my_supplier).last_touch_at == NOW  # type: ignore[union-attr]
        assert session.get(Contact, my_contact).last_touch_at == NOW  # type: ignore[union-attr]
        assert session.get(Supplier, their_supplier).last_touch_at == earlier  # type: ignore[union-attr]
        assert session.get(Contact, their_contact).last_touch_at == earlier  # type: ignore[union-attr]
    with db.write() as session:
        # Recomputed from interactions (mine has none): my rows are emptied, theirs stay as they were.
        for supplier_id, contact_id in ((my_supplier, my_contact), (their_supplier, their_contact)):
            queries.recompute_last_touch(session, workspace_id=mine, supplier_id=supplier_id)
            queries.recompute_contacts_touch(session, workspace_id=mine, contact_ids=[contact_id])
    window = timedelta(days=90)
    with db.read() as session:
        assert session.get(Supplier, my_supplier).last_touch_at is None  # type: ignore[union-attr]
        assert session.get(Contact, my_contact).last_touch_at is None  # type: ignore[union-attr]
        assert session.get(Supplier, their_supplier).last_touch_at == earlier  # type: ignore[union-attr]
        assert session.get(Contact, their_contact).last_touch_at == earlier  # type: ignore[union-attr]
        # Ties are read per workspace: their supplier's tie is invisible from mine, and whole from theirs.
        reads = {
            workspace_id: queries.tie_touches(
                session, workspace_id=workspace_id, supplier_ids=[their_supplier], now=NOW, window=window, viewer_id=""
            )
            for workspace_id in (mine, theirs)
        }
        assert reads[mine] == []
        [their_tie] = reads[theirs]
        assert (their_tie.contact_id, their_tie.user_id, their_tie.touches_recent, their_tie.last_touch) == (
            their_contact,
            "U1",
            1,
            NOW - timedelta(days=60),
        )
        assert (
            queries.colleague_touches(
                session, workspace_id=mine, supplier_ids=[their_supplier], now=NOW, window=window, viewer_id=""
            )
            == []
        )


def test_a_supplier_id_from_another_workspace_finds_nothing(db: Database) -> None:
    mine, theirs = _workspace(db, "T1"), _workspace(db, "T2")
    with db.write() as session:
        supplier = Supplier(
            workspace_id=theirs, name="Acme", name_key="acme", segment="routine", owner_id="U1", created_at=NOW
        )
        session.add(supplier)
        session.flush()
        supplier_id = supplier.id
    with db.read() as session:
        assert supplier_id is not None
        assert queries.get_supplier(session, workspace_id=mine, supplier_id=supplier_id) is None


def test_prefix_search_treats_percent_and_underscore_literally(db: Database) -> None:
    workspace_id = _workspace(db)
    with db.write() as session:
        for name in ("100% Steel", "1000 Bolts", "a_b", "axb"):
            session.add(
                Supplier(
                    workspace_id=workspace_id,
                    name=name,
                    name_key=name.casefold(),
                    segment="routine",
                    owner_id="U1",
                    created_at=NOW,
                )
            )
    with db.read() as session:
        hits = queries.suppliers_by_prefix(
            session, workspace_id=workspace_id, prefix="100%", include_archived=False, limit=5
        )
        assert [s.name for s in hits] == ["100% Steel"]
        hits = queries.suppliers_by_prefix(
            session, workspace_id=workspace_id, prefix="a_", include_archived=False, limit=5
        )
        assert [s.name for s in hits] == ["a_b"]


def test_migrations_are_at_head_and_running_them_again_changes_nothing(db: Database) -> None:
    before = current_revision(db.engine)
    upgrade(db.engine)
    assert current_revision(db.engine) == before == head_revision()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


def test_suppliers_from_before_the_nudge_revision_get_a_next_nudge_time(tmp_path: Path) -> None:
    from storage.db import create_db_engine

    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workspace (id, team_id, created_at) VALUES (1, 'T1', '2026-11-01 09:00:00')"))
        conn.execute(
            text(
                "INSERT INTO supplier (workspace_id, name, name_key, segment, owner_id, archived, created_at)"
                " VALUES (1, 'Acme', 'acme', 'strategic', 'U1', 0, '2026-11-01 09:00:00'),"
                " (1, 'Bolts', 'bolts', 'routine', 'U1', 0, '2026-11-01 09:00:00')"
            )
        )
    upgrade(engine)
    db = Database(engine)
    with db.read() as session:
        by_name = {s.name: s.next_nudge_at for s in session.exec(select(Supplier))}
    assert by_name == {"Acme": datetime(2026, 11, 15, 9, 0, tzinfo=UTC), "Bolts": None}
    engine.dispose()


def test_marking_nudged_stamps_only_rows_of_the_workspace(db: Database) -> None:
    mine, theirs = _workspace(db, "T1"), _workspace(db, "T2")
    my_supplier, my_contact = _supplier_with_a_contact(db, mine, NOW)
    their_supplier, their_contact = _supplier_with_a_contact(db, theirs, NOW)
    with db.write() as session:
        stamped = queries.mark_nudged(
            session, workspace_id=mine, table=Supplier, ids=[my_supplier, their_supplier], now=NOW
        )
        assert stamped == {my_supplier}
        assert queries.mark_nudged(session, workspace_id=mine, table=Contact, ids=[their_contact], now=NOW) == set()
    with db.read() as session:
        assert session.get(Supplier, my_supplier).last_nudged_at == NOW  # type: ignore[union-attr]
        assert session.get(Supplier, their_supplier).last_nudged_at is None  # type: ignore[union-attr]
        assert session.get(Contact, my_contact).last_nudged_at is None  # type: ignore[union-attr]
        assert session.get(Contact, their_contact).last_nudged_at is None  # type: ignore[union-attr]
