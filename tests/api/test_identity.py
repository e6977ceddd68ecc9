"""One speaker is one speaker: creates that would duplicate a resource are 409 naming it."""

import asyncio
from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_speaker


def _existing(response: httpx.Response, status: int = 409) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    existing: dict[str, Any] = response.json()["existing"]
    return existing


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Dmytro Lykhoviy"},
        {"name": "dmytro  LYKHOVIY"},
        {"name": "Dmytró Lykhovíy"},
        {"name": "Spokesman", "aliases": ["Lykhovyi"]},
        {"name": "D. Lykhovyi"},
    ],
    ids=["same", "case-and-spacing", "accents", "alias-is-an-alias", "name-is-an-alias"],
)
async def test_a_speaker_matching_a_name_or_alias_is_409_naming_it(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    first = await make_speaker(client, name="Dmytro Lykhoviy", aliases=["Lykhovyi", "D. Lykhovyi"])
    existing = _existing(await client.post("/v1/speakers", json=body))
    assert existing == {
        "id": first["id"],
        "slug": "dmytro-lykhoviy",
        "url": f"/v1/speakers/{first['id']}",
    }
    listed = (await client.get("/v1/speakers")).json()["items"]
    assert [speaker["id"] for speaker in listed] == [first["id"]]


async def test_duplicate_allow_creates_a_second_speaker(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Andriy Kovalenko")
    response = await client.post(
        "/v1/speakers", params={"duplicate": "allow"}, json={"name": "Andriy Kovalenko"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["slug"] == "andriy-kovalenko-2"
    bad = await client.post(
        "/v1/speakers", params={"duplicate": "maybe"}, json={"name": "Someone New"}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "duplicate"]


async def test_different_people_are_not_duplicates(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Oleksandr Syrskyi")
    await make_speaker(client, name="Oleksandr Syrskyi Jr")
    await make_speaker(client, name="Olena Syrska")


async def test_a_measure_with_an_existing_name_is_409(client: httpx.AsyncClient) -> None:
    first = await make_measure(client, name="Area held in Kursk Oblast", slug="kursk-area")
    existing = _existing(
        await client.post(
            "/v1/measures", json={"name": "area held in kursk oblast", "unit": "sq mi"}
        )
    )
    assert existing["id"] == first["id"]
    assert existing["slug"] == "kursk-area"
    allowed = await client.post(
        "/v1/measures",
        params={"duplicate": "allow"},
        json={"name": "Area held in Kursk Oblast", "unit": "km²"},
    )
    assert allowed.status_code == 201, allowed.text


async def test_a_claim_with_the_same_speaker_day_and_text_is_409(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Regional governor")
    first = await make_claim(client, speaker=speaker, text="Evacuation continues.")
    body = {"speaker_id": speaker["id"], "text": "Evacuation continues.", "said_on": "2024-08-14"}
    existing = _existing(await client.post("/v1/claims", json=body))
    assert existing == {"id": first["id"], "slug": None, "url": f"/v1/claims/{first['id']}"}
    # Another day, another text or another speaker is another claim.
    assert (
        await client.post("/v1/claims", json={**body, "said_on": "2024-08-15"})
    ).status_code == 201
    assert (
        await client.post("/v1/claims", json={**body, "text": "Evacuation ended."})
    ).status_code == 201
    other = await make_speaker(client, name="Another official")
    assert (
        await client.post("/v1/claims", json={**body, "speaker_id": other["id"]})
    ).status_code == 201
    second = await client.post("/v1/claims", params={"duplicate": "allow"}, json=body)
    assert second.status_code == 201, second.text
    assert second.json()["id"] != first["id"]


async def test_import_resolves_a_speaker_as_the_api_would(client: httpx.AsyncClient) -> None:
    """A row naming a speaker by an accented spelling of a name attaches to that speaker."""
    speaker = await make_speaker(client, name="Dmytro Lykhoviy", aliases=["Lykhovyi"])
    row = '{"speaker": "Dmytró LYKHOVIY", "text": "Quiet night.", "said_on": "2024-08-15"}\n'
    response = await client.post(
        "/v1/import", content=row, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 200, response.text
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert claim["speaker_id"] == speaker["id"]
    assert len((await client.get("/v1/speakers")).json()["items"]) == 1


async def test_concurrent_creates_of_one_speaker_make_one(client: httpx.AsyncClient) -> None:
    async def create() -> httpx.Response:
        return await client.post("/v1/speakers", json={"name": "Yurii Ihnat"})

    responses = await asyncio.gather(*(create() for _ in range(6)))
    assert sorted(response.status_code for response in responses) == [201] + [409] * 5
    assert len((await client.get("/v1/speakers")).json()["items"]) == 1
