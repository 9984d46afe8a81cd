"""Values that come back from Slack — button values, block ids, private metadata — are untrusted: anyone can post a
forged payload. Ids are read here, and only here: ASCII digits within a database integer's range, or None."""

import re

from bot.services.paging import MAX_OFFSET

ID_MAX = 2**31 - 1
_ID_DIGITS_MAX = len(str(ID_MAX))
_PERMALINK = re.compile(
    r"https://[a-z0-9][a-z0-9-]{0,62}(\.[a-z0-9][a-z0-9-]{0,62})*\.slack\.com/archives/[A-Z0-9_]{1,30}/p\d{1,20}(\?[A-Za-z0-9_=&.%-]{0,200})?"
)
_DOMAIN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def read_id(value: object) -> int | None:
    """A row id from an untrusted value: "42" → 42; "", "-1", "4.2", "²", "99999999999999999999" → None."""
    text = value if isinstance(value, str) else str(value) if isinstance(value, int) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= _ID_DIGITS_MAX):
        return None
    number = int(text)
    return number if number <= ID_MAX else None


def read_offset(value: object) -> int | None:
    """A list's offset from a More/Back button: a row count no list reaches past MAX_OFFSET, else None."""
    number = read_id(value)
    return number if number is not None and number <= MAX_OFFSET else None


def read_ids(value: object, count: int) -> list[int] | None:
    """`count` ids joined by ":" ("12:7:0"), each read as `read_id` does; None when any part is not one."""
    parts = value.split(":") if isinstance(value, str) else []
    found = [read_id(part) for part in parts]
    return [n for n in found if n is not None] if len(parts) == count and None not in found else None


def slack_permalink(value: object) -> str | None:
    """A link to a Slack message (https://<workspace>.slack.com/archives/<channel>/p<ts>), or None for anything else."""
    return value if isinstance(value, str) and _PERMALINK.fullmatch(value) else None


def workspace_domain(value: object) -> str | None:
    """A workspace's subdomain as Slack sends it (team.domain), or None: it becomes part of a link's host."""
    return value if isinstance(value, str) and _DOMAIN.fullmatch(value) else None
