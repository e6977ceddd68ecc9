"""POST /v1/extract's `source`: checked as POST /v1/extract/accept checks it, and given back
once, so a large request cannot come back hundreds of times over."""

from typing import Any

import httpx
import pytest

from tests.factories import make_measure

ISW_TEXT = " ".join(f"ISW said {i} villages were taken." for i in range(300))


def _problem_at(response: httpx.Response) -> list[Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["loc"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ({"url": "https://a.example/x", "pad": "x" * 100_000}, "pad"),
        ({"url": 100000000000000000000}, "url"),
        ({"url": 12, "anything": {"x": [1, 2]}}, "url"),
        ({"url": "https://a.example/x", "title": "t" * 501}, "title"),
        ({"url": "https://a.example/" + "x" * 2048}, "url"),
        ({"url": "https://a.example/x", "kind": "rumour"}, "kind"),
        ({"title": "No address"}, "url"),
    ],
)
async def test_a_source_that_is_not_one_is_a_422_naming_its_field(
    client: httpx.AsyncClient, source: dict[str, Any], field: str
) -> None:
    body = {"text": "ISW said Ukraine holds 1,000 km2.", "source": source}
    assert ["body", "source", field] in _problem_at(await client.post("/v1/extract", json=body))


async def test_the_source_comes_back_once_not_once_per_candidate(
    client: httpx.AsyncClient,
) -> None:
    title = "Ukraine's advance, village by village " * 13  # 494 characters: the most a title has
    source = {"url": "https://a.example/x", "title": title, "publisher": "ISW"}
    response = await client.post("/v1/extract", json={"text": ISW_TEXT, "source": source})
    assert response.status_code == 200, response.text
    found = response.json()
    assert len(found["candidates"]) == 300
    assert found["source"] == {**source, "title": title.strip(), "kind": "article"}
    assert response.text.count("village by village") == 13
    assert len(response.content) < 300_000


async def test_no_source_is_a_null_source(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/extract", json={"text": "ISW said 5 villages fell."})
    assert response.status_code == 200, response.text
    assert response.json()["source"] is None


async def test_extract_then_accept_with_the_source_given_back(client: httpx.AsyncClient) -> None:
    """The answer's source and candidates, sent to accept as they came, become the claim's."""
    measure = await make_measure(client, name="Villages taken", unit="villages", kind="count")
    text = "ISW said 74 villages were taken."
    source = {"url": "HTTPS://Wire.example/isw?utm_source=x", "title": "ISW update",
              "published_at": "2024-08-14T09:00:00Z", "language": "en", "text": text}  # fmt: skip
    found = (await client.post("/v1/extract", json={"text": text, "source": source})).json()
    [candidate] = found["candidates"]
    candidate["figures"][0]["measure_id"] = measure["id"]
    body = {"said_on": "2024-08-14", "source": found["source"], "candidates": [candidate]}
    accepted = await client.post("/v1/extract/accept", json=body)
    assert accepted.status_code == 200, accepted.text
    claim = (await client.get(f"/v1/claims/{accepted.json()['claims'][0]['id']}")).json()
    stored = (await client.get(f"/v1/sources/{claim['sources'][0]['id']}")).json()
    assert (stored["url"], stored["title"], stored["text"]) == (
        found["source"]["url"], "ISW update", text,
    )  # fmt: skip
