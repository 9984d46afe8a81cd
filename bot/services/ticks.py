"""What a tick does, as of one instant: everything due and not yet done, then exit. The timer and
`covalis tick --at` both call this."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.services.digests import DigestPort, DigestReport, DigestService
from bot.services.nudges import NudgePort, NudgeReport, NudgeService
from bot.services.pending import PendingService
from bot.services.people import PeopleService

logger = logging.getLogger(__name__)


class SlackPort(NudgePort, DigestPort, Protocol):
    """The tick's view of Slack: who we are, who is in the workspace, and how to send a nudge."""

    def own_team(self) -> str: ...

    def users(self) -> Iterable[dict[str, Any]]: ...


@dataclass
class TickReport:
    expired_pending: int = 0
    directory_synced: int | None = None
    nudges: NudgeReport = field(default_factory=NudgeReport)
    digests: DigestReport = field(default_factory=DigestReport)

    def __str__(self) -> str:
        synced = "not needed" if self.directory_synced is None else f"{self.directory_synced} users"
        return (
            f"tick done: expired pending={self.expired_pending}; directory sync: {synced}; "
            f"nudges: {self.nudges}; digests: {self.digests}"
        )


class TickService:
    def __init__(
        self, pending: PendingService, people: PeopleService, nudges: NudgeService, digests: DigestService
    ) -> None:
        self.pending = pending
        self.people = people
        self.nudges = nudges
        self.digests = digests

    def run(self, slack: SlackPort, *, budget_seconds: float = 240.0) -> TickReport:
        report = TickReport(expired_pending=self.pending.expire())
        try:
            team_id = slack.own_team()
            if self.people.directory_stale(team_id):
                # All pages first: no database lock is held while Slack is asked (or a 429 is waited out).
                members = list(slack.users())
                report.directory_synced = self.people.sync_directory(team_id, members)
        except Exception:
            logger.exception("refreshing the user directory failed; nudges use the cached one")
        try:
            report.nudges = self.nudges.run(slack, budget_seconds=budget_seconds)
        except Exception:
            logger.exception("the nudge run failed; the digests still go, and a later tick retries the rest")
        try:
            report.digests = self.digests.run(slack)
        except Exception:
            logger.exception("the digest run failed; a later tick retries")
        return report
