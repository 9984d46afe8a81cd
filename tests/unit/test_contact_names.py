"""Which first names in a note name more than one contact, the dashed note, and the follow-up problem line."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.services.capture import LoggedInteraction
from bot.services.notes import AmbiguousName, ContactName, understand_note
from bot.services.public_holidays import next_working_day
from bot.text import from_slack
from handlers import parsing as p
from handlers.blocks import messages
from handlers.registry import UsageError

TODAY = date(2026, 11, 25)


def ambiguous_first_names(text: str, contacts: list[ContactName]) -> list[AmbiguousName]:
    """What understanding a note asks about, read as the command path reads it."""
    return understand_note(text, author_id="U1", contacts=contacts, today=TODAY).ambiguous


CONTACTS = [
    ContactName(1, "Jan de Vries"),
    ContactName(2, "Jan Bakker"),
    ContactName(3, "José Álvarez"),
    ContactName(4, "Jose Santos"),
    ContactName(5, "Sara Kok"),
]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("call with Jan about the forecast", [("Jan", [1, 2])]),
        ("Jan gebeld, daarna Jose", [("Jan", [1, 2]), ("Jose", [3, 4])]),
        ("José and Jan, then Jan again", [("José", [3, 4]), ("Jan", [1, 2])]),
    ],
)
def test_a_capitalised_first_name_shared_by_contacts_is_ambiguous(
    text: str, asked: list[tuple[str, list[int]]]
) -> None:
    found = ambiguous_first_names(text, CONTACTS)

    assert [(a.word, [c.id for c in a.contacts]) for a in found] == asked


@pytest.mark.parametrize(
    "text",
    [
        "call with Jan Bakker",  # named in full
        "call with jan de vries about Jan's leave",  # full name in any case
        "jan-feb volumes",  # not capitalised
        "Sara called",  # a first name nobody else has
        "see <https://example.com/Jan|Jan> for details",  # inside a link
        "call with Janneke",  # a longer word
    ],
)
def test_no_question_where_the_name_is_clear(text: str) -> None:
    assert ambiguous_first_names(from_slack(text), CONTACTS) == []


def test_a_first_name_that_is_a_date_word_of_the_follow_up_asks_nothing() -> None:
    note = understand_note("opvolgen 15 Jan", author_id="U1", contacts=CONTACTS, today=TODAY)

    assert note.ambiguous == []
    assert note.follow_up_due == date(2027, 1, 15)


def test_a_name_between_typed_angle_brackets_is_still_asked_about() -> None:
    found = ambiguous_first_names(from_slack("MOQ &lt;500 from Jan -&gt; ok"), CONTACTS)

    assert [(a.word, [c.id for c in a.contacts]) for a in found] == [("Jan", [1, 2])]


@pytest.mark.parametrize("rest", ["Acme - call with Jan", "Acme – call with Jan", "Acme — call with Jan"])
def test_a_spaced_dash_separates_the_supplier_from_the_note(rest: str) -> None:
    assert p.note(rest, "note") == p.Note("Acme", "call with Jan")


def test_a_colon_wins_over_a_dash_and_a_hyphenated_name_stays_whole() -> None:
    assert p.note("Coca-Cola: call - follow up", "note") == p.Note("Coca-Cola", "call - follow up")
    with pytest.raises(UsageError):
        p.note("Coca-Cola call", "note")


def _logged(problem: str | None, seen: str | None, contacts: list[str] | None = None) -> LoggedInteraction:
    return LoggedInteraction(
        id=7,
        supplier_id=1,
        supplier_name="Acme",
        occurred_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        kind="call",
        summary="follow up with the forecast",
        private=False,
        contacts=[] if contacts is None else contacts,
        colleague_ids=["U1"],
        follow_up=None,
        permalink=None,
        follow_up_problem=problem,
        follow_up_seen=seen,
    )


@pytest.mark.parametrize(
    ("lang", "problem", "seen", "line"),
    [
        ("en", "no_date", "follow up", "I saw “follow up” but no date I understand — no follow-up was made."),
        ("nl", "no_date", "opvolgen", "Ik zag “opvolgen” maar geen datum die ik begrijp — er is geen actie gemaakt."),
        ("en", "past_date", "by 3 March", "“by 3 March” has passed — no follow-up was made."),
        ("nl", "past_date", "voor 3 maart", "“voor 3 maart” is al voorbij — er is geen actie gemaakt."),
    ],
)
def test_the_confirmation_says_what_follow_up_it_did_not_make_with_a_button_to_add_one(
    lang: str, problem: str, seen: str, line: str
) -> None:
    message = messages.note_logged(lang, _logged(problem, seen), "Europe/Amsterdam")

    assert line in message.blocks[0]["text"]["text"]
    elements = message.blocks[-1]["elements"]
    assert [e["action_id"] for e in elements] == ["undo_interaction", "add_follow_up"]
    assert elements[1]["value"] == "7"
    assert elements[1]["text"]["text"] == ("Add a follow-up" if lang == "en" else "Actie toevoegen")


def test_a_note_without_a_problem_has_only_undo_and_the_hint_follows_the_suppliers_contacts() -> None:
    plain = messages.note_logged("en", _logged(None, None), "UTC")
    no_contacts = messages.note_logged("en", replace(_logged(None, None), supplier_has_contacts=False), "UTC")

    assert [e["action_id"] for e in plain.blocks[-1]["elements"]] == ["undo_interaction"]
    assert "No contact of Acme was named" in str(plain.blocks)
    assert "No contact of Acme was named" not in str(no_contacts.blocks)


@pytest.mark.parametrize(
    ("today", "next_day"),
    [
        (date(2026, 11, 25), date(2026, 11, 26)),
        (date(2026, 11, 27), date(2026, 11, 30)),
        (date(2026, 11, 28), date(2026, 11, 30)),
    ],
)
def test_the_follow_up_form_defaults_to_the_next_working_day(today: date, next_day: date) -> None:
    assert next_working_day(None, today) == next_day


def test_the_next_working_day_skips_the_workspaces_public_holidays() -> None:
    assert next_working_day("NL", date(2026, 12, 24)) == date(2026, 12, 28)  # Christmas Day and Boxing Day
    assert next_working_day(None, date(2026, 12, 24)) == date(2026, 12, 25)
