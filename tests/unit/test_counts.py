"""Counts read naturally in both languages: "1 day", "2 days", "today" — never "1 days", "0 days ago" or "(s)".

First every catalog text that counts is rendered with 0, 1 and 2; then the messages users see (supplier card, nudge,
digest, lists, settings) are built with those counts and read the way a user would.
"""

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.i18n import CATALOGS, COUNT_PARAMS, count_param, placeholders, t
from bot.services.digests import Digest, QuietLine, Subscription
from bot.services.nudges import Nudge, NudgeItem
from bot.services.paging import Page
from bot.services.relationships import FollowUpRow, QuietRow, SupplierCard
from bot.services.settings import WorkspaceSettings
from handlers.blocks import Message, lists, messages
from handlers.blocks.digests import digest_message, subscription_list
from handlers.blocks.nudges import nudge_message
from handlers.list_query import ListQuery

AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
TZ = "Europe/Amsterdam"
COUNTS = (0, 1, 2)

# (singular, plural) of every noun a catalog text puts after a number.
NOUNS = {
    "en": [
        ("day", "days"),
        ("interaction", "interactions"),
        ("supplier", "suppliers"),
        ("colleague", "colleagues"),
        ("relationship", "relationships"),
        ("follow-up", "follow-ups"),
        ("promise", "promises"),
        ("contact", "contacts"),
        ("digest", "digests"),
        ("week", "weeks"),
        ("month", "months"),
    ],
    "nl": [
        ("dag", "dagen"),
        ("contactmoment", "contactmomenten"),
        ("leverancier", "leveranciers"),
        ("collega", "collega's"),
        ("relatie", "relaties"),
        ("actie", "acties"),
        ("afspraak", "afspraken"),
        ("contactpersoon", "contactpersonen"),
        ("overzicht", "overzichten"),
        ("week", "weken"),
        ("maand", "maanden"),
    ],
}
_ZERO_DAYS = re.compile(r"(?<![\d.,])0 (?:days?|dagen|dag) (?:ago|overdue|past|geleden|te laat|over)")


def _misreadings(lang: str, text: str) -> list[str]:
    """What a user would stumble over: "1 days", "2 dag", "(s)", "0 days ago"."""
    found = re.findall(r"\w\(s\)|\(s\)", text)
    for singular, plural in NOUNS[lang]:
        found += re.findall(rf"(?<![\d.,])1 {re.escape(plural)}(?![\w'])", text)
        if singular != plural:
            found += re.findall(rf"(?<![\d.,])2 {re.escape(singular)}(?![\w'])", text)
    return found + _ZERO_DAYS.findall(text)


def _counting_keys(lang: str) -> list[str]:
    return [
        key
        for key, entry in CATALOGS[lang].items()
        if any(
            set(COUNT_PARAMS) & placeholders(form) for form in ([entry] if isinstance(entry, str) else entry.values())
        )
    ]


def _render(lang: str, key: str, count: int) -> str:
    entry = CATALOGS[lang][key]
    forms = [entry] if isinstance(entry, str) else list(entry.values())
    params: dict[str, Any] = {name: f"<{name}>" for form in forms for name in placeholders(form)}
    params.update({name: count for name in COUNT_PARAMS if name in params})
    return t(lang, key, **params)


def test_the_check_catches_what_users_used_to_read() -> None:
    assert _misreadings("en", "Covalis: 1 relationship(s) or follow-up(s) need you today.")
    assert _misreadings("en", "*Last touch:* Wed 25 Nov 2026 (0 days ago)")
    assert _misreadings("en", "3 overdue, 1 days overdue")
    assert _misreadings("nl", "1 dagen te laat")
    assert _misreadings("nl", "2 collega actief")
    assert not _misreadings("en", "1 day overdue, 2 days overdue, 11 days overdue, due today")
    assert not _misreadings("nl", "1 dag te laat, 2 collega's actief, 21 dagen")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_catalog_has_texts_that_count(lang: str) -> None:
    assert {"card.last_touch", "nudge.overdue", "digest.interactions", "quiet.row"} <= set(_counting_keys(lang))


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("count", COUNTS)
def test_every_text_that_counts_reads_naturally_for_0_1_and_2(lang: str, count: int) -> None:
    bad = {key: _misreadings(lang, _render(lang, key, count)) for key in _counting_keys(lang)}
    assert {key: found for key, found in bad.items() if found} == {}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_text_hedges_with_an_optional_plural(lang: str) -> None:
    texts = [f for e in CATALOGS[lang].values() for f in ([e] if isinstance(e, str) else e.values())]
    assert [text for text in texts if "(s)" in text or "(en)" in text] == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_singular_reads_differently_from_the_plural_in_every_plural_text(lang: str) -> None:
    for key, entry in CATALOGS[lang].items():
        if isinstance(entry, str):
            continue
        one = _render(lang, key, 1).replace("1", "N")
        two = _render(lang, key, 2).replace("2", "N")
        assert one != two, key
        assert count_param(entry) in COUNT_PARAMS


# --- what users see --------------------------------------------------------------------------------------------------


def _text(message: Message) -> str:
    parts = [message.text]
    for block in message.blocks:
        if "text" in block and isinstance(block["text"], dict):
            parts.append(block["text"]["text"])
        parts += [e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
    return "\n".join(parts)


def _card(*, days_since_touch: int, cadence_days: int | None) -> SupplierCard:
    return SupplierCard(
        supplier_id=1,
        name="Acme",
        segment="strategic",
        owner_id="U0OWNER",
        archived=False,
        cadence_days=cadence_days,
        last_touch_at=AT - timedelta(days=days_since_touch),
        days_since_touch=days_since_touch,
        aliases=[],
        contacts=[],
        ties=[],
        recent=[],
        follow_ups=[],
    )


@pytest.mark.parametrize(
    ("lang", "days", "shown"),
    [
        ("en", 0, "*Last touch:* Wed 25 Nov 2026 (today)"),
        ("en", 1, "*Last touch:* Tue 24 Nov 2026 (1 day ago)"),
        ("en", 2, "*Last touch:* Mon 23 Nov 2026 (2 days ago)"),
        ("nl", 0, "*Laatste contact:* wo 25 nov 2026 (vandaag)"),
        ("nl", 1, "*Laatste contact:* di 24 nov 2026 (1 dag geleden)"),
        ("nl", 2, "*Laatste contact:* ma 23 nov 2026 (2 dagen geleden)"),
    ],
)
def test_the_supplier_card_says_today_or_how_many_days_ago(lang: str, days: int, shown: str) -> None:
    assert shown in _text(messages.supplier_card(lang, _card(days_since_touch=days, cadence_days=14), TZ))


@pytest.mark.parametrize(
    ("lang", "cadence", "shown"),
    [
        ("en", 1, "*Cadence:* every day"),
        ("en", 2, "*Cadence:* every 2 days"),
        ("nl", 1, "*Ritme:* elke dag"),
        ("nl", 2, "*Ritme:* elke 2 dagen"),
    ],
)
def test_the_supplier_card_names_its_cadence_in_days(lang: str, cadence: int, shown: str) -> None:
    assert shown in _text(messages.supplier_card(lang, _card(days_since_touch=3, cadence_days=cadence), TZ))


def _nudge(lang: str, *, count: int, hour: int | None = 9, days: int = 2) -> Nudge:
    items = [
        NudgeItem("supplier", 1, 1, "Acme", days_overdue=days, last_touch="2026-10-01"),
        NudgeItem("contact", 2, 1, "Acme", contact_name="Jan de Vries", days_overdue=days, last_touch="2026-10-01"),
        NudgeItem("follow_up", 3, 1, "Acme", text="send the forecast", days_overdue=days, due_date="2026-11-23"),
    ]
    return Nudge("U1", lang, items[:count], 0, hour)


@pytest.mark.parametrize(
    ("lang", "count", "title", "fallback"),
    [
        ("en", 1, "Good morning! One relationship or promise needs you.", "Covalis: 1 relationship or follow-up needs"),
        (
            "en",
            2,
            "Good morning! 2 relationships and promises need you.",
            "Covalis: 2 relationships or follow-ups need",
        ),
        ("nl", 1, "Goedemorgen! Eén relatie of afspraak heeft je nodig.", "Covalis: 1 relatie of actie heeft vandaag"),
        ("nl", 2, "Goedemorgen! 2 relaties en afspraken hebben je nodig.", "Covalis: 2 relaties of acties hebben"),
    ],
)
def test_the_nudge_counts_what_needs_the_recipient(lang: str, count: int, title: str, fallback: str) -> None:
    message = nudge_message(_nudge(lang, count=count), delivery_id=7)
    assert message.blocks[0]["text"]["text"] == f"*{title}*"
    assert message.text.startswith(fallback)


@pytest.mark.parametrize(
    ("lang", "hour", "greeting"),
    [
        ("en", 8, "Good morning!"),
        ("en", 11, "Good morning!"),
        ("en", 12, "Good afternoon!"),
        ("en", 16, "Good afternoon!"),
        ("en", 19, "Good evening!"),
        ("en", None, "Hello!"),
        ("nl", 9, "Goedemorgen!"),
        ("nl", 14, "Goedemiddag!"),
        ("nl", 20, "Goedenavond!"),
        ("nl", None, "Hallo!"),
    ],
)
def test_good_morning_only_in_the_recipients_morning(lang: str, hour: int | None, greeting: str) -> None:
    title = nudge_message(_nudge(lang, count=2, hour=hour), delivery_id=7).blocks[0]["text"]["text"]
    assert title.startswith(f"*{greeting} ")


def test_a_nudge_with_everything_done_says_nothing_more_needs_you() -> None:
    nudge = _nudge("en", count=2)
    for item in nudge.items:
        item.state = "done"
    assert nudge_message(nudge, delivery_id=7).text == "Covalis: nothing more needs you today."


@pytest.mark.parametrize(
    ("lang", "days", "supplier", "follow_up"),
    [
        ("en", 0, "has gone quiet — its cadence ran out today.", "— due Mon 23 Nov 2026 (due today)."),
        ("en", 1, "has gone quiet — 1 day past its cadence.", "— due Mon 23 Nov 2026 (1 day overdue)."),
        ("en", 2, "has gone quiet — 2 days past its cadence.", "— due Mon 23 Nov 2026 (2 days overdue)."),
        ("nl", 0, "— het ritme liep vandaag af.", "— uiterlijk ma 23 nov 2026 (vandaag)."),
        ("nl", 1, "— 1 dag over het ritme.", "— uiterlijk ma 23 nov 2026 (1 dag te laat)."),
        ("nl", 2, "— 2 dagen over het ritme.", "— uiterlijk ma 23 nov 2026 (2 dagen te laat)."),
    ],
)
def test_nudge_lines_count_days_past_the_cadence_and_overdue(
    lang: str, days: int, supplier: str, follow_up: str
) -> None:
    shown = _text(nudge_message(_nudge(lang, count=3, days=days), delivery_id=7))
    assert supplier in shown
    assert follow_up in shown


def _digest(lang: str, n: int) -> Digest:
    return Digest(lang, None, None, date(2026, 11, 23), n, n, n, 0, quiet=[QuietLine("Acme", "U1", n)], quiet_total=1)


@pytest.mark.parametrize(
    ("lang", "n", "numbers", "quiet"),
    [
        ("en", 0, "0 interactions logged, 0 suppliers touched, 0 colleagues active", "its cadence ran out today"),
        ("en", 1, "1 interaction logged, 1 supplier touched, 1 colleague active", "1 day past its cadence"),
        ("en", 2, "2 interactions logged, 2 suppliers touched, 2 colleagues active", "2 days past its cadence"),
        ("nl", 0, "0 contactmomenten vastgelegd, 0 leveranciers gesproken, 0 collega's", "het ritme liep vandaag af"),
        ("nl", 1, "1 contactmoment vastgelegd, 1 leverancier gesproken, 1 collega actief", "1 dag over het ritme"),
        ("nl", 2, "2 contactmomenten vastgelegd, 2 leveranciers gesproken, 2 collega's", "2 dagen over het ritme"),
    ],
)
def test_the_digest_counts_in_words_that_agree(lang: str, n: int, numbers: str, quiet: str) -> None:
    shown = _text(digest_message(_digest(lang, n)))
    assert numbers in shown
    assert quiet in shown


def _quiet(days: int) -> QuietRow:
    return QuietRow(1, "Acme", None, "U1", days, AT - timedelta(days=40), None)


@pytest.mark.parametrize(
    ("lang", "days", "row"),
    [
        ("en", 0, "*Acme* — its cadence ran out today, last touch"),
        ("en", 1, "*Acme* — 1 day past cadence, last touch"),
        ("en", 2, "*Acme* — 2 days past cadence, last touch"),
        ("nl", 0, "*Acme* — het ritme liep vandaag af, laatste contact"),
        ("nl", 1, "*Acme* — 1 dag over het ritme, laatste contact"),
        ("nl", 2, "*Acme* — 2 dagen over het ritme, laatste contact"),
    ],
)
def test_the_quiet_list_counts_days_past_cadence(lang: str, days: int, row: str) -> None:
    assert row in _text(lists.quiet_list(lang, Page([_quiet(days)], 0, 1), ListQuery("quiet"), tz=TZ))


@pytest.mark.parametrize(
    ("lang", "late"),
    [("en", ["_1 day overdue_", "_2 days overdue_"]), ("nl", ["_1 dag te laat_", "_2 dagen te laat_"])],
)
def test_the_follow_up_list_counts_days_overdue_and_leaves_todays_unmarked(lang: str, late: list[str]) -> None:
    rows = [FollowUpRow(i, f"task {i}", TODAY - timedelta(days=i), "Acme") for i in COUNTS]
    message = lists.follow_up_list(lang, Page(rows, 0, len(rows)), ListQuery("followups"), TODAY)
    lines = [b["text"]["text"] for b in message.blocks[1:]]
    assert "—  _" not in lines[0]
    assert lines[0].endswith(("Wed 25 Nov 2026", "wo 25 nov 2026"))
    assert [line.rsplit(" — ", 1)[1] for line in lines[1:]] == late


@pytest.mark.parametrize(
    ("lang", "renudge", "shown"),
    [
        ("en", 1, "*Nudge again after:* 1 day"),
        ("en", 2, "*Nudge again after:* 2 days"),
        ("nl", 1, "*Opnieuw herinneren na:* 1 dag"),
        ("nl", 2, "*Opnieuw herinneren na:* 2 dagen"),
    ],
)
def test_the_settings_count_the_days_before_a_second_nudge(lang: str, renudge: int, shown: str) -> None:
    current = WorkspaceSettings("en", {"strategic": 1, "routine": 2, "leverage": None}, 540, 1020, renudge)
    text = _text(messages.settings_message(lang, current))
    assert re.search(re.escape(shown) + "$", text, re.MULTILINE)
    assert ("strategic: Every day" if lang == "en" else "strategisch: Elke dag") in text
    assert ("routine: Every 2 days" if lang == "en" else "routine: Elke 2 dagen") in text


@pytest.mark.parametrize(("lang", "when"), [("en", "Monday 09:00 (Europe/Amsterdam)"), ("nl", "maandag 09:00")])
def test_the_digest_list_names_the_weekday_in_full(lang: str, when: str) -> None:
    sub = Subscription(1, "C1", "general", None, None, "U1", TZ, lang, 0, 540, False, None, AT)
    assert when in _text(subscription_list(lang, [sub]))


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("n", COUNTS)
def test_no_message_a_user_sees_misreads_a_count_of_0_1_or_2(lang: str, n: int) -> None:
    shown = [
        messages.supplier_card(lang, _card(days_since_touch=n, cadence_days=n or None), TZ),
        nudge_message(_nudge(lang, count=max(n, 1), days=n), delivery_id=7),
        digest_message(_digest(lang, n)),
        lists.quiet_list(lang, Page([_quiet(n)] * max(n, 1), 0, max(n, 1)), ListQuery("quiet", True), tz=TZ),
        lists.follow_up_list(
            lang, Page([FollowUpRow(1, "task", TODAY - timedelta(days=n), "Acme")], 0, 1), ListQuery("followups"), TODAY
        ),
        lists.follow_up_list(lang, Page([], 0, 0), ListQuery("followups", True), TODAY),
        messages.settings_message(lang, WorkspaceSettings(lang, {"strategic": n or None}, 540, 1020, max(n, 1))),
        lists.supplier_list(lang, Page([], 0, 0), ListQuery("suppliers")),
        lists.supplier_list(lang, Page([], 0, 0), ListQuery("suppliers", True, "routine")),
    ]
    assert {
        message.text: _misreadings(lang, _text(message)) for message in shown if _misreadings(lang, _text(message))
    } == {}


def test_a_touch_late_yesterday_is_one_day_ago_in_the_readers_zone_not_today() -> None:
    """21:30 UTC on Tuesday is 22:30 in Amsterdam; at 09:00 on Wednesday that is yesterday, whatever the hours say."""
    card = replace(
        _card(days_since_touch=0, cadence_days=14),
        last_touch_at=datetime(2026, 11, 24, 21, 30, tzinfo=UTC),
        as_of=AT,
    )
    assert "*Last touch:* Tue 24 Nov 2026 (1 day ago)" in _text(messages.supplier_card("en", card, TZ))
    assert "*Last touch:* Wed 25 Nov 2026 (today)" in _text(messages.supplier_card("en", card, "Asia/Tokyo"))
