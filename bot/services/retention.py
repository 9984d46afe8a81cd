"""Retention: the tick removes what a workspace no longer keeps.

With `settings retention <months>`, the texts of notes that happened longer ago, of closed follow-ups created
longer ago, of the items of nudges sent longer ago, and pulse comments given longer ago are emptied — the rows stay,
so dates, kinds, people and supplier still tell the history's shape; their search entries lose the text too. The
audit log keeps its entries `workspace.audit_months` (24 by default) whatever the retention, then they go.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import Clock
from storage import queries, search_index
from storage.db import Database
from storage.models import Workspace


def months_before(moment: datetime, months: int) -> datetime:
    """The same instant `months` calendar months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31]
    days += [30, 31]
    return moment.replace(year=year, month=month, day=min(moment.day, days[month - 1]))


@dataclass
class RetentionReport:
    notes: int = 0
    follow_ups: int = 0
    nudges: int = 0
    comments: int = 0
    audit_entries: int = 0

    def __str__(self) -> str:
        return (
            f"notes={self.notes} follow-ups={self.follow_ups} nudges={self.nudges} comments={self.comments} "
            f"audit entries={self.audit_entries}"
        )


class RetentionService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def run(self) -> RetentionReport:
        """Every workspace in turn, each in its own unit of work: running it again removes nothing more."""
        now = self.clock.now()
        report = RetentionReport()
        with self.db.read() as session:
            workspace_ids = [w.id for w in queries.workspaces_keeping_texts(session) if w.id is not None]
        for workspace_id in workspace_ids:
            with self.db.write() as session:
                workspace = session.get(Workspace, workspace_id)
                if workspace is not None:
                    self._purge(session, workspace, now, report)
        return report

    @staticmethod
    def _purge(session: Session, workspace: Workspace, now: datetime, report: RetentionReport) -> None:
        assert workspace.id is not None
        ws = workspace.id
        report.audit_entries += queries.delete_audit_before(
            session, workspace_id=ws, before=months_before(now, workspace.audit_months)
        )
        if workspace.retention_months is None:
            return
        before = months_before(now, workspace.retention_months)
        notes = queries.clear_interaction_texts(session, workspace_id=ws, before=before)
        follow_ups = queries.clear_follow_up_texts(session, workspace_id=ws, before=before)
        search_index.reindex(session, interaction_ids=notes, follow_up_ids=follow_ups)  # past the session's hooks
        report.notes += len(notes)
        report.follow_ups += len(follow_ups)
        for delivery in queries.deliveries_with_texts(session, workspace_id=ws, before=before):
            assert delivery.items is not None
            kept = json.loads(delivery.items)
            for item in kept.get("items") or []:
                item["text"] = None
            delivery.items = json.dumps(kept)
            session.add(delivery)
            report.nudges += 1
        report.comments += queries.clear_pulse_comments(session, workspace_id=ws, before=before)
