"""What every listener needs after the ack: who asks, in which language and time zone, and how to answer."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.services.errors import NotAllowed
from bot.services.people import SlackProfile, is_guest
from bot.services.workspaces import Actor
from handlers.blocks import Message, messages
from handlers.registry import Who

logger = logging.getLogger(__name__)


@dataclass
class Request:
    services: Services
    actor: Actor
    lang: str
    tz: str
    respond: Respond | None
    client: WebClient
    trigger_id: str | None = None
    channel_id: str | None = None
    channel_name: str | None = None
    replace: bool = False
    supplier_id: int | None = None  # the answer to an earlier "which supplier?" question
    who: Who = Who.ANYONE  # who may run the command being answered, as the registry declares it
    contact_choice: int | None = None  # the answer to an earlier "which Jan?" question (0: none of them)
    text: str = ""  # the command as Slack sent it, kept when a question must wait for an answer

    def reply(self, message: Message) -> None:
        """Answers through response_url: ephemeral, and replacing our own question when a button answered it.

        Surfaces without a response_url (the App Home tab) get the answer in the app's DM instead.
        """
        if self.respond is not None and self.respond.response_url:
            try:
                self.respond(
                    text=message.text,
                    blocks=message.blocks,
                    response_type="ephemeral",
                    replace_original=self.replace,
                )
            except OSError as exc:
                # Slack's response_url was unreachable: the work is done and stored; only the answer is lost.
                logger.warning("could not answer through response_url: %s", type(exc).__name__)
            return
        try:
            self.client.chat_postMessage(channel=self.actor.user_id, text=message.text, blocks=message.blocks)
        except SlackApiError as exc:
            logger.warning("could not answer the user: %s", exc.response.get("error"))


def actor_from_body(body: dict[str, Any]) -> Actor:
    """The asking user and their workspace, from any payload shape Slack sends."""
    user = body.get("user") or {}
    user_id = body.get("user_id") or user.get("id") or ""
    team = body.get("team") or {}
    team_id = body.get("team_id") or (team.get("id") if isinstance(team, dict) else None) or user.get("team_id") or ""
    enterprise = body.get("enterprise") or {}
    enterprise_id = body.get("enterprise_id") or (enterprise.get("id") if isinstance(enterprise, dict) else None)
    return Actor(team_id=team_id, user_id=user_id, enterprise_id=enterprise_id)


def refresh_profile(services: Services, client: WebClient, actor: Actor) -> None:
    """Caches the user's Slack locale and time zone (after the ack), at most once a day."""
    if not services.people.needs_profile(actor):
        return
    try:
        user = client.users_info(user=actor.user_id, include_locale=True)["user"]
    except SlackApiError as exc:
        logger.warning("users.info failed: %s", exc.response.get("error"))
        return
    services.people.remember_profile(
        actor,
        SlackProfile(
            locale=user.get("locale"),
            tz=user.get("tz"),
            display_name=user.get("real_name") or user.get("name"),
            deleted=bool(user.get("deleted")),
            is_admin=bool(user.get("is_admin") or user.get("is_owner")),
            is_guest=is_guest(user),
        ),
    )


def can_own(services: Services, client: WebClient, actor: Actor) -> bool:
    """Whether Slack knows this user as a person still in the workspace (no bot, not deactivated); their profile is
    cached on the way. When Slack can't be asked, the answer is yes: the service still refuses a known leaver."""
    try:
        user = client.users_info(user=actor.user_id, include_locale=True)["user"]
    except SlackApiError as exc:
        return bool(exc.response.get("error") != "user_not_found")
    if user.get("deleted") or user.get("is_bot") or user.get("id") == "USLACKBOT":
        return False
    services.people.remember_profile(
        actor,
        SlackProfile(
            locale=user.get("locale"),
            tz=user.get("tz"),
            display_name=user.get("real_name") or user.get("name"),
            deleted=False,
            is_admin=bool(user.get("is_admin") or user.get("is_owner")),
            is_guest=is_guest(user),
        ),
    )
    return True


def make_request(
    services: Services,
    body: dict[str, Any],
    respond: Respond | None,
    client: WebClient,
    *,
    replace: bool = False,
    fetch_profile: bool = True,
) -> Request:
    actor = actor_from_body(body)
    if fetch_profile:
        refresh_profile(services, client, actor)
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    return Request(
        services=services,
        actor=actor,
        lang=services.people.language_for(actor),
        tz=services.people.timezone_for(actor),
        respond=respond,
        client=client,
        trigger_id=body.get("trigger_id"),
        channel_id=channel,
        channel_name=body.get("channel_name") or (body.get("channel") or {}).get("name"),
        replace=replace,
    )


def refuse_guests(
    body: dict[str, Any], context: BoltContext, client: WebClient, next: Callable[[], BoltResponse]
) -> BoltResponse:
    """Bolt middleware, before any listener: the services decide whether the asking user may use Covalis at all.

    A refused command, button or shortcut gets one ephemeral line in the user's language (a DM where Slack gave no
    response_url); a refused event gets nothing. The request is acknowledged, so Slack shows no error.
    """
    services: Services = context["services"]
    event = body.get("event")
    if isinstance(event, dict):
        user = event.get("user")
        actor = Actor(team_id=str(body.get("team_id") or ""), user_id=user if isinstance(user, str) else "")
    else:
        actor = actor_from_body(body)
    if not actor.team_id or not actor.user_id:
        return next()
    refresh_profile(services, client, actor)  # cached for a day: only a user's first request of the day asks Slack
    try:
        services.people.require_member(actor)
    except NotAllowed as refused:
        logger.info("refused a request from a guest")
        if not isinstance(event, dict):
            lang = services.people.language_for(actor)
            answer = Request(services, actor, lang, services.people.timezone_for(actor), context.respond, client)
            answer.reply(messages.error_message(lang, refused.key, refused.params))
        return BoltResponse(status=200, body="")
    return next()
