"""The public API: types, purity, offsets, robustness and speed."""

import ast
from dataclasses import FrozenInstanceError
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import app.extraction
from app.extraction import Candidate, ExtractedFigure, KnownSpeaker, extract
from app.units import parse_unit

PACKAGE = Path(app.extraction.__file__).parent
# app.matching.cyrillic is pure (only re): its transliteration finds Latin names in Cyrillic.
ALLOWED = {"app.extraction", "app.units", "app.matching.cyrillic", "quantulum3"}


def test_package_imports_no_web_or_database_code() -> None:
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("fastapi", "sqlalchemy", "starlette", "pydantic"))
                if name.startswith("app."):
                    assert any(name.startswith(a) for a in ALLOWED), (path.name, name)


def test_types_are_frozen_and_slotted() -> None:
    speaker = KnownSpeaker(1, ("A B",), "person")
    with pytest.raises(FrozenInstanceError):
        speaker.id = 2  # type: ignore[misc]
    for cls in (KnownSpeaker, ExtractedFigure, Candidate):
        assert hasattr(cls, "__slots__")


def test_candidate_offsets_and_units_are_readable() -> None:
    text = (
        "Regional governor Vyacheslav Gladkov said more than 1,000 sq km were lost.\n\n"
        '"We moved 3,000 people and 74 border communities," he added.'
    )
    found = extract(text, said_on=date(2024, 8, 20))
    assert [c.speaker_name for c in found] == ["Vyacheslav Gladkov"] * 2
    for c in found:
        assert text[c.start : c.end] == c.sentence
        for f in c.figures:
            assert text[f.start : f.end] == f.text
            parse_unit(f.unit)


NEWS_LIKE = 'Gladkov said : " more than 1,250 square km since August 6 , between 3 and 4 people .'


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
@example(NEWS_LIKE)
def test_never_fails_and_offsets_hold(text: str) -> None:
    for c in extract(text, said_on=date(2024, 1, 1)):
        assert text[c.start : c.end] == c.sentence
        for f in c.figures:
            assert text[f.start : f.end] == f.text
            assert f.qualifier in {"exact", "approximately", "at_least", "more_than",
                                   "at_most", "less_than", "range"}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(
    ["Since August 6,", "more than", "1,250", "square", "km", "said", "Gladkov", '"', "“", "”",
     "he", "the governor", "between", "and", "thousands", "of", "people", "$3", "billion", ".",
     ",", "\n", "last month", "45-year-old", "F-16", "according to", "‘", "’", ":"]),
    max_size=40))  # fmt: skip
@example(NEWS_LIKE.split(" "))
def test_news_like_noise(words: list[str]) -> None:
    text = " ".join(words)
    for c in extract(text, said_on=date(2024, 8, 20)):
        assert text[c.start : c.end] == c.sentence


def test_the_properties_reach_their_assertions() -> None:
    """The explicit example of both properties yields a candidate with figures to check."""
    [candidate] = extract(NEWS_LIKE, said_on=date(2024, 8, 20))
    assert len(candidate.figures) == 2


def test_a_long_article_yields_every_repetition() -> None:
    paragraph = (
        "Regional governor Vyacheslav Gladkov said on Telegram that more than 1,000 square "
        'kilometers and 74 communities had been lost since August 6. "We have evacuated some '
        '3,000 people in the past 24 hours," he added. The weather was cold and the roads were '
        "empty, and residents waited for news from the front at the station. "
    )
    copies = 5000 // len(paragraph.split()) + 1
    text = "\n".join([paragraph] * copies)  # about 5,000 words; speed: bench.extraction_eval
    found = extract(text, said_on=date(2024, 8, 20))
    assert len(found) == 2 * copies
    assert {c.speaker_name for c in found} == {"Vyacheslav Gladkov"}
    assert sorted(f.value for f in found[-2].figures) == [74, 1000]
    assert [f.value for f in found[-1].figures] == [3000]
