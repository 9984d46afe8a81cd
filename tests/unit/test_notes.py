"""What a one-line note says about itself: kind, privacy, colleagues, contacts named and a follow-up."""

from datetime import date

import pytest

from bot.services.notes import ContactName, UnderstoodNote, understand_note
from bot.text import from_slack

WEDNESDAY = date(2026, 11, 25)
AUTHOR = "U1"
JAN = ContactName(1, "Jan Smit")
PIET_DE_BOER = ContactName(2, "Piet de Boer")
PIET_JANSEN = ContactName(3, "Piet Jansen")
OZLEM = ContactName(4, "Özlem Çelik")
JOSE = ContactName(5, "José Álvarez")
CONTACTS = [JAN, PIET_DE_BOER, PIET_JANSEN, OZLEM, JOSE]


def _understand(text: str, contacts: list[ContactName] | None = None) -> UnderstoodNote:
    """The note as the command path hands it over: Slack's raw text through `from_slack`, markup kept between marks."""
    stored = from_slack(text)
    return understand_note(
        stored, author_id=AUTHOR, contacts=CONTACTS if contacts is None else contacts, today=WEDNESDAY
    )


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("#call", "call"),
        ("#belletje", "call"),
        ("#bezoek", "visit"),
        ("#visit", "visit"),
        ("#overleg", "meeting"),
        ("#meeting", "meeting"),
        ("#email", "email"),
        ("#e-mail", "email"),
        ("#event", "event"),
        ("#evenement", "event"),
        ("#chat", "chat"),
        ("#CALL", "call"),
    ],
)
def test_a_kind_tag_sets_the_kind_and_leaves_the_summary(tag: str, kind: str) -> None:
    note = _understand(f"Talked prices {tag} with the team")

    assert note.kind == kind
    assert note.summary == "Talked prices with the team"
    assert note.tags == [tag]


def test_a_note_without_a_kind_tag_is_a_note() -> None:
    assert _understand("Talked prices").kind == "note"


@pytest.mark.parametrize("tag", ["#private", "#privé", "#Privé", "#prive", "#vertrouwelijk"])
def test_a_privacy_tag_makes_the_note_private_and_leaves_the_summary(tag: str) -> None:
    note = _understand(f"Margin is thin {tag}")

    assert note.private is True
    assert note.summary == "Margin is thin"


def test_a_note_without_a_privacy_tag_is_visible_to_the_team() -> None:
    assert _understand("Margin is thin #call").private is False


def test_kind_and_privacy_tags_combine() -> None:
    note = _understand("#bezoek fabriek bekeken #privé")

    assert (note.kind, note.private, note.summary) == ("visit", True, "fabriek bekeken")


def test_a_tag_before_punctuation_leaves_no_stray_space() -> None:
    assert _understand("Visited the plant #bezoek. All fine").summary == "Visited the plant. All fine"


def test_unknown_hashtags_stay_in_the_summary() -> None:
    note = _understand("Budget #q4 and #roadmap agreed")

    assert note.summary == "Budget #q4 and #roadmap agreed"
    assert note.kind == "note"
    assert note.tags == []


def test_a_hash_inside_a_word_is_not_a_tag() -> None:
    note = _understand("order nr#call42 and price#call")

    assert note.kind == "note"
    assert note.summary == "order nr#call42 and price#call"


def test_a_hash_inside_a_link_is_not_a_tag() -> None:
    note = _understand("Specs at <https://wiki.example.com/acme/#private>")

    assert note.private is False
    assert note.summary == from_slack("Specs at <https://wiki.example.com/acme/#private>")


def test_mentions_become_colleagues_with_the_author_first_and_no_duplicates() -> None:
    note = _understand("With <@U2|bob>, <@U3> and again <@U2> and me <@U1>")

    assert note.colleague_ids == ["U1", "U2", "U3"]


def test_mentions_are_stored_without_the_display_name() -> None:
    note = _understand("With <@U2|bob> and <@W3|ann>")

    assert note.summary == from_slack("With <@U2> and <@W3>")


def test_a_note_without_mentions_has_only_the_author_as_colleague() -> None:
    assert _understand("quiet day").colleague_ids == [AUTHOR]


@pytest.mark.parametrize(
    "text",
    [
        "Spoke with Jan Smit about prices",
        "spoke with JAN SMIT about prices",
        "spoke with jan smit",
    ],
)
def test_a_contact_named_in_full_is_found_whatever_the_case(text: str) -> None:
    assert _understand(text).contact_ids == [JAN.id]


def test_a_contact_named_in_full_is_found_with_accented_capitals() -> None:
    assert _understand("Lunch met ÖZLEM ÇELIK").contact_ids == [OZLEM.id]


def test_a_contact_typed_with_decomposed_accents_is_found() -> None:
    assert _understand("call with Jose\u0301 A\u0301lvarez").contact_ids == [JOSE.id]


def test_a_contact_typed_without_accents_is_found() -> None:
    assert _understand("call with Jose Alvarez").contact_ids == [JOSE.id]


def test_a_turkish_name_in_capitals_finds_the_contact() -> None:
    contacts = [ContactName(10, "Ayşe Çelik"), ContactName(11, "Ayşe Demir")]

    assert _understand("Meeting with AYŞE ÇELİK", contacts).contact_ids == [10]


def test_a_contact_is_found_by_a_unique_capitalised_first_name() -> None:
    assert _understand("Jan called back").contact_ids == [JAN.id]
    assert _understand("lunch with Özlem").contact_ids == [OZLEM.id]


def test_a_first_name_in_lower_case_is_an_ordinary_word_not_a_contact() -> None:
    # "jan" is also a month, "will" and "mark" are verbs: only a capitalised first name counts on its own.
    assert _understand("lunch with özlem, invoice from 3 jan").contact_ids == []


def test_a_first_name_two_contacts_share_finds_neither() -> None:
    assert _understand("Piet called back").contact_ids == []


def test_a_shared_first_name_with_the_full_name_finds_only_that_contact() -> None:
    assert _understand("Piet de Boer called back").contact_ids == [PIET_DE_BOER.id]


def test_a_last_name_alone_or_part_of_a_word_does_not_find_a_contact() -> None:
    assert _understand("Jansen-like pricing, janitor service").contact_ids == []


def test_several_contacts_named_are_all_found() -> None:
    assert sorted(_understand("Jan and Özlem joined").contact_ids) == [JAN.id, OZLEM.id]


def test_a_mention_does_not_count_as_a_contact() -> None:
    contacts = [ContactName(20, "U2 Person")]

    assert _understand("with <@U2|bob>", contacts).contact_ids == []


def test_a_month_in_the_follow_up_phrase_does_not_find_a_contact_of_that_name() -> None:
    note = _understand("Prices discussed, follow up 15 jan")

    assert note.contact_ids == []
    assert note.follow_up_due == date(2027, 1, 15)


def test_a_contact_named_outside_the_follow_up_phrase_is_still_found() -> None:
    note = _understand("Met Jan, follow up 15 jan")

    assert note.contact_ids == [JAN.id]


def test_follow_up_on_a_weekday_gives_the_coming_day_and_the_task() -> None:
    note = _understand("follow up friday send prices")

    assert note.follow_up_due == date(2026, 11, 27)
    assert note.follow_up_text == "send prices"


def test_a_dutch_follow_up_next_week_friday_is_friday_of_next_week() -> None:
    note = _understand("Offerte besproken, opvolgen volgende week vrijdag")

    assert note.follow_up_due == date(2026, 12, 4)
    assert note.follow_up_text == "Offerte besproken"


def test_the_follow_up_phrase_stays_in_the_summary() -> None:
    note = _understand("Call #call about prices, follow up friday send prices")

    assert note.summary == "Call about prices, follow up friday send prices"


def test_a_note_without_a_follow_up_phrase_has_no_follow_up() -> None:
    note = _understand("Talked about the forecast with Jan on friday")

    assert note.follow_up_due is None
    assert note.follow_up_text is None


def test_follow_up_without_a_date_is_no_follow_up() -> None:
    note = _understand("need to follow up with Jan")

    assert note.follow_up_due is None
    assert note.contact_ids == [JAN.id]


def test_a_private_tag_slack_turned_into_a_channel_link_still_makes_the_note_private() -> None:
    note = _understand("dinner with Jan <#C0PRIV|private> about prices <#C0CALL|call>")
    assert note.private is True
    assert note.kind == "call"
    assert note.summary == "dinner with Jan about prices"


def test_a_link_to_an_ordinary_channel_stays_in_the_note() -> None:
    assert _understand("see <#C0GEN|general> for the minutes").summary == from_slack(
        "see <#C0GEN|general> for the minutes"
    )


@pytest.mark.parametrize(
    ("text", "due", "what"),
    [
        ("send the forecast by friday", date(2026, 11, 27), "send the forecast"),
        ("offerte sturen voor vrijdag", date(2026, 11, 27), "offerte sturen"),
        ("prijzen uiterlijk 3 december", date(2026, 12, 3), "prijzen"),
    ],
)
def test_a_deadline_word_and_a_date_make_a_follow_up(text: str, due: date, what: str) -> None:
    note = _understand(text)
    assert (note.follow_up_due, note.follow_up_text) == (due, what)


@pytest.mark.parametrize("text", ["call by phone about prices", "gesprek voor de offerte", "paid by Jan"])
def test_a_deadline_word_without_a_date_makes_no_follow_up(text: str) -> None:
    assert _understand(text).follow_up_due is None


# Someone who left the supplier ---------------------------------------------------------------------------------------

SARA_GONE = ContactName(30, "Sara Kok", left=True)
SARA_NOW = ContactName(31, "Sara de Vries")


def test_a_shared_first_name_means_the_current_contact_and_asks_nothing() -> None:
    note = _understand("Call with Sara about prices", [SARA_GONE, SARA_NOW])

    assert note.contact_ids == [31]
    assert note.ambiguous == []


def test_someone_who_left_is_still_named_in_full_and_then_alone() -> None:
    note = _understand("Farewell drinks with Sara Kok", [SARA_GONE, SARA_NOW])

    assert note.contact_ids == [30]
    assert note.ambiguous == []


def test_someone_who_left_is_named_by_first_name_when_nobody_else_has_it() -> None:
    assert _understand("Call with Sara", [SARA_GONE, JAN]).contact_ids == [30]


def test_two_current_contacts_with_one_first_name_are_still_asked_about_whoever_left() -> None:
    sara_too = ContactName(32, "Sara Bakker")

    note = _understand("Call with Sara", [SARA_GONE, SARA_NOW, sara_too])

    assert note.contact_ids == []
    assert [c.id for c in note.ambiguous[0].contacts] == [31, 32]
