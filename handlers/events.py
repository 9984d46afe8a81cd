"""Events: the App Home tab and Slack profile changes. Slack retries events; the first copy of an event id wins."""

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.container import Services
from handlers.context import actor_from_body
from handlers.home import publish_home

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
    app.event("user_change")(on_user_change)
    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)


def _first_copy(body: dict[str, Any], services: Services) -> bool:
    event_id = body.get("event_id")
    return not event_id or services.people.claim_event(event_id)


def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient, services: Services) -> None:
    if event.get("tab") not in (None, "home") or not _first_copy(body, services):
        return
    publish_home(services, client, actor_from_body({"team_id": body.get("team_id"), "user_id": event.get("user")}))


def on_user_change(body: dict[str, Any], event: dict[str, Any], services: Services) -> None:
    """A changed time zone, a deactivation or a new admin takes effect at once, not at the next daily sync."""
    member = event.get("user") or {}
    if not isinstance(member, dict) or not member.get("id") or not _first_copy(body, services):
        return
    services.people.remember_member(str(body.get("team_id") or member.get("team_id") or ""), member)


def _event_time(body: dict[str, Any]) -> datetime | None:
    """When Slack sent the event (seconds since the epoch), so a late copy can't undo a newer install."""
    value = body.get("event_time")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**40:
        return None
    return datetime.fromtimestamp(value, UTC)


def on_uninstalled(body: dict[str, Any], services: Services) -> None:
    """The app was removed from the workspace: its token goes at once, its data after the grace period. A retry
    of the event, or one sent before a re-install, changes nothing."""
    team_id = str(body.get("team_id") or "")
    if not team_id or not _first_copy(body, services):
        return
    if services.installations.uninstalled(team_id, event_time=_event_time(body)):
        logger.info("uninstalled from workspace %s", team_id)


def on_tokens_revoked(body: dict[str, Any], event: dict[str, Any], services: Services) -> None:
    """The bot's token was revoked (user tokens Covalis never keeps): the same as an uninstall."""
    tokens = event.get("tokens")
    team_id = str(body.get("team_id") or "")
    if not team_id or not isinstance(tokens, dict) or not tokens.get("bot") or not _first_copy(body, services):
        return
    if services.installations.uninstalled(team_id, event_time=_event_time(body)):
        logger.info("bot token revoked in workspace %s", team_id)
