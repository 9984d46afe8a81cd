"""The weekly digest: short, escaped, in the subscription's language, at most about five rows a list."""

from typing import Any

from bot.i18n import format_date, t, weekday_name
from bot.services.digests import ROWS, Digest, Subscription
from bot.text import one_line
from handlers.blocks import Message, context, esc, hhmm, plain, section
from handlers.blocks.coverage import thin_row
from handlers.blocks.messages import bulleted


def _more(lang: str, shown: int, total: int) -> str:
    return "\n" + t(lang, "digest.more", count=total - shown) if total > shown else ""


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


def _lists(lang: str, digest: Digest) -> list[tuple[str, list[str], int]]:
    """Each list of the digest: its title key, its rows, and how many there are in all (for "and N more")."""
    return [
        (
            "digest.quiet_title",
            [t(lang, "digest.quiet_row", name=esc(n), owner=o, days=d) for n, o, d in digest.quiet],
            digest.quiet_total,
        ),
        ("digest.thin_title", [thin_row(lang, cov) for cov in digest.thin], digest.thin_total),
        ("digest.overdue_title", _overdue_rows(lang, digest), digest.overdue_total),
        (
            "digest.orphaned_title",
            [t(lang, "digest.orphaned_row", name=esc(n), owner=o) for n, o in digest.orphaned],
            digest.orphaned_total,
        ),
        (
            "digest.highlights_title",
            [
                t(lang, "digest.highlight_row", name=esc(n), kind=t(lang, "kind." + k), summary=esc(one_line(s, 140)))
                for n, k, s, _ in digest.highlights[:ROWS]
            ],
            0,
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
    for title_key, rows, total in _lists(lang, digest):
        if rows:
            blocks.append(section(f"*{t(lang, title_key)}*\n" + "\n".join(rows) + _more(lang, len(rows), total)))
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
