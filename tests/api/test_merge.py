"""Merging a speaker, source or measure into another, the old slug answering, and undoing it."""

from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_source, make_speaker

SQ_MI_IN_KM2 = 2.589988110336


async def _merge(client: httpx.AsyncClient, path: str, other: Any) -> httpx.Response:
    return await client.post(f"{path}/merge", json={"from": other})


async def _actions(client: httpx.AsyncClient, path: str) -> list[str]:
    items = (await client.get(f"{path}/history")).json()["items"]
    return [item["action"] for item in items]


async def test_merging_speakers_moves_claims_aliases_and_roles(client: httpx.AsyncClient) -> None:
    role = {"title": "Governor of Belgorod Oblast", "start": "2020-11-18"}
    keep = await make_speaker(client, name="Vyacheslav Gladkov", slug="gladkov", roles=[role])
    body = {
        "name": "V. Gladkov", "kind": "person", "slug": "v-gladkov",
        "aliases": ["vyacheslav gladkov", "Slava"], "roles": [role, {"title": "Mayor"}],
    }  # fmt: skip
    created = await client.post("/v1/speakers?duplicate=allow", json=body)
    assert created.status_code == 201, created.text
    gone = created.json()
    own = await make_claim(client, speaker=keep)
    moved = await make_claim(client, speaker=gone)
    response = await _merge(client, "/v1/speakers/gladkov", "v-gladkov")
    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged["aliases"] == ["V. Gladkov", "Slava"]
    assert [r["title"] for r in merged["roles"]] == ["Governor of Belgorod Oblast", "Mayor"]
    assert response.headers["etag"] == '"2"'
    claim = (await client.get(f"/v1/claims/{moved['id']}")).json()
    assert (claim["speaker_id"], claim["speaker_name"]) == (keep["id"], "Vyacheslav Gladkov")
    assert (await client.get(f"/v1/speakers/{gone['id']}")).status_code == 404
    by_old_slug = await client.get("/v1/speakers/v-gladkov")
    assert by_old_slug.status_code == 200 and by_old_slug.json()["id"] == keep["id"]
    listed = (await client.get("/v1/claims", params={"speaker": "v-gladkov"})).json()["items"]
    assert sorted(item["id"] for item in listed) == sorted([own["id"], moved["id"]])
    found = (await client.get("/v1/claims", params={"q": "Slava"})).json()["items"]
    assert sorted(item["id"] for item in found) == sorted([own["id"], moved["id"]])
    target_history = (await client.get(f"/v1/speakers/{keep['id']}/history")).json()["items"]
    last = target_history[-1]
    assert (last["action"], last["actor"]) == ("merge", "test-admin")
    assert last["changes"]["aliases"]["to"] == ["V. Gladkov", "Slava"]
    assert last["changes"]["merged_from"]["to"] == {"id": gone["id"], "slug": "v-gladkov"}
    assert last["changes"]["claims"]["to"] == [moved["id"]]
    assert await _actions(client, f"/v1/speakers/{gone['id']}") == ["create", "merged"]
    assert await _actions(client, f"/v1/claims/{moved['id']}") == ["create", "merge"]
    assert await _actions(client, f"/v1/claims/{own['id']}") == ["create"]


async def test_reverting_a_merged_speaker_undoes_the_merge(client: httpx.AsyncClient) -> None:
    keep = await make_speaker(client, name="Keep", slug="keep", aliases=["K"])
    gone = await make_speaker(client, name="Gone", slug="gone", roles=[{"title": "Mayor"}])
    own = await make_claim(client, speaker=keep)
    moved = await make_claim(client, speaker=gone)
    assert (await _merge(client, "/v1/speakers/keep", gone["id"])).status_code == 200
    path = f"/v1/speakers/{gone['id']}"
    reverted = await client.post(f"{path}/revert", json={"version": 1})
    assert reverted.status_code == 200, reverted.text
    assert (reverted.json()["slug"], reverted.json()["version"]) == ("gone", 3)
    assert await _actions(client, path) == ["create", "merged", "revert"]
    claim = (await client.get(f"/v1/claims/{moved['id']}")).json()
    assert (claim["speaker_id"], claim["speaker_name"]) == (gone["id"], "Gone")
    target = (await client.get("/v1/speakers/keep")).json()
    assert (target["aliases"], target["roles"], target["version"]) == (["K"], [], 3)
    assert await _actions(client, "/v1/speakers/keep") == ["create", "merge", "unmerge"]
    assert await _actions(client, f"/v1/claims/{moved['id']}") == ["create", "merge", "unmerge"]
    assert claim["version"] == 3
    by_slug = (await client.get("/v1/speakers/gone")).json()
    assert by_slug["id"] == gone["id"]
    listed = (await client.get("/v1/claims", params={"speaker": "keep"})).json()["items"]
    assert [item["id"] for item in listed] == [own["id"]]
    refused = await client.post(f"{path}/revert", json={"version": 2})
    assert refused.status_code == 422


async def test_merging_sources_moves_appearances_keeping_one_per_claim(
    client: httpx.AsyncClient,
) -> None:
    keep, gone = await make_source(client, title="Kept"), await make_source(client, title="Gone")
    both = await make_claim(
        client,
        appearances=[{"source_id": keep["id"]}, {"source_id": gone["id"], "excerpt": "Quote"}],
    )
    only = await make_claim(client, appearances=[{"source_id": gone["id"], "excerpt": "Other"}])
    response = await _merge(client, f"/v1/sources/{keep['id']}", gone["id"])
    assert response.status_code == 200, response.text
    claim = (await client.get(f"/v1/claims/{both['id']}")).json()
    assert claim["appearances"] == [{"source_id": keep["id"], "excerpt": "Quote"}]
    claim = (await client.get(f"/v1/claims/{only['id']}")).json()
    assert claim["sources"][0]["title"] == "Kept"
    listed = (await client.get("/v1/claims", params={"source": keep["id"]})).json()["items"]
    assert sorted(item["id"] for item in listed) == sorted([both["id"], only["id"]])
    assert await _actions(client, f"/v1/sources/{gone['id']}") == ["create", "merged"]
    assert await _actions(client, f"/v1/sources/{keep['id']}") == ["create", "merge"]
    reverted = await client.post(f"/v1/sources/{gone['id']}/revert", json={"version": 1})
    assert reverted.status_code == 200, reverted.text
    claim = (await client.get(f"/v1/claims/{both['id']}")).json()
    assert sorted(claim["appearances"], key=lambda a: a["source_id"]) == [
        {"source_id": keep["id"], "excerpt": None},
        {"source_id": gone["id"], "excerpt": "Quote"},
    ]
    claim = (await client.get(f"/v1/claims/{only['id']}")).json()
    assert claim["appearances"] == [{"source_id": gone["id"], "excerpt": "Other"}]


async def test_merging_measures_re_expresses_figures_in_the_target_unit(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="area", unit="km²")
    await make_measure(client, slug="old-area", unit="km²")
    claim = await make_claim(
        client, figures=[{"measure_id": "old-area", "value": 100, "unit": "sq mi"}]
    )
    await client.patch("/v1/measures/area", json={"unit": "ha"})
    response = await _merge(client, "/v1/measures/area", "old-area")
    assert response.status_code == 200, response.text
    figure = (await client.get(f"/v1/claims/{claim['id']}")).json()["figures"][0]
    assert (figure["measure"], figure["unit"]) == ("area", "sq mi")
    assert figure["normalized"]["unit"] == "ha"
    assert figure["normalized"]["value"] == pytest.approx(100 * SQ_MI_IN_KM2 * 100)
    listed = (await client.get("/v1/claims", params={"measure": "old-area"})).json()["items"]
    assert [item["id"] for item in listed] == [claim["id"]]
    assert (await client.get("/v1/measures/old-area")).json()["slug"] == "area"
    old = (await client.get("/v1/measures/area/history")).json()["items"][-1]["changes"]
    reverted = await client.post(
        f"/v1/measures/{old['merged_from']['to']['id']}/revert", json={"version": 1}
    )
    assert reverted.status_code == 200, reverted.text
    figure = (await client.get(f"/v1/claims/{claim['id']}")).json()["figures"][0]
    assert (figure["measure"], figure["normalized"]["unit"]) == ("old-area", "km²")
    assert figure["normalized"]["value"] == pytest.approx(100 * SQ_MI_IN_KM2)


async def test_a_slug_follows_merges_in_a_row_and_undoing_one_restores_the_path(
    client: httpx.AsyncClient,
) -> None:
    first, middle, last = [await make_speaker(client, slug=slug) for slug in ("a", "b", "c")]
    claim = await make_claim(client, speaker=first)
    assert (await _merge(client, "/v1/speakers/b", "a")).status_code == 200
    assert (await _merge(client, "/v1/speakers/c", "b")).status_code == 200
    assert (await client.get("/v1/speakers/a")).json()["id"] == last["id"]
    listed = (await client.get("/v1/claims", params={"speaker": "a"})).json()["items"]
    assert [item["id"] for item in listed] == [claim["id"]]
    assert (
        await client.post(f"/v1/speakers/{middle['id']}/revert", json={"version": 1})
    ).status_code == 200
    assert (await client.get("/v1/speakers/a")).json()["id"] == middle["id"]
    assert (await client.get(f"/v1/claims/{claim['id']}")).json()["speaker_id"] == middle["id"]


async def test_incompatible_units_refuse_the_merge_and_change_nothing(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="area", unit="km²")
    await make_measure(client, slug="people", name="People", unit="people")
    claim = await make_claim(
        client, figures=[{"measure_id": "people", "value": 12, "unit": "people"}]
    )
    response = await _merge(client, "/v1/measures/area", "people")
    assert response.status_code == 422, response.text
    figure_id = claim["figures"][0]["id"]
    assert f"figure {figure_id}" in response.json()["detail"]
    assert (await client.get("/v1/measures/people")).status_code == 200
    assert (await client.get("/v1/measures/area")).json()["version"] == 1
    unchanged = (await client.get(f"/v1/claims/{claim['id']}")).json()
    assert unchanged["figures"][0]["measure"] == "people"


async def test_merging_into_itself_is_422_and_an_unknown_one_404(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, slug="alone")
    response = await _merge(client, "/v1/speakers/alone", speaker["id"])
    assert response.status_code == 422
    assert (await client.get("/v1/speakers/alone")).json()["version"] == 1
    assert (await _merge(client, "/v1/speakers/alone", "nobody")).status_code == 404
    assert (await _merge(client, "/v1/speakers/nobody", "alone")).status_code == 404


async def test_a_write_key_may_not_merge(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    keep, gone = await make_speaker(writer), await make_speaker(writer)
    response = await _merge(writer, f"/v1/speakers/{keep['id']}", gone["id"])
    assert response.status_code == 403
    assert (await client.get(f"/v1/speakers/{gone['id']}")).status_code == 200
