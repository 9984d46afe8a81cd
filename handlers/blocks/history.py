"""`/covalis history`: a supplier's notes newest first, ten a page, each with its Edit button where the reader may
edit it; More / Back carry the supplier and contact."""

from typing import Any

from bot.clock import zone
from bot.i18n import format_date, t
from bot.services.history import History
from bot.services.relationships import RecentInteraction
from bot.text import one_line
from handlers import ids
from handlers.blocks import Message, esc, section
from handlers.blocks.lists import page_footer
from handlers.blocks.messages import edit_button
from handlers.history_query import HistoryQuery
from handlers.untrusted import slack_permalink


def entry_text(lang: str, entry: RecentInteraction, tz: str) -> str:
    day = format_date(lang, entry.occurred_at.astimezone(zone(tz)).date())
    head = t(lang, "history.row", date=day, kind=t(lang, "kind." + entry.kind), author=entry.logged_by)
    if entry.contacts:
        head += " " + t(lang, "history.with", contacts=esc(", ".join(entry.contacts)))
    if entry.private:
        head += " " + t(lang, "card.private_mark")
    shown = esc(one_line(entry.summary, 400)) if entry.summary else t(lang, "history.no_text")
    line = f"{head}\n{shown}"
    link = slack_permalink(entry.permalink)
    if link:
        line += f" <{link}|{t(lang, 'card.source_link')}>"
    return line


def history_page(lang: str, history: History, query: HistoryQuery, *, tz: str) -> Message:
    names = {"supplier": esc(history.supplier_name), "contact": esc(history.contact_name or "")}
    about = "contact" if history.contact_name is not None else "supplier"
    page = history.page
    if not page.rows:
        text = t(lang, f"history.none_{about}", **names)
        return Message(text, [section(text)])
    title = t(lang, f"history.title_{about}", count=page.total, **names)
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    for index, entry in enumerate(page.rows):
        line = section(entry_text(lang, entry, tz))
        if entry.can_edit:
            line["accessory"] = edit_button(lang, entry.id, index)
        blocks.append(line)
    return Message(title, blocks + _footer(lang, history, query))


def _footer(lang: str, history: History, query: HistoryQuery) -> list[dict[str, Any]]:
    return page_footer(
        lang,
        history.page,
        lambda offset: query.at(offset).encode(),
        back=ids.ACTION_HISTORY_BACK,
        more=ids.ACTION_HISTORY_MORE,
    )
