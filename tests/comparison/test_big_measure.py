"""A measure with many figures: its lists come a page at a time, its summary, conflicts and
consensus cover every figure, and its chart is a sample that says so. Both engines."""

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.comparison.service import CHART_FIGURES
from app.db.migrations import upgrade
from app.main import create_app
from app.settings import Settings
from bench.comparison import SLUG, populate
from tests.conftest import BACKENDS, empty_database

PATH = f"/v1/measures/{SLUG}"


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database of each engine."""
    with empty_database(request.param, tmp_path) as found:
        upgrade(found)
        yield found


async def _client(url: str, figures: int, speakers: int) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=url))
    await populate(app.state.db, figures=figures, speakers=speakers)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client
    await app.state.db.dispose()


@pytest.fixture
async def client(url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The benchmark's data at 240 figures from 12 speakers (restatements among them)."""
    async for found in _client(url, 240, 12):
        yield found


async def _get(client: httpx.AsyncClient, path: str) -> Any:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


async def _walk(client: httpx.AsyncClient, path: str, items: str, cursor: str, after: str) -> Any:
    """Every item of a paged list, page after page."""
    page = await _get(client, path)
    found = list(page[items])
    while page[cursor] is not None:
        page = await _get(client, f"{path}&{after}={page[cursor]}")
        found += page[items]
    return found


async def test_figure_pages_put_together_are_every_figure(client: httpx.AsyncClient) -> None:
    everything = await _get(client, f"{PATH}/comparison?figures_limit=1000")
    assert everything["figures_total"] == len(everything["figures"]) == 240
    assert everything["figures_next_cursor"] is None
    pages = await _walk(
        client,
        f"{PATH}/comparison?figures_limit=17",
        "figures",
        "figures_next_cursor",
        "figures_cursor",
    )
    assert pages == everything["figures"]
    listed = await _walk(client, f"{PATH}/figures?limit=23", "items", "next_cursor", "cursor")
    assert listed == everything["figures"]


async def test_speaker_pages_put_together_are_every_speaker(client: httpx.AsyncClient) -> None:
    everything = await _get(client, f"{PATH}/comparison?speakers_limit=1000&revisions_limit=10000")
    assert everything["by_speaker_total"] == len(everything["by_speaker"]) == 12
    pages = await _walk(
        client,
        f"{PATH}/comparison?speakers_limit=5&revisions_limit=10000",
        "by_speaker",
        "by_speaker_next_cursor",
        "speakers_cursor",
    )
    assert pages == everything["by_speaker"]
    shown = await _get(client, f"{PATH}/comparison?speakers_limit=1000&revisions_limit=2")
    for short, full in zip(shown["by_speaker"], everything["by_speaker"], strict=True):
        assert short["revisions_total"] == full["revisions_total"] == len(full["revisions"])
        assert short["revisions"] == full["revisions"][-2:]


async def test_summary_conflicts_and_consensus_cover_every_figure_whatever_is_listed(
    client: httpx.AsyncClient,
) -> None:
    everything = await _get(
        client,
        f"{PATH}/comparison?figures_limit=1000&speakers_limit=1000&revisions_limit=10000",
    )
    least = await _get(
        client,
        f"{PATH}/comparison?figures_limit=0&speakers_limit=1&revisions_limit=0&conflict_limit=3",
    )
    for key in ("summary", "consensus", "conflicts_total", "figures_total", "by_speaker_total"):
        assert least[key] == everything[key]
    assert least["conflicts"] == everything["conflicts"][:3]
    assert everything["conflicts_total"] > len(everything["conflicts"]) == 500
    assert least["figures"] == [] and least["by_speaker"][0]["revisions"] == []
    standing = [f for f in everything["figures"] if f["superseded_by"] is None]
    assert everything["summary"]["count"] == len(standing)
    assert everything["summary"]["min"] == min(f["value"] for f in standing)


async def test_a_cursor_of_another_list_is_refused(client: httpx.AsyncClient) -> None:
    first = await _get(client, f"{PATH}/comparison?figures_limit=5&speakers_limit=5")
    wrong = await client.get(f"{PATH}/comparison?speakers_cursor={first['figures_next_cursor']}")
    assert wrong.status_code == 400


async def test_a_chart_of_a_big_measure_is_a_sample_and_says_so(url: str) -> None:
    async for client in _client(url, CHART_FIGURES + 200, 30):
        spec = await _get(client, f"{PATH}/chart.vl.json")
        subtitle = spec["title"]["subtitle"]
        found = re.match(r"A sample: (\d+) of 1,200 figures drawn \(one in 2 by date", subtitle[0])
        assert found is not None and int(found.group(1)) <= CHART_FIGURES
        assert "most severe conflicts" in subtitle[0]
        assert "A sample" in spec["description"]
        svg = await client.get(f"{PATH}/chart.svg")
        assert svg.status_code == 200 and "A sample:" in svg.text
        small = await _get(client, f"{PATH}/chart.vl.json?to=2022-02-01")
        assert isinstance(small["title"]["subtitle"], str)
