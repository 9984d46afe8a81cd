"""Installing into many workspaces: slack_sdk's InstallationStore and OAuthStateStore on Covalis's own tables
(through InstallationService, tokens encrypted), Bolt's OAuth settings, and an `authorize` that takes every token
from the one place that refreshes it."""

# ruff: noqa: ARG002  (slack_sdk's and Bolt's interfaces fix the arguments; org-wide installs are out of scope)
import logging
import time
from datetime import timedelta
from logging import Logger
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext
from slack_bolt.error import BoltError
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.container import Services
from bot.manifest import INSTALL_PATH, REDIRECT_PATH, load_manifest
from bot.services.installations import (
    InstallationService,
    InstalledBot,
    Refreshed,
    Refresher,
    RefreshFailed,
    TokenUnreadable,
)

logger = logging.getLogger(__name__)
REFRESH_TIMEOUT = 5  # seconds: a refresh holds its row's lock (on SQLite the database's) while Slack answers


def bot_scopes() -> list[str]:
    """The scopes asked for at install: the manifest's, so the two never drift apart."""
    return [str(scope) for scope in load_manifest()["oauth_config"]["scopes"]["bot"]]


def refresher(client: WebClient, client_id: str, client_secret: str) -> Refresher:
    """oauth.v2.access with grant_type=refresh_token; Slack's refusal becomes RefreshFailed (its code only)."""

    def refresh(refresh_token: str) -> Refreshed:
        try:
            answer = client.oauth_v2_access(
                client_id=client_id,
                client_secret=client_secret,
                grant_type="refresh_token",
                refresh_token=refresh_token,
            )
        except SlackApiError as exc:
            raise RefreshFailed(str(exc.response.get("error") or "slack_error")) from None
        except OSError as exc:
            raise RefreshFailed(type(exc).__name__) from None
        return Refreshed(str(answer["access_token"]), answer.get("refresh_token"), int(answer["expires_in"]))

    return refresh


def services_refresher(services: Services) -> Refresher:
    """Refreshes at SLACK_API_URL with a short timeout and no waiting out of 429s: it runs under a lock."""
    config = services.config
    assert config.slack_client_id is not None
    assert config.slack_client_secret is not None
    client = WebClient(base_url=config.slack_api_url, timeout=REFRESH_TIMEOUT)
    return refresher(client, config.slack_client_id, config.slack_client_secret.get_secret_value())


def usable_bot(services: Services, team_id: str, refresh: Refresher | None = None) -> InstalledBot | None:
    """The workspace's bot with a working token, or None — not installed, Slack refused to refresh the token, or
    no key decrypts it — each said in one log line (never a token), for requests, ticks and the CLI alike."""
    try:
        bot = services.installations.bot_for(team_id, refresh or services_refresher(services))
    except RefreshFailed as exc:
        logger.error("Slack refused to refresh the bot token of workspace %s (%s)", team_id, exc.error)
        return None
    except TokenUnreadable as exc:
        logger.error("workspace %s: %s — put the key it was encrypted with back into it (NEW,OLD)", team_id, exc)
        return None
    if bot is None:
        logger.warning("workspace %s: Covalis is not installed there", team_id)
    return bot


class CovalisInstallationStore(InstallationStore):
    """slack_sdk's interface over InstallationService: bot installations only (Covalis asks no user scopes)."""

    def __init__(self, installations: InstallationService) -> None:
        self.installations = installations
        self._logger = logging.getLogger(__name__)

    @property
    def logger(self) -> Logger:
        return self._logger

    def save(self, installation: Installation) -> None:
        if installation.team_id is None or installation.bot_token is None:  # Bolt answers its failure page
            raise BoltError("an installation without a team or a bot token (org-wide installs are not supported)")
        expires_at = None
        if installation.bot_token_expires_at is not None:  # slack_sdk counts from the wall clock; we from ours
            left = int(installation.bot_token_expires_at) - int(time.time())
            expires_at = self.installations.clock.now() + timedelta(seconds=left)
        self.installations.save(
            InstalledBot(
                team_id=installation.team_id,
                bot_token=installation.bot_token,
                enterprise_id=installation.enterprise_id,
                team_name=installation.team_name,
                app_id=installation.app_id,
                bot_id=installation.bot_id,
                bot_user_id=installation.bot_user_id,
                bot_scopes=tuple(installation.bot_scopes or ()),
                bot_refresh_token=installation.bot_refresh_token,
                bot_token_expires_at=expires_at,
                installer_user_id=installation.user_id,
            )
        )

    def save_bot(self, bot: Bot) -> None:
        raise NotImplementedError("Covalis saves whole installations")

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        found = self.installations.find(team_id) if team_id else None
        if found is None:
            return None
        return Bot(**_common(found))

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self.installations.find(team_id) if team_id else None
        if found is None or (user_id is not None and user_id != found.installer_user_id):
            return None
        return Installation(user_id=found.installer_user_id or "", **_common(found))

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        if team_id:
            self.installations.uninstalled(team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if team_id and user_id is None:
            self.installations.uninstalled(team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        if team_id:
            self.installations.uninstalled(team_id)


def _common(found: InstalledBot) -> dict[str, Any]:
    return {
        "app_id": found.app_id,
        "enterprise_id": found.enterprise_id,
        "team_id": found.team_id,
        "team_name": found.team_name,
        "bot_token": found.bot_token,
        "bot_id": found.bot_id or "",
        "bot_user_id": found.bot_user_id or "",
        "bot_scopes": list(found.bot_scopes),
        "bot_refresh_token": found.bot_refresh_token,
        "bot_token_expires_at": (
            int(found.bot_token_expires_at.timestamp()) if found.bot_token_expires_at is not None else None
        ),
        "installed_at": found.installed_at.timestamp() if found.installed_at else time.time(),
    }


class CovalisStateStore(OAuthStateStore):
    """Single-use states that expire after ten minutes, in the database so any replica can take the redirect."""

    def __init__(self, installations: InstallationService) -> None:
        self.installations = installations
        self._logger = logging.getLogger(__name__)

    @property
    def logger(self) -> Logger:
        return self._logger

    def issue(self, *args: Any, **kwargs: Any) -> str:
        return self.installations.issue_state()

    def consume(self, state: str) -> bool:
        return self.installations.consume_state(state)


class CovalisAuthorize(Authorize):
    """Each request's bot token from InstallationService.bot_for (refreshing a rotating one under its row lock);
    no auth.test per request: the installation already knows its bot."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.refresh = services_refresher(services)

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        if not team_id:
            return None
        bot = usable_bot(self.services, team_id, self.refresh)
        if bot is None:
            return None
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=list(bot.bot_scopes),
            user_id=user_id,
        )


def oauth_settings(services: Services) -> OAuthSettings:
    config = services.config
    assert config.slack_client_id is not None
    assert config.slack_client_secret is not None
    redirect = f"{config.public_url}{REDIRECT_PATH}" if config.public_url else None
    return OAuthSettings(
        client_id=config.slack_client_id,
        client_secret=config.slack_client_secret.get_secret_value(),
        scopes=bot_scopes(),
        redirect_uri=redirect,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=CovalisInstallationStore(services.installations),
        state_store=CovalisStateStore(services.installations),
        state_expiration_seconds=600,
        logger=logging.getLogger("covalis.bolt"),
    )
