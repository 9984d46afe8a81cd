"""Coverage as people read it: threads, interfaces and flags, each with its reason and what it was 90 days ago; the
ties of one supplier; the digest's thin relationships. Explained in words, never a score."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import format_date, t
from bot.services.coverage import Coverage, Flag, Threads
from bot.services.relationships import SupplierTies
from handlers.blocks import Message, context, esc, section

TIES_SHOWN = 40


def _threads(lang: str, threads: Threads) -> str:
    if not threads.active_ties:
        return t(lang, "coverage.no_threads")
    return t(
        lang,
        "coverage.threads",
        count=threads.active_ties,
        colleagues=t(lang, "count.colleagues", count=threads.colleagues),
        contacts=t(lang, "count.contacts", count=threads.contacts),
    )


def _interfaces(lang: str, interfaces: tuple[tuple[str, bool], ...]) -> str:
    return "  ".join(f"{t(lang, 'interface.' + name)} {'✓' if covered else '✗'}" for name, covered in interfaces)


def _flag_key(flag: Flag) -> tuple[str, int | None]:
    return flag.kind, flag.contact_id


def flag_reason(lang: str, flag: Flag, cov: Coverage) -> str:
    """One flag with the facts behind it."""
    if flag.kind == "bow_tie":
        if not cov.threads.active_ties:
            return t(lang, "flag.bow_tie_none")
        return t(
            lang,
            "flag.bow_tie",
            contacts=t(lang, "count.contacts", count=cov.threads.contacts),
            colleagues=t(lang, "count.colleagues", count=cov.threads.colleagues),
        )
    if flag.kind == "rests_on_one":
        key = "flag.rests_on_one" if flag.named else "flag.rests_on_one_unnamed"
        return t(lang, key, user=flag.user_id or "", share=flag.share_percent or 0, touches=flag.touches or 0)
    return t(lang, "flag.key_without_tie", contact=esc(flag.contact_name or ""))


def coverage_blocks(lang: str, cov: Coverage) -> list[dict[str, Any]]:
    """The card's coverage section: each part now, and what it was 90 days ago."""
    lines = [f"*{t(lang, 'coverage.title')}*"]
    threads = _threads(lang, cov.threads)
    if cov.threads_was.active_ties != cov.threads.active_ties:
        threads += " " + t(lang, "coverage.was", was=cov.threads_was.active_ties)
    lines.append(threads)
    if cov.interfaces:
        line = t(lang, "coverage.interfaces", interfaces=_interfaces(lang, cov.interfaces))
        if cov.interfaces_was != cov.interfaces:
            line += "\n" + t(lang, "coverage.interfaces_was", interfaces=_interfaces(lang, cov.interfaces_was))
        lines.append(line)
    else:
        lines.append(t(lang, "coverage.no_interfaces_needed", segment=t(lang, "segment." + cov.segment)))
    was = {_flag_key(f) for f in cov.flags_was}
    for flag in cov.flags:
        lines.append(flag_reason(lang, flag, cov) + ("" if _flag_key(flag) in was else " " + t(lang, "coverage.new")))
    if not cov.flags:
        lines.append(t(lang, "coverage.no_flags"))
    now = {_flag_key(f) for f in cov.flags}
    gone = [f for f in cov.flags_was if _flag_key(f) not in now]
    if gone:
        names = ", ".join(t(lang, "flag_name." + f.kind) for f in gone)
        lines.append(t(lang, "coverage.gone", flags=names))
    return [section("\n".join(lines)), context(t(lang, "coverage.hint"))]


def _day(lang: str, moment: datetime, where: ZoneInfo) -> str:
    return format_date(lang, moment.astimezone(where).date())


def ties_message(lang: str, ties: SupplierTies, where: ZoneInfo) -> Message:
    """`/covalis ties`: per contact (with interface) our colleagues, warmth, last touch, touches in 90 days."""
    if not ties.contacts:
        text = t(lang, "ties.no_contacts", supplier=esc(ties.name))
        return Message(text, [section(text)])
    title = t(lang, "ties.title", count=len(ties.ties), supplier=esc(ties.name))
    by_contact = {c.id: [tie for tie in ties.ties if tie.contact_id == c.id] for c in ties.contacts}
    lines: list[str] = []
    for contact in sorted(ties.contacts, key=lambda c: (c.left, not by_contact[c.id], c.name.casefold())):
        heading = t(
            lang,
            "ties.contact_left" if contact.left else "ties.contact",
            contact=esc(contact.name),
            interface=t(lang, "interface." + contact.interface),
        )
        if not by_contact[contact.id]:
            lines.append(f"{heading} — {t(lang, 'ties.no_tie')}")
            continue
        lines.append(heading)
        for tie in by_contact[contact.id]:
            warmth = t(lang, "ties.history") if tie.left else t(lang, "warmth." + tie.warmth)
            if tie.last_touch is None:
                lines.append(t(lang, "ties.row_private", user=tie.user_id, warmth=warmth))
            else:
                touches = t(lang, "ties.touches", count=tie.touches_90d or 0)
                when = _day(lang, tie.last_touch, where)
                row = t(lang, "ties.row", user=tie.user_id, warmth=warmth, date=when, touches=touches)
                lines.append(row + (" " + t(lang, "ties.also_private") if tie.also_private else ""))
    blocks = [section(f"*{title}*")]
    chunk: list[str] = []
    for line in lines[:TIES_SHOWN]:
        if sum(len(x) + 1 for x in chunk) + len(line) > 2800:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    if len(lines) > TIES_SHOWN:
        blocks.append(context(t(lang, "list.more", count=len(lines) - TIES_SHOWN)))
    blocks.append(context(t(lang, "ties.hint")))
    return Message(title, blocks)


def thin_row(lang: str, cov: Coverage) -> str:
    """A digest line: the supplier and why its relationship is thin (a channel never sees a private-only tie named)."""
    reasons = []
    if cov.missing_interfaces:
        names = ", ".join(t(lang, "interface." + name) for name in cov.missing_interfaces)
        reasons.append(t(lang, "digest.thin_missing", interfaces=names))
    for flag in cov.flags:
        if flag.kind == "rests_on_one" and flag.named:
            reasons.append(t(lang, "digest.thin_rests_on", user=flag.user_id or "", share=flag.share_percent or 0))
        elif flag.kind == "key_without_tie":
            reasons.append(t(lang, "digest.thin_key_without_tie", contact=esc(flag.contact_name or "")))
        elif flag.kind == "bow_tie":
            reasons.append(_bow_tie_reason(lang, cov))
        else:
            reasons.append(t(lang, "flag_name." + flag.kind))
    segment = t(lang, "segment." + cov.segment)
    return t(lang, "digest.thin_row", name=esc(cov.name), segment=segment, reasons="; ".join(reasons))


def _bow_tie_reason(lang: str, cov: Coverage) -> str:
    if not cov.threads.active_ties:
        return t(lang, "digest.thin_no_ties")
    return t(
        lang,
        "digest.thin_bow_tie",
        contacts=t(lang, "count.contacts", count=cov.threads.contacts),
        colleagues=t(lang, "count.colleagues", count=cov.threads.colleagues),
    )
