"""Sources (URL normalisation), measures (units, kinds), reviews under a claim."""

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_source


async def test_source_url_is_normalised_before_uniqueness(client: httpx.AsyncClient) -> None:
    first = await make_source(client, url="HTTPS://Example.COM:443/news/story/?utm_source=x#top")
    assert first["url"] == "https://example.com/news/story"
    again = await client.post("/v1/sources", json={"url": "https://example.com/news/story"})
    assert again.status_code == 409
    found = await client.get("/v1/sources", params={"url": "https://EXAMPLE.com/news/story/"})
    assert [item["id"] for item in found.json()["items"]] == [first["id"]]


async def test_a_sources_text_is_read_one_source_at_a_time(client: httpx.AsyncClient) -> None:
    """One client's long articles must not make everyone's list of sources heavy: lists and
    exports leave texts out, and the source itself gives its text."""
    article = "Forestry office: 1,200 hectares burned. " * 24_000  # 984,000 characters
    long = await make_source(client, url="https://example.com/long", text=article)
    await make_source(client, url="https://example.com/short")
    listed = await client.get("/v1/sources")
    assert listed.status_code == 200
    assert [item["url"] for item in listed.json()["items"]] == [
        "https://example.com/long", "https://example.com/short",
    ]  # fmt: skip
    assert all("text" not in item for item in listed.json()["items"])
    assert len(listed.content) < 2_000
    for kind in ("csv", "ndjson"):
        exported = await client.get("/v1/sources", params={"format": kind})
        assert exported.status_code == 200
        assert "Forestry" not in exported.text and "example.com/long" in exported.text
    one = await client.get(f"/v1/sources/{long['id']}")
    assert one.json()["text"] == article


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "not a url", "https://", "javascript:alert(1)"]
)
async def test_source_url_must_be_http(client: httpx.AsyncClient, url: str) -> None:
    response = await client.post("/v1/sources", json={"url": url})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "url"]


async def test_source_in_use_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    source = await make_source(client)
    claim = await make_claim(client, appearances=[{"source_id": source["id"]}])
    response = await client.delete(f"/v1/sources/{source['id']}")
    assert response.status_code == 409
    assert response.json()["used_by"]["ids"] == [claim["id"]]


async def test_measure_kind_is_inferred_from_unit(client: httpx.AsyncClient) -> None:
    area = await make_measure(client, unit="sq km")
    people = await make_measure(client, unit="people")
    assert (area["kind"], people["kind"]) == ("quantity", "count")


async def test_measure_with_unknown_unit_or_wrong_kind_is_refused(
    client: httpx.AsyncClient,
) -> None:
    unknown = await client.post("/v1/measures", json={"name": "X", "unit": "blorps"})
    assert unknown.status_code == 422
    assert "blorps" in unknown.json()["detail"]
    mismatch = await client.post("/v1/measures", json={"name": "X", "unit": "km²", "kind": "count"})
    assert mismatch.status_code == 422


async def test_new_measure_unit_re_expresses_its_figures(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area", unit="km²")
    claim = await make_claim(client, figures=[{"measure_id": "area", "value": 259, "unit": "km2"}])
    changed = await client.patch("/v1/measures/area", json={"unit": "sq mi"})
    assert changed.status_code == 200
    figure = (await client.get(f"/v1/claims/{claim['id']}")).json()["figures"][0]
    assert figure["normalized"]["unit"] == "sq mi"
    assert figure["normalized"]["value"] == pytest.approx(100, rel=1e-3)
    refused = await client.patch("/v1/measures/area", json={"unit": "hours", "kind": "quantity"})
    assert refused.status_code == 422


async def test_measure_in_use_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    claim = await make_claim(client, figures=[{"measure_id": "area", "value": 1, "unit": "km2"}])
    response = await client.delete("/v1/measures/area")
    assert response.status_code == 409
    assert str(claim["id"]) in response.json()["detail"]


async def test_reviews_crud_and_embedding(client: httpx.AsyncClient) -> None:
    claim = await make_claim(client)
    base = f"/v1/claims/{claim['id']}/reviews"
    created = await client.post(
        base,
        json={
            "reviewer": "Checker",
            "url": "https://check.example/3",
            "rating_label": "Mostly false",
            "rating_value": 2,
            "best_rating": 5,
            "worst_rating": 1,
            "reviewed_on": "2024-08-16",
        },
    )
    assert created.status_code == 201
    review = created.json()
    embedded = (await client.get(f"/v1/claims/{claim['id']}")).json()["reviews"]
    assert embedded == [review]
    changed = await client.patch(
        f"{base}/{review['id']}", json={"rating_label": "False"}, headers={"If-Match": '"1"'}
    )
    assert changed.json()["version"] == 2
    out_of_scale = await client.patch(f"{base}/{review['id']}", json={"rating_value": 9})
    assert out_of_scale.status_code == 422
    other = await make_claim(client)
    assert (await client.get(f"/v1/claims/{other['id']}/reviews/{review['id']}")).status_code == 404
    assert (await client.delete(f"{base}/{review['id']}")).status_code == 204
    assert (await client.get(base)).json()["items"] == []


async def test_a_moment_is_answered_in_utc_by_the_write_as_by_every_read(
    client: httpx.AsyncClient,
) -> None:
    """A time given with another offset is stored in UTC: the create, the change, the read
    and the history all say the same instant the same way."""
    body = {"url": "https://news.example/kyiv-time", "published_at": "2024-08-15T10:00:00+03:00"}
    created = await client.post("/v1/sources", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["published_at"] == "2024-08-15T07:00:00Z"
    source_id = created.json()["id"]
    changed = await client.patch(
        f"/v1/sources/{source_id}", json={"published_at": "2024-08-15T02:00:00-05:00"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["published_at"] == "2024-08-15T07:00:00Z"
    assert changed.json()["version"] == 1  # the same instant: nothing changed
    read = await client.get(f"/v1/sources/{source_id}")
    assert read.json()["published_at"] == "2024-08-15T07:00:00Z"
    history = await client.get(f"/v1/sources/{source_id}/history")
    assert history.status_code == 200, history.text
    assert [entry["version"] for entry in history.json()["items"]] == [1]
