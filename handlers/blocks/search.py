"""`/covalis search`: ten hits a page, each with supplier, date, who, a snippet with the matched words in bold and
the Slack message it came from; More / Back carry the search."""

from typing import Any

from bot.clock import zone
from bot.i18n import format_date, t
from bot.services.paging import Page
from bot.services.search import SearchResult, SearchResults
from handlers import ids
from handlers.blocks import Message, context, esc, section
from handlers.blocks.lists import page_footer
from handlers.blocks.messages import edit_button
from handlers.search_query import SearchQuery
from handlers.untrusted import slack_permalink


def bolded(pieces: tuple[tuple[str, bool], ...]) -> str:
    """The snippet as mrkdwn: every piece escaped, matched words in bold, nothing the user typed left live."""
    return "".join(f"*{esc(text)}*" if matched else esc(text) for text, matched in pieces)


def hit_text(lang: str, hit: SearchResult, tz: str) -> str:
    day = format_date(lang, hit.occurred_at.astimezone(zone(tz)).date())
    head = t(lang, "search.hit_head", supplier=esc(hit.supplier_name), date=day, author=hit.author_id)
    if hit.contacts:
        head += " " + t(lang, "search.hit_with", contacts=esc(", ".join(hit.contacts)))
    if hit.follow_up_id is not None:
        head += " " + t(lang, "search.follow_up_mark")
    if hit.private:
        head += " " + t(lang, "search.private_mark")
    line = f"{head}\n{bolded(hit.snippet)}"
    link = slack_permalink(hit.permalink)
    if link:
        line += f"\n<{link}|{t(lang, 'search.open_message')}>"
    return line


def search_results(lang: str, page: SearchResults, query: SearchQuery, *, tz: str) -> Message:
    if not page.rows:
        text = t(lang, "search.none", words=esc(query.words))
        return Message(text, [section(text)])
    title = t(lang, "search.title", count=page.total, words=esc(query.words))
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    if page.more:
        title = t(lang, "search.title_more", count=page.total, words=esc(query.words))  # total: the ranked
        blocks = [section(f"*{title}*"), context(t(lang, "search.narrow_down"))]
    for index, hit in enumerate(page.rows):
        line = section(hit_text(lang, hit, tz))
        if hit.can_edit and hit.interaction_id is not None:
            line["accessory"] = edit_button(lang, hit.interaction_id, index)
        blocks.append(line)
    return Message(title, blocks + _footer(lang, page, query))


def _footer(lang: str, page: Page[SearchResult], query: SearchQuery) -> list[dict[str, Any]]:
    return page_footer(
        lang, page, lambda offset: query.at(offset).encode(), back=ids.ACTION_SEARCH_BACK, more=ids.ACTION_SEARCH_MORE
    )
