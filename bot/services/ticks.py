"""What a tick does, as of one instant: everything due and not yet done. Nudges and digests join here later."""

from dataclasses import dataclass

from bot.services.pending import PendingService


@dataclass(frozen=True)
class TickReport:
    expired_pending: int

    def __str__(self) -> str:
        return f"tick done: {self.expired_pending} expired pending command(s) removed"


class TickService:
    def __init__(self, pending: PendingService) -> None:
        self.pending = pending

    def run(self) -> TickReport:
        return TickReport(expired_pending=self.pending.expire())
