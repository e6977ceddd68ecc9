"""Speakers: CRUD, slugs, versions and ETags, deletion guarded by use."""

import httpx

from tests.factories import make_claim, make_speaker

GLADKOV = {
    "name": "Vyacheslav Gladkov",
    "aliases": ["Gladkov"],
    "roles": [{"title": "Governor of Belgorod Oblast", "start": "2020-11-18"}],
}


async def test_create_makes_slug_from_name_and_answers_to_it(client: httpx.AsyncClient) -> None:
    created = await make_speaker(client, **GLADKOV)
    assert created["slug"] == "vyacheslav-gladkov"
    assert created["version"] == 1
    by_slug = await client.get("/v1/speakers/vyacheslav-gladkov")
    assert by_slug.status_code == 200
    assert by_slug.json()["id"] == created["id"]
    assert by_slug.headers["etag"] == '"1"'


async def test_a_name_in_another_script_gets_a_transliterated_slug_that_finds_its_claims(
    client: httpx.AsyncClient,
) -> None:
    """A Cyrillic name is spelled in Latin letters (it was "item" for every such name, the
    second one "item-2"): the slug reads as the name and `?speaker=<slug>` lists the claims."""
    ukrainian = await make_speaker(client, name="Володимир Зеленський")
    russian = await make_speaker(client, name="Алексей Смирнов")
    irish = await make_speaker(client, name="Seán O'Brien")
    assert (ukrainian["slug"], russian["slug"], irish["slug"]) == (
        "volodimir-zelenskiy",
        "aleksey-smirnov",
        "sean-obrien",
    )
    claim = await make_claim(client, speaker=ukrainian)
    listed = await client.get("/v1/claims", params={"speaker": "volodimir-zelenskiy"})
    assert [item["id"] for item in listed.json()["items"]] == [claim["id"]]


async def test_a_second_speaker_of_a_name_gets_the_next_free_slug(
    client: httpx.AsyncClient,
) -> None:
    first = await make_speaker(client, name="John Smith")
    response = await client.post(
        "/v1/speakers", params={"duplicate": "allow"}, json={"name": "John Smith"}
    )
    assert response.status_code == 201, response.text
    assert (first["slug"], response.json()["slug"]) == ("john-smith", "john-smith-2")


async def test_taken_slug_is_a_conflict(client: httpx.AsyncClient) -> None:
    await make_speaker(client, slug="isw", name="ISW")
    response = await client.post("/v1/speakers", json={"slug": "isw", "name": "Other"})
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "isw" in response.json()["detail"]


async def test_patch_bumps_version_and_stale_if_match_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, **GLADKOV)
    path = f"/v1/speakers/{speaker['id']}"
    changed = await client.patch(
        path, json={"aliases": ["Gladkov", "Belgorod governor"]}, headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    assert changed.headers["etag"] == '"2"'
    stale = await client.patch(path, json={"name": "Someone else"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert (await client.get(path)).json()["name"] == "Vyacheslav Gladkov"


async def test_patch_without_change_keeps_version(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="Same Name")
    response = await client.patch(f"/v1/speakers/{speaker['id']}", json={"name": "Same Name"})
    assert response.json()["version"] == 1


async def test_required_field_cannot_be_nulled(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    response = await client.patch(f"/v1/speakers/{speaker['id']}", json={"name": None})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["body", "name"], "msg": "name cannot be null", "type": "value_error"}
    ]
    claim = await make_claim(client, speaker=speaker)
    for field in ("said_on", "text", "speaker_id"):
        nulled = await client.patch(f"/v1/claims/{claim['id']}", json={field: None})
        assert nulled.status_code == 422, nulled.text
        assert nulled.json()["errors"][0]["loc"] == ["body", field]
    assert (await client.get(f"/v1/speakers/{speaker['id']}")).json()["version"] == 1


async def test_delete_refused_while_claims_use_the_speaker(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    claim = await make_claim(client, speaker=speaker)
    refused = await client.delete(f"/v1/speakers/{speaker['id']}")
    assert refused.status_code == 409
    problem = refused.json()
    assert str(claim["id"]) in problem["detail"]
    assert problem["used_by"] == {"kind": "claim", "count": 1, "ids": [claim["id"]]}
    assert (await client.delete(f"/v1/claims/{claim['id']}")).status_code == 204
    assert (await client.delete(f"/v1/speakers/{speaker['id']}")).status_code == 204
    assert (await client.get(f"/v1/speakers/{speaker['id']}")).status_code == 404


async def test_list_pages_with_cursor_and_link(client: httpx.AsyncClient) -> None:
    for index in range(5):
        await make_speaker(client, name=f"Person {index}")
    first = await client.get("/v1/speakers", params={"limit": 2, "count": "true"})
    body = first.json()
    assert [item["name"] for item in body["items"]] == ["Person 0", "Person 1"]
    assert body["total"] == 5
    assert 'rel="next"' in first.headers["link"]
    seen = [item["id"] for item in body["items"]]
    cursor = body["next_cursor"]
    while cursor:
        page = (await client.get("/v1/speakers", params={"limit": 2, "cursor": cursor})).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5


async def test_role_with_start_after_end_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/speakers",
        json={
            "name": "X",
            "roles": [{"title": "Mayor", "start": "2024-01-02", "end": "2024-01-01"}],
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][:3] == ["body", "roles", 0]
