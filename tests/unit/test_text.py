"""Text hygiene: Slack's escaping decoded once on the way in, mrkdwn escaped once on the way out, names matched."""

import pytest

from bot.text import (
    MARK_CLOSE,
    MARK_OPEN,
    clean_name,
    clean_text,
    escape_mrkdwn,
    from_input,
    from_slack,
    name_key,
    one_line,
    plain_text,
    to_input,
    truncate,
)


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


# --- Slack's own markup: live when Slack made it, inert when typed ---------------------------------------------------


def _rendered(sent_by_slack: str) -> str:
    """What a note shows: Slack's text stored through from_slack, rendered through escape_mrkdwn."""
    return escape_mrkdwn(from_slack(sent_by_slack))


@pytest.mark.parametrize(
    ("sent_by_slack", "rendered"),
    [
        ("see <https://acme.com>", "see <https://acme.com>"),
        ("see <http://acme.com/x?a=1&amp;b=2>", "see <http://acme.com/x?a=1&amp;b=2>"),
        ("see <https://acme.com/spec.pdf|the spec>", "see <https://acme.com/spec.pdf|the spec>"),
        ("see <https://acme.com|R&amp;D deck>", "see <https://acme.com|R&amp;D deck>"),
        ("<HTTPS://ACME.COM/A>", "<HTTPS://ACME.COM/A>"),
        ("mail <mailto:jan@acme.com|jan@acme.com>", "mail <mailto:jan@acme.com|jan@acme.com>"),
        ("mail <mailto:jan@acme.com>", "mail <mailto:jan@acme.com>"),
        ("in <#C0123ABC|inkoop>", "in <#C0123ABC|inkoop>"),
        ("in <#C0123ABC>", "in <#C0123ABC>"),
        ("ask <@U0BOB|bob>", "ask <@U0BOB>"),
        ("ask <@W0ABC9>", "ask <@W0ABC9>"),
        ("<https://a.com> and <https://b.com|b>", "<https://a.com> and <https://b.com|b>"),
        ("(see <https://acme.com|here>)", "(see <https://acme.com|here>)"),
    ],
)
def test_markup_slack_made_stays_live(sent_by_slack: str, rendered: str) -> None:
    assert _rendered(sent_by_slack) == rendered


@pytest.mark.parametrize(
    ("sent_by_slack", "rendered"),
    [
        # what the user typed arrives escaped: it stays visible text, never markup
        ("&lt;https://evil.example|click here&gt;", "&lt;https://evil.example|click here&gt;"),
        ("&lt;#C123|general&gt;", "&lt;#C123|general&gt;"),
        # Slack's specials are never kept, even when Slack made them
        ("<!channel> <!here> <!everyone>", "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt;"),
        ("<!subteam^S123|@team>", "&lt;!subteam^S123|@team&gt;"),
        ("<!date^1392734382^{date}|Feb 18>", "&lt;!date^1392734382^{date}|Feb 18&gt;"),
        # other schemes and broken URLs
        ("<javascript:alert(1)|click>", "&lt;javascript:alert(1)|click&gt;"),
        ("<ftp://acme.com>", "&lt;ftp://acme.com&gt;"),
        ("<https://>", "&lt;https://&gt;"),
        ("<https://a.com/x y|z>", "&lt;https://a.com/x y|z&gt;"),
        ('<https://a.com/"onmouseover|z>', '&lt;https://a.com/"onmouseover|z&gt;'),
        ("<mailto:nobody|x>", "&lt;mailto:nobody|x&gt;"),
        ("<#G0123|private>", "&lt;#G0123|private&gt;"),
        ("<@bob>", "&lt;@bob&gt;"),
        # a label that would smuggle markup in is not kept at all
        ("<https://evil.example|&lt;!channel&gt;>", "&lt;https://evil.example|&lt;!channel&gt;&gt;"),
        ("<https://a.com|b&gt;c>", "&lt;https://a.com|b&gt;c&gt;"),
    ],
)
def test_markup_that_is_typed_or_not_trusted_stays_inert(sent_by_slack: str, rendered: str) -> None:
    assert _rendered(sent_by_slack) == rendered


@pytest.mark.parametrize(
    "sent_by_slack",
    [
        "<https://evil|<!channel>>",
        "<https://a.com|b>c>",
        "<<https://a.com>",
        "<https://a.com",
        "<https://a.com|x",
        "x <https://a.com|a <https://b.com|b>>",
        "&lt;<!channel>&gt;",
        "<https://a.com|<@U1>>",
        "< https://a.com>",
    ],
)
def test_nested_unbalanced_and_fake_markup_never_pings_and_stays_balanced(sent_by_slack: str) -> None:
    rendered = _rendered(sent_by_slack)

    assert "<!" not in rendered
    assert rendered.count("<") == rendered.count(">")
    assert all(part.startswith(("https://", "#C", "@U", "mailto:")) for part in rendered.split("<")[1:])


def test_a_nested_fake_keeps_only_the_inner_link_slack_made_live() -> None:
    assert _rendered("<https://a.com|b>c>") == "<https://a.com|b>c&gt;"
    assert _rendered("<<https://a.com>") == "&lt;<https://a.com>"


def test_marks_typed_by_the_user_are_dropped_so_nothing_can_be_forged() -> None:
    forged = f"{MARK_OPEN}<https://evil.example|click>{MARK_CLOSE} and {MARK_OPEN}&lt;!channel&gt;{MARK_CLOSE}"

    stored = from_slack(forged.replace("<", "&lt;").replace(">", "&gt;"))

    assert MARK_OPEN not in stored
    assert MARK_CLOSE not in stored
    assert escape_mrkdwn(stored) == "&lt;https://evil.example|click&gt; and &lt;!channel&gt;"


def test_a_forged_pair_of_marks_around_a_special_still_renders_inert() -> None:
    assert escape_mrkdwn(f"{MARK_OPEN}<!channel>{MARK_CLOSE}") == "&lt;!channel&gt;"


def test_stored_text_stays_plain_apart_from_the_kept_markup() -> None:
    stored = from_slack("R&amp;D &lt;3 see <https://acme.com/?a=1&amp;b=2|deck &amp; notes>")

    assert stored == f"R&D <3 see {MARK_OPEN}<https://acme.com/?a=1&b=2|deck & notes>{MARK_CLOSE}"


def test_clean_text_keeps_the_marks_of_kept_markup() -> None:
    stored = from_slack("see <https://acme.com>")

    assert clean_text(stored) == stored


# --- plain text: the export and plain-text fields ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent_by_slack", "plain"),
    [
        ("see <https://acme.com/spec.pdf>", "see https://acme.com/spec.pdf"),
        ("see <https://acme.com/spec.pdf|the spec>", "see the spec (https://acme.com/spec.pdf)"),
        ("see <http://acme.com|acme.com>", "see http://acme.com"),
        ("see <https://acme.com/|https://acme.com/>", "see https://acme.com/"),
        ("see <https://a.com/?x=1&amp;y=2>", "see https://a.com/?x=1&y=2"),
        ("mail <mailto:jan@acme.com|jan@acme.com>", "mail jan@acme.com"),
        ("mail <mailto:jan@acme.com|Jan>", "mail jan@acme.com"),
        ("in <#C0123|inkoop>", "in #inkoop"),
        ("in <#C0123>", "in #C0123"),
        ("ask <@U0BOB|bob>", "ask <@U0BOB>"),
        ("&lt;!channel&gt; &amp; <!here>", "<!channel> & <!here>"),
    ],
)
def test_plain_text_makes_links_urls_and_channels_names(sent_by_slack: str, plain: str) -> None:
    assert plain_text(from_slack(sent_by_slack)) == plain


# --- the capture modal: markup shown as Slack writes it, live again only if we put it there -----------------------


def test_the_modal_shows_the_markup_as_slack_writes_it_and_gets_it_back_live() -> None:
    stored = from_slack("see <https://acme.com|the spec> in <#C1|inkoop>")
    shown = to_input(stored)

    assert shown == "see <https://acme.com|the spec> in <#C1|inkoop>"
    assert from_input(shown, ["<https://acme.com|the spec>", "<#C1|inkoop>"]) == stored


def test_markup_typed_into_the_modal_stays_plain_text() -> None:
    typed = "see <https://evil.example|the spec> and <!channel>"

    back = from_input(typed, ["<https://acme.com|the spec>", "<!channel>", 42])

    assert back == typed
    assert escape_mrkdwn(back) == "see &lt;https://evil.example|the spec&gt; and &lt;!channel&gt;"


def test_an_edited_link_in_the_modal_is_no_longer_live() -> None:
    assert from_input("<https://acme.com|other label>", ["<https://acme.com|the spec>"]) == (
        "<https://acme.com|other label>"
    )


# --- truncation never cuts inside a link, a mention or an entity --------------------------------------------------

LINK = "<https://acme.example.com/very/long/path/to/the/specification.pdf|the spec>"


@pytest.mark.parametrize("limit", range(5, 120, 3))
def test_cutting_stored_text_never_cuts_inside_kept_markup(limit: int) -> None:
    stored = from_slack(f"call about {LINK} and <@U0BOB> and <mailto:jan@acme.com|Jan> done")

    cut = one_line(stored, limit)

    assert len(cut) <= limit
    assert cut.count(MARK_OPEN) == cut.count(MARK_CLOSE)
    assert escape_mrkdwn(cut).count("<") == escape_mrkdwn(cut).count(">")


@pytest.mark.parametrize("limit", range(5, 120, 3))
def test_cutting_rendered_mrkdwn_never_cuts_inside_a_live_token_or_an_entity(limit: int) -> None:
    rendered = _rendered(f"R&amp;D &lt;b&gt; {LINK} &amp; <#C0123|inkoop> <@U1> <!channel> tail")

    cut = truncate(rendered, limit)

    assert len(cut) <= limit
    assert cut.count("<") == cut.count(">")
    tail = cut[:-1].rsplit("&", 1)[-1] if "&" in cut else ""
    assert not tail or ";" in tail, f"cut inside an entity: {cut!r}"


def test_a_cut_that_would_fall_inside_a_link_moves_before_it() -> None:
    stored = from_slack(f"see {LINK} please")

    assert one_line(stored, 30) == "see…"
    assert truncate(escape_mrkdwn(stored), 30, " […]") == "see […]"


def test_a_cut_after_a_link_keeps_it_whole_and_live() -> None:
    stored = from_slack(f"see {LINK} please call back tomorrow")

    cut = one_line(stored, len(stored) - 5)

    assert escape_mrkdwn(cut).startswith(f"see {LINK}")


def test_a_cut_never_splits_an_escaped_entity() -> None:
    assert truncate("ab &amp;&amp;&amp;", 6) == "ab…"
    assert truncate("ab &lt;3", 7) == "ab…"


def test_a_very_long_link_at_the_start_is_dropped_whole_rather_than_cut() -> None:
    stored = from_slack(f"<https://acme.com/{'x' * 300}> summary")

    assert one_line(stored, 200) == "…"
