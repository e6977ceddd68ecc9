"""The 409 for a duplicate says which resource exists: its slug, else its id (mutation testing)."""

import httpx

from tests.factories import make_claim, make_speaker


async def test_a_duplicate_speaker_is_named_by_its_slug(client: httpx.AsyncClient) -> None:
    first = await make_speaker(client, name="Vyacheslav Gladkov", slug="gladkov")
    response = await client.post("/v1/speakers", json={"name": "vyacheslav gladkov"})
    assert response.status_code == 409, response.text
    assert response.json()["detail"] == (
        "speaker gladkov already exists ('Vyacheslav Gladkov' has this name or alias); "
        f"use it (/v1/speakers/{first['id']}), or send ?duplicate=allow to create a second one"
    )


async def test_a_duplicate_claim_is_named_by_its_id(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    first = await make_claim(client, speaker=speaker, text="Evacuation continues.")
    body = {"speaker_id": speaker["id"], "text": "Evacuation continues.", "said_on": "2024-08-14"}
    response = await client.post("/v1/claims", json=body)
    assert response.status_code == 409, response.text
    detail = response.json()["detail"]
    assert detail.startswith(f"claim {first['id']} already exists (")
    assert detail.endswith(
        f"use it (/v1/claims/{first['id']}), or send ?duplicate=allow to create a second one"
    )
