"""The benchmark's generator: 300 claims into SQLite, counted, indexed, served alike."""

import math
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console

from app.main import create_app
from app.settings import Settings
from bench.floor_app import create_app as create_floor
from bench.generate import failed_checks, load_sqlite
from bench.search import cursor_key
from bench.synth import SPEAKERS, TAGS, claim_chunks, make_catalog
from bench.workloads import claimtrack_cursor

CLAIMS = 300


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 generated claims in a migrated SQLite file (made outside any event loop)."""
    path = tmp_path_factory.mktemp("bench") / "claims.db"
    report = load_sqlite(path, CLAIMS, seed=11, console=Console(quiet=True))
    assert failed_checks(report) == [], report.checks
    return path


@pytest.fixture
async def claimtrack(generated: Path) -> AsyncIterator[httpx.AsyncClient]:
    """claimtrack on the generated file, over ASGI."""
    app = create_app(Settings(database_url=f"sqlite:///{generated}"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        yield http
    await app.state.db.dispose()


def _query(path: Path, sql: str, *args: object) -> list[Any]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def test_counts(generated: Path) -> None:
    """Every table holds what the generator promises, figures in their measure's unit."""
    counts = {
        table: _query(generated, f"SELECT count(*) FROM {table}")[0][0]
        for table in ("claims", "speakers", "sources", "measures", "appearances", "claim_tags")
    }
    assert counts["claims"] == CLAIMS
    assert counts["speakers"] == SPEAKERS
    assert (counts["sources"], counts["measures"]) == (20_000, 500)
    assert CLAIMS <= counts["appearances"] <= 2 * CLAIMS
    assert 0 < counts["claim_tags"] <= 4 * CLAIMS
    assert _query(generated, "SELECT count(DISTINCT tag) <= ? FROM claim_tags", TAGS)[0][0]
    with_figures = _query(generated, "SELECT count(DISTINCT claim_id) FROM figures")[0][0]
    assert 0.35 * CLAIMS < with_figures < 0.65 * CLAIMS
    assert _query(
        generated,
        "SELECT count(*) FROM figures JOIN measures m ON m.id = measure_id "
        "WHERE figures.unit <> m.unit OR norm_value <> value",
    ) == [(0,)]


def test_full_text_index(generated: Path) -> None:
    """The FTS table indexes every claim; a word of a claim finds it."""
    assert _query(generated, "SELECT count(*) FROM claims_fts_docsize") == [(CLAIMS,)]
    text = _query(generated, "SELECT text FROM claims WHERE id = 123")[0][0]
    word = text.split()[0].lower()
    found = _query(generated, "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?", f'"{word}"')
    assert (123,) in found


def test_deterministic() -> None:
    """The same seed gives the same claims."""
    first = [chunk.claims for chunk in claim_chunks(make_catalog(3), 3, 40, 16)]
    again = [chunk.claims for chunk in claim_chunks(make_catalog(3), 3, 40, 16)]
    assert first == again
    assert sum(len(claims) for claims in first) == 40


async def test_claimtrack_serves_them(claimtrack: httpx.AsyncClient, generated: Path) -> None:
    """Lists, the cursor the benchmark computes, search and facets on the generated data."""
    page = (await claimtrack.get("/v1/claims?limit=50")).json()
    assert len(page["items"]) == 50
    db = sqlite3.connect(generated)
    assert cursor_key(page["next_cursor"]) == cursor_key(claimtrack_cursor(db, 2))
    db.close()
    claim = (await claimtrack.get("/v1/claims/42")).json()
    assert claim["sources"] and claim["speaker_name"]
    word = claim["text"].split()[0].lower()
    found = (await claimtrack.get(f"/v1/claims?q={word}&limit=500")).json()["items"]
    assert 42 in [item["id"] for item in found]
    facets = (await claimtrack.get("/v1/claims/facets?facet=year&facet_size=100")).json()
    assert sum(entry["count"] for entry in facets["facets"]["year"]) == CLAIMS


def _same(left: Any, right: Any) -> bool:
    """Equal, floats to 12 significant digits (SQLite prints 15 of them)."""
    if isinstance(left, float) or isinstance(right, float):
        return left is not None and right is not None and math.isclose(left, right, rel_tol=1e-12)
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return bool(left == right)


async def test_floor_serves_the_same(claimtrack: httpx.AsyncClient, generated: Path) -> None:
    """The floor answers the benchmark's requests with claimtrack's documents."""
    transport = httpx.ASGITransport(app=create_floor(str(generated)))
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as floor:
        first = (await claimtrack.get("/v1/claims?limit=50")).json()
        word = first["items"][0]["text"].split()[1].lower()
        paths = [
            *(f"/v1/claims/{claim_id}" for claim_id in (1, 77, 150, 300)),
            "/v1/claims?limit=50",
            f"/v1/claims?limit=50&cursor={first['next_cursor']}",
            "/v1/claims?speaker=1&limit=50",
            f"/v1/claims?q={word}&limit=50",
            f"/v1/claims?q={word}&sort=-said_on&limit=50",
            "/v1/claims/facets",
        ]
        for path in paths:
            expected, actual = await claimtrack.get(path), await floor.get(path)
            assert actual.status_code == expected.status_code == 200, path
            assert _same(expected.json(), actual.json()), path
