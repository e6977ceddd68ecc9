"""History: every version with who, when and what; revert makes an old version current again."""

import httpx

from tests.factories import make_claim, make_measure, make_source, make_speaker


async def test_history_lists_versions_with_actor_and_changes(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    speaker = await make_speaker(writer, name="V. Gladkov")
    path = f"/v1/speakers/{speaker['id']}"
    await writer.patch(path, json={"name": "Vyacheslav Gladkov"})
    await client.patch(path, json={"aliases": ["Gladkov"]})
    history = (await client.get(f"{path}/history")).json()["items"]
    assert [(h["version"], h["action"], h["actor"]) for h in history] == [
        (1, "create", "test-write"),
        (2, "update", "test-write"),
        (3, "update", "test-admin"),
    ]
    assert history[1]["changes"] == {"name": {"from": "V. Gladkov", "to": "Vyacheslav Gladkov"}}
    assert history[2]["snapshot"]["aliases"] == ["Gladkov"]


async def test_revert_makes_a_new_version_equal_to_the_old_one(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="First")
    path = f"/v1/speakers/{speaker['id']}"
    await client.patch(path, json={"name": "Second"})
    reverted = await client.post(f"{path}/revert", json={"version": 1})
    assert reverted.status_code == 200, reverted.text
    assert reverted.json()["name"] == "First" and reverted.json()["version"] == 3
    assert reverted.headers["etag"] == '"3"'
    last = (await client.get(f"{path}/history")).json()["items"][-1]
    assert (last["action"], last["reverted_to"]) == ("revert", 1)
    assert (await client.post(f"{path}/revert", json={"version": 9})).status_code == 404


async def test_claim_history_covers_figures_and_a_deleted_claim_comes_back(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="area")
    source = await make_source(client)
    claim = await make_claim(
        client,
        figures=[{"measure_id": "area", "value": 800, "unit": "km2"}],
        appearances=[{"source_id": source["id"]}],
    )
    path = f"/v1/claims/{claim['id']}"
    await client.patch(
        path,
        json={
            "figures": [
                {"measure_id": "area", "value": 1000, "unit": "km2", "qualifier": "more_than"}
            ]
        },
    )
    review = (
        await client.post(
            f"{path}/reviews",
            json={"reviewer": "Checker", "rating_label": "False", "url": "https://check.example/2"},
        )
    ).json()
    changes = (await client.get(f"{path}/history")).json()["items"][1]["changes"]
    assert (
        changes["figures"]["from"][0]["value"] == 800
        and changes["figures"]["to"][0]["value"] == 1000
    )
    assert (await client.delete(path)).status_code == 204
    assert (await client.get(path)).status_code == 404
    history = (await client.get(f"{path}/history")).json()["items"]
    assert [h["action"] for h in history] == ["create", "update", "delete"]
    restored = await client.post(f"{path}/revert", json={"version": 1})
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert body["id"] == claim["id"] and body["version"] == 4
    assert [f["value"] for f in body["figures"]] == [800]
    assert body["sources"][0]["id"] == source["id"]
    review_path = f"{path}/reviews/{review['id']}"
    assert [h["action"] for h in (await client.get(f"{review_path}/history")).json()["items"]] == [
        "create",
        "delete",
    ]
    back = await client.post(f"{review_path}/revert", json={"version": 1})
    assert back.status_code == 200 and back.json()["rating_label"] == "False"
    assert (await client.get(path)).json()["reviews"][0]["id"] == review["id"]


async def test_revert_refuses_the_deletion_version_and_a_missing_dependency(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client)
    claim = await make_claim(client, speaker=speaker)
    await client.delete(f"/v1/claims/{claim['id']}")
    deletion = await client.post(f"/v1/claims/{claim['id']}/revert", json={"version": 2})
    assert deletion.status_code == 422
    await client.delete(f"/v1/speakers/{speaker['id']}")
    orphan = await client.post(f"/v1/claims/{claim['id']}/revert", json={"version": 1})
    assert orphan.status_code == 422
    assert "speaker" in orphan.json()["detail"]


async def test_history_is_read_only(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    for method in ("put", "patch", "delete", "post"):
        response = await client.request(method, f"/v1/speakers/{speaker['id']}/history")
        assert response.status_code == 405


async def test_nothing_happened_has_no_history(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/speakers/12345/history")).status_code == 404
    assert (await client.get("/v1/claims/12345/reviews/1/history")).status_code == 404
