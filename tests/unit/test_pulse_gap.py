"""The customer-of-choice arithmetic: a side's view from each respondent's latest answer, the gap per driver
(theirs − ours), the biggest gap (the most negative), and the digest's fall and below-best rules."""

from datetime import UTC, datetime, timedelta

from bot.services.pulse_gap import (
    DRIVERS,
    Scores,
    biggest_gap,
    gaps,
    side_view,
    valid_score,
    worth_telling,
)

JAN = datetime(2027, 1, 10, tzinfo=UTC)
FEB = datetime(2027, 2, 10, tzinfo=UTC)


def _all(score: int, **overrides: int) -> dict[str, int]:
    return {driver: overrides.get(driver, score) for driver in DRIVERS}


def test_the_one_tap_is_the_score_and_drivers_are_averaged() -> None:
    assert Scores("U1", JAN, overall=4).score == 4.0
    assert Scores("U1", JAN, drivers={"growth": 5, "reliability": 2}).score == 3.5
    assert Scores("U1", JAN).score is None


def test_a_view_takes_each_respondents_latest_answer_only() -> None:
    view = side_view(
        [
            Scores("U1", JAN, overall=1),
            Scores("U1", FEB, overall=4),  # replaces U1's January answer
            Scores("U2", JAN, overall=3),
        ]
    )
    assert view.score == 3.5
    assert view.respondents == 2
    assert view.latest_at == FEB


def test_an_answer_older_than_half_a_year_before_the_newest_drops_out_of_the_view() -> None:
    view = side_view([Scores("U1", JAN - timedelta(days=200), overall=1), Scores("U2", JAN, overall=5)])
    assert view.score == 5.0


def test_the_gap_is_theirs_minus_ours_per_driver_and_the_biggest_is_the_most_negative() -> None:
    ours = side_view([Scores("U1", JAN, drivers=_all(4, reliability=5)), Scores("U2", JAN, drivers=_all(4))])
    theirs = side_view([Scores("C1", FEB, drivers=_all(4, reliability=3, growth=5))])
    gap = gaps(ours, theirs)
    assert gap["reliability"] == -1.5
    assert gap["growth"] == 1.0
    assert gap["support"] == 0.0
    assert biggest_gap(gap) == ("reliability", -1.5)


def test_no_biggest_gap_when_the_supplier_sees_us_as_well_as_we_do() -> None:
    assert biggest_gap({"growth": 0.0, "support": 1.0}) is None
    assert biggest_gap({}) is None


def test_ties_in_the_biggest_gap_go_to_the_driver_listed_first() -> None:
    assert biggest_gap({"support": -1.0, "growth": -1.0}) == ("growth", -1.0)


def test_only_drivers_both_sides_scored_have_a_gap() -> None:
    ours = side_view([Scores("U1", JAN, overall=4)])
    theirs = side_view([Scores("C1", FEB, drivers=_all(2))])
    assert gaps(ours, theirs) == {}


def test_a_fall_of_a_point_or_a_relative_below_par_is_worth_telling() -> None:
    before = Scores("C1", JAN, drivers=_all(4))
    assert worth_telling(before, Scores("C1", FEB, drivers=_all(3), relative=3)) == (True, False)
    assert worth_telling(before, Scores("C1", FEB, drivers=_all(4, growth=2), relative=2)) == (False, True)
    assert worth_telling(None, Scores("C1", FEB, drivers=_all(1))) == (False, False)


def test_scores_outside_one_to_five_are_refused() -> None:
    assert [valid_score(v) for v in (None, 0, 1, 5, 6)] == [True, False, True, True, False]
