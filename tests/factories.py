"""Create resources through the API, with defaults a test can override."""

import itertools
from typing import Any

import httpx

_serial = itertools.count(1)


async def _post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def make_speaker(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    """A speaker with a unique name."""
    body = {"name": f"Speaker {next(_serial)}", "kind": "person", **fields}
    return await _post(client, "/v1/speakers", body)


async def make_source(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    """A source with a unique URL."""
    body = {"url": f"https://news.example/{next(_serial)}", "title": "A report", **fields}
    return await _post(client, "/v1/sources", body)


async def make_measure(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    """An area measure in km² unless told otherwise."""
    body = {"name": f"Area {next(_serial)}", "unit": "km²", **fields}
    return await _post(client, "/v1/measures", body)


async def make_claim(
    client: httpx.AsyncClient, *, speaker: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """A claim by the given speaker (a new one when left out)."""
    speaker = speaker or await make_speaker(client)
    body = {
        "speaker_id": speaker["id"],
        "text": f"Claim number {next(_serial)}",
        "said_on": "2024-08-14",
        **fields,
    }
    return await _post(client, "/v1/claims", body)
