"""Comparison: conflicts, revisions, consensus and charts on a measure; figures side by side."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from app.db.session import Database
from app.demo.loader import load_into
from tests.factories import make_claim, make_measure, make_speaker


async def _figure(
    client: httpx.AsyncClient, speaker: dict[str, Any], day: str, **figure: Any
) -> dict[str, Any]:
    claim = await make_claim(client, speaker=speaker, said_on=day, figures=[figure])
    created: dict[str, Any] = claim["figures"][0]
    return created


async def _crowd(client: httpx.AsyncClient) -> dict[str, int]:
    await make_measure(client, slug="march-crowd", name="Marchers in the capital", unit="people")
    names = ["Organisers", "Police", "Daily Paper", "Aerial Survey"]
    organisers, police, paper, aerial = [await make_speaker(client, name=name) for name in names]
    base = {"measure_id": "march-crowd", "unit": "people"}
    ids = {
        "organisers": await _figure(client, organisers, "2024-03-02", value=200_000, **base),
        "police": await _figure(client, police, "2024-03-02", value=55_000, **base),
        "paper": await _figure(
            client,
            paper,
            "2024-03-03",
            value=50_000,
            qualifier="range",
            lower=10_000,
            upper=99_999,
            **base,
        ),
        "aerial": await _figure(
            client, aerial, "2024-03-03", value=100_000, qualifier="more_than", **base
        ),
        "police_revised": await _figure(client, police, "2024-03-05", value=150_000, **base),
    }
    return {name: figure["id"] for name, figure in ids.items()}


def _pairs(conflicts: list[dict[str, Any]]) -> set[frozenset[int]]:
    return {frozenset((item["a"]["figure_id"], item["b"]["figure_id"])) for item in conflicts}


async def test_crowd_estimates_conflicts_and_revision(client: httpx.AsyncClient) -> None:
    ids = await _crowd(client)
    response = await client.get("/v1/measures/march-crowd/comparison")
    assert response.status_code == 200, response.text
    body = response.json()
    expected = {
        frozenset((ids["organisers"], ids["police"])),
        frozenset((ids["organisers"], ids["paper"])),
        frozenset((ids["organisers"], ids["police_revised"])),
        frozenset((ids["police"], ids["aerial"])),
        frozenset((ids["paper"], ids["aerial"])),
        frozenset((ids["police_revised"], ids["paper"])),
    }
    assert _pairs(body["conflicts"]) == expected
    police = next(item for item in body["by_speaker"] if item["speaker"]["name"] == "Police")
    assert police["count"] == 2
    assert police["latest"]["figure_id"] == ids["police_revised"]
    [revision] = police["revisions"]
    assert (revision["from"]["value"], revision["to"]["value"], revision["days"]) == (
        55_000,
        150_000,
        3,
    )
    others = [item for item in body["by_speaker"] if item["speaker"]["name"] != "Police"]
    assert all(item["revisions"] == [] for item in others)
    assert body["summary"]["count"] == 5 and body["summary"]["speakers"] == 4
    assert body["summary"]["min"] == 50_000 and body["summary"]["max"] == 200_000
    assert body["consensus"] is None
    org_police = next(
        c
        for c in body["conflicts"]
        if {c["a"]["figure_id"], c["b"]["figure_id"]} == {ids["organisers"], ids["police"]}
    )
    assert org_police["gap"] == pytest.approx(145_000)
    assert org_police["gap_percent"] == pytest.approx(145_000 / 55_000 * 100)


async def test_window_days_limits_conflicts_to_close_dates(client: httpx.AsyncClient) -> None:
    ids = await _crowd(client)
    body = (
        await client.get("/v1/measures/march-crowd/comparison", params={"window_days": 0})
    ).json()
    assert _pairs(body["conflicts"]) == {
        frozenset((ids["organisers"], ids["police"])),
        frozenset((ids["paper"], ids["aerial"])),
    }
    narrowed = (
        await client.get("/v1/measures/march-crowd/comparison", params={"from": "2024-03-04"})
    ).json()
    assert [f["figure_id"] for f in narrowed["figures"]] == [ids["police_revised"]]


async def test_square_miles_and_km2_compare_in_the_asked_unit(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="burned", name="Area burned", unit="km²")
    agency, ngo = await make_speaker(client, name="Agency"), await make_speaker(client, name="NGO")
    await _figure(client, agency, "2024-07-01", measure_id="burned", value=100, unit="sq mi")
    await _figure(
        client,
        ngo,
        "2024-07-02",
        measure_id="burned",
        value=259,
        unit="km2",
        qualifier="approximately",
    )
    in_km2 = (await client.get("/v1/measures/burned/comparison")).json()
    assert in_km2["unit"] == "km²"
    assert in_km2["figures"][0]["value"] == pytest.approx(258.9988, rel=1e-6)
    assert in_km2["conflicts"] == []
    assert in_km2["consensus"]["low"] == pytest.approx(258.9988, rel=1e-6)
    in_sq_mi = (await client.get("/v1/measures/burned/comparison", params={"unit": "sq mi"})).json()
    assert in_sq_mi["unit"] == "sq mi"
    assert in_sq_mi["figures"][0]["value"] == pytest.approx(100)
    assert in_sq_mi["figures"][1]["interval"]["high"] == pytest.approx(259 * 1.1 / 2.589988110336)
    refused = await client.get("/v1/measures/burned/comparison", params={"unit": "hours"})
    assert refused.status_code == 422
    assert "hours" in refused.json()["detail"]


async def _demo(database: Database) -> None:
    async with database.writer() as session, session.begin():
        await load_into(session)


async def test_kursk_demo_shows_the_conflict_and_the_rates(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    body = (await client.get("/v1/measures/kursk-area-held-by-ukraine/comparison")).json()
    conflict_speakers = {
        frozenset((c["a"]["speaker"], c["b"]["speaker"])) for c in body["conflicts"]
    }
    assert (
        frozenset(("Government of Ukraine", "Institute for the Study of War")) in conflict_speakers
    )
    more_than = next(
        c for c in body["conflicts"] if "more_than" in (c["a"]["qualifier"], c["b"]["qualifier"])
    )
    assert more_than["gap"] == pytest.approx(200)
    ukraine = (
        await client.get(
            "/v1/claims",
            params={"speaker": "government-of-ukraine", "measure": "kursk-area-held-by-ukraine"},
        )
    ).json()["items"]
    isw = (
        await client.get(
            "/v1/claims", params={"speaker": "isw", "measure": "ukraine-area-taken-by-russia-2024"}
        )
    ).json()["items"]
    advance = next(c for c in ukraine if c["figures"][0]["period_start"])
    ids = f"{advance['figures'][0]['id']},{isw[0]['figures'][0]['id']}"
    compared = (await client.get("/v1/compare", params={"figures": ids})).json()["comparisons"][0]
    assert compared["same_measure"] is False and "different measures" in compared["note"]
    [pair] = compared["pairs"]
    # rates to four significant digits, each with its figure's qualifier
    assert (pair["rates"]["a"], pair["rates"]["b"]) == (125, round(1360 / 226, 3))
    assert (pair["rates"]["a_qualifier"], pair["rates"]["b_qualifier"]) == ("more_than", "exact")
    assert [f["days_covered"] for f in compared["figures"]] == [8, 226]
    # each figure's own rate likewise (it was 6.017699115044247 beside a pair's 6.018)
    assert [f["rate_per_day"] for f in compared["figures"]] == [125, round(1360 / 226, 3)]


async def test_compare_refuses_figures_of_different_dimensions(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area", unit="km²")
    await make_measure(client, slug="villages", name="Villages", unit="villages")
    speaker = await make_speaker(client)
    area = await _figure(client, speaker, "2024-08-14", measure_id="area", value=5, unit="km2")
    count = await _figure(
        client, speaker, "2024-08-14", measure_id="villages", value=5, unit="villages"
    )
    response = await client.get("/v1/compare", params={"figures": f"{area['id']},{count['id']}"})
    assert response.status_code == 422
    assert "area" in response.json()["detail"] and "count" in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == ["query"]
    other = await _figure(client, speaker, "2024-08-15", measure_id="area", value=7, unit="km2")
    asked = await client.get(
        "/v1/compare", params={"figures": f"{area['id']},{other['id']}", "unit": "people"}
    )
    assert asked.status_code == 422
    assert asked.json()["detail"] == "cannot report in 'people': the figures are area (km²)"
    assert asked.json()["errors"][0]["loc"] == ["query", "unit"]


async def test_compare_claims_measure_by_measure(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area", unit="km²")
    speaker = await make_speaker(client)
    first = await make_claim(
        client, speaker=speaker, figures=[{"measure_id": "area", "value": 10, "unit": "km2"}]
    )
    second = await make_claim(
        client,
        speaker=speaker,
        said_on="2024-08-20",
        figures=[{"measure_id": "area", "value": 15, "unit": "km2"}],
    )
    body = (
        await client.get("/v1/compare", params={"claims": f"{first['id']},{second['id']}"})
    ).json()
    [block] = body["comparisons"]
    [pair] = block["pairs"]
    assert (pair["difference"], pair["ratio"], pair["percent_difference"]) == (5, 1.5, 50)
    assert pair["overlap"] is False and pair["days_apart"] == 6 and pair["rates"] is None
    assert {pair["a"]["claim_id"], pair["b"]["claim_id"]} == {first["id"], second["id"]}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 422),
        ({"figures": "1"}, 422),
        ({"figures": "1,x"}, 422),
        ({"figures": "1,2", "claims": "3,4"}, 422),
        ({"figures": "9223372036854775808,1"}, 422),
        ({"figures": "998,999"}, 404),
    ],
)
async def test_compare_bad_requests(
    client: httpx.AsyncClient, params: dict[str, str], status: int
) -> None:
    response = await client.get("/v1/compare", params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


@asynccontextmanager
async def count_statements(database: Database) -> AsyncIterator[list[str]]:
    """Collect the SQL statements the engine runs inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", record)


async def test_comparison_uses_a_fixed_number_of_statements(
    client: httpx.AsyncClient, database: Database
) -> None:
    await make_measure(client, slug="area", unit="km²")
    speakers = [await make_speaker(client) for _ in range(3)]

    async def statements() -> int:
        async with count_statements(database) as seen:
            assert (await client.get("/v1/measures/area/comparison")).status_code == 200
        # the request's key is looked up once (comparisons are metered by key or address)
        keys = [s for s in seen if s.lstrip().startswith("SELECT api_keys.")]
        assert len(keys) <= 1, seen
        return len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) - len(keys)

    await _figure(client, speakers[0], "2024-01-01", measure_id="area", value=1, unit="km2")
    few = await statements()
    for index in range(30):
        await _figure(
            client,
            speakers[index % 3],
            f"2024-02-{1 + index % 28:02d}",
            measure_id="area",
            value=index,
            unit="km2",
        )
    # the measure, what the analysis reads of every figure, the listed figures in full
    assert await statements() == few == 3


async def test_charts_render_in_three_formats(client: httpx.AsyncClient) -> None:
    await _crowd(client)
    spec = await client.get("/v1/measures/march-crowd/chart.vl.json")
    assert spec.status_code == 200
    assert "vega-lite/v5" in spec.json()["$schema"]
    svg = await client.get("/v1/measures/march-crowd/chart.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    for text in ("Marchers in the capital", "Police", "Aerial Survey", "people"):
        assert text in svg.text
    png = await client.get("/v1/measures/march-crowd/chart.png")
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert (await client.get("/v1/measures/nothing/chart.png")).status_code == 404


async def test_compare_claims_pairs_areas_of_different_measures(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _demo(database)
    claims = (await client.get("/v1/claims", params={"has_figures": "true", "limit": 100})).json()[
        "items"
    ]
    advance = next(c for c in claims if c["figures"][0]["qualifier"] == "more_than")
    taken = next(
        c for c in claims if c["figures"][0]["measure"] == "ukraine-area-taken-by-russia-2024"
    )
    communities = next(c for c in claims if c["figures"][0]["unit"] == "communities")
    ids = f"{advance['id']},{taken['id']},{communities['id']}"
    blocks = (await client.get("/v1/compare", params={"claims": ids})).json()["comparisons"]
    assert sorted(len(block["figures"]) for block in blocks) == [1, 2]
    areas = next(block for block in blocks if len(block["figures"]) == 2)
    [pair] = areas["pairs"]
    assert pair["same_measure"] is False
    assert pair["rates"]["ratio"] == pytest.approx((1360 / 226) / (1000 / 8), rel=1e-3)
    # the sides name the claims asked about; two measures' intervals are not compared
    assert {pair["a"]["claim_id"], pair["b"]["claim_id"]} == {advance["id"], taken["id"]}
    assert pair["overlap"] is None and pair["relation"] is None
    alone = next(block for block in blocks if len(block["figures"]) == 1)
    assert alone["pairs"] == [] and "nothing of its dimension to compare it with" in alone["note"]
