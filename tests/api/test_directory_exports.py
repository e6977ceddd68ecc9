"""Speakers, sources and measures export as CSV and NDJSON through the API, filters honoured."""

import csv
import io

import httpx
import orjson

from tests.factories import make_measure, make_source, make_speaker


async def test_speakers_export_every_row_in_their_read_form(client: httpx.AsyncClient) -> None:
    made = [await make_speaker(client, aliases=[f"=cmd{n}", f"Alias {n}"]) for n in range(3)]
    listed = await client.get("/v1/speakers", params={"format": "ndjson", "limit": 1})
    assert listed.status_code == 200, listed.text
    assert listed.headers["content-type"].startswith("application/x-ndjson")
    assert 'filename="speakers.ndjson"' in listed.headers["content-disposition"]
    rows = [orjson.loads(line) for line in listed.content.splitlines()]
    assert rows == [(await client.get(f"/v1/speakers/{s['id']}")).json() for s in made]

    table = await client.get("/v1/speakers", params={"format": "csv"})
    assert table.headers["content-type"].startswith("text/csv")
    parsed = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert [row["name"] for row in parsed] == [s["name"] for s in made]
    assert parsed[0]["aliases"] == "'=cmd0 | Alias 0"  # a formula is not run by a spreadsheet
    assert parsed[0]["id"] == str(made[0]["id"])


async def test_an_export_keeps_only_what_the_filters_keep(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Ingrid Halvorsen")
    await make_speaker(client, name="Tomas Berg")
    found = await client.get("/v1/speakers", params={"format": "ndjson", "q": "halvor"})
    assert [orjson.loads(line)["name"] for line in found.content.splitlines()] == [
        "Ingrid Halvorsen"
    ]
    source = await make_source(client, title="Harbour report")
    measure = await make_measure(client, name="Harbour depth", unit="m")
    sources = await client.get("/v1/sources", params={"format": "csv"})
    assert "Harbour report" in sources.text and str(source["id"]) in sources.text
    measures = await client.get("/v1/measures", params={"format": "ndjson"})
    assert [orjson.loads(line)["slug"] for line in measures.content.splitlines()] == [
        measure["slug"]
    ]
    wrong = await client.get("/v1/measures", params={"format": "xml"})
    assert wrong.status_code == 422
