"""An import batch looks up what its rows name once per table, not once per row, and the
look-ups split into chunks without losing a row; on both engines."""

from typing import Any

import httpx
import pytest

from app.db.session import Database
from app.newsroom import importer, resolve
from tests.api.test_statements import _work, statements
from tests.factories import make_measure, make_speaker


def rows(count: int, prefix: str) -> list[dict[str, Any]]:
    """`count` rows of one known speaker, each with its own text, source, review and figure (of
    its own measure)."""
    return [
        {
            "speaker": "Alice Example",
            "text": f"{prefix} claim number {index}",
            "said_on": "2024-08-14",
            "sources": [{"url": f"https://{prefix}.example/{index}", "excerpt": f"ex {index}"}],
            "figures": [{"measure": f"area-{index}", "value": index + 1, "unit": "km²"}],
            "reviews": [
                {
                    "url": f"https://check.example/{prefix}/{index}",
                    "reviewer": "Checker",
                    "rating_label": "False",
                }
            ],
        }
        for index in range(count)
    ]


async def _import(
    client: httpx.AsyncClient, database: Database, body: list[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    with statements(database) as seen:
        response = await client.post("/v1/import", json=body)
    assert response.status_code == 200, response.text
    return _work(seen), response.json()


async def _known(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Alice Example")
    for index in range(30):
        await make_measure(client, slug=f"area-{index}", unit="km²")


async def test_reimporting_a_batch_takes_as_many_statements_for_three_rows_as_for_thirty(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _known(client)
    few, many = rows(3, "few"), rows(30, "many")
    await _import(client, database, few)
    await _import(client, database, many)

    few_again, report = await _import(client, database, few)
    many_again, report_many = await _import(client, database, many)

    assert few_again == many_again
    # matched, one by one: nothing created, nothing changed
    assert report_many["matched"] == {"speakers": 30, "sources": 30, "claims": 30, "reviews": 30}
    assert report_many["created"] == {}
    assert report["matched"]["claims"] == 3
    assert len((await client.get("/v1/claims", params={"limit": 100})).json()["items"]) == 33


async def test_a_first_import_of_rows_without_reviews_costs_the_same_for_any_batch_size(
    client: httpx.AsyncClient, database: Database
) -> None:
    await _known(client)
    few = [{**item, "reviews": []} for item in rows(3, "few")]
    many = [{**item, "reviews": []} for item in rows(30, "many")]

    few_count, few_report = await _import(client, database, few)
    many_count, many_report = await _import(client, database, many)

    assert few_count == many_count
    assert many_report["created"] == {"sources": 30, "claims": 30}
    assert few_report["created"] == {"sources": 3, "claims": 3}


async def test_look_ups_split_into_chunks_find_every_row(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _known(client)
    body = rows(5, "chunked")
    await _import(client, database, body)
    monkeypatch.setattr(resolve, "LOOKUP_CHUNK", 2)
    monkeypatch.setattr(importer, "LOOKUP_CHUNK", 2)

    count, report = await _import(client, database, body)
    monkeypatch.setattr(resolve, "LOOKUP_CHUNK", 1000)
    monkeypatch.setattr(importer, "LOOKUP_CHUNK", 1000)
    whole, _report = await _import(client, database, body)

    assert report["matched"] == {"speakers": 5, "sources": 5, "claims": 5, "reviews": 5}
    assert report["created"] == {}
    # sources, claims, appearances and reviews each take ceil(5 / 2) = 3 look-ups instead of 1
    assert count == whole + 4 * 2
    claims = (await client.get("/v1/claims", params={"limit": 100})).json()["items"]
    assert sorted(claim["text"] for claim in claims) == sorted(item["text"] for item in body)
    assert {len(claim["appearances"]) for claim in claims} == {1}
