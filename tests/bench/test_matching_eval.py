"""make eval-matching's arithmetic: recall@k, precision at the threshold, figure verdicts."""

from typing import Any

from bench.matching_eval import Answer, evaluate

TEXTS = {"Ukraine seized 1,000 km²": 1, "ISW: 800 km²": 2, "Grain exports": 3}


def _query(
    qid: str, targets: list[str], relation: str | None, agree: bool | None
) -> dict[str, Any]:
    return {
        "id": qid,
        "kind": "paraphrase",
        "targets": targets,
        "relation": relation,
        "agree": agree,
    }


QUERIES = [
    _query("a", ["Ukraine seized"], "same", True),  # first, linked: right
    _query("b", ["ISW"], "conflicting_figure", False),  # third, not linked, verdict right
    _query("c", [], None, None),  # linked to 3: a wrong link
    _query("d", ["Grain"], "same", None),  # not answered at all
]
ANSWERS: dict[str, Answer] = {
    "a": [{"claim_id": 1, "relation": "same", "linkable": True}],
    "b": [
        {"claim_id": 1, "relation": "related", "linkable": False},
        {"claim_id": 3, "relation": "related", "linkable": False},
        {"claim_id": 2, "relation": "conflicting_figure", "linkable": False},
    ],
    "c": [{"claim_id": 3, "relation": "repeat", "linkable": True}],
    "d": [],
}


async def _system(query: dict[str, Any]) -> Answer:
    return ANSWERS[query["id"]]


async def test_the_metrics_count_what_they_say() -> None:
    misses: list[str] = []
    scores = await evaluate(QUERIES, _system, TEXTS, misses)
    assert (scores.recall_1, scores.recall_5) == (1 / 3, 2 / 3)
    assert (scores.linked, scores.precision) == (2, 0.5)
    assert scores.link_recall == 0.5
    assert (scores.figure_pairs, scores.figure_verdict) == (2, 1.0)
    assert misses == [
        "c (paraphrase): linked to 3",
        "d (paraphrase): no target in the first five",
        "d (paraphrase): not linked",
    ]


async def test_a_wrong_relation_for_a_figure_counts_against_the_verdict() -> None:
    answers = {"b": [{"claim_id": 2, "relation": "same_figure", "linkable": False}]}

    async def system(query: dict[str, Any]) -> Answer:
        return answers[query["id"]]

    scores = await evaluate([QUERIES[1]], system, TEXTS, [])
    assert (scores.figure_pairs, scores.figure_verdict) == (1, 0.0)
