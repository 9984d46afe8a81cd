"""The `/covalis` command registry: every subcommand declared once, next to its handler.

A declaration names the words that reach it (English and Dutch), the parser that turns the rest of the line into
typed arguments, the handler, its help group and who may run it. Parsing, dispatch, the early refusal, `help`,
`help <command>`, usage lines and "did you mean …?" are all read from here, so they cannot drift apart. The catalogs
hold each command's texts under `cmd.<key>.args` (argument syntax), `cmd.<key>.help` and `cmd.<key>.examples`
(argument parts of examples, one a line: a test proves each parses back into its own command).
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.text import clean_text, from_slack, unmark


class Who(Enum):
    """Who may run a command. The service enforces it; the registry declares it for help and an early refusal."""

    ANYONE = "anyone"
    OWNER = "owner"  # the supplier's owner, or an admin
    ADMIN = "admin"  # a Slack workspace admin or owner, or someone in COVALIS_ADMINS


@dataclass(frozen=True)
class Word:
    """One word of a command path: what help shows in each language, and every spelling that is understood."""

    en: str
    nl: str
    also: tuple[str, ...] = ()

    def shown(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en

    def spellings(self) -> frozenset[str]:
        return frozenset(w.casefold() for w in (self.en, self.nl, *self.also))

    def matches(self, typed: str) -> bool:
        return typed.casefold() in self.spellings()


class UsageError(Exception):
    """The text does not fit a command's grammar.

    `topic` is the command key (or group word) whose usage to show; `suggestions` are command keys close to what was
    typed, for "did you mean …?".
    """

    def __init__(
        self, topic: str | None, key: str = "usage.wrong", *, suggestions: tuple[str, ...] = (), **params: object
    ) -> None:
        super().__init__(key)
        self.topic = topic
        self.key = key
        self.params = params
        self.suggestions = suggestions


Parser = Callable[[str, str], Any]  # (rest of the line, command key) → typed arguments; raises UsageError
Handler = Callable[[Any, Any], None]  # (request, arguments)


@dataclass(frozen=True)
class Command:
    key: str
    path: tuple[Word, ...]
    group: str
    parse: Parser
    run: Handler
    who: Who = Who.ANYONE
    bare: bool = False  # also runs when the first word of its path is typed alone (`note`, `digest`)
    keeps_markup: bool = False  # its text keeps Slack's live links and mentions; other arguments are read plain

    def words(self, lang: str) -> str:
        return " ".join(word.shown(lang) for word in self.path)


@dataclass(frozen=True)
class Invocation:
    command: Command
    args: Any

    @property
    def key(self) -> str:
        return self.command.key


GROUPS = ("capture", "suppliers", "reminders", "digest", "settings", "help")
# `help <group>` in either language: the words a user may type for a whole group.
GROUP_WORDS = {
    "capture": ("capture", "logging", "vastleggen"),
    "suppliers": ("suppliers", "contacts", "leveranciers", "contactpersonen"),
    "reminders": ("reminders", "nudges", "herinneringen"),
    "digest": ("digests", "overzichten"),
    "settings": ("settings", "instellingen"),
}


@dataclass
class Registry:
    commands: dict[str, Command] = field(default_factory=dict)

    def add(self, command: Command) -> None:
        if command.key in self.commands:
            raise ValueError(f"command {command.key} declared twice")
        if command.group not in GROUPS:
            raise ValueError(f"command {command.key} is in unknown group {command.group}")
        self.commands[command.key] = command

    def command(
        self,
        key: str,
        *path: Word,
        group: str,
        parse: Parser,
        who: Who = Who.ANYONE,
        bare: bool = False,
        keeps_markup: bool = False,
    ) -> Callable[[Handler], Handler]:
        """Declares the decorated function as the handler of `key`."""

        def declare(run: Handler) -> Handler:
            command = Command(key, path, group, parse, run, who=who, bare=bare, keeps_markup=keeps_markup)
            self.add(command)
            return run

        return declare

    def __getitem__(self, key: str) -> Command:
        return self.commands[key]

    def in_group(self, group: str) -> list[Command]:
        return [c for c in self.commands.values() if c.group == group]

    def starting_with(self, word: str) -> list[Command]:
        return [c for c in self.commands.values() if c.path[0].matches(word)]

    # --- parsing ------------------------------------------------------------------------------------------------

    def parse(self, raw: str) -> Invocation:
        """The command a line of text names, with its typed arguments."""
        text = prepare(raw)
        if not text:
            return self._invoke(self["help"], "")
        head, rest = split_first(text)
        head = head.rstrip(":") or head  # `status: Acme`, `help: notes` — a colon after a command word is no separator
        candidates = self.starting_with(head)
        if not candidates:
            raise UsageError(None, "usage.unknown_command", suggestions=self.suggest(text), command=head)
        if not rest:
            bare = [c for c in candidates if c.bare or len(c.path) == 1]
            if bare:
                return self._invoke(min(bare, key=lambda c: not c.bare), "")
        sub, after = split_first(rest)
        for command in candidates:
            if len(command.path) == 2 and command.path[1].matches(sub):
                return self._invoke(command, after)
        single = [c for c in candidates if len(c.path) == 1]
        if single:
            return self._invoke_or_suggest(single[0], rest, text)
        group_word = candidates[0].path[0].en
        if not sub:
            raise UsageError(group_word)
        raise UsageError(group_word, "usage.unknown_subcommand", suggestions=self.suggest(text), command=sub)

    def _invoke_or_suggest(self, command: Command, rest: str, text: str) -> Invocation:
        """A one-word command with the rest as its arguments; when they don't fit (`digest lst`, `quiet al`), the
        subcommands of the same word that come close are suggested."""
        try:
            return self._invoke(command, rest)
        except UsageError as exc:
            near = tuple(
                key for key in self.suggest(text) if len(self[key].path) == 2 and self[key].path[0] is command.path[0]
            )
            if near and not exc.suggestions:
                raise UsageError(exc.topic, exc.key, suggestions=near, **exc.params) from exc
            raise

    def _invoke(self, command: Command, rest: str) -> Invocation:
        return Invocation(command, command.parse(rest if command.keeps_markup else unmark(rest), command.key))

    # --- help and suggestions -------------------------------------------------------------------------------------

    def find_topic(self, words: str) -> tuple[list[Command], tuple[str, ...]]:
        """`help <words>`: the commands those words name (one, or a whole group), else the nearest ones."""
        typed = " ".join(words.casefold().split())
        if not typed:
            return list(self.commands.values()), ()
        group = next((g for g, words in GROUP_WORDS.items() if typed in words), None)
        if group is not None:
            return self.in_group(group), ()
        head, rest = split_first(typed)
        starting = self.starting_with(head)
        if starting and not rest:
            return starting, ()
        exact = [c for c in self.commands.values() if typed in _phrases(c)]
        if exact:
            return exact, ()
        return [], self.suggest(typed)

    def suggest(self, typed: str, limit: int = 3) -> tuple[str, ...]:
        """Command keys nearest to the first one or two words typed: the first word close to a command's, and for
        two-word commands the second word close too."""
        words = typed.casefold().split()[:2]
        if not words:
            return ()
        scores: dict[str, float] = {}
        for command in self.commands.values():
            score = _closeness(words[0], command.path[0])
            if score < FIRST_WORD_CLOSE:
                continue
            if len(command.path) == 2 and len(words) == 2:
                second = _closeness(words[1], command.path[1])
                if second < SECOND_WORD_CLOSE:
                    continue
                score = (score + second) / 2
            scores[command.key] = score
        order = list(self.commands)
        ranked = sorted(scores, key=lambda key: (-scores[key], order.index(key)))
        return tuple(ranked[:limit])


FIRST_WORD_CLOSE = 0.75
SECOND_WORD_CLOSE = 0.6


def _closeness(typed: str, word: Word) -> float:
    return max(difflib.SequenceMatcher(None, typed, spelling).ratio() for spelling in word.spellings())


def _phrases(command: Command) -> set[str]:
    """Every way to type the command's words: `supplier add`, `leverancier toevoegen`, `suppliers nieuw` …"""
    phrases = set(command.path[0].spellings())
    for word in command.path[1:]:
        phrases = {f"{p} {s}" for p in phrases for s in word.spellings()}
    return phrases


_FIRST = re.compile(r"(\S+)\s*(.*)", re.DOTALL)


def split_first(text: str) -> tuple[str, str]:
    """The first word and the rest (line breaks in the rest kept: a note may have several lines)."""
    match = _FIRST.match(text.strip())
    if match is None:
        return "", ""
    return match.group(1), match.group(2).strip()


def prepare(raw: str) -> str:
    """Slack's escaped text decoded once and control characters removed."""
    return clean_text(from_slack(raw))
