"""Workspace settings: cadence defaults, working hours, re-nudge wait. Admins only (Slack admins and owners, and
the users named in COVALIS_ADMINS)."""

import re
from dataclasses import dataclass

from bot.clock import Clock
from bot.i18n import parse_language
from bot.services import cadence
from bot.services.errors import InvalidInput, NotAllowed
from bot.services.segments import SEGMENTS
from bot.services.workspaces import Actor, workspace_of
from storage.db import Database

_HOURS = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class WorkspaceSettings:
    language: str | None
    cadences: dict[str, int | None]
    work_start_minute: int
    work_end_minute: int
    renudge_days: int


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


def parse_days(word: str) -> int | None:
    """`14` → 14, `off`/`uit` → 0, `default`/`standaard` → None (back to the default)."""
    word = word.strip().casefold()
    if word in ("off", "uit", "none", "geen"):
        return 0
    if word in ("default", "standaard"):
        return None
    if word.isdigit() and 1 <= int(word) <= 3650:
        return int(word)
    raise InvalidInput("cadence.invalid", days=word)


class SettingsService:
    def __init__(self, db: Database, clock: Clock, admin_ids: frozenset[str] = frozenset()) -> None:
        self.db = db
        self.clock = clock
        self.admin_ids = admin_ids

    def show(self, actor: Actor) -> WorkspaceSettings:
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            return WorkspaceSettings(
                language=workspace.language,
                cadences={s: cadence.workspace_cadence(workspace, s) for s in SEGMENTS},
                work_start_minute=workspace.work_start_minute,
                work_end_minute=workspace.work_end_minute,
                renudge_days=workspace.renudge_days,
            )

    def set_cadence(self, actor: Actor, segment: str, days: int | None, *, is_admin: bool) -> int | None:
        self.require_admin(is_admin)
        if segment not in SEGMENTS:
            raise InvalidInput("segment.unknown", segment=segment)
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            setattr(workspace, f"cadence_{segment}", days)
            session.add(workspace)
            session.flush()
            cadence.refresh_workspace(session, workspace)
            return cadence.workspace_cadence(workspace, segment)

    def set_hours(self, actor: Actor, text: str, *, is_admin: bool) -> tuple[int, int]:
        self.require_admin(is_admin)
        start, end = parse_hours(text)
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            workspace.work_start_minute, workspace.work_end_minute = start, end
            session.add(workspace)
        return start, end

    def set_renudge(self, actor: Actor, days: int, *, is_admin: bool) -> int:
        self.require_admin(is_admin)
        if not 1 <= days <= 365:
            raise InvalidInput("settings.bad_renudge", days=days)
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            workspace.renudge_days = days
            session.add(workspace)
            session.flush()
            cadence.refresh_workspace(session, workspace)
        return days

    def set_language(self, actor: Actor, raw: str, *, is_admin: bool) -> str:
        """The workspace's default language, for everyone who has not chosen their own."""
        self.require_admin(is_admin)
        language = parse_language(raw)
        if language is None:
            raise InvalidInput("language.unknown", language=raw)
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            workspace.language = language
            session.add(workspace)
        return language

    def require_admin(self, is_admin: bool) -> None:
        """Refuses politely, naming who can: Slack's admins and owners, and anyone in COVALIS_ADMINS."""
        if not is_admin:
            named = ", ".join(f"<@{user}>" for user in sorted(self.admin_ids))
            raise NotAllowed("settings.not_allowed_named" if named else "settings.not_allowed", admins=named)
