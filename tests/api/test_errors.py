"""Bad input of every kind gets a 4xx problem+json naming the problem, and writes nothing."""

from typing import Any

import httpx
import pytest

from app.core.errors import BadRequest
from app.core.json_body import parse_json
from tests.factories import make_measure, make_speaker

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int, *needles: str) -> dict[str, Any]:
    """The response is a problem document with this status, mentioning each needle."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == status
    for needle in needles:
        assert needle in response.text
    assert "Traceback" not in response.text
    assert "sqlalchemy" not in response.text.lower()
    return problem


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"name": "X", "id": 5}, "id"),
        ({"name": "X", "version": 9}, "version"),
        ({"name": "A\u0000B"}, "control character"),
        ({"name": "x" * 201}, "at most 200"),
        ({"name": "X", "kind": "robot"}, "kind"),
        ({"name": "evil\u202eman"}, "bidirectional"),
        ({"name": "  "}, "blank"),
        ({"name": "X", "wikidata_id": "12"}, "wikidata_id"),
        ({}, "name"),
    ],
)
async def test_bad_speaker_bodies(
    client: httpx.AsyncClient, body: dict[str, Any], needle: str
) -> None:
    problem = assert_problem(await client.post("/v1/speakers", json=body), 422, needle)
    assert problem["errors"]
    assert (await client.get("/v1/speakers")).json()["items"] == []


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b'{"name": ', "not valid JSON"),
        (b"[" * 10000 + b"]" * 10000, "nested deeper"),
        (b"[" * 40 + b"]" * 40, "nested deeper"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
async def test_unreadable_json_is_400(client: httpx.AsyncClient, raw: bytes, needle: str) -> None:
    response = await client.post(
        "/v1/speakers", content=raw, headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, needle)


def test_the_depth_limit_holds_at_its_edge_whatever_the_strings_hold() -> None:
    """32 levels are read, 33 refused, with brackets in strings or not (a body with no more
    brackets than levels is not walked: none can be deeper)."""
    edge = b"[" * 32 + b"]" * 32
    assert parse_json(edge) is not None
    with pytest.raises(BadRequest, match="nested deeper"):
        parse_json(b"[" * 33 + b"]" * 33)
    quoted = b'{"a": "' + b"[{" * 40 + b'", "b": ' + b"[" * 31 + b"]" * 31 + b"}"
    assert parse_json(quoted)["a"] == "[{" * 40
    with pytest.raises(BadRequest, match="nested deeper"):
        parse_json(b'{"a": "[[[", "b": ' + b"[" * 32 + b"]" * 32 + b"}")
    with pytest.raises(BadRequest, match="appears twice"):
        parse_json(b'{"a": 1, "b": {"c": 1, "d": 2, "c": 3}}')


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        (b"NaN", "NaN is not a number: numbers must be finite"),
        (b"Infinity", "Infinity is not a number: numbers must be finite"),
        (b"-Infinity", "-Infinity is not a number: numbers must be finite"),
        (b"1e309", "1e309 is out of range: numbers must be finite"),
        (b"-1e400", "-1e400 is out of range: numbers must be finite"),
        # more digits than Python reads into an int: out of range too, not a 400 quoting
        # Python's advice to raise its limit
        pytest.param(
            b"1" * 5000, "1" * 40 + " is out of range: numbers must be finite", id="5000-digits"
        ),
        pytest.param(
            b"-" + b"9" * 4301,
            "-" + "9" * 39 + " is out of range: numbers must be finite",
            id="4301-digits",
        ),
    ],
)
async def test_a_number_that_is_not_finite_is_422_at_its_field(
    client: httpx.AsyncClient, literal: bytes, message: str
) -> None:
    """API.md: NaN, Infinity (and a number too large to be finite) are 422, named where they
    were sent; nothing is written."""
    await make_measure(client, slug="area")
    speaker = await make_speaker(client)
    raw = (
        b'{"speaker_id": %d, "text": "t", "said_on": "2024-08-14", '
        b'"figures": [{"measure_id": "area", "value": %s, "unit": "km2"}]}'
        % (speaker["id"], literal)
    )
    response = await client.post(
        "/v1/claims", content=raw, headers={"content-type": "application/json"}
    )
    problem = assert_problem(response, 422, message)
    assert problem["errors"] == [
        {"loc": ["body", "figures", 0, "value"], "msg": message, "type": "finite_number"}
    ]
    assert problem["detail"] == f"body.figures.0.value: {message}"
    both = await client.post(
        "/v1/speakers",
        content=b'{"name": NaN, "aliases": [Infinity]}',
        headers={"content-type": "application/json"},
    )
    assert [error["loc"] for error in assert_problem(both, 422, "NaN")["errors"]] == [
        ["body", "aliases", 0],
        ["body", "name"],
    ]
    assert (await client.get("/v1/claims")).json()["items"] == []


async def test_body_that_is_not_json_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/speakers",
        content=b"name=X",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert_problem(response, 415, "application/json")


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("/v1/claims/9223372036854775808", 422, "claim_id"),
        ("/v1/claims/0", 422, "claim_id"),
        ("/v1/claims/abc", 422, "claim_id"),
        ("/v1/speakers/9223372036854775808", 422, "out of range"),
        ("/v1/speakers/99999999999999999999999", 422, "ref"),
        ("/v1/speakers/Bad%20Slug", 422, "ref"),
        ("/v1/speakers/a%00b", 422, "ref"),
        ("/v1/speakers/no-such-person", 404, "no-such-person"),
        ("/v1/claims?limit=0", 422, "limit"),
        ("/v1/claims?limit=1000000000", 422, "limit"),
        ("/v1/claims?limit=abc", 422, "limit"),
        ("/v1/claims?cursor=garbage", 400, "cursor"),
        ("/v1/claims?said_from=2024-13-45", 422, "said_from"),
        ("/v1/claims?speaker=%00", 422, "speaker"),
        ("/v1/claims?sort=text", 422, "sort"),
        ("/v1/nothing-here", 404, "no such path"),
    ],
)
async def test_bad_paths_and_queries(
    client: httpx.AsyncClient, path: str, status: int, needle: str
) -> None:
    assert_problem(await client.get(path), status, needle)


async def test_cursor_of_another_sort_is_refused(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    for _ in range(3):
        await client.post(
            "/v1/claims", json={"speaker_id": speaker["id"], "text": "t", "said_on": "2024-01-01"}
        )
    cursor = (await client.get("/v1/claims", params={"limit": 1})).json()["next_cursor"]
    response = await client.get(
        "/v1/claims", params={"limit": 1, "cursor": cursor, "sort": "created_at"}
    )
    assert_problem(response, 400, "cursor")


async def test_malformed_if_match_is_400(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client)
    response = await client.patch(
        f"/v1/speakers/{speaker['id']}", json={"name": "Y"}, headers={"If-Match": "yesterday"}
    )
    assert_problem(response, 400, "If-Match")


async def test_method_not_allowed_is_a_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.put("/v1/claims", json={}), 405)


async def test_oversized_body_is_413_before_reading(client: httpx.AsyncClient) -> None:
    big = b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    response = await client.post(
        "/v1/speakers", content=big, headers={"content-type": "application/json"}
    )
    assert_problem(response, 413, "larger than")


async def test_many_numbers_that_are_not_finite_are_counted_and_the_first_hundred_named(
    client: httpx.AsyncClient,
) -> None:
    raw = b'{"name": "Many", "aliases": [' + b", ".join([b"NaN"] * 500) + b"]}"
    response = await client.post(
        "/v1/speakers", content=raw, headers={"content-type": "application/json"}
    )
    problem = assert_problem(response, 422, "(and 499 more)")
    assert len(problem["errors"]) == 100
    assert [error["loc"][-1] for error in problem["errors"]] == list(range(100))
