"""The capture modal and the "Log to Covalis" message shortcut, in-process against the Web API stand-in."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.services.workspaces import Actor
from handlers import ids
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.harness import SlackHarness, ask, exported, stored_view, text_of

ALICE = Actor(team_id=TEAM_ID, user_id="U_ALICE")
MESSAGE_TS = "1764000000.000100"
BUILT_PERMALINK = "https://covalis-test.slack.com/archives/C_GENERAL/p1764000000000100"


def exported_interactions(slack: SlackHarness) -> list[dict[str, Any]]:
    interactions: list[dict[str, Any]] = exported(slack)["interactions"]
    return interactions


def supplier_id(slack: SlackHarness, name: str) -> int:
    return next(s.id for s in slack.services.suppliers.list_suppliers(ALICE) if s.name == name)


def contact_ids(slack: SlackHarness, supplier: int) -> dict[str, int]:
    return {c.name: c.id for c in slack.services.suppliers.contacts(ALICE, supplier) if c.id is not None}


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    found = [b for b in view["blocks"] if b.get("block_id") == block_id]
    assert found, f"no block {block_id!r} in {[b.get('block_id') for b in view['blocks']]}"
    return found[0]


def opened_view(fake: FakeSlackApi, count: int = 1) -> dict[str, Any]:
    """The modal as Slack holds it after the `count`-th views.open (with its view id and hash)."""
    return stored_view(fake, "views.open", count)


def form_values(
    supplier: int | None,
    *,
    summary: str = "Plant tour and capacity review",
    day: str = "2026-11-24",
    kind: str = "visit",
    contacts: list[int] | None = None,
    colleagues: list[str] | None = None,
    private: bool = False,
) -> dict[str, Any]:
    """The view state Slack sends on submit: {block_id: {action_id: element state}}."""
    values: dict[str, Any] = {
        ids.BLOCK_COLLEAGUES: {
            ids.ACTION_COLLEAGUES: {"type": "multi_users_select", "selected_users": colleagues or []}
        },
        ids.BLOCK_KIND: {
            ids.ACTION_KIND: {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": kind}, "value": kind},
            }
        },
        ids.BLOCK_DATE: {ids.ACTION_DATE: {"type": "datepicker", "selected_date": day}},
        ids.BLOCK_SUMMARY: {ids.ACTION_SUMMARY: {"type": "plain_text_input", "value": summary}},
        ids.BLOCK_PRIVATE: {
            ids.ACTION_PRIVATE: {
                "type": "checkboxes",
                "selected_options": [{"text": {"type": "plain_text", "text": "Private"}, "value": "private"}]
                if private
                else [],
            }
        },
    }
    if supplier is not None:
        values[ids.BLOCK_SUPPLIER] = {
            ids.ACTION_SUPPLIER_SELECT: {
                "type": "external_select",
                "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": str(supplier)},
            }
        }
        values[f"{ids.BLOCK_CONTACTS}:{supplier}"] = {
            ids.ACTION_CONTACTS: {
                "type": "multi_static_select",
                "selected_options": [
                    {"text": {"type": "plain_text", "text": "x"}, "value": str(c)} for c in contacts or []
                ],
            }
        }
    return values


@pytest.fixture
def acme(slack: SlackHarness) -> int:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "contact add Acme Industries: Jan de Vries, account manager")
    ask(slack, "contact add Acme Industries: Piet Jansen, planner")
    return supplier_id(slack, "Acme Industries")


# --- opening the modal ------------------------------------------------------------------------------------------


def test_note_without_text_opens_the_capture_modal_dated_today_in_the_users_zone(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    reply, name = slack.command("note")

    assert reply.status == 200
    (opened,) = fake.wait_for("views.open")
    assert opened.body["trigger_id"] == f"trigger-{name}"
    view = opened.body["view"]
    assert view["callback_id"] == "capture_modal"
    assert block(view, ids.BLOCK_DATE)["element"] == {
        "type": "datepicker",
        "action_id": ids.ACTION_DATE,
        "initial_date": "2026-11-25",
    }
    assert "initial_value" not in block(view, ids.BLOCK_SUMMARY)["element"]


def test_the_modals_date_is_today_where_the_user_is_not_in_utc(
    slack: SlackHarness, fake: FakeSlackApi, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 11, 25, 23, 30, tzinfo=UTC))

    slack.command("note", user="U_ALICE")
    alices = opened_view(fake, 1)
    slack.command("note", user="U_BOB")
    bobs = opened_view(fake, 2)

    assert block(alices, ids.BLOCK_DATE)["element"]["initial_date"] == "2026-11-26"
    assert block(bobs, ids.BLOCK_DATE)["element"]["initial_date"] == "2026-11-25"


def test_typing_in_the_supplier_field_offers_matching_suppliers_in_the_http_answer(slack: SlackHarness) -> None:
    for name in ("Acme Industries", "Acme Logistics", "Globex"):
        ask(slack, f"supplier add {name}")

    reply = slack.options("ac")

    assert reply.status == 200
    offered = reply.json()["options"]
    assert [(o["text"]["text"], o["value"]) for o in offered] == [
        ("Acme Industries", str(supplier_id(slack, "Acme Industries"))),
        ("Acme Logistics", str(supplier_id(slack, "Acme Logistics"))),
    ]


def test_the_supplier_type_ahead_offers_nothing_from_another_workspace(slack: SlackHarness, fake: FakeSlackApi) -> None:
    ask(slack, "supplier add Acme Industries")
    fake.add_user("U_OTTO", team_id="T_OTHER")

    reply = slack.options("ac", user="U_OTTO", team="T_OTHER")

    assert reply.status == 200
    assert reply.json()["options"] == []


def test_picking_a_supplier_fills_the_contacts_list_with_its_people(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    slack.command("note")
    view = opened_view(fake)
    assert not any(str(b.get("block_id", "")).startswith("contacts") for b in view["blocks"])

    reply = slack.select_supplier(view, acme)

    assert reply.status == 200
    (update,) = fake.wait_for("views.update")
    assert update.body["view_id"] == view["id"]
    updated = update.body["view"]
    assert block(updated, ids.BLOCK_SUPPLIER)["element"]["initial_option"]["value"] == str(acme)
    people = block(updated, f"{ids.BLOCK_CONTACTS}:{acme}")["element"]["options"]
    by_name = contact_ids(slack, acme)
    assert sorted((o["text"]["text"], o["value"]) for o in people) == sorted(
        (name, str(cid)) for name, cid in by_name.items()
    )


# --- submitting -------------------------------------------------------------------------------------------------


def test_submitting_the_modal_logs_the_interaction_with_contacts_and_colleagues(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    slack.command("note")
    slack.select_supplier(opened_view(fake), acme)
    view = stored_view(fake, "views.update")
    jan = contact_ids(slack, acme)["Jan de Vries"]

    reply = slack.submit(view, form_values(acme, contacts=[jan], colleagues=["U_PIETER"]))

    assert reply.status == 200
    assert reply.body == ""
    (confirmation,) = fake.wait_for("chat.postEphemeral")
    assert (confirmation.body["channel"], confirmation.body["user"]) == ("C_GENERAL", "U_ALICE")
    shown = text_of(confirmation.body)
    assert "Logged a visit with *Acme Industries*" in shown
    assert "Tue 24 Nov 2026" in shown
    assert "<@U_ALICE>" in shown
    assert "<@U_PIETER>" in shown
    assert "Jan de Vries" in shown
    assert "Piet Jansen" not in shown
    (stored,) = exported_interactions(slack)
    assert stored["contact_ids"] == [jan]
    assert stored["colleague_ids"] == ["U_ALICE", "U_PIETER"]
    assert stored["source"] == "modal"
    card = ask(slack, "status Acme")
    assert "Plant tour and capacity review" in card
    assert "<@U_PIETER> ↔ Jan de Vries" in card
    assert "*Last touch:* Tue 24 Nov 2026 (1 day ago)" in card


def test_a_contact_of_another_supplier_slipped_into_the_form_is_not_recorded(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    ask(slack, "supplier add Globex")
    globex = supplier_id(slack, "Globex")
    jan = contact_ids(slack, acme)["Jan de Vries"]
    slack.command("note")
    values = form_values(globex)
    values[f"{ids.BLOCK_CONTACTS}:{acme}"] = {
        ids.ACTION_CONTACTS: {"type": "multi_static_select", "selected_options": [{"value": str(jan)}]}
    }

    slack.submit(opened_view(fake), values)

    fake.wait_for("chat.postEphemeral")
    (stored,) = exported_interactions(slack)
    assert stored["supplier_id"] == globex
    assert stored["contact_ids"] == []


def test_a_form_opened_before_a_merge_or_a_forget_says_so_beside_the_contacts_and_keeps_the_text(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    ask(slack, "contact add Acme Industries: J. de Vries")
    people = contact_ids(slack, acme)
    slack.command("note")
    view = opened_view(fake)
    merge = slack.services.merging.plan_contact_merge(ALICE, acme, "J. de Vries", "Jan de Vries")
    slack.services.merging.merge_contacts(ALICE, acme, merge.from_id, merge.into_id)
    forget = slack.services.forgetting.plan_forget_contact(ALICE, acme, "Piet Jansen")
    slack.services.forgetting.forget_contact(ALICE, acme, forget.contact_id)

    for gone in ("J. de Vries", "Piet Jansen"):
        reply = slack.submit(view, form_values(acme, contacts=[people["Jan de Vries"], people[gone]]))

        assert reply.json() == {
            "response_action": "errors",
            "errors": {
                f"{ids.BLOCK_CONTACTS}:{acme}": "A contact you picked was merged or forgotten meanwhile: pick the "
                "supplier again to refresh this list, then the people."
            },
        }
    assert exported_interactions(slack) == []


def test_a_private_modal_entry_is_hidden_from_colleagues(slack: SlackHarness, fake: FakeSlackApi, acme: int) -> None:
    slack.command("note")

    slack.submit(opened_view(fake), form_values(acme, summary="they may lose their biggest client", private=True))

    assert "private — only you see it" in text_of(fake.wait_for("chat.postEphemeral")[0].body)
    assert "they may lose their biggest client" in ask(slack, "status Acme")
    assert "they may lose their biggest client" not in ask(slack, "status Acme", user="U_BOB")


@pytest.mark.parametrize(
    ("change", "block_id", "message"),
    [
        ({"summary": "   \n  "}, ids.BLOCK_SUMMARY, "Write what happened."),
        ({"supplier": None}, ids.BLOCK_SUPPLIER, "Pick a supplier."),
        ({"day": "2026-11-26"}, ids.BLOCK_DATE, "That date is in the future."),
        ({"day": ""}, ids.BLOCK_DATE, "Pick a date."),
    ],
    ids=["empty-summary", "no-supplier", "future-date", "no-date"],
)
def test_an_incomplete_modal_shows_the_error_beside_the_field_and_stores_nothing(
    slack: SlackHarness, fake: FakeSlackApi, acme: int, change: dict[str, Any], block_id: str, message: str
) -> None:
    slack.command("note")
    arguments: dict[str, Any] = {"supplier": acme, **change}
    supplier = arguments.pop("supplier")

    reply = slack.submit(opened_view(fake), form_values(supplier, **arguments))

    assert reply.status == 200
    assert reply.json() == {"response_action": "errors", "errors": {block_id: message}}
    assert exported_interactions(slack) == []
    assert fake.calls_to("chat.postEphemeral") == []
    assert "*Last touch:* nothing logged yet" in ask(slack, "status Acme")


@pytest.mark.usefixtures("acme")
def test_modal_errors_are_in_the_users_language(slack: SlackHarness, fake: FakeSlackApi) -> None:
    ask(slack, "language nl")
    slack.command("note")

    reply = slack.submit(opened_view(fake), form_values(None, summary=""))

    assert reply.json()["errors"] == {
        ids.BLOCK_SUPPLIER: "Kies een leverancier.",
        ids.BLOCK_SUMMARY: "Schrijf wat er gebeurde.",
    }


# --- the message shortcut ---------------------------------------------------------------------------------------


def test_the_shortcut_opens_the_modal_with_the_message_text_decoded_once(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    reply = slack.shortcut("Price &lt;= 5 &amp; the code &amp;lt;b&amp;gt; stays literal")

    assert reply.status == 200
    (opened,) = fake.wait_for("views.open")
    assert opened.body["trigger_id"] == "trigger-shortcut"
    view = opened.body["view"]
    assert block(view, ids.BLOCK_SUMMARY)["element"]["initial_value"] == (
        "Price <= 5 & the code &lt;b&gt; stays literal"
    )
    assert block(view, ids.BLOCK_KIND)["element"]["initial_option"]["value"] == "chat"


def test_a_long_message_is_cut_to_the_input_limit_with_a_visible_marker(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    slack.shortcut("word " * 1000)

    (opened,) = fake.wait_for("views.open")
    prefilled = block(opened.body["view"], ids.BLOCK_SUMMARY)["element"]["initial_value"]
    assert len(prefilled) <= 3000
    assert len(prefilled) > 2900
    assert prefilled.endswith(" […]")
    assert prefilled.startswith("word word")
    said = [b["elements"][0]["text"] for b in opened.body["view"]["blocks"] if b["type"] == "context"]
    assert (
        ":scissors: The message has 5000 characters; the box takes 3000, so its end was cut (marked […]). "
        "The link to the message keeps the whole of it."
    ) in said


def test_a_message_that_fits_says_nothing_about_cutting(slack: SlackHarness, fake: FakeSlackApi) -> None:
    slack.shortcut("word " * 500)

    (opened,) = fake.wait_for("views.open")
    assert ":scissors:" not in json.dumps(opened.body["view"])


def test_a_shortcut_submission_stores_the_message_source_and_slacks_permalink(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    thread_link = f"{BUILT_PERMALINK}?thread_ts=1763999000.000200&cid=C_GENERAL"
    fake.set_handler("chat.getPermalink", lambda body: {"channel": body["channel"], "permalink": thread_link})
    slack.shortcut("Can you confirm the new lead times?", ts=MESSAGE_TS)

    reply = slack.submit(opened_view(fake), form_values(acme, summary="Can you confirm the new lead times?"))

    assert reply.status == 200
    (asked,) = fake.wait_for("chat.getPermalink")
    assert (asked.body["channel"], asked.body["message_ts"]) == ("C_GENERAL", MESSAGE_TS)
    fake.wait_for("chat.postEphemeral")
    (stored,) = exported_interactions(slack)
    assert stored["source"] == "shortcut"
    assert (stored["channel_id"], stored["message_ts"]) == ("C_GENERAL", MESSAGE_TS)
    assert stored["permalink"] == thread_link
    assert f"<{thread_link}|message>" in ask(slack, "status Acme")


def test_when_slack_refuses_the_permalink_it_is_built_from_channel_and_ts(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    fake.fail_next("chat.getPermalink", "channel_not_found")
    slack.shortcut("Can you confirm the new lead times?", ts=MESSAGE_TS)

    slack.submit(opened_view(fake), form_values(acme))

    fake.wait_for("chat.postEphemeral")
    (stored,) = exported_interactions(slack)
    assert stored["permalink"] == BUILT_PERMALINK


def test_when_the_app_is_not_in_the_channel_the_confirmation_comes_by_direct_message(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    fake.fail_next("chat.postEphemeral", "not_in_channel")
    slack.shortcut("Can you confirm the new lead times?", ts=MESSAGE_TS, channel="C_PRIVATE")

    slack.submit(opened_view(fake), form_values(acme))

    (dm,) = fake.wait_for("chat.postMessage")
    assert dm.body["channel"] == "U_ALICE"
    assert "Logged a visit with *Acme Industries*" in text_of(dm.body)
    assert [c.body["channel"] for c in fake.calls_to("chat.postEphemeral")] == ["C_PRIVATE"]
    assert len(exported_interactions(slack)) == 1


def test_archived_suppliers_are_not_offered_in_the_type_ahead(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries")
    ask(slack, "supplier add Acme Logistics")
    ask(slack, "supplier archive Acme Logistics")

    offered = slack.options("acme").json()["options"]

    assert [o["text"]["text"] for o in offered] == ["Acme Industries"]


def test_picking_a_supplier_keeps_the_summary_already_typed(slack: SlackHarness, fake: FakeSlackApi, acme: int) -> None:
    slack.command("note")
    view = opened_view(fake)
    typed = {ids.BLOCK_SUMMARY: {ids.ACTION_SUMMARY: {"type": "plain_text_input", "value": "half-written notes"}}}

    slack.select_supplier({**view, "state": {"values": typed}}, acme)

    (update,) = fake.wait_for("views.update")
    assert block(update.body["view"], ids.BLOCK_SUMMARY)["element"]["initial_value"] == "half-written notes"


def test_a_supplier_id_from_another_workspace_is_refused_on_submit(
    slack: SlackHarness, fake: FakeSlackApi, acme: int
) -> None:
    fake.add_user("U_OTTO", team_id="T_OTHER")
    slack.command("note")

    reply = slack.submit(opened_view(fake), form_values(acme, summary="forged entry"), user="U_OTTO", team="T_OTHER")

    assert reply.status == 200
    (refusal,) = fake.wait_for("chat.postEphemeral")
    assert refusal.body["user"] == "U_OTTO"
    assert "Logged" not in text_of(refusal.body)
    assert exported_interactions(slack) == []
    assert "forged entry" not in ask(slack, "status Acme")


def test_when_the_shortcuts_modal_cannot_open_the_message_text_is_given_back(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.fail_next("views.open", "expired_trigger_id")

    reply = slack.shortcut("Lead times go up by two weeks from January")

    assert reply.status == 200
    shown = text_of(slack.answer("shortcut"))
    assert "I couldn't open the form" in shown
    assert "Lead times go up by two weeks from January" in shown
