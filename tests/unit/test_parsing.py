"""`/covalis …` text into a command and typed arguments, in English and Dutch, and friendly refusals that name the
right usage line and the nearest commands. The registry drives it all; these tests pin what users type."""

from typing import Any

import pytest

from bot.text import unmark
from handlers import parsing as p
from handlers.commands import COMMANDS, parse_command
from handlers.registry import UsageError


def parsed(text: str) -> tuple[str, Any]:
    invocation = parse_command(text)
    return invocation.key, invocation.args


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", ("help", p.Topic())),
        ("hulp", ("help", p.Topic())),
        ("note", ("note.modal", p.NoArgs())),
        ("notitie", ("note.modal", p.NoArgs())),
        ("note Acme: call with Jan", ("note", p.Note("Acme", "call with Jan"))),
        ("log Acme: call with Jan", ("note", p.Note("Acme", "call with Jan"))),
        ("notitie Acme: gebeld met Jan", ("note", p.Note("Acme", "gebeld met Jan"))),
        ("status Acme Industries", ("status", p.SupplierArg("Acme Industries"))),
        ("supplier list", ("supplier.list", p.SupplierListing(include_archived=False))),
        ("supplier list ALL", ("supplier.list", p.SupplierListing(include_archived=True))),
        ("leveranciers lijst alle", ("supplier.list", p.SupplierListing(include_archived=True))),
        ("supplier archive Acme", ("supplier.archive", p.SupplierArg("Acme"))),
        ("leverancier archiveer Acme", ("supplier.archive", p.SupplierArg("Acme"))),
        ("supplier unarchive Acme", ("supplier.unarchive", p.SupplierArg("Acme"))),
        ("leverancier herstel Acme", ("supplier.unarchive", p.SupplierArg("Acme"))),
        ("supplier rename Acme: Acme Group", ("supplier.rename", p.SupplierValue("Acme", "Acme Group"))),
        ("leverancier hernoem Acme: Acme Groep", ("supplier.rename", p.SupplierValue("Acme", "Acme Groep"))),
        ("supplier alias Acme Industries: ACME", ("supplier.alias", p.SupplierValue("Acme Industries", "ACME"))),
        ("supplier owner Acme <@U123|bob>", ("supplier.owner", p.SupplierOwner("Acme", "U123"))),
        (
            "leverancier eigenaar Acme Industries <@W0ABC>",
            ("supplier.owner", p.SupplierOwner("Acme Industries", "W0ABC")),
        ),
        ("supplier segment Acme bottleneck", ("supplier.segment", p.SupplierSegment("Acme", "bottleneck"))),
        (
            "supplier segment Acme Industries hefboom",
            ("supplier.segment", p.SupplierSegment("Acme Industries", "leverage")),
        ),
        (
            "contact add Acme: Jan de Vries, account manager",
            ("contact.add", p.NewContact("Acme", "Jan de Vries", "account manager")),
        ),
        ("contact add Acme: Jan de Vries", ("contact.add", p.NewContact("Acme", "Jan de Vries"))),
        (
            "contactpersoon toevoegen Acme: Jan de Vries, accountmanager",
            ("contact.add", p.NewContact("Acme", "Jan de Vries", "accountmanager")),
        ),
        ("contact toevoegen Acme: Jan", ("contact.add", p.NewContact("Acme", "Jan"))),
        ("contact list Acme", ("contact.list", p.SupplierArg("Acme"))),
        ("contact remove Acme: Jan de Vries", ("contact.remove", p.SupplierValue("Acme", "Jan de Vries"))),
        ("contactpersoon verwijder Acme: Jan", ("contact.remove", p.SupplierValue("Acme", "Jan"))),
        ("language nl", ("language", p.Language("nl"))),
        ("taal en", ("language", p.Language("en"))),
        ("settings language nl", ("settings.language", p.Language("nl"))),
        ("instellingen taal en", ("settings.language", p.Language("en"))),
    ],
)
def test_each_subcommand_parses_into_its_action_and_arguments(text: str, expected: tuple[str, Any]) -> None:
    assert parsed(text) == expected


@pytest.mark.parametrize("text", ["NOTE Acme: x", "Note Acme: x", "  note   Acme:   x  "])
def test_verbs_ignore_case_and_extra_spaces(text: str) -> None:
    assert parsed(text) == ("note", p.Note("Acme", "x"))


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
    assert parsed(text) == ("supplier.add", p.NewSupplier(name, segment))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("supplier add Acme Industries", "Acme Industries"),
        ("supplier add Acme Strategic Partners", "Acme Strategic Partners"),
        ("supplier add Hefboom", "Hefboom"),
    ],
)
def test_a_supplier_name_not_ending_in_a_segment_is_kept_whole_and_defaults_to_routine(text: str, name: str) -> None:
    assert parsed(text) == ("supplier.add", p.NewSupplier(name, "routine"))


def test_colons_inside_the_note_text_stay_in_the_text() -> None:
    assert parsed("note Acme: agenda: prices; time: 10:30") == ("note", p.Note("Acme", "agenda: prices; time: 10:30"))


def test_a_multi_line_note_keeps_its_line_breaks() -> None:
    assert parse_command("note Acme: first\nsecond").args.text == "first\nsecond"


@pytest.mark.parametrize("text", ["", "   ", "\x00"])
def test_empty_text_shows_help(text: str) -> None:
    assert parsed(text) == ("help", p.Topic())


def test_slack_escaped_text_is_decoded_once() -> None:
    assert parsed("note Acme &amp; Co: ping &lt;!channel&gt; about &amp;lt;") == (
        "note",
        p.Note("Acme & Co", "ping <!channel> about &lt;"),
    )


def test_nul_and_control_characters_are_removed() -> None:
    assert parsed("status Ac\x00me\x07") == ("status", p.SupplierArg("Acme"))


@pytest.mark.parametrize(
    ("text", "topic", "key", "params"),
    [
        ("frobnicate Acme", None, "usage.unknown_command", {"command": "frobnicate"}),
        ("note Acme", "note", "usage.note_needs_colon", {}),
        ("note : forgot the name", "note", "usage.note_needs_colon", {}),
        ("note Acme:", "note", "usage.note_empty", {"supplier": "Acme"}),
        ("note Acme:   ", "note", "usage.note_empty", {"supplier": "Acme"}),
        ("supplier segment Acme purple", "supplier.segment", "usage.unknown_segment", {"segment": "purple"}),
        ("supplier segment strategic", "supplier.segment", "usage.wrong", {}),
        ("supplier", "supplier", "usage.wrong", {}),
        ("supplier frobnicate Acme", "supplier", "usage.unknown_subcommand", {"command": "frobnicate"}),
        ("contact", "contact", "usage.wrong", {}),
        ("contact archive Acme", "contact", "usage.unknown_subcommand", {"command": "archive"}),
        ("status", "status", "usage.missing_supplier", {}),
        ("language", "language", "usage.missing_language", {}),
        ("settings frobnicate", "settings", "usage.unexpected", {"text": "frobnicate"}),
        ("settings cadence purple 14", "settings.cadence", "usage.unknown_segment", {"segment": "purple"}),
        ("settings renudge soon", "settings.renudge", "usage.wrong", {}),
        ("pause until", "pause", "usage.wrong", {}),
        ("settings language", "settings.language", "usage.missing_language", {}),
        ("supplier add", "supplier.add", "usage.missing_supplier", {}),
        ("supplier archive", "supplier.archive", "usage.missing_supplier", {}),
        ("supplier owner Acme", "supplier.owner", "usage.wrong", {}),
        ("supplier owner <@U123>", "supplier.owner", "usage.wrong", {}),
        ("supplier rename Acme", "supplier.rename", "usage.wrong", {}),
        ("supplier rename Acme:", "supplier.rename", "usage.wrong", {}),
        ("contact add Acme", "contact.add", "usage.wrong", {}),
        ("contact remove Acme:", "contact.remove", "usage.wrong", {}),
        ("supplier list strategic purple", "supplier.list", "usage.unexpected", {"text": "purple"}),
        ("quiet please", "quiet", "usage.unexpected", {"text": "please"}),
        ("digest everywhere", "digest", "usage.wrong", {}),
        ("digest here purple", "digest", "digest.bad_filter", {"filter": "purple"}),
        ("digest off two", "digest.off", "usage.wrong", {}),
        ("digest when monday", "digest.when", "usage.wrong", {}),
        ("digest empty maybe", "digest.empty", "usage.wrong", {}),
    ],
)
def test_bad_input_is_refused_with_the_usage_of_the_right_action(
    text: str, topic: str | None, key: str, params: dict[str, object]
) -> None:
    with pytest.raises(UsageError) as refused:
        parse_command(text)

    assert (refused.value.topic, refused.value.key, refused.value.params) == (topic, key, params)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("settings", ("settings", p.NoArgs())),
        ("instellingen cadence strategisch off", ("settings.cadence", p.SegmentCadence("strategic", "off"))),
        ("instellingen ritme strategisch uit", ("settings.cadence", p.SegmentCadence("strategic", "uit"))),
        ("settings hours 08:30-16:00", ("settings.hours", p.Hours("08:30-16:00"))),
        ("instellingen werktijden 08:30-16:00", ("settings.hours", p.Hours("08:30-16:00"))),
        ("settings renudge 5", ("settings.renudge", p.Renudge(5))),
        ("supplier cadence Acme Industries 21", ("supplier.cadence", p.SupplierCadence("Acme Industries", "21"))),
        ("contact key Acme: Jan de Vries 10", ("contact.key", p.KeyContact("Acme", "Jan de Vries", "10"))),
        ("contact key Acme: Jan de Vries", ("contact.key", p.KeyContact("Acme", "Jan de Vries"))),
        ("pause until friday", ("pause", p.Pause("friday"))),
        ("pauze tot 2 januari", ("pause", p.Pause("2 januari"))),
        ("resume", ("resume", p.NoArgs())),
        ("followups", ("followups", p.NoArgs())),
        ("quiet", ("quiet", p.NoArgs())),
        ("stil alle", ("quiet.all", p.NoArgs())),
    ],
)
def test_the_nudge_commands_parse_in_english_and_dutch(text: str, expected: tuple[str, Any]) -> None:
    assert parsed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("digest", ("digest.list", p.NoArgs())),
        ("overzicht lijst", ("digest.list", p.NoArgs())),
        ("digest here", ("digest", p.DigestTarget())),
        ("overzicht hier strategisch", ("digest", p.DigestTarget(segment="strategic"))),
        ("digest here <@U0BOB|bob>", ("digest", p.DigestTarget(owner_id="U0BOB"))),
        ("digest <#C0123|purchasing>", ("digest", p.DigestTarget("C0123", "purchasing"))),
        ("digest off", ("digest.off", p.DigestNumber())),
        ("overzicht uit 2", ("digest.off", p.DigestNumber(2))),
        ("digest preview 3", ("digest.preview", p.DigestNumber(3))),
        ("digest when monday 09:00", ("digest.when", p.DigestWhen("monday", "09:00"))),
        ("overzicht wanneer vrijdag 16:30 2", ("digest.when", p.DigestWhen("vrijdag", "16:30", 2))),
        ("digest empty skip", ("digest.empty", p.DigestEmpty(skip=True))),
        ("overzicht leeg plaatsen 4", ("digest.empty", p.DigestEmpty(skip=False, number=4))),
    ],
)
def test_the_digest_commands_parse_into_typed_fields(text: str, expected: tuple[str, Any]) -> None:
    assert parsed(text) == expected


@pytest.mark.parametrize(
    ("text", "nearest"),
    [
        ("supplir add Acme", ("supplier.add",)),
        ("leverancer toevoegen Acme", ("supplier.add",)),
        ("supplier ad Acme", ("supplier.add",)),
        ("contcat add Acme: Jan", ("contact.add",)),
        ("stats Acme", ("status",)),
        ("digset here", ("digest",)),
        ("overzicth lijst", ("digest.list",)),
        ("digest lst", ("digest.list",)),
        ("digest prevew 2", ("digest.preview",)),
        ("quiet al", ("quiet.all",)),
        ("settings cadance strategic 14", ("settings.cadence",)),
        ("instellingen werktyden 08:00-16:00", ("settings.hours",)),
    ],
)
def test_a_mistyped_command_suggests_the_nearest_ones(text: str, nearest: tuple[str, ...]) -> None:
    with pytest.raises(UsageError) as refused:
        parse_command(text)

    assert refused.value.suggestions[: len(nearest)] == nearest


def test_nothing_is_suggested_for_text_unlike_any_command() -> None:
    with pytest.raises(UsageError) as refused:
        parse_command("frobnicate the widgets")

    assert refused.value.suggestions == ()


def _as_slack_sends(example: str) -> str:
    """Examples show `@colleague` and `#channel` as users type them; Slack sends them as mentions."""
    words = []
    for word in example.split(" "):
        if word in ("@colleague", "@collega"):
            word = "<@U0COLLEAGUE>"
        elif word in ("#purchasing", "#inkoop"):
            word = f"<#C0CHANNEL|{word[1:]}>"
        words.append(word)
    return " ".join(words)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("key", sorted(COMMANDS.commands))
def test_every_example_in_help_parses_into_its_own_command(lang: str, key: str) -> None:
    from handlers.blocks.help import examples

    shown = examples(lang, COMMANDS[key])

    assert shown
    for example in shown:
        assert parse_command(_as_slack_sends(example.removeprefix("/covalis "))).key == key, example


REMINDERS = {c.key for c in COMMANDS.in_group("reminders")}


@pytest.mark.parametrize(
    ("words", "keys"),
    [
        ("herinneringen", REMINDERS),
        ("reminders", REMINDERS),
        ("leveranciers", {c.key for c in COMMANDS.in_group("suppliers")}),
        (
            "settings",
            {
                "import",
                "language",
                "settings",
                "settings.language",
                "settings.cadence",
                "settings.interfaces",
                "settings.hours",
                "settings.renudge",
                "settings.holidays",
                "settings.retention",
                "audit",
                "export",
            },
        ),
        ("supplier", {k for k in COMMANDS.commands if k.startswith("supplier.")}),
        ("overzicht", {k for k in COMMANDS.commands if k.startswith("digest")}),
        ("notitie", {"note", "note.modal"}),
        ("contact toevoegen", {"contact.add"}),
    ],
)
def test_help_finds_a_group_or_a_command_by_its_words_in_either_language(words: str, keys: set[str]) -> None:
    found, _ = COMMANDS.find_topic(words)

    assert {c.key for c in found} == keys


@pytest.mark.parametrize(
    ("text", "supplier", "note_text"),
    [
        (
            "note Acme - lunch, see <https://x.nl> and <#C123|inkoop>",
            "Acme",
            "lunch, see <https://x.nl> and <#C123|inkoop>",
        ),
        ("note Acme: see <https://x.nl|deck>: agreed", "Acme", "see <https://x.nl|deck>: agreed"),
        ("note Acme – call about <mailto:jan@acme.nl|Jan>", "Acme", "call about <mailto:jan@acme.nl|Jan>"),
    ],
)
def test_a_colon_inside_a_link_never_splits_the_supplier_from_the_note(
    text: str, supplier: str, note_text: str
) -> None:
    key, args = parsed(text)

    assert key == "note"
    assert args.supplier == supplier
    assert unmark(args.text) == note_text


def test_a_supplier_name_slack_turned_into_a_link_is_read_as_typed() -> None:
    invocation = parse_command("note <http://Bol.com|Bol.com>: call about the returns")

    assert invocation.args.supplier == "Bol.com"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contact left Acme: Sara Kok", p.ContactLeft("Acme", "Sara Kok")),
        ("contact left Acme: Sara Kok, successor Piet Jansen", p.ContactLeft("Acme", "Sara Kok", "Piet Jansen")),
        ("contact left Acme: Sara Kok, Successor: Piet Jansen", p.ContactLeft("Acme", "Sara Kok", "Piet Jansen")),
        ("contact vertrokken Acme: Sara Kok, opvolger Piet Jansen", p.ContactLeft("Acme", "Sara Kok", "Piet Jansen")),
        ("contact left Acme: Sara Kok, successor", p.ContactLeft("Acme", "Sara Kok", "")),
    ],
)
def test_contact_left_reads_the_leaver_and_an_optional_successor(text: str, expected: p.ContactLeft) -> None:
    invocation = parse_command(text)

    assert invocation.key == "contact.left"
    assert invocation.args == expected


def test_contact_left_refuses_words_after_the_comma_that_name_no_successor() -> None:
    with pytest.raises(UsageError) as refused:
        parse_command("contact left Acme: Sara Kok, Piet Jansen")

    assert refused.value.key == "usage.successor_word"
