"""One page is one source however its link was copied: normalising a URL is idempotent."""

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from app.sources.urls import normalize_url

pieces = st.sampled_from(["/", "a", "\u00a0", " ", "\t", "?", "=", "&", "#", "%20", "utm_x", "."])
tails = st.lists(pieces, max_size=12).map("".join)


@given(tails)
@example("/a/\u00a0/\u00a0/")
@example("/a/\u00a0/?x=1")
@example("/\u00a0")
def test_normalising_twice_changes_nothing(tail: str) -> None:
    try:
        once = normalize_url("https://News.Example:443" + tail)
    except ValueError:
        assume(False)  # refused: nothing is stored, so there is nothing to normalise again
        raise
    assert normalize_url(once) == once


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("HTTPS://News.Example:443/a/?utm_source=x&id=3#top", "https://news.example/a?id=3"),
        ("https://news.example/a/\u00a0/\u00a0/", "https://news.example/a"),
        ("https://news.example", "https://news.example/"),
        ("http://news.example:8080//", "http://news.example:8080/"),
    ],
)
def test_the_forms_of_one_link_are_one_url(raw: str, normal: str) -> None:
    assert normalize_url(raw) == normal
