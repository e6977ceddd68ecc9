"""Revisions by what was said when, over HTTP: a restated crowd estimate supersedes the first."""

from typing import Any

import httpx

from app.comparison.schemas import ComparisonRead
from app.db.session import Database
from app.demo.loader import load_into
from tests.factories import make_claim, make_measure, make_speaker

MARCH = "2024-03-02"
COMPARISON = "/v1/measures/march-crowd/comparison"


async def _figure(
    client: httpx.AsyncClient, speaker: dict[str, Any], said_on: str, value: int
) -> int:
    figure = {"measure_id": "march-crowd", "unit": "people", "value": value, "as_of": MARCH}
    claim = await make_claim(client, speaker=speaker, said_on=said_on, figures=[figure])
    figure_id: int = claim["figures"][0]["id"]
    return figure_id


async def _crowd(client: httpx.AsyncClient) -> dict[str, int]:
    """Police say 55,000 on the day and 150,000 three days later, both about the march day."""
    await make_measure(client, slug="march-crowd", name="Marchers in the capital", unit="people")
    police, organisers, aerial = [
        await make_speaker(client, name=name) for name in ("Police", "Organisers", "Aerial Survey")
    ]
    return {
        "police_first": await _figure(client, police, MARCH, 55_000),
        "organisers": await _figure(client, organisers, MARCH, 300_000),
        "aerial": await _figure(client, aerial, "2024-03-04", 160_000),
        "police_restated": await _figure(client, police, "2024-03-05", 150_000),
    }


def _pairs(body: dict[str, Any]) -> set[frozenset[int]]:
    return {frozenset((c["a"]["figure_id"], c["b"]["figure_id"])) for c in body["conflicts"]}


async def test_restated_crowd_estimate_is_a_revision_and_supersedes_the_first(
    client: httpx.AsyncClient,
) -> None:
    ids = await _crowd(client)
    response = await client.get(COMPARISON)
    assert response.status_code == 200, response.text
    body = response.json()
    ComparisonRead.model_validate(body)  # the response is what OpenAPI documents
    assert body["include_superseded"] is False
    police = next(item for item in body["by_speaker"] if item["speaker"]["name"] == "Police")
    assert (police["count"], police["superseded"]) == (2, 1)
    assert police["latest"]["figure_id"] == ids["police_restated"]
    [revision] = police["revisions"]
    assert revision["kind"] == "restated"
    assert (revision["from"]["figure_id"], revision["to"]["figure_id"]) == (
        ids["police_first"],
        ids["police_restated"],
    )
    assert (revision["from"]["said_on"], revision["to"]["said_on"]) == (MARCH, "2024-03-05")
    assert (revision["days_between_statements"], revision["days_between_as_of"]) == (3, 0)
    assert revision["change"] == 95_000
    marks = {figure["figure_id"]: figure["superseded_by"] for figure in body["figures"]}
    assert marks == {
        ids["police_first"]: ids["police_restated"],
        ids["organisers"]: None,
        ids["aerial"]: None,
        ids["police_restated"]: None,
    }
    assert all(ids["police_first"] not in pair for pair in _pairs(body))
    assert _pairs(body) == {
        frozenset((ids["organisers"], ids["aerial"])),
        frozenset((ids["organisers"], ids["police_restated"])),
        frozenset((ids["aerial"], ids["police_restated"])),
    }
    summary = body["summary"]
    assert (summary["count"], summary["min"], summary["superseded_left_out"]) == (3, 150_000, 1)


async def test_include_superseded_brings_the_first_estimate_back(
    client: httpx.AsyncClient,
) -> None:
    ids = await _crowd(client)
    response = await client.get(COMPARISON, params={"include_superseded": "true"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["include_superseded"] is True
    first = ids["police_first"]
    assert {frozenset((first, ids["organisers"])), frozenset((first, ids["aerial"]))} <= _pairs(
        body
    )
    summary = body["summary"]
    assert (summary["count"], summary["min"], summary["superseded_left_out"]) == (4, 55_000, 0)
    police = next(item for item in body["by_speaker"] if item["speaker"]["name"] == "Police")
    assert police["latest"]["figure_id"] == ids["police_restated"]
    marked = next(figure for figure in body["figures"] if figure["figure_id"] == first)
    assert marked["superseded_by"] == ids["police_restated"]


async def test_chart_draws_the_superseded_estimate_faded(client: httpx.AsyncClient) -> None:
    await _crowd(client)
    spec = (await client.get("/v1/measures/march-crowd/chart.vl.json")).json()
    assert spec["title"]["subtitle"].startswith("4 figures from 3 speakers, 1 superseded")
    faded = {row["value_text"] for row in spec["datasets"]["symbols"] if row["faded"]}
    assert faded == {"55,000 people"}
    assert not any(link["faded"] for link in spec["datasets"]["links"])
    included = await client.get(
        "/v1/measures/march-crowd/chart.vl.json", params={"include_superseded": "true"}
    )
    assert any(link["faded"] for link in included.json()["datasets"]["links"])
    svg = await client.get("/v1/measures/march-crowd/chart.svg", params={"include_superseded": 1})
    assert svg.status_code == 200 and "Police" in svg.text


async def test_include_superseded_is_documented_and_validated(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    for path in ("comparison", "chart.vl.json", "chart.svg", "chart.png"):
        parameters = schema["paths"][f"/v1/measures/{{ref}}/{path}"]["get"]["parameters"]
        documented = next(p for p in parameters if p["name"] == "include_superseded")
        assert "superseded" in documented["description"]
        assert documented["schema"]["type"] == "boolean"
    await _crowd(client)
    refused = await client.get(COMPARISON, params={"include_superseded": "perhaps"})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")


async def test_kursk_demo_comparison_still_answers_with_its_figures(
    client: httpx.AsyncClient, database: Database
) -> None:
    async with database.writer() as session, session.begin():
        await load_into(session)
    response = await client.get("/v1/measures/kursk-area-held-by-ukraine/comparison")
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["figures"]) == 3
    # Ukraine's "more than 1,000 since 6 August" and its "about 1,000" the same day are about
    # different things (a period, a date), so neither supersedes the other.
    assert [figure["superseded_by"] for figure in body["figures"]] == [None, None, None]
    assert body["summary"]["count"] == 3 and body["summary"]["superseded_left_out"] == 0
    assert body["conflicts"]
