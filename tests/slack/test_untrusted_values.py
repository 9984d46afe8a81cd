"""Issue 10, hard edges: button values, block ids and private metadata are untrusted. A forged or out-of-range id
gets a quick, clear answer (never a hang or an OverflowError), and a permalink is kept only when it is Slack's."""

import json
import time
from typing import Any

import pytest

from handlers import ids
from handlers.untrusted import ID_MAX, read_id, read_ids, slack_permalink
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, ask, text_of
from tests.slack.test_modal_and_shortcut import exported_interactions, form_values, opened_view, supplier_id

HUGE = "99999999999999999999"
BAD_VALUE = "That button no longer matches anything here"


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        (ids.ACTION_UNDO, HUGE),
        (ids.ACTION_UNDO, "-1"),
        (ids.ACTION_UNDO, "\u00b2"),
        (ids.ACTION_ADD_FOLLOW_UP, HUGE),
        (ids.ACTION_FOLLOW_UP_DONE, HUGE),
        (ids.ACTION_PICK_SUPPLIER, f"1:{HUGE}"),
        (ids.ACTION_PICK_CONTACT, f"1:1:{HUGE}"),
        (ids.ACTION_UNARCHIVE_AND_LOG, f"{HUGE}:1"),
    ],
)
def test_a_forged_or_out_of_range_button_value_is_answered_at_once_and_clearly(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, action_id: str, value: str
) -> None:
    started = time.monotonic()

    reply, name = slack.click({"action_id": action_id, "value": value})

    assert reply.status == 200
    assert BAD_VALUE in text_of(slack.fake.wait_for(f"response_url:{name}")[-1].body)
    assert time.monotonic() - started < 2.5
    assert "Traceback" not in caplog.text
    assert "OverflowError" not in caplog.text


@pytest.mark.parametrize("action_id", [ids.ACTION_CREATE_SUPPLIER, ids.ACTION_OPEN_FORM])
def test_a_pending_question_button_with_an_absurd_id_is_refused_like_every_forged_value(
    slack: SlackHarness, action_id: str
) -> None:
    reply, name = slack.click({"action_id": action_id, "value": HUGE})

    assert reply.status == 200
    assert BAD_VALUE in text_of(slack.fake.wait_for(f"response_url:{name}")[-1].body)


def test_a_modal_submitted_with_an_out_of_range_supplier_shows_the_field_error(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    ask(slack, "supplier add Acme")
    slack.command("note")
    values = form_values(1)
    values[ids.BLOCK_SUPPLIER][ids.ACTION_SUPPLIER_SELECT]["selected_option"]["value"] = HUGE

    reply = slack.submit(opened_view(fake), values)

    assert reply.status == 200
    assert ids.BLOCK_SUPPLIER in reply.json()["errors"]
    assert exported_interactions(slack) == []


def view_with_permalink(fake: FakeSlackApi, permalink: str) -> dict[str, Any]:
    view = opened_view(fake)
    meta = json.loads(view.get("private_metadata") or "{}")
    meta.update({"permalink": permalink, "channel": None, "ts": None})
    return {**view, "private_metadata": json.dumps(meta)}


@pytest.mark.parametrize(
    "forged",
    [
        "https://evil.example/archives/C1/p1764000000000100",
        "javascript:alert(1)",
        "https://acme.slack.com.evil.example/archives/C1/p1",
        "https://acme.slack.com/archives/C1/p1|click me>",
    ],
)
def test_a_permalink_in_private_metadata_that_is_not_a_slack_message_link_is_dropped(
    slack: SlackHarness, fake: FakeSlackApi, forged: str
) -> None:
    ask(slack, "supplier add Acme")
    slack.command("note")

    slack.submit(view_with_permalink(fake, forged), form_values(supplier_id(slack, "Acme")))

    fake.wait_for("chat.postEphemeral")
    (stored,) = exported_interactions(slack)
    assert stored["permalink"] is None


def test_a_slack_message_permalink_in_private_metadata_is_kept(slack: SlackHarness, fake: FakeSlackApi) -> None:
    link = "https://covalis-test.slack.com/archives/C0123ABC/p1764000000000100?thread_ts=1763999000.000200&cid=C0123ABC"
    ask(slack, "supplier add Acme")
    slack.command("note")

    slack.submit(view_with_permalink(fake, link), form_values(supplier_id(slack, "Acme")))

    fake.wait_for("chat.postEphemeral")
    (stored,) = exported_interactions(slack)
    assert stored["permalink"] == link


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (str(ID_MAX), ID_MAX),
        (str(ID_MAX + 1), None),
        (HUGE, None),
        ("", None),
        ("4.2", None),
        (" 4", None),
        ("\u0661", None),
        (None, None),
        (7, 7),
    ],
)
def test_read_id_accepts_only_ascii_digits_within_a_database_integer(value: object, expected: int | None) -> None:
    assert read_id(value) == expected


def test_read_ids_needs_exactly_that_many_valid_parts() -> None:
    assert read_ids("1:2:3", 3) == [1, 2, 3]
    assert read_ids("1:2", 3) is None
    assert read_ids(f"1:{HUGE}", 2) is None
    assert read_ids(None, 1) is None
    assert slack_permalink("https://a.slack.com/archives/C1/p1") == "https://a.slack.com/archives/C1/p1"
    assert slack_permalink("http://a.slack.com/archives/C1/p1") is None
