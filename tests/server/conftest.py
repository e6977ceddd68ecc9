"""A real server in a subprocess (uvicorn, several workers) on a fresh database of each kind."""

import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from bench.servers import free_port
from tests.conftest import empty_database

BACKENDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Server:
    """A running claimtrack: its base URL, an admin key, and its environment."""

    url: str
    tokens: dict[str, str]
    env: dict[str, str]


def claimtrack(*args: str, env: dict[str, str]) -> str:
    """Run the command line; its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Block until /readyz answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError("server did not become ready")


KEY_NAMES = ("idempotency", "rate", "spare")


def migrated_with_keys(env: dict[str, str], names: Iterable[str]) -> dict[str, str]:
    """Migrate the database of `env` and create an admin key per name: name -> token."""
    claimtrack("migrate", env=env)
    return {
        name: claimtrack("keys", "create", "--name", name, "--scope", "admin", env=env)
        .strip()
        .splitlines()[-1]
        for name in names
    }


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """claimtrack with two workers and a rate limit of 30 requests a minute per key.

    Each test uses a key of its own (`server.tokens[name]`), so rate limits do not mix.
    """
    with empty_database(request.param, tmp_path_factory.mktemp("server")) as database_url:
        port = free_port()
        env = {
            **os.environ,
            "CLAIMTRACK_DATABASE_URL": database_url,
            "CLAIMTRACK_PORT": str(port),
            "CLAIMTRACK_WORKERS": "2",
            "CLAIMTRACK_RATE_LIMIT_PER_MINUTE": "30",
        }
        tokens = migrated_with_keys(env, KEY_NAMES)
        process = subprocess.Popen([sys.executable, "-m", "app", "serve"], env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(url, process)
            yield Server(url=url, tokens=tokens, env=env)
        finally:
            process.terminate()
            process.wait(timeout=30)


async def clear_of_minute_boundary(margin: float = 15.0) -> None:
    """Wait until a rate-limit window (a clock minute) has at least margin seconds left, so a
    burst of requests counted against a limit falls in one window."""
    import asyncio

    left = 60 - time.time() % 60
    if left < margin:
        await asyncio.sleep(left + 0.5)
