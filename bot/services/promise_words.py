"""Whether a note's follow-up is a promise to the supplier: "we promised …", "toegezegd", "we'll send … by friday",
"we sturen … voor vrijdag". A promise the supplier made to us ("they promised", "Jan heeft beloofd", "Jan will send")
is no promise of ours, and an ordinary follow-up ("follow up friday", "send the forecast by friday") is none either:
the tag `#promise` / `#belofte` or the button on the confirmation makes one by hand.

Read in the masked text (bot.services.followup_dates.masked), so a link's label never makes a promise.
"""

import re

from bot.services.followup_dates import FollowUpPhrase, masked

PROMISE_TAGS = {"promise", "belofte", "toezegging"}

_PROMISE_WORD = re.compile(
    r"(?<![\w-])(?P<word>promised|promise|promising|committed|commit|beloofd|beloofden|beloven|beloof|belooft|beloofde"
    r"|toegezegd|toezeggen|toezegging|zeggen\s+toe|zegden\s+toe|zeg\s+toe)(?![\w-])",
    re.IGNORECASE,
)
# Said of someone else: the supplier's promise to us.
_FINITE_OF_OTHERS = {"promised", "promises", "committed", "beloofde", "belooft", "zegde", "zegt"}
_FIRST_PERSON = {"we", "wij", "i", "ik", "we'll", "i'll", "we’ll", "i’ll", "we've", "i've", "ons", "us"}
_THIRD_PERSON = {"they", "he", "she", "zij", "ze", "hij", "it", "they'll", "he'll", "she'll", "they've"}
_THIRD_PERSON_AUX = {"has", "heeft", "had"}
_CLAUSE_STOP = re.compile(r"[,.;:!?\n]")
_WORD = re.compile(r"[\w'’]+")
# "we'll send", "I will send", "we are going to send", "ik stuur", "we sturen", "wij leveren … voor vrijdag".
_ENGLISH_COMMITMENT = re.compile(
    r"(?<![\w'’])(?:we|i)(?:['’]ll|\s+will|\s+shall|\s+are\s+going\s+to|\s+am\s+going\s+to|\s+promise\s+to)(?![\w'’])",
    re.IGNORECASE,
)
_DUTCH_SUBJECT = re.compile(r"(?<![\w'’])(?P<subject>we|wij|ik)\s+(?P<verb>[^\W\d_]+)", re.IGNORECASE)
_NOT_A_COMMITMENT = {
    "moeten", "moet", "willen", "wil", "kunnen", "kan", "hebben", "heb", "zijn", "ben", "waren", "was", "hadden",
    "had", "hoeven", "hoef", "mogen", "mag", "wachten", "wacht", "krijgen", "krijg", "kregen", "kreeg", "ontvangen",
    "ontving", "ontvingen", "zagen", "zag", "denken", "denk", "weten", "weet", "vinden", "vind", "vroegen", "vroeg",
    "horen", "hoor", "hoorden", "often", "even", "open", "golden", "seven", "eleven", "happen", "listen", "then",
    "begrijpen", "snappen", "twijfelen", "twijfel", "verwachten", "verwacht", "hopen", "hoop", "niet", "geen",
}  # fmt: skip


def is_promise(summary: str, follow_up: FollowUpPhrase | None, tags: list[str]) -> bool:
    """A dated follow-up is a promise when tagged so, or when the note says we promised or commit to it."""
    if follow_up is None:
        return False
    if any(tag.lstrip("#").casefold() in PROMISE_TAGS for tag in tags):
        return True
    plain = masked(summary)
    return _we_promised(plain) or _we_commit(plain, follow_up)


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE_STOP.finditer(text, 0, pos):
        start = m.end()
    end = _CLAUSE_STOP.search(text, pos)
    return start, len(text) if end is None else end.start()


def _we_promised(plain: str) -> bool:
    """A promise word whose subject is us (or left out, as notes do: "Offerte voor vrijdag toegezegd")."""
    for match in _PROMISE_WORD.finditer(plain):
        start, _ = _clause_bounds(plain, match.start())
        before = _WORD.findall(plain[start : match.start()])
        if not _said_of_others(before, match["word"].casefold()):
            return True
    return False


def _said_of_others(before: list[str], word: str) -> bool:
    """ "they promised", "Jan heeft beloofd", "Jan promised": the first pronoun, an auxiliary, or a name decides."""
    lowered = [w.casefold() for w in before]
    for w in lowered:
        if w in _FIRST_PERSON:
            return False
        if w in _THIRD_PERSON:
            return True
    if any(w in _THIRD_PERSON_AUX for w in lowered):
        return True
    return bool(before) and word in _FINITE_OF_OTHERS and before[-1][:1].isupper()


def _we_commit(plain: str, follow_up: FollowUpPhrase) -> bool:
    """ "We'll send … by friday", "we sturen … voor vrijdag": we are the subject of the deadline's clause."""
    start, end = _clause_bounds(plain, follow_up.start)
    clause = plain[start:end]
    if _ENGLISH_COMMITMENT.search(clause):
        return True
    for match in _DUTCH_SUBJECT.finditer(clause):
        verb = match["verb"].casefold()
        if verb in _NOT_A_COMMITMENT or verb.endswith(("den", "ten", "de", "te")):
            continue
        if match["subject"].casefold() == "ik" or verb.endswith("en"):
            return True
    return False
