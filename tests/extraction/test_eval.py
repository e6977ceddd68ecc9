"""The corpus evaluation meets its targets (the same scoring as bench/extraction_eval.py)."""

import json
from pathlib import Path
from typing import Any

import pytest

from bench.extraction_eval import TARGETS, evaluate, failures, match, quantulum_alone

HERE = Path(__file__).parent


def _load(name: str) -> list[dict[str, Any]]:
    """A corpus file next to this test."""
    data: list[dict[str, Any]] = json.loads((HERE / name).read_text(encoding="utf-8"))
    return data


def test_corpus_is_large_and_annotated() -> None:
    corpus = _load("corpus.json")
    assert len(corpus) >= 20
    assert sum(len(item["figures"]) for item in corpus) >= 80
    for item in corpus:
        for figure in item["figures"]:
            assert {"value", "unit", "qualifier", "speaker", "period_start"} <= set(figure)


@pytest.mark.parametrize("name", ["corpus.json", "fresh.json", "fresh2.json"])
def test_claimtrack_meets_targets(name: str) -> None:
    scores = evaluate(_load(name))
    assert failures(scores) == [], scores


def test_claimtrack_beats_quantulum_alone() -> None:
    corpus = _load("corpus.json")
    ours, theirs = evaluate(corpus), evaluate(corpus, quantulum_alone)
    assert ours.precision > theirs.precision
    assert ours.recall > theirs.recall
    assert theirs.period is None and theirs.speaker is None
    assert set(TARGETS) == {"precision", "recall", "qualifier", "period", "speaker"}


def test_matching_uses_dimensions_and_half_a_percent() -> None:
    from bench.extraction_eval import Got

    got = [Got(100.0, "hectares", "exact", None, None, None, None)]
    assert match([{"value": 1.0, "unit": "km2", "qualifier": "exact"}], got)
    assert match([{"value": 1.004, "unit": "km2", "qualifier": "exact"}], got)
    assert not match([{"value": 1.01, "unit": "km2", "qualifier": "exact"}], got)
    assert not match([{"value": 100.0, "unit": "count", "qualifier": "exact"}], got)


def test_period_is_scored_strictly_and_leniently_and_speakers_by_pattern() -> None:
    from datetime import date

    from bench.extraction_eval import Got, _period_lenient, _period_ok, pattern

    start, end = date(2024, 1, 1), date(2024, 3, 31)
    figure = {"value": 5.0, "unit": "count", "qualifier": "exact", "speaker": "ISW",
              "period_start": "2024-01-01", "period_end": "2024-03-31"}  # fmt: skip
    right = Got(5.0, "count", "exact", period=(start, end, None), speaker=(None, "ISW"))
    open_ended = Got(5.0, "count", "exact", period=(start, None, None), speaker=(None, "isw"))
    wrong = Got(5.0, "count", "exact", period=(end, None, None), speaker=(3, "ISW"))
    assert _period_ok(figure, right) and _period_lenient(figure, right)
    assert not _period_ok(figure, open_ended) and _period_lenient(figure, open_ended)
    assert not _period_ok(figure, wrong) and not _period_lenient(figure, wrong)
    stock = {**figure, "period_start": None, "period_end": None, "as_of": "2024-03-31"}
    assert _period_lenient(stock, Got(5.0, "count", "exact", period=(None, None, end)))
    assert not _period_lenient(stock, Got(5.0, "count", "exact", period=(None, None, start)))
    kinds = [pattern({**figure, "speaker": who}) for who in ("ISW", 2, None)]
    assert kinds == ["name", "known id", "nobody"]
    assert pattern({**figure, "attribution": "according_to"}) == "according_to"
    scores = evaluate(
        [{"said_on": "2024-04-02", "speakers": [], "figures": [figure]}],
        lambda item: [open_ended],
    )
    assert (scores.period, scores.period_lenient, scores.by_pattern) == (
        0.0,
        1.0,
        (("name", 1, 1),),
    )


def test_a_count_per_time_is_scored_as_the_count_the_corpora_write() -> None:
    from bench.extraction_eval import Got

    rate = [Got(310.0, "flights / day", "at_most")]
    assert match([{"value": 310, "unit": "count", "qualifier": "at_most"}], rate)
    speed = [Got(30.0, "meters / second", "exact")]
    assert not match([{"value": 30, "unit": "meters", "qualifier": "exact"}], speed)
    assert match([{"value": 30, "unit": "meters per second", "qualifier": "exact"}], speed)
