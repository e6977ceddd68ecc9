"""A ClaimReview import never drops a rating number it cannot read: a ratingValue, bestRating
or worstRating that is there but is not a number is a 422 at that number, and nothing is
written; a number written as text ("5") is read as the number."""

import copy
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from app.db.session import Database

PROBLEM = "application/problem+json"
NOT_A_NUMBER = 'is not a number: give a finite one such as 4, 2.5 or "4"'
FIELDS = {"ratingValue": "rating_value", "bestRating": "best_rating", "worstRating": "worst_rating"}

HARBOUR_REVIEW: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://quaycheck.example/harbour",
    "claimReviewed": "The harbour in Kirkenes doubled its cargo this year",
    "author": {"@type": "Organization", "name": "Quay Check"},
    "datePublished": "2024-09-01",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Sigrun Nilsen"},
        "datePublished": "2024-08-14",
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    },
}


def _review(number: int, **rating: Any) -> dict[str, Any]:
    review = copy.deepcopy(HARBOUR_REVIEW)
    review["url"] += f"/{number}"
    review["claimReviewed"] += f" ({number})"
    review["reviewRating"].update(rating)
    return review


def _problem(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["detail"].endswith("nothing was imported")
    return body


async def _nothing_written(database: Database) -> None:
    async with database.engine.connect() as connection:
        for table in ("claims", "speakers", "reviews"):
            count = await connection.scalar(text(f"SELECT count(*) FROM {table}"))
            assert count == 0, table


@pytest.mark.parametrize("key", list(FIELDS))
@pytest.mark.parametrize(
    ("value", "shown"),
    [("abc", "'abc'"), ("4 stars", "'4 stars'"), (True, "true"), ([3], "[3]"), ("NaN", "'NaN'")],
)
async def test_a_rating_number_that_is_not_one_is_a_422_naming_it(
    client: httpx.AsyncClient, database: Database, key: str, value: Any, shown: str
) -> None:
    response = await client.post("/v1/import/claimreview", json=_review(1, **{key: value}))
    [error] = _problem(response)["errors"]
    assert error["loc"] == ["body", "reviewRating", key]
    assert error["path"] == f"$.reviewRating.{key}"
    assert error["field"] == f"reviews[0].{FIELDS[key]}"
    assert error["msg"] == f"{shown} {NOT_A_NUMBER}"
    await _nothing_written(database)


async def test_every_bad_rating_in_a_list_is_listed_and_nothing_is_written(
    client: httpx.AsyncClient, database: Database
) -> None:
    document = [
        _review(1),
        _review(2, ratingValue="abc"),
        _review(3),
        _review(4, bestRating="five", worstRating="one"),
    ]
    problem = _problem(await client.post("/v1/import/claimreview", json=document))
    assert problem["detail"].startswith("2 of 4 rows are invalid (at $[1], $[3])")
    assert [(error["path"], error["field"]) for error in problem["errors"]] == [
        ("$[1].reviewRating.ratingValue", "reviews[0].rating_value"),
        ("$[3].reviewRating.bestRating", "reviews[0].best_rating"),
        ("$[3].reviewRating.worstRating", "reviews[0].worst_rating"),
    ]
    await _nothing_written(database)


async def test_numbers_written_as_text_are_read_as_numbers(client: httpx.AsyncClient) -> None:
    document = [
        _review(1, ratingValue="1", bestRating=" 5 ", worstRating="0"),
        _review(2, ratingValue="2.5", bestRating=5, worstRating="1e0"),
        _review(3, ratingValue="", bestRating=None, worstRating="  "),
    ]
    response = await client.post("/v1/import/claimreview", json=document)
    assert response.status_code == 200, response.text
    claims = (await client.get("/v1/claims", params={"sort": "created_at"})).json()["items"]
    scales = [
        tuple(claim["reviews"][0][f] for f in ("rating_value", "best_rating", "worst_rating"))
        for claim in claims
    ]
    assert scales == [(1, 5, 0), (2.5, 5, 1), (None, None, None)]
