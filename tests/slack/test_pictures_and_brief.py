"""The people map, the trend and the brief as a supplier manager meets them, through Bolt's dispatch against the Web
API stand-in: the pictures land in the asker's DM as PNGs of the promised size, the channel gets text only, a refused
upload falls back to text, and the brief keeps private notes private — in English and Dutch."""

from datetime import timedelta

import pytest

from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, answer_to, ask, button, dms_to, press, text_of
from tests.unit.test_people_map import png_size


def _acme(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "contact add Acme: Sara Kok, sales director")
    ask(slack, "contact add Acme: Piet Bakker, quality manager")
    ask(slack, "contact add Acme: Kees Smit, planner")


def _no_picture_in(message: dict[str, object]) -> None:
    shown = str(message)
    assert "'image'" not in shown
    assert "slack_file" not in shown


def test_the_map_goes_to_the_askers_dm_as_a_png_and_the_channel_gets_the_ties_as_text(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    _acme(slack)
    ask(slack, "note Acme: call with Sara Kok about the forecast")

    answer = answer_to(slack, "map Acme")

    shown = text_of(answer)
    assert "The map of *Acme Industries* is in your DM with Covalis." in shown
    assert "<@U_ALICE> — :large_green_circle: warm, last touch Wed 25 Nov 2026" in shown
    _no_picture_in(answer)
    [upload] = fake.uploads
    assert upload.channel.startswith("D")
    assert png_size(upload.content) == (800, 400)
    assert upload.title == "Who knows whom at Acme Industries"
    assert upload.alt_txt == (
        "Who knows whom at Acme Industries: 1 colleague on our side, 3 contacts on theirs, 1 active tie. "
        "No active tie in: planning, quality, engineering, executive."
    )


def test_a_refused_upload_gives_the_ties_as_text_and_logs_why_in_dutch(
    slack: SlackHarness, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    ask(slack, "taal nl")
    ask(slack, "leverancier toevoegen Globex hefboom")
    ask(slack, "contact toevoegen Globex: Jan de Vries, accountmanager")
    ask(slack, "notitie Globex: gebeld met Jan de Vries")
    fake.fail_next("files.completeUploadExternal", "not_in_channel")

    answer = answer_to(slack, "kaart Globex")

    shown = text_of(answer)
    assert "De kaart van *Globex* kon niet naar je DM (Slack zei `not_in_channel`)" in shown
    assert "*Jan de Vries* (commercieel)" in shown
    assert fake.uploads == []
    _no_picture_in(answer)
    assert "not_in_channel" in caplog.text


def test_a_map_that_cannot_be_drawn_is_said_and_logged_and_the_ties_come_as_text(
    slack: SlackHarness, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.pictures

    def broken(*_args: object) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(handlers.pictures, "render_people_map", broken)
    _acme(slack)

    shown = ask(slack, "map Acme")

    assert "The map of *Acme Industries* could not be drawn, so here are the ties as text." in shown
    assert "*Sara Kok* (commercial) — no tie yet" in shown
    assert fake.uploads == []
    assert "could not draw the people map" in caplog.text


def test_the_trend_button_on_the_card_sends_a_small_png_in_dutch(
    slack: SlackHarness, fake: FakeSlackApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib

    import handlers.pictures

    handlers.pictures._set_up_matplotlib()  # once per process, whichever picture comes first
    monkeypatch.setitem(matplotlib.rcParams, "text.hinting", "auto")  # changed since: a render must not reset it
    ask(slack, "taal nl")
    _acme(slack)
    clock = slack.services.clock
    now = clock.now()
    clock.set(now - timedelta(days=100))  # type: ignore[attr-defined]
    ask(slack, "notitie Acme: bezoek bij Kees Smit")
    clock.set(now)  # type: ignore[attr-defined]
    ask(slack, "notitie Acme: gebeld met Sara Kok")
    card = answer_to(slack, "status Acme")
    trend = button(card, "supplier_trend")
    assert trend["text"]["text"] == "Verloop"

    reply = press(slack, trend)

    assert "Het verloop van *Acme Industries* staat in je DM met Covalis." in text_of(reply)
    assert "replace_original" not in reply or not reply["replace_original"]  # the card stays
    [upload] = fake.uploads
    assert png_size(upload.content) == (800, 480)
    assert upload.alt_txt == "Het verloop van Acme Industries: 2 contacten in 12 maanden; nu 1 actieve band."
    assert matplotlib.rcParams["text.hinting"] == "auto"  # drawing leaves the process's settings alone
    forged = press(slack, {**trend, "value": "../1"})
    assert "Die knop hoort bij niets meer hier" in text_of(forged)
    fake.fail_next("files.getUploadURLExternal", "ratelimited")
    refused = text_of(press(slack, trend))
    assert "Het verloop van *Acme Industries* kon niet naar je DM (Slack zei `ratelimited`)" in refused
    assert "Contacten per maand, oudste eerst: dec 0 · jan 0" in refused
    assert "aug 1 · sep 0 · okt 0 · nov 1" in refused
    assert "*2026Q4*: 1 actief, raakvlakken 1 van 5, beloftes nagekomen 0 van 0, peiling – / –" in refused
    assert len(fake.uploads) == 1


def test_the_brief_shows_the_askers_private_notes_to_the_asker_only_and_the_attendees_ties_to_warm_up(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.add_user("U_EXT", name="partner", team_id="T_OTHER")  # a Slack Connect user of another company
    _acme(slack)
    clock = slack.services.clock
    now = clock.now()
    clock.set(now - timedelta(days=20))  # type: ignore[attr-defined]
    ask(slack, "note Acme: plant tour with Kees Smit")
    clock.set(now - timedelta(days=10))  # type: ignore[attr-defined]
    ask(slack, "note Acme: visit with Sara Kok")
    clock.set(now - timedelta(days=3))  # type: ignore[attr-defined]
    ask(slack, "note Acme: dinner with Sara Kok, secret pricing talk #private")
    clock.set(now)  # type: ignore[attr-defined]
    ask(slack, "status Acme", user="U_EXT")  # Covalis has now cached them like a colleague
    ask(slack, "note Acme: lunch with Piet Bakker, bob's own secret #private", user="U_BOB")
    ask(slack, "note Acme: call with Piet Bakker, we promised the price list by friday")

    mine = answer_to(slack, "brief Acme <@U_BOB> <@U_EXT>")

    shown = text_of(mine)
    assert len(mine["blocks"]) <= 50
    assert "*Brief: Acme Industries* (strategic) · owner <@U_ALICE>" in shown
    assert "For <@U_ALICE>, <@U_BOB>" in shown
    assert "secret pricing talk" in shown  # the asker's own private note, to the asker
    assert "bob's own secret" not in shown  # never anyone else's
    assert "<@U_BOB> ↔ Piet Bakker — :large_green_circle: warm _(through private notes)_" in shown
    assert ":handshake: promise: we promised the price list — due Fri 27 Nov 2026, <@U_ALICE>" in shown
    assert "*Engineering:* we know nobody there — ask for an introduction." in shown
    warm_up = shown.split("Ties to warm up in this meeting", 1)[1]
    assert "<@U_ALICE> ↔ Kees Smit — :large_yellow_circle: cooling, last touch Thu 5 Nov 2026" in warm_up
    assert "<@U_ALICE> ↔ Sara Kok — :large_green_circle: warm, last touch Sun 22 Nov 2026" in shown  # the private one
    assert "Also sent to <@U_BOB> in their DM, without your private notes." in shown
    assert "Not sent to <@U_EXT>: they belong to another organisation (Slack Connect)" in shown
    assert dms_to(slack, "U_EXT") == []

    [copy] = dms_to(slack, "U_BOB")
    theirs = text_of(copy)
    assert "<@U_ALICE> shared this brief for a meeting with *Acme Industries*." in theirs
    assert "secret pricing talk" not in theirs
    assert "bob's own secret" not in theirs
    assert "<@U_ALICE> ↔ Sara Kok — :large_green_circle: warm, last touch Sun 15 Nov 2026 _(" in theirs  # the team note
    assert "22 Nov" not in theirs  # the private note's date stays Alice's
    assert "<@U_ALICE> ↔ Kees Smit — :large_yellow_circle: cooling" in theirs.split("Ties to warm up", 1)[1]


def test_a_dutch_brief_is_not_sent_to_a_guest_and_refuses_stray_words(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_GUEST", name="guest", is_restricted=True)
    ask(slack, "taal nl")
    _acme(slack)
    ask(slack, "notitie Acme: gebeld met Sara Kok")

    fake.fail_next("chat.postMessage", "messages_tab_disabled")  # Bob's DM
    fake.fail_next("users.info", "ratelimited")  # Slack can't say who Pieter is
    others = [f"U_X{i}" for i in range(9)]  # nobody Slack knows; the last two are named past the cap of 10

    shown = ask(slack, "briefing Acme <@U_PIETER> <@U_GUEST> <@U_BOB> " + " ".join(f"<@{u}>" for u in others))

    assert "*Briefing: Acme Industries* (strategisch) · eigenaar <@U_ALICE>" in shown
    assert "*Wie is wie*" in shown
    assert "Wij: <@U_ALICE>" in shown
    assert "*Kwaliteit:* geen actieve band met Piet Bakker (quality manager) — vraag om een introductie." in shown
    unknown = ", ".join(f"<@{u}>" for u in ["U_GUEST", *others[:7]])
    assert f"Niet naar {unknown} gestuurd: geen lid van deze werkruimte dat Covalis kent." in shown
    assert "Niet naar <@U_X7>, <@U_X8> gestuurd: een briefing gaat naar hooguit 10 collega's." in shown
    assert "Niet naar <@U_PIETER> gestuurd: Slack zei `ratelimited`." in shown
    assert "Niet naar <@U_BOB> gestuurd: Slack zei `messages_tab_disabled`." in shown
    assert "Ook naar" not in shown
    assert dms_to(slack, "U_GUEST") == dms_to(slack, "U_PIETER") == []
    asked = [c.body.get("user") for c in fake.calls_to("users.info")]
    assert "U_X6" in asked
    assert "U_X7" not in asked  # past the cap: never looked up
    assert "“morgen”" in ask(slack, "briefing Acme <@U_BOB> morgen")
