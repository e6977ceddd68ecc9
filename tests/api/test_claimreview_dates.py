"""A ClaimReview import never passes over a date it cannot read: a claim's, review's or
appearance's date that is there but is not a date is a 422 at that date, and nothing is written;
only a date that is absent is taken from elsewhere (and noted)."""

import copy
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from app.db.session import Database

PROBLEM = "application/problem+json"
NOT_A_DATE = "is not a date: give an ISO 8601 date (2024-08-14) or date and time"

SHIPYARD_REVIEW: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://quaycheck.example/shipyard-orders",
    "claimReviewed": "The shipyard in Vadso booked eleven new hulls this summer",
    "author": {"@type": "Organization", "name": "Quay Check"},
    "datePublished": "2024-09-01",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Sigrun Nilsen"},
        "datePublished": "2024-08-14",
        "appearance": [{"@type": "CreativeWork", "url": "https://radio.example/sigrun"}],
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    },
}


def _review(number: int, **item: Any) -> dict[str, Any]:
    review = copy.deepcopy(SHIPYARD_REVIEW)
    review["url"] = f"https://quaycheck.example/shipyard-orders/{number}"
    review["claimReviewed"] += f" ({number})"
    review["itemReviewed"].update(item)
    return review


def _fact_check_claim(number: int, claim_date: Any = "2024-08-14T10:00:00Z") -> dict[str, Any]:
    return {
        "text": f"The ferry to Vardo ran {number} extra trips in August",
        "claimant": "Finnmark Ferries",
        "claimDate": claim_date,
        "claimReview": [
            {
                "publisher": {"name": "Coast Checks", "site": "coastchecks.example"},
                "url": f"https://coastchecks.example/ferry-{number}",
                "reviewDate": "2024-09-02T00:00:00Z",
                "textualRating": "Accurate",
            }
        ],
    }


def _problem(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["detail"].endswith("nothing was imported")
    return body


async def _nothing_written(client: httpx.AsyncClient, database: Database) -> None:
    for kind in ("claims", "speakers", "sources"):
        response = await client.get(f"/v1/{kind}")
        assert response.status_code == 200, response.text
        assert response.json()["items"] == [], kind
    async with database.engine.connect() as connection:
        for table in ("claims", "speakers", "sources", "reviews"):
            count = await connection.scalar(text(f"SELECT count(*) FROM {table}"))
            assert count == 0, table


@pytest.mark.parametrize(
    "value", ["2024-13-45", "garbage", "2024-02-30", "2024-08-14 noon", 20240814]
)
async def test_an_unreadable_item_reviewed_date_is_a_422_naming_it(
    client: httpx.AsyncClient, database: Database, value: Any
) -> None:
    response = await client.post("/v1/import/claimreview", json=_review(1, datePublished=value))
    [error] = _problem(response)["errors"]
    assert error["loc"] == ["body", "itemReviewed", "datePublished"]
    assert error["path"] == "$.itemReviewed.datePublished"
    assert error["field"] == "said_on"
    shown = repr(value) if isinstance(value, str) else str(value)
    assert error["msg"].startswith(f"{shown} {NOT_A_DATE}")
    await _nothing_written(client, database)


async def test_an_unreadable_claim_date_is_a_422_naming_it(
    client: httpx.AsyncClient, database: Database
) -> None:
    document = {"claims": [_fact_check_claim(1), _fact_check_claim(2, "not-a-date")]}
    response = await client.post("/v1/import/claimreview", json=document)
    problem = _problem(response)
    [error] = problem["errors"]
    assert error["loc"] == ["body", "claims", 1, "claimDate"]
    assert error["path"] == "$.claims[1].claimDate"
    assert error["field"] == "said_on"
    assert error["msg"].startswith(f"'not-a-date' {NOT_A_DATE}")
    assert "(at $.claims[1])" in problem["detail"]
    assert problem["invalid_rows"] == 1
    await _nothing_written(client, database)


async def test_one_unreadable_date_in_a_list_writes_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    document = [_review(1), _review(2, datePublished="2024-13-45"), _review(3)]
    response = await client.post("/v1/import/claimreview", json=document)
    problem = _problem(response)
    assert [error["path"] for error in problem["errors"]] == ["$[1].itemReviewed.datePublished"]
    assert problem["detail"].startswith("1 of 3 rows are invalid (at $[1])")
    await _nothing_written(client, database)
    graph = {"@graph": [{"@type": "WebPage"}, _review(1), _review(2, datePublished="garbage")]}
    response = await client.post("/v1/import/claimreview", json=graph)
    [error] = _problem(response)["errors"]
    assert error["loc"] == ["body", "@graph", 2, "itemReviewed", "datePublished"]
    assert error["path"] == '$["@graph"][2].itemReviewed.datePublished'
    await _nothing_written(client, database)
    document = {
        "claims": [_fact_check_claim(n, "2024-13-45" if n == 3 else None) for n in range(5)]
    }
    _problem(await client.post("/v1/import/claimreview", json=document))
    await _nothing_written(client, database)


async def test_unreadable_review_and_appearance_dates_are_422s_naming_them(
    client: httpx.AsyncClient, database: Database
) -> None:
    review = _review(1)
    review["datePublished"] = "01/09/2024"
    review["itemReviewed"]["appearance"][0]["datePublished"] = "yesterday"
    review["itemReviewed"]["firstAppearance"] = {
        "url": "https://tv.example/sigrun",
        "datePublished": "2024-08-32",
    }
    errors = _problem(await client.post("/v1/import/claimreview", json=review))["errors"]
    by_path = {error["path"]: error for error in errors}
    assert set(by_path) == {
        "$.datePublished",
        "$.itemReviewed.firstAppearance.datePublished",
        "$.itemReviewed.appearance[0].datePublished",
    }
    assert by_path["$.datePublished"]["field"] == "reviews[0].reviewed_on"
    assert by_path["$.datePublished"]["msg"].startswith(f"'01/09/2024' {NOT_A_DATE}")
    appearance = by_path["$.itemReviewed.appearance[0].datePublished"]
    assert appearance["loc"] == ["body", "itemReviewed", "appearance", 0, "datePublished"]
    assert appearance["field"] == "sources[1].published_at"
    first = by_path["$.itemReviewed.firstAppearance.datePublished"]
    assert first["field"] == "sources[0].published_at"
    claim = _fact_check_claim(1)
    claim["claimReview"].append({**claim["claimReview"][0], "url": "https://b.example/1"})
    claim["claimReview"][1]["reviewDate"] = "2024-9-2"
    [error] = _problem(await client.post("/v1/import/claimreview", json={"claims": [claim]}))[
        "errors"
    ]
    assert error["loc"] == ["body", "claims", 0, "claimReview", 1, "reviewDate"]
    assert error["field"] == "reviews[1].reviewed_on"
    await _nothing_written(client, database)


async def test_a_long_unreadable_date_is_quoted_cut_short(
    client: httpx.AsyncClient, database: Database
) -> None:
    value = "sometime in the late summer, " * 20
    response = await client.post("/v1/import/claimreview", json=_review(1, datePublished=value))
    [error] = _problem(response)["errors"]
    assert error["msg"].startswith(f"{value[:40] + '...'!r} {NOT_A_DATE}")
    assert len(error["msg"]) < 200
    await _nothing_written(client, database)


async def test_iso_dates_and_date_times_are_read_to_their_day(client: httpx.AsyncClient) -> None:
    review = _review(1, datePublished="2024-08-14T10:00:00Z")
    review["datePublished"] = "2024-09-01T23:30:00+02:00"
    other = _review(2, datePublished="2024-08-15T07:45:12.5")
    other["datePublished"] = "2024-09-03"
    document = {"claims": [_fact_check_claim(1, "2024-08-16T06:00:00Z")]}
    response = await client.post("/v1/import/claimreview", json=[review, other])
    assert response.status_code == 200, response.text
    assert all("notes" not in entry for entry in response.json()["claims"])
    response = await client.post("/v1/import/claimreview", json=document)
    assert response.status_code == 200, response.text
    claims = (await client.get("/v1/claims", params={"sort": "said_on"})).json()["items"]
    assert [claim["said_on"] for claim in claims] == ["2024-08-14", "2024-08-15", "2024-08-16"]
    assert [claim["reviews"][0]["reviewed_on"] for claim in claims] == [
        "2024-09-01",
        "2024-09-03",
        "2024-09-02",
    ]


@pytest.mark.parametrize("absent", ["missing", None, "  "])
async def test_an_absent_claim_date_is_still_taken_from_the_review_and_noted(
    client: httpx.AsyncClient, absent: Any
) -> None:
    review = _review(1)
    claim = _fact_check_claim(1)
    if absent == "missing":
        del review["itemReviewed"]["datePublished"]
        del claim["claimDate"]
    else:
        review["itemReviewed"]["datePublished"] = claim["claimDate"] = absent
    response = await client.post("/v1/import/claimreview", json=review)
    assert response.status_code == 200, response.text
    [entry] = response.json()["claims"]
    assert entry["notes"] == [
        "no datePublished on itemReviewed; said_on taken from the review's date 2024-09-01"
    ]
    response = await client.post("/v1/import/claimreview", json={"claims": [claim]})
    assert response.status_code == 200, response.text
    [entry] = response.json()["claims"]
    assert entry["notes"] == ["no claimDate; said_on taken from the review's date 2024-09-02"]


async def test_a_date_out_of_range_is_still_a_422_at_said_on(
    client: httpx.AsyncClient, database: Database
) -> None:
    response = await client.post(
        "/v1/import/claimreview", json=_review(1, datePublished="0005-06-01")
    )
    [error] = _problem(response)["errors"]
    assert (error["path"], error["field"]) == ("$", "said_on")
    assert error["msg"] == "must lie between 1000-01-01 and 2999-12-31"
    await _nothing_written(client, database)
