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
    # sources, claims, appearances, reviews, and the figures and tags of the matched claims
    # (what a matched row leaves out) each take ceil(5 / 2) = 3 look-ups instead of 1;
    # PostgreSQL looks the claims up in one statement whatever their number (arrays joined)
    chunked = 5 if database.dialect == "postgresql" else 6
    assert count == whole + chunked * 2
    claims = (await client.get("/v1/claims", params={"limit": 100})).json()["items"]
    assert sorted(claim["text"] for claim in claims) == sorted(item["text"] for item in body)
    assert {len(claim["appearances"]) for claim in claims} == {1}


def _newcomers(count: int, prefix: str) -> list[dict[str, Any]]:
    """Rows each naming a speaker and describing a measure nobody has made yet; the speakers'
    names make one slug base, so their slugs need numbers."""
    return [
        {
            "speaker": f"{prefix} Spokes-person {'I' * (index % 3 + 1)}",
            "text": f"{prefix} newcomer claim {index}",
            "said_on": "2024-08-14",
            "figures": [
                {
                    "measure": {"slug": f"{prefix}-m-{index}", "unit": "km²"},
                    "value": index + 1,
                    "unit": "km²",
                }
            ],
        }
        for index in range(count)
    ]


async def test_new_speakers_and_measures_are_created_at_the_same_cost_for_any_batch_size(
    client: httpx.AsyncClient, database: Database
) -> None:
    # holds the slug a new speaker's name makes: it gets the next free one
    await make_speaker(client, name="Someone else", slug="few-spokes-person-ii")
    few_count, few_report = await _import(client, database, _newcomers(3, "few"))
    many_count, many_report = await _import(client, database, _newcomers(30, "many"))

    assert few_count == many_count
    assert few_report["created"] == {"speakers": 3, "measures": 3, "claims": 3}
    assert many_report["created"] == {"speakers": 3, "measures": 30, "claims": 30}
    assert many_report["matched"] == {"speakers": 27}
    speakers = (await client.get("/v1/speakers", params={"limit": 100})).json()["items"]
    assert sorted(speaker["slug"] for speaker in speakers) == [
        "few-spokes-person-i",
        "few-spokes-person-ii",
        "few-spokes-person-ii-2",
        "few-spokes-person-iii",
        "many-spokes-person-i",
        "many-spokes-person-ii",
        "many-spokes-person-iii",
    ]
    history = (await client.get(f"/v1/speakers/{speakers[-1]['id']}/history")).json()["items"]
    assert [entry["action"] for entry in history] == ["create"]
    claims = (await client.get("/v1/claims", params={"limit": 100, "q": "newcomer"})).json()
    by_text = {claim["text"]: claim for claim in claims["items"]}
    figure = by_text["many newcomer claim 7"]["figures"][0]
    measure = (await client.get(f"/v1/measures/{figure['measure_id']}")).json()
    assert (measure["slug"], measure["unit"], figure["value"]) == ("many-m-7", "km²", 8)
    speaker = await client.get(f"/v1/speakers/{by_text['many newcomer claim 7']['speaker_id']}")
    assert speaker.json()["name"] == "many Spokes-person II"


async def test_speakers_whose_names_make_one_slug_take_the_next_numbers_in_row_order(
    client: httpx.AsyncClient,
) -> None:
    await make_speaker(client, name="Other desk", slug="same-desk-3")  # a number already taken
    names = ["Same desk", "Same desk!", "Same desk?", "Same desk.", "Same desk;"]
    body = [{"speaker": name, "text": f"From {name}", "said_on": "2024-08-14"} for name in names]
    response = await client.post("/v1/import", json=body)
    assert response.status_code == 200, response.text
    speakers = (await client.get("/v1/speakers", params={"limit": 100})).json()["items"]
    slugs = {speaker["name"]: speaker["slug"] for speaker in speakers}
    assert [slugs[name] for name in names] == [
        "same-desk",
        "same-desk-2",
        "same-desk-4",
        "same-desk-5",
        "same-desk-6",
    ]
