"""Pure Block Kit builders: data in, dicts out. Used by handlers and the scheduler alike."""

from dataclasses import dataclass, field
from typing import Any

from bot.text import escape_mrkdwn, plain_text, truncate

SECTION_MAX = 3000
BUTTON_MAX = 75
OPTION_MAX = 75


@dataclass(frozen=True)
class Message:
    """A message body: `text` is the notification fallback, `blocks` what Slack shows."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(mrkdwn, SECTION_MAX)}}


def context(mrkdwn: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(mrkdwn, SECTION_MAX)}]}


def plain(text: str, limit: int = BUTTON_MAX) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(plain_text(text), limit), "emoji": True}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, OPTION_MAX), "value": value}


def esc(text: str) -> str:
    """User text for mrkdwn: `& < >` escaped once; the links and mentions Slack sent stay live."""
    return escape_mrkdwn(text)


def hhmm(minutes: int) -> str:
    """Minutes after midnight as `09:00`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
