"""Dates a write accepts are dates every read can use, the same on both engines."""

from datetime import date

import httpx
import pytest
from sqlalchemy import text

from app.claims.derived import refresh
from app.db.session import Database
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


async def test_dates_stored_before_the_range_was_checked_are_still_served(
    client: httpx.AsyncClient, database: Database
) -> None:
    """A database written before writes refused them may hold claims of year 1 and 9999 (on
    PostgreSQL the driver stored 9999-12-31 as infinity): every read of them still works."""
    await make_measure(client, slug="area")
    await make_measure(client, slug="ancient")
    first, last, alone = [
        await make_claim(client, figures=[{"measure_id": measure, "value": 5 + n, "unit": "km2"}])
        for n, measure in enumerate(("area", "area", "ancient"))
    ]
    async with database.writer() as session, session.begin():
        for claim, day in ((first, date(1, 1, 3)), (last, date.max), (alone, date(1, 1, 3))):
            for statement in (
                "UPDATE claims SET said_on = :day WHERE id = :id",
                "UPDATE figures SET as_of = :day, period_start = :day WHERE claim_id = :id",
            ):
                await session.execute(text(statement), {"day": day, "id": claim["id"]})
        await refresh(session, "all")  # the stored documents say so too
    for path in (
        *(
            f"/v1/measures/{measure}/{view}"
            for measure in ("area", "ancient")
            for view in ("comparison", "chart.svg", "chart.png", "chart.vl.json", "figures")
        ),
        "/v1/claims/facets",
        "/v1/claims/facets?facet=year",
        "/v1/claims/facets?facet=year&said_from=0001-01-01",
        f"/v1/compare?claims={first['id']},{last['id']}",
        f"/v1/claims/{first['id']}/similar",
        f"/v1/claims/{last['id']}/similar",
        "/v1/claims?format=csv",
        "/v1/claims?sort=said_on",
        "/v1/claimreview",
    ):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
