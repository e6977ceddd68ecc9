"""Figures keep their scale words, refuse unknown words and count only what their measure counts."""

from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_speaker
from tests.units.test_scales import SCALED_PEOPLE


async def _figure(client: httpx.AsyncClient, measure: str, value: float, unit: str) -> Any:
    """POST a claim with one figure; the response."""
    speaker = await make_speaker(client)
    body = {
        "speaker_id": speaker["id"],
        "text": f"{value} {unit}",
        "said_on": "2025-03-02",
        "figures": [{"measure_id": measure, "value": value, "unit": unit}],
    }
    return await client.post("/v1/claims", json=body)


async def test_every_scale_spelling_is_normalised_with_its_meaning(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="evacuated", unit="people")
    claim = await make_claim(
        client,
        figures=[{"measure_id": "evacuated", "value": 3, "unit": unit} for unit in SCALED_PEOPLE],
    )
    normalised = {f["unit"]: f["normalized"]["value"] for f in claim["figures"]}
    assert normalised == pytest.approx({unit: 3 * f for unit, f in SCALED_PEOPLE.items()})


async def test_a_noun_of_another_class_is_refused_naming_what_the_measure_takes(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="evacuated", unit="people")
    response = await _figure(client, "evacuated", 3, "tanks")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "figures", 0, "unit"]
    assert error["msg"] == (
        "unit 'tanks' does not fit measure 'evacuated' (unit 'people'): 'tanks' counts vehicles; "
        "the measure takes persons (people, individuals, residents, inhabitants, citizens, "
        "civilians, adults, children, …) or a generic count ('count', 'items')"
    )
    for fitting in ("civilians", "Russian soldiers", "count", "k residents"):
        assert (await _figure(client, "evacuated", 3, fitting)).status_code == 201, fitting


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("xk people", "unknown unit 'xk people': unknown word 'xk'"),
        ("zz people", "unknown unit 'zz people': unknown word 'zz'"),
        ("m tonnes", "unknown unit 'm tonnes'"),
    ],
)
async def test_an_unknown_unit_word_is_refused_naming_it(
    client: httpx.AsyncClient, unit: str, message: str
) -> None:
    await make_measure(client, slug="evacuated", unit="people")
    response = await _figure(client, "evacuated", 3, unit)
    assert response.status_code == 422
    assert message in response.json()["errors"][0]["msg"]
    assert (await client.get("/v1/claims")).json()["items"] == []


async def test_a_measure_listing_nouns_takes_those_and_refuses_others(
    client: httpx.AsyncClient,
) -> None:
    measure = await make_measure(client, slug="evacuated", unit="people", nouns=["Households"])
    assert measure["nouns"] == ["households"]
    assert (await _figure(client, "evacuated", 40, "families")).status_code == 201
    assert (await _figure(client, "evacuated", 40, "people")).status_code == 201
    refused = await _figure(client, "evacuated", 40, "civilians")
    assert refused.status_code == 422
    assert "the measure takes 'people', 'households' or a generic count" in refused.text


async def test_measure_nouns_must_be_known_and_default_to_none(client: httpx.AsyncClient) -> None:
    assert (await make_measure(client, unit="people"))["nouns"] == []
    unknown = await client.post(
        "/v1/measures", json={"name": "X", "unit": "people", "nouns": ["widgets"]}
    )
    assert unknown.status_code == 422
    assert "'widgets' is not a count noun or noun class" in unknown.text


async def test_new_nouns_must_fit_the_figures_already_on_the_measure(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="evacuated", unit="people")
    claim = await make_claim(
        client, figures=[{"measure_id": "evacuated", "value": 5, "unit": "civilians"}]
    )
    refused = await client.patch("/v1/measures/evacuated", json={"nouns": ["households"]})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "nouns"]
    figure_id = claim["figures"][0]["id"]
    assert f"figure {figure_id} is in 'civilians'" in refused.json()["detail"]
    assert (await client.patch("/v1/measures/evacuated", json={"unit": "tanks"})).status_code == 422
    changed = await client.patch("/v1/measures/evacuated", json={"nouns": ["persons", "families"]})
    assert changed.status_code == 200
    assert changed.json()["nouns"] == ["persons", "families"]


async def test_measure_nouns_are_versioned_and_restored(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="evacuated", unit="people")
    await client.patch("/v1/measures/evacuated", json={"nouns": ["households"]})
    history = (await client.get("/v1/measures/evacuated/history")).json()["items"]
    assert history[-1]["changes"] == {"nouns": {"from": [], "to": ["households"]}}
    reverted = await client.post("/v1/measures/evacuated/revert", json={"version": 1})
    assert reverted.status_code == 200
    assert reverted.json()["nouns"] == []
