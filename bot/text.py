"""Text hygiene shared by every surface: Slack's escaping in, mrkdwn escaping out, name keys."""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_USER_MENTION_ESCAPED = re.compile(r"&lt;@([UW][A-Z0-9_]+)(?:\|[^&]*)?&gt;")
_SPACES = re.compile(r"\s+")

NAME_MAX = 75


def from_slack(text: str) -> str:
    """Decode Slack's `&amp; &lt; &gt;` exactly once, so stored text is plain."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


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

    User mentions the author wrote (`<@U…>`) are kept working: they were already mentions in Slack.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _USER_MENTION_ESCAPED.sub(lambda m: f"<@{m.group(1)}>", escaped)


def truncate(text: str, limit: int, marker: str = "…") -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))].rstrip() + marker


def one_line(text: str, limit: int) -> str:
    return truncate(_SPACES.sub(" ", text).strip(), limit)
