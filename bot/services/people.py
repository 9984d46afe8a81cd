"""Colleagues' settings: Covalis language (their own, the workspace's, then Slack's locale) and time zone."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.clock import Clock
from bot.i18n import DEFAULT_LANGUAGE, language_from_locale, parse_language
from bot.services.errors import InvalidInput
from bot.services.rights import Rights
from bot.services.workspaces import Actor, workspace_of
from storage import queries
from storage.db import Database
from storage.models import Colleague

PROFILE_MAX_AGE = timedelta(days=1)
DIRECTORY_MAX_AGE = timedelta(days=1)
DEFAULT_TZ = "UTC"


@dataclass(frozen=True)
class Standing:
    """Who asks, as cached: read once per Slack request before the ack (one query), and reused after it for the
    guest check, the language, the time zone and whether Slack's profile needs a refresh."""

    profile_fetched_at: datetime | None
    guest: bool
    language: str
    tz: str

    @property
    def profile_known(self) -> bool:
        return self.profile_fetched_at is not None


class PeopleService:
    def __init__(self, db: Database, clock: Clock, rights: Rights) -> None:
        self.db = db
        self.clock = clock
        self.rights = rights

    def language_for(self, actor: Actor) -> str:
        """Database only, no Slack call: the user's setting, the workspace default, the cached Slack locale, English."""
        with self.db.read() as session:
            return language_of(session, actor.team_id, actor.user_id)

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

    def standing(self, actor: Actor) -> Standing:
        """Everything a request needs to know about the asking user, in one query (nothing stored: a stranger)."""
        with self.db.read() as session:
            row = queries.standing_of(session, team_id=actor.team_id, user_id=actor.user_id)
        if row is None:
            return Standing(None, False, DEFAULT_LANGUAGE, DEFAULT_TZ)
        own, workspace_default, locale, tz, fetched, guest = row
        language = own or workspace_default or language_from_locale(locale) or DEFAULT_LANGUAGE
        return Standing(fetched, bool(guest), language, tz or DEFAULT_TZ)

    def admit(self, standing: Standing) -> None:
        """Refuses Slack's guests (as last cached) with NotAllowed, from a standing already read; members pass."""
        self.rights.refuse_guest(standing.guest)

    def needs_profile(self, actor: Actor, standing: Standing | None = None) -> bool:
        """True when Slack's profile (locale, time zone) was never read or is older than a day."""
        if standing is not None:
            fetched = standing.profile_fetched_at
        else:
            colleague = self._colleague(actor)
            fetched = colleague.profile_fetched_at if colleague else None
        return fetched is None or self.clock.now() - fetched > PROFILE_MAX_AGE

    def profile_known(self, actor: Actor) -> bool:
        """Whether Slack's profile was ever read for this user (their time zone is known)."""
        colleague = self._colleague(actor)
        return bool(colleague and colleague.profile_fetched_at)

    def remember_profile(self, actor: Actor, member: dict[str, Any]) -> None:
        """The user as Slack's users.info describes them, cached on their colleague row (see `apply_member`)."""
        now = self.clock.now()
        with self.db.write() as session:
            workspace = workspace_of(session, actor, now)
            assert workspace.id is not None
            colleague = queries.ensure_colleague(session, workspace_id=workspace.id, user_id=actor.user_id)
            apply_member(colleague, {**member, "id": actor.user_id}, now)
            session.add(colleague)

    def timezone_for(self, actor: Actor) -> str:
        colleague = self._colleague(actor)
        return (colleague.tz if colleague else None) or DEFAULT_TZ

    def locale_for(self, actor: Actor) -> str | None:
        """Slack's locale for the user, as last read (`en-US` writes 12/1 for 1 December)."""
        with self.db.read() as session:
            return queries.slack_locale_of(session, team_id=actor.team_id, user_id=actor.user_id)

    def pause(self, actor: Actor, until: date | None) -> None:
        """No nudges up to and including `until` (None: resume)."""
        with self.db.write() as session:
            workspace = workspace_of(session, actor, self.clock.now())
            assert workspace.id is not None
            colleague = queries.ensure_colleague(session, workspace_id=workspace.id, user_id=actor.user_id)
            colleague.paused_until = until
            session.add(colleague)

    def directory_stale(self, team_id: str) -> bool:
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
        synced = workspace.users_synced_at if workspace else None
        return synced is None or self.clock.now() - synced > DIRECTORY_MAX_AGE

    def sync_directory(self, team_id: str, members: Iterable[dict[str, Any]]) -> int:
        """Caches Slack's user list (time zone, locale, admin, left) for the tick; one write per batch."""
        now = self.clock.now()
        count = 0
        with self.db.write() as session:
            workspace = queries.ensure_workspace(session, team_id=team_id, enterprise_id=None, now=now)
            assert workspace.id is not None
            known = queries.colleagues_of(session, workspace_id=workspace.id)
            for member in members:
                user_id = member.get("id")
                if not user_id:
                    continue
                colleague = known.get(user_id) or queries.ensure_colleague(
                    session, workspace_id=workspace.id, user_id=user_id
                )
                apply_member(colleague, member, now)
                session.add(colleague)
                count += 1
            workspace.users_synced_at = now
            session.add(workspace)
        return count

    def remember_member(self, team_id: str, member: dict[str, Any]) -> None:
        """A `user_change` event: one colleague's cached profile, refreshed at once."""
        now = self.clock.now()
        with self.db.write() as session:
            workspace = queries.ensure_workspace(session, team_id=team_id, enterprise_id=None, now=now)
            assert workspace.id is not None
            assert member.get("id")
            colleague = queries.ensure_colleague(session, workspace_id=workspace.id, user_id=member["id"])
            apply_member(colleague, member, now)
            session.add(colleague)

    def _colleague(self, actor: Actor) -> Colleague | None:
        """The actor's cached colleague row, if Covalis has seen them."""
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=actor.team_id)
            if workspace is None or workspace.id is None:
                return None
            return queries.get_colleague(session, workspace_id=workspace.id, user_id=actor.user_id)

    def require_member(self, actor: Actor) -> None:
        """Refuses Slack's guests (as last cached from Slack's directory) with NotAllowed; members pass."""
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=actor.team_id)
            if workspace is None or workspace.id is None:
                return
            self.rights.require_member(session, workspace_id=workspace.id, user_id=actor.user_id)

    def claim_event(self, event_id: str) -> bool:
        """First copy of a Slack event id: True; its retries: False."""
        with self.db.write() as session:
            return queries.claim_event(session, event_id=event_id, now=self.clock.now())


def language_of(session: Session, team_id: str, user_id: str) -> str:
    """A colleague's language: their own setting, the workspace default, their cached Slack locale, English."""
    own, workspace_default, locale = queries.language_settings(session, team_id=team_id, user_id=user_id)
    return own or workspace_default or language_from_locale(locale) or DEFAULT_LANGUAGE


def is_guest(member: dict[str, Any]) -> bool:
    """Slack's multi-channel (restricted) and single-channel (ultra-restricted) guests."""
    return bool(member.get("is_restricted") or member.get("is_ultra_restricted"))


def same_organisation(member: Mapping[str, Any], team_id: str, enterprise_id: str | None) -> bool:
    """Whether a Slack user object is someone of this workspace's own organisation: of its team, or of its Enterprise
    Grid org. A Slack Connect user of another company carries their own company's team (and no team: not ours)."""
    if member.get("team_id") == team_id:
        return True
    enterprise = (member.get("enterprise_user") or {}).get("enterprise_id")
    return enterprise_id is not None and enterprise == enterprise_id


def apply_member(colleague: Colleague, member: dict[str, Any], now: datetime) -> None:
    """Copies what Covalis needs from a Slack user object onto the cached colleague.

    A colleague Covalis had seen in Slack who now shows as deleted has just left: `left_at` marks that moment, which
    is what the handover to the admins is for. A first sync of someone long gone, or a status change, marks nothing.
    """
    seen_in_slack = colleague.profile_fetched_at is not None and not colleague.deleted
    if seen_in_slack and member.get("deleted"):
        colleague.left_at = now
    colleague.tz = member.get("tz") or colleague.tz
    colleague.slack_locale = member.get("locale") or colleague.slack_locale
    if colleague.display_name != "":  # "": forgotten on request (bot/services/forgetting.py), never filled again
        colleague.display_name = member.get("real_name") or member.get("name") or colleague.display_name
    colleague.deleted = bool(member.get("deleted"))
    colleague.is_admin = bool(member.get("is_admin") or member.get("is_owner") or member.get("is_primary_owner"))
    colleague.is_guest = is_guest(member)
    colleague.is_bot = bool(member.get("is_bot")) or member.get("id") == "USLACKBOT"
    colleague.profile_fetched_at = now
