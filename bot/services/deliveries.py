"""The delivery log's two moves, written once for every kind of DM Covalis sends (nudges, handovers): claim a key
before sending, then settle the claim with what Slack said.

A claim is leased: a sender that died is taken over by a later tick once the lease has run out. Settling marks the
row sent (with where it went), failed for good (the recipient can't be reached or the token can't send), or leaves
it to be retried by a later tick.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from storage import queries
from storage.models import Delivery

# Not retried the same day: the recipient can't be reached, or the token can't send (retried tomorrow).
PERMANENT_ERRORS = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "cannot_dm_bot",
        "user_disabled",
        "channel_not_found",
        "is_archived",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
    }
)


@dataclass(frozen=True)
class SendResult:
    ok: bool
    channel: str | None = None
    ts: str | None = None
    error: str | None = None


def claim(
    session: Session, *, workspace_id: int, key: str, kind: str, recipient: str, now: datetime, lease: timedelta
) -> int | None:
    """The delivery's id when this sender now holds `key`; None when someone else sent it or holds a live lease."""
    delivery = queries.claim_delivery(
        session,
        workspace_id=workspace_id,
        key=key,
        kind=kind,
        recipient=recipient,
        now=now,
        lease_until=now + lease,
    )
    return delivery.id if delivery is not None else None


def settle(delivery: Delivery, result: SendResult, now: datetime, *, language: str | None = None) -> str:
    """Records what Slack said on the claimed row: "sent", "failed" (for good) or "retry" (a later tick)."""
    if result.ok:
        delivery.status, delivery.sent_at, delivery.lease_until = "sent", now, None
        delivery.channel_id, delivery.message_ts = result.channel, result.ts
        if language is not None:
            delivery.language = language
        return "sent"
    if result.error in PERMANENT_ERRORS:
        delivery.status, delivery.error, delivery.lease_until = "failed", result.error, None
        return "failed"
    delivery.error, delivery.lease_until = result.error, now
    return "retry"
