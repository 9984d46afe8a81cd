"""`covalis import workspace FILE.json`: a `covalis export` document restored into an empty workspace.

Every record type the export writes comes back — settings, colleagues' own settings, suppliers with aliases,
contacts, interactions with their participants, follow-ups, digest subscriptions and the audit log — under new ids,
so that exporting again gives the same document, ids and the export's own timestamp aside (and for the restore's
own entry, the audit log's newest). What the export leaves out (snoozes, nudge history, Slack profile caches)
starts afresh; the derived state (last touches, due dates, next nudges) is worked out again from the restored
interactions. Pulse links and answers are not restored. One transaction: a document that fails halfway leaves the
workspace as empty as it was.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.clock import Clock
from bot.services import audit, cadence
from bot.services.errors import InvalidInput
from bot.services.export import RECORD_TYPES
from bot.services.interfaces import DEFAULT_NEEDED, stored_needed
from bot.services.segments import SEGMENTS
from bot.text import name_key
from storage import queries, search_index
from storage.db import Database
from storage.models import (
    AuditEntry,
    Colleague,
    Contact,
    ContactAlias,
    DigestSubscription,
    FollowUp,
    Supplier,
    SupplierAlias,
    Workspace,
)

FORMAT = "covalis-export"
USER_ID_MAX = 32
VERSION = 1


@dataclass(frozen=True)
class Restored:
    counts: dict[str, int]


def _when(value: Any) -> datetime | None:
    return None if value in (None, "") else datetime.fromisoformat(str(value))


def _day(value: Any) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def _at(value: Any) -> datetime:
    """A timestamp every record has (its creation): missing is a broken document."""
    moment = _when(value)
    if moment is None:
        raise ValueError("a record without its time")
    return moment


class RestoreService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def restore(self, team_id: str, document: Mapping[str, Any]) -> Restored:
        if not isinstance(document, Mapping) or document.get("format") != FORMAT:
            raise InvalidInput("restore.not_an_export")
        if document.get("version") != VERSION:
            raise InvalidInput("restore.version", version=str(document.get("version")))
        try:
            with self.db.write() as session:
                return self._restore(session, team_id, document)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput("restore.bad_record", reason=f"{type(exc).__name__}: {exc}") from None

    def _restore(self, session: Session, team_id: str, document: Mapping[str, Any]) -> Restored:
        now = self.clock.now()
        head = document["workspace"]
        workspace = queries.ensure_workspace(session, team_id=team_id, enterprise_id=head.get("enterprise_id"), now=now)
        assert workspace.id is not None
        if queries.workspace_has_data(session, workspace_id=workspace.id):
            raise InvalidInput("restore.not_empty", team=team_id)
        self._settings(workspace, head)
        session.add(workspace)
        ws = workspace.id
        counts = {name: len(document.get(name) or []) for name in RECORD_TYPES}
        known = queries.colleagues_of(session, workspace_id=ws)
        for c in document.get("colleagues") or []:
            colleague = known.get(c["user_id"]) or Colleague(workspace_id=ws, user_id=c["user_id"])
            colleague.language, colleague.tz = c.get("language"), c.get("tz")
            colleague.deleted, colleague.paused_until = bool(c.get("deleted")), _day(c.get("paused_until"))
            session.add(colleague)
        suppliers = self._suppliers(session, ws, document.get("suppliers") or [])
        contacts = self._contacts(session, ws, suppliers, document.get("contacts") or [])
        interactions = self._interactions(session, ws, suppliers, contacts, document.get("interactions") or [])
        for f in document.get("follow_ups") or []:
            interaction_id = f.get("interaction_id")
            session.add(
                FollowUp(
                    workspace_id=ws,
                    supplier_id=suppliers[f["supplier_id"]],
                    interaction_id=None if interaction_id is None else interactions[interaction_id],
                    text=f["text"] or "",  # left out of an export made in Slack: a private note's
                    due_date=date.fromisoformat(str(f["due_date"])),
                    owner_id=f["owner_id"],
                    status=f.get("status") or "open",
                    created_at=_at(f["created_at"]),
                    done_at=_when(f.get("done_at")),
                )
            )
        for d in document.get("digest_subscriptions") or []:
            session.add(
                DigestSubscription(
                    workspace_id=ws,
                    **{k: d.get(k) for k in ("channel_id", "segment", "owner_filter", "created_by", "tz", "language")},
                    weekday=int(d.get("weekday") or 0),
                    minute=int(d.get("minute") or 0),
                    skip_empty=bool(d.get("skip_empty")),
                    active=bool(d.get("active")),
                    error=d.get("error"),
                    created_at=_at(d["created_at"]),
                )
            )
        for e in document.get("audit_entries") or []:
            if e.get("action") not in audit.ACTIONS:
                continue  # an action this version does not know (a newer export's) is left out, not guessed at
            detail = e.get("detail") or {}
            actor_id = e.get("actor_id")
            if actor_id is not None and not (isinstance(actor_id, str) and 0 < len(actor_id) <= USER_ID_MAX):
                raise ValueError("an audit entry's actor is no Slack user id")
            session.add(
                AuditEntry(
                    workspace_id=ws,
                    at=_at(e["at"]),
                    actor_id=actor_id,
                    action=str(e["action"]),
                    supplier_id=suppliers.get(e["supplier_id"]) if e.get("supplier_id") is not None else None,
                    detail=json.dumps(dict(detail), ensure_ascii=False, sort_keys=True),
                )
            )
        restored = {"suppliers": counts["suppliers"], "interactions": counts["interactions"]}
        audit.record(session, workspace_id=ws, actor_id=None, action="restore", at=now, detail=restored)
        session.flush()
        queries.recompute_contacts_touch(session, workspace_id=ws, contact_ids=list(contacts.values()))
        session.flush()
        session.expire_all()
        refreshed = session.get(Workspace, ws)
        assert refreshed is not None
        cadence.refresh_workspace(session, refreshed)
        return Restored(counts)

    @staticmethod
    def _settings(workspace: Workspace, head: Mapping[str, Any]) -> None:
        workspace.language = head.get("language")
        for segment in SEGMENTS:
            setattr(workspace, f"cadence_{segment}", (head.get("cadence_days") or {}).get(segment))
            needed = tuple((head.get("needed_interfaces") or {}).get(segment, DEFAULT_NEEDED[segment]))
            setattr(
                workspace, f"interfaces_{segment}", None if needed == DEFAULT_NEEDED[segment] else stored_needed(needed)
            )
        hours = head.get("working_hours") or [workspace.work_start_minute, workspace.work_end_minute]
        workspace.work_start_minute, workspace.work_end_minute = int(hours[0]), int(hours[1])
        workspace.renudge_days = int(head.get("renudge_days") or workspace.renudge_days)
        workspace.holiday_country = head.get("holiday_country")
        retention = head.get("retention_months")
        workspace.retention_months = None if retention is None else int(retention)
        workspace.audit_months = int(head.get("audit_months") or workspace.audit_months)

    @staticmethod
    def _suppliers(session: Session, ws: int, rows: list[dict[str, Any]]) -> dict[int, int]:
        ids: dict[int, int] = {}
        for s in rows:
            supplier = Supplier(
                workspace_id=ws,
                name=s["name"],
                name_key=name_key(s["name"]),
                segment=s["segment"],
                owner_id=s["owner_id"],
                cadence_days=s.get("cadence_days"),
                archived=bool(s.get("archived")),
                created_at=_at(s["created_at"]),
                last_touch_at=_when(s.get("last_touch_at")),
            )
            session.add(supplier)
            session.flush()
            assert supplier.id is not None
            ids[s["id"]] = supplier.id
            for alias in s.get("aliases") or []:
                session.add(
                    SupplierAlias(workspace_id=ws, supplier_id=supplier.id, alias=alias, alias_key=name_key(alias))
                )
        return ids

    @staticmethod
    def _contacts(session: Session, ws: int, suppliers: dict[int, int], rows: list[dict[str, Any]]) -> dict[int, int]:
        ids: dict[int, int] = {}
        keys: set[tuple[int, str]] = set()
        for c in rows:
            key = name_key(c["name"])
            if (suppliers[c["supplier_id"]], key) in keys:  # people forgotten on request share one marker name
                key = f"{key}\u2063{c['id']}"
            keys.add((suppliers[c["supplier_id"]], key))
            contact = Contact(
                workspace_id=ws,
                supplier_id=suppliers[c["supplier_id"]],
                name=c["name"],
                name_key=key,
                role=c.get("role"),
                interface=c.get("interface") or "other",
                email=c.get("email"),
                removed=bool(c.get("removed")),
                cadence_days=c.get("cadence_days"),
                created_at=_at(c["created_at"]),
            )
            session.add(contact)
            session.flush()
            assert contact.id is not None
            ids[c["id"]] = contact.id
            by_key = {name_key(alias): alias for alias in c.get("aliases") or []}
            for alias_key, alias in by_key.items():
                session.add(ContactAlias(workspace_id=ws, contact_id=contact.id, alias=alias, alias_key=alias_key))
        return ids

    @staticmethod
    def _interactions(
        session: Session, ws: int, suppliers: dict[int, int], contacts: dict[int, int], rows: list[dict[str, Any]]
    ) -> dict[int, int]:
        values = [
            {
                "workspace_id": ws,
                "supplier_id": suppliers[i["supplier_id"]],
                "occurred_at": _when(i["occurred_at"]),
                "kind": i["kind"],
                "summary": i["summary"] or "",
                "logged_by": i["logged_by"],
                "source": i["source"],
                "visibility": i.get("visibility") or "team",
                "channel_id": i.get("channel_id"),
                "message_ts": i.get("message_ts"),
                "permalink": i.get("permalink"),
                "created_at": _when(i["created_at"]),
                "external_id": i.get("external_id"),
            }
            for i in rows
        ]
        new_ids = queries.insert_interactions(session, values)
        queries.insert_participants(
            session,
            contacts=[(n, contacts[c]) for n, i in zip(new_ids, rows, strict=True) for c in i.get("contact_ids") or []],
            colleagues=[(n, u) for n, i in zip(new_ids, rows, strict=True) for u in i.get("colleague_ids") or []],
        )
        search_index.reindex(session, interaction_ids=new_ids)  # written in bulk, past the session's own hooks
        return {i["id"]: n for i, n in zip(rows, new_ids, strict=True)}
