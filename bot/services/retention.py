"""Retention: the tick removes what a workspace no longer keeps.

With `settings retention <months>`, the texts of notes that happened longer ago, of closed follow-ups created
longer ago, of the items of nudges sent longer ago, and pulse comments given longer ago are emptied — the rows stay,
so dates, kinds, people and supplier still tell the history's shape; their search entries lose the text too. The
audit log keeps its entries `workspace.audit_months` (24 by default) whatever the retention, then they go.

The tick calls `run` every few minutes, but a workspace is purged once a day: a claim keyed by the workspace, the
UTC date and both periods (in the table of seen Slack events, which forgets it after a day) lets one replica do it,
once — and a period changed today makes a new key, so the next tick applies it. Texts are emptied in batches of
BATCH, each its own unit of work, so no statement grows with the number of old notes (PostgreSQL takes at most
65,535 parameters). One workspace failing is logged; the others still go, and its claim is given back so a later
tick retries.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import Clock
from bot.services.nudge_selection import Nudge
from bot.services.nudge_sending import rewrite_items
from storage import queries, search_index
from storage.db import Database
from storage.models import Workspace

logger = logging.getLogger(__name__)
BATCH = 1000  # texts emptied (and search entries rewritten) per unit of work


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
        """Every workspace in turn, at most once a day each: running it again removes nothing more."""
        now = self.clock.now()
        report = RetentionReport()
        with self.db.read() as session:
            periods = [
                (w.id, w.retention_months, w.audit_months)
                for w in queries.workspaces_keeping_texts(session)
                if w.id is not None
            ]
        for workspace_id, months, audit_months in periods:
            claim = f"retention:{workspace_id}:{now.date().isoformat()}:{months}:{audit_months}"
            claimed = False
            try:
                with self.db.write() as session:
                    # False: done today (here or by another replica) with these periods.
                    claimed = queries.claim_event(session, event_id=claim, now=now)
                if claimed:
                    self._purge(workspace_id, now, report)
            except Exception:
                logger.exception("retention failed in workspace %s; a later tick retries", workspace_id)
                if claimed:
                    self._give_back(claim)
        return report

    def _give_back(self, claim: str) -> None:
        try:
            with self.db.write() as session:
                queries.forget_event(session, event_id=claim)
        except Exception:
            logger.exception("retention could not give its claim back; it retries tomorrow")

    def _purge(self, workspace_id: int, now: datetime, report: RetentionReport) -> None:
        with self.db.write() as session:
            workspace = session.get(Workspace, workspace_id)
            if workspace is None:
                return
            months = workspace.retention_months
            report.audit_entries += queries.delete_audit_before(
                session, workspace_id=workspace_id, before=months_before(now, workspace.audit_months)
            )
        if months is None:
            return
        before = months_before(now, months)
        while True:
            with self.db.write() as session:
                notes = queries.clear_interaction_texts(session, workspace_id=workspace_id, before=before, limit=BATCH)
                search_index.reindex(session, interaction_ids=notes)  # past the session's hooks
            report.notes += len(notes)
            if len(notes) < BATCH:
                break
        while True:
            with self.db.write() as session:
                follow_ups = queries.clear_follow_up_texts(
                    session, workspace_id=workspace_id, before=before, limit=BATCH
                )
                search_index.reindex(session, follow_up_ids=follow_ups)
            report.follow_ups += len(follow_ups)
            if len(follow_ups) < BATCH:
                break
        with self.db.write() as session:
            self._purge_nudges(session, workspace_id, before, report)
            report.comments += queries.clear_pulse_comments(session, workspace_id=workspace_id, before=before)

    @staticmethod
    def _purge_nudges(session: Session, workspace_id: int, before: datetime, report: RetentionReport) -> None:
        for delivery in queries.deliveries_with_texts(session, workspace_id=workspace_id, before=before):
            if rewrite_items(delivery, _without_texts):  # damaged content is left for the operator
                session.add(delivery)
                report.nudges += 1


def _without_texts(nudge: Nudge) -> bool:
    for item in nudge.items:
        item.text = None
    return True
