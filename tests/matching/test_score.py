"""Figure verdicts and relations of a stored claim to a query (pure, no database)."""

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.comparison.intervals import figure_interval
from app.matching.figures import QueryFigure, Verdict, compare_figures, from_text
from app.matching.score import LINK_THRESHOLD, Query, score_claim, text_similarity, weights
from app.matching.text import read_words

AREA_ID = 1


def _stored(
    text: str, *, speaker_id: int = 1, low: float, high: float | None, as_of: str = "2024-08-14"
) -> dict[str, Any]:
    normalized = {"unit": "km²", "low": low, "high": high, "low_inclusive": False}
    figure = {
        "measure_id": AREA_ID,
        "measure": "kursk-area",
        "as_of": as_of,
        "normalized": {**normalized, "high_inclusive": True, "value": low},
    }
    return {
        "id": 7,
        "text": text,
        "speaker_id": speaker_id,
        "said_on": "2024-08-14",
        "figures": [figure],
    }


def _query(text: str, **fields: Any) -> Query:
    words = read_words(text)
    figures = fields.pop("figures", None)
    if figures is None:
        as_of = fields.get("said_on")
        figures = tuple(from_text(words.quantities, tolerance=0.1, as_of=as_of))
    return Query(
        words=words,
        speaker_id=fields.get("speaker_id"),
        said_on=fields.get("said_on"),
        figures=figures,
    )


def _score(query: Query, claim: dict[str, Any]) -> Any:
    words = read_words(claim["text"])
    return score_claim(query, claim, words, weights([query.words, words]))


SEIZED = _stored(
    "Ukraine has seized more than 1,000 square kilometers in Kursk", low=1000, high=None
)


def test_a_paraphrase_with_the_figure_in_miles_is_the_same_claim_and_linkable() -> None:
    scored = _score(_query("Ukraine has seized over 386 square miles in Kursk"), SEIZED)
    assert scored.relation == "same"
    assert scored.reasons["figures"] == "agree"
    assert scored.linkable and scored.score >= LINK_THRESHOLD


def test_a_figure_outside_the_interval_on_the_same_day_conflicts() -> None:
    text = "Ukraine has seized 800 square kilometers in Kursk"
    scored = _score(_query(text, said_on=date(2024, 8, 14)), SEIZED)
    assert scored.relation == "conflicting_figure"
    assert not scored.linkable
    # weeks apart, or on no known day, the two figures say nothing against each other
    for said_on in (date(2024, 10, 1), None):
        assert _score(_query(text, said_on=said_on), SEIZED).relation != "conflicting_figure"


def test_another_figure_weeks_later_is_no_conflict() -> None:
    later = _stored(
        "Ukraine has seized more than 1,000 km² in Kursk", low=1000, high=None, as_of="2024-09-30"
    )
    interval = figure_interval("exact", 800)
    figure = QueryFigure(interval, "km²", measure_id=AREA_ID, as_of=date(2024, 8, 14))
    assert compare_figures([figure], later["figures"], window_days=7).verdict is Verdict.NONE
    assert compare_figures([figure], SEIZED["figures"], window_days=7).verdict is Verdict.CONFLICT


def test_a_figure_on_another_measure_does_not_compare() -> None:
    figure = QueryFigure(figure_interval("exact", 800), "km²", measure_id=AREA_ID + 1)
    assert compare_figures([figure], SEIZED["figures"], window_days=7).verdict is Verdict.NONE


def test_a_count_does_not_compare_with_an_area() -> None:
    figures = from_text(read_words("74 communities").quantities, tolerance=0.1)
    assert compare_figures(figures, SEIZED["figures"], window_days=7).verdict is Verdict.NONE


def test_the_same_words_by_another_speaker_are_a_repeat() -> None:
    query = _query(SEIZED["text"], speaker_id=2)
    scored = _score(query, SEIZED)
    assert scored.relation == "repeat"
    assert scored.reasons["same_speaker"] is False


def test_a_negation_is_related_however_alike_the_words() -> None:
    scored = _score(
        _query("Ukraine has not seized Kursk"),
        _stored("Ukraine has seized Kursk", low=1, high=None),
    )
    assert scored.relation == "related"
    assert scored.reasons["negation_differs"] is True
    assert not scored.linkable


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("Grain shipments through the port were halted", "Grain shipments through the port go on"),
        ("Экспорт зерна через порт остановлен", "Экспорт зерна через порт продолжается"),
        ("The ministry denied sending troops to the border", "The ministry is sending troops"),
    ],
)
def test_a_halt_or_a_denial_is_related_to_the_plain_statement(query: str, stored: str) -> None:
    claim = {**_stored(stored, low=1, high=None), "figures": []}
    scored = _score(_query(query), claim)
    assert scored.reasons["negation_differs"] is True
    assert scored.relation == "related"
    assert not scored.linkable
    same = _score(_query(query), {**claim, "text": query})
    assert same.reasons["negation_differs"] is False
    assert same.relation == "same"


def test_the_same_words_with_other_counts_conflict_and_are_not_the_same() -> None:
    """No measure to compare them on: the counts in the words are all there is, and the same
    sentence with another count in it is a conflicting figure; a sentence about something
    else that happens to count villages too is only related."""
    claim = {**_stored("The army says it took 74 villages this week", low=1, high=None)}
    claim["figures"] = []
    other = _score(_query("The army says it took 47 villages this week"), claim)
    assert other.reasons["text_figures_differ"] is True
    assert other.reasons["figures"] is None
    assert other.relation == "conflicting_figure"
    assert not other.linkable
    unlike = _score(_query("Floods cut off 47 villages in the south, officials said"), claim)
    assert unlike.reasons["text_figures_differ"] is True
    assert unlike.relation == "related"
    denied = _score(_query("The army denies it took 47 villages this week"), claim)
    assert denied.relation == "related"
    same = _score(_query("The army says it took 74 villages this week"), claim)
    assert same.reasons["text_figures_differ"] is False
    assert same.relation == "same"
    assert same.linkable


def test_other_values_whose_intervals_overlap_are_the_same_figure_not_the_same_claim() -> None:
    """More than 100 and more than 4,000 agree as intervals; as statements they differ."""
    claim = _stored("Troops have taken more than 4,000 square kilometres", low=4000, high=None)
    query = _query("Troops have taken more than 100 square kilometres")
    scored = _score(query, claim)
    assert scored.reasons["figures"] == "agree"
    assert scored.reasons["text_figures_differ"] is True
    assert scored.relation == "same_figure"
    assert not scored.linkable


def test_close_values_in_one_unit_are_other_values() -> None:
    claim = {**_stored("The army holds 1,226 square kilometres", low=1, high=None)}
    claim["figures"] = []
    scored = _score(_query("The army holds 1,234 square kilometres"), claim)
    assert scored.reasons["text_figures_differ"] is True
    assert scored.relation == "conflicting_figure"


def test_a_value_converted_and_rounded_is_the_same_value() -> None:
    claim = {**_stored("Our forces control 1,250 square kilometres", low=1, high=None)}
    claim["figures"] = []
    scored = _score(_query("Our forces control about 483 square miles"), claim)
    assert scored.reasons["text_figures_differ"] is False
    assert scored.relation == "same"


def test_unrelated_words_score_low() -> None:
    scored = _score(_query("Grain exports reached four million tonnes"), SEIZED)
    assert scored.relation == "related"
    assert scored.score < 0.2


@settings(deadline=None)  # the first text with a rare unit word loads quantulum3's units
@given(st.text(max_size=200), st.text(max_size=200))
def test_any_two_texts_score_within_bounds(first: str, second: str) -> None:
    claim = _stored(second or "x", low=1000, high=None)
    scored = _score(_query(first), claim)
    assert 0 <= scored.score <= 1
    assert 0 <= scored.reasons["text_similarity"] <= 1
    # the similarity of words is the same both ways, and whole for a text with itself
    a, b = read_words(first), read_words(second)
    assert text_similarity(a, b, {}) == pytest.approx(text_similarity(b, a, {}))
    if a.words:
        assert text_similarity(a, a, {}) == pytest.approx(1.0)


def test_a_figure_read_from_unrelated_words_says_nothing_of_another_claim() -> None:
    other = _stored("Moscow's troops penetrated 1,360 km² into Ukrainian land", low=1360, high=1360)
    scored = _score(_query("Grain harvest covered over a thousand km²"), other)
    assert scored.reasons["figures"] is None
    assert scored.relation == "related"
