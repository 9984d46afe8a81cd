"""The brief before a meeting, and the words around the pictures: replies, alt texts, the trend as text.

One brief is one message within Block Kit's limits: a handful of sections, each list cut with "and N more", each
section under 3,000 characters.
"""

from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import zone
from bot.i18n import format_date, month_label, t
from bot.services.brief import ATTENDEES_MAX, ELSEWHERE, NOT_MEMBER, TOO_MANY, UNCHECKED, Brief, BriefTie, NotSent
from bot.services.people_map import PeopleMap
from bot.services.trend import Trend
from bot.text import one_line
from handlers.blocks import Message, context, esc, section
from handlers.blocks.coverage import flag_reason
from handlers.blocks.messages import promise_record_line, recent_row

PEOPLE_SHOWN = 15  # per side in "Who is who"; 15 contacts of at most ~100 characters each stay far under 3,000
GAP_PEOPLE = 5  # contacts named under one coverage gap
NAME_CHARS = 40  # a contact's name, cut on one line wherever it is listed
ROLE_CHARS = 30
TIES_SHOWN = 15
FOLLOW_UPS_SHOWN = 10
TEXT_CHARS = 150
SLACK_REFUSED = "slack_refused"  # the copy's DM: Slack refused it (NotSent.error says what Slack said)
NOT_DRAWN = "render_failed"  # not Slack's word: the picture itself failed, so there was nothing to upload


def _more(lang: str, hidden: int) -> str:
    return "\n" + t(lang, "list.more", count=hidden) if hidden > 0 else ""


def _listed(lang: str, rows: list[str], limit: int) -> str:
    return "\n".join("• " + row for row in rows[:limit]) + _more(lang, len(rows) - limit)


def _tie_row(lang: str, tie: BriefTie, local: ZoneInfo) -> str:
    warmth = t(lang, "warmth." + tie.warmth)
    if tie.last_touch is None:
        return t(lang, "brief.tie_private", user=tie.user_id, contact=esc(tie.contact_name), warmth=warmth)
    day = format_date(lang, tie.last_touch.astimezone(local).date())
    row = t(lang, "brief.tie", user=tie.user_id, contact=esc(tie.contact_name), warmth=warmth, date=day)
    return row + (" " + t(lang, "ties.also_private") if tie.also_private else "")


def brief_message(
    lang: str,
    brief: Brief,
    tz: str,
    *,
    shared_by: str | None = None,
    sent_to: tuple[str, ...] = (),
    not_sent: tuple[NotSent, ...] = (),
) -> Message:
    """The brief as one message; `shared_by` makes it a named colleague's copy."""
    local = zone(tz)
    name = esc(brief.name)
    blocks: list[dict[str, Any]] = []
    if shared_by is not None:
        blocks.append(context(t(lang, "brief.copy_intro", asker=shared_by, supplier=name)))
    attendees = ", ".join(f"<@{user}>" for user in brief.attendees)
    today = format_date(lang, brief.as_of.astimezone(local).date())
    title = t(lang, "brief.title", supplier=name, segment=t(lang, "segment." + brief.segment), owner=brief.owner_id)
    blocks.append(section(title + "\n" + t(lang, "brief.for", attendees=attendees, date=today)))
    blocks.append(section(_people(lang, brief)))
    ties = [_tie_row(lang, tie, local) for tie in brief.ties]
    blocks.append(
        section(t(lang, "brief.ties_title") + "\n" + (_listed(lang, ties, TIES_SHOWN) or t(lang, "brief.no_ties")))
    )
    blocks.append(section(_follow_ups(lang, brief)))
    recent = [recent_row(lang, item, local) for item in brief.recent]
    blocks.append(
        section(t(lang, "brief.recent_title") + "\n" + (_listed(lang, recent, 5) or t(lang, "card.no_recent")))
    )
    blocks.append(section(_gaps(lang, brief)))
    warm_up = [_tie_row(lang, tie, local) for tie in brief.warm_up]
    blocks.append(
        section(
            t(lang, "brief.warm_up_title") + "\n" + (_listed(lang, warm_up, TIES_SHOWN) or t(lang, "brief.no_warm_up"))
        )
    )
    notes = []
    if sent_to:
        notes.append(t(lang, "brief.sent_to", people=", ".join(f"<@{user}>" for user in sent_to)))
    notes += _not_sent(lang, not_sent)
    if notes:
        blocks.append(context("\n".join(notes)))
    return Message(t(lang, "brief.fallback", supplier=name), blocks)


def _not_sent(lang: str, not_sent: tuple[NotSent, ...]) -> list[str]:
    """Who got no copy, grouped by why; Slack's own refusals one by one with what Slack said."""
    lines = []
    for reason, key in ((NOT_MEMBER, "brief.not_sent_to"), (ELSEWHERE, "brief.not_sent_elsewhere")):
        users = [n.user_id for n in not_sent if n.reason == reason]
        if users:
            lines.append(t(lang, key, people=_mentions(lang, users)))
    beyond = [n.user_id for n in not_sent if n.reason == TOO_MANY]
    if beyond:
        lines.append(t(lang, "brief.not_sent_too_many", people=_mentions(lang, beyond), count=ATTENDEES_MAX))
    for n in not_sent:
        if n.reason in (SLACK_REFUSED, UNCHECKED):
            lines.append(t(lang, "brief.not_sent_slack", user=n.user_id, reason=esc(n.error or "unknown_error")))
    return lines


def _mentions(lang: str, users: list[str]) -> str:
    shown = ", ".join(f"<@{user}>" for user in users[:PEOPLE_SHOWN])
    return shown + (" " + t(lang, "brief.others", count=len(users) - PEOPLE_SHOWN) if len(users) > PEOPLE_SHOWN else "")


def _people(lang: str, brief: Brief) -> str:
    ties_per_colleague = Counter(tie.user_id for tie in brief.ties)
    ours = [f"<@{user}>" for user, _ in ties_per_colleague.most_common()]
    theirs = [_contact_label(lang, c.name, [c.role] if c.role else [], c.interface) for c in brief.contacts]
    lines = [t(lang, "brief.people_title")]
    lines.append(
        t(lang, "brief.ours", people=", ".join(ours[:PEOPLE_SHOWN])) + _more(lang, len(ours) - PEOPLE_SHOWN)
        if ours
        else t(lang, "brief.ours_none")
    )
    lines.append(
        t(lang, "brief.theirs", people=", ".join(theirs[:PEOPLE_SHOWN])) + _more(lang, len(theirs) - PEOPLE_SHOWN)
        if theirs
        else t(lang, "brief.theirs_none")
    )
    return "\n".join(lines)


def _contact_label(lang: str, name: str, role: list[str], interface: str | None = None) -> str:
    """A contact as "name (role · interface)", each part cut on one line, so a list of them stays short."""
    extra = [one_line(part, ROLE_CHARS) for part in role]
    if interface is not None:
        extra.append(t(lang, "interface." + interface))
    return esc(one_line(name, NAME_CHARS)) + (f" ({esc(' · '.join(extra))})" if extra else "")


def _follow_ups(lang: str, brief: Brief) -> str:
    rows = [
        t(
            lang,
            "brief.promise" if f.promise else "brief.follow_up",
            text=esc(one_line(f.text, TEXT_CHARS)),
            date=format_date(lang, f.due_date),
            owner=f.owner_id,
        )
        for f in brief.follow_ups
    ]
    text = (
        t(lang, "brief.follow_ups_title")
        + "\n"
        + (_listed(lang, rows, FOLLOW_UPS_SHOWN) or t(lang, "brief.no_follow_ups"))
    )
    if brief.promises is not None:
        text += "\n" + promise_record_line(lang, brief.promises)
    return text


def _gaps(lang: str, brief: Brief) -> str:
    rows = []
    for gap in brief.gaps:
        interface = t(lang, "interface." + gap.interface).capitalize()
        if gap.contacts:
            shown = [_contact_label(lang, name, [role] if role else []) for name, role in gap.contacts[:GAP_PEOPLE]]
            people = ", ".join(shown)
            if len(gap.contacts) > GAP_PEOPLE:
                people += " " + t(lang, "brief.others", count=len(gap.contacts) - GAP_PEOPLE)
            rows.append(t(lang, "brief.gap_people", interface=interface, people=people))
        else:
            rows.append(t(lang, "brief.gap_nobody", interface=interface))
    rows += [flag_reason(lang, flag, brief.coverage) for flag in brief.coverage.flags]
    return t(lang, "brief.gaps_title") + "\n" + (_listed(lang, rows, 12) or t(lang, "brief.no_gaps"))


# --- the pictures' words ----------------------------------------------------------------------------------------


def map_alt(lang: str, people: PeopleMap) -> str:
    """What a screen reader says for the map: its counts and the interfaces nobody reaches."""
    text = t(
        lang,
        "map.alt",
        supplier=people.supplier,
        colleagues=t(lang, "count.colleagues", count=len(people.ours)),
        contacts=t(lang, "count.contacts", count=len(people.theirs)),
        ties=t(lang, "map.alt_ties", count=people.active_lines),
    )
    if people.missing:
        names = ", ".join(t(lang, "interface." + name) for name in people.missing)
        text += " " + t(lang, "map.alt_missing", interfaces=names)
    return text


def picture_reply(lang: str, key: str, supplier: str, refused: str | None, text: Message | None = None) -> Message:
    """The ephemeral answer: the picture is in the DM — or why not, with the same facts as text. Never the picture."""
    if refused is None:
        line = t(lang, f"{key}.sent", supplier=esc(supplier))
    elif refused == NOT_DRAWN:
        line = t(lang, f"{key}.not_drawn", supplier=esc(supplier))
    else:
        line = t(lang, f"{key}.not_sent", supplier=esc(supplier), reason=esc(refused))
    blocks = [context(line)] + (text.blocks if text is not None else [])
    return Message(line if text is None else text.text, blocks)


def trend_alt(lang: str, trend: Trend) -> str:
    ties = trend.quarters[-1].active_ties if trend.quarters else 0
    return t(
        lang,
        "trend.alt",
        supplier=trend.supplier,
        touches=t(lang, "trend.alt_touches", count=trend.touches),
        ties=t(lang, "map.alt_ties", count=ties),
    )


def trend_text(lang: str, trend: Trend) -> Message:
    """The trend in a few lines, for when the picture could not be sent."""
    none = t(lang, "trend.none")
    months = " · ".join(f"{month_label(lang, day)} {count}" for day, count in trend.months)
    lines = [t(lang, "trend.text_months", counts=months)]
    for q in trend.quarters:
        lines.append(
            t(
                lang,
                "trend.text_quarter",
                quarter=q.label,
                ties=q.active_ties,
                covered=q.interfaces_covered,
                needed=q.interfaces_needed,
                kept=q.promises_kept,
                decided=q.promises_decided,
                ours=none if q.ours is None else f"{q.ours:.1f}",
                theirs=none if q.theirs is None else f"{q.theirs:.1f}",
            )
        )
    text = "\n".join(lines)
    return Message(t(lang, "trend.title", supplier=esc(trend.supplier)), [section(text)])
