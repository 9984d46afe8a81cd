"""Pure argument parsers: the rest of a `/covalis …` line after its command words → typed arguments.

Each parser takes the rest of the line and the command's key (for the usage line of a refusal). No Slack, no SQL.
"""

import re
from dataclasses import dataclass, replace

from bot.services.brief import ATTENDEES_MAX
from bot.services.interfaces import parse_interface
from bot.services.segments import parse_segment
from bot.text import MARK_CLOSE, MARK_OPEN, as_typed
from handlers.registry import UsageError
from handlers.untrusted import read_id

_MENTION = re.compile(r"<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9_]+)(?:\|([^>]*))?>$")
HERE_WORDS = frozenset({"here", "hier"})
EMPTY_CHOICES = {"skip": True, "overslaan": True, "post": False, "plaatsen": False, "show": False, "tonen": False}
ALL_WORDS = frozenset({"all", "alle", "archived", "gearchiveerd"})
UNTIL_WORDS = frozenset({"until", "tot", "t/m"})
CADENCE_OFF_WORDS = frozenset({"off", "uit"})
AUDIT_WORDS = frozenset({"audit", "logboek"})
CONFIRM_WORDS = frozenset({"confirm", "bevestig", "bevestigen"})
SUCCESSOR_WORDS = frozenset({"successor", "opvolger", "opvolgster"})


@dataclass(frozen=True)
class NoArgs:
    pass


@dataclass(frozen=True)
class Topic:
    words: str = ""


@dataclass(frozen=True)
class SupplierArg:
    supplier: str


@dataclass(frozen=True)
class SupplierPeople:
    """`<supplier> [@colleague …]`: a supplier and the colleagues named after it."""

    supplier: str
    colleagues: tuple[str, ...] = ()
    beyond: tuple[str, ...] = ()  # named after the first ATTENDEES_MAX: listed as not sent, never looked up in Slack


@dataclass(frozen=True)
class Note:
    supplier: str
    text: str


@dataclass(frozen=True)
class Search:
    words: str
    supplier: str | None = None


@dataclass(frozen=True)
class MaybeSupplier:
    supplier: str | None = None


@dataclass(frozen=True)
class Retention:
    months: str
    audit: bool = False  # the audit log's own period rather than the texts'
    confirm: bool = False  # a shorter period that empties texts: the admin has seen how many


@dataclass(frozen=True)
class SupplierHistory:
    supplier: str
    contact: str | None = None


@dataclass(frozen=True)
class NewSupplier:
    name: str
    segment: str = "routine"


@dataclass(frozen=True)
class SupplierListing:
    include_archived: bool = False
    segment: str | None = None
    owner_id: str | None = None


@dataclass(frozen=True)
class SupplierValue:
    """`<supplier>: <value>` — a new name, an alias, a contact's name."""

    supplier: str
    value: str


@dataclass(frozen=True)
class SupplierOwner:
    supplier: str
    user_id: str


@dataclass(frozen=True)
class SupplierSegment:
    supplier: str
    segment: str


@dataclass(frozen=True)
class SupplierCadence:
    supplier: str
    cadence: str  # days, `off` or `default`; the service's parse_days reads it


@dataclass(frozen=True)
class NewContact:
    supplier: str
    name: str
    role: str | None = None


@dataclass(frozen=True)
class ContactInterface:
    supplier: str
    name: str
    interface: str  # a key of bot.services.interfaces.INTERFACES


@dataclass(frozen=True)
class KeyContact:
    supplier: str
    name: str
    cadence: str | None = None  # days or `off`; none: the segment's cadence


@dataclass(frozen=True)
class ContactLeft:
    supplier: str
    name: str
    successor: str | None = None  # as typed after `successor`/`opvolger`; "" when the word came without a name


@dataclass(frozen=True)
class Language:
    language: str


@dataclass(frozen=True)
class Pause:
    until: str


@dataclass(frozen=True)
class SegmentCadence:
    segment: str
    cadence: str


@dataclass(frozen=True)
class SegmentInterfaces:
    segment: str
    interfaces: str  # a list, `none` or `default`; the service reads it, after checking the user is an admin


@dataclass(frozen=True)
class Hours:
    hours: str


@dataclass(frozen=True)
class Renudge:
    days: int


@dataclass(frozen=True)
class Holidays:
    country: str


@dataclass(frozen=True)
class DigestTarget:
    """Where a digest goes: `channel_id` None means the channel the command was typed in."""

    channel_id: str | None = None
    channel_name: str | None = None
    segment: str | None = None
    owner_id: str | None = None


@dataclass(frozen=True)
class DigestNumber:
    number: int | None = None


@dataclass(frozen=True)
class DigestWhen:
    day: str
    time: str
    number: int | None = None


@dataclass(frozen=True)
class DigestEmpty:
    skip: bool
    number: int | None = None


# --- parsers: (rest, key) → arguments -------------------------------------------------------------------------------


def nothing(rest: str, key: str) -> NoArgs:
    if rest:
        raise UsageError(key, "usage.unexpected", text=rest)
    return NoArgs()


def topic(rest: str, _key: str) -> Topic:
    return Topic(rest)


def supplier_name(rest: str, key: str) -> SupplierArg:
    if not rest:
        raise UsageError(key, "usage.missing_supplier")
    return SupplierArg(rest)


def supplier_people(rest: str, key: str) -> SupplierPeople:
    """The supplier's name up to the first mention, then only mentions (words that are not one are refused)."""
    first = _MENTION.search(rest)
    name = (rest[: first.start()] if first else rest).strip()
    if not name:
        raise UsageError(key, "usage.missing_supplier")
    tail = rest[first.start() :] if first else ""
    stray = _MENTION.sub(" ", tail).split()
    if stray:
        raise UsageError(key, "usage.unexpected", text=stray[0])
    colleagues = tuple(dict.fromkeys(mention.group(1) for mention in _MENTION.finditer(tail)))
    return SupplierPeople(as_typed(name).strip(), colleagues[:ATTENDEES_MAX], colleagues[ATTENDEES_MAX:])


_NOTE_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")


def _first_separator(rest: str) -> int:
    """Where the first colon outside Slack markup is (`<https://…>` has one of its own), or -1."""
    depth = 0
    for index, char in enumerate(rest):
        if char in ("<", MARK_OPEN):
            depth += 1
        elif char in (">", MARK_CLOSE) and depth:
            depth -= 1
        elif char == ":" and not depth:
            return index
    return -1


def note(rest: str, key: str) -> Note:
    """`<supplier>: <text>`; without a colon, `<supplier> - <text>` (a spaced dash, en or em dash too)."""
    at = _first_separator(rest)
    supplier, colon, text = (rest[:at], ":", rest[at + 1 :]) if at >= 0 else (rest, "", "")
    if not colon:
        dashed = _NOTE_DASH.split(rest, maxsplit=1)
        if len(dashed) == 2:
            supplier, colon, text = dashed[0], "-", dashed[1]
    if not colon or not supplier.strip():
        raise UsageError(key, "usage.note_needs_colon")
    supplier = as_typed(supplier).strip()  # Slack links a name like Bol.com: the name is what was typed
    if not text.strip():
        raise UsageError(key, "usage.note_empty", supplier=supplier)
    return Note(supplier, text.strip())


def search(rest: str, key: str) -> Search:
    """`<words>`, or `<supplier>: <words>` for one supplier's notes only."""
    at = _first_separator(rest)
    if at >= 0 and rest[:at].strip() and rest[at + 1 :].strip():
        return Search(as_typed(rest[at + 1 :]).strip(), as_typed(rest[:at]).strip())
    words = as_typed(rest).strip(" :")
    if not words:
        raise UsageError(key, "usage.search_needs_words")
    return Search(words)


def supplier_history(rest: str, key: str) -> SupplierHistory:
    """`<supplier>`, or `<supplier>: <contact>` for the notes that contact took part in."""
    at = _first_separator(rest)
    supplier, contact = (rest[:at], rest[at + 1 :]) if at >= 0 else (rest, "")
    supplier = as_typed(supplier).strip()
    if not supplier:
        raise UsageError(key, "usage.missing_supplier")
    return SupplierHistory(supplier, as_typed(contact).strip() or None)


def new_supplier(rest: str, key: str) -> NewSupplier:
    """`<name> [segment]`: a segment as the last word is the segment, otherwise part of the name."""
    if not rest:
        raise UsageError(key, "usage.missing_supplier")
    name, _, last = rest.rpartition(" ")
    segment = parse_segment(last) if name.strip() else None
    if segment is not None:
        return NewSupplier(name.strip(), segment)
    return NewSupplier(rest)


def supplier_listing(rest: str, key: str) -> SupplierListing:
    """`[all] [segment] [@owner]`, in any order: archived ones too, one segment, one owner."""
    listing = SupplierListing()
    for word in rest.split():
        mention = _MENTION.fullmatch(word)
        if word.casefold() in ALL_WORDS:
            listing = replace(listing, include_archived=True)
        elif parse_segment(word) is not None:
            listing = replace(listing, segment=parse_segment(word))
        elif mention is not None:
            listing = replace(listing, owner_id=mention.group(1))
        else:
            raise UsageError(key, "usage.unexpected", text=word)
    return listing


def supplier_value(rest: str, key: str) -> SupplierValue:
    if not rest:
        raise UsageError(key, "usage.missing_supplier")
    supplier, colon, value = rest.partition(":")
    if not colon or not supplier.strip() or not value.strip():
        raise UsageError(key)
    return SupplierValue(supplier.strip(), value.strip())


def supplier_owner(rest: str, key: str) -> SupplierOwner:
    if not rest:
        raise UsageError(key, "usage.missing_supplier")
    mention = _MENTION.search(rest)
    if mention is None or not rest[: mention.start()].strip():
        raise UsageError(key)
    return SupplierOwner(rest[: mention.start()].strip(), mention.group(1))


def supplier_segment(rest: str, key: str) -> SupplierSegment:
    if not rest:
        raise UsageError(key, "usage.missing_supplier")
    name, _, word = rest.rpartition(" ")
    segment = parse_segment(word)
    if segment is None:
        raise UsageError(key, "usage.unknown_segment", segment=word)
    if not name.strip():
        raise UsageError(key)
    return SupplierSegment(name.strip(), segment)


def supplier_cadence(rest: str, key: str) -> SupplierCadence:
    if not rest:
        raise UsageError(key, "usage.missing_supplier")
    name, _, word = rest.rpartition(" ")
    if not name.strip():
        raise UsageError(key)
    return SupplierCadence(name.strip(), word)


def new_contact(rest: str, key: str) -> NewContact:
    value = supplier_value(rest, key)
    name, _, role = value.value.partition(",")
    return NewContact(value.supplier, name.strip(), role.strip() or None)


def contact_interface(rest: str, key: str) -> ContactInterface:
    """`<supplier>: <name> <interface>`: the last word is the interface."""
    value = supplier_value(rest, key)
    name, _, word = value.value.rpartition(" ")
    if not name.strip():
        raise UsageError(key)
    interface = parse_interface(word)
    if interface is None:
        raise UsageError(key, "usage.unknown_interface", interface=word)
    return ContactInterface(value.supplier, name.strip(), interface)


def key_contact(rest: str, key: str) -> KeyContact:
    value = supplier_value(rest, key)
    name, _, last = value.value.rpartition(" ")
    if name and (last.isdigit() or last.casefold() in CADENCE_OFF_WORDS):
        return KeyContact(value.supplier, name.strip(), last)
    return KeyContact(value.supplier, value.value)


@dataclass(frozen=True)
class ContactHolder:
    """`<supplier>: <name> @colleague`, or `auto` to let the touches decide again."""

    supplier: str
    name: str
    user_id: str | None


AUTO_WORDS = frozenset({"auto", "automatic", "automatisch"})


def contact_holder(rest: str, key: str) -> ContactHolder:
    value = supplier_value(rest, key)
    mention = _MENTION.search(value.value)
    if mention is not None and value.value[mention.end() :].strip() == "":
        name = value.value[: mention.start()].strip()
        if name:
            return ContactHolder(value.supplier, name, mention.group(1))
    name, _, last = value.value.rpartition(" ")
    if name.strip() and last.casefold() in AUTO_WORDS:
        return ContactHolder(value.supplier, name.strip(), None)
    raise UsageError(key)


def contact_left(rest: str, key: str) -> ContactLeft:
    """`<supplier>: <name>[, successor <full name>]` (Dutch `opvolger`); a colon after the word is fine too."""
    value = supplier_value(rest, key)
    name, comma, tail = value.value.partition(",")
    if not name.strip():
        raise UsageError(key)
    if not comma:
        return ContactLeft(value.supplier, name.strip())
    word, _, successor = tail.strip().partition(" ")
    word = word.rstrip(":")
    if word.casefold() not in SUCCESSOR_WORDS:
        raise UsageError(key, "usage.successor_word", text=tail.strip())
    return ContactLeft(value.supplier, name.strip(), successor.strip().lstrip(":").strip())


def language(rest: str, key: str) -> Language:
    if not rest:
        raise UsageError(key, "usage.missing_language")
    return Language(rest)


def pause(rest: str, key: str) -> Pause:
    first, _, after = rest.partition(" ")
    when = after if first.casefold() in UNTIL_WORDS else rest
    if not when.strip():
        raise UsageError(key)
    return Pause(when.strip())


def _segment_then(rest: str, key: str) -> tuple[str, str]:
    """`<segment> <value>` (a workspace setting per segment): the segment and the rest, both required."""
    segment_word, _, value = rest.partition(" ")
    if not segment_word:
        raise UsageError(key)
    segment = parse_segment(segment_word)
    if segment is None:
        raise UsageError(key, "usage.unknown_segment", segment=segment_word)
    if not value.strip():
        raise UsageError(key)
    return segment, value.strip()


def segment_cadence(rest: str, key: str) -> SegmentCadence:
    return SegmentCadence(*_segment_then(rest, key))


def segment_interfaces(rest: str, key: str) -> SegmentInterfaces:
    return SegmentInterfaces(*_segment_then(rest, key))


def hours(rest: str, key: str) -> Hours:
    if not rest:
        raise UsageError(key)
    return Hours(rest)


def maybe_supplier(rest: str, _key: str) -> MaybeSupplier:
    """`[supplier]`: the whole line names one, or nothing does."""
    supplier = as_typed(rest).strip()
    return MaybeSupplier(supplier or None)


def retention(rest: str, key: str) -> Retention:
    """`<months|off> [confirm]` or `audit|logboek <months>`; the service decides whether the months mean
    something."""
    words = rest.split()
    if len(words) == 2 and words[0].casefold() in AUDIT_WORDS:
        return Retention(words[1], audit=True)
    if len(words) == 2 and words[1].casefold() in CONFIRM_WORDS:
        return Retention(words[0], confirm=True)
    if len(words) != 1:
        raise UsageError(key)
    return Retention(words[0])


def renudge(rest: str, key: str) -> Renudge:
    days = read_id(rest)
    if days is None:
        raise UsageError(key)
    return Renudge(days)


def holidays(rest: str, key: str) -> Holidays:
    """One country code or `off`; the service decides whether the code is known."""
    if not rest or len(rest.split()) != 1:
        raise UsageError(key)
    return Holidays(rest)


def digest_target(rest: str, key: str) -> DigestTarget:
    """`here|#channel [segment|@owner]`."""
    words = rest.split()
    if not words or len(words) > 2:
        raise UsageError(key)
    head, tail = words[0], words[1:]
    channel = _CHANNEL.match(head)
    if channel is None and head.casefold() not in HERE_WORDS:
        raise UsageError(key)
    target = DigestTarget(channel.group(1), channel.group(2) or None) if channel else DigestTarget()
    if not tail:
        return target
    owner = _MENTION.fullmatch(tail[0])
    if owner is not None:
        return DigestTarget(target.channel_id, target.channel_name, owner_id=owner.group(1))
    segment = parse_segment(tail[0])
    if segment is None:
        raise UsageError(key, "digest.bad_filter", filter=tail[0])
    return DigestTarget(target.channel_id, target.channel_name, segment=segment)


def _number(word: str, key: str) -> int:
    number = read_id(word)
    if number is None:
        raise UsageError(key)
    return number


def digest_number(rest: str, key: str) -> DigestNumber:
    words = rest.split()
    if len(words) > 1:
        raise UsageError(key)
    return DigestNumber(_number(words[0], key) if words else None)


def digest_when(rest: str, key: str) -> DigestWhen:
    words = rest.split()
    if len(words) not in (2, 3):
        raise UsageError(key)
    return DigestWhen(words[0], words[1], _number(words[2], key) if len(words) == 3 else None)


def digest_empty(rest: str, key: str) -> DigestEmpty:
    words = rest.split()
    if not words or len(words) > 2 or words[0].casefold() not in EMPTY_CHOICES:
        raise UsageError(key)
    return DigestEmpty(EMPTY_CHOICES[words[0].casefold()], _number(words[1], key) if len(words) == 2 else None)


# --- issue 19: merge duplicates, forget a person --------------------------------------------------------------------

_INTO = re.compile(r"\s+(?:into|naar|->|\u2192)\s+", re.IGNORECASE)
_IN = re.compile(r"\s+in\s+", re.IGNORECASE)  # Dutch `in`: only when no clearer word is there ("Made in Holland")


@dataclass(frozen=True)
class SupplierMerge:
    merged: str
    kept: str


@dataclass(frozen=True)
class ContactMerge:
    supplier: str
    merged: str
    kept: str
    kept_supplier: str | None = None  # `into Beta: Piet`: named with a supplier, which must be the same one


def _split_into(text: str, key: str) -> tuple[str, str]:
    """`<a> into <b>` (Dutch `in`, `naar`; an arrow too): split at the last such word, so a name may hold one;
    `in` only when none of the others is there."""
    found = list(_INTO.finditer(text)) or list(_IN.finditer(text))
    if not found:
        raise UsageError(key, "usage.merge_into")
    merged, kept = text[: found[-1].start()].strip(), text[found[-1].end() :].strip()
    if not merged or not kept:
        raise UsageError(key, "usage.merge_into")
    return merged, kept


def supplier_merge(rest: str, key: str) -> SupplierMerge:
    if not rest:
        raise UsageError(key, "usage.missing_supplier")
    merged, kept = _split_into(as_typed(rest), key)
    return SupplierMerge(merged, kept)


def contact_merge(rest: str, key: str) -> ContactMerge:
    """`<supplier>: <a> into <b>`; `<b>` may name the supplier again (`Acme: Piet`)."""
    value = supplier_value(rest, key)
    merged, kept = _split_into(value.value, key)
    kept_supplier, colon, kept_name = kept.partition(":")
    if colon and kept_supplier.strip() and kept_name.strip():
        return ContactMerge(value.supplier, merged, kept_name.strip(), kept_supplier.strip())
    return ContactMerge(value.supplier, merged, kept)
