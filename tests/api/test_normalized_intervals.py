"""The `normalized` interval the API serves equals the one the comparison computes.

The claim document is built by SQL generated from app.comparison.intervals.RULES; these tests
hold every qualifier, on both sides of zero and at zero, against figure_interval on each
engine, and check that a figure in another unit than its measure's is converted end by end.
"""

from typing import Any

import httpx
import pytest

from app.comparison.intervals import RULES, figure_interval, to_json
from app.settings import Settings
from tests.factories import make_claim, make_measure

SIGNED_VALUES = (-7.5, -1.0, 0.0, 2.0, 1000.0)
RANGES = ((-5.0, -1.0), (-2.0, 3.0), (0.0, 0.0), (0.0, 4.0), (100.0, 200.0))


def _figure(qualifier: str, value: float, **bounds: float) -> dict[str, Any]:
    return {"measure_id": "level", "value": value, "unit": "m", "qualifier": qualifier, **bounds}


def _cases() -> list[dict[str, Any]]:
    cases = [
        _figure(qualifier, value)
        for qualifier in RULES
        if qualifier != "range"
        for value in SIGNED_VALUES
    ]
    cases += [_figure("range", (low + high) / 2, lower=low, upper=high) for low, high in RANGES]
    return cases


def test_every_qualifier_is_exercised() -> None:
    assert {case["qualifier"] for case in _cases()} == set(RULES)


async def test_api_interval_equals_figure_interval_for_every_qualifier_and_sign(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # A level in metres can be negative (below sea level), so no count rule interferes.
    await make_measure(client, slug="level", name="Water level", unit="m")
    cases = _cases()
    claim = await make_claim(client, figures=cases)
    stored = (await client.get(f"/v1/claims/{claim['id']}")).json()["figures"]
    assert len(stored) == len(cases)
    for sent, figure in zip(cases, stored, strict=True):
        expected = to_json(
            figure_interval(
                sent["qualifier"],
                sent["value"],
                lower=sent.get("lower"),
                upper=sent.get("upper"),
                tolerance=settings.approx_tolerance,
            )
        )
        served = {key: figure["normalized"][key] for key in expected}
        assert served == pytest.approx(expected), (sent, served, expected)


async def test_zero_boundaries_of_the_floor(client: httpx.AsyncClient) -> None:
    """ "At most 0" allows exactly 0; "less than 0" allows everything below 0."""
    await make_measure(client, slug="level", name="Water level", unit="m")
    claim = await make_claim(
        client, figures=[_figure("at_most", 0), _figure("less_than", 0), _figure("less_than", 3)]
    )
    at_most, less_than, less_than_three = (
        f["normalized"] for f in (await client.get(f"/v1/claims/{claim['id']}")).json()["figures"]
    )
    assert (at_most["low"], at_most["high"], at_most["high_inclusive"]) == (0, 0, True)
    assert (less_than["low"], less_than["high"], less_than["high_inclusive"]) == (None, 0, False)
    assert (less_than_three["low"], less_than_three["low_inclusive"]) == (0, True)
    assert (less_than_three["high"], less_than_three["high_inclusive"]) == (3, False)


async def test_range_in_another_unit_is_converted_at_both_ends(client: httpx.AsyncClient) -> None:
    """ "Between 100 and 200 sq mi" on a km² measure: every end is in km², stored and served."""
    await make_measure(client, slug="area", unit="km²")
    claim = await make_claim(
        client,
        figures=[
            {
                "measure_id": "area",
                "value": 150,
                "unit": "sq mi",
                "qualifier": "range",
                "lower": 100,
                "upper": 200,
            }
        ],
    )
    [figure] = (await client.get(f"/v1/claims/{claim['id']}")).json()["figures"]
    assert (figure["value"], figure["lower"], figure["upper"], figure["unit"]) == (
        150,
        100,
        200,
        "sq mi",
    )
    normalized = figure["normalized"]
    assert normalized["unit"] == "km²"
    assert normalized["value"] == pytest.approx(388.4983, rel=1e-6)
    assert normalized["low"] == pytest.approx(258.9988, rel=1e-6)
    assert normalized["high"] == pytest.approx(517.9976, rel=1e-6)
    comparison = (await client.get("/v1/measures/area/comparison")).json()
    [compared] = comparison["figures"]
    assert compared["interval"]["low"] == pytest.approx(258.9988, rel=1e-6)
    assert compared["interval"]["high"] == pytest.approx(517.9976, rel=1e-6)


EXACT = [1848435130124.2273, 5.0365358311929023e64, 2 / 3, 0.1, 1.2345e-308, 5e-324, 1e100]


async def test_figures_read_back_bit_for_bit(client: httpx.AsyncClient) -> None:
    """Every double is served as stored, whatever SQLite's own number formatting would do."""
    await make_measure(client, slug="level", name="Water level", unit="m")
    claim = await make_claim(client, figures=[_figure("exact", value) for value in EXACT])
    for read in (
        (await client.get(f"/v1/claims/{claim['id']}")).json(),
        (await client.get("/v1/claims")).json()["items"][0],
        claim,
    ):
        assert [figure["value"] for figure in read["figures"]] == EXACT
        assert [figure["normalized"]["value"] for figure in read["figures"]] == EXACT
