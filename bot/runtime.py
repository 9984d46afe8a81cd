"""Starting the bot in HTTP or Socket Mode, and running a single tick."""

import logging
import signal
import threading
from datetime import datetime

from alembic.util.exc import CommandError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.app import create_app, web_client
from bot.clock import FixedClock
from bot.config import README_SECTION, Settings
from bot.container import Services, build_services
from bot.pulse_web import PulsePage
from bot.scheduler import start_scheduler
from bot.services.pulse import AnswerStored
from bot.services.ticks import TickReport
from bot.web import Readiness, SlackWsgi
from handlers.delivery import SlackDelivery
from handlers.pulse import tell_owner
from storage.db import database_problem
from storage.migrate import upgrade

logger = logging.getLogger(__name__)
HTTP_THREADS = 16
TICK_RATE_LIMIT_WAIT = 5  # seconds a workspace's 429 is waited out in the tick; longer: the next tick

# What Slack's auth.test errors mean for the operator, and what to do about each.
_TOKEN_FIXES = {
    "invalid_auth": "it is not a token Slack knows: copy it again from your Slack app's settings",
    "not_authed": "it is empty or was not sent: set it and try again",
    "token_revoked": "it was revoked: reinstall the app and copy the new token",
    "token_expired": "it has expired: reinstall the app and copy the new token",
    "account_inactive": "the app was uninstalled or its workspace deleted: reinstall the app and copy the new token",
}


class StartupError(Exception):
    """Why Covalis cannot start, in one or two lines an operator can act on; the CLI prints it without a traceback."""


def check_token(client: WebClient, name: str) -> None:
    """auth.test before anything else, so a wrong token stops the start with a sentence instead of Bolt's traceback."""
    try:
        client.auth_test()
    except SlackApiError as exc:
        error = str(exc.response.get("error", "unknown_error"))
        fix = _TOKEN_FIXES.get(error, "check the token in your Slack app's settings")
        raise StartupError(f"Slack refused {name} ({error}): {fix} — see {README_SECTION}.") from None
    except OSError as exc:
        reason = getattr(exc, "reason", None) or exc
        raise StartupError(
            f"Cannot reach Slack at {client.base_url}: {reason}. Check SLACK_API_URL and the network."
        ) from None


def check_database(services: Services, *, migrate: bool) -> None:
    """Migrates (or just connects); an unreachable or unopenable database is one line, the password hidden."""
    try:
        if migrate:
            upgrade(services.db.engine)
        else:
            with services.db.engine.connect():
                pass
    except SQLAlchemyError as exc:
        services.db.dispose()
        raise StartupError(database_problem(services.config.database_url, exc)) from None
    except CommandError as exc:  # e.g. the database was migrated by a newer Covalis than this one
        services.db.dispose()
        raise StartupError(f"Cannot migrate the database: {exc}. Is this an older Covalis than the last one?") from None


def _prepare(settings: Settings, migrate: bool) -> Services:
    services = build_services(settings)
    check_database(services, migrate=migrate)
    if settings.oauth_mode:  # installed into many workspaces: each token is checked when it is used
        check_keys(services)
    else:
        check_token(web_client(services, settings.bot_token()), "SLACK_BOT_TOKEN")
    return services


def check_keys(services: Services) -> None:
    """Every stored token decrypts with a key of COVALIS_SECRET_KEY, or the start stops saying which to put back."""
    unreadable = services.installations.unreadable_teams()
    if unreadable:
        services.db.dispose()
        workspaces = "1 workspace" if len(unreadable) == 1 else f"{len(unreadable)} workspaces"
        raise StartupError(
            f"COVALIS_SECRET_KEY cannot decrypt the stored tokens of {workspaces} "
            f"({', '.join(unreadable[:5])}): add the key they were encrypted with after the current one (NEW,OLD) "
            f"— see {README_SECTION}."
        )


def build_wsgi(services: Services) -> SlackWsgi:
    assert services.config.slack_signing_secret is not None
    secret = services.config.slack_signing_secret.get_secret_value()
    token = None if services.config.oauth_mode else services.config.bot_token()
    app = create_app(services, signing_secret=secret, token=token)
    return SlackWsgi(
        app,
        services.db,
        secret,
        Readiness(services.db),
        pulse=pulse_page(services, app.client),
        oauth=services.config.oauth_mode,
        trusted_proxies=services.config.proxy_networks,
    )


def pulse_page(services: Services, client: WebClient) -> PulsePage | None:
    """The supplier's pulse page, served beside /slack/events when COVALIS_SECRET_KEY signs its forms."""
    config = services.config
    if config.secret_key is None:
        return None

    def notify(stored: AnswerStored) -> None:
        own = workspace_client(services, stored.team_id) if config.oauth_mode else client
        if own is not None:
            tell_owner(services, own, stored)

    return PulsePage(
        services.pulse,
        secret_key=config.secret_keys[0],  # the first of COVALIS_SECRET_KEY's keys signs
        trusted_proxies=config.proxy_networks,
        notify=notify,
    )


def workspace_client(services: Services, team_id: str) -> WebClient | None:
    """Installed into many workspaces: a client with that workspace's own token (refreshed if it rotates), or None
    when it is not installed, Slack refuses the refresh or no key decrypts the token (each logged in one line)."""
    from bot.oauth import usable_bot

    bot = usable_bot(services, team_id)
    return None if bot is None else web_client(services, bot.bot_token, max_wait_seconds=TICK_RATE_LIMIT_WAIT)


def installed_tick(services: Services) -> TickReport:
    """One tick over every installed workspace, each with its own token."""

    def port_for(team_id: str) -> SlackDelivery | None:
        client = workspace_client(services, team_id)
        return None if client is None else SlackDelivery(client)

    return services.ticks.run_installed(services.installations.installed_teams(), port_for)


def run_http(settings: Settings, *, host: str, port: int, migrate: bool) -> None:
    """Waitress: a production WSGI server, pure Python, threaded, no fork (so one timer per process). SIGTERM stops
    it gracefully: requests in flight and their after-ack work finish, and so does a tick already running (its
    claims are completed, not left to a lease)."""
    from bot.serving import serve

    services = _prepare(settings, migrate)
    wsgi = build_wsgi(services)
    readiness = wsgi.readiness
    if settings.oauth_mode:
        scheduler = start_scheduler(services, None, run=lambda: installed_tick(services))
        logger.info("Covalis installs into workspaces at http://%s:%s/slack/install", host, port)
    else:
        client = web_client(services, settings.bot_token())
        scheduler = start_scheduler(
            services, SlackDelivery(client), before_tick=lambda: readiness.refresh_token(client)
        )
    logger.info("Covalis listening on http://%s:%s/slack/events", host, port)
    try:
        serve(wsgi, host=host, port=port, threads=HTTP_THREADS)
    finally:
        wsgi.app.listener_runner.listener_executor.shutdown(wait=True)  # Bolt's after-ack listeners
        scheduler.shutdown(wait=True)
        services.db.dispose()


def run_socket_mode(settings: Settings, *, migrate: bool) -> None:
    """Connects over a WebSocket and waits for SIGTERM or SIGINT; then closes it, lets the listeners at work and a
    running tick finish, and returns."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    services = _prepare(settings, migrate)
    app = create_app(services, signing_secret=None, token=settings.bot_token())
    assert settings.slack_app_token is not None
    app_token = settings.slack_app_token.get_secret_value()
    scheduler = start_scheduler(services, SlackDelivery(web_client(services, settings.bot_token())))
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    handler = SocketModeHandler(app, app_token, web_client=WebClient(token=app_token, base_url=settings.slack_api_url))
    try:
        handler.connect()  # type: ignore[no-untyped-call]  # slack_bolt leaves this one method unannotated
        logger.info("Covalis connected over Socket Mode")
        stop.wait()
        logger.info("stopping: closing the connection; finishing the work in flight")
        handler.close()  # type: ignore[no-untyped-call]
    except SlackApiError as exc:  # apps.connections.open refused the app-level token
        error = str(exc.response.get("error", "unknown_error"))
        fix = _TOKEN_FIXES.get(error, "check the app-level token (connections:write) in your Slack app's settings")
        raise StartupError(f"Slack refused SLACK_APP_TOKEN ({error}): {fix} — see {README_SECTION}.") from None
    finally:
        app.listener_runner.listener_executor.shutdown(wait=True)
        scheduler.shutdown(wait=True)
        services.db.dispose()
        logger.info("stopped")


def run_tick(settings: Settings, at: datetime) -> TickReport:
    """One tick as of `at`: that instant is "now" for every decision and record."""
    services = build_services(settings, clock=FixedClock(at))
    check_database(services, migrate=True)
    try:
        if settings.oauth_mode:
            check_keys(services)
            return installed_tick(services)
        check_token(web_client(services, settings.bot_token()), "SLACK_BOT_TOKEN")
        return tick_once(services, settings.bot_token())
    finally:
        services.db.dispose()


def tick_once(services: Services, token: str | None) -> TickReport:
    """One tick of one workspace by its bot token, Slack reached through the handlers' delivery port."""
    return services.ticks.run(SlackDelivery(web_client(services, token)))
