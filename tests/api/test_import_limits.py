"""A bulk import of many bad rows answers with a bounded 422 and does not hold the server."""

import time

import anyio
import httpx
import orjson

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
