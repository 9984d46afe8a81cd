"""Merging duplicates and forgetting a person in Slack: the command opens a confirmation modal with what it will
do (views.open); its submission is answered at once with a "working…" modal (`response_action: update`) — forgetting
reads every text of the workspace, longer than Slack waits — then does it, and the modal says what was done
(views.update)."""

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.i18n import t
from bot.services.errors import CovalisError
from handlers import ids
from handlers.blocks import esc
from handlers.blocks.merging import done_modal
from handlers.context import actor_from_body
from handlers.untrusted import read_id

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.view_submission(ids.VIEW_MERGE)(on_merge_confirmed)
    app.view_submission(ids.VIEW_FORGET)(on_forget_confirmed)


def _metadata(body: dict[str, Any], *names: str) -> dict[str, Any]:
    """The modal's own ids, read defensively: anything else in private_metadata is refused, never trusted."""
    try:
        data = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ValueError("no metadata")
    found = {name: read_id(data.get(name)) for name in names}
    if None in found.values():
        raise ValueError("bad metadata")
    return {"kind": data.get("kind"), **found}


def on_merge_confirmed(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    ack(response_action="update", view=done_modal(lang, "merge.modal_title", t(lang, "merge.working")))
    try:
        meta = _metadata(body, "from", "into", "supplier")
        if meta["kind"] == "supplier":
            done = services.merging.merge_suppliers(actor, meta["from"], meta["into"])
        elif meta["kind"] == "contact":
            done = services.merging.merge_contacts(actor, meta["supplier"], meta["from"], meta["into"])
        else:
            raise ValueError("unknown merge")
        names = {"merged": esc(done.from_name), "kept": esc(done.into_name), "supplier": esc(done.supplier_name)}
        text = t(lang, f"merge.done_{done.kind}", **names)
    except CovalisError as exc:
        text = t(lang, exc.key, **{k: esc(str(v)) for k, v in exc.params.items()})
    except ValueError:
        text = t(lang, "error.unexpected")
    _show(client, body, done_modal(lang, "merge.modal_title", text))


def on_forget_confirmed(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    ack(response_action="update", view=done_modal(lang, "forget.modal_title", t(lang, "forget.working")))
    try:
        meta = _metadata(body, "supplier", "contact")
        supplier = services.suppliers.get(actor, meta["supplier"])
        done = services.forgetting.forget_contact(actor, meta["supplier"], meta["contact"])
        text = t(lang, "forget.done", supplier=esc(supplier.name), count=done.texts_changed)
    except CovalisError as exc:
        text = t(lang, exc.key, **{k: esc(str(v)) for k, v in exc.params.items()})
    except ValueError:
        text = t(lang, "error.unexpected")
    _show(client, body, done_modal(lang, "forget.modal_title", text))


def _show(client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
    """What was done, in place of the "working…" modal (the same view: `update` keeps its id)."""
    try:
        client.views_update(view_id=(body.get("view") or {}).get("id"), view=view)
    except SlackApiError as exc:
        logger.warning("views.update failed: %s", exc.response.get("error"))
