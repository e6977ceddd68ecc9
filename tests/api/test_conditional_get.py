"""Conditional GETs: a client polling a list or a comparison gets 304 while nothing changed."""

import httpx

from tests.factories import make_claim, make_measure, make_source, make_speaker


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


async def _fresh(client: httpx.AsyncClient, path: str, tag: str) -> bool:
    """Whether a GET naming `tag` in If-None-Match is a 304 (and a well-formed one)."""
    answer = await client.get(path, headers={"If-None-Match": tag})
    if answer.status_code == 304:
        assert answer.content == b""
        assert tag == "*" or answer.headers["etag"] in tag.replace("W/", "").split(", ")
        assert answer.headers["cache-control"] == "no-cache"
        return True
    assert answer.status_code == 200, answer.text
    return False


async def test_a_speaker_source_measure_or_review_is_304_at_the_version_the_client_holds(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Versioned")
    claim = await make_claim(client, speaker=speaker)
    review = await client.post(
        f"/v1/claims/{claim['id']}/reviews",
        json={"reviewer": "Checkers", "rating_label": "True", "url": "https://check.example/1"},
    )
    assert review.status_code == 201, review.text
    paths = {
        "speaker": f"/v1/speakers/{speaker['id']}",
        "source": f"/v1/sources/{(await make_source(client))['id']}",
        "measure": f"/v1/measures/{(await make_measure(client))['id']}",
        "review": f"/v1/claims/{claim['id']}/reviews/{review.json()['id']}",
    }
    for what, path in paths.items():
        read = await client.get(path)
        assert read.headers["etag"] == '"1"', what
        assert read.headers["cache-control"] == "no-cache", what
        assert await _fresh(client, path, '"1"'), what
        assert await _fresh(client, path, 'W/"1"'), what  # If-None-Match compares weakly
        assert await _fresh(client, path, '"7", "1"'), what
        assert await _fresh(client, path, "*"), what
        assert not await _fresh(client, path, '"2"'), what
        change = {"source": {"title": "Changed"}, "review": {"summary": "Changed"}}
        changed = await client.patch(path, json=change.get(what, {"description": "Changed"}))
        assert changed.status_code == 200, changed.text
        assert not await _fresh(client, path, '"1"'), what
        assert await _fresh(client, path, '"2"'), what


async def test_a_claim_is_304_only_while_nothing_outside_it_changed_its_read_form(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Outside Changes")
    claim = await make_claim(client, speaker=speaker)
    path = f"/v1/claims/{claim['id']}"
    assert (await client.get(path)).headers["etag"] == '"1"'
    assert await _fresh(client, path, '"1"')
    # A speaker change the claim does not show leaves it as it was.
    quiet = await client.patch(f"/v1/speakers/{speaker['id']}", json={"description": "Quiet"})
    assert quiet.status_code == 200
    assert await _fresh(client, path, '"1"')
    # A review changes what the claim reads as, not its version: version 1 now has two forms,
    # and a client holding "1" may hold either, so "1" is never a 304 again.
    reviewed = await client.post(
        f"{path}/reviews",
        json={"reviewer": "Checkers", "rating_label": "False", "url": "https://check.example/2"},
    )
    assert reviewed.status_code == 201
    read = await client.get(path, headers={"If-None-Match": '"1"'})
    assert read.status_code == 200 and read.headers["etag"] == '"1"'
    assert [r["rating_label"] for r in read.json()["reviews"]] == ["False"]
    removed = await client.delete(f"{path}/reviews/{reviewed.json()['id']}")
    assert removed.status_code == 204
    assert not await _fresh(client, path, '"1"')
    # The claim's next version is read only in its new form: 304 again.
    changed = await client.patch(path, json={"text": "Said again, differently"})
    assert changed.status_code == 200 and changed.headers["etag"] == '"2"'
    assert await _fresh(client, path, '"2"')
    assert not await _fresh(client, path, '"1"')
    # A speaker renamed: the claim shows the new name, so "2" is no longer a 304.
    renamed = await client.patch(f"/v1/speakers/{speaker['id']}", json={"name": "Renamed"})
    assert renamed.status_code == 200
    read = await client.get(path, headers={"If-None-Match": '"2"'})
    assert read.status_code == 200 and read.json()["speaker_name"] == "Renamed"
    assert not await _fresh(client, path, "*")


async def test_a_claim_whose_measure_changes_its_slug_is_no_longer_304(
    client: httpx.AsyncClient,
) -> None:
    measure = await make_measure(client, slug="fresh-area")
    figure = {"measure": "fresh-area", "value": 10, "unit": "km²"}
    claim = await make_claim(client, figures=[figure])
    assert await _fresh(client, f"/v1/claims/{claim['id']}", '"1"')
    renamed = await client.patch(f"/v1/measures/{measure['id']}", json={"name": "Held area"})
    assert renamed.status_code == 200
    assert await _fresh(client, f"/v1/claims/{claim['id']}", '"1"')  # figures show the slug
    moved = await client.patch(f"/v1/measures/{measure['id']}", json={"slug": "held-area"})
    assert moved.status_code == 200
    assert not await _fresh(client, f"/v1/claims/{claim['id']}", '"1"')


async def test_a_streamed_export_is_tagged_by_the_datas_version_and_304_while_it_holds(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Exported")
    await make_claim(client, speaker=speaker, text="Exported once")
    for kind in ("csv", "ndjson"):
        params = {"format": kind, "speaker": "exported"}
        first = await client.get("/v1/claims", params=params)
        assert first.status_code == 200 and first.content
        tag = first.headers["etag"]
        assert tag.startswith('"') and first.headers["cache-control"] == "no-cache"
        again = await client.get("/v1/claims", params=params, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == tag
        other = await client.get(
            "/v1/claims", params={**params, "has_figures": "false"}, headers={"If-None-Match": tag}
        )
        assert other.status_code == 200 and other.headers["etag"] != tag  # another export
    params = {"format": "ndjson", "speaker": "exported"}
    tag = (await client.get("/v1/claims", params=params)).headers["etag"]
    await make_claim(client, speaker=speaker, text="Exported twice")
    after = await client.get("/v1/claims", params=params, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != tag
    assert [line for line in after.text.splitlines() if "Exported twice" in line]
    # A write elsewhere moves every export's tag too (the version is the whole data's).
    tag = after.headers["etag"]
    await make_speaker(client, name="Someone else")
    assert not await _fresh(client, "/v1/claims?format=ndjson&speaker=exported", tag)


async def test_an_export_that_would_fail_fails_whatever_if_none_match_says(
    client: httpx.AsyncClient,
) -> None:
    """A 304 says the client's copy is current: a request the export refuses (a name that
    names nothing, an impossible window) gets its error, not a 304, even for `*`."""
    await make_claim(client, speaker=await make_speaker(client, name="Exported"))
    for kind in ("csv", "ndjson"):
        tag = (await client.get("/v1/claims", params={"format": kind})).headers["etag"]
        for params, status in (
            ({"speaker": "no-such-speaker"}, 404),
            ({"said_from": "2025-01-01", "said_to": "2024-01-01"}, 422),
        ):
            for asked in ("*", tag):
                refused = await client.get(
                    "/v1/claims",
                    params={**params, "format": kind},
                    headers={"If-None-Match": asked},
                )
                assert refused.status_code == status, (kind, params, asked, refused.text)
                assert refused.headers["content-type"] == "application/problem+json"
                assert "etag" not in refused.headers


async def test_head_answers_wherever_get_does_with_gets_headers_and_no_body(
    client: httpx.AsyncClient,
) -> None:
    """RFC 9110 9.3.2: HEAD is GET without the body, on every resource (monitors and link
    checkers send it): the same status and headers, ETag and Cache-Control included, and a
    304 for a current If-None-Match."""
    speaker = await make_speaker(client, name="Headed")
    claim = await make_claim(client, speaker=speaker)
    paths = [
        f"/v1/speakers/{speaker['id']}",
        "/v1/speakers",
        f"/v1/claims/{claim['id']}",
        "/v1/claims",
        "/v1/claims/facets",
        "/v1/claims?format=csv",
        "/healthz",
    ]
    for path in paths:
        got = await client.get(path)
        head = await client.head(path)
        assert (head.status_code, head.content) == (got.status_code, b""), path
        for name in ("etag", "cache-control", "content-type", "link"):
            assert head.headers.get(name) == got.headers.get(name), (path, name)
        if "etag" in got.headers:
            current = await client.head(path, headers={"If-None-Match": got.headers["etag"]})
            assert current.status_code == 304, path
    missing = await client.head("/v1/speakers/999999")
    assert (missing.status_code, missing.content) == (404, b"")
