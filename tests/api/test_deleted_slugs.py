"""A deleted speaker or measure keeps answering to its slug for history and revert (issue 11),
and a revert gives back the original created_at, on both engines."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_source, make_speaker

Make = Callable[..., Awaitable[dict[str, Any]]]
BY_SLUG: list[tuple[str, Make, dict[str, Any]]] = [
    ("speakers", make_speaker, {"name": "Vyacheslav Gladkov", "slug": "gladkov"}),
    ("measures", make_measure, {"name": "Area held", "slug": "gladkov"}),
]


@pytest.mark.parametrize(("plural", "make", "fields"), BY_SLUG)
async def test_a_deleted_resource_answers_to_its_slug_for_history_and_revert(
    client: httpx.AsyncClient, plural: str, make: Make, fields: dict[str, Any]
) -> None:
    created = await make(client, **fields)
    await client.patch(f"/v1/{plural}/gladkov", json={"description": "changed"})
    deleted = await client.delete(f"/v1/{plural}/gladkov")
    assert deleted.status_code == 204
    assert (
        deleted.headers["link"] == f'</v1/{plural}/{created["id"]}/history>; rel="version-history"'
    )
    assert (await client.get(f"/v1/{plural}/gladkov")).status_code == 404
    listed = (await client.get(f"/v1/{plural}")).json()["items"]
    assert created["id"] not in [item["id"] for item in listed]

    history = await client.get(f"/v1/{plural}/gladkov/history")
    assert history.status_code == 200, history.text
    assert [h["action"] for h in history.json()["items"]] == ["create", "update", "delete"]
    assert history.json() == (await client.get(f"/v1/{plural}/{created['id']}/history")).json()

    restored = await client.post(f"/v1/{plural}/gladkov/revert", json={"version": 1})
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert (body["id"], body["version"], body["description"]) == (created["id"], 4, None)
    assert body["created_at"] == created["created_at"]
    assert body["updated_at"] > created["created_at"]
    assert (await client.get(f"/v1/{plural}/gladkov")).json()["created_at"] == created["created_at"]


@pytest.mark.parametrize(("plural", "make", "fields"), BY_SLUG)
async def test_a_reused_slug_means_the_live_resource_and_the_deleted_one_keeps_its_id(
    client: httpx.AsyncClient, plural: str, make: Make, fields: dict[str, Any]
) -> None:
    first = await make(client, **fields)
    assert (await client.delete(f"/v1/{plural}/gladkov")).status_code == 204
    second = await make(client, **{**fields, "name": f"{fields['name']} again"})
    assert second["slug"] == "gladkov" and second["id"] != first["id"]

    by_slug = (await client.get(f"/v1/{plural}/gladkov/history")).json()["items"]
    assert [(h["action"], h["snapshot"]["name"]) for h in by_slug] == [("create", second["name"])]
    by_id = (await client.get(f"/v1/{plural}/{first['id']}/history")).json()["items"]
    assert [h["action"] for h in by_id] == ["create", "delete"]
    # The old one cannot come back under the slug the live one holds: 409, nothing changes.
    clash = await client.post(f"/v1/{plural}/{first['id']}/revert", json={"version": 1})
    assert clash.status_code == 409, clash.text
    assert clash.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"/v1/{plural}/{first['id']}")).status_code == 404

    # Once the live one is deleted too, the slug means the one deleted last.
    assert (await client.delete(f"/v1/{plural}/gladkov")).status_code == 204
    restored = await client.post(f"/v1/{plural}/gladkov/revert", json={"version": 1})
    assert restored.status_code == 200, restored.text
    assert restored.json()["id"] == second["id"]
    assert restored.json()["created_at"] == second["created_at"]


async def test_a_slug_a_restored_resource_gave_up_answers_no_longer(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, slug="old-slug")
    await client.delete("/v1/speakers/old-slug")
    await client.post(f"/v1/speakers/{speaker['id']}/revert", json={"version": 1})
    await client.patch(f"/v1/speakers/{speaker['id']}", json={"slug": "new-slug"})
    for path in ("/v1/speakers/old-slug/history", "/v1/speakers/old-slug"):
        assert (await client.get(path)).status_code == 404
    assert (await client.get("/v1/speakers/new-slug/history")).status_code == 200
    never = await client.post("/v1/speakers/never-was/revert", json={"version": 1})
    assert never.status_code == 404 and never.headers["content-type"] == "application/problem+json"


async def test_a_deleted_source_is_reverted_with_its_created_at(client: httpx.AsyncClient) -> None:
    source = await make_source(client)
    path = f"/v1/sources/{source['id']}"
    deleted = await client.delete(path)
    assert deleted.headers["link"] == f'<{path}/history>; rel="version-history"'
    restored = await client.post(f"{path}/revert", json={"version": 1})
    assert restored.status_code == 200, restored.text
    assert restored.json()["created_at"] == source["created_at"]


async def test_a_claim_reverted_earlier_or_after_its_deletion_keeps_its_created_at(
    client: httpx.AsyncClient,
) -> None:
    claim = await make_claim(client)
    path = f"/v1/claims/{claim['id']}"
    await client.patch(path, json={"text": "Another text"})
    earlier = await client.post(f"{path}/revert", json={"version": 1})
    assert earlier.status_code == 200, earlier.text
    assert earlier.json()["created_at"] == claim["created_at"]
    assert (await client.delete(path)).status_code == 204
    restored = await client.post(f"{path}/revert", json={"version": 2})
    assert restored.status_code == 200, restored.text
    assert (restored.json()["text"], restored.json()["created_at"]) == (
        "Another text",
        claim["created_at"],
    )
    assert restored.json()["updated_at"] > claim["created_at"]
    listed = (await client.get("/v1/claims", params={"sort": "created_at"})).json()["items"]
    assert [item["created_at"] for item in listed] == [claim["created_at"]]


async def test_a_speaker_reverted_to_an_earlier_version_keeps_its_created_at(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client)
    path = f"/v1/speakers/{speaker['id']}"
    await client.patch(path, json={"name": "Renamed"})
    restored = (await client.post(f"{path}/revert", json={"version": 1})).json()
    assert (restored["name"], restored["created_at"]) == (speaker["name"], speaker["created_at"])
