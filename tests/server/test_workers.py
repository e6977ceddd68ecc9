"""Idempotency records and rate limits hold across worker processes (they live in the database)."""

import asyncio
from typing import Any

import httpx

from tests.server.conftest import Server, clear_of_minute_boundary


async def _many(server: Server, key: str, count: int, **request: Any) -> list[httpx.Response]:
    headers = {"Authorization": f"Bearer {server.tokens[key]}", **request.pop("headers", {})}
    async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=60) as client:
        return list(await asyncio.gather(*(client.post(**request) for _ in range(count))))


async def test_one_idempotency_key_creates_one_resource_across_two_workers(server: Server) -> None:
    responses = await _many(
        server,
        "idempotency",
        12,
        url="/v1/speakers",
        json={"name": "Organisers"},
        headers={"Idempotency-Key": "march-1"},
    )
    assert {response.status_code for response in responses} == {201}
    assert len({response.json()["id"] for response in responses}) == 1
    async with httpx.AsyncClient(base_url=server.url) as client:
        listed = (await client.get("/v1/speakers", params={"limit": 500})).json()["items"]
    assert [speaker["name"] for speaker in listed].count("Organisers") == 1


async def test_rate_limit_counts_requests_of_every_worker(server: Server) -> None:
    await clear_of_minute_boundary()
    responses = await _many(
        server, "rate", 40, url="/v1/speakers?duplicate=allow", json={"name": "Crowd"}
    )
    statuses = [response.status_code for response in responses]
    assert statuses.count(201) == 30
    assert statuses.count(429) == 10
