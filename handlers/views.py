"""The capture modal: opening it, supplier type-ahead (options), the supplier pick, and submission."""

import json
import logging
from dataclasses import replace
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import zone
from bot.container import Services
from bot.i18n import t
from bot.services.capture import InteractionDraft
from bot.services.errors import CovalisError, InvalidInput
from bot.services.workspaces import Actor
from bot.text import clean_text, from_input
from handlers import ids
from handlers.blocks import messages, option
from handlers.blocks.views import CaptureForm, capture_modal, edit_form, text_fingerprint
from handlers.context import Request, actor_from_body
from handlers.home import from_home, publish_home
from handlers.nudge_dm import redraw_nudge_item
from handlers.untrusted import read_id, slack_permalink, workspace_domain

logger = logging.getLogger(__name__)
OPTIONS_MAX = 100


def register(app: App) -> None:
    app.options(ids.ACTION_SUPPLIER_SELECT)(on_supplier_options)
    app.action(ids.ACTION_SUPPLIER_SELECT)(on_supplier_picked)
    app.view_submission(ids.VIEW_CAPTURE)(on_capture_submitted)
    app.view_closed(ids.VIEW_CAPTURE)(lambda ack: ack())
    app.view_submission(ids.VIEW_EDIT)(on_edit_submitted)
    app.view_submission(ids.VIEW_ADD_FOLLOW_UP)(on_follow_up_submitted)


def today_for(services: Services, tz: str) -> date:
    return services.clock.now().astimezone(zone(tz)).date()


def build_form(
    services: Services, actor: Actor, tz: str, *, supplier_id: int | None = None, summary: str = "", **extra: Any
) -> CaptureForm:
    supplier: tuple[int, str] | None = None
    contacts: list[tuple[int, str]] = []
    if supplier_id is not None:
        ref = services.suppliers.get(actor, supplier_id)
        supplier = (ref.id, ref.name)
        current = [c for c in services.suppliers.contacts(actor, ref.id) if c.left_at is None]  # not who left
        contacts = [(c.id, c.name) for c in current if c.id is not None]
    return CaptureForm(today=today_for(services, tz), supplier=supplier, contacts=contacts, summary=summary, **extra)


def open_capture(
    request: Request, *, trigger_id: str | None = None, supplier_id: int | None = None, summary: str = "", **extra: Any
) -> bool:
    """Opens the capture modal; a refused trigger (expired, used) is told to the user with their text kept."""
    form = build_form(request.services, request.actor, request.tz, supplier_id=supplier_id, summary=summary, **extra)
    return open_view(request, capture_modal(request.lang, form), kept_text=summary, trigger_id=trigger_id)


def open_edit(request: Request, interaction_id: int) -> None:
    """Opens the edit form prefilled with the note, for whoever the service lets edit it; a refusal is said."""
    services = request.services
    try:
        note = services.capture.editable(request.actor, interaction_id, tz=request.tz)
        current = [c for c in services.suppliers.contacts(request.actor, note.supplier_id) if c.left_at is None]
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    contacts = [(c.id, c.name) for c in current if c.id is not None]
    form = edit_form(today_for(services, request.tz), note, contacts, request.channel_id)
    open_view(request, capture_modal(request.lang, form))


def open_view(request: Request, view: dict[str, Any], *, kept_text: str = "", trigger_id: str | None = None) -> bool:
    """Opens a modal; a refused trigger (expired, used) is told to the user, with any text of theirs given back."""
    try:
        request.client.views_open(trigger_id=trigger_id or request.trigger_id, view=view)
        return True
    except SlackApiError as exc:
        logger.warning("views.open failed: %s", exc.response.get("error"))
        request.reply(messages.error_message(request.lang, "modal.open_failed", {}, kept_text or None))
        return False


def on_supplier_options(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """Type-ahead: answered inside the ack from one indexed query, no Slack call."""
    actor = actor_from_body(body)
    found = services.suppliers.search(actor, body.get("value") or "", limit=OPTIONS_MAX)
    ack(options=[option(s.name, str(s.id)) for s in found])


def on_supplier_picked(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Picking a supplier fills the contacts list with that supplier's people."""
    ack()
    view = body.get("view") or {}
    actor = actor_from_body(body)
    selected = (body.get("actions") or [{}])[0].get("selected_option") or {}
    supplier_id = read_id(selected.get("value"))
    if supplier_id is None:
        return
    lang = services.people.language_for(actor)
    tz = services.people.timezone_for(actor)
    meta = _metadata(view)
    values = (view.get("state") or {}).get("values") or {}
    summary = ((values.get(ids.BLOCK_SUMMARY) or {}).get(ids.ACTION_SUMMARY) or {}).get("value") or ""
    summary = from_input(summary, meta.get("markup") or [])
    try:
        form = build_form(
            services,
            actor,
            tz,
            supplier_id=supplier_id,
            summary=summary,
            source=meta.get("source") or "modal",
            channel_id=meta.get("channel"),
            message_ts=meta.get("ts"),
            permalink=slack_permalink(meta.get("permalink")),
            reply_channel=meta.get("reply"),
            kind=meta.get("kind") or "meeting",
            team_domain=workspace_domain(meta.get("domain")),
            nudge_ref=meta.get("nudge"),
            interaction_id=read_id(meta.get("edit")),
            keep=meta.get("keep") if isinstance(meta.get("keep"), str) else None,
        )
        client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=capture_modal(lang, form))
    except CovalisError:
        logger.info("picked supplier no longer exists")
    except SlackApiError as exc:
        logger.warning("views.update failed: %s", exc.response.get("error"))


def on_capture_submitted(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    view = body["view"]
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    tz = services.people.timezone_for(actor)
    draft, errors = read_submission(view, lang, today_for(services, tz))
    if draft is not None and not errors:
        errors = _contacts_gone(services, actor, draft)
    if errors or draft is None:
        ack(response_action="errors", errors=errors)
        return
    ack()
    meta = _metadata(view)
    if draft.channel_id and draft.message_ts:
        draft = _with_permalink(client, draft, workspace_domain(meta.get("domain")))
    reply_channel = meta.get("reply")
    try:
        logged = services.capture.log_interaction(actor, draft, tz=tz)
        message = messages.note_logged(lang, logged, tz)
        _mark_nudge_logged(services, client, actor.team_id, meta.get("nudge"), draft)
        if from_home(body):
            publish_home(services, client, actor)
    except CovalisError as exc:
        message = messages.error_message(lang, exc.key, exc.params, draft.summary)
    except Exception:
        logger.exception("capture submission failed")
        message = messages.error_message(lang, "error.unexpected", {}, draft.summary)
    deliver_privately(client, actor.user_id, reply_channel, message)


# A refusal of the edit that belongs beside one field: that field's block and the text it shows there.
_EDIT_FIELDS = {
    "note.empty": (ids.BLOCK_SUMMARY, "modal.error_summary"),
    "note.too_long": (ids.BLOCK_SUMMARY, "note.too_long"),
    "date.future": (ids.BLOCK_DATE, "modal.error_future"),
    "supplier.not_found": (ids.BLOCK_SUPPLIER, "supplier.gone"),
}


def on_edit_submitted(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Saves a corrected note through the service (which decides who may); a field's refusal shows beside it, any
    other comes back as a message with the text kept, and the confirmation says what changed."""
    view = body["view"]
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    tz = services.people.timezone_for(actor)
    draft, errors = read_submission(view, lang, today_for(services, tz))
    if errors or draft is None:
        ack(response_action="errors", errors=errors)
        return
    meta = _metadata(view)
    interaction_id = read_id(meta.get("edit"))  # private metadata is untrusted like any value
    typed = _field((view.get("state") or {}).get("values") or {}, ids.BLOCK_SUMMARY, ids.ACTION_SUMMARY)
    try:
        if interaction_id is None:
            raise InvalidInput("note.gone")
        if meta.get("keep") and text_fingerprint(typed.get("value") or "") == meta.get("keep"):
            # The box showed a cut text and it was left alone: the whole stored text stays.
            draft = replace(draft, summary=services.capture.editable(actor, interaction_id, tz=tz).summary)
        logged = services.capture.edit(actor, interaction_id, draft, tz=tz)
    except CovalisError as exc:
        field = _EDIT_FIELDS.get(exc.key)
        if field is not None:
            ack(response_action="errors", errors={field[0]: t(lang, field[1], **exc.params)})
            return
        if exc.key == "capture.contact_gone":
            ack(response_action="errors", errors={_contacts_block(draft.supplier_id): t(lang, exc.key)})
            return
        ack()
        message = messages.error_message(lang, exc.key, exc.params, draft.summary)
        deliver_privately(client, actor.user_id, meta.get("reply"), message)
        return
    ack()
    if from_home(body):
        publish_home(services, client, actor)
    deliver_privately(client, actor.user_id, meta.get("reply"), messages.note_edited(lang, logged, tz))


def _mark_nudge_logged(
    services: Services, client: WebClient, team_id: str, ref: object, draft: InteractionDraft
) -> None:
    """A form opened from a nudge's Log button: the DM shows the item logged, if what was logged touches it."""
    parts = str(ref or "").split(":")
    if len(parts) != 3 or (delivery_id := read_id(parts[0])) is None or (item_id := read_id(parts[2])) is None:
        return
    kind = parts[1]
    if services.nudges.logging_clears(team_id, delivery_id, kind, item_id, draft.supplier_id, draft.contact_ids):
        redraw_nudge_item(services, client, team_id, delivery_id, kind, item_id, "logged", None)


def read_submission(view: dict[str, Any], lang: str, today: date) -> tuple[InteractionDraft | None, dict[str, str]]:
    """The modal's state as a draft, or per-field errors that Slack shows beside the inputs."""
    values: dict[str, Any] = (view.get("state") or {}).get("values") or {}
    meta = _metadata(view)
    supplier, summary, day, errors = _required_fields(values, lang, today)
    if errors or day is None or supplier is None:
        return None, errors
    return (
        InteractionDraft(
            supplier_id=supplier,
            day=day,
            kind=(_field(values, ids.BLOCK_KIND, ids.ACTION_KIND).get("selected_option") or {}).get("value") or "note",
            summary=from_input(summary, meta.get("markup") or []),
            contact_ids=_chosen_contacts(values, supplier),
            colleague_ids=list(_field(values, ids.BLOCK_COLLEAGUES, ids.ACTION_COLLEAGUES).get("selected_users") or []),
            private=bool(_field(values, ids.BLOCK_PRIVATE, ids.ACTION_PRIVATE).get("selected_options")),
            source="shortcut" if meta.get("source") == "shortcut" else "modal",
            channel_id=meta.get("channel"),
            message_ts=meta.get("ts"),
            permalink=slack_permalink(meta.get("permalink")),
        ),
        {},
    )


def _field(values: dict[str, Any], block: str, action: str) -> dict[str, Any]:
    found: dict[str, Any] = (values.get(block) or {}).get(action) or {}
    return found


def _required_fields(
    values: dict[str, Any], lang: str, today: date
) -> tuple[int | None, str, date | None, dict[str, str]]:
    """Supplier, summary and date, each with the error Slack shows beside its input when it is missing or wrong."""
    errors: dict[str, str] = {}
    supplier = read_id(
        (_field(values, ids.BLOCK_SUPPLIER, ids.ACTION_SUPPLIER_SELECT).get("selected_option") or {}).get("value")
    )
    if supplier is None:
        errors[ids.BLOCK_SUPPLIER] = t(lang, "modal.error_supplier")
    summary = clean_text(_field(values, ids.BLOCK_SUMMARY, ids.ACTION_SUMMARY).get("value") or "")
    if not summary:
        errors[ids.BLOCK_SUMMARY] = t(lang, "modal.error_summary")
    raw_day = _field(values, ids.BLOCK_DATE, ids.ACTION_DATE).get("selected_date") or ""
    try:
        day: date | None = date.fromisoformat(raw_day)
    except ValueError:
        day = None
        errors[ids.BLOCK_DATE] = t(lang, "modal.error_date")
    if day is not None and day > today:
        errors[ids.BLOCK_DATE] = t(lang, "modal.error_future")
    return supplier, summary, day, errors


def _contacts_gone(services: Services, actor: Actor, draft: InteractionDraft) -> dict[str, str]:
    """A picked contact merged or forgotten since the form opened: said beside the field, before the ack, so
    nothing typed is lost (the service checks again when it saves)."""
    try:
        services.capture.check_contacts(actor, draft.supplier_id, draft.contact_ids)
    except CovalisError as exc:
        if exc.key == "capture.contact_gone":
            return {_contacts_block(draft.supplier_id): t(services.people.language_for(actor), exc.key)}
    return {}


def _chosen_contacts(values: dict[str, Any], supplier_id: int) -> list[int]:
    """Contacts picked in the chosen supplier's contact block (one block per supplier the form has shown; a pick in
    another supplier's block is not this note's)."""
    block = (values.get(f"{ids.BLOCK_CONTACTS}:{supplier_id}") or {}).get(ids.ACTION_CONTACTS) or {}
    return [n for o in block.get("selected_options") or [] if (n := read_id(o.get("value"))) is not None]


def _contacts_block(supplier_id: int) -> str:
    """The block id of the form's contact picker for a supplier."""
    return f"{ids.BLOCK_CONTACTS}:{supplier_id}"


def deliver_privately(client: WebClient, user_id: str, channel_id: str | None, message: messages.Message) -> None:
    """An ephemeral message where the user was; the app's DM when that channel refuses us."""
    if channel_id:
        try:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=message.text, blocks=message.blocks)
            return
        except SlackApiError as exc:
            logger.info("ephemeral reply refused (%s); using the DM", exc.response.get("error"))
    try:
        client.chat_postMessage(channel=user_id, text=message.text, blocks=message.blocks)
    except SlackApiError as exc:
        logger.warning("could not confirm to the user: %s", exc.response.get("error"))


def _with_permalink(client: WebClient, draft: InteractionDraft, domain: str | None) -> InteractionDraft:
    """Slack's permalink, or one built from channel and ts where chat.getPermalink is not allowed."""
    assert draft.channel_id
    assert draft.message_ts
    try:
        link = client.chat_getPermalink(channel=draft.channel_id, message_ts=draft.message_ts).get("permalink")
    except SlackApiError as exc:
        logger.info("chat.getPermalink refused (%s); building the link", exc.response.get("error"))
        link = None
    if not link:
        host = f"https://{domain}.slack.com" if domain else "https://slack.com"
        link = f"{host}/archives/{draft.channel_id}/p{draft.message_ts.replace('.', '')}"
    return InteractionDraft(**{**draft.__dict__, "permalink": link})


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


_FOLLOW_UP_FIELDS = {
    "follow_up.text_empty": ids.BLOCK_FOLLOW_UP_TEXT,
    "follow_up.text_too_long": ids.BLOCK_FOLLOW_UP_TEXT,
    "follow_up.date_past": ids.BLOCK_FOLLOW_UP_DUE,
}


def on_follow_up_submitted(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """ "Add a follow-up": the service decides (the note's author only, text given, date not past); a field's
    refusal shows beside it, any other comes back as a message with the text kept."""
    view = body["view"]
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    tz = services.people.timezone_for(actor)
    values: dict[str, Any] = (view.get("state") or {}).get("values") or {}
    meta = _metadata(view)
    # Typed marks or look-alike links stay plain; only the note's own links, listed in the metadata, go live again.
    text = from_input(
        _field(values, ids.BLOCK_FOLLOW_UP_TEXT, ids.ACTION_FOLLOW_UP_TEXT).get("value") or "", meta.get("markup") or []
    )
    raw_day = _field(values, ids.BLOCK_FOLLOW_UP_DUE, ids.ACTION_FOLLOW_UP_DUE).get("selected_date") or ""
    try:
        due = date.fromisoformat(raw_day)
    except ValueError:
        ack(response_action="errors", errors={ids.BLOCK_FOLLOW_UP_DUE: t(lang, "follow_up.date_missing")})
        return
    interaction_id = read_id(str(meta.get("interaction", "")))  # private metadata is untrusted like any value
    try:
        if interaction_id is None:
            raise CovalisError("note.gone")
        added = services.capture.add_follow_up_to(actor, interaction_id, text, due, tz=tz)
    except CovalisError as exc:
        block = _FOLLOW_UP_FIELDS.get(exc.key)
        if block is not None:
            ack(response_action="errors", errors={block: t(lang, exc.key, **exc.params)})
            return
        ack()
        deliver_privately(
            client, actor.user_id, meta.get("reply"), messages.error_message(lang, exc.key, exc.params, text)
        )
        return
    ack()
    deliver_privately(client, actor.user_id, meta.get("reply"), messages.follow_up_added(lang, added))
