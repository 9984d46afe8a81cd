"""What coverage is computed from: a supplier's contacts, cadences, needed interfaces and tie touches, read in a few
queries for one supplier (the card) or many (the digest). The rules themselves are in bot/services/coverage.py."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session

from bot.services import cadence
from bot.services.coverage import (
    WINDOW_DAYS,
    ContactFacts,
    SupplierFacts,
    TieFacts,
    active_days,
    tie_cadence_days,
)
from bot.services.interfaces import workspace_needed
from storage import queries
from storage.models import Workspace


class SupplierLike(cadence.HasCadence, Protocol):
    """A supplier, or a light row of one (queries.SupplierRow): what its facts are read from."""

    @property
    def id(self) -> int | None: ...

    @property
    def name(self) -> str: ...


WINDOW = timedelta(days=WINDOW_DAYS)


def supplier_facts(
    session: Session,
    workspace: Workspace,
    suppliers: Sequence[SupplierLike],
    now: datetime,
    *,
    viewer_id: str,
    only_coverage: bool = False,
    since: datetime | None = None,
) -> list[SupplierFacts]:
    """The facts of each supplier, in the order given. `viewer_id` decides which ties' dates may be shown ("" for a
    channel: only ties formed by team-visible interactions).

    `only_coverage` (the digest) reads only the interactions that can make a tie active now or 90 days ago — those
    within twice the longest tie cadence before then — instead of the whole history; threads, interfaces and flags
    come out the same, but ties cold for longer than that are left out of `ties` and first touches are not exact.
    `since` sets that bound instead (coverage_since: the digest shows a few of many suppliers as it would all).
    """
    assert workspace.id is not None
    ids = [s.id for s in suppliers if s.id is not None]
    contacts = _contacts(session, workspace.id, ids)
    left = queries.departed_colleague_ids(session, workspace_id=workspace.id)
    ties: dict[int, list[TieFacts]] = defaultdict(list)
    if since is None and only_coverage:
        since = coverage_since(workspace, suppliers, contacts, now)
    for row in queries.tie_touches(
        session, workspace_id=workspace.id, supplier_ids=ids, now=now, window=WINDOW, viewer_id=viewer_id, since=since
    ):
        if row.user_id in left:
            continue  # a colleague who left Slack holds no tie any more
        ties[row.supplier_id].append(
            TieFacts(
                contact_id=row.contact_id,
                user_id=row.user_id,
                first_touch=row.first_touch,
                last_touch=row.last_touch,
                touches_90d=row.touches_recent,
                last_touch_was=row.last_touch_before,
                touches_90d_was=row.touches_before,
                visible=row.visible,
                shown_first_touch=row.shown_first_touch,
                shown_last_touch=row.shown_last_touch,
                shown_touches_90d=row.shown_touches_recent,
            )
        )
    recent: dict[int, dict[str, int]] = defaultdict(dict)
    before: dict[int, dict[str, int]] = defaultdict(dict)
    for supplier_id, user_id, now_count, was_count in queries.colleague_touches(
        session, workspace_id=workspace.id, supplier_ids=ids, now=now, window=WINDOW, viewer_id=viewer_id
    ):
        if user_id in left:
            continue
        recent[supplier_id][user_id] = now_count
        before[supplier_id][user_id] = was_count
    cadences = {s.id: cadence.supplier_cadence(workspace, s) for s in suppliers if s.id is not None}
    return _assembled(workspace, suppliers, cadences, contacts, ties, recent, before)


def _assembled(
    workspace: Workspace,
    suppliers: Sequence[SupplierLike],
    cadences: dict[int, int | None],
    contacts: dict[int, list[ContactFacts]],
    ties: dict[int, list[TieFacts]],
    recent: dict[int, dict[str, int]],
    before: dict[int, dict[str, int]],
) -> list[SupplierFacts]:
    """Each supplier's facts from what was read for all of them; a removed contact's ties left out."""
    needed = {segment: workspace_needed(workspace, segment) for segment in {s.segment for s in suppliers}}
    facts = []
    for supplier in suppliers:
        assert supplier.id is not None
        current = {c.id for c in contacts[supplier.id]}
        facts.append(
            SupplierFacts(
                supplier_id=supplier.id,
                name=supplier.name,
                segment=supplier.segment,
                cadence_days=cadences[supplier.id],
                needed_interfaces=needed[supplier.segment],
                contacts=tuple(contacts[supplier.id]),
                ties=tuple(t for t in ties[supplier.id] if t.contact_id in current),
                colleague_touches_90d=recent[supplier.id],
                colleague_touches_90d_was=before.get(supplier.id, {}),
            )
        )
    return facts


def facts_now(
    session: Session, workspace: Workspace, suppliers: Sequence[SupplierLike], now: datetime
) -> tuple[list[SupplierFacts], datetime]:
    """The facts of each supplier as far as its coverage *now* goes (enough for coverage.thin_order), and the bound
    supplier_facts(only_coverage=True) would use for all of them.

    Each tie comes with its last touch only, and only when it falls within the longest time a tie of that supplier
    stays active; colleague touches only where two or more colleagues hold such ties ("rests on one" needs them only
    then). These read indexes and a fraction of the history: the digest ranks thousands of suppliers with them.
    """
    assert workspace.id is not None
    ids = [s.id for s in suppliers if s.id is not None]
    contacts = _contacts(session, workspace.id, ids)
    left = queries.departed_colleague_ids(session, workspace_id=workspace.id)
    by_window: dict[int, list[int]] = defaultdict(list)
    supplier_cadences: dict[int, int | None] = {}
    longest = 0
    for supplier in suppliers:
        assert supplier.id is not None
        supplier_days = supplier_cadences[supplier.id] = cadence.supplier_cadence(workspace, supplier)
        cadences = [tie_cadence_days(None, supplier_days)]
        cadences += [tie_cadence_days(contact, supplier_days) for contact in contacts[supplier.id]]
        by_window[max(active_days(d) for d in cadences)].append(supplier.id)
        longest = max(longest, *cadences)
    ties: dict[int, list[TieFacts]] = defaultdict(list)
    for window, window_ids in by_window.items():
        for supplier_id, contact_id, user_id, last in queries.last_tie_touches(
            session, workspace_id=workspace.id, supplier_ids=window_ids, now=now, since=now - timedelta(days=window)
        ):
            if user_id not in left:
                ties[supplier_id].append(TieFacts(contact_id, user_id, last, last, 0, None, 0))
    several = [sid for sid, found in ties.items() if len({t.user_id for t in found}) > 1]
    recent: dict[int, dict[str, int]] = defaultdict(dict)
    for supplier_id, user_id, now_count, _was in queries.colleague_touches(
        session, workspace_id=workspace.id, supplier_ids=several, now=now, window=WINDOW, viewer_id=""
    ):
        if user_id not in left:
            recent[supplier_id][user_id] = now_count
    facts = _assembled(workspace, suppliers, supplier_cadences, contacts, ties, recent, {})
    return facts, now - WINDOW - 2 * timedelta(days=longest)  # as coverage_since, from the cadences above


def coverage_since(
    workspace: Workspace, suppliers: Sequence[SupplierLike], contacts: dict[int, list[ContactFacts]], now: datetime
) -> datetime:
    """The oldest interaction that can make a tie of these suppliers active now or 90 days ago."""
    return now - WINDOW - 2 * _longest_tie_cadence(workspace, suppliers, contacts)


def _contacts(session: Session, workspace_id: int, supplier_ids: Sequence[int]) -> dict[int, list[ContactFacts]]:
    contacts: dict[int, list[ContactFacts]] = defaultdict(list)
    rows = queries.contact_rows_of_suppliers(session, workspace_id=workspace_id, supplier_ids=supplier_ids)
    for contact_id, supplier_id, name, interface, cadence_days, role, left in rows:
        contacts[supplier_id].append(ContactFacts(contact_id, name, interface, cadence_days or None, role, left=left))
    return contacts


def _longest_tie_cadence(
    workspace: Workspace, suppliers: Sequence[SupplierLike], contacts: dict[int, list[ContactFacts]]
) -> timedelta:
    """The longest cadence any tie of these suppliers is measured against (see coverage.tie_cadence_days)."""
    longest = 0
    for supplier in suppliers:
        assert supplier.id is not None
        supplier_days = cadence.supplier_cadence(workspace, supplier)
        longest = max(longest, tie_cadence_days(None, supplier_days))
        for contact in contacts[supplier.id]:
            longest = max(longest, tie_cadence_days(contact, supplier_days))
    return timedelta(days=longest)
