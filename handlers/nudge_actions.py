"""Buttons on the nudge DM and on follow-up lists: log, snooze, change cadence, done. Each updates the DM to
show what was done; a second click finds the work done and changes nothing."""

import logging
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.container import Services
from bot.i18n import format_date, t
from bot.services.errors import CovalisError
from bot.services.nudge_sending import item_by_button
from handlers import ids
from handlers.blocks import messages
from handlers.blocks.nudges import parse_item_block_id
from handlers.context import Request, make_request
from handlers.nudge_dm import redraw_nudge_item
from handlers.untrusted import read_id
from handlers.views import open_capture, today_for

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.ACTION_NUDGE_LOG)(on_log)
    app.action(ids.ACTION_NUDGE_SNOOZE)(on_snooze)
    app.action(ids.ACTION_NUDGE_SNOOZE_UNTIL)(on_snooze_until)
    app.action(ids.ACTION_NUDGE_CADENCE)(on_cadence)
    app.action(ids.ACTION_NUDGE_DONE)(on_done)
    app.action(ids.ACTION_NUDGE_KEPT)(on_kept)
    app.action(ids.ACTION_NUDGE_MISSED)(on_missed)


def _context(
    body: dict[str, Any], respond: Respond | None, client: WebClient, services: Services
) -> tuple[Request, int, str, int] | None:
    """The clicker and the nudge item, or None when the click is not the recipient's own."""
    action = (body.get("actions") or [{}])[0]
    ref = parse_item_block_id(str(action.get("block_id") or ""))
    if ref is None:
        return None
    request = make_request(services, body, respond, client, fetch_profile=False)
    loaded = services.nudges.load(request.actor.team_id, ref[0])
    if loaded is None or loaded[0].recipient != request.actor.user_id:
        return None
    item = item_by_button(loaded[0], ref[1], ref[2])  # after a merge: by the id the posted button still carries
    if item is None:
        return None  # an item this DM never carried: a forged or stale button
    return request, ref[0], ref[1], item.id


def _snooze(services: Services, client: WebClient, found: tuple[Request, int, str, int], until: date) -> None:
    request, delivery_id, kind, item_id = found
    actor = request.actor
    if services.nudge_actions.snooze(actor.team_id, actor.user_id, kind, item_id, until, request.tz):
        state = "moved" if _is_promise(services, actor.team_id, delivery_id, kind, item_id) else "snoozed"
        redraw_nudge_item(
            services, client, actor.team_id, delivery_id, kind, item_id, state, format_date(request.lang, until)
        )
    elif _is_promise(services, actor.team_id, delivery_id, kind, item_id):
        request.reply(messages.simple(t(request.lang, "promise.snooze_missed")))


def _is_promise(services: Services, team_id: str, delivery_id: int, kind: str, item_id: int) -> bool:
    loaded = services.nudges.load(team_id, delivery_id)
    item = next((i for i in loaded[0].items if (i.kind, i.id) == (kind, item_id)), None) if loaded else None
    return item is not None and bool(item.promise)


def on_snooze(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    found = _context(body, respond, client, services)
    if found is None:
        return
    choice = ((body.get("actions") or [{}])[0].get("selected_option") or {}).get("value")
    today = today_for(services, found[0].tz)
    until = today + timedelta(weeks=1) if choice == "week" else today + relativedelta(months=1)
    _snooze(services, client, found, until)


def on_snooze_until(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    found = _context(body, respond, client, services)
    if found is None:
        return
    try:
        until = date.fromisoformat((body.get("actions") or [{}])[0].get("selected_date") or "")
    except ValueError:
        return
    if until <= today_for(services, found[0].tz):
        found[0].reply(messages.simple(t(found[0].lang, "nudge.snooze_past")))
        return
    _snooze(services, client, found, until)


def on_cadence(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    found = _context(body, respond, client, services)
    if found is None:
        return
    request, delivery_id, kind, item_id = found
    choice = str(((body.get("actions") or [{}])[0].get("selected_option") or {}).get("value") or "")
    days = 0 if choice == "off" else read_id(choice)
    if kind != "supplier" or days is None:
        return
    try:
        services.suppliers.set_cadence(request.actor, item_id, days)
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    detail = t(request.lang, "nudge.cadence_off") if days == 0 else t(request.lang, "nudge.cadence_days", days=days)
    redraw_nudge_item(services, client, request.actor.team_id, delivery_id, kind, item_id, "cadence", detail)


def on_done(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    found = _context(body, respond, client, services)
    if found is None:
        return
    request, delivery_id, kind, item_id = found
    try:
        done = kind == "follow_up" and services.nudge_actions.complete_follow_up(
            request.actor.team_id, request.actor.user_id, item_id
        )
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    if done:
        redraw_nudge_item(services, client, request.actor.team_id, delivery_id, kind, item_id, "done", None)


def on_log(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """Opens the capture form for that supplier; submitting it marks the item logged in the DM."""
    ack()
    found = _context(body, respond, client, services)
    if found is None:
        return
    request, delivery_id, kind, item_id = found
    loaded = services.nudges.load(request.actor.team_id, delivery_id)
    item = next((i for i in loaded[0].items if (i.kind, i.id) == (kind, item_id)), None) if loaded else None
    if item is None:
        return
    open_capture(
        request,
        supplier_id=item.supplier_id,
        nudge_ref=f"{delivery_id}:{kind}:{item_id}",
        selected_contacts=[item.id] if kind == "contact" else [],
    )


def _settle(body: dict[str, Any], respond: Respond, client: WebClient, services: Services, *, kept: bool) -> None:
    """Kept or Missed on a promise's line: the outcome is recorded (kept after it counted as missed is kept late)."""
    found = _context(body, respond, client, services)
    if found is None:
        return
    request, delivery_id, kind, item_id = found
    if kind != "follow_up":
        return
    try:
        outcome = services.promises.settle(request.actor.team_id, request.actor.user_id, item_id, kept=kept)
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    if outcome is not None:
        redraw_nudge_item(services, client, request.actor.team_id, delivery_id, kind, item_id, outcome, None)


def on_kept(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    _settle(body, respond, client, services, kept=True)


def on_missed(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    _settle(body, respond, client, services, kept=False)
