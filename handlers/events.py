"""Events: the App Home tab. Slack retries events; the first copy of an event id wins."""

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from handlers.blocks.views import home_view
from handlers.context import actor_from_body

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)


def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient, services: Services) -> None:
    if event.get("tab") not in (None, "home"):
        return
    event_id = body.get("event_id")
    if event_id and not services.people.claim_event(event_id):
        return
    actor = actor_from_body({"team_id": body.get("team_id"), "user_id": event.get("user")})
    try:
        client.views_publish(user_id=actor.user_id, view=home_view(services.people.language_for(actor)))
    except SlackApiError as exc:
        logger.warning("views.publish failed: %s", exc.response.get("error"))
