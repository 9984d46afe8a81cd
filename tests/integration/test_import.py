"""Issue 18: importing suppliers, contacts and history from a spreadsheet, on SQLite and PostgreSQL.

The same file twice changes nothing; a bad row stops the whole file (line and reason listed) unless bad rows are
skipped; a dry run writes nothing; an empty cell leaves what is stored and `-` clears it; after a history import the
last touches, due dates and ties are what logging those interactions in Slack would have made them.
"""

from datetime import UTC, datetime

import pytest

from bot.clock import FixedClock
from bot.container import Services
from bot.services.import_files import read_table
from bot.services.importing import ImportOptions, ImportReport
from bot.services.workspaces import Actor

TEAM = "T1"
ALICE = Actor(team_id=TEAM, user_id="U_ALICE")
EMAILS = {"bob@example.com": "U_BOB", "alice@example.com": "U_ALICE"}


def run(services: Services, kind: str, text: str, **options: bool) -> ImportReport:
    table = read_table(text.encode("utf-8"), kind)
    return services.imports.run(TEAM, table, ImportOptions(**options), directory=lambda: EMAILS)


def supplier_names(services: Services) -> list[str]:
    return sorted(s.name for s in services.suppliers.list_suppliers(ALICE, include_archived=True))


SUPPLIERS = """name;segment;owner;cadence;aliases
Acme;strategic;U_ALICE;21;ACO, Acme BV
Bolt & Co;knelpunt;Bob@Example.com;;
Café Noir;;U_ALICE;-;
"""


def test_suppliers_are_added_with_owners_by_email_and_aliases_and_a_second_run_changes_nothing(
    services: Services,
) -> None:
    first = run(services, "suppliers", SUPPLIERS)

    assert (len(first.added), first.bad_rows, first.written) == (3, [], True)
    acme = services.suppliers.resolve(ALICE, "ACO")
    assert (acme.name, acme.segment, acme.owner_id, acme.cadence_days) == ("Acme", "strategic", "U_ALICE", 21)
    assert sorted(services.suppliers.aliases(ALICE, acme.id)) == ["ACO", "Acme BV"]
    bolt = services.suppliers.resolve(ALICE, "bolt & co")
    assert (bolt.segment, bolt.owner_id) == ("bottleneck", "U_BOB")
    assert services.suppliers.resolve(ALICE, "Café Noir").segment == "routine"

    again = run(services, "suppliers", SUPPLIERS)

    assert (again.added, again.changed, again.unchanged) == ([], [], 3)


def test_an_empty_cell_leaves_the_stored_value_and_a_dash_clears_it(services: Services) -> None:
    run(services, "suppliers", SUPPLIERS)

    report = run(services, "suppliers", "name,segment,owner,cadence,aliases\nACO,,,-,-\n")

    assert [(c.label, c.fields) for c in report.changed] == [("Acme", ("cadence", "aliases"))]
    acme = services.suppliers.resolve(ALICE, "Acme")
    assert (acme.segment, acme.owner_id, acme.cadence_days) == ("strategic", "U_ALICE", None)
    assert services.suppliers.aliases(ALICE, acme.id) == []


def test_a_bad_row_stops_the_whole_file_and_is_listed_with_its_line(services: Services) -> None:
    text = (
        "name,segment,owner\nGood One,routine,U_ALICE\nBad Seg,premium,U_ALICE\nNo Owner,routine,\n"
        "Stranger,routine,x@y.z\n"
    )

    report = run(services, "suppliers", text)

    assert not report.written
    assert [(b.line, b.key) for b in report.bad_rows] == [
        (3, "segment.unknown"),
        (4, "import.owner_missing"),
        (5, "import.owner_unknown"),
    ]
    assert supplier_names(services) == []

    skipped = run(services, "suppliers", text, skip_bad_rows=True)

    assert skipped.written
    assert supplier_names(services) == ["Good One"]


def test_a_dry_run_tells_what_would_change_and_writes_nothing(services: Services) -> None:
    run(services, "suppliers", SUPPLIERS)

    report = run(
        services, "suppliers", "name,segment,owner\nAcme,leverage,\nNew Co,routine,U_ALICE\nBolt & Co,,\n", dry_run=True
    )

    assert [c.label for c in report.added] == ["New Co"]
    assert [(c.label, c.fields) for c in report.changed] == [("Acme", ("segment",))]
    assert (report.unchanged, report.written) == (1, False)
    assert "New Co" not in supplier_names(services)
    assert services.suppliers.resolve(ALICE, "Acme").segment == "strategic"


CONTACTS = """leverancier\tnaam\tfunctie\tgebied\te-mail\tsleutelcadans
Acme\tSara Kok\tKwaliteitsmanager\t\tsara@acme.example\t30
ACO\tJan de Vries\tAccount manager\tfinance\t\t
Nobody Inc\tPiet\t\t\t\t
"""


def test_contacts_are_matched_by_supplier_alias_and_name_and_a_bad_one_is_named(services: Services) -> None:
    run(services, "suppliers", SUPPLIERS)

    report = run(services, "contacts", CONTACTS, skip_bad_rows=True)

    assert [(b.line, b.key, b.params) for b in report.bad_rows] == [
        (4, "import.unknown_supplier", {"name": "Nobody Inc"})
    ]
    acme = services.suppliers.resolve(ALICE, "Acme")
    contacts = {c.name: c for c in services.suppliers.contacts(ALICE, acme.id)}
    assert (contacts["Sara Kok"].interface, contacts["Sara Kok"].cadence_days) == ("quality", 30)
    assert (contacts["Jan de Vries"].interface, contacts["Jan de Vries"].email) == ("finance", None)

    again = run(services, "contacts", CONTACTS, skip_bad_rows=True)
    assert (again.added, again.changed, again.unchanged) == ([], [], 2)


def test_a_removed_contact_in_the_file_comes_back_rather_than_twice(services: Services) -> None:
    run(services, "suppliers", SUPPLIERS)
    run(services, "contacts", CONTACTS, skip_bad_rows=True)
    acme = services.suppliers.resolve(ALICE, "Acme")
    services.suppliers.remove_contact(ALICE, acme.id, "Sara Kok")

    report = run(services, "contacts", CONTACTS, skip_bad_rows=True)

    assert [(c.label, c.fields) for c in report.changed] == [("Acme: Sara Kok", ("contact",))]
    assert [c.name for c in services.suppliers.contacts(ALICE, acme.id)] == ["Jan de Vries", "Sara Kok"]


HISTORY = """supplier,date,kind,summary,colleagues,contacts
Acme,3-11-2026,belletje,Forecast  besproken,U_ALICE,Sara Kok
Acme,20-11-2026,meeting,QBR,bob@example.com;U_ALICE,Sara Kok;Jan de Vries
Bolt & Co,1-12-2026,call,Too early,U_BOB,
Bolt & Co,2-11-2026,call,Who?,U_BOB,Nobody
"""


def _with_contacts(services: Services) -> int:
    run(services, "suppliers", SUPPLIERS)
    run(services, "contacts", CONTACTS, skip_bad_rows=True)
    return services.suppliers.resolve(ALICE, "Acme").id


def test_history_moves_the_last_touch_and_due_date_and_makes_the_ties(services: Services, clock: FixedClock) -> None:
    acme_id = _with_contacts(services)

    report = run(services, "interactions", HISTORY, skip_bad_rows=True)

    assert [(b.line, b.key) for b in report.bad_rows] == [(4, "import.future_date"), (5, "import.contact_unknown")]
    card = services.relationships.card(ALICE, acme_id)
    assert card.last_touch_at == datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert {(tie.colleague_id, tie.contact_name) for tie in card.ties} == {
        ("U_ALICE", "Sara Kok"),
        ("U_ALICE", "Jan de Vries"),
        ("U_BOB", "Sara Kok"),
        ("U_BOB", "Jan de Vries"),
    }
    quiet_now = services.relationships.quiet(ALICE, everyone=True).rows
    assert "Acme" not in {row.supplier_name for row in quiet_now}  # touched 5 days ago, cadence 21
    clock.set(datetime(2026, 12, 12, 9, tzinfo=UTC))  # 22 days after the QBR
    assert ("Acme", None) in {
        (r.supplier_name, r.contact_name) for r in services.relationships.quiet(ALICE, everyone=True).rows
    }


def test_the_same_history_twice_adds_nothing_even_with_other_spacing_and_case(services: Services) -> None:
    _with_contacts(services)
    run(services, "interactions", HISTORY, skip_bad_rows=True)

    again = run(
        services, "interactions", HISTORY.replace("Forecast  besproken", "forecast besproken"), skip_bad_rows=True
    )

    assert (again.added, again.changed, again.unchanged) == ([], [], 2)


def test_an_external_id_identifies_an_interaction_whose_words_changed(services: Services) -> None:
    acme_id = _with_contacts(services)
    text = "supplier,date,kind,summary,external id\nAcme,3-11-2026,call,First words,ERP-1\n"
    run(services, "interactions", text)

    report = run(services, "interactions", text.replace("First words", "Better words"))

    assert [(c.fields) for c in report.changed] == [("summary",)]
    recent = services.relationships.card(ALICE, acme_id).recent
    assert [r.summary for r in recent] == ["Better words"]


@pytest.mark.parametrize("kind", ["suppliers", "contacts", "interactions"])
def test_the_three_files_read_from_xlsx_like_from_csv(services: Services, kind: str) -> None:
    from tests.unit.test_import_files import xlsx_bytes

    _with_contacts(services)
    texts = {"suppliers": SUPPLIERS, "contacts": CONTACTS, "interactions": HISTORY}
    delimiter = "\t" if kind == "contacts" else (";" if kind == "suppliers" else ",")
    rows: list[list[object]] = [line.split(delimiter) for line in texts[kind].strip().splitlines()]
    table = read_table(xlsx_bytes(rows), kind, filename="file.xlsx")

    report = services.imports.run(TEAM, table, ImportOptions(skip_bad_rows=True), directory=lambda: EMAILS)

    expected_added = {"suppliers": 0, "contacts": 0, "interactions": 2}[kind]
    assert len(report.added) == expected_added
    assert report.unchanged == {"suppliers": 3, "contacts": 2, "interactions": 0}[kind]


def test_imported_history_is_found_by_search(services: Services) -> None:
    _with_contacts(services)
    run(services, "interactions", HISTORY, skip_bad_rows=True)

    found = services.search.search(ALICE, "forecast", lang="en")

    assert found.total == 1
    assert found.rows[0].snippet[0] == ("Forecast", True), "the matched word, in bold"
