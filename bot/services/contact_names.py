"""First names in a note that name more than one contact of the supplier: the note asks which one is meant."""

import re
from dataclasses import dataclass

from bot.services.notes import ContactName
from bot.text import KEPT_TOKEN, loose_key


@dataclass(frozen=True)
class AmbiguousName:
    word: str  # as typed: "Jan"
    contacts: list[ContactName]


def ambiguous_first_names(text: str, contacts: list[ContactName]) -> list[AmbiguousName]:
    """Capitalised first names shared by two or more contacts, none of whom the text names in full.

    Accents are ignored as in note understanding ("Jose" is José). Slack's kept markup is skipped: a mention is a
    colleague, and a link's label is a page's title, not a person talked to; a typed "<…>" is read like any text.
    """
    plain = KEPT_TOKEN.sub(" ", text)
    haystack = loose_key(plain)
    by_first: dict[str, list[ContactName]] = {}
    for contact in contacts:
        first = loose_key(contact.name).split(" ")[0]
        if len(first) > 1:
            by_first.setdefault(first, []).append(contact)
    found: list[AmbiguousName] = []
    seen: set[str] = set()
    for word in re.findall(r"\w+", plain):
        key = loose_key(word)
        sharing = by_first.get(key, [])
        if not word[:1].isupper() or len(sharing) < 2 or key in seen:
            continue
        seen.add(key)
        if any(_has_words(haystack, loose_key(c.name)) for c in sharing):
            continue
        found.append(AmbiguousName(word, sharing))
    return found


def _has_words(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None
