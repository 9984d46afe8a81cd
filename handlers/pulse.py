"""The customer-of-choice pulse in Slack: the one tap under a note's confirmation, its comment, and the quarterly
Rate button's modal. Each parses, calls the pulse service once, and renders."""

import json
import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.i18n import t
from bot.services.errors import CovalisError
from bot.services.pulse import AnswerStored
from bot.services.pulse_gap import DRIVERS
from bot.services.workspaces import Actor
from bot.text import clean_text
from handlers import ids
from handlers.blocks import messages
from handlers.blocks.pulse import answer_arrived, comment_modal, look_modal, tap_thanks
from handlers.context import actor_from_body, button_value, make_request, refuse_value
from handlers.untrusted import read_id, read_ids
from handlers.views import deliver_privately, open_view

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(re.compile(rf"^{ids.ACTION_PULSE_TAP}:\d$"))(on_tap)
    app.action(ids.ACTION_PULSE_COMMENT)(on_comment)
    app.action(re.compile(rf"^{ids.ACTION_PULSE_RATE}:\d+$"))(on_rate)
    app.view_submission(ids.VIEW_PULSE_COMMENT)(on_comment_submitted)
    app.view_submission(ids.VIEW_PULSE_LOOK)(on_look_submitted)


def on_tap(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """One of the five buttons: the answer is stored and the confirmation, drawn again, thanks for it in place."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    picked = read_ids(button_value(body), 2)
    if picked is None or not 1 <= picked[1] <= 5:
        refuse_value(request)
        return
    interaction_id, score = picked
    try:
        logged = services.capture.logged(request.actor, interaction_id)
        answer = services.pulse.record_tap(request.actor, logged.supplier_id, score)
    except CovalisError as exc:
        request.replace = False
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    confirmation = messages.note_logged(request.lang, replace(logged, pulse_ask=False), request.tz)
    request.reply(messages.Message(confirmation.text, confirmation.blocks + tap_thanks(request.lang, answer)))


def on_comment(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    request = make_request(services, body, respond, client, fetch_profile=False)
    answer_id = read_id(button_value(body))
    if answer_id is None:
        refuse_value(request)
        return
    supplier = services.pulse.answer_supplier(request.actor, answer_id)
    if supplier is None:
        request.reply(messages.simple(t(request.lang, "pulse.gone")))
        return
    open_view(request, comment_modal(request.lang, answer_id, supplier, request.channel_id))


def on_rate(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """The quarter's Rate button: the drivers modal for that supplier."""
    ack()
    request = make_request(services, body, respond, client, fetch_profile=False)
    supplier_id = read_id(button_value(body))
    if supplier_id is None:
        refuse_value(request)
        return
    try:
        name = services.suppliers.get(request.actor, supplier_id).name
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    open_view(request, look_modal(request.lang, supplier_id, name))


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def on_comment_submitted(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    view = body["view"]
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    values: dict[str, Any] = (view.get("state") or {}).get("values") or {}
    text = ((values.get(ids.BLOCK_PULSE_COMMENT) or {}).get(ids.ACTION_PULSE_COMMENT_TEXT) or {}).get("value") or ""
    meta = _metadata(view)
    answer_id = read_id(str(meta.get("answer", "")))
    try:
        if answer_id is None:
            raise CovalisError("pulse.gone")
        supplier = services.pulse.add_comment(actor, answer_id, text)
    except CovalisError as exc:
        ack(response_action="errors", errors={ids.BLOCK_PULSE_COMMENT: t(lang, exc.key, **exc.params)})
        return
    ack()
    deliver_privately(
        client,
        actor.user_id,
        meta.get("reply"),
        messages.simple(t(lang, "pulse.comment_saved", supplier=messages.esc(supplier))),
    )


def _selected(values: dict[str, Any], block: str) -> int | None:
    chosen = ((values.get(block) or {}).get(ids.ACTION_PULSE_SCORE) or {}).get("selected_option") or {}
    picked = read_id(str(chosen.get("value") or ""))
    return picked


def on_look_submitted(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """The quarterly look: any driver may be left out, but not all of them; a refusal shows beside the first."""
    view = body["view"]
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    values: dict[str, Any] = (view.get("state") or {}).get("values") or {}
    drivers = {d: score for d in DRIVERS if (score := _selected(values, ids.BLOCK_PULSE_DRIVER_PREFIX + d)) is not None}
    relative = _selected(values, ids.BLOCK_PULSE_RELATIVE)
    comment = ((values.get(ids.BLOCK_PULSE_COMMENT) or {}).get(ids.ACTION_PULSE_COMMENT_TEXT) or {}).get("value")
    supplier_id = read_id(str(_metadata(view).get("supplier", "")))
    try:
        if supplier_id is None:
            raise CovalisError("pulse.gone")
        supplier = services.pulse.record_look(actor, supplier_id, drivers, relative, clean_text(comment or ""))
    except CovalisError as exc:
        first = ids.BLOCK_PULSE_DRIVER_PREFIX + DRIVERS[0]
        ack(response_action="errors", errors={first: t(lang, exc.key, **exc.params)})
        return
    ack()
    deliver_privately(
        client, actor.user_id, None, messages.simple(t(lang, "pulse.look_saved", supplier=messages.esc(supplier)))
    )


def tell_owner(services: Services, client: WebClient, stored: AnswerStored) -> None:
    """The supplier's owner hears, in their DM with the app and their language, that a supplier answered."""
    lang = services.people.language_for(Actor(team_id=stored.team_id, user_id=stored.owner_id))
    message = answer_arrived(lang, stored)
    try:
        client.chat_postMessage(channel=stored.owner_id, text=message.text, blocks=message.blocks)
    except SlackApiError as exc:
        logger.warning("could not tell the owner about a pulse answer: %s", exc.response.get("error"))
