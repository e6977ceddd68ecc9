"""Cutting a JSON array into its items as blocks arrive gives what parsing it whole gives."""

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import BadRequest
from app.core.json_array import ArrayCutter

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


def _cut(body: bytes, sizes: list[int], max_item: int | None = None) -> list[bytes | None]:
    cutter, items, at = ArrayCutter(max_item), [], 0
    for size in sizes:
        items += cutter.feed(body[at : at + size])
        at += size
    items += cutter.feed(body[at:])
    assert cutter.close() == len(items)
    return items


@given(
    st.lists(values, max_size=8),
    st.lists(st.integers(1, 7), max_size=60),
    st.sampled_from([None, 0, 1, 2]),
    st.booleans(),
)
def test_the_items_are_those_of_the_whole_array(
    array: list[Any], sizes: list[int], indent: int | None, ascii_only: bool
) -> None:
    body = json.dumps(array, indent=indent, ensure_ascii=ascii_only).encode()
    items = _cut(body, sizes)
    assert [json.loads(item) for item in items if item is not None] == array
    assert None not in items


@given(
    st.lists(st.text(max_size=30), min_size=1, max_size=6), st.integers(1, 40), st.integers(1, 9)
)
def test_items_longer_than_the_limit_are_marked_not_kept(
    texts: list[str], limit: int, block: int
) -> None:
    body = json.dumps(texts, separators=(",", ":")).encode()
    sizes = [block] * (len(body) // block + 1)
    items = _cut(body, sizes, max_item=limit)
    for text, item in zip(texts, items, strict=True):
        encoded = json.dumps(text).encode()
        assert item == (None if len(encoded) > limit else encoded)


def test_a_long_item_is_not_kept_in_memory() -> None:
    cutter = ArrayCutter(max_item=100)
    cutter.feed(b'[{"text": "')
    for _ in range(1000):
        assert cutter.feed(b'x\\"' * 300) == []
        assert len(cutter._buffer) <= 2
    assert cutter.feed(b'"}, {"a": 1}]') == [None, b' {"a": 1}']
    assert cutter.close() == 2


def test_quotes_escapes_and_brackets_inside_strings_do_not_cut() -> None:
    body = rb'[" ,]\" [{ ", {"a]": "\\"}, "\\\\", []]'
    assert _cut(body, [1] * len(body)) == [rb'" ,]\" [{ "', rb' {"a]": "\\"}', rb' "\\\\"', b" []"]


NOT_AN_ARRAY = "a JSON import body is an array of claims; use NDJSON for one per line"
NOT_CLOSED = "the JSON array is not closed: the body ends inside it"
GOES_ON = "the body goes on after its JSON array"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"", NOT_AN_ARRAY),
        (b"   ", NOT_AN_ARRAY),
        (b'{"a": 1}', NOT_AN_ARRAY),
        (b"\x0c[1]", NOT_AN_ARRAY),  # a form feed is not JSON whitespace
        (b"[1, 2", NOT_CLOSED),
        (b'["a', NOT_CLOSED),
        (b"[1,]", "item 1 of the JSON array is empty (an extra comma?)"),
        (b"[,1]", "item 0 of the JSON array is empty (an extra comma?)"),
        (b"[1,,2]", "item 1 of the JSON array is empty (an extra comma?)"),
        (b"[1] 2", GOES_ON),
        (b"[1]\x0b", GOES_ON),
        (b"[1}", "the JSON array is closed with '}', not ']'"),
    ],
)
def test_what_is_not_an_array_of_items_is_a_bad_request(body: bytes, says: str) -> None:
    with pytest.raises(BadRequest) as raised:
        _cut(body, [1] * len(body))
    assert raised.value.detail == says


def test_an_item_of_other_whitespace_is_an_item_for_its_own_parse_to_refuse() -> None:
    assert _cut(b"[1,\x0c]", [1] * 6) == [b"1", b"\x0c"]


@pytest.mark.parametrize("block", [1, 2, 5])
def test_an_item_exactly_as_long_as_the_limit_is_kept_whole(block: int) -> None:
    item = b'"' + b"x" * 18 + b'"'  # 20 bytes
    body = b"[" + item + b"," + item + b"x]"
    items = _cut(body, [block] * (len(body) // block + 1), max_item=20)
    assert items == [item, None]


def test_an_empty_array_has_no_items() -> None:
    assert _cut(b" [ ] \n", [2, 2]) == []


@pytest.mark.parametrize("block", [1, 3, 1000])
def test_items_nested_deeper_than_the_fast_cut_are_cut_the_same(block: int) -> None:
    array = [[[[[[[[1, "]"]]]]]]], {"a": [{"b": [{"c": [[{"d": "}"}]]}]}]}, 2]
    body = json.dumps(array).encode()
    items = _cut(body, [block] * (len(body) // block + 1))
    assert [json.loads(item) for item in items if item is not None] == array


def test_whitespace_before_the_array_may_come_in_blocks_of_its_own() -> None:
    body = b' \r\n\t [{"a": 1}, {"b": 2}]'
    for sizes in ([1, 1, 1, 1, 1], [3, 2], [5]):
        assert _cut(body, sizes) == [b'{"a": 1}', b' {"b": 2}']
