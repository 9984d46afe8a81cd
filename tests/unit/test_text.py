"""Text hygiene: Slack's escaping decoded once on the way in, mrkdwn escaped once on the way out, names matched."""

import pytest

from bot.text import clean_name, clean_text, escape_mrkdwn, from_slack, name_key, one_line, truncate


def _slack_escape(text: str) -> str:
    """What Slack does to a slash command's text before sending it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize(
    ("sent_by_slack", "typed"),
    [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;lt;", "&lt;"),
        ("&amp;gt;", "&gt;"),
        ("&amp;amp;", "&amp;"),
        ("Smith &amp; Sons &lt;3", "Smith & Sons <3"),
        ("&lt;!channel&gt;", "<!channel>"),
    ],
)
def test_slack_escaping_is_decoded_exactly_once(sent_by_slack: str, typed: str) -> None:
    assert from_slack(sent_by_slack) == typed


@pytest.mark.parametrize("typed", ["a &lt; b", "&amp;amp; &gt;&gt; <<&>>", "R&D <team> &#39;", "plain"])
def test_what_the_user_typed_survives_slacks_escaping_unchanged(typed: str) -> None:
    assert from_slack(_slack_escape(typed)) == typed


def test_a_channel_ping_in_user_text_stays_inert_when_rendered() -> None:
    rendered = escape_mrkdwn("hi <!channel> and <!here> and <!everyone>")

    assert "<!" not in rendered
    assert rendered == "hi &lt;!channel&gt; and &lt;!here&gt; and &lt;!everyone&gt;"


def test_a_fake_link_in_user_text_stays_inert_when_rendered() -> None:
    rendered = escape_mrkdwn("<https://evil.example|click here>")

    assert rendered == "&lt;https://evil.example|click here&gt;"


def test_an_ampersand_is_escaped_once_so_entities_show_as_typed() -> None:
    assert escape_mrkdwn("R&D &lt;") == "R&amp;D &amp;lt;"


@pytest.mark.parametrize(
    ("typed", "rendered"),
    [
        ("thanks <@U123>", "thanks <@U123>"),
        ("thanks <@U123|bob>", "thanks <@U123>"),
        ("ask <@W0ABC9>", "ask <@W0ABC9>"),
    ],
)
def test_a_user_mention_the_author_wrote_keeps_working(typed: str, rendered: str) -> None:
    assert escape_mrkdwn(typed) == rendered


def test_a_group_ping_or_channel_link_does_not_pass_as_a_user_mention() -> None:
    rendered = escape_mrkdwn("<!subteam^S123|@team> <#C123|general>")

    assert "<" not in rendered
    assert ">" not in rendered


def test_a_turkish_name_in_capitals_matches_the_same_name_in_lower_case() -> None:
    assert name_key("ÖZ ÇELİK") == name_key("öz çelik")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ＡＣＭＥ", "acme"),
        ("ÖZ", "öz"),
        ("STRAßE", "strasse"),
        ("Acme   Industries ", "acme industries"),
        ("Jose\u0301", "José"),
    ],
)
def test_names_match_regardless_of_case_width_spacing_and_composition(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


def test_different_names_keep_different_keys() -> None:
    assert name_key("Acme") != name_key("Acme Industries")


def test_control_characters_and_nul_are_stripped_but_newlines_and_tabs_are_kept() -> None:
    cleaned = clean_text("line\x00 one\x07\nline\ttwo\x1b\x7f")

    assert cleaned == "line one\nline\ttwo"


def test_invisible_and_direction_override_characters_are_stripped() -> None:
    assert clean_text("Ac\u200bme\u202e\ufeff") == "Acme"


def test_clean_text_trims_surrounding_white_space() -> None:
    assert clean_text("  \n hello \n ") == "hello"


def test_a_name_is_a_single_line_with_single_spaces() -> None:
    assert clean_name(" Acme\n\tIndustries\x00  B.V. ") == "Acme Industries B.V."


def test_truncate_adds_a_marker_and_respects_the_limit() -> None:
    cut = truncate("abcdefghij", 5)

    assert cut == "abcd…"
    assert len(cut) == 5


def test_truncate_leaves_text_that_fits_alone() -> None:
    assert truncate("abcde", 5) == "abcde"


def test_truncate_uses_the_given_marker_and_drops_trailing_space_before_it() -> None:
    cut = truncate("word " * 10, 12, " […]")

    assert cut.endswith(" […]")
    assert len(cut) <= 12
    assert "  " not in cut


def test_one_line_folds_line_breaks_and_cuts() -> None:
    assert one_line("first\nsecond   third", 12) == "first secon…"
