"""Weekly digest subscriptions: which channel gets which digest, and the ones due to be sent."""

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import Delivery, DigestSubscription, Workspace


def active_subscription(
    session: Session, *, workspace_id: int, channel_id: str, segment: str | None, owner_filter: str | None
) -> DigestSubscription | None:
    """The channel's active digest with exactly this filter (no segment / no owner match only None)."""
    return session.exec(
        select(DigestSubscription).where(
            DigestSubscription.workspace_id == workspace_id,
            DigestSubscription.channel_id == channel_id,
            col(DigestSubscription.active).is_(True),
            DigestSubscription.segment == segment if segment else col(DigestSubscription.segment).is_(None),
            DigestSubscription.owner_filter == owner_filter
            if owner_filter
            else col(DigestSubscription.owner_filter).is_(None),
        )
    ).first()


def active_subscriptions(session: Session, *, workspace_id: int) -> list[DigestSubscription]:
    return list(
        session.exec(
            select(DigestSubscription)
            .where(DigestSubscription.workspace_id == workspace_id, col(DigestSubscription.active).is_(True))
            .order_by(col(DigestSubscription.id))
        ).all()
    )


def unseen_subscription_errors(session: Session, *, workspace_id: int, created_by: str) -> list[DigestSubscription]:
    """Active subscriptions of this creator whose last post failed and who was not told yet."""
    return list(
        session.exec(
            select(DigestSubscription).where(
                DigestSubscription.workspace_id == workspace_id,
                DigestSubscription.created_by == created_by,
                col(DigestSubscription.error).is_not(None),
                col(DigestSubscription.error_seen).is_(False),
                col(DigestSubscription.active).is_(True),
            )
        ).all()
    )


def forget_failed_digest_posts(session: Session, *, workspace_id: int, subscription_id: int) -> None:
    """Drops the subscription's failed delivery claims, so the week they were for may be posted again."""
    session.execute(
        delete(Delivery).where(
            col(Delivery.workspace_id) == workspace_id,
            col(Delivery.key).startswith(f"digest:{subscription_id}:"),
            col(Delivery.status) == "failed",
        )
    )


def sendable_subscriptions(session: Session) -> list[tuple[DigestSubscription, Workspace]]:
    """Every active subscription without a recorded error, with its workspace, across workspaces (for the tick)."""
    return [
        (sub, workspace)
        for sub, workspace in session.exec(
            select(DigestSubscription, Workspace)
            .join(Workspace, col(Workspace.id) == col(DigestSubscription.workspace_id))
            .where(col(DigestSubscription.active).is_(True), col(DigestSubscription.error).is_(None))
            .order_by(col(DigestSubscription.id))
        ).all()
    ]


def digest_weeks_done(session: Session, *, workspace_id: int, subscription_id: int) -> set[str]:
    """The ISO weeks (`2026-W49`) whose digest of this subscription was posted, or failed for good."""
    prefix = f"digest:{subscription_id}:"
    keys = session.exec(
        select(Delivery.key).where(
            Delivery.workspace_id == workspace_id,
            Delivery.kind == "digest",
            col(Delivery.key).startswith(prefix),
            col(Delivery.status).in_(("sent", "failed")),
        )
    ).all()
    return {key.removeprefix(prefix) for key in keys}
