"""How Covalis logs: one line per Slack request and per job, as text or JSON lines (COVALIS_LOG_FORMAT).

Lines carry the workspace, the surface (command, action id, view, event type — never note text or tokens), the
duration and the outcome as structured fields; the JSON format writes them as keys."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

FIELDS = ("workspace", "surface", "duration_ms", "outcome")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request fields when present, and the error."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter()
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


def surface_of(body: dict[str, Any]) -> str:
    """What kind of request this is, in words safe to log: ids Covalis chose, never what a user typed."""
    if body.get("command"):
        return "command"
    kind = str(body.get("type") or "")
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return f"action:{_safe((actions[0] or {}).get('action_id'))}"
    if kind in ("view_submission", "view_closed"):
        return f"{kind}:{_safe((body.get('view') or {}).get('callback_id'))}"
    if kind == "block_suggestion":
        return f"options:{_safe(body.get('action_id'))}"
    if kind in ("message_action", "shortcut"):
        return f"shortcut:{_safe(body.get('callback_id'))}"
    event = body.get("event")
    if isinstance(event, dict):
        return f"event:{_safe(event.get('type'))}"
    return kind or "other"


def _safe(value: object) -> str:
    """An id as it came, cut short and only if it looks like one (letters, digits, _ : . -)."""
    text = str(value or "")[:60]
    return text if all(c.isalnum() or c in "_:.-" for c in text) else "?"
