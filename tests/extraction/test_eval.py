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
