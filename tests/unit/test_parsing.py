"""`/covalis …` text into an action, in English and Dutch, and friendly refusals with the right usage line."""

import pytest

from handlers.parsing import Parsed, UsageError, parse_command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", Parsed("help")),
        ("hulp", Parsed("help")),
        ("note", Parsed("note.modal")),
        ("notitie", Parsed("note.modal")),
        ("note Acme: call with Jan", Parsed("note", supplier="Acme", arg="call with Jan")),
        ("log Acme: call with Jan", Parsed("note", supplier="Acme", arg="call with Jan")),
        ("notitie Acme: gebeld met Jan", Parsed("note", supplier="Acme", arg="gebeld met Jan")),
        ("status Acme Industries", Parsed("status", supplier="Acme Industries")),
        ("supplier list", Parsed("supplier.list")),
        ("supplier list ALL", Parsed("supplier.list", arg="all")),
        ("leveranciers lijst alle", Parsed("supplier.list", arg="alle")),
        ("supplier archive Acme", Parsed("supplier.archive", supplier="Acme")),
        ("leverancier archiveer Acme", Parsed("supplier.archive", supplier="Acme")),
        ("supplier unarchive Acme", Parsed("supplier.unarchive", supplier="Acme")),
        ("leverancier herstel Acme", Parsed("supplier.unarchive", supplier="Acme")),
        ("supplier rename Acme: Acme Group", Parsed("supplier.rename", supplier="Acme", arg="Acme Group")),
        ("leverancier hernoem Acme: Acme Groep", Parsed("supplier.rename", supplier="Acme", arg="Acme Groep")),
        ("supplier alias Acme Industries: ACME", Parsed("supplier.alias", supplier="Acme Industries", arg="ACME")),
        ("supplier owner Acme <@U123|bob>", Parsed("supplier.owner", supplier="Acme", arg="U123")),
        (
            "leverancier eigenaar Acme Industries <@W0ABC>",
            Parsed("supplier.owner", supplier="Acme Industries", arg="W0ABC"),
        ),
        ("supplier segment Acme bottleneck", Parsed("supplier.segment", supplier="Acme", arg="bottleneck")),
        (
            "supplier segment Acme Industries hefboom",
            Parsed("supplier.segment", supplier="Acme Industries", arg="leverage"),
        ),
        (
            "contact add Acme: Jan de Vries, account manager",
            Parsed("contact.add", supplier="Acme", arg="Jan de Vries", extra="account manager"),
        ),
        ("contact add Acme: Jan de Vries", Parsed("contact.add", supplier="Acme", arg="Jan de Vries")),
        (
            "contactpersoon toevoegen Acme: Jan de Vries, accountmanager",
            Parsed("contact.add", supplier="Acme", arg="Jan de Vries", extra="accountmanager"),
        ),
        ("contact list Acme", Parsed("contact.list", supplier="Acme")),
        ("contact remove Acme: Jan de Vries", Parsed("contact.remove", supplier="Acme", arg="Jan de Vries")),
        ("contactpersoon verwijder Acme: Jan", Parsed("contact.remove", supplier="Acme", arg="Jan")),
        ("language nl", Parsed("language", arg="nl")),
        ("taal en", Parsed("language", arg="en")),
        ("settings language nl", Parsed("settings.language", arg="nl")),
        ("instellingen taal en", Parsed("settings.language", arg="en")),
    ],
)
def test_each_subcommand_parses_into_its_action_and_arguments(text: str, expected: Parsed) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", ["NOTE Acme: x", "Note Acme: x", "  note   Acme:   x  "])
def test_verbs_ignore_case_and_extra_spaces(text: str) -> None:
    assert parse_command(text) == Parsed("note", supplier="Acme", arg="x")


@pytest.mark.parametrize(
    ("text", "name", "segment"),
    [
        ("supplier add Acme strategic", "Acme", "strategic"),
        ("supplier add Acme Industries bottleneck", "Acme Industries", "bottleneck"),
        ("supplier add Acme leverage", "Acme", "leverage"),
        ("supplier add Acme routine", "Acme", "routine"),
        ("leverancier toevoegen Acme strategisch", "Acme", "strategic"),
        ("leverancier toevoegen Acme knelpunt", "Acme", "bottleneck"),
        ("leverancier toevoegen Acme hefboom", "Acme", "leverage"),
        ("leverancier toevoegen Acme routine", "Acme", "routine"),
        ("leverancier nieuw Acme Groep Strategisch", "Acme Groep", "strategic"),
    ],
)
def test_a_segment_as_the_last_word_of_supplier_add_is_the_segment(text: str, name: str, segment: str) -> None:
    assert parse_command(text) == Parsed("supplier.add", arg=name, extra=segment)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("supplier add Acme Industries", "Acme Industries"),
        ("supplier add Acme Strategic Partners", "Acme Strategic Partners"),
        ("supplier add Hefboom", "Hefboom"),
    ],
)
def test_a_supplier_name_not_ending_in_a_segment_is_kept_whole_and_defaults_to_routine(text: str, name: str) -> None:
    assert parse_command(text) == Parsed("supplier.add", arg=name, extra="routine")


def test_colons_inside_the_note_text_stay_in_the_text() -> None:
    parsed = parse_command("note Acme: agenda: prices; time: 10:30")

    assert parsed == Parsed("note", supplier="Acme", arg="agenda: prices; time: 10:30")


def test_a_multi_line_note_keeps_its_line_breaks() -> None:
    assert parse_command("note Acme: first\nsecond").arg == "first\nsecond"


@pytest.mark.parametrize("text", ["", "   ", "\x00"])
def test_empty_text_shows_help(text: str) -> None:
    assert parse_command(text) == Parsed("help")


def test_slack_escaped_text_is_decoded_once() -> None:
    parsed = parse_command("note Acme &amp; Co: ping &lt;!channel&gt; about &amp;lt;")

    assert parsed == Parsed("note", supplier="Acme & Co", arg="ping <!channel> about &lt;")


def test_nul_and_control_characters_are_removed() -> None:
    assert parse_command("status Ac\x00me\x07") == Parsed("status", supplier="Acme")


@pytest.mark.parametrize(
    ("text", "action", "key", "params"),
    [
        ("frobnicate Acme", "help", "usage.unknown_command", {"command": "frobnicate"}),
        ("note Acme", "note", "usage.note_needs_colon", {}),
        ("note : forgot the name", "note", "usage.note_needs_colon", {}),
        ("note Acme:", "note", "usage.note_empty", {"supplier": "Acme"}),
        ("note Acme:   ", "note", "usage.note_empty", {"supplier": "Acme"}),
        ("supplier segment Acme purple", "supplier.segment", "usage.unknown_segment", {"segment": "purple"}),
        ("supplier segment strategic", "supplier.segment", "usage.wrong", {}),
        ("supplier", "supplier", "usage.wrong", {}),
        ("supplier frobnicate Acme", "supplier", "usage.wrong", {}),
        ("contact", "contact", "usage.wrong", {}),
        ("contact archive Acme", "contact", "usage.wrong", {}),
        ("status", "status", "usage.missing_supplier", {}),
        ("language", "language", "usage.missing_language", {}),
        ("settings frobnicate", "settings", "usage.wrong", {}),
        ("settings cadence purple 14", "settings.cadence", "usage.unknown_segment", {"segment": "purple"}),
        ("settings renudge soon", "settings.renudge", "usage.wrong", {}),
        ("pause until", "pause", "usage.wrong", {}),
        ("settings language", "settings", "usage.wrong", {}),
        ("supplier add", "supplier.add", "usage.missing_supplier", {}),
        ("supplier archive", "supplier.archive", "usage.missing_supplier", {}),
        ("supplier owner Acme", "supplier.owner", "usage.wrong", {}),
        ("supplier owner <@U123>", "supplier.owner", "usage.wrong", {}),
        ("supplier rename Acme", "supplier.rename", "usage.wrong", {}),
        ("supplier rename Acme:", "supplier.rename", "usage.wrong", {}),
        ("contact add Acme", "contact.add", "usage.wrong", {}),
        ("contact remove Acme:", "contact.remove", "usage.wrong", {}),
    ],
)
def test_bad_input_is_refused_with_the_usage_of_the_right_action(
    text: str, action: str, key: str, params: dict[str, object]
) -> None:
    with pytest.raises(UsageError) as refused:
        parse_command(text)

    assert (refused.value.action, refused.value.key, refused.value.params) == (action, key, params)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("settings", Parsed("settings")),
        ("instellingen cadence strategisch off", Parsed("settings.cadence", arg="strategic", extra="off")),
        ("settings hours 08:30-16:00", Parsed("settings.hours", arg="08:30-16:00")),
        ("settings renudge 5", Parsed("settings.renudge", arg="5")),
        ("supplier cadence Acme Industries 21", Parsed("supplier.cadence", supplier="Acme Industries", arg="21")),
        ("contact key Acme: Jan de Vries 10", Parsed("contact.key", supplier="Acme", arg="Jan de Vries", extra="10")),
        ("contact key Acme: Jan de Vries", Parsed("contact.key", supplier="Acme", arg="Jan de Vries")),
        ("pause until friday", Parsed("pause", arg="friday")),
        ("pauze tot 2 januari", Parsed("pause", arg="2 januari")),
        ("resume", Parsed("resume")),
        ("followups", Parsed("followups")),
        ("quiet", Parsed("quiet")),
        ("stil alle", Parsed("quiet.all")),
    ],
)
def test_the_nudge_commands_parse_in_english_and_dutch(text: str, expected: Parsed) -> None:
    assert parse_command(text) == expected
