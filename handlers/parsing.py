"""Pure parsing of `/covalis …` text into an action, the supplier it names and its arguments. No Slack, no SQL."""

import re
from dataclasses import dataclass

from bot.services.segments import parse_segment
from bot.text import clean_text, from_slack

_MENTION = re.compile(r"<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9_]+)(?:\|([^>]*))?>$")
DIGEST_WORDS = {
    "here": "here",
    "hier": "here",
    "list": "list",
    "lijst": "list",
    "off": "off",
    "uit": "off",
    "stop": "off",
    "when": "when",
    "wanneer": "when",
    "preview": "preview",
    "voorbeeld": "preview",
    "empty": "empty",
    "leeg": "empty",
}
EMPTY_CHOICES = {"skip": True, "overslaan": True, "post": False, "plaatsen": False, "show": False}

VERBS = {
    "help": "help",
    "hulp": "help",
    "supplier": "supplier",
    "suppliers": "supplier",
    "leverancier": "supplier",
    "leveranciers": "supplier",
    "contact": "contact",
    "contacts": "contact",
    "contactpersoon": "contact",
    "note": "note",
    "log": "note",
    "notitie": "note",
    "status": "status",
    "language": "language",
    "taal": "language",
    "settings": "settings",
    "instellingen": "settings",
    "pause": "pause",
    "pauze": "pause",
    "resume": "resume",
    "hervat": "resume",
    "followups": "followups",
    "follow-ups": "followups",
    "acties": "followups",
    "quiet": "quiet",
    "stil": "quiet",
    "digest": "digest",
    "overzicht": "digest",
}
SUB_VERBS = {
    "add": "add",
    "toevoegen": "add",
    "nieuw": "add",
    "list": "list",
    "lijst": "list",
    "archive": "archive",
    "archiveer": "archive",
    "archiveren": "archive",
    "unarchive": "unarchive",
    "dearchiveer": "unarchive",
    "herstel": "unarchive",
    "rename": "rename",
    "hernoem": "rename",
    "alias": "alias",
    "owner": "owner",
    "eigenaar": "owner",
    "segment": "segment",
    "remove": "remove",
    "verwijder": "remove",
    "language": "language",
    "taal": "language",
    "cadence": "cadence",
    "ritme": "cadence",
    "key": "key",
    "sleutel": "key",
    "hours": "hours",
    "uren": "hours",
    "werktijden": "hours",
    "renudge": "renudge",
}

SUPPLIER_ACTIONS = ("add", "list", "archive", "unarchive", "rename", "alias", "owner", "segment", "cadence")
CONTACT_ACTIONS = ("add", "list", "remove", "key")
ALL_WORDS = ("all", "alle", "iedereen", "team")
UNTIL_WORDS = ("until", "tot", "t/m")


@dataclass(frozen=True)
class Parsed:
    action: str
    supplier: str | None = None
    arg: str = ""
    extra: str | None = None


class UsageError(Exception):
    """The text does not fit the action's grammar; `action` picks the usage line to show."""

    def __init__(self, action: str, key: str = "usage.wrong", **params: object) -> None:
        super().__init__(key)
        self.action = action
        self.key = key
        self.params = params


def prepare(raw: str) -> str:
    """Slack's escaped text decoded once and control characters removed."""
    return clean_text(from_slack(raw))


def parse_command(raw: str) -> Parsed:
    text = prepare(raw)
    if not text:
        return Parsed("help")
    head, _, rest = text.partition(" ")
    verb = VERBS.get(head.casefold())
    rest = rest.strip()
    if verb is None:
        raise UsageError("help", "usage.unknown_command", command=head)
    if verb == "help":
        return Parsed("help")
    if verb == "note":
        return _parse_note(rest)
    if verb == "status":
        if not rest:
            raise UsageError("status", "usage.missing_supplier")
        return Parsed("status", supplier=rest)
    if verb == "language":
        if not rest:
            raise UsageError("language", "usage.missing_language")
        return Parsed("language", arg=rest)
    if verb == "settings":
        return _parse_settings(rest)
    if verb in ("resume", "followups"):
        return Parsed(verb)
    if verb == "quiet":
        return Parsed("quiet.all" if rest.casefold() in ALL_WORDS else "quiet")
    if verb == "digest":
        return _parse_digest(rest)
    if verb == "pause":
        first, _, after = rest.partition(" ")
        when = after if first.casefold() in UNTIL_WORDS else rest
        if not when.strip():
            raise UsageError("pause")
        return Parsed("pause", arg=when.strip())
    return _parse_group(verb, rest)


def _parse_note(rest: str) -> Parsed:
    if not rest:
        return Parsed("note.modal")
    supplier, colon, text = rest.partition(":")
    if not colon or not supplier.strip():
        raise UsageError("note", "usage.note_needs_colon")
    if not text.strip():
        raise UsageError("note", "usage.note_empty", supplier=supplier.strip())
    return Parsed("note", supplier=supplier.strip(), arg=text.strip())


def _parse_digest(rest: str) -> Parsed:
    """`digest here|#channel [segment|@owner]`, `digest list`, `digest off|preview [N]`,
    `digest when <day> <HH:MM> [N]`."""
    words = rest.split()
    if not words:
        return Parsed("digest.list")
    head, tail = words[0], words[1:]
    channel = _CHANNEL.match(head)
    sub = DIGEST_WORDS.get(head.casefold())
    if channel is not None or sub == "here":
        if len(tail) > 1:
            raise UsageError("digest")
        target = f"{channel.group(1)}|{channel.group(2) or ''}" if channel else "here"
        owner = _MENTION.fullmatch(tail[0]) if tail else None
        segment = parse_segment(tail[0]) if tail and owner is None else None
        if tail and owner is None and segment is None:
            raise UsageError("digest", "digest.bad_filter", filter=tail[0])
        return Parsed("digest.subscribe", arg=target, extra=segment or (owner.group(1) if owner else None))
    if sub == "list" and not tail:
        return Parsed("digest.list")
    if sub in ("off", "preview") and len(tail) <= 1 and (not tail or tail[0].isdigit()):
        return Parsed(f"digest.{sub}", arg=tail[0] if tail else "")
    if sub == "empty" and tail and tail[0].casefold() in EMPTY_CHOICES and (len(tail) == 1 or tail[1].isdigit()):
        skip = EMPTY_CHOICES[tail[0].casefold()]
        return Parsed("digest.empty", arg="skip" if skip else "post", extra=tail[1] if len(tail) == 2 else None)
    if sub == "when" and len(tail) in (2, 3) and (len(tail) == 2 or tail[2].isdigit()):
        return Parsed("digest.when", arg=f"{tail[0]} {tail[1]}", extra=tail[2] if len(tail) == 3 else None)
    raise UsageError("digest")


def _parse_settings(rest: str) -> Parsed:
    if not rest:
        return Parsed("settings")
    sub_word, _, value = rest.partition(" ")
    sub = SUB_VERBS.get(sub_word.casefold())
    value = value.strip()
    if sub == "language" and value:
        return Parsed("settings.language", arg=value)
    if sub == "hours" and value:
        return Parsed("settings.hours", arg=value)
    if sub == "renudge" and value:
        if not value.isdigit():
            raise UsageError("settings.renudge")
        return Parsed("settings.renudge", arg=value)
    if sub == "cadence":
        segment_word, _, days = value.partition(" ")
        segment = parse_segment(segment_word)
        if segment is None:
            raise UsageError("settings.cadence", "usage.unknown_segment", segment=segment_word)
        if not days.strip():
            raise UsageError("settings.cadence")
        return Parsed("settings.cadence", arg=segment, extra=days.strip())
    raise UsageError("settings")


def _parse_group(verb: str, rest: str) -> Parsed:
    sub_word, _, args = rest.partition(" ")
    sub = SUB_VERBS.get(sub_word.casefold())
    allowed = SUPPLIER_ACTIONS if verb == "supplier" else CONTACT_ACTIONS
    if sub is None or sub not in allowed:
        raise UsageError(verb)
    action = f"{verb}.{sub}"
    args = args.strip()
    if action == "supplier.list":
        return Parsed(action, arg=args.casefold())
    if not args:
        raise UsageError(action, "usage.missing_supplier")
    if action == "supplier.add":
        return _parse_supplier_add(args)
    if action in ("supplier.archive", "supplier.unarchive", "contact.list"):
        return Parsed(action, supplier=args)
    if action == "supplier.owner":
        mention = _MENTION.search(args)
        if mention is None or not args[: mention.start()].strip():
            raise UsageError(action)
        return Parsed(action, supplier=args[: mention.start()].strip(), arg=mention.group(1))
    if action == "supplier.cadence":
        name, _, word = args.rpartition(" ")
        if not name.strip():
            raise UsageError(action)
        return Parsed(action, supplier=name.strip(), arg=word)
    if action == "supplier.segment":
        name, _, word = args.rpartition(" ")
        segment = parse_segment(word)
        if segment is None:
            raise UsageError(action, "usage.unknown_segment", segment=word)
        if not name.strip():
            raise UsageError(action)
        return Parsed(action, supplier=name.strip(), arg=segment)
    # rename, alias, contact add, contact remove: "<supplier>: <value>"
    supplier, colon, value = args.partition(":")
    if not colon or not supplier.strip() or not value.strip():
        raise UsageError(action)
    if action == "contact.add":
        name, _, role = value.partition(",")
        return Parsed(action, supplier=supplier.strip(), arg=name.strip(), extra=role.strip() or None)
    if action == "contact.key":
        name, _, last = value.strip().rpartition(" ")
        if name and (last.isdigit() or last.casefold() in ("off", "uit")):
            return Parsed(action, supplier=supplier.strip(), arg=name.strip(), extra=last)
        return Parsed(action, supplier=supplier.strip(), arg=value.strip())
    return Parsed(action, supplier=supplier.strip(), arg=value.strip())


def _parse_supplier_add(args: str) -> Parsed:
    name, _, last = args.rpartition(" ")
    segment = parse_segment(last) if name.strip() else None
    if segment is not None:
        return Parsed("supplier.add", arg=name.strip(), extra=segment)
    return Parsed("supplier.add", arg=args, extra="routine")
