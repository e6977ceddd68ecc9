"""Sentence boundaries: where one claim ends and the next begins."""

import pytest

from app.extraction.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("It was published on data.health-example.org. The union said 4 wards shut.",
         ["It was published on data.health-example.org.", "The union said 4 wards shut."]),
        ("The U.S. Army said 5 were hurt.", ["The U.S. Army said 5 were hurt."]),
        ('"Why 74?" Gladkov asked. "We lost 5," he said.',
         ['"Why 74?" Gladkov asked.', '"We lost 5," he said.']),
        ('"Two boats sank." He said arrivals had passed 21,000.',
         ['"Two boats sank."', "He said arrivals had passed 21,000."]),
        ('"We lost 5." Gladkov said on Monday, adding that 3 more were missing.',
         ['"We lost 5." Gladkov said on Monday, adding that 3 more were missing.']),
    ],
)  # fmt: skip
def test_sentence_boundaries(text: str, sentences: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == sentences
