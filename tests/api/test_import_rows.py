"""Bulk import: what rows resolve to and how odd rows are refused, on both engines.

Found by mutation testing of app/newsroom (importer, resolve, rows).
"""

from typing import Any

import httpx
import orjson

from tests.factories import make_measure


def row(**fields: Any) -> dict[str, Any]:
    """A minimal importable row."""
    return {"speaker": "Gladkov", "text": "Shelling continues", "said_on": "2024-08-14", **fields}


async def test_a_reimport_counts_every_source_it_matched(client: httpx.AsyncClient) -> None:
    rows = [row(sources=["https://a.example/1", "https://b.example/2"])]
    assert (await client.post("/v1/import", json=rows)).json()["created"]["sources"] == 2
    again = (await client.post("/v1/import", json=rows)).json()
    assert again["matched"]["sources"] == 2
    assert "sources" not in again["created"]


async def test_a_measure_named_by_an_unknown_slug_is_refused_at_its_place(
    client: httpx.AsyncClient,
) -> None:
    figure = {"measure": "front-line", "value": 5, "unit": "km"}
    response = await client.post("/v1/import", json=[row(), row(text="Other", figures=[figure])])
    assert response.status_code == 422
    [error] = response.json()["errors"]
    # A JSON array names places by JSONPath (0-based), NDJSON by line.
    assert error["path"] == "$[1].figures[0].measure"
    assert error["loc"] == ["body", 1, "figures", 0, "measure"]
    assert error["msg"].endswith('name it with an object {"slug", "unit", "name"} to create it')


async def test_described_measures_are_created_once_each_with_a_name_from_the_slug(
    client: httpx.AsyncClient,
) -> None:
    line = {"measure": {"slug": "front-line-length", "unit": "km"}, "value": 5, "unit": "km"}
    losses = {"measure": {"slug": "losses", "unit": "people", "kind": "count"}, "value": 3,
              "unit": "people"}  # fmt: skip
    rows = [row(figures=[line, losses]), row(text="Again", figures=[line])]
    result = (await client.post("/v1/import", json=rows)).json()
    assert result["created"]["measures"] == 2
    measures = {m["slug"]: m for m in (await client.get("/v1/measures")).json()["items"]}
    assert measures["front-line-length"]["name"] == "Front line length"
    assert (measures["losses"]["kind"], measures["losses"]["unit"]) == ("count", "people")


async def test_an_exported_figure_with_a_measure_object_keeps_that_object(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="area")
    figure = {"measure": {"slug": "area", "unit": "km²"}, "value": 5, "unit": "km2",
              "normalized": {"unit": "km²", "value": 5}}  # fmt: skip
    response = await client.post("/v1/import", json=[row(figures=[figure])])
    assert response.status_code == 200, response.text
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert claim["figures"][0]["measure"] == "area"


async def test_figures_and_reviews_that_are_not_objects_are_refused_at_their_place(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/v1/import", json=[row(figures=[5]), row(text="B", reviews=["false"]), row(text="C")]
    )
    assert response.status_code == 422, response.text
    assert {error["path"] for error in response.json()["errors"]} == {
        "$[0].figures[0]",
        "$[1].reviews[0]",
    }


def review(url: str) -> dict[str, Any]:
    """A fact-check of the row's claim."""
    return {"reviewer": "Desk", "rating_label": "False", "url": url}


async def test_a_row_matches_a_claim_only_by_speaker_day_and_text(
    client: httpx.AsyncClient,
) -> None:
    first = (await client.post("/v1/import", json=[row()])).json()
    variants = [row(), row(speaker="Someone else"), row(said_on="2024-08-15")]
    result = (await client.post("/v1/import", json=variants)).json()
    assert result["rows"] == 3
    statuses = [(claim["path"], claim["status"]) for claim in result["claims"]]
    assert statuses == [("$[0]", "matched"), ("$[1]", "created"), ("$[2]", "created")]
    assert result["claims"][0]["id"] == first["claims"][0]["id"]
    assert result["matched"]["claims"] == 1 and result["created"]["claims"] == 2


async def test_reviews_match_by_url_within_their_claim(client: httpx.AsyncClient) -> None:
    rows = [row(reviews=[review("https://desk.example/1")]),
            row(text="Other", reviews=[review("https://desk.example/1")])]  # fmt: skip
    assert (await client.post("/v1/import", json=rows)).json()["created"]["reviews"] == 2
    rows[0]["reviews"].append(review("https://desk.example/2"))
    again = (await client.post("/v1/import", json=rows)).json()
    assert (again["created"]["reviews"], again["matched"]["reviews"]) == (1, 2)
    # the matched claim's document shows the review it gained, which has its history
    claim = (await client.get(f"/v1/claims/{again['claims'][0]['id']}")).json()
    assert [item["url"] for item in claim["reviews"]] == [
        "https://desk.example/1",
        "https://desk.example/2",
    ]
    found = await client.get("/v1/claims", params={"rating": "False", "limit": 10})
    assert len(found.json()["items"]) == 2
    added = claim["reviews"][1]["id"]
    history = (await client.get(f"/v1/claims/{claim['id']}/reviews/{added}/history")).json()
    assert [(entry["action"], entry["snapshot"]["url"]) for entry in history["items"]] == [
        ("create", "https://desk.example/2")
    ]


async def test_a_source_excerpt_is_kept_on_the_appearance(client: httpx.AsyncClient) -> None:
    source = {"url": "https://a.example/1", "excerpt": "the governor said"}
    await client.post("/v1/import", json=[row(sources=[source])])
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert [a["excerpt"] for a in claim["appearances"]] == ["the governor said"]


async def _export(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await client.get("/v1/claims", params={"format": "ndjson", "sort": "created_at"})
    return [orjson.loads(line) for line in response.content.splitlines()]


async def test_exported_duplicates_match_their_own_claims_in_order(
    client: httpx.AsyncClient,
) -> None:
    """Two exported claims of one speaker, day and text are two claims, matched one each."""
    speaker = (await client.post("/v1/speakers", json={"name": "Twice"})).json()
    body = {"speaker_id": speaker["id"], "text": "Same words", "said_on": "2024-08-14"}
    ids = [
        (await client.post("/v1/claims", params={"duplicate": "allow"}, json=body)).json()["id"]
        for _ in range(2)
    ]
    lines = await _export(client)
    again = (await client.post("/v1/import", json=lines)).json()
    assert [(claim["id"], claim["status"]) for claim in again["claims"]] == [
        (ids[0], "matched"),
        (ids[1], "matched"),
    ]
    # Written by hand (no id or version), the same row twice means one claim.
    plain = [row(speaker="Twice", text="Same words"), row(speaker="Twice", text="Same words")]
    matched = (await client.post("/v1/import", json=plain)).json()["claims"]
    assert [claim["id"] for claim in matched] == [ids[0], ids[0]]


async def test_an_export_without_references_names_its_measures_by_slug_and_unit(
    client: httpx.AsyncClient,
) -> None:
    """An export made before `references` existed still imports: measure from slug and unit."""
    await make_measure(client, slug="area")
    await client.post(
        "/v1/import", json=[row(figures=[{"measure": "area", "value": 5, "unit": "km2"}])]
    )
    [line] = await _export(client)
    line.pop("references")
    response = await client.post("/v1/import", json=[{**line, "text": "Another text"}])
    assert response.status_code == 200, response.text
    assert response.json()["created"] == {"claims": 1}


async def test_the_summary_counts_each_speaker_lookup_as_matched_or_created(
    client: httpx.AsyncClient,
) -> None:
    """A known speaker is matched on every row naming it; a new one is created once, then
    matched on the rows after."""
    await client.post("/v1/speakers", json={"name": "Vyacheslav Gladkov", "aliases": ["Gladkov"]})
    rows = [
        row(),
        row(speaker="Syrskyi", text="A"),
        row(text="B"),
        row(speaker="syrskyi", text="C"),
        row(speaker="Budanov", text="D"),
    ]
    result = (await client.post("/v1/import", json=rows)).json()
    assert result["created"] == {"speakers": 2, "claims": 5}
    assert result["matched"] == {"speakers": 3}
    again = (await client.post("/v1/import", json=rows)).json()
    assert again["created"] == {}
    assert again["matched"] == {"speakers": 5, "claims": 5}


async def test_a_failed_import_names_the_first_twenty_bad_lines_and_counts_the_rest(
    client: httpx.AsyncClient,
) -> None:
    lines = [orjson.dumps(row(text=f"Claim {n}")) for n in range(3)]
    lines += [orjson.dumps(row(text=f"Bad {n}", said_on="someday")) for n in range(21)]
    response = await client.post(
        "/v1/import",
        content=b"\n".join(lines),
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    named = ", ".join(str(line) for line in range(4, 24))  # lines 4 to 23 of the bad 4 to 24
    assert problem["detail"] == (
        f"21 of 24 rows are invalid (lines {named}, ...); nothing was imported"
    )
    assert (problem["invalid_rows"], problem["errors_not_listed"]) == (21, 0)
    assert [error["line"] for error in problem["errors"]] == list(range(4, 25))
    assert (await client.get("/v1/claims")).json()["items"] == []


async def test_twenty_bad_lines_are_all_named(client: httpx.AsyncClient) -> None:
    lines = [orjson.dumps(row(text=f"Bad {n}", said_on="someday")) for n in range(20)]
    response = await client.post(
        "/v1/import", content=b"\n".join(lines), headers={"content-type": "application/x-ndjson"}
    )
    named = ", ".join(str(line) for line in range(1, 21))
    assert response.json()["detail"] == (
        f"20 of 20 rows are invalid (lines {named}); nothing was imported"
    )


async def test_a_row_with_speaker_and_speaker_name_is_the_speaker_it_names(
    client: httpx.AsyncClient,
) -> None:
    """`speaker` is the import's field; an exported `speaker_name` beside it is ignored."""
    rows = [row(speaker="Gladkov", speaker_name="Someone Else", speaker_slug="someone-else")]
    response = await client.post("/v1/import", json=rows)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == {"speakers": 1, "claims": 1}
    speakers = (await client.get("/v1/speakers")).json()["items"]
    assert [(speaker["name"], speaker["slug"]) for speaker in speakers] == [("Gladkov", "gladkov")]


async def test_a_figure_whose_normalized_is_not_an_object_imports_by_its_measure_slug(
    client: httpx.AsyncClient,
) -> None:
    """`normalized` is read-only: whatever it holds, the figure imports as its other fields say."""
    await make_measure(client, slug="area")
    figures = [
        {"measure": "area", "value": 5, "unit": "km2", "normalized": "5 km²"},
        {"measure": "area", "value": 7, "unit": "km2", "normalized": None},
    ]
    response = await client.post("/v1/import", json=[row(figures=figures)])
    assert response.status_code == 200, response.text
    assert response.json()["created"] == {"speakers": 1, "claims": 1}
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert [(f["measure"], f["value"]) for f in claim["figures"]] == [("area", 5), ("area", 7)]
    # An exported figure without `references` names a measure this database lacks by its slug
    # and its normalized unit: the import creates it (from an object only).
    described = {"measure": "burnt", "value": 2, "unit": "ha", "normalized": {"unit": "km²"}}
    created = await client.post("/v1/import", json=[row(text="Burnt", figures=[described])])
    assert created.json()["created"] == {"claims": 1, "measures": 1}, created.text
    burnt = (await client.get("/v1/measures/burnt")).json()
    assert burnt["unit"] == "km²"
    unknown = {"measure": "nowhere", "value": 5, "unit": "km2", "normalized": ["km²"]}
    refused = await client.post("/v1/import", json=[row(text="Other", figures=[unknown])])
    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["path"] == "$[0].figures[0].measure"


async def test_a_link_copied_with_trailing_spaces_and_slashes_is_the_recorded_source(
    client: httpx.AsyncClient,
) -> None:
    """A source URL ending in no-break spaces and slashes is the recorded page, in the import as
    in the API. (URL normalisation was not idempotent for it: the import looked the source up
    under one URL and stored it under another, already recorded.)"""
    source = (await client.post("/v1/sources", json={"url": "https://news.example/a"})).json()
    rows = [row(), row(text="Other", sources=["https://news.example/a/\u00a0/\u00a0/"])]
    response = await client.post("/v1/import", json=rows)
    assert response.status_code == 200, response.text
    assert response.json()["matched"]["sources"] == 1
    other = (await client.get("/v1/claims", params={"source": source["id"]})).json()["items"]
    assert [claim["text"] for claim in other] == ["Other"]
    sources = (await client.get("/v1/sources")).json()["items"]
    assert [item["url"] for item in sources].count("https://news.example/a") == 1


async def test_exported_duplicates_are_recreated_one_each_in_a_database_without_them(
    client: httpx.AsyncClient,
) -> None:
    """Three exported claims of one speaker, day and text: importing them again matches each to
    its own claim, in order; once deleted, importing them makes three claims again."""
    speaker = (await client.post("/v1/speakers", json={"name": "Thrice"})).json()
    body = {"speaker_id": speaker["id"], "text": "Same words", "said_on": "2024-08-14"}
    ids = [
        (await client.post("/v1/claims", params={"duplicate": "allow"}, json=body)).json()["id"]
        for _ in range(3)
    ]
    lines = await _export(client)
    again = (await client.post("/v1/import", json=lines)).json()
    assert [claim["id"] for claim in again["claims"]] == ids
    for claim_id in ids:
        assert (await client.delete(f"/v1/claims/{claim_id}")).status_code == 204
    response = await client.post("/v1/import", json=lines)
    assert response.status_code == 200, response.text
    assert [claim["status"] for claim in response.json()["claims"]] == ["created"] * 3
    assert response.json()["created"] == {"claims": 3}
    texts = [claim["text"] for claim in (await client.get("/v1/claims")).json()["items"]]
    assert texts == ["Same words"] * 3


async def test_a_row_with_nan_is_refused_at_its_line_and_field(client: httpx.AsyncClient) -> None:
    """NaN where a number goes is that row's 422 naming its line and field, as any bad row."""
    await make_measure(client, slug="area")
    good = orjson.dumps(row())
    bad = (
        b'{"speaker": "Gladkov", "text": "Not a number", "said_on": "2024-08-14", '
        b'"figures": [{"measure": "area", "value": NaN, "unit": "km2"}]}'
    )
    response = await client.post(
        "/v1/import",
        content=b"\n".join([good, bad]),
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["line"] == 2
    assert error["msg"] == "NaN is not a number: numbers must be finite"
    assert error["loc"][-3:] == ["figures", 0, "value"]
    assert (await client.get("/v1/claims")).json()["items"] == []
