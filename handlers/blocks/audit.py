"""`/covalis audit [supplier]`: who changed what, newest first, 40 a page, each line in the reader's language."""

import re
from typing import Any

from bot.clock import zone
from bot.i18n import format_date, t
from bot.services.audit import ACTIONS, AuditLog, AuditRow
from bot.services.segments import SEGMENTS
from handlers import ids
from handlers.audit_query import AuditQuery
from handlers.blocks import Message, esc, hhmm, section
from handlers.blocks.lists import page_footer, row_sections
from handlers.blocks.messages import interface_names

_USER = re.compile(r"^[UW][A-Z0-9_]{1,30}$")
_PEOPLE_VALUES = ("supplier", "contact", "merged")


def _user(lang: str, value: Any) -> str:
    return f"<@{value}>" if isinstance(value, str) and _USER.match(value) else t(lang, "audit.nobody")


def _cadence(lang: str, value: Any) -> str:
    if value is None:
        return t(lang, "audit.value_default")
    if not isinstance(value, int) or value == 0:
        return t(lang, "nudge.cadence_off")
    return t(lang, "nudge.cadence_days", days=value)


def _segment(lang: str, value: Any) -> str:
    return t(lang, "segment." + value) if value in SEGMENTS else esc(str(value))


def _setting_value(lang: str, setting: str, value: Any) -> str:
    if setting == "cadence":
        return _cadence(lang, value)
    if setting == "interfaces":
        keys = tuple(k for k in str(value or "").split(",") if k)
        return interface_names(lang, keys)
    if setting == "language":
        return t(value, "language.name") if isinstance(value, str) else t(lang, "audit.value_default")
    if value is None:
        return t(lang, "audit.value_off")
    if setting in ("retention", "audit_retention"):
        return t(lang, "audit.months", count=value) if isinstance(value, int) else esc(str(value))
    if setting == "renudge":
        return t(lang, "settings.renudge_days", days=value) if isinstance(value, int) else esc(str(value))
    return esc(str(value))


def _params(lang: str, row: AuditRow) -> dict[str, str]:
    """The detail's values as the line shows them; a key the entry lacks shows as "?" rather than failing."""
    detail = row.detail
    params = {key: esc(str(detail[key])) if detail.get(key) is not None else "?" for key in ACTIONS[row.action]}
    for key in _PEOPLE_VALUES:
        if key in params:
            params[key] = esc(str(detail.get(key) or "?"))
    if row.action == "supplier.owner":
        params["old"], params["new"] = _user(lang, detail.get("old")), _user(lang, detail.get("new"))
    elif row.action == "supplier.segment":
        params["old"], params["new"] = _segment(lang, detail.get("old")), _segment(lang, detail.get("new"))
    elif row.action == "supplier.cadence":
        params["old"], params["new"] = _cadence(lang, detail.get("old")), _cadence(lang, detail.get("new"))
    elif row.action == "contact.cadence":
        old, new = detail.get("old"), detail.get("new")
        params["old"] = _cadence(lang, old) if old else t(lang, "audit.value_not_key")
        params["new"] = _cadence(lang, new) if new else t(lang, "audit.value_not_key")
    elif row.action == "settings":
        setting = str(detail.get("setting") or "")
        name = t(lang, "audit.setting." + setting) if setting in SETTINGS else esc(setting)
        segment = detail.get("segment")
        params["setting"] = f"{name} ({_segment(lang, segment)})" if segment else name
        params["old"] = _setting_value(lang, setting, detail.get("old"))
        params["new"] = _setting_value(lang, setting, detail.get("new"))
    else:
        params.update(_import_export(lang, row.action, detail, params))
    return params


def _import_export(lang: str, action: str, detail: dict[str, Any], params: dict[str, str]) -> dict[str, str]:
    """An import's kind, a restore's counts (each with its noun in the right plural form), an export's way."""
    if action == "import":
        kind = detail.get("kind")
        return {"kind": t(lang, "audit.import_kind." + kind) if kind in IMPORT_KINDS else esc(str(kind))}
    if action == "restore":
        counted = {"suppliers": "audit.restore_suppliers", "interactions": "audit.restore_notes"}
        return {
            key: t(lang, plural, count=detail[key]) if isinstance(detail.get(key), int) else params[key]
            for key, plural in counted.items()
        }
    if action == "export":
        return {"via": t(lang, "audit.via_slack") if detail.get("via") == "slack" else t(lang, "audit.via_cli")}
    return {}


SETTINGS = ("cadence", "interfaces", "hours", "renudge", "language", "holidays", "retention", "audit_retention")
IMPORT_KINDS = ("suppliers", "contacts", "interactions")


def entry_text(lang: str, row: AuditRow, tz: str) -> str:
    local = row.at.astimezone(zone(tz))
    when = f"{format_date(lang, local.date())} {hhmm(local.hour * 60 + local.minute)}"
    who = _user(lang, row.actor_id) if row.actor_id else t(lang, "audit.operator")
    if row.action in ACTIONS:
        what = t(lang, "audit.action." + row.action, **_params(lang, row))
    else:
        what = t(lang, "audit.action_unknown", action=esc(row.action))
    return f"*{when}* · {who} · {what}"


def audit_page(lang: str, log: AuditLog, query: AuditQuery, *, tz: str) -> Message:
    supplier = esc(log.supplier_name or "")
    page = log.page
    if not page.rows:
        text = t(lang, "audit.none_supplier", supplier=supplier) if log.supplier_name else t(lang, "audit.none")
        return Message(text, [section(text)])
    if log.supplier_name:
        title = t(lang, "audit.title_supplier", count=page.total, supplier=supplier)
    else:
        title = t(lang, "audit.title", count=page.total)
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    blocks += row_sections([entry_text(lang, row, tz) for row in page.rows])
    footer = page_footer(
        lang, page, lambda offset: query.at(offset).encode(), back=ids.ACTION_AUDIT_BACK, more=ids.ACTION_AUDIT_MORE
    )
    return Message(title, blocks + footer)
