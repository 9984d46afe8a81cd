"""The message shortcut "Log to Covalis": the capture modal prefilled with the message and its link."""

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.container import Services
from bot.text import from_slack
from handlers import ids
from handlers.context import make_request, refresh_profile
from handlers.views import open_capture


def register(app: App) -> None:
    app.shortcut(ids.SHORTCUT_LOG)(on_log_message)


def on_log_message(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    request = make_request(services, body, respond, client, fetch_profile=False)
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id")
    open_capture(
        request,
        summary=from_slack(message.get("text") or ""),
        kind="chat",
        source="shortcut",
        channel_id=channel,
        message_ts=message.get("ts"),
        reply_channel=channel,
        team_domain=(body.get("team") or {}).get("domain"),
    )
    # The profile (time zone, locale) is refreshed after the modal is open: the trigger id lives only 3 seconds.
    refresh_profile(services, client, request.actor)
