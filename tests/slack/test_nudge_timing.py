"""When nudges go out and to whom: each owner's own working hours across time zones and DST changes, workspace
hours, pauses, owners who left, language, key contacts, the quiet lists, and Slack's delivery errors.

Ticks run in-process against the Web API stand-in; commands and events arrive as signed requests in-process.
SQLite; the delivery log on both engines."""

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.container import build_services
from storage.db import Database
from storage.models import Delivery
from tests.conftest import both_engines
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.conftest import slack_settings
from tests.slack.harness import SlackHarness, ask, text_of, tick
from tests.slack.nudge_kit import Listeners, nudge_attempts, nudges_to

# Thursday 10 December 2026: 16:00 in Amsterdam, 10:00 in New York, 23:00 in Singapore.
BOTH_AT_WORK = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
# Thursday 10 December 2026, 10:30 in Amsterdam; suppliers added on 25 November are 15 days quiet.
THURSDAY = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


def add_quiet_supplier(slack: SlackHarness, owner: str, name: str, added: datetime) -> None:
    """`owner` adds a strategic supplier at `added` (so it is quiet 14 days later) and becomes its owner."""
    slack.services.clock.set(added)  # type: ignore[attr-defined]
    answer = ask(slack, f"supplier add {name} strategic", user=owner)
    assert "Added" in answer or "toegevoegd" in answer, answer


# --- each owner's working hours, across DST changes -------------------------------------------------------------

# (owner's zone, when the supplier is added, [(tick instant in UTC, nudges sent to the owner at that tick)])
DST_CASES: dict[str, tuple[str, str, list[tuple[str, int]]]] = {
    # Europe falls back on Sunday 25 October 2026: Monday's 09:00 is 08:00 UTC, no longer 07:00.
    "amsterdam-oct-2026-opens-0900-cet": (
        "Europe/Amsterdam",
        "2026-10-10T06:00",
        [
            ("2026-10-24T10:00", 0),  # Saturday
            ("2026-10-25T10:00", 0),  # Sunday, the change day
            ("2026-10-26T07:00", 0),  # 08:00 CET (09:00 on last week's clock)
            ("2026-10-26T07:59", 0),  # 08:59
            ("2026-10-26T08:00", 1),  # 09:00
            ("2026-10-26T12:00", 0),  # once a day
        ],
    ),
    "amsterdam-oct-2026-closes-1700": (
        "Europe/Amsterdam",
        "2026-10-09T06:00",
        [
            ("2026-10-23T15:00", 0),  # Friday 17:00 CEST
            ("2026-10-26T15:59", 1),  # Monday 16:59 CET (17:59 on last week's clock)
        ],
    ),
    # Europe springs forward on Sunday 28 March 2027: Monday's 09:00 is 07:00 UTC.
    "amsterdam-mar-2027-opens-0900-cest": (
        "Europe/Amsterdam",
        "2027-03-13T06:00",
        [
            ("2027-03-27T10:00", 0),
            ("2027-03-28T10:00", 0),
            ("2027-03-29T06:59", 0),  # 08:59 CEST
            ("2027-03-29T07:00", 1),  # 09:00 CEST (08:00 on last week's clock)
        ],
    ),
    "amsterdam-mar-2027-closes-1700-cest": (
        "Europe/Amsterdam",
        "2027-03-12T06:00",
        [
            ("2027-03-26T16:00", 0),  # Friday 17:00 CET
            ("2027-03-29T15:00", 0),  # Monday 17:00 CEST (16:00 on last week's clock)
            ("2027-03-30T14:59", 1),  # Tuesday 16:59 CEST
        ],
    ),
    # Europe falls back on Sunday 31 October 2027.
    "amsterdam-oct-2027-opens-0900-cet": (
        "Europe/Amsterdam",
        "2027-10-16T06:00",
        [
            ("2027-10-31T10:00", 0),
            ("2027-11-01T07:00", 0),
            ("2027-11-01T07:59", 0),
            ("2027-11-01T08:00", 1),
        ],
    ),
    # The US falls back on Sunday 1 November 2026: Monday's 09:00 is 14:00 UTC, no longer 13:00.
    "new-york-nov-2026-opens-0900-est": (
        "America/New_York",
        "2026-10-17T06:00",
        [
            ("2026-11-01T15:00", 0),  # Sunday, the change day
            ("2026-11-02T13:00", 0),  # 08:00 EST (09:00 on last week's clock)
            ("2026-11-02T13:59", 0),
            ("2026-11-02T14:00", 1),
        ],
    ),
    "new-york-nov-2026-closes-1700": (
        "America/New_York",
        "2026-10-16T12:00",
        [
            ("2026-10-30T21:00", 0),  # Friday 17:00 EDT
            ("2026-11-02T21:59", 1),  # Monday 16:59 EST (17:59 on last week's clock)
        ],
    ),
    # The US springs forward on Sunday 14 March 2027, two weeks before Europe.
    "new-york-mar-2027-opens-0900-edt": (
        "America/New_York",
        "2027-02-27T06:00",
        [
            ("2027-03-14T15:00", 0),
            ("2027-03-15T12:59", 0),  # 08:59 EDT
            ("2027-03-15T13:00", 1),  # 09:00 EDT (08:00 on last week's clock)
        ],
    ),
    "new-york-mar-2027-closes-1700-edt": (
        "America/New_York",
        "2027-02-26T12:00",
        [
            ("2027-03-12T22:00", 0),  # Friday 17:00 EST
            ("2027-03-15T21:00", 0),  # Monday 17:00 EDT (16:00 on last week's clock)
            ("2027-03-16T20:59", 1),  # Tuesday 16:59 EDT
        ],
    ),
    # The US falls back on Sunday 7 November 2027.
    "new-york-nov-2027-opens-0900-est": (
        "America/New_York",
        "2027-10-23T06:00",
        [
            ("2027-11-07T15:00", 0),
            ("2027-11-08T13:00", 0),
            ("2027-11-08T13:59", 0),
            ("2027-11-08T14:00", 1),
        ],
    ),
    # Singapore has no DST: Monday 09:00 is 01:00 UTC, in Europe's change week too.
    "singapore-mar-2027-opens-0900-sgt": (
        "Asia/Singapore",
        "2027-03-13T06:00",
        [
            ("2027-03-28T02:00", 0),  # Sunday 10:00 SGT
            ("2027-03-29T00:59", 0),  # Monday 08:59 SGT
            ("2027-03-29T01:00", 1),
        ],
    ),
}


@pytest.mark.parametrize("case", list(DST_CASES), ids=list(DST_CASES))
def test_an_owner_is_nudged_at_the_first_tick_inside_their_own_hours_in_dst_change_weeks(
    slack: SlackHarness, fake: FakeSlackApi, case: str
) -> None:
    tz, added, ticks = DST_CASES[case]
    fake.add_user("U_OWNER", tz=tz)
    add_quiet_supplier(slack, "U_OWNER", "Acme Industries", utc(added))

    expected = 0
    for at, sent in ticks:
        tick(slack, utc(at))
        expected += sent
        assert len(nudges_to(slack, "U_OWNER")) == expected, f"after the tick at {at} UTC"


def test_owners_in_three_zones_are_each_nudged_once_in_their_own_working_hours(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    owners = {"U_AMS": "Europe/Amsterdam", "U_NYC": "America/New_York", "U_SGP": "Asia/Singapore"}
    for user, tz in owners.items():
        fake.add_user(user, tz=tz)
        add_quiet_supplier(slack, user, f"Supplier of {user}", utc("2026-11-27T18:00"))  # quiet Fri 11 Dec, 18:00 UTC
    steps = [
        ("2026-12-11T17:59", set()),  # not quiet yet
        ("2026-12-11T18:00", {"U_NYC"}),  # 13:00 New York; 19:00 Amsterdam; Saturday 02:00 Singapore
        ("2026-12-12T01:00", set()),  # Saturday 09:00 Singapore
        ("2026-12-12T10:00", set()),  # Saturday everywhere
        ("2026-12-13T14:00", set()),  # Sunday 09:00 New York, 15:00 Amsterdam
        ("2026-12-14T00:59", set()),  # Monday 08:59 Singapore
        ("2026-12-14T01:00", {"U_SGP"}),  # Monday 09:00 Singapore; 02:00 Amsterdam; Sunday night New York
        ("2026-12-14T07:59", set()),  # Monday 08:59 Amsterdam
        ("2026-12-14T08:00", {"U_AMS"}),
        ("2026-12-14T14:00", set()),  # Monday 09:00 New York: nudged on Friday already
    ]
    for at, recipients in steps:
        before = nudge_attempts(slack)
        tick(slack, utc(at))
        assert set(nudge_attempts(slack)[len(before) :]) == recipients, f"at {at} UTC"
    assert sorted(nudge_attempts(slack)) == sorted(owners)


def test_a_bot_that_was_down_at_nine_still_sends_at_eleven(slack: SlackHarness) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))

    report = tick(slack, utc("2026-12-14T10:00"))  # Monday 11:00 in Amsterdam, the first tick of the day

    assert report.nudges.sent == 1
    assert "*Acme Industries* has gone quiet" in text_of(nudges_to(slack, "U_ALICE")[0])
    tick(slack, utc("2026-12-14T10:05"))
    assert len(nudges_to(slack, "U_ALICE")) == 1


# --- workspace hours and who may set them -----------------------------------------------------------------------


def test_an_admin_narrows_the_working_hours_and_nudges_keep_to_them(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))

    assert "10:00–12:00" in ask(slack, "settings hours 10:00-12:00", user="U_ADMIN")

    assert tick(slack, utc("2026-12-10T08:30")).nudges.sent == 0  # 09:30 in Amsterdam
    assert tick(slack, utc("2026-12-10T11:00")).nudges.sent == 0  # 12:00
    assert tick(slack, utc("2026-12-11T09:00")).nudges.sent == 1  # Friday 10:00
    assert len(nudges_to(slack, "U_ALICE")) == 1


def test_a_non_admin_cannot_change_the_working_hours_and_is_told_who_can(slack: SlackHarness) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))

    answer = ask(slack, "settings hours 06:00-22:00", user="U_BOB")

    assert "Only Slack workspace admins and owners can change workspace settings." in answer
    assert "09:00–17:00" in ask(slack, "settings")
    assert tick(slack, utc("2026-12-10T06:00")).nudges.sent == 0  # 07:00 in Amsterdam


@pytest.fixture
def slack_with_admins(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[SlackHarness]:
    settings = slack_settings(fake, database_url, COVALIS_ADMINS="U_CAROL")
    harness = SlackHarness(build_services(settings, db=db, clock=clock), fake)
    yield harness
    harness.close()


def test_a_refusal_names_the_covalis_admins_and_they_can_change_the_hours(
    slack_with_admins: SlackHarness, fake: FakeSlackApi
) -> None:
    slack = slack_with_admins
    fake.add_user("U_CAROL", tz="Europe/Amsterdam")

    refused = ask(slack, "settings hours 06:00-22:00", user="U_BOB")

    assert "<@U_CAROL>" in refused
    assert "can change workspace settings" in refused
    assert "06:00–22:00" in ask(slack, "settings hours 06:00-22:00", user="U_CAROL")
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    assert tick(slack, utc("2026-12-10T06:00")).nudges.sent == 1  # 07:00 in Amsterdam, inside the new hours


def test_a_workspace_cadence_set_by_an_admin_decides_when_a_supplier_goes_quiet(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))

    assert "30" in ask(slack, "settings cadence strategic 30", user="U_ADMIN")

    assert tick(slack, THURSDAY).nudges.sent == 0  # 15 days
    assert tick(slack, utc("2026-12-28T09:30")).nudges.sent == 1  # Monday, 33 days
    assert "*Acme Industries* has gone quiet — 3 days past its cadence" in text_of(nudges_to(slack, "U_ALICE")[0])


def test_the_status_card_shows_the_workspace_cadence_an_admin_set(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))

    ask(slack, "settings cadence strategic 30", user="U_ADMIN")

    assert "*Cadence:* every 30 days" in ask(slack, "status Acme")


# --- pause and resume -------------------------------------------------------------------------------------------


def test_pause_until_a_date_holds_nudges_through_that_day(slack: SlackHarness) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    assert "Fri 18 Dec 2026" in ask(slack, "pause until 2026-12-18")

    for day in (10, 11, 14, 17, 18):
        assert tick(slack, datetime(2026, 12, day, 9, 30, tzinfo=UTC)).nudges.sent == 0, f"{day} December"
    assert tick(slack, utc("2026-12-21T09:30")).nudges.sent == 1
    assert len(nudges_to(slack, "U_ALICE")) == 1


def test_resume_brings_nudges_back_at_the_next_tick(slack: SlackHarness) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    ask(slack, "pause until 2026-12-31")
    assert tick(slack, THURSDAY).nudges.sent == 0

    assert "Nudges are on again" in ask(slack, "resume")

    assert tick(slack, utc("2026-12-10T10:00")).nudges.sent == 1
    assert len(nudges_to(slack, "U_ALICE")) == 1


# --- owners who left --------------------------------------------------------------------------------------------


def test_an_owner_who_left_slack_gets_nothing_and_the_supplier_shows_as_orphaned(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.add_user("U_LEFT", tz="Europe/Amsterdam")
    add_quiet_supplier(slack, "U_LEFT", "Acme Industries", utc("2026-11-25T09:00"))
    add_quiet_supplier(slack, "U_ALICE", "Globex", utc("2026-11-25T09:00"))
    fake.users["U_LEFT"]["deleted"] = True

    report = tick(slack, THURSDAY)

    assert nudge_attempts(slack) == ["U_ALICE"]
    assert report.nudges.skipped_orphaned == 1
    assert "this supplier is orphaned" in ask(slack, "status Acme")


def test_a_user_change_event_marking_the_owner_deleted_stops_nudges_at_once(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    listeners = Listeners(slack)
    fake.add_user("U_LEFT", tz="Europe/Amsterdam")
    add_quiet_supplier(slack, "U_LEFT", "Acme Industries", utc("2026-11-25T09:00"))
    tick(slack, utc("2026-12-11T06:00"))  # Friday 07:00: the user list is read, nothing is sent yet
    assert nudge_attempts(slack) == []

    member = {**fake.users["U_LEFT"], "deleted": True}
    assert slack.event({"type": "user_change", "user": member}, event_id="Ev_LEFT").status == 200
    listeners.settle()

    report = tick(slack, utc("2026-12-11T09:00"))  # Friday 10:00, the cached user list is three hours old
    assert nudge_attempts(slack) == []
    assert report.nudges.skipped_orphaned == 1
    assert "this supplier is orphaned" in ask(slack, "status Acme")


# --- language ---------------------------------------------------------------------------------------------------


def test_the_dm_is_in_dutch_for_a_dutch_user_and_in_english_for_others(slack: SlackHarness) -> None:
    ask(slack, "language nl")
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    add_quiet_supplier(slack, "U_BOB", "Globex", utc("2026-11-25T09:00"))

    tick(slack, BOTH_AT_WORK)

    (dutch,) = nudges_to(slack, "U_ALICE")
    (english,) = nudges_to(slack, "U_BOB")
    assert "Het is stil met *Acme Industries*" in text_of(dutch)
    assert "1 week uitstellen" in str(dutch["blocks"])
    assert "has gone quiet" not in text_of(dutch)
    assert "*Globex* has gone quiet" in text_of(english)
    assert "Het is stil" not in text_of(english)


# --- key contacts -----------------------------------------------------------------------------------------------


@pytest.fixture
def key_contact(slack: SlackHarness) -> SlackHarness:
    """Acme (strategic, 14 days) and its key contact Jan (10 days), both added on Wednesday 25 November."""
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    ask(slack, "contact add Acme Industries: Jan de Vries, account manager")
    ask(slack, "contact add Acme Industries: Piet Jansen, planner")
    assert "10" in ask(slack, "contact key Acme: Jan de Vries 10")
    return slack


def test_a_key_contact_goes_quiet_on_its_own_cadence_before_its_supplier(key_contact: SlackHarness) -> None:
    slack = key_contact
    assert tick(slack, utc("2026-12-04T09:30")).nudges.sent == 0  # 9 days

    tick(slack, utc("2026-12-07T09:30"))  # 12 days: Jan is quiet, Acme is not

    (dm,) = nudges_to(slack, "U_ALICE")
    shown = text_of(dm)
    assert "Nobody on our side has spoken with *Jan de Vries* (Acme Industries, commercial) yet; cadence 10." in shown
    assert "*Acme Industries* has gone quiet" not in shown
    assert "Piet" not in shown


@pytest.mark.parametrize(
    ("note", "jan_still_quiet"),
    [
        ("lunch with Jan de Vries about the forecast", False),
        ("call with Jan about the forecast", False),
        ("email to Piet Jansen about the forecast", True),
    ],
    ids=["full-name", "first-name", "someone-else"],
)
def test_a_note_naming_the_key_contact_clears_it(key_contact: SlackHarness, note: str, jan_still_quiet: bool) -> None:
    slack = key_contact
    tick(slack, utc("2026-12-07T09:30"))
    assert "Jan de Vries" in text_of(nudges_to(slack, "U_ALICE")[0])
    slack.services.clock.set(utc("2026-12-08T09:00"))  # type: ignore[attr-defined]

    ask(slack, f"note Acme: {note}")

    assert ("Jan de Vries" in ask(slack, "quiet")) is jan_still_quiet
    tick(slack, utc("2026-12-14T09:30"))  # seven days after Jan's nudge
    renudged = "Jan de Vries" in "".join(text_of(dm) for dm in nudges_to(slack, "U_ALICE")[1:])
    assert renudged is jan_still_quiet


# --- the quiet lists --------------------------------------------------------------------------------------------

DM_ITEM = re.compile(
    r"(\*[^*\n]+\*(?: at \*[^*\n]+\*)?)(?: \(key contact\))? has gone quiet — (\d+) days?.*?Last touch: ([^.]+)\."
)
LIST_ROW = re.compile(
    r"• (\*[^*\n]+\*(?: at \*[^*\n]+\*)?) — (\d+) days? past cadence, last touch (.+?)(?: — <@(\w+)>)?$", re.M
)


def dm_items(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted(DM_ITEM.findall(text_of(message)))


def list_rows(text: str) -> list[tuple[str, str, str, str]]:
    return sorted(LIST_ROW.findall(text))


def test_quiet_and_quiet_all_list_the_same_relationships_as_the_dms(slack: SlackHarness) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Hooli", utc("2026-11-20T09:00"))
    ask(slack, "note Hooli: plant visit")  # last touch Friday 20 November
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    ask(slack, "contact add Acme Industries: Jan de Vries")
    ask(slack, "contact key Acme: Jan de Vries 10")
    ask(slack, "supplier add Globex bottleneck")  # 30 days: not quiet yet
    ask(slack, "supplier add Initech routine")  # no cadence
    add_quiet_supplier(slack, "U_BOB", "Bolts & Nuts", utc("2026-11-25T09:00"))

    tick(slack, BOTH_AT_WORK)
    (alices_dm,) = nudges_to(slack, "U_ALICE")
    (bobs_dm,) = nudges_to(slack, "U_BOB")
    alices, bobs = dm_items(alices_dm), dm_items(bobs_dm)
    assert [who for who, _, _ in alices] == ["*Acme Industries*", "*Hooli*"]
    assert "Nobody on our side has spoken with *Jan de Vries* (Acme Industries) yet; cadence 10." in text_of(alices_dm)
    assert [who for who, _, _ in bobs] == ["*Bolts &amp; Nuts*"]

    jan = "*Jan de Vries* at *Acme Industries*"
    mine = list_rows(ask(slack, "quiet"))
    assert [(who, days, last) for who, days, last, _ in mine if who != jan] == alices
    assert [who for who, _, _, _ in mine if who == jan] == [jan], "nobody holds Jan: the owner's list has him"
    everyone = list_rows(ask(slack, "quiet all"))
    assert [(w, d, last) for w, d, last, owner in everyone if owner == "U_ALICE" and w != jan] == alices
    assert [(who, days, last) for who, days, last, owner in everyone if owner == "U_BOB"] == bobs
    assert len(everyone) == 4


# --- delivery errors --------------------------------------------------------------------------------------------


def delivery_rows(slack: SlackHarness) -> list[Delivery]:
    with slack.services.db.read() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)))  # type: ignore[arg-type]


@both_engines
def test_a_permanent_slack_error_is_recorded_and_not_retried_by_later_ticks_that_day(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    fake.fail_next("chat.postMessage", "account_inactive")

    report = tick(slack, THURSDAY)

    assert (report.nudges.sent, report.nudges.failed) == (0, 1)
    (row,) = delivery_rows(slack)
    assert (row.status, row.error) == ("failed", "account_inactive")
    for at in ("2026-12-10T09:45", "2026-12-10T12:00", "2026-12-10T15:55"):
        assert tick(slack, utc(at)).nudges.sent == 0
    assert nudge_attempts(slack) == ["U_ALICE"]


@both_engines
def test_a_transient_slack_error_is_retried_at_the_next_tick_and_sent_once(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    fake.fail_next("chat.postMessage", "internal_error")

    first = tick(slack, THURSDAY)
    second = tick(slack, utc("2026-12-10T09:35"))
    third = tick(slack, utc("2026-12-10T10:30"))

    assert (first.nudges.sent, first.nudges.retry) == (0, 1)
    assert second.nudges.sent == 1
    assert third.nudges.sent == 0
    assert nudge_attempts(slack) == ["U_ALICE", "U_ALICE"]
    (row,) = delivery_rows(slack)
    assert (row.status, row.attempts) == ("sent", 2)


@both_engines
def test_a_rate_limited_send_waits_for_retry_after_and_is_sent_once(slack: SlackHarness, fake: FakeSlackApi) -> None:
    add_quiet_supplier(slack, "U_ALICE", "Acme Industries", utc("2026-11-25T09:00"))
    fake.rate_limit_next("chat.postMessage", retry_after=1)

    started = time.monotonic()
    report = tick(slack, THURSDAY)

    assert time.monotonic() - started >= 1.0
    assert report.nudges.sent == 1
    assert nudge_attempts(slack) == ["U_ALICE", "U_ALICE"]
    (row,) = delivery_rows(slack)
    assert row.status == "sent"
    assert tick(slack, utc("2026-12-10T10:30")).nudges.sent == 0
