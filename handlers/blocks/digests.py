"""The weekly digest: short, escaped, in the subscription's language, at most about five rows a list."""

from datetime import datetime
from typing import Any

from bot.i18n import format_date, t, weekday_name
from bot.services.digests import ROWS, Digest, NextPost, QuietLine, Subscription
from bot.services.promises import PromiseView
from bot.text import one_line
from handlers.blocks import Message, context, esc, hhmm, plain, section
from handlers.blocks.coverage import thin_row
from handlers.blocks.messages import bulleted
from handlers.blocks.pulse import number


def _more(lang: str, key: str, shown: int, total: int) -> str:
    return "\n" + t(lang, key, count=total - shown) if total > shown else ""


def _quiet_row(lang: str, line: QuietLine) -> str:
    who = (
        t(lang, "quiet.contact_at", contact=esc(line.contact), supplier=esc(line.name))
        if line.contact
        else f"*{esc(line.name)}*"
    )
    return t(lang, "digest.quiet_row", who=who, owner=line.owner_id, days=line.days)


def _change(lang: str, now: int, before: int) -> str:
    if before == 0:
        return t(lang, "digest.change_new") if now else t(lang, "digest.change_none")
    percent = round((now - before) * 100 / before)
    return t(lang, "digest.change", sign="+" if percent >= 0 else "", percent=percent)


def _scope(lang: str, digest: Digest) -> str:
    if digest.segment:
        return t(lang, "digest.scope_segment", segment=t(lang, "segment." + digest.segment))
    if digest.owner_filter:
        return t(lang, "digest.scope_owner", owner=digest.owner_filter)
    return t(lang, "digest.scope_all")


def _numbers(lang: str, digest: Digest) -> str:
    return t(
        lang,
        "digest.numbers",
        interactions=t(lang, "digest.interactions", count=digest.interactions),
        suppliers=t(lang, "digest.suppliers", count=digest.suppliers_touched),
        colleagues=t(lang, "digest.colleagues", count=digest.colleagues_active),
        change=_change(lang, digest.interactions, digest.previous_interactions),
    )


def _overdue_rows(lang: str, digest: Digest) -> list[str]:
    return [
        t(
            lang,
            "digest.overdue_row",
            name=esc(n),
            text=esc(one_line(text, 120)),
            date=format_date(lang, due),
            owner=o,
        )
        for n, text, due, o in digest.overdue
    ]


def _missed_promise_row(lang: str, promise: PromiseView) -> str:
    """A promise from a private note is named as such: its text never reaches a channel."""
    text = t(lang, "promise.private") if promise.text is None else esc(one_line(promise.text, 120))
    return t(
        lang,
        "digest.promise_missed_row",
        name=esc(promise.supplier_name),
        text=text,
        date=format_date(lang, promise.due_date),
        owner=promise.owner_id,
    )


def _pulse_rows(lang: str, digest: Digest) -> list[str]:
    """One row per supplier: a fall is the bigger news; else the rating below their best customer."""
    rows = []
    for news in digest.pulse_news[:ROWS]:
        name = esc(news.supplier_name)
        if news.fell:
            before, after = number(lang, news.before), number(lang, news.after)
            rows.append(t(lang, "digest.pulse_fell", name=name, before=before, after=after))
        else:
            rows.append(t(lang, "digest.pulse_below", name=name, relative=news.relative))
    return rows


def _lists(lang: str, digest: Digest) -> list[tuple[str, list[str], int, str]]:
    """Each list of the digest: its title key, its rows, how many there are in all, and where the rest are."""
    return [
        (
            "digest.quiet_title",
            [_quiet_row(lang, line) for line in digest.quiet],
            digest.quiet_total,
            "digest.more_quiet",
        ),
        ("digest.thin_title", [thin_row(lang, cov) for cov in digest.thin], digest.thin_total, "digest.more"),
        ("digest.overdue_title", _overdue_rows(lang, digest), digest.overdue_total, "digest.more_overdue"),
        (
            "digest.promises_missed_title",
            [_missed_promise_row(lang, p) for p in digest.missed_promises],
            digest.missed_promises_total,
            "digest.more",
        ),
        ("digest.pulse_title", _pulse_rows(lang, digest), len(digest.pulse_news), "digest.more"),
        (
            "digest.orphaned_title",
            [t(lang, "digest.orphaned_row", name=esc(n), owner=o) for n, o in digest.orphaned],
            digest.orphaned_total,
            "digest.more",
        ),
        (
            "digest.highlights_title",
            [
                t(lang, "digest.highlight_row", name=esc(n), kind=t(lang, "kind." + k), summary=esc(one_line(s, 140)))
                for n, k, s, _ in digest.highlights[:ROWS]
            ],
            0,
            "digest.more",
        ),
    ]


def digest_message(digest: Digest) -> Message:
    lang = digest.language
    title = t(lang, "digest.title", date=format_date(lang, digest.week_start))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(title, 150)},
        context(_scope(lang, digest)),
    ]
    if digest.nothing_happened:
        blocks.append(section(t(lang, "digest.quiet_week")))
        return Message(title, blocks)
    blocks.append(section(_numbers(lang, digest)))
    for title_key, rows, total, more_key in _lists(lang, digest):
        if rows:
            blocks.append(
                section(f"*{t(lang, title_key)}*\n" + "\n".join(rows) + _more(lang, more_key, len(rows), total))
            )
    blocks.append(context(t(lang, "digest.footer")))
    return Message(title, blocks[:50])


def subscription_list(lang: str, subs: list[Subscription]) -> Message:
    if not subs:
        return Message(t(lang, "digest.list_empty"), [section(t(lang, "digest.list_empty"))])
    rows = []
    for s in subs:
        scope = (
            t(lang, "digest.scope_segment", segment=t(lang, "segment." + s.segment))
            if s.segment
            else t(lang, "digest.scope_owner", owner=s.owner_filter)
            if s.owner_filter
            else t(lang, "digest.scope_all")
        )
        when = t(
            lang,
            "digest.when_row",
            day=weekday_name(lang, s.weekday),
            time=hhmm(s.minute),
            tz=s.tz,
        )
        row = t(lang, "digest.list_row", number=s.id, channel=s.channel_id, scope=scope, when=when)
        if s.error:
            row += " " + t(lang, "digest.list_error", error=s.error)
        rows.append("• " + row)
    return bulleted(lang, t(lang, "digest.list_title", count=len(subs)), rows)


def digest_preview(lang: str, digest: Digest, sub: Subscription, upcoming: NextPost | None) -> Message:
    """The digest exactly as its next post will say it, under a line saying when that is, in the asker's language."""
    if upcoming is None:
        notes = [t(lang, "digest.preview_none", channel=sub.channel_id)]
    else:
        key = "digest.preview_overdue" if upcoming.overdue else "digest.preview_when"
        notes = [t(lang, key, channel=sub.channel_id, when=_moment(lang, upcoming.at), tz=sub.tz)]
        if upcoming.moved:
            notes.append(t(lang, "digest.preview_moved", planned=_moment(lang, upcoming.planned)))
    if digest.nothing_happened and sub.skip_empty:
        notes.append(t(lang, "digest.preview_skipped_empty"))
    shown = digest_message(digest)
    return Message(shown.text, [context(" ".join(notes)), *shown.blocks][:50])


def _moment(lang: str, at: datetime) -> str:
    return f"{format_date(lang, at.date())} {hhmm(at.hour * 60 + at.minute)}"
