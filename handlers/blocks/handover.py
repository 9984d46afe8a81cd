"""Handover messages: the leaver DM to the admins (a user picker per supplier) and the new owner's handover."""

from typing import Any

from bot.clock import zone
from bot.i18n import t
from bot.services.handover import HandoverLetter, OwnerHandover, SoleTie, SupplierToReassign
from handlers import ids
from handlers.blocks import SECTION_MAX, Message, context, esc, plain, section
from handlers.blocks.messages import card_contacts, card_facts, card_follow_ups, recent_row
from handlers.untrusted import read_id

PICKERS_PER_MESSAGE = 10
CANDIDATES_NAMED = 5
SOLE_TIES_SHOWN = 30


def supplier_block_id(supplier_id: int) -> str:
    return f"{ids.HANDOVER_BLOCK_PREFIX}{supplier_id}"


def owner_action_id(supplier_id: int) -> str:
    return f"{ids.ACTION_HANDOVER_OWNER}:{supplier_id}"


def supplier_of_action(action_id: str) -> int | None:
    """The supplier id a picker's action id carries (untrusted: None when it is not one of ours)."""
    prefix = ids.ACTION_HANDOVER_OWNER + ":"
    return read_id(action_id[len(prefix) :]) if action_id.startswith(prefix) else None


def leaver_messages(letter: HandoverLetter) -> list[Message]:
    """The leaver's suppliers, ten pickers per message, then the contacts only they were in touch with."""
    lang, handover = letter.language, letter.handover
    leaver = handover.leaver_id
    chunks = [
        list(handover.suppliers[i : i + PICKERS_PER_MESSAGE])
        for i in range(0, len(handover.suppliers), PICKERS_PER_MESSAGE)
    ] or [[]]
    fallback = t(lang, "handover.fallback", leaver=leaver)
    messages = []
    for part, chunk in enumerate(chunks, start=1):
        if part == 1:
            intro = (
                t(lang, "handover.suppliers_intro", count=len(handover.suppliers))
                if handover.suppliers
                else t(lang, "handover.no_suppliers")
            )
            blocks = [section(t(lang, "handover.leaver_title", leaver=leaver) + "\n" + intro)]
        else:
            blocks = [section(t(lang, "handover.continued", leaver=leaver, part=part, parts=len(chunks)))]
        blocks += [_picker(lang, supplier) for supplier in chunk]
        if part == len(chunks):
            blocks += _sole_ties(lang, leaver, handover.sole_ties)
        if chunk:
            blocks.append(context(t(lang, "handover.footer")))
        messages.append(Message(fallback, blocks))
    return messages


def _picker(lang: str, supplier: SupplierToReassign) -> dict[str, Any]:
    name, segment = esc(supplier.name), t(lang, "segment." + supplier.segment)
    if supplier.candidates:
        named = ", ".join(f"<@{user}>" for user in supplier.candidates[:CANDIDATES_NAMED])
        if len(supplier.candidates) > CANDIDATES_NAMED:
            named += " " + t(lang, "list.more", count=len(supplier.candidates) - CANDIDATES_NAMED)
        text = t(lang, "handover.supplier_line", name=name, segment=segment, candidates=named)
    else:
        text = t(lang, "handover.supplier_no_ties", name=name, segment=segment)
    block = section(text)
    block["block_id"] = supplier_block_id(supplier.supplier_id)
    block["accessory"] = {
        "type": "users_select",
        "action_id": owner_action_id(supplier.supplier_id),
        "placeholder": plain(t(lang, "handover.pick_owner")),
    }
    return block


def _sole_ties(lang: str, leaver: str, ties: tuple[SoleTie, ...]) -> list[dict[str, Any]]:
    if not ties:
        return []
    rows = []
    size = 0
    for tie in ties[:SOLE_TIES_SHOWN]:
        params = {"contact": esc(tie.contact_name), "supplier": esc(tie.supplier_name)}
        row = "• " + (
            t(lang, "handover.sole_line", colleague=tie.pick_up, **params)
            if tie.pick_up
            else t(lang, "handover.sole_line_nobody", **params)
        )
        size += len(row) + 1
        if size > SECTION_MAX - 200:
            break
        rows.append(row)
    blocks = [section(t(lang, "handover.sole_title", leaver=leaver) + "\n" + "\n".join(rows))]
    if len(ties) > len(rows):
        blocks.append(context(t(lang, "list.more", count=len(ties) - len(rows))))
    return blocks


def mark_assigned(
    lang: str, blocks: list[dict[str, Any]], supplier_id: int, owner: str, by: str
) -> list[dict[str, Any]] | None:
    """The sent DM's blocks with this supplier's picker replaced by who now owns it and who chose; None when the
    message has no picker for it."""
    wanted = supplier_block_id(supplier_id)
    changed = False
    redrawn: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("block_id") == wanted and block.get("type") == "section":
            text = str((block.get("text") or {}).get("text") or "")
            done = t(lang, "handover.assigned", owner=owner, by=by)
            redrawn.append({**section(text + "\n" + done), "block_id": wanted})
            changed = True
        else:
            redrawn.append(block)
    return redrawn if changed else None


def owner_handover_dm(lang: str, by: str, handover: OwnerHandover, tz: str) -> Message:
    """The new owner's handover: who handed it over, the card's facts, the previous owner's ties there, open
    follow-ups and the last team-visible interactions."""
    card = handover.card
    intro = t(lang, "owner.dm_new", by=by, name=esc(card.name))
    blocks = [section(intro), card_facts(lang, card, tz)]
    if (people := card_contacts(lang, card)) is not None:
        blocks.append(people)
    blocks.append(_previous_ties(lang, handover))
    blocks.append(card_follow_ups(lang, card) if card.follow_ups else section(t(lang, "handover.no_follow_ups")))
    blocks.append(_recent(lang, handover, tz))
    return Message(intro, blocks)


def _previous_ties(lang: str, handover: OwnerHandover) -> dict[str, Any]:
    previous = handover.previous_owner
    if not handover.previous_ties:
        return section(t(lang, "handover.previous_no_ties", previous=previous))
    rows = [
        "• "
        + esc(tie.contact_name)
        + (f" ({esc(tie.role)})" if tie.role else "")
        + " — "
        + t(lang, "warmth." + tie.warmth)
        for tie in handover.previous_ties[:20]
    ]
    more = len(handover.previous_ties) - len(rows)
    tail = "\n" + t(lang, "list.more", count=more) if more > 0 else ""
    return section(t(lang, "handover.previous_ties_title", previous=previous) + "\n" + "\n".join(rows) + tail)


def _recent(lang: str, handover: OwnerHandover, tz: str) -> dict[str, Any]:
    title = t(lang, "handover.recent_title")
    if not handover.recent:
        return section(f"{title}\n{t(lang, 'card.no_recent')}")
    local = zone(tz)
    return section(title + "\n" + "\n".join("• " + recent_row(lang, item, local) for item in handover.recent))
