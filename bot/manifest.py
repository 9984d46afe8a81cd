"""The app manifest: app_manifest.yml (Socket Mode) and its HTTP-mode variant with every request URL filled in."""

import copy
from pathlib import Path
from typing import Any

import yaml

MANIFEST_PATH = Path(__file__).resolve().parent.parent / "app_manifest.yml"


def load_manifest(path: Path = MANIFEST_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


INSTALL_PATH = "/slack/install"  # where an admin starts installing into a workspace (OAuth mode)
REDIRECT_PATH = "/slack/oauth_redirect"  # where Slack sends them back: served, asked for at install, in the manifest


def http_manifest(manifest: dict[str, Any], base_url: str, *, oauth: bool = False) -> dict[str, Any]:
    """Every request URL at `base_url`; with `oauth`, also the redirect URL Slack sends an installer back to."""
    base = base_url.rstrip("/")
    url = base if base.endswith("/slack/events") else base + "/slack/events"
    data = copy.deepcopy(manifest)
    if oauth:
        data.setdefault("oauth_config", {})["redirect_urls"] = [base.removesuffix("/slack/events") + REDIRECT_PATH]
    for command in data.get("features", {}).get("slash_commands", []):
        command["url"] = url
    settings = data.setdefault("settings", {})
    settings["socket_mode_enabled"] = False
    settings.setdefault("interactivity", {}).update(
        {"is_enabled": True, "request_url": url, "message_menu_options_url": url}
    )
    settings.setdefault("event_subscriptions", {})["request_url"] = url
    return data
