"""create_app: the Bolt App wired with our handlers and services, talking to SLACK_API_URL."""

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from time import monotonic
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.container import Services
from bot.logs import surface_of
from handlers import register_all
from handlers.context import refuse_guests

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("covalis.requests")
BOLT_LOGGER = "covalis.bolt"
# Given, or Bolt reads the stack to name the app after its caller's file (a tenth of building an app). Bolt also
# names loggers of its own after it, so it must not be a logger Covalis uses ("covalis" is the parent of them all).
BOLT_APP_NAME = "Covalis (Bolt app)"


class _QuietAboutOurClient(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client (pointed at SLACK_API_URL, with 429 retries)
    wins over it — which is the point; an operator should not see that at every start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


class _NoOAuthCode(logging.Filter):
    """Bolt logs the install's code at WARNING when Slack refuses it; a code is a secret for ten minutes."""

    _CODE = re.compile(r"(oauth\.v2\.access result with code: )\S+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "with code: " in message:
            record.msg, record.args = self._CODE.sub(r"\1(hidden)", message), ()
        return True


logging.getLogger(BOLT_LOGGER).addFilter(_QuietAboutOurClient())
logging.getLogger(BOLT_LOGGER).addFilter(_NoOAuthCode())
# Bolt builds its own OAuth (a clear-text file store for tokens, and no bot token) from these when they are set.
BOLT_OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


def web_client(services: Services, token: str | None, *, max_wait_seconds: int | None = None) -> WebClient:
    """Every Web API call goes to SLACK_API_URL; 429s are waited out and retried a few times — with
    `max_wait_seconds`, only when Slack asks to wait no longer (one workspace's limit must not hold up the others)."""
    client = WebClient(token=token, base_url=services.config.slack_api_url)
    handler = RateLimitErrorRetryHandler(max_retry_count=2)
    client.retry_handlers.append(handler if max_wait_seconds is None else _ShortWaits(max_wait_seconds))
    return client


class _ShortWaits(RateLimitErrorRetryHandler):
    """Retries a 429 only when its Retry-After is short; a longer one fails the call, and a later tick retries."""

    def __init__(self, max_wait_seconds: int) -> None:
        super().__init__(max_retry_count=2)
        self.max_wait_seconds = max_wait_seconds

    def _can_retry(self, *, state: Any, request: Any, response: Any = None, error: Any = None) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        waits = [v for k, v in response.headers.items() if k.lower() == "retry-after"]
        try:
            wait = int(waits[0][0] if isinstance(waits[0], list) else waits[0]) if waits else 1
        except (TypeError, ValueError):
            return False
        return wait <= self.max_wait_seconds


class CovalisApp(App):
    """Bolt's App, with one log line per Slack request — in HTTP and Socket Mode alike, as both call `dispatch`:
    workspace, surface, how long until the answer, and its status; never what the user typed."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = monotonic()
        outcome = "error"
        try:
            response = super().dispatch(req)
            outcome = str(response.status)
            return response
        finally:
            body = req.body if isinstance(req.body, dict) else {}
            elapsed = round((monotonic() - started) * 1000)
            team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
            surface = surface_of(body)
            fields = {"workspace": team, "surface": surface, "duration_ms": elapsed, "outcome": outcome}
            request_logger.info("%s %s %d ms %s", team, surface, elapsed, outcome, extra=fields)


def not_installed(days: int) -> str:
    """What a user of a workspace without an installation reads: in both languages, as nothing says which."""
    from bot.i18n import t

    return "\n\n".join(t(lang, "install.missing", days=days) for lang in ("en", "nl"))


@contextmanager
def _hidden_from_bolt(names: tuple[str, ...]) -> Iterator[None]:
    """Covalis reads a blank SLACK_CLIENT_ID as unset (one workspace by SLACK_BOT_TOKEN), but Bolt reads the
    environment itself and would start its own OAuth: the variables are out of its sight while it is built."""
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def create_app(services: Services, *, signing_secret: str | None, token: str | None) -> App:
    """One workspace with `token`; or, with token None and SLACK_CLIENT_ID set, every workspace installed through
    OAuth, each request with its own workspace's token."""
    if token is None and services.config.oauth_mode:
        from bot.oauth import CovalisAuthorize, oauth_settings

        app = CovalisApp(
            name=BOLT_APP_NAME,
            client=web_client(services, None),
            signing_secret=signing_secret,
            request_verification_enabled=signing_secret is not None,
            logger=logging.getLogger(BOLT_LOGGER),
            oauth_settings=oauth_settings(services),
            authorize=CovalisAuthorize(services),  # type: ignore[arg-type]  # Bolt takes Authorize objects
            user_facing_authorize_error_message=not_installed(services.config.uninstall_grace_days),
        )
    else:
        with _hidden_from_bolt(BOLT_OAUTH_VARIABLES):
            app = CovalisApp(
                name=BOLT_APP_NAME,
                client=web_client(services, token),  # Bolt takes the token from the client
                signing_secret=signing_secret,
                request_verification_enabled=signing_secret is not None,
                logger=logging.getLogger(BOLT_LOGGER),
            )
        if app.oauth_flow is not None:  # never serve installs with Bolt's defaults instead of the bot token
            raise RuntimeError("Bolt set up an OAuth flow in single-workspace mode")

    @app.middleware
    def _inject_services(context: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        context["services"] = services
        return next()

    app.middleware(refuse_guests)  # after the services are in the context, before any listener

    @app.error
    def _on_error(error: Exception) -> None:
        logger.exception("unhandled error in a listener", exc_info=error)

    register_all(app)
    return app
