"""The nudge DM: one message a day with the recipient's quiet relationships and due follow-ups, with buttons."""

from datetime import date
from typing import Any

from bot.i18n import format_date, t
from bot.services.interfaces import OTHER
from bot.services.nudges import LeaverNotice, Nudge, NudgeItem
from handlers import ids
from handlers.blocks import Message, actions, button, context, esc, option, plain, section
from handlers.blocks.pulse import rate_buttons
from handlers.untrusted import read_id

CADENCE_CHOICES = ("7", "14", "30", "60", "90", "off")


def item_block_id(delivery_id: int, item: NudgeItem) -> str:
    return f"{ids.NUDGE_BLOCK_PREFIX}{delivery_id}:{item.kind}:{item.id}"


def parse_item_block_id(block_id: str) -> tuple[int, str, int] | None:
    if not block_id.startswith(ids.NUDGE_BLOCK_PREFIX):
        return None
    parts = block_id[len(ids.NUDGE_BLOCK_PREFIX) :].split(":")
    if len(parts) != 3 or (delivery_id := read_id(parts[0])) is None or (item_id := read_id(parts[2])) is None:
        return None
    return delivery_id, parts[1], item_id


def _day(lang: str, iso: str | None) -> str:
    return format_date(lang, date.fromisoformat(iso)) if iso else t(lang, "nudge.never")


def _line(lang: str, item: NudgeItem) -> str:
    supplier = esc(item.supplier_name)
    if item.kind == "supplier":
        return t(lang, "nudge.supplier", supplier=supplier, days=item.days_overdue, last=_day(lang, item.last_touch))
    if item.kind == "contact" and item.tie:
        return _tie_line(lang, item)
    if item.kind == "contact":
        return t(
            lang,
            "nudge.contact",
            contact=esc(item.contact_name or ""),
            supplier=supplier,
            days=item.days_overdue,
            last=_day(lang, item.last_touch),
        )
    overdue = t(lang, "nudge.overdue", days=item.days_overdue)
    if item.promise:
        key = "nudge.promise_missed" if item.promise == "missed" else "nudge.promise"
        return t(
            lang, key, supplier=supplier, text=esc(item.text or ""), due=_day(lang, item.due_date), overdue=overdue
        )
    return t(
        lang,
        "nudge.follow_up",
        supplier=supplier,
        text=esc(item.text or ""),
        due=_day(lang, item.due_date),
        overdue=overdue,
    )


def _tie_line(lang: str, item: NudgeItem) -> str:
    """A key contact whose tie the recipient holds, or nobody does yet."""
    where = esc(item.supplier_name)
    if item.interface and item.interface != OTHER:  # "(Acme, other)" would say nothing
        where += ", " + t(lang, "interface." + item.interface)
    contact, cadence = esc(item.contact_name or ""), item.cadence_days or 0
    if item.tie == "none":
        return t(lang, "nudge.contact_no_tie", contact=contact, where=where, cadence=cadence)
    return t(lang, "nudge.contact_tie", contact=contact, where=where, days=item.days_quiet or 0, cadence=cadence)


def _notice_line(lang: str, notice: LeaverNotice) -> str:
    """A colleague who left Slack was our only active tie to one of the recipient's supplier's contacts."""
    params = {"leaver": notice.leaver_id, "contact": esc(notice.contact_name), "supplier": esc(notice.supplier_name)}
    if notice.pick_up:
        return t(lang, "nudge.leaver_line", colleague=notice.pick_up, **params)
    return t(lang, "nudge.leaver_line_nobody", **params)


def _done_line(lang: str, item: NudgeItem) -> str:
    return t(lang, "nudge.state." + item.state, detail=esc(item.detail or ""))


def _snooze_elements(lang: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "overflow",
            "action_id": ids.ACTION_NUDGE_SNOOZE,
            "options": [option(t(lang, "nudge.snooze_week"), "week"), option(t(lang, "nudge.snooze_month"), "month")],
        },
        {
            "type": "datepicker",
            "action_id": ids.ACTION_NUDGE_SNOOZE_UNTIL,
            "placeholder": plain(t(lang, "nudge.snooze_until")),
        },
    ]


def _buttons(lang: str, delivery_id: int, item: NudgeItem) -> dict[str, Any]:
    elements: list[dict[str, Any]]
    if item.kind == "follow_up" and item.promise == "missed":  # told once: kept after all is kept late
        return actions(
            button(t(lang, "button.kept_late"), ids.ACTION_NUDGE_KEPT, "kept"),
            block_id=item_block_id(delivery_id, item),
        )
    if item.kind == "follow_up" and item.promise:
        elements = [
            button(t(lang, "button.kept"), ids.ACTION_NUDGE_KEPT, "kept", "primary"),
            button(t(lang, "button.missed"), ids.ACTION_NUDGE_MISSED, "missed", "danger"),
        ]
    elif item.kind == "follow_up":
        elements = [button(t(lang, "button.done"), ids.ACTION_NUDGE_DONE, "done", "primary")]
    else:
        elements = [button(t(lang, "button.log_interaction"), ids.ACTION_NUDGE_LOG, "log", "primary")]
    elements += _snooze_elements(lang)
    if item.kind == "supplier":
        elements.append(
            {
                "type": "static_select",
                "action_id": ids.ACTION_NUDGE_CADENCE,
                "placeholder": plain(t(lang, "nudge.change_cadence")),
                "options": [
                    option(t(lang, "nudge.cadence_off") if c == "off" else t(lang, "nudge.cadence_days", days=c), c)
                    for c in CADENCE_CHOICES
                ],
            }
        )
    return actions(*elements, block_id=item_block_id(delivery_id, item))


def greeting(lang: str, local_hour: int | None) -> str:
    """ "Good morning" only in the recipient's morning; "Hello" for a nudge whose hour was never recorded."""
    if local_hour is None:
        return t(lang, "nudge.greeting.none")
    if local_hour < 12:
        return t(lang, "nudge.greeting.morning")
    return t(lang, "nudge.greeting.afternoon" if local_hour < 18 else "nudge.greeting.evening")


def nudge_message(nudge: Nudge, delivery_id: int) -> Message:
    lang = nudge.language
    open_count = sum(1 for i in nudge.items if i.state == "open")
    title = t(lang, "nudge.title", greeting=greeting(lang, nudge.local_hour), count=len(nudge.items) + nudge.hidden)
    if not nudge.items and nudge.rates:  # only the quarter's Rate buttons today
        title = t(lang, "pulse.rate_title", greeting=greeting(lang, nudge.local_hour))
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    for item in nudge.items:
        blocks.append(section(_line(lang, item)))
        if item.state == "open":
            blocks.append(_buttons(lang, delivery_id, item))
        else:
            blocks.append(context(_done_line(lang, item)))
    if nudge.notices:
        blocks.append(section("\n".join("• " + _notice_line(lang, notice) for notice in nudge.notices[:10])))
    if nudge.hidden > 0:
        blocks.append(context(t(lang, "nudge.more", count=nudge.hidden)))
    if nudge.rates:
        blocks += rate_buttons(lang, nudge.rates, intro=bool(nudge.items))
    blocks.append(context(t(lang, "nudge.footer")))
    text = t(lang, "nudge.fallback", count=open_count) if nudge.items or not nudge.rates else title
    return Message(text, blocks)
