"""A brief stays one valid message whatever the supplier's size: at most 50 blocks, no section over 3,000 characters,
every long list cut with "and N more"."""

from datetime import UTC, date, datetime

from slack_sdk.models.blocks import Block

from bot.services.brief import TOO_MANY, Brief, BriefFollowUp, BriefTie, Gap, NotSent
from bot.services.coverage import ContactFacts, SupplierFacts, coverage
from bot.services.relationships import RecentInteraction
from handlers.blocks.briefing import brief_message

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LONG = "x" * 70


def test_a_huge_brief_stays_within_block_kit_limits_and_says_how_much_more_there_is() -> None:
    contacts = tuple(ContactFacts(i, f"{LONG} {i}", "quality", None, LONG) for i in range(200))
    cov = coverage(SupplierFacts(1, "Acme", "strategic", 14, ("quality",), contacts, (), {}, {}), NOW)
    ties = tuple(BriefTie(f"U{i:04d}", f"{LONG} {i}", "quality", "cold", NOW) for i in range(300))
    brief = Brief(
        supplier_id=1,
        name="Acme",
        segment="strategic",
        owner_id="U0001",
        asker="U0001",
        attendees=tuple(f"U{i:04d}" for i in range(11)),
        contacts=contacts,
        ties=ties,
        follow_ups=tuple(BriefFollowUp("y" * 3000, date(2026, 12, 1), "U0001", i % 2 == 0) for i in range(100)),
        promises=None,
        recent=tuple(RecentInteraction(i, NOW, "call", "z" * 3000, "U0001", False, [LONG], None) for i in range(5)),
        gaps=(Gap("quality", tuple((c.name, c.role) for c in contacts)), Gap("engineering", ())),
        coverage=cov,
        warm_up=ties,
        as_of=NOW,
    )

    beyond = tuple(NotSent(f"U{i:04d}", TOO_MANY) for i in range(11, 40))
    message = brief_message("nl", brief, "Europe/Amsterdam", shared_by="U0002", sent_to=("U0003",), not_sent=beyond)

    assert len(message.blocks) <= 50
    for block in message.blocks:
        texts = [block["text"]["text"]] if "text" in block else [e["text"] for e in block["elements"]]
        # fits on its own, with room: section() would cut a longer text to about 3,000 characters, losing its end
        assert all(len(text) < 2950 for text in texts), texts
    for parsed in Block.parse_all(message.blocks):
        parsed.validate_json()
    shown = "\n".join(str(b) for b in message.blocks)
    assert "…en nog 285." in shown  # ties: 15 of 300 shown
    assert "…en nog 90." in shown  # follow-ups: 10 of 100
    [people] = [b["text"]["text"] for b in message.blocks if "*Wie is wie*" in b.get("text", {}).get("text", "")]
    assert people.endswith("…en nog 185.")  # their side: 15 of 200 contacts
    assert f"{'x' * 39}… ({'x' * 29}… · kwaliteit)" in people  # name and role cut, with where they work
    assert "…en nog 285.\n" in people  # our side: 15 of 300 colleagues
    assert f"{'x' * 39}… ({'x' * 29}…) en 195 anderen — vraag om een introductie." in shown  # a gap names five
    assert "gaat naar hooguit 10 collega's" in shown
    assert "<@U0025> en 14 anderen" in shown  # not sent to the 29 named too many: 15 of them mentioned
