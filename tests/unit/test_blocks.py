"""Every builder gives valid Block Kit within Slack's limits, escapes user text in mrkdwn, and speaks both languages."""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.services.capture import EditableNote, FollowUpRef, LoggedInteraction
from bot.services.errors import Candidate
from bot.services.history import History
from bot.services.paging import PAGE_SIZE, Page
from bot.services.relationships import (
    FollowUpRow,
    HomeData,
    HomeRow,
    OpenFollowUp,
    RecentInteraction,
    SupplierCard,
    Tie,
)
from bot.services.suppliers import SupplierRef
from handlers import ids
from handlers.blocks import Message, lists, messages, views
from handlers.blocks import help as help_blocks
from handlers.blocks.history import history_page
from handlers.blocks.views import CaptureForm, capture_modal, edit_form, home_view, prefill_summary
from handlers.commands import COMMANDS
from handlers.history_query import HistoryQuery
from handlers.list_query import ListQuery
from handlers.registry import UsageError

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
TEXT_MAX = 3000
NASTY = "<!channel> & Co"
NASTY_ESCAPED = "&lt;!channel&gt; &amp; Co"
LONG_NAME = ("Koninklijke Nederlandse Staal & Metaal Industrie " * 2)[:75]
AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
TZ = "Europe/Amsterdam"


# --- data -----------------------------------------------------------------------------------------------------------


def _supplier_list(lang: str, suppliers: list[SupplierRef]) -> Message:
    return lists.supplier_list(lang, Page(suppliers, 0, len(suppliers)), ListQuery("suppliers"))


def _supplier(name: str = "Acme", *, id_: int = 1, archived: bool = False, segment: str = "strategic") -> SupplierRef:
    return SupplierRef(id_, name, segment, "U0OWNER", archived, AT, 14)


def _logged(
    name: str = "Acme",
    *,
    kind: str = "call",
    summary: str = "Discussed the forecast",
    contacts: list[str] | None = None,
    private: bool = False,
    occurred_at: datetime = AT,
    follow_up: FollowUpRef | None = None,
) -> LoggedInteraction:
    return LoggedInteraction(
        id=42,
        supplier_id=1,
        supplier_name=name,
        occurred_at=occurred_at,
        kind=kind,
        summary=summary,
        private=private,
        contacts=["Jan de Vries"] if contacts is None else contacts,
        colleague_ids=["U1", "U2"],
        follow_up=follow_up,
        permalink=None,
    )


def _card(name: str = "Acme", *, size: int = 3, text: str = "Prices agreed", archived: bool = False) -> SupplierCard:
    return SupplierCard(
        supplier_id=1,
        name=name,
        segment="bottleneck",
        owner_id="U0OWNER",
        archived=archived,
        cadence_days=30,
        last_touch_at=AT - timedelta(days=3),
        days_since_touch=3,
        aliases=[f"{name} {i}" for i in range(size)],
        contacts=[(f"{name} person {i}", f"role {text}") for i in range(size)],
        ties=[Tie(f"U{i}", f"{name} person {i}", i + 1, AT) for i in range(size)],
        recent=[
            RecentInteraction(
                id=i,
                occurred_at=AT - timedelta(days=i),
                kind="visit",
                summary=f"{text} {i}",
                logged_by="U1",
                private=i % 2 == 0,
                contacts=[f"{name} person {i}"],
                permalink="https://acme.slack.com/archives/C1/p1700000000000100" if i == 0 else None,
            )
            for i in range(min(size, 5))
        ],
        follow_ups=[OpenFollowUp(i, f"{text} {i}", TODAY + timedelta(days=i), "U1") for i in range(size)],
    )


def _usage(lang: str, exc: UsageError, typed: str = "") -> Message:
    return help_blocks.usage_message(lang, COMMANDS, exc, typed)


def _usage_line(lang: str, key: str) -> str:
    return help_blocks.usage_line(lang, COMMANDS[key])


def _form(**overrides: Any) -> CaptureForm:
    return CaptureForm(today=TODAY, **overrides)


MESSAGE_BUILDERS: dict[str, Callable[[str], Message]] = {
    "simple": lambda _lang: messages.simple("*bold* text"),
    "help": lambda lang: help_blocks.help_overview(lang, COMMANDS),
    "help_topic": lambda lang: help_blocks.help_topic(lang, [COMMANDS["note"], COMMANDS["note.modal"]]),
    "help_group": lambda lang: help_blocks.help_topic(lang, COMMANDS.in_group("suppliers")),
    "usage": lambda lang: _usage(lang, UsageError("supplier.segment", "usage.unknown_segment", segment="x")),
    "usage_of_a_group": lambda lang: _usage(lang, UsageError("supplier")),
    "usage_unknown_command": lambda lang: _usage(
        lang, UsageError(None, "usage.unknown_command", suggestions=("supplier.add",), command="frob"), "frob add"
    ),
    "error": lambda lang: messages.error_message(lang, "supplier.not_found", {"name": "Acme"}, typed="note Acme: x"),
    "error_with_usage": lambda lang: messages.error_message(
        lang, "supplier_name.too_long", {"length": 80, "max": 75}, usage=_usage_line(lang, "supplier.add")
    ),
    "failure": messages.failure_message,
    "supplier_added": lambda lang: messages.supplier_added(lang, _supplier()),
    "supplier_list": lambda lang: _supplier_list(lang, [_supplier(archived=True), _supplier("Beta", id_=2)]),
    "supplier_list_empty": lambda lang: _supplier_list(lang, []),
    "supplier_list_filtered_empty": lambda lang: lists.supplier_list(
        lang, Page([], 0, 0), ListQuery("suppliers", True, "strategic", "U0OWNER")
    ),
    "supplier_list_middle_page": lambda lang: lists.supplier_list(
        lang,
        Page([_supplier(f"{i:03d} {LONG_NAME}"[:75], id_=i) for i in range(40, 80)], 40, 200),
        ListQuery("suppliers", segment="strategic"),
    ),
    "follow_up_list_team_page": lambda lang: lists.follow_up_list(
        lang,
        Page(
            [
                FollowUpRow(i, "send the forecast & prices " * 20, date(2026, 11, 20), "Acme & Co", "U1", i % 2 == 0)
                for i in range(40)
            ],
            40,
            120,
        ),
        ListQuery("followups", everyone=True, offset=40),
        TODAY,
    ),
    "supplier_changed": lambda lang: messages.supplier_changed(lang, "supplier.renamed", _supplier(), old="Old"),
    "contact_list": lambda lang: messages.contact_list(
        lang, _supplier(), [("Jan", "buyer", "other"), ("Piet", None, "quality")]
    ),
    "contact_list_empty": lambda lang: messages.contact_list(lang, _supplier(), []),
    "contact_added": lambda lang: messages.contact_added(lang, _supplier(), "Sara", "sales", "commercial", True),
    "contact_added_without_role": lambda lang: messages.contact_added(lang, _supplier(), "Sara", None, "other", True),
    "contact_restored": lambda lang: messages.contact_added(lang, _supplier(), "Sara", None, "quality", False),
    "interfaces_set": lambda lang: messages.interfaces_set(lang, "strategic", ("commercial",), default=False),
    "interfaces_default": lambda lang: messages.interfaces_set(lang, "routine", (), default=True),
    "note_logged": lambda lang: messages.note_logged(
        lang, _logged(follow_up=FollowUpRef(7, "send prices", date(2026, 11, 27))), TZ
    ),
    "note_logged_without_contacts": lambda lang: messages.note_logged(lang, _logged(contacts=[], private=True), TZ),
    "ask_which_supplier": lambda lang: messages.ask_which_supplier(
        lang, 9, "ac", [Candidate(1, "Acme", False), Candidate(2, "Acme Old", True)], True
    ),
    "offer_new_supplier": lambda lang: messages.offer_new_supplier(lang, 9, "Acme", True),
    "supplier_card": lambda lang: messages.supplier_card(lang, _card(archived=True), TZ),
    "supplier_card_empty": lambda lang: messages.supplier_card(lang, _card(size=0), TZ),
    "supplier_card_editable": lambda lang: messages.supplier_card(
        lang, replace(_card(size=5), recent=[replace(r, can_edit=True) for r in _card(size=5).recent]), TZ
    ),
    "note_edited": lambda lang: messages.note_edited(lang, replace(_logged(), changed=("date", "people", "text")), TZ),
    "note_edited_unchanged": lambda lang: messages.note_edited(lang, _logged(), TZ),
    "history_middle_page": lambda lang: history_page(
        lang,
        History(
            1,
            "Acme & Co",
            7,
            "Sara <Kok>",
            Page(
                [
                    RecentInteraction(
                        i, AT, "call", "Prices & <!channel> " * 40, "U1", i % 2 == 0, ["Sara"], None, i % 3 == 0
                    )
                    for i in range(10)
                ],
                10,
                35,
                10,
            ),
        ),
        HistoryQuery(1, 7, 10),
        tz=TZ,
    ),
    "history_empty": lambda lang: history_page(
        lang, History(1, "Acme", None, None, Page([], 0, 0, 10)), HistoryQuery(1), tz=TZ
    ),
}
VIEW_BUILDERS: dict[str, Callable[[str], dict[str, Any]]] = {
    "edit_modal_of_a_long_note": lambda lang: capture_modal(
        lang,
        edit_form(
            TODAY,
            EditableNote(3, 1, "Acme", TODAY, "call", "word " * 900, [(2, "Piet (left)")], ["U2"], True, "U1"),
            [(1, "Jan")],
            "C1",
        ),
    ),
    "capture_modal_empty": lambda lang: capture_modal(lang, _form()),
    "capture_modal_supplier_without_contacts": lambda lang: capture_modal(lang, _form(supplier=(1, "Acme"))),
    "capture_modal_prefilled": lambda lang: capture_modal(
        lang,
        _form(
            supplier=(1, "Acme"),
            contacts=[(1, "Jan"), (2, "Piet")],
            summary="From a message",
            kind="call",
            source="shortcut",
            channel_id="C1",
            message_ts="1700000000.000100",
            permalink="https://acme.slack.com/archives/C1/p1700000000000100",
            reply_channel="C1",
            team_domain="acme",
        ),
    ),
    "home_empty": lambda lang: home_view(lang, HomeData([], []), "Europe/Amsterdam"),
    "home_full": lambda lang: home_view(
        lang,
        HomeData(
            [
                HomeRow(
                    i, f"<!channel> Supplier {i}" + "x" * 60, state, AT - timedelta(days=i), AT - timedelta(days=30)
                )
                for i, state in zip(range(60), ["quiet", "due_soon", "on_track", "no_cadence"] * 15, strict=True)
            ],
            [FollowUpRow(i, "send the forecast & prices " * 20, date(2026, 11, 20), "Acme & Co") for i in range(60)],
        ),
        "Europe/Amsterdam",
    ),
}


# --- helpers --------------------------------------------------------------------------------------------------------


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _texts(blocks: list[dict[str, Any]], kind: str) -> list[str]:
    return [node["text"] for node in _walk(blocks) if node.get("type") == kind and isinstance(node.get("text"), str)]


def _initial_values(blocks: list[dict[str, Any]]) -> list[str]:
    return [node["initial_value"] for node in _walk(blocks) if "initial_value" in node]


def _assert_valid_blocks(blocks: list[dict[str, Any]]) -> None:
    parsed = Block.parse_all(blocks)
    assert None not in parsed
    for block, model in zip(blocks, parsed, strict=True):
        model.validate_json()
        assert model.to_dict() == block, "a key slack_sdk does not know was dropped"
    for text in _texts(blocks, "mrkdwn"):
        assert len(text) <= TEXT_MAX
    action_ids = [node["action_id"] for node in _walk(blocks) if "action_id" in node]
    assert len(action_ids) == len(set(action_ids))


def _assert_valid_message(message: Message) -> None:
    assert message.text.strip()
    assert 1 <= len(message.blocks) <= MESSAGE_BLOCKS_MAX
    _assert_valid_blocks(message.blocks)


def _assert_valid_view(view: dict[str, Any]) -> None:
    model = View(**view)
    model.validate_json()
    assert model.to_dict() == view
    assert len(view["blocks"]) <= VIEW_BLOCKS_MAX
    _assert_valid_blocks(view["blocks"])
    block_ids = [block["block_id"] for block in view["blocks"] if "block_id" in block]
    assert len(block_ids) == len(set(block_ids))
    if "private_metadata" in view:
        assert len(view["private_metadata"]) <= TEXT_MAX
        json.loads(view["private_metadata"])


def _more_count(message: Message) -> int | None:
    last = message.blocks[-1]
    if last["type"] != "context":
        return None
    found = re.search(r"(\d+)", last["elements"][0]["text"])
    return int(found.group(1)) if found else None


# --- validity -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", sorted(MESSAGE_BUILDERS))
def test_every_message_builder_gives_valid_block_kit(name: str, lang: str) -> None:
    _assert_valid_message(MESSAGE_BUILDERS[name](lang))


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", sorted(VIEW_BUILDERS))
def test_every_view_builder_gives_a_valid_view(name: str, lang: str) -> None:
    _assert_valid_view(VIEW_BUILDERS[name](lang))


@pytest.mark.parametrize("name", sorted(set(MESSAGE_BUILDERS) - {"simple"}))
def test_dutch_and_english_messages_read_differently(name: str) -> None:
    english, dutch = MESSAGE_BUILDERS[name]("en"), MESSAGE_BUILDERS[name]("nl")

    assert english.text != dutch.text
    assert _texts(english.blocks, "mrkdwn") != _texts(dutch.blocks, "mrkdwn")


@pytest.mark.parametrize("name", sorted(VIEW_BUILDERS))
def test_dutch_and_english_views_read_differently(name: str) -> None:
    english, dutch = VIEW_BUILDERS[name]("en"), VIEW_BUILDERS[name]("nl")

    assert _texts(english["blocks"], "plain_text") + _texts(english["blocks"], "mrkdwn") != _texts(
        dutch["blocks"], "plain_text"
    ) + _texts(dutch["blocks"], "mrkdwn")


def test_an_unknown_language_renders_english() -> None:
    assert help_blocks.help_overview("fr", COMMANDS) == help_blocks.help_overview("en", COMMANDS)


# --- limits ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "showing", "more"), [("en", "1–40 of 200", "More"), ("nl", "1–40 van 200", "Meer")])
def test_the_first_page_of_200_suppliers_shows_40_and_a_more_button_to_the_next(
    lang: str, showing: str, more: str
) -> None:
    suppliers = [_supplier(f"Supplier {i}", id_=i) for i in range(40)]

    message = lists.supplier_list(lang, Page(suppliers, 0, 200), ListQuery("suppliers", segment="strategic"))

    _assert_valid_message(message)
    rows = "\n".join(b["text"]["text"] for b in message.blocks[2:] if b["type"] == "section").splitlines()
    assert len(rows) == PAGE_SIZE == 40
    assert "*Supplier 0*" in rows[0]
    assert "*Supplier 39*" in rows[-1]
    assert message.blocks[-2] == {"type": "context", "elements": [{"type": "mrkdwn", "text": showing}]}
    (button,) = message.blocks[-1]["elements"]
    assert (button["text"]["text"], button["value"]) == (more, "suppliers:40::strategic:")
    assert "200" in message.text


def test_the_last_page_has_back_and_no_more() -> None:
    message = lists.supplier_list("en", Page([_supplier("Zeta", id_=9)], 40, 41), ListQuery("suppliers", True))

    assert message.blocks[-2]["elements"][0]["text"] == "41–41 of 41"
    assert [(b["text"]["text"], b["value"]) for b in message.blocks[-1]["elements"]] == [("Back", "suppliers:0:a::")]


def test_a_list_that_fits_one_page_has_no_footer_and_no_buttons() -> None:
    message = _supplier_list("en", [_supplier("Acme"), _supplier("Beta", id_=2)])

    assert [b["type"] for b in message.blocks] == ["section", "section"]


def test_a_page_of_40_long_names_shows_every_row_whole_over_several_sections() -> None:
    names = [f"{i:03d} {LONG_NAME}"[:75] for i in range(40)]
    message = _supplier_list("en", [_supplier(name, id_=i, archived=i % 2 == 0) for i, name in enumerate(names)])

    _assert_valid_message(message)
    shown_text = "\n".join(_texts(message.blocks, "mrkdwn"))
    assert all(f"*{messages.esc(name)}* — strategic, owner <@U0OWNER>" in shown_text for name in names)
    assert sum(1 for b in message.blocks if b["type"] == "section") > 2, "40 long rows need more than one section"


def test_a_list_of_200_contacts_shows_40_and_says_how_many_more() -> None:
    contacts: list[tuple[str, str | None, str]] = [(f"Person {i}", "buyer", "other") for i in range(200)]

    message = messages.contact_list("en", _supplier(), contacts)

    _assert_valid_message(message)
    assert len(message.blocks[1]["text"]["text"].splitlines()) == 40
    assert _more_count(message) == 160


def test_a_list_of_200_contacts_with_long_names_and_roles_stays_valid() -> None:
    contacts: list[tuple[str, str | None, str]] = [
        (f"{i} {LONG_NAME}"[:75], LONG_NAME, "engineering") for i in range(200)
    ]

    _assert_valid_message(messages.contact_list("nl", _supplier(LONG_NAME), contacts))


def test_a_supplier_card_with_a_hundred_of_everything_stays_within_limits() -> None:
    card = _card(LONG_NAME, size=100, text="&<>" * 100)

    for lang in ("en", "nl"):
        message = messages.supplier_card(lang, card, TZ)
        _assert_valid_message(message)
        body = "\n".join(_texts(message.blocks, "mrkdwn"))
        assert body.count(" ↔ ") == 10


def test_the_supplier_card_shows_at_most_ten_follow_ups_and_counts_the_rest() -> None:
    message = messages.supplier_card("en", _card(size=30), TZ)

    follow_ups = next(t for t in _texts(message.blocks, "mrkdwn") if t.startswith("*Open follow-ups*"))
    lines = follow_ups.splitlines()
    assert len(lines) == 1 + 10 + 1
    assert lines[-1] == "…and 20 more."


def test_a_long_error_echo_stays_valid() -> None:
    message = messages.error_message("en", "supplier.not_found", {"name": NASTY}, typed="<&>" * 5000)

    _assert_valid_message(message)


def test_a_note_confirmation_with_a_huge_summary_stays_valid() -> None:
    message = messages.note_logged("nl", _logged(summary="x" * 40_000, contacts=[LONG_NAME] * 50), TZ)

    _assert_valid_message(message)


def test_a_modal_with_300_contacts_offers_at_most_100() -> None:
    view = capture_modal("en", _form(supplier=(1, "Acme"), contacts=[(i, f"{i} {LONG_NAME}") for i in range(300)]))

    _assert_valid_view(view)
    contacts = next(b for b in view["blocks"] if b.get("block_id", "").startswith(ids.BLOCK_CONTACTS))
    assert len(contacts["element"]["options"]) == 100


def test_a_5000_character_message_prefilled_into_the_modal_is_cut_visibly_to_3000() -> None:
    view = capture_modal("en", _form(summary="x" * 5000))

    _assert_valid_view(view)
    (value,) = _initial_values(view["blocks"])
    assert len(value) == views.SUMMARY_MAX == 3000
    assert value.endswith(" […]")
    assert value.startswith("x" * 2900)


def test_a_message_that_fits_is_prefilled_unchanged() -> None:
    text = "line one\n" + "y" * 2991

    assert len(text) == 3000
    assert prefill_summary(text) == text


def test_an_empty_form_has_no_prefilled_summary() -> None:
    assert _initial_values(capture_modal("en", _form())["blocks"]) == []


# --- escaping -------------------------------------------------------------------------------------------------------

NASTY_MESSAGES: dict[str, Callable[[str], Message]] = {
    "supplier_added": lambda lang: messages.supplier_added(lang, _supplier(NASTY)),
    "supplier_list": lambda lang: _supplier_list(lang, [_supplier(NASTY)]),
    "supplier_changed": lambda lang: messages.supplier_changed(
        lang, "supplier.alias_added", _supplier(NASTY), alias=NASTY
    ),
    "contact_list": lambda lang: messages.contact_list(lang, _supplier(NASTY), [(NASTY, NASTY, "finance")]),
    "contact_list_empty": lambda lang: messages.contact_list(lang, _supplier(NASTY), []),
    "contact_added": lambda lang: messages.contact_added(lang, _supplier(NASTY), NASTY, NASTY, "other", True),
    "note_logged": lambda lang: messages.note_logged(
        lang,
        _logged(NASTY, summary=NASTY, contacts=[NASTY], follow_up=FollowUpRef(1, NASTY, TODAY)),
        TZ,
    ),
    "note_logged_without_contacts": lambda lang: messages.note_logged(lang, _logged(NASTY, contacts=[]), TZ),
    "ask_which_supplier": lambda lang: messages.ask_which_supplier(lang, 1, NASTY, [Candidate(1, NASTY, False)], True),
    "offer_new_supplier": lambda lang: messages.offer_new_supplier(lang, 1, NASTY, False),
    "supplier_card": lambda lang: messages.supplier_card(lang, _card(NASTY, text=NASTY), TZ),
    "error": lambda lang: messages.error_message(lang, "supplier.not_found", {"name": NASTY}, typed=NASTY),
    "usage": lambda lang: _usage(lang, UsageError("note", "usage.note_empty", supplier=NASTY)),
    "unknown_command": lambda lang: _usage(lang, UsageError(None, "usage.unknown_command", command=NASTY), NASTY),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", sorted(NASTY_MESSAGES))
def test_a_channel_ping_in_a_name_stays_inert_in_mrkdwn(name: str, lang: str) -> None:
    message = NASTY_MESSAGES[name](lang)
    mrkdwn = _texts(message.blocks, "mrkdwn")

    assert "<!channel>" not in message.text
    assert all("<!channel>" not in text for text in mrkdwn)
    assert any(NASTY_ESCAPED in text for text in mrkdwn)
    assert all("&amp;amp;" not in text and "&amp;lt;" not in text for text in mrkdwn), "escaped twice"


def test_the_notification_text_of_a_confirmation_is_escaped_too() -> None:
    message = messages.supplier_added("en", _supplier(NASTY))

    assert NASTY_ESCAPED in message.text


def test_a_mention_in_a_logged_note_still_pings_the_colleague() -> None:
    message = messages.note_logged("en", _logged(summary="ask <@U2> about <!here>"), TZ)

    body = message.blocks[0]["text"]["text"]
    assert "> ask <@U2> about &lt;!here&gt;" in body
    assert "*Who:* <@U1>, <@U2>, Jan de Vries" in body


def test_a_supplier_name_is_raw_in_buttons_because_they_are_plain_text() -> None:
    which = messages.ask_which_supplier("en", 1, NASTY, [Candidate(1, NASTY, False)], False)
    create = messages.offer_new_supplier("en", 1, NASTY, False)

    plain = _texts(which.blocks, "plain_text") + _texts(create.blocks, "plain_text")
    assert NASTY in plain
    assert "Create “<!channel> & Co”" in plain
    assert all("&amp;" not in text and "&lt;" not in text for text in plain)


def test_a_supplier_name_is_raw_in_the_modal_and_escaped_in_its_mrkdwn_hint() -> None:
    view = capture_modal("en", _form(supplier=(1, NASTY), summary=f"Re: {NASTY}"))

    supplier = view["blocks"][0]["element"]["initial_option"]
    assert supplier == {"text": {"type": "plain_text", "text": NASTY, "emoji": True}, "value": "1"}
    assert _initial_values(view["blocks"]) == [f"Re: {NASTY}"]
    hint = _texts(view["blocks"], "mrkdwn")[0]
    assert hint.startswith(NASTY_ESCAPED)


def test_contact_options_in_the_modal_are_raw_plain_text() -> None:
    view = capture_modal("en", _form(supplier=(1, "Acme"), contacts=[(5, NASTY)]))

    contacts = view["blocks"][1]
    assert contacts["block_id"] == f"{ids.BLOCK_CONTACTS}:1"
    assert contacts["element"]["options"] == [
        {"text": {"type": "plain_text", "text": NASTY, "emoji": True}, "value": "5"}
    ]


# --- what the user reads --------------------------------------------------------------------------------------------


def test_the_note_confirmation_shows_the_date_in_the_users_time_zone_and_language() -> None:
    late_evening = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)

    english = messages.note_logged("en", _logged(occurred_at=late_evening), TZ)
    dutch = messages.note_logged("nl", _logged(occurred_at=late_evening), TZ)

    assert "*When:* Thu 26 Nov 2026" in english.blocks[0]["text"]["text"]
    assert "*Wanneer:* do 26 nov 2026" in dutch.blocks[0]["text"]["text"]


def test_the_note_confirmation_shows_the_follow_up_and_an_undo_button() -> None:
    message = messages.note_logged("en", _logged(follow_up=FollowUpRef(7, "send prices", date(2026, 11, 27))), TZ)

    assert "*Follow-up:* send prices — due Fri 27 Nov 2026" in message.blocks[0]["text"]["text"]
    undo = message.blocks[-1]["elements"][0]
    assert (undo["action_id"], undo["value"], undo["text"]["text"]) == (ids.ACTION_UNDO, "42", "Undo")


def test_a_note_without_contacts_gets_a_hint_to_name_them() -> None:
    without = messages.note_logged("en", _logged(contacts=[]), TZ)
    with_contacts = messages.note_logged("en", _logged(), TZ)

    assert "No contact of Acme was named" in without.blocks[1]["elements"][0]["text"]
    assert all("No contact" not in text for text in _texts(with_contacts.blocks, "mrkdwn"))


def test_a_private_note_says_so_in_the_confirmation() -> None:
    assert "(private — only you see it)" in messages.note_logged("en", _logged(private=True), TZ).text
    assert "privé — alleen jij ziet het" in messages.note_logged("nl", _logged(private=True), TZ).text
    assert "visible to the team" in messages.note_logged("en", _logged(private=False), TZ).text


@pytest.mark.parametrize("kind", ["email", "event"])
def test_the_english_confirmation_uses_an_before_a_vowel(kind: str) -> None:
    assert f"Logged an {kind}" in messages.note_logged("en", _logged(kind=kind), TZ).text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_confirmation_starts_with_a_capital_and_names_the_kind(lang: str) -> None:
    text = messages.note_logged(lang, _logged(kind="visit"), TZ).text

    assert text.startswith(":memo: ")
    assert text.removeprefix(":memo: ")[0].isupper()
    assert messages.t(lang, "kind.visit").lower() in text.lower()


def test_the_usage_answer_names_the_problem_and_shows_the_usage_line() -> None:
    message = _usage("nl", UsageError("supplier.segment", "usage.unknown_segment", segment="paars"))

    assert message.text == "“paars” is geen segment. Gebruik strategisch, knelpunt, hefboom of routine."
    assert message.blocks[1]["text"]["text"] == (
        "Zo gebruik je het: `/covalis leverancier segment <leverancier> <segment>`\n"
        "Bijvoorbeeld: `/covalis leverancier segment Acme knelpunt`"
    )


@pytest.mark.parametrize(("group", "usage"), [("supplier", "supplier.add"), ("contact", "contact.add")])
def test_an_incomplete_group_command_shows_an_example_of_the_group(group: str, usage: str) -> None:
    message = _usage("en", UsageError(group))

    assert help_blocks.syntax("en", COMMANDS[usage]) in message.blocks[1]["text"]["text"]


def test_a_refused_command_shows_the_reason_the_usage_line_and_keeps_the_text() -> None:
    message = messages.error_message(
        "en", "note.too_long", {"max": 40000}, typed="note Acme: <long>", usage=_usage_line("en", "note")
    )

    texts = _texts(message.blocks, "mrkdwn")
    assert texts[0] == "That note is longer than 40000 characters; shorten it a little."
    assert texts[1] == (
        "Usage: `/covalis note <supplier>: <what happened>`\n"
        "For example: `/covalis note Acme: call with Jan about the forecast #call follow up friday`"
    )
    assert texts[2] == "Your text, so nothing is lost: note Acme: &lt;long&gt;"


def test_help_lists_every_command_in_the_users_language_grouped() -> None:
    blocks = help_blocks.help_overview("nl", COMMANDS).blocks
    body = "\n".join(b["text"]["text"] for b in blocks[1:] if b["type"] == "section")

    assert body.count("• `/covalis") == len(COMMANDS.commands) - 1  # all but help itself
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert "Leg in één regel vast" in body
    titles = [line for line in body.split("\n") if line.startswith("*")]
    assert titles == [
        "*Vastleggen*",
        "*Leveranciers en contactpersonen*",
        "*Herinneringen*",
        "*Weekoverzicht*",
        "*Instellingen*",
    ]


def test_dutch_help_shows_the_dutch_verbs_that_work() -> None:
    body = json.dumps(help_blocks.help_overview("nl", COMMANDS).blocks, ensure_ascii=False)

    for verbs in ("leverancier toevoegen", "contact toevoegen", "overzicht wanneer", "instellingen ritme", "pauze tot"):
        assert f"/covalis {verbs}" in body
    assert "/covalis supplier add" not in body


def test_help_for_one_command_shows_its_examples_and_who_may_run_it() -> None:
    message = help_blocks.help_topic("en", [COMMANDS["supplier.cadence"]])
    body = "\n".join(_texts(message.blocks, "mrkdwn"))

    assert "`/covalis supplier cadence <supplier> <days|off|default>`" in body
    assert "• `/covalis supplier cadence Acme 21`" in body
    assert "• `/covalis supplier cadence Acme default`" in body
    assert "_(the supplier's owner or an admin)_" in body
    assert "Also in Dutch: `/covalis leverancier ritme`" in body


def test_a_mistyped_command_gets_did_you_mean_and_its_text_back() -> None:
    message = _usage(
        "en",
        UsageError(None, "usage.unknown_command", suggestions=("supplier.add", "supplier.list"), command="supplir"),
        "supplir add Acme",
    )
    texts = _texts(message.blocks, "mrkdwn")

    assert texts[0] == "I don't know the command “supplir”."
    assert texts[1] == "Did you mean `/covalis supplier add` or `/covalis supplier list`?"
    assert "You typed: supplir add Acme" in texts


def test_an_archived_supplier_is_marked_in_the_list_and_on_the_card() -> None:
    listed = _supplier_list("en", [_supplier(archived=True)])
    card = messages.supplier_card("nl", _card(archived=True), TZ)

    assert "_(archived)_" in listed.blocks[1]["text"]["text"]
    assert "_gearchiveerd_" in card.blocks[0]["text"]["text"]


def test_the_card_links_to_the_source_message_and_marks_private_notes() -> None:
    texts = _texts(messages.supplier_card("en", _card(), TZ).blocks, "mrkdwn")
    recent = "\n".join(texts[next(i for i, t in enumerate(texts) if "Recent" in t) :])  # the title, then a line each

    assert "<https://acme.slack.com/archives/C1/p1700000000000100|message>" in recent
    assert "_(private)_" in recent


def test_the_modal_remembers_where_the_message_came_from() -> None:
    view = VIEW_BUILDERS["capture_modal_prefilled"]("en")

    assert view["callback_id"] == ids.VIEW_CAPTURE
    assert json.loads(view["private_metadata"]) == {
        "source": "shortcut",
        "channel": "C1",
        "ts": "1700000000.000100",
        "permalink": "https://acme.slack.com/archives/C1/p1700000000000100",
        "reply": "C1",
        "kind": "call",
        "domain": "acme",
        "nudge": None,
    }


def test_the_modal_preselects_the_kind_and_todays_date() -> None:
    view = capture_modal("nl", _form(kind="visit"))

    kind = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_KIND)["element"]
    day = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_DATE)["element"]
    assert kind["initial_option"] == {"text": {"type": "plain_text", "text": "Bezoek", "emoji": True}, "value": "visit"}
    assert kind["initial_option"] in kind["options"]
    assert day["initial_date"] == "2026-11-25"
