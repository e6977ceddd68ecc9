"""The held-out corpora stay well-formed. Its scores are printed by `make eval-extraction`
and never asserted here: a test that must pass on it would be a reason to tune to it."""

import json
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).parent
QUALIFIERS = {"exact", "approximately", "more_than", "at_least", "less_than", "at_most", "range"}


ALL = {"en", "uk", "ru"}


@pytest.mark.parametrize(
    ("name", "size", "languages"),
    [
        ("heldout.json", 40, ALL),
        ("heldout2.json", 34, ALL),
        ("heldout3.json", 36, ALL),
        ("heldout4.json", 24, {"uk", "ru"}),
        ("heldout5_ru.json", 24, {"ru"}),
    ],
)
def test_every_item_is_complete_and_every_speaker_reference_resolves(
    name: str, size: int, languages: set[str]
) -> None:
    items = json.loads((HERE / name).read_text(encoding="utf-8"))
    assert len(items) >= size
    assert {item["language"] for item in items} == languages
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        date.fromisoformat(item["said_on"])
        known = {speaker["id"] for speaker in item["speakers"]}
        assert item["text"].strip() and item["figures"], item["id"]
        for figure in item["figures"]:
            assert figure["qualifier"] in QUALIFIERS, (item["id"], figure)
            speaker = figure["speaker"]
            assert speaker is None or isinstance(speaker, str) or speaker in known, item["id"]
            for key in ("period_start", "period_end", "as_of"):
                if figure.get(key):
                    date.fromisoformat(figure[key])
            if figure["qualifier"] == "range":
                assert figure["lower"] <= figure["upper"], item["id"]
