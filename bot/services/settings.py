"""Workspace settings: cadence defaults, needed interfaces, working hours, re-nudge wait, public holidays. Admins
only (Slack admins and owners, and the users named in COVALIS_ADMINS)."""

import re
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.clock import Clock
from bot.i18n import parse_language
from bot.services import audit, cadence
from bot.services.errors import InvalidInput
from bot.services.interfaces import parse_needed, stored_needed, workspace_needed
from bot.services.public_holidays import parse_country
from bot.services.retention import months_before
from bot.services.rights import Rights
from bot.services.segments import SEGMENTS
from bot.services.settings_words import DEFAULT_WORDS, OFF_WORDS
from bot.services.workspaces import Actor, workspace_of
from storage import queries
from storage.db import Database
from storage.models import Workspace

MONTHS_MAX = 600
_HOURS = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class WorkspaceSettings:
    language: str | None
    cadences: dict[str, int | None]
    work_start_minute: int
    work_end_minute: int
    renudge_days: int
    # The interfaces each segment needs covered, in segment order.
    needed_interfaces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The country whose public holidays have no nudges or digests (None: off).
    holiday_country: str | None = None
    # Note texts older than this many months are removed (None: kept); the audit log's own period.
    retention_months: int | None = None
    audit_months: int = 24


@dataclass(frozen=True)
class RetentionChange:
    """What `settings retention` did: the months now set; or, for a shorter period that would empty texts and was
    not confirmed, nothing yet — `to_empty` says how many texts the next tick would empty."""

    months: int | None
    to_empty: int = 0


def parse_hours(text: str) -> tuple[int, int]:
    """`09:00-17:00` as minutes after midnight; the end must come after the start."""
    m = _HOURS.match(text.strip())
    if m is None:
        raise InvalidInput("settings.bad_hours", hours=text)
    start_h, start_m, end_h, end_m = (int(g) for g in m.groups())
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    if start_h > 23 or end_h > 24 or start_m > 59 or end_m > 59 or end > 24 * 60 or start >= end:
        raise InvalidInput("settings.bad_hours", hours=text)
    return start, end


def _hours(start: int, end: int) -> str:
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def parse_months(word: str, *, allow_off: bool) -> int | None:
    """`12` → 12 months (1 to 600); `off`/`uit` → None where switching off is allowed."""
    word = word.strip().casefold()
    if allow_off and word in OFF_WORDS:
        return None
    if word.isdigit() and 1 <= int(word) <= MONTHS_MAX:
        return int(word)
    raise InvalidInput("settings.bad_months", months=word)


def parse_days(word: str) -> int | None:
    """`14` → 14, `off`/`uit` → 0, `default`/`standaard` → None (back to the default)."""
    word = word.strip().casefold()
    if word in OFF_WORDS:
        return 0
    if word in DEFAULT_WORDS:
        return None
    if word.isdigit() and 1 <= int(word) <= 3650:
        return int(word)
    raise InvalidInput("cadence.invalid", days=word)


class SettingsService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def show(self, actor: Actor) -> WorkspaceSettings:
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            return WorkspaceSettings(
                language=workspace.language,
                cadences={s: cadence.workspace_cadence(workspace, s) for s in SEGMENTS},
                work_start_minute=workspace.work_start_minute,
                work_end_minute=workspace.work_end_minute,
                renudge_days=workspace.renudge_days,
                needed_interfaces={s: workspace_needed(workspace, s) for s in SEGMENTS},
                holiday_country=workspace.holiday_country,
                retention_months=workspace.retention_months,
                audit_months=workspace.audit_months,
            )

    def set_cadence(self, actor: Actor, segment: str, days: int | None) -> int | None:
        self.require_admin(actor)
        if segment not in SEGMENTS:
            raise InvalidInput("segment.unknown", segment=segment)
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            old = getattr(workspace, f"cadence_{segment}")
            self._audit(session, workspace, actor, "cadence", old, days, segment=segment)
            setattr(workspace, f"cadence_{segment}", days)
            session.add(workspace)
            session.flush()
            cadence.refresh_workspace(session, workspace)
            return cadence.workspace_cadence(workspace, segment)

    def set_hours(self, actor: Actor, text: str) -> tuple[int, int]:
        self.require_admin(actor)
        start, end = parse_hours(text)
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            old = _hours(workspace.work_start_minute, workspace.work_end_minute)
            self._audit(session, workspace, actor, "hours", old, _hours(start, end))
            workspace.work_start_minute, workspace.work_end_minute = start, end
            session.add(workspace)
        return start, end

    def set_renudge(self, actor: Actor, days: int) -> int:
        self.require_admin(actor)
        if not 1 <= days <= 365:
            raise InvalidInput("settings.bad_renudge", days=days)
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            self._audit(session, workspace, actor, "renudge", workspace.renudge_days, days)
            workspace.renudge_days = days
            session.add(workspace)
            session.flush()
            cadence.refresh_workspace(session, workspace)
        return days

    def set_interfaces(self, actor: Actor, segment: str, text: str) -> tuple[tuple[str, ...], bool]:
        """The interfaces a segment needs (`none`, or `default` for the built-in ones); (now needed, is default)."""
        self.require_admin(actor)
        if segment not in SEGMENTS:
            raise InvalidInput("segment.unknown", segment=segment)
        needed = parse_needed(text)
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            old = ",".join(workspace_needed(workspace, segment))
            setattr(workspace, f"interfaces_{segment}", stored_needed(needed))
            new = ",".join(workspace_needed(workspace, segment))
            self._audit(session, workspace, actor, "interfaces", old, new, segment=segment)
            session.add(workspace)
            return workspace_needed(workspace, segment), needed is None

    def set_language(self, actor: Actor, raw: str) -> str:
        """The workspace's default language, for everyone who has not chosen their own."""
        self.require_admin(actor)
        language = parse_language(raw)
        if language is None:
            raise InvalidInput("language.unknown", language=raw)
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            self._audit(session, workspace, actor, "language", workspace.language, language)
            workspace.language = language
            session.add(workspace)
        return language

    def set_holidays(self, actor: Actor, raw: str) -> str | None:
        """The country whose public holidays get no nudges and no digests (`NL`), or `off`; the country now set."""
        self.require_admin(actor)
        country = parse_country(raw)
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            self._audit(session, workspace, actor, "holidays", workspace.holiday_country, country)
            workspace.holiday_country = country
            session.add(workspace)
        return country

    def set_retention(self, actor: Actor, raw: str, *, confirmed: bool = False) -> RetentionChange:
        """How many months note texts are kept (`off`: for good); the tick removes older ones. A shorter period
        that would empty existing texts is only set `confirmed` (one typo must not empty them within a tick);
        a longer one, or off, needs no confirmation."""
        self.require_admin(actor)
        months = parse_months(raw, allow_off=True)
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            assert workspace.id is not None
            old = workspace.retention_months
            if months is not None and not confirmed and (old is None or months < old):
                before = months_before(self.clock.now(), months)
                to_empty = queries.count_texts_before(session, workspace_id=workspace.id, before=before)
                if to_empty:
                    return RetentionChange(months, to_empty)
            self._audit(session, workspace, actor, "retention", old, months)
            workspace.retention_months = months
            session.add(workspace)
        return RetentionChange(months)

    def set_audit_retention(self, actor: Actor, raw: str) -> int:
        """How many months the audit log keeps its entries (at least 1)."""
        self.require_admin(actor)
        months = parse_months(raw, allow_off=False)
        assert months is not None
        with self.db.write() as session:
            workspace = self._as_admin(session, actor)
            self._audit(session, workspace, actor, "audit_retention", workspace.audit_months, months)
            workspace.audit_months = months
            session.add(workspace)
        return months

    def _audit(
        self,
        session: Session,
        workspace: Workspace,
        actor: Actor,
        setting: str,
        old: str | int | None,
        new: str | int | None,
        *,
        segment: str | None = None,
    ) -> None:
        if old == new:
            return
        assert workspace.id is not None
        detail = {"setting": setting, "segment": segment, "old": old, "new": new}
        audit.record(
            session,
            workspace_id=workspace.id,
            actor_id=actor.user_id,
            action="settings",
            at=self.clock.now(),
            detail=detail,
        )

    def require_admin(self, actor: Actor, *, key: str = "settings.not_allowed") -> None:
        """Refuses a colleague who is not an admin before anything else is looked at (their input included); `key`
        names what only admins may do."""
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=actor.team_id)
            workspace_id = workspace.id if workspace is not None and workspace.id is not None else -1
            self.rights.require_admin(session, workspace_id=workspace_id, user_id=actor.user_id, key=key)

    def _as_admin(self, session: Session, actor: Actor) -> Workspace:
        """The actor's workspace, for a change only an admin may make (checked again inside the write)."""
        workspace = workspace_of(session, actor, self.clock.now())
        assert workspace.id is not None
        self.rights.require_admin(session, workspace_id=workspace.id, user_id=actor.user_id)
        return workspace
