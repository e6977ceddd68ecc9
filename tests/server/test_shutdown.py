"""SIGTERM: the server stops taking connections, lets the requests under way finish within
CLAIMTRACK_GRACEFUL_SHUTDOWN_SECONDS, and exits; an import cut off by that limit leaves
nothing behind. On both engines."""

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing

import asyncpg
import httpx
import pytest

from tests.conftest import empty_database
from tests.server.conftest import BACKENDS, claimtrack, free_port, wait_ready


@pytest.fixture(scope="module", params=BACKENDS)
def env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """A migrated database with a write key (CLAIMTRACK_TEST_KEY), shared by the tests."""
    with empty_database(request.param, tmp_path_factory.mktemp("drain")) as database_url:
        env = {
            **os.environ,
            "CLAIMTRACK_DATABASE_URL": database_url,
            "CLAIMTRACK_WORKERS": "1",
        }
        claimtrack("migrate", env=env)
        created = claimtrack("keys", "create", "--name", "drain", "--scope", "write", env=env)
        env["CLAIMTRACK_TEST_KEY"] = created.strip().splitlines()[-1]
        yield env


def _rows(count: int, batch: str) -> bytes:
    return b"".join(
        json.dumps(
            {
                "speaker": f"Harbour master {n % 40}",
                "text": f"Berth {n} of {batch} handled {n + 100} containers",
                "said_on": "2024-03-01",
            }
        ).encode()
        + b"\n"
        for n in range(count)
    )


class Import(threading.Thread):
    """POST /v1/import in a thread: its response (or error) and when it came."""

    def __init__(self, url: str, key: str, body: bytes) -> None:
        super().__init__(daemon=True)
        self.url, self.key, self.body = url, key, body
        self.response: httpx.Response | None = None
        self.error: Exception | None = None
        self.ended = 0.0

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/x-ndjson"}
        try:
            self.response = httpx.post(
                f"{self.url}/v1/import", content=self.body, headers=headers, timeout=120
            )
        except httpx.HTTPError as error:
            self.error = error
        self.ended = time.monotonic()


def _serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve"], env={**env, "CLAIMTRACK_PORT": str(port)}
    )
    url = f"http://127.0.0.1:{port}"
    wait_ready(url, process)
    return process, url


def _claims(env: dict[str, str]) -> int:
    """How many claims the database holds, asked of the database itself."""
    url = env["CLAIMTRACK_DATABASE_URL"]
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
            return int(connection.execute("SELECT count(*) FROM claims").fetchone()[0])

    async def count() -> int:
        connection = await asyncpg.connect(url)
        try:
            return int(await connection.fetchval("SELECT count(*) FROM claims"))
        finally:
            await connection.close()

    return asyncio.run(count())


def _terminate_during(process: subprocess.Popen[bytes], running: Import) -> float:
    """SIGTERM once the import is under way (its body sent, the server at work)."""
    running.start()
    time.sleep(0.5)
    assert running.is_alive(), "the import ended before the server was told to stop"
    process.send_signal(signal.SIGTERM)
    return time.monotonic()


def test_a_request_under_way_finishes_and_new_connections_are_refused(
    env: dict[str, str],
) -> None:
    before = _claims(env)
    process, url = _serve(env)
    try:
        running = Import(url, env["CLAIMTRACK_TEST_KEY"], _rows(3000, "finished"))
        stopped_at = _terminate_during(process, running)
        time.sleep(0.3)
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/healthz", timeout=5)
        running.join(60)
        # uvicorn ends by raising the signal again once it has shut down: killed by SIGTERM.
        assert process.wait(timeout=60) in (0, -signal.SIGTERM)
    finally:
        process.kill()
    assert running.error is None, running.error
    assert running.response is not None
    assert running.response.status_code == 200, running.response.text
    assert running.ended > stopped_at  # it was under way when the server was told to stop
    assert running.response.json()["created"]["claims"] == 3000
    assert _claims(env) == before + 3000


def test_an_import_cut_off_by_the_shutdown_limit_leaves_nothing(env: dict[str, str]) -> None:
    before = _claims(env)
    process, url = _serve({**env, "CLAIMTRACK_GRACEFUL_SHUTDOWN_SECONDS": "1"})
    try:
        running = Import(url, env["CLAIMTRACK_TEST_KEY"], _rows(40_000, "cut off"))
        _terminate_during(process, running)
        process.wait(timeout=60)
        running.join(60)
    finally:
        process.kill()
    assert running.response is None or running.response.status_code != 200
    assert _claims(env) == before
