"""Showing one page of search results, from the command or from a More / Back button: the same search, the same page."""

from bot.services.search import SEARCH_PAGE
from handlers.blocks.search import search_results
from handlers.context import Request
from handlers.search_query import SearchQuery


def show_search(request: Request, query: SearchQuery) -> None:
    search = request.services.search
    page = search.search(
        request.actor, query.words, lang=request.lang, supplier_id=query.supplier_id, offset=query.offset
    )
    if not page.rows and page.total > 0 and query.offset > 0:  # pressed after results went away: the last page
        query = query.at((page.total - 1) // SEARCH_PAGE * SEARCH_PAGE)
        page = search.search(
            request.actor, query.words, lang=request.lang, supplier_id=query.supplier_id, offset=query.offset
        )
    request.reply(search_results(request.lang, page, query, tz=request.tz))
