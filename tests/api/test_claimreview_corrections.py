"""A fact-checker's corrected ClaimReview, imported again under the same url, updates the
review already stored: a new version with its history, made by the importing key, and the
report says so."""

import copy
from typing import Any

import httpx

CORRECTED_URL = "https://fc.example/pub1"
FIRST: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": CORRECTED_URL,
    "claimReviewed": "Kharkiv's metro carried a million passengers in a day",
    "datePublished": "2024-08-25",
    "author": {"@type": "Organization", "name": "FactCheck UA", "url": "https://fc.example"},
    "reviewBody": "The operator's own count was 640,000.",
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Ihor Terekhov"},
        "datePublished": "2024-08-24",
    },
}


def _corrected(**rating: Any) -> dict[str, Any]:
    document = copy.deepcopy(FIRST)
    document["reviewRating"] = {"@type": "Rating", **rating}
    return document


CORRECTED = _corrected(ratingValue="1", bestRating="5", worstRating="1", alternateName="False")


async def _the_review(client: httpx.AsyncClient) -> tuple[int, dict[str, Any]]:
    [claim] = (await client.get("/v1/claims")).json()["items"]
    [review] = claim["reviews"]
    return claim["id"], review


async def test_a_corrected_verdict_updates_the_stored_review_with_history(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    first = await client.post("/v1/import/claimreview", json=FIRST)
    assert first.status_code == 200, first.text
    claim_id, before = await _the_review(client)

    response = await writer.post("/v1/import/claimreview", json=CORRECTED)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["updated"] == {"reviews": 1}
    assert "reviews" not in report["matched"] and report["created"] == {}
    [entry] = report["claims"]
    assert (entry["id"], entry["status"]) == (claim_id, "matched")
    assert entry["notes"] == [
        f"review {before['id']} ({CORRECTED_URL}) updated to version 2: "
        "rating_label, rating_value, best_rating, worst_rating"
    ]

    _claim_id, after = await _the_review(client)
    assert (after["id"], after["version"]) == (before["id"], 2)
    rating = ("rating_label", "rating_value", "best_rating", "worst_rating")
    assert tuple(after[key] for key in rating) == ("False", 1, 5, 1)
    assert after["summary"] == "The operator's own count was 640,000."
    history = await client.get(f"/v1/claims/{claim_id}/reviews/{after['id']}/history")
    assert [(h["version"], h["action"], h["actor"]) for h in history.json()["items"]] == [
        (1, "create", "test-admin"),
        (2, "update", "test-write"),
    ]
    [feed] = (await client.get("/v1/claimreview")).json()
    assert feed["reviewRating"]["alternateName"] == "False"
    found = await client.get("/v1/claims", params={"rating": "False"})
    assert [claim["id"] for claim in found.json()["items"]] == [claim_id]


async def test_importing_the_same_review_again_updates_nothing(client: httpx.AsyncClient) -> None:
    await client.post("/v1/import/claimreview", json=FIRST)
    await client.post("/v1/import/claimreview", json=CORRECTED)
    again = (await client.post("/v1/import/claimreview", json=CORRECTED)).json()
    assert (again["updated"], again["matched"]["reviews"]) == ({}, 1)
    assert "notes" not in again["claims"][0]
    _claim_id, review = await _the_review(client)
    assert review["version"] == 2


async def test_a_new_verdict_replaces_the_whole_rating_and_keeps_what_it_leaves_out(
    client: httpx.AsyncClient,
) -> None:
    """An old 1 of 5 never sits beside a new label; a field the correction does not give
    (here the review's text) keeps its stored value."""
    await client.post("/v1/import/claimreview", json=CORRECTED)
    corrected = _corrected(alternateName="Half true")
    del corrected["reviewBody"]
    corrected["datePublished"] = "2024-08-27"
    report = (await client.post("/v1/import/claimreview", json=corrected)).json()
    assert report["claims"][0]["notes"][0].endswith(
        "rating_label, rating_value, best_rating, worst_rating, reviewed_on"
    )
    _claim_id, review = await _the_review(client)
    assert (review["rating_label"], review["rating_value"], review["best_rating"]) == (
        "Half true",
        None,
        None,
    )
    assert review["reviewed_on"] == "2024-08-27"
    assert review["summary"] == "The operator's own count was 640,000."


async def test_a_same_verdict_without_numbers_keeps_the_stored_numbers(
    client: httpx.AsyncClient,
) -> None:
    """A Fact Check Tools response never carries numbers: its textualRating alone, the same
    as stored, changes nothing."""
    await client.post("/v1/import/claimreview", json=CORRECTED)
    tools = {
        "claims": [
            {
                "text": CORRECTED["claimReviewed"],
                "claimant": "Ihor Terekhov",
                "claimDate": "2024-08-24T08:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": "FactCheck UA", "site": "fc.example"},
                        "url": CORRECTED_URL,
                        "reviewDate": "2024-08-25T00:00:00Z",
                        "textualRating": "False",
                    }
                ],
            }
        ]
    }
    report = (await client.post("/v1/import/claimreview", json=tools)).json()
    assert report["updated"] == {}
    _claim_id, review = await _the_review(client)
    assert (review["version"], review["rating_value"], review["best_rating"]) == (1, 1, 5)


async def test_a_dry_run_reports_the_update_and_writes_nothing(client: httpx.AsyncClient) -> None:
    await client.post("/v1/import/claimreview", json=FIRST)
    response = await client.post(
        "/v1/import/claimreview", params={"dry_run": "true"}, json=CORRECTED
    )
    assert response.status_code == 200, response.text
    assert response.json()["updated"] == {"reviews": 1}
    _claim_id, review = await _the_review(client)
    assert (review["version"], review["rating_label"]) == (1, "Mostly false")
