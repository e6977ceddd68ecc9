"""NDJSON lines are cut from a body however its blocks arrive, and an endless line holds no
memory: past the limit it is only measured, and its row is the error that says so."""

from collections.abc import AsyncIterator

import anyio
from hypothesis import example, given
from hypothesis import strategies as st

from app.core.errors import BadRequest
from app.newsroom.importer import ndjson_batches

Rows = list[tuple[object, object]]


def _lines(body: bytes, cuts: list[int], max_line: int | None) -> Rows:
    async def blocks() -> AsyncIterator[bytes]:
        start = 0
        for cut in [*sorted(cuts), len(body)]:
            yield body[start:cut]
            start = cut

    async def collect() -> Rows:
        found: Rows = []
        async for batch in ndjson_batches(blocks(), max_line=max_line):
            found += batch
        return found

    return anyio.run(collect)


def _plain(rows: Rows) -> list[tuple[object, object]]:
    return [(n, f"error: {r.detail}" if isinstance(r, BadRequest) else r) for n, r in rows]


lines = st.lists(st.sampled_from([b"", b" ", b"{}", b'{"a":1}', b"x" * 30, b"\r"]), max_size=12)


@given(lines, st.lists(st.integers(0, 400), max_size=8))
@example([b"{}", b"", b"x" * 30], [1, 2, 3, 20])
def test_lines_are_the_same_however_the_body_is_cut(parts: list[bytes], cuts: list[int]) -> None:
    body = b"\n".join(parts)
    expected = [(n, line) for n, line in enumerate(body.split(b"\n"), 1) if line.strip()]
    cut = [c for c in cuts if c <= len(body)]
    assert _lines(body, cut, None) == expected
    limited = _plain(_lines(body, cut, 20))
    assert limited == [
        (n, "error: the line is longer than 20 bytes" if len(line) > 20 else line)
        for n, line in expected
    ]


def test_an_endless_line_is_measured_not_kept() -> None:
    body = b'{"a":1}\n' + b"y" * 10_000 + b"\n\n" + b"z" * 50
    rows = _plain(_lines(body, list(range(0, len(body), 7)), 40))
    assert rows == [
        (1, b'{"a":1}'),
        (2, "error: the line is longer than 40 bytes"),
        (4, "error: the line is longer than 40 bytes"),
    ]


def test_a_line_exactly_as_long_as_the_limit_is_kept_first_or_later() -> None:
    exact, over = b"x" * 10, b"y" * 11
    body = exact + b"\n" + exact + b"\n" + over + b"\n" + exact
    for cuts in ([], [3, 13, 25]):
        rows = _plain(_lines(body, cuts, max_line=10))
        assert rows == [
            (1, exact),
            (2, exact),
            (3, "error: the line is longer than 10 bytes"),
            (4, exact),
        ]
