"""The weekly digest end to end: set up by signed commands in-process, posted by the tick to the Web API stand-in."""

from datetime import UTC, datetime, timedelta

from tests.slack.harness import SlackHarness, ask, text_of, tick

# Monday 14 December 2026, 09:30 in Amsterdam (08:30 UTC); the setup happens Wednesday 25 November.
NEXT_MONDAY_MORNING = datetime(2026, 12, 14, 8, 30, tzinfo=UTC)


def posts_to(slack: SlackHarness, channel: str) -> list[dict]:
    return [c.body for c in slack.fake.calls_to("chat.postMessage") if c.body.get("channel") == channel]


def set_up(slack: SlackHarness) -> None:
    ask(slack, "supplier add Acme Industries strategic")
    ask(slack, "supplier add Globex bottleneck")
    ask(slack, "contact add Acme: Jan de Vries")
    ask(slack, "note Acme: lunch with Jan, he warned about <!channel> & capacity #meeting")
    ask(slack, "note Globex: secret price talk #private follow up friday")
    assert "Digest number" in ask(slack, "digest here", channel="C_TEAM")


def test_a_digest_posts_once_on_monday_morning_naming_the_quiet_suppliers(slack: SlackHarness) -> None:
    set_up(slack)
    assert tick(slack, NEXT_MONDAY_MORNING - timedelta(hours=1)).digests.posted == 0  # 08:30 Amsterdam
    assert tick(slack, NEXT_MONDAY_MORNING).digests.posted == 1
    [post] = posts_to(slack, "C_TEAM")
    shown = text_of(post)
    assert "Gone quiet" in shown
    assert "*Globex*" not in shown.split("Gone quiet")[0]
    assert "*Acme Industries*" in shown  # 19 days since the lunch, strategic cadence 14
    assert tick(slack, NEXT_MONDAY_MORNING + timedelta(hours=3)).digests.posted == 0
    assert len(posts_to(slack, "C_TEAM")) == 1


def test_user_text_is_escaped_and_private_notes_never_appear(slack: SlackHarness) -> None:
    set_up(slack)
    slack.services.clock.set(datetime(2026, 11, 30, 8, 30, tzinfo=UTC))  # type: ignore[attr-defined]
    tick(slack, datetime(2026, 11, 30, 8, 30, tzinfo=UTC))
    [post] = posts_to(slack, "C_TEAM")
    shown = text_of(post)
    assert "&lt;!channel&gt; &amp; capacity" in shown
    assert "<!channel>" not in shown
    assert "secret price talk" not in shown
    assert "2 interactions logged" in shown  # the private note counts in the totals only


def test_the_digest_speaks_the_language_of_whoever_set_it_up(slack: SlackHarness) -> None:
    ask(slack, "language nl")
    ask(slack, "supplier add Acme Industries strategisch")
    ask(slack, "digest hier", channel="C_TEAM")
    tick(slack, NEXT_MONDAY_MORNING)
    [post] = posts_to(slack, "C_TEAM")
    assert "Stil geworden" in text_of(post)


def test_a_late_tick_still_sends_this_weeks_digest_and_missed_weeks_give_one(slack: SlackHarness) -> None:
    set_up(slack)
    tick(slack, datetime(2026, 12, 30, 12, 0, tzinfo=UTC))  # Wednesday, three Mondays missed
    tick(slack, datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    assert len(posts_to(slack, "C_TEAM")) == 1


def test_a_digest_set_up_in_a_dm_is_explained_and_not_created(slack: SlackHarness) -> None:
    answer = ask(slack, "digest here", channel="D_ALICE")
    assert "belongs in a channel" in answer
    assert "No digests yet" in ask(slack, "digest list")


def test_a_failed_post_is_recorded_and_told_to_whoever_set_it_up(slack: SlackHarness) -> None:
    set_up(slack)

    def refuse_the_team_channel(body: dict) -> dict:
        if body.get("channel") == "C_TEAM":
            return {"ok": False, "error": "not_in_channel"}
        return {"channel": body.get("channel"), "ts": "1764000000.000900"}

    slack.fake.set_handler("chat.postMessage", refuse_the_team_channel)
    assert tick(slack, NEXT_MONDAY_MORNING).digests.failed == 1
    assert tick(slack, NEXT_MONDAY_MORNING + timedelta(days=7)).digests.failed == 0  # recorded, not retried
    assert len(posts_to(slack, "C_TEAM")) == 1
    told = ask(slack, "digest list")
    assert "could not be posted (not_in_channel)" in told
    assert "/invite @Covalis" in told
    assert "could not be posted" not in ask(slack, "digest list")


def test_filters_off_when_and_preview_act_on_the_right_subscription(slack: SlackHarness) -> None:
    set_up(slack)
    assert "Digest number" in ask(slack, "digest here strategic", channel="C_TEAM")
    assert "several digests" in ask(slack, "digest off", channel="C_TEAM")
    preview = ask(slack, "digest preview 2", channel="C_TEAM")
    assert "segment strategic" in preview
    assert "Globex" not in preview
    assert "Friday 16:00" in ask(slack, "digest when friday 16:00 2", channel="C_TEAM")
    assert "stopped" in ask(slack, "digest off 1", channel="C_TEAM")
    listed = ask(slack, "digest list")
    assert "*2.*" in listed
    assert "*1.*" not in listed


def test_an_empty_week_is_one_line_or_skipped_as_the_subscription_says(slack: SlackHarness) -> None:
    ask(slack, "digest here", channel="C_TEAM")
    tick(slack, NEXT_MONDAY_MORNING)
    [post] = posts_to(slack, "C_TEAM")
    assert "A quiet week" in text_of(post)
    assert "skipped" in ask(slack, "digest empty skip", channel="C_TEAM")
    tick(slack, NEXT_MONDAY_MORNING + timedelta(days=7))
    assert len(posts_to(slack, "C_TEAM")) == 1


def test_when_keeps_the_time_zone_of_whoever_set_the_digest_up(slack: SlackHarness) -> None:
    ask(slack, "digest here", channel="C_TEAM")  # Alice, Amsterdam
    answer = ask(slack, "digest when tuesday 08:00", channel="C_TEAM", user="U_BOB")  # Bob is in New York
    assert "Europe/Amsterdam" in answer
    tick(slack, datetime(2026, 12, 15, 6, 59, tzinfo=UTC))  # Tuesday 07:59 in Amsterdam
    assert posts_to(slack, "C_TEAM") == []
    tick(slack, datetime(2026, 12, 15, 7, 0, tzinfo=UTC))  # 08:00 in Amsterdam, 02:00 in New York
    assert len(posts_to(slack, "C_TEAM")) == 1
