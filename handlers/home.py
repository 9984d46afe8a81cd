"""Publishing the App Home tab: on app_home_opened and after the user logs something."""

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.services.workspaces import Actor
from handlers.blocks.views import home_view

logger = logging.getLogger(__name__)


def publish_home(services: Services, client: WebClient, actor: Actor) -> None:
    data = services.relationships.home(actor)
    view = home_view(services.people.language_for(actor), data, services.people.timezone_for(actor))
    try:
        client.views_publish(user_id=actor.user_id, view=view)
    except SlackApiError as exc:
        logger.warning("views.publish failed: %s", exc.response.get("error"))
