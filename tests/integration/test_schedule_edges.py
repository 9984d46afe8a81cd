"""Edge cases of the nudge schedule and the digest, on both engines, with a port that records what it sends."""

from datetime import UTC, datetime, timedelta

from bot.clock import FixedClock
from bot.container import Services
from bot.services.digests import Digest
from bot.services.nudges import Nudge, SendResult
from bot.services.workspaces import Actor

ALICE = Actor(team_id="T1", user_id="U_ALICE")
BOB = Actor(team_id="T1", user_id="U_BOB")
MONDAY_MORNING = datetime(2026, 12, 14, 9, 30, tzinfo=UTC)  # 10:30 in Amsterdam


class RecordingPort:
    def __init__(self) -> None:
        self.nudges: list[Nudge] = []
        self.digests: list[tuple[str, Digest]] = []
        self.digest_error: str | None = None

    def already_sent(self, _recipient: str, _key: str, _since: datetime) -> SendResult | None:
        return None

    def send(self, nudge: Nudge, _delivery_id: int, *, key: str) -> SendResult:  # noqa: ARG002
        self.nudges.append(nudge)
        return SendResult(ok=True, channel="D1", ts=f"1.{len(self.nudges)}")

    def post_digest(self, digest: Digest, channel_id: str) -> tuple[bool, str | None]:
        if self.digest_error:
            return False, self.digest_error
        self.digests.append((channel_id, digest))
        return True, None

    def own_team(self) -> str:
        return "T1"

    def users(self) -> list[dict[str, object]]:
        return [
            {"id": "U_ALICE", "tz": "Europe/Amsterdam"},
            {"id": "U_BOB", "tz": "Europe/Amsterdam"},
            {"id": "U_NOWHERE"},
        ]


def _tick(services: Services, clock: FixedClock, at: datetime, port: RecordingPort) -> None:
    clock.set(at)
    services.ticks.run(port)


def test_a_key_contact_removed_and_added_again_is_nudged_again(services: Services, clock: FixedClock) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "routine")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    services.suppliers.set_key_contact(ALICE, acme.id, "Jan de Vries", 10)
    services.suppliers.remove_contact(ALICE, acme.id, "Jan de Vries")
    services.capture.log_note(ALICE, acme.id, "a note while Jan was removed", tz="UTC")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    port = RecordingPort()
    _tick(services, clock, MONDAY_MORNING, port)
    assert [(i.kind, i.contact_name) for n in port.nudges for i in n.items] == [("contact", "Jan de Vries")]


def test_a_new_owner_is_not_bound_by_the_previous_owners_snooze(services: Services, clock: FixedClock) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.nudge_actions.snooze(
        "T1", "U_ALICE", "supplier", acme.id, MONDAY_MORNING.date() + timedelta(days=10), None
    )
    services.suppliers.set_owner(ALICE, acme.id, "U_BOB")
    port = RecordingPort()
    _tick(services, clock, MONDAY_MORNING, port)
    assert [(n.recipient, [i.supplier_name for i in n.items]) for n in port.nudges] == [("U_BOB", ["Acme"])]


def test_an_owner_without_a_time_zone_is_never_nudged_at_a_guessed_hour(services: Services, clock: FixedClock) -> None:
    nowhere = Actor(team_id="T1", user_id="U_NOWHERE")
    services.suppliers.add(nowhere, "Acme", "strategic")
    port = RecordingPort()
    _tick(services, clock, MONDAY_MORNING, port)
    assert port.nudges == []


def test_a_colleague_who_left_does_not_keep_a_supplier_multi_threaded(services: Services, clock: FixedClock) -> None:
    acme = services.suppliers.add(ALICE, "Acme", "strategic")
    services.suppliers.add_contact(ALICE, acme.id, "Jan de Vries")
    services.suppliers.add_contact(ALICE, acme.id, "Piet Bakker")
    services.capture.log_note(ALICE, acme.id, "call with Jan de Vries", tz="UTC")
    services.capture.log_note(BOB, acme.id, "lunch with Piet Bakker", tz="UTC")
    subscription, _ = services.digests.subscribe(
        ALICE, channel_id="C1", channel_name="team", segment=None, owner_filter=None, tz="UTC", language="en"
    )

    def flags() -> set[str]:
        thin = services.digests.build("T1", subscription, clock.now()).thin
        return {flag.kind for cov in thin for flag in cov.flags}

    assert "bow_tie" not in flags()
    services.people.sync_directory("T1", [{"id": "U_ALICE", "tz": "UTC"}, {"id": "U_BOB", "deleted": True}])
    assert "bow_tie" in flags()


def test_setting_a_digest_up_again_after_a_failed_post_sends_it_the_same_week(
    services: Services, clock: FixedClock
) -> None:
    services.suppliers.add(ALICE, "Acme", "strategic")
    services.digests.subscribe(
        ALICE, channel_id="C1", channel_name="team", segment=None, owner_filter=None, tz="UTC", language="en"
    )
    port = RecordingPort()
    port.digest_error = "not_in_channel"
    _tick(services, clock, MONDAY_MORNING, port)
    port.digest_error = None
    services.digests.subscribe(
        ALICE, channel_id="C1", channel_name="team", segment=None, owner_filter=None, tz="UTC", language="en"
    )
    _tick(services, clock, MONDAY_MORNING + timedelta(hours=1), port)
    assert [channel for channel, _ in port.digests] == ["C1"]
