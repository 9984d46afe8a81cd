"""`covalis import suppliers|contacts|interactions`: a team's spreadsheet brought in, idempotently, in one transaction.

Suppliers and contacts are matched by normalised name (or a supplier's alias); an interaction by its `external_id`
when the file has one, else by (supplier, day, kind, normalised summary). An empty cell leaves what is stored; `-`
clears it. A bad row is listed with its line and reason, and then nothing of the file is written — unless the caller
asked to skip bad rows. A dry run does everything and rolls it back. Importing sends no DMs: it only writes rows and
brings the derived state (last touch, due dates, next nudge) up to date with the cadence service.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from bot.clock import Clock
from bot.i18n import t
from bot.services import audit, cadence
from bot.services.errors import CovalisError, InvalidInput
from bot.services.import_files import FILE_KINDS, Row, Table
from bot.services.interfaces import OTHER, guess_interface, parse_interface
from bot.services.notes import KIND_TAGS, KINDS
from bot.services.rights import Rights
from bot.services.segments import parse_segment
from bot.services.suppliers import _EMAIL as EMAIL
from bot.services.suppliers import valid_name
from bot.text import clean_name, clean_text, name_key, unmark
from storage import queries, search_index
from storage.db import Database
from storage.models import Colleague, Contact, Interaction, Supplier, SupplierAlias, Workspace

CLEAR = "-"
MAX_CADENCE = 3650
EXTERNAL_ID_MAX = 128
#: An e-mail address (casefolded) → Slack user id; fetched at most once per import, and only when a cell needs it.
Directory = Callable[[], Mapping[str, str]]
Progress = Callable[[int], None]

_USER_ID = re.compile(r"^<?@?([UW][A-Z0-9_]{2,})(?:\|[^>]*)?>?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class BadRow:
    line: int
    key: str
    params: dict[str, object]


@dataclass(frozen=True)
class RowChange:
    line: int
    label: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    skip_bad_rows: bool = False
    month_first: bool = False


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    added: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    unknown_columns: tuple[str, ...] = ()
    written: bool = False


class DirectoryUnavailable(CovalisError):
    """Slack's member list could not be read: the whole import stops (no row is to blame)."""


class _Rollback(Exception):
    pass


def parse_when(text: str, *, month_first: bool) -> tuple[datetime, bool]:
    """A date (day-first unless `month_first`; ISO always) and whether it had a time of day. Naive times are UTC."""
    value = text.strip()
    moment: datetime | None = None
    has_time = not _ISO_DAY.match(value)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        match = _DMY.match(value)
        if match is None:
            raise InvalidInput("import.bad_date", date=text) from None
        first, second, year, hour, minute, second_of_minute = match.groups()
        day, month = (int(second), int(first)) if month_first else (int(first), int(second))
        full_year = int(year) + 2000 if len(year) == 2 else int(year)
        has_time = hour is not None
        try:
            moment = datetime(
                full_year, month, day, int(hour or 0), int(minute or 0), int(second_of_minute or 0), tzinfo=UTC
            )
        except ValueError:
            raise InvalidInput("import.bad_date", date=text) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC), has_time


def _cell(row: Row, name: str) -> str | None:
    """None: the cell is empty (leave what is stored); "": `-` (clear it); else the text."""
    value = row.get(name).strip()
    if not value:
        return None
    return "" if value == CLEAR else value


def _split(text: str) -> list[str]:
    """A list in one cell: `;`-separated, or `,`-separated when it has no `;`."""
    separator = ";" if ";" in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def _days(text: str) -> int | None:
    """A cadence in days: 0 means none (a key contact that isn't one; a supplier that isn't nudged)."""
    try:
        days = int(text.strip().split()[0])
    except (ValueError, IndexError):
        raise InvalidInput("cadence.invalid", days=text) from None
    if not 0 <= days <= MAX_CADENCE:
        raise InvalidInput("cadence.invalid", days=text)
    return days


class _Context:
    """What every row of one import reads: the workspace's suppliers, aliases, contacts and colleagues."""

    def __init__(self, session: Session, workspace: Workspace, now: datetime, directory: Directory | None) -> None:
        assert workspace.id is not None
        self.session = session
        self.workspace = workspace
        self.workspace_id = workspace.id
        self.now = now
        self._directory = directory
        self._emails: Mapping[str, str] | None = None
        self.suppliers = {
            s.id or 0: s for s in queries.list_suppliers(session, workspace_id=workspace.id, include_archived=True)
        }
        self.by_key = {s.name_key: s for s in self.suppliers.values()}
        self.aliases: dict[int, dict[str, str]] = {}
        self.alias_owner: dict[str, Supplier] = {}
        for alias in queries.aliases_of_workspace(session, workspace_id=workspace.id):
            self._remember_alias(alias.supplier_id, alias.alias, alias.alias_key)
        self.contacts: dict[tuple[int, str], Contact] = {
            (c.supplier_id, c.name_key): c for c in queries.contacts_of_workspace(session, workspace_id=workspace.id)
        }
        self.colleagues: dict[str, Colleague] = queries.colleagues_of(session, workspace_id=workspace.id)
        self.touched: set[int] = set()

    def _remember_alias(self, supplier_id: int, alias: str, key: str) -> None:
        self.aliases.setdefault(supplier_id, {})[key] = alias
        self.alias_owner[key] = self.suppliers[supplier_id]

    def supplier(self, raw: str) -> Supplier:
        key = name_key(clean_name(raw))
        found = self.by_key.get(key) or self.alias_owner.get(key)
        if found is None:
            raise InvalidInput("import.unknown_supplier", name=clean_name(raw))
        return found

    def user(self, raw: str, *, key: str) -> str:
        """A Slack user id as typed (`U0123`, `<@U0123>`), or an e-mail address looked up in Slack's member list;
        never someone Slack says left, a guest or a bot."""
        text = raw.strip()
        match = _USER_ID.match(text)
        user_id = match.group(1) if match else None
        if user_id is None and "@" in text:
            user_id = self.emails().get(text.casefold())
        if user_id is None:
            raise InvalidInput(key, who=text)
        known = self.colleagues.get(user_id)
        if known is not None and (known.deleted or known.is_guest or known.is_bot):
            raise InvalidInput(key, who=text)
        return user_id

    def emails(self) -> Mapping[str, str]:
        if self._emails is None:
            if self._directory is None:
                raise DirectoryUnavailable("import.no_directory")
            self._emails = {k.casefold(): v for k, v in self._directory().items()}
        return self._emails

    def add_supplier(self, supplier: Supplier) -> None:
        assert supplier.id is not None
        self.suppliers[supplier.id] = supplier
        self.by_key[supplier.name_key] = supplier

    def add_alias(self, supplier: Supplier, alias: str, key: str) -> None:
        assert supplier.id is not None
        self.session.add(
            SupplierAlias(workspace_id=self.workspace_id, supplier_id=supplier.id, alias=alias, alias_key=key)
        )
        self._remember_alias(supplier.id, alias, key)

    def clear_aliases(self, supplier: Supplier) -> None:
        assert supplier.id is not None
        queries.delete_aliases(self.session, workspace_id=self.workspace_id, supplier_id=supplier.id)
        for key in self.aliases.pop(supplier.id, {}):
            self.alias_owner.pop(key, None)

    def finish(self) -> None:
        self.session.flush()
        cadence.refresh_suppliers(self.session, self.workspace, self.touched)


class _SupplierRows:
    def __init__(self, context: _Context, report: ImportReport) -> None:
        self.c = context
        self.report = report

    def row(self, row: Row) -> None:
        name = valid_name(row.get("name"), what="supplier_name")
        key = name_key(name)
        supplier = self.c.by_key.get(key) or self.c.alias_owner.get(key)
        segment = self._segment(_cell(row, "segment"))
        owner = _cell(row, "owner")
        if owner == "":
            raise InvalidInput("import.cannot_clear", column="owner")
        owner_id = self.c.user(owner, key="import.owner_unknown") if owner else None
        cadence_cell = _cell(row, "cadence")
        days = None if not cadence_cell else _days(cadence_cell)
        aliases = self._aliases(_cell(row, "aliases"), supplier, key)
        if supplier is None:
            self._add(row.line, name, key, segment, owner_id, days, aliases)
            return
        changed: list[str] = []
        if segment is not None and segment != supplier.segment:
            supplier.segment = segment
            changed.append("segment")
        if owner_id is not None and owner_id != supplier.owner_id:
            supplier.owner_id = owner_id
            supplier.snoozed_until = supplier.last_nudged_at = None  # the new owner starts fresh
            changed.append("owner")
        if cadence_cell is not None and days != supplier.cadence_days:
            supplier.cadence_days = days
            changed.append("cadence")
        if aliases is not None and self._apply_aliases(supplier, aliases):
            changed.append("aliases")
        if changed:
            self.c.session.add(supplier)
            self.c.touched.add(supplier.id or 0)
            self.report.changed.append(RowChange(row.line, supplier.name, tuple(changed)))
        else:
            self.report.unchanged += 1

    @staticmethod
    def _segment(cell: str | None) -> str | None:
        if cell == "":
            raise InvalidInput("import.cannot_clear", column="segment")
        if cell is None:
            return None
        segment = parse_segment(cell)
        if segment is None:
            raise InvalidInput("segment.unknown", segment=cell)
        return segment

    def _aliases(self, cell: str | None, supplier: Supplier | None, own_key: str) -> list[tuple[str, str]] | None:
        """The aliases a cell lists, (text, key), checked against every other supplier's names first."""
        if cell is None:
            return None
        result: list[tuple[str, str]] = []
        for part in _split(cell):
            alias = valid_name(part, what="alias")
            key = name_key(alias)
            if key == own_key or (supplier is not None and key == supplier.name_key):
                continue
            by_name = self.c.by_key.get(key)
            if by_name is not None and by_name is not supplier:
                raise InvalidInput("alias.is_a_name", alias=alias, name=by_name.name)
            by_alias = self.c.alias_owner.get(key)
            if by_alias is not None and by_alias is not supplier:
                raise InvalidInput("alias.taken", alias=alias, name=by_alias.name)
            if key not in {k for _, k in result}:
                result.append((alias, key))
        return result

    def _apply_aliases(self, supplier: Supplier, aliases: list[tuple[str, str]]) -> bool:
        """`-` (no aliases) clears them; a list adds the missing ones and keeps the rest (a renamed supplier's old
        name stays findable)."""
        known = self.c.aliases.get(supplier.id or 0, {})
        if not aliases:
            if not known:
                return False
            self.c.clear_aliases(supplier)
            return True
        missing = [(alias, key) for alias, key in aliases if key not in known]
        for alias, key in missing:
            self.c.add_alias(supplier, alias, key)
        return bool(missing)

    def _add(
        self,
        line: int,
        name: str,
        key: str,
        segment: str | None,
        owner_id: str | None,
        days: int | None,
        aliases: list[tuple[str, str]] | None,
    ) -> None:
        if owner_id is None:
            raise InvalidInput("import.owner_missing")
        supplier = Supplier(
            workspace_id=self.c.workspace_id,
            name=name,
            name_key=key,
            segment=segment or "routine",
            owner_id=owner_id,
            cadence_days=days,
            created_at=self.c.now,
        )
        self.c.session.add(supplier)
        self.c.session.flush()
        self.c.add_supplier(supplier)
        for alias, alias_key in aliases or []:
            self.c.add_alias(supplier, alias, alias_key)
        self.c.touched.add(supplier.id or 0)
        self.report.added.append(RowChange(line, name))


class _ContactRows:
    def __init__(self, context: _Context, report: ImportReport) -> None:
        self.c = context
        self.report = report

    @staticmethod
    def _cells(row: Row) -> tuple[str | None, str | None, str | None, str | None, str | None, int | None]:
        """(role cell, role, interface, email cell, cadence cell, key cadence), each checked."""
        role_cell = _cell(row, "role")
        role = valid_name(role_cell, what="role") if role_cell else None
        interface_cell = _cell(row, "interface")
        interface = parse_interface(interface_cell) if interface_cell else (OTHER if interface_cell == "" else None)
        if interface_cell and interface is None:
            raise InvalidInput("interface.unknown", interface=interface_cell)
        email_cell = _cell(row, "email")
        if email_cell and (len(email_cell) > 254 or not EMAIL.match(email_cell)):
            raise InvalidInput("contact.bad_email", email=email_cell)
        cadence_cell = _cell(row, "cadence")
        days = (_days(cadence_cell) or None) if cadence_cell else None
        return role_cell, role, interface, email_cell, cadence_cell, days

    def row(self, row: Row) -> None:
        supplier = self.c.supplier(row.get("supplier"))
        assert supplier.id is not None
        name = valid_name(row.get("name"), what="contact_name")
        role_cell, role, interface, email_cell, cadence_cell, days = self._cells(row)
        key = name_key(name)
        contact = self.c.contacts.get((supplier.id, key))
        label = f"{supplier.name}: {name}"
        if contact is None:
            contact = Contact(
                workspace_id=self.c.workspace_id,
                supplier_id=supplier.id,
                name=name,
                name_key=key,
                role=role,
                email=email_cell or None,
                interface=interface or guess_interface(role),
                cadence_days=days,
                created_at=self.c.now,
            )
            self.c.session.add(contact)
            self.c.contacts[(supplier.id, key)] = contact
            self.c.touched.add(supplier.id)
            self.report.added.append(RowChange(row.line, label))
            return
        wanted: dict[str, Any] = {"removed": False}
        if role_cell is not None:
            wanted["role"] = role
        if interface is not None:
            wanted["interface"] = interface
        elif role and contact.interface == OTHER:
            wanted["interface"] = guess_interface(role)
        if email_cell is not None:
            wanted["email"] = email_cell or None
        if cadence_cell is not None:
            wanted["cadence_days"] = days
        changed = tuple(field for field, value in wanted.items() if getattr(contact, field) != value)
        if not changed:
            self.report.unchanged += 1
            return
        for attribute in changed:
            setattr(contact, attribute, wanted[attribute])
        self.c.session.add(contact)
        self.c.touched.add(supplier.id)
        self.report.changed.append(
            RowChange(row.line, label, tuple("contact" if f == "removed" else f for f in changed))
        )


@dataclass
class _Pending:
    values: dict[str, Any]
    contact_ids: set[int]
    colleague_ids: set[str]


class _InteractionRows:
    def __init__(self, context: _Context, report: ImportReport, options: ImportOptions) -> None:
        self.c = context
        self.report = report
        self.options = options
        self.by_identity: dict[tuple[int, date, str, str], int] = {}
        self.by_external: dict[str, int] = {}
        self.rows: dict[int, tuple[int, datetime, str, str, str | None]] = {}
        for i, supplier_id, occurred_at, kind, summary, external_id in queries.interaction_identities(
            context.session, workspace_id=context.workspace_id
        ):
            self.rows[i] = (supplier_id, occurred_at, kind, summary, external_id)
            self.by_identity.setdefault((supplier_id, occurred_at.date(), kind, name_key(summary)), i)
            if external_id:
                self.by_external[external_id] = i
        self.contacts_of, self.colleagues_of = queries.participants_of_workspace(
            context.session, workspace_id=context.workspace_id
        )
        self.pending: list[_Pending] = []
        self.pending_identity: dict[tuple[int, date, str, str], int] = {}
        self.pending_external: dict[str, int] = {}
        self._by_id: dict[int | None, Contact] | None = None

    def row(self, row: Row) -> None:
        supplier = self.c.supplier(row.get("supplier"))
        assert supplier.id is not None
        occurred_at, has_time = parse_when(row.get("date"), month_first=self.options.month_first)
        if occurred_at > self.c.now + timedelta(days=1):
            raise InvalidInput("import.future_date", date=row.get("date"))
        if not has_time:
            occurred_at = datetime.combine(occurred_at.date(), time(12), tzinfo=UTC)
        kind = self._kind(row.get("kind"))
        summary = unmark(clean_text(row.get("summary")))
        external_id = clean_name(row.get("external_id"))[:EXTERNAL_ID_MAX] or None
        colleagues_cell = _cell(row, "colleagues")
        colleague_ids = [self.c.user(p, key="import.colleague_unknown") for p in _split(colleagues_cell or "")]
        contacts_cell = _cell(row, "contacts")
        contact_ids = [self._contact(supplier, p) for p in _split(contacts_cell or "")]
        identity = (supplier.id, occurred_at.date(), kind, name_key(summary))
        label = f"{supplier.name} {occurred_at.date().isoformat()} {kind}"
        existing = self.by_external.get(external_id) if external_id else None
        by_external = existing is not None
        if existing is None and external_id not in self.pending_external:
            existing = self.by_identity.get(identity)
            if existing is not None and self.rows[existing][4] not in (None, external_id):
                existing = None  # the same words on the same day, but another record of the source system
        if existing is None:
            if identity in self.pending_identity or (external_id and external_id in self.pending_external):
                self.report.unchanged += 1  # the file says the same thing twice
                return
            self._add(row.line, label, supplier, occurred_at, kind, summary, external_id, contact_ids, colleague_ids)
            self.pending_identity[identity] = len(self.pending)
            if external_id:
                self.pending_external[external_id] = len(self.pending)
            return
        self._update(
            row.line,
            label,
            existing,
            supplier,
            (occurred_at, has_time, kind, summary, external_id) if by_external or external_id else None,
            None if colleagues_cell is None else set(colleague_ids),
            None if contacts_cell is None else set(contact_ids),
        )

    @staticmethod
    def _kind(text: str) -> str:
        word = text.strip().casefold().lstrip("#")
        if not word:
            return "note"
        kind = KIND_TAGS.get(word) or (word if word in KINDS else None)
        if kind is None:
            raise InvalidInput("import.unknown_kind", kind=text.strip())
        return kind

    def _contact(self, supplier: Supplier, raw: str) -> int:
        assert supplier.id is not None
        contact = self.c.contacts.get((supplier.id, name_key(clean_name(raw))))
        if contact is None:
            raise InvalidInput("import.contact_unknown", name=clean_name(raw), supplier=supplier.name)
        if contact.id is None:
            self.c.session.flush()
        return contact.id or 0

    def _add(
        self,
        line: int,
        label: str,
        supplier: Supplier,
        occurred_at: datetime,
        kind: str,
        summary: str,
        external_id: str | None,
        contact_ids: list[int],
        colleague_ids: list[str],
    ) -> None:
        values = {
            "workspace_id": self.c.workspace_id,
            "supplier_id": supplier.id,
            "occurred_at": occurred_at,
            "kind": kind,
            "summary": summary,
            "logged_by": colleague_ids[0] if colleague_ids else supplier.owner_id,
            "source": "import",
            "visibility": "team",
            "channel_id": None,
            "message_ts": None,
            "permalink": None,
            "created_at": self.c.now,
            "external_id": external_id,
        }
        self.pending.append(_Pending(values, set(contact_ids), set(colleague_ids)))
        self.report.added.append(RowChange(line, label))

    def _update(
        self,
        line: int,
        label: str,
        interaction_id: int,
        supplier: Supplier,
        facts: tuple[datetime, bool, str, str, str | None] | None,
        colleague_ids: set[str] | None,
        contact_ids: set[int] | None,
    ) -> None:
        """An interaction already here: its facts from the file when matched by external id (they may have changed;
        matched by its identity they are the same already), and its participants when the file names them."""
        occurred_at = facts[0] if facts else self.rows[interaction_id][1]
        wanted = self._changed_facts(interaction_id, supplier, facts) if facts else {}
        if facts and self.rows[interaction_id][4] is None:
            wanted = {k: v for k, v in wanted.items() if k == "external_id"}  # matched by identity: only the id is news
        changed = list(wanted)
        same_contacts = contact_ids is None or contact_ids == self.contacts_of.get(interaction_id, set())
        same_colleagues = colleague_ids is None or colleague_ids == self.colleagues_of.get(interaction_id, set())
        if not same_contacts:
            changed.append("contacts")
        if not same_colleagues:
            changed.append("colleagues")
        if not changed:
            self.report.unchanged += 1
            return
        interaction = self.c.session.get(Interaction, interaction_id)
        assert interaction is not None
        for name, value in wanted.items():
            setattr(interaction, name, value)
        self.c.session.add(interaction)
        if not (same_contacts and same_colleagues):
            contacts = self.contacts_of.get(interaction_id, set()) if contact_ids is None else contact_ids
            colleagues = self.colleagues_of.get(interaction_id, set()) if colleague_ids is None else colleague_ids
            queries.clear_participants(self.c.session, interaction_id=interaction_id)
            queries.insert_participants(
                self.c.session,
                contacts=[(interaction_id, c) for c in sorted(contacts)],
                colleagues=[(interaction_id, u) for u in sorted(colleagues)],
            )
            self._touch_contacts(contacts, occurred_at)
        self._touch_supplier(supplier, occurred_at)
        self.report.changed.append(RowChange(line, label, tuple(changed)))

    def _changed_facts(
        self, interaction_id: int, supplier: Supplier, facts: tuple[datetime, bool, str, str, str | None]
    ) -> dict[str, Any]:
        occurred_at, has_time, kind, summary, external_id = facts
        old_supplier, old_at, old_kind, old_summary, old_external = self.rows[interaction_id]
        now = {"supplier_id": supplier.id, "kind": kind, "summary": summary}
        before = {"supplier_id": old_supplier, "kind": old_kind, "summary": old_summary}
        wanted: dict[str, Any] = {name: value for name, value in now.items() if value != before[name]}
        if (has_time and occurred_at != old_at) or occurred_at.date() != old_at.date():
            wanted["occurred_at"] = occurred_at
        if external_id and external_id != old_external:
            wanted["external_id"] = external_id
        return wanted

    def _touch_supplier(self, supplier: Supplier, at: datetime) -> None:
        if supplier.last_touch_at is None or supplier.last_touch_at < at:
            supplier.last_touch_at = at
            self.c.session.add(supplier)
        self.c.touched.add(supplier.id or 0)

    def _contact_by_id(self) -> dict[int | None, Contact]:
        """The workspace's contacts by id, made once (an interactions file adds no contacts)."""
        if self._by_id is None:
            self._by_id = {c.id: c for c in self.c.contacts.values()}
        return self._by_id

    def _touch_contacts(self, contact_ids: set[int], at: datetime) -> None:
        by_id = self._contact_by_id()
        for contact_id in contact_ids:
            contact = by_id.get(contact_id)
            if contact is not None and (contact.last_touch_at is None or contact.last_touch_at < at):
                contact.last_touch_at = at
                self.c.session.add(contact)

    def finish(self) -> None:
        """The new interactions in bulk, their participants, then the last touches they move forward."""
        if not self.pending:
            return
        self.c.session.flush()
        ids = queries.insert_interactions(self.c.session, [p.values for p in self.pending])
        queries.insert_participants(
            self.c.session,
            contacts=[(i, c) for i, p in zip(ids, self.pending, strict=True) for c in sorted(p.contact_ids)],
            colleagues=[(i, u) for i, p in zip(ids, self.pending, strict=True) for u in sorted(p.colleague_ids)],
        )
        search_index.reindex(self.c.session, interaction_ids=ids)  # written in bulk, past the session's own hooks
        latest_supplier: dict[int, datetime] = {}
        latest_contact: dict[int, datetime] = {}
        for p in self.pending:
            at: datetime = p.values["occurred_at"]
            supplier_id: int = p.values["supplier_id"]
            latest_supplier[supplier_id] = max(at, latest_supplier.get(supplier_id, at))
            for contact_id in p.contact_ids:
                latest_contact[contact_id] = max(at, latest_contact.get(contact_id, at))
        for supplier_id, at in latest_supplier.items():
            self._touch_supplier(self.c.suppliers[supplier_id], at)
        for contact_id, at in latest_contact.items():
            self._touch_contacts({contact_id}, at)


class ImportService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def run(
        self,
        team_id: str,
        table: Table,
        options: ImportOptions,
        *,
        directory: Directory | None = None,
        admin_id: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Imports one file's rows into the workspace. `admin_id`: the Slack user asking, who must be an admin (the
        operator's CLI has none). Nothing is written on a dry run, nor when a row is bad and bad rows aren't skipped."""
        if table.kind not in FILE_KINDS:
            raise ValueError(table.kind)
        report = ImportReport(table.kind, options.dry_run, len(table.rows), unknown_columns=table.unknown_columns)
        now = self.clock.now()
        try:
            with self.db.write() as session:
                workspace = queries.ensure_workspace(session, team_id=team_id, enterprise_id=None, now=now)
                assert workspace.id is not None
                if admin_id is not None:
                    self.rights.require_admin(session, workspace_id=workspace.id, user_id=admin_id)
                self._rows(session, workspace, table, options, report, directory, progress)
                if options.dry_run or (report.bad_rows and not options.skip_bad_rows):
                    raise _Rollback
                detail: audit.Detail = {"kind": table.kind, "added": len(report.added), "changed": len(report.changed)}
                audit.record(
                    session, workspace_id=workspace.id, actor_id=admin_id, action="import", at=now, detail=detail
                )
                report.written = True
        except _Rollback:
            pass
        return report

    def _rows(
        self,
        session: Session,
        workspace: Workspace,
        table: Table,
        options: ImportOptions,
        report: ImportReport,
        directory: Directory | None,
        progress: Progress | None,
    ) -> None:
        context = _Context(session, workspace, self.clock.now(), directory)
        handler: _SupplierRows | _ContactRows | _InteractionRows
        if table.kind == "suppliers":
            handler = _SupplierRows(context, report)
        elif table.kind == "contacts":
            handler = _ContactRows(context, report)
        else:
            handler = _InteractionRows(context, report, options)
        for number, row in enumerate(table.rows, start=1):
            try:
                handler.row(row)
            except InvalidInput as exc:
                report.bad_rows.append(BadRow(row.line, exc.key, dict(exc.params)))
            if progress is not None and number % 1000 == 0:
                progress(1000)
        if progress is not None and len(table.rows) % 1000:
            progress(len(table.rows) % 1000)
        if isinstance(handler, _InteractionRows):
            handler.finish()
        context.finish()


def report_lines(report: ImportReport, lang: str, *, limit: int = 50) -> list[str]:
    """The report as lines of text: counts, unknown columns, each bad row, and (up to `limit`) what changes."""
    lines: list[str] = []
    if report.unknown_columns:
        lines.append(t(lang, "import.unknown_columns", columns=", ".join(report.unknown_columns)))
    for bad in report.bad_rows[:limit]:
        lines.append(t(lang, "import.bad_row", line=bad.line, reason=t(lang, bad.key, **bad.params)))
    if len(report.bad_rows) > limit:
        lines.append(t(lang, "list.more", count=len(report.bad_rows) - limit))
    shown = 0
    for sign, changes in (("+", report.added), ("~", report.changed)):
        for change in changes:
            if shown < limit:
                fields = f" ({', '.join(change.fields)})" if change.fields else ""
                lines.append(t(lang, "import.change", sign=sign, line=change.line, label=change.label + fields))
            shown += 1
    if shown > limit:
        lines.append(t(lang, "list.more", count=shown - limit))
    lines.append(
        t(
            lang,
            "import.counts",
            added=len(report.added),
            changed=len(report.changed),
            unchanged=report.unchanged,
            bad=len(report.bad_rows),
        )
    )
    if report.written:
        lines.append(t(lang, "import.written"))
    elif report.dry_run:
        lines.append(t(lang, "import.dry_run"))
    else:
        lines.append(t(lang, "import.not_written", count=len(report.bad_rows)))
    return lines
