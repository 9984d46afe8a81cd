"""Handovers on the Slack side: an admin picks a leaver's supplier's new owner in the handover DM, and every owner
change sends the new owner a handover and the previous owner a line."""

import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.services.errors import CovalisError
from bot.services.suppliers import SupplierRef
from bot.services.workspaces import Actor
from handlers import ids
from handlers.blocks import messages
from handlers.blocks.handover import mark_assigned, owner_handover_dm, supplier_of_action
from handlers.context import look_up, make_request, refuse_value
from handlers.views import deliver_privately

logger = logging.getLogger(__name__)

_USER_ID = re.compile(r"[UW][A-Z0-9_]{2,30}")


def register(app: App) -> None:
    pattern = re.compile(rf"^{re.escape(ids.ACTION_HANDOVER_OWNER)}:\d+$")
    app.action({"type": "block_actions", "action_id": pattern})(on_pick_owner)


def on_pick_owner(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """A user picked in a leaver's handover DM: the service decides (admins only, a member still in Slack); the DM
    then says who owns the supplier now and who chose, and the new owner gets the handover."""
    ack()
    request = make_request(services, body, respond, client, fetch_profile=False)
    action = (body.get("actions") or [{}])[0]
    supplier_id = supplier_of_action(str(action.get("action_id") or ""))
    picked = action.get("selected_user")
    if supplier_id is None or not isinstance(picked, str) or not _USER_ID.fullmatch(picked):
        refuse_value(request)
        return
    if not look_up(services, client, replace(request.actor, user_id=picked)):  # fresh from Slack
        request.reply(messages.error_message(request.lang, "supplier.owner_unknown", {"owner": picked}))
        return
    try:
        before = services.suppliers.get(request.actor, supplier_id)
        changed = services.handover.assign_owner(request.actor, supplier_id, picked)
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    _redraw(client, body, request.lang, supplier_id, picked, request.actor.user_id)
    if before.owner_id != changed.owner_id:
        tell_owners(services, client, request.actor, changed, previous=before.owner_id)


def _redraw(client: WebClient, body: dict[str, Any], lang: str, supplier_id: int, owner: str, by: str) -> None:
    """The picker's line in the DM becomes "→ new owner, by admin", so every admin sees it is done."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts") or message.get("ts")
    blocks = mark_assigned(lang, list(message.get("blocks") or []), supplier_id, owner, by)
    if not channel or not ts or blocks is None:
        return
    try:
        client.chat_update(channel=channel, ts=ts, text=str(message.get("text") or ""), blocks=blocks)
    except SlackApiError as exc:
        logger.warning("could not update the handover DM: %s", exc.response.get("error"))


def tell_owners(services: Services, client: WebClient, by: Actor, supplier: SupplierRef, *, previous: str) -> None:
    """After the change is committed: the new owner gets the handover, the previous one a line (unless they left
    Slack); whoever made the change already knows. A DM that fails is logged, never undoes the change."""
    new = replace(by, user_id=supplier.owner_id)
    handover = services.handover.owner_handover(new, supplier.id, previous)
    if new.user_id != by.user_id:
        lang = services.people.language_for(new)
        message = owner_handover_dm(lang, by.user_id, handover, services.people.timezone_for(new))
        deliver_privately(client, new.user_id, None, message)
    if previous != by.user_id and not handover.previous_left:
        lang = services.people.language_for(replace(by, user_id=previous))
        deliver_privately(
            client, previous, None, messages.previous_owner_dm(lang, by.user_id, supplier.name, supplier.owner_id)
        )
