"""Colleagues' settings: Covalis language (their own, the workspace's, then Slack's locale) and time zone."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.i18n import DEFAULT_LANGUAGE, language_from_locale, parse_language
from bot.services.errors import InvalidInput
from bot.services.workspaces import Actor, workspace_of
from storage import queries
from storage.db import Database

PROFILE_MAX_AGE = timedelta(days=1)
DEFAULT_TZ = "UTC"


@dataclass(frozen=True)
class SlackProfile:
    locale: str | None
    tz: str | None
    display_name: str | None
    deleted: bool


class PeopleService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def language_for(self, actor: Actor) -> str:
        """Database only, no Slack call: the user's setting, the workspace default, the cached Slack locale, English."""
        with self.db.read() as session:
            own, workspace_default, locale = queries.language_settings(
                session, team_id=actor.team_id, user_id=actor.user_id
            )
        return own or workspace_default or language_from_locale(locale) or DEFAULT_LANGUAGE

    def set_language(self, actor: Actor, raw: str) -> str:
        language = parse_language(raw)
        if language is None:
            raise InvalidInput("language.unknown", language=raw)
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            assert workspace.id is not None
            colleague = queries.ensure_colleague(session, workspace_id=workspace.id, user_id=actor.user_id)
            colleague.language = language
            session.add(colleague)
        return language

    def set_workspace_language(self, actor: Actor, raw: str) -> str:
        language = parse_language(raw)
        if language is None:
            raise InvalidInput("language.unknown", language=raw)
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            workspace.language = language
            session.add(workspace)
        return language

    def needs_profile(self, actor: Actor) -> bool:
        """True when Slack's profile (locale, time zone) was never read or is older than a day."""
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=actor.team_id)
            colleague = (
                queries.get_colleague(session, workspace_id=workspace.id, user_id=actor.user_id)
                if workspace and workspace.id
                else None
            )
        fetched = colleague.profile_fetched_at if colleague else None
        return fetched is None or self.clock.now() - fetched > PROFILE_MAX_AGE

    def remember_profile(self, actor: Actor, profile: SlackProfile) -> None:
        now = self.clock.now()
        with self.db.write() as session:
            workspace = workspace_of(session, actor, now)
            assert workspace.id is not None
            colleague = queries.ensure_colleague(session, workspace_id=workspace.id, user_id=actor.user_id)
            colleague.slack_locale = profile.locale
            colleague.tz = profile.tz
            colleague.display_name = profile.display_name
            colleague.deleted = profile.deleted
            colleague.profile_fetched_at = now
            session.add(colleague)

    def timezone_for(self, actor: Actor) -> str:
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=actor.team_id)
            colleague = (
                queries.get_colleague(session, workspace_id=workspace.id, user_id=actor.user_id)
                if workspace and workspace.id
                else None
            )
        return (colleague.tz if colleague else None) or DEFAULT_TZ

    def now(self) -> datetime:
        return self.clock.now()

    def claim_event(self, event_id: str) -> bool:
        """First copy of a Slack event id: True; its retries: False."""
        with self.db.write() as session:
            return queries.claim_event(session, event_id=event_id, now=self.clock.now())
