"""Search in the services and storage, on SQLite (FTS5) and PostgreSQL (tsvector): ranking, accents, the last word as
a prefix, stemming where PostgreSQL offers it, names, privacy, another workspace, paging, and an index that stays
current as notes and names change."""

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.container import Services
from bot.services.errors import InvalidInput
from bot.services.workspaces import Actor
from storage.db import Database
from storage.models import SearchEntry, Workspace
from tests.conftest import NOW

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
OTHER = Actor(team_id="T2", user_id="U_OTHER")
TZ = "Europe/Amsterdam"


def _texts(services: Services, actor: Actor, words: str, **kwargs: object) -> list[str]:
    page = services.search.search(actor, words, lang="en", **kwargs)  # type: ignore[arg-type]
    return ["".join(piece for piece, _ in hit.snippet) for hit in page.rows]


def _postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


def test_the_note_that_says_it_most_comes_first_and_every_word_must_match(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "Talked about the price index and the forecast for next year", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "Price index, price index, price index: agreed", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "Only the price was discussed", tz=TZ)

    found = _texts(services, ALICE, "price index")

    assert found == [
        "Price index, price index, price index: agreed",
        "Talked about the price index and the forecast for next year",
    ]


def test_accents_are_optional_both_ways_and_the_last_word_may_be_cut_short(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "Lunch at the café with their planner", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "Sent the naive forecast", tz=TZ)

    assert _texts(services, ALICE, "cafe") == ["Lunch at the café with their planner"]
    assert _texts(services, ALICE, "naïve") == ["Sent the naive forecast"]
    assert _texts(services, ALICE, "naive forec") == ["Sent the naive forecast"]
    assert _texts(services, ALICE, "forec naive") == []  # only the last word is a prefix
    assert _texts(services, ALICE, "the forec") == ["Sent the naive forecast"]  # a stop word before the prefix
    assert _texts(services, ALICE, "sent the naive forec") == ["Sent the naive forecast"]


def test_postgresql_stems_by_the_workspace_language(services: Services, db: Database, database_url: str) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "Afspraken over de leveringen gemaakt", tz=TZ)
    with db.write() as session:
        workspace = session.exec(select(Workspace).where(Workspace.team_id == "T1")).one()
        workspace.language = "nl"

    found = _texts(services, ALICE, "afspraak levering")

    # SQLite's FTS5 has no Dutch stemmer: there only the prefix of the last word helps.
    assert found == (["Afspraken over de leveringen gemaakt"] if _postgres(database_url) else [])


def test_a_note_is_found_by_its_supplier_contacts_and_colleagues(services: Services) -> None:
    services.people.remember_profile(ALICE, {"id": ALICE.user_id, "real_name": "Alice Janssen", "tz": TZ})
    acme = services.suppliers.add(ALICE, "Acme Metals", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "planner")
    services.capture.log_note(ALICE, acme.id, "Call with Sara about the forecast", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "Visited the plant", tz=TZ)

    assert _texts(services, ALICE, "kok forecast") == ["Call with Sara about the forecast"]
    assert sorted(_texts(services, ALICE, "metals")) == ["Call with Sara about the forecast", "Visited the plant"]
    assert len(_texts(services, ALICE, "janssen")) == 2

    services.people.remember_profile(ALICE, {"id": ALICE.user_id, "real_name": "Alice de Vries", "tz": TZ})
    assert (len(_texts(services, ALICE, "janssen")), len(_texts(services, ALICE, "vries"))) == (0, 2)

    services.suppliers.rename(ALICE, acme.id, "Apex Alloys")
    assert sorted(_texts(services, ALICE, "apex")) == ["Call with Sara about the forecast", "Visited the plant"]


def test_others_private_notes_and_other_workspaces_are_never_found(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    other = services.suppliers.add(OTHER, "Acme", "strategic")
    services.capture.log_note(BOB, acme.id, "Rebate of two percent agreed #private", tz=TZ)
    services.capture.log_note(ALICE, acme.id, "The rebate stays as it is", tz=TZ)
    services.capture.log_note(OTHER, other.id, "Rebate talk in another company", tz=TZ)

    assert _texts(services, ALICE, "rebate") == ["The rebate stays as it is"]
    assert sorted(_texts(services, BOB, "rebate")) == ["Rebate of two percent agreed", "The rebate stays as it is"]
    assert _texts(services, OTHER, "rebate") == ["Rebate talk in another company"]


def test_a_follow_up_is_found_and_the_private_notes_follow_up_stays_private(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "Meeting went well, send the drawings by friday", tz=TZ)
    services.capture.log_note(BOB, acme.id, "Secret: send the drawings by friday #private", tz=TZ)

    alices = services.search.search(ALICE, "drawings", lang="en")

    assert {(hit.follow_up_id is not None, hit.author_id) for hit in alices.rows} == {
        (False, ALICE.user_id),
        (True, ALICE.user_id),
    }


def test_results_come_ten_at_a_time_within_one_supplier_when_asked(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    beta = services.suppliers.add(ALICE, "Beta", "routine")
    for n in range(12):
        services.capture.log_note(ALICE, acme.id, f"Forecast review number {n}", tz=TZ)
    services.capture.log_note(ALICE, beta.id, "Forecast at Beta", tz=TZ)

    first = services.search.search(ALICE, "forecast", lang="en", supplier_id=acme.id)
    second = services.search.search(ALICE, "forecast", lang="en", supplier_id=acme.id, offset=10)

    assert (len(first.rows), first.total, first.next_offset) == (10, 12, 10)
    assert (len(second.rows), second.previous_offset, second.next_offset) == (2, 0, None)
    assert {hit.supplier_name for hit in first.rows + second.rows} == {"Acme"}
    assert services.search.search(ALICE, "forecast", lang="en").total == 13


def test_with_more_matches_than_a_search_ranks_the_best_of_the_newest_are_shown_and_the_rest_is_said(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A common word in a million notes is not ranked whole (seconds): the newest matches are, and the answer says
    there are more. Here a search ranks 4 (1,000 in the app)."""
    monkeypatch.setattr("storage.queries.search.CONSIDERED", 4)
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    for day in range(6):
        clock.set(NOW + timedelta(days=day))
        text = "Forecast, forecast and the forecast again" if day == 0 else f"Forecast review {day}"
        services.capture.log_note(ALICE, acme.id, text, tz=TZ)
    services.capture.log_note(BOB, acme.id, "Forecast, mine alone #private", tz=TZ)

    many = services.search.search(ALICE, "forecast", lang="en")
    few = services.search.search(ALICE, "forecast review 1", lang="en")

    assert (many.total, many.more, many.next_offset) == (4, True, None)
    # The oldest note says it most, but only the four newest of Alice's were ranked.
    assert ["".join(p for p, _ in hit.snippet) for hit in many.rows] == [
        f"Forecast review {day}" for day in (5, 4, 3, 2)
    ]
    assert (few.total, few.more) == (1, False)


def test_matched_words_are_marked_in_the_snippet(services: Services) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "Agreed the prices with <!channel> watching", tz=TZ)

    (hit,) = services.search.search(ALICE, "price", lang="en").rows

    assert [piece for piece, matched in hit.snippet if matched] == ["prices"]


def test_undo_takes_the_note_out_of_the_index_and_nothing_is_left_behind(services: Services, db: Database) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    logged = services.capture.log_note(ALICE, acme.id, "Forecast sent, call back by friday", tz=TZ)

    services.capture.undo(ALICE, logged.id)

    assert _texts(services, ALICE, "forecast") == []
    with db.read() as session:
        assert session.exec(select(SearchEntry)).all() == []


def test_words_without_letters_or_digits_are_refused(services: Services) -> None:
    with pytest.raises(InvalidInput):
        services.search.search(ALICE, "?! --", lang="en")


def test_sqlite_reads_the_full_text_index_first_not_every_entry_of_the_workspace(
    services: Services, database_url: str
) -> None:
    """The plan the benchmark found: with a plain join SQLite walked the workspace's entries and ran MATCH once per
    entry (6 s at 20,000 notes). The search query must scan the FTS table, newest first as FTS5 stores it, and fetch
    each match's entry by its id, without sorting every match (a common word in a million notes)."""
    if _postgres(database_url):
        pytest.skip("SQLite's join order; PostgreSQL uses its GIN index (see the benchmark)")
    from sqlalchemy import event, insert

    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.capture.log_note(ALICE, acme.id, "forecast for next year", tz=TZ)
    with services.db.write() as session:  # a workspace with some history: the planner's choice depends on it
        entry = session.exec(select(SearchEntry)).one()
        rows = [
            {c: getattr(entry, c) for c in ("workspace_id", "supplier_id", "occurred_at", "visibility", "author_id")}
            | {"names": "acme", "body": f"call number {i} about capacity"}
            for i in range(3000)
        ]
        session.execute(insert(SearchEntry), rows)
    seen: list[tuple[str, object]] = []

    def keep(_conn: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
        if "search_fts" in statement:
            seen.append((statement, parameters))

    engine = services.db.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        services.search.search(ALICE, "forecast", lang="en")
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    with engine.connect() as conn:
        plans = [
            [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            for statement, parameters in seen
        ]

    assert len(plans) == 1, "the page of hits with their count"
    plan = plans[0]
    walk = plan[plan.index("MATERIALIZE m") + 1 : plan.index("SCAN m")]  # picks the newest matches, before ranking
    assert walk[0].startswith("SCAN search_fts VIRTUAL TABLE"), plan
    assert "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)" in walk, plan
    assert not any("TEMP B-TREE" in step for step in walk), f"every match sorted, not the newest walked: {plan}"


def test_postgresql_renews_the_search_statistics_after_an_import(
    services: Services, db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its plans follow its statistics: stale after an import, a common word went through the GIN index (0.5 s at a
    million notes instead of 15 ms), so writing many entries at once renews them (5,000 in the app, 3 here)."""
    if not _postgres(database_url):
        pytest.skip("SQLite's FTS5 plans need no statistics")
    from sqlalchemy import text

    from storage import search_index

    monkeypatch.setattr(search_index, "ANALYZE_AFTER", 3)
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    ids = [services.capture.log_note(ALICE, acme.id, f"Forecast {n}", tz=TZ).id for n in range(3)]
    with db.write() as session:  # statistics as of two entries
        session.execute(text("DELETE FROM search_entry WHERE interaction_id = :i"), {"i": ids[0]})
        session.execute(text("ANALYZE search_entry"))
    with db.write() as session:
        search_index.reindex(session, interaction_ids=ids)
    with db.read() as session:
        counted = session.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'search_entry'")).scalar_one()

    assert counted == 3
