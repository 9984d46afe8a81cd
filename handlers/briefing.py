"""The people map, the trend and the brief on the Slack side, all after the ack.

The pictures go to the asker's DM with Covalis through Slack's upload flow (handlers/files.py); the channel only ever
gets an ephemeral text — an image block there would point at a file the viewer may not open. When Slack refuses the
upload (or the picture can't be drawn) the answer carries the same facts as text, and the reason is logged.
"""

import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import zone
from bot.container import Services
from bot.i18n import t
from bot.services.brief import NOT_MEMBER, TOO_MANY, NotSent
from bot.services.errors import CovalisError
from bot.services.people import same_organisation
from bot.services.suppliers import SupplierRef
from handlers import ids
from handlers.blocks import esc, messages
from handlers.blocks.briefing import (
    NOT_DRAWN,
    SLACK_REFUSED,
    brief_message,
    map_alt,
    picture_reply,
    trend_alt,
    trend_text,
)
from handlers.blocks.coverage import ties_message
from handlers.context import Request, button_value, make_request, refuse_value
from handlers.files import OutgoingFile, send_to_dm
from handlers.untrusted import read_id

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def register(app: App) -> None:
    app.action(ids.ACTION_TREND)(on_trend)


def _filename(kind: str, supplier: str) -> str:
    return f"{kind}-{_UNSAFE.sub('-', supplier).strip('-').lower()[:40] or 'supplier'}.png"


def _draw(kind: str, draw: Any, *args: Any) -> bytes | None:
    """The picture's PNG, or None (logged) when it could not be drawn: the caller falls back to text."""
    try:
        png: bytes = draw(*args)
    except Exception:
        logger.exception("could not draw the %s", kind)
        return None
    return png


def send_map(request: Request, supplier: SupplierRef) -> None:
    """`/covalis map`: the picture to the DM, the ties as text in the ephemeral answer."""
    from handlers.pictures import render_people_map

    lang = request.lang
    people = request.services.people_map.people_map(request.actor, supplier.id)
    ties = ties_message(lang, request.services.relationships.ties(request.actor, supplier.id), zone(request.tz))
    if not people.theirs and not people.groups:
        request.reply(messages.simple(t(lang, "map.nothing", supplier=esc(supplier.name))))
        return
    png = _draw("people map", render_people_map, lang, people)
    refused = NOT_DRAWN if png is None else None
    if png is not None:
        title = t(lang, "map.title", supplier=supplier.name)
        comment = t(lang, "map.comment", supplier=esc(supplier.name))
        refused = send_to_dm(
            request.client,
            request.actor.user_id,
            OutgoingFile(_filename("people-map", supplier.name), png, title, map_alt(lang, people), comment),
        )
    request.reply(picture_reply(lang, "map", supplier.name, refused, ties))


def on_trend(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """**Trend** on the status card: a small picture to the DM; the card stays as it is."""
    ack()
    from handlers.pictures import render_trend

    request = make_request(services, body, respond, client, fetch_profile=False)
    supplier_id = read_id(button_value(body))
    if supplier_id is None:
        refuse_value(request)
        return
    lang = request.lang
    try:
        trend = services.trend.trend(request.actor, supplier_id)
    except CovalisError as exc:
        request.reply(messages.error_message(lang, exc.key, exc.params))
        return
    png = _draw("trend", render_trend, lang, trend)
    refused = NOT_DRAWN if png is None else None
    if png is not None:
        title = t(lang, "trend.title", supplier=trend.supplier)
        comment = t(lang, "trend.comment", supplier=esc(trend.supplier))
        file = OutgoingFile(_filename("trend", trend.supplier), png, title, trend_alt(lang, trend), comment)
        refused = send_to_dm(client, request.actor.user_id, file)
    request.reply(picture_reply(lang, "trend", trend.supplier, refused, trend_text(lang, trend) if refused else None))


def send_brief(
    request: Request, supplier: SupplierRef, colleagues: tuple[str, ...], beyond: tuple[str, ...] = ()
) -> None:
    """`/covalis brief`: the asker's brief as the answer; each named colleague who is a member of our own organisation
    gets a copy in their DM, made without anyone's private notes. Each is asked about in Slack first (users.info):
    only Slack says whether a user is a colleague or a Slack Connect guest from another company. `beyond`: named past
    the cap, listed as not sent without asking Slack."""
    services = request.services
    profiles: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    unknown: set[str] = set()  # Slack knows no such user
    for user in colleagues:
        if user == request.actor.user_id:
            continue
        try:
            profile = request.client.users_info(user=user, include_locale=True)["user"]
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            logger.warning("users.info failed before a brief: %s", error)
            if error == "user_not_found":
                unknown.add(user)
            else:
                errors[user] = error
            continue
        if same_organisation(profile, request.actor.team_id, request.actor.enterprise_id):  # not another company's
            services.people.remember_profile(replace(request.actor, user_id=user), profile)
        profiles[user] = profile
    plan = services.briefs.brief(request.actor, supplier.id, colleagues, profiles)
    sent: list[str] = []
    not_sent = [_why(n, errors, unknown) for n in plan.not_sent] + [NotSent(user, TOO_MANY) for user in beyond]
    for copy in plan.copies:
        message = brief_message(copy.language, copy.brief, copy.tz, shared_by=request.actor.user_id)
        try:
            request.client.chat_postMessage(channel=copy.user_id, text=message.text, blocks=message.blocks)
            sent.append(copy.user_id)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            logger.warning("could not send a brief to a colleague: %s", error)
            not_sent.append(NotSent(copy.user_id, SLACK_REFUSED, error))
    request.reply(brief_message(request.lang, plan.mine, request.tz, sent_to=tuple(sent), not_sent=tuple(not_sent)))


def _why(not_sent: NotSent, errors: dict[str, str], unknown: set[str]) -> NotSent:
    """What Slack said about a colleague the service could not check: no such user, or its error."""
    if not_sent.user_id in unknown:
        return NotSent(not_sent.user_id, NOT_MEMBER)
    if not_sent.user_id in errors:
        return NotSent(not_sent.user_id, SLACK_REFUSED, errors[not_sent.user_id])
    return not_sent
