"""Settings, read once at start-up from the environment and `.env`, validated, then passed down."""

import re
from ipaddress import IPv4Network, IPv6Network, ip_network
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

README_SECTION = "README.md, section “Configuration”"
DEFAULT_API_URL = "https://slack.com/api/"
TICK_SECONDS_MIN, TICK_SECONDS_MAX = 1, 86_400
LEASE_SECONDS_MIN, LEASE_SECONDS_MAX = 1, 3_600
SECRET_KEY_MIN = 32
GRACE_DAYS_MAX = 3_650


# `xoxb-your-token`, `xapp-...`, `<signing secret>`, `xoxb-xxxxxxxx`: copied from an example, never a real secret.
_PLACEHOLDER = re.compile(r"your|\.\.\.|[<>]|x{4,}|changeme|replace.?me", re.IGNORECASE)


class ConfigError(Exception):
    """A configuration problem, told to the operator in one clear message instead of a stack trace."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_api_url: str = Field(default=DEFAULT_API_URL, alias="SLACK_API_URL")
    database_url: str = Field(default="sqlite:///covalis.db", alias="COVALIS_DATABASE_URL")
    admins: str = Field(default="", alias="COVALIS_ADMINS")
    log_level: str = Field(default="INFO", alias="COVALIS_LOG_LEVEL")
    log_format: str = Field(default="text", alias="COVALIS_LOG_FORMAT")
    tick_seconds: int = Field(default=300, alias="COVALIS_TICK_SECONDS")
    lease_seconds: int = Field(default=300, alias="COVALIS_LEASE_SECONDS")
    # The customer-of-choice page suppliers open (HTTP mode): its public base URL, the key that signs its forms, and
    # the proxies whose X-Forwarded-For is believed for the per-address rate limit.
    public_url: str | None = Field(default=None, alias="COVALIS_PUBLIC_URL")
    secret_key: SecretStr | None = Field(default=None, alias="COVALIS_SECRET_KEY")
    trusted_proxies: str = Field(default="", alias="COVALIS_TRUSTED_PROXIES")
    # Installing into many workspaces (HTTP mode): Slack's OAuth credentials instead of one SLACK_BOT_TOKEN; the
    # tokens are kept encrypted with COVALIS_SECRET_KEY, and an uninstalled workspace's data for this many days.
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    uninstall_grace_days: int = Field(default=30, alias="COVALIS_UNINSTALL_GRACE_DAYS")

    @field_validator(
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "slack_client_id",
        "slack_client_secret",
        mode="before",
    )
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("public_url", mode="before")
    @classmethod
    def _public_url(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip()
        parsed = urlsplit(text)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
            raise ValueError("must be the http(s) address suppliers open, such as https://covalis.example.com")
        return text.rstrip("/")

    @field_validator("secret_key", mode="before")
    @classmethod
    def _secret_key(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            keys = value.split(",")
            for number, key in enumerate(keys, start=1):
                if len(key.strip()) < SECRET_KEY_MIN:
                    which = f"key {number} of {len(keys)}" if len(keys) > 1 else "it"
                    raise ValueError(
                        f"is a comma-separated list of keys of at least {SECRET_KEY_MIN} characters of random text "
                        f"each, but {which} is shorter "
                        "(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
                    )
            return ",".join(key.strip() for key in keys)
        return value

    @field_validator("uninstall_grace_days")
    @classmethod
    def _grace_days(cls, value: int) -> int:
        if not 0 <= value <= GRACE_DAYS_MAX:
            raise ValueError(f"must be between 0 and {GRACE_DAYS_MAX} days")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _trusted_proxies(cls, value: str) -> str:
        for part in _split(value):
            try:
                ip_network(part, strict=False)
            except ValueError as exc:
                raise ValueError(f"names {part!r}, which is not an IP address or network such as 10.0.0.0/8") from exc
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        value = value.strip() or DEFAULT_API_URL
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value.rstrip("/") + "/"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            backend = make_url(value.strip()).get_backend_name()
        except (ArgumentError, ValueError) as exc:
            raise ValueError("is not a database URL (sqlite:///covalis.db or postgresql+psycopg://…)") from exc
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"names {backend!r}; Covalis supports sqlite and postgresql")
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        text = value.strip().lower() or "text"
        if text not in ("text", "json"):
            raise ValueError("must be text or json")
        return text

    @field_validator("tick_seconds")
    @classmethod
    def _tick_seconds(cls, value: int) -> int:
        if not TICK_SECONDS_MIN <= value <= TICK_SECONDS_MAX:
            raise ValueError(f"must be between {TICK_SECONDS_MIN} and {TICK_SECONDS_MAX} seconds")
        return value

    @field_validator("lease_seconds")
    @classmethod
    def _lease_seconds(cls, value: int) -> int:
        if not LEASE_SECONDS_MIN <= value <= LEASE_SECONDS_MAX:
            raise ValueError(f"must be between {LEASE_SECONDS_MIN} and {LEASE_SECONDS_MAX} seconds")
        return value

    @model_validator(mode="after")
    def _page_needs_a_key(self) -> "Settings":
        if self.public_url is not None and self.secret_key is None:
            raise ValueError(
                "COVALIS_PUBLIC_URL is set but COVALIS_SECRET_KEY is not: the supplier page signs its forms with it"
            )
        return self

    @model_validator(mode="after")
    def _oauth_needs_its_pair_and_a_key(self) -> "Settings":
        if (self.slack_client_id is None) != (self.slack_client_secret is None):
            raise ValueError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together: set both to install into many workspaces "
                "(OAuth), or neither to use one SLACK_BOT_TOKEN"
            )
        if self.oauth_mode and self.slack_bot_token is not None:
            raise ValueError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both set: keep SLACK_BOT_TOKEN for one "
                "workspace, or the client id and secret to install into many (OAuth) — not both"
            )
        if self.oauth_mode and self.secret_key is None:
            raise ValueError(
                "SLACK_CLIENT_ID is set but COVALIS_SECRET_KEY is not: installed workspaces' tokens are stored "
                "encrypted with it"
            )
        return self

    @property
    def oauth_mode(self) -> bool:
        """Installed into many workspaces through Slack's OAuth flow, each with its own token in the database."""
        return self.slack_client_id is not None and self.slack_client_secret is not None

    @property
    def secret_keys(self) -> list[str]:
        """COVALIS_SECRET_KEY as its list: the first encrypts and signs, all decrypt (key rotation)."""
        if self.secret_key is None:
            return []
        return [key for key in self.secret_key.get_secret_value().split(",") if key]

    @property
    def proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(part, strict=False) for part in _split(self.trusted_proxies))

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.admins.replace(";", ",").split(",") if part.strip())

    def require(self, *names: str) -> None:
        """Stops with one message naming every missing variable, before anything starts."""
        values = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_APP_TOKEN": self.slack_app_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_CLIENT_SECRET": self.slack_client_secret,
        }
        missing = [name for name in names if values.get(name) is None]
        if missing:
            them = "it" if len(missing) == 1 else "them"
            raise ConfigError(
                f"Missing {', '.join(missing)}. Set {them} in the environment or in .env — see {README_SECTION}."
            )
        prefixes = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}
        for name in names:
            secret = values.get(name)
            prefix = prefixes.get(name)
            if prefix and secret is not None and not secret.get_secret_value().startswith(prefix):
                raise ConfigError(f"{name} should start with {prefix!r} — see {README_SECTION}.")
            if secret is not None and _PLACEHOLDER.search(secret.get_secret_value()):
                raise ConfigError(
                    f"{name} is still a placeholder from the example: paste the real value from your Slack app's "
                    f"settings — see {README_SECTION}."
                )

    def bot_token(self) -> str:
        self.require("SLACK_BOT_TOKEN")
        assert self.slack_bot_token is not None
        return self.slack_bot_token.get_secret_value()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'setting'} {err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid configuration: {problems} — see {README_SECTION}.") from None
