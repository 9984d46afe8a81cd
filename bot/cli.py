"""`covalis …`: run the bot, migrate, export, tick, print the manifest. Click, for tidy help and exit codes."""

import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from bot.services.export import ExportService
    from bot.services.forgetting import ForgetService, Forgotten
    from bot.services.importing import ImportOptions

from bot.config import README_SECTION, ConfigError, Settings, load_settings

logger = logging.getLogger("covalis")


VERBOSE = "covalis.verbose"


def _settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    context = click.get_current_context(silent=True)
    configure_logging(
        settings.log_level, verbose=bool(context and context.meta.get(VERBOSE)), log_format=settings.log_format
    )
    return settings


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[VERBOSE] = True


verbose_option = click.option(
    "--verbose",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_verbose,
    help="Also show the migration steps (Alembic's INFO lines).",
)


def configure_logging(level: str, *, verbose: bool = False, log_format: str = "text") -> None:
    """Our level for our loggers, as text or JSON lines; Slack's SDKs and SQLAlchemy stay at INFO or above, because
    at DEBUG they log request bodies and parameters — note texts and tokens, which never go to logs."""
    from bot.logs import formatter

    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    logging.basicConfig(level=level, handlers=[handler])  # a no-op where logging is already set up (tests)
    quiet = max(logging.getLevelName(level), logging.INFO)
    for name in ("slack_sdk", "slack_bolt", "covalis.bolt", "waitress"):
        logging.getLogger(name).setLevel(quiet)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.getLevelName(level) if verbose else logging.WARNING)


def _require(settings: Settings, *names: str) -> None:
    try:
        settings.require(*names)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(help="Covalis: supplier relationship management inside Slack.")
def main() -> None:
    pass


def _run_options(command: "Callable[..., None]") -> "Callable[..., None]":
    for option in reversed(
        [
            click.option("--http", "http_mode", is_flag=True, help="Serve Slack's requests at POST /slack/events."),
            click.option("--port", default=3000, show_default=True, type=click.IntRange(1, 65535)),
            click.option("--host", default="0.0.0.0", show_default=True),
            click.option("--no-migrate", is_flag=True, help="Do not apply database migrations on start."),
        ]
    ):
        command = option(command)
    return command


@main.command(help="Start the bot: Socket Mode by default, or HTTP mode with --http.")
@_run_options
def run(http_mode: bool, port: int, host: str, no_migrate: bool) -> None:
    from bot.runtime import StartupError, run_http, run_socket_mode

    settings = _settings()
    try:
        if http_mode:
            if settings.oauth_mode:
                _require(settings, "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
            else:
                _require(settings, "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
            run_http(settings, host=host, port=port, migrate=not no_migrate)
        elif settings.oauth_mode:
            raise click.ClickException(
                "SLACK_CLIENT_ID is set: installing into many workspaces (OAuth) works in HTTP mode only — run "
                f"`covalis run --http`, or unset SLACK_CLIENT_ID and SLACK_CLIENT_SECRET — see {README_SECTION}."
            )
        else:
            _require(settings, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
            run_socket_mode(settings, migrate=not no_migrate)
    except StartupError as exc:
        raise click.ClickException(str(exc)) from None


SLACK_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


def slack_unconfigured(settings: Settings) -> bool:
    """No Slack variable at all, in the environment or in .env: someone who has not set Slack up yet."""
    return all(
        value is None for value in (settings.slack_bot_token, settings.slack_app_token, settings.slack_signing_secret)
    )


@main.command(
    help="What `make run` starts: the bot, or — with no Slack variable set at all (none in the environment, no .env "
    "entry) — the sandbox with sample data (`covalis try --seed`). Some but not all set: stops naming the missing ones."
)
@_run_options
@click.pass_context
def start(ctx: click.Context, http_mode: bool, port: int, host: str, no_migrate: bool) -> None:
    try:
        settings = load_settings()  # logging is set up by `run`: the sandbox's requests are not the operator's log
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if slack_unconfigured(settings):
        click.echo(
            f"No Slack variables set ({', '.join(SLACK_VARIABLES)}): starting the sandbox with sample data "
            "(covalis try --seed); see README.md, section “Configuration”, to connect Slack."
        )
        ctx.invoke(try_command, seed=True)
        return
    ctx.invoke(run, http_mode=http_mode, port=port, host=host, no_migrate=no_migrate)


@main.command(
    name="try",
    help="Try Covalis in the terminal against a built-in stand-in of Slack: /covalis commands, :tick, :click, "
    ":shortcut (type :help). Works from a script too: covalis try --seed < script.txt",
)
@click.option("--as", "user", default="alex", show_default=True, help="Who you are: alex, sanne, jordan or mei.")
@click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default=None,
    help="Your language (default: the colleague's own; Sanne reads Dutch).",
)
@click.option("--seed", is_flag=True, help="Start over with a sample world: suppliers, contacts, notes, follow-ups.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("covalis-try.db"),
    show_default=True,
    help="The sandbox's SQLite file (never COVALIS_DATABASE_URL).",
)
@click.option("--at", "start_at", default=None, help="Start the clock at this ISO time (default: next weekday 10:00).")
def try_command(
    user: str = "alex",
    lang: str | None = None,
    seed: bool = False,
    db_path: Path = Path("covalis-try.db"),
    start_at: str | None = None,
) -> None:
    from bot.sandbox import world
    from bot.sandbox.session import NotASandbox, TryOptions, run_sandbox

    colleague = world.find(user)
    if colleague is None:
        names = ", ".join(c.handle for c in world.COLLEAGUES)
        raise click.BadParameter(f"{user!r} is none of the sandbox's colleagues ({names})", param_hint="--as")
    start_instant = _instant(start_at, "--at") if start_at else None
    options = TryOptions(colleague.user_id, lang, seed, db_path, start_instant)
    try:
        run_sandbox(options, sys.stdin, _console(), lambda: datetime.now(UTC))
    except NotASandbox as exc:
        raise click.ClickException(str(exc)) from None


def _console() -> "Any":
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def _instant(text: str, hint: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not an ISO-8601 time such as 2026-11-30T09:00:00+01:00", param_hint=hint
        ) from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


@main.group(help="Database maintenance.")
def db() -> None:
    pass


@db.command(help="Apply all database migrations.")
@verbose_option
def upgrade() -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import create_db_engine, database_problem
    from storage.migrate import current_revision
    from storage.migrate import upgrade as apply

    settings = _settings()
    engine = create_db_engine(settings.database_url)
    try:
        apply(engine)
        click.echo(f"Database at revision {current_revision(engine)}.")
    except SQLAlchemyError as exc:
        raise click.ClickException(database_problem(settings.database_url, exc)) from None
    except Exception as exc:
        raise click.ClickException(f"Could not migrate the database: {type(exc).__name__}: {exc}") from None
    finally:
        engine.dispose()


@main.command(help="Write one workspace's full data (JSON to stdout, or CSV files into --out).")
@click.option("--team", "team_id", required=True, help="Slack team id, e.g. T0123ABC.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files (covalis-export.json, or one CSV per record type).",
)
@verbose_option
def export(team_id: str, fmt: str, out: Path | None) -> None:
    from bot.services.export import ExportService, UnknownWorkspace
    from storage.db import Database

    settings = _settings()
    _require_migrated(settings.database_url)
    database = Database.from_url(settings.database_url)
    service = ExportService(database)
    try:
        if out is None and fmt == "json":
            service.write_json(team_id, sys.stdout, now=datetime.now(UTC))
        elif out is None:
            raise click.UsageError("--format csv needs --out DIR.")
        elif fmt == "json":
            click.echo(f"wrote {_json_file(service, team_id, out)}", err=True)
        else:
            for path in service.write_csv(team_id, out, now=datetime.now(UTC)):
                click.echo(f"wrote {path}", err=True)
        service.record(team_id, actor_id=None, via="cli", now=datetime.now(UTC))  # the audit log says it left
    except UnknownWorkspace:
        raise click.ClickException(f"No workspace with team id {team_id!r} in this database.") from None
    finally:
        database.dispose()


def _json_file(service: "ExportService", team_id: str, folder: Path) -> Path:
    """The JSON document as covalis-export.json in `folder`, written aside first so a failure leaves no stub."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "covalis-export.json"
    partial = folder / "covalis-export.json.part"
    try:
        with partial.open("w", encoding="utf-8") as handle:
            service.write_json(team_id, handle, now=datetime.now(UTC))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return path


def _require_migrated(url: str, *, doing: str = "export") -> None:
    """Export and import never create the schema: a database without Covalis's tables is explained, not used."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import create_db_engine, database_problem
    from storage.migrate import current_revision

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        raise click.ClickException(f"No database at {parsed.database}: nothing to {doing} (run `covalis db upgrade`).")
    engine = create_db_engine(url)
    try:
        revision = current_revision(engine)
    except SQLAlchemyError as exc:
        raise click.ClickException(database_problem(url, exc)) from None
    finally:
        engine.dispose()
    if revision is None:
        raise click.ClickException("This database holds no Covalis data (run `covalis db upgrade` first).")


@main.group(name="import", help="Bring in a spreadsheet of suppliers, contacts or history; or restore a workspace.")
def import_group() -> None:
    pass


def _file_command(kind: str, columns: str) -> None:
    @import_group.command(
        name=kind,
        help=f"Import {kind} from a CSV (, ; or tab; UTF-8 or Windows-1252) or .xlsx file. Columns: {columns}. "
        "An empty cell leaves what is stored; - clears it. Same file twice: nothing changes.",
    )
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--team", "team_id", required=True, help="Slack team id, e.g. T0123ABC.")
    @click.option("--dry-run", is_flag=True, help="Show what would be added, changed and left alone; write nothing.")
    @click.option("--skip-bad-rows", is_flag=True, help="Write the good rows even when some are bad (listed).")
    @click.option("--month-first", is_flag=True, help="Dates like 11/25/2026 (US); the default is day first.")
    @verbose_option
    def command(file: Path, team_id: str, dry_run: bool, skip_bad_rows: bool, month_first: bool) -> None:
        from bot.services.importing import ImportOptions

        _import_file(kind, file, team_id, ImportOptions(dry_run, skip_bad_rows, month_first))


_file_command("suppliers", "name, segment, owner (Slack user id or e-mail), cadence, aliases (;-separated)")
_file_command("contacts", "supplier, name, role, interface, email, key cadence")
_file_command("interactions", "supplier, date, kind, summary, colleagues, contacts, external id")


@import_group.command(
    name="workspace",
    help="Restore a `covalis export` JSON document into an empty workspace (no suppliers or digests yet).",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--team", "team_id", required=True, help="Slack team id to restore into, e.g. T0123ABC.")
@verbose_option
def import_workspace(file: Path, team_id: str) -> None:
    import json

    from bot.clock import SystemClock
    from bot.i18n import t
    from bot.services.errors import CovalisError
    from bot.services.restore import RestoreService
    from storage.db import Database

    settings = _settings()
    _require_migrated(settings.database_url, doing="restore into")
    try:
        document = json.loads(file.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{file.name} is not a JSON document: {exc}") from None
    database = Database.from_url(settings.database_url)
    try:
        restored = RestoreService(database, SystemClock()).restore(team_id, document)
    except CovalisError as exc:
        raise click.ClickException(t("en", exc.key, **exc.params)) from None
    finally:
        database.dispose()
    click.echo(t("en", "restore.done", team=team_id, **restored.counts))


#: A file at least this long gets a progress bar on stderr even when stderr is not a terminal.
PROGRESS_ROWS = 5000


def _import_file(kind: str, file: Path, team_id: str, options: "ImportOptions") -> None:
    from bot.clock import SystemClock
    from bot.i18n import t
    from bot.services.errors import CovalisError
    from bot.services.import_files import read_table
    from bot.services.importing import ImportService, report_lines
    from bot.services.rights import Rights
    from storage.db import Database

    settings = _settings()
    _require_migrated(settings.database_url, doing="import into")
    try:
        table = read_table(file.read_bytes(), kind, filename=file.name)
    except CovalisError as exc:
        raise click.ClickException(f"{file.name}: {t('en', exc.key, **exc.params)}") from None
    database = Database.from_url(settings.database_url)
    service = ImportService(database, SystemClock(), Rights(settings.admin_ids))
    progress = _Progress(f"Importing {kind}", len(table.rows))
    try:
        report = service.run(
            team_id, table, options, directory=_email_directory(settings, team_id), progress=progress.show
        )
    except CovalisError as exc:
        raise click.ClickException(t("en", exc.key, **exc.params)) from None
    finally:
        progress.close()
        database.dispose()
    for line in report_lines(report, "en", limit=len(table.rows) if options.dry_run else 50):
        click.echo(line)
    if report.bad_rows and not (report.written or (options.dry_run and options.skip_bad_rows)):
        sys.exit(1)


class _Progress:
    """Rows done so far on stderr: a bar redrawn in place on a terminal, else a line per tenth for a large file."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.tenth = label, total, 0, 0
        self.terminal = sys.stderr.isatty()
        self.enabled = total > 0 and (self.terminal or total >= PROGRESS_ROWS)

    def show(self, rows: int) -> None:
        if not self.enabled:
            return
        self.done += rows
        share = self.done / self.total
        if self.terminal:
            bar = "#" * int(share * 30)
            click.echo(f"\r{self.label} [{bar:<30}] {self.done}/{self.total}", err=True, nl=False)
        elif int(share * 10) > self.tenth:
            self.tenth = int(share * 10)
            click.echo(f"{self.label}: {self.done}/{self.total} rows", err=True)

    def close(self) -> None:
        if self.enabled and self.terminal and self.done:
            click.echo("", err=True)


def _email_directory(settings: Settings, team_id: str) -> "Callable[[], dict[str, str]]":
    """Slack's members by e-mail address, from one paged users.list at SLACK_API_URL with the bot token (installed
    into many workspaces: that workspace's stored token) — read only when a cell gives someone as an e-mail address."""

    def directory() -> dict[str, str]:
        from slack_sdk import WebClient
        from slack_sdk.errors import SlackApiError

        from bot.services.importing import DirectoryUnavailable
        from handlers.delivery import SlackDelivery

        token = _workspace_token(settings, team_id)
        if token is None:
            raise DirectoryUnavailable("import.no_directory")
        client = WebClient(token=token, base_url=settings.slack_api_url)
        try:
            return {
                str(email).casefold(): str(member["id"])
                for member in SlackDelivery(client).users()
                if not member.get("deleted") and not member.get("is_bot")
                if (email := (member.get("profile") or {}).get("email"))
            }
        except SlackApiError as exc:
            raise DirectoryUnavailable("import.directory_failed", error=exc.response.get("error")) from None
        except OSError as exc:
            raise DirectoryUnavailable("import.directory_failed", error=type(exc).__name__) from None

    return directory


@main.command(
    name="forget-contact",
    help="Forget a supplier's contact on request: their name, role and e-mail, also "
    "where notes, follow-ups, sent reminders, pending commands and pulse answers quote them.",
)
@click.option("--team", "team_id", required=True, help="Slack team id, e.g. T0123ABC.")
@click.option("--supplier", required=True, help="The supplier's name or alias, exactly.")
@click.option("--name", required=True, help="The contact's full name.")
def forget_contact(team_id: str, supplier: str, name: str) -> None:
    _forget(lambda service: service.forget_contact_as_operator(team_id, supplier, name))


@main.command(
    name="forget-colleague",
    help="Forget a colleague who left Slack: their name, from their record and from every text that quotes it.",
)
@click.option("--team", "team_id", required=True, help="Slack team id, e.g. T0123ABC.")
@click.option("--user", "user_id", required=True, help="Their Slack user id, e.g. U0123ABC.")
@click.option("--name", default="", help="Their full name, when Covalis never stored it (it says so).")
def forget_colleague(team_id: str, user_id: str, name: str) -> None:
    _forget(lambda service: service.forget_colleague_as_operator(team_id, user_id, name))


def _forget(run: "Callable[[ForgetService], Forgotten]") -> None:
    """One forgetting, by the operator (no rights check: this is the operator's own request); refusals in English."""
    from bot.clock import SystemClock
    from bot.i18n import t
    from bot.services.errors import CovalisError
    from bot.services.forgetting import ForgetService
    from bot.services.rights import Rights
    from storage.db import Database

    settings = _settings()
    _require_migrated(settings.database_url, doing="forget")
    database = Database.from_url(settings.database_url)
    try:
        done = run(ForgetService(database, SystemClock(), Rights(settings.admin_ids)))
    except CovalisError as exc:
        raise click.ClickException(t("en", exc.key, **exc.params).replace("*", "")) from None
    finally:
        database.dispose()
    changed = "1 text" if done.texts_changed == 1 else f"{done.texts_changed} texts"
    click.echo(f"Forgotten; {changed} changed. Backups and earlier exports still hold what they held.")


def _workspace_token(settings: Settings, team_id: str) -> str | None:
    """SLACK_BOT_TOKEN, or (installed into many workspaces) the team's own token from the database."""
    if not settings.oauth_mode:
        return None if settings.slack_bot_token is None else settings.slack_bot_token.get_secret_value()
    from bot.container import build_services
    from bot.runtime import workspace_client

    services = build_services(settings)
    try:
        client = workspace_client(services, team_id)
        return None if client is None else client.token
    finally:
        services.db.dispose()


@main.command(help="Run once everything due at or before --at (default: now), then exit.")
@click.option("--at", "at", default=None, help="ISO-8601 instant; without an offset it is UTC.")
@verbose_option
def tick(at: str | None) -> None:
    from bot.runtime import StartupError, run_tick

    settings = _settings()
    if not settings.oauth_mode:  # installed into many workspaces, each one's token comes from the database
        _require(settings, "SLACK_BOT_TOKEN")
    instant = _instant(at, "--at") if at else datetime.now(UTC)
    try:
        summary = run_tick(settings, instant)
    except StartupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(summary)


@main.command(help="Print the Slack app manifest (Socket Mode, or HTTP mode with --http --url).")
@click.option("--http", "http_mode", is_flag=True)
@click.option("--url", default=None, help="Public base URL, e.g. https://covalis.example.com (/slack/events optional)")
@click.option(
    "--oauth/--no-oauth",
    default=None,
    help="Add the OAuth redirect URL (installing into many workspaces); default: when SLACK_CLIENT_ID is set.",
)
def manifest(http_mode: bool, url: str | None, oauth: bool | None) -> None:
    import yaml

    from bot.manifest import http_manifest, load_manifest

    data = load_manifest()
    if url is not None and not http_mode:
        raise click.UsageError("--url is only for HTTP mode: add --http (Socket Mode needs no URL).")
    if oauth and not http_mode:
        raise click.UsageError("--oauth is only for HTTP mode: add --http --url https://HOST.")
    if http_mode:
        if not url or not url.startswith("https://"):
            raise click.UsageError("--http needs --url https://HOST (Slack only calls https URLs).")
        if oauth is None:
            try:
                oauth = load_settings().oauth_mode
            except ConfigError:
                oauth = False
        data = http_manifest(data, url, oauth=oauth)
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)


@main.group(name="secrets", help="Stored secrets: the installed workspaces' tokens, encrypted with COVALIS_SECRET_KEY.")
def secrets_group() -> None:
    pass


@secrets_group.command(
    name="rotate",
    help="Re-encrypt every stored token with the first key of COVALIS_SECRET_KEY; afterwards the other keys can go.",
)
@verbose_option
def rotate_secrets() -> None:
    from bot.clock import SystemClock
    from bot.services.installations import InstallationService, TokenUnreadable
    from storage.db import Database

    settings = _settings()
    if not settings.secret_keys:
        raise click.ClickException(f"COVALIS_SECRET_KEY is not set: there is nothing to rotate — see {README_SECTION}.")
    _require_migrated(settings.database_url, doing="rotate in")
    database = Database.from_url(settings.database_url)
    service = InstallationService(database, SystemClock(), settings.secret_keys, grace=timedelta(0))
    try:
        count = service.rotate_keys()
    except TokenUnreadable:
        raise click.ClickException(
            "A stored token cannot be decrypted with any key in COVALIS_SECRET_KEY: put the old key back after the "
            "new one (NEW,OLD) and run this again. Nothing was changed."
        ) from None
    finally:
        database.dispose()
    click.echo(f"Re-encrypted the tokens of {count} workspace{'' if count == 1 else 's'} with the first key.")


if __name__ == "__main__":
    main()
