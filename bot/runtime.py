"""Starting the bot in HTTP or Socket Mode, and running a single tick."""

import logging
from datetime import datetime

from bot.app import create_app, web_client
from bot.clock import FixedClock
from bot.config import Settings
from bot.container import Services, build_services
from bot.scheduler import start_scheduler
from bot.services.ticks import TickReport
from bot.web import SlackWsgi
from handlers.delivery import SlackDelivery
from storage.migrate import upgrade

logger = logging.getLogger(__name__)
HTTP_THREADS = 16


def _prepare(settings: Settings, migrate: bool) -> Services:
    services = build_services(settings)
    if migrate:
        upgrade(services.db.engine)
    return services


def build_wsgi(services: Services) -> SlackWsgi:
    assert services.config.slack_signing_secret is not None
    secret = services.config.slack_signing_secret.get_secret_value()
    app = create_app(services, signing_secret=secret, token=services.config.bot_token())
    return SlackWsgi(app, services.db, secret)


def run_http(settings: Settings, *, host: str, port: int, migrate: bool) -> None:
    """Waitress: a production WSGI server, pure Python, threaded, no fork (so one timer per process)."""
    import waitress

    services = _prepare(settings, migrate)
    wsgi = build_wsgi(services)
    scheduler = start_scheduler(services, SlackDelivery(web_client(services, settings.bot_token())))
    logger.info("Covalis listening on http://%s:%s/slack/events", host, port)
    try:
        waitress.serve(wsgi, host=host, port=port, threads=HTTP_THREADS, ident="covalis")
    finally:
        scheduler.shutdown(wait=False)


def run_socket_mode(settings: Settings, *, migrate: bool) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk import WebClient

    services = _prepare(settings, migrate)
    app = create_app(services, signing_secret=None, token=settings.bot_token())
    assert settings.slack_app_token is not None
    app_token = settings.slack_app_token.get_secret_value()
    scheduler = start_scheduler(services, SlackDelivery(web_client(services, settings.bot_token())))
    try:
        handler = SocketModeHandler(
            app, app_token, web_client=WebClient(token=app_token, base_url=settings.slack_api_url)
        )
        handler.start()  # type: ignore[no-untyped-call]  # slack_bolt leaves this one method unannotated
    finally:
        scheduler.shutdown(wait=False)


def run_tick(settings: Settings, at: datetime) -> TickReport:
    """One tick as of `at`: that instant is "now" for every decision and record."""
    services = build_services(settings, clock=FixedClock(at))
    upgrade(services.db.engine)
    try:
        return services.ticks.run(SlackDelivery(web_client(services, settings.bot_token())))
    finally:
        services.db.dispose()
