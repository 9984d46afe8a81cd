"""The phrase corpus: what people type as a one-line note, in English and Dutch, and what Covalis must understand.

Each row: the text; the contacts it names (first names, comma-separated); the kind; the day the note happened when
its first words back-date it (None: now); the follow-up (text, due) or None; and the problem reported when a
follow-up trigger was seen but no follow-up made ("no_date", "past_date"). Today is Wednesday 25 November 2026.

Texts and follow-up texts are written as Slack sends them: markup raw (`<https://…|label>`, `<@U2|bob>`), typed
`& < >` escaped (`&lt;`). Both go through `bot.text.from_slack`, as on the command path, so links are kept live
between their marks and a typed `<…>` stays plain text.
"""

import re
from datetime import date
from typing import NamedTuple

import pytest

from bot.services.notes import ContactName, UnderstoodNote, understand_note
from bot.text import MARK_CLOSE, MARK_OPEN, from_slack

TODAY = date(2026, 11, 25)
CONTACTS = [
    ContactName(1, "Jan de Vries"),
    ContactName(2, "Piet Bakker"),
    ContactName(3, "Lisa Chen"),
    ContactName(4, "Özlem Çelik"),
    ContactName(5, "Mark Evans"),
]
# One whole kept token, spelled out here so the check does not trust the code it checks.
WHOLE_TOKEN = re.compile(f"{MARK_OPEN}<[^<>{MARK_OPEN}{MARK_CLOSE}]*>{MARK_CLOSE}")
FIRST_NAMES = {contact.id: contact.name.split()[0] for contact in CONTACTS}


def D(month: int, day: int) -> date:
    """A date in 2026, short so the table stays readable."""
    return date(2026, month, day)


class Row(NamedTuple):
    text: str
    contacts: str
    kind: str
    occurred_on: date | None
    follow_up: tuple[str, date] | None
    problem: str | None


CORPUS = [
    Row(
        "Call with Jan about the forecast #call, follow up friday send new prices",
        "Jan",
        "call",
        None,
        ("send new prices", D(11, 27)),
        None,
    ),
    Row(
        "Spoke with Lisa. Follow-up by Friday: send the contract.",
        "Lisa",
        "note",
        None,
        ("send the contract", D(11, 27)),
        None,
    ),
    Row(
        "follow up with Jan on Monday about the forecast",
        "Jan",
        "note",
        None,
        ("follow up with Jan about the forecast", D(11, 30)),
        None,
    ),
    Row("follow up with Lisa Chen next week", "Lisa", "note", None, ("follow up with Lisa Chen", D(11, 30)), None),
    Row("follow up end of next week", "", "note", None, ("follow up", D(12, 4)), None),
    Row(
        "follow up end of week with the revised quote",
        "",
        "note",
        None,
        ("follow up with the revised quote", D(11, 27)),
        None,
    ),
    Row("follow up tomorrow", "", "note", None, ("follow up", D(11, 26)), None),
    Row("fu friday pricing sheet", "", "note", None, ("pricing sheet", D(11, 27)), None),
    Row("follow up in 2 weeks about the audit", "", "note", None, ("follow up about the audit", D(12, 9)), None),
    Row("follow up 3 december about the quote", "", "note", None, ("follow up about the quote", D(12, 3)), None),
    Row("follow up on 15 jan", "", "note", None, ("follow up", date(2027, 1, 15)), None),
    Row("follow up 12/1", "", "note", None, ("follow up", date(2027, 1, 12)), None),
    Row("follow up before Christmas", "", "note", None, ("follow up", D(12, 24)), None),
    Row(
        "follow up after christmas about the 2027 contract",
        "",
        "note",
        None,
        ("follow up about the 2027 contract", D(12, 28)),
        None,
    ),
    Row("follow-up next month", "", "note", None, ("follow-up", D(12, 1)), None),
    Row("follow up mid december", "", "note", None, ("follow up", D(12, 15)), None),
    Row("remind me friday to send the samples", "", "note", None, ("send the samples", D(11, 27)), None),
    Row("reminder: monday check the invoice", "", "note", None, ("check the invoice", D(11, 30)), None),
    Row(
        "Lunch with Mark, he will send the quote by friday",
        "Mark",
        "note",
        None,
        ("he will send the quote", D(11, 27)),
        None,
    ),
    Row("send the forecast by friday", "", "note", None, ("send the forecast", D(11, 27)), None),
    Row(
        "Lisa to send the signed contract by Tuesday",
        "Lisa",
        "note",
        None,
        ("Lisa to send the signed contract", D(12, 1)),
        None,
    ),
    Row(
        "we need to confirm volumes before 15 december",
        "",
        "note",
        None,
        ("we need to confirm volumes", D(12, 15)),
        None,
    ),
    Row("please review the draft within 2 weeks", "", "note", None, ("please review the draft", D(12, 9)), None),
    Row("I'll call Piet by Thursday", "Piet", "note", None, ("call Piet", D(11, 26)), None),
    Row("quote by monday", "", "note", None, ("quote", D(11, 30)), None),
    Row("call Jan back tomorrow", "Jan", "note", None, ("call Jan back", D(11, 26)), None),
    Row("Jan called back", "Jan", "note", None, None, None),
    Row("delivery delayed by 2 weeks", "", "note", None, None, None),
    Row("delivery within 2 weeks", "", "note", None, None, None),
    Row("prices increased by 5% by january", "", "note", None, None, None),
    Row("discount of 5% for 2-3 years", "", "note", None, None, None),
    Row("contract extended by a year", "", "note", None, None, None),
    Row("thanks for monday, good meeting", "", "note", None, None, None),
    Row("meeting moved to friday", "", "note", None, None, None),
    Row("we talked about friday's delivery", "", "note", None, None, None),
    Row("follow up with Jan about prices", "Jan", "note", None, None, "no_date"),
    Row("need to follow up with Piet Bakker", "Piet", "note", None, None, "no_date"),
    Row("no follow-up needed", "", "note", None, None, None),
    Row("we will follow up", "", "note", None, None, "no_date"),
    Row("follow up on the proposal friday", "", "note", None, None, "no_date"),
    Row("follow up 2026-11-01", "", "note", None, None, "past_date"),
    Row("follow up 15 jan 2025", "", "note", None, None, "past_date"),
    Row("follow up 31/2", "", "note", None, None, "past_date"),
    Row("invoice 2026-11-01 paid", "", "note", None, None, None),
    Row("met Özlem at the trade fair", "Özlem", "note", None, None, None),
    Row("visited the plant with Piet Bakker #visit", "Piet", "visit", None, None, None),
    Row("#email sent the specs to Lisa", "Lisa", "email", None, None, None),
    Row("Quick chat with Mark about volumes #chat", "Mark", "chat", None, None, None),
    Row("we will mark the samples", "", "note", None, None, None),
    Row("Budget #q4 agreed with Jan de Vries", "Jan", "note", None, None, None),
    Row("call with Jan #private margin is thin", "Jan", "note", None, None, None),
    Row("yesterday: call with Lisa about the audit", "Lisa", "note", D(11, 24), None, None),
    Row("Yesterday met Jan at the warehouse", "Jan", "note", D(11, 24), None, None),
    Row("last Tuesday visit to the Rotterdam plant #visit", "", "visit", D(11, 24), None, None),
    Row("the day before yesterday Piet called", "Piet", "note", D(11, 23), None, None),
    Row("last friday lunch with Özlem", "Özlem", "note", D(11, 20), None, None),
    Row("last week tuesday call with Mark", "Mark", "note", D(11, 17), None, None),
    Row("on tuesday we talked prices", "", "note", None, None, None),
    Row("spoke yesterday with Jan", "Jan", "note", None, None, None),
    Row(
        "yesterday call with Lisa, follow up friday send minutes",
        "Lisa",
        "note",
        D(11, 24),
        ("send minutes", D(11, 27)),
        None,
    ),
    Row("today call with Jan", "Jan", "note", None, None, None),
    Row(
        "see <https://acme.example.com/specs.pdf|specs>, follow up friday",
        "",
        "note",
        None,
        ("see <https://acme.example.com/specs.pdf|specs>", D(11, 27)),
        None,
    ),
    Row(
        "follow up friday (see <https://acme.example.com/q4.pdf>)",
        "",
        "note",
        None,
        ("follow up (see <https://acme.example.com/q4.pdf>)", D(11, 27)),
        None,
    ),
    Row(
        "follow up friday with <@U2|bob> about the specs",
        "",
        "note",
        None,
        ("follow up with <@U2> about the specs", D(11, 27)),
        None,
    ),
    Row(
        "call with <@U2|bob> and Jan, follow up monday",
        "Jan",
        "note",
        None,
        ("call with <@U2> and Jan", D(11, 30)),
        None,
    ),
    Row("channel <#C0GEN|general> has the minutes", "", "note", None, None, None),
    Row(
        "follow up tomorrow <https://acme.example.com/a.b>",
        "",
        "note",
        None,
        ("<https://acme.example.com/a.b>", D(11, 26)),
        None,
    ),
    Row("follow up in three days", "", "note", None, ("follow up", D(11, 28)), None),
    Row("follow up the day after tomorrow", "", "note", None, ("follow up", D(11, 27)), None),
    Row("follow up next week tuesday", "", "note", None, ("follow up", D(12, 1)), None),
    Row("follow up friday next week", "", "note", None, ("follow up", D(12, 4)), None),
    Row("follow up in a fortnight", "", "note", None, ("follow up", D(12, 9)), None),
    Row("follow up end of month", "", "note", None, ("follow up", D(11, 30)), None),
    Row("FOLLOW UP FRIDAY", "", "note", None, ("FOLLOW UP", D(11, 27)), None),
    Row("call back Jan on monday", "Jan", "note", None, ("call back Jan", D(11, 30)), None),
    Row("action: send the price list friday", "", "note", None, ("send the price list", D(11, 27)), None),
    Row("todo: friday order samples", "", "note", None, ("order samples", D(11, 27)), None),
    Row("by friday", "", "note", None, None, None),
    Row("follow up 2 weeks from now", "", "note", None, ("follow up", D(12, 9)), None),
    Row("before the meeting we met Jan", "Jan", "note", None, None, None),
    Row("Jan brought the contract by hand", "Jan", "note", None, None, None),
    Row("paid by Jan", "Jan", "note", None, None, None),
    Row("call by phone about prices", "", "note", None, None, None),
    Row("a 3-5 day lead time", "", "note", None, None, None),
    Row("delivery 12/1 confirmed", "", "note", None, None, None),
    Row("quote valid until friday", "", "note", None, None, None),
    Row("the price holds before 2027", "", "note", None, None, None),
    Row(
        "Gesprek met Jan over de forecast #call, opvolgen vrijdag nieuwe prijzen sturen",
        "Jan",
        "call",
        None,
        ("nieuwe prijzen sturen", D(11, 27)),
        None,
    ),
    Row("Jan terugbellen vrijdag", "Jan", "note", None, ("Jan terugbellen", D(11, 27)), None),
    Row("Jan vrijdag terugbellen", "Jan", "note", None, ("Jan terugbellen", D(11, 27)), None),
    Row("Piet nabellen maandag", "Piet", "note", None, ("Piet nabellen", D(11, 30)), None),
    Row("opvolgen volgende week vrijdag", "", "note", None, ("opvolgen", D(12, 4)), None),
    Row("opvolgen vrijdag volgende week", "", "note", None, ("opvolgen", D(12, 4)), None),
    Row("opvolgen eind van de maand", "", "note", None, ("opvolgen", D(11, 30)), None),
    Row("opvolgen eind volgende week", "", "note", None, ("opvolgen", D(12, 4)), None),
    Row("opvolgen na de kerst", "", "note", None, ("opvolgen", D(12, 28)), None),
    Row("opvolgen voor de kerst", "", "note", None, ("opvolgen", D(12, 24)), None),
    Row("opvolgen over 2 weken", "", "note", None, ("opvolgen", D(12, 9)), None),
    Row("opvolgen over drie dagen", "", "note", None, ("opvolgen", D(11, 28)), None),
    Row("opvolgen morgen", "", "note", None, ("opvolgen", D(11, 26)), None),
    Row("opvolgen overmorgen", "", "note", None, ("opvolgen", D(11, 27)), None),
    Row("opvolgen volgende maand", "", "note", None, ("opvolgen", D(12, 1)), None),
    Row("opvolgen 15 januari", "", "note", None, ("opvolgen", date(2027, 1, 15)), None),
    Row("opvolgen 12/1", "", "note", None, ("opvolgen", date(2027, 1, 12)), None),
    Row("opvolgen uiterlijk 3 december", "", "note", None, ("opvolgen", D(12, 3)), None),
    Row(
        "opvolgen met Jan op maandag over de forecast",
        "Jan",
        "note",
        None,
        ("opvolgen met Jan over de forecast", D(11, 30)),
        None,
    ),
    Row("volgende week opvolgen met Lisa", "Lisa", "note", None, ("opvolgen met Lisa", D(11, 30)), None),
    Row("Offerte besproken, opvolgen volgende week vrijdag", "", "note", None, ("Offerte besproken", D(12, 4)), None),
    Row("offerte sturen voor vrijdag", "", "note", None, ("offerte sturen", D(11, 27)), None),
    Row("prijzen uiterlijk 3 december", "", "note", None, ("prijzen", D(12, 3)), None),
    Row("Jan stuurt de offerte voor vrijdag", "Jan", "note", None, ("Jan stuurt de offerte", D(11, 27)), None),
    Row(
        "we moeten de volumes bevestigen voor 15 december",
        "",
        "note",
        None,
        ("we moeten de volumes bevestigen", D(12, 15)),
        None,
    ),
    Row("contract tekenen voor eind van de maand", "", "note", None, ("contract tekenen", D(11, 30)), None),
    Row("offerte sturen voor het eind van de maand", "", "note", None, ("offerte sturen", D(11, 30)), None),
    Row("bellen voor de kerst", "", "note", None, ("bellen", D(12, 24)), None),
    Row("deadline vrijdag: prijslijst", "", "note", None, ("prijslijst", D(11, 27)), None),
    Row("actie: prijslijst sturen vrijdag", "", "note", None, ("prijslijst sturen", D(11, 27)), None),
    Row("herinner me maandag aan de samples", "", "note", None, ("herinner me aan de samples", D(11, 30)), None),
    Row("terugkomen op donderdag", "", "note", None, ("terugkomen", D(11, 26)), None),
    Row("korting van 5% voor 2-3 jaar", "", "note", None, None, None),
    Row("levertijd verlengd voor 2-3 maanden", "", "note", None, None, None),
    Row("levertijd verlengd met 2 weken", "", "note", None, None, None),
    Row("dank voor maandag", "", "note", None, None, None),
    Row("bedankt voor vrijdag, goed gesprek", "", "note", None, None, None),
    Row("dank voor maandag, goed gesprek", "", "note", None, None, None),
    Row("afspraak gepland voor maandag", "", "note", None, None, None),
    Row("gesprek voor de offerte", "", "note", None, None, None),
    Row("contract verlengd voor een jaar", "", "note", None, None, None),
    Row("prijzen geldig voor 3 maanden", "", "note", None, None, None),
    Row("levering voor 2 weken vertraagd", "", "note", None, None, None),
    Row("korting 10% voor vrijdag", "", "note", None, None, None),
    Row("opvolgen met Jan over de prijzen", "Jan", "note", None, None, "no_date"),
    Row("Piet nabellen", "Piet", "note", None, None, "no_date"),
    Row("moet nog opvolgen", "", "note", None, None, "no_date"),
    Row("niet opvolgen", "", "note", None, None, None),
    Row("geen opvolging nodig", "", "note", None, None, None),
    Row("opvolgen zo snel mogelijk", "", "note", None, None, "no_date"),
    Row("opvolgen 2026-11-01", "", "note", None, None, "past_date"),
    Row("opvolgen 15 januari 2025", "", "note", None, None, "past_date"),
    Row("gisteren met Jan gebeld #call", "Jan", "call", D(11, 24), None, None),
    Row("Gisteren bezoek aan de fabriek met Piet Bakker #bezoek", "Piet", "visit", D(11, 24), None, None),
    Row("gisteravond diner met Özlem #privé", "Özlem", "note", D(11, 24), None, None),
    Row("eergisteren overleg met Lisa #overleg", "Lisa", "meeting", D(11, 23), None, None),
    Row("vorige week dinsdag bezoek aan Rotterdam", "", "note", D(11, 17), None, None),
    Row("afgelopen vrijdag gesprek met Mark", "Mark", "note", D(11, 20), None, None),
    Row("dinsdag vorige week lunch met Jan", "Jan", "note", D(11, 17), None, None),
    Row("we hebben gisteren gebeld", "", "note", None, None, None),
    Row(
        "gisteren gebeld met Jan, opvolgen vrijdag",
        "Jan",
        "note",
        D(11, 24),
        ("gisteren gebeld met Jan", D(11, 27)),
        None,
    ),
    Row("vandaag gebeld met Jan", "Jan", "note", None, None, None),
    Row("lunch met Jan de Vries", "Jan", "note", None, None, None),
    Row("Mark belde over de levering", "Mark", "note", None, None, None),
    Row("mail van Lisa over de specs #mail", "Lisa", "email", None, None, None),
    Row("notitie: prijzen stijgen in januari", "", "note", None, None, None),
    Row("vergadering met het team #vergadering", "", "meeting", None, None, None),
    Row("overleg met Piet Bakker en Jan", "Jan,Piet", "note", None, None, None),
    Row("Piet en Özlem waren er ook", "Piet,Özlem", "note", None, None, None),
    Row("jan, feb en maart zijn druk", "", "note", None, None, None),
    Row("zo gaan we door", "", "note", None, None, None),
    Row("wo bellen", "", "note", None, None, None),
    Row("bellen wo", "", "note", None, None, None),
    Row("Jan bellen op wo", "Jan", "note", None, None, None),
    Row("fabriek bekeken #bezoek #privé", "", "visit", None, None, None),
    Row("opvolgen eind deze week", "", "note", None, ("opvolgen", D(11, 27)), None),
    Row("opvolgen begin volgende week", "", "note", None, ("opvolgen", D(11, 30)), None),
    Row("opvolgen vandaag", "", "note", None, ("opvolgen", D(11, 25)), None),
    Row("nabellen maandag over de offerte", "", "note", None, ("nabellen over de offerte", D(11, 30)), None),
    Row("offerte binnen 2 weken sturen", "", "note", None, ("offerte sturen", D(12, 9)), None),
    Row("binnen 2 weken levering", "", "note", None, None, None),
    Row("voor vrijdag", "", "note", None, None, None),
    Row("voor 2 weken op vakantie", "", "note", None, None, None),
    Row(
        "Prijslijst gedeeld (zie <https://acme.example.com/prijs.pdf>), opvolgen vrijdag",
        "",
        "note",
        None,
        ("Prijslijst gedeeld (zie <https://acme.example.com/prijs.pdf>)", D(11, 27)),
        None,
    ),
    Row(
        "opvolgen vrijdag (zie <https://acme.example.com/a.b>)",
        "",
        "note",
        None,
        ("opvolgen (zie <https://acme.example.com/a.b>)", D(11, 27)),
        None,
    ),
    Row("opvolgen maandag met <@U2|bob>", "", "note", None, ("opvolgen met <@U2>", D(11, 30)), None),
    # Words inside a link's label are the page's title, never a trigger, a deadline, a date or a contact.
    Row("zie <https://acme.nl/a|plan: offerte sturen voor vrijdag graag>", "", "note", None, None, None),
    Row("read <https://acme.nl/blog/x|send the quote by friday tips>", "", "note", None, None, None),
    Row("follow up with <https://x|Jan on friday about pricing>", "", "note", None, None, "no_date"),
    Row("<https://x|follow up tomorrow>", "", "note", None, None, None),
    Row("<https://acme.example.com/y|Yesterday> call notes", "", "note", None, None, None),
    Row(
        "follow up tomorrow <https://acme.example.com/a|notes, v2. by friday>",
        "",
        "note",
        None,
        ("<https://acme.example.com/a|notes, v2. by friday>", D(11, 26)),
        None,
    ),
    Row(
        "follow up friday: <https://acme.example.com/q4.pdf|Q4 plan, v2. final>",
        "",
        "note",
        None,
        ("<https://acme.example.com/q4.pdf|Q4 plan, v2. final>", D(11, 27)),
        None,
    ),
    Row(
        "Jan stuurt <https://acme.nl/offerte.pdf|de offerte> voor vrijdag",
        "Jan",
        "note",
        None,
        ("Jan stuurt <https://acme.nl/offerte.pdf|de offerte>", D(11, 27)),
        None,
    ),
    Row(
        "<https://acme.example.com/x|Lisa's deck> shared, follow up with Lisa on monday",
        "Lisa",
        "note",
        None,
        ("<https://acme.example.com/x|Lisa's deck> shared", D(11, 30)),
        None,
    ),
    Row(
        "mail <mailto:jan@acme.nl|jan@acme.nl> before friday about the quote",
        "",
        "note",
        None,
        ("mail <mailto:jan@acme.nl|jan@acme.nl> about the quote", D(11, 27)),
        None,
    ),
    Row(
        "follow up with <@U2|bob> and Piet on monday",
        "Piet",
        "note",
        None,
        ("follow up with <@U2> and Piet", D(11, 30)),
        None,
    ),
    # Typed angle brackets are plain text: no link, nothing hidden, nothing split.
    Row("MOQ &lt;500 -&gt; Jan, follow up friday", "Jan", "note", None, ("MOQ &lt;500 -&gt; Jan", D(11, 27)), None),
    Row(
        "Jan &lt;jan@acme.nl&gt; terugbellen vrijdag",
        "Jan",
        "note",
        None,
        ("Jan &lt;jan@acme.nl&gt; terugbellen", D(11, 27)),
        None,
    ),
    Row(
        "follow up friday: qty &lt;10 units. by Lisa &gt;",
        "Lisa",
        "note",
        None,
        ("qty &lt;10 units", D(11, 27)),
        None,
    ),
    Row("prices &lt;5% lower, follow up monday", "", "note", None, ("prices &lt;5% lower", D(11, 30)), None),
    Row("terugbellen vorige week dinsdag", "", "note", None, None, "past_date"),
    Row("follow up last tuesday", "", "note", None, None, "past_date"),
]


def _note(text: str, locale: str | None = None) -> UnderstoodNote:
    """The note as the command path understands it: Slack's raw text through `from_slack` first."""
    return understand_note(from_slack(text), author_id="U1", contacts=CONTACTS, today=TODAY, locale=locale)


def _understood(row: Row, locale: str | None = None) -> Row:
    note = _note(row.text, locale)
    follow_up = None if note.follow_up_due is None else (note.follow_up_text or "", note.follow_up_due)
    names = ",".join(FIRST_NAMES[i] for i in note.contact_ids)
    return Row(row.text, names, note.kind, note.occurred_on, follow_up, note.follow_up_problem)


def _stored(row: Row) -> Row:
    """The row's expectation in stored form: its follow-up text through `from_slack` too."""
    return row if row.follow_up is None else row._replace(follow_up=(from_slack(row.follow_up[0]), row.follow_up[1]))


def _unpaired_marks(text: str | None) -> bool:
    """A mark that is not part of one whole kept token: a cut through a link."""
    rest = WHOLE_TOKEN.sub("", text or "")
    return MARK_OPEN in rest or MARK_CLOSE in rest


def test_the_corpus_holds_at_least_150_notes_with_negatives_and_both_languages() -> None:
    assert len(CORPUS) >= 150
    assert sum(row.follow_up is None for row in CORPUS) >= 50
    assert sum(row.occurred_on is not None for row in CORPUS) >= 10


@pytest.mark.parametrize("row", CORPUS, ids=[row.text[:60] for row in CORPUS])
def test_each_note_is_understood_as_its_writer_meant(row: Row) -> None:
    assert _understood(row) == _stored(row)


LINKED = [row for row in CORPUS if "<" in row.text]


@pytest.mark.parametrize("row", LINKED, ids=[row.text[:60] for row in LINKED])
def test_a_follow_up_holds_a_whole_link_or_none_of_it(row: Row) -> None:
    note = _note(row.text)

    assert not _unpaired_marks(note.follow_up_text)
    assert not _unpaired_marks(note.follow_up_seen)


def test_the_corpus_keeps_links_whole_in_follow_ups() -> None:
    kept = [row for row in CORPUS if row.follow_up is not None and MARK_OPEN in from_slack(row.follow_up[0])]

    assert len(kept) >= 10


@pytest.mark.parametrize(
    ("text", "locale", "due"),
    [
        ("follow up 12/1", "en-US", D(12, 1)),
        ("follow up 12/1", "en-GB", date(2027, 1, 12)),
        ("opvolgen 12/1", "nl-NL", date(2027, 1, 12)),
        ("opvolgen 12/1", None, date(2027, 1, 12)),
        ("send the forecast by 1/15", "en-US", date(2027, 1, 15)),
        ("follow up 3-12-2026", "en-US", None),
    ],
)
def test_a_numeric_date_is_month_first_only_for_an_en_us_author(
    text: str, locale: str | None, due: date | None
) -> None:
    note = _note(text, locale)

    assert note.follow_up_due == due


def test_a_follow_up_problem_quotes_the_words_it_saw() -> None:
    no_date = understand_note("opvolgen met Jan over de prijzen", author_id="U1", contacts=CONTACTS, today=TODAY)
    past = understand_note("follow up 2026-11-01 on the invoice", author_id="U1", contacts=CONTACTS, today=TODAY)

    assert (no_date.follow_up_problem, no_date.follow_up_seen) == ("no_date", "opvolgen")
    assert (past.follow_up_problem, past.follow_up_seen) == ("past_date", "follow up 2026-11-01")


# --- promises to the supplier ----------------------------------------------------------------------------------
# Each row: the text, its follow-up (text, due) as for the corpus, and whether it is a promise of ours to the supplier.
PROMISES = [
    ("we promised to send the forecast by Friday", ("we promised to send the forecast", D(11, 27)), True),
    ("Promised Lisa the price list by next Monday", ("Promised Lisa the price list", D(11, 30)), True),
    ("we'll send the forecast by Friday", ("send the forecast", D(11, 27)), True),
    (
        "Call with Jan: we will send the revised quote before 4 December",
        ("send the revised quote", D(12, 4)),
        True,
    ),
    ("I'll send the signed contract by 15 December", ("send the signed contract", D(12, 15)), True),
    (
        "we've committed to paying the invoice by 10 December",
        ("we've committed to paying the invoice", D(12, 10)),
        True,
    ),
    ("send samples by friday #promise", ("send samples", D(11, 27)), True),
    ("follow up friday #promise", ("follow up", D(11, 27)), True),
    ("I'll call Piet by Thursday", ("call Piet", D(11, 26)), True),
    ("they promised to send the quote by Friday", ("they promised to send the quote", D(11, 27)), False),
    ("Jan promised to send the quote by Friday", ("Jan promised to send the quote", D(11, 27)), False),
    ("Jan will send the quote by Friday", ("Jan will send the quote", D(11, 27)), False),
    ("send the forecast by friday", ("send the forecast", D(11, 27)), False),
    ("we need to send the forecast by Friday", ("we need to send the forecast", D(11, 27)), False),
    ("remind me to call Jan on Monday", ("remind me to call Jan", D(11, 30)), False),
    ("we promised nothing yet #call", None, False),
    # Dutch
    (
        "we hebben beloofd de forecast voor vrijdag te sturen",
        ("we hebben beloofd de forecast te sturen", D(11, 27)),
        True,
    ),
    ("beloofd: prijslijst sturen voor maandag", ("prijslijst sturen", D(11, 30)), True),
    ("Prijslijst toegezegd, uiterlijk maandag sturen", ("sturen", D(11, 30)), True),
    ("we sturen de forecast voor vrijdag", ("we sturen de forecast", D(11, 27)), True),
    ("ik stuur het contract uiterlijk maandag", ("ik stuur het contract", D(11, 30)), True),
    (
        "Met Piet gebeld, we leveren de tekeningen voor 4 december",
        ("we leveren de tekeningen", D(12, 4)),
        True,
    ),
    ("opvolgen vrijdag #belofte", ("opvolgen", D(11, 27)), True),
    ("Jan vrijdag terugbellen", ("Jan terugbellen", D(11, 27)), False),
    ("zij sturen de offerte voor vrijdag", ("zij sturen de offerte", D(11, 27)), False),
    (
        "Jan heeft beloofd de offerte voor vrijdag te sturen",
        ("Jan heeft beloofd de offerte te sturen", D(11, 27)),
        False,
    ),
    ("Piet belooft de offerte voor vrijdag te sturen", ("Piet belooft de offerte te sturen", D(11, 27)), False),
    ("we moeten de forecast voor vrijdag sturen", ("we moeten de forecast sturen", D(11, 27)), False),
    ("toegezegd, maar nog geen datum", None, False),
]


@pytest.mark.parametrize(("text", "follow_up", "promise"), PROMISES, ids=[row[0][:60] for row in PROMISES])
def test_a_promise_to_the_supplier_is_told_from_an_ordinary_follow_up(
    text: str, follow_up: tuple[str, date] | None, promise: bool
) -> None:
    note = _note(text)

    assert (None if note.follow_up_due is None else (note.follow_up_text, note.follow_up_due)) == follow_up
    assert note.promise is promise
    assert not any(tag.casefold() in ("#promise", "#belofte") for tag in note.summary.split())


def test_the_promise_table_holds_both_languages_and_both_answers() -> None:
    dutch = [row for row in PROMISES if any(w in row[0] for w in ("beloofd", "toegezegd", "sturen", "#belofte"))]

    assert sum(promise for _, _, promise in PROMISES) >= 12
    assert sum(not promise for _, _, promise in PROMISES) >= 10
    assert sum(promise for _, _, promise in dutch) >= 5


def test_the_corpus_follow_ups_are_no_promises_unless_we_commit_to_them() -> None:
    promises = {row.text for row in CORPUS if _note(row.text).promise}

    assert promises == {"I'll call Piet by Thursday"}
