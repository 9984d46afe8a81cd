"""`/covalis …`: ack at once, then parse → one service call → render, answering through response_url."""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.clock import zone
from bot.container import Services
from bot.i18n import format_date, t, weekday_name
from bot.services.digests import parse_when
from bot.services.errors import CovalisError, InvalidInput, SupplierAmbiguous, SupplierNotFound
from bot.services.followup_dates import parse_day
from bot.services.segments import SEGMENTS
from bot.services.settings import parse_days
from bot.services.suppliers import SupplierRef
from handlers import ids
from handlers.blocks import messages
from handlers.blocks.digests import digest_message, subscription_list
from handlers.context import Request, actor_from_body, make_request, refresh_profile
from handlers.home import publish_home
from handlers.parsing import Parsed, UsageError, parse_command, prepare
from handlers.views import open_capture

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    app.command(ids.COMMAND)(on_covalis)


def on_covalis(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services) -> None:
    ack()
    text = body.get("text") or ""
    # The capture form must open within the trigger's 3 seconds: a known user's profile is refreshed after it.
    # On first use it is read before, so the form's date is today where the user is.
    opens_form = prepare(text).casefold() in ("note", "log", "notitie")
    later = opens_form and services.people.profile_known(actor_from_body(body))
    request = make_request(services, body, respond, client, fetch_profile=not later)
    run_command(request, text)
    if later:
        refresh_profile(services, client, request.actor)


def run_command(request: Request, text: str, *, supplier_id: int | None = None) -> None:
    """Runs one command; `supplier_id` answers an earlier "which supplier?" question for the same text."""
    lang = request.lang
    parsed: Parsed | None = None
    try:
        parsed = parse_command(text)
        ACTIONS[parsed.action](request, parsed, supplier_id)
    except UsageError as exc:
        request.reply(messages.usage_message(lang, exc.action, exc.key, exc.params))
    except SupplierAmbiguous as exc:
        offer_form = parsed is not None and parsed.action == "note"
        pending_id = request.services.pending.save(request.actor, text)
        request.reply(messages.ask_which_supplier(lang, pending_id, exc.phrase, exc.candidates, offer_form, exc.more))
    except SupplierNotFound as exc:
        if supplier_id is not None or parsed is None or not parsed.supplier:
            request.reply(messages.error_message(lang, "supplier.gone", {}))
            return
        offer_form = parsed.action == "note"
        pending_id = request.services.pending.save(request.actor, text)
        request.reply(messages.offer_new_supplier(lang, pending_id, exc.phrase, offer_form))
    except CovalisError as exc:
        typed = parsed.arg if parsed is not None and parsed.action == "note" else None
        usage = parsed.action if parsed is not None and isinstance(exc, InvalidInput) else None
        request.reply(messages.error_message(lang, exc.key, exc.params, typed, usage))
    except Exception:
        logger.exception("command failed: %s", parsed.action if parsed else "unparsed")
        request.reply(messages.failure_message(lang))


def _supplier(
    request: Request, parsed: Parsed, supplier_id: int | None, *, include_archived: bool = False
) -> SupplierRef:
    if supplier_id is not None:
        return request.services.suppliers.get(request.actor, supplier_id)
    assert parsed.supplier is not None
    return request.services.suppliers.resolve(request.actor, parsed.supplier, include_archived=include_archived)


def _help(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    request.reply(messages.help_message(request.lang))


def _supplier_add(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = request.services.suppliers.add(request.actor, parsed.arg, parsed.extra or "routine")
    request.reply(messages.supplier_added(request.lang, supplier))


def _supplier_list(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    everything = parsed.arg in ("all", "alle", "archived", "gearchiveerd")
    suppliers = request.services.suppliers.list_suppliers(request.actor, include_archived=everything)
    request.reply(messages.supplier_list(request.lang, suppliers))


def _supplier_archive(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id)
    changed = request.services.suppliers.set_archived(request.actor, supplier.id, True)
    request.reply(messages.supplier_changed(request.lang, "supplier.archived", changed))


def _supplier_unarchive(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    changed = request.services.suppliers.set_archived(request.actor, supplier.id, False)
    request.reply(messages.supplier_changed(request.lang, "supplier.unarchived", changed))


def _supplier_rename(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    old_name, changed = request.services.suppliers.rename(request.actor, supplier.id, parsed.arg)
    request.reply(messages.supplier_changed(request.lang, "supplier.renamed", changed, old=old_name))


def _supplier_alias(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    changed = request.services.suppliers.add_alias(request.actor, supplier.id, parsed.arg)
    request.reply(messages.supplier_changed(request.lang, "supplier.alias_added", changed, alias=parsed.arg))


def _supplier_owner(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    changed = request.services.suppliers.set_owner(request.actor, supplier.id, parsed.arg)
    request.reply(messages.supplier_changed(request.lang, "supplier.owner_set", changed, owner=parsed.arg))


def _supplier_segment(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    changed = request.services.suppliers.set_segment(request.actor, supplier.id, parsed.arg)
    request.reply(messages.supplier_changed(request.lang, "supplier.segment_set", changed))


def _contact_add(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id)
    contact, created = request.services.suppliers.add_contact(request.actor, supplier.id, parsed.arg, parsed.extra)
    key = "contact.added" if created else "contact.restored"
    request.reply(messages.supplier_changed(request.lang, key, supplier, contact=contact.name))


def _contact_list(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    contacts = request.services.suppliers.contacts(request.actor, supplier.id)
    request.reply(messages.contact_list(request.lang, supplier, [(c.name, c.role) for c in contacts]))


def _contact_remove(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    contact = request.services.suppliers.remove_contact(request.actor, supplier.id, parsed.arg)
    request.reply(messages.supplier_changed(request.lang, "contact.removed", supplier, contact=contact.name))


def _note(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id)
    logged = request.services.capture.log_note(request.actor, supplier.id, parsed.arg, tz=request.tz)
    request.reply(messages.note_logged(request.lang, logged, request.tz))
    publish_home(request.services, request.client, request.actor)


def _note_modal(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    open_capture(request, reply_channel=request.channel_id)


def _status(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    card = request.services.relationships.card(request.actor, supplier.id)
    request.reply(messages.supplier_card(request.lang, card, request.tz))


def _language(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    language = request.services.people.set_language(request.actor, parsed.arg)
    request.reply(messages.simple(t(language, "language.set")))


def _settings_language(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    request.services.settings_service.require_admin(_is_admin(request))
    language = request.services.people.set_workspace_language(request.actor, parsed.arg)
    request.reply(messages.simple(t(request.lang, "settings.language_set", language=t(language, "language.name"))))


def _is_admin(request: Request) -> bool:
    return request.services.people.is_admin(request.actor, request.services.settings.admin_ids)


def _cadence_text(lang: str, days: int | None) -> str:
    return t(lang, "nudge.cadence_days", days=days) if days else t(lang, "nudge.cadence_off")


def _supplier_cadence(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    days = parse_days(parsed.arg)
    supplier = _supplier(request, parsed, supplier_id, include_archived=True)
    changed = request.services.suppliers.set_cadence(request.actor, supplier.id, days, is_admin=_is_admin(request))
    key = "supplier.cadence_default" if days is None else "supplier.cadence_set"
    request.reply(messages.supplier_changed(request.lang, key, changed, cadence=_cadence_text(request.lang, days)))


def _contact_key(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    days = parse_days(parsed.extra) if parsed.extra else None
    supplier = _supplier(request, parsed, supplier_id)
    contact, cadence_days = request.services.suppliers.set_key_contact(request.actor, supplier.id, parsed.arg, days)
    key = "contact.key_set" if cadence_days else "contact.key_off"
    request.reply(
        messages.supplier_changed(
            request.lang, key, supplier, contact=contact.name, cadence=_cadence_text(request.lang, cadence_days)
        )
    )


def _settings(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    request.reply(messages.settings_message(request.lang, request.services.settings_service.show(request.actor)))


def _settings_cadence(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    days = parse_days(parsed.extra or "")
    now_days = request.services.settings_service.set_cadence(
        request.actor, parsed.arg, days, is_admin=_is_admin(request)
    )
    request.reply(
        messages.simple(
            t(
                request.lang,
                "settings.cadence_set",
                segment=t(request.lang, "segment." + parsed.arg),
                cadence=_cadence_text(request.lang, now_days),
            )
        )
    )


def _settings_hours(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    start, end = request.services.settings_service.set_hours(request.actor, parsed.arg, is_admin=_is_admin(request))
    hours = f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"
    request.reply(messages.simple(t(request.lang, "settings.hours_set", hours=hours)))


def _settings_renudge(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    days = request.services.settings_service.set_renudge(request.actor, int(parsed.arg), is_admin=_is_admin(request))
    request.reply(messages.simple(t(request.lang, "settings.renudge_set", days=days)))


def _pause(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    today = request.services.clock.now().astimezone(zone(request.tz)).date()
    until = parse_day(parsed.arg, today=today)
    if until is None or until < today:
        raise InvalidInput("pause.bad_date", date=parsed.arg)
    request.services.people.pause(request.actor, until)
    request.reply(messages.simple(t(request.lang, "pause.set", date=format_date(request.lang, until))))


def _resume(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    request.services.people.pause(request.actor, None)
    request.reply(messages.simple(t(request.lang, "pause.resumed")))


def _followups(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    today = request.services.clock.now().astimezone(zone(request.tz)).date()
    rows, total = request.services.relationships.follow_ups(request.actor)
    request.reply(messages.follow_up_list(request.lang, rows, today, total))


def _quiet(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    everyone = parsed.action == "quiet.all"
    rows, total = request.services.relationships.quiet(request.actor, everyone=everyone)
    request.reply(messages.quiet_list(request.lang, rows, total, everyone=everyone, tz=request.tz))


def _digest_reply(request: Request, message: messages.Message) -> None:
    """Every digest answer first tells its creator about posts that failed since they last looked."""
    failed = request.services.digests.unseen_errors(request.actor)
    if failed:
        warnings = [
            messages.section(t(request.lang, "digest.failed", channel=s.channel_id, error=s.error or ""))
            for s in failed
        ]
        message = messages.Message(message.text, warnings + message.blocks)
    request.reply(message)


def _digest_subscribe(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    if parsed.arg == "here":
        channel_id, channel_name = request.channel_id or "", request.channel_name
    else:
        channel_id, _, channel_name = parsed.arg.partition("|")
    segment = parsed.extra if parsed.extra in SEGMENTS else None
    owner = parsed.extra if parsed.extra and segment is None else None
    sub, created = request.services.digests.subscribe(
        request.actor,
        channel_id=channel_id,
        channel_name=channel_name or None,
        segment=segment,
        owner_filter=owner,
        tz=request.tz,
        language=request.lang,
    )
    key = "digest.subscribed" if created else "digest.already"
    private = channel_id.startswith("G") or channel_name == "privategroup"
    text = t(request.lang, key, channel=channel_id, number=sub.id, tz=sub.tz)
    blocks = [messages.section(text)]
    blocks.append(messages.context(t(request.lang, "digest.invite_private" if private else "digest.invite_hint")))
    _digest_reply(request, messages.Message(text, blocks))


def _digest_list(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    _digest_reply(request, subscription_list(request.lang, request.services.digests.subscriptions(request.actor)))


def _number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _digest_off(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", _number(parsed.arg))
    request.services.digests.unsubscribe(request.actor, sub.id)
    _digest_reply(request, messages.simple(t(request.lang, "digest.off", channel=sub.channel_id, number=sub.id)))


def _digest_when(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", _number(parsed.extra))
    day_word, _, hhmm = parsed.arg.partition(" ")
    weekday, minute = parse_when(day_word, hhmm)
    changed = request.services.digests.reschedule(request.actor, sub.id, weekday, minute)
    day = weekday_name(request.lang, changed.weekday)
    when = f"{day} {changed.minute // 60:02d}:{changed.minute % 60:02d}"
    _digest_reply(
        request,
        messages.simple(t(request.lang, "digest.rescheduled", channel=changed.channel_id, when=when, tz=changed.tz)),
    )


def _digest_empty(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", _number(parsed.extra))
    changed = request.services.digests.set_skip_empty(request.actor, sub.id, parsed.arg == "skip")
    key = "digest.empty_skip" if changed.skip_empty else "digest.empty_post"
    _digest_reply(request, messages.simple(t(request.lang, key, channel=changed.channel_id)))


def _digest_preview(request: Request, parsed: Parsed, supplier_id: int | None) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", _number(parsed.arg))
    digest = request.services.digests.build(request.actor.team_id, sub, request.services.clock.now())
    _digest_reply(request, digest_message(digest))


ACTIONS: dict[str, Callable[[Request, Parsed, int | None], None]] = {
    "help": _help,
    "supplier.add": _supplier_add,
    "supplier.list": _supplier_list,
    "supplier.archive": _supplier_archive,
    "supplier.unarchive": _supplier_unarchive,
    "supplier.rename": _supplier_rename,
    "supplier.alias": _supplier_alias,
    "supplier.owner": _supplier_owner,
    "supplier.segment": _supplier_segment,
    "contact.add": _contact_add,
    "contact.list": _contact_list,
    "contact.remove": _contact_remove,
    "note": _note,
    "note.modal": _note_modal,
    "status": _status,
    "language": _language,
    "settings.language": _settings_language,
    "supplier.cadence": _supplier_cadence,
    "contact.key": _contact_key,
    "settings": _settings,
    "settings.cadence": _settings_cadence,
    "settings.hours": _settings_hours,
    "settings.renudge": _settings_renudge,
    "pause": _pause,
    "resume": _resume,
    "followups": _followups,
    "quiet": _quiet,
    "quiet.all": _quiet,
    "digest.subscribe": _digest_subscribe,
    "digest.list": _digest_list,
    "digest.off": _digest_off,
    "digest.when": _digest_when,
    "digest.preview": _digest_preview,
    "digest.empty": _digest_empty,
}
