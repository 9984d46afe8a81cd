"""The app manifest Slack is given matches Slack's schema and what the code listens to and calls.

The schema is a copy of slackapi/manifest-schema's `manifest.schema.1.0.0.json`
(MIT licence: tests/data/LICENSE.manifest-schema), so the suite does not depend on ../shared.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft7Validator

from bot.cli import main
from bot.manifest import MANIFEST_PATH, http_manifest, load_manifest
from handlers import ids

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "tests" / "data" / "manifest.schema.1.0.0.json"
BASE_URL = "https://covalis.example.com"
EVENTS_URL = "https://covalis.example.com/slack/events"

# Web API methods the code calls → the bot scope each needs (None: the method needs no scope).
SCOPE_OF_METHOD: dict[str, str | None] = {
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "chat_getPermalink": None,
    "users_info": "users:read",
    "users_list": "users:read",
    "auth_test": None,
    "views_open": None,
    "views_update": None,
    "views_push": None,
    "views_publish": None,
    "conversations_open": "im:write",  # a DM's channel id, to read it back before a re-send
    "conversations_history": "im:history",  # only the bot's own DMs: was this delivery's message already sent?
    "files_upload_v2": "files:write",  # a picture or an export, into the asker's DM
}
_API_CALL = re.compile(
    r"\.((?:chat|users|views|conversations|reactions|files|team|auth|im|usergroups|pins|bookmarks|reminders|dnd|emoji)"
    r"_[A-Za-z0-9_]+)\("
)
_EVENT_LISTENER = re.compile(r"app\.event\(\s*[\"']([a-z_]+)[\"']")


def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def _errors(manifest: dict[str, Any]) -> list[str]:
    validator = Draft7Validator(_schema())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(manifest)]


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for d in ("bot", "handlers") for p in (ROOT / d).rglob("*.py"))


@pytest.fixture
def manifest() -> dict[str, Any]:
    return load_manifest()


def test_the_schema_copy_is_a_valid_draft_7_schema() -> None:
    Draft7Validator.check_schema(_schema())


def test_the_schema_rejects_a_broken_manifest_so_validation_means_something(manifest: dict[str, Any]) -> None:
    manifest["features"]["slash_commands"][0]["should_escape"] = "yes"
    manifest["unknown_section"] = {}

    assert len(_errors(manifest)) == 2


def test_the_manifest_file_is_the_one_in_the_repository() -> None:
    assert MANIFEST_PATH == ROOT / "app_manifest.yml"


def test_the_socket_mode_manifest_validates_against_slacks_schema(manifest: dict[str, Any]) -> None:
    assert _errors(manifest) == []
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_the_http_manifest_validates_against_slacks_schema(manifest: dict[str, Any]) -> None:
    assert _errors(http_manifest(manifest, BASE_URL)) == []


@pytest.mark.parametrize("base_url", [BASE_URL, BASE_URL + "/"])
def test_the_http_manifest_sends_every_request_to_slack_events(manifest: dict[str, Any], base_url: str) -> None:
    data = http_manifest(manifest, base_url)

    settings = data["settings"]
    assert settings["socket_mode_enabled"] is False
    assert [c["url"] for c in data["features"]["slash_commands"]] == [EVENTS_URL]
    assert settings["interactivity"] == {
        "is_enabled": True,
        "request_url": EVENTS_URL,
        "message_menu_options_url": EVENTS_URL,
    }
    assert settings["event_subscriptions"]["request_url"] == EVENTS_URL
    assert settings["event_subscriptions"]["bot_events"] == manifest["settings"]["event_subscriptions"]["bot_events"]


def test_the_http_variant_leaves_the_socket_mode_manifest_untouched(manifest: dict[str, Any]) -> None:
    before = json.dumps(manifest, sort_keys=True)

    http_manifest(manifest, BASE_URL)

    assert json.dumps(manifest, sort_keys=True) == before


def test_the_cli_prints_the_http_manifest(manifest: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["manifest", "--http", "--url", BASE_URL])

    assert result.exit_code == 0, result.output
    printed = yaml.safe_load(result.output)
    assert printed == http_manifest(manifest, BASE_URL)
    assert _errors(printed) == []


def test_the_cli_refuses_an_http_manifest_without_an_https_url() -> None:
    result = CliRunner().invoke(main, ["manifest", "--http", "--url", "http://covalis.example.com"])

    assert result.exit_code != 0
    assert "https" in result.output


def test_the_slash_command_is_covalis_and_escapes_user_text(manifest: dict[str, Any]) -> None:
    (command,) = manifest["features"]["slash_commands"]

    assert command["command"] == ids.COMMAND == "/covalis"
    assert command["should_escape"] is True


def test_the_message_shortcut_id_matches_the_handler(manifest: dict[str, Any]) -> None:
    (shortcut,) = manifest["features"]["shortcuts"]

    assert shortcut["type"] == "message"
    assert shortcut["callback_id"] == ids.SHORTCUT_LOG


def test_every_event_the_code_listens_to_is_subscribed(manifest: dict[str, Any]) -> None:
    listened = set(_EVENT_LISTENER.findall(_source()))

    assert listened, "the scan found no event listener"
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == listened


def test_the_home_tab_and_interactivity_are_on_because_the_code_uses_them(manifest: dict[str, Any]) -> None:
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_every_web_api_method_the_code_calls_has_a_known_scope() -> None:
    called = set(_API_CALL.findall(_source()))

    assert {"users_info", "views_open", "chat_postEphemeral"} <= called, "the scan found too little"
    assert called - set(SCOPE_OF_METHOD) == set(), "add the method and its scope to SCOPE_OF_METHOD"


def test_the_bot_scopes_are_exactly_what_the_code_uses(manifest: dict[str, Any]) -> None:
    called = set(_API_CALL.findall(_source()))
    needed = {scope for method in called if (scope := SCOPE_OF_METHOD.get(method))}
    if manifest["features"].get("slash_commands") or manifest["features"].get("shortcuts"):
        needed.add("commands")
    if "post_digest" in _source():
        # Digests post to public channels the bot never joined (chat.postMessage with chat:write.public).
        needed.add("chat:write.public")
    if "_email_directory" in _source():
        # `covalis import` finds owners given by e-mail in users.list, whose profile.email needs users:read.email.
        needed.add("users:read.email")
    if "url_private" in _source():
        # `/covalis import` downloads the file a modal's file_input took, which needs files:read.
        needed.add("files:read")

    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(needed)
    assert needed == {
        "commands",
        "chat:write",
        "chat:write.public",
        "files:read",
        "files:write",
        "im:history",
        "im:write",
        "users:read",
        "users:read.email",
    }
