"""A page is one source whether its link was typed or copied from a browser: a path in
Cyrillic and its percent-encoding, a host in Cyrillic and its IDNA form (black-box audit: each
pair made two sources, and `?source=` found only part of the claims)."""

import httpx
import pytest

from tests.factories import make_claim, make_source

PAIRS = [
    (
        "https://example.org/Статья-2?id=5",
        "https://example.org/%D0%A1%D1%82%D0%B0%D1%82%D1%8C%D1%8F-2?id=5",
    ),
    ("https://example.org/%d0%a1%d1%82", "https://example.org/%D0%A1%D1%82"),
    ("https://пример.рф/news", "https://xn--e1afmkfd.xn--p1ai/news"),
    ("https://example.org/%7Eeditor/a%2Db", "https://example.org/~editor/a-b"),
]


@pytest.mark.parametrize(("typed", "copied"), PAIRS)
async def test_a_link_typed_and_copied_is_one_source(
    client: httpx.AsyncClient, typed: str, copied: str
) -> None:
    source = await make_source(client, url=typed)
    again = await client.post("/v1/sources", json={"url": copied, "title": "The same page"})
    assert again.status_code == 409, again.text
    assert again.headers["content-type"] == "application/problem+json"
    claim = await make_claim(client, appearances=[{"source_id": source["id"], "excerpt": None}])
    for form in (typed, copied):
        found = await client.get("/v1/claims", params={"source": form})
        assert found.status_code == 200, found.text
        assert [item["id"] for item in found.json()["items"]] == [claim["id"]], form


async def test_an_escaped_slash_stays_escaped(client: httpx.AsyncClient) -> None:
    """%2F is not a path separator: /a%2Fb and /a/b are two pages."""
    first = await make_source(client, url="https://example.org/a%2Fb")
    second = await make_source(client, url="https://example.org/a/b")
    assert first["id"] != second["id"]
    assert first["url"] == "https://example.org/a%2Fb"
