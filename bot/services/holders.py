"""Who holds the relationship with a contact: the colleague a quiet key contact's nudge goes to.

The holder is, among colleagues still in Slack, the one with the most touches with the contact in the last 180
days, then the latest touch, then the lowest user id; a holder fixed by hand (`contact holder`) wins while they are
in Slack. Nobody qualifies: the supplier's owner stands in."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from storage import queries

HOLDER_WINDOW = timedelta(days=180)


@dataclass(frozen=True)
class Holder:
    user_id: str
    holds_tie: bool  # False: nobody on our side qualifies, the owner stands in
    fixed: bool = False  # set by hand with `contact holder`


@dataclass(frozen=True)
class HolderQuestion:
    """What is needed to decide one contact's holder."""

    contact_id: int
    fixed_holder: str | None
    owner_id: str


def choose_holder(
    touches: Iterable[tuple[str, int, datetime]], *, fixed: str | None, owner: str, unable: set[str]
) -> Holder:
    """The rule itself, over (user id, touches in the window, latest touch) of one contact."""
    if fixed and fixed not in unable:
        return Holder(fixed, holds_tie=True, fixed=True)
    candidates = [(user, count, last) for user, count, last in touches if user not in unable and count > 0]
    if not candidates:
        return Holder(owner, holds_tie=False)
    user, _, _ = min(candidates, key=lambda c: (-c[1], -c[2].timestamp(), c[0]))
    return Holder(user, holds_tie=True)


def holders_of(
    session: Session, *, workspace_id: int, questions: Sequence[HolderQuestion], now: datetime
) -> dict[int, Holder]:
    """Each contact's holder, read in two queries however many contacts are asked about."""
    if not questions:
        return {}
    touches: dict[int, list[tuple[str, int, datetime]]] = defaultdict(list)
    for contact_id, user_id, count, last in queries.contact_touches(
        session, workspace_id=workspace_id, contact_ids=[q.contact_id for q in questions], since=now - HOLDER_WINDOW
    ):
        touches[contact_id].append((user_id, count, last))
    unable = queries.unable_to_hold(session, workspace_id=workspace_id)
    return {
        q.contact_id: choose_holder(touches[q.contact_id], fixed=q.fixed_holder, owner=q.owner_id, unable=unable)
        for q in questions
    }
