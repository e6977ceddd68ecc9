"""Read replicas on a real streaming standby that the tests start (bench/postgres_servers.py):
reads go to the standby, a client's reads after its own write see that write, a standby that
is down or too far behind is passed over, and /readyz reports every database."""

import asyncio
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from app.auth.service import create_key
from app.db.migrations import upgrade
from app.main import create_app
from app.settings import Settings
from bench.postgres_servers import PostgresServer, Replicated, missing, replicated_postgres
from tests.conftest import postgres_required
from tests.server.conftest import free_port, wait_ready

DATABASE = "claimtrack"
READ_AFTER = "Claimtrack-Read-After"


def _migrated(primary: PostgresServer) -> None:
    primary.sql(f"CREATE DATABASE {DATABASE}")
    upgrade(primary.url(DATABASE))


@pytest.fixture(scope="module")
def servers() -> Iterator[Replicated]:
    """A migrated primary and its standby, for the module (skipped without PostgreSQL's server
    binaries, unless CLAIMTRACK_TEST_REQUIRE_POSTGRES=1 makes that a failure, as in CI)."""
    reason = missing()
    if reason is not None:
        if postgres_required():
            pytest.fail(reason)
        pytest.skip(reason + " (set CLAIMTRACK_TEST_REQUIRE_POSTGRES=1 to fail instead)")
    with replicated_postgres(before_standby=_migrated) as servers:
        yield servers


def _settings(servers: Replicated, **overrides: Any) -> Settings:
    return Settings(
        database_url=servers.primary.url(DATABASE),
        database_replica_urls=[servers.standby.url(DATABASE)],
        replica_check_seconds=0.1,
        rate_limit_per_minute=0,
        anonymous_rate_limit_per_minute=0,
        **overrides,
    )


@asynccontextmanager
async def _serving(settings: Settings) -> AsyncIterator[tuple[FastAPI, str]]:
    """The app on the settings, and an admin key's token."""
    app = create_app(settings)
    async with app.state.db.writer() as session, session.begin():
        _key, token = await create_key(session, name=f"admin-{uuid.uuid4().hex}", scope="admin")
    try:
        yield app, token
    finally:
        await app.state.db.dispose()


@pytest.fixture(scope="module")
async def served(servers: Replicated) -> AsyncIterator[tuple[FastAPI, str]]:
    """The app with the standby as a replica that may lag ten minutes (so a paused one serves)."""
    async with _serving(_settings(servers, replica_max_lag_seconds=600)) as served:
        yield served


@dataclass(frozen=True)
class Written:
    """A client with an admin key that wrote a speaker and a claim of theirs, replayed by the
    replica, and a client with no key."""

    writer: httpx.AsyncClient
    other: httpx.AsyncClient
    speaker: str
    claim: str


@pytest.fixture
async def written(servers: Replicated, served: tuple[FastAPI, str]) -> AsyncIterator[Written]:
    """Two clients on the module's app, and what one of them wrote, the replica serving."""
    app, token = served
    async with _client(app, token) as writer, _client(app) as other:
        speaker, _ = await _speaker(writer)
        claim, _ = await _claim(writer, speaker)
        _caught_up(servers)
        await _serving_replica(writer)
        yield Written(writer, other, speaker, claim)


def _client(app: FastAPI, token: str | None = None) -> httpx.AsyncClient:
    """A client over ASGI that keeps cookies, as a browser does."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)


def _caught_up(servers: Replicated, seconds: float = 30) -> None:
    """Wait until the standby has replayed everything the primary has written."""
    target = servers.primary.sql("SELECT pg_current_wal_insert_lsn()")
    deadline = time.monotonic() + seconds
    check = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
    while servers.standby.sql(check) != "t":
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.05)


async def _replica_status(http: httpx.AsyncClient) -> dict[str, Any]:
    ready = await http.get("/readyz")
    assert ready.status_code == 200, ready.text
    replicas: list[dict[str, Any]] = ready.json()["replicas"]
    return replicas[0]


async def _serving_replica(http: httpx.AsyncClient, seconds: float = 30) -> None:
    """Wait until the app reads from the replica again."""
    deadline = time.monotonic() + seconds
    while (await _replica_status(http))["status"] != "ok":
        assert time.monotonic() < deadline, "the replica was not read from again"
        await asyncio.sleep(0.1)


@contextmanager
def _replay_paused(servers: Replicated) -> Iterator[None]:
    """Replay paused on the standby, after it has replayed a commit: a standby that has replayed
    none since it started (new, or restarted) cannot tell how far behind it is once the primary
    writes on, and is rightly passed over; these tests want one that knows it lags."""
    servers.primary.sql("SELECT txid_current()")  # a transaction with an id: a commit record
    _caught_up(servers)
    standby = servers.standby
    standby.sql("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        standby.sql("SELECT pg_wal_replay_resume()")


async def _speaker(http: httpx.AsyncClient) -> tuple[str, httpx.Response]:
    response = await http.post("/v1/speakers", json={"name": f"Speaker {uuid.uuid4().hex[:8]}"})
    assert response.status_code == 201, response.text
    return f"/v1/speakers/{response.json()['id']}", response


def _id(path: str) -> int:
    return int(path.rsplit("/", 1)[1])


async def _claim(http: httpx.AsyncClient, speaker: str) -> tuple[str, httpx.Response]:
    body = {
        "speaker_id": _id(speaker),
        "text": f"Claim {uuid.uuid4().hex}",
        "said_on": "2024-08-14",
    }
    response = await http.post("/v1/claims", json=body)
    assert response.status_code == 201, response.text
    return f"/v1/claims/{response.json()['id']}", response


async def test_readyz_reports_the_primary_and_each_replica(
    servers: Replicated, served: tuple[FastAPI, str]
) -> None:
    app, _token = served
    _caught_up(servers)
    async with _client(app) as http:
        ready = (await http.get("/readyz")).json()
    assert ready["status"] == ready["database"] == "ok"
    assert ready["replicas"] == [{"name": "replica-1", "status": "ok", "lag_seconds": 0.0}]


async def test_a_writer_reads_its_own_write_while_others_read_the_lagging_replica(
    servers: Replicated, served: tuple[FastAPI, str]
) -> None:
    app, token = served
    async with _client(app, token) as writer, _client(app) as other, _client(app) as echoing:
        await _serving_replica(writer)
        with _replay_paused(servers):
            speaker, created = await _speaker(writer)
            position = created.headers[READ_AFTER]
            assert f"claimtrack_read_after={position}" in created.headers["set-cookie"]
            claim, _ = await _claim(writer, speaker)
            listed = f"/v1/claims?speaker={_id(speaker)}"

            # The writer's cookie brings it its writes, through the ORM and the fast reads.
            assert (await writer.get(speaker)).status_code == 200
            assert (await writer.get(claim)).status_code == 200
            assert len((await writer.get(listed)).json()["items"]) == 1
            # So does the header, echoed by a client that keeps no cookie.
            assert (await echoing.get(claim, headers={READ_AFTER: position})).status_code == 200
            # A client without either reads the replica, which has not replayed the write.
            assert (await other.get(speaker)).status_code == 404
            assert (await other.get(claim)).status_code == 404
        _caught_up(servers)
        await _serving_replica(other)
        assert (await other.get(claim)).status_code == 200
        assert (await other.get(speaker)).status_code == 200


async def test_a_write_on_one_instance_is_read_after_on_another(
    servers: Replicated, written: Written
) -> None:
    settings = _settings(servers, replica_max_lag_seconds=600)
    async with _serving(settings) as (second, _token), _client(second) as elsewhere:
        await _serving_replica(elsewhere)
        with _replay_paused(servers):
            claim, created = await _claim(written.writer, written.speaker)
            position = {READ_AFTER: created.headers[READ_AFTER]}
            assert (await elsewhere.get(claim, headers=position)).status_code == 200
            assert (await elsewhere.get(claim)).status_code == 404


async def test_facet_counts_after_a_write_count_it_for_the_writer(
    servers: Replicated, written: Written
) -> None:
    writer, other = written.writer, written.other
    facets = "/v1/claims/facets?facet=speaker&facet_size=100"
    before = (await other.get(facets)).json()
    with _replay_paused(servers):
        await _claim(writer, written.speaker)
        mine = (await writer.get(facets)).json()
        theirs = (await other.get(facets)).json()
    assert theirs == before
    assert _counted(mine) == _counted(before) + 1


def _counted(facets: dict[str, Any]) -> int:
    return sum(value["count"] for value in facets["facets"]["speaker"])


async def test_a_replica_further_behind_than_the_limit_is_not_read(servers: Replicated) -> None:
    settings = _settings(servers, replica_max_lag_seconds=0.5)
    async with (
        _serving(settings) as (app, token),
        _client(app, token) as writer,
        _client(app) as other,
    ):
        await _speaker(writer)
        _caught_up(servers)
        await _serving_replica(other)
        with _replay_paused(servers):
            speaker, _ = await _speaker(writer)
            await asyncio.sleep(1)
            status = await _replica_status(other)
            assert status["status"].endswith("behind the primary (> 0.5 s)")
            assert status["lag_seconds"] > 0.5
            assert (await other.get(speaker)).status_code == 200


async def test_reads_keep_working_with_the_replica_stopped(
    servers: Replicated, written: Written
) -> None:
    writer, other, speaker, claim = written.writer, written.other, written.speaker, written.claim
    servers.standby.stop()
    try:
        # The first reads still pick the replica, find it gone, and read the primary.
        assert (await other.get(speaker)).status_code == 200
        assert (await other.get(claim)).status_code == 200
        assert (await other.get("/v1/claims?limit=5")).status_code == 200
        status = await _replica_status(other)
        assert status["status"].startswith("unreachable")
        assert (await other.get(claim)).status_code == 200
        await _speaker(writer)
    finally:
        servers.standby.start()
    await _serving_replica(other)
    assert (await other.get(claim)).status_code == 200
    with _replay_paused(servers):  # the replica serves again
        later, _ = await _speaker(writer)
        assert (await other.get(later)).status_code == 404


async def test_a_malformed_read_after_header_is_a_400_and_a_junk_cookie_is_ignored(
    servers: Replicated, served: tuple[FastAPI, str], written: Written
) -> None:
    app, _token = served
    async with _client(app) as http:
        for path in ("/v1/speakers", "/v1/claims"):  # a FastAPI route, a plain one
            refused = await http.get(path, headers={READ_AFTER: "yesterday"})
            assert refused.status_code == 400
            assert refused.headers["content-type"] == "application/problem+json"
            assert READ_AFTER in refused.json()["detail"]
        # A cookie this server did not set sends nobody's reads to the primary: with replay
        # paused, its holder reads the replica, which has not seen the new speaker.
        await _serving_replica(http)
        http.cookies.set("claimtrack_read_after", "not-a-position")
        with _replay_paused(servers):
            speaker, _ = await _speaker(written.writer)
            assert (await http.get(speaker)).status_code == 404
            assert (await written.writer.get(speaker)).status_code == 200


async def test_a_refused_write_carries_no_read_after_position(served: tuple[FastAPI, str]) -> None:
    app, token = served
    async with _client(app, token) as http:
        refused = await http.post("/v1/speakers", json={"name": ""})
    assert refused.status_code == 422
    assert READ_AFTER not in refused.headers
    assert "set-cookie" not in refused.headers


def test_claimtrack_serve_reads_the_replica_urls_from_the_environment(
    servers: Replicated,
) -> None:
    port = free_port()
    replica = servers.standby.url(DATABASE)
    env = {
        "CLAIMTRACK_DATABASE_URL": servers.primary.url(DATABASE),
        "CLAIMTRACK_DATABASE_REPLICA_URLS": f"{replica}, {replica}",
        "CLAIMTRACK_PORT": str(port),
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.Popen([sys.executable, "-m", "app", "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        replicas = httpx.get(f"{url}/readyz", timeout=5).json()["replicas"]
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert [(replica["name"], replica["status"]) for replica in replicas] == [
        ("replica-1", "ok"),
        ("replica-2", "ok"),
    ]


@pytest.mark.parametrize(
    ("primary", "replicas", "message"),
    [
        ("sqlite:///var/x.db", "postgresql://db/x", "SQLite has no replicas"),
        ("postgresql://db/x", "mysql://db/x", "must be a postgresql:// URL"),
        ("postgresql://db/x", '["postgresql://db/x"', "not a JSON list of URLs"),
    ],
)
def test_replica_urls_that_cannot_work_are_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, primary: str, replicas: str, message: str
) -> None:
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", primary)
    monkeypatch.setenv("CLAIMTRACK_DATABASE_REPLICA_URLS", replicas)
    with pytest.raises(ValidationError, match=message):
        Settings()


def test_replica_urls_are_a_comma_separated_or_a_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", "postgresql://db/x")
    monkeypatch.setenv("CLAIMTRACK_DATABASE_REPLICA_URLS", " postgresql://a/x ,postgresql://b/x,")
    assert Settings().database_replica_urls == ["postgresql://a/x", "postgresql://b/x"]
    monkeypatch.setenv("CLAIMTRACK_DATABASE_REPLICA_URLS", '["postgresql://a/x"]')
    assert Settings().database_replica_urls == ["postgresql://a/x"]


def test_the_openapi_document_shows_the_read_after_header(tmp_path: Path) -> None:
    document = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}")).openapi()
    listing = document["paths"]["/v1/claims"]["get"]["parameters"]
    asked = next(parameter for parameter in listing if parameter["name"] == READ_AFTER)
    assert asked["in"] == "header"
    assert "claimtrack_read_after" in asked["description"]
    answered = document["paths"]["/v1/claims"]["post"]["responses"]["201"]["headers"]
    assert "replicas" in answered[READ_AFTER]["description"]
