"""Issue 19 in Slack: `supplier merge`, `contact merge` and `contact forget` (Dutch `samenvoegen`, `vergeten`) open a
modal that says what will happen (views.open); its submission does it and the modal says what was done."""

from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, ask, exported, stored_view, text_of

ALICE = Actor(team_id="T0000TEST", user_id="U_ALICE")


@both_engines
def test_a_duplicate_supplier_is_merged_after_its_counts_are_confirmed(slack: SlackHarness, fake: FakeSlackApi) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier add Acme BV")
    ask(slack, "contact add Acme BV: Sara Kok, planner")
    ask(slack, "note Acme BV: call with Sara Kok about pallets")
    refused = ask(slack, "supplier merge Acme BV into Acme Industries", user="U_BOB")
    assert "Only the owner of *Acme BV* (<@U_ALICE>) or an admin can merge it." in refused
    assert "can't be merged into itself" in ask(slack, "supplier merge Acme BV into acme bv")
    assert fake.calls_to("views.open") == []

    slack.command("supplier merge Acme BV into Acme Industries")
    modal = stored_view(fake)
    assert modal["callback_id"] == ids.VIEW_MERGE
    shown = text_of(modal)
    assert "Merge *Acme BV* into *Acme Industries*?" in shown
    assert "• 1 note\n• 1 contact\n• 0 follow-ups\n• 0 pulse answers\n• 0 aliases" in shown
    assert [s.name for s in slack.services.suppliers.list_suppliers(ALICE)] == ["Acme BV", "Acme Industries"]

    working = slack.submit(modal, {}).json()  # answered at once; the work is done after the answer

    assert working["response_action"] == "update"
    assert "Merging…" in text_of(working["view"])
    assert "Merged *Acme BV* into *Acme Industries*" in _result(fake, 1)
    assert [s["name"] for s in exported(slack)["suppliers"]] == ["Acme Industries"]
    assert "Sara Kok" in ask(slack, "status Acme BV")  # the old name finds the one that stays, with her
    slack.submit(modal, {})  # a second submit of the same modal: nothing left to merge
    assert "no longer there" in _result(fake, 2)


def test_in_dutch_a_contact_is_merged_then_forgotten_with_the_workspace_marker(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    ask(slack, "instellingen taal nederlands", user="U_ADMIN")
    ask(slack, "leverancier toevoegen Acme strategisch")
    ask(slack, "contact toevoegen Acme: Jan de Vries")
    ask(slack, "contact toevoegen Acme: J. de Vries")
    ask(slack, "notitie Acme: gebeld met J. de Vries (jan@acme.example) over de planning")

    slack.command("contact samenvoegen Acme: J. de Vries in Jan de Vries")
    merge = stored_view(fake)
    assert "*J. de Vries* samenvoegen met *Jan de Vries* bij *Acme*?" in text_of(merge)
    assert "• 1 notitie" in text_of(merge)
    merged = slack.submit(merge, {}).json()
    assert "Bezig met samenvoegen…" in text_of(merged["view"])
    assert "samengevoegd" in _result(fake, 1)
    assert "Jan de Vries" in ask(slack, "geschiedenis Acme: J. de Vries")

    slack.command("contact vergeten Acme: Jan de Vries")
    forget = stored_view(fake, count=2)
    assert forget["callback_id"] == ids.VIEW_FORGET
    assert "“[voormalig contact]”" in text_of(forget)
    assert "Buiten bereik: back-ups" in text_of(forget)
    assert "Notities waar die persoon bij was: 1 — die blijft, zonder naam." in text_of(forget)
    slack.submit(forget, {}, user="U_BOB")  # a replayed submit by someone else changes nothing
    assert "(<@U_ALICE>) of een beheerder kan mensen van *Acme* vergeten." in _result(fake, 2)
    done = slack.submit(forget, {}).json()

    assert "Bezig met vergeten…" in text_of(done["view"])
    assert "Vergeten: de contactpersoon van *Acme*" in _result(fake, 3)
    document = exported(slack)
    assert "de Vries" not in str(document)
    assert "jan@acme.example" not in str(document)
    assert (
        document["interactions"][0]["summary"]
        == "gebeld met [voormalig contact] ([voormalig contact]) over de planning"
    )
    assert "geen contactpersoon" in ask(slack, "geschiedenis Acme: Jan de Vries")


def test_a_merge_that_cannot_be_done_says_why_and_opens_nothing(slack: SlackHarness, fake: FakeSlackApi) -> None:
    ask(slack, "supplier add Acme")
    for text, shown in (
        ("supplier merge Acme", "Name the duplicate, then `into` and the one to keep."),
        ("contact merge Acme: Jan", "Name the duplicate, then `into` and the one to keep."),
        ("supplier merge Globex into Acme", "I can't find a supplier called “Globex” to merge."),
        ("contact merge Acme: Jan into Piet", "*Acme* has no contact called “Jan”."),
    ):
        assert shown in ask(slack, text), text
    assert fake.calls_to("views.open") == []


def _result(fake: FakeSlackApi, count: int) -> str:
    """What the modal says once the work is done: the `count`-th views.update."""
    return text_of(fake.wait_for("views.update", count=count)[count - 1].body["view"])
