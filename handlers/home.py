"""Publishing the App Home tab: when it is opened, and when something changed from the tab itself.

Slack's guidance: publish Home on app_home_opened, and otherwise only when it changed for someone looking at it.
A note logged with `/covalis note` in a channel is not seen on Home until it is opened again (and rebuilt then), so
it costs no views.publish; a note logged through Home's own button, or a follow-up closed there, is.
"""

import json
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.services.workspaces import Actor
from handlers.blocks.views import home_view

logger = logging.getLogger(__name__)


def from_home(body: dict[str, Any]) -> bool:
    """Whether the action came from the Home tab: its own buttons (a view container of type home), or a modal opened
    from there (its metadata says so)."""
    view = body.get("view") or {}
    if view.get("type") == "home":
        return True
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except (TypeError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("home") is True


def publish_home(services: Services, client: WebClient, actor: Actor) -> None:
    data = services.relationships.home(actor)
    view = home_view(services.people.language_for(actor), data, services.people.timezone_for(actor))
    try:
        client.views_publish(user_id=actor.user_id, view=view)
    except SlackApiError as exc:
        logger.warning("views.publish failed: %s", exc.response.get("error"))
