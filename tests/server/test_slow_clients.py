"""A client that sends its request head slowly is cut off; others are served meanwhile."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import BACKENDS, empty_database
from tests.server.conftest import claimtrack, free_port, wait_ready

HEAD_SECONDS = 1.0


@pytest.fixture(
    scope="module",
    params=[(backend, http) for backend in BACKENDS for http in ("httptools", "h11")],
    ids=lambda param: "-".join(param),
)
def slow_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int]]:
    """`claimtrack serve` with a one-second head deadline; its URL and port."""
    backend, http = request.param
    with empty_database(backend, tmp_path_factory.mktemp("slow")) as database_url:
        port = free_port()
        env = {
            **os.environ,
            "CLAIMTRACK_DATABASE_URL": database_url,
            "CLAIMTRACK_PORT": str(port),
            "CLAIMTRACK_HEADER_TIMEOUT_SECONDS": str(HEAD_SECONDS),
            "CLAIMTRACK_KEEP_ALIVE_SECONDS": "30",
            "CLAIMTRACK_HTTP": http,
            "CLAIMTRACK_LOG_LEVEL": "warning",
        }
        claimtrack("migrate", env=env)
        process = subprocess.Popen([sys.executable, "-m", "app", "serve"], env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(url, process)
            yield url, port
        finally:
            process.terminate()
            process.wait(timeout=30)


def _response(connection: socket.socket) -> bytes:
    """One whole response (head and Content-Length body), however the segments arrive."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = connection.recv(4096)
        assert chunk, data
        body += chunk
    return head + b"\r\n\r\n" + body


def _closed_after(connection: socket.socket, *, trickle: bytes = b"") -> float:
    """Seconds until the server closes the connection, sending `trickle` a byte at a time."""
    began = time.monotonic()
    connection.settimeout(0.2)
    pending = list(trickle)
    while time.monotonic() - began < HEAD_SECONDS + 5:
        if pending:
            try:
                connection.send(bytes([pending.pop(0)]))
            except OSError:
                return time.monotonic() - began
        try:
            if connection.recv(4096) == b"":
                return time.monotonic() - began
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - began
    raise AssertionError("the server kept a slow connection open")


def test_half_a_head_is_cut_off_while_other_requests_are_served(
    slow_server: tuple[str, int],
) -> None:
    url, port = slow_server
    with socket.create_connection(("127.0.0.1", port)) as slow:
        slow.sendall(b"GET /v1/claims HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        began = time.monotonic()
        served = httpx.get(f"{url}/v1/claims", timeout=5)
        served_in = time.monotonic() - began
        closed_in = _closed_after(slow) + served_in
    assert served.status_code == 200 and served_in < HEAD_SECONDS
    assert HEAD_SECONDS * 0.8 <= closed_in <= HEAD_SECONDS + 2


def test_a_trickled_head_is_cut_off_though_bytes_keep_coming(
    slow_server: tuple[str, int],
) -> None:
    _url, port = slow_server
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Pad: " + b"a" * 200
    with socket.create_connection(("127.0.0.1", port)) as slow:
        assert _closed_after(slow, trickle=head) <= HEAD_SECONDS + 2


def test_a_silent_connection_and_a_slow_second_request_are_cut_off(
    slow_server: tuple[str, int],
) -> None:
    _url, port = slow_server
    with socket.create_connection(("127.0.0.1", port)) as silent:
        assert _closed_after(silent) <= HEAD_SECONDS + 2
    with socket.create_connection(("127.0.0.1", port)) as kept:
        kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        kept.settimeout(5)
        assert kept.recv(4096).startswith(b"HTTP/1.1 200")
        kept.sendall(b"GET /healthz HTTP/1.1\r\n")  # keep-alive is 30 s; the head deadline 1 s
        assert _closed_after(kept) <= HEAD_SECONDS + 2


def test_a_slow_request_body_is_not_a_slow_head(slow_server: tuple[str, int]) -> None:
    """The deadline covers the head: a request being handled is never cut off by it."""
    _url, port = slow_server
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(
            b"POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 45\r\n\r\n"
        )
        time.sleep(HEAD_SECONDS * 1.5)
        connection.sendall(b'{"text": "About 800 km2.", "said_on": null}  ')
        connection.settimeout(10)
        assert connection.recv(4096).startswith(b"HTTP/1.1 200")


def test_idle_time_between_requests_is_the_keep_alive_timeouts_not_the_heads(
    slow_server: tuple[str, int],
) -> None:
    _url, port = slow_server
    with socket.create_connection(("127.0.0.1", port)) as kept:
        kept.settimeout(5)
        for _ in range(2):
            kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert _response(kept).startswith(b"HTTP/1.1 200")
            time.sleep(HEAD_SECONDS * 1.5)  # keep-alive is 30 s here
