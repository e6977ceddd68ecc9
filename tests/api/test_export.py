"""Exports: every matching claim streamed as CSV (one row per figure) or NDJSON."""

import csv
import io

import httpx
import orjson
import pytest

from app.claims import export
from tests.factories import make_claim, make_measure, make_speaker


async def test_csv_has_header_bom_and_one_row_per_figure(client: httpx.AsyncClient) -> None:
    await make_measure(client, slug="area")
    speaker = await make_speaker(client, name="Alice")
    figures = [
        {"measure_id": "area", "value": 1, "unit": "km2"},
        {"measure_id": "area", "value": 2, "unit": "sq mi"},
    ]
    two = await make_claim(
        client, speaker=speaker, text="Two figures", figures=figures, tags=["a", "b"]
    )
    none = await make_claim(client, speaker=speaker, text='=HYPERLINK("http://evil")')
    for reviewer, rating in (("Desk", "False"), ("Checkers", "Misleading")):
        review = {"reviewer": reviewer, "rating_label": rating, "url": f"https://{reviewer}.ex/1"}
        assert (await client.post(f"/v1/claims/{two['id']}/reviews", json=review)).is_success
    response = await client.get("/v1/claims", params={"format": "csv", "sort": "created_at"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "claims.csv" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["claim_id"] for row in rows] == [str(two["id"]), str(two["id"]), str(none["id"])]
    assert rows[0]["tags"] == "a | b"
    assert float(rows[1]["normalized_value"]) == pytest.approx(2 * 2.589988110336)
    assert rows[1]["normalized_unit"] == "km²"
    assert rows[2]["figure_id"] == "" and rows[2]["text"].startswith("'=")
    # numbers and yes/no as people write them; each rating with its reviewer
    assert (rows[0]["value"], rows[1]["value"], rows[0]["quote"]) == ("1", "2", "false")
    assert rows[0]["normalized_value"] == "1"
    assert rows[0]["review_ratings"] == "Desk: False | Checkers: Misleading"


async def test_exports_stream_every_row_across_batches(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "BATCH", 7)
    speaker = await make_speaker(client)
    created = [
        (await make_claim(client, speaker=speaker, text=f"Claim {n} about Kursk"))["id"]
        for n in range(23)
    ]
    await make_claim(client, speaker=speaker, text="Unrelated")
    ndjson = await client.get("/v1/claims", params={"format": "ndjson", "q": "kursk"})
    assert ndjson.headers["content-type"] == "application/x-ndjson"
    lines = [orjson.loads(line) for line in ndjson.content.splitlines()]
    assert sorted(item["id"] for item in lines) == sorted(created)
    assert all("figures" in item for item in lines)
    table = await client.get("/v1/claims", params={"format": "csv", "speaker": speaker["id"]})
    assert len(table.content.decode("utf-8-sig").strip().splitlines()) == 1 + 24


async def test_export_with_bad_query_is_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/claims", params={"format": "csv", "q": "%"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/claims", params={"format": "xml"})).status_code == 422


async def test_export_checks_filters_before_streaming(client: httpx.AsyncClient) -> None:
    params = {"format": "ndjson", "said_from": "2024-02-01", "said_to": "2024-01-01"}
    response = await client.get("/v1/claims", params=params)
    assert response.status_code == 422
    relevance = await client.get("/v1/claims", params={"format": "csv", "sort": "relevance"})
    assert relevance.status_code == 422
