"""Showing one page of a supplier's history, from the command or from a More / Back button."""

from bot.services.history import HISTORY_PAGE
from handlers.blocks.history import history_page
from handlers.context import Request
from handlers.history_query import HistoryQuery


def show_history(request: Request, query: HistoryQuery, *, contact: str | None = None) -> None:
    """`contact` is a name as typed (the command); a button carries the contact's id in the query instead."""
    service = request.services.history
    found = service.history(
        request.actor, query.supplier_id, contact=contact, contact_id=query.contact_id, offset=query.offset
    )
    query = HistoryQuery(query.supplier_id, found.contact_id, query.offset)
    if not found.page.rows and found.page.total > 0 and query.offset > 0:  # pressed after notes went: the last page
        query = query.at((found.page.total - 1) // HISTORY_PAGE * HISTORY_PAGE)
        found = service.history(request.actor, query.supplier_id, contact_id=query.contact_id, offset=query.offset)
    request.reply(history_page(request.lang, found, query, tz=request.tz))
