"""Issue 22, search: `/covalis search` and `zoeken` through Bolt's dispatch — best match first, ten a page with More
and Back, matched words in bold with the note's own text kept inert, the Slack link, privacy and forged values."""

from datetime import date

import pytest

from bot.services.capture import InteractionDraft
from bot.services.workspaces import Actor
from handlers import ids
from tests.conftest import both_engines
from tests.fakes.slack_api import TEAM_ID
from tests.slack.harness import SlackHarness, answer_to, ask, button, buttons, press, text_of

ALICE = Actor(TEAM_ID, "U_ALICE")
BOB = Actor(TEAM_ID, "U_BOB")
TZ = "Europe/Amsterdam"
LINK = "https://covalis-test.slack.com/archives/C123/p1764064800000100"


@both_engines
def test_fifteen_matches_page_ten_at_a_time_with_more_and_back(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    for n in range(15):
        slack.services.capture.log_note(ALICE, acme.id, f"Forecast review {n:02d}", tz=TZ)

    first = answer_to(slack, "search forecast")
    second = press(slack, button(first, ids.ACTION_SEARCH_MORE))
    back = press(slack, button(second, ids.ACTION_SEARCH_BACK))

    assert "15 matches for “forecast”" in text_of(first)
    assert text_of(first).count("*Forecast* review") == 10
    assert text_of(second).count("*Forecast* review") == 5
    assert [b["action_id"] for b in buttons(second)] == [ids.ACTION_SEARCH_BACK]
    assert text_of(back) == text_of(first)
    assert second["replace_original"] is True


def test_a_hit_shows_supplier_who_contacts_the_bold_words_and_the_slack_link(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    sara, _ = slack.services.suppliers.add_contact(ALICE, acme.id, "Sara Kok", "planner")
    draft = InteractionDraft(
        supplier_id=acme.id,
        day=date(2026, 11, 24),
        kind="call",
        summary="Price index agreed <!channel> <https://evil.example|click>",
        contact_ids=[sara.id],
        colleague_ids=[],
        private=False,
        source="shortcut",
        permalink=LINK,
    )
    slack.services.capture.log_interaction(ALICE, draft, tz=TZ)

    shown = ask(slack, "search price index")

    assert "*Acme* · Tue 24 Nov 2026 · <@U_ALICE> with Sara Kok" in shown
    assert "*Price* *index* agreed &lt;!channel&gt; &lt;https://evil.example|click&gt;" in shown
    assert f"<{LINK}|Open the message in Slack>" in shown


def test_someone_elses_private_note_is_never_found(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    slack.services.capture.log_note(BOB, acme.id, "Rebate of two percent #private", tz=TZ)

    assert "Nothing found for “rebate”" in ask(slack, "search rebate")
    assert "Rebate" in ask(slack, "search rebate", user=BOB.user_id)


def test_zoeken_in_dutch_within_one_supplier(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    beta = slack.services.suppliers.add(ALICE, "Beta", "routine")
    slack.services.capture.log_note(ALICE, acme.id, "Prijsindex besproken met de inkoper", tz=TZ)
    slack.services.capture.log_note(ALICE, beta.id, "Prijsindex bij Beta", tz=TZ)
    ask(slack, "taal nl")

    shown = ask(slack, "zoeken Acme: prijsind")

    assert "1 treffer voor ‘prijsind’" in shown
    assert "*Prijsindex* besproken" in shown
    assert "Beta" not in shown


def test_search_without_words_says_how_and_a_forged_page_is_refused(slack: SlackHarness) -> None:
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    for n in range(11):
        slack.services.capture.log_note(ALICE, acme.id, f"Forecast {n}", tz=TZ)
    assert "Say what to look for" in ask(slack, "search")

    more = button(answer_to(slack, "search forecast"), ids.ACTION_SEARCH_MORE)
    forged = press(slack, {**more, "value": "10:abc:forecast"})

    assert "no longer matches anything" in text_of(forged)


def test_a_word_in_more_notes_than_a_search_ranks_says_so_and_how_to_narrow_it(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.queries.search.CONSIDERED", 2)  # 1,000 in the app
    acme = slack.services.suppliers.add(ALICE, "Acme", "strategic")
    for n in range(3):
        slack.services.capture.log_note(ALICE, acme.id, f"Forecast review {n}", tz=TZ)

    english = ask(slack, "search forecast")
    ask(slack, "taal nl")
    dutch = ask(slack, "zoeken forecast")

    assert "More than 2 matches for “forecast”: the best of the newest 2 first" in english
    assert "Add a word or a supplier (`Acme: forecast`) to find older notes." in english
    assert english.count("*Forecast* review") == 2
    assert "Meer dan 2 treffers voor ‘forecast’: de beste van de nieuwste 2 eerst" in dutch
