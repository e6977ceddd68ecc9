"""Repeat links: an editor links, confirms and unlinks claims said again elsewhere; read forms
show repeat_of, repeats and the group's reviews; collapse=repeats lists originals only."""

from typing import Any

import httpx
import orjson

from tests.factories import make_claim, make_measure, make_speaker

REVIEW = {
    "reviewer": "Fact desk",
    "url": "https://checks.example/1",
    "rating_label": "Mostly true",
    "rating_value": 4,
    "best_rating": 5,
    "worst_rating": 1,
    "reviewed_on": "2024-08-15",
}


async def _get(client: httpx.AsyncClient, claim_id: int) -> dict[str, Any]:
    response = await client.get(f"/v1/claims/{claim_id}")
    assert response.status_code == 200, response.text
    claim: dict[str, Any] = response.json()
    return claim


async def _link(client: httpx.AsyncClient, claim_id: int, repeat_of: int) -> httpx.Response:
    return await client.put(f"/v1/claims/{claim_id}/repeat-of", json={"claim_id": repeat_of})


async def _three(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    texts = [
        "The reservoir holds 40 million cubic metres",
        "The reservoir still holds forty million cubic metres, an outlet reported",
        "Forty million cubic metres remain in the reservoir, said the mayor",
    ]
    return [await make_claim(client, speaker=await make_speaker(client), text=t) for t in texts]


async def test_an_editor_links_a_repeat_and_both_read_forms_show_it(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    original, repeat, _other = await _three(client)
    fresh = await _get(client, original["id"])
    assert fresh["repeat_of"] is None
    assert fresh["repeats"] == []
    assert fresh["known_reviews"] == []
    review = await client.post(f"/v1/claims/{original['id']}/reviews", json=REVIEW)
    assert review.status_code == 201, review.text

    linked = await _link(writer, repeat["id"], original["id"])
    assert linked.status_code == 200, linked.text
    link = linked.json()["repeat_of"]
    assert link["claim_id"] == original["id"]
    assert link["how"] == "editor"
    assert link["linked_by"] == "test-write"
    assert link["confirmed"] is True
    assert link["score"] is None
    assert [r["url"] for r in linked.json()["known_reviews"]] == [REVIEW["url"]]
    assert linked.json()["reviews"] == []
    after = await _get(client, original["id"])
    assert after["repeats"] == [repeat["id"]]
    assert after["known_reviews"] == []  # its own review is in `reviews`, not known_reviews
    assert len(after["reviews"]) == 1


async def test_a_review_added_later_reaches_every_claim_of_the_group(
    client: httpx.AsyncClient,
) -> None:
    original, repeat, third = await _three(client)
    assert (await _link(client, repeat["id"], original["id"])).status_code == 200
    assert (await _link(client, third["id"], original["id"])).status_code == 200
    review = await client.post(f"/v1/claims/{repeat['id']}/reviews", json=REVIEW)
    assert review.status_code == 201, review.text
    for claim in (original, third):
        known = (await _get(client, claim["id"]))["known_reviews"]
        assert [(r["claim_id"], r["url"]) for r in known] == [(repeat["id"], REVIEW["url"])]
    assert (await _get(client, repeat["id"]))["known_reviews"] == []
    deleted = await client.delete(f"/v1/claims/{repeat['id']}/reviews/{review.json()['id']}")
    assert deleted.status_code == 204, deleted.text
    assert (await _get(client, third["id"]))["known_reviews"] == []


async def test_a_link_to_a_repeat_goes_to_its_original_and_an_original_brings_its_repeats(
    client: httpx.AsyncClient,
) -> None:
    original, repeat, third = await _three(client)
    assert (await _link(client, repeat["id"], original["id"])).status_code == 200
    via = await _link(client, third["id"], repeat["id"])
    assert via.status_code == 200, via.text
    assert via.json()["repeat_of"]["claim_id"] == original["id"]
    assert (await _get(client, original["id"]))["repeats"] == sorted([repeat["id"], third["id"]])
    # The original, linked to a claim of its own, takes its repeats along.
    fourth = await make_claim(client, text="The reservoir is at forty million cubic metres")
    moved = await _link(client, original["id"], fourth["id"])
    assert moved.status_code == 200, moved.text
    assert (await _get(client, fourth["id"]))["repeats"] == sorted(
        [original["id"], repeat["id"], third["id"]]
    )
    assert (await _get(client, third["id"]))["repeat_of"]["claim_id"] == fourth["id"]


async def test_impossible_links_are_refused_and_change_nothing(client: httpx.AsyncClient) -> None:
    original, repeat, _third = await _three(client)
    itself = await _link(client, original["id"], original["id"])
    assert itself.status_code == 422
    assert itself.headers["content-type"] == "application/problem+json"
    assert itself.json()["errors"][0]["loc"] == ["body", "claim_id"]
    missing = await _link(client, original["id"], 10**9)
    assert missing.status_code == 422
    assert "does not exist" in missing.json()["detail"]
    assert (await _link(client, 10**9, original["id"])).status_code == 404
    assert (await _link(client, repeat["id"], original["id"])).status_code == 200
    circle = await _link(client, original["id"], repeat["id"])
    assert circle.status_code == 409
    assert (
        f"claim {repeat['id']} is linked as a repeat of claim {original['id']}"
        in (circle.json()["detail"])
    )
    assert (await _get(client, original["id"]))["repeat_of"] is None
    bad = await client.put(f"/v1/claims/{repeat['id']}/repeat-of", json={"claim": 1})
    assert bad.status_code == 422


async def test_unlinking_is_recorded_and_a_second_unlink_is_404(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    original, repeat, _third = await _three(client)
    never = await client.get(f"/v1/claims/{repeat['id']}/repeat-of/history")
    assert never.status_code == 200
    assert never.json()["items"] == []
    assert (await client.get("/v1/claims/999999999/repeat-of/history")).status_code == 404
    assert (await _link(client, repeat["id"], original["id"])).status_code == 200
    assert (await client.delete(f"/v1/claims/{repeat['id']}/repeat-of")).status_code == 204
    again = await writer.delete(f"/v1/claims/{repeat['id']}/repeat-of")
    assert again.status_code == 404
    assert "is not linked" in again.json()["detail"]
    assert (await _get(client, repeat["id"]))["repeat_of"] is None
    assert (await _get(client, original["id"]))["repeats"] == []
    history = (await client.get(f"/v1/claims/{repeat['id']}/repeat-of/history")).json()["items"]
    assert [(h["version"], h["action"], h["actor"]) for h in history] == [
        (1, "link", "test-admin"),
        (2, "unlink", "test-admin"),
    ]
    assert history[1]["changes"]["repeat_of"] == {"from": original["id"], "to": None}


async def test_deleting_an_original_unlinks_its_repeats_in_their_history(
    client: httpx.AsyncClient,
) -> None:
    original, repeat, third = await _three(client)
    for claim in (repeat, third):
        assert (await _link(client, claim["id"], original["id"])).status_code == 200
    assert (await client.delete(f"/v1/claims/{original['id']}")).status_code == 204
    for claim in (repeat, third):
        assert (await _get(client, claim["id"]))["repeat_of"] is None
        path = f"/v1/claims/{claim['id']}/repeat-of/history"
        history = (await client.get(path)).json()["items"]
        assert [h["action"] for h in history] == ["link", "unlink"]


async def test_collapse_repeats_lists_each_original_once(client: httpx.AsyncClient) -> None:
    original, repeat, third = await _three(client)
    assert (await _link(client, repeat["id"], original["id"])).status_code == 200

    async def ids(**params: str) -> list[int]:
        response = await client.get("/v1/claims", params={"q": "reservoir", **params})
        assert response.status_code == 200, response.text
        return sorted(item["id"] for item in response.json()["items"])

    assert await ids() == sorted([original["id"], repeat["id"], third["id"]])
    assert await ids(collapse="repeats") == sorted([original["id"], third["id"]])
    assert (await client.get("/v1/claims", params={"collapse": "all"})).status_code == 422
    exported = await client.get("/v1/claims", params={"format": "ndjson", "collapse": "repeats"})
    assert exported.status_code == 200
    assert repeat["text"] not in exported.text
    assert original["text"] in exported.text


SEIZED = "Ukraine has seized more than 1,000 square kilometres of the Kursk region since August 6"
PARAPHRASE = "Over a thousand km² of the Kursk region have been seized by Ukraine since 6 August"


async def _seized(client: httpx.AsyncClient) -> dict[str, Any]:
    measure = await make_measure(client)
    figure = {"measure_id": measure["id"], "value": 1000, "unit": "km²", "qualifier": "more_than"}
    return await make_claim(client, text=SEIZED, figures=[figure])


async def test_match_similar_refuses_a_repeat_and_allowed_links_it(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    original = await _seized(client)
    other = await make_speaker(client)
    body = {"speaker_id": other["id"], "text": PARAPHRASE, "said_on": "2024-08-15"}
    refused = await writer.post("/v1/claims", params={"match": "similar"}, json=body)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["matches"][0]["id"] == original["id"]
    assert problem["matches"][0]["relation"] == "repeat"
    assert problem["existing"]["url"] == f"/v1/claims/{original['id']}"
    assert "?duplicate=allow" in problem["detail"]
    listed = await client.get("/v1/claims", params={"speaker": other["id"]})
    assert listed.json()["items"] == []  # nothing written

    made = await writer.post(
        "/v1/claims", params={"match": "similar", "duplicate": "allow"}, json=body
    )
    assert made.status_code == 201, made.text
    link = made.json()["repeat_of"]
    assert link["claim_id"] == original["id"]
    assert (link["how"], link["linked_by"], link["confirmed"]) == ("matching", "test-write", False)
    assert link["score"] >= problem["matches"][0]["score"] - 1e-9
    assert (await _get(client, original["id"]))["repeats"] == [made.json()["id"]]
    confirmed = await _link(client, made.json()["id"], original["id"])
    assert confirmed.json()["repeat_of"]["confirmed"] is True
    path = f"/v1/claims/{made.json()['id']}/repeat-of/history"
    history = (await client.get(path)).json()["items"]
    assert [(h["action"], h["actor"]) for h in history] == [
        ("link", "test-write"),
        ("confirm", "test-admin"),
    ]


async def test_match_similar_reports_bad_references_before_any_match(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    """A body that repeats a stored claim but names no speaker and no measure that exist is a
    422 naming both, as without matching: a 409 or a 404 would hide what to fix."""
    original = await _seized(client)
    body = {
        "speaker_id": 999_999,
        "text": original["text"],
        "said_on": original["said_on"],
        "figures": [{"measure_id": 999_999, "value": 1000, "unit": "km2"}],
    }
    for params in ({"match": "similar"}, {"match": "similar", "duplicate": "allow"}, {}):
        response = await writer.post("/v1/claims", params=params, json=body)
        assert response.status_code == 422, (params, response.text)
        locs = [error["loc"] for error in response.json()["errors"]]
        assert ["body", "speaker_id"] in locs
        assert ["body", "figures", 0, "measure_id"] in locs


async def test_without_match_similar_a_paraphrase_is_created_unlinked(
    client: httpx.AsyncClient,
) -> None:
    await _seized(client)
    body = {"speaker_id": (await make_speaker(client))["id"], "text": PARAPHRASE,
            "said_on": "2024-08-15"}  # fmt: skip
    plain = await client.post("/v1/claims", json=body)
    assert plain.status_code == 201, plain.text
    assert plain.json()["repeat_of"] is None
    unrelated = {**body, "text": "The harvest in the south began two weeks early"}
    similar = await client.post("/v1/claims", params={"match": "similar"}, json=unrelated)
    assert similar.status_code == 201, similar.text
    assert similar.json()["repeat_of"] is None
    wrong = await client.post("/v1/claims", params={"match": "fuzzy"}, json=unrelated)
    assert wrong.status_code == 422


NDJSON = {"content-type": "application/x-ndjson"}


async def test_an_export_with_links_imports_with_its_links(client: httpx.AsyncClient) -> None:
    original, repeat, third = await _three(client)
    assert (await _link(client, repeat["id"], original["id"])).status_code == 200
    exported = await client.get(
        "/v1/claims", params={"format": "ndjson", "q": "reservoir", "sort": "created_at"}
    )
    assert b'"repeat_of":{"claim_id"' in exported.content
    for claim in (repeat, original, third):
        assert (await client.delete(f"/v1/claims/{claim['id']}")).status_code == 204
    imported = await client.post("/v1/import", content=exported.content, headers=NDJSON)
    assert imported.status_code == 200, imported.text
    report = imported.json()
    assert report["created"]["claims"] == 3
    [linked] = report["repeat_links"]["linked"]
    assert report["repeat_links"]["not_linked"] == []
    again = {
        c["text"]: c
        for c in (await client.get("/v1/claims", params={"q": "reservoir"})).json()["items"]
    }
    copy, copied_original = again[repeat["text"]], again[original["text"]]
    assert (linked["line"], linked["id"], linked["repeat_of"]) == (
        2,
        copy["id"],
        copied_original["id"],
    )
    link = copy["repeat_of"]
    assert link["claim_id"] == copied_original["id"]
    assert (link["how"], link["linked_by"], link["confirmed"]) == ("editor", "test-admin", True)
    assert copied_original["repeats"] == [copy["id"]]
    assert again[third["text"]]["repeat_of"] is None


async def test_a_link_to_a_row_not_in_the_import_is_reported_not_made(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client)
    rows = [
        {"speaker": speaker["slug"], "text": "The dam holds", "said_on": "2024-08-14",
         "export_id": 7},
        {"speaker": speaker["slug"], "text": "The dam still holds", "said_on": "2024-08-15",
         "repeat_of": {"claim_id": 8}},
    ]  # fmt: skip
    body = b"\n".join(orjson.dumps(row) for row in rows)
    imported = await client.post("/v1/import", content=body, headers=NDJSON)
    assert imported.status_code == 200, imported.text
    links = imported.json()["repeat_links"]
    assert links["linked"] == []
    [missed] = links["not_linked"]
    assert missed["line"] == 2
    assert missed["why"] == "no row of this import has export_id 8"
    plain = await client.post("/v1/import", content=b"\n".join(orjson.dumps(r) for r in rows[:1]),
                              headers=NDJSON)  # fmt: skip
    assert "repeat_links" not in plain.json()


async def test_import_match_similar_links_a_new_claim_to_an_earlier_one(
    client: httpx.AsyncClient,
) -> None:
    original = await _seized(client)
    speaker = await make_speaker(client)
    rows = [
        {"speaker": speaker["slug"], "text": PARAPHRASE, "said_on": "2024-08-15"},
        {"speaker": speaker["slug"], "text": "The harvest in the south began two weeks early",
         "said_on": "2024-08-15"},
    ]  # fmt: skip
    body = b"\n".join(orjson.dumps(row) for row in rows)
    exact = await client.post(
        "/v1/import", params={"dry_run": "true"}, content=body, headers=NDJSON
    )
    assert exact.status_code == 200, exact.text
    assert "repeat_links" not in exact.json()
    similar = await client.post(
        "/v1/import", params={"match": "similar"}, content=body, headers=NDJSON
    )
    assert similar.status_code == 200, similar.text
    [linked] = similar.json()["repeat_links"]["linked"]
    assert (linked["line"], linked["repeat_of"], linked["how"]) == (1, original["id"], "matching")
    assert linked["score"] >= 0.6
    claims = similar.json()["claims"]
    paraphrase = await _get(client, claims[0]["id"])
    assert paraphrase["repeat_of"]["claim_id"] == original["id"]
    assert paraphrase["repeat_of"]["confirmed"] is False
    assert (await _get(client, claims[1]["id"]))["repeat_of"] is None
    bad = await client.post("/v1/import", params={"match": "fuzzy"}, content=body, headers=NDJSON)
    assert bad.status_code == 422


async def test_import_match_none_makes_every_row_a_new_claim(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    row = orjson.dumps(
        {"speaker": speaker["slug"], "text": "The dam holds", "said_on": "2024-08-14"}
    )
    first = await client.post("/v1/import", content=row, headers=NDJSON)
    again = await client.post("/v1/import", content=row, headers=NDJSON)
    assert again.json()["claims"][0]["status"] == "matched"
    assert again.json()["claims"][0]["id"] == first.json()["claims"][0]["id"]
    fresh = await client.post("/v1/import", params={"match": "none"}, content=row, headers=NDJSON)
    assert fresh.json()["claims"][0]["status"] == "created"
    assert fresh.json()["claims"][0]["id"] != first.json()["claims"][0]["id"]


async def test_a_fact_check_of_a_paraphrase_reaches_the_stored_claim(
    client: httpx.AsyncClient,
) -> None:
    original = await _seized(client)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/kursk-thousand",
        "claimReviewed": PARAPHRASE,
        "datePublished": "2024-08-16",
        "author": {"@type": "Organization", "name": "Check Desk"},
        "reviewRating": {"@type": "Rating", "ratingValue": "3", "bestRating": "5",
                         "worstRating": "1", "alternateName": "Half true"},
        "itemReviewed": {"@type": "Claim", "datePublished": "2024-08-15",
                         "author": {"@type": "Organization", "name": "Kyiv Daily Wire"}},
    }  # fmt: skip
    imported = await client.post("/v1/import/claimreview", params={"match": "similar"}, json=review)
    assert imported.status_code == 200, imported.text
    [linked] = imported.json()["repeat_links"]["linked"]
    assert linked["repeat_of"] == original["id"]
    known = (await _get(client, original["id"]))["known_reviews"]
    assert [(r["url"], r["rating_label"]) for r in known] == [
        ("https://checks.example/kursk-thousand", "Half true")
    ]


async def test_a_link_an_import_cannot_make_is_reported_and_the_rest_imports(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client)
    rows = [
        {"speaker": speaker["slug"], "text": "The dam holds", "said_on": "2024-08-14",
         "export_id": 7, "repeat_of": {"claim_id": 7}},
        {"speaker": speaker["slug"], "text": "The dam still holds", "said_on": "2024-08-15",
         "export_id": 8, "repeat_of": {"claim_id": 9}},
        {"speaker": speaker["slug"], "text": "The dam holds, still", "said_on": "2024-08-16",
         "export_id": 9, "repeat_of": {"claim_id": 8}},
    ]  # fmt: skip
    body = b"\n".join(orjson.dumps(row) for row in rows)
    imported = await client.post("/v1/import", content=body, headers=NDJSON)
    assert imported.status_code == 200, imported.text
    links = imported.json()["repeat_links"]
    ids = [item["id"] for item in imported.json()["claims"]]
    # Line 2 links to line 3; line 3 would then repeat its own repeat: refused, reported.
    assert [(item["line"], item["id"], item["repeat_of"]) for item in links["linked"]] == [
        (2, ids[1], ids[2])
    ]
    missed = {item["line"]: item["why"] for item in links["not_linked"]}
    assert missed[1] == "a claim cannot repeat itself"
    assert missed[3].startswith("claim ") and "is linked as a repeat of claim" in missed[3]
    assert imported.json()["created"]["claims"] == 3


async def test_linking_and_unlinking_honour_if_match_on_the_claim(
    client: httpx.AsyncClient,
) -> None:
    """PUT and DELETE of a repeat link take If-Match as every change does: the claim's version
    as the client read it; a stale or weak one is a 412 that links or unlinks nothing, a
    malformed one a 400, `*` and the current version go through."""
    first, second, _third = await _three(client)
    await client.patch(f"/v1/claims/{second['id']}", json={"quote": True})  # now version 2
    url = f"/v1/claims/{second['id']}/repeat-of"
    body = {"claim_id": first["id"]}
    for stale in ('"1"', 'W/"2"'):
        refused = await client.put(url, json=body, headers={"If-Match": stale})
        assert refused.status_code == 412, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["current_version"] == 2
        assert (await _get(client, second["id"]))["repeat_of"] is None
    malformed = await client.put(url, json=body, headers={"If-Match": "nonsense"})
    assert malformed.status_code == 400
    assert (await client.put(url, json=body, headers={"If-Match": '"2"'})).status_code == 200
    assert (await _get(client, second["id"]))["repeat_of"]["claim_id"] == first["id"]
    stale_delete = await client.delete(url, headers={"If-Match": '"1"'})
    assert stale_delete.status_code == 412
    assert (await _get(client, second["id"]))["repeat_of"]["claim_id"] == first["id"]
    assert (await client.delete(url, headers={"If-Match": "*"})).status_code == 204
    assert (await _get(client, second["id"]))["repeat_of"] is None
