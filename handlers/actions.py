"""Buttons: Undo, answers to "which supplier?", create-and-continue, open the form, cancel."""

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.i18n import t
from bot.services.capture import UndoOutcome
from bot.services.departures import UndoOutcome as DepartureOutcome
from bot.services.errors import CovalisError, InvalidInput
from bot.services.notes import understand_note
from handlers import ids
from handlers.audit import show_audit
from handlers.audit_query import AuditQuery
from handlers.blocks import messages
from handlers.blocks.views import add_follow_up_modal, notice_modal
from handlers.commands import run_command, supplier_named, typed_note
from handlers.context import Request, actor_from_body, button_value, make_request, refresh_profile, refuse_value
from handlers.history import show_history
from handlers.history_query import HistoryQuery
from handlers.home import from_home, publish_home
from handlers.list_query import ListQuery
from handlers.lists import show_list
from handlers.registry import prepare
from handlers.search import show_search
from handlers.search_query import SearchQuery
from handlers.untrusted import read_id, read_ids
from handlers.views import open_capture, open_edit, open_view, today_for

logger = logging.getLogger(__name__)
Q = TypeVar("Q")


def register(app: App) -> None:
    app.action(ids.ACTION_UNDO)(on_undo)
    app.action({"type": "block_actions", "action_id": _prefixed(ids.ACTION_PICK_SUPPLIER)})(on_pick_supplier)
    app.action(ids.ACTION_CREATE_SUPPLIER)(on_create_supplier)
    app.action(ids.ACTION_OPEN_FORM)(on_open_form)
    app.action(ids.ACTION_CANCEL_PENDING)(on_cancel)
    app.action(ids.ACTION_HOME_LOG)(on_home_log)
    app.action({"type": "block_actions", "action_id": _prefixed(ids.ACTION_FOLLOW_UP_DONE)})(on_follow_up_done)
    app.action({"type": "block_actions", "action_id": _prefixed(ids.ACTION_PICK_CONTACT)})(on_pick_contact)
    app.action(ids.ACTION_UNARCHIVE_AND_LOG)(on_unarchive_and_log)
    app.action(ids.ACTION_ADD_FOLLOW_UP)(on_add_follow_up)
    app.action(ids.ACTION_LIST_MORE)(on_list_page)
    app.action(ids.ACTION_LIST_BACK)(on_list_page)
    app.action(ids.ACTION_SEARCH_MORE)(on_search_page)
    app.action(ids.ACTION_SEARCH_BACK)(on_search_page)
    app.action(ids.ACTION_UNDO_CONTACT_LEFT)(on_undo_contact_left)
    app.action(ids.ACTION_PROMISE_TOGGLE)(on_promise_toggle)
    app.action({"type": "block_actions", "action_id": _prefixed(ids.ACTION_EDIT)})(on_edit)
    app.action(ids.ACTION_DELETE)(on_delete)
    app.action(ids.ACTION_HISTORY_MORE)(on_history_page)
    app.action(ids.ACTION_HISTORY_BACK)(on_history_page)
    app.action(ids.ACTION_AUDIT_MORE)(on_audit_page)
    app.action(ids.ACTION_AUDIT_BACK)(on_audit_page)
    app.action(ids.ACTION_RETENTION_CONFIRM)(on_retention_confirm)


def _prefixed(action_id: str) -> Any:
    """Matches `action_id` and `action_id:N`: Slack wants action ids unique within a message or view."""
    return re.compile(rf"^{re.escape(action_id)}(:\d+)?$")


def _pending(
    request: Request, body: dict[str, Any], ids_in_value: int = 1, *, take: bool = True
) -> tuple[str, list[int]] | None:
    """The text a question kept server-side and the ids its button carries; a forged value or an answered
    question is said here, and None returned. `take` ends the question; peek leaves it for a later answer."""
    picked = read_ids(button_value(body), ids_in_value)
    if picked is None:
        refuse_value(request)
        return None
    pending = request.services.pending
    text = (pending.take if take else pending.peek)(request.actor, picked[0])
    if text is None:
        request.reply(messages.simple(t(request.lang, "pending.gone")))
        return None
    return text, picked


def on_undo(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    interaction_id = read_id(button_value(body))
    if interaction_id is None:
        refuse_value(request)
        return
    outcome, supplier = services.capture.undo(request.actor, interaction_id)
    if outcome is UndoOutcome.NOT_YOURS:
        request.replace = False
        request.reply(messages.simple(t(request.lang, "undo.not_yours")))
        return
    key = "undo.done" if outcome is UndoOutcome.UNDONE else "undo.already"
    request.reply(messages.simple(t(request.lang, key, supplier=messages.esc(supplier or ""))))


def on_pick_supplier(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    found = _pending(request, body, 2)
    if found is not None:
        text, (_, supplier_id) = found
        run_command(request, text, supplier_id=supplier_id)


def on_create_supplier(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """Creates the supplier the user named (routine, owned by them) and carries on with what they typed."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    found = _pending(request, body, take=False)
    if found is None:
        return
    text, (pending_id,) = found
    name = supplier_named(text)
    try:
        if name is None:
            raise CovalisError("error.unexpected")
        supplier = services.suppliers.add(request.actor, name)
    except CovalisError as exc:
        request.replace = False
        request.reply(messages.error_message(request.lang, exc.key, exc.params, typed_note(text)))
        return
    services.pending.take(request.actor, pending_id)
    request.replace = False
    request.reply(messages.supplier_added(request.lang, supplier))
    request.replace = True
    run_command(request, text, supplier_id=supplier.id)


def on_open_form(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """The note goes into the capture modal, supplier left to pick, so nothing typed is lost."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    found = _pending(request, body, take=False)
    if found is None:
        return
    text, (pending_id,) = found
    typed = typed_note(text)
    # The tags the user typed become the form's fields; a follow-up phrase stays in the text and is kept on submit.
    today = today_for(services, request.tz)
    locale = services.people.locale_for(request.actor)
    note = understand_note(typed, author_id=request.actor.user_id, contacts=[], today=today, locale=locale)
    opened = open_capture(
        request,
        summary=note.summary,
        kind=note.kind if note.kind != "note" else "meeting",
        private=note.private,
        day=note.occurred_on,
        reply_channel=request.channel_id,
    )
    if opened:
        services.pending.take(request.actor, pending_id)
        request.reply(messages.simple(t(request.lang, "pending.moved_to_form")))


def on_cancel(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    pending_id = read_id(button_value(body))
    text = services.pending.take(request.actor, pending_id) if pending_id is not None else None
    message = messages.simple(t(request.lang, "pending.cancelled"))
    if text:
        # Pending texts are kept as Slack sent them (escaped); decode once before showing them back.
        message = messages.error_message(request.lang, "pending.cancelled", {}, prepare(text))
    request.reply(message)


def on_home_log(ack: Ack, body: dict[str, Any], respond: Respond | None, client: WebClient, services: Services) -> None:
    ack()
    request = make_request(services, body, respond, client, fetch_profile=False)
    open_capture(request, home=True)
    refresh_profile(services, client, request.actor)


def on_follow_up_done(
    ack: Ack, body: dict[str, Any], respond: Respond | None, client: WebClient, services: Services
) -> None:
    """Done from `/covalis followups [all]` or the App Home: the same page of the list is shown again without it."""
    ack()
    raw_id, _, raw_query = button_value(body).partition(";")
    follow_up_id = read_id(raw_id)
    query = ListQuery.decode(raw_query) if raw_query else ListQuery("followups")
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    if follow_up_id is None or query is None or query.kind != "followups":
        refuse_value(request)
        return
    try:
        services.nudge_actions.complete_follow_up(request.actor.team_id, request.actor.user_id, follow_up_id)
    except CovalisError as exc:  # not theirs to close: the list stays, the refusal says who may
        request.replace = False
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    if (body.get("container") or {}).get("type") == "view":
        publish_home(services, client, request.actor)
        return
    show_list(request, query)


def _page_turner(decode: Callable[[str], Q | None], show: Callable[[Request, Q], None]) -> Any:
    """More / Back under a list, search results or a history: the page the button's value names, in place of the
    one shown. The value comes back from Slack, so it is decoded as untrusted; a forged or stale one (another
    workspace's supplier, a contact no longer there) gets the usual answer and the message stays as it is."""

    def on_page(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
        ack()
        request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
        query = decode(button_value(body))
        if query is None:
            refuse_value(request)
            return
        try:
            show(request, query)
        except CovalisError:
            refuse_value(request)

    return on_page


on_list_page = _page_turner(ListQuery.decode, show_list)
on_search_page = _page_turner(SearchQuery.decode, show_search)
on_history_page = _page_turner(HistoryQuery.decode, show_history)
on_audit_page = _page_turner(AuditQuery.decode, show_audit)


def on_pick_contact(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """The answer to "which Jan?": the waiting note is logged with that contact (0: with neither)."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    found = _pending(request, body, 3)
    if found is not None:
        text, (_, supplier_id, contact_id) = found
        run_command(request, text, supplier_id=supplier_id, contact_choice=contact_id)


def on_unarchive_and_log(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services
) -> None:
    """Unarchives (the owner or an admin only) and logs the waiting note there; a refusal gives the text back."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    found = _pending(request, body, 2)
    if found is None:
        return
    text, (_, supplier_id) = found
    try:
        services.suppliers.set_archived(request.actor, supplier_id, False)
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params, typed_note(text)))
        return
    run_command(request, text, supplier_id=supplier_id)


def on_add_follow_up(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """Opens the small form that gives a note the follow-up its words did not date."""
    ack()
    request = make_request(services, body, respond, client, fetch_profile=False)
    interaction_id = read_id(button_value(body))
    if interaction_id is None:
        refuse_value(request)
        return
    try:
        task, due = services.capture.follow_up_draft(request.actor, interaction_id, tz=request.tz)
    except CovalisError as exc:
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    open_view(request, add_follow_up_modal(request.lang, interaction_id, task, due, request.channel_id), kept_text=task)


def on_undo_contact_left(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services
) -> None:
    """Undo under `contact left`: the value names the contact, the follow-up and the successor (0: none); the service
    takes away only what that command made, and only for the supplier's owner or an admin."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    picked = read_ids(button_value(body), 3)
    if picked is None:
        refuse_value(request)
        return
    contact_id, follow_up_id, successor_id = picked
    try:
        undone = services.departures.undo(request.actor, contact_id, follow_up_id, successor_id)
    except CovalisError as exc:  # not theirs to undo: the confirmation stays, the refusal says who may
        request.replace = False
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    if undone.outcome is DepartureOutcome.ALREADY:
        request.replace = False
    request.reply(messages.contact_left_undone(request.lang, undone))


def on_promise_toggle(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """The confirmation's button: the follow-up becomes a promise to the supplier, or a plain follow-up again, and
    the confirmation says so in place."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    picked = read_ids(button_value(body), 2)
    if picked is None or picked[1] > 1:
        refuse_value(request)
        return
    follow_up_id, promise = picked
    try:
        follow_up, _ = services.promises.set_promise(request.actor, follow_up_id, bool(promise))
        if follow_up.interaction_id is None:
            raise CovalisError("promise.gone")
        logged = services.capture.logged(request.actor, follow_up.interaction_id)
    except CovalisError as exc:
        request.replace = False
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    request.reply(messages.note_logged(request.lang, logged, request.tz))


def on_edit(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    """Edit on a note's line (card, search, history, a correction's confirmation): the form, prefilled."""
    ack()
    request = make_request(services, body, respond, client, fetch_profile=False)
    interaction_id = read_id(button_value(body))
    if interaction_id is None:
        refuse_value(request)
        return
    open_edit(request, interaction_id)


def on_delete(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """Delete in the edit form, after Slack's confirm dialog: the service decides who may and removes the note as
    Undo does; the form then says what happened in place of itself."""
    ack()
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    interaction_id = read_id(button_value(body))
    try:
        if interaction_id is None:
            raise InvalidInput("error.bad_value")
        supplier = services.capture.delete(actor, interaction_id)
        text = t(lang, "delete.done", supplier=messages.esc(supplier))
    except CovalisError as exc:
        text = t(lang, exc.key, **{k: messages.esc(str(v)) for k, v in exc.params.items()})
    view = body.get("view") or {}
    try:
        client.views_update(view_id=view.get("id"), view=notice_modal(lang, text))
    except SlackApiError as exc:
        logger.warning("views.update failed: %s", exc.response.get("error"))
    if from_home(body):
        publish_home(services, client, actor)


def on_retention_confirm(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services
) -> None:
    """ "Empty them at the next tick": the shorter retention period the admin was asked about, now set (the service
    checks again that they are an admin)."""
    ack()
    request = make_request(services, body, respond, client, replace=True, fetch_profile=False)
    months = read_id(button_value(body))
    if months is None:
        refuse_value(request)
        return
    try:
        change = services.workspace_settings.set_retention(request.actor, str(months), confirmed=True)
    except CovalisError as exc:
        request.replace = False
        request.reply(messages.error_message(request.lang, exc.key, exc.params))
        return
    request.reply(messages.retention_change(request.lang, change))
