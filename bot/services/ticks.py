"""What a tick does, as of one instant: everything due and not yet done, then exit. The timer and
`covalis tick --at` both call this."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.services.digests import DigestPort, DigestReport, DigestService
from bot.services.handover import HandoverPort, HandoverReport, HandoverService
from bot.services.nudges import NudgePort, NudgeReport, NudgeService
from bot.services.pending import PendingService
from bot.services.people import PeopleService
from bot.services.retention import RetentionReport, RetentionService

logger = logging.getLogger(__name__)


class SlackPort(NudgePort, DigestPort, HandoverPort, Protocol):
    """The tick's view of Slack: who we are, who is in the workspace, and how to send a nudge."""

    def own_team(self) -> str: ...

    def users(self) -> Iterable[dict[str, Any]]: ...


@dataclass
class TickReport:
    expired_pending: int = 0
    forgotten_events: int = 0
    directory_synced: int | None = None
    nudges: NudgeReport = field(default_factory=NudgeReport)
    digests: DigestReport = field(default_factory=DigestReport)
    handovers: HandoverReport = field(default_factory=HandoverReport)
    retention: RetentionReport = field(default_factory=RetentionReport)

    def __str__(self) -> str:
        synced = "not needed" if self.directory_synced is None else f"users={self.directory_synced}"
        return (
            f"tick done: expired pending={self.expired_pending}, forgotten events={self.forgotten_events}; "
            f"directory sync: {synced}; "
            f"nudges: {self.nudges}; digests: {self.digests}; handovers: {self.handovers}; "
            f"retention: {self.retention}"
        )


@dataclass(frozen=True)
class TickRun:
    """What every step of one tick gets: Slack, the report it writes its outcome to, and the tick's time budget."""

    slack: SlackPort
    report: TickReport
    budget_seconds: float


Step = Callable[[TickRun], None]


class TickService:
    def __init__(
        self,
        pending: PendingService,
        people: PeopleService,
        nudges: NudgeService,
        digests: DigestService,
        handovers: HandoverService,
        retention: RetentionService,
    ) -> None:
        self.pending = pending
        self.people = people
        self.nudges = nudges
        self.digests = digests
        self.handovers = handovers
        self.retention = retention

    def run(self, slack: SlackPort, *, budget_seconds: float = 240.0) -> TickReport:
        """Every step in turn; one that fails is logged and the next still runs (a later tick retries it)."""
        report = TickReport()
        run = TickRun(slack, report, budget_seconds)
        steps: list[tuple[Step, str]] = [
            (self._expire_pending, "forgetting old pending commands failed"),
            (self._forget_seen_events, "forgetting old Slack event ids failed"),
            (self._sync_directory, "refreshing the user directory failed; nudges use the cached one"),
            (self._nudge, "the nudge run failed; the digests still go, and a later tick retries the rest"),
            (self._digest, "the digest run failed; a later tick retries"),
            (self._hand_over, "the leavers' handovers failed; a later tick retries"),
            (self._retain, "removing texts past their retention failed; a later tick retries"),
        ]
        for step, failed in steps:
            try:
                step(run)
            except Exception:
                logger.exception(failed)
        return report

    def _expire_pending(self, run: TickRun) -> None:
        run.report.expired_pending = self.pending.expire_pending()

    def _forget_seen_events(self, run: TickRun) -> None:
        run.report.forgotten_events = self.pending.forget_seen_events()

    def _sync_directory(self, run: TickRun) -> None:
        team_id = run.slack.own_team()
        if self.people.directory_stale(team_id):
            # All pages first: no database lock is held while Slack is asked (or a 429 is waited out).
            members = list(run.slack.users())
            run.report.directory_synced = self.people.sync_directory(team_id, members)

    def _nudge(self, run: TickRun) -> None:
        run.report.nudges = self.nudges.run(run.slack, budget_seconds=run.budget_seconds)

    def _digest(self, run: TickRun) -> None:
        run.report.digests = self.digests.run(run.slack)

    def _hand_over(self, run: TickRun) -> None:
        run.report.handovers = self.handovers.run(run.slack)

    def _retain(self, run: TickRun) -> None:
        run.report.retention = self.retention.run()
