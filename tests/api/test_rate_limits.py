"""Anonymous expensive work is metered per client address; keyed reads are counted in memory."""

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import asyncpg
import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.auth.meters import Meters
from app.auth.models import RateCounter
from app.auth.windows import Windows
from app.db.session import Database
from app.ops.serving import uvicorn_options
from app.settings import Settings
from tests.conftest import FROZEN_NOW
from tests.factories import make_claim, make_measure


@contextmanager
def changed(settings: Settings, **values: Any) -> Iterator[None]:
    """Settings changed for one test, then put back."""
    before = {name: getattr(settings, name) for name in values}
    for name, value in values.items():
        setattr(settings, name, value)
    try:
        yield
    finally:
        for name, value in before.items():
            setattr(settings, name, value)


def _from(app: Any, address: str, **headers: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)


def _is_rate_limited(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert response.headers["ratelimit-limit"] == str(limit)
    assert response.headers["ratelimit-remaining"] == "0"
    assert response.headers["ratelimit-reset"] == response.headers["retry-after"]
    assert response.headers["ratelimit-policy"] == f"{limit};w=60"
    assert response.json()["status"] == 429


async def _measure_with_two_claims(client: httpx.AsyncClient) -> tuple[str, int, int]:
    measure = await make_measure(client)
    ids = []
    for value in (800, 1360):
        figure = {"measure_id": measure["id"], "value": value, "unit": "km²"}
        ids.append((await make_claim(client, figures=[figure]))["id"])
    return measure["slug"], ids[0], ids[1]


async def test_anonymous_extraction_is_limited_per_client_address(
    app: Any, settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    body = {"text": "ISW said Ukraine held 800 square kilometres.", "said_on": "2024-08-14"}
    with changed(settings, anonymous_rate_limit_per_minute=3):
        async with _from(app, "203.0.113.7") as flooder, _from(app, "203.0.113.8") as other:
            statuses = [
                (await flooder.post("/v1/extract", json=body)).status_code for _ in range(3)
            ]
            refused = await flooder.post("/v1/extract", json=body)
            served_elsewhere = await other.post("/v1/extract", json=body)
        keyed = await client.post("/v1/extract", json=body)
    assert statuses == [200, 200, 200]
    _is_rate_limited(refused, 3)
    assert "203.0.113.7" in refused.json()["detail"]
    assert served_elsewhere.status_code == 200
    assert keyed.status_code == 200


async def test_anonymous_matching_is_metered_per_client_address(
    app: Any, settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    _slug, claim_id, _other = await _measure_with_two_claims(client)
    body = {"text": "Ukraine held 800 square kilometres."}
    with changed(settings, anonymous_rate_limit_per_minute=2):
        async with _from(app, "203.0.113.9") as anonymous:
            matched = await anonymous.post("/v1/claims/match", json=body)
            similar = await anonymous.get(f"/v1/claims/{claim_id}/similar")
            refused = [
                await anonymous.post("/v1/claims/match", json=body),
                await anonymous.get(f"/v1/claims/{claim_id}/similar"),
            ]
        keyed = await client.post("/v1/claims/match", json=body)
    assert (matched.status_code, similar.status_code) == (200, 200)
    for response in refused:
        _is_rate_limited(response, 2)
    assert keyed.status_code == 200


async def test_forwarded_for_does_not_make_an_anonymous_client_someone_else(
    app: Any, settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    body = {"text": "About 74 communities.", "said_on": "2024-08-14"}
    with changed(settings, anonymous_rate_limit_per_minute=2):
        async with _from(app, "198.51.100.1") as flooder:
            statuses = [
                (
                    await flooder.post(
                        "/v1/extract", json=body, headers={"X-Forwarded-For": f"10.0.0.{n}"}
                    )
                ).status_code
                for n in range(3)
            ]
    assert statuses == [200, 200, 429]


async def test_ipv6_clients_count_by_their_64_network(
    app: Any, settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    body = {"text": "About 74 communities.", "said_on": "2024-08-14"}
    with changed(settings, anonymous_rate_limit_per_minute=1):
        async with _from(app, "2001:db8::1") as first, _from(app, "2001:db8::2") as second:
            assert (await first.post("/v1/extract", json=body)).status_code == 200
            _is_rate_limited(await second.post("/v1/extract", json=body), 1)


async def test_comparison_compare_charts_exports_and_feeds_are_metered_for_anonymous_clients(
    app: Any, settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    slug, claim_a, claim_b = await _measure_with_two_claims(client)
    paths = [
        f"/v1/measures/{slug}/comparison",
        f"/v1/measures/{slug}/chart.vl.json",
        f"/v1/measures/{slug}/chart.svg",
        f"/v1/measures/{slug}/chart.png",
        f"/v1/compare?claims={claim_a},{claim_b}",
        "/v1/claims?format=csv",
        "/v1/claims?format=ndjson",
        "/v1/claimreview",
        "/v1/speakers?format=csv",
        "/v1/sources?format=ndjson",
        "/v1/measures?format=csv",
    ]
    with changed(settings, anonymous_rate_limit_per_minute=len(paths)):
        async with _from(app, "192.0.2.10") as anonymous:
            statuses = [(await anonymous.get(path)).status_code for path in paths]
            after = {path: await anonymous.get(path) for path in paths}
            page = await anonymous.get("/v1/claims")
        keyed = [(await client.get(path)).status_code for path in paths]
    assert statuses == [200] * len(paths)
    for response in after.values():
        _is_rate_limited(response, len(paths))
    assert page.status_code == 200  # a page of claims is cheap: not metered
    assert keyed == [200] * len(paths)


async def test_facets_are_metered_only_when_they_must_be_counted(
    app: Any, settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    await make_claim(client)
    with changed(settings, anonymous_rate_limit_per_minute=2):
        async with _from(app, "192.0.2.20") as anonymous:
            counted = await anonymous.get("/v1/claims/facets", params={"facet": "year"})
            cached = [
                (await anonymous.get("/v1/claims/facets", params={"facet": "year"})).status_code
                for _ in range(4)
            ]
            other = await anonymous.get("/v1/claims/facets", params={"facet": "speaker"})
            refused = await anonymous.get("/v1/claims/facets", params={"facet": "tag"})
    assert counted.status_code == 200
    assert cached == [200] * 4
    assert other.status_code == 200
    _is_rate_limited(refused, 2)


async def test_a_limit_of_zero_meters_nothing(
    app: Any, settings: Settings, client: httpx.AsyncClient, meters: Meters
) -> None:
    with changed(settings, anonymous_rate_limit_per_minute=0):
        async with _from(app, "192.0.2.30") as anonymous:
            statuses = {
                (await anonymous.get("/v1/claims?format=ndjson")).status_code for _ in range(20)
            }
    assert statuses == {200}


async def _counter_rows(database: Database) -> int:
    async with database.reader() as session:
        total = (
            await session.execute(select(func.coalesce(func.sum(RateCounter.count), 0)))
        ).scalar()
    return int(total or 0)


async def test_keyed_reads_write_no_rate_counter_and_are_limited_in_memory(
    settings: Settings, client: httpx.AsyncClient, database: Database, meters: Meters
) -> None:
    with changed(settings, public_read=False, rate_limit_per_minute=5):
        before = await _counter_rows(database)
        reads = [(await client.get("/v1/claims")).status_code for _ in range(5)]
        after_reads = await _counter_rows(database)
        refused = await client.get("/v1/speakers")
        written = await client.post("/v1/speakers", json={"name": "Counted"})
        after_write = await _counter_rows(database)
    assert reads == [200] * 5
    assert after_reads == before
    _is_rate_limited(refused, 5)
    assert written.status_code == 201  # writes have their own count, in the database
    assert after_write == before + 1


@asynccontextmanager
async def _write_lock_held(database: Database, url: str) -> AsyncIterator[None]:
    """Another connection holds the database's write lock (PostgreSQL: on the key tables)."""
    if database.dialect == "sqlite":
        holder = sqlite3.connect(make_url(url).database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    target = make_url(url)
    connection = await asyncpg.connect(
        user=target.username, host=target.host, port=target.port or 5432, database=target.database
    )
    try:
        async with connection.transaction():
            await connection.execute("LOCK TABLE rate_counters, api_keys IN EXCLUSIVE MODE")
            yield
    finally:
        await connection.close()


async def test_a_keyed_read_is_served_while_another_connection_holds_the_write_lock(
    settings: Settings,
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    meters: Meters,
) -> None:
    with changed(settings, public_read=False, rate_limit_per_minute=1000):
        async with _write_lock_held(database, database_url):
            response = await asyncio.wait_for(client.get("/v1/claims"), timeout=3)
            speakers = await asyncio.wait_for(client.get("/v1/speakers"), timeout=3)
        await asyncio.gather(*meters.pending)
    assert response.status_code == 200
    assert speakers.status_code == 200


DOCS = ("/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect", "/docs-assets/swagger-ui.css")


async def test_docs_and_metrics_need_a_key_when_reads_do(
    settings: Settings, client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    with changed(settings, public_read=False):
        refused = {path: await anonymous.get(path) for path in (*DOCS, "/metrics")}
        bad_key = await anonymous.get("/metrics", headers={"Authorization": "Bearer ct_x"})
        served = {path: (await client.get(path)).status_code for path in (*DOCS, "/metrics")}
        health = (await anonymous.get("/healthz")).status_code
    for response in refused.values():
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert bad_key.status_code == 401
    assert set(served.values()) == {200}
    assert health == 200


async def test_docs_and_metrics_have_settings_of_their_own(
    settings: Settings, anonymous: httpx.AsyncClient
) -> None:
    with changed(settings, public_read=False, public_docs=True):
        docs = {(await anonymous.get(path)).status_code for path in DOCS}
        metrics = (await anonymous.get("/metrics")).status_code
    assert docs == {200} and metrics == 401
    with changed(settings, public_metrics=False):
        docs = {(await anonymous.get(path)).status_code for path in DOCS}
        metrics = (await anonymous.get("/metrics")).status_code
    assert docs == {200} and metrics == 401


def test_a_window_forgets_its_counts_when_the_next_minute_starts() -> None:
    now = [FROZEN_NOW]
    windows = Windows(clock=lambda: now[0])
    assert windows.hit("a", limit=1) is None
    refused = windows.hit("a", limit=1)
    assert refused is not None and refused.reset == 50
    now[0] += 50
    assert windows.hit("a", limit=1) is None
    assert windows.counts == {"a": 1}


def test_uvicorn_runs_with_deliberate_timeouts_and_trusts_only_configured_proxies() -> None:
    options = uvicorn_options(Settings(header_timeout_seconds=3, keep_alive_seconds=4))
    assert options["http"].startswith("app.ops.serving:")
    assert options["timeout_keep_alive"] == 4
    assert options["timeout_graceful_shutdown"] == 30
    assert options["proxy_headers"] is False
    behind = uvicorn_options(Settings(trusted_proxies="10.0.0.1, 10.1.0.0/16"))
    assert behind["proxy_headers"] is True
    assert behind["forwarded_allow_ips"] == ["10.0.0.1", "10.1.0.0/16"]
