"""The capture modal and the App Home tab."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import zone
from bot.i18n import format_date, t
from bot.services.capture import EditableNote
from bot.services.notes import FOLLOW_UP_TEXT_MAX, KINDS
from bot.services.relationships import HomeData
from bot.text import clean_text, kept_markup, one_line, to_input, truncate
from handlers import ids
from handlers.blocks import actions, button, context, esc, option, plain, section

SUMMARY_MAX = 3000
CUT_MARKER = " […]"
HOME_ROWS = 40
METADATA_MAX = 3000


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
    day: date | None = None  # when it happened, if not today (a back-dated note moved into the form)
    colleagues: list[str] = field(default_factory=list)  # who else took part, preselected
    interaction_id: int | None = None  # set: the form edits this logged note instead of logging a new one
    keep: str | None = None  # an edited note too long for the box: the fingerprint of the cut text it shows
    home: bool = False  # opened from the Home tab: Home is published again after the submission


def prefill_summary(text: str) -> str:
    """A message longer than the input takes is cut with a visible marker, never silently (nor inside a link).

    Links, channels and mentions show as Slack writes them (`<https://…|label>`); the modal's metadata lists them,
    so the submission makes exactly those live again (see `bot.text.from_input`).
    """
    return truncate(to_input(text), SUMMARY_MAX, CUT_MARKER)


def text_fingerprint(text: str) -> str:
    """What an edit form remembers of a cut text it showed, to tell on submit whether the text was left alone."""
    return hashlib.sha256(clean_text(text).encode()).hexdigest()[:24]


def edit_form(
    today: date, note: EditableNote, contacts: list[tuple[int, str]], reply_channel: str | None
) -> CaptureForm:
    """The capture form prefilled with a logged note; its people stay offered even if they left the supplier."""
    offered = contacts + [c for c in note.contacts if c[0] not in {cid for cid, _ in contacts}]
    shown = prefill_summary(note.summary)
    return CaptureForm(
        today=today,
        supplier=(note.supplier_id, note.supplier_name),
        contacts=sorted(offered, key=lambda c: c[1].casefold()),
        summary=note.summary,
        kind=note.kind,
        reply_channel=reply_channel,
        selected_contacts=[cid for cid, _ in note.contacts],
        private=note.private,
        day=note.day,
        colleagues=note.colleague_ids,
        interaction_id=note.id,
        keep=text_fingerprint(shown) if shown != to_input(note.summary) else None,
    )


def capture_modal(lang: str, form: CaptureForm) -> dict[str, Any]:
    blocks = [_supplier_input(lang, form), _contacts_block(lang, form), *_detail_inputs(lang, form)]
    typed = to_input(form.summary) if form.summary else ""
    editing = form.interaction_id is not None
    if editing and form.keep:  # the box can't hold the whole note: left alone, the stored text is kept whole
        blocks.append(context(t(lang, "edit.text_cut", max=SUMMARY_MAX)))
    elif len(typed) > SUMMARY_MAX:  # said, not only marked: what is past the limit is not in the note
        blocks.append(context(t(lang, "modal.text_cut", count=len(typed), max=SUMMARY_MAX)))
    if form.permalink:
        blocks.append(context(t(lang, "modal.from_message", link=form.permalink)))
    if form.interaction_id is not None:
        blocks.append(actions(delete_button(lang, form.interaction_id)))
    return {
        "type": "modal",
        "callback_id": ids.VIEW_EDIT if editing else ids.VIEW_CAPTURE,
        "title": plain(t(lang, "edit.title" if editing else "modal.title"), 24),
        "submit": plain(t(lang, "edit.submit" if editing else "modal.submit"), 24),
        "close": plain(t(lang, "modal.close"), 24),
        "private_metadata": _metadata_json(form),
        "blocks": blocks,
    }


def delete_button(lang: str, interaction_id: int) -> dict[str, Any]:
    """Delete, in the edit form: Slack asks "are you sure?" (the confirm dialog) before it reaches us."""
    element = button(t(lang, "button.delete"), ids.ACTION_DELETE, str(interaction_id), "danger")
    element["confirm"] = {
        "title": plain(t(lang, "delete.confirm_title"), 100),
        "text": plain(t(lang, "delete.confirm_text"), 300),
        "confirm": plain(t(lang, "delete.confirm_yes"), 30),
        "deny": plain(t(lang, "delete.confirm_no"), 30),
        "style": "danger",
    }
    return element


def _metadata_json(form: CaptureForm) -> str:
    shown = prefill_summary(form.summary) if form.summary else ""
    return _with_markup(_metadata(form), form.summary, shown)


def _with_markup(meta: dict[str, Any], stored: str, shown: str) -> str:
    """The metadata as JSON, listing the stored text's links and mentions that the input shows — as many as fit in
    Slack's 3000 characters. Only those go live again on submit (from_input); anything typed there stays plain."""
    tokens = [token for token in dict.fromkeys(f"<{m.inner()}>" for m in kept_markup(stored)) if token in shown]
    while tokens:
        meta["markup"] = tokens
        if len(json.dumps(meta, separators=(",", ":"))) <= METADATA_MAX:
            break
        tokens = tokens[:-1]
    else:
        meta.pop("markup", None)
    return json.dumps(meta, separators=(",", ":"))


def _metadata(form: CaptureForm) -> dict[str, Any]:
    """Where the note came from, carried through the modal so the submission can answer there."""
    return {
        "source": form.source,
        "channel": form.channel_id,
        "ts": form.message_ts,
        "permalink": form.permalink,
        "reply": form.reply_channel,
        "kind": form.kind,
        "domain": form.team_domain,
        "nudge": form.nudge_ref,
        **({"edit": form.interaction_id, "keep": form.keep} if form.interaction_id is not None else {}),
        **({"home": True} if form.home else {}),
    }


def _supplier_input(lang: str, form: CaptureForm) -> dict[str, Any]:
    supplier_select: dict[str, Any] = {
        "type": "external_select",
        "action_id": ids.ACTION_SUPPLIER_SELECT,
        "placeholder": plain(t(lang, "modal.supplier_placeholder")),
        "min_query_length": 0,
    }
    if form.supplier:
        supplier_select["initial_option"] = option(form.supplier[1], str(form.supplier[0]))
    return {
        "type": "input",
        "block_id": ids.BLOCK_SUPPLIER,
        "dispatch_action": True,
        "label": plain(t(lang, "modal.supplier")),
        "element": supplier_select,
    }


def _contacts_block(lang: str, form: CaptureForm) -> dict[str, Any]:
    """The supplier's people to pick from; a hint instead while there is no supplier or it has no contacts."""
    if not form.supplier:
        return context(t(lang, "modal.pick_supplier_first"))
    if not form.contacts:
        return context(t(lang, "modal.no_contacts", supplier=esc(form.supplier[1])))
    options = [option(name, str(cid)) for cid, name in form.contacts[:100]]
    chosen = [option(name, str(cid)) for cid, name in form.contacts[:100] if cid in form.selected_contacts]
    element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": ids.ACTION_CONTACTS,
        "placeholder": plain(t(lang, "modal.contacts_placeholder")),
        "options": options,
    }
    if chosen:
        element["initial_options"] = chosen
    return {
        "type": "input",
        # Keyed by supplier, so Slack does not carry a choice over from another supplier's people.
        "block_id": f"{ids.BLOCK_CONTACTS}:{form.supplier[0]}",
        "optional": True,
        "label": plain(t(lang, "modal.contacts")),
        "element": element,
    }


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label), "element": element}
    if optional:
        block["optional"] = True
    return block


def _detail_inputs(lang: str, form: CaptureForm) -> list[dict[str, Any]]:
    """Colleagues, kind, date, what happened, and whether the text is private."""
    private_option = {
        "text": plain(t(lang, "modal.private")),
        "description": plain(t(lang, "modal.private_hint"), 150),
        "value": "private",
    }
    summary: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.ACTION_SUMMARY,
        "multiline": True,
        "max_length": SUMMARY_MAX,
        "placeholder": plain(t(lang, "modal.summary_placeholder"), 150),
    }
    if form.summary:
        summary["initial_value"] = prefill_summary(form.summary)
    private: dict[str, Any] = {"type": "checkboxes", "action_id": ids.ACTION_PRIVATE, "options": [private_option]}
    if form.private:
        private["initial_options"] = [private_option]
    colleagues: dict[str, Any] = {
        "type": "multi_users_select",
        "action_id": ids.ACTION_COLLEAGUES,
        "placeholder": plain(t(lang, "modal.colleagues_placeholder")),
    }
    if form.colleagues:
        colleagues["initial_users"] = form.colleagues
    kind = {
        "type": "static_select",
        "action_id": ids.ACTION_KIND,
        "options": [option(t(lang, "kind." + k), k) for k in KINDS],
        "initial_option": option(t(lang, "kind." + form.kind), form.kind),
    }
    day = {"type": "datepicker", "action_id": ids.ACTION_DATE, "initial_date": (form.day or form.today).isoformat()}
    return [
        _input(ids.BLOCK_COLLEAGUES, t(lang, "modal.colleagues"), colleagues, optional=True),
        _input(ids.BLOCK_KIND, t(lang, "modal.kind"), kind),
        _input(ids.BLOCK_DATE, t(lang, "modal.date"), day),
        _input(ids.BLOCK_SUMMARY, t(lang, "modal.summary"), summary),
        _input(ids.BLOCK_PRIVATE, t(lang, "modal.visibility"), private, optional=True),
    ]


def notice_modal(lang: str, text: str) -> dict[str, Any]:
    """A modal that only says something (in place of a form that can't be submitted), with a button to close it."""
    return {
        "type": "modal",
        "title": plain("Covalis", 24),
        "close": plain(t(lang, "modal.notice_close"), 24),
        "blocks": [section(text)],
    }


def home_view(lang: str, data: HomeData, tz: str) -> dict[str, Any]:
    """The App Home: the user's relationships with their state, their open follow-ups, and a Log button."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(t(lang, "home.title"), 150)},
        section(t(lang, "home.intro")),
        actions(button(t(lang, "button.log_interaction"), ids.ACTION_HOME_LOG, "home", "primary")),
        {"type": "divider"},
        section(f"*{t(lang, 'home.relationships')}*"),
        *_home_relationships(lang, data, zone(tz)),
        section(f"*{t(lang, 'home.follow_ups')}*"),
        *_home_follow_ups(lang, data),
        context(t(lang, "home.hint")),
    ]
    return {"type": "home", "blocks": blocks[:100]}


def _home_relationships(lang: str, data: HomeData, local: ZoneInfo) -> list[dict[str, Any]]:
    if not data.relationships:
        return [context(t(lang, "home.no_relationships"))]
    blocks = []
    for row in data.relationships[:HOME_ROWS]:
        last = (
            format_date(lang, row.last_touch_at.astimezone(local).date())
            if row.last_touch_at
            else t(lang, "nudge.never")
        )
        due = format_date(lang, row.due_at.astimezone(local).date()) if row.due_at else ""
        blocks.append(context(t(lang, "home.row." + row.state, name=esc(row.name), last=last, due=due)))
    return blocks


def _home_follow_ups(lang: str, data: HomeData) -> list[dict[str, Any]]:
    if not data.follow_ups:
        return [context(t(lang, "followups.none"))]
    blocks: list[dict[str, Any]] = []
    for f in data.follow_ups[:HOME_ROWS]:
        row = t(
            lang,
            "followups.row",
            supplier=esc(f.supplier_name),
            text=esc(one_line(f.text, 200)),
            due=format_date(lang, f.due_date),
        )
        if f.promise:
            row += " " + t(lang, "followups.promise_mark")
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": row},
                "accessory": button(t(lang, "button.done"), f"{ids.ACTION_FOLLOW_UP_DONE}:{f.id}", str(f.id)),
            }
        )
    hidden = max(data.follow_ups_total, len(data.follow_ups)) - min(len(data.follow_ups), HOME_ROWS)
    if hidden > 0:
        blocks.append(context(t(lang, "home.follow_ups_more", count=hidden)))
    return blocks


def add_follow_up_modal(
    lang: str, interaction_id: int, task: str, due: date, reply_channel: str | None
) -> dict[str, Any]:
    """ "Add a follow-up" from a confirmation: the task (prefilled) and a date picker (the next working day)."""
    text: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.ACTION_FOLLOW_UP_TEXT,
        "max_length": FOLLOW_UP_TEXT_MAX,
    }
    shown = one_line(to_input(task), FOLLOW_UP_TEXT_MAX) if task else ""
    if shown:
        text["initial_value"] = shown  # the note's links as Slack writes them
    meta = _with_markup({"interaction": interaction_id, "reply": reply_channel}, task, shown)
    day = {"type": "datepicker", "action_id": ids.ACTION_FOLLOW_UP_DUE, "initial_date": due.isoformat()}
    return {
        "type": "modal",
        "callback_id": ids.VIEW_ADD_FOLLOW_UP,
        "title": plain(t(lang, "follow_up_modal.title"), 24),
        "submit": plain(t(lang, "follow_up_modal.submit"), 24),
        "close": plain(t(lang, "modal.close"), 24),
        "private_metadata": meta,
        "blocks": [
            _input(ids.BLOCK_FOLLOW_UP_TEXT, t(lang, "follow_up_modal.text"), text),
            _input(ids.BLOCK_FOLLOW_UP_DUE, t(lang, "follow_up_modal.due"), day),
        ],
    }
