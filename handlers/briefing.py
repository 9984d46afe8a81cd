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
from bot.services.errors import CovalisError
from bot.services.suppliers import SupplierRef
from handlers import ids
from handlers.blocks import esc, messages
from handlers.blocks.briefing import NOT_DRAWN, brief_message, map_alt, picture_reply, trend_alt, trend_text
from handlers.blocks.coverage import ties_message
from handlers.context import Request, button_value, look_up, make_request, refuse_value
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


def send_brief(request: Request, supplier: SupplierRef, colleagues: tuple[str, ...]) -> None:
    """`/covalis brief`: the asker's brief as the answer; each named colleague who is a member gets a copy in their DM,
    made without anyone's private notes."""
    services = request.services
    for user in colleagues:  # someone Covalis never saw is asked about once, so a guest is known as one
        colleague = replace(request.actor, user_id=user)
        if not services.people.profile_known(colleague):
            look_up(services, request.client, colleague)
    plan = services.briefs.brief(request.actor, supplier.id, colleagues)
    sent, failed = [], list(plan.not_sent)
    for copy in plan.copies:
        message = brief_message(copy.language, copy.brief, copy.tz, shared_by=request.actor.user_id)
        try:
            request.client.chat_postMessage(channel=copy.user_id, text=message.text, blocks=message.blocks)
            sent.append(copy.user_id)
        except SlackApiError as exc:
            logger.warning("could not send a brief to a colleague: %s", exc.response.get("error"))
            failed.append(copy.user_id)
    request.reply(brief_message(request.lang, plan.mine, request.tz, sent_to=tuple(sent), not_sent=tuple(failed)))
