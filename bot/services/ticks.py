"""What a tick does, as of one instant: everything due and not yet done, then exit. The timer and
`covalis tick --at` both call this."""

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from time import monotonic
from typing import Any, Protocol

from bot.services.digests import DigestPort, DigestReport, DigestService
from bot.services.handover import HandoverPort, HandoverReport, HandoverService
from bot.services.installations import InstallationService
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
    # Installed into many workspaces: how many were ticked, skipped (token refused, Slack out of reach), deleted.
    workspaces: int | None = None
    workspaces_skipped: int = 0
    workspaces_deleted: int = 0

    def __str__(self) -> str:
        synced = "not needed" if self.directory_synced is None else f"users={self.directory_synced}"
        installed = (
            ""
            if self.workspaces is None
            else f"workspaces={self.workspaces} (skipped={self.workspaces_skipped}, "
            f"deleted after uninstall={self.workspaces_deleted}); "
        )
        return (
            f"tick done: {installed}expired pending={self.expired_pending}, forgotten events={self.forgotten_events}; "
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
    team_id: str | None = None  # one installed workspace, or None: every workspace with the one token


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
        installations: InstallationService,
    ) -> None:
        self.pending = pending
        self.people = people
        self.nudges = nudges
        self.digests = digests
        self.handovers = handovers
        self.retention = retention
        self.installations = installations

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

    def run_installed(
        self, teams: Sequence[str], port_for: Callable[[str], SlackPort | None], *, budget_seconds: float = 240.0
    ) -> TickReport:
        """Installed into many workspaces: the shared chores once, then each workspace with its own Slack port
        (its own token). A workspace whose token is refused or whose Slack is out of reach is skipped and logged;
        the others go on. The budget is the whole tick's: each workspace gets what is left, and the order starts at
        an offset that moves every minute, so a slow workspace does not leave the same ones last each time. A
        workspace uninstalled longer ago than the grace period is deleted here."""
        deadline = monotonic() + budget_seconds
        report = TickReport(workspaces=0)
        ticked = 0
        shared = TickRun(_NO_SLACK, report, budget_seconds)
        chores: list[tuple[Step, str]] = [
            (self._expire_pending, "forgetting old pending commands failed"),
            (self._forget_seen_events, "forgetting old Slack event ids failed"),
            (self._purge_uninstalled, "deleting the data of uninstalled workspaces failed; a later tick retries"),
            (self._retain, "removing texts past their retention failed; a later tick retries"),
        ]
        for step, failed in chores:
            try:
                step(shared)
            except Exception:
                logger.exception(failed)
        ordered = _rotated(teams, int(self.installations.clock.now().timestamp() // 60))
        for index, team_id in enumerate(ordered):
            left = deadline - monotonic()
            if left <= 0:
                waiting = len(ordered) - index
                logger.warning(
                    "the tick's time is up: %s for the next tick",
                    "1 workspace waits" if waiting == 1 else f"{waiting} workspaces wait",
                )
                report.workspaces_skipped += waiting
                break
            try:
                port = port_for(team_id)
                if port is None:
                    raise LookupError("no token (uninstalled meanwhile, or Slack refused to refresh it)")
                port.own_team()  # the token is good and Slack answers, or this workspace waits for the next tick
            except Exception as exc:
                logger.warning("workspace %s skipped this tick: %s", team_id, exc)
                report.workspaces_skipped += 1
                continue
            ticked += 1
            report.workspaces = ticked
            one = TickRun(port, TickReport(), max(0.0, deadline - monotonic()), team_id)
            for step, failed in self._workspace_steps():
                try:
                    step(one)
                except Exception:
                    logger.exception("workspace %s: %s", team_id, failed)
            _add(report, one.report)
        return report

    def _workspace_steps(self) -> list[tuple[Step, str]]:
        return [
            (self._sync_directory, "refreshing the user directory failed; nudges use the cached one"),
            (self._nudge, "the nudge run failed; the digests still go, and a later tick retries the rest"),
            (self._digest, "the digest run failed; a later tick retries"),
            (self._hand_over, "the leavers' handovers failed; a later tick retries"),
        ]

    def _purge_uninstalled(self, run: TickRun) -> None:
        run.report.workspaces_deleted = len(self.installations.purge_uninstalled())

    def _expire_pending(self, run: TickRun) -> None:
        run.report.expired_pending = self.pending.expire_pending()

    def _forget_seen_events(self, run: TickRun) -> None:
        run.report.forgotten_events = self.pending.forget_seen_events()

    def _sync_directory(self, run: TickRun) -> None:
        team_id = run.team_id or run.slack.own_team()
        if run.team_id is None:  # one workspace by SLACK_BOT_TOKEN: Slack takes the token, so it is installed
            self.installations.still_installed(team_id)
        if self.people.directory_stale(team_id):
            # All pages first: no database lock is held while Slack is asked (or a 429 is waited out).
            members = list(run.slack.users())
            run.report.directory_synced = self.people.sync_directory(team_id, members)

    def _nudge(self, run: TickRun) -> None:
        run.report.nudges = self.nudges.run(run.slack, budget_seconds=run.budget_seconds, team_id=run.team_id)

    def _digest(self, run: TickRun) -> None:
        run.report.digests = self.digests.run(run.slack, team_id=run.team_id)

    def _hand_over(self, run: TickRun) -> None:
        run.report.handovers = self.handovers.run(run.slack, team_id=run.team_id)

    def _retain(self, run: TickRun) -> None:
        run.report.retention = self.retention.run()


def _rotated(teams: Sequence[str], offset: int) -> list[str]:
    """The workspaces starting at `offset` (modulo their number), wrapping round."""
    if not teams:
        return []
    start = offset % len(teams)
    return [*teams[start:], *teams[:start]]


def _add(total: TickReport, one: TickReport) -> None:
    """One workspace's outcome added to the tick's."""
    if one.directory_synced is not None:
        total.directory_synced = (total.directory_synced or 0) + one.directory_synced
    for part, into in ((one.nudges, total.nudges), (one.digests, total.digests), (one.handovers, total.handovers)):
        for spec in fields(part):
            value = getattr(part, spec.name)
            if isinstance(value, bool):
                setattr(into, spec.name, getattr(into, spec.name) or value)
            elif isinstance(value, int):
                setattr(into, spec.name, getattr(into, spec.name) + value)


class _NoSlack:
    """The shared chores of an installed tick need no Slack; a step that asks for it is a bug."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError(f"the shared tick chores must not call Slack ({name})")


_NO_SLACK: SlackPort = _NoSlack()  # type: ignore[assignment]
