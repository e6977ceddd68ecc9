"""Operations: health, readiness, metrics, request ids."""

import httpx
import pytest
from sqlalchemy.exc import IntegrityError

from app.core.offload import Offload
from app.db.session import Database
from app.ops import router as ops_router
from app.settings import Settings


async def test_healthz_and_readyz_report_ok_on_a_migrated_database(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/healthz")).json() == {
        "status": "ok",
        "database": None,
        "revision": None,
        "expected_revision": None,
    }
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok"
    assert body["revision"] == body["expected_revision"] is not None


async def test_readyz_says_whether_the_cpu_workers_have_started(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting workers leave the instance ready; the field tells a benchmark or an operator
    when a first import or extraction no longer waits for them."""
    pool = Offload(1)
    monkeypatch.setattr(ops_router, "offload", lambda: pool)
    try:
        starting = await client.get("/readyz")
        assert (starting.status_code, starting.json()["cpu_workers"]) == (200, "starting")
        await pool.warm()
        assert (await client.get("/readyz")).json()["cpu_workers"] == "ready"
    finally:
        pool.close()
    monkeypatch.setattr(ops_router, "offload", lambda: Offload(0))
    assert (await client.get("/readyz")).json()["cpu_workers"] == "ready"  # in-process: no wait


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    generated = await client.get("/v1/speakers")
    assert len(generated.headers["x-request-id"]) == 32
    echoed = await client.get("/v1/speakers/404-nobody", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    refused = await client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert refused.headers["x-request-id"] != "bad id with spaces"


async def test_metrics_count_requests_per_route_and_status(client: httpx.AsyncClient) -> None:
    await client.get("/v1/speakers/no-such-speaker")
    text = (await client.get("/metrics")).text
    assert (
        'claimtrack_http_requests_total{method="GET",route="/v1/speakers/{ref}",status="404"}'
        in text
    )
    assert "claimtrack_http_request_duration_seconds_bucket" in text


async def test_the_hottest_reads_keep_metrics_errors_and_docs(client: httpx.AsyncClient) -> None:
    """List, get and facets are served by plain Starlette routes: nothing a client sees changes."""
    assert (await client.get("/v1/claims/987654")).status_code == 404
    bad = await client.get("/v1/claims", params={"limit": "0"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"][0]["loc"] == ["query", "limit"]
    assert (await client.get("/v1/claims/facets", params={"facet": "year"})).status_code == 200
    assert (await client.post("/v1/claims", json={})).status_code == 422  # POST still FastAPI's
    text = (await client.get("/metrics")).text
    for route, status in (("/v1/claims/{claim_id}", 404), ("/v1/claims", 422)):
        line = f'claimtrack_http_requests_total{{method="GET",route="{route}",status="{status}"}}'
        assert line in text
    schema = (await client.get("/openapi.json")).json()
    listed = schema["paths"]["/v1/claims"]["get"]
    assert listed["operationId"] == "list_claims"
    assert {p["name"] for p in listed["parameters"]} >= {"q", "speaker", "limit", "cursor"}
    assert "get" in schema["paths"]["/v1/claims/{claim_id}"]


async def test_openapi_documents_problem_responses(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert schema["openapi"].startswith("3.1")
    responses = schema["paths"]["/v1/claims"]["post"]["responses"]
    assert "application/problem+json" in responses["422"]["content"]
    assert (await client.get("/docs")).status_code == 200


async def test_connections_enforce_foreign_keys(database: Database) -> None:
    async with database.engine.connect() as connection:
        with pytest.raises(IntegrityError):
            await connection.exec_driver_sql(
                "INSERT INTO claim_tags (claim_id, tag) VALUES (987654321, 'orphan')"
            )
        await connection.rollback()
        if database.dialect == "sqlite":  # what makes SQLite enforce them, and WAL mode
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
            assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"


async def test_quick_read_connections_are_set_up_as_configured(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    """SQLite: the page cache of CLAIMTRACK_SQLITE_CACHE_MB (default 64 MiB); PostgreSQL: UTC
    sessions, so stored times come back as the API states them."""
    assert (await client.get("/v1/claims")).status_code == 200
    if database.dialect == "sqlite":  # negative cache_size means KiB
        rows = await database.fast.fetch("PRAGMA cache_size", {})
        assert settings.sqlite_cache_mb == 64
        assert rows[0][0] == -64 * 1024
    else:
        rows = await database.fast.fetch("SELECT current_setting('TimeZone')", {})
        assert rows[0][0] == "UTC"
