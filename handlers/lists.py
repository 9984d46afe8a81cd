"""Showing one page of a list, from a command or from a More / Back / Done button: the same query, the same page."""

from typing import Any

from bot.services.paging import PAGE_SIZE, Page
from handlers.blocks import lists
from handlers.blocks.messages import Message
from handlers.context import Request
from handlers.list_query import ListQuery
from handlers.views import today_for


def show_list(request: Request, query: ListQuery) -> None:
    message = _page(request, query)
    request.reply(message)


def _page(request: Request, query: ListQuery) -> Message:
    services, actor = request.services, request.actor
    if query.kind == "suppliers":
        suppliers = services.suppliers.page(
            actor,
            include_archived=query.everyone,
            segment=query.segment,
            owner_id=query.owner_id,
            offset=query.offset,
        )
        if _beyond_the_end(suppliers, query):
            return _page(request, _last_page(query, suppliers.total))
        return lists.supplier_list(request.lang, suppliers, query, viewer_id=actor.user_id)
    if query.kind == "quiet":
        quiet = services.relationships.quiet(actor, everyone=query.everyone, offset=query.offset)
        if _beyond_the_end(quiet, query):
            return _page(request, _last_page(query, quiet.total))
        return lists.quiet_list(request.lang, quiet, query, tz=request.tz)
    follow_ups = services.relationships.follow_ups(actor, everyone=query.everyone, offset=query.offset)
    if _beyond_the_end(follow_ups, query):
        return _page(request, _last_page(query, follow_ups.total))
    return lists.follow_up_list(request.lang, follow_ups, query, today_for(services, request.tz))


def _beyond_the_end(page: Page[Any], query: ListQuery) -> bool:
    """A page pressed after the list got shorter (follow-ups done, suppliers archived): its last page instead."""
    return not page.rows and page.total > 0 and query.offset > 0


def _last_page(query: ListQuery, total: int) -> ListQuery:
    return query.at((total - 1) // PAGE_SIZE * PAGE_SIZE)
