"""Issue 10: `digest preview` shows exactly what the next scheduled post will say — its week, its quiet list as of
its time, a public holiday's move — and quiet key contacts are under "Gone quiet"."""

from datetime import UTC, datetime
from typing import Any

from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import SlackHarness, answer_to, ask, text_of, tick


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def posts_to(slack: SlackHarness, channel: str) -> list[dict[str, Any]]:
    return [c.body for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == channel]


def _at(slack: SlackHarness, when: str) -> None:
    slack.services.clock.set(utc(when))  # type: ignore[attr-defined]


def test_the_preview_is_the_post_to_the_block_even_for_a_supplier_that_goes_quiet_in_between(
    slack: SlackHarness,
) -> None:
    _at(slack, "2026-11-20T09:00")  # Friday
    ask(slack, "supplier add Acme Industries strategic")  # 14 days: quiet from Friday 4 December
    _at(slack, "2026-11-25T09:00")  # Wednesday
    ask(slack, "supplier add Globex strategic")
    assert "Digest number" in ask(slack, "digest here", channel="C_TEAM")  # Mondays 09:00 Amsterdam
    tick(slack, utc("2026-11-30T08:05"))  # the first Monday's post
    _at(slack, "2026-12-01T10:00")
    ask(slack, "note Globex: call about capacity #call")

    _at(slack, "2026-12-03T15:00")  # Thursday: Acme is not quiet yet
    preview = answer_to(slack, "digest preview", channel="C_TEAM")
    tick(slack, utc("2026-12-07T08:05"))  # Monday 09:05 in Amsterdam
    [_, post] = posts_to(slack, "C_TEAM")

    note = preview["blocks"][0]["elements"][0]["text"]
    assert note.startswith(":eyes: Preview, only you see it: this is what <#C_TEAM> gets on Mon 7 Dec 2026 09:00")
    assert preview["blocks"][1:] == post["blocks"]
    assert "*Acme Industries* — " in text_of(post), "quiet by Monday, so in the preview on Thursday too"
    assert "1 interaction logged" in text_of(post)


def test_a_rolling_week_is_not_what_the_preview_shows(slack: SlackHarness) -> None:
    _at(slack, "2026-11-25T09:00")
    ask(slack, "supplier add Acme Industries strategic")
    _at(slack, "2026-11-25T12:00")
    ask(slack, "note Acme: lunch #meeting")  # Wednesday 25 November, noon
    ask(slack, "digest here", channel="C_TEAM")

    _at(slack, "2026-11-26T08:00")  # the day after the lunch, before the week's post
    shown = text_of(answer_to(slack, "digest preview", channel="C_TEAM"))
    tick(slack, utc("2026-11-30T08:05"))
    _at(slack, "2026-12-02T10:00")  # after that post: the lunch is in the week already posted, not in the next
    later = text_of(answer_to(slack, "digest preview", channel="C_TEAM"))

    assert "gets on Mon 30 Nov 2026 09:00" in shown
    assert "1 interaction logged" in shown
    assert "gets on Mon 7 Dec 2026 09:00" in later
    assert "week of Mon 30 Nov 2026" in later
    assert "0 interactions logged" in later, "a rolling week as of Wednesday would still count Wednesday's lunch"


def test_the_preview_says_a_holiday_moved_the_post_and_the_post_comes_then(
    slack: SlackHarness, fake: FakeSlackApi
) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    _at(slack, "2027-03-01T09:00")
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "digest here", channel="C_TEAM")
    ask(slack, "settings holidays NL", user="U_ADMIN")
    tick(slack, utc("2027-03-22T08:05"))  # the Monday before Easter: posted as usual

    _at(slack, "2027-03-25T12:00")  # Thursday before Easter
    preview = answer_to(slack, "digest preview", channel="C_TEAM")
    tick(slack, utc("2027-03-29T08:30"))  # Easter Monday: nothing
    tick(slack, utc("2027-03-30T07:30"))  # Tuesday 09:30
    [_, post] = posts_to(slack, "C_TEAM")

    note = preview["blocks"][0]["elements"][0]["text"]
    assert "gets on Tue 30 Mar 2027 09:00 (Europe/Amsterdam)" in note
    assert "Moved from Mon 29 Mar 2027 09:00, a public holiday." in note
    assert preview["blocks"][1:] == post["blocks"]


def test_a_week_without_a_working_day_is_skipped_in_the_preview_too(slack: SlackHarness, fake: FakeSlackApi) -> None:
    fake.add_user("U_ADMIN", tz="Europe/Amsterdam", is_admin=True)
    ask(slack, "settings holidays NL", user="U_ADMIN")
    ask(slack, "digest here", channel="C_TEAM")
    ask(slack, "digest when friday 09:00", channel="C_TEAM")

    _at(slack, "2026-12-22T12:00")  # Christmas and New Year's Day are Fridays; no working day after them that week
    note = answer_to(slack, "overzicht voorbeeld", channel="C_TEAM")["blocks"][0]["elements"][0]["text"]

    assert "gets on Fri 8 Jan 2027 09:00" in note


def test_a_week_already_posted_previews_the_next(slack: SlackHarness) -> None:
    _at(slack, "2026-11-25T09:00")
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "digest here", channel="C_TEAM")
    tick(slack, utc("2026-11-30T08:05"))

    _at(slack, "2026-11-30T10:00")
    note = answer_to(slack, "digest preview", channel="C_TEAM")["blocks"][0]["elements"][0]["text"]

    assert len(posts_to(slack, "C_TEAM")) == 1
    assert "gets on Mon 7 Dec 2026 09:00" in note


def test_quiet_key_contacts_are_under_gone_quiet_with_their_supplier(slack: SlackHarness) -> None:
    _at(slack, "2026-11-25T09:00")
    ask(slack, "supplier add Acme Industries routine")
    ask(slack, "contact add Acme: Sara Kok, sales")
    ask(slack, "contact key Acme: Sara Kok 7")
    ask(slack, "digest here", channel="C_TEAM")

    tick(slack, utc("2026-12-07T08:05"))
    [post] = posts_to(slack, "C_TEAM")

    gone_quiet = text_of(post).split("Gone quiet")[1]
    assert "• *Sara Kok* at *Acme Industries* — 4 days past its cadence, <@U_ALICE>" in gone_quiet


def test_a_post_due_but_not_yet_sent_is_said_to_come_within_a_minute(slack: SlackHarness) -> None:
    _at(slack, "2026-11-25T09:00")
    ask(slack, "digest here", channel="C_TEAM")

    _at(slack, "2026-11-30T08:00:30")  # Monday 09:00:30: the tick has not run yet
    note = answer_to(slack, "digest preview", channel="C_TEAM")["blocks"][0]["elements"][0]["text"]

    assert "gets within a minute — it was due Mon 30 Nov 2026 09:00 (Europe/Amsterdam)" in note
