"""The customer-of-choice pulse in Slack: the one tap, its comment, the quarterly look, the link, the report, the
card's line and the owner's DM when a supplier answers. Pure builders."""

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from bot.i18n import format_date, t
from bot.services.pulse import COMMENT_MAX, AnswerStored, LinkMade, PulseLine, PulseReport, TapAnswer
from bot.services.pulse_gap import DRIVERS, SCORE_MAX, SCORE_MIN, SideView
from bot.text import one_line
from handlers import ids
from handlers.blocks import Message, actions, button, context, esc, option, plain, section

SCORES = range(SCORE_MIN, SCORE_MAX + 1)
REPORT_ROWS = 10  # relative answers and comments shown each


def number(lang: str, value: float | None) -> str:
    """3.8 / 3,8; a dash when there is nothing."""
    if value is None:
        return t(lang, "pulse.card_none")
    return str(format_decimal(round(value, 1), format="0.0", locale="nl_NL" if lang == "nl" else "en_GB"))


def signed(lang: str, value: float) -> str:
    """+1.0 / −1.5 (a real minus sign)."""
    shown = number(lang, abs(value))
    return ("−" if value < 0 else "+") + shown if value else shown


def month(lang: str, at: datetime | None, tz: str) -> str:
    if at is None:
        return ""
    return str(babel_date(at.astimezone(ZoneInfo(tz)).date(), "MMM", locale="nl_NL" if lang == "nl" else "en_GB"))


def tap_question(lang: str, interaction_id: int, supplier_name: str) -> list[dict[str, Any]]:
    """Under a note's confirmation: five buttons, one tap each."""
    elements = [button(str(n), f"{ids.ACTION_PULSE_TAP}:{n}", f"{interaction_id}:{n}") for n in SCORES]
    return [section(t(lang, "pulse.tap_question", supplier=esc(supplier_name))), actions(*elements)]


def tap_thanks(lang: str, answer: TapAnswer) -> list[dict[str, Any]]:
    text = t(lang, "pulse.tap_thanks", score=answer.score, supplier=esc(answer.supplier_name))
    return [
        section(text),
        actions(button(t(lang, "pulse.button.comment"), ids.ACTION_PULSE_COMMENT, str(answer.answer_id))),
    ]


def comment_modal(lang: str, answer_id: int, supplier_name: str, reply_channel: str | None) -> dict[str, Any]:
    field = {"type": "plain_text_input", "action_id": ids.ACTION_PULSE_COMMENT_TEXT, "multiline": True}
    field["max_length"] = COMMENT_MAX
    return {
        "type": "modal",
        "callback_id": ids.VIEW_PULSE_COMMENT,
        "title": plain(t(lang, "pulse.comment_title"), 24),
        "submit": plain(t(lang, "pulse.save"), 24),
        "close": plain(t(lang, "modal.close"), 24),
        "private_metadata": json.dumps({"answer": answer_id, "reply": reply_channel}),
        "blocks": [
            {
                "type": "input",
                "block_id": ids.BLOCK_PULSE_COMMENT,
                "label": plain(t(lang, "pulse.comment_label", supplier=supplier_name), 2000),
                "element": field,
            }
        ],
    }


def _score_select(lang: str, block_id: str, label: str, hint: str) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": plain(label, 2000),
        "hint": plain(hint, 2000),
        "element": {
            "type": "static_select",
            "action_id": ids.ACTION_PULSE_SCORE,
            "options": [option(t(lang, "pulse.score_option", score=n), str(n)) for n in SCORES],
        },
    }


def look_modal(lang: str, supplier_id: int, supplier_name: str) -> dict[str, Any]:
    """The quarterly look: each driver 1–5 (optional), the relative question and a comment."""
    blocks: list[dict[str, Any]] = [section(t(lang, "pulse.look_intro", supplier=esc(supplier_name)))]
    for driver in DRIVERS:
        blocks.append(
            _score_select(
                lang,
                ids.BLOCK_PULSE_DRIVER_PREFIX + driver,
                t(lang, f"pulse.driver.{driver}"),
                t(lang, f"pulse.ours_hint.{driver}", supplier=supplier_name),
            )
        )
    blocks.append(
        _score_select(lang, ids.BLOCK_PULSE_RELATIVE, t(lang, "pulse.relative"), t(lang, "pulse.relative_hint"))
    )
    comment = {"type": "plain_text_input", "action_id": ids.ACTION_PULSE_COMMENT_TEXT, "multiline": True}
    comment["max_length"] = COMMENT_MAX
    blocks.append(
        {
            "type": "input",
            "block_id": ids.BLOCK_PULSE_COMMENT,
            "optional": True,
            "label": plain(t(lang, "pulse.comment_label", supplier=supplier_name), 2000),
            "element": comment,
        }
    )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_PULSE_LOOK,
        "title": plain(t(lang, "pulse.look_title"), 24),
        "submit": plain(t(lang, "pulse.save"), 24),
        "close": plain(t(lang, "modal.close"), 24),
        "private_metadata": json.dumps({"supplier": supplier_id}),
        "blocks": blocks,
    }


def rate_buttons(lang: str, suppliers: list[tuple[int, str]], *, intro: bool = True) -> list[dict[str, Any]]:
    """The quarter's Rate buttons in the owner's DM (at most 10: the caller picks the most important)."""
    if not suppliers:
        return []
    elements = [
        button(t(lang, "pulse.button.rate", supplier=name), f"{ids.ACTION_PULSE_RATE}:{i}", str(supplier_id))
        for i, (supplier_id, name) in enumerate(suppliers)
    ]
    return ([section(t(lang, "pulse.rate_intro"))] if intro else []) + [actions(*elements)]


def link_made(lang: str, made: LinkMade, url: str) -> Message:
    text = t(
        lang,
        "pulse.link_made",
        contact=esc(made.contact_name),
        supplier=esc(made.supplier_name),
        date=format_date(lang, made.expires_at.date()),
        url=url,
    )
    blocks = [section(text)]
    if made.revoked:
        blocks.append(context(t(lang, "pulse.link_revoked", count=made.revoked, contact=esc(made.contact_name))))
    blocks.append(
        context(
            t(lang, "pulse.link_suggestion", contact=esc(made.contact_name), supplier=esc(made.supplier_name), url=url)
        )
    )
    return Message(text, blocks)


def answer_arrived(lang: str, stored: AnswerStored) -> Message:
    """The owner's DM when a supplier answers: the score, the relative answer, a fall, where to look."""
    text = t(
        lang,
        "pulse.answer_arrived",
        contact=esc(stored.contact_name),
        supplier=esc(stored.supplier_name),
        score=number(lang, stored.score),
    )
    lines = [text]
    if stored.relative is not None:
        lines.append(t(lang, "pulse.answer_relative", relative=stored.relative))
    if stored.fell:
        lines.append(t(lang, "pulse.answer_fell"))
    blocks = [section("\n".join(lines)), context(t(lang, "pulse.answer_see", supplier=esc(stored.supplier_name)))]
    return Message(text, blocks)


def _side(lang: str, score: float | None, at: datetime | None, tz: str) -> str:
    if score is None:
        return t(lang, "pulse.card_none")
    return t(lang, "pulse.card_part", score=number(lang, score), month=month(lang, at, tz))


def card_line(lang: str, line: PulseLine, tz: str) -> str:
    """customer of choice — our view 3.8 (Jan) · their view 3.1 (Feb) · biggest gap: reliability −1.5"""
    text = t(
        lang,
        "pulse.card",
        ours=_side(lang, line.ours, line.ours_at, tz),
        theirs=_side(lang, line.theirs, line.theirs_at, tz),
    )
    if line.biggest is not None:
        driver, gap = line.biggest
        text += " · " + t(
            lang, "pulse.card_gap", driver=t(lang, f"pulse.driver.{driver}").lower(), gap=signed(lang, gap)
        )
    return text


def _driver_value(lang: str, view: SideView, driver: str) -> str:
    return number(lang, view.drivers.get(driver))


def pulse_report(lang: str, report: PulseReport, tz: str) -> Message:
    """`/covalis pulse <supplier>`: drivers side by side (ours, theirs, gap), the relative answers, the comments."""
    title = t(lang, "pulse.report_title", supplier=esc(report.supplier_name))
    if report.ours.score is None and report.theirs.score is None and not report.comments:
        text = t(lang, "pulse.report_empty", supplier=esc(report.supplier_name))
        return Message(text, [section(text)])
    overall = t(
        lang, "pulse.report_overall", ours=number(lang, report.ours.score), theirs=number(lang, report.theirs.score)
    )
    rows = [t(lang, "pulse.report_header")]
    for driver in DRIVERS:
        gap = report.gap.get(driver)
        rows.append(
            t(
                lang,
                "pulse.report_row",
                driver=t(lang, f"pulse.driver.{driver}"),
                ours=_driver_value(lang, report.ours, driver),
                theirs=_driver_value(lang, report.theirs, driver),
                gap=signed(lang, gap) if gap is not None else t(lang, "pulse.card_none"),
            )
        )
    blocks = [section(f"{title}\n{overall}"), section("\n".join(rows))]
    if report.biggest is not None:
        driver, gap = report.biggest
        blocks.append(
            context(t(lang, "pulse.report_biggest", driver=t(lang, f"pulse.driver.{driver}"), gap=signed(lang, gap)))
        )
    local = ZoneInfo(tz)
    if report.relatives:
        lines = [t(lang, "pulse.report_relatives")] + [
            t(
                lang,
                "pulse.report_relative_row",
                who=f"<@{who}>" if side == "ours" else esc(who),
                score=score,
                date=format_date(lang, at.astimezone(local).date()),
            )
            for side, who, score, at in report.relatives[:REPORT_ROWS]
        ]
        blocks.append(section("\n".join(lines)))
    if report.comments:
        lines = [t(lang, "pulse.report_comments")] + [
            t(
                lang,
                "pulse.report_comment_row",
                who=f"<@{c.who}>" if c.side == "ours" else esc(c.who),
                date=format_date(lang, c.answered_at.astimezone(local).date()),
                text=esc(one_line(c.text, 300)),
            )
            for c in report.comments[:REPORT_ROWS]
        ]
        blocks.append(section("\n".join(lines)))
    return Message(title, blocks)
