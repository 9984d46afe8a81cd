"""Keeping a sent nudge DM in step with what its recipient did."""

from slack_sdk import WebClient

from bot.container import Services
from handlers.delivery import SlackDelivery


def redraw_nudge_item(
    services: Services,
    client: WebClient,
    team_id: str,
    delivery_id: int,
    kind: str,
    item_id: int,
    state: str,
    detail: str | None,
) -> None:
    """Records what the recipient did with one item (logged, snoozed, cadence changed, done) and redraws the nudge DM
    so that item shows it instead of its buttons."""
    nudge = services.nudges.mark_item(team_id, delivery_id, kind, item_id, state, detail)
    loaded = services.nudges.load(team_id, delivery_id)
    if nudge is None or loaded is None or not loaded[1] or not loaded[2]:
        return
    SlackDelivery(client).update_nudge(nudge, delivery_id, loaded[1], loaded[2])
