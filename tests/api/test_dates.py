"""Dates a write accepts are dates every read can use, the same on both engines."""

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_speaker


@pytest.mark.parametrize("day", ["0001-01-01", "0999-12-31", "3000-01-01", "9999-12-31"])
async def test_said_on_outside_the_range_is_422_naming_the_field(
    client: httpx.AsyncClient, day: str
) -> None:
    speaker = await make_speaker(client)
    response = await client.post(
        "/v1/claims", json={"speaker_id": speaker["id"], "text": "Old news.", "said_on": day}
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "said_on"]
    assert "between 1000-01-01 and 2999-12-31" in error["msg"]
    assert (await client.get("/v1/claims")).json()["items"] == []


@pytest.mark.parametrize("day", ["1000-01-01", "2999-12-31"])
async def test_the_ends_of_the_range_are_stored_and_read_back(
    client: httpx.AsyncClient, day: str
) -> None:
    await make_measure(client, slug="area")
    claim = await make_claim(
        client,
        said_on=day,
        figures=[{"measure_id": "area", "value": 5, "unit": "km2", "period_start": day}],
    )
    read = (await client.get(f"/v1/claims/{claim['id']}")).json()
    assert read["said_on"] == day
    assert read["figures"][0]["as_of"] == day
    assert read["figures"][0]["period_start"] == day
    for path in (
        "/v1/measures/area/comparison",
        "/v1/measures/area/chart.svg",
        "/v1/measures/area/chart.vl.json",
        "/v1/claims/facets",
        "/v1/claims?format=ndjson",
    ):
        assert (await client.get(path)).status_code == 200, path


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0999-06-01T00:00:00Z"]
)
async def test_published_at_outside_the_range_is_422(
    client: httpx.AsyncClient, moment: str
) -> None:
    response = await client.post(
        "/v1/sources", json={"url": "https://news.example/far", "published_at": moment}
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["body", "published_at"]


async def test_filters_take_any_date(client: httpx.AsyncClient) -> None:
    claim = await make_claim(client)
    listed = await client.get(
        "/v1/claims", params={"said_from": "0001-01-01", "said_to": "9999-12-31"}
    )
    assert listed.status_code == 200, listed.text
    assert [item["id"] for item in listed.json()["items"]] == [claim["id"]]
