"""The capture modal and the App Home tab."""

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.clock import zone
from bot.i18n import format_date, t
from bot.services.notes import KINDS
from bot.services.relationships import HomeData
from bot.text import one_line, truncate
from handlers import ids
from handlers.blocks import actions, button, context, esc, option, plain, section

SUMMARY_MAX = 3000
CUT_MARKER = " […]"
HOME_ROWS = 40


@dataclass(frozen=True)
class CaptureForm:
    """What the modal shows: empty for `/covalis note`, prefilled from a message or a pending note."""

    today: date
    supplier: tuple[int, str] | None = None
    contacts: list[tuple[int, str]] = field(default_factory=list)
    summary: str = ""
    kind: str = "meeting"
    source: str = "modal"
    channel_id: str | None = None
    message_ts: str | None = None
    permalink: str | None = None
    reply_channel: str | None = None
    team_domain: str | None = None
    nudge_ref: str | None = None
    selected_contacts: list[int] = field(default_factory=list)
    private: bool = False


def prefill_summary(text: str) -> str:
    """A message longer than the input takes is cut with a visible marker, never silently."""
    return truncate(text, SUMMARY_MAX, CUT_MARKER)


def capture_modal(lang: str, form: CaptureForm) -> dict[str, Any]:
    private_option = {
        "text": plain(t(lang, "modal.private")),
        "description": plain(t(lang, "modal.private_hint"), 150),
        "value": "private",
    }
    supplier_select: dict[str, Any] = {
        "type": "external_select",
        "action_id": ids.ACTION_SUPPLIER_SELECT,
        "placeholder": plain(t(lang, "modal.supplier_placeholder")),
        "min_query_length": 0,
    }
    if form.supplier:
        supplier_select["initial_option"] = option(form.supplier[1], str(form.supplier[0]))
    blocks: list[dict[str, Any]] = [
        {
            "type": "input",
            "block_id": ids.BLOCK_SUPPLIER,
            "dispatch_action": True,
            "label": plain(t(lang, "modal.supplier")),
            "element": supplier_select,
        }
    ]
    if form.supplier and form.contacts:
        blocks.append(
            {
                "type": "input",
                "block_id": f"{ids.BLOCK_CONTACTS}:{form.supplier[0]}",
                "optional": True,
                "label": plain(t(lang, "modal.contacts")),
                "element": {
                    "type": "multi_static_select",
                    "action_id": ids.ACTION_CONTACTS,
                    "placeholder": plain(t(lang, "modal.contacts_placeholder")),
                    "options": [option(name, str(cid)) for cid, name in form.contacts[:100]],
                    **(
                        {
                            "initial_options": [
                                option(name, str(cid))
                                for cid, name in form.contacts[:100]
                                if cid in form.selected_contacts
                            ]
                        }
                        if any(cid in form.selected_contacts for cid, _ in form.contacts[:100])
                        else {}
                    ),
                },
            }
        )
    elif form.supplier:
        blocks.append(context(t(lang, "modal.no_contacts", supplier=esc(form.supplier[1]))))
    else:
        blocks.append(context(t(lang, "modal.pick_supplier_first")))
    blocks += [
        {
            "type": "input",
            "block_id": ids.BLOCK_COLLEAGUES,
            "optional": True,
            "label": plain(t(lang, "modal.colleagues")),
            "element": {
                "type": "multi_users_select",
                "action_id": ids.ACTION_COLLEAGUES,
                "placeholder": plain(t(lang, "modal.colleagues_placeholder")),
            },
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_KIND,
            "label": plain(t(lang, "modal.kind")),
            "element": {
                "type": "static_select",
                "action_id": ids.ACTION_KIND,
                "options": [option(t(lang, "kind." + k), k) for k in KINDS],
                "initial_option": option(t(lang, "kind." + form.kind), form.kind),
            },
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_DATE,
            "label": plain(t(lang, "modal.date")),
            "element": {"type": "datepicker", "action_id": ids.ACTION_DATE, "initial_date": form.today.isoformat()},
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_SUMMARY,
            "label": plain(t(lang, "modal.summary")),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.ACTION_SUMMARY,
                "multiline": True,
                "max_length": SUMMARY_MAX,
                "placeholder": plain(t(lang, "modal.summary_placeholder"), 150),
                **({"initial_value": prefill_summary(form.summary)} if form.summary else {}),
            },
        },
        {
            "type": "input",
            "block_id": ids.BLOCK_PRIVATE,
            "optional": True,
            "label": plain(t(lang, "modal.visibility")),
            "element": {
                "type": "checkboxes",
                "action_id": ids.ACTION_PRIVATE,
                "options": [private_option],
                **({"initial_options": [private_option]} if form.private else {}),
            },
        },
    ]
    if form.permalink:
        blocks.append(context(t(lang, "modal.from_message", link=form.permalink)))
    metadata: dict[str, Any] = {
        "source": form.source,
        "channel": form.channel_id,
        "ts": form.message_ts,
        "permalink": form.permalink,
        "reply": form.reply_channel,
        "kind": form.kind,
        "domain": form.team_domain,
        "nudge": form.nudge_ref,
    }
    return {
        "type": "modal",
        "callback_id": ids.VIEW_CAPTURE,
        "title": plain(t(lang, "modal.title"), 24),
        "submit": plain(t(lang, "modal.submit"), 24),
        "close": plain(t(lang, "modal.close"), 24),
        "private_metadata": json.dumps(metadata, separators=(",", ":")),
        "blocks": blocks,
    }


def home_view(lang: str, data: HomeData, tz: str) -> dict[str, Any]:
    """The App Home: the user's relationships with their state, their open follow-ups, and a Log button."""
    local = zone(tz)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(t(lang, "home.title"), 150)},
        section(t(lang, "home.intro")),
        actions(button(t(lang, "button.log_interaction"), ids.ACTION_HOME_LOG, "home", "primary")),
        {"type": "divider"},
        section(f"*{t(lang, 'home.relationships')}*"),
    ]
    if data.relationships:
        for row in data.relationships[:HOME_ROWS]:
            last = (
                format_date(lang, row.last_touch_at.astimezone(local).date())
                if row.last_touch_at
                else t(lang, "nudge.never")
            )
            due = format_date(lang, row.due_at.astimezone(local).date()) if row.due_at else ""
            blocks.append(context(t(lang, "home.row." + row.state, name=esc(row.name), last=last, due=due)))
    else:
        blocks.append(context(t(lang, "home.no_relationships")))
    blocks.append(section(f"*{t(lang, 'home.follow_ups')}*"))
    if data.follow_ups:
        for f in data.follow_ups[:HOME_ROWS]:
            blocks.append(
                {
                    "type": "section",
                    "text": {
                        "type": "mrkdwn",
                        "text": t(
                            lang,
                            "followups.row",
                            supplier=esc(f.supplier_name),
                            text=esc(one_line(f.text, 200)),
                            due=format_date(lang, f.due_date),
                        ),
                    },
                    "accessory": button(t(lang, "button.done"), f"{ids.ACTION_FOLLOW_UP_DONE}:{f.id}", str(f.id)),
                }
            )
        hidden = max(data.follow_ups_total, len(data.follow_ups)) - min(len(data.follow_ups), HOME_ROWS)
        if hidden > 0:
            blocks.append(context(t(lang, "list.more", count=hidden) + " `/covalis followups`"))
    else:
        blocks.append(context(t(lang, "followups.none")))
    blocks.append(context(t(lang, "home.hint")))
    return {"type": "home", "blocks": blocks[:100]}
