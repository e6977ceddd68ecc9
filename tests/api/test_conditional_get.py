"""Conditional GETs: a client polling a list or a comparison gets 304 while nothing changed."""

import httpx

from tests.factories import make_claim, make_measure, make_speaker


async def _poll(client: httpx.AsyncClient, path: str, **params: str) -> httpx.Response:
    first = await client.get(path, params=params)
    assert first.status_code == 200, first.text
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"] == "no-cache"
    again = await client.get(path, params=params, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b"" and again.headers["etag"] == etag
    assert "content-type" not in again.headers
    return first


async def test_an_unchanged_list_is_304_and_a_write_changes_its_etag(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Poller")
    await make_claim(client, speaker=speaker, text="First")
    before = await _poll(client, "/v1/claims", speaker="poller")
    await make_claim(client, speaker=speaker, text="Second")
    after = await client.get(
        "/v1/claims",
        params={"speaker": "poller"},
        headers={"If-None-Match": before.headers["etag"]},
    )
    assert after.status_code == 200 and len(after.json()["items"]) == 2
    assert after.headers["etag"] != before.headers["etag"]
    other = await client.get(
        "/v1/claims", headers={"If-None-Match": f'"nope", W/{before.headers["etag"]}, "x"'}
    )
    assert other.status_code == 200  # another list: another body, another ETag


async def test_comparisons_charts_and_facets_answer_304_too(client: httpx.AsyncClient) -> None:
    measure = await make_measure(client, slug="polled-area")
    figure = {"measure_id": measure["id"], "value": 10, "unit": "km²"}
    await make_claim(client, speaker=await make_speaker(client), figures=[figure])
    await _poll(client, "/v1/measures/polled-area/comparison")
    await _poll(client, "/v1/measures/polled-area/chart.svg")
    await _poll(client, "/v1/claims/facets")


async def test_a_resource_keeps_its_version_etag_and_exports_stream_without_one(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Versioned")
    read = await client.get(f"/v1/speakers/{speaker['id']}")
    assert read.headers["etag"] == '"1"'
    same = await client.get(f"/v1/speakers/{speaker['id']}", headers={"If-None-Match": '"1"'})
    assert same.status_code == 200  # a version is for If-Match, not a validator of this body
    await make_claim(client, speaker=speaker)
    exported = await client.get("/v1/claims", params={"format": "ndjson"})
    assert exported.status_code == 200 and "etag" not in exported.headers
