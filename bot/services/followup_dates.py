"""Find the follow-up in a note ("follow up friday", "Jan terugbellen vrijdag", "send the forecast by friday").

A follow-up is an explicit trigger (follow up, opvolgen, nabellen, terugbellen, remind, actie:) with a date next to
it, or a deadline word (by, before, voor, uiterlijk, within) with a date where it reads as a deadline: after a task,
never after a quantity, a change or thanks ("korting van 5% voor 2-3 jaar", "delivery delayed by 2 weeks", "dank
voor maandag"), and never before an amount of time ("voor 2-3 maanden"). The day itself is read by date_words.
A trigger without a date, or with a day that has passed, is reported rather than dropped.

Slack's own markup kept in the text (a link, a mail link, a channel, a mention, between bot.text's marks) is read as
one opaque word: everything is found in a copy where each such token is a same-length placeholder (`masked`), and the
follow-up text is cut from the original at the same places, so it holds a whole token or none of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.services.date_words import MAX_DATE_WORDS, PAST, find_day, is_duration, parse_day, past_day
from bot.services.weekdays import AMBIGUOUS_WEEKDAY_WORDS
from bot.text import KEPT_TOKEN

__all__ = [
    "FollowUpPhrase",
    "FollowUpReading",
    "extract_follow_up",
    "masked",
    "month_first",
    "parse_day",
    "read_follow_up",
]

# Not a letter, digit, space or punctuation: no word, date, trigger or clause end is ever read in it.
_PLACEHOLDER = "\ufffc"


def masked(text: str) -> str:
    """The text with each kept markup token replaced by placeholders of the same length, so indexes line up."""
    return KEPT_TOKEN.sub(lambda m: _PLACEHOLDER * len(m.group()), text)


_MAX_SKIPPED_WORDS = 4


@dataclass(frozen=True)
class FollowUpPhrase:
    """A follow-up found in a note: when it is due, where it sits in the text, and what is to be done."""

    due: date
    start: int
    end: int
    task: str
    what: str = field(default="", compare=False)
    day_start: int = field(default=-1, compare=False)
    day_end: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class FollowUpReading:
    """What the note says about a follow-up: the phrase, or the problem ("no_date", "past_date") and the words seen."""

    phrase: FollowUpPhrase | None = None
    problem: str | None = None
    seen: str | None = None


_EXPLICIT = (
    r"(?P<explicit>(?:follow(?:\s+|-)?up|fu|opvolgen|nabellen|terugbellen|terugkomen|call(?:\s+[\w'’-]+){0,2}?\s+back"
    r"|remind(?:\s+(?:me|us))?|reminder|herinner\s+(?:me|ons))(?![\w-])"
    r"|(?:actie|actiepunt|action|action\s+item|todo|to-do)(?=\s*:))"
    r"(?:\s*[:\-–—])?"
    r"(?:\s+(?:by|before|on|until|uiterlijk|voor|vóór|op)(?![\w-]))?"
)
_DEADLINE = r"(?P<deadline>by|before|uiterlijk|voor|vóór|within|binnen|no\s+later\s+than|deadline)(?![\w-])"
_TRIGGER_RE = re.compile(rf"(?<![\w-])(?:{_EXPLICIT}|{_DEADLINE})", re.IGNORECASE)
# Triggers that are themselves the task ("Jan terugbellen"): the follow-up keeps them, only the date goes.
_VERB_TRIGGERS = re.compile(r"nabellen|terugbellen|terugkomen|call\b.*", re.IGNORECASE | re.DOTALL)
_COLON_TRIGGER = re.compile(r"actie|actiepunt|action|action\s+item|todo|to-do", re.IGNORECASE)
_CONNECTORS = {"by", "before", "on", "until", "uiterlijk", "voor", "vóór", "op", "at"}
_WITH = {"with", "met", "bij"}
_NEGATIONS = {"no", "not", "geen", "niet", "without", "zonder", "never", "nooit", "hoeft", "don't", "dont"}
_STRONG_DEADLINES = {"uiterlijk", "deadline", "no later than"}
_RELATIVE_DEADLINES = {"within", "binnen"}
_THANKS = {"dank", "bedankt", "dankjewel", "dankuwel", "thanks", "thank", "thx", "merci", "cheers"}
_CHANGES = {
    "delayed", "postponed", "extended", "moved", "pushed", "shifted", "increased", "decreased", "raised", "lowered",
    "reduced", "dropped", "discount", "discounted", "valid", "late", "later", "earlier", "fixed", "locked",
    "vertraagd", "uitgesteld", "verlengd", "verschoven", "opgeschoven", "verhoogd", "verlaagd", "verminderd",
    "korting", "geldig", "vastgelegd", "vast", "eerder", "verlenging", "vertraging", "delay",
}  # fmt: skip
_TASK_WORDS = {
    "send", "call", "email", "mail", "check", "ask", "confirm", "share", "review", "sign", "prepare", "update",
    "schedule", "book", "get", "finish", "return", "reply", "chase", "contact", "arrange", "plan", "draft", "submit",
    "order", "pay", "fix", "write", "quote", "renew", "provide", "deliver", "decide", "organise", "organize",
    "finalise", "finalize", "complete", "answer", "invite", "follow", "ping", "sort", "set",
    "will", "'ll", "need", "needs", "must", "should", "to", "promised", "agreed", "going", "wants",
    "stuur", "stuurt", "bel", "belt", "mailt", "checkt", "vraag", "vraagt", "regel", "regelt",
    "maak", "maakt", "lever", "levert", "doe", "doet", "plant", "moet", "zal", "gaat", "wil", "beloofd",
    "toegezegd", "graag", "komt", "geeft", "laat", "stuurde",
}  # fmt: skip
_NOT_INFINITIVES = {"weken", "dagen", "maanden", "jaren", "kosten", "heren", "dames", "prijzen_", "seven", "often"}
_PREPOSITIONS = {
    "about",
    "re",
    "regarding",
    "on",
    "over",
    "op",
    "for",
    "voor",
    "met",
    "with",
    "inzake",
    "aan",
    "(see",
    "(zie",
}
_CLAUSE_STOP = re.compile(r"[,.;:!?\n]")
_TASK_STOP = re.compile(r"[,.;!?\n]")
_TASK_LEAD_RE = re.compile(r"^[\s:\-–—]*(?:(?:to|om)\b)?[\s:\-–—]*", re.IGNORECASE)
_WORD_RE = re.compile(r"\S+")
_WORDS_RE = re.compile(r"[\w%€$'’.-]+")


def month_first(locale: str | None) -> bool:
    """Slack's locale: only an en-US author writes the month first (12/1 is December 1st)."""
    return (locale or "").replace("_", "-").casefold() == "en-us"


def _stop(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where the clause that runs from pos ends (in masked text: a link never ends it, even with a dot inside)."""
    m = pattern.search(text, pos)
    return len(text) if m is None else m.start()


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE_STOP.finditer(text, 0, pos):
        start = m.end()
    return start


@dataclass(frozen=True)
class _Day:
    due: date | None  # None: the words name a day that has passed
    start: int
    end: int


class _Reader:
    """One note, read for its follow-up: today, the date order, and the words of the text.

    Words, dates and clauses are found in `plain` (the masked text); what is quoted or kept is cut from `text`.
    """

    def __init__(self, text: str, today: date, month_first: bool) -> None:
        self.text = text
        self.plain = masked(text)
        self.today = today
        self.month_first = month_first

    def tokens(self, start: int, end: int) -> list[re.Match[str]]:
        return list(_WORD_RE.finditer(self.plain, start, end))

    def day_at(self, pos: int) -> _Day | None:
        """A day named by the words starting at pos, up to the end of the clause."""
        tokens = self.tokens(pos, _stop(_CLAUSE_STOP, self.plain, pos))
        candidates = tokens[:MAX_DATE_WORDS]
        words = [token.group().lower() for token in candidates]
        if not words:
            return None
        found = find_day(
            words, self.today, clause_continues=len(tokens) > len(candidates), month_first=self.month_first
        ) or self.past_words(words)
        if found is None or (is_duration(words[:2]) and found[1] <= 2):
            return None
        due, count = found
        return _Day(None if due is PAST else due, candidates[0].start(), candidates[count - 1].end())  # type: ignore[arg-type]

    def past_words(self, words: list[str]) -> tuple[object, int] | None:
        """ "terugbellen vorige week dinsdag": words naming a past day right after a trigger are a passed date."""
        found = past_day(words, self.today)
        return None if found is None else (PAST, found[1])

    def whole_day(self, tokens: list[re.Match[str]]) -> _Day | None:
        """Tokens that together are exactly one day ("vrijdag", "volgende week"), for a date before the trigger."""
        words = [token.group().lower() for token in tokens]
        if len(words) == 1 and words[0] in AMBIGUOUS_WEEKDAY_WORDS:
            return None
        found = find_day(words, self.today, month_first=self.month_first)
        if found is None or found[1] != len(words):
            return None
        due = None if found[0] is PAST else found[0]
        return _Day(due, tokens[0].start(), tokens[-1].end())  # type: ignore[arg-type]

    def task_after(self, end: int) -> str:
        return _TASK_LEAD_RE.sub("", self.text[end : _stop(_TASK_STOP, self.plain, end)], count=1).strip()


def _day_after_skipping_names(reader: _Reader, pos: int) -> _Day | None:
    """ "follow up with Jan on Monday": a day after "with/met" and a name of up to four words."""
    tokens = reader.tokens(pos, _stop(_CLAUSE_STOP, reader.plain, pos))
    if not tokens or tokens[0].group().casefold() not in _WITH:
        return None
    for index in range(1, min(len(tokens) - 1, _MAX_SKIPPED_WORDS + 1)):
        start = index + 1
        if tokens[start].group().casefold() in _CONNECTORS and start + 1 < len(tokens):
            start += 1
        day = reader.day_at(tokens[start].start())
        if day is not None:
            return day
    return None


def _day_ending_the_clause(reader: _Reader, pos: int, *, connector_needed: bool) -> _Day | None:
    """ "follow up about the forecast on Monday", "actie: offerte sturen vrijdag": a day closing the clause."""
    tokens = reader.tokens(pos, _stop(_CLAUSE_STOP, reader.plain, pos))
    for size in range(min(len(tokens), MAX_DATE_WORDS), 0, -1):
        first = len(tokens) - size
        has_connector = first > 0 and tokens[first - 1].group().casefold() in _CONNECTORS
        if first == 0 or (connector_needed and not has_connector):
            continue
        day = reader.whole_day(tokens[first:])
        if day is not None:
            return _Day(day.due, tokens[first - 1].start() if has_connector else day.start, day.end)
    return None


def _day_before(reader: _Reader, trigger: re.Match[str]) -> _Day | None:
    """Dutch puts the day before the verb: "Jan vrijdag terugbellen", "volgende week opvolgen"."""
    tokens = reader.tokens(_clause_start(reader.plain, trigger.start()), trigger.start())
    for size in range(min(len(tokens), MAX_DATE_WORDS), 0, -1):
        day = reader.whole_day(tokens[len(tokens) - size :])
        if day is not None:
            return day
    return None


def _negated(reader: _Reader, trigger: re.Match[str]) -> bool:
    before = reader.plain[_clause_start(reader.plain, trigger.start()) : trigger.start()].casefold().split()
    return any(word in _NEGATIONS for word in before[-3:])


def _explicit_day(reader: _Reader, trigger: re.Match[str]) -> _Day | None:
    colon = _COLON_TRIGGER.fullmatch(trigger["explicit"]) is not None
    return (
        reader.day_at(trigger.end())
        or _day_after_skipping_names(reader, trigger.end())
        or _day_ending_the_clause(reader, trigger.end(), connector_needed=not colon)
        or _day_before(reader, trigger)
    )


def _phrase(start: int, day: _Day, what: str, task: str) -> FollowUpPhrase:
    assert day.due is not None
    return FollowUpPhrase(
        due=day.due,
        start=start,
        end=max(day.end, start),
        task=task,
        what=_tidy(what),
        day_start=day.start,
        day_end=day.end,
    )


def _explicit_what(reader: _Reader, trigger: re.Match[str], day: _Day, task: str) -> str:
    """The task after the date; with "about …" after it, the trigger and name lead ("follow up with Jan about …")."""
    text = reader.text
    colon = _COLON_TRIGGER.fullmatch(trigger["explicit"]) is not None
    lead_start = trigger.end() if colon else trigger.start()
    lead = _tidy(text[lead_start : day.start]) if day.start > trigger.start() else trigger["explicit"]
    lead = re.sub(rf"\s+(?:{'|'.join(_CONNECTORS)})$", "", lead, flags=re.IGNORECASE)
    if task:
        first = task.split()[0].casefold()
        return f"{lead} {task}" if first in _PREPOSITIONS or first.startswith("(") else task
    cut_start, cut_end = _cut(trigger, day)
    if colon:
        text = text[: trigger.start()] + " " * (trigger.end() - trigger.start()) + text[trigger.end() :]
    return _tidy(text[:cut_start] + " " + text[cut_end:]) or lead


def _cut(trigger: re.Match[str], day: _Day) -> tuple[int, int]:
    """What leaves the note to make the task: the day, and the trigger too unless it is the task itself."""
    if day.start < trigger.start():
        return day.start, day.end
    right_after = not trigger.string[trigger.end() : day.start].strip()
    if _VERB_TRIGGERS.fullmatch(trigger["explicit"]):
        return (trigger.end("explicit") if right_after else day.start), day.end
    if _COLON_TRIGGER.fullmatch(trigger["explicit"]):
        return day.start, day.end  # the trigger is blanked by the caller: "actie: offerte sturen vrijdag"
    return trigger.start(), day.end


def _read_explicit(reader: _Reader, trigger: re.Match[str]) -> FollowUpReading | None:
    if _negated(reader, trigger):
        return None
    seen = _tidy(trigger.group())
    day = _explicit_day(reader, trigger)
    if day is None:
        return FollowUpReading(problem="no_date", seen=seen)
    if day.due is None:
        return FollowUpReading(problem="past_date", seen=_tidy(reader.text[min(trigger.start(), day.start) : day.end]))
    task = reader.task_after(day.end) if day.end >= trigger.end() else ""
    start = min(trigger.start(), day.start)
    return FollowUpReading(_phrase(start, day, _explicit_what(reader, trigger, day, task), task))


def _reads_as_deadline(before: list[str], word: str, after: list[str]) -> bool:
    """A task around the deadline word, and no quantity, change or thanks right before it."""
    if any(w in _THANKS for w in before) or (before and _quantity_or_change(before[-3:])):
        return False
    if any(w in _CHANGES for w in after):
        return False
    return word in _STRONG_DEADLINES or _has_task(before + after)


def _quantity_or_change(words: list[str]) -> bool:
    return any(ch.isdigit() for ch in words[-1]) or any(w in _CHANGES for w in words)


def _has_task(words: list[str]) -> bool:
    """An English verb or modal, or a Dutch infinitive before or after ("offerte voor vrijdag sturen")."""
    if any(w in _TASK_WORDS or w.endswith("'ll") for w in words):
        return True
    return any(len(w) >= 5 and w.endswith("en") and w not in _NOT_INFINITIVES for w in words)


def _read_deadline(reader: _Reader, trigger: re.Match[str]) -> FollowUpReading | None:
    text, plain = reader.text, reader.plain
    word = " ".join(trigger["deadline"].casefold().split())
    day = reader.day_at(trigger.start() if word in _RELATIVE_DEADLINES else trigger.end())
    if day is None:
        return None
    clause = slice(_clause_start(plain, trigger.start()), trigger.start())
    after = slice(day.end, _stop(_TASK_STOP, plain, day.end))
    before_words, after_words = _WORDS_RE.findall(plain[clause].casefold()), _WORDS_RE.findall(plain[after].casefold())
    if not _reads_as_deadline(before_words, word, after_words):
        return None
    if day.due is None:
        return FollowUpReading(problem="past_date", seen=_tidy(text[trigger.start() : day.end]))
    return FollowUpReading(_phrase(trigger.start(), day, text[clause] + " " + text[after], reader.task_after(day.end)))


def read_follow_up(text: str, *, today: date, month_first: bool = False) -> FollowUpReading:
    """The first dated follow-up in the text; else the first trigger seen without a (future) date, as a problem."""
    reader = _Reader(text, today, month_first)
    problem: FollowUpReading | None = None
    for trigger in _TRIGGER_RE.finditer(reader.plain):
        reading = _read_explicit(reader, trigger) if trigger["explicit"] else _read_deadline(reader, trigger)
        if reading is not None and reading.phrase is not None:
            return reading
        problem = problem or reading
    return problem or FollowUpReading()


def extract_follow_up(text: str, *, today: date, month_first: bool = False) -> FollowUpPhrase | None:
    """The first trigger ("follow up", "opvolgen", …) with a date; `today` is the user's."""
    return read_follow_up(text, today=today, month_first=month_first).phrase


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)])")
_REPEATED_PUNCT = re.compile(r"([,;:])(?:\s*[,;:])+")


def _tidy(text: str) -> str:
    """A readable fragment: single spaces, no space before punctuation, no stray punctuation or brackets at the ends."""
    tidy = _REPEATED_PUNCT.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(text.split())))
    tidy = tidy.strip(" ,;:-–—")
    tidy = tidy.removesuffix("(").strip()
    if tidy.startswith("(") and ")" not in tidy:
        tidy = tidy[1:].strip()
    if tidy.endswith(")") and "(" not in tidy:
        tidy = tidy[:-1].strip()
    return tidy
