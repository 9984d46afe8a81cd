"""`covalis export`: one workspace's complete data, private notes included and marked, as JSON or CSV.

JSON shape (one document): {"format": "covalis-export", "version": 1, "exported_at", "workspace": {...},
"suppliers": [...], "contacts": [...], "interactions": [...], "follow_ups": [...], "colleagues": [...],
"digest_subscriptions": [...], "pulse_links": [...], "pulse_answers": [...], "audit_entries": [...]} (a pulse link
without its token's hash; an audit entry's detail as an object, in CSV as JSON text).
The operator's export (the CLI) is complete. The one an admin in COVALIS_ADMINS gets in Slack leaves out the text
of other people's private notes and of the follow-ups from them (`null`, still marked private).
CSV: one file per record type with the same fields; lists are joined with ";". A CSV cell that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return) gets a leading "'" (OWASP's CSV-injection
advice); JSON stays exact. A follow-up from a private note is marked private in both.
Text is plain in both: Slack's links in a note are their URL ("label (URL)" when the label says something other
than the URL), a mail link its address, a channel `#name`, a user mention `<@U…>`.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlmodel import Session

from bot.clock import Clock
from bot.services import audit
from bot.services.interfaces import workspace_needed
from bot.services.promises import Deadlines
from bot.services.rights import Rights
from bot.services.segments import SEGMENTS
from bot.services.workspaces import Actor
from bot.text import plain_text
from storage import queries
from storage.db import Database
from storage.models import Workspace

RECORD_TYPES = (
    "suppliers",
    "contacts",
    "interactions",
    "follow_ups",
    "colleagues",
    "digest_subscriptions",
    "pulse_links",
    "pulse_answers",
    "audit_entries",
)
FIELDS: dict[str, list[str]] = {
    "suppliers": [
        "id",
        "name",
        "aliases",
        "segment",
        "owner_id",
        "cadence_days",
        "archived",
        "created_at",
        "last_touch_at",
    ],
    "contacts": [
        "id",
        "supplier_id",
        "name",
        "aliases",
        "role",
        "interface",
        "email",
        "removed",
        "cadence_days",
        "created_at",
    ],
    "interactions": [
        "id",
        "supplier_id",
        "occurred_at",
        "kind",
        "summary",
        "visibility",
        "private",
        "logged_by",
        "source",
        "contact_ids",
        "colleague_ids",
        "channel_id",
        "message_ts",
        "permalink",
        "created_at",
        "external_id",
    ],
    "follow_ups": [
        "id",
        "supplier_id",
        "interaction_id",
        "text",
        "due_date",
        "owner_id",
        "status",
        "private",
        "created_at",
        "done_at",
        "promise",
        "outcome",
    ],
    "colleagues": ["user_id", "language", "tz", "deleted", "paused_until"],
    "digest_subscriptions": [
        "id",
        "channel_id",
        "segment",
        "owner_filter",
        "created_by",
        "tz",
        "language",
        "weekday",
        "minute",
        "skip_empty",
        "active",
        "error",
        "created_at",
    ],
    # The supplier's links without their token's hash: the export says who was asked and when, never the key.
    "pulse_links": [
        "id",
        "supplier_id",
        "contact_id",
        "created_by",
        "language",
        "created_at",
        "expires_at",
        "revoked_at",
        "answered_at",
    ],
    "pulse_answers": [
        "id",
        "supplier_id",
        "side",
        "source",
        "answered_by",
        "contact_id",
        "link_id",
        "overall",
        "growth",
        "profitability",
        "operational",
        "reliability",
        "support",
        "involvement",
        "accessibility",
        "relative",
        "comment",
        "answered_at",
    ],
    "audit_entries": ["id", "at", "actor_id", "action", "supplier_id", "detail"],
}
BATCH = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnknownWorkspace(Exception):
    pass


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return plain_text(value)
    return value


def csv_cell(value: Any) -> Any:
    """One CSV cell: lists joined with ";", and text a spreadsheet would run as a formula neutralised with "'"."""
    if isinstance(value, list):
        value = ";".join(map(str, value))
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class SlackExport:
    filename: str
    content: bytes


class ExportService:
    def __init__(self, db: Database, clock: Clock | None = None, rights: Rights | None = None) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def for_slack(self, actor: Actor) -> SlackExport:
        """The JSON document for someone in COVALIS_ADMINS asking in Slack, without the text of other people's private
        notes (`record_slack` writes it to the audit log once it was sent)."""
        assert self.clock is not None
        assert self.rights is not None
        now = self.clock.now()
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=actor.team_id)
            self.rights.require_operator(actor.user_id)
            if workspace is None or workspace.id is None:
                raise UnknownWorkspace(actor.team_id)
        out = io.StringIO()
        self.write_json(actor.team_id, out, now=now, viewer_id=actor.user_id)
        content = out.getvalue().encode("utf-8")
        day = now.date().isoformat()
        return SlackExport(f"covalis-export-{actor.team_id}-{day}.json", content)

    def record_slack(self, actor: Actor) -> None:
        """The export made in Slack reached the asker's DM: the audit log says so."""
        assert self.clock is not None
        self.record(actor.team_id, actor_id=actor.user_id, via="slack", now=self.clock.now())

    def record(self, team_id: str, *, actor_id: str | None, via: str, now: datetime) -> None:
        """Writes an export to the workspace's audit log (`via`: slack or cli)."""
        with self.db.write() as session:
            workspace = self._workspace(session, team_id)
            assert workspace.id is not None
            audit.record(
                session, workspace_id=workspace.id, actor_id=actor_id, action="export", at=now, detail={"via": via}
            )

    def write_json(self, team_id: str, out: TextIO, *, now: datetime, viewer_id: str | None = None) -> None:
        """Streams the document record by record, so a large workspace never sits in memory whole. With a
        `viewer_id`, the text of private notes someone else wrote is left out."""
        with self.db.read() as session:
            workspace = self._workspace(session, team_id)
            head = {
                "format": "covalis-export",
                "version": 1,
                "exported_at": now.isoformat(),
                "workspace": {
                    "team_id": workspace.team_id,
                    "enterprise_id": workspace.enterprise_id,
                    "language": workspace.language,
                    "cadence_days": {
                        "strategic": workspace.cadence_strategic,
                        "bottleneck": workspace.cadence_bottleneck,
                        "leverage": workspace.cadence_leverage,
                        "routine": workspace.cadence_routine,
                    },
                    "working_hours": [workspace.work_start_minute, workspace.work_end_minute],
                    "renudge_days": workspace.renudge_days,
                    "needed_interfaces": {s: list(workspace_needed(workspace, s)) for s in SEGMENTS},
                    "holiday_country": workspace.holiday_country,
                    "retention_months": workspace.retention_months,
                    "audit_months": workspace.audit_months,
                },
            }
            out.write(json.dumps(head, ensure_ascii=False)[:-1])
            for record_type in RECORD_TYPES:
                out.write(f', "{record_type}": [')
                for i, row in enumerate(self._rows(session, workspace, record_type, now, viewer_id)):
                    out.write(("," if i else "") + "\n  " + json.dumps(row, ensure_ascii=False))
                out.write("\n]")
            out.write("}\n")

    def write_csv(self, team_id: str, folder: Path, *, now: datetime | None = None) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        with self.db.read() as session:
            workspace = self._workspace(session, team_id)
            for record_type in RECORD_TYPES:
                path = folder / f"{record_type}.csv"
                with path.open("w", newline="", encoding="utf-8") as handle:
                    writer = csv.DictWriter(handle, fieldnames=FIELDS[record_type])
                    writer.writeheader()
                    for row in self._rows(session, workspace, record_type, now):
                        writer.writerow({k: csv_cell(v) for k, v in row.items()})
                written.append(path)
        return written

    def _workspace(self, session: Session, team_id: str) -> Workspace:
        workspace = queries.get_workspace(session, team_id=team_id)
        if workspace is None:
            raise UnknownWorkspace(team_id)
        return workspace

    def _rows(
        self,
        session: Session,
        workspace: Workspace,
        record_type: str,
        now: datetime | None,
        viewer_id: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        assert workspace.id is not None
        if record_type == "suppliers":
            return self._suppliers(session, workspace.id)
        if record_type == "contacts":
            return self._contacts(session, workspace.id)
        if record_type == "interactions":
            return self._interactions(session, workspace.id, viewer_id)
        if record_type == "follow_ups":
            return self._follow_ups(session, workspace, now, viewer_id)
        if record_type == "audit_entries":
            return (
                self._pick(e, record_type, detail=audit.read_detail(e))
                for e in queries.records_of(session, workspace_id=workspace.id, record_type=record_type, batch=BATCH)
            )
        return (
            self._pick(record, record_type)
            for record in queries.records_of(session, workspace_id=workspace.id, record_type=record_type, batch=BATCH)
        )

    def _suppliers(self, session: Session, workspace_id: int) -> Iterator[dict[str, Any]]:
        """Suppliers with their aliases, sorted, in one list field."""
        aliases = queries.aliases_by_supplier(session, workspace_id=workspace_id)
        for s in queries.records_of(session, workspace_id=workspace_id, record_type="suppliers", batch=BATCH):
            yield self._pick(s, "suppliers", aliases=sorted(aliases.get(s.id or 0, [])))

    def _contacts(self, session: Session, workspace_id: int) -> Iterator[dict[str, Any]]:
        """Contacts with their aliases (the names of duplicates merged into them), in one list field."""
        rows = queries.records_of(session, workspace_id=workspace_id, record_type="contacts", batch=BATCH)
        for chunk in _chunks(rows):
            aliases = queries.contact_aliases_of(session, contact_ids=[c.id for c in chunk if c.id])
            for c in chunk:
                yield self._pick(c, "contacts", aliases=sorted(aliases.get(c.id or 0, [])))

    def _follow_ups(
        self, session: Session, workspace: Workspace, now: datetime | None, viewer_id: str | None
    ) -> Iterator[dict[str, Any]]:
        """Follow-ups, marked private when the note they came from is private; a promise with its outcome as of the
        export (open, kept, late, missed — an open one past its owner's second working day counts as missed)."""
        assert workspace.id is not None
        private = queries.private_interaction_ids(session, workspace_id=workspace.id)
        deadlines = Deadlines(session, workspace)
        for f in queries.records_of(session, workspace_id=workspace.id, record_type="follow_ups", batch=BATCH):
            outcome = (deadlines.outcome(f, now) if now else f.outcome or "open") if f.promise else None
            author = private.get(f.interaction_id or 0)
            hidden = {"text": None} if _hidden(author, viewer_id) else {}
            yield self._pick(f, "follow_ups", private=author is not None, outcome=outcome, **hidden)

    def _interactions(self, session: Session, workspace_id: int, viewer_id: str | None) -> Iterator[dict[str, Any]]:
        """Interactions with their participants' ids, fetched a chunk at a time rather than one row at a time."""
        rows = queries.records_of(session, workspace_id=workspace_id, record_type="interactions", batch=BATCH)
        for chunk in _chunks(rows):
            contacts, colleagues = queries.participant_ids_of(session, interaction_ids=[i.id for i in chunk if i.id])
            for i in chunk:
                assert i.id is not None
                private = i.visibility == "private"
                hidden = {"summary": None} if _hidden(i.logged_by if private else None, viewer_id) else {}
                yield self._pick(
                    i,
                    "interactions",
                    **hidden,
                    private=i.visibility == "private",
                    contact_ids=contacts[i.id],
                    colleague_ids=colleagues[i.id],
                )

    @staticmethod
    def _pick(record: Any, record_type: str, **extra: Any) -> dict[str, Any]:
        return {name: _value(extra[name] if name in extra else getattr(record, name)) for name in FIELDS[record_type]}


def _hidden(private_author: str | None, viewer_id: str | None) -> bool:
    """A private note's text (and its follow-ups') is left out of an export someone else asked for in Slack."""
    return viewer_id is not None and private_author is not None and private_author != viewer_id


def _chunks(rows: Iterable[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
