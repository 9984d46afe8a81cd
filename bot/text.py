"""Text hygiene shared by every surface: Slack's escaping in, mrkdwn escaping out, name keys."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_USER_MENTION_ESCAPED = re.compile(r"&lt;@([UW][A-Z0-9_]+)(?:\|[^&]*)?&gt;")
_SPACES = re.compile(r"\s+")

NAME_MAX = 75


MARK_OPEN = "\ufff9"
MARK_CLOSE = "\ufffb"
_MARKS = re.compile("[\ufff9\ufffa\ufffb]")
# One `<…>` in Slack's raw (escaped) text: `<` and `>` inside it arrive as entities, so none may appear literally.
_RAW_TOKEN = re.compile(r"<([^<>]*)>")
_URL = re.compile(r"https?://[^\s<>|\"'`\ufff9-\ufffb]+", re.IGNORECASE)
_MAIL = re.compile(r"mailto:([^\s<>|\"'`@\ufff9-\ufffb]+@[^\s<>|\"'`@\ufff9-\ufffb]+)", re.IGNORECASE)
_CHANNEL = re.compile(r"#(C[A-Z0-9_]+)")
_USER = re.compile(r"@([UW][A-Z0-9_]+)")
# One piece of Slack markup kept in stored text (`from_slack`): a typed `<…>` is never one. No group, so other
# patterns can embed it.
KEPT_TOKEN = re.compile(f"{MARK_OPEN}<[^<>{MARK_OPEN}{MARK_CLOSE}]*>{MARK_CLOSE}")
_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);")
# Live markup in rendered mrkdwn (what escape_mrkdwn lets through), kept whole when a rendered text is cut.
_LIVE = re.compile(r"<(?:https?://|mailto:|#C|@[UW])[^<>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Markup:
    """One piece of Slack markup kept live: a link, a mail link, a channel or a user.

    `kind` is "link", "mail", "channel" or "user"; `target` the URL, address, channel id or user id (plain, decoded);
    `label` the text Slack shows for it (plain, decoded; "" when there is none).
    """

    kind: str
    target: str
    label: str

    def stored(self) -> str:
        """The form kept in stored text: Slack's markup between two marks no typed text can contain."""
        return f"{MARK_OPEN}<{self.inner()}>{MARK_CLOSE}"

    def inner(self) -> str:
        prefix = {"link": "", "mail": "mailto:", "channel": "#", "user": "@"}[self.kind]
        return prefix + self.target + (f"|{self.label}" if self.label else "")

    def mrkdwn(self) -> str:
        """Slack markup again, with the label escaped so it can't smuggle markup in."""
        prefix = {"link": "", "mail": "mailto:", "channel": "#", "user": "@"}[self.kind]
        target = _escape(self.target)
        if self.kind == "user" or not self.label:
            return f"<{prefix}{target}>"
        return f"<{prefix}{target}|{_escape(self.label)}>"

    def readable(self) -> str:
        """Plain text for the export and plain-text fields: see `plain_text`."""
        if self.kind == "link":
            bare = re.sub(r"^https?://", "", self.target, flags=re.IGNORECASE).rstrip("/")
            if not self.label or self.label in (self.target, bare):
                return self.target
            return f"{self.label} ({self.target})"
        if self.kind == "mail":
            return self.target
        if self.kind == "channel":
            return f"#{self.label}" if self.label else f"#{self.target}"
        return f"<@{self.target}>"


def parse_markup(inner: str) -> Markup | None:
    """The markup we keep, from the text between `<` and `>` (decoded); None for anything else.

    Kept: `https://…`/`http://…` links (no spaces, quotes or angle brackets in the URL), `mailto:` links, channels
    `#C…` and users `@U…`/`@W…`, each with an optional `|label` that holds no `<` or `>`. Never `!` specials
    (`<!channel>`, `<!here>`, `<!subteam^…>`, `<!date…>`), nor `javascript:` or any other scheme.
    """
    target, bar, label = inner.partition("|")
    if "<" in label or ">" in label or _MARKS.search(label) or "\n" in label:
        return None
    label = label.strip() if bar else ""
    if _URL.fullmatch(target):
        return Markup("link", target, label)
    if mail := _MAIL.fullmatch(target):
        return Markup("mail", mail.group(1), label)
    if channel := _CHANNEL.fullmatch(target):
        return Markup("channel", channel.group(1), label)
    if user := _USER.fullmatch(target):
        return Markup("user", user.group(1), label)
    return None


def _decode(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def from_slack(text: str) -> str:
    """Decode Slack's `&amp; &lt; &gt;` exactly once, so stored text is plain — except Slack's own markup.

    In Slack's text a `<…>` that arrives with literal brackets is markup Slack made (a link, a channel, a mention);
    what the user typed arrives escaped. The markup we keep (see `parse_markup`) is stored between two marks, so it
    renders live again; the marks themselves are dropped wherever else they occur, so typed text can't forge them.
    """
    text = _MARKS.sub("", text)
    out: list[str] = []
    end = 0
    for match in _RAW_TOKEN.finditer(text):
        markup = parse_markup(_decode(match.group(1)))
        if markup is None:
            continue
        out += [_decode(text[end : match.start()]), markup.stored()]
        end = match.end()
    out.append(_decode(text[end:]))
    return "".join(out)


def unmark(text: str) -> str:
    """Stored text with the kept markup as Slack wrote it, unmarked: for arguments that are read, not shown."""
    return _MARKS.sub("", text)


def kept_markup(text: str) -> list[Markup]:
    """The markup kept in a stored text, in order."""
    return [m for m in (parse_markup(match.group()[2:-2]) for match in KEPT_TOKEN.finditer(text)) if m is not None]


def _replace_kept(text: str, render: Callable[[Markup], str], rest: Callable[[str], str]) -> str:
    out: list[str] = []
    end = 0
    for match in KEPT_TOKEN.finditer(text):
        markup = parse_markup(match.group()[2:-2])  # inside the marks and the `<…>`
        if markup is None:
            continue
        out += [rest(_MARKS.sub("", text[end : match.start()])), render(markup)]
        end = match.end()
    out.append(rest(_MARKS.sub("", text[end:])))
    return "".join(out)


def plain_text(text: str) -> str:
    """Stored text as plain text (export, plain-text fields): a link its URL, or "label (URL)" when the label says
    something else; a mail link its address; a channel `#name`; a user `<@U…>`."""
    return _replace_kept(text, Markup.readable, lambda part: part)


def as_typed(text: str) -> str:
    """Stored text with each kept token turned back into what the user typed: a link's label (else its address
    without the scheme), a mail link's address, `#channel`. For names: `Bol.com`, which Slack links, stays a name."""

    def typed(markup: Markup) -> str:
        if markup.kind == "link":
            return markup.label or re.sub(r"^https?://", "", markup.target, flags=re.IGNORECASE).rstrip("/")
        return markup.readable()

    return _replace_kept(text, typed, lambda part: part)


def to_input(text: str) -> str:
    """Stored text for a plain-text input: the kept markup as Slack writes it (`<https://…|label>`), readable."""
    return _replace_kept(text, lambda m: f"<{m.inner()}>", lambda part: part)


def from_input(text: str, allowed: Iterable[object]) -> str:
    """A plain-text input's value back to stored text: only the markup we put in the input ourselves (`allowed`,
    as `to_input` wrote it) is live again; anything else typed there, brackets and all, stays plain text."""
    live = {a for a in allowed if isinstance(a, str) and a[:1] == "<" and a[-1:] == ">" and parse_markup(a[1:-1])}
    text = _MARKS.sub("", text)
    out: list[str] = []
    end = 0
    for match in _RAW_TOKEN.finditer(text):
        markup = parse_markup(match.group(1))
        if markup is None or match.group(0) not in live:
            continue
        out += [text[end : match.start()], markup.stored()]
        end = match.end()
    out.append(text[end:])
    return "".join(out)


def clean_text(text: str) -> str:
    """Strip NUL and other control characters (PostgreSQL rejects NUL); keep newlines and tabs."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


def clean_name(text: str) -> str:
    """A single-line name: control characters gone, runs of white space folded."""
    return _SPACES.sub(" ", clean_text(text)).strip()


def name_key(text: str) -> str:
    """The key names are matched by: NFKC + casefold, white space folded (SQLite's lower() folds only ASCII).

    Casefolding the Turkish capital İ leaves a combining dot ("i̇"); it is dropped so ÇELİK matches çelik.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("i\u0307", "i")
    return _SPACES.sub(" ", folded).strip()


def loose_key(text: str) -> str:
    """name_key without accents: for finding a name typed in passing (Jose Alvarez names José Álvarez)."""
    decomposed = unicodedata.normalize("NFKD", name_key(text))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def escape_mrkdwn(text: str) -> str:
    """Escape `& < >` once for mrkdwn, so `<!channel>` or a fake link in user text stays inert.

    The markup Slack itself sent (kept by `from_slack`: links, mail links, channels, users) renders live again,
    its label escaped. User mentions the author wrote (`<@U…>`) are kept working: they were already mentions in Slack.
    """
    return _replace_kept(text, Markup.mrkdwn, _escape_part)


def _escape_part(text: str) -> str:
    return _USER_MENTION_ESCAPED.sub(lambda m: f"<@{m.group(1)}>", _escape(text))


def truncate(text: str, limit: int, marker: str = "…") -> str:
    """At most `limit` characters, cut with `marker`; never inside a link or mention (kept markup in stored text,
    live markup in rendered mrkdwn) nor inside an entity such as `&amp;`: the cut moves to before it."""
    if len(text) <= limit:
        return text
    cut = max(0, limit - len(marker))
    spans = [m.span() for pattern in (KEPT_TOKEN, _LIVE, _ENTITY) for m in pattern.finditer(text, 0, cut + 10_000)]
    moved = True
    while moved:
        moved = False
        for start, end in spans:
            if start < cut < end:
                cut, moved = start, True
    return text[:cut].rstrip() + marker


def one_line(text: str, limit: int) -> str:
    return truncate(_SPACES.sub(" ", text).strip(), limit)
