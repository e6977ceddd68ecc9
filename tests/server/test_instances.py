"""Two app instances (two `claimtrack serve`, each its own process and port) on one database:
what one instance remembers or counts holds for the other's writes and requests."""

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.conftest import empty_database
from tests.server.conftest import (
    BACKENDS,
    clear_of_minute_boundary,
    free_port,
    migrated_with_keys,
    wait_ready,
)


@dataclass(frozen=True)
class Instances:
    """Two servers on one database, and an admin key of each test's own."""

    urls: tuple[str, str]
    tokens: dict[str, str]


KEYS = ("facets", "idempotency", "versions", "rate")


@pytest.fixture(scope="module", params=BACKENDS)
def instances(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Instances]:
    with empty_database(request.param, tmp_path_factory.mktemp("instances")) as database_url:
        env = {
            **os.environ,
            "CLAIMTRACK_DATABASE_URL": database_url,
            "CLAIMTRACK_WORKERS": "1",
            "CLAIMTRACK_RATE_LIMIT_PER_MINUTE": "30",
        }
        tokens = migrated_with_keys(env, KEYS)
        ports = (free_port(), free_port())
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "app", "serve"], env={**env, "CLAIMTRACK_PORT": str(port)}
            )
            for port in ports
        ]
        urls = (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
        try:
            for url, process in zip(urls, processes, strict=True):
                wait_ready(url, process)
            yield Instances(urls=urls, tokens=tokens)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)


def _client(url: str, token: str | None = None, **headers: str) -> httpx.AsyncClient:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(base_url=url, headers={**auth, **headers}, timeout=60)


async def _claim(client: httpx.AsyncClient, speaker: int, tag: str, n: int) -> dict[str, Any]:
    body = {"speaker_id": speaker, "text": f"Claim {n} tagged {tag}", "said_on": "2024-08-14"}
    response = await client.post("/v1/claims", json={**body, "tags": [tag]})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_counts_one_instance_remembers_follow_the_others_writes(
    instances: Instances,
) -> None:
    first, second = instances.urls
    token = instances.tokens["facets"]
    async with _client(first, token) as writer, _client(second) as reader:
        speaker = (await writer.post("/v1/speakers", json={"name": "Halyna"})).json()["id"]
        await _claim(writer, speaker, "harbour", 1)
        facets = {"facet": "tag", "tag": "harbour"}
        before = (await reader.get("/v1/claims/facets", params=facets)).json()["facets"]["tag"]
        assert before == [{"value": "harbour", "label": "harbour", "count": 1}]
        assert (await reader.get("/v1/claims/facets", params=facets)).json()["facets"]["tag"] == (
            before
        )  # remembered by the second instance
        await _claim(writer, speaker, "harbour", 2)
        after = (await reader.get("/v1/claims/facets", params=facets)).json()["facets"]["tag"]
        assert after == [{"value": "harbour", "label": "harbour", "count": 2}]


async def _posts_to_both(
    instances: Instances,
    key: str,
    path: str,
    body: dict[str, Any],
    *,
    each: int,
    headers: dict[str, str] | None = None,
) -> list[httpx.Response]:
    """The same POST sent `each` times to each instance at once, with the test's key."""
    clients = [_client(url, instances.tokens[key], **(headers or {})) for url in instances.urls]
    try:
        return await asyncio.gather(*(client.post(path, json=body) for client in clients * each))
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


async def test_one_idempotency_key_sent_to_both_instances_makes_one_resource(
    instances: Instances,
) -> None:
    responses = await _posts_to_both(
        instances,
        "idempotency",
        "/v1/speakers",
        {"name": "Port authority"},
        each=6,
        headers={"Idempotency-Key": "wire-7"},
    )
    assert {response.status_code for response in responses} == {201}
    assert len({response.json()["id"] for response in responses}) == 1


async def test_a_version_read_from_one_instance_is_checked_by_the_other(
    instances: Instances,
) -> None:
    first, second = instances.urls
    token = instances.tokens["versions"]
    async with _client(first, token) as one, _client(second, token) as other:
        speaker = (await one.post("/v1/speakers", json={"name": "Mykola"})).json()
        stale = (await other.get(f"/v1/speakers/{speaker['id']}")).headers["etag"]
        renamed = await one.patch(
            f"/v1/speakers/{speaker['id']}", json={"name": "Mykola P."}, headers={"If-Match": stale}
        )
        assert renamed.status_code == 200, renamed.text
        refused = await other.patch(
            f"/v1/speakers/{speaker['id']}", json={"name": "M."}, headers={"If-Match": stale}
        )
        assert refused.status_code == 412, refused.text
        history = (await other.get(f"/v1/speakers/{speaker['id']}/history")).json()
        assert [entry["action"] for entry in history["items"]] == ["create", "update"]


async def test_a_keys_rate_limit_counts_its_requests_to_every_instance(
    instances: Instances,
) -> None:
    await clear_of_minute_boundary()
    responses = await _posts_to_both(
        instances, "rate", "/v1/speakers?duplicate=allow", {"name": "Crowd"}, each=20
    )
    statuses = [response.status_code for response in responses]
    assert (statuses.count(201), statuses.count(429)) == (30, 10)
