"""Issue 18 in Slack: an admin's `/covalis import` opens a modal with a file input; the submission answers with the
dry run's findings (`response_action: update`) and an **Import** button; the file is fetched from the stand-in's
file host with the bot token, which never goes anywhere else."""

from typing import Any

import pytest

from handlers import ids
from handlers.imports import allowed_file_url
from tests.conftest import both_engines
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import BOT_TOKEN, SlackHarness, stored_view, text_of

SUPPLIERS = "Naam;Segment;Eigenaar\nAcme Industries;strategisch;U_ALICE\nGlobex;hefboom;bob@example.com\n"


def values(kind: str, file: dict[str, Any] | None, *options: str) -> dict[str, Any]:
    picked = {"type": "static_select", "selected_option": {"value": kind}}
    checked = {"type": "checkboxes", "selected_options": [{"value": o} for o in options]}
    return {
        ids.BLOCK_IMPORT_KIND: {ids.ACTION_IMPORT_KIND: picked},
        ids.BLOCK_IMPORT_FILE: {ids.ACTION_IMPORT_FILE: {"type": "file_input", "files": [file] if file else []}},
        ids.BLOCK_IMPORT_OPTIONS: {ids.ACTION_IMPORT_OPTIONS: checked},
    }


def open_modal(slack: SlackHarness, fake: FakeSlackApi, word: str = "import") -> dict[str, Any]:
    slack.command(word, user="U_ADMIN")
    return stored_view(fake)


@pytest.fixture
def admin(fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    fake.add_user("U_GLOBEX_OWNER", email="Bob@Example.com")


def supplier_names(slack: SlackHarness) -> list[str]:
    from bot.services.workspaces import Actor

    actor = Actor(team_id="T0000TEST", user_id="U_ADMIN")
    return sorted(s.name for s in slack.services.suppliers.list_suppliers(actor, include_archived=True))


@both_engines
@pytest.mark.usefixtures("admin")
def test_an_admin_checks_a_file_then_imports_it_and_nobody_is_messaged(slack: SlackHarness, fake: FakeSlackApi) -> None:
    modal = open_modal(slack, fake)
    assert modal["callback_id"] == ids.VIEW_IMPORT
    assert any(b.get("element", {}).get("type") == "file_input" for b in modal["blocks"])
    upload = fake.add_file("leveranciers.csv", SUPPLIERS.encode("cp1252"))

    checked = slack.submit(modal, values("suppliers", upload), user="U_ADMIN").json()

    assert checked["response_action"] == "update"
    summary = text_of(checked["view"])
    assert "+ line 2: Acme Industries" in summary
    assert "+ line 3: Globex" in summary
    assert "Dry run: nothing was written." in summary
    assert checked["view"]["submit"]["text"] == "Import"
    assert supplier_names(slack) == []
    (download,) = fake.calls_to(f"file:{upload['id']}")
    assert download.token == BOT_TOKEN

    done = slack.submit(checked["view"], {}, user="U_ADMIN").json()

    assert done["response_action"] == "update"
    assert "Imported." in text_of(done["view"])
    assert supplier_names(slack) == ["Acme Industries", "Globex"]
    assert fake.calls_to("chat.postMessage") == []
    assert fake.calls_to("conversations.open") == []


@pytest.mark.usefixtures("admin")
def test_bad_rows_are_shown_by_line_and_there_is_no_import_button(slack: SlackHarness, fake: FakeSlackApi) -> None:
    modal = open_modal(slack, fake, "importeren")
    upload = fake.add_file("s.csv", b"name,segment,owner\nAcme,premium,U_ALICE\n")

    checked = slack.submit(modal, values("suppliers", upload), user="U_ADMIN").json()

    assert "line 2: “premium” is not a segment" in text_of(checked["view"])
    assert "submit" not in checked["view"]


@pytest.mark.usefixtures("admin")
def test_a_file_that_is_not_what_it_claims_is_an_error_beside_the_file_input(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    modal = open_modal(slack, fake)
    upload = fake.add_file("list.xlsx", b"not a workbook", filetype="xlsx")

    checked = slack.submit(modal, values("contacts", upload), user="U_ADMIN").json()

    assert checked == {
        "response_action": "errors",
        "errors": {ids.BLOCK_IMPORT_FILE: "The file can't be opened as an Excel workbook (.xlsx)."},
    }


@pytest.mark.usefixtures("admin")
def test_a_file_url_outside_slack_never_gets_the_token(slack: SlackHarness, fake: FakeSlackApi) -> None:
    modal = open_modal(slack, fake)
    forged = {"id": "F1", "name": "s.csv", "url_private": "https://collector.example/files-pri/T-F1/s.csv"}

    checked = slack.submit(modal, values("suppliers", forged), user="U_ADMIN").json()

    assert checked["response_action"] == "errors"
    assert "isn't on Slack's file host" in checked["errors"][ids.BLOCK_IMPORT_FILE]


def test_only_slacks_file_host_or_the_api_host_is_trusted_with_the_token() -> None:
    api = "http://127.0.0.1:5555/api/"
    assert allowed_file_url("https://files.slack.com/files-pri/T1-F1/a.csv", "https://slack.com/api/")
    assert allowed_file_url("http://127.0.0.1:5555/files-pri/T1-F1/a.csv", api)
    assert not allowed_file_url("http://files.slack.com/files-pri/T1-F1/a.csv", "https://slack.com/api/")
    assert not allowed_file_url("https://files.slack.com.evil.example/a.csv", "https://slack.com/api/")
    assert not allowed_file_url("http://127.0.0.1:6666/files-pri/a.csv", api)


def test_someone_not_an_admin_gets_no_import_modal(slack: SlackHarness, fake: FakeSlackApi) -> None:
    reply, name = slack.command("import")

    assert reply.status == 200
    assert "admins" in text_of(slack.answer(name))
    assert fake.calls_to("views.open") == []


@pytest.mark.usefixtures("admin")
def test_a_forged_confirmation_by_someone_not_an_admin_writes_nothing(slack: SlackHarness, fake: FakeSlackApi) -> None:
    upload = fake.add_file("s.csv", SUPPLIERS.encode())
    modal = open_modal(slack, fake)
    checked = slack.submit(modal, values("suppliers", upload), user="U_ADMIN").json()

    done = slack.submit(checked["view"], {}, user="U_BOB").json()

    assert "Only Slack workspace admins" in text_of(done["view"])
    assert supplier_names(slack) == []
