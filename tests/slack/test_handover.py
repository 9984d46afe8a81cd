"""Handing relationships over, end to end through Bolt's dispatch against the Web API stand-in: a colleague leaving
Slack DMs the admins once, with a picker per supplier; picking, or `supplier owner`, sends the new owner a handover;
owners of other suppliers hear about a leaver's sole ties in their next nudge."""

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import web_client
from bot.clock import FixedClock
from bot.container import build_services
from bot.services.workspaces import Actor
from handlers.delivery import SlackDelivery
from storage.db import Database
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.conftest import slack_settings
from tests.slack.harness import BOT_TOKEN, SlackHarness, ask, dms_to, text_of, tick

WEDNESDAY_MORNING = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # 10:30 in Amsterdam
THURSDAY_AFTER = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)  # Lea's notes of 25 November are 15 days old


@pytest.fixture
def team(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[SlackHarness]:
    """COVALIS_ADMINS is U_ADMIN. Lea owns Acme and is the only one in touch with Sara Kok there (also through a
    private note); Carol is in touch with Piet Bakker at Acme; Lea is also Alice's only tie to Jan Jansen at Bolts."""
    fake.add_user("U_LEA", name="lea", tz="Europe/Amsterdam")
    fake.add_user("U_CAROL", name="carol", tz="Europe/Amsterdam")
    fake.add_user("U_ADMIN", name="admin", tz="Europe/Amsterdam")
    harness = SlackHarness(
        build_services(slack_settings(fake, database_url, COVALIS_ADMINS="U_ADMIN"), db=db, clock=clock), fake
    )
    ask(harness, "supplier add Acme Industries strategic", user="U_LEA")
    ask(harness, "contact add Acme: Sara Kok, sales director", user="U_LEA")
    ask(harness, "contact add Acme: Piet Bakker, quality manager", user="U_LEA")
    ask(harness, "note Acme: call with Sara Kok about the forecast", user="U_LEA")
    ask(harness, "note Acme: dinner with Sara Kok, secret pricing talk #private", user="U_LEA")
    ask(harness, "note Acme: audit with Piet Bakker", user="U_CAROL")
    ask(harness, "supplier add Bolts strategic")
    ask(harness, "contact add Bolts: Jan Jansen, planner")
    ask(harness, "note Bolts: call with Jan Jansen", user="U_LEA")
    fake.clear()
    yield harness
    harness.close()


def leave(slack: SlackHarness, user: str, *, event_id: str = "EvLeave", **changes: Any) -> None:
    """Slack's `user_change` for a member (deleted unless told otherwise), and its directory saying the same."""
    member = {**slack.fake.users[user], "deleted": True, **changes}
    slack.fake.users[user] = member
    assert slack.event({"type": "user_change", "user": member}, event_id=event_id).status == 200


def handovers_to(slack: SlackHarness, user: str) -> list[dict[str, Any]]:
    return [dm for dm in dms_to(slack, user) if "has left Slack" in dm["text"] or "heeft Slack verlaten" in dm["text"]]


def picker_block(message: dict[str, Any], supplier: str) -> dict[str, Any]:
    for block in message["blocks"]:
        if block.get("accessory", {}).get("type") == "users_select" and supplier in block["text"]["text"]:
            return block
    raise AssertionError(f"no picker for {supplier} in {text_of(message)}")


def pick(slack: SlackHarness, message: dict[str, Any], supplier: str, chosen: str, *, user: str) -> None:
    """Chooses a user in the picker of `supplier`, as Slack sends a users_select's block_actions."""
    block = picker_block(message, supplier)
    payload = {
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM_ID},
        "team": {"id": TEAM_ID, "domain": "covalis-test"},
        "api_app_id": "A0000TEST",
        "trigger_id": "trigger-pick",
        "response_url": slack.fake.response_url("pick"),
        "container": {"type": "message", "channel_id": "D" + user[1:], "message_ts": "1765000000.000100"},
        "channel": {"id": "D" + user[1:]},
        "message": {"ts": "1765000000.000100", "text": message["text"], "blocks": message["blocks"]},
        "actions": [
            {
                "type": "users_select",
                "action_id": block["accessory"]["action_id"],
                "block_id": block["block_id"],
                "selected_user": chosen,
                "action_ts": str(time.time()),
            }
        ],
    }
    assert slack.interactive(payload).status == 200


def test_a_member_leaving_slack_dms_the_admins_their_suppliers_and_sole_ties_once(team: SlackHarness) -> None:
    slack = team
    leave(slack, "U_LEA")

    assert tick(slack, WEDNESDAY_MORNING).handovers.sent == 1

    (dm,) = handovers_to(slack, "U_ADMIN")
    shown = text_of(dm)
    assert "*<@U_LEA> has left Slack.*" in shown
    assert "They owned 1 supplier: pick a new owner for it." in shown
    assert "*Acme Industries* (strategic) — active ties: <@U_CAROL>" in shown
    picker_block(dm, "Acme Industries")
    assert "*Contacts only <@U_LEA> was in touch with*" in shown
    assert "Sara Kok (Acme Industries) — <@U_CAROL> is best placed to pick it up" in shown
    assert "Jan Jansen (Bolts) — <@U_ALICE> is best placed to pick it up" in shown
    assert "Piet Bakker" not in shown  # Carol is in touch with him
    assert "secret pricing" not in shown
    assert handovers_to(slack, "U_ALICE") == []  # not an admin

    tick(slack, WEDNESDAY_MORNING + timedelta(hours=1))
    assert len(handovers_to(slack, "U_ADMIN")) == 1


def test_the_handover_waits_for_the_admins_working_hours_and_reads_in_dutch(team: SlackHarness) -> None:
    slack = team
    ask(slack, "taal nl", user="U_ADMIN")
    leave(slack, "U_LEA")

    assert tick(slack, datetime(2026, 11, 25, 18, 0, tzinfo=UTC)).handovers.sent == 0  # 19:00 in Amsterdam
    assert tick(slack, datetime(2026, 11, 28, 10, 0, tzinfo=UTC)).handovers.sent == 0  # Saturday
    assert handovers_to(slack, "U_ADMIN") == []
    assert tick(slack, datetime(2026, 11, 30, 8, 5, tzinfo=UTC)).handovers.sent == 1  # Monday 09:05

    (dm,) = handovers_to(slack, "U_ADMIN")
    shown = text_of(dm)
    assert "*<@U_LEA> heeft Slack verlaten.*" in shown
    assert "Die was eigenaar van 1 leverancier: kies er een nieuwe eigenaar voor." in shown
    assert "*Acme Industries* (strategisch) — actieve banden: <@U_CAROL>" in shown
    assert "Sara Kok (Acme Industries) — <@U_CAROL> kan het contact het best oppakken" in shown
    assert picker_block(dm, "Acme Industries")["accessory"]["placeholder"]["text"] == "Nieuwe eigenaar"


def test_a_status_change_is_no_departure(team: SlackHarness) -> None:
    slack = team
    member = {**slack.fake.users["U_LEA"], "profile": {"status_text": "On holiday"}}
    assert slack.event({"type": "user_change", "user": member}, event_id="EvStatus").status == 200

    assert tick(slack, WEDNESDAY_MORNING).handovers.sent == 0
    assert handovers_to(slack, "U_ADMIN") == []


def test_the_first_directory_sync_of_someone_long_gone_dms_nobody(team: SlackHarness) -> None:
    slack = team
    # Covalis never saw U_GONE in Slack: a supplier was given to them before Covalis read the directory.
    slack.services.suppliers.add(Actor(TEAM_ID, "U_GONE"), "Gone Supplies", "strategic")
    slack.fake.add_user("U_GONE", tz="Europe/Amsterdam", deleted=True)

    report = tick(slack, WEDNESDAY_MORNING)

    assert report.directory_synced is not None  # the directory was read, U_GONE included
    assert report.handovers.sent == 0
    assert handovers_to(slack, "U_ADMIN") == []


def test_without_covalis_admins_slacks_own_admins_get_the_handover(
    fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock
) -> None:
    fake.add_user("U_LEA", tz="Europe/Amsterdam")
    fake.add_user("U_IT", tz="Europe/Amsterdam", is_admin=True)
    slack = SlackHarness(build_services(slack_settings(fake, database_url), db=db, clock=clock), fake)
    try:
        ask(slack, "supplier add Acme Industries strategic", user="U_LEA")
        leave(slack, "U_LEA")

        assert tick(slack, WEDNESDAY_MORNING).handovers.sent == 1

        assert len(handovers_to(slack, "U_IT")) == 1
        assert "*Acme Industries* (strategic) — nobody else has an active tie there" in text_of(
            handovers_to(slack, "U_IT")[0]
        )
    finally:
        slack.close()


@both_engines
def test_two_ticks_at_once_send_the_handover_once(team: SlackHarness) -> None:
    slack = team
    leave(slack, "U_LEA")
    slack.services.clock.set(WEDNESDAY_MORNING)  # type: ignore[attr-defined]
    slack.services.people.sync_directory(TEAM_ID, list(slack.fake.users.values()))  # both ticks skip the sync
    original_post = slack.fake.set_handler

    def slow(body: dict[str, Any]) -> dict[str, Any]:
        time.sleep(0.05)
        return {"channel": "D" + str(body["channel"])[1:], "ts": f"{time.time():.6f}", "message": {}}

    original_post("chat.postMessage", slow)
    start = threading.Barrier(2)
    reports = []

    def run() -> None:
        start.wait()
        reports.append(slack.services.ticks.run(SlackDelivery(web_client(slack.services, BOT_TOKEN))))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.handovers.sent for r in reports) == [0, 1]
    assert len(handovers_to(slack, "U_ADMIN")) == 1


def test_more_than_ten_suppliers_go_in_follow_up_messages(team: SlackHarness) -> None:
    slack = team
    for index in range(11):
        ask(slack, f"supplier add Part {index:02d} routine", user="U_LEA")
    leave(slack, "U_LEA")

    tick(slack, WEDNESDAY_MORNING)

    first, second = handovers_to(slack, "U_ADMIN")
    pickers = [
        sum(1 for b in m["blocks"] if b.get("accessory", {}).get("type") == "users_select") for m in (first, second)
    ]
    assert pickers == [10, 2]
    assert "They owned 12 suppliers" in text_of(first)
    assert "continued (2/2)" in text_of(second)


def test_an_admin_picking_a_new_owner_changes_it_updates_the_dm_and_sends_the_handover(team: SlackHarness) -> None:
    slack = team
    leave(slack, "U_LEA")
    tick(slack, WEDNESDAY_MORNING)
    (dm,) = handovers_to(slack, "U_ADMIN")

    pick(slack, dm, "Acme Industries", "U_CAROL", user="U_ADMIN")

    assert "owner <@U_CAROL>" in ask(slack, "supplier list")
    (update,) = [c.body for c in slack.fake.calls_to("chat.update")]
    redrawn = text_of(update)
    assert "→ <@U_CAROL>, by <@U_ADMIN>" in redrawn
    assert not any(b.get("accessory", {}).get("type") == "users_select" for b in update["blocks"])
    (to_carol,) = dms_to(slack, "U_CAROL")
    handover = text_of(to_carol)
    assert "<@U_ADMIN> made you the owner of *Acme Industries*" in handover
    assert "*Ties <@U_LEA> held here*" in handover
    assert "Sara Kok (sales director) — :large_green_circle: warm" in handover
    assert "call with Sara Kok about the forecast" in handover
    assert "secret pricing" not in handover
    assert dms_to(slack, "U_LEA") == []  # they left: no line for them


def test_only_an_admin_can_pick_and_only_a_member_in_slack_can_be_picked(team: SlackHarness) -> None:
    slack = team
    leave(slack, "U_LEA")
    tick(slack, WEDNESDAY_MORNING)
    (dm,) = handovers_to(slack, "U_ADMIN")

    pick(slack, dm, "Acme Industries", "U_BOB", user="U_BOB")
    refused = text_of(slack.fake.wait_for("response_url:pick")[-1].body)
    slack.fake.add_user("U_GUEST", tz="Europe/Amsterdam", is_restricted=True)
    pick(slack, dm, "Acme Industries", "U_GUEST", user="U_ADMIN")

    assert "workspace admins" in refused
    assert "can't own a supplier" in text_of(slack.fake.wait_for("response_url:pick", count=2)[-1].body)
    assert "owner <@U_LEA>" in ask(slack, "supplier list")
    assert slack.fake.calls_to("chat.update") == []
    assert dms_to(slack, "U_BOB") == []


def test_supplier_owner_sends_the_new_owner_ties_follow_ups_and_recent_team_visible_interactions(
    slack: SlackHarness,
) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "contact add Acme: Sara Kok, sales director")
    ask(slack, "note Acme: first call with Sara Kok")
    for number in range(2, 7):
        ask(slack, f"note Acme: meeting number {number} #meeting")
    ask(slack, "note Acme: call with Sara Kok, send the forecast, follow up friday")
    ask(slack, "note Acme: Sara Kok hinted at a price rise #private")
    ask(slack, "taal nl", user="U_BOB")

    ask(slack, "supplier owner Acme <@U_BOB>")

    (to_bob,) = dms_to(slack, "U_BOB")
    handover = text_of(to_bob)
    assert "<@U_ALICE> heeft jou eigenaar gemaakt van *Acme Industries*" in handover
    assert "*Banden die <@U_ALICE> hier had*" in handover
    assert "Sara Kok (sales director) — :large_green_circle: warm" in handover
    assert "send the forecast" in handover  # the open follow-up
    assert "*Laatste interacties die het team kan zien*" in handover
    assert "meeting number 6" in handover
    assert "first call" not in handover  # only the last five
    assert "price rise" not in handover
    assert "heeft *Acme Industries* overgedragen" not in handover
    assert dms_to(slack, "U_ALICE") == []  # she made the change herself


def test_the_owner_of_another_supplier_hears_of_the_leavers_sole_tie_in_the_next_nudge_once(
    team: SlackHarness,
) -> None:
    slack = team
    leave(slack, "U_LEA")

    tick(slack, THURSDAY_AFTER)

    nudges = [dm for dm in dms_to(slack, "U_ALICE") if "gone quiet" in text_of(dm)]
    assert len(nudges) == 1
    line = "<@U_LEA> has left Slack and was our only active tie to Jan Jansen (Bolts); <@U_ALICE> is best placed"
    assert line in text_of(nudges[0])
    assert "Sara Kok" not in text_of(nudges[0])  # Lea's own supplier: that is the admins' handover

    tick(slack, THURSDAY_AFTER + timedelta(days=7))
    later = [dm for dm in dms_to(slack, "U_ALICE") if "gone quiet" in text_of(dm)]
    assert len(later) == 2
    assert "has left Slack" not in text_of(later[1])


def test_coming_back_and_leaving_again_is_a_new_handover(team: SlackHarness) -> None:
    slack = team
    leave(slack, "U_LEA")
    tick(slack, WEDNESDAY_MORNING)
    leave(slack, "U_LEA", event_id="EvBack", deleted=False)
    slack.services.clock.set(WEDNESDAY_MORNING + timedelta(days=1))  # type: ignore[attr-defined]
    leave(slack, "U_LEA", event_id="EvLeaveAgain")

    tick(slack, WEDNESDAY_MORNING + timedelta(days=1, hours=1))

    assert len(handovers_to(slack, "U_ADMIN")) == 2
