"""Understanding a one-line note: kind and privacy hashtags, @mentions, contacts named, and a follow-up phrase."""

import re
from dataclasses import dataclass, field
from datetime import date

from bot.services.date_words import past_day
from bot.services.followup_dates import (
    FollowUpPhrase,
    FollowUpReading,
    masked,
    month_first,
    read_follow_up,
)
from bot.services.promise_words import PROMISE_TAGS, is_promise
from bot.text import KEPT_TOKEN, MARK_CLOSE, MARK_OPEN, loose_key, one_line

KINDS = ("meeting", "call", "visit", "email", "chat", "event", "note")

KIND_TAGS = {
    "call": "call",
    "phone": "call",
    "belletje": "call",
    "bellen": "call",
    "gebeld": "call",
    "telefoon": "call",
    "meeting": "meeting",
    "vergadering": "meeting",
    "overleg": "meeting",
    "afspraak": "meeting",
    "visit": "visit",
    "bezoek": "visit",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "event": "event",
    "evenement": "event",
    "chat": "chat",
    "note": "note",
    "notitie": "note",
}
PRIVATE_TAGS = {"private", "privé", "prive", "vertrouwelijk"}
ALL_TAGS = PRIVATE_TAGS | set(KIND_TAGS) | PROMISE_TAGS

# Slack's kept markup (links, mentions, channels: see bot.text) is matched first so a "#" inside it is left alone;
# a typed "<…>" is plain text, hashtags and all.
_HASHTAG = re.compile(rf"{KEPT_TOKEN.pattern}|[ \t]*(?<![\w&])#([\w-]+)(?=[,.;:!?])|(?<![\w&])#([\w-]+)")
_MENTION = re.compile(f"{MARK_OPEN}<@([UW][A-Z0-9_]+)(?:\\|[^<>{MARK_OPEN}{MARK_CLOSE}]*)?>{MARK_CLOSE}")
_CHANNEL_TAG = re.compile(f"{MARK_OPEN}<#[CG][A-Z0-9_]+\\|([\\w-]+)>{MARK_CLOSE}")
_SPACES = re.compile(r"[ \t]+")
FOLLOW_UP_TEXT_MAX = 300


@dataclass(frozen=True)
class ContactName:
    id: int
    name: str
    left: bool = False  # left the supplier: named in full, still logged (history), never picked by a shared first name
    aliases: tuple[str, ...] = ()  # other full names (of duplicates merged into them): named by these in full too


@dataclass(frozen=True)
class UnderstoodNote:
    summary: str
    kind: str
    private: bool
    colleague_ids: list[str]
    contact_ids: list[int]
    follow_up_text: str | None = None
    follow_up_due: date | None = None
    tags: list[str] = field(default_factory=list)
    follow_up_problem: str | None = None  # "no_date" or "past_date": a trigger was seen, no follow-up was made
    follow_up_seen: str | None = None  # the words read as the trigger or phrase, to quote back
    occurred_on: date | None = None  # None: now; else the day the note's first words say it happened
    ambiguous: list["AmbiguousName"] = field(default_factory=list)  # "Jan" with two Jans: the note asks which
    promise: bool = False  # the follow-up is a promise to the supplier (bot/services/promise_words.py)


def understand_note(
    text: str, *, author_id: str, contacts: list[ContactName], today: date, locale: str | None = None
) -> UnderstoodNote:
    """Reads what a note says about itself; `today` is the author's local date and `locale` Slack's, for dates."""
    summary, kind, private, tags = _read_tags(text)
    reading = read_follow_up(summary, today=today, month_first=month_first(locale))
    follow_up = reading.phrase
    promise_tag = next((tag for tag in tags if tag.lstrip("#").casefold() in PROMISE_TAGS), None)
    if follow_up is None and reading.problem is None and promise_tag is not None:
        # "#promise" without a date: a promise needs one, so the confirmation asks for it instead of dropping it
        reading = FollowUpReading(problem="no_date", seen="#" + promise_tag.lstrip("#"))
    # Only the date words are left out ("15 jan" is no contact Jan); "follow up with Jan on Monday" still names Jan.
    # Kept markup is blanked, same length: a mention is a colleague, not a contact, and a link's label is the title
    # of a page someone pasted ("<https://…|Jan's deck>"), not a sign the note is about a talk with Jan.
    promised = is_promise(summary, follow_up, tags)
    plain = masked(summary)
    outside_follow_up = plain if follow_up is None else plain[: follow_up.day_start] + " " + plain[follow_up.day_end :]
    return UnderstoodNote(
        summary=summary,
        kind=kind,
        private=private,
        colleague_ids=_colleagues(author_id, summary),
        contact_ids=_contacts_named(outside_follow_up, contacts),
        ambiguous=ambiguous_first_names(outside_follow_up, contacts),
        follow_up_text=_task(summary, follow_up, promised) if follow_up is not None else None,
        follow_up_due=follow_up.due if follow_up else None,
        tags=tags,
        follow_up_problem=reading.problem,
        follow_up_seen=_seen(reading),
        occurred_on=occurred_on(summary, today),
        promise=promised,
    )


def _seen(reading: FollowUpReading) -> str | None:
    return None if reading.seen is None else one_line(reading.seen, FOLLOW_UP_TEXT_MAX)


_LEADING_WORDS = re.compile(r"[^\W\d_][\w'-]*|\d+", re.UNICODE)


def occurred_on(summary: str, today: date) -> date | None:
    """ "Gisteren met Jan gebeld", "last Tuesday: visit": the day a note's first words date it to, else None."""
    plain = masked(summary)  # a link's label ("<https://…|yesterday's minutes>") never dates the note
    words = [m.group().casefold() for m in _LEADING_WORDS.finditer(plain[:80])]
    head = plain.lstrip().casefold()
    found = past_day(words, today)
    if found is None or not head.startswith(words[0]):
        return None
    return found[0]


def _read_tags(text: str) -> tuple[str, str, bool, list[str]]:
    """The text without its kind and privacy tags, tidied, with the kind, privacy and tags it had."""
    kind = "note"
    private = False
    tags: list[str] = []

    def _strip_tag(match: re.Match[str]) -> str:
        nonlocal kind, private
        word = match.group(1) or match.group(2)
        if word is None:
            # With should_escape on, Slack turns "#private" into a channel link when such a channel exists.
            link = _CHANNEL_TAG.fullmatch(match.group(0))
            word = link.group(1) if link and link.group(1).casefold() in ALL_TAGS else None
        if word is None:
            return match.group(0)
        tag = word.casefold()
        if tag in PRIVATE_TAGS:
            private = True
        elif tag in KIND_TAGS:
            kind = KIND_TAGS[tag]
        elif tag not in PROMISE_TAGS:
            return match.group(0)
        tags.append("#" + word)
        return ""

    summary = _HASHTAG.sub(_strip_tag, text)
    summary = _MENTION.sub(lambda m: f"{MARK_OPEN}<@{m.group(1)}>{MARK_CLOSE}", summary)
    summary = "\n".join(_SPACES.sub(" ", line).strip() for line in summary.splitlines()).strip()
    return summary, kind, private, tags


def _colleagues(author_id: str, summary: str) -> list[str]:
    """The author first, then everyone @mentioned, each once."""
    colleagues = [author_id]
    for user_id in _MENTION.findall(summary):
        if user_id not in colleagues:
            colleagues.append(user_id)
    return colleagues


_WE_WILL = re.compile(r"^(?:we|i)(?:\s+will|['’]ll)\s+(?=\w)", re.IGNORECASE)


def _task(summary: str, follow_up: FollowUpPhrase, promised: bool) -> str:
    """The follow-up's text; a promise reads as the task itself ("send the forecast", not "we'll send the forecast")."""
    text = promise_text(summary, follow_up)
    return _WE_WILL.sub("", text, count=1) if promised else text


def promise_text(summary: str, follow_up: FollowUpPhrase) -> str:
    """What was promised, as a readable task: the words after the date, else the note without the date phrase."""
    rest = (summary[: follow_up.start] + summary[follow_up.end :]).strip(" ,;.-:")
    return one_line(follow_up.what or follow_up.task or rest or summary, FOLLOW_UP_TEXT_MAX)


@dataclass(frozen=True)
class AmbiguousName:
    word: str  # as typed: "Jan"
    contacts: list[ContactName]


def _by_first_name(contacts: list[ContactName]) -> dict[str, list[ContactName]]:
    """Contacts grouped by their first name, accent-free (a single letter is no name)."""
    grouped: dict[str, list[ContactName]] = {}
    for contact in contacts:
        first = loose_key(contact.name).split(" ")[0]
        if len(first) > 1:
            grouped.setdefault(first, []).append(contact)
    return grouped


def ambiguous_first_names(text: str, contacts: list[ContactName]) -> list[AmbiguousName]:
    """Capitalised first names shared by two or more current contacts, none of whom the text names in full (someone
    who left is never offered). Read from the same text as `_contacts_named` (date words and kept markup left out),
    so the two never disagree."""
    haystack = loose_key(text)
    by_first = _by_first_name([c for c in contacts if not c.left])
    found: list[AmbiguousName] = []
    seen: set[str] = set()
    for word in re.findall(r"\w+", text):
        key = loose_key(word)
        sharing = by_first.get(key, [])
        if not word[:1].isupper() or len(sharing) < 2 or key in seen:
            continue
        seen.add(key)
        if not any(_has_word(haystack, loose_key(c.name)) for c in sharing):
            found.append(AmbiguousName(word, sharing))
    return found


def _contacts_named(text: str, contacts: list[ContactName]) -> list[int]:
    """Contacts named by full name, or by a capitalised first name that no other contact of the supplier shares.

    Accents are ignored; a first name must be capitalised so "we will send" does not name Will Smith. Someone who
    left the supplier is named by a first name only when no other contact, current or gone, has it: "Sara" is the
    current Sara, not the one who left; "Sara Kok", who left, is not also the current Sara.
    """
    haystack = loose_key(text)
    capitalised = {loose_key(word) for word in re.findall(r"\w+", text) if word[:1].isupper()}
    by_first_current = _by_first_name([c for c in contacts if not c.left])
    by_first_all = _by_first_name(contacts)
    found: list[int] = []
    for contact in contacts:
        key = loose_key(contact.name)
        first = key.split(" ")[0]
        sharing = (by_first_all if contact.left else by_first_current).get(first, [])
        others_named = any(
            _has_word(haystack, loose_key(other.name)) for other in by_first_all.get(first, []) if other is not contact
        )
        by_first_name = len(sharing) == 1 and first in capitalised and not others_named
        by_alias = any(_has_word(haystack, loose_key(alias)) for alias in contact.aliases)
        if _has_word(haystack, key) or by_alias or (by_first_name and _has_word(haystack, first)):
            found.append(contact.id)
    return found


def _has_word(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None
