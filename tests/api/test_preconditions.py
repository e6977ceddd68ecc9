"""If-Match on every write that changes or deletes a versioned resource.

A stale version, or a weak ETag (RFC 9110 compares If-Match strongly), changes nothing and
answers 412 with the current ETag; `*` and the current strong ETag let the write through.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_source, make_speaker


@dataclass(frozen=True)
class Target:
    """A versioned resource: how to make one, its path, and a change to send it."""

    name: str
    make: Callable[[httpx.AsyncClient], Awaitable[str]]
    change: dict[str, Any]


async def _speaker(client: httpx.AsyncClient) -> str:
    return f"/v1/speakers/{(await make_speaker(client))['id']}"


async def _source(client: httpx.AsyncClient) -> str:
    return f"/v1/sources/{(await make_source(client))['id']}"


async def _measure(client: httpx.AsyncClient) -> str:
    return f"/v1/measures/{(await make_measure(client))['id']}"


async def _claim(client: httpx.AsyncClient) -> str:
    return f"/v1/claims/{(await make_claim(client))['id']}"


async def _review(client: httpx.AsyncClient) -> str:
    claim = await make_claim(client)
    base = f"/v1/claims/{claim['id']}/reviews"
    created = await client.post(
        base, json={"reviewer": "Checker", "rating_label": "False", "url": "https://c.example/1"}
    )
    assert created.status_code == 201, created.text
    return f"{base}/{created.json()['id']}"


TARGETS = [
    Target("speaker", _speaker, {"name": "Renamed speaker"}),
    Target("source", _source, {"title": "Renamed source"}),
    Target("measure", _measure, {"name": "Renamed measure"}),
    Target("claim", _claim, {"text": "Edited claim text"}),
    Target("review", _review, {"rating_label": "Misleading"}),
]


async def _bump(client: httpx.AsyncClient, target: Target, path: str) -> dict[str, Any]:
    """Change the resource once, so that version 1 is stale."""
    response = await client.patch(path, json=target.change, headers={"If-Match": '"1"'})
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"2"'
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
async def test_stale_if_match_on_patch_is_412_and_changes_nothing(
    client: httpx.AsyncClient, target: Target
) -> None:
    path = await target.make(client)
    before = await _bump(client, target, path)
    key, value = next(iter(target.change.items()))
    stale = await client.patch(path, json={key: f"{value} again"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412, stale.text
    assert stale.headers["content-type"] == "application/problem+json"
    assert stale.headers["etag"] == '"2"'
    assert stale.json()["current_version"] == 2
    assert (await client.get(path)).json() == before


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
async def test_stale_if_match_on_delete_is_412_and_deletes_nothing(
    client: httpx.AsyncClient, target: Target
) -> None:
    path = await target.make(client)
    before = await _bump(client, target, path)
    stale = await client.delete(path, headers={"If-Match": '"1"'})
    assert stale.status_code == 412, stale.text
    assert stale.headers["etag"] == '"2"'
    assert (await client.get(path)).json() == before
    assert (await client.delete(path, headers={"If-Match": '"2"'})).status_code == 204
    assert (await client.get(path)).status_code == 404


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
async def test_weak_etag_never_matches(client: httpx.AsyncClient, target: Target) -> None:
    path = await target.make(client)
    original = (await client.get(path)).json()
    weak = await client.patch(path, json=target.change, headers={"If-Match": 'W/"1"'})
    assert weak.status_code == 412, weak.text
    assert weak.headers["etag"] == '"1"'
    assert "weak ETag never matches" in weak.json()["detail"]
    assert (await client.delete(path, headers={"If-Match": 'W/"1"'})).status_code == 412
    assert (await client.get(path)).json() == original


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
async def test_if_match_star_matches_any_version(client: httpx.AsyncClient, target: Target) -> None:
    path = await target.make(client)
    await _bump(client, target, path)
    key, value = next(iter(target.change.items()))
    changed = await client.patch(path, json={key: f"{value} twice"}, headers={"If-Match": " * "})
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 3
    assert changed.headers["etag"] == '"3"'
    assert (await client.delete(path, headers={"If-Match": "*"})).status_code == 204


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
async def test_an_if_match_list_matches_any_version_it_names(
    client: httpx.AsyncClient, target: Target
) -> None:
    """RFC 9110 13.1.1: If-Match is a list, one header line or several; the change goes
    through when one of its strong tags is current, and is a 412 naming them otherwise (a weak
    tag in the list matches nothing)."""
    path = await target.make(client)
    await _bump(client, target, path)  # now at version 2
    original = (await client.get(path)).json()
    for stale in ('"1", "3"', 'W/"2", "1"', ' "1" ,"4" '):
        refused = await client.patch(path, json=target.change, headers={"If-Match": stale})
        assert refused.status_code == 412, (stale, refused.text)
        assert refused.json()["current_version"] == 2
        assert (await client.get(path)).json() == original
    named = await client.patch(path, json=target.change, headers={"If-Match": '"3", "1"'})
    assert "at version 2, not 1, 3" in named.json()["detail"]
    lines = [("If-Match", '"9"'), ("If-Match", '"2"')]  # two header lines, the second current
    key, value = next(iter(target.change.items()))
    changed = await client.patch(path, json={key: f"{value} again"}, headers=httpx.Headers(lines))
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] == '"3"'
    listed = await client.delete(path, headers={"If-Match": '"1", W/"3", "3"'})
    assert listed.status_code == 204, listed.text


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
async def test_a_revert_honours_if_match_too(client: httpx.AsyncClient, target: Target) -> None:
    """POST …/revert changes the resource as a PATCH does: If-Match names the version last
    read (412 and nothing reverted when it is stale or weak; a list or `*` as for any change);
    a deleted resource has no version to name, so only a revert without If-Match (or `*`)
    brings it back."""
    path = await target.make(client)
    await _bump(client, target, path)  # now at version 2
    changed = (await client.get(path)).json()
    for stale in ('"1"', 'W/"2"', '"3", "1"'):
        refused = await client.post(
            f"{path}/revert", json={"version": 1}, headers={"If-Match": stale}
        )
        assert refused.status_code == 412, (stale, refused.text)
        assert refused.json()["current_version"] == 2
        assert (await client.get(path)).json() == changed
    malformed = await client.post(f"{path}/revert", json={"version": 1}, headers={"If-Match": "x"})
    assert malformed.status_code == 400
    reverted = await client.post(
        f"{path}/revert", json={"version": 1}, headers={"If-Match": '"1", "2"'}
    )
    assert reverted.status_code == 200, reverted.text
    assert reverted.headers["etag"] == '"3"'
    assert (await client.delete(path, headers={"If-Match": '"3"'})).status_code == 204
    gone = await client.post(f"{path}/revert", json={"version": 1}, headers={"If-Match": '"3"'})
    assert gone.status_code == 412, gone.text
    assert "is deleted" in gone.json()["detail"]
    assert (await client.get(path)).status_code == 404
    back = await client.post(f"{path}/revert", json={"version": 1}, headers={"If-Match": "*"})
    assert back.status_code == 200, back.text
