"""Claims: figures normalised to the measure's unit, embedded reads, updates, filters."""

from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_source, make_speaker

SQ_MI_IN_KM2 = 2.589988110336


async def test_square_miles_read_back_in_km2(client: httpx.AsyncClient) -> None:
    measure = await make_measure(client, slug="area", unit="km²")
    claim = await make_claim(
        client, figures=[{"measure_id": "area", "value": 100, "unit": "square miles"}]
    )
    figure = claim["figures"][0]
    assert figure["unit"] == "square miles"
    assert figure["measure_id"] == measure["id"]
    normalized = figure["normalized"]
    assert normalized["unit"] == "km²"
    assert normalized["value"] == pytest.approx(100 * SQ_MI_IN_KM2)
    assert normalized["low"] == normalized["high"] == pytest.approx(100 * SQ_MI_IN_KM2)


@pytest.mark.parametrize(
    ("qualifier", "extra", "expected"),
    [
        ("exact", {}, (1000, 1000, True, True)),
        ("approximately", {}, (900, 1100, True, True)),
        ("at_least", {}, (1000, None, True, True)),
        ("more_than", {}, (1000, None, False, True)),
        ("at_most", {}, (0, 1000, True, True)),
        ("less_than", {}, (0, 1000, True, False)),
        ("range", {"lower": 800, "upper": 1200}, (800, 1200, True, True)),
    ],
)
async def test_each_qualifier_gives_the_interval_its_words_allow(
    client: httpx.AsyncClient, qualifier: str, extra: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    await make_measure(client, slug="area")
    figure = {"measure_id": "area", "value": 1000, "unit": "km2", "qualifier": qualifier, **extra}
    claim = await make_claim(client, figures=[figure])
    normalized = claim["figures"][0]["normalized"]
    low, high, low_inclusive, high_inclusive = expected
    assert normalized["low"] == pytest.approx(low)
    assert normalized["high"] == (None if high is None else pytest.approx(high))
    assert (normalized["low_inclusive"], normalized["high_inclusive"]) == (
        low_inclusive,
        high_inclusive,
    )


async def test_read_form_embeds_speaker_role_sources_and_defaults(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(
        client,
        name="Vyacheslav Gladkov",
        roles=[
            {"title": "Mayor", "start": "2010-01-01", "end": "2019-12-31"},
            {"title": "Governor of Belgorod Oblast", "start": "2020-11-18"},
        ],
    )
    source = await make_source(client, url="https://t.me/vvgladkov", title="Telegram")
    await make_measure(client, slug="villages", name="Villages", unit="villages")
    claim = await make_claim(
        client,
        speaker=speaker,
        said_on="2024-08-14",
        appearances=[{"source_id": source["id"], "excerpt": "Daily shelling"}],
        tags=["shelling", "belgorod", "shelling"],
        figures=[{"measure_id": "villages", "value": 12, "unit": "villages"}],
    )
    assert claim["speaker_name"] == "Vyacheslav Gladkov"
    assert claim["speaker_role"]["title"] == "Governor of Belgorod Oblast"
    assert claim["sources"][0]["url"] == "https://t.me/vvgladkov"
    assert claim["sources"][0]["excerpt"] == "Daily shelling"
    assert claim["appearances"] == [{"source_id": source["id"], "excerpt": "Daily shelling"}]
    assert claim["tags"] == ["belgorod", "shelling"]
    assert claim["figures"][0]["as_of"] == "2024-08-14"
    assert claim["reviews"] == []
    fetched = await client.get(f"/v1/claims/{claim['id']}")
    assert fetched.json() == claim
    assert fetched.headers["etag"] == '"1"'


async def test_unit_of_another_dimension_names_unit_and_measure(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="kursk-area", unit="km²")
    speaker = await make_speaker(client)
    response = await client.post(
        "/v1/claims",
        json={
            "speaker_id": speaker["id"],
            "text": "t",
            "said_on": "2024-08-14",
            "figures": [{"measure_id": "kursk-area", "value": 5, "unit": "hours"}],
        },
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["loc"] == ["body", "figures", 0, "unit"]
    assert "hours" in problem["detail"]
    assert "kursk-area" in problem["detail"]
    assert (await client.get("/v1/claims")).json()["items"] == []


async def test_unknown_unit_is_named(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    speaker = await make_speaker(client)
    response = await client.post(
        "/v1/claims",
        json={
            "speaker_id": speaker["id"],
            "text": "t",
            "said_on": "2024-08-14",
            "figures": [{"measure_id": "area", "value": 5, "unit": "km^^2"}],
        },
    )
    assert response.status_code == 422
    assert "km^^2" in response.json()["detail"]


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ({"qualifier": "range", "lower": 10, "upper": 5}, "greater than upper"),
        ({"qualifier": "range", "lower": 1}, "needs both lower and upper"),
        ({"qualifier": "exact", "lower": 1, "upper": 2}, "only for qualifier 'range'"),
        ({"value": -3}, "cannot be negative"),
        ({"qualifier": "somewhat"}, "Input should be"),
    ],
)
async def test_inconsistent_figures_are_refused(
    client: httpx.AsyncClient, figure: dict[str, Any], message: str
) -> None:
    await make_measure(client, slug="people", name="People", unit="people")
    speaker = await make_speaker(client)
    body = {
        "speaker_id": speaker["id"],
        "text": "t",
        "said_on": "2024-08-14",
        "figures": [{"measure_id": "people", "value": 5, "unit": "people", **figure}],
    }
    response = await client.post("/v1/claims", json=body)
    assert response.status_code == 422
    assert message in response.text


async def test_missing_references_are_all_reported_and_nothing_is_written(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/v1/claims",
        json={
            "speaker_id": "nobody",
            "text": "t",
            "said_on": "2024-08-14",
            "appearances": [{"source_id": 999}],
            "figures": [{"measure_id": "no-such-measure", "value": 1, "unit": "km2"}],
        },
    )
    assert response.status_code == 422
    locs = [error["loc"] for error in response.json()["errors"]]
    assert ["body", "speaker_id"] in locs
    assert ["body", "appearances", 0, "source_id"] in locs
    assert ["body", "figures", 0, "measure_id"] in locs


async def test_update_keeps_figure_ids_sent_back_and_drops_the_rest(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="area")
    claim = await make_claim(
        client,
        figures=[
            {"measure_id": "area", "value": 1, "unit": "km2"},
            {"measure_id": "area", "value": 2, "unit": "km2"},
        ],
    )
    first, _second = claim["figures"]
    response = await client.patch(
        f"/v1/claims/{claim['id']}",
        json={
            "figures": [
                {"id": first["id"], "measure_id": "area", "value": 10, "unit": "km2"},
                {"measure_id": "area", "value": 3, "unit": "hectares"},
            ]
        },
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["version"] == 2
    assert next(f["id"] for f in updated["figures"]) == first["id"]
    assert [f["value"] for f in updated["figures"]] == [10, 3]
    assert updated["figures"][1]["normalized"]["value"] == pytest.approx(0.03)


async def test_stale_claim_update_changes_nothing(client: httpx.AsyncClient) -> None:
    claim = await make_claim(client, text="Original")
    path = f"/v1/claims/{claim['id']}"
    assert (
        await client.patch(path, json={"text": "First edit"}, headers={"If-Match": '"1"'})
    ).status_code == 200
    stale = await client.patch(path, json={"text": "Second edit"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert (await client.get(path)).json()["text"] == "First edit"


async def test_changing_said_on_moves_defaulted_as_of(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    claim = await make_claim(client, figures=[{"measure_id": "area", "value": 1, "unit": "km2"}])
    updated = await client.patch(f"/v1/claims/{claim['id']}", json={"said_on": "2024-08-20"})
    assert updated.json()["figures"][0]["as_of"] == "2024-08-20"


async def test_120_claims_paged_by_50_come_back_exactly_once(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    for index in range(120):
        await make_claim(client, speaker=speaker, said_on=f"2024-0{1 + index % 9}-1{index % 9}")
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 50, **({"cursor": cursor} if cursor else {})}
        body = (await client.get("/v1/claims", params=params)).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 120


async def test_paging_is_stable_while_claims_are_inserted(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    for _ in range(10):
        await make_claim(client, speaker=speaker, said_on="2024-08-01")
    first = (await client.get("/v1/claims", params={"limit": 4, "sort": "said_on"})).json()
    await make_claim(client, speaker=speaker, said_on="2024-07-01")
    seen = [item["id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = (
            await client.get("/v1/claims", params={"limit": 4, "sort": "said_on", "cursor": cursor})
        ).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 10


async def test_filters_combine(client: httpx.AsyncClient) -> None:
    alice, bob = await make_speaker(client, name="Alice"), await make_speaker(client, name="Bob")
    source = await make_source(client)
    await make_measure(client, slug="area")
    figure = [{"measure_id": "area", "value": 1, "unit": "km2"}]
    wanted = await make_claim(
        client,
        speaker=alice,
        said_on="2024-08-10",
        tags=["kursk"],
        figures=figure,
        appearances=[{"source_id": source["id"]}],
    )
    await make_claim(client, speaker=alice, said_on="2024-08-10", tags=["kursk"])
    await make_claim(client, speaker=bob, said_on="2024-08-10", tags=["kursk"], figures=figure)
    await make_claim(client, speaker=alice, said_on="2023-01-01", tags=["kursk"], figures=figure)

    async def ids(**params: Any) -> list[int]:
        response = await client.get("/v1/claims", params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    query = {"speaker": "alice", "tag": "kursk", "measure": "area", "said_from": "2024-01-01"}
    assert await ids(**query) == [wanted["id"]]
    assert await ids(source=source["id"]) == [wanted["id"]]
    assert len(await ids(speaker=alice["id"], has_figures="false")) == 1
    assert await ids(said_to="2023-12-31", speaker="alice") != []
    bad = await client.get(
        "/v1/claims", params={"said_from": "2024-02-01", "said_to": "2024-01-01"}
    )
    assert bad.status_code == 422


async def test_deleting_claim_removes_it_and_its_reviews(client: httpx.AsyncClient) -> None:
    claim = await make_claim(client)
    review = await client.post(
        f"/v1/claims/{claim['id']}/reviews",
        json={"reviewer": "Checker", "rating_label": "False", "url": "https://check.example/1"},
    )
    assert review.status_code == 201
    assert (
        await client.delete(f"/v1/claims/{claim['id']}", headers={"If-Match": '"1"'})
    ).status_code == 204
    assert (await client.get(f"/v1/claims/{claim['id']}")).status_code == 404
    assert (await client.get(f"/v1/claims/{claim['id']}/reviews")).status_code == 404


async def test_link_headers_walk_every_page_keeping_the_filters(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Linked")
    tagged = [
        (await make_claim(client, speaker=speaker, text=f"Said {n}", tags=["a b"]))["id"]
        for n in range(5)
    ]
    await make_claim(client, speaker=speaker, text="Untagged")
    url: str | None = "/v1/claims?tag=a+b&limit=2&said_from=2000-01-01"
    seen: list[int] = []
    while url is not None:
        page = await client.get(url)
        assert page.status_code == 200, page.text
        seen += [item["id"] for item in page.json()["items"]]
        link = page.headers.get("link")
        if link is None:
            assert page.json()["next_cursor"] is None
            break
        target, rel = link.split("; ")
        assert rel == 'rel="next"' and target.startswith("</v1/claims?") and target.endswith(">")
        url = target[1:-1]
        assert url.count("cursor=") == 1 and "tag=a+b" in url and "said_from=2000-01-01" in url
    assert sorted(seen) == sorted(tagged)


async def test_tags_take_letters_of_any_script(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="Tagger")
    claim = await make_claim(client, speaker=speaker, tags=["Курськ", "ã"])
    assert sorted(claim["tags"]) == sorted(["курськ", "ã"])  # kept in lower case
    found = (await client.get("/v1/claims", params={"tag": "Курськ"})).json()["items"]
    assert [item["id"] for item in found] == [claim["id"]]
    bad = await client.post(
        "/v1/claims", json={"speaker_id": speaker["id"], "text": "x", "tags": ["ok", "no!"]}
    )
    assert bad.status_code == 422
    assert "tags" in bad.text and "letter or digit" in bad.text


async def test_documented_patterns_mean_the_same_to_every_client(
    client: httpx.AsyncClient,
) -> None:
    """OpenAPI patterns are ECMA-262, where \\w, \\d and \\s are ASCII only: none are used."""
    document = (await client.get("/openapi.json")).text
    for shorthand in ("\\\\w", "\\\\d", "\\\\s", "\\\\b"):
        assert shorthand not in document


async def test_tags_compare_without_case(client: httpx.AsyncClient) -> None:
    """A tag is kept in lower case, once per claim whatever cases it was sent in, and `?tag=`
    in any case finds it (list, facets, PATCH alike); any script lowers."""
    speaker = await make_speaker(client)
    first = await make_claim(client, speaker=speaker, tags=["Kursk-Incursion", "kursk-incursion"])
    second = await make_claim(client, speaker=speaker, tags=["KURSK-INCURSION", "Курськ"])
    assert first["tags"] == ["kursk-incursion"]
    assert second["tags"] == ["kursk-incursion", "курськ"]
    for asked in ("kursk-incursion", "Kursk-Incursion", "KURSK-incursion"):
        listed = (await client.get("/v1/claims", params={"tag": asked})).json()["items"]
        assert sorted(c["id"] for c in listed) == sorted([first["id"], second["id"]]), asked
    cyrillic = (await client.get("/v1/claims", params={"tag": "КУРСЬК"})).json()["items"]
    assert [c["id"] for c in cyrillic] == [second["id"]]
    facets = (await client.get("/v1/claims/facets", params={"facet": "tag"})).json()["facets"]
    assert facets["tag"] == [
        {"value": "kursk-incursion", "label": "kursk-incursion", "count": 2},
        {"value": "курськ", "label": "курськ", "count": 1},
    ]
    patched = await client.patch(f"/v1/claims/{first['id']}", json={"tags": ["Border", "BORDER"]})
    assert patched.status_code == 200, patched.text
    assert patched.json()["tags"] == ["border"]
    too_long = await client.patch(f"/v1/claims/{first['id']}", json={"tags": ["İ" * 60]})
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["loc"] == ["body", "tags", 0]
