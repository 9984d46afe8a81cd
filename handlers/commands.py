"""`/covalis …`: ack at once, then parse → one service call → render, answering through response_url.

This module is the command registry: each subcommand is declared once, on its handler — its words in English and
Dutch, its argument parser, its help group and who may run it. A new subcommand is one declaration here, its
service, its texts in the two catalogs (`cmd.<key>.args|help|examples`) and a test.
"""

import logging
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.clock import zone
from bot.container import Services
from bot.i18n import format_date, t, weekday_name
from bot.services.digests import parse_when
from bot.services.errors import (
    ContactAmbiguous,
    CovalisError,
    InvalidInput,
    SupplierAmbiguous,
    SupplierArchived,
    SupplierNotFound,
)
from bot.services.followup_dates import parse_day
from bot.services.search import QUERY_MAX
from bot.services.settings import parse_days
from bot.services.suppliers import SupplierRef
from bot.services.workspaces import Actor
from bot.text import as_typed
from handlers import ids
from handlers import parsing as p
from handlers.audit import show_audit
from handlers.audit_query import AuditQuery
from handlers.blocks import Message, hhmm, messages
from handlers.blocks import help as help_blocks
from handlers.blocks import pulse as pulse_blocks
from handlers.blocks.coverage import ties_message
from handlers.blocks.digests import digest_preview, subscription_list
from handlers.blocks.imports import import_modal
from handlers.blocks.merging import forget_modal, merge_modal
from handlers.briefing import send_brief, send_map
from handlers.context import Request, actor_from_body, look_up, make_request, refresh_profile, standing_in
from handlers.files import OutgoingFile, send_to_dm
from handlers.handover import tell_owners
from handlers.history import show_history
from handlers.history_query import HistoryQuery
from handlers.list_query import ListQuery
from handlers.lists import show_list
from handlers.registry import Invocation, Registry, UsageError, Who, Word, prepare, split_first
from handlers.search import show_search
from handlers.search_query import SearchQuery
from handlers.views import open_capture, open_view, today_for

logger = logging.getLogger(__name__)

COMMANDS = Registry()
# What an admin-only command's early refusal says, when it is not about changing settings.
ADMIN_REFUSALS = {"audit": "audit.not_allowed", "export": "export.not_allowed"}
command = COMMANDS.command

# The words of the command paths. Help shows the first English or Dutch word; every spelling is understood.
HELP = Word("help", "hulp")
NOTE = Word("note", "notitie", also=("log",))
STATUS = Word("status", "status")
SUPPLIER = Word("supplier", "leverancier", also=("suppliers", "leveranciers"))
CONTACT = Word("contact", "contact", also=("contacts", "contactpersoon", "contactpersonen"))
ADD = Word("add", "toevoegen", also=("nieuw",))
LIST = Word("list", "lijst")
ARCHIVE = Word("archive", "archiveer", also=("archiveren",))
UNARCHIVE = Word("unarchive", "herstel", also=("dearchiveer",))
RENAME = Word("rename", "hernoem")
ALIAS = Word("alias", "alias")
OWNER = Word("owner", "eigenaar")
SEGMENT = Word("segment", "segment")
REMOVE = Word("remove", "verwijder")
CADENCE = Word("cadence", "ritme")
KEY = Word("key", "sleutel")
HOLDER = Word("holder", "houder")
QUIET = Word("quiet", "stil")
ALL = Word("all", "alle", also=("iedereen", "team"))
FOLLOWUPS = Word("followups", "acties", also=("follow-ups",))
PAUSE = Word("pause", "pauze")
RESUME = Word("resume", "hervat")
DIGEST = Word("digest", "overzicht")
WHEN = Word("when", "wanneer")
PREVIEW = Word("preview", "voorbeeld")
OFF = Word("off", "uit", also=("stop",))
EMPTY = Word("empty", "leeg")
LANGUAGE = Word("language", "taal")
SETTINGS = Word("settings", "instellingen")
HOURS = Word("hours", "werktijden", also=("uren",))
RENUDGE = Word("renudge", "opnieuw")
HOLIDAYS = Word("holidays", "feestdagen")
INTERFACE = Word("interface", "raakvlak")
INTERFACES = Word("interfaces", "raakvlakken")
LEFT = Word("left", "vertrokken", also=("leaves", "gone", "weg"))
PULSE = Word("pulse", "peiling", also=("klantpeiling",))
SEND = Word("send", "sturen", also=("stuur", "link"))
MERGE = Word("merge", "samenvoegen", also=("voeg",))
FORGET = Word("forget", "vergeten", also=("vergeet",))
RETENTION = Word("retention", "bewaartermijn", also=("bewaren",))
AUDIT = Word("audit", "logboek", also=("auditlog",))
EXPORT = Word("export", "exporteren", also=("exporteer",))


def register(app: App) -> None:
    app.command(ids.COMMAND)(on_covalis)


def on_covalis(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, services: Services, context: BoltContext
) -> None:
    ack()
    text = body.get("text") or ""
    standing = standing_in(context)
    # The capture form must open within the trigger's 3 seconds: a known user's profile is refreshed after it.
    # On first use it is read before, so the form's date is today where the user is.
    opens_form = NOTE.matches(prepare(text))
    known = standing.profile_known if standing is not None else services.people.profile_known(actor_from_body(body))
    later = opens_form and known
    request = make_request(services, body, respond, client, fetch_profile=not later, standing=standing)
    run_command(request, text)
    if later:
        refresh_profile(services, client, request.actor, standing)


def parse_command(text: str) -> Invocation:
    return COMMANDS.parse(text)


def run_command(
    request: Request, text: str, *, supplier_id: int | None = None, contact_choice: int | None = None
) -> None:
    """Runs one command; `supplier_id` answers an earlier "which supplier?" question for the same text, and
    `contact_choice` an earlier "which Jan?" (0: none of them)."""
    lang = request.lang
    request.supplier_id = supplier_id
    request.contact_choice = contact_choice
    invocation: Invocation | None = None
    try:
        text = _bare_note(request, text)
        request.text = text
        invocation = parse_command(text)
        request.who = invocation.command.who
        if invocation.command.who is Who.ADMIN:
            refusal = ADMIN_REFUSALS.get(invocation.key, "settings.not_allowed")
            request.services.workspace_settings.require_admin(request.actor, key=refusal)
        invocation.command.run(request, invocation.args)
    except UsageError as exc:
        request.reply(help_blocks.usage_message(lang, COMMANDS, exc, typed=prepare(text)))
    except SupplierAmbiguous as exc:
        offer_form = invocation is not None and invocation.key == "note"
        pending_id = request.services.pending.save(request.actor, text)
        request.reply(messages.ask_which_supplier(lang, pending_id, exc.phrase, exc.candidates, offer_form, exc.more))
    except SupplierNotFound as exc:
        if supplier_id is not None or invocation is None:
            request.reply(messages.error_message(lang, "supplier.gone", {}, _typed(invocation, text)))
            return
        offer_form = invocation.key == "note"
        pending_id = request.services.pending.save(request.actor, text)
        request.reply(messages.offer_new_supplier(lang, pending_id, exc.phrase, offer_form))
    except CovalisError as exc:
        usage = help_blocks.usage_line(lang, COMMANDS[invocation.key]) if invocation is not None else None
        typed = _typed(invocation, text)
        request.reply(messages.error_message(lang, exc.key, exc.params, typed, usage if _shows_usage(exc) else None))
    except Exception:
        logger.exception("command failed: %s", invocation.key if invocation else "unparsed")
        request.reply(messages.failure_message(lang, _typed(invocation, text)))


def _typed(invocation: Invocation | None, text: str) -> str:
    """What to echo with an error: a note's own text, else the whole command as typed."""
    if invocation is not None and isinstance(invocation.args, p.Note):
        return str(invocation.args.text)
    return prepare(text)


def _bare_note(request: Request, text: str) -> str:
    """`Acme: call with Jan` without `note` is a note when the first word is no command (`help:` is help) and the
    words before the colon are exactly a known supplier's name or alias — never a guess from a prefix."""
    typed = prepare(text)
    head, _ = split_first(typed)
    phrase, colon, rest = typed.partition(":")
    if not colon or not rest.strip() or not phrase.strip() or COMMANDS.starting_with(head.rstrip(":")):
        return text
    try:
        request.services.suppliers.resolve(request.actor, as_typed(phrase), include_archived=True, exact_only=True)
    except CovalisError:
        return text
    return "note " + text


def _shows_usage(exc: CovalisError) -> bool:
    return isinstance(exc, InvalidInput)


def supplier_named(text: str) -> str | None:
    """The supplier a pending text names, for "create it and carry on": None when it names none."""
    try:
        supplier = getattr(parse_command(text).args, "supplier", None)
    except UsageError:
        return None
    return supplier if isinstance(supplier, str) else None


def typed_note(text: str) -> str:
    """What the user wrote after the supplier in a pending note, or the whole text when it doesn't parse."""
    try:
        args = parse_command(text).args
    except UsageError:
        return prepare(text)
    return args.text if isinstance(args, p.Note) else prepare(text)


def _supplier(request: Request, phrase: str, *, include_archived: bool = False) -> SupplierRef:
    """The supplier the command names; for a command declared for its owner, refused at once to anyone else."""
    if request.supplier_id is not None:
        supplier = request.services.suppliers.get(request.actor, request.supplier_id)
    else:
        supplier = request.services.suppliers.resolve(request.actor, phrase, include_archived=include_archived)
    if request.who is Who.OWNER:
        request.services.suppliers.require_owner(request.actor, supplier.id)
    return supplier


def _cadence_text(lang: str, days: int | None) -> str:
    return t(lang, "nudge.cadence_days", days=days) if days else t(lang, "nudge.cadence_off")


# --- help -----------------------------------------------------------------------------------------------------------


@command("help", HELP, group="help", parse=p.topic)
def _help(request: Request, args: p.Topic) -> None:
    if not args.words:
        request.reply(help_blocks.help_overview(request.lang, COMMANDS))
        return
    found, suggestions = COMMANDS.find_topic(args.words)
    if not found:
        raise UsageError(None, "help.unknown_topic", suggestions=suggestions, words=args.words)
    request.reply(help_blocks.help_topic(request.lang, found))


# --- capture --------------------------------------------------------------------------------------------------------


@command("note", NOTE, group="capture", parse=p.note, keeps_markup=True)
def _note(request: Request, args: p.Note) -> None:
    """Logs the note; the service asks first when the supplier is archived or a first name is shared by two
    contacts — the text then waits with us and the buttons carry only ids."""
    supplier = _supplier(request, args.supplier, include_archived=True)
    services = request.services
    try:
        logged = services.capture.log_note(
            request.actor, supplier.id, args.text, tz=request.tz, contact_choice=request.contact_choice
        )
    except SupplierArchived:
        pending_id = services.pending.save(request.actor, request.text)
        request.reply(messages.archived_supplier_note(request.lang, pending_id, supplier))
        return
    except ContactAmbiguous as asked:
        pending_id = services.pending.save(request.actor, request.text)
        request.reply(messages.ask_which_contact(request.lang, pending_id, supplier, asked.word, asked.candidates))
        return
    request.reply(messages.note_logged(request.lang, logged, request.tz))


@command("note.modal", NOTE, group="capture", parse=p.nothing, bare=True)
def _note_modal(request: Request, _args: p.NoArgs) -> None:
    open_capture(request, reply_channel=request.channel_id)


# --- suppliers and contacts -----------------------------------------------------------------------------------------


@command("status", STATUS, group="suppliers", parse=p.supplier_name)
def _status(request: Request, args: p.SupplierArg) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    card = request.services.relationships.card(request.actor, supplier.id)
    request.reply(messages.supplier_card(request.lang, card, request.tz))


@command("ties", Word("ties", "banden"), group="suppliers", parse=p.supplier_name)
def _ties(request: Request, args: p.SupplierArg) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    ties = request.services.relationships.ties(request.actor, supplier.id)
    request.reply(ties_message(request.lang, ties, zone(request.tz)))


@command("map", Word("map", "kaart", also=("people-map",)), group="suppliers", parse=p.supplier_name)
def _map(request: Request, args: p.SupplierArg) -> None:
    send_map(request, _supplier(request, args.supplier, include_archived=True))


@command("brief", Word("brief", "briefing", also=("briefen",)), group="suppliers", parse=p.supplier_people)
def _brief(request: Request, args: p.SupplierPeople) -> None:
    send_brief(request, _supplier(request, args.supplier, include_archived=True), args.colleagues, args.beyond)


@command(
    "promises",
    Word("promises", "beloftes", also=("beloften", "promise", "belofte")),
    group="suppliers",
    parse=p.supplier_name,
)
def _promises(request: Request, args: p.SupplierArg) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    listed = request.services.promises.list_for(request.actor, supplier.id)
    request.reply(messages.promise_list(request.lang, listed))


@command("search", Word("search", "zoeken", also=("zoek", "find", "vind")), group="suppliers", parse=p.search)
def _search(request: Request, args: p.Search) -> None:
    supplier_id = _supplier(request, args.supplier, include_archived=True).id if args.supplier else None
    show_search(request, SearchQuery(args.words[:QUERY_MAX], supplier_id))


@command("pulse", PULSE, group="suppliers", parse=p.supplier_name)
def _pulse(request: Request, args: p.SupplierArg) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    report = request.services.pulse.report(request.actor, supplier.id)
    request.reply(pulse_blocks.pulse_report(request.lang, report, request.tz))


@command("pulse_send", PULSE, SEND, group="suppliers", parse=p.supplier_value, who=Who.OWNER)
def _pulse_send(request: Request, args: p.SupplierValue) -> None:
    """A link for a supplier's contact; without a public address to serve it from, what to configure instead."""
    supplier = _supplier(request, args.supplier)  # a colleague is refused first, naming the owner
    public_url = request.services.config.public_url
    if public_url is None or request.services.config.secret_key is None:
        request.reply(messages.simple(t(request.lang, "pulse.no_public_url")))
        return
    made = request.services.pulse.make_link(request.actor, supplier.id, args.value)
    request.reply(pulse_blocks.link_made(request.lang, made, f"{public_url}/pulse/{made.token}"))


@command("history", Word("history", "geschiedenis", also=("historie",)), group="suppliers", parse=p.supplier_history)
def _history(request: Request, args: p.SupplierHistory) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    show_history(request, HistoryQuery(supplier.id), contact=args.contact)


@command("supplier.add", SUPPLIER, ADD, group="suppliers", parse=p.new_supplier)
def _supplier_add(request: Request, args: p.NewSupplier) -> None:
    supplier = request.services.suppliers.add(request.actor, args.name, args.segment)
    request.reply(messages.supplier_added(request.lang, supplier))


@command("supplier.list", SUPPLIER, LIST, group="suppliers", parse=p.supplier_listing)
def _supplier_list(request: Request, args: p.SupplierListing) -> None:
    show_list(request, ListQuery("suppliers", args.include_archived, args.segment, args.owner_id))


@command("supplier.mine", SUPPLIER, Word("mine", "mijn"), group="suppliers", parse=p.nothing)
def _supplier_mine(request: Request, _args: p.NoArgs) -> None:
    show_list(request, ListQuery("suppliers", everyone=True, owner_id=request.actor.user_id))


@command("supplier.archive", SUPPLIER, ARCHIVE, group="suppliers", parse=p.supplier_name, who=Who.OWNER)
def _supplier_archive(request: Request, args: p.SupplierArg) -> None:
    supplier = _supplier(request, args.supplier)
    changed = request.services.suppliers.set_archived(request.actor, supplier.id, True)
    request.reply(messages.supplier_changed(request.lang, "supplier.archived", changed))


@command("supplier.unarchive", SUPPLIER, UNARCHIVE, group="suppliers", parse=p.supplier_name, who=Who.OWNER)
def _supplier_unarchive(request: Request, args: p.SupplierArg) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    changed = request.services.suppliers.set_archived(request.actor, supplier.id, False)
    request.reply(messages.supplier_changed(request.lang, "supplier.unarchived", changed))


@command("supplier.rename", SUPPLIER, RENAME, group="suppliers", parse=p.supplier_value, who=Who.OWNER)
def _supplier_rename(request: Request, args: p.SupplierValue) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    old_name, changed = request.services.suppliers.rename(request.actor, supplier.id, args.value)
    request.reply(messages.supplier_changed(request.lang, "supplier.renamed", changed, old=old_name))


@command("supplier.alias", SUPPLIER, ALIAS, group="suppliers", parse=p.supplier_value, who=Who.OWNER)
def _supplier_alias(request: Request, args: p.SupplierValue) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    changed = request.services.suppliers.add_alias(request.actor, supplier.id, args.value)
    request.reply(messages.supplier_changed(request.lang, "supplier.alias_added", changed, alias=args.value))


@command("supplier.owner", SUPPLIER, OWNER, group="suppliers", parse=p.supplier_owner, who=Who.OWNER)
def _supplier_owner(request: Request, args: p.SupplierOwner) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    new_owner = Actor(request.actor.team_id, args.user_id, request.actor.enterprise_id)
    if not look_up(request.services, request.client, new_owner):  # fresh from Slack; the service decides
        raise InvalidInput("supplier.owner_unknown", owner=args.user_id)
    changed = request.services.suppliers.set_owner(request.actor, supplier.id, args.user_id)
    request.reply(messages.supplier_changed(request.lang, "supplier.owner_set", changed, owner=args.user_id))
    if supplier.owner_id != changed.owner_id:
        tell_owners(request.services, request.client, request.actor, changed, previous=supplier.owner_id)


@command("supplier.segment", SUPPLIER, SEGMENT, group="suppliers", parse=p.supplier_segment, who=Who.OWNER)
def _supplier_segment(request: Request, args: p.SupplierSegment) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    changed = request.services.suppliers.set_segment(request.actor, supplier.id, args.segment)
    request.reply(messages.supplier_changed(request.lang, "supplier.segment_set", changed))


@command("contact.add", CONTACT, ADD, group="suppliers", parse=p.new_contact)
def _contact_add(request: Request, args: p.NewContact) -> None:
    supplier = _supplier(request, args.supplier)
    contact, created = request.services.suppliers.add_contact(request.actor, supplier.id, args.name, args.role)
    request.reply(
        messages.contact_added(request.lang, supplier, contact.name, contact.role, contact.interface, created)
    )


@command("contact.list", CONTACT, LIST, group="suppliers", parse=p.supplier_name)
def _contact_list(request: Request, args: p.SupplierArg) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    contacts = request.services.suppliers.contacts(request.actor, supplier.id)
    rows = [(c.name, c.role, c.interface) for c in contacts]
    left = frozenset(c.name for c in contacts if c.left_at is not None)
    request.reply(messages.contact_list(request.lang, supplier, rows, left))


@command("contact.interface", CONTACT, INTERFACE, group="suppliers", parse=p.contact_interface)
def _contact_interface(request: Request, args: p.ContactInterface) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    contact = request.services.suppliers.set_interface(request.actor, supplier.id, args.name, args.interface)
    interface = t(request.lang, "interface." + contact.interface)
    request.reply(
        messages.supplier_changed(
            request.lang, "contact.interface_set", supplier, contact=contact.name, interface=interface
        )
    )


@command("contact.remove", CONTACT, REMOVE, group="suppliers", parse=p.supplier_value, who=Who.OWNER)
def _contact_remove(request: Request, args: p.SupplierValue) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    contact = request.services.suppliers.remove_contact(request.actor, supplier.id, args.value)
    request.reply(messages.supplier_changed(request.lang, "contact.removed", supplier, contact=contact.name))


@command("contact.left", CONTACT, LEFT, group="suppliers", parse=p.contact_left, who=Who.OWNER)
def _contact_left(request: Request, args: p.ContactLeft) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    departure = request.services.departures.contact_left(
        request.actor, supplier.id, args.name, args.successor, tz=request.tz
    )
    request.reply(messages.contact_left(request.lang, departure))


@command("supplier.merge", SUPPLIER, MERGE, group="suppliers", parse=p.supplier_merge, who=Who.OWNER)
def _supplier_merge(request: Request, args: p.SupplierMerge) -> None:
    """What moves is shown first, in a modal; merging happens on its submit (handlers/merging.py)."""
    plan = request.services.merging.plan_supplier_merge(request.actor, args.merged, args.kept)
    open_view(request, merge_modal(request.lang, plan))


@command("contact.merge", CONTACT, MERGE, group="suppliers", parse=p.contact_merge, who=Who.OWNER)
def _contact_merge(request: Request, args: p.ContactMerge) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    plan = request.services.merging.plan_contact_merge(
        request.actor, supplier.id, args.merged, args.kept, args.kept_supplier
    )
    open_view(request, merge_modal(request.lang, plan))


@command("contact.forget", CONTACT, FORGET, group="suppliers", parse=p.supplier_value, who=Who.OWNER)
def _contact_forget(request: Request, args: p.SupplierValue) -> None:
    supplier = _supplier(request, args.supplier, include_archived=True)
    plan = request.services.forgetting.plan_forget_contact(request.actor, supplier.id, args.value)
    open_view(request, forget_modal(request.lang, plan))


# --- reminders ------------------------------------------------------------------------------------------------------


@command("quiet", QUIET, group="reminders", parse=p.nothing)
def _quiet(request: Request, _args: p.NoArgs) -> None:
    _quiet_list(request, everyone=False)


@command("quiet.all", QUIET, ALL, group="reminders", parse=p.nothing)
def _quiet_all(request: Request, _args: p.NoArgs) -> None:
    _quiet_list(request, everyone=True)


def _quiet_list(request: Request, *, everyone: bool) -> None:
    show_list(request, ListQuery("quiet", everyone))


@command("followups", FOLLOWUPS, group="reminders", parse=p.nothing)
def _followups(request: Request, _args: p.NoArgs) -> None:
    show_list(request, ListQuery("followups"))


@command("followups.all", FOLLOWUPS, ALL, group="reminders", parse=p.nothing)
def _followups_all(request: Request, _args: p.NoArgs) -> None:
    show_list(request, ListQuery("followups", everyone=True))


@command("supplier.cadence", SUPPLIER, CADENCE, group="reminders", parse=p.supplier_cadence, who=Who.OWNER)
def _supplier_cadence(request: Request, args: p.SupplierCadence) -> None:
    days = parse_days(args.cadence)
    supplier = _supplier(request, args.supplier, include_archived=True)
    changed = request.services.suppliers.set_cadence(request.actor, supplier.id, days)
    key = "supplier.cadence_default" if days is None else "supplier.cadence_set"
    request.reply(messages.supplier_changed(request.lang, key, changed, cadence=_cadence_text(request.lang, days)))


@command("contact.key", CONTACT, KEY, group="reminders", parse=p.key_contact, who=Who.OWNER)
def _contact_key(request: Request, args: p.KeyContact) -> None:
    days = parse_days(args.cadence) if args.cadence else None
    supplier = _supplier(request, args.supplier)
    contact, cadence_days = request.services.suppliers.set_key_contact(request.actor, supplier.id, args.name, days)
    key = "contact.key_set" if cadence_days else "contact.key_off"
    cadence = _cadence_text(request.lang, cadence_days)
    request.reply(messages.supplier_changed(request.lang, key, supplier, contact=contact.name, cadence=cadence))


@command("contact.holder", CONTACT, HOLDER, group="reminders", parse=p.contact_holder, who=Who.OWNER)
def _contact_holder(request: Request, args: p.ContactHolder) -> None:
    supplier = _supplier(request, args.supplier)
    if args.user_id is not None and not look_up(
        request.services, request.client, replace(request.actor, user_id=args.user_id)
    ):
        raise InvalidInput("contact.holder_unknown", holder=args.user_id)
    contact = request.services.suppliers.set_holder(request.actor, supplier.id, args.name, args.user_id)
    if args.user_id is None:
        request.reply(messages.supplier_changed(request.lang, "contact.holder_auto", supplier, contact=contact.name))
    else:
        request.reply(
            messages.supplier_changed(
                request.lang, "contact.holder_set", supplier, contact=contact.name, holder=args.user_id
            )
        )


@command("pause", PAUSE, group="reminders", parse=p.pause)
def _pause(request: Request, args: p.Pause) -> None:
    today = today_for(request.services, request.tz)
    until = parse_day(args.until, today=today)
    if until is None or until < today:
        raise InvalidInput("pause.bad_date", date=args.until)
    request.services.people.pause(request.actor, until)
    request.reply(messages.simple(t(request.lang, "pause.set", date=format_date(request.lang, until))))


@command("resume", RESUME, group="reminders", parse=p.nothing)
def _resume(request: Request, _args: p.NoArgs) -> None:
    request.services.people.pause(request.actor, None)
    request.reply(messages.simple(t(request.lang, "pause.resumed")))


# --- digest ---------------------------------------------------------------------------------------------------------


def _digest_reply(request: Request, message: Message) -> None:
    """Every digest answer first tells its creator about posts that failed since they last looked."""
    failed = request.services.digests.unseen_errors(request.actor)
    if failed:
        warnings = [
            messages.section(t(request.lang, "digest.failed", channel=s.channel_id, error=s.error or ""))
            for s in failed
        ]
        message = messages.Message(message.text, warnings + message.blocks)
    request.reply(message)


@command("digest", DIGEST, group="digest", parse=p.digest_target)
def _digest_subscribe(request: Request, args: p.DigestTarget) -> None:
    if args.channel_id is None:
        channel_id, channel_name = request.channel_id or "", request.channel_name
    else:
        channel_id, channel_name = args.channel_id, args.channel_name
    sub, created = request.services.digests.subscribe(
        request.actor,
        channel_id=channel_id,
        channel_name=channel_name or None,
        segment=args.segment,
        owner_filter=args.owner_id,
        tz=request.tz,
        language=request.lang,
    )
    key = "digest.subscribed" if created else "digest.already"
    private = channel_id.startswith("G") or channel_name == "privategroup"
    text = t(request.lang, key, channel=channel_id, number=sub.id, tz=sub.tz)
    blocks = [messages.section(text)]
    blocks.append(messages.context(t(request.lang, "digest.invite_private" if private else "digest.invite_hint")))
    _digest_reply(request, messages.Message(text, blocks))


@command("digest.list", DIGEST, LIST, group="digest", parse=p.nothing, bare=True)
def _digest_list(request: Request, _args: p.NoArgs) -> None:
    _digest_reply(request, subscription_list(request.lang, request.services.digests.subscriptions(request.actor)))


@command("digest.when", DIGEST, WHEN, group="digest", parse=p.digest_when)
def _digest_when(request: Request, args: p.DigestWhen) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", args.number)
    weekday, minute = parse_when(args.day, args.time)
    changed = request.services.digests.reschedule(request.actor, sub.id, weekday, minute)
    when = f"{weekday_name(request.lang, changed.weekday)} {hhmm(changed.minute)}"
    _digest_reply(
        request,
        messages.simple(t(request.lang, "digest.rescheduled", channel=changed.channel_id, when=when, tz=changed.tz)),
    )


@command("digest.preview", DIGEST, PREVIEW, group="digest", parse=p.digest_number)
def _digest_preview(request: Request, args: p.DigestNumber) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", args.number)
    digest, upcoming = request.services.digests.preview(request.actor.team_id, sub)
    _digest_reply(request, digest_preview(request.lang, digest, sub, upcoming))


@command("digest.off", DIGEST, OFF, group="digest", parse=p.digest_number)
def _digest_off(request: Request, args: p.DigestNumber) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", args.number)
    request.services.digests.unsubscribe(request.actor, sub.id)
    _digest_reply(request, messages.simple(t(request.lang, "digest.off", channel=sub.channel_id, number=sub.id)))


@command("digest.empty", DIGEST, EMPTY, group="digest", parse=p.digest_empty)
def _digest_empty(request: Request, args: p.DigestEmpty) -> None:
    sub = request.services.digests.pick(request.actor, request.channel_id or "", args.number)
    changed = request.services.digests.set_skip_empty(request.actor, sub.id, args.skip)
    key = "digest.empty_skip" if changed.skip_empty else "digest.empty_post"
    _digest_reply(request, messages.simple(t(request.lang, key, channel=changed.channel_id)))


# --- settings -------------------------------------------------------------------------------------------------------


@command("language", LANGUAGE, group="settings", parse=p.language)
def _language(request: Request, args: p.Language) -> None:
    language = request.services.people.set_language(request.actor, args.language)
    request.reply(messages.simple(t(language, "language.set")))


@command("settings", SETTINGS, group="settings", parse=p.nothing)
def _settings(request: Request, _args: p.NoArgs) -> None:
    request.reply(messages.settings_message(request.lang, request.services.workspace_settings.show(request.actor)))


@command("import", Word("import", "importeren"), group="settings", parse=p.nothing, who=Who.ADMIN)
def _import(request: Request, _args: p.NoArgs) -> None:
    """A modal for a spreadsheet of suppliers, contacts or history: checked first, imported on **Import**."""
    open_view(request, import_modal(request.lang))


@command("settings.language", SETTINGS, LANGUAGE, group="settings", parse=p.language, who=Who.ADMIN)
def _settings_language(request: Request, args: p.Language) -> None:
    language = request.services.workspace_settings.set_language(request.actor, args.language)
    request.reply(messages.simple(t(request.lang, "settings.language_set", language=t(language, "language.name"))))


@command("settings.cadence", SETTINGS, CADENCE, group="settings", parse=p.segment_cadence, who=Who.ADMIN)
def _settings_cadence(request: Request, args: p.SegmentCadence) -> None:
    days = parse_days(args.cadence)
    now_days = request.services.workspace_settings.set_cadence(request.actor, args.segment, days)
    segment = t(request.lang, "segment." + args.segment)
    cadence = _cadence_text(request.lang, now_days)
    request.reply(messages.simple(t(request.lang, "settings.cadence_set", segment=segment, cadence=cadence)))


@command("settings.interfaces", SETTINGS, INTERFACES, group="settings", parse=p.segment_interfaces, who=Who.ADMIN)
def _settings_interfaces(request: Request, args: p.SegmentInterfaces) -> None:
    needed, default = request.services.workspace_settings.set_interfaces(request.actor, args.segment, args.interfaces)
    request.reply(messages.interfaces_set(request.lang, args.segment, needed, default=default))


@command("settings.hours", SETTINGS, HOURS, group="settings", parse=p.hours, who=Who.ADMIN)
def _settings_hours(request: Request, args: p.Hours) -> None:
    start, end = request.services.workspace_settings.set_hours(request.actor, args.hours)
    hours = f"{hhmm(start)}–{hhmm(end)}"
    request.reply(messages.simple(t(request.lang, "settings.hours_set", hours=hours)))


@command("settings.renudge", SETTINGS, RENUDGE, group="settings", parse=p.renudge, who=Who.ADMIN)
def _settings_renudge(request: Request, args: p.Renudge) -> None:
    days = request.services.workspace_settings.set_renudge(request.actor, args.days)
    request.reply(messages.simple(t(request.lang, "settings.renudge_set", days=days)))


@command("settings.holidays", SETTINGS, HOLIDAYS, group="settings", parse=p.holidays, who=Who.ADMIN)
def _settings_holidays(request: Request, args: p.Holidays) -> None:
    country = request.services.workspace_settings.set_holidays(request.actor, args.country)
    text = (
        t(request.lang, "settings.holidays_set", country=country)
        if country
        else t(request.lang, "settings.holidays_off")
    )
    request.reply(messages.simple(text))


@command("settings.retention", SETTINGS, RETENTION, group="settings", parse=p.retention, who=Who.ADMIN)
def _settings_retention(request: Request, args: p.Retention) -> None:
    """`<months|off>` for the texts, `audit <months>` for the audit log's own period."""
    settings, lang = request.services.workspace_settings, request.lang
    if args.audit:
        months = settings.set_audit_retention(request.actor, args.months)
        request.reply(messages.simple(t(lang, "settings.audit_retention_set", count=months)))
        return
    request.reply(
        messages.retention_change(lang, settings.set_retention(request.actor, args.months, confirmed=args.confirm))
    )


# --- audit log and export ---------------------------------------------------------------------------------------


@command("audit", AUDIT, group="settings", parse=p.maybe_supplier, who=Who.ADMIN)
def _audit(request: Request, args: p.MaybeSupplier) -> None:
    supplier_id = _supplier(request, args.supplier, include_archived=True).id if args.supplier else None
    show_audit(request, AuditQuery(supplier_id))


@command("export", EXPORT, group="settings", parse=p.nothing, who=Who.ADMIN)
def _export(request: Request, _args: p.NoArgs) -> None:
    """The workspace's data as a JSON file in the asker's DM with Covalis (COVALIS_ADMINS only), built after the
    ack; the audit log has it once Slack took the file."""
    services, lang = request.services, request.lang
    made = services.export.for_slack(request.actor)
    file = OutgoingFile(
        made.filename,
        made.content,
        title=t(lang, "export.file_title"),
        alt_txt=t(lang, "export.file_title"),
        comment=t(lang, "export.file_comment"),
    )
    refused = send_to_dm(request.client, request.actor.user_id, file)
    if refused is not None:
        request.reply(messages.simple(t(lang, "export.not_sent", reason=refused)))
        return
    services.export.record_slack(request.actor)
    request.reply(messages.simple(t(lang, "export.sent")))
