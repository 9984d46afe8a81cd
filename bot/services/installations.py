"""The app installed into many workspaces: each one's bot token, encrypted at rest, refreshed in one place, deleted
when Slack says the app was uninstalled; the workspace's data kept for a grace period, then deleted.

Pure of Slack: the OAuth flow (bot/oauth.py) hands installations in as `InstalledBot`, and a token refresh is a
function given by the caller (`Refresher`)."""

import base64
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.clock import Clock
from storage import queries
from storage.db import Database
from storage.models import Installation
from storage.queries import installations as installs

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

logger = logging.getLogger(__name__)
STATE_TTL = timedelta(minutes=10)
#: A rotating token is refreshed when it has less than this left (Bolt's default), so no request meets an expired one.
REFRESH_MARGIN = timedelta(minutes=120)
_KEY_INFO = b"covalis: installation tokens"


class TokenUnreadable(Exception):
    """A stored token no key in COVALIS_SECRET_KEY can decrypt (the key it was encrypted with was dropped)."""

    def __str__(self) -> str:
        return "no key in COVALIS_SECRET_KEY decrypts the stored token"


class RefreshFailed(Exception):
    """Slack refused to refresh a rotating token; `error` is Slack's code, never the token."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class InstalledBot:
    team_id: str
    bot_token: str
    enterprise_id: str | None = None
    team_name: str | None = None
    app_id: str | None = None
    bot_id: str | None = None
    bot_user_id: str | None = None
    bot_scopes: tuple[str, ...] = ()
    bot_refresh_token: str | None = None
    bot_token_expires_at: datetime | None = None
    installer_user_id: str | None = None
    installed_at: datetime | None = None

    def __repr__(self) -> str:  # never a token in a log line or a traceback
        return f"InstalledBot(team_id={self.team_id!r}, bot_user_id={self.bot_user_id!r})"


@dataclass(frozen=True)
class Refreshed:
    """What Slack answers to a refresh: the new token, the next (single-use) refresh token, seconds to live."""

    token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: int


Refresher = Callable[[str], Refreshed]


class TokenCipher:
    """MultiFernet over COVALIS_SECRET_KEY's keys: the first encrypts, every one decrypts. Each key is any 32+
    characters of random text; a Fernet key is derived from it (HKDF-SHA256), apart from the pulse page's use."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("COVALIS_SECRET_KEY is needed to store tokens")
        self._keys = list(keys)
        self._fernet: MultiFernet | None = None

    def _multi(self) -> "MultiFernet":
        if self._fernet is None:
            from cryptography.fernet import Fernet, MultiFernet
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.kdf.hkdf import HKDF

            def derive(secret: str) -> Fernet:
                raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(secret.encode())
                return Fernet(base64.urlsafe_b64encode(raw))

            self._fernet = MultiFernet([derive(key) for key in self._keys])
        return self._fernet

    def encrypt(self, plain: str) -> str:
        return self._multi().encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._multi().decrypt(stored.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise TokenUnreadable() from None

    def rotate(self, stored: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._multi().rotate(stored.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            raise TokenUnreadable() from None


class InstallationService:
    def __init__(self, db: Database, clock: Clock, keys: Sequence[str], grace: timedelta) -> None:
        self.db = db
        self.clock = clock
        self.keys = list(keys)
        self.grace = grace
        self._cipher: TokenCipher | None = None

    @property
    def cipher(self) -> TokenCipher:
        if self._cipher is None:
            self._cipher = TokenCipher(self.keys)
        return self._cipher

    # --- the OAuth flow's store -----------------------------------------------------------------------------

    def save(self, bot: InstalledBot) -> None:
        """A new installation, or a re-install: the latest wins, and a workspace marked uninstalled is not any more."""
        now = self.clock.now()
        with self.db.write() as session:
            workspace = queries.ensure_workspace(session, team_id=bot.team_id, enterprise_id=bot.enterprise_id, now=now)
            assert workspace.id is not None
            row = installs.get_installation(session, team_id=bot.team_id, for_update=True)
            if row is None:
                row = Installation(workspace_id=workspace.id, team_id=bot.team_id, bot_token="", installed_at=now)
            row.enterprise_id = bot.enterprise_id
            row.team_name = bot.team_name
            row.app_id = bot.app_id
            row.bot_id = bot.bot_id
            row.bot_user_id = bot.bot_user_id
            row.bot_scopes = ",".join(bot.bot_scopes)
            row.installer_user_id = bot.installer_user_id
            row.installed_at = bot.installed_at or now
            self._store_tokens(row, bot.bot_token, bot.bot_refresh_token, bot.bot_token_expires_at, now)
            session.add(row)
            installs.mark_uninstalled(session, team_id=bot.team_id, at=None)

    def find(self, team_id: str) -> InstalledBot | None:
        with self.db.read() as session:
            row = installs.get_installation(session, team_id=team_id)
        return None if row is None else self._decrypted(row)

    def installed_teams(self) -> list[str]:
        with self.db.read() as session:
            return installs.installed_team_ids(session)

    # --- the one place a token is read for use --------------------------------------------------------------

    def bot_for(self, team_id: str, refresh: Refresher) -> InstalledBot | None:
        """The workspace's bot with a token good for a while. A rotating token close to expiry is refreshed here,
        under a lock on its row: a second replica does not spend the single-use refresh token again. While the
        token still works, a replica that finds the row locked (PostgreSQL) goes on with it instead of waiting for
        Slack; once it has expired, it waits for the new one. Both Bolt's authorize and the tick come here."""
        bot = self.find(team_id)
        if bot is None or not self._expiring(bot):
            return bot
        now = self.clock.now()
        still_good = bot.bot_token_expires_at is not None and bot.bot_token_expires_at > now
        with self.db.write() as session:
            row = installs.get_installation(session, team_id=team_id, for_update=True, skip_locked=still_good)
            if row is None:  # refreshed by another replica right now (or uninstalled meanwhile)
                return bot if still_good else None
            bot = self._decrypted(row)
            if not self._expiring(bot) or bot.bot_refresh_token is None:
                return bot
            fresh = refresh(bot.bot_refresh_token)  # RefreshFailed: nothing changes, the transaction rolls back
            expires_at = now + timedelta(seconds=fresh.expires_in)
            self._store_tokens(row, fresh.token, fresh.refresh_token or bot.bot_refresh_token, expires_at, now)
            session.add(row)
            logger.info("refreshed the bot token of workspace %s", team_id)
            return replace(
                bot,
                bot_token=fresh.token,
                bot_refresh_token=fresh.refresh_token or bot.bot_refresh_token,
                bot_token_expires_at=expires_at,
            )

    def _expiring(self, bot: InstalledBot) -> bool:
        expires = bot.bot_token_expires_at
        return expires is not None and expires <= self.clock.now() + REFRESH_MARGIN

    # --- uninstalling ---------------------------------------------------------------------------------------

    def uninstalled(self, team_id: str, *, event_time: datetime | None = None) -> bool:
        """Slack says the app was uninstalled or its bot token revoked: the tokens go at once, the workspace is
        marked, its data stays for the grace period. True when a token was deleted. An event from before the
        workspace's latest install (`event_time`: when Slack sent it; a late retry) leaves that install alone."""
        with self.db.write() as session:
            row = installs.get_installation(session, team_id=team_id, for_update=True)
            if row is not None and event_time is not None and row.installed_at > event_time:
                logger.info("workspace %s: ignored an uninstall from before its latest install", team_id)
                return False
            deleted = installs.delete_installation(session, team_id=team_id)
            installs.mark_uninstalled(session, team_id=team_id, at=self.clock.now())
        return deleted

    def still_installed(self, team_id: str) -> None:
        """One workspace by SLACK_BOT_TOKEN, and Slack takes the token: an earlier uninstall mark is cleared."""
        with self.db.read() as session:
            workspace = queries.get_workspace(session, team_id=team_id)
        if workspace is not None and workspace.uninstalled_at is not None:
            with self.db.write() as session:
                installs.mark_uninstalled(session, team_id=team_id, at=None)

    def purge_uninstalled(self) -> list[str]:
        """Deletes the data of every workspace uninstalled longer than the grace period ago and not installed
        again; the team ids it deleted."""
        before = self.clock.now() - self.grace
        with self.db.write() as session:
            candidates = installs.uninstalled_before(session, before=before)
            gone = [
                workspace
                for workspace in candidates
                if workspace.id is not None
                and installs.delete_uninstalled_workspace(session, workspace_id=workspace.id, before=before)
            ]
        for workspace in gone:
            logger.info("deleted the data of workspace %s, uninstalled %s", workspace.team_id, workspace.uninstalled_at)
        return [workspace.team_id for workspace in gone]

    # --- keys -----------------------------------------------------------------------------------------------

    def unreadable_teams(self) -> list[str]:
        """The workspaces whose stored token no key decrypts: checked at start-up, so a wrong or dropped key is one
        clear line instead of every request failing."""
        with self.db.read() as session:
            rows = installs.all_installations(session)
        unreadable = []
        for row in rows:
            try:
                self._decrypted(row)
            except TokenUnreadable:
                unreadable.append(row.team_id)
        return unreadable

    def rotate_keys(self) -> int:
        """Re-encrypts every stored token with the first key of COVALIS_SECRET_KEY; how many installations. After
        it the other keys can be dropped."""
        with self.db.write() as session:
            rows = installs.all_installations(session, for_update=True)  # a refresh in flight finishes first
            for row in rows:
                row.bot_token = self.cipher.rotate(row.bot_token)
                if row.bot_refresh_token is not None:
                    row.bot_refresh_token = self.cipher.rotate(row.bot_refresh_token)
                session.add(row)
        return len(rows)

    # --- OAuth states ---------------------------------------------------------------------------------------

    def issue_state(self) -> str:
        state = secrets.token_urlsafe(32)
        now = self.clock.now()
        with self.db.write() as session:
            installs.delete_states_before(session, before=now)
            installs.add_state(session, state=state, expires_at=now + STATE_TTL)
        return state

    def consume_state(self, state: str) -> bool:
        """True once for a state this app issued in the last ten minutes; a replay, an expired or a made-up state
        is refused."""
        if not state or len(state) > 200:
            return False
        with self.db.write() as session:
            return installs.take_state(session, state=state, now=self.clock.now())

    # --- helpers --------------------------------------------------------------------------------------------

    def _store_tokens(
        self, row: Installation, token: str, refresh_token: str | None, expires_at: datetime | None, now: datetime
    ) -> None:
        row.bot_token = self.cipher.encrypt(token)
        row.bot_refresh_token = None if refresh_token is None else self.cipher.encrypt(refresh_token)
        row.bot_token_expires_at = expires_at
        row.updated_at = now

    def _decrypted(self, row: Installation) -> InstalledBot:
        return InstalledBot(
            team_id=row.team_id,
            bot_token=self.cipher.decrypt(row.bot_token),
            enterprise_id=row.enterprise_id,
            team_name=row.team_name,
            app_id=row.app_id,
            bot_id=row.bot_id,
            bot_user_id=row.bot_user_id,
            bot_scopes=tuple(scope for scope in row.bot_scopes.split(",") if scope),
            bot_refresh_token=None if row.bot_refresh_token is None else self.cipher.decrypt(row.bot_refresh_token),
            bot_token_expires_at=row.bot_token_expires_at,
            installer_user_id=row.installer_user_id,
            installed_at=row.installed_at,
        )
