"""The lists people page through: `supplier list`, `quiet`, `followups` — one page of 40 rows, never a row cut in
half, and Back / More buttons that carry which list and where, instead of a dead "…and 20 more"."""

from collections.abc import Callable
from datetime import date
from typing import Any

from bot.clock import zone
from bot.i18n import format_date, t
from bot.services.paging import Page
from bot.services.relationships import FollowUpRow, QuietRow
from bot.services.suppliers import SupplierRef
from bot.text import one_line
from handlers import ids
from handlers.blocks import SECTION_MAX, Message, actions, button, context, esc, section
from handlers.list_query import ListQuery


def row_sections(rows: list[str]) -> list[dict[str, Any]]:
    """Rows in as many sections as they need, each within Slack's 3,000 characters and none split."""
    sections: list[dict[str, Any]] = []
    chunk: list[str] = []
    size = 0
    for row in rows:
        if chunk and size + len(row) + 1 > SECTION_MAX:
            sections.append(section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(row)
        size += len(row) + 1
    if chunk:
        sections.append(section("\n".join(chunk)))
    return sections


def page_footer(
    lang: str, page: Page[Any], value_at: Callable[[int], str], *, back: str, more: str
) -> list[dict[str, Any]]:
    """ "41–80 of 120" and the Back / More buttons (action ids `back`, `more`) whose values, from `value_at`, name
    the pages around this one; nothing when everything is shown. Lists, search and history all page this way."""
    if page.offset == 0 and page.next_offset is None:
        return []
    buttons = []
    if page.previous_offset is not None:
        buttons.append(button(t(lang, "list.back"), back, value_at(page.previous_offset)))
    if page.next_offset is not None:
        buttons.append(button(t(lang, "list.more_button"), more, value_at(page.next_offset), "primary"))
    footer = [context(t(lang, "list.showing", first=page.first, last=page.last, count=page.total))]
    return [*footer, actions(*buttons)] if buttons else footer


def _list_footer(lang: str, page: Page[Any], query: ListQuery) -> list[dict[str, Any]]:
    return page_footer(
        lang, page, lambda offset: query.at(offset).encode(), back=ids.ACTION_LIST_BACK, more=ids.ACTION_LIST_MORE
    )


def _filters(lang: str, query: ListQuery) -> str:
    parts = []
    if query.segment:
        parts.append(t(lang, "segment." + query.segment))
    if query.owner_id:
        parts.append(t(lang, "supplier.list_owned_by", owner=query.owner_id))
    if query.everyone:
        parts.append(t(lang, "supplier.list_with_archived"))
    return ", ".join(parts)


def supplier_list(lang: str, page: Page[SupplierRef], query: ListQuery, *, viewer_id: str = "") -> Message:
    filters = _filters(lang, query)
    if not page.rows:
        if page.total == 0 and not filters:
            return _plain(t(lang, "supplier.list_empty"))
        if query.owner_id == viewer_id and not query.segment:  # `supplier mine`, and they own none
            return _plain(t(lang, "home.no_relationships"))
        return _plain(t(lang, "supplier.list_none_match", filters=filters))
    rows = []
    for s in page.rows:
        row = t(lang, "supplier.list_row", name=esc(s.name), segment=t(lang, "segment." + s.segment), owner=s.owner_id)
        if s.archived:
            row += " " + t(lang, "supplier.archived_mark")
        rows.append("• " + row)
    title = t(lang, "supplier.list_title", count=page.total)
    head = [section(f"*{title}*")] + ([context(filters)] if filters else [])
    return Message(title, head + row_sections(rows) + _list_footer(lang, page, query))


def quiet_list(lang: str, page: Page[QuietRow], query: ListQuery, *, tz: str) -> Message:
    """`/covalis quiet [all]`: the same relationships a nudge names, most overdue first."""
    everyone = query.everyone
    if not page.rows:
        return _plain(t(lang, "quiet.none_team" if everyone else "quiet.none"))
    local = zone(tz)
    lines = []
    for row in page.rows:
        who = (
            t(lang, "quiet.contact_at", contact=esc(row.contact_name), supplier=esc(row.supplier_name))
            if row.contact_name
            else f"*{esc(row.supplier_name)}*"
        )
        last = (
            format_date(lang, row.last_touch_at.astimezone(local).date())
            if row.last_touch_at
            else t(lang, "nudge.never")
        )
        line = t(lang, "quiet.row", who=who, days=row.days_overdue, last=last)
        if everyone and row.holder_id and row.holder_id != row.owner_id:
            line += " — " + t(lang, "quiet.holder_owner", holder=row.holder_id, owner=row.owner_id)
        elif everyone:
            line += f" — <@{row.owner_id}>"
        if row.snoozed_until is not None:
            line += " " + t(lang, "quiet.snoozed", date=format_date(lang, row.snoozed_until.astimezone(local).date()))
        lines.append("• " + line)
    title = t(lang, "quiet.title_team" if everyone else "quiet.title", count=page.total)
    return Message(title, [section(f"*{title}*"), *row_sections(lines), *_list_footer(lang, page, query)])


def follow_up_list(lang: str, page: Page[FollowUpRow], query: ListQuery, today: date) -> Message:
    """`/covalis followups [all]`: open follow-ups, each with a Done button for whoever may close it."""
    everyone = query.everyone
    if not page.rows:
        return _plain(t(lang, "followups.none_team" if everyone else "followups.none"))
    title = t(lang, "followups.title_team" if everyone else "followups.title", count=page.total)
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    here = query.encode()
    for row in page.rows:
        late = t(lang, "nudge.overdue", days=(today - row.due_date).days) if row.due_date < today else ""
        text = t(
            lang,
            "followups.row",
            supplier=esc(row.supplier_name),
            text=esc(one_line(row.text, 300)),
            due=format_date(lang, row.due_date),
        )
        if row.promise:
            text += " " + t(lang, "followups.promise_mark")
        if everyone:
            text += f" — <@{row.owner_id}>"
        block: dict[str, Any] = {
            "type": "section",
            "text": {"type": "mrkdwn", "text": text + (f" — _{late}_" if late else "")},
        }
        if row.can_close:  # the list comes back on this page after Done
            value = f"{row.id};{here}"
            block["accessory"] = button(t(lang, "button.done"), f"{ids.ACTION_FOLLOW_UP_DONE}:{row.id}", value)
        blocks.append(block)
    return Message(title, blocks + _list_footer(lang, page, query))


def _plain(text: str) -> Message:
    return Message(text, [section(text)])
