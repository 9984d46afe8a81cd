"""What every listener needs after the ack: who asks, in which language and time zone, and how to answer."""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.i18n import t
from bot.services.errors import NotAllowed
from bot.services.people import Standing
from bot.services.workspaces import Actor
from handlers.blocks import Message, messages
from handlers.blocks.views import notice_modal
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


STANDING = "covalis_standing"  # Bolt context key: the asking user's Standing, read once before the ack


def refresh_profile(services: Services, client: WebClient, actor: Actor, standing: Standing | None = None) -> bool:
    """Caches the user's Slack locale, time zone and standing (after the ack), at most once a day; True when it
    asked Slack (what was read before is then out of date)."""
    if not services.people.needs_profile(actor, standing):
        return False
    look_up(services, client, actor)
    return True


def standing_in(context: BoltContext) -> Standing | None:
    """The standing the guest check read before the ack, for the listener to reuse (None outside a request)."""
    standing = context.get(STANDING)
    return standing if isinstance(standing, Standing) else None


def look_up(services: Services, client: WebClient, actor: Actor) -> bool:
    """Asks Slack about a user and caches what it says; False when Slack knows no such user. When Slack can't be
    asked, True: the services still decide on what is cached."""
    try:
        user = client.users_info(user=actor.user_id, include_locale=True)["user"]
    except SlackApiError as exc:
        error = exc.response.get("error")
        logger.warning("users.info failed: %s", error)
        return bool(error != "user_not_found")
    services.people.remember_profile(actor, user)
    return True


def make_request(
    services: Services,
    body: dict[str, Any],
    respond: Respond | None,
    client: WebClient,
    *,
    replace: bool = False,
    fetch_profile: bool = True,
    standing: Standing | None = None,
) -> Request:
    """`standing`: the user as read before the ack (`standing_in(context)`); saves reading it again."""
    actor = actor_from_body(body)
    if fetch_profile and refresh_profile(services, client, actor, standing):
        standing = None  # Slack's answer may have changed the language or the time zone
    if standing is None:
        standing = services.people.standing(actor)
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    return Request(
        services=services,
        actor=actor,
        lang=standing.language,
        tz=standing.tz,
        respond=respond,
        client=client,
        trigger_id=body.get("trigger_id"),
        channel_id=channel,
        channel_name=body.get("channel_name") or (body.get("channel") or {}).get("name"),
        replace=replace,
    )


def button_value(body: dict[str, Any]) -> str:
    """The value of the button (or option) that was pressed; untrusted: read it with handlers/untrusted.py."""
    return str((body.get("actions") or [{}])[0].get("value") or "")


def refuse_value(request: Request) -> None:
    """A value no button of ours carries (forged, or an id beyond any row): said at once, the message left as it is."""
    request.replace = False
    request.reply(messages.simple(t(request.lang, "error.bad_value")))


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
    # What is cached decides (the daily directory sync, `user_change` events and the after-ack refresh keep it), so
    # a known user's request never waits on Slack before its ack. The one exception: someone Covalis has never
    # seen is looked up once, or a guest's very first request would get through.
    standing = services.people.standing(actor)
    if not standing.profile_known and look_up(services, client, actor):
        standing = services.people.standing(actor)
    try:
        services.people.admit(standing)
    except NotAllowed as refused:
        logger.info("refused a request from a guest")
        if isinstance(event, dict):
            return BoltResponse(status=200, body="")
        lang = standing.language
        message = messages.error_message(lang, refused.key, refused.params)
        if body.get("type") == "view_submission":  # the form they had open says it, instead of closing silently
            return _json_ack({"response_action": "update", "view": notice_modal(lang, message.text)})
        if body.get("type") == "block_suggestion":  # typing in a search box: no options, and no DM per keystroke
            return _json_ack({"options": []})
        if body.get("command"):  # a slash command's ack carries its answer: ephemeral, no extra call
            return _json_ack({"response_type": "ephemeral", "text": message.text, "blocks": message.blocks})
        Request(services, actor, lang, standing.tz, context.respond, client).reply(message)
        return BoltResponse(status=200, body="")
    context[STANDING] = standing
    return next()


def _json_ack(answer: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(answer), headers={"content-type": "application/json"})
