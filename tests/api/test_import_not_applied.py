"""A row that matches a stored claim (same speaker, day and text) adds only the sources and
reviews it lacks: the report names the row's figures and tags the claim does not have, which
the import leaves out, instead of dropping them silently (black-box audit: a row with a new
2,000 km² figure and a new tag answered "matched" and nothing said they were not recorded)."""

import httpx
import orjson

from tests.factories import make_measure, make_speaker

NDJSON = {"Content-Type": "application/x-ndjson"}


async def _claim(client: httpx.AsyncClient) -> dict[str, object]:
    await make_measure(client, slug="area-held", unit="km²")
    speaker = await make_speaker(client, name="Oksana Petrenko")
    body = {
        "speaker_id": speaker["id"],
        "text": "We hold more than 1,000 km².",
        "said_on": "2024-08-14",
        "tags": ["kursk"],
        "figures": [
            {"measure": "area-held", "value": 1000, "unit": "km²", "qualifier": "more_than"}
        ],
    }
    response = await client.post("/v1/claims", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def _row(**changes: object) -> bytes:
    row = {
        "speaker": "Oksana Petrenko",
        "text": "We hold more than 1,000 km².",
        "said_on": "2024-08-14",
        "sources": ["https://news.example/petrenko"],
        "tags": ["Kursk"],
        "figures": [
            {"measure": "area-held", "value": 1000, "unit": "km²", "qualifier": "more_than"}
        ],
        **changes,
    }
    return orjson.dumps(row) + b"\n"


async def test_a_matched_row_names_the_figures_and_tags_it_leaves_out(
    client: httpx.AsyncClient,
) -> None:
    claim = await _claim(client)
    figures = [
        {"measure": "area-held", "value": 1000, "unit": "km²", "qualifier": "more_than"},
        {"measure": "area-held", "value": 2000, "unit": "km²"},
    ]
    rows = [
        _row(),  # says what is stored: nothing left out
        _row(text="Another claim, new."),  # created
    ]
    response = await client.post("/v1/import", content=b"".join(rows), headers=NDJSON)
    assert response.status_code == 200, response.text
    assert [item.get("not_applied") for item in response.json()["claims"]] == [None, None]
    response = await client.post(
        "/v1/import",
        content=_row(figures=figures, tags=["kursk", "new-tag"]) + _row(tags=["other"]),
        headers=NDJSON,
    )
    assert response.status_code == 200, response.text
    assert response.json()["claims"] == [
        {"line": 1, "id": claim["id"], "status": "matched", "not_applied": ["figures", "tags"]},
        {"line": 2, "id": claim["id"], "status": "matched", "not_applied": ["tags"]},
    ]
    stored = (await client.get(f"/v1/claims/{claim['id']}")).json()
    assert [f["value"] for f in stored["figures"]] == [1000]
    assert stored["tags"] == ["kursk"]


async def test_an_export_imported_again_leaves_nothing_out(client: httpx.AsyncClient) -> None:
    await _claim(client)
    exported = (await client.get("/v1/claims", params={"format": "ndjson"})).content
    response = await client.post("/v1/import", content=exported, headers=NDJSON)
    assert response.status_code == 200, response.text
    [item] = response.json()["claims"]
    assert item["status"] == "matched" and "not_applied" not in item, item


async def test_another_value_or_bound_of_the_same_words_is_left_out_too(
    client: httpx.AsyncClient,
) -> None:
    """Only the number differs (a value; a range's upper bound; a range's lower one): each is
    another figure, named; the same range again is not."""
    claim = await _claim(client)
    ranged = {"measure": "area-held", "unit": "km²", "qualifier": "range"}
    stored = {**ranged, "lower": 100, "upper": 200}
    response = await client.patch(
        f"/v1/claims/{claim['id']}",
        json={"figures": [stored]},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    rows = [
        _row(figures=[{**ranged, "lower": 100, "upper": 200}], tags=[]),  # its middle, 150
        _row(figures=[{**ranged, "value": 150, "lower": 100, "upper": 200}], tags=[]),
        _row(figures=[{**ranged, "value": 120, "lower": 100, "upper": 200}], tags=[]),
        _row(figures=[{**ranged, "value": 150, "lower": 50, "upper": 200}], tags=[]),
        _row(figures=[{**ranged, "value": 150, "lower": 100, "upper": 250}], tags=[]),
    ]
    response = await client.post("/v1/import", content=b"".join(rows), headers=NDJSON)
    assert response.status_code == 200, response.text
    assert [item.get("not_applied") for item in response.json()["claims"]] == [
        None,
        None,
        ["figures"],
        ["figures"],
        ["figures"],
    ]


async def test_another_value_with_the_same_qualifier_is_left_out(
    client: httpx.AsyncClient,
) -> None:
    claim = await _claim(client)
    figure = {"measure": "area-held", "unit": "km²", "qualifier": "more_than"}
    rows = [_row(figures=[{**figure, "value": 1000}]), _row(figures=[{**figure, "value": 1200}])]
    response = await client.post("/v1/import", content=b"".join(rows), headers=NDJSON)
    assert response.status_code == 200, response.text
    assert [(item["id"], item.get("not_applied")) for item in response.json()["claims"]] == [
        (claim["id"], None),
        (claim["id"], ["figures"]),
    ]
