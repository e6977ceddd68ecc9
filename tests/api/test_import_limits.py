"""A bulk import of many bad rows answers with a bounded 422 and does not hold the server."""

import time

import anyio
import httpx
import orjson
import pytest

from app.newsroom.places import MAX_REPORTED_ERRORS

ROWS = 100_000


async def test_many_empty_rows_get_a_bounded_422_while_healthz_answers(
    client: httpx.AsyncClient,
) -> None:
    body = orjson.dumps([{}] * ROWS)
    finished: dict[str, float] = {}
    answers: dict[str, httpx.Response] = {}

    async def import_all() -> None:
        answers["import"] = await client.post(
            "/v1/import",
            params={"dry_run": "true"},
            content=body,
            headers={"content-type": "application/json"},
        )
        finished["import"] = time.monotonic()

    async with anyio.create_task_group() as group:
        group.start_soon(import_all)
        await anyio.sleep(0.05)
        answers["healthz"] = await client.get("/healthz")
        finished["healthz"] = time.monotonic()
    assert answers["healthz"].status_code == 200
    assert finished["healthz"] < finished["import"]
    response = answers["import"]
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["invalid_rows"] == ROWS
    assert len(problem["errors"]) == MAX_REPORTED_ERRORS
    per_row = sum(1 for e in problem["errors"] if e["loc"][1] == 0)
    assert problem["errors_not_listed"] == ROWS * per_row - MAX_REPORTED_ERRORS
    assert problem["detail"].startswith(f"{ROWS} of {ROWS} rows are invalid (at $[0], $[1]")
    assert f"{problem['errors_not_listed']} more errors not listed" in problem["detail"]


async def test_a_few_bad_rows_list_every_error(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/import", content=b'{"text": 1}\n{}\n', headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["invalid_rows"] == 2 and problem["errors_not_listed"] == 0
    assert {e["line"] for e in problem["errors"]} == {1, 2}


async def test_an_ndjson_line_longer_than_one_claims_body_is_refused_at_its_line(
    client: httpx.AsyncClient,
) -> None:
    """A line past CLAIMTRACK_MAX_BODY_BYTES is not read into memory: its row is an error."""
    huge = b'{"text": "' + b"x" * (1024 * 1024 + 1) + b'"}'
    body = b'{"speaker": "Someone", "text": "Fine", "said_on": "2024-08-14"}\n' + huge + b"\n"
    response = await client.post(
        "/v1/import", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert [error["loc"] for error in problem["errors"]] == [["body", 2]], problem
    assert "longer than 1,048,576 bytes" in problem["errors"][0]["msg"]
    assert (await client.get("/v1/claims")).json()["items"] == []


JSON = {"content-type": "application/json"}


async def test_a_json_array_item_longer_than_one_claims_body_is_refused_at_its_place(
    client: httpx.AsyncClient,
) -> None:
    """The array is read item by item: a huge item is measured, not kept, and named."""
    fine = b'{"speaker": "Someone", "text": "Fine", "said_on": "2024-08-14"}'
    huge = b'{"text": "' + b"x" * (1024 * 1024 + 1) + b'"}'
    body = b"[" + fine + b"," + huge + b"," + fine + b"]"
    response = await client.post(
        "/v1/import", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert [error["loc"] for error in problem["errors"]] == [["body", 1]], problem
    assert "longer than 1,048,576 bytes" in problem["errors"][0]["msg"]
    assert (await client.get("/v1/claims")).json()["items"] == []


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"speaker": "Someone"}', "is an array of claims"),
        (b'[{"speaker": "Someone", "text": "Fine", "said_on": "2024-08-14"}', "not closed"),
        (b'[{"speaker": "Someone", "text": "Fine", "said_on": "2024-08-14"}] []', "goes on after"),
        (b'[{"speaker": "Someone", "text": "Fine", "said_on": "2024-08-14"},]', "empty"),
    ],
)
async def test_a_json_body_that_is_not_one_array_is_400_and_writes_nothing(
    client: httpx.AsyncClient, body: bytes, says: str
) -> None:
    response = await client.post(
        "/v1/import", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert says in response.json()["detail"]
    assert (await client.get("/v1/claims")).json()["items"] == []
    assert (await client.get("/v1/speakers")).json()["items"] == []


async def test_an_unreadable_item_is_named_by_its_place(client: httpx.AsyncClient) -> None:
    body = b'[{"speaker": "Someone", "text": "Fine", "said_on": "2024-08-14"}, {"text": tru}]'
    response = await client.post(
        "/v1/import", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert {tuple(error["loc"][:2]) for error in errors} == {("body", 1)}
    assert any("not valid JSON" in error["msg"] for error in errors), errors


async def test_errors_past_the_list_are_counted_exactly_across_batches(
    client: httpx.AsyncClient,
) -> None:
    """Rows with one, two or no errors, over several batches: the first errors in body order
    are listed, every other one counted."""
    good = b'{"speaker": "Someone", "text": "Fine %d", "said_on": "2024-08-14"}'
    one = b'{"speaker": "Someone", "text": "Bad %d", "said_on": "14 August"}'
    two = b'{"speaker": "", "text": "Bad %d", "said_on": "14 August"}'
    kinds = [good, one, two, one, good]
    lines = [kinds[n % len(kinds)] % n for n in range(5_000)]
    response = await client.post(
        "/v1/import",
        content=b"\n".join(lines),
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    # Errors per run of five lines, from the first run (listed whole).
    per_cycle = sum(1 for error in problem["errors"] if error["line"] <= len(kinds))
    assert per_cycle >= 4  # a "two" row has at least two errors
    total = 5_000 // len(kinds) * per_cycle
    assert problem["invalid_rows"] == 5_000 // len(kinds) * 3
    assert len(problem["errors"]) == MAX_REPORTED_ERRORS
    assert problem["errors_not_listed"] == total - MAX_REPORTED_ERRORS
    listed_lines = [error["line"] for error in problem["errors"]]
    assert listed_lines == sorted(listed_lines) and listed_lines[0] == 2
    assert (await client.get("/v1/claims")).json()["items"] == []
