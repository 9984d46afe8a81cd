"""Issue 19 through Bolt's dispatch: `/covalis export` puts the JSON in the asker's DM (COVALIS_ADMINS only, others'
private texts left out) through the upload flow, and `/covalis audit` (`logboek`) pages the log in the reader's
language; `settings retention` sets and shows the period. SQLite only: the export's and the audit log's storage
run on both engines in tests/integration (test_export, test_restore, test_audit_and_retention)."""

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.clock import FixedClock
from bot.config import Settings
from bot.container import build_services
from bot.services import audit
from handlers import ids
from storage import queries
from storage.db import Database
from tests.conftest import NOW
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.slack.conftest import slack_settings
from tests.slack.harness import SlackHarness, answer_to, ask, button, buttons, press, text_of


@pytest.fixture
def team(fake: FakeSlackApi, database_url: str, db: Database, clock: FixedClock) -> Iterator[SlackHarness]:
    """COVALIS_ADMINS is U_ALICE; U_SLACKADMIN is a Slack workspace admin only; Bob is a colleague."""
    fake.add_user("U_SLACKADMIN", name="sam", tz="Europe/Amsterdam", is_admin=True)
    settings: Settings = slack_settings(fake, database_url, COVALIS_ADMINS="U_ALICE")
    harness = SlackHarness(build_services(settings, db=db, clock=clock), fake)
    yield harness
    harness.close()


def test_export_sends_the_json_to_a_covalis_admins_dm_without_others_private_texts(team: SlackHarness) -> None:
    fake = team.fake
    ask(team, "supplier add Acme strategic")
    ask(team, "note Acme: quarterly review, follow up friday")
    ask(team, "note Acme: my own hunch about pricing #private")
    ask(team, "note Acme: Bob's secret rebate talk, follow up monday #private", user="U_BOB")

    refused = ask(team, "export", user="U_SLACKADMIN")
    colleague = ask(team, "export", user="U_BOB")
    assert fake.uploads == []
    fake.fail_next("files.completeUploadExternal", "not_in_channel")
    failed = ask(team, "export")
    sent = ask(team, "export")

    assert "Only <@U_ALICE> can export the workspace's data (COVALIS_ADMINS)." in refused
    assert "Only <@U_ALICE> can export" in colleague
    assert "could not be sent to your DM (Slack said `not_in_channel`)" in failed
    assert "The export is in your DM with Covalis." in sent
    [upload] = fake.uploads
    assert upload.channel.startswith("D")
    assert upload.filename == f"covalis-export-{TEAM_ID}-2026-11-25.json"
    assert upload.alt_txt == "Covalis export"
    document = json.loads(upload.content)
    notes = {(i["summary"], i["private"]) for i in document["interactions"]}
    assert notes == {
        ("quarterly review, follow up friday", False),
        ("my own hunch about pricing", True),
        (None, True),
    }
    assert sorted((f["text"] or "", f["private"]) for f in document["follow_ups"]) == [
        ("", True),
        ("quarterly review", False),
    ]
    assert "secret rebate" not in upload.content.decode()
    log = ask(team, "audit")
    assert "exported the workspace's data (in Slack)" in log
    assert log.count("exported") == 1  # the failed send left no entry


def test_the_audit_log_pages_in_dutch_and_retention_is_set_and_shown(
    team: SlackHarness, db: Database, clock: FixedClock
) -> None:
    ask(team, "taal nl")
    ask(team, "supplier add Acme strategic")
    ask(team, "contact toevoegen Acme: Sara Kok, planner")
    ask(team, "contact sleutel Acme: Sara Kok 30")
    clock.set(NOW - timedelta(days=400))
    ask(team, "notitie Acme: belletje over de prijzen")
    clock.set(NOW)
    ask(team, "supplier owner Acme <@U_BOB>")
    asked = ask(team, "instellingen bewaartermijn 12")
    set_retention = ask(team, "instellingen bewaartermijn 12 bevestig")
    set_audit = ask(team, "instellingen bewaartermijn logboek 36")
    bad = ask(team, "instellingen bewaartermijn altijd")
    shown = ask(team, "instellingen")
    with db.write() as session:
        workspace = queries.get_workspace(session, team_id=TEAM_ID)
        assert workspace is not None
        assert workspace.id is not None
        for n in range(40):
            at = NOW - timedelta(days=2, minutes=n)
            audit.record(
                session,
                workspace_id=workspace.id,
                actor_id=None,
                action="import",
                at=at,
                detail={"kind": "contacts", "added": n, "changed": 0},
            )
        restored = {"suppliers": 1, "interactions": 1}
        audit.record(session, workspace_id=workspace.id, actor_id=None, action="restore", at=NOW, detail=restored)

    first = answer_to(team, "logboek")
    second = press(team, button(first, ids.ACTION_AUDIT_MORE))
    acme_only = ask(team, "logboek Acme")
    refused = ask(team, "logboek", user="U_BOB")
    ask(team, "taal nl", user="U_BOB")
    no_export = ask(team, "exporteren", user="U_BOB")

    assert "1 tekst is ouder dan 12 maanden: de volgende tik maakt die voorgoed leeg" in asked
    assert "typ `/covalis instellingen bewaartermijn 12 bevestig`" in asked
    assert "Teksten ouder dan 12 maanden worden voortaan verwijderd" in set_retention
    assert "Het logboek bewaart zijn regels 36 maanden." in set_audit
    assert "“altijd” is geen aantal maanden" in bad
    assert "*Teksten bewaard:* 12 maanden · *Logboek bewaard:* 36 maanden" in shown
    page = text_of(first)
    assert "45 regels in het logboek, nieuwste eerst" in page
    assert "ritme van sleutelcontact Sara Kok bij *Acme*: geen sleutelcontact → Elke 30 dagen" in page
    assert "instelling logboek bewaard: 24 maanden → 36 maanden" in page
    assert "instelling teksten bewaard: uit → 12 maanden" in page
    assert "eigenaar van *Acme*: <@U_ALICE> → <@U_BOB>" in page
    assert "*wo 25 nov 2026 10:00* · <@U_ALICE> ·" in page
    assert "1–40 van 45" in page
    assert "de beheerder van de server · workspace teruggezet uit een export: 1 leverancier, 1 notitie" in page
    assert "de beheerder van de server · contactpersonen geïmporteerd: 39 toegevoegd, 0 gewijzigd" in text_of(second)
    assert [b["action_id"] for b in buttons(second)] == [ids.ACTION_AUDIT_BACK]
    assert "2 logboekregels over Acme, nieuwste eerst" in acme_only
    assert "Only Slack workspace admins and owners, and <@U_ALICE>, can read the audit log." in refused
    assert "De gegevens van de workspace exporteren kan alleen door <@U_ALICE> (COVALIS_ADMINS)." in no_export


def test_a_shorter_retention_that_would_empty_texts_asks_first_and_only_an_admin_confirms(
    team: SlackHarness, clock: FixedClock
) -> None:
    ask(team, "supplier add Acme strategic")
    clock.set(NOW - timedelta(days=60))
    ask(team, "note Acme: zeppelin pricing call")
    ask(team, "note Acme: zeppelin forecast review")
    clock.set(NOW)

    asked = answer_to(team, "settings retention 1")  # meant 12
    shown = ask(team, "settings")
    nothing_yet = team.services.ticks.retention.run()
    refused = press(team, button(asked, ids.ACTION_RETENTION_CONFIRM), user="U_BOB")
    confirmed = press(team, button(asked, ids.ACTION_RETENTION_CONFIRM))
    emptied = team.services.ticks.retention.run()
    longer = ask(team, "settings retention 24")

    assert (
        "2 texts are older than 1 month: the next tick would empty them for good (notes, closed follow-ups, "
        "pulse comments). Nothing has changed yet." in text_of(asked)
    )
    assert [b["text"]["text"] for b in buttons(asked)] == ["Empty them at the next tick"]
    assert "*Texts kept:* for good (retention off)" in shown
    assert nothing_yet.notes == 0
    assert "Only Slack workspace admins and owners" in text_of(refused)
    assert "Texts older than 1 month are removed from now on" in text_of(confirmed)
    assert emptied.notes == 2
    assert "zeppelin" not in ask(team, "history Acme")
    assert "Texts older than 24 months are removed from now on" in longer  # longer: no question
