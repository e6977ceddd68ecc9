"""A ClaimReview import makes each appearance a source with the publisher and date the
document gives it, so the service's own feed imports back unchanged; a source already
recorded (by URL) keeps what it has, as in every import."""

import copy
from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_source, make_speaker

AUDITED: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://fc.example/pub1",
    "claimReviewed": "Appearance publisher test",
    "datePublished": "2024-08-25",
    "author": {"@type": "Organization", "name": "FactCheck UA"},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Someone New"},
        "datePublished": "2024-08-24",
        "appearance": [
            {
                "@type": "CreativeWork",
                "url": "https://newsite.example/story-1",
                "headline": "A story",
                "datePublished": "2024-08-23T09:00:00Z",
                "publisher": {"@type": "Organization", "name": "Kyiv Independent"},
            }
        ],
    },
}


def _with_appearances(*works: Any) -> dict[str, Any]:
    document = copy.deepcopy(AUDITED)
    document["itemReviewed"]["appearance"] = list(works)
    return document


async def _sources_of_the_claim(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    [claim] = (await client.get("/v1/claims")).json()["items"]
    found = await client.get(f"/v1/claims/{claim['id']}")
    assert found.status_code == 200, found.text
    sources: list[dict[str, Any]] = found.json()["sources"]
    return sources


async def test_an_appearance_gives_its_new_source_its_publisher_and_date(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/import/claimreview", json=AUDITED)
    assert response.status_code == 200, response.text
    [source] = await _sources_of_the_claim(client)
    assert source["url"] == "https://newsite.example/story-1"
    assert source["title"] == "A story"
    assert source["publisher"] == "Kyiv Independent"
    assert source["published_at"] == "2024-08-23T09:00:00Z"


@pytest.mark.parametrize(
    ("publisher", "name"),
    [
        ("Meduza", "Meduza"),
        ({"@type": "Person", "name": "Ilya Varlamov"}, "Ilya Varlamov"),
        ([{"@type": "Organization", "name": "Ukrainska Pravda"}], "Ukrainska Pravda"),
        ({"@type": "Organization"}, None),
    ],
)
async def test_a_publisher_is_read_from_an_object_a_name_or_a_list(
    client: httpx.AsyncClient, publisher: Any, name: str | None
) -> None:
    work = {"url": "https://newsite.example/story-2", "publisher": publisher}
    response = await client.post("/v1/import/claimreview", json=_with_appearances(work))
    assert response.status_code == 200, response.text
    [source] = await _sources_of_the_claim(client)
    assert source["publisher"] == name


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2024-08-23T09:00:00Z", "2024-08-23T09:00:00Z"),
        ("2024-08-23T12:00:00+03:00", "2024-08-23T09:00:00Z"),
        ("2024-08-23T09:00:00", "2024-08-23T09:00:00Z"),
        ("2024-08-23", "2024-08-23T00:00:00Z"),
    ],
)
async def test_an_appearance_date_is_kept_as_the_moment_it_names_in_utc(
    client: httpx.AsyncClient, written: str, stored: str
) -> None:
    work = {"url": "https://newsite.example/story-3", "datePublished": written}
    response = await client.post("/v1/import/claimreview", json=_with_appearances(work))
    assert response.status_code == 200, response.text
    [source] = await _sources_of_the_claim(client)
    assert source["published_at"] == stored


async def test_one_url_listed_twice_is_one_source_with_what_either_listing_gives(
    client: httpx.AsyncClient,
) -> None:
    document = _with_appearances(
        {"url": "https://newsite.example/story-4", "headline": "Told twice"},
        "https://other.example/copy",
    )
    document["itemReviewed"]["firstAppearance"] = {
        "url": "https://newsite.example/story-4",
        "datePublished": "2024-08-22T18:30:00Z",
        "publisher": "Kyiv Independent",
    }
    response = await client.post("/v1/import/claimreview", json=document)
    assert response.status_code == 200, response.text
    assert response.json()["created"]["sources"] == 2
    first, other = await _sources_of_the_claim(client)
    assert (first["url"], first["title"], first["publisher"], first["published_at"]) == (
        "https://newsite.example/story-4",
        "Told twice",
        "Kyiv Independent",
        "2024-08-22T18:30:00Z",
    )
    assert (other["url"], other["publisher"], other["published_at"]) == (
        "https://other.example/copy",
        None,
        None,
    )


async def test_a_source_already_recorded_keeps_its_publisher_and_date(
    client: httpx.AsyncClient,
) -> None:
    """As POST /v1/import does with a described source that exists: matched, not rewritten."""
    recorded = await make_source(
        client,
        url="https://newsite.example/story-1",
        title="As recorded",
        publisher="Recorded Publisher",
        published_at="2024-08-20T07:00:00Z",
    )
    response = await client.post("/v1/import/claimreview", json=AUDITED)
    assert response.status_code == 200, response.text
    assert response.json()["matched"]["sources"] == 1
    [source] = await _sources_of_the_claim(client)
    assert source["id"] == recorded["id"]
    stored = (await client.get(f"/v1/sources/{recorded['id']}")).json()
    assert (stored["title"], stored["publisher"], stored["published_at"], stored["version"]) == (
        "As recorded",
        "Recorded Publisher",
        "2024-08-20T07:00:00Z",
        1,
    )


async def test_the_services_own_feed_imports_back_unchanged(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="Oleksandr Syrskyi")
    early = await make_source(
        client,
        url="https://t.me/syrskyi/101",
        title="Update",
        publisher="Telegram",
        published_at="2024-08-12T06:00:00Z",
    )
    late = await make_source(
        client,
        url="https://news.example/front",
        publisher="Ukrainska Pravda",
        published_at="2024-08-13T15:30:00Z",
    )
    undated = await make_source(client, url="https://radio.example/syrskyi")
    claim = await make_claim(
        client,
        speaker=speaker,
        text="Our forces hold 1,000 square kilometres",
        appearances=[{"source_id": s["id"]} for s in (early, late, undated)],
    )
    review = {"reviewer": "Desk", "url": "https://desk.example/1000", "rating_label": "True"}
    added = await client.post(f"/v1/claims/{claim['id']}/reviews", json=review)
    assert added.status_code == 201, added.text
    feed = (await client.get("/v1/claimreview")).json()
    item = feed[0]["itemReviewed"]
    assert item["firstAppearance"]["publisher"]["name"] == "Telegram"

    assert (await client.delete(f"/v1/claims/{claim['id']}")).status_code == 204
    for source in (early, late, undated):
        assert (await client.delete(f"/v1/sources/{source['id']}")).status_code == 204
    response = await client.post("/v1/import/claimreview", json=feed)
    assert response.status_code == 200, response.text
    assert response.json()["created"]["sources"] == 3

    assert (await client.get("/v1/claimreview")).json() == feed
