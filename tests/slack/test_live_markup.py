"""Slack's own markup in a note stays live end to end: links, mail links, channels and mentions Slack made render as
markup again in the confirmation, the card, the digest and the shortcut's modal; typed look-alikes stay inert; the
export holds plain URLs."""

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from handlers import ids
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import SlackHarness, ask, exported, text_of, tick
from tests.slack.test_modal_and_shortcut import block, form_values, opened_view

# As Slack sends it with should_escape: its markup with literal brackets, what the user typed escaped.
RAW_NOTE = (
    "note Acme Industries: call with Jan, see <https://acme.com/spec.pdf?v=2&amp;lang=en|the spec> "
    "and <https://acme.com/lead-times>, mail <mailto:jan@acme.com|jan@acme.com>, "
    "asked in <#C0INKOOP|inkoop> by <@U_BOB|bob>; typed &lt;https://evil.example|click&gt; &lt;!channel&gt; <!here>"
)
LIVE = [
    "<https://acme.com/spec.pdf?v=2&amp;lang=en|the spec>",
    "<https://acme.com/lead-times>",
    "<mailto:jan@acme.com|jan@acme.com>",
    "<#C0INKOOP|inkoop>",
    "<@U_BOB>",
]
INERT = ["&lt;https://evil.example|click&gt;", "&lt;!channel&gt;", "&lt;!here&gt;"]
PLAIN_SUMMARY = (
    "call with Jan, see the spec (https://acme.com/spec.pdf?v=2&lang=en) and https://acme.com/lead-times, "
    "mail jan@acme.com, asked in #inkoop by <@U_BOB>; typed <https://evil.example|click> <!channel> <!here>"
)


def raw_command(slack: SlackHarness, raw: str) -> str:
    """`/covalis …` with the text exactly as Slack formats it; what the user reads in the answer."""
    reply, name = slack.command_raw_text(raw)
    assert reply.status == 200, reply.body
    return text_of(slack.answer(name))


def logged(slack: SlackHarness) -> str:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "contact add Acme Industries: Jan de Vries")
    return raw_command(slack, RAW_NOTE)


def assert_live_and_inert(shown: str) -> None:
    for live in LIVE:
        assert live in shown, f"{live} is not live in {shown!r}"
    for inert in INERT:
        assert inert in shown, f"{inert} is not inert in {shown!r}"
    assert "<!channel>" not in shown
    assert "<!here>" not in shown
    assert "<https://evil.example" not in shown


def test_the_confirmation_shows_slacks_links_channels_and_mentions_live(slack: SlackHarness) -> None:
    confirmation = logged(slack)

    assert_live_and_inert(confirmation)


def test_the_supplier_card_shows_the_notes_links_live(slack: SlackHarness) -> None:
    logged(slack)

    card = ask(slack, "status Acme Industries")

    assert "<https://acme.com/spec.pdf?v=2&amp;lang=en|the spec>" in card
    assert "<https://acme.com/lead-times>" in card
    assert card.count("<") == card.count(">"), "the card's row was cut inside a link"
    assert "<!channel>" not in card
    assert "<https://evil.example" not in card


def test_the_digest_highlight_keeps_the_links_live(slack: SlackHarness) -> None:
    logged(slack)
    assert "Digest number" in ask(slack, "digest here", channel="C_TEAM")

    tick(slack, datetime(2026, 11, 30, 8, 30, tzinfo=UTC))

    [post] = [c.body for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == "C_TEAM"]
    shown = text_of(post)
    assert "<https://acme.com/spec.pdf?v=2&amp;lang=en|the spec>" in shown
    assert "<!channel>" not in shown
    assert "<!here>" not in shown


def test_the_export_holds_plain_urls_in_json_and_csv(slack: SlackHarness, tmp_path: Path) -> None:
    logged(slack)

    (interaction,) = exported(slack)["interactions"]
    assert interaction["summary"] == PLAIN_SUMMARY
    slack.services.export.write_csv(TEAM_ID, tmp_path)
    with (tmp_path / "interactions.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["summary"] == PLAIN_SUMMARY


SHORTCUT_MESSAGE = (
    "Lead times in <https://acme.com/lead-times|this sheet>, ask <@U_BOB|bob> in <#C0INKOOP|inkoop>; "
    "&lt;https://evil.example|fake&gt; <!channel>"
)
SHORTCUT_PREFILL = (
    "Lead times in <https://acme.com/lead-times|this sheet>, ask <@U_BOB|bob> in <#C0INKOOP|inkoop>; "
    "<https://evil.example|fake> <!channel>"
)


def test_the_shortcut_prefills_slacks_markup_as_slack_writes_it(slack: SlackHarness, fake: FakeSlackApi) -> None:
    slack.shortcut(SHORTCUT_MESSAGE)

    (opened,) = fake.wait_for("views.open")
    view = opened.body["view"]
    assert block(view, ids.BLOCK_SUMMARY)["element"]["initial_value"] == SHORTCUT_PREFILL
    assert json.loads(view["private_metadata"])["markup"] == [
        "<https://acme.com/lead-times|this sheet>",
        "<@U_BOB|bob>",
        "<#C0INKOOP|inkoop>",
    ]


def test_a_shortcut_note_keeps_the_messages_links_live_but_not_typed_ones(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    acme = exported(slack)["suppliers"][0]["id"]
    slack.shortcut(SHORTCUT_MESSAGE)

    summary = SHORTCUT_PREFILL + " and <https://added.example|typed in the modal>"
    reply = slack.submit(opened_view(fake), form_values(acme, summary=summary))

    assert reply.status == 200
    fake.wait_for("chat.postEphemeral")
    card = ask(slack, "status Acme Industries")
    assert "<https://acme.com/lead-times|this sheet>" in card
    assert "<https://evil.example" not in card
    assert "<https://added.example" not in card
    assert "<!channel>" not in card
    (interaction,) = exported(slack)["interactions"]
    assert "this sheet (https://acme.com/lead-times)" in interaction["summary"]
    assert "<https://added.example|typed in the modal>" in interaction["summary"]
