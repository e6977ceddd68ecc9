"""No request gets a 500: what a write accepts, every read of it serves (issue 11)."""

import base64
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import orjson
import pytest
from sqlalchemy.engine import make_url

from app.core.fields import FIRST_DAY, LAST_DAY
from app.extraction.periods import dates as extraction_dates
from app.main import create_app
from app.settings import Settings
from tests.conftest import _pg_execute, postgres_admin_url, postgres_required
from tests.factories import make_claim, make_measure, make_speaker

PROBLEM = "application/problem+json"


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


async def _figure(
    client: httpx.AsyncClient, measure: str, figure: dict[str, Any]
) -> httpx.Response:
    speaker = await make_speaker(client)
    body = {
        "speaker_id": speaker["id"],
        "text": "A figure",
        "said_on": "2025-03-02",
        "figures": [{"measure_id": measure, **figure}],
    }
    return await client.post("/v1/claims", json=body)


@pytest.mark.parametrize(
    ("figure", "field"),
    [
        ({"value": 1e100, "unit": "km"}, "value"),
        ({"value": 1e100, "unit": "Ym"}, "value"),
        ({"qualifier": "range", "lower": 1, "upper": 1e99, "unit": "km"}, "value"),
        ({"qualifier": "range", "lower": -1e75, "upper": 1e75, "unit": "km"}, "lower"),
    ],
)
async def test_a_figure_out_of_bounds_in_the_measures_unit_is_refused_naming_the_field(
    client: httpx.AsyncClient, figure: dict[str, Any], field: str
) -> None:
    await make_measure(client, slug="length", unit="ym")
    response = await _figure(client, "length", figure)
    [error] = _problem(response, 422)["errors"]
    assert error["loc"] == ["body", "figures", 0, field]
    assert "measure's unit 'ym'" in error["msg"]
    assert (await client.get("/v1/measures/length/comparison")).status_code == 200


async def test_a_unit_change_that_puts_a_figure_out_of_bounds_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="length", unit="km")
    assert (await _figure(client, "length", {"value": 1e100, "unit": "km"})).status_code == 201
    response = await client.patch("/v1/measures/length", json={"unit": "ym"})
    error = _problem(response, 422)["errors"][0]
    assert error["loc"] == ["body", "unit"]
    assert "too large" in error["msg"]
    assert (await client.get("/v1/measures/length")).json()["unit"] == "km"
    assert (await client.get("/v1/measures/length/chart.svg")).status_code == 200


async def test_a_merge_that_puts_a_figure_out_of_bounds_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await make_measure(client, slug="big", unit="km", name="Big lengths")
    await make_measure(client, slug="small", unit="ym", name="Small lengths")
    assert (await _figure(client, "big", {"value": 1e100, "unit": "km"})).status_code == 201
    response = await client.post("/v1/measures/small/merge", json={"from": "big"})
    assert _problem(response, 422)["errors"][0]["loc"] == ["body", "from"]


async def test_an_imported_figure_out_of_bounds_is_refused_naming_its_path(
    client: httpx.AsyncClient,
) -> None:
    measure = {"slug": "length", "unit": "ym"}
    row = {
        "speaker": "Someone",
        "text": "A long way",
        "said_on": "2025-03-02",
        "figures": [{"measure": measure, "value": 1e100, "unit": "km"}],
    }
    response = await client.post("/v1/import", json=[row])
    [error] = _problem(response, 422)["errors"]
    assert error["path"] == "$[0].figures[0].value"


def _cursor(order: str, key: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([order, key])).decode().rstrip("=")


@pytest.mark.parametrize(
    "key",
    [
        [{"t": "0001-01-01T00:00:00+14:00"}, 1],
        [{"t": "9999-12-31T23:59:59-14:00"}, 1],
        [{"t": "0001-01-01T00:00:00"}, 1],
        [{"t": "0999-12-31T23:59:59+00:00"}, 1],
        ["0001-01-01T00:00:00+14:00", 1],
    ],
)
async def test_a_cursor_beyond_the_writable_days_is_a_400_naming_cursor(
    client: httpx.AsyncClient, key: list[Any]
) -> None:
    await make_claim(client)
    cursor = _cursor("-created_at", key)
    response = await client.get("/v1/claims", params={"sort": "-created_at", "cursor": cursor})
    assert _problem(response, 400)["errors"][0]["loc"] == ["query", "cursor"]


@pytest.mark.parametrize(
    ("claim_review", "path"),
    [
        ("a review", "$.claims[0].claimReview"),
        ({"url": "https://fact.example/1"}, "$.claims[0].claimReview"),
        (3, "$.claims[0].claimReview"),
        ([{"url": "https://fact.example/1"}, 3], "$.claims[0].claimReview[1]"),
        (["a", "b"], "$.claims[0].claimReview[0]"),
    ],
)
async def test_a_fact_check_claim_review_that_is_no_list_of_objects_is_a_422_naming_it(
    client: httpx.AsyncClient, claim_review: Any, path: str
) -> None:
    claim = {"text": "It is so", "claimant": "Someone", "claimReview": claim_review}
    document = {"claims": [claim]}
    response = await client.post("/v1/import/claimreview", json=document)
    [error] = _problem(response, 422)["errors"]
    assert error["path"] == path


def test_extraction_keeps_to_the_days_a_figure_can_hold() -> None:
    assert (extraction_dates.FIRST_DAY, extraction_dates.LAST_DAY) == (FIRST_DAY, LAST_DAY)


@pytest.mark.parametrize(
    ("text", "said_on"),
    [
        ("Over the past 3000 years 5 people died, he said.", "2024-08-14"),
        ("In the past 9999999 days 5 people died, he said.", "2024-08-14"),
        ("In the last 10000 years 5 people died, he said.", "2024-08-14"),
        ("Last week 5 people died, he said.", "1000-01-03"),
        ("Over the weekend 5 people died, he said.", "1000-01-01"),
        ("In the past 2 days 5 people died, he said.", "1000-01-01"),
        ("In the first quarter 5 people died, he said.", "1000-01-01"),
        ("Since the start of the week 5 people died, he said.", "1000-01-01"),
    ],
)
async def test_a_period_beyond_the_writable_days_is_dropped_not_a_500(
    client: httpx.AsyncClient, text: str, said_on: str
) -> None:
    response = await client.post("/v1/extract", json={"text": text, "said_on": said_on})
    assert response.status_code == 200, response.text
    candidates = response.json()["candidates"]
    assert [len(candidate["figures"]) for candidate in candidates] == [1]  # the 5 people
    for candidate in candidates:
        for figure in candidate["figures"]:
            for day in ("period_start", "period_end", "as_of"):
                assert figure.get(day) is None or "1000-01-01" <= figure[day] <= "2999-12-31"


@pytest.mark.parametrize("said_on", ["0001-01-08", "0999-12-31", "3000-01-01", "9999-12-31"])
async def test_extraction_said_on_outside_the_writable_days_is_a_422(
    client: httpx.AsyncClient, said_on: str
) -> None:
    """The issue's "last week" said in year 1: refused as a said_on no claim could have."""
    text = "Last week 5 people died, he said."
    response = await client.post("/v1/extract", json={"text": text, "said_on": said_on})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["body", "said_on"]


@pytest.fixture
async def failing(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client on an app with a route that fails, seeing what a server sends back."""
    application = create_app(settings)

    async def fail() -> None:
        raise RuntimeError("secret internals at /srv/app.py line 3")

    application.add_api_route("/v1/fail", fail)
    transport = httpx.ASGITransport(app=application, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await application.state.db.dispose()


async def test_an_unexpected_error_is_a_complete_problem_that_closes_the_connection(
    failing: httpx.AsyncClient,
) -> None:
    response = await failing.get("/v1/fail")
    body = _problem(response, 500)
    assert body["detail"] == "the server failed to handle this request"
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["connection"] == "close"
    assert int(response.headers["content-length"]) == len(response.content)


@pytest.fixture
async def crowded() -> AsyncIterator[httpx.AsyncClient]:
    """A client on an app whose PostgreSQL has no room for its connections: it logs in as a
    role limited to none, which PostgreSQL refuses as it refuses a server at max_connections
    (SQLSTATE 53300). SQLite opens a file and has no such limit: PostgreSQL only."""
    admin = postgres_admin_url()
    role = f"claimtrack_full_{uuid.uuid4().hex[:8]}"
    try:
        await _pg_execute(admin, f"CREATE ROLE {role} LOGIN CONNECTION LIMIT 0")
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        if postgres_required():
            pytest.fail(f"PostgreSQL at {admin} is not reachable: {error}")
        pytest.skip(f"PostgreSQL at {admin} is not reachable: {error}")
    url = make_url(admin).set(username=role).render_as_string(hide_password=False)
    application = create_app(Settings(database_url=url))
    transport = httpx.ASGITransport(app=application, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http
    finally:
        await application.state.db.dispose()
        await _pg_execute(admin, f"DROP ROLE {role}")


async def test_a_database_without_room_for_a_connection_answers_503_to_retry(
    crowded: httpx.AsyncClient,
) -> None:
    key = {"Authorization": "Bearer ct_abcdefgh_well-formed-but-never-issued"}  # looked up
    answers = [
        await crowded.get("/v1/claims/1"),  # the fast read path (asyncpg)
        await crowded.get("/v1/speakers"),  # the ORM
        await crowded.post("/v1/speakers", json={"name": "Nobody"}, headers=key),  # its key
    ]

    for response in answers:
        body = _problem(response, 503)
        assert body["detail"].endswith("retry shortly"), body
        assert response.headers["retry-after"] == "1"
        assert "Traceback" not in response.text
