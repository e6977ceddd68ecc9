"""Imports cut into batches: every row reported once and in order across batches, progress per
batch, the error list bounded while rows are read, and rows of one import that name one claim;
on both engines. BATCH_ROWS is made 3 so a handful of rows spans several batches."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest

from app.core.errors import BadRequest
from app.db.session import Database
from app.newsroom import importer
from app.newsroom.places import ImportErrors, Reported, Unlisted
from tests.api.test_statements import statements
from tests.factories import make_source, make_speaker


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    """Batches of three rows."""
    monkeypatch.setattr(importer, "BATCH_ROWS", 3)
    return 3


def row(index: int, **fields: Any) -> dict[str, Any]:
    """A row with its own text."""
    return {"speaker": "Batch Speaker", "text": f"Row {index}", "said_on": "2024-08-14", **fields}


async def _blocks(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 5):
        yield data[start : start + 5]


async def _sizes(batches: AsyncIterator[list[Any]]) -> list[int]:
    return [len(batch) async for batch in batches]


@pytest.mark.usefixtures("small_batches")
async def test_rows_are_cut_into_full_batches_and_a_last_short_one() -> None:
    items = [{"n": n} for n in range(7)]
    lines = b"".join(orjson.dumps(item) + b"\n" for item in items)
    assert await _sizes(importer.ndjson_batches(_blocks(lines))) == [3, 3, 1]
    assert await _sizes(importer.json_array_batches(_blocks(orjson.dumps(items)))) == [3, 3, 1]
    assert await _sizes(importer.batches(enumerate(items))) == [3, 3, 1]
    six = orjson.dumps(items[:6])
    assert await _sizes(importer.json_array_batches(_blocks(six))) == [3, 3]


@pytest.mark.parametrize("kind", ["json", "ndjson"])
@pytest.mark.usefixtures("small_batches")
async def test_an_import_of_several_batches_reports_every_row_once_in_order(
    client: httpx.AsyncClient, kind: str
) -> None:
    rows = [row(index) for index in range(7)]
    if kind == "json":
        body = orjson.dumps(rows)
        headers = {"content-type": "application/json"}
    else:
        body = b"".join(orjson.dumps(item) + b"\n" for item in rows)
        headers = {"content-type": "application/x-ndjson"}

    async def post() -> httpx.Response:
        # sent in small pieces, as over a network: batches close at block ends
        return await client.post("/v1/import", content=_blocks(body), headers=headers)

    response = await post()
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["rows"] == 7
    assert [claim["status"] for claim in result["claims"]] == ["created"] * 7
    ids = [claim["id"] for claim in result["claims"]]
    texts = {
        claim["id"]: claim["text"]
        for claim in (await client.get("/v1/claims", params={"limit": 50})).json()["items"]
    }
    assert [texts[claim_id] for claim_id in ids] == [item["text"] for item in rows]
    assert result["created"]["claims"] == 7
    again = (await post()).json()
    assert (again["matched"]["claims"], again["matched"]["speakers"]) == (7, 7)


@pytest.mark.usefixtures("small_batches")
async def test_progress_is_told_each_batch_size(database: Database) -> None:
    told: list[int] = []
    async with database.writer() as session:
        result = await importer.import_rows(
            session,
            importer.batches(enumerate(row(index) for index in range(7))),
            actor="test",
            progress=told.append,
            match="exact",
            tolerance=0.1,
        )
        await session.rollback()
    assert told == [3, 3, 1]
    assert result["rows"] == 7


async def test_past_the_room_bad_rows_are_only_counted() -> None:
    bad = {"speaker": "X"}  # no text, no said_on: two errors each
    batch = [(0, bad), (1, row(1)), (2, bad), (3, bad), (4, bad)]
    checked, unlisted = importer._validated(batch, 2)
    kinds = [type(found).__name__ for _where, _exported, found in checked]
    # listed errors travel as their items in JSON (Reported), not as pydantic's exceptions
    assert kinds == ["Reported", "ImportRow", "Reported"]
    first = checked[0][2]
    assert isinstance(first, Reported)
    assert {item["loc"][0] for item in orjson.loads(first.items)} == {"text", "said_on"}
    assert unlisted == Unlisted(rows=2, items=4, first=(3, 4))
    assert [exported for _where, exported, _found in checked] == [False] * 3
    everything, none = importer._validated(batch)
    assert none == Unlisted()
    found = [found for _where, _exported, found in everything]
    assert len(found) == 5
    assert all(isinstance(error, Reported) for error in found[:1] + found[2:])
    # and through the worker that validates imports
    size, (offloaded, counted) = await importer._validate(batch, 1)
    assert size == 5 and len(offloaded) == 2
    assert counted == Unlisted(rows=3, items=6, first=(2, 3, 4))


async def test_a_batch_of_bad_rows_past_the_room_names_only_the_first_places() -> None:
    bad = {"speaker": "X"}
    _checked, unlisted = importer._validated([(n, bad) for n in range(1, 31)], 0)
    assert unlisted.rows == 30 and unlisted.items == 60
    assert unlisted.first == tuple(range(1, 21))  # NAMED_ROWS
    errors = ImportErrors(read_from_document=False)
    errors.add_unlisted(unlisted)
    problem = errors.problem(30)
    assert problem.extra == {"invalid_rows": 30, "errors_not_listed": 60}
    assert "30 of 30 rows are invalid (lines 1, 2," in problem.detail
    assert ", 20, ...)" in problem.detail


@pytest.mark.usefixtures("small_batches")
async def test_after_a_bad_row_no_claim_is_looked_up_or_written(
    client: httpx.AsyncClient, database: Database
) -> None:
    rows = [{"speaker": "X"}, *(row(index) for index in range(6))]
    with statements(database) as seen:
        response = await client.post("/v1/import", json=rows)
    assert response.status_code == 422
    touching = [s for s in seen if " claims" in s and "api_keys" not in s]
    assert touching == []


async def test_a_review_named_twice_in_one_import_is_added_once(
    client: httpx.AsyncClient,
) -> None:
    review = {"reviewer": "Desk", "rating_label": "False", "url": "https://check.example/1"}
    # in two rows naming one claim, and twice in one row
    for rows in (
        [row(1, reviews=[review]), row(1, reviews=[review])],
        [row(2, reviews=[review] * 2)],
    ):
        result = (await client.post("/v1/import", json=rows)).json()
        assert (result["created"]["reviews"], result["matched"]["reviews"]) == (1, 1), result
        claims = (await client.get("/v1/claims", params={"q": rows[0]["text"]})).json()["items"]
        assert [len(claim["reviews"]) for claim in claims] == [1]


async def test_a_plain_row_after_an_exported_one_names_the_same_claim(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Once")
    body = {"speaker_id": speaker["id"], "text": "Said once", "said_on": "2024-08-14"}
    claim_id = (await client.post("/v1/claims", json=body)).json()["id"]
    [exported] = [
        orjson.loads(line)
        for line in (
            await client.get("/v1/claims", params={"format": "ndjson"})
        ).content.splitlines()
    ]
    plain = {"speaker": "Once", "text": "Said once", "said_on": "2024-08-14"}
    result = (await client.post("/v1/import", json=[exported, plain])).json()
    assert [(c["id"], c["status"]) for c in result["claims"]] == [
        (claim_id, "matched"),
        (claim_id, "matched"),
    ]


async def test_a_source_linked_by_import_goes_after_the_claims_sources_in_their_order(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, name="Ordered")
    first, second = await make_source(client), await make_source(client)
    # listed against id order: second (the higher id) first
    body = {
        "speaker_id": speaker["id"],
        "text": "In two outlets",
        "said_on": "2024-08-14",
        "appearances": [{"source_id": second["id"]}, {"source_id": first["id"]}],
    }
    claim_id = (await client.post("/v1/claims", json=body)).json()["id"]
    extra = "https://third.example/report"
    imported = {"speaker": "Ordered", "text": "In two outlets", "said_on": "2024-08-14"}
    response = await client.post("/v1/import", json=[{**imported, "sources": [extra]}])
    assert response.status_code == 200, response.text
    claim = (await client.get(f"/v1/claims/{claim_id}")).json()
    sources = {s["id"]: s["url"] for s in (await client.get("/v1/sources")).json()["items"]}
    urls = [sources[a["source_id"]] for a in claim["appearances"]]
    assert urls == [second["url"], first["url"], extra]


async def test_described_measures_of_one_name_are_one_measure(client: httpx.AsyncClient) -> None:
    front = {"unit": "km", "name": "Front line"}
    rows = [
        row(1, figures=[{"measure": {"slug": "front-a", **front}, "value": 5, "unit": "km"}]),
        row(2, figures=[{"measure": {"slug": "front-b", **front}, "value": 6, "unit": "km"}]),
    ]
    response = await client.post("/v1/import", json=rows)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["created"]["measures"], result["matched"]["measures"]) == (1, 1)
    claims = (await client.get("/v1/claims")).json()["items"]
    assert {claim["figures"][0]["measure"] for claim in claims} == {"front-a"}


async def test_a_described_measure_matches_the_first_of_two_measures_of_its_name(
    client: httpx.AsyncClient,
) -> None:
    body = {"name": "Losses", "unit": "people", "kind": "count"}
    first = await client.post("/v1/measures", json={**body, "slug": "losses"})
    second = await client.post(
        "/v1/measures", params={"duplicate": "allow"}, json={**body, "slug": "losses-2"}
    )
    assert (first.status_code, second.status_code) == (201, 201), second.text
    figure = {"measure": {"slug": "new-losses", **body}, "value": 3, "unit": "people"}
    assert (await client.post("/v1/import", json=[row(1, figures=[figure])])).status_code == 200
    [claim] = (await client.get("/v1/claims")).json()["items"]
    assert claim["figures"][0]["measure"] == "losses"


async def _one_block(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def test_a_body_handed_over_in_one_piece_is_read_a_slice_at_a_time() -> None:
    """Other requests get the event loop between slices of a large block."""
    items = [{"speaker": "S", "text": f"Row {n} " + "x" * 200} for n in range(2000)]
    body = orjson.dumps(items)
    assert len(body) > 20 * importer.SLICE_BYTES
    turns = 0
    reading = True

    async def other_request() -> None:
        nonlocal turns
        while reading:
            turns += 1
            await asyncio.sleep(0)

    ticker = asyncio.ensure_future(other_request())
    await asyncio.sleep(0)
    sizes = await _sizes(importer.json_array_batches(_one_block(body)))
    lines = b"\n".join(orjson.dumps(item) for item in items)
    ndjson_sizes = await _sizes(importer.ndjson_batches(_one_block(lines)))
    reading = False
    await ticker
    assert sum(sizes) == sum(ndjson_sizes) == 2000
    assert turns >= 2 * len(body) // importer.SLICE_BYTES - 2
    pieces = [piece async for piece in importer._slices(_one_block(body))]
    assert b"".join(pieces) == body
    assert {len(piece) for piece in pieces[:-1]} == {importer.SLICE_BYTES}
    assert [piece async for piece in importer._slices(_one_block(b"[1]"))] == [b"[1]"]


async def _pieces(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def test_a_large_array_is_cut_into_every_item_in_order() -> None:
    """Items cut across blocks and slices, space around them kept with them, in batches of
    BATCH_ROWS."""
    items = [{"speaker": "S", "text": f"Row {n} " + "y" * (n % 97)} for n in range(7001)]
    body = b" [ " + b" ,\n".join(orjson.dumps(item) for item in items) + b" ] "
    assert len(body) > 30 * importer.SLICE_BYTES
    batches = [batch async for batch in importer.json_array_batches(_pieces(body, 65_536))]
    assert [len(batch) for batch in batches] == [2000, 2000, 2000, 1001]
    rows = [row for batch in batches for row in batch]
    assert [where for where, _text in rows] == [(n,) for n in range(7001)]
    assert [orjson.loads(text) for _where, text in rows] == items


async def test_an_empty_item_deep_in_a_large_array_is_refused_by_its_index() -> None:
    items = [orjson.dumps({"text": f"Row {n}"}) for n in range(30_000)]
    items[20_000] = b"  "
    body = b"[" + b",".join(items) + b"]"
    assert len(body) > 16 * importer.SLICE_BYTES
    with pytest.raises(BadRequest, match=r"^item 20000 of the JSON array is empty"):
        async for _batch in importer.json_array_batches(_pieces(body, 65_536)):
            pass


@pytest.mark.usefixtures("small_batches")
async def test_speakers_new_in_every_batch_are_all_counted(client: httpx.AsyncClient) -> None:
    # Three batches of three rows; each brings two speakers nobody has met yet, the second of
    # them twice (matched the second time, not created again).
    names = ["Ada", "Bea", "Bea", "Cid", "Dot", "Dot", "Eve", "Fay", "Fay"]
    rows = [row(index, speaker=f"{name} Newcomer") for index, name in enumerate(names)]

    response = await client.post("/v1/import", json=rows)

    assert response.status_code == 200, response.text
    result = response.json()
    assert result["created"]["speakers"] == 6
    assert result["matched"]["speakers"] == 3
    listed = (await client.get("/v1/speakers", params={"q": "Newcomer", "limit": 50})).json()
    assert sorted(item["name"] for item in listed["items"]) == sorted(
        f"{name} Newcomer" for name in set(names)
    )


@pytest.mark.usefixtures("small_batches")
async def test_a_dry_run_counts_new_measures_as_the_import_then_makes_them(
    client: httpx.AsyncClient,
) -> None:
    # Seven rows in three batches name five new measures, two of them twice.
    slugs = ["depth-a", "depth-b", "depth-a", "depth-c", "depth-d", "depth-c", "depth-e"]
    rows = [
        row(index, figures=[{"measure": {"slug": slug, "unit": "m"}, "value": 5, "unit": "m"}])
        for index, slug in enumerate(slugs)
    ]

    checked = await client.post("/v1/import", params={"dry_run": "true"}, json=rows)
    made = await client.post("/v1/import", json=rows)

    assert checked.status_code == 200, checked.text
    assert made.status_code == 200, made.text
    assert checked.json()["created"]["measures"] == 5
    assert made.json()["created"]["measures"] == 5
    listed = (await client.get("/v1/measures", params={"limit": 50})).json()["items"]
    assert sorted(item["slug"] for item in listed) == sorted(set(slugs))


@pytest.mark.usefixtures("small_batches")
async def test_the_first_batch_is_written_in_two_and_a_key_across_the_cut_is_one_claim(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch's head goes alone (writes start before the rest is validated); a row
    after the cut naming the head's claim again is that claim."""
    monkeypatch.setattr(importer, "HEAD_ROWS", 2)
    rows = [row(0), row(1), row(0), row(3), row(4), row(5), row(6)]
    told: list[int] = []
    async with database.writer() as session:
        result = await importer.import_rows(
            session,
            importer.batches(enumerate(rows)),
            actor="test",
            progress=told.append,
            match="exact",
            tolerance=0.1,
        )
        await session.rollback()
    assert told == [2, 1, 3, 1]
    assert result["created"]["claims"] == 6
    claims = [claim["id"] for claim in result["claims"].items()]
    assert claims[2] == claims[0]
    assert len(set(claims)) == 6
