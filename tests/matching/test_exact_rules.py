"""Matching's rules at their exact values and boundaries (pure, no database): the weights, the
similarity, the score, the relation table, the rounding of converted figures, the time window,
the words a text gives. Each case is worked out by hand from the rule it pins."""

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.comparison.intervals import Interval, figure_interval
from app.matching.figures import (
    QueryFigure,
    Verdict,
    _rounded,
    compare_figures,
    from_text,
    stored_interval,
)
from app.matching.score import (
    LINK_THRESHOLD,
    SAME_TEXT,
    SAME_TEXT_WITH_FIGURES,
    Query,
    _relation,
    rank,
    score_claim,
    text_similarity,
    weights,
)
from app.matching.text import ROUNDING, Quantity, Words, figures_differ, read_words


def _words(*words: str, amounts: tuple[tuple[str, float, str], ...] = ()) -> Words:
    return Words(words=words, quantities=(), negated=False, amounts=amounts)


def _figure(low: float, high: float | None, *, as_of: str = "2024-08-14") -> dict[str, Any]:
    normalized = {"unit": "km²", "low": low, "high": high, "value": low}
    flags = {"low_inclusive": True, "high_inclusive": False}
    return {
        "measure_id": 1,
        "measure": "area",
        "as_of": as_of,
        "normalized": normalized | flags,
    }


def _claim(text: str, *figures: dict[str, Any]) -> dict[str, Any]:
    return {"id": 3, "text": text, "speaker_id": 1, "said_on": "2024-08-14", "figures": figures}


# --- weights and similarity ---------------------------------------------------------------


def test_weights_are_the_log_of_one_plus_documents_over_documents_with_the_word() -> None:
    found = weights([_words("a", "b", "a"), _words("a")])
    assert found == {"a": math.log(1 + 2 / 2), "b": math.log(1 + 2 / 1)}


def test_similarity_is_the_weighted_dice_of_the_two_word_sets() -> None:
    idf = {"alpha": 1.0, "#count:5": 3.0, "beta": 0.5}
    first = _words("alpha", "#count:5")
    second = _words("alpha", "#count:5", "beta", "gamma")  # gamma: not in idf, weighs log 2
    mass = (1.0 + 3.0) + (1.0 + 3.0 + 0.5 + math.log(2))
    assert text_similarity(first, second, idf) == pytest.approx(8.0 / mass, abs=1e-12)


def test_figure_words_meet_only_themselves_and_other_words_by_plain_ratio() -> None:
    idf: dict[str, float] = {}
    assert text_similarity(_words("#count:5"), _words("#count:6"), idf) == 0.0
    # "kursk" is a part of "kurskaya" (a partial ratio of 100) but its plain ratio is 77 < 80
    assert text_similarity(_words("kursk"), _words("kurskaya"), idf) == 0.0
    assert text_similarity(_words(), _words(), idf) == 0.0


# --- the score and its reasons --------------------------------------------------------------


def _query(words: Words, **fields: Any) -> Query:
    return Query(
        words=words,
        speaker_id=fields.get("speaker_id"),
        said_on=fields.get("said_on"),
        figures=fields.get("figures", ()),
    )


def test_the_score_is_the_weighted_mean_of_text_and_date_rounded_to_four_places() -> None:
    # text 6/10 (three of five words shared each way); a week apart: a date signal of 1/2
    query = _query(_words("aaaa", "bbbb", "cccc", "qqqq", "wwww"), said_on=date(2024, 8, 21))
    claim = _claim("")
    stored = _words("aaaa", "bbbb", "cccc", "zzzz", "yyyy")
    idf = dict.fromkeys(("aaaa", "bbbb", "cccc", "qqqq", "wwww", "zzzz", "yyyy"), 1.0)
    scored = score_claim(query, claim, stored, idf)
    expected = (0.6 * 0.6 + 0.05 * 0.5) / 0.65
    assert scored.score == round(expected, 4)
    assert isinstance(scored.score, float)
    assert scored.score != round(expected, 5)  # four places, not five
    assert scored.reasons["days_apart"] == 7
    assert scored.reasons["text_similarity"] == 0.6
    assert isinstance(scored.reasons["text_similarity"], float)


def test_a_score_of_exactly_the_threshold_links() -> None:
    words = _words("aaaa", "bbbb", "cccc", "qqqq", "wwww")
    stored = _words("aaaa", "bbbb", "cccc", "zzzz", "yyyy")
    idf = dict.fromkeys(set(words.words) | set(stored.words), 1.0)
    scored = score_claim(_query(words), _claim(""), stored, idf)
    assert scored.score == LINK_THRESHOLD == 0.6
    assert scored.relation == "same"
    assert scored.linkable


def test_a_figure_read_from_text_counts_from_exactly_the_text_floor() -> None:
    # one word of the query's one, nine of the claim's: 2 / 10 = 0.2, the floor itself
    query_words = _words("aaaa")
    stored = _words("aaaa", *(f"w{n}{n}{n}" for n in range(8)))
    idf = dict.fromkeys(stored.words, 1.0)
    said = figure_interval("exact", 500.0)
    figure = QueryFigure(said, "km²", as_of=date(2024, 8, 14), value=500.0)
    scored = score_claim(
        _query(query_words, figures=(figure,)), _claim("", _figure(400, 600)), stored, idf
    )
    assert scored.reasons["text_similarity"] == 0.2
    assert scored.reasons["figures"] == "agree"


def test_a_written_figure_compares_however_few_words_meet() -> None:
    said = figure_interval("exact", 500.0)
    figure = QueryFigure(said, "km²", measure_id=1, as_of=date(2024, 8, 14), value=500.0)
    query = _query(_words("nothing"), figures=(figure,))
    stored = _words("else", "entirely")
    scored = score_claim(query, _claim("", _figure(400, 600)), stored, {})
    assert scored.reasons["text_similarity"] == 0.0
    assert scored.reasons["figures"] == "agree"
    assert scored.reasons["same_measure"] == ["area"]


def test_rank_keeps_the_best_first_and_cuts_at_the_limit() -> None:
    query = _query(read_words("Troops crossed the river at dawn"))
    claims = [
        {**_claim("Farmers sold grain at the market"), "id": 1},
        {**_claim("Troops crossed the river at dawn"), "id": 2},
        {**_claim("Troops crossed a bridge"), "id": 3},
    ]
    ranked = rank(query, claims, limit=2)
    assert [match.claim_id for match in ranked] == [2, 3]


# --- the relation table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "flags", "relation"),
    [
        (SAME_TEXT, Verdict.NONE, {}, "same"),
        (SAME_TEXT, Verdict.NONE, {"other_speaker": True}, "repeat"),
        (SAME_TEXT - 0.01, Verdict.NONE, {}, "related"),
        (SAME_TEXT_WITH_FIGURES, Verdict.AGREE, {}, "same"),
        (SAME_TEXT_WITH_FIGURES, Verdict.AGREE, {"other_speaker": True}, "same_figure"),
        (SAME_TEXT_WITH_FIGURES - 0.01, Verdict.AGREE, {}, "same_figure"),
        (SAME_TEXT_WITH_FIGURES, Verdict.NONE, {}, "related"),
        (0.9, Verdict.CONFLICT, {}, "conflicting_figure"),
        (0.9, Verdict.AGREE, {"negation": True}, "same_figure"),
        (0.9, Verdict.NONE, {"negation": True}, "related"),
        (0.9, Verdict.AGREE, {"other_figures": True}, "same_figure"),
        (0.9, Verdict.NONE, {"other_figures": True, "measured": True}, "related"),
        (SAME_TEXT, Verdict.NONE, {"other_figures": True}, "conflicting_figure"),
        (SAME_TEXT - 0.01, Verdict.NONE, {"other_figures": True}, "related"),
        (0.9, Verdict.NONE, {"other_figures": True, "negation": True}, "related"),
        (0.9, Verdict.NONE, {"other_places": True}, "related"),
        (0.9, Verdict.AGREE, {"other_places": True}, "same_figure"),
        (0.1, Verdict.AGREE, {}, "same_figure"),
    ],
)
def test_the_relation_table(
    text: float, verdict: Verdict, flags: dict[str, bool], relation: str
) -> None:
    given = {"negation": False, "other_figures": False, "other_speaker": False, **flags}
    assert _relation(text, verdict, **given) == relation


# --- figures: rounding, the time window, figures read from text ----------------------------


def test_a_converted_interval_is_widened_by_one_percent_each_way_keeping_its_ends() -> None:
    assert _rounded(Interval(100.0, None, False, True)) == Interval(99.0, None, False, True)
    assert _rounded(Interval(None, 100.0, True, False)) == Interval(None, 101.0, True, False)
    assert _rounded(Interval(-100.0, 200.0, True, True)) == Interval(-101.0, 202.0, True, True)


def test_a_figure_in_the_measures_unit_is_not_widened_one_in_other_units_is() -> None:
    stored = _claim("", _figure(99.0, 99.0))
    stored["figures"][0]["normalized"] |= {"high_inclusive": True, "unit": "km"}
    metres = QueryFigure(figure_interval("exact", 100_000.0), "m", as_of=date(2024, 8, 14))
    kilometres = QueryFigure(figure_interval("exact", 100.0), "km", as_of=date(2024, 8, 14))
    assert compare_figures([metres], stored["figures"], window_days=7).verdict is Verdict.AGREE
    assert compare_figures([kilometres], stored["figures"], window_days=7).verdict is (
        Verdict.CONFLICT
    )


def test_the_time_window_includes_its_last_day() -> None:
    said = QueryFigure(figure_interval("exact", 10.0), "km²", as_of=date(2024, 8, 21))
    for as_of, verdict in (("2024-08-14", Verdict.CONFLICT), ("2024-08-13", Verdict.NONE)):
        figures = [_figure(500, 600, as_of=as_of)]
        assert compare_figures([said], figures, window_days=7).verdict is verdict


def test_a_stored_interval_keeps_both_ends_and_their_inclusion() -> None:
    assert stored_interval(_figure(1.0, 2.0)) == Interval(1.0, 2.0, True, False)


def test_figures_read_from_text_skip_bare_counts_and_use_the_tolerance() -> None:
    quantities = [
        Quantity(5.0, "count", "exact", None, None),
        Quantity(100.0, "km²", "approximately", None, None),
        Quantity(7.0, "count", "exact", None, None),
        Quantity(3.0, "km", "exact", None, None),
    ]
    figures = from_text(quantities, tolerance=0.5, as_of=date(2024, 8, 14))
    assert [figure.unit for figure in figures] == ["km²", "km"]
    assert figures[0].interval == figure_interval("approximately", 100.0, tolerance=0.5)
    assert figures[0].interval.low == 50.0


# --- the words of a text --------------------------------------------------------------------


def test_counts_are_their_own_kind_and_values() -> None:
    words = read_words("Troops took 74 villages")
    assert [(kind, value) for kind, value, _unit in words.amounts] == [("count", 74.0)]
    assert "#count:74" in words.words


def test_negations_are_not_words_two_letter_words_are() -> None:
    words = read_words("The UN did not say it")
    assert "un" in words.words
    assert "not" not in words.words
    assert words.negated


def test_three_negations_negate() -> None:
    assert read_words("No, nobody has never been there").negated
    assert not read_words("No, nobody was there").negated


def test_values_exactly_one_percent_apart_in_other_units_are_one_value() -> None:
    miles = _words(amounts=(("area", 99.0, "mi²"),))
    kilometres = _words(amounts=(("area", 100.0, "km²"),))
    assert not figures_differ(miles, kilometres)
    other = _words(amounts=(("area", 98.9, "mi²"),))
    assert figures_differ(other, kilometres)


def test_figures_of_kinds_only_one_text_states_do_not_differ() -> None:
    counts = _words(amounts=(("count", 74.0, "villages"),))
    areas = _words(amounts=(("area", 1e9, "km²"),))
    assert not figures_differ(counts, areas)


def test_a_figure_as_large_as_a_claim_may_hold_is_read_and_a_larger_one_is_not() -> None:
    largest = read_words("Debt reached 1" + "0" * 100 + " dollars")
    assert [value for _kind, value, _unit in largest.amounts] == [1e100]
    assert read_words("Debt reached 1" + "0" * 101 + " dollars").amounts == ()


def test_the_text_similarity_reason_has_four_places() -> None:
    # two of three words shared each way: 4 / 6
    first, second = _words("aaaa", "bbbb", "qqqq"), _words("aaaa", "bbbb", "zzzz")
    idf = dict.fromkeys(("aaaa", "bbbb", "qqqq", "zzzz"), 1.0)
    scored = score_claim(_query(first), _claim(""), second, idf)
    assert scored.reasons["text_similarity"] == 0.6667


def _differ_by_every_pair(a: Words, b: Words) -> bool:
    """The rule read plainly: for a kind both texts state, each text has a figure that
    matches none of the other's (every pair compared)."""

    def same(x: tuple[str, float, str], y: tuple[str, float, str]) -> bool:
        if x[2] == y[2]:
            return x[1] == y[1]
        return abs(x[1] - y[1]) <= ROUNDING * max(abs(x[1]), abs(y[1]))

    def lone(ours: Words, theirs: Words, kind: str) -> bool:
        """Some figure of ours of this kind matches none of theirs."""
        return any(
            not any(same(x, y) for y in theirs.amounts if y[0] == kind)
            for x in ours.amounts
            if x[0] == kind
        )

    kinds = {x[0] for x in a.amounts} & {y[0] for y in b.amounts}
    return any(lone(a, b, kind) and lone(b, a, kind) for kind in kinds)


_amounts = st.lists(
    st.tuples(
        st.sampled_from(["count", "area"]),
        st.sampled_from([-200.0, -99.0, 0.0, 98.9, 99.0, 99.5, 100.0, 101.0, 1e100]),
        st.sampled_from(["km²", "mi²"]),
    ),
    max_size=6,
)


@given(_amounts, _amounts)
def test_figures_differ_as_every_pair_compared_says(
    first: list[tuple[str, float, str]], second: list[tuple[str, float, str]]
) -> None:
    a, b = _words(amounts=tuple(first)), _words(amounts=tuple(second))
    assert figures_differ(a, b) == _differ_by_every_pair(a, b)


@pytest.mark.parametrize(
    ("a", "b", "differ"),
    [
        ("Troops repelled attempts to cross into the Belgorod region.",
         "Troops repelled attempts to push deeper into the Kursk region.", True),
        ("Ukraine exported 4 million tonnes of grain in August.",
         "Ukraine exported 4 million tonnes of grain in July.", True),
        ("Forces advanced near Toretsk.", "Forces advanced near Pokrovsk.", True),
        ("Сили просунулися в Курській області.", "Войска продвинулись в Курской области.", False),
        ("Troops hold 1,000 km² in the Kursk region.", "Troops hold 1,000 km² near Sudzha.", True),
        ("Troops hold 1,000 km² in the Kursk region.", "Troops hold 1,000 km².", False),
        ("Troops hold 1,000 km² in Kursk's region near Sudzha.",
         "In Kursk, troops hold 1,000 km².", False),
    ],
)  # fmt: skip
def test_places_differ_when_both_texts_name_places_and_share_none(
    a: str, b: str, differ: bool
) -> None:
    from app.matching.text import places_differ

    assert places_differ(read_words(a), read_words(b)) is differ


@pytest.mark.parametrize(
    "text",
    [
        "The state of emergency was lifted.",
        "The decree was cancelled.",
        "Troops failed to repel the attack.",
        "Операция завершена.",
        "Режим ЧС снят.",
        "Рішення скасовано.",
    ],
)
def test_lifting_cancelling_failing_and_ending_reverse_a_claim(text: str) -> None:
    assert read_words(text).reverses
    assert not read_words("The state of emergency was declared.").reverses


def test_a_substituted_figure_differs_though_another_is_shared() -> None:
    ours = read_words("The army lost 2,300 servicemen and 35 tanks.")
    assert figures_differ(ours, read_words("The army lost 2,030 servicemen and 35 tanks."))
    assert not figures_differ(ours, read_words("The army lost 2,300 servicemen."))
    assert not figures_differ(read_words("The army lost 35 tanks."), ours)
