"""The delivery log's moves, written once for every kind of DM Covalis sends (nudges, handovers): claim a key before
sending, send once, then settle the claim with what Slack said.

A claim is leased: a sender that died is taken over by a later tick once the lease has run out. Settling marks the
row sent (with where it went), failed for good (the recipient can't be reached or the token can't send), or leaves
it to be retried by a later tick.

Every DM carries its key as message metadata (`covalis_delivery`). A claim taken over from a sender whose lease ran
out is the one case where Slack may already have the message: the recipient's DM is read back first
(`conversations.history`, scope `im:history`), so a crash between Slack's ok and our record sends nothing twice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session

from storage import queries
from storage.models import Delivery

METADATA_EVENT = "covalis_delivery"  # the event_type of the metadata every DM carries

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


@dataclass(frozen=True)
class Claim:
    """A delivery this sender now holds. `taken_over`: an earlier sender held it and its lease ran out (it died, or
    Slack failed it) — its message may already be in Slack, so look before sending again."""

    id: int
    key: str
    taken_over: bool
    since: datetime  # when it was first claimed: a message sent for it can't be older


class SentCheck(Protocol):
    """Reads the recipient's DM back for a message carrying the delivery key (Slack has no idempotency key)."""

    def already_sent(self, recipient: str, key: str, since: datetime) -> SendResult | None: ...


def claim(
    session: Session, *, workspace_id: int, key: str, kind: str, recipient: str, now: datetime, lease: timedelta
) -> Claim | None:
    """The claim when this sender now holds `key`; None when someone else sent it or holds a live lease."""
    delivery = queries.claim_delivery(
        session,
        workspace_id=workspace_id,
        key=key,
        kind=kind,
        recipient=recipient,
        now=now,
        lease_until=now + lease,
    )
    if delivery is None or delivery.id is None:
        return None
    return Claim(delivery.id, key, taken_over=delivery.attempts > 1, since=delivery.created_at)


def send_once(check: SentCheck, claim: Claim, recipient: str, send: Callable[[], SendResult]) -> SendResult:
    """Sends — unless the claim was taken over and the recipient's DM already holds a message with its key, in which
    case that message counts as the send (its channel and ts, so later updates of it work)."""
    if claim.taken_over:
        found = check.already_sent(recipient, claim.key, claim.since)
        if found is not None:
            return found
    return send()


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
