"""Replies to `/covalis …` and to buttons: confirmations, lists, the supplier card, questions and errors."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import zone
from bot.i18n import format_date, t
from bot.services.capture import FollowUpAdded, LoggedInteraction
from bot.services.departures import Departure, DepartureUndone, UndoOutcome
from bot.services.errors import Candidate
from bot.services.interfaces import INTERFACES, OTHER
from bot.services.promises import PromiseList, PromiseRecord, PromiseView
from bot.services.relationships import RecentInteraction, SupplierCard, Tie
from bot.services.settings import RetentionChange, WorkspaceSettings
from bot.services.suppliers import SupplierRef
from bot.text import one_line
from handlers import ids
from handlers.blocks import SECTION_MAX, Message, actions, button, context, esc, hhmm, section
from handlers.blocks.coverage import coverage_blocks
from handlers.blocks.pulse import card_line, tap_question
from handlers.untrusted import slack_permalink

__all__ = ["Message", "context", "esc", "section"]

LIST_MAX = 40


def simple(text: str) -> Message:
    return Message(text, [section(text)])


def error_message(
    lang: str, key: str, params: dict[str, object], typed: str | None = None, usage: str | None = None
) -> Message:
    """A refusal in the user's words; with the usage line when a command was mistyped, and their text kept."""
    text = t(lang, key, **{k: esc(str(v)) for k, v in params.items()})
    blocks = [section(text)]
    if usage:
        blocks.append(section(usage))
    if typed:
        blocks.append(context(t(lang, "error.your_text", text=esc(one_line(typed, 2500)))))
    return Message(text, blocks)


def failure_message(lang: str, typed: str | None = None) -> Message:
    return error_message(lang, "error.unexpected", {}, typed)


def _segment(lang: str, segment: str) -> str:
    return t(lang, "segment." + segment)


def supplier_added(lang: str, supplier: SupplierRef) -> Message:
    text = t(lang, "supplier.added", name=esc(supplier.name), segment=_segment(lang, supplier.segment))
    return Message(text, [section(text), context(t(lang, "supplier.added_hint", name=esc(supplier.name)))])


def _fitting_rows(rows: list[str]) -> list[str]:
    """As many whole rows as fit one section (at most LIST_MAX): never a row cut in half, never one lost uncounted."""
    shown: list[str] = []
    size = 0
    for row in rows[:LIST_MAX]:
        size += len(row) + 1
        if size > SECTION_MAX:
            break
        shown.append(row)
    return shown


def bulleted(lang: str, title: str, rows: list[str]) -> Message:
    """Title and rows; those that don't fit are counted in "and N more"."""
    shown = _fitting_rows(rows)
    blocks = [section(f"*{title}*"), section("\n".join(shown))]
    hidden = len(rows) - len(shown)
    if hidden > 0:
        blocks.append(context(t(lang, "list.more", count=hidden)))
    return Message(title, blocks)


def supplier_changed(lang: str, key: str, supplier: SupplierRef, **params: str) -> Message:
    escaped = {k: esc(v) for k, v in params.items()}
    return simple(t(lang, key, name=esc(supplier.name), segment=_segment(lang, supplier.segment), **escaped))


def interface_names(lang: str, interfaces: tuple[str, ...]) -> str:
    """`commercial, quality` in the reader's language; `none` for an empty list."""
    if not interfaces:
        return t(lang, "interface.none")
    return ", ".join(t(lang, "interface." + i) for i in interfaces)


def contact_added(
    lang: str, supplier: SupplierRef, contact: str, role: str | None, interface: str, created: bool
) -> Message:
    """Says which interface was guessed and from what, so a wrong guess is seen at once, and how to correct it."""
    if not created:
        key = "contact.restored"
    elif interface != OTHER:
        key = "contact.added"
    else:
        key = "contact.added_no_match" if role else "contact.added_no_role"
    params = {"name": esc(supplier.name), "contact": esc(contact), "role": esc(role or "")}
    text = t(lang, key, interface=t(lang, "interface." + interface), **params)
    hint = "contact.interface_hint_other" if interface == OTHER else "contact.interface_hint"
    choices = interface_names(lang, INTERFACES)
    return Message(text, [section(text), context(t(lang, hint, choices=choices, **params))])


def contact_list(
    lang: str, supplier: SupplierRef, contacts: list[tuple[str, str | None, str]], left: frozenset[str] = frozenset()
) -> Message:
    """The supplier's people by name; those in `left` left the supplier and are marked so."""
    if not contacts:
        return simple(t(lang, "contact.list_empty", supplier=esc(supplier.name)))
    rows = [
        f"• {esc(name)}"
        + (f" — {esc(role)}" if role else "")
        + f" ({t(lang, 'interface.' + interface)})"
        + (f" _{t(lang, 'contact.left_mark')}_" if name in left else "")
        for name, role, interface in contacts
    ]
    return bulleted(lang, t(lang, "contact.list_title", supplier=esc(supplier.name), count=len(contacts)), rows)


def note_logged(lang: str, logged: LoggedInteraction, tz: str) -> Message:
    """Confirms what was understood, so a wrong guess is seen at once, with Undo; says what it did not understand
    (a follow-up without a date, or with one already past) and offers to add the follow-up by hand."""
    kind = t(lang, "kind_phrase." + logged.kind)
    visibility = t(lang, "visibility.private") if logged.private else t(lang, "visibility.team")
    headline = t(lang, "note.logged", kind=kind, supplier=esc(logged.supplier_name), visibility=visibility)
    details = _note_details(lang, logged, tz)
    problem = _FOLLOW_UP_PROBLEMS.get(logged.follow_up_problem or "") if logged.follow_up is None else None
    if problem is not None:
        seen = logged.follow_up_seen or t(lang, "button.add_follow_up")
        details.append(":warning: " + t(lang, problem, seen=esc(one_line(seen, 200))))
    elements = [button(t(lang, "button.undo"), ids.ACTION_UNDO, str(logged.id))]
    if logged.follow_up is not None:
        becomes = not logged.follow_up.promise  # the button turns a promise into a plain follow-up, and back
        label = t(lang, "button.make_promise" if becomes else "button.make_plain")
        elements.append(button(label, ids.ACTION_PROMISE_TOGGLE, f"{logged.follow_up.id}:{int(becomes)}"))
    if problem is not None:
        elements.append(button(t(lang, "button.add_follow_up"), ids.ACTION_ADD_FOLLOW_UP, str(logged.id)))
    blocks = [section(f"{headline}\n" + "\n".join(details)), actions(*elements)]
    if not logged.contacts and logged.supplier_has_contacts:
        blocks.insert(1, context(t(lang, "note.no_contacts_hint", supplier=esc(logged.supplier_name))))
    if logged.pulse_ask:
        blocks += tap_question(lang, logged.id, logged.supplier_name)
    return Message(headline, blocks)


def _note_details(lang: str, logged: LoggedInteraction, tz: str) -> list[str]:
    """The note's text, day and people, and its follow-up if it has one."""
    local_day = logged.occurred_at.astimezone(zone(tz)).date()
    people = [f"<@{u}>" for u in logged.colleague_ids] + [esc(c) for c in logged.contacts]
    details = [
        f"> {esc(one_line(logged.summary, 600))}",
        t(lang, "note.when", date=format_date(lang, local_day)),
        t(lang, "note.participants", people=", ".join(people)),
    ]
    if logged.follow_up is not None:
        details.append(
            t(
                lang,
                "note.promise" if logged.follow_up.promise else "note.follow_up",
                supplier=esc(logged.supplier_name),
                text=esc(one_line(logged.follow_up.text, 200)),
                date=format_date(lang, logged.follow_up.due_date),
            )
        )
    return details


def note_edited(lang: str, logged: LoggedInteraction, tz: str) -> Message:
    """Confirms a correction: which fields it changed (or that none did), then the note as it now stands."""
    supplier = esc(logged.supplier_name)
    if logged.changed:
        fields = ", ".join(t(lang, "edit.field." + name) for name in logged.changed)
        headline = t(lang, "edit.saved", supplier=supplier, fields=fields)
    else:
        headline = t(lang, "edit.unchanged", supplier=supplier)
    visibility = t(lang, "visibility.private") if logged.private else t(lang, "visibility.team")
    details = [
        *_note_details(lang, logged, tz),
        t(lang, "edit.how", kind=t(lang, "kind." + logged.kind), visibility=visibility),
    ]
    return Message(
        headline,
        [section(f"{headline}\n" + "\n".join(details)), actions(edit_button(lang, logged.id))],
    )


def edit_button(lang: str, interaction_id: int, index: int = 0) -> dict[str, Any]:
    """The Edit button of one note's line; the index keeps action ids unique within a message."""
    return button(t(lang, "button.edit"), f"{ids.ACTION_EDIT}:{index}", str(interaction_id))


def follow_up_added(lang: str, added: FollowUpAdded) -> Message:
    return simple(
        t(
            lang,
            "follow_up_modal.added",
            supplier=esc(added.supplier_name),
            text=esc(one_line(added.text, 300)),
            date=format_date(lang, added.due_date),
        )
    )


_FOLLOW_UP_PROBLEMS = {"no_date": "note.follow_up_no_date", "past_date": "note.follow_up_past"}


def ask_which_contact(
    lang: str, pending_id: int, supplier: SupplierRef, word: str, contacts: list[tuple[int, str]]
) -> Message:
    """ "Jan" names two contacts: one button each and "Neither"; the values carry ids, the text stays with us."""
    text = t(lang, "contact.which", name=esc(word), supplier=esc(supplier.name))
    prefix = f"{pending_id}:{supplier.id}"
    elements = [
        button(name, f"{ids.ACTION_PICK_CONTACT}:{i}", f"{prefix}:{contact_id}")
        for i, (contact_id, name) in enumerate(contacts[:MAX_PICKS])
    ]
    elements.append(button(t(lang, "button.contact_neither"), f"{ids.ACTION_PICK_CONTACT}:{MAX_PICKS}", f"{prefix}:0"))
    elements.append(button(t(lang, "button.cancel"), ids.ACTION_CANCEL_PENDING, str(pending_id)))
    return Message(text, [section(text), actions(*elements)])


MAX_PICKS = 20  # an actions block holds 25 elements


def archived_supplier_note(lang: str, pending_id: int, supplier: SupplierRef) -> Message:
    """A note for an archived supplier: unarchive and log there, rather than create a look-alike."""
    text = t(lang, "supplier.archived_note", name=esc(supplier.name))
    elements = [
        button(t(lang, "button.unarchive_and_log"), ids.ACTION_UNARCHIVE_AND_LOG, f"{pending_id}:{supplier.id}"),
        button(t(lang, "button.cancel"), ids.ACTION_CANCEL_PENDING, str(pending_id)),
    ]
    return Message(text, [section(text), actions(*elements)])


def ask_which_supplier(
    lang: str, pending_id: int, phrase: str, candidates: list[Candidate], offer_form: bool, more: bool = False
) -> Message:
    text = t(lang, "supplier.which", name=esc(phrase))
    buttons = [
        button(
            c.name + (f" ({t(lang, 'supplier.archived_word')})" if c.archived else ""),
            f"{ids.ACTION_PICK_SUPPLIER}:{i}",
            f"{pending_id}:{c.supplier_id}",
        )
        for i, c in enumerate(candidates)
    ]
    buttons.append(button(t(lang, "button.cancel"), ids.ACTION_CANCEL_PENDING, str(pending_id)))
    blocks = [section(text), actions(*buttons)]
    if more:
        blocks.append(context(t(lang, "supplier.which_more")))
    if offer_form:
        blocks.append(actions(button(t(lang, "button.open_form"), ids.ACTION_OPEN_FORM, str(pending_id))))
    return Message(text, blocks)


def offer_new_supplier(lang: str, pending_id: int, phrase: str, offer_form: bool) -> Message:
    text = t(lang, "supplier.unknown", name=esc(phrase))
    elements = [
        button(t(lang, "button.create_supplier", name=phrase), ids.ACTION_CREATE_SUPPLIER, str(pending_id), "primary")
    ]
    if offer_form:
        elements.append(button(t(lang, "button.open_form"), ids.ACTION_OPEN_FORM, str(pending_id)))
    elements.append(button(t(lang, "button.cancel"), ids.ACTION_CANCEL_PENDING, str(pending_id)))
    return Message(text, [section(text), actions(*elements), context(t(lang, "supplier.unknown_hint"))])


def supplier_card(lang: str, card: SupplierCard, tz: str) -> Message:
    local = zone(tz)
    blocks = [_card_facts(lang, card, local), *_card_people(lang, card, local)]
    if card.coverage is not None:
        blocks += coverage_blocks(lang, card.coverage)
    if card.promises is not None:
        blocks.append(context(promise_record_line(lang, card.promises)))
    if card.pulse is not None:
        blocks.append(context(card_line(lang, card.pulse, tz)))
    blocks += _card_recent(lang, card, local)
    if card.follow_ups:
        blocks.append(_card_follow_ups(lang, card))
    blocks.append(actions(button(t(lang, "button.trend"), ids.ACTION_TREND, str(card.supplier_id))))
    return Message(t(lang, "card.fallback", name=esc(card.name)), blocks)


def card_facts(lang: str, card: SupplierCard, tz: str) -> dict[str, Any]:
    """The card's first block alone: name, owner, segment, cadence, last touch (a handover starts with it)."""
    return _card_facts(lang, card, zone(tz))


def card_follow_ups(lang: str, card: SupplierCard) -> dict[str, Any]:
    return _card_follow_ups(lang, card)


def card_contacts(lang: str, card: SupplierCard) -> dict[str, Any] | None:
    """The card's line of the supplier's people by name, role and interface (None: it has none yet)."""
    if not card.contacts:
        return None
    names = ", ".join(_person(lang, name, role, card.interfaces.get(name)) for name, role in card.contacts[:20])
    return context(t(lang, "card.contacts", contacts=names) + _more_line(lang, len(card.contacts) - 20))


def _card_facts(lang: str, card: SupplierCard, local: ZoneInfo) -> dict[str, Any]:
    """Name, owner, segment, cadence, last touch ("today", "1 day ago") and aliases."""
    title = f"*{esc(card.name)}*" + (f"  _{t(lang, 'supplier.archived_word')}_" if card.archived else "")
    cadence = (
        t(lang, "card.cadence_days", days=card.cadence_days) if card.cadence_days else t(lang, "card.cadence_none")
    )
    last = (
        t(lang, "card.last_touch", date=_day(lang, card.last_touch_at, local), days=_days_since_touch(card, local))
        if card.last_touch_at
        else t(lang, "card.never_touched")
    )
    facts = [
        t(lang, "card.owner_left" if card.owner_left else "card.owner", owner=card.owner_id),
        t(lang, "card.segment", segment=t(lang, "segment." + card.segment)),
        cadence,
        last,
    ]
    if card.aliases:
        facts.append(t(lang, "card.aliases", aliases=", ".join(esc(a) for a in card.aliases)))
    return section(title + "\n" + "\n".join(facts))


def _days_since_touch(card: SupplierCard, local: ZoneInfo) -> int | None:
    """Calendar days in the reader's zone, so a touch late yesterday is "1 day ago", not "today"."""
    if card.as_of is None or card.last_touch_at is None:
        return card.days_since_touch
    return (card.as_of.astimezone(local).date() - card.last_touch_at.astimezone(local).date()).days


def _card_people(lang: str, card: SupplierCard, local: ZoneInfo) -> list[dict[str, Any]]:
    """Who knows whom on both sides, then their people by name."""
    blocks = []
    if card.ties:
        ties = [_tie_line(lang, tie, local) for tie in card.ties[:10]]
        more = _more_line(lang, len(card.ties) - len(ties))
        blocks.append(section(f"*{t(lang, 'card.ties_title')}*\n" + "\n".join("• " + x for x in ties) + more))
    elif card.contacts:
        blocks.append(section(f"*{t(lang, 'card.ties_title')}*\n{t(lang, 'card.no_ties')}"))
    if card.contacts:
        people = sorted(card.contacts, key=lambda person: person[0] in card.left_contacts)  # who left goes last
        names = ", ".join(
            _person(lang, name, role, card.interfaces.get(name), left=name in card.left_contacts)
            for name, role in people[:20]
        )
        blocks.append(context(t(lang, "card.contacts", contacts=names) + _more_line(lang, len(card.contacts) - 20)))
    return blocks


def _tie_line(lang: str, tie: Tie, local: ZoneInfo) -> str:
    warmth = t(lang, "warmth." + tie.warmth)
    if tie.last_touch_at is None or tie.touches_90d is None:
        return t(lang, "card.tie_private", colleague=tie.colleague_id, contact=esc(tie.contact_name), warmth=warmth)
    return t(
        lang,
        "card.tie",
        colleague=tie.colleague_id,
        contact=esc(tie.contact_name),
        warmth=warmth,
        count=tie.touches_90d,
        date=_day(lang, tie.last_touch_at, local),
    )


def _person(lang: str, name: str, role: str | None, interface: str | None, *, left: bool = False) -> str:
    """`Jan de Vries (account manager · commercial)`: the role as typed, the interface as Covalis reads it; someone
    who left the supplier says so."""
    details = [esc(role)] if role else []
    if interface and interface != "other":
        details.append(t(lang, "interface." + interface))
    if left:
        details.append(t(lang, "contact.left_mark"))
    return esc(name) + (f" ({' · '.join(details)})" if details else "")


def recent_row(lang: str, item: RecentInteraction, local: ZoneInfo) -> str:
    """One logged note as the card and the handover list it: day, kind, who, what, private mark, link."""
    row = t(
        lang,
        "card.recent_row",
        date=_day(lang, item.occurred_at, local),
        kind=t(lang, "kind." + item.kind),
        author=item.logged_by,
        summary=esc(one_line(item.summary, 200)) if item.summary else t(lang, "history.no_text"),
    )
    if item.private:
        row += " " + t(lang, "card.private_mark")
    link = slack_permalink(item.permalink)
    if link:
        row += f" <{link}|{t(lang, 'card.source_link')}>"
    return row


def _card_recent(lang: str, card: SupplierCard, local: ZoneInfo) -> list[dict[str, Any]]:
    """The title, then one line per recent note, each with an Edit button where the reader may edit it."""
    if not card.recent:
        return [section(f"*{t(lang, 'card.recent_title')}*\n{t(lang, 'card.no_recent')}")]
    blocks = [section(f"*{t(lang, 'card.recent_title')}*")]
    for index, item in enumerate(card.recent):
        line = section("• " + recent_row(lang, item, local))
        if item.can_edit:
            line["accessory"] = edit_button(lang, item.id, index)
        blocks.append(line)
    return blocks


def _card_follow_ups(lang: str, card: SupplierCard) -> dict[str, Any]:
    rows = [
        "• "
        + t(
            lang,
            "card.follow_up_row",
            text=esc(one_line(f.text, 200)),
            date=format_date(lang, f.due_date),
            owner=f.owner_id,
        )
        for f in card.follow_ups[:10]
    ]
    more = _more_line(lang, len(card.follow_ups) - len(rows))
    return section(f"*{t(lang, 'card.follow_ups_title')}*\n" + "\n".join(rows) + more)


def _more_line(lang: str, hidden: int) -> str:
    return "\n" + t(lang, "list.more", count=hidden) if hidden > 0 else ""


def _day(lang: str, moment: datetime, where: ZoneInfo) -> str:
    return format_date(lang, moment.astimezone(where).date())


def settings_message(lang: str, current: WorkspaceSettings) -> Message:
    cadences = ", ".join(
        f"{t(lang, 'segment.' + segment)}: "
        + (t(lang, "nudge.cadence_days", days=days) if days else t(lang, "nudge.cadence_off"))
        for segment, days in current.cadences.items()
    )
    language = t(current.language, "language.name") if current.language else t(lang, "settings.language_unset")
    text = t(
        lang,
        "settings.show",
        language=language,
        cadences=cadences,
        hours=f"{hhmm(current.work_start_minute)}–{hhmm(current.work_end_minute)}",
        renudge=t(lang, "settings.renudge_days", days=current.renudge_days),
        interfaces="; ".join(
            f"{t(lang, 'segment.' + segment)}: {interface_names(lang, needed)}"
            for segment, needed in current.needed_interfaces.items()
        ),
    )
    country = current.holiday_country
    text += "\n" + t(lang, "settings.holidays_line", country=country or t(lang, "settings.holidays_none"))
    retention = current.retention_months
    kept = t(lang, "audit.months", count=retention) if retention else t(lang, "settings.retention_forever")
    text += "\n" + t(
        lang, "settings.retention_line", retention=kept, audit=t(lang, "audit.months", count=current.audit_months)
    )
    return Message(text, [section(text), context(t(lang, "settings.hint"))])


def interfaces_set(lang: str, segment: str, needed: tuple[str, ...], *, default: bool) -> Message:
    key = "settings.interfaces_default" if default else "settings.interfaces_set"
    return simple(t(lang, key, segment=t(lang, "segment." + segment), interfaces=interface_names(lang, needed)))


def previous_owner_dm(lang: str, by: str, name: str, owner: str) -> Message:
    """The one line to a supplier's previous owner."""
    text = t(lang, "owner.dm_previous", by=by, name=esc(name), owner=owner)
    return Message(text, [section(text)])


def contact_left(lang: str, departure: Departure) -> Message:
    """Says what was understood — who left, who follows, who has the follow-up by when — with Undo."""
    names = {"contact": esc(departure.contact_name), "supplier": esc(departure.supplier_name)}
    lines = [t(lang, "contact_left.done", **names)]
    if departure.successor_name is not None:
        key = "contact_left.successor_added" if departure.successor_created else "contact_left.successor_known"
        successor = esc(departure.successor_name)
        interface = t(lang, "interface." + departure.successor_interface)
        lines.append(t(lang, key, successor=successor, interface=interface))
        if departure.successor_cadence_days:
            lines.append(t(lang, "contact_left.successor_key", days=departure.successor_cadence_days))
        if departure.follow_up_owner is not None and departure.follow_up_due is not None:
            due = format_date(lang, departure.follow_up_due)
            user = departure.follow_up_owner
            lines.append(t(lang, "contact_left.follow_up", user=user, successor=successor, date=due))
    else:
        lines.append(t(lang, "contact_left.no_successor_hint", **names))
    value = ":".join(str(n) for n in departure.undo_ids)
    text = " ".join(lines)
    return Message(text, [section(text), actions(button(t(lang, "button.undo"), ids.ACTION_UNDO_CONTACT_LEFT, value))])


def contact_left_undone(lang: str, undone: DepartureUndone) -> Message:
    names = {"contact": esc(undone.contact_name), "supplier": esc(undone.supplier_name)}
    if undone.outcome is UndoOutcome.ALREADY:
        return simple(t(lang, "contact_left.undo_already"))
    lines = [t(lang, "contact_left.undone", **names)]
    if undone.successor_removed is not None:
        lines.append(t(lang, "contact_left.undone_successor", successor=esc(undone.successor_removed)))
    if undone.follow_up_removed:
        lines.append(t(lang, "contact_left.undone_follow_up"))
    return simple(" ".join(lines))


PROMISES_SHOWN = 15  # per list: open, kept, missed


def _promise_what(lang: str, promise: PromiseView) -> str:
    """What was promised, or that it came from someone else's private note (whose text stays theirs)."""
    if promise.text is None:
        return t(lang, "promise.private")
    return esc(one_line(promise.text, 120))


def _promise_row(lang: str, promise: PromiseView) -> str:
    row = t(
        lang,
        "promise.row",
        text=_promise_what(lang, promise),
        date=format_date(lang, promise.due_date),
        owner=promise.owner_id,
    )
    return "• " + row + (" " + t(lang, "promise.late_mark") if promise.outcome == "late" else "")


def promise_list(lang: str, listed: PromiseList) -> Message:
    """`/covalis promises <supplier>`: open, kept and missed, each cut with "and N more"."""
    name = esc(listed.supplier_name)
    if not (listed.open or listed.kept or listed.missed):
        return simple(t(lang, "promise.list_empty", supplier=name))
    title = t(lang, "promise.list_title", supplier=name)
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    for key, rows in (("open", listed.open), ("kept", listed.kept), ("missed", listed.missed)):
        if not rows:
            continue
        shown = [_promise_row(lang, p) for p in rows[:PROMISES_SHOWN]]
        more = len(rows) - len(shown)
        text = f"*{t(lang, 'promise.list_' + key)} ({len(rows)})*\n" + "\n".join(shown)
        if more > 0:
            text += "\n" + t(lang, "list.more", count=more)
        blocks.append(section(text))
    return Message(title, blocks)


def promise_record_line(lang: str, record: PromiseRecord) -> str:
    """ "Promises kept 8 of 10 in 90 days (missed: price list, 12 Mar)"."""
    line = t(lang, "promise.record", count=record.decided, kept=record.kept)
    if record.missed:
        shown = [f"{_promise_what(lang, p)}, {format_date(lang, p.due_date)}" for p in record.missed[-3:]]
        more = len(record.missed) - len(shown)
        missed = "; ".join(shown) + (" " + t(lang, "promise.record_more", count=more) if more > 0 else "")
        line += " " + t(lang, "promise.record_missed", missed=missed)
    return line


def retention_change(lang: str, change: RetentionChange) -> Message:
    """The retention period now set; or how many texts a shorter one would empty, with a button to go ahead."""
    if change.months is None:
        return simple(t(lang, "settings.retention_off"))
    if not change.to_empty:
        return simple(t(lang, "settings.retention_set", count=change.months))
    period = t(lang, "audit.months", count=change.months)
    text = t(lang, "settings.retention_confirm", count=change.to_empty, months=period)
    go = button(
        t(lang, "settings.retention_confirm_button"), ids.ACTION_RETENTION_CONFIRM, str(change.months), "danger"
    )
    return Message(
        text,
        [section(text), actions(go), context(t(lang, "settings.retention_confirm_hint", months=change.months))],
    )
