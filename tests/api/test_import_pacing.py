"""An import whose body stalls or trickles cannot hold the write lock: 408, nothing written,
and the writer waiting behind it goes on (both engines)."""

import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import anyio
import httpx
import orjson
import pytest

from app.core.errors import RequestTimeout
from app.core.pacing import paced
from app.newsroom import importer
from app.settings import Settings

NDJSON = {"content-type": "application/x-ndjson"}


@pytest.fixture
def tuned(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Change the app's settings for one test; batches of three rows, so that the first
    rows are written (the lock taken) while the rest of the body is still to come."""
    monkeypatch.setattr(importer, "BATCH_ROWS", 3)
    original: Settings = app.state.settings

    def tune(**changes: Any) -> None:
        app.state.settings = original.model_copy(update=changes)

    yield tune
    app.state.settings = original


def _rows(count: int) -> bytes:
    return b"".join(
        orjson.dumps({"speaker": "Paced", "text": f"Row {n}", "said_on": "2024-08-14"}) + b"\n"
        for n in range(count)
    )


async def test_a_body_that_stops_mid_way_is_408_and_the_writer_behind_it_goes_on(
    client: httpx.AsyncClient, writer: httpx.AsyncClient, tuned: Callable[..., None]
) -> None:
    tuned(body_idle_seconds=0.5)
    answers: dict[str, httpx.Response] = {}
    finished: dict[str, float] = {}

    async def stalls() -> AsyncIterator[bytes]:
        yield _rows(6)  # two batches: written, the lock held
        await anyio.sleep(30)  # the client stops sending
        yield _rows(3)

    async def import_stalled() -> None:
        answers["import"] = await client.post("/v1/import", content=stalls(), headers=NDJSON)
        finished["import"] = time.monotonic()

    async def create_speaker() -> None:
        answers["create"] = await writer.post("/v1/speakers", json={"name": "Behind"})
        finished["create"] = time.monotonic()

    began = time.monotonic()
    async with anyio.create_task_group() as group:
        group.start_soon(import_stalled)
        await anyio.sleep(0.2)
        group.start_soon(create_speaker)
    response = answers["import"]
    assert response.status_code == 408, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["errors"][0]["loc"] == ["body"]
    assert "nothing came for 0.5 s" in problem["detail"]
    assert finished["import"] - began < 5  # not the client's 30 s
    assert answers["create"].status_code == 201, answers["create"].text
    assert finished["create"] - began < 10
    claims = (await client.get("/v1/claims")).json()["items"]
    speakers = [s["name"] for s in (await client.get("/v1/speakers")).json()["items"]]
    assert (claims, speakers) == ([], ["Behind"])  # the import wrote nothing


async def test_a_body_sent_a_few_bytes_at_a_time_is_408_for_its_rate(
    client: httpx.AsyncClient, tuned: Callable[..., None]
) -> None:
    tuned(body_idle_seconds=0.5, body_min_bytes_per_second=4096)
    data = _rows(6)

    async def trickles() -> AsyncIterator[bytes]:
        yield data[:200]
        for start in range(200, len(data), 2):  # never a pause of 0.5 s, but 20 bytes/s
            await anyio.sleep(0.1)
            yield data[start : start + 2]

    began = time.monotonic()
    response = await client.post("/v1/import", content=trickles(), headers=NDJSON)
    assert response.status_code == 408, response.text
    assert "arrives too slowly" in response.json()["detail"]
    assert "4,096 bytes/s" in response.json()["detail"]
    assert time.monotonic() - began < 5
    assert (await client.get("/v1/claims")).json()["items"] == []


async def test_a_body_that_keeps_coming_imports_whatever_the_server_takes_meanwhile(
    client: httpx.AsyncClient, tuned: Callable[..., None]
) -> None:
    """Pauses under the idle limit are fine: the import goes through whole. (That the
    server's own time is not counted against the client is shown without HTTP below.)"""
    tuned(body_idle_seconds=0.5, body_min_bytes_per_second=1)
    data = _rows(9)

    async def steady() -> AsyncIterator[bytes]:
        for start in range(0, len(data), 100):
            await anyio.sleep(0.2)
            yield data[start : start + 100]

    response = await client.post("/v1/import", content=steady(), headers=NDJSON)
    assert response.status_code == 200, response.text
    assert len((await client.get("/v1/claims")).json()["items"]) == 9


async def _server_slow_to_read(blocks: AsyncIterator[bytes]) -> int:
    received = 0
    async for block in blocks:
        received += len(block)
        await anyio.sleep(0.3)  # the server busy writing: the client waits, not the reverse
    return received


async def _prompt(count: int) -> AsyncIterator[bytes]:
    for _ in range(count):
        yield b"x" * 10


async def _stalling() -> AsyncIterator[bytes]:
    yield b"x"
    await anyio.sleep(5)
    yield b"y"


async def test_only_the_time_waiting_for_the_client_counts() -> None:
    # 8 blocks of 10 bytes read over 2.4 s: 33 bytes/s by the clock, but each came at once
    body = paced(_prompt(8), idle=0.5, min_rate=1000)
    assert await _server_slow_to_read(body) == 80
    with pytest.raises(RequestTimeout, match=r"nothing came for 0\.2 s"):
        await _server_slow_to_read(paced(_stalling(), idle=0.2, min_rate=0))
