"""Showing one page of the audit log, from the command or from a More / Back button."""

from bot.services.audit import AUDIT_PAGE
from handlers.audit_query import AuditQuery
from handlers.blocks.audit import audit_page
from handlers.context import Request


def show_audit(request: Request, query: AuditQuery) -> None:
    service = request.services.audit
    found = service.page(request.actor, supplier_id=query.supplier_id, offset=query.offset)
    if not found.page.rows and found.page.total > 0 and query.offset > 0:  # pressed after entries went: the last page
        query = query.at((found.page.total - 1) // AUDIT_PAGE * AUDIT_PAGE)
        found = service.page(request.actor, supplier_id=query.supplier_id, offset=query.offset)
    request.reply(audit_page(request.lang, found, query, tz=request.tz))
