"""POST /v1/extract cannot hold the server: a text limit, a time budget, a worker process."""

import pickle
import time
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import httpx
import orjson
import pytest

from app.extraction import extract
from app.extraction.budget import Budget, Cancelled, OutOfTime
from app.newsroom.extract_service import _extract, _run
from app.settings import Settings

NOBODY = pickle.dumps([])  # no known speakers
SLOW_TEXT = "1 " * 40_000  # one sentence of 40,000 figures: seconds of work
MODERATE_TEXT = "1 " * 5_000  # about 0.4 s of work here, within the default budget
# Some twenty times the 2 s the disconnect test allows, on this machine (36 ms per KB): a
# worker that ignored the stop would hold the next job far past it even on a faster one.
SLOWER_TEXT = "1 " * 600_000
# A number of 80,000 digits and points: one search of it read the rest of it again from each
# point (a minute here), with no check of the time between.
PATHOLOGICAL_TEXT = "1." * 40_000


@pytest.fixture
def tuned(app: Any) -> Iterator[Callable[..., None]]:
    """Change extraction settings of the app under test for one test."""
    original: Settings = app.state.settings

    def tune(**changes: Any) -> None:
        app.state.settings = original.model_copy(update=changes)

    yield tune
    app.state.settings = original


def _problem_names_text(response: httpx.Response) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert [e["loc"] for e in problem["errors"]] == [["body", "text"]]
    return str(problem["detail"])


async def test_text_longer_than_the_setting_is_refused(
    client: httpx.AsyncClient, tuned: Any
) -> None:
    tuned(extract_max_chars=1000)
    response = await client.post("/v1/extract", json={"text": "x" * 1001})
    assert "at most 1,000" in _problem_names_text(response)
    assert (await client.post("/v1/extract", json={"text": "x" * 1000})).status_code == 200


async def test_default_limit_is_200000_characters(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/extract", json={"text": "x" * 200_001})
    assert "at most 200,000" in _problem_names_text(response)


async def test_extraction_past_its_budget_stops_with_422(
    client: httpx.AsyncClient, tuned: Any
) -> None:
    tuned(extract_seconds=0.05)
    began = time.monotonic()
    response = await client.post("/v1/extract", json={"text": SLOW_TEXT})
    assert "took longer than 0.05 s; send shorter text" in _problem_names_text(response)
    assert time.monotonic() - began < 2


async def test_healthz_answers_while_an_extraction_runs(
    client: httpx.AsyncClient, tuned: Any
) -> None:
    tuned(extract_seconds=1.5)
    finished: dict[str, float] = {}

    async def extract_slowly() -> None:
        await client.post("/v1/extract", json={"text": SLOW_TEXT})
        finished["extract"] = time.monotonic()

    async with anyio.create_task_group() as group:
        group.start_soon(extract_slowly)
        await anyio.sleep(0.2)
        asked = time.monotonic()
        health = await client.get("/healthz")
        finished["healthz"] = time.monotonic()
    assert health.status_code == 200
    assert finished["healthz"] < finished["extract"]
    assert finished["healthz"] - asked < 1


async def _extract_quickly(http: httpx.AsyncClient) -> None:
    quick = await http.post("/v1/extract", json={"text": "The mayor said 40 homes were hit."})
    assert quick.status_code == 200, quick.text
    assert [c["figures"][0]["value"] for c in quick.json()["candidates"]] == [40]


async def test_a_pathological_text_is_a_422_at_its_limit_and_the_next_one_runs(
    client: httpx.AsyncClient, tuned: Any
) -> None:
    """It used to answer after a minute whatever the limit, its worker busy all along. The
    next extraction runs once the ended worker's replacement has started (a few seconds on a
    busy machine: under a 1 s limit it would itself time out while the new worker loads, as
    the README says, so the limit is raised for it)."""
    await _extract_quickly(client)  # the worker started, and its extraction code imported
    tuned(extract_seconds=1)
    began = time.monotonic()
    response = await client.post("/v1/extract", json={"text": PATHOLOGICAL_TEXT})
    assert "took longer than 1 s" in _problem_names_text(response)
    assert time.monotonic() - began < 3
    tuned(extract_seconds=60)
    await _extract_quickly(client)
    assert time.monotonic() - began < 30


async def test_an_extraction_queued_behind_a_slow_one_is_answered_in_its_own_time(
    client: httpx.AsyncClient, writer: httpx.AsyncClient, tuned: Any
) -> None:
    """Another client's extraction sent while the slow one holds the worker is answered in
    its own time, not the slow one's (it waited a minute for it): run at once when the slow
    one stops itself, or, when the slow one's worker had to be ended, refused at its own
    limit if the replacement cannot start within it (as the README says)."""
    await _extract_quickly(writer)
    tuned(extract_seconds=2)
    answered: dict[str, tuple[int, float]] = {}

    async def extract(http: httpx.AsyncClient, text: str, label: str) -> None:
        sent = time.monotonic()
        response = await http.post("/v1/extract", json={"text": text})
        answered[label] = (response.status_code, time.monotonic() - sent)

    async with anyio.create_task_group() as group:
        group.start_soon(extract, client, PATHOLOGICAL_TEXT, "slow")
        await anyio.sleep(0.8)
        group.start_soon(extract, writer, "The mayor said 40 homes were hit.", "quick")
    assert answered["slow"][0] == 422
    assert answered["slow"][1] < 3
    assert answered["quick"][0] in (200, 422), answered
    assert answered["quick"][1] < 2 + 0.75, answered  # its limit, and the check's quarter second


def test_numbers_of_many_points_are_read_in_linear_time() -> None:
    """Figures are searched in one pass over a run of digits and points, before any check."""
    began = time.monotonic()
    with pytest.raises(OutOfTime):
        extract("1." * 10_000, budget=Budget(0.0001))  # the first check stops it
    assert time.monotonic() - began < 1
    with pytest.raises(OutOfTime):
        extract(PATHOLOGICAL_TEXT, budget=Budget(0.5))
    assert time.monotonic() - began < 2


def test_time_running_out_stops_extraction() -> None:
    with pytest.raises(OutOfTime):
        extract(SLOW_TEXT, budget=Budget(0.01))


class _GoneClient:
    """A request whose client has already disconnected."""

    async def receive(self) -> dict[str, str]:
        return {"type": "http.disconnect"}


class _StayingClient:
    """A request whose client waits for the answer."""

    async def receive(self) -> dict[str, str]:
        await anyio.sleep_forever()
        raise AssertionError


def test_a_budget_stops_when_its_stop_says_so() -> None:
    with pytest.raises(Cancelled):
        extract("Prices rose 5% in May.", budget=Budget(stop=lambda: True))
    with pytest.raises(OutOfTime):
        extract(SLOW_TEXT, budget=Budget(until=time.monotonic() - 1))
    assert extract("Prices rose 5% in May.", budget=Budget(stop=lambda: False))


async def test_work_stops_when_the_client_disconnects() -> None:
    """The worker is told to stop: the next job does not wait behind seconds of work."""
    began = time.monotonic()
    gone: Any = _GoneClient()
    with pytest.raises(Cancelled):
        await _run(gone, _extract, SLOWER_TEXT, None, NOBODY, [], None, time.monotonic() + 120)
    assert time.monotonic() - began < 2
    staying: Any = _StayingClient()
    deadline = time.monotonic() + 60
    quick = await _run(
        staying, _extract, "Prices rose 5% in May.", None, NOBODY, [], None, deadline
    )
    assert [c["figures"][0]["value"] for c in orjson.loads(quick)["candidates"]] == [5]
    assert time.monotonic() - began < 2


async def test_extraction_runs_in_another_process() -> None:
    """Its own interpreter lock: the event loop's process never computes it."""
    import os

    from app.core.offload import offload

    pids = {await offload().run(os.getpid) for _ in range(3)}
    assert os.getpid() not in pids


async def test_each_keys_extractions_take_turns_with_other_keys(
    client: httpx.AsyncClient, writer: httpx.AsyncClient
) -> None:
    """Worker turns are shared by key: one key's three slow extractions queued first do not
    keep another key's quick one waiting behind all three.

    Each slow one runs to its end (about 0.4 s here), so the quick one, sent 0.05 s after
    them, is answered some 0.4 s before the second slow one if it takes the next turn and
    0.8 s after it if it waits its place in line. Which of the quick one and the first slow
    one is answered first is a matter of milliseconds, and not asserted.
    """
    finished: list[str] = []

    async def extract(http: httpx.AsyncClient, text: str, label: str) -> None:
        response = await http.post("/v1/extract", json={"text": text})
        assert response.status_code == 200, response.text
        finished.append(label)

    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(extract, client, MODERATE_TEXT, "slow")
        await anyio.sleep(0.05)
        group.start_soon(extract, writer, "The mayor said 40 homes were hit.", "quick")
    assert sorted(finished[:2]) == ["quick", "slow"], finished
    assert finished[2:] == ["slow", "slow"], finished
