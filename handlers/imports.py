"""`/covalis import` in Slack (admins): a modal takes a file, a dry run shows what it would do, **Import** does it.

The file comes from its `url_private` with the bot token, and the token goes only to Slack's file host (or to the
host of SLACK_API_URL, where a stand-in serves both): a URL anywhere else in a payload is refused, never fetched.
Each step answers the submission itself (`response_action: update`), so the modal shows what happened.
"""

import json
import logging
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Services
from bot.i18n import t
from bot.services.errors import CovalisError
from bot.services.import_files import FILE_KINDS, read_table
from bot.services.importing import DirectoryUnavailable, ImportOptions, ImportReport, report_lines
from handlers import ids
from handlers.blocks.imports import import_done, import_summary
from handlers.context import actor_from_body
from handlers.delivery import SlackDelivery

logger = logging.getLogger(__name__)
SLACK_FILE_HOSTS = frozenset({"files.slack.com"})
FILE_MAX = 10 * 1024 * 1024  # Slack's own limit on a file_input upload
SUMMARY_LINES = 30


def register(app: App) -> None:
    app.view_submission(ids.VIEW_IMPORT)(on_import_checked)
    app.view_submission(ids.VIEW_IMPORT_CONFIRM)(on_import_confirmed)


class FileRefused(CovalisError):
    pass


def allowed_file_url(url: str, api_url: str) -> bool:
    """Only https on Slack's file host, or the very host (and scheme) SLACK_API_URL names, gets the token."""
    parts, api = urlsplit(url), urlsplit(api_url)
    if parts.scheme == "https" and parts.hostname in SLACK_FILE_HOSTS:
        return True
    return bool(parts.hostname) and (parts.scheme, parts.netloc) == (api.scheme, api.netloc)


def download(client: WebClient, url: str) -> bytes:
    if not allowed_file_url(url, client.base_url):
        raise FileRefused("import.file_host")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            data: bytes = response.read(FILE_MAX + 1)
    except (URLError, OSError) as exc:
        logger.warning("import file download failed: %s", type(exc).__name__)
        raise FileRefused("import.file_download") from None
    if len(data) > FILE_MAX:
        raise FileRefused("import.file_too_big")
    return data


def _submitted(view: dict[str, Any]) -> tuple[str, dict[str, Any] | None, set[str]]:
    values = (view.get("state") or {}).get("values") or {}
    picked = ((values.get(ids.BLOCK_IMPORT_KIND) or {}).get(ids.ACTION_IMPORT_KIND) or {}).get("selected_option") or {}
    kind = str(picked.get("value") or "")
    files = ((values.get(ids.BLOCK_IMPORT_FILE) or {}).get(ids.ACTION_IMPORT_FILE) or {}).get("files") or []
    checked = ((values.get(ids.BLOCK_IMPORT_OPTIONS) or {}).get(ids.ACTION_IMPORT_OPTIONS) or {}).get(
        "selected_options"
    ) or []
    options = {str(o.get("value")) for o in checked if isinstance(o, dict)}
    first = files[0] if files and isinstance(files[0], dict) else None
    return kind, first, options


def _run(
    services: Services, client: WebClient, body: dict[str, Any], plan: dict[str, Any], *, dry_run: bool
) -> ImportReport:
    actor = actor_from_body(body)
    table = read_table(download(client, str(plan["url"])), str(plan["kind"]), filename=str(plan.get("name") or ""))
    options = ImportOptions(dry_run, bool(plan.get("skip_bad_rows")), bool(plan.get("month_first")))
    return services.imports.run(actor.team_id, table, options, directory=directory_of(client), admin_id=actor.user_id)


def directory_of(client: WebClient) -> Callable[[], dict[str, str]]:
    """Slack's members by e-mail address (users:read.email), read only when a cell names someone that way."""

    def directory() -> dict[str, str]:
        try:
            return {
                str(email).casefold(): str(member["id"])
                for member in SlackDelivery(client).users()
                if not member.get("deleted") and not member.get("is_bot")
                if (email := (member.get("profile") or {}).get("email"))
            }
        except SlackApiError as exc:
            raise DirectoryUnavailable("import.directory_failed", error=exc.response.get("error")) from None

    return directory


def on_import_checked(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """The file and its kind, read and imported as a dry run; the modal turns into what it found."""
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    kind, file, options = _submitted(body.get("view") or {})
    if kind not in FILE_KINDS:
        ack(response_action="errors", errors={ids.BLOCK_IMPORT_KIND: t(lang, "import.pick_kind")})
        return
    url = str((file or {}).get("url_private") or "")
    if not url:
        ack(response_action="errors", errors={ids.BLOCK_IMPORT_FILE: t(lang, "import.pick_file")})
        return
    plan: dict[str, Any] = {"kind": kind, "url": url, "name": str((file or {}).get("name") or "")[:200]}
    plan |= {name: True for name in ("skip_bad_rows", "month_first") if name in options}
    try:
        report = _run(services, client, body, plan, dry_run=True)
    except CovalisError as exc:
        ack(response_action="errors", errors={ids.BLOCK_IMPORT_FILE: t(lang, exc.key, **exc.params)})
        return
    importable = bool(report.added or report.changed) and (not report.bad_rows or bool(plan.get("skip_bad_rows")))
    lines = report_lines(report, lang, limit=SUMMARY_LINES)
    ack(response_action="update", view=import_summary(lang, kind, lines, plan, importable=importable))


def on_import_confirmed(ack: Ack, body: dict[str, Any], client: WebClient, services: Services) -> None:
    """**Import**: the same file read again and written; the modal shows the result."""
    actor = actor_from_body(body)
    lang = services.people.language_for(actor)
    try:
        plan = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
        if not isinstance(plan, dict) or plan.get("kind") not in FILE_KINDS:
            raise ValueError("no import in this view")
        report = _run(services, client, body, plan, dry_run=False)
        lines = report_lines(report, lang, limit=SUMMARY_LINES)
    except CovalisError as exc:
        lines = [t(lang, exc.key, **exc.params)]
    except ValueError:
        lines = [t(lang, "error.unexpected")]
    ack(response_action="update", view=import_done(lang, lines))
