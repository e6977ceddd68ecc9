"""The labelled queries of make eval-matching: each target names one stored claim."""

import json
from pathlib import Path

import pytest

from app.demo import kursk

FOLDER = Path(__file__).resolve().parent
KINDS = {
    "paraphrase", "reported", "translation", "units", "other_figure", "same_figure", "negation",
    "topic", "repeat",
}  # fmt: skip
RELATIONS = {None, "same", "repeat", "same_figure", "conflicting_figure", "related"}


def _texts() -> list[str]:
    stored = json.loads((FOLDER / "stored.json").read_text("utf-8"))
    return [claim["text"] for claim in kursk.CLAIMS + stored["claims"]]


@pytest.mark.parametrize("name", ["dev.json", "heldout.json", "dev_b.json", "heldout_b.json"])
def test_every_query_is_labelled_and_its_targets_name_one_claim(name: str) -> None:
    texts = _texts()
    queries = json.loads((FOLDER / name).read_text("utf-8"))
    assert len({query["id"] for query in queries}) == len(queries)
    for query in queries:
        assert query["kind"] in KINDS, query["id"]
        assert query["relation"] in RELATIONS, query["id"]
        assert (query["relation"] is None) == (not query["targets"]), query["id"]
        for prefix in query["targets"]:
            assert sum(text.startswith(prefix) for text in texts) == 1, (query["id"], prefix)


def test_development_and_held_out_queries_do_not_share_a_text() -> None:
    def texts(*names: str) -> set[str]:
        return {q["text"] for name in names for q in json.loads((FOLDER / name).read_text("utf-8"))}

    dev = texts("dev.json", "dev_b.json")
    assert not dev & texts("heldout.json", "heldout_b.json")
