"""An import body may open with UTF-8's byte order mark, as files saved by spreadsheets do (and
claimtrack's own CSV exports): it is left out, however the body arrives (black-box audit: an
NDJSON file opening with one was a 422 at line 1)."""

from collections.abc import AsyncIterator

import httpx
import pytest

BOM = "\ufeff".encode()
ROW = b'{"speaker": "Oksana Petrenko", "text": "A row after a BOM", "said_on": "2024-08-14"}'


async def _pieces(body: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize("piece", [1, 2, 4, 1 << 20])
@pytest.mark.parametrize(
    ("media", "body"),
    [("application/x-ndjson", ROW + b"\n"), ("application/json", b"[" + ROW + b"]")],
)
async def test_a_body_opening_with_a_bom_imports(
    client: httpx.AsyncClient, media: str, body: bytes, piece: int
) -> None:
    response = await client.post(
        "/v1/import",
        params={"dry_run": "true"},
        content=_pieces(BOM + body, piece),
        headers={"Content-Type": media},
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"]["claims"] == 1


async def test_a_bom_anywhere_else_is_still_refused(client: httpx.AsyncClient) -> None:
    body = ROW + b"\n" + BOM + ROW.replace(b"A row", b"Another row") + b"\n"
    response = await client.post(
        "/v1/import", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 422, response.text
    assert [error["line"] for error in response.json()["errors"]] == [2]


@pytest.mark.parametrize("body", [BOM, BOM[:2], b"\xef"])
async def test_a_body_of_a_bom_or_less_is_an_empty_or_bad_import(
    client: httpx.AsyncClient, body: bytes
) -> None:
    """Nothing after the mark is an empty file; the start of one alone is not UTF-8 text."""
    response = await client.post(
        "/v1/import", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    if body == BOM:
        assert response.status_code == 200, response.text
        assert (response.json()["rows"], response.json()["created"]) == (0, {})
    else:
        assert response.status_code == 422, response.text
        assert [error["line"] for error in response.json()["errors"]] == [1]
