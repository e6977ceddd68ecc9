"""How a figure is checked and normalised on the way in, on both engines (mutation testing)."""

from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_speaker


async def _post_figure(client: httpx.AsyncClient, figure: dict[str, Any]) -> httpx.Response:
    speaker = await make_speaker(client)
    body = {"speaker_id": speaker["id"], "text": "t", "said_on": "2024-08-14", "figures": [figure]}
    return await client.post("/v1/claims", json=body)


@pytest.mark.parametrize(
    ("figure", "field"),
    [
        ({"measure_id": "nowhere", "value": 5, "unit": "km2"}, "measure_id"),
        ({"measure_id": "area", "value": 5, "unit": "hours"}, "unit"),
        ({"measure_id": "people", "value": 5, "unit": "people", "lower": -1, "upper": 9,
          "qualifier": "range"}, "lower"),
        ({"measure_id": "people", "value": -5, "unit": "people"}, "value"),
        ({"measure_id": "area", "value": 50, "unit": "km2", "lower": 100, "upper": 200,
          "qualifier": "range"}, "value"),
        ({"measure_id": "area", "value": 201, "unit": "km2", "lower": 100, "upper": 200,
          "qualifier": "range"}, "value"),
    ],
)  # fmt: skip
async def test_each_figure_problem_is_a_value_error_at_its_field(
    client: httpx.AsyncClient, figure: dict[str, Any], field: str
) -> None:
    await make_measure(client, slug="area")
    await make_measure(client, slug="people", name="People", unit="people")
    response = await _post_figure(client, figure)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["loc"], error["type"]) == (["body", "figures", 0, field], "value_error")
    if figure.get("qualifier") == "range" and field == "value":
        assert error["msg"] == (
            f"value ({figure['value']}) is outside the range from lower (100) to upper (200)"
        )


async def test_a_range_keeps_a_value_at_either_end_or_between(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    for value in (100, 150, 200, None):
        figure = {"measure_id": "area", "unit": "km2", "qualifier": "range"}
        figure |= {"lower": 100, "upper": 200} | ({} if value is None else {"value": value})
        response = await _post_figure(client, figure)
        assert response.status_code == 201, response.text
        assert response.json()["figures"][0]["value"] == (150 if value is None else value)


async def test_a_negative_figure_is_kept_where_the_quantity_can_be_negative(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="area-change", name="Area change", unit="km²")
    claim = await make_claim(
        client, figures=[{"measure_id": "area-change", "value": -5, "unit": "km2"}]
    )
    assert claim["figures"][0]["value"] == -5


async def test_range_ends_are_normalised_to_the_measures_unit(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    figure = {"measure_id": "area", "qualifier": "range", "value": 150, "unit": "hectares"}
    claim = await make_claim(client, figures=[{**figure, "lower": 100, "upper": 200}])
    normalized = claim["figures"][0]["normalized"]
    assert (normalized["low"], normalized["high"]) == (pytest.approx(1), pytest.approx(2))
    assert normalized["value"] == pytest.approx(1.5)
