"""What a merge and its undoing write down: history entries, errors, If-Match, other kinds' merges.

Found by mutation testing (tests/MUTATION.md): test_merge.py checked that things moved, not the
exact record a merge leaves, nor that merges of one kind leave another kind's merges alone.
"""

from typing import Any

import httpx

from tests.factories import make_claim, make_source, make_speaker


async def _merge(
    client: httpx.AsyncClient, path: str, other: Any, **headers: str
) -> httpx.Response:
    return await client.post(f"{path}/merge", json={"from": other}, headers=headers)


async def _history(client: httpx.AsyncClient, path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = (await client.get(f"{path}/history")).json()["items"]
    return items


async def _found(client: httpx.AsyncClient, words: str) -> list[int]:
    items = (await client.get("/v1/claims", params={"q": words})).json()["items"]
    return sorted(item["id"] for item in items)


async def test_a_merge_and_its_undoing_are_recorded_on_both_sides(
    client: httpx.AsyncClient,
) -> None:
    keep = await make_speaker(client, name="Keep", slug="keep")
    gone = await make_speaker(client, name="Gone", slug="gone", aliases=["Zorbatov"])
    own = await make_claim(client, speaker=keep)
    moved = await make_claim(client, speaker=gone)
    assert (await _merge(client, "/v1/speakers/keep", "gone")).status_code == 200
    merge = (await _history(client, "/v1/speakers/keep"))[-1]
    assert merge["action"] == "merge"
    assert merge["changes"]["merged_from"] == {
        "from": None,
        "to": {"id": gone["id"], "slug": "gone"},
    }
    assert merge["changes"]["claims"] == {"from": None, "to": [moved["id"]]}
    merged = (await _history(client, f"/v1/speakers/{gone['id']}"))[-1]
    assert (merged["action"], merged["version"]) == ("merged", 2)
    assert merged["changes"] == {
        "merged_into": {"from": None, "to": {"id": keep["id"], "slug": "keep"}}
    }
    assert await _found(client, "Zorbatov") == sorted([own["id"], moved["id"]])

    reverted = await client.post(f"/v1/speakers/{gone['id']}/revert", json={"version": 1})
    assert reverted.status_code == 200, reverted.text
    unmerge = (await _history(client, "/v1/speakers/keep"))[-1]
    assert unmerge["action"] == "unmerge"
    assert unmerge["changes"]["merged_from"] == {
        "from": {"id": gone["id"], "slug": "gone"},
        "to": None,
    }
    assert unmerge["changes"]["aliases"] == {"from": ["Gone", "Zorbatov"], "to": []}
    # the target's own claims no longer answer to the name it gave back; the moved one does
    assert await _found(client, "Zorbatov") == [moved["id"]]


async def test_a_merge_leaves_earlier_merges_into_other_resources_alone(
    client: httpx.AsyncClient,
) -> None:
    for slug in ("a", "b", "c", "d"):
        await make_speaker(client, slug=slug)
    assert (await _merge(client, "/v1/speakers/b", "a")).status_code == 200
    assert (await _merge(client, "/v1/speakers/d", "c")).status_code == 200
    assert (await client.get("/v1/speakers/a")).json()["slug"] == "b"
    assert (await client.get("/v1/speakers/c")).json()["slug"] == "d"


async def test_a_stale_if_match_refuses_the_merge(client: httpx.AsyncClient) -> None:
    keep = await make_speaker(client, slug="keep")
    await make_speaker(client, slug="gone")
    await client.patch("/v1/speakers/keep", json={"description": "Second version"})
    stale = await _merge(client, "/v1/speakers/keep", "gone", **{"If-Match": '"1"'})
    assert stale.status_code == 412, stale.text
    assert (await client.get("/v1/speakers/gone")).json()["slug"] == "gone"
    assert (await client.get("/v1/speakers/keep")).json()["version"] == 2
    fresh = await _merge(client, "/v1/speakers/keep", "gone", **{"If-Match": '"2"'})
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["id"] == keep["id"]


async def test_merge_errors_name_the_field_and_the_missing_resource(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, slug="alone")
    itself = await _merge(client, "/v1/speakers/alone", speaker["id"])
    assert itself.status_code == 422
    problem = itself.json()
    assert problem["detail"] == "a speaker cannot be merged into itself"
    assert [error["loc"] for error in problem["errors"]] == [["body", "from"]]
    unknown = await _merge(client, "/v1/speakers/alone", "nobody")
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "speaker nobody does not exist"


async def _speaker_and_source_sharing_an_id(
    client: httpx.AsyncClient, *, slug: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new speaker (this slug) and a new source with the same id: whichever kind's ids are
    behind gets fillers first (each table's ids count up by one, but from wherever earlier
    tests left them: SQLite does not reuse the ids of emptied tables)."""
    speaker_id = (await make_speaker(client))["id"]
    source_id = (await make_source(client))["id"]
    while speaker_id != source_id:
        if speaker_id < source_id:
            speaker_id = (await make_speaker(client))["id"]
        else:
            source_id = (await make_source(client))["id"]
    speaker, source = await make_speaker(client, slug=slug), await make_source(client)
    assert speaker["id"] == source["id"]
    return speaker, source


async def test_merges_of_one_kind_leave_another_kinds_merges_alone(
    client: httpx.AsyncClient,
) -> None:
    """A source and a speaker that share an id: each kind's merges are its own."""
    await make_speaker(client, slug="a")
    b, shared = await _speaker_and_source_sharing_an_id(client, slug="b")
    assert (await _merge(client, "/v1/speakers/b", "a")).status_code == 200
    target = await make_source(client, title="Target")
    claim = await make_claim(client, speaker=b, appearances=[{"source_id": shared["id"]}])
    merged = await _merge(client, f"/v1/sources/{target['id']}", shared["id"])
    assert merged.status_code == 200, merged.text
    # merging source b.id away does not send the speaker slug "a" on to the source's target
    assert (await client.get("/v1/speakers/a")).json()["id"] == b["id"]

    # reverting speaker b.id does not undo the merge of source b.id
    reverted = await client.post(f"/v1/speakers/{b['id']}/revert", json={"version": 1})
    assert reverted.status_code == 200, reverted.text
    actions = [entry["action"] for entry in await _history(client, f"/v1/claims/{claim['id']}")]
    assert actions == ["create", "merge"]
    shown = (await client.get(f"/v1/claims/{claim['id']}")).json()
    assert shown["appearances"] == [{"source_id": target["id"], "excerpt": None}]
    # ... which its own revert still does
    back = await client.post(f"/v1/sources/{shared['id']}/revert", json={"version": 1})
    assert back.status_code == 200, back.text
    shown = (await client.get(f"/v1/claims/{claim['id']}")).json()
    assert shown["appearances"] == [{"source_id": shared["id"], "excerpt": None}]
