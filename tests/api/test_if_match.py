"""If-Match on a change, every spelling HTTP allows, on both engines (found by mutation testing)."""

import httpx
import pytest

from app.settings import Settings
from tests.factories import make_speaker


@pytest.mark.parametrize("if_match", ['"1"', ' \t"1" ', "*", " * "])
async def test_every_form_of_the_current_version_lets_a_change_through(
    client: httpx.AsyncClient, if_match: str
) -> None:
    speaker = await make_speaker(client)
    path = f"/v1/speakers/{speaker['id']}"
    changed = await client.patch(path, json={"name": "New"}, headers={"If-Match": if_match})
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] == '"2"'
    assert (await client.get(path)).json()["name"] == "New"


async def test_a_stale_version_gets_412_with_the_current_one(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    path = f"/v1/speakers/{speaker['id']}"
    await client.patch(path, json={"name": "Second"}, headers={"If-Match": '"1"'})
    stale = await client.patch(path, json={"name": "Lost"}, headers={"If-Match": ' "1"\t'})
    assert stale.status_code == 412
    assert stale.headers["etag"] == '"2"'
    problem = stale.json()
    assert problem["current_version"] == 2
    assert "at version 2, not 1" in problem["detail"]
    assert (await client.get(path)).json()["name"] == "Second"


@pytest.mark.parametrize("if_match", ['"1', "1", '"-1"', '"1" "2"', '"1"x', '"1", x', '"1",,"2"'])
async def test_a_malformed_if_match_is_400_and_changes_nothing(
    client: httpx.AsyncClient, if_match: str
) -> None:
    speaker = await make_speaker(client)
    path = f"/v1/speakers/{speaker['id']}"
    response = await client.patch(path, json={"name": "New"}, headers={"If-Match": if_match})
    assert response.status_code == 400
    assert "If-Match must be an ETag" in response.json()["detail"]
    assert (await client.get(path)).json()["version"] == 1


async def test_only_a_bare_star_matches_any_version(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    path = f"/v1/speakers/{speaker['id']}"
    response = await client.patch(path, json={"name": "New"}, headers={"If-Match": "X*X"})
    assert response.status_code == 400
    assert (await client.get(path)).json()["version"] == 1


async def test_a_long_malformed_if_match_is_quoted_back_only_in_part(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client)
    sent = "v" * 60
    path = f"/v1/speakers/{speaker['id']}"
    response = await client.patch(path, json={"name": "New"}, headers={"If-Match": sent})
    assert response.status_code == 400
    assert response.json()["detail"].endswith(repr("v" * 40))


async def test_without_if_match_a_change_goes_through_unless_required(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    speaker = await make_speaker(client)
    path = f"/v1/speakers/{speaker['id']}"
    assert (await client.patch(path, json={"name": "Free"})).status_code == 200
    settings.require_if_match = True
    try:
        missing = await client.patch(path, json={"name": "Blocked"})
    finally:
        settings.require_if_match = False
    assert missing.status_code == 428
    assert missing.json()["detail"].startswith("this server requires If-Match")
    assert (await client.get(path)).json()["name"] == "Free"
