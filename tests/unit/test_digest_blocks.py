"""The digest message: valid Block Kit within Slack's limits, user text escaped, in both languages."""

from datetime import UTC, date, datetime

import pytest
from slack_sdk.models.blocks import Block

from bot.services.coverage import Coverage, Flag, Threads
from bot.services.digests import Digest, QuietLine
from handlers.blocks.digests import digest_message

NAME = "<!channel> & Co " + "x" * 60


def _digest(lang: str, *, empty: bool = False) -> Digest:
    if empty:
        return Digest(lang, None, None, date(2026, 11, 23), 0, 0, 0, 0)
    return Digest(
        language=lang,
        segment=None,
        owner_filter=None,
        week_start=date(2026, 11, 23),
        interactions=12,
        suppliers_touched=5,
        colleagues_active=3,
        previous_interactions=8,
        quiet=[QuietLine(NAME, "U1", 9)] * 5,
        quiet_total=12,
        thin=[_thin()] * 5,
        thin_total=5,
        overdue=[(NAME, "send <prices> & terms " * 20, date(2026, 11, 20), "U3")] * 5,
        overdue_total=7,
        orphaned=[(NAME, "U4")],
        orphaned_total=1,
        highlights=[(NAME, "call", "talked about <!here> " * 30, datetime(2026, 11, 24, tzinfo=UTC))] * 5,
    )


def _thin() -> Coverage:
    flags = (
        Flag("bow_tie"),
        Flag("rests_on_one", user_id="U2", share_percent=80, touches=10),
        Flag("key_without_tie", contact_id=1, contact_name=NAME),
    )
    threads = Threads(1, 1, 1)
    interfaces = (("commercial", True), ("planning", False), ("executive", False))
    return Coverage(1, NAME, "strategic", threads, threads, interfaces, interfaces, flags, flags, ())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_full_digest_is_valid_block_kit_with_escaped_user_text(lang: str) -> None:
    message = digest_message(_digest(lang))
    parsed = Block.parse_all(message.blocks)
    assert len(parsed) == len(message.blocks) <= 50
    texts = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert all(len(x) <= 3000 for x in texts)
    body = "\n".join(texts)
    assert "<!channel>" not in body
    assert "<!here>" not in body
    assert "&lt;!channel&gt; &amp; Co" in body
    assert ("…and 7 more" if lang == "en" else "…en nog 7") in body


def test_the_two_languages_say_different_things() -> None:
    assert digest_message(_digest("en")).blocks[2] != digest_message(_digest("nl")).blocks[2]


@pytest.mark.parametrize(("lang", "line"), [("en", "A quiet week"), ("nl", "Een rustige week")])
def test_a_week_without_anything_is_one_line(lang: str, line: str) -> None:
    message = digest_message(_digest(lang, empty=True))
    assert len(message.blocks) == 3
    assert line in message.blocks[2]["text"]["text"]
