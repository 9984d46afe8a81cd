"""Helpers for the nudge tests: find the nudge DM the stand-in received, click its elements
the way Slack sends a block_actions payload, and wait until the app's listeners have finished their work."""

import concurrent.futures
from typing import Any

from sqlmodel import col, select

from handlers import ids
from storage.models import Delivery
from tests.slack.harness import Reply, SlackHarness, text_of


class Listeners:
    """Records every listener Bolt runs after its ack, so a test can wait for them before asserting absence."""

    def __init__(self, slack: SlackHarness) -> None:
        executor = slack.wsgi.app.listener_runner.listener_executor
        original = executor.submit
        self.futures: list[concurrent.futures.Future[Any]] = []

        def submit(fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
            future = original(fn, *args, **kwargs)
            self.futures.append(future)
            return future

        executor.submit = submit  # type: ignore[method-assign]

    def settle(self, timeout: float = 10.0) -> None:
        _, pending = concurrent.futures.wait(list(self.futures), timeout=timeout)
        assert not pending, "a listener was still running"


def is_nudge(body: dict[str, Any]) -> bool:
    return any(str(b.get("block_id", "")).startswith(ids.NUDGE_BLOCK_PREFIX) for b in body.get("blocks") or [])


def nudges_to(slack: SlackHarness, user: str) -> list[dict[str, Any]]:
    """Every nudge DM posted to `user` so far (other DMs, such as confirmations, are left out)."""
    return [
        c.body for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == user and is_nudge(c.body)
    ]


def nudge_attempts(slack: SlackHarness) -> list[str]:
    """Recipients of every chat.postMessage that carried a nudge, failed or not."""
    return [c.body["channel"] for c in slack.fake.calls_to("chat.postMessage") if is_nudge(c.body)]


def where_sent(slack: SlackHarness, user: str) -> tuple[str, str]:
    """(channel, ts) of the latest nudge Slack accepted for `user`, as the delivery log recorded Slack's answer."""
    with slack.services.db.read() as session:
        row = session.exec(
            select(Delivery)
            .where(Delivery.recipient == user, Delivery.status == "sent")
            .order_by(col(Delivery.id).desc())
        ).first()
    assert row is not None, f"no nudge was sent to {user}"
    assert row.channel_id, f"no nudge was sent to {user}"
    assert row.message_ts, f"no nudge was sent to {user}"
    return row.channel_id, row.message_ts


def item_actions(message: dict[str, Any], phrase: str) -> dict[str, Any]:
    """The actions block that follows the item line containing `phrase`."""
    blocks = message.get("blocks") or []
    for index, block in enumerate(blocks):
        if block.get("type") == "section" and phrase in block["text"]["text"]:
            following = blocks[index + 1] if index + 1 < len(blocks) else {}
            assert following.get("type") == "actions", f"the item {phrase!r} has no buttons: {following}"
            return following
    raise AssertionError(f"no item {phrase!r} in {text_of(message)}")


def item_line(message: dict[str, Any], phrase: str) -> str:
    """The item's line and what is shown under it (its buttons' labels, or what was done with it)."""
    blocks = message.get("blocks") or []
    for index, block in enumerate(blocks):
        if block.get("type") == "section" and phrase in block["text"]["text"]:
            return text_of({"blocks": blocks[index : index + 2]})
    raise AssertionError(f"no item {phrase!r} in {text_of(message)}")


def element(block: dict[str, Any], action_id: str) -> dict[str, Any]:
    found = [e for e in block["elements"] if e["action_id"] == action_id]
    assert found, f"no {action_id} in {[e['action_id'] for e in block['elements']]}"
    return found[0]


def act(
    slack: SlackHarness,
    message: dict[str, Any],
    channel: str,
    ts: str,
    block: dict[str, Any],
    action_id: str,
    *,
    user: str = "U_ALICE",
    option: str | None = None,
    selected_date: str | None = None,
) -> tuple[Reply, str]:
    """Uses one element of a message the app posted, shaped as Slack's block_actions payload for it."""
    chosen = element(block, action_id)
    action: dict[str, Any] = {"type": chosen["type"], "action_id": chosen["action_id"]}
    if chosen["type"] == "button":
        action["text"] = chosen["text"]
        action["value"] = chosen.get("value", "")
    if option is not None:
        picked = [o for o in chosen["options"] if o["value"] == option]
        assert picked, f"no option {option!r} in {chosen['options']}"
        action["selected_option"] = picked[0]
    if selected_date is not None:
        action["selected_date"] = selected_date
    reply, name = slack.block_action(message, channel, ts, block["block_id"], action, user=user)
    assert reply.status == 200, reply.body
    return reply, name
